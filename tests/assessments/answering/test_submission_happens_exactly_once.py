import pytest

from assessments.models import Answer, Assignment
from assessments.models.campaigns import SubmissionLocked
from assessments.services import answering

from .conftest import url


def answer_all(assignment, items, skip=0):
    for i, item in enumerate(items[skip:], start=1):
        answering.save_answer(assignment, item, 3, i)


def test_submit_is_refused_with_the_unanswered_items_listed(client_for, employee, ready,
                                                           items):
    answer_all(ready, items, skip=2)
    result = answering.submit(ready)
    assert not result.submitted
    assert result.unanswered == [items[0].pk, items[1].pk]
    response = client_for(employee).post(url("assignment_submit", ready))
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 statements are not answered yet" in text
    assert f'{url("assignment_page", ready, 1)}#item-{items[0].pk}' in text
    ready.refresh_from_db()
    assert ready.status == Assignment.Status.IN_PROGRESS


def test_two_submissions_make_one_and_both_get_the_submitted_page(client_for, employee,
                                                                  ready, items):
    answer_all(ready, items)
    tab_a, tab_b = client_for(employee), client_for(employee)
    first = tab_a.post(url("assignment_submit", ready))
    second = tab_b.post(url("assignment_submit", ready))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("assignment_submitted", ready)
    ready.refresh_from_db()
    assert ready.status == Assignment.Status.SUBMITTED
    stamp = ready.submitted_at
    assert tab_b.get(second["Location"]).status_code == 200
    tab_a.post(url("assignment_submit", ready))
    ready.refresh_from_db()
    assert ready.submitted_at == stamp


def test_the_service_submits_once_from_stale_copies(ready, items):
    answer_all(ready, items)
    copy = Assignment.objects.select_related("campaign").get(pk=ready.pk)
    first, second = answering.submit(ready), answering.submit(copy)
    assert first.submitted and first.first_time
    assert second.submitted and not second.first_time


def test_the_last_pages_submit_button_submits(client_for, employee, ready, items):
    answer_all(ready, items)
    last = len(answering.pages(ready.item_order))
    response = client_for(employee).post(url("assignment_page", ready, last), {"go": "submit"})
    assert response["Location"] == url("assignment_submitted", ready)


def test_a_double_click_on_the_last_pages_submit_shows_submitted_twice(client_for, employee,
                                                                      ready, items):
    answer_all(ready, items)
    last = len(answering.pages(ready.item_order))
    client = client_for(employee)
    first = client.post(url("assignment_page", ready, last), {"go": "submit"})
    second = client.post(url("assignment_page", ready, last), {"go": "submit"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("assignment_submitted", ready)
    # Any other write to the submitted assignment is still refused.
    assert client.post(url("assignment_page", ready, last), {"go": "next"}).status_code == 409


def test_submitted_answers_are_read_only_through_the_service_and_the_model(ready, items):
    answer_all(ready, items)
    answering.submit(ready)
    ready.refresh_from_db()
    with pytest.raises(answering.AlreadySubmitted):
        answering.save_answer(ready, items[0], 5, 10_000)
    stale = Assignment.objects.select_related("campaign").get(pk=ready.pk)
    stale.status = Assignment.Status.IN_PROGRESS  # a copy loaded before the submission
    with pytest.raises((answering.AlreadySubmitted, SubmissionLocked)):
        answering.save_answer(stale, items[0], 5, 10_000)
    with pytest.raises(SubmissionLocked):
        Answer.objects.filter(assignment=ready).update(value=1)
    with pytest.raises(SubmissionLocked):
        Assignment.objects.filter(pk=ready.pk).update(language="zh-hans")
    assert set(Answer.objects.filter(assignment=ready).values_list("value", flat=True)) == {3}
