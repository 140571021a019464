"""Celery entry points: thin, take ids, call one service, queue what it returns.

Every task is safe to run twice: results are upserted on (assignment, spec), a run is
prepared only while queued, and a chunk already counted is recognised and skipped.
Database errors are retried with exponential backoff; when the retries run out (or the
chunk fails for any other reason) the chunk is counted as failed so the run still ends.

`start_run` is the one door through which views and commands start scoring: it records
the run and queues it once the surrounding transaction commits (a worker must never look
for a run that is not there yet).
"""

import logging
import os
import time

from celery import Task, shared_task
from django.db import DatabaseError, OperationalError, transaction

from .models import ScoringRun
from .services import scoring_runs

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 3,
}


def start_run(campaign, *, scope=ScoringRun.Scope.ALL, spec=None) -> ScoringRun:
    """Record a run and queue it after commit."""
    run = scoring_runs.create_run(campaign, scope=scope, spec=spec)
    transaction.on_commit(lambda: score_run.delay(run.pk))
    return run


class ScoreRunTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        scoring_runs.fail_run(args[0], exc)


class ScoreChunkTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("scoring run %s: a chunk of %d failed: %s", args[0], len(args[1]), exc)
        scoring_runs.fail_chunk(args[0], args[1], exc)


@shared_task(base=ScoreRunTask, **RETRY)
def score_run(run_id):
    for chunk in scoring_runs.prepare_run(run_id):
        score_chunk.delay(run_id, chunk)


@shared_task(base=ScoreChunkTask, bind=True, **RETRY)
def score_chunk(self, run_id, assignment_ids):
    _fail_if_asked(self.request.retries)
    scoring_runs.score_chunk(run_id, assignment_ids)


@shared_task(**RETRY)
def sweep():
    outcome = scoring_runs.sweep()
    for run_id in outcome["runs"]:
        score_run.delay(run_id)
    for run_id, chunk in outcome["chunks"]:
        score_chunk.delay(run_id, chunk)
    return {name: outcome[name] for name in ("closed", "resumed", "queued")}


def _fail_if_asked(attempt):
    # Fault injection for the worker tests: SCORING_FAIL_CHUNK_ATTEMPTS=N makes the first
    # N attempts of every chunk raise a database error, as a dropped connection would;
    # SCORING_SLOW_CHUNK_SECONDS=S makes every chunk take S seconds longer, so a test can
    # kill the worker in the middle of a run. Unset (always, outside those tests) they
    # cost two dictionary lookups.
    failures = int(os.environ.get("SCORING_FAIL_CHUNK_ATTEMPTS", "0") or 0)
    if attempt < failures:
        raise OperationalError(f"injected failure (attempt {attempt + 1} of {failures})")
    delay = float(os.environ.get("SCORING_SLOW_CHUNK_SECONDS", "0") or 0)
    if delay:
        time.sleep(delay)
