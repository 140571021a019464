"""The draft page shows what `publish` would refuse, in words, refreshed after each edit;
the Publish button publishes, or shows every problem at once and changes nothing."""

from django.urls import reverse

from assessments.models import BankVersion

HTMX = {"HTTP_HX_REQUEST": "true"}


def checks(client, version):
    return client.get(reverse("assessments:bank_checks", args=[version.pk]),
                      **HTMX).content.decode()


def break_the_draft(version):
    """Two problems: a Chinese text missing, and too few twin pairs."""
    item = version.items.get(code="EXE01")
    item.text = {"en": item.text["en"], "zh-hans": ""}
    item.save()
    version.pairs.filter(pk__in=list(version.pairs.values_list("pk", flat=True)[:11])).delete()


def test_a_clean_draft_says_it_can_be_published(bank_admin, client_for, draft):
    html = checks(client_for(bank_admin), draft)
    assert "Every check passes" in html
    assert "Publish version 1" in html


def test_the_panel_lists_every_problem_in_words(bank_admin, client_for, draft):
    break_the_draft(draft)
    html = checks(client_for(bank_admin), draft)
    assert "2 problems stop this version from being published:" in html
    assert "Item EXE01 has no Simplified Chinese (zh-hans) text." in html
    assert "The bank has 7 twin pairs; a bank that classifies needs at least 8." in html
    assert "problem(s)" not in html


def test_one_problem_is_said_in_the_singular(bank_admin, client_for, draft):
    draft.pairs.filter(pk__in=list(draft.pairs.values_list("pk", flat=True)[:11])).delete()
    html = checks(client_for(bank_admin), draft)
    assert "One problem stops this version from being published:" in html


def test_the_panel_refreshes_after_each_edit(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    html = client.get(reverse("assessments:bank_version", args=[draft.pk])).content.decode()
    assert 'hx-trigger="bank-changed from:body"' in html
    assert f'hx-get="{reverse("assessments:bank_checks", args=[draft.pk])}"' in html


def test_publish_refused_shows_every_problem_and_changes_nothing(bank_admin, client_for, draft):
    break_the_draft(draft)
    response = client_for(bank_admin).post(reverse("assessments:bank_publish", args=[draft.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Publishing was refused" in html
    assert "2 problems stop this version from being published:" in html
    assert html.count("<li>", html.index("publish-problems")) >= 2
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.DRAFT


def test_publish_publishes_and_goes_back_to_the_banks(bank_admin, client_for, draft):
    client = client_for(bank_admin)
    response = client.post(reverse("assessments:bank_publish", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == reverse("assessments:bank_list")
    draft.refresh_from_db()
    assert draft.status == BankVersion.Status.PUBLISHED and draft.published_by == bank_admin
    page = client.get(response.url).content.decode()
    assert "Version 1 of CORE is published." in page
    assert "Start a draft from version 1" in page


def test_publish_needs_a_post(bank_admin, client_for, draft):
    response = client_for(bank_admin).get(reverse("assessments:bank_publish", args=[draft.pk]))
    assert response.status_code == 405
