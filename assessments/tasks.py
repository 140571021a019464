"""Celery tasks: thin wrappers that take ids and call `services`.

Every task is safe to run twice: results are upserted on (assignment, spec), a run is
prepared only while queued, and a chunk already counted is recognised and skipped.
Database errors are retried with exponential backoff; when the retries run out (or the
chunk fails for any other reason) the chunk is counted as failed so the run still ends.
"""

import logging
import os

from celery import Task, shared_task
from django.db import DatabaseError, OperationalError

from . import services

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 3,
}


class ScoreRunTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services.fail_run(args[0], exc)


class ScoreChunkTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("scoring run %s: a chunk of %d failed: %s", args[0], len(args[1]), exc)
        services.fail_chunk(args[0], args[1], exc)


@shared_task(base=ScoreRunTask, **RETRY)
def score_run(run_id):
    for chunk in services.prepare_run(run_id):
        score_chunk.delay(run_id, chunk)


@shared_task(base=ScoreChunkTask, bind=True, **RETRY)
def score_chunk(self, run_id, assignment_ids):
    _fail_if_asked(self.request.retries)
    services.score_chunk(run_id, assignment_ids)


@shared_task(**RETRY)
def sweep():
    return services.sweep()


def _fail_if_asked(attempt):
    # Failure injection for the worker tests: SCORING_FAIL_CHUNK_ATTEMPTS=N makes the
    # first N attempts of every chunk raise a database error, as a dropped connection
    # would. Unset (always, outside those tests) it costs one dictionary lookup.
    failures = int(os.environ.get("SCORING_FAIL_CHUNK_ATTEMPTS", "0") or 0)
    if attempt < failures:
        raise OperationalError(f"injected failure (attempt {attempt + 1} of {failures})")
