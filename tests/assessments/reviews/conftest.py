"""Fixtures for the review tests: a scored campaign whose results HR reviews, and a
helper that puts results into the states the tests need."""

import pytest
from django.utils import timezone

from assessments.models import Answer, Assignment, Contest, Result


@pytest.fixture
def second_hr(org):
    """A second HR reviewer (contests are decided by someone other than the first)."""
    from talent.roles import HR_GROUP
    from tests.conftest import make_user

    return make_user("second_hr", org, department="HQ", group=HR_GROUP, staff=True)


@pytest.fixture
def scored(simulated_campaign, score_now):
    """scored(n=12, name=...) -> the campaign's results (pending), by pk, after a run."""

    def make(n=12, name="Review 2026", seed=3):
        campaign = simulated_campaign(name, submitted=n, seed=seed)
        run = score_now(campaign)
        assert run.status == "finished"
        return list(Result.objects.filter(assignment__campaign=campaign).order_by("pk"))

    return make


@pytest.fixture
def scored_for(simulated_campaign, score_now):
    """scored_for(employee, name=...) -> the employee's result in a new scored campaign
    (answers copied from a simulated person, submitted before scoring)."""

    def make(employee, name="Own 2026", n=6):
        campaign = simulated_campaign(name, submitted=n)
        donor = campaign.assignments.order_by("pk").first()
        mine = Assignment.objects.create(campaign=campaign, employee=employee)
        Answer.objects.bulk_create(
            Answer(assignment=mine, item_id=a.item_id, value=a.value, seconds=a.seconds)
            for a in donor.answers.all())
        mine.status = Assignment.Status.SUBMITTED
        mine.submitted_at = mine.started_at = timezone.now()
        mine.save()
        score_now(campaign)
        return Result.objects.get(assignment=mine)

    return make


def set_scored(result, *, validity="valid", family="execution", probability=0.9):
    """Make a result read as scored this way (as if the engine had said so)."""
    if validity == "invalid":
        family, probability = "", None
    Result.objects.filter(pk=result.pk).update(
        validity=validity, role_family=family, probability_execution=probability)
    result.refresh_from_db()
    return result


def contest(result, comment="I do not recognise myself in this."):
    """The person's contest of a released result, as the contest service does it: one
    conditional UPDATE to contested (bumping the round), then the Contest row."""
    if Contest.objects.filter(result=result).exists():
        return None  # once per result
    updated = Result.objects.filter(
        pk=result.pk, review_state=Result.ReviewState.RELEASED,
        review_round=result.review_round,
    ).update(review_state=Result.ReviewState.CONTESTED,
             review_round=result.review_round + 1)
    if not updated:
        return None
    return Contest.objects.create(result=result, employee=result.assignment.employee,
                                  comment=comment)
