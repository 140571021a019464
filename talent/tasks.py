"""Celery entry points of the organisation: take ids, call one service."""

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from . import invitations, org_import_jobs, org_sync, sso
from .models import OrgImport

RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 60,
         "max_retries": 5}


# Invitations are queued in batches: the first import of a large organisation creates
# one login per person, and one task each would be 200,000 messages on the broker.
INVITATIONS_PER_TASK = 200


@shared_task(**RETRY)
def send_login_invitation(user_id):
    invitations.send_first_invitation(user_id)


@shared_task(**RETRY)
def send_login_invitations(user_ids):
    """Idempotent per login: a first invitation is recorded once (a constraint), so a
    batch retried after a failure half-way sends nobody's twice."""
    for user_id in user_ids:
        invitations.send_first_invitation(user_id)


def invite_after_commit(user_ids):
    """Queue the first invitation of each new login once the transaction that created
    them commits (the org import's, the API's). None when employees sign in by SSO only."""
    ids = list(user_ids)
    if sso.sso_enabled() and not settings.PASSWORD_LOGIN_FOR_EMPLOYEES:
        return []  # they sign in with the organisation's account: no password to set
    batches = [ids[i:i + INVITATIONS_PER_TASK] for i in range(0, len(ids), INVITATIONS_PER_TASK)]
    transaction.on_commit(lambda: [send_login_invitations.delay(batch) for batch in batches])
    return ids


@shared_task(**RETRY)
def sync_drop_folder():
    """Beat: sync the newest snapshot in ORG_SYNC_DROP_DIR (once per file)."""
    sync = org_sync.sync_drop_folder()
    if sync is not None:
        invite_after_commit(getattr(sync, "provisioned_user_ids", []))
    return sync.pk if sync is not None else None


# The organisation import on the web (talent/org_import_jobs.py) ---------------------


class OrgImportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        org_import_jobs.fail(args[0], exc)


# A large file takes longer than the default time limit of a task (see settings).
ORG_IMPORT_LIMITS = {"time_limit": settings.ORG_IMPORT_TIME_LIMIT,
                     "soft_time_limit": settings.ORG_IMPORT_TIME_LIMIT - 60}


@shared_task(base=OrgImportTask, **ORG_IMPORT_LIMITS)
def check_org_import(import_id):
    org_import_jobs.check(import_id)


@shared_task(base=OrgImportTask, **ORG_IMPORT_LIMITS)
def apply_org_import(import_id):
    plan = org_import_jobs.apply(import_id)
    if plan is not None:
        invite_after_commit(plan.provisioned_user_ids)


def queue_org_import(job):
    """Queue the job's next step once the transaction that recorded it commits."""
    task = apply_org_import if job.status == OrgImport.Status.APPLYING else check_org_import
    transaction.on_commit(lambda: task.delay(job.pk))


@shared_task(**RETRY)
def sweep_org_imports():
    """Beat: give jobs whose worker stopped to another, expire unconfirmed uploads."""
    for pk, status in org_import_jobs.sweep_stale():
        task = apply_org_import if status == OrgImport.Status.APPLYING else check_org_import
        task.delay(pk)
