"""Fault drill: two workers share one run's chunks and write exactly the rows one worker
writes.

The campaign is scored by one worker, its results are kept aside and deleted, and it is
scored again by two workers on the same queue at once (slowed chunks, so that each takes
some). Every result, every probability, T score and validity index, is the same; each
assignment has exactly one result; and both workers' logs show chunks they scored.
"""

import re

import pytest

from assessments import tasks
from assessments.models import Assignment, Result, ScoringRun
from tests.assessments.scoring_runs.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.drill, pytest.mark.django_db(transaction=True)]

SLOW = {"SCORING_SLOW_CHUNK_SECONDS": "0.4"}


def _rows():
    """Every scored column of every result (not the run, norm group or time it carries)."""
    return sorted(
        (r.assignment_id, r.spec_id, r.role_family, r.probability_execution, r.profile_note,
         r.validity, r.scores, r.indices, r.flags)
        for r in Result.objects.all()
    )


def _chunks_scored(worker, since=0):
    """How many chunks the worker's log says it scored (after `since` characters)."""
    return len(re.findall(r"Task assessments\.tasks\.score_chunk\[[^]]+\] succeeded",
                          worker.log.read_text()[since:]))


def _score(campaign, *workers):
    run = tasks.start_run(campaign)  # autocommit: enqueued at once
    wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, *workers)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED, run.error
    return run


def test_two_workers_sharing_a_run_write_the_rows_one_worker_writes(
    simulated_campaign, start_worker
):
    campaign = simulated_campaign(submitted=80)  # eight chunks of 10
    one = start_worker("one", **SLOW)
    _score(campaign, one)
    alone = _rows()
    Result.objects.all().delete()

    two = start_worker("two", **SLOW)  # started after the first run: its queue is empty
    since = len(one.log.read_text())
    run = _score(campaign, one, two)
    together = _rows()

    by_one, by_two = _chunks_scored(one, since), _chunks_scored(two)
    submitted = sorted(Assignment.objects.filter(campaign=campaign).submitted()
                       .values_list("pk", flat=True))
    results = sorted(Result.objects.values_list("assignment_id", flat=True))
    different = sum(a != b for a, b in zip(alone, together, strict=False))
    print(f"\nTwo workers drill: {len(submitted)} submitted; one worker wrote {len(alone)} "
          f"rows; two workers wrote {len(together)} rows (chunks: {by_one} and {by_two}), "
          f"{len(results) - len(set(results))} duplicated, {different} different")
    assert by_one >= 1 and by_two >= 1, "both workers should have taken chunks"
    assert by_one + by_two == 8
    assert (run.total, run.done, run.failed) == (80, 80, 0)
    assert results == submitted  # each assignment exactly one result
    assert together == alone
