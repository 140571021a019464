"""Fixtures for the review tests: a scored campaign whose results HR reviews, and a
helper that puts results into the states the tests need."""

import pytest

from assessments.models import Contest, Result


@pytest.fixture
def scored(simulated_campaign, score_now):
    """scored(n=12, name=...) -> the campaign's results (pending), by pk, after a run."""

    def make(n=12, name="Review 2026", seed=3):
        campaign = simulated_campaign(name, submitted=n, seed=seed)
        run = score_now(campaign)
        assert run.status == "finished"
        return list(Result.objects.filter(assignment__campaign=campaign).order_by("pk"))

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
    updated = Result.objects.filter(
        pk=result.pk, review_state=Result.ReviewState.RELEASED,
    ).update(review_state=Result.ReviewState.CONTESTED,
             review_round=result.review_round + 1)
    if not updated or Contest.objects.filter(result=result).exists():
        return None
    return Contest.objects.create(result=result, employee=result.assignment.employee,
                                  comment=comment)
