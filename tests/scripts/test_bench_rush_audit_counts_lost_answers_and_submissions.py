"""The rush benchmark's audit: an acknowledged answer missing from the database or stored
with another value is lost, and so is an acknowledged submission that is not submitted."""

import pytest

from assessments.models import Assignment
from tests.factories import make_campaign, make_employees, submit_answers


@pytest.fixture
def stored(db):
    campaign = make_campaign()
    first, second = make_employees(2)
    done = submit_answers(campaign, first)  # every item at its midpoint, 3
    started = Assignment.objects.create(
        campaign=campaign, employee=second, status=Assignment.Status.IN_PROGRESS
    )
    items = list(campaign.bank_version.items.order_by("order", "pk").values_list("pk", flat=True))
    return done, started, items


def test_answers_stored_with_their_last_acknowledged_value_are_neither_lost_nor_duplicated(
    audit, stored
):
    done, started, items = stored
    acknowledged = {(done.pk, item): 3 for item in items}
    assert audit(acknowledged, {done.pk}, [done.pk, started.pk]) == (0, 0)


def test_a_missing_answer_another_value_and_an_unsubmitted_submission_are_each_lost(audit, stored):
    done, started, items = stored
    acknowledged = {(done.pk, items[0]): 3, (done.pk, items[1]): 4, (started.pk, items[0]): 3}
    assert audit(acknowledged, {done.pk, started.pk}, [done.pk, started.pk]) == (3, 0)
