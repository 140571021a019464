"""Publishing the next version of a bank warns (never refuses) about items of the previous
version whose r.drop differs between languages by more than chance explains."""

from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import scoring
from assessments.models import BankVersion
from assessments.services.banks import publish, start_draft_from

REVERSED = scoring.demo_layout().item_codes[5]


def next_draft(version):
    """The next draft of the CORE bank, with the texts publishing asks for."""
    draft = start_draft_from(version)
    for scale in draft.scales.all():
        scale.name = {"en": scale.code, "zh-hans": f"{scale.code}（中文）"}
        scale.save()
    for item in draft.items.all():
        item.text = {"en": f"Statement {item.code}", "zh-hans": f"陈述 {item.code}"}
        item.save()
    return draft


def test_the_next_version_publishes_with_a_warning_naming_the_reversed_item(
        bank_version, campaign_in_languages):
    campaign_in_languages(reversed_item=REVERSED)
    published = publish(next_draft(bank_version))
    assert published.status == BankVersion.Status.PUBLISHED
    assert len(published.warnings) == 1
    warning = published.warnings[0]
    assert f"{REVERSED} (English " in warning and "Simplified Chinese -" in warning
    assert "reversed or drifting translation" in warning and str(published) in warning
    assert "more than chance explains" in warning
    assert "chance alone gives a difference this large less than once in 1,000" in warning


def test_no_warning_when_the_languages_agree(bank_version, campaign_in_languages):
    campaign_in_languages()
    assert publish(next_draft(bank_version)).warnings == []


def test_no_warning_when_a_language_has_fewer_people_than_the_check_needs(
        bank_version, campaign_in_languages):
    campaign_in_languages(sizes={"en": 120, "zh-hans": 60}, reversed_item=REVERSED)
    assert publish(next_draft(bank_version)).warnings == []


def test_the_admin_publish_button_shows_the_warning_as_a_message(
        bank_admin, client_for, bank_version, campaign_in_languages):
    campaign_in_languages(reversed_item=REVERSED)
    draft = next_draft(bank_version)
    response = client_for(bank_admin).post(
        reverse("admin:assessments_bankversion_publish", args=[draft.pk]), follow=True)
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.PUBLISHED
    assert f"{draft} is published." in html
    assert REVERSED in html and "reversed or drifting translation" in html
    assert not shown or all(level in ("success", "warning") for level, __ in shown)
