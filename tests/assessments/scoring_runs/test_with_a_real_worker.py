"""Scoring with a real Celery worker process on the project's broker and the test database.

The worker is started per test (`start_worker`, conftest.py) with DATABASE_URL pointing
at pytest-django's test database, so these tests use `transactional_db`: the worker only
sees committed rows.
"""

import time

import numpy as np
import pytest

from assessments import scoring, tasks
from assessments.models import Assignment, Result, ScoringRun
from tests.assessments.conftest import submit
from tests.assessments.scoring_runs.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _score(campaign, worker):
    run = tasks.start_run(campaign)  # autocommit: enqueued at once
    wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, worker)
    run.refresh_from_db()
    return run


def _rows():
    return sorted(
        (r.assignment_id, r.spec_id, r.probability_execution, r.role_family, r.validity,
         r.scores["EXE"]["t"], r.indices["alignment"])
        for r in Result.objects.all()
    )


def test_a_worker_scores_a_campaign_end_to_end(simulated_campaign, start_worker):
    campaign = simulated_campaign(submitted=25, pending=2)
    worker = start_worker()
    run = _score(campaign, worker)
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.total, run.done, run.failed) == (25, 25, 0)
    assert Result.objects.filter(run=run).count() == 25
    assert run.norm_group.provisional


def test_scoring_twice_on_a_worker_gives_the_same_rows(simulated_campaign, start_worker):
    campaign = simulated_campaign(submitted=25)
    worker = start_worker()
    _score(campaign, worker)
    first = _rows()
    second_run = _score(campaign, worker)
    assert _rows() == first
    assert len(first) == 25 == Result.objects.filter(run=second_run).count()


def test_a_chunk_that_raises_is_retried_and_the_run_still_ends(simulated_campaign, start_worker):
    campaign = simulated_campaign(submitted=25)  # three chunks of at most 10
    worker = start_worker(SCORING_FAIL_CHUNK_ATTEMPTS="1")
    run = _score(campaign, worker)
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.done, run.failed) == (25, 0)
    assert "Retry in" in worker.log.read_text()


def test_a_chunk_that_keeps_failing_is_counted_and_the_run_still_ends(
    simulated_campaign, start_worker
):
    campaign = simulated_campaign(submitted=25)
    worker = start_worker(SCORING_FAIL_CHUNK_ATTEMPTS="99")
    run = _score(campaign, worker)
    assert run.status == ScoringRun.Status.FAILED
    assert (run.done, run.failed) == (0, 25)
    assert "injected failure" in run.error
    assert not Result.objects.exists()


def test_answers_submitted_while_a_run_is_going_are_picked_up_by_the_sweep(
    simulated_campaign, bank_version, start_worker
):
    campaign = simulated_campaign(submitted=25, pending=5)
    worker = start_worker()
    run = tasks.start_run(campaign)
    late = scoring.simulate(bank_version.layout, 5, np.random.default_rng(9))
    for i, assignment in enumerate(campaign.assignments.exclude(status="submitted")):
        submit(assignment, late.X[i], late.seconds[i])
    wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, worker)

    tasks.sweep.delay()
    submitted = Assignment.objects.filter(campaign=campaign, status="submitted")
    wait_for(lambda: Result.objects.count() == 30 and not ScoringRun.objects.active().exists(),
              worker)
    assert set(Result.objects.values_list("assignment", flat=True)) == set(
        submitted.values_list("pk", flat=True)
    )
    assert ScoringRun.objects.filter(scope=ScoringRun.Scope.MISSING).count() <= 1


@pytest.mark.drill
def test_a_worker_killed_mid_run_is_recovered_once_a_worker_is_back(
    simulated_campaign, start_worker, settings
):
    """Drill: SIGKILL the only worker in the middle of a run, start another, let the
    sweep run (beat's job, done here at once instead of waiting a minute). Every
    submission ends with exactly one result, the run says it finished, nothing failed."""
    campaign = simulated_campaign(submitted=60)  # six chunks of 10
    worker = start_worker(SCORING_SLOW_CHUNK_SECONDS="0.7")
    run = tasks.start_run(campaign)
    wait_for(lambda: ScoringRun.objects.get(pk=run.pk).done >= 20, worker)
    worker.kill()  # SIGKILL: no clean-up, the chunk in hand is never acknowledged
    worker.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.RUNNING and run.done < 60

    settings.SCORING_STALE_SECONDS = 1  # the heartbeat has stopped: let it go stale now
    time.sleep(1.5)
    back = start_worker()
    started = time.monotonic()
    outcome = tasks.sweep()
    assert outcome["resumed"] == 1
    wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, back)
    recovered_in = time.monotonic() - started

    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.total, run.done, run.failed) == (60, 60, 0)
    submitted = set(campaign.assignments.submitted().values_list("pk", flat=True))
    results = list(Result.objects.values_list("assignment_id", flat=True))
    print(f"\nWorker kill drill: {len(submitted)} submitted, {len(set(results))} scored, "
          f"{len(results) - len(set(results))} duplicated, {run.failed} failed; "
          f"recovered in {recovered_in:.1f} s")
    assert sorted(results) == sorted(submitted)  # each scored once, none twice
    assert recovered_in < 120, recovered_in
