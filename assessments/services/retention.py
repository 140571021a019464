"""Retention: the notice tells people their answers and result are kept for
ASSESSMENT_RETENTION_YEARS after the campaign closes, then deleted. This keeps that
promise.

What is deleted is each expired campaign's assignments, and with them (by cascade) their
answers, results, review decisions, contests and messages. What stays: the campaign row
(name, bank version, dates; no personal data), norm groups (aggregate statistics) and
access records (the audit of who read what, which has to outlive the data it audits).

A campaign expires `years` after it closed: `closed_at`, or for imported history that
never passed through the site, its `closes_at`. A campaign with neither is never purged
(nothing says when it ended). Deletion runs in batches, each its own transaction, so a
large campaign never holds one long lock and an interrupted purge resumes where it
stopped on the next run.

The same run deletes the export files that may hold a purged campaign's people (an
export of that campaign, or of every campaign, asked for before the purge), every export
older than EXPORT_KEEP_DAYS, and django-axes' login attempt records (usernames and
addresses) older than AXES_KEEP_DAYS.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Assignment, Campaign, ExportJob
from talent import stamps

logger = logging.getLogger(__name__)

BATCH = 2000


def expiry_cutoff(now: datetime, years: int) -> datetime:
    """The moment `years` calendar years before `now` (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def expired_campaigns(now=None, years=None):
    years = settings.ASSESSMENT_RETENTION_YEARS if years is None else years
    cutoff = expiry_cutoff(now or timezone.now(), years)
    return (Campaign.objects.closed()
            .annotate(ended_at=Coalesce("closed_at", "closes_at"))
            .filter(Q(ended_at__lt=cutoff)))


def purge_expired(now=None, years=None) -> dict[int, int]:
    """Delete the assignments of every expired campaign; {campaign id: assignments deleted}
    for the campaigns that still had any. Then the exports and login records that have
    outlived their keep."""
    now = now or timezone.now()
    deleted = {}
    for campaign in expired_campaigns(now, years):
        count = _purge_campaign(campaign)
        if count:
            deleted[campaign.pk] = count
            logger.info("retention: deleted %s assignments of campaign %s", count, campaign.pk)
    purge_exports(now, deleted)
    purge_login_records(now)
    return deleted


def purge_exports(now, purged_campaign_ids=()):
    """Delete (file and row) every export that is past EXPORT_KEEP_DAYS or may hold a
    purged campaign's people; a job still being built is left to finish or fail."""
    doomed = Q(created_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS))
    if purged_campaign_ids:
        doomed |= (Q(filters__campaign__in=list(purged_campaign_ids))
                   | ~Q(filters__has_key="campaign") | Q(filters__campaign=None))
    count = 0
    for job in ExportJob.objects.filter(doomed).exclude(
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


def purge_login_records(now):
    """django-axes keeps usernames and addresses of login attempts: AXES_KEEP_DAYS."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - timedelta(days=settings.AXES_KEEP_DAYS)
    return sum(model.objects.filter(attempt_time__lt=cutoff).delete()[0]
               for model in (AccessAttempt, AccessFailureLog, AccessLog))


def _purge_campaign(campaign) -> int:
    total = 0
    while True:
        with transaction.atomic():
            ids = list(Assignment.objects.filter(campaign=campaign)
                       .values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            # Submitted assignments refuse to be changed, not to be deleted as a whole:
            # deleting a submission by policy is the one way it ends.
            Assignment.objects.filter(pk__in=ids).delete()
            # Cached pages must not list or count them any more.
            stamps.bump(stamps.campaign(campaign.pk))
            total += len(ids)
