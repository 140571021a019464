"""The submission lock's check (a query) is skipped only for a queryset that cannot match
a submitted assignment by the shape of its WHERE clause (submitted excluded, or another
status required, at its top level), as every answering write is: any other shape,
including one widened again by `|`, is still checked and refused."""

import pytest
from django.utils import timezone

from assessments.models import Assignment
from assessments.models.campaigns import SubmissionLocked
from tests.factories import make_campaign, submit_answers


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


def sequences():
    return dict(Assignment.objects.values_list("pk", "sequence"))


def test_an_update_that_excludes_submitted_rows_is_one_statement_and_spares_them(
        submitted, in_progress, django_assert_num_queries):
    with django_assert_num_queries(1):
        changed = Assignment.objects.pending().filter(campaign=submitted.campaign).update(
            sequence=7, language="en")
    assert changed == 1
    assert sequences() == {submitted.pk: 0, in_progress.pk: 7}


def test_an_update_that_requires_another_status_is_one_statement_too(
        submitted, in_progress, django_assert_num_queries):
    with django_assert_num_queries(1):
        changed = Assignment.objects.filter(status=Assignment.Status.IN_PROGRESS).update(
            sequence=3)
    assert changed == 1
    assert sequences() == {submitted.pk: 0, in_progress.pk: 3}


@pytest.mark.parametrize("shape", [
    "plain",  # no exclusion at all
    "widened",  # excluded, then OR-ed with a queryset that reaches the submitted row
    "excluded together",  # NOT (submitted AND another condition) can match submitted
    "another status",  # excludes in-progress, not submitted
    "submitted required",
    "either status",  # in progress OR submitted
])
def test_any_other_shape_that_reaches_a_submitted_row_is_still_refused(
        shape, submitted, in_progress):
    every = Assignment.objects.all()
    queryset = {
        "plain": every.filter(pk=submitted.pk),
        "widened": every.pending() | every.filter(pk=submitted.pk),
        "excluded together": every.exclude(status=Assignment.Status.SUBMITTED,
                                           pk=in_progress.pk),
        "another status": every.exclude(status=Assignment.Status.IN_PROGRESS),
        "submitted required": every.filter(status=Assignment.Status.SUBMITTED),
        "either status": every.filter(status=Assignment.Status.IN_PROGRESS)
        | every.filter(status=Assignment.Status.SUBMITTED),
    }[shape]
    with pytest.raises(SubmissionLocked):
        queryset.update(sequence=9)
    assert sequences() == {submitted.pk: 0, in_progress.pk: 0}
