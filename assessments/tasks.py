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

from .models import Assignment, Campaign, ScoringRun
from .services import campaigns, exports, messages, retention, scoring_runs

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
    # The chunk that closed the run (or any later delivery of one) warms the pages.
    closed = (ScoringRun.objects.filter(pk=run_id).exclude(status__in=[
        ScoringRun.Status.QUEUED, ScoringRun.Status.RUNNING])
        .values_list("campaign_id", flat=True).first())
    if closed is not None:
        warm_reports_soon(closed)


# Warming: the dashboards' and people pages' caches are filled by a worker after a run
# closes or a review decision lands, so the first visitor does not wait for them.
WARM_DELAY_SECONDS = 5


def warm_reports_soon(campaign_id):
    """Queue one warm-up of the campaign's pages after commit. Decisions come in bursts
    (a reviewer confirms one result after another): while one warm-up is waiting, more
    requests join it, and it runs late enough to see them."""
    from django.core.cache import cache

    def queue():
        if cache.add(f"warm-reports:{campaign_id}", 1, WARM_DELAY_SECONDS):
            warm_reports.apply_async((campaign_id,), countdown=WARM_DELAY_SECONDS)

    transaction.on_commit(queue)


@shared_task(**RETRY)
def warm_reports(campaign_id):
    from .reports import warming
    from .services import sharing

    # Queued after review decisions and runs: the moment the last review of a closed
    # campaign is decided is when its figures go to the managers.
    sharing.share_if_reviews_done(campaign_id)
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is not None:  # deleted meanwhile: nothing to show
        warming.warm_campaign(campaign)


@shared_task(**RETRY)
def sweep():
    outcome = scoring_runs.sweep()
    for run_id in outcome["runs"]:
        score_run.delay(run_id)
    for run_id, chunk in outcome["chunks"]:
        score_chunk.delay(run_id, chunk)
    return {name: outcome[name] for name in ("closed", "resumed", "queued")}


# Campaigns: launch and close are the doors for views and beat, like start_run: they
# call the service inside the caller's transaction and queue the follow-up after commit.


def launch(campaign) -> campaigns.LaunchOutcome:
    """Launch `campaign` (services.campaigns.launch) and queue its invitations."""
    outcome = campaigns.launch(campaign)
    transaction.on_commit(lambda: send_invitations.delay(campaign.pk))
    return outcome


def close(campaign) -> ScoringRun | None:
    """Close `campaign` and start its scoring (the run, or None when there is nothing to
    score or a run is already going)."""
    campaigns.close(campaign)
    return _score_closed(campaign)


def _score_closed(campaign):
    if campaign.scoring_runs.active().exists() or not Assignment.objects.filter(
            campaign=campaign).submitted().exists():
        return None
    return start_run(campaign)


def remind_now(campaign) -> list[int]:
    """Queue a reminder for everyone HR's "send reminders now" reaches; their ids."""
    ids = messages.remind_now(campaign)
    transaction.on_commit(lambda: [send_reminder.delay(pk, by_hr=True) for pk in ids])
    return ids


def send_missing_invitations(campaign) -> list[int]:
    """Queue an invitation for everyone of `campaign` who has none recorded (HR's "send
    the missing invitations"); their ids. A second press queues them again, and
    `send_invitation` sends each at most once."""
    ids = messages.missing_invitations(campaign)
    transaction.on_commit(lambda: [send_invitation.delay(pk) for pk in ids])
    return ids


@shared_task(**RETRY)
def send_invitations(campaign_id):
    """Fan out one invitation task per assignment not invited yet."""
    ids = Assignment.objects.filter(campaign_id=campaign_id,
                                    campaign__status=Campaign.Status.OPEN).not_invited()
    for pk in ids.values_list("pk", flat=True).order_by("pk"):
        send_invitation.delay(pk)


@shared_task(**RETRY)
def send_invitation(assignment_id):
    messages.send_invitation(assignment_id)


@shared_task(**RETRY)
def send_reminder(assignment_id, by_hr=False):
    messages.remind(assignment_id, by_hr=by_hr)


@shared_task(**RETRY)
def send_reminders():
    """Beat's periodic scan: one reminder task per person due."""
    ids = messages.reminders_due()
    for pk in ids:
        send_reminder.delay(pk)
    return len(ids)


@shared_task(**RETRY)
def close_due_campaigns():
    """Beat: close campaigns past their closing time and start their scoring."""
    closed = campaigns.close_due()
    for pk in closed:
        with transaction.atomic():
            _score_closed(Campaign.objects.get(pk=pk))
    return closed


@shared_task(**RETRY)
def purge_expired_assessments():
    """Beat, daily: delete what the notice says is kept only for so many years."""
    return retention.purge_expired()


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


def start_export(owner, filters, description, fmt, count):
    """Record a background export (and its access record) and queue it after commit."""
    job = exports.create_job(owner, filters, description, fmt, count)
    transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


class BuildExportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        exports.fail_job(args[0], exc)


@shared_task(base=BuildExportTask, **RETRY)
def build_export(job_id):
    exports.build_job(job_id)


@shared_task(**RETRY)
def sweep_exports():
    """Exports whose worker died: built again, or failed with the reason."""
    again = exports.sweep_stale()
    for job_id in again:
        build_export.delay(job_id)
    return {"resumed": len(again)}
