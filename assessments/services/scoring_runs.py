"""A scoring run's lifecycle: create, prepare, score its chunks, close; and the sweep.

A run is: prepare (pick the assignments, make sure a norm group exists, split into
chunks) -> score each chunk (independently, in any order, on any worker) -> the chunk
that accounts for the last assignment closes the run. Memory is bounded by the chunk
size, never by the campaign's: a chunk's answers are read in one query, scored in one
engine call and written in one statement (see `assessments.engine_io`).

These functions never queue anything themselves: `assessments.tasks` calls them and
queues what they return (the chunks of a prepared run, the runs the sweep created).
"""

import logging
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from talent import stamps

from .. import engine_io, scoring
from ..models import Assignment, Campaign, Result, ScoringRun, ScoringSpec
from .norms import NormsUnavailable, ensure_norm_group

__all__ = ["NormsUnavailable", "create_run", "fail_chunk", "fail_run", "prepare_run",
           "run_sync", "score_chunk", "sweep", "unscored_chunks"]

logger = logging.getLogger(__name__)


def chunk_size():
    # A few thousand people: 5,000 x 48 answers is ~10 MB on the wire and ~2 MB as a
    # float matrix, and the results upsert stays one statement of reasonable size.
    return settings.SCORING_CHUNK_SIZE


def create_run(campaign, *, scope=ScoringRun.Scope.ALL, spec=None) -> ScoringRun:
    """Record a queued run (the caller queues it once the transaction commits)."""
    spec = spec or ScoringSpec.objects.current()
    return ScoringRun.objects.create(campaign=campaign, spec=spec, scope=scope)


def _assignments_to_score(run):
    assignments = Assignment.objects.filter(campaign=run.campaign).submitted()
    if run.scope == ScoringRun.Scope.MISSING:
        assignments = assignments.without_result(run.spec)
    return assignments.sorted_ids()


def prepare_run(run_id) -> list[list[int]]:
    """Pick the run's assignments, make sure norms exist, mark it running; its chunks.

    Safe to repeat: only a queued run is prepared, and the switch to running is one
    conditional UPDATE, so a redelivered message does not enqueue the chunks twice.
    """
    run = ScoringRun.objects.select_related("campaign__bank_version", "spec").get(pk=run_id)
    if run.status != ScoringRun.Status.QUEUED:
        return []
    ids = _assignments_to_score(run)
    norm_group = ensure_norm_group(run.campaign, run.spec) if len(ids) else None
    now = timezone.now()
    started = ScoringRun.objects.filter(pk=run.pk, status=ScoringRun.Status.QUEUED).update(
        status=ScoringRun.Status.RUNNING, total=len(ids), norm_group=norm_group,
        started_at=now, heartbeat_at=now,
    )
    if not started:
        return []
    # The dashboards name the run's norm group.
    stamps.bump(stamps.campaign(run.campaign_id))
    run.close_if_complete()  # nothing to score: finished at once
    size = chunk_size()
    return [ids[i : i + size].tolist() for i in range(0, len(ids), size)]


def score_chunk(run_id, assignment_ids) -> int:
    """Score these assignments of a run and upsert their results; how many were counted.

    Safe however often a chunk arrives (a redelivered message, the sweep resuming a run
    while the original is still on its way): only assignments this run has not scored
    yet are written, and the run counts the rows the write statement really wrote, so a
    second writer of the same rows, even a concurrent one, counts nothing twice (see
    `bulk.upsert`). No lock is taken: chunks of one run score and write in parallel.
    """
    run = ScoringRun.objects.select_related(
        "spec", "norm_group", "campaign__bank_version"
    ).get(pk=run_id)
    ids = np.unique(np.asarray(assignment_ids, dtype=np.int64))
    if run.status != ScoringRun.Status.RUNNING or not len(ids):
        return 0  # closed by the sweep (or a stray message): nothing to count
    ids = np.setdiff1d(ids, engine_io.held_by(Result.objects.filter(run=run), ids))
    if not len(ids):
        return 0  # a chunk delivered twice
    scores = _score(run, ids)
    with transaction.atomic():
        written = engine_io.write_results(ids, scores, {
            "spec_id": run.spec_id, "norm_group_id": run.norm_group_id,
            # The version the person answered (the campaign's, whose enforced foreign key
            # keeps it alive); the norm group may be one it borrowed from the version it
            # was copied from (services/norms.ensure_norm_group).
            "bank_version_id": run.campaign.bank_version_id, "run_id": run.pk,
            "computed_at": timezone.now(),
        })
        ScoringRun.objects.filter(pk=run.pk, status=ScoringRun.Status.RUNNING).update(
            done=F("done") + written, heartbeat_at=timezone.now()
        )
        if written:  # new results, or re-scored ones (a changed family reopens review)
            stamps.bump(stamps.campaign(run.campaign_id))
    run.close_if_complete()
    return written


