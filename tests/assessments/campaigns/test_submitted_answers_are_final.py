"""A submitted assignment and its answers never change: every write path is refused by
the model layer (as for published bank versions), and the bulk creation of submissions
still works."""

import pytest
from django.utils import timezone

from assessments import bulk
from assessments.models import Answer, Assignment
from assessments.models.campaigns import SubmissionLocked
from tests.factories import make_campaign, make_employees, submit_answers


@pytest.fixture
def campaign(bank):
    return make_campaign(bank)


@pytest.fixture
def submitted(campaign, people):
    return submit_answers(campaign, people[0])


@pytest.fixture
def in_progress(campaign, people):
    return Assignment.objects.create(campaign=campaign, employee=people[1],
                                     status=Assignment.Status.IN_PROGRESS,
                                     started_at=timezone.now())


def values(assignment):
    return sorted(assignment.answers.values_list("item_id", "value"))


def test_saving_a_changed_answer_of_a_submitted_assignment_is_refused(submitted):
    before = values(submitted)
    answer = submitted.answers.first()
    answer.value = 1 if answer.value != 1 else 2
    with pytest.raises(SubmissionLocked):
        answer.save()
    assert values(submitted) == before


def test_adding_an_answer_to_a_submitted_assignment_is_refused(campaign, people, bank):
    partial = submit_answers(campaign, people[2], {"EXE01": 3})
    missing = Answer(assignment=partial, item=bank.items.get(code="CMP01"), value=3)
    with pytest.raises(SubmissionLocked):
        missing.save()
    assert partial.answers.count() == 1


def test_deleting_an_answer_of_a_submitted_assignment_is_refused(submitted):
    with pytest.raises(SubmissionLocked):
        submitted.answers.first().delete()
    with pytest.raises(SubmissionLocked):
        Answer.objects.filter(assignment=submitted).delete()
    assert submitted.answers.count() == 12


def test_a_queryset_update_of_submitted_answers_is_refused(submitted):
    before = values(submitted)
    with pytest.raises(SubmissionLocked):
        Answer.objects.filter(assignment=submitted).update(value=1)
    with pytest.raises(SubmissionLocked):
        Answer.objects.all().update(seconds=1.0)
    assert values(submitted) == before


def test_moving_answers_into_a_submitted_assignment_is_refused(submitted, in_progress, bank):
    answer = Answer.objects.create(assignment=in_progress, item=bank.items.first(), value=2)
    with pytest.raises(SubmissionLocked):
        Answer.objects.filter(pk=answer.pk).update(assignment=submitted)
    answer.assignment = submitted
    with pytest.raises(SubmissionLocked):
        answer.save()
    assert Answer.objects.get(pk=answer.pk).assignment_id == in_progress.pk


def test_bulk_update_of_submitted_answers_is_refused(submitted):
    answers = list(submitted.answers.all())
    for answer in answers:
        answer.value = 1
    with pytest.raises(SubmissionLocked):
        Answer.objects.bulk_update(answers, ["value"])
    assert not submitted.answers.filter(value=1).exists()


def test_bulk_create_into_a_submitted_assignment_is_refused(campaign, people, bank):
    assignment = Assignment(campaign=campaign, employee=people[2])
    assignment.submit()
    assignment.save()
    rows = [Answer(assignment=assignment, item=item, value=3) for item in bank.items.all()]
    with pytest.raises(SubmissionLocked):
        Answer.objects.bulk_create(rows)
    assert not assignment.answers.exists()


def test_creating_a_submission_in_bulk_writes_its_answers_once(campaign, people, bank):
    assignment = Assignment(campaign=campaign, employee=people[2])
    assignment.submit()
    assignment.save()
    items = list(bank.items.all())
    bulk.insert_answers([(assignment.pk, item.pk, 3, None, None) for item in items])
    assert assignment.answers.count() == len(items)
    # A second load into the same submission would change it.
    if not bulk.is_postgres():
        with pytest.raises(SubmissionLocked):
            Answer.objects.bulk_create([Answer(assignment=assignment, item=items[0], value=1)],
                                       new_submissions=True)


def test_answers_of_an_assignment_in_progress_can_still_change(in_progress, bank):
    answer = Answer.objects.create(assignment=in_progress, item=bank.items.first(), value=2)
    answer.value = 4
    answer.save()
    Answer.objects.filter(pk=answer.pk).update(value=5)
    assert Answer.objects.get(pk=answer.pk).value == 5
    in_progress.submit()
    in_progress.save()
    with pytest.raises(SubmissionLocked):
        Answer.objects.filter(pk=answer.pk).update(value=1)


def test_a_submitted_assignment_keeps_its_employee_campaign_status_and_times(submitted):
    other = make_employees(1, prefix="Q")[0]
    submitted.employee = other
    with pytest.raises(SubmissionLocked):
        submitted.save()
    submitted.refresh_from_db()
    submitted.status = Assignment.Status.IN_PROGRESS
    with pytest.raises(SubmissionLocked):
        submitted.save()
    submitted.refresh_from_db()
    submitted.submitted_at = timezone.now()
    with pytest.raises(SubmissionLocked):
        Assignment.objects.bulk_update([submitted], ["submitted_at"])
    with pytest.raises(SubmissionLocked):
        Assignment.objects.filter(pk=submitted.pk).update(employee=other)
    with pytest.raises(SubmissionLocked):
        Assignment.objects.all().update(status=Assignment.Status.NOT_STARTED)
    submitted.refresh_from_db()
    assert submitted.employee.employee_id == "P001"
    assert submitted.status == Assignment.Status.SUBMITTED
