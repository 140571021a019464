"""The item-analysis page's "Keying by language" section."""

from django.urls import reverse
from django.utils import translation

from assessments import scoring

REVERSED = scoring.demo_layout().item_codes[5]


def _page(client_for, user, campaign):
    return client_for(user).get(reverse("assessments:item_analysis", args=[campaign.pk]))


def test_an_item_answered_backwards_in_one_language_is_flagged_on_the_page(
        bank_admin, client_for, campaign_in_languages):
    campaign = campaign_in_languages(reversed_item=REVERSED)
    response = _page(client_for, bank_admin, campaign)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-flagged="{REVERSED}"' in html
    assert html.count("data-flagged=") == 1
    assert "Opposite sign: reversed translation?" in html
    assert "r.drop, English (n=120)" in html and "r.drop, Simplified Chinese (n=120)" in html


def test_languages_that_agree_flag_nothing(bank_admin, client_for, campaign_in_languages):
    html = _page(client_for, bank_admin, campaign_in_languages()).content.decode()
    assert "Keying by language" in html
    assert "data-flagged=" not in html
    assert "r.drop, English (n=120)" in html


def test_languages_under_100_people_are_named_as_not_compared(
        bank_admin, client_for, campaign_in_languages):
    campaign = campaign_in_languages(sizes={"en": 120, "zh-hans": 40},
                                     reversed_item=REVERSED, unrecorded=3)
    html = _page(client_for, bank_admin, campaign).content.decode()
    assert 'data-languages="too-small"' in html
    assert "Not compared (fewer than 100 people):" in html and "Simplified Chinese (40)" in html
    assert "3 people answered before the language was recorded" in html
    assert 'data-empty="languages"' in html and "data-flagged=" not in html


def test_the_section_reads_in_chinese(bank_admin, client_for, campaign_in_languages):
    campaign = campaign_in_languages(sizes={"en": 120, "zh-hans": 40})
    client = client_for(bank_admin)
    with translation.override("zh-hans"):
        url = reverse("assessments:item_analysis", args=[campaign.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "按语言" in html
