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
    row = html[html.index(f'data-flagged="{REVERSED}"'):]
    row = row[:row.index("</tr>")]
    # The chance of a difference this large, in words, and its q-value.
    assert "less than once in 1,000" in row and "&lt; 0.001" in row
    assert "about 5 checks in 100 flag a statement by chance" in html
    assert "found at least 95 times in 100 once each language has 71 people" in html


def test_languages_that_agree_flag_nothing(bank_admin, client_for, campaign_in_languages):
    html = _page(client_for, bank_admin, campaign_in_languages()).content.decode()
    assert "Keying by language" in html
    assert "data-flagged=" not in html
    assert "r.drop, English (n=120)" in html


def test_a_language_with_too_few_people_says_how_many_more_the_check_needs(
        bank_admin, client_for, campaign_in_languages):
    # 71 people per language for the 48 statements of the test bank (scoring/drift.py).
    campaign = campaign_in_languages(sizes={"en": 120, "zh-hans": 40},
                                     reversed_item=REVERSED, unrecorded=3)
    html = _page(client_for, bank_admin, campaign).content.decode()
    assert 'data-languages="too-small"' in html
    assert "Not compared yet: the check needs at least 71 people in each language." in html
    assert "Simplified Chinese: 40 people so far, 31 more people needed." in html
    assert "3 people answered before the language was recorded" in html
    assert 'data-empty="languages"' in html and "data-flagged=" not in html
    assert "The check cannot be run yet" in html


def test_one_person_short_is_said_in_the_singular(bank_admin, client_for,
                                                    campaign_in_languages):
    campaign = campaign_in_languages(sizes={"en": 120, "zh-hans": 70})
    html = _page(client_for, bank_admin, campaign).content.decode()
    assert "Simplified Chinese: 70 people so far, 1 more person needed." in html


def test_the_section_reads_in_chinese(bank_admin, client_for, campaign_in_languages):
    campaign = campaign_in_languages(sizes={"en": 120, "zh-hans": 40})
    client = client_for(bank_admin)
    with translation.override("zh-hans"):
        url = reverse("assessments:item_analysis", args=[campaign.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "按语言" in html
    assert "简体中文：目前 40 人，还需要 31 人。" in html
