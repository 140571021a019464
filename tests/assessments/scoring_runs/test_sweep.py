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
        assert tasks.sweep() == {"closed": 0, "resumed": 0, "queued": 0}
    assert ScoringRun.objects.count() == 1


def test_the_sweep_does_not_queue_a_campaign_that_is_being_scored(simulated_campaign):
    campaign = simulated_campaign(submitted=5)
    scoring_runs.create_run(campaign)  # queued, not yet picked up
    assert tasks.sweep()["queued"] == 0


def _half_done_run(campaign, *, silent_for=timedelta(minutes=10)):
    """A run whose worker scored its first chunk and then died: the rest is unscored and
    the heartbeat stopped `silent_for` ago."""
    run = scoring_runs.create_run(campaign)
    chunks = scoring_runs.prepare_run(run.pk)
    scoring_runs.score_chunk(run.pk, chunks[0])
    ScoringRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - silent_for)
    return run, chunks


def test_a_run_whose_worker_died_is_resumed_and_scores_everyone_exactly_once(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=20)
    run, chunks = _half_done_run(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.sweep()
    run.refresh_from_db()
    assert outcome == {"closed": 0, "resumed": 1, "queued": 0}
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed, run.total) == (20, 0, 20) and run.resumes == 1
    assert Result.objects.filter(run=run).count() == 20
    assert Result.objects.count() == 20  # one result each, none twice
    # The dead worker's chunk arriving late (Redis redelivers it) changes nothing.
    assert scoring_runs.score_chunk(run.pk, chunks[1]) == 0


def test_a_chunk_that_overlaps_one_already_counted_counts_only_the_rest(simulated_campaign):
    campaign = simulated_campaign(submitted=20)
    run, chunks = _half_done_run(campaign)
    overlapping = chunks[0][3:] + chunks[1]
    assert scoring_runs.score_chunk(run.pk, overlapping) == len(chunks[1])
    run.refresh_from_db()
    assert run.done == len(chunks[0]) + len(chunks[1])


def test_a_run_that_keeps_making_progress_is_left_alone(simulated_campaign):
    campaign = simulated_campaign(submitted=20)
    run, __ = _half_done_run(campaign, silent_for=timedelta(seconds=5))
    ScoringRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=2))
    assert tasks.sweep()["resumed"] == 0
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.RUNNING and run.resumes == 0


def test_a_queued_run_whose_message_was_lost_is_queued_again(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=5)
    run = scoring_runs.create_run(campaign)  # its message never reached a worker
    ScoringRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep()["resumed"] == 1
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED and run.done == 5


def test_a_run_resumed_too_often_is_closed_and_counts_the_rest_as_failed(
    simulated_campaign, settings
):
    campaign = simulated_campaign(submitted=20)
    run, chunks = _half_done_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(resumes=settings.SCORING_MAX_RESUMES)
    outcome = tasks.sweep()
    run.refresh_from_db()
    assert outcome["closed"] == 1
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (len(chunks[0]), 20 - len(chunks[0]))
    assert "sweep" in run.error


def test_a_stale_queued_run_resumed_too_often_is_closed_as_failed(simulated_campaign, settings):
    campaign = simulated_campaign(submitted=5)
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - timedelta(hours=2), resumes=settings.SCORING_MAX_RESUMES
    )
    tasks.sweep()
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FAILED


def test_only_submitted_assignments_are_swept(simulated_campaign):
    simulated_campaign(submitted=0, pending=4)
    assert tasks.sweep()["queued"] == 0
    assert not Assignment.objects.filter(status="submitted").exists()
    assert ScoringSpec.objects.count() == 1
