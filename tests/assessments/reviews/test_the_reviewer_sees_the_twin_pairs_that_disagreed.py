"""The reviewer judging a "misaligned" flag sees each twin pair the person answered far
apart: both statements in the page's language, the two answers with their labels, and
how far apart they are once the opposite statement is turned round. The pairs are
counted exactly as the screen counted them."""

import math

import pytest
from django.urls import reverse

from assessments.models import Item, Result, TwinPair
from assessments.reports.reviews import twin_pairs_of

from ..bilingual import scored_core_campaign


def _opposite_pair(version):
    return TwinPair.objects.filter(version=version, relation="opposite").select_related(
        "item_a", "item_b").order_by("pk")[0]


def _agrees_with_both_of_an_opposite_pair(version):
    pair = _opposite_pair(version)
    return {pair.item_a.code: 5, pair.item_b.code: 5}


def _agrees_with_every_twin(version):
    answers = {}
    for pair in TwinPair.objects.filter(version=version).select_related("item_a", "item_b"):
        answers[pair.item_a.code] = 4
        answers[pair.item_b.code] = 2 if pair.relation == "opposite" else 4
    return answers


@pytest.fixture
def campaign(org, score_now):
    return scored_core_campaign(org, score_now, n=120, crafted=(
        _agrees_with_both_of_an_opposite_pair, _agrees_with_every_twin))


def _crafted(campaign, number):
    return Result.objects.select_related("spec", "bank_version").get(
        assignment__campaign=campaign, assignment__employee__employee_id=f"W-C{number}")


def _results(campaign):
    return list(Result.objects.filter(assignment__campaign=campaign)
                .select_related("spec", "bank_version").order_by("pk"))


def test_the_pairs_that_agreed_are_the_share_the_alignment_screen_stored(campaign):
    checked = 0
    for result in _results(campaign):
        stored = result.indices.get("alignment")
        if stored is None or (isinstance(stored, float) and math.isnan(stored)):
            continue
        twins = twin_pairs_of(result, "en")
        assert twins["agreed"] + len(twins["disagreed"]) == twins["answered"]
        assert twins["agreed"] / twins["answered"] == pytest.approx(stored, abs=1e-4)
        checked += 1
    assert checked >= 100


def test_the_least_aligned_result_lists_its_far_apart_pairs_farthest_first(campaign):
    twins = max((twin_pairs_of(r, "en") for r in _results(campaign)),
                key=lambda t: len(t["disagreed"]))
    assert len(twins["disagreed"]) >= 3
    gaps = [pair["gap"] for pair in twins["disagreed"]]
    assert gaps and gaps == sorted(gaps, reverse=True)
    assert all(pair["gap"] > pair["allowed"] for pair in twins["disagreed"])


def test_an_opposite_pair_agreed_with_twice_is_four_points_apart(campaign):
    result = _crafted(campaign, 0)
    pair = _opposite_pair(result.bank_version)
    shown = next(p for p in twin_pairs_of(result, "en")["disagreed"]
                 if p["items"][0]["code"] == pair.item_a.code)
    assert shown["opposite"] and shown["gap"] == 4 and shown["allowed"] == 1
    assert [side["value"] for side in shown["items"]] == [5, 5]
    assert [side["label"] for side in shown["items"]] == ["Strongly agree"] * 2
    assert shown["items"][1]["text"] == pair.item_b.text["en"]


@pytest.mark.parametrize("language, agree, gap_words", [
    ("en", "Strongly agree", "once turned round, 4 points apart"),
    ("zh-hans", "非常同意", "反过来看，相差 4 分"),
])
def test_the_review_page_shows_the_pair_in_the_page_language(
        campaign, hr, client_for, language, agree, gap_words):
    result = _crafted(campaign, 0)
    pair = _opposite_pair(result.bank_version)
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": language})
    page = client.get(reverse("assessments:review_result", args=[result.pk])).content.decode()
    assert 'data-section="twins"' in page
    row = page[page.index(f'data-twin="{pair.item_a.code}"'):]
    row = row[:row.index("</tr>")]
    for item in (pair.item_a, pair.item_b):
        assert Item.objects.get(pk=item.pk).text[language] in row
    assert row.count(agree) == 2 and gap_words in row


def test_a_result_whose_twins_all_agreed_says_so_and_lists_none(campaign, hr, client_for):
    result = _crafted(campaign, 1)
    twins = twin_pairs_of(result, "en")
    assert twins["disagreed"] == [] and twins["agreed"] == twins["answered"] > 0
    page = client_for(hr).get(reverse("assessments:review_result", args=[result.pk]))
    html = page.content.decode()
    assert 'data-table="twins"' not in html and "data-twins-summary" in html
