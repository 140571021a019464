"""Re-scoring overwrites results in place: a reviewed result keeps its decisions and its
state when the family and validity come out the same, and goes back to review (with a
system "reopen" decision saying what changed) when either changed. The same test runs
the COPY path on PostgreSQL and the ORM path on SQLite."""

from assessments.models import Result, ReviewDecision
from assessments.services import reviews

from .conftest import contest


def _as_if_scored_differently(result, **fields):
    # What the previous scoring said; the re-score will write the engine's real answer.
    Result.objects.filter(pk=result.pk).update(**fields)
    result.refresh_from_db()
    return result


def _other_family(result):
    return "compression" if result.role_family == "execution" else "execution"


def test_rescoring_reopens_only_the_results_whose_family_or_validity_changed(
        scored, score_now, hr):
    results = [r for r in scored(14) if r.validity != "invalid"][:4]
    campaign = results[0].assignment.campaign
    for r in results:
        reviews.confirm(r.pk, hr, 0)
    family_changed = _as_if_scored_differently(
        results[0], role_family=_other_family(results[0]),
        released_family=_other_family(results[0]))
    validity_changed = _as_if_scored_differently(
        results[1], validity="questionable" if results[1].validity == "valid" else "valid")
    unchanged = results[2:]

    score_now(campaign)

    family_changed.refresh_from_db()
    assert (family_changed.review_state, family_changed.released_family,
            family_changed.review_round) == ("pending", "", 2)
    reopen = family_changed.decisions.last()
    assert (reopen.decision, reopen.reviewer) == ("reopen", None)
    assert reopen.reason.startswith("role_family ")
    assert [d.decision for d in family_changed.decisions.all()] == ["confirm", "reopen"]
    validity_changed.refresh_from_db()
    assert validity_changed.review_state == "pending"
    assert "validity " in validity_changed.decisions.last().reason
    for r in unchanged:
        before = (r.pk, r.role_family)
        r.refresh_from_db()
        assert (r.review_state, r.review_round, r.decisions.count()) == ("released", 1, 1)
        assert r.released_family == r.role_family and (r.pk, r.role_family) == before
    assert ReviewDecision.objects.filter(decision="reopen").count() == 2


def test_a_reopened_result_is_decided_again_and_a_stale_form_loses(scored, score_now, hr):
    result = [r for r in scored(12) if r.validity != "invalid"][0]
    reviews.confirm(result.pk, hr, 0)
    _as_if_scored_differently(result, role_family=_other_family(result),
                              released_family=_other_family(result))
    score_now(result.assignment.campaign)
    try:
        reviews.confirm(result.pk, hr, 1)
    except reviews.AlreadyDecided as stale:
        assert "re-scoring" in str(stale)
    else:
        raise AssertionError("a decision on the round before the re-score was taken")
    reviews.confirm(result.pk, hr, 2)
    result.refresh_from_db()
    assert (result.review_state, result.review_round) == ("released", 3)


def test_a_pending_result_whose_family_changed_gets_a_new_round_but_no_decision(
        scored, score_now):
    result = [r for r in scored(12) if r.validity != "invalid"][0]
    _as_if_scored_differently(result, role_family=_other_family(result))
    score_now(result.assignment.campaign)
    result.refresh_from_db()
    assert (result.review_state, result.review_round) == ("pending", 1)
    assert not result.decisions.exists()


def test_a_contested_result_reopened_by_rescoring_keeps_its_contest_for_the_next_decision(
        scored, score_now, hr, second_hr):
    result = [r for r in scored(12) if r.validity != "invalid"][0]
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    objection = contest(result)
    _as_if_scored_differently(result, validity="questionable"
                              if result.validity == "valid" else "valid")
    score_now(result.assignment.campaign)
    result.refresh_from_db()
    assert (result.review_state, result.released_family) == ("pending", "")
    decision = reviews.confirm(result.pk, second_hr, result.review_round, "Kept: read again.")
    assert decision.answers_contest == objection


def test_rescoring_with_nothing_reviewed_changes_no_review_state(scored, score_now):
    results = scored(12)
    score_now(results[0].assignment.campaign)
    assert set(Result.objects.values_list("review_state", "review_round")) == {("pending", 0)}
    assert not ReviewDecision.objects.exists()
