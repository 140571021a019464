"""A review nobody judges alone: no reviewer decides on their own result, a contest is
decided by someone other than the reviewer whose decision is contested (or by a
superuser, where the organisation says so), every contest decision carries a reason the
person reads, and a comment or reason made of invisible characters is no text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Contest, Result, ReviewDecision
from assessments.services import reviews
from assessments.services.contests import ContestRefused, contest_result

from .conftest import contest, set_scored

ZERO_WIDTH = "\u200b"


def _snapshot(result):
    result.refresh_from_db()
    return (result.review_state, result.review_round, result.released_family,
            ReviewDecision.objects.filter(result=result).count())


def _decide_url(result):
    return reverse("assessments:review_decide", args=[result.pk])


def test_a_reviewer_cannot_confirm_their_own_result(scored_for, hr):
    mine = set_scored(scored_for(hr.employee))
    before = _snapshot(mine)
    with pytest.raises(reviews.NotYoursToDecide, match="your own result"):
        reviews.confirm(mine.pk, hr, mine.review_round)
    assert _snapshot(mine) == before


def test_on_the_page_ones_own_result_shows_no_decision_and_a_post_is_a_403(
        scored_for, hr, second_hr, client_for):
    mine = set_scored(scored_for(hr.employee))
    client = client_for(hr)
    page = client.get(reverse("assessments:review_result", args=[mine.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "data-refusal" in text and 'data-form="confirm"' not in text
    response = client.post(_decide_url(mine), {"decision": "confirm", "review_round": 0})
    assert response.status_code == 403
    assert "another reviewer decides it" in response.content.decode()
    assert _snapshot(mine)[0] == "pending"
    # Another reviewer may.
    ok = client_for(second_hr).post(_decide_url(mine),
                                    {"decision": "confirm", "review_round": 0})
    assert ok.status_code == 302
    assert _snapshot(mine)[0] == "released"


def test_bulk_confirmation_leaves_the_reviewers_own_result(scored_for, hr):
    mine = set_scored(scored_for(hr.employee))
    outcome = reviews.confirm_many([mine.pk], hr)
    assert outcome.confirmed == 0 and outcome.skipped == {"own_result": 1}
    assert _snapshot(mine)[0] == "pending"


def _contested(scored, hr):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    contest(result)
    result.refresh_from_db()
    return result


def test_the_reviewer_whose_decision_is_contested_cannot_decide_the_contest(
        scored, hr, second_hr, client_for):
    result = _contested(scored, hr)
    before = _snapshot(result)
    with pytest.raises(reviews.NotYoursToDecide, match="decision this person contests"):
        reviews.confirm(result.pk, hr, result.review_round, "I still think so.")
    response = client_for(hr).post(_decide_url(result), {
        "decision": "override", "family": "compression", "reason": "Read again.",
        "review_round": result.review_round})
    assert response.status_code == 403
    assert _snapshot(result) == before
    decision = reviews.confirm(result.pk, second_hr, result.review_round,
                               "Your answers point clearly to precise execution.")
    assert decision.answers_contest == result.contest


def test_where_contests_go_to_a_superuser_no_other_reviewer_decides_them(
        scored, hr, second_hr, superuser, settings):
    settings.CONTEST_DECIDED_BY = "superuser"
    result = _contested(scored, hr)
    with pytest.raises(reviews.NotYoursToDecide, match="superuser"):
        reviews.confirm(result.pk, second_hr, result.review_round, "Kept.")
    decision = reviews.confirm(result.pk, superuser, result.review_round, "Kept: read again.")
    assert decision.reviewer == superuser


@pytest.mark.parametrize("reason", ["", "   ", ZERO_WIDTH, f" {ZERO_WIDTH}\u2060 "])
def test_keeping_a_contested_result_needs_a_visible_reason(scored, hr, second_hr, reason):
    result = _contested(scored, hr)
    before = _snapshot(result)
    with pytest.raises(ValidationError) as refused:
        reviews.confirm(result.pk, second_hr, result.review_round, reason)
    assert "reason" in refused.value.message_dict
    assert _snapshot(result) == before


def test_the_contest_reason_on_the_page_is_required_and_shown_to_the_person(
        scored, hr, second_hr, client_for):
    result = _contested(scored, hr)
    client = client_for(second_hr)
    page = client.get(reverse("assessments:review_result", args=[result.pk])).content.decode()
    assert 'id="confirm-reason"' in page
    empty = client.post(_decide_url(result), {"decision": "confirm", "reason": ZERO_WIDTH,
                                              "review_round": result.review_round})
    assert empty.status_code == 400
    assert "no visible text" in empty.content.decode()
    assert _snapshot(result)[0] == "contested"
    done = client.post(_decide_url(result), {
        "decision": "confirm", "reason": "Your answers were read again by a second reviewer.",
        "review_round": result.review_round})
    assert done.status_code == 302
    decision = ReviewDecision.objects.filter(result=result).order_by("pk").last()
    assert decision.answers_contest_id and decision.reason.startswith("Your answers")


def test_the_database_refuses_a_contest_decision_without_a_reason(scored, hr, second_hr):
    from django.db import IntegrityError, transaction

    result = _contested(scored, hr)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(result=result, reviewer=second_hr, decision="confirm",
                                      answers_contest=result.contest)


@pytest.mark.parametrize("reason", [ZERO_WIDTH, "\u200b\u200c\u200d\ufeff", "\u3164"])
def test_an_override_reason_of_invisible_characters_is_refused(scored, hr, reason):
    result = set_scored(scored(4)[0])
    with pytest.raises(ValidationError, match="no visible text"):
        reviews.override(result.pk, hr, "compression", reason, 0)
    assert _snapshot(result)[0] == "pending"


@pytest.mark.parametrize("comment", [ZERO_WIDTH, f"{ZERO_WIDTH} \u2060"])
def test_a_contest_of_invisible_characters_is_refused_and_keeps_the_persons_contest(
        scored_for, employee, hr, comment):
    result = set_scored(scored_for(employee.employee))
    reviews.confirm(result.pk, hr, 0)
    with pytest.raises(ContestRefused, match="no visible text"):
        contest_result(result.pk, employee.employee, comment)
    assert not Contest.objects.exists()
    assert Result.objects.get(pk=result.pk).review_state == "released"
    made = contest_result(result.pk, employee.employee, "I mostly do research.")
    assert made.comment == "I mostly do research."


def test_the_contest_page_refuses_invisible_text_with_a_400(scored_for, employee, hr,
                                                            client_for):
    result = set_scored(scored_for(employee.employee))
    reviews.confirm(result.pk, hr, 0)
    response = client_for(employee).post(
        reverse("assessments:contest_result", args=[result.assignment_id]),
        {"comment": ZERO_WIDTH})
    assert response.status_code == 400
    assert "no visible text" in response.content.decode()
    assert not Contest.objects.exists()
