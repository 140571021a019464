"""HR confirms, overrides or withholds one result: the state, the released family, the
round and the history change together, and bad input changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import ReviewDecision
from assessments.services import reviews

from .conftest import contest, set_scored


def _snapshot(result):
    result.refresh_from_db()
    return (result.review_state, result.released_family, result.review_round,
            ReviewDecision.objects.count())


def test_confirming_releases_the_scored_family(scored, hr):
    result = set_scored(scored(4)[0], family="compression", probability=0.1)
    decision = reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    assert (result.review_state, result.released_family, result.review_round) == (
        "released", "compression", 1)
    assert (decision.decision, decision.reviewer, decision.reason) == ("confirm", hr, "")


def test_overriding_releases_the_reviewers_family_with_the_reason(scored, hr):
    result = set_scored(scored(4)[0], family="execution")
    reviews.override(result.pk, hr, "undetermined", "  Answers were rushed.  ", 0)
    result.refresh_from_db()
    assert (result.review_state, result.released_family) == ("released", "undetermined")
    decision = result.decisions.get()
    assert (decision.decision, decision.family, decision.reason) == (
        "override", "undetermined", "Answers were rushed.")


def test_withholding_shows_no_family(scored, hr):
    result = set_scored(scored(4)[0])
    reviews.withhold(result.pk, hr, "A retake is due.", 0)
    result.refresh_from_db()
    assert (result.review_state, result.released_family, result.review_round) == (
        "withheld", "", 1)


def test_a_withheld_result_can_be_reconsidered_and_released(scored, hr):
    result = set_scored(scored(4)[0])
    reviews.withhold(result.pk, hr, "A retake is due.", 0)
    reviews.confirm(result.pk, hr, 1)
    result.refresh_from_db()
    assert (result.review_state, result.released_family) == ("released", "execution")


def test_an_invalid_result_is_confirmed_without_a_family(scored, hr):
    result = set_scored(scored(4)[0], validity="invalid")
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    assert (result.review_state, result.released_family) == ("released", "")


def test_deciding_a_contested_result_answers_the_contest(scored, hr, second_hr):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    objection = contest(result)
    decision = reviews.override(result.pk, second_hr, "compression", "We read it again.", 2)
    assert decision.answers_contest == objection
    result.refresh_from_db()
    assert (result.review_state, result.released_family) == ("released", "compression")


@pytest.mark.parametrize(("call", "field"), [
    (lambda r, hr: reviews.override(r.pk, hr, "compression", "", 0), "reason"),
    (lambda r, hr: reviews.override(r.pk, hr, "compression", "   ", 0), "reason"),
    (lambda r, hr: reviews.withhold(r.pk, hr, "", 0), "reason"),
    (lambda r, hr: reviews.override(r.pk, hr, "gifted", "Because.", 0), "family"),
    (lambda r, hr: reviews.override(r.pk, hr, "", "Because.", 0), "family"),
    (lambda r, hr: reviews.override(r.pk, hr, "execution", "Because.", 0), "family"),
])
def test_a_decision_with_bad_input_is_refused_and_writes_nothing(scored, hr, call, field):
    result = set_scored(scored(4)[0], family="execution")
    before = _snapshot(result)
    with pytest.raises(ValidationError) as refused:
        call(result, hr)
    assert field in refused.value.message_dict
    assert _snapshot(result) == before


def test_an_invalid_result_cannot_be_overridden_to_a_family(scored, hr):
    result = set_scored(scored(4)[0], validity="invalid")
    before = _snapshot(result)
    with pytest.raises(ValidationError) as refused:
        reviews.override(result.pk, hr, "execution", "I know them.", 0)
    assert "says nothing about the person" in refused.value.message_dict["family"][0]
    assert _snapshot(result) == before


def test_every_problem_is_reported_at_once(scored, hr):
    result = set_scored(scored(4)[0])
    with pytest.raises(ValidationError) as refused:
        reviews.override(result.pk, hr, "execution", "", 0)
    assert set(refused.value.message_dict) == {"family", "reason"}


def test_a_stale_round_is_refused_and_writes_nothing(scored, hr):
    result = set_scored(scored(4)[0])
    before = _snapshot(result)
    with pytest.raises(reviews.AlreadyDecided):
        reviews.confirm(result.pk, hr, 5)
    assert _snapshot(result) == before


def test_an_unknown_result_is_not_found(scored, hr):
    scored(4)
    with pytest.raises(reviews.Result.DoesNotExist):
        reviews.confirm(999_999, hr, 0)
    assert not ReviewDecision.objects.exists()


def test_a_released_result_is_not_decided_again_without_a_contest(scored, hr):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    with pytest.raises(reviews.AlreadyDecided):
        reviews.withhold(result.pk, hr, "Changed my mind.", 1)
