from datetime import timedelta

from django.utils import timezone

from assessments import tasks
from assessments.models import Assignment, Result, ScoringRun, ScoringSpec
from assessments.services import scoring_runs


def test_the_sweep_scores_submissions_that_have_no_result(
    simulated_campaign, django_capture_on_commit_callbacks, score_now
):
    campaign = simulated_campaign(submitted=20)
    score_now(campaign)
    lost = Result.objects.order_by("pk")[:3]
    lost_ids = set(lost.values_list("assignment_id", flat=True))
    Result.objects.filter(assignment_id__in=lost_ids).delete()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.sweep()
    assert outcome["queued"] == 1
    run = ScoringRun.objects.get(scope=ScoringRun.Scope.MISSING)
    assert run.status == ScoringRun.Status.FINISHED and run.total == 3
    assert Result.objects.count() == 20
    assert set(Result.objects.filter(run=run).values_list("assignment_id", flat=True)) == lost_ids


def test_the_sweep_leaves_fully_scored_campaigns_alone(
    simulated_campaign, django_capture_on_commit_callbacks, score_now
):
    score_now(simulated_campaign(submitted=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep() == {"closed": 0, "queued": 0}
    assert ScoringRun.objects.count() == 1


def test_the_sweep_does_not_queue_a_campaign_that_is_being_scored(simulated_campaign):
    campaign = simulated_campaign(submitted=5)
    scoring_runs.create_run(campaign)  # queued, not yet picked up
    assert tasks.sweep()["queued"] == 0


def test_the_sweep_closes_runs_that_stopped_making_progress(simulated_campaign):
    campaign = simulated_campaign(submitted=5)
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(
        status=ScoringRun.Status.RUNNING, total=5, done=2,
        started_at=timezone.now() - timedelta(hours=2),
    )
    outcome = tasks.sweep()
    run.refresh_from_db()
    assert outcome["closed"] == 1
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (2, 3)
    assert "sweep" in run.error


def test_a_stale_run_that_scored_nothing_is_closed_as_failed(simulated_campaign):
    campaign = simulated_campaign(submitted=5)
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=2))
    tasks.sweep()
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FAILED


def test_only_submitted_assignments_are_swept(simulated_campaign):
    simulated_campaign(submitted=0, pending=4)
    assert tasks.sweep()["queued"] == 0
    assert not Assignment.objects.filter(status="submitted").exists()
    assert ScoringSpec.objects.count() == 1