def _score(run, ids):
    bank = engine_io.bank_layout(run.campaign.bank_version)
    matrix = engine_io.load_answers(ids, bank, orders=True)
    return scoring.score(
        matrix.X, bank.layout, run.norm_group.norms(), run.spec.engine(),
        seconds=matrix.timed_seconds, order=matrix.order,
    )


def fail_chunk(run_id, assignment_ids, error):
    """Count a chunk that could not be scored, so the run still ends (leaving out any
    assignment another delivery of it did score)."""
    scored = Result.objects.filter(run_id=run_id, assignment_id__in=list(assignment_ids))
    n = len(set(assignment_ids) - set(scored.values_list("assignment_id", flat=True)))
    ScoringRun.objects.filter(pk=run_id, status=ScoringRun.Status.RUNNING).update(
        failed=F("failed") + n, error=str(error)[:2000], heartbeat_at=timezone.now()
    )
    ScoringRun(pk=run_id).close_if_complete()


def fail_run(run_id, error):
    run = ScoringRun.objects.filter(pk=run_id).first()
    if run is not None:
        run.close(error=str(error)[:2000])


def run_sync(run) -> ScoringRun:
    """Score a run in this process with the same code the workers use."""
    try:
        chunks = prepare_run(run.pk)
    except Exception as exc:
        fail_run(run.pk, exc)
        raise
    for chunk in chunks:
        try:
            score_chunk(run.pk, chunk)
        except Exception as exc:
            logger.exception("scoring run %s: chunk failed", run.pk)
            fail_chunk(run.pk, chunk, exc)
    run.refresh_from_db()
    return run


def unscored_chunks(run) -> list[list[int]]:
    """The run's assignments that it has not scored yet, in chunks: those submitted by
    the time the run started (later ones are the next run's), within its scope, with no
    result carrying this run."""
    assignments = Assignment.objects.filter(
        campaign=run.campaign, submitted_at__lte=run.started_at
    ).submitted()
    results = Result.objects.filter(assignment=OuterRef("pk"))
    if run.scope == ScoringRun.Scope.MISSING:
        # Only those that had no result under the run's spec when it started.
        assignments = assignments.exclude(
            Exists(results.filter(spec=run.spec, computed_at__lt=run.started_at))
        )
    ids = assignments.exclude(Exists(results.filter(run=run))).sorted_ids()
    size = chunk_size()
    return [ids[i : i + size].tolist() for i in range(0, len(ids), size)]


def sweep(now=None) -> dict:
    """Resume runs that stopped making progress; start a run for every campaign with
    submissions that have no result under the current spec (a lost message, or answers
    submitted while a run was going).

    A stale run (no heartbeat for SCORING_STALE_SECONDS: a lost message, a killed worker)
    is resumed rather than failed: a queued one is queued again, a running one gets the
    chunks it has not scored. After SCORING_MAX_RESUMES resumes it is closed, and what is
    still unscored counts as failed. Returns what the caller must queue: `runs` (ids to
    prepare) and `chunks` ((run id, assignment ids) to score), with counts.
    """
    now = now or timezone.now()
    before = now - timedelta(seconds=settings.SCORING_STALE_SECONDS)
    closed, runs, chunks = 0, [], []
    for run in ScoringRun.objects.stale(before).select_related("campaign", "spec"):
        if run.resumes >= settings.SCORING_MAX_RESUMES:
            closed += run.close(error=f"{ScoringRun.STALLED}: closed by the sweep, no "
                                      f"progress after {run.resumes} resumes")
            continue
        # Claimed by one conditional UPDATE, so two sweeps never resume a run twice.
        claimed = ScoringRun.objects.stale(before).filter(pk=run.pk, resumes=run.resumes)
        if not claimed.update(resumes=F("resumes") + 1, heartbeat_at=now):
            continue
        if run.status == ScoringRun.Status.QUEUED:
            runs.append(run.pk)
            continue
        missing = unscored_chunks(run)
        if not missing:
            run.close_if_complete()
        chunks += [(run.pk, chunk) for chunk in missing]
    resumed = len(runs) + len({run_id for run_id, __ in chunks})
    spec = ScoringSpec.objects.current()
    busy = ScoringRun.objects.active().filter(spec=spec).values("campaign")
    unscored = (
        Assignment.objects.submitted().without_result(spec).exclude(campaign__in=busy)
    )
    campaign_ids = sorted(set(unscored.values_list("campaign_id", flat=True)))
    with transaction.atomic():
        new_runs = [
            create_run(campaign, scope=ScoringRun.Scope.MISSING, spec=spec).pk
            for campaign in Campaign.objects.filter(pk__in=campaign_ids)
        ]
    return {"closed": closed, "resumed": resumed, "queued": len(new_runs),
            "runs": runs + new_runs, "chunks": chunks}
