"""The notice promises answers and results are deleted ASSESSMENT_RETENTION_YEARS after the
campaign closes; the daily purge keeps that promise and nothing more."""

from datetime import UTC, datetime, timedelta

import pytest

from assessments import tasks
from assessments.models import (
    AccessRecord,
    Answer,
    Assignment,
    Campaign,
    Contest,
    Result,
    ReviewDecision,
)
from assessments.services.retention import expiry_cutoff, purge_expired

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def scored(simulated_campaign, score_now):
    """scored(name, closed_at) -> a closed campaign of 12 scored submissions."""

    def make(name, closed_at):
        campaign = simulated_campaign(name, submitted=12, seed=len(name))
        score_now(campaign)
        Campaign.objects.filter(pk=campaign.pk).update(
            status=Campaign.Status.CLOSED, closed_at=closed_at)
        return campaign

    return make


def test_a_campaign_closed_more_than_three_years_ago_loses_answers_results_and_reviews(
        scored, hr, settings):
    settings.ASSESSMENT_RETENTION_YEARS = 3
    old = scored("Spring 2023", NOW - timedelta(days=3 * 365 + 2))
    result = Result.objects.for_campaign(old).first()
    contest = Contest.objects.create(result=result, employee=result.assignment.employee,
                                     comment="I disagree")
    ReviewDecision.objects.create(result=result, reviewer=hr, decision="withhold",
                                  reason="retake", answers_contest=contest)
    AccessRecord.objects.create(actor=hr, employee=result.assignment.employee,
                                action=AccessRecord.Action.VIEW_RESULT)

    assert purge_expired(now=NOW) == {old.pk: 12}

    assert not Assignment.objects.filter(campaign=old).exists()
    assert not Answer.objects.filter(assignment__campaign=old).exists()
    assert not Result.objects.exists()
    assert not ReviewDecision.objects.exists() and not Contest.objects.exists()
    # The campaign itself and the audit of who read what stay.
    assert Campaign.objects.filter(pk=old.pk).exists()
    assert AccessRecord.objects.count() == 1


def test_recent_and_open_campaigns_are_kept(scored, simulated_campaign):
    recent = scored("Spring 2024", NOW - timedelta(days=2 * 365))
    still_open = simulated_campaign("Open now", submitted=3)

    assert purge_expired(now=NOW) == {}

    assert Assignment.objects.filter(campaign=recent).count() == 12
    assert Assignment.objects.filter(campaign=still_open).count() == 3


def test_imported_history_without_a_closing_record_expires_from_its_closing_time(scored):
    old = scored("Imported 2022", None)
    Campaign.objects.filter(pk=old.pk).update(closes_at=NOW - timedelta(days=4 * 365))

    assert purge_expired(now=NOW) == {old.pk: 12}


def test_a_second_purge_finds_nothing_to_do(scored):
    scored("Spring 2022", NOW - timedelta(days=4 * 365))
    purge_expired(now=NOW)

    assert purge_expired(now=NOW) == {}


def test_the_daily_task_purges(scored, settings):
    settings.ASSESSMENT_RETENTION_YEARS = 1
    old = scored("Last year", datetime.now(UTC) - timedelta(days=400))

    assert tasks.purge_expired_assessments.delay().get() == {old.pk: 12}
    assert "purge-expired-assessments" in settings.CELERY_BEAT_SCHEDULE


def test_the_cutoff_counts_calendar_years_and_survives_a_leap_day():
    assert expiry_cutoff(NOW, 3) == datetime(2023, 12, 2, 12, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert expiry_cutoff(leap, 3) == datetime(2025, 2, 28, tzinfo=UTC)
