from assessments import tasks
from assessments.models import Result, ScoringRun
from assessments.services import scoring_runs


def _prepared(campaign):
    run = scoring_runs.create_run(campaign)
    chunks = scoring_runs.prepare_run(run.pk)
    run.refresh_from_db()
    return run, chunks


def test_a_chunk_delivered_twice_is_counted_once(simulated_campaign):
    run, chunks = _prepared(simulated_campaign(submitted=20))
    assert scoring_runs.score_chunk(run.pk, chunks[0]) == 7
    assert scoring_runs.score_chunk(run.pk, chunks[0]) == 0
    run.refresh_from_db()
    assert run.done == 7 and Result.objects.count() == 7


def test_preparing_a_run_twice_does_not_queue_its_chunks_twice(simulated_campaign):
    run, chunks = _prepared(simulated_campaign(submitted=20))
    assert [len(c) for c in chunks] == [7, 7, 6]
    assert scoring_runs.prepare_run(run.pk) == []


def test_a_chunk_arriving_after_its_run_was_closed_writes_nothing(simulated_campaign):
    run, chunks = _prepared(simulated_campaign(submitted=20))
    run.close(error="closed")
    assert scoring_runs.score_chunk(run.pk, chunks[0]) == 0
    assert not Result.objects.exists()


def test_the_last_chunk_closes_the_run(simulated_campaign):
    run, chunks = _prepared(simulated_campaign(submitted=20))
    scoring_runs.score_chunk(run.pk, chunks[2])
    scoring_runs.score_chunk(run.pk, chunks[1])
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.RUNNING
    scoring_runs.score_chunk(run.pk, chunks[0])
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED and run.finished_at


def test_a_run_with_nothing_submitted_finishes_at_once(simulated_campaign):
    run, chunks = _prepared(simulated_campaign(submitted=0, pending=3))
    assert chunks == []
    assert run.status == ScoringRun.Status.FINISHED and run.total == 0
    assert run.norm_group is None


def test_a_campaign_too_small_for_norms_is_scored_against_provisional_norms(
    simulated_campaign, django_capture_on_commit_callbacks
):
    campaign = simulated_campaign(submitted=3)
    with django_capture_on_commit_callbacks(execute=True):
        run = tasks.start_run(campaign)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED and run.done == 3 and not run.error
    assert run.norm_group.provisional
