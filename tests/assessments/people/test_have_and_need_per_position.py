"""Have and need: holders of a position by quadrant, everyone ranked for it, from the
score and its error; only released results count, with their released family."""

from django.urls import reverse

from assessments.models import Result
from assessments.reports import people as report
from assessments.scoring import have_need as hn


def page(client, position, **query):
    return client.get(reverse("assessments:position_have_need", args=[position.pk]), query)


def test_holders_are_counted_by_quadrant(hr, client_for, make_result, positions):
    analyst = positions["analyst"]  # needs high execution, low compression
    make_result("Fit", position=analyst, exe_t=65.0, cmp_t=40.0)
    make_result("Gap", position=analyst, exe_t=40.0, cmp_t=40.0)
    make_result("Surplus", position=analyst, exe_t=65.0, cmp_t=66.0)
    make_result("Pending", position=analyst, exe_t=65.0, state=Result.ReviewState.PENDING)
    response = page(client_for(hr), analyst)
    grid = report.quadrant_grid(analyst, response.context["campaign"])
    assert (grid.rows, grid.columns) == ((hn.FIT, hn.GAP), (hn.SURPLUS, hn.OUT_OF_SCOPE))
    assert grid.people == 3
    # Scores this far from the cut-offs (SE 3) leave each person almost certain.
    for cell, expected in {(hn.FIT, hn.OUT_OF_SCOPE): 1, (hn.GAP, hn.OUT_OF_SCOPE): 1,
                           (hn.FIT, hn.SURPLUS): 1, (hn.GAP, hn.SURPLUS): 0}.items():
        count = grid.cells[cell]
        assert round(count.expected) == expected
        assert (count.low, count.high) == (expected, expected)
    holders = [r.assignment.employee.name for r, _, _ in response.context["holders"]]
    assert sorted(holders) == ["Fit", "Gap", "Surplus"]


def test_a_contested_result_still_counts_as_released(hr, client_for, make_result, positions):
    make_result("Ann", position=positions["analyst"], state=Result.ReviewState.CONTESTED)
    response = page(client_for(hr), positions["analyst"])
    assert len(response.context["holders"]) == 1


def test_each_holder_has_a_sentence_with_the_probability(hr, client_for, make_result,
                                                         positions):
    make_result("Ann", position=positions["analyst"], exe_t=61.0, se=5.0, cmp_t=50.0)
    content = page(client_for(hr), positions["analyst"]).content.decode()
    assert "about 88 in 100 that they meet it" in content
    assert "Needs little high compression" not in content
    assert "Needs little compression; their compression score is 50 ± 5" in content


def test_everyone_is_ranked_by_the_probability_of_meeting_both_needs(
    hr, client_for, make_result, positions
):
    allocator = positions["allocator"]  # needs high compression
    make_result("Likely", cmp_t=62.0, se=3.0, family="compression", p=0.1)
    make_result("Unsure", cmp_t=56.0, se=8.0, family="compression", p=0.2)
    make_result("Unlikely", cmp_t=45.0, se=3.0)
    make_result("Withheld", cmp_t=70.0, state=Result.ReviewState.WITHHELD)
    response = page(client_for(hr), allocator)
    ranked = [(r.assignment.employee.name, p) for r, p, _ in response.context["ranked_rows"]]
    assert [name for name, _ in ranked] == ["Likely", "Unsure", "Unlikely"]
    assert ranked[1][1] < ranked[0][1]
    assert "56 ± 8" in response.content.decode()


def test_the_ranking_pages(hr, client_for, make_result, positions):
    from assessments.views.people import RANK_PER_PAGE

    for i in range(RANK_PER_PAGE + 2):
        make_result(f"P{i:03d}", cmp_t=40.0 + i)
    client = client_for(hr)
    second = page(client, positions["allocator"], rank=2)
    assert len(second.context["ranked_rows"]) == 2
    assert second.context["ranked_rows"][0][2] == RANK_PER_PAGE + 1


def test_the_have_need_index_lists_positions(hr, client_for, make_result, positions):
    make_result("Ann", position=positions["analyst"])
    content = client_for(hr).get(reverse("assessments:have_need")).content.decode()
    assert "Underwriting analyst" in content and "Capital allocator" in content


def test_nothing_released_gives_an_empty_state(hr, client_for, make_result, positions):
    make_result("Ann", state=Result.ReviewState.PENDING)
    client = client_for(hr)
    for url in (reverse("assessments:have_need"),
                reverse("assessments:position_have_need", args=[positions["analyst"].pk]),
                reverse("assessments:two_functions")):
        assert "No result has been released yet" in client.get(url).content.decode()


def test_the_ranking_follows_a_review_decision_taken_after_it_was_cached(
    make_result, positions, campaign, hr
):
    from assessments.services import reviews

    kept = make_result("Kept", cmp_t=60.0)
    later = make_result("Released later", cmp_t=62.0, state=Result.ReviewState.PENDING)
    assert [pk for pk, _ in report.rank_for_position(positions["allocator"], campaign)] == [
        kept.pk]
    later.refresh_from_db()
    reviews.confirm(later.pk, hr, later.review_round)
    assert [pk for pk, _ in report.rank_for_position(positions["allocator"], campaign)] == [
        later.pk, kept.pk]
