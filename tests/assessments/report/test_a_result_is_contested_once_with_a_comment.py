"""The person contests their released result once, with a comment; anything wrong writes
nothing and says why."""

import pytest
from django.urls import reverse

from assessments.models import Contest, Result
from assessments.services.contests import (
    MAX_COMMENT_LENGTH,
    ContestRefused,
    NotTheirResult,
    contest_result,
)

from .conftest import decide_contest, release, withhold


def _state(result):
    result.refresh_from_db()
    return result.review_state, result.released_family, result.review_round


def test_contesting_puts_the_result_back_in_review_and_keeps_what_was_shown(make_result, employee):
    result = release(make_result("execution"))
    contest = contest_result(result.pk, employee.employee, "  I lead a research team.  ")
    assert contest.comment == "I lead a research team."
    assert contest.employee == employee.employee
    assert _state(result) == ("contested", "execution", 2)


def test_a_result_is_contested_only_once(make_result, employee):
    result = release(make_result("execution"))
    contest_result(result.pk, employee.employee, "First.")
    with pytest.raises(ContestRefused) as refused:
        contest_result(result.pk, employee.employee, "Second.")
    assert "already contested" in refused.value.messages[0]
    decide_contest(result, reason="Kept.")
    with pytest.raises(ContestRefused):
        contest_result(result.pk, employee.employee, "Third.")
    assert Contest.objects.count() == 1
    assert _state(result)[0] == "released"


@pytest.mark.parametrize("comment, words", [
    ("", "a contest needs a comment"),
    ("   \n ", "a contest needs a comment"),
    ("x" * (MAX_COMMENT_LENGTH + 1), "keep the comment to 2000 characters"),
])
def test_an_empty_or_overlong_comment_writes_nothing(make_result, employee, comment, words):
    result = release(make_result("execution"))
    before = _state(result)
    with pytest.raises(ContestRefused) as refused:
        contest_result(result.pk, employee.employee, comment)
    assert words in refused.value.messages[0]
    assert Contest.objects.count() == 0
    assert _state(result) == before


@pytest.mark.parametrize("how", ["pending", "withheld"])
def test_only_a_released_result_can_be_contested(make_result, employee, how):
    result = make_result("execution")
    if how == "withheld":
        withhold(result)
    before = _state(result)
    with pytest.raises(ContestRefused) as refused:
        contest_result(result.pk, employee.employee, "")
    # Every problem at once: the comment and the state.
    assert len(refused.value.messages) == 2
    assert "Only a released result can be contested." in refused.value.messages
    assert Contest.objects.count() == 0 and _state(result) == before


def test_someone_elses_result_cannot_be_contested(make_result, employee, other_employee):
    result = release(make_result("execution", who=other_employee))
    with pytest.raises(NotTheirResult):
        contest_result(result.pk, employee.employee, "Not mine.")
    assert Contest.objects.count() == 0 and _state(result)[0] == "released"


def test_a_reviewer_deciding_in_the_same_moment_wins_and_nothing_is_written(
        make_result, employee, monkeypatch):
    from assessments.services import contests

    result = release(make_result("execution"))
    checks = contests.comment_problems

    def reviewer_decides_meanwhile(comment):
        # Runs after the service read the result and before its conditional UPDATE.
        withhold(Result.objects.get(pk=result.pk))
        return checks(comment)

    monkeypatch.setattr(contests, "comment_problems", reviewer_decides_meanwhile)
    with pytest.raises(ContestRefused) as refused:
        contest_result(result.pk, employee.employee, "At the same time.")
    assert "changed a moment ago" in refused.value.messages[0]
    assert Contest.objects.count() == 0
    assert _state(result)[0] == "withheld"


def test_a_second_contest_racing_past_the_check_is_refused_by_the_database(
        make_result, employee, monkeypatch, hr):
    from assessments.services import contests

    result = release(make_result("execution"))
    contest_result(result.pk, employee.employee, "First.")
    decide_contest(result, reason="Kept.", reviewer=hr)
    before = _state(result)
    # As if the first contest committed between this request's check and its insert.
    monkeypatch.setattr(contests, "_has_contest", lambda result: False)
    with pytest.raises(ContestRefused) as refused:
        contest_result(result.pk, employee.employee, "Second.")
    assert "already contested" in refused.value.messages[0]
    assert Contest.objects.count() == 1
    assert _state(result) == before


# --- Through the page ------------------------------------------------------------------


def _url(result):
    return reverse("assessments:contest_result", args=[result.assignment_id])


def test_the_page_records_a_contest_and_shows_it_awaiting(make_result, employee, client_for):
    result = release(make_result("execution"))
    client = client_for(employee)
    response = client.post(_url(result), {"comment": "My work is mostly research."},
                           follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your objection was sent to HR" in text
    assert "It is awaiting a decision by HR." in text
    assert "Contest this result" not in text
    assert Contest.objects.get().comment == "My work is mostly research."


def test_the_decision_and_its_reason_are_shown(make_result, employee, client_for, hr):
    result = release(make_result("execution"))
    contest_result(result.pk, employee.employee, "Research.")
    decide_contest(result, decision="override", family="compression",
                   reason="Your manager confirmed the research role.", reviewer=hr)
    text = client_for(employee).get(
        reverse("assessments:my_report", args=[result.assignment_id])).content.decode()
    assert "HR reviewed your objection and changed the family to high compression." in text
    assert "Their reason: Your manager confirmed the research role." in text
    assert "Contest this result" not in text


@pytest.mark.parametrize("comment, status, words", [
    ("", 400, "a contest needs a comment"),
    ("x" * (MAX_COMMENT_LENGTH + 1), 400, "Ensure this value has at most 2000 characters"),
])
def test_bad_input_on_the_page_is_a_4xx_and_writes_nothing(
        make_result, employee, client_for, comment, status, words):
    result = release(make_result("execution"))
    response = client_for(employee).post(_url(result), {"comment": comment})
    assert response.status_code == status
    assert words in response.content.decode()
    assert Contest.objects.count() == 0 and _state(result)[0] == "released"


def test_contesting_twice_on_the_page_is_a_409(make_result, employee, client_for):
    result = release(make_result("execution"))
    client = client_for(employee)
    client.post(_url(result), {"comment": "Once."})
    response = client.post(_url(result), {"comment": "Twice."})
    assert response.status_code == 409
    assert "already contested" in response.content.decode()
    assert Contest.objects.count() == 1


def test_contesting_a_pending_result_on_the_page_is_a_409(make_result, employee, client_for):
    result = make_result("execution")
    response = client_for(employee).post(_url(result), {"comment": "Early."})
    assert response.status_code == 409
    assert Contest.objects.count() == 0 and _state(result)[0] == "pending"


def test_someone_elses_result_on_the_page_is_a_404(make_result, employee, other_employee,
                                                   client_for):
    result = release(make_result("execution", who=other_employee))
    response = client_for(employee).post(_url(result), {"comment": "Not mine."})
    assert response.status_code == 404
    assert Contest.objects.count() == 0
