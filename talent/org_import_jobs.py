"""The organisation import on the web, as background jobs (docs/org-import.md).

A 200,000-row file takes tens of seconds to check and more to apply: longer than a web
request may last. So the request only stores the upload in private storage (shared by
every web and worker process, or an S3 bucket) and records an OrgImport; a worker checks
the file (`check`, the preview), and after its uploader confirms, applies it (`apply`)
in one transaction with the job's own status, so a job is either applied and marked so,
or neither. Each step starts with one conditional UPDATE that claims the job, so a task
delivered twice does the work once; the sweep gives a job whose worker stopped to
another worker, a few times, then fails it with the reason.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import org_import
from .models import OrgImport
from .private_files import keep_under_a_random_name, private_storage

# The page's progress bar moves with the bytes checked; writing it more often than this
# would cost a query per few rows.
PROGRESS_SECONDS = 1.0
MAX_ATTEMPTS = 3
# An upload nobody confirmed is removed after this long.
CONFIRM_WITHIN = timedelta(days=1)


# The request's part ------------------------------------------------------------------


def start(user, uploaded_file):
    """Keep an upload (under a random name, never the client's) and record the job that
    will check it. The caller queues the check after commit."""
    name = keep_under_a_random_name("org-imports", uploaded_file)
    return OrgImport.objects.create(
        uploaded_by=user, filename=(uploaded_file.name or "")[-255:], file=name,
        size=uploaded_file.size)


def discard(job, user):
    """Its uploader cancels a checked upload: nothing is imported and the file goes now,
    not a day later. False when it is not waiting for confirmation any more."""
    if not OrgImport.objects.filter(pk=job.pk, uploaded_by=user,
                                    status=OrgImport.Status.READY).update(
            status=OrgImport.Status.DISCARDED, file=""):
        return False
    private_storage.delete(job.file.name)
    return True


def confirm(job, user):
    """Move a checked job to be applied. Only its uploader may: the preview was theirs.
    False when it is not waiting for confirmation any more (a second click)."""
    return bool(OrgImport.objects.filter(
        pk=job.pk, uploaded_by=user, status=OrgImport.Status.READY).update(
        status=OrgImport.Status.APPLYING, heartbeat_at=None, attempts=0))


# The worker's part -------------------------------------------------------------------


def check(import_id):
    """Check a stored file against the organisation (the preview); nothing is written
    but the job's own progress and outcome."""
    job = _claim(import_id, OrgImport.Status.CHECKING)
    if job is None:
        return
    with job.file.open("rb") as stored:
        plan = org_import.plan_import(_reporting_progress(_lines(stored), job))
    if not plan.ok:
        outcome = OrgImport.Status.REFUSED
    elif plan.has_changes:
        outcome = OrgImport.Status.READY
    else:
        outcome = OrgImport.Status.UNCHANGED
    done = OrgImport.objects.filter(pk=job.pk, status=OrgImport.Status.CHECKING).update(
        status=outcome, summary=summarise(plan), read_bytes=job.size,
        checked_at=timezone.now(), heartbeat_at=timezone.now(),
        **({} if outcome == OrgImport.Status.READY else {"file": ""}))
    if done and outcome != OrgImport.Status.READY:
        private_storage.delete(job.file.name)  # nothing will be imported from it


def apply(import_id):
    """Apply a confirmed job's file, all or nothing, and mark the job in the same
    transaction. Returns the plan (its logins to invite), or None if another delivery
    of the task has it."""
    job = _claim(import_id, OrgImport.Status.APPLYING)
    if job is None:
        return None
    with job.file.open("rb") as stored, transaction.atomic():
        # The organisation may have changed since the preview: the file is checked
        # again inside the transaction, and refused if it became wrong.
        plan = org_import.import_org(_lines(stored))
        summary = summarise(plan)
        if plan.ok:
            summary["logins"] = {"created": len(plan.provisioned_user_ids),
                                 "deactivated": plan.deactivated,
                                 "reactivated": plan.reactivated}
        OrgImport.objects.filter(pk=job.pk, status=OrgImport.Status.APPLYING).update(
            status=OrgImport.Status.APPLIED if plan.ok else OrgImport.Status.REFUSED,
            summary=summary, applied_at=timezone.now() if plan.ok else None,
            heartbeat_at=timezone.now(), file="")
        name = job.file.name
        transaction.on_commit(lambda: private_storage.delete(name))
    return plan if plan.ok else None


def fail(import_id, error):
    """A task that raised: the job says so (nothing was applied: the transaction rolled
    back) and its file goes."""
    job = OrgImport.objects.filter(pk=import_id).first()
    if job is None or not OrgImport.objects.filter(
            pk=import_id, status__in=OrgImport.ACTIVE).update(
            status=OrgImport.Status.FAILED, error=str(error)[:2000], file=""):
        return
    private_storage.delete(job.file.name)


def sweep_stale(now=None):
    """Jobs whose worker stopped are handed to another worker, up to MAX_ATTEMPTS in all,
    then failed with the reason; uploads nobody confirmed within CONFIRM_WITHIN expire.
    Returns [(id, status)] to queue again."""
    now = now or timezone.now()
    again = []
    for status, cut in ((OrgImport.Status.CHECKING, _stale_after(OrgImport.Status.CHECKING)),
                        (OrgImport.Status.APPLYING, _stale_after(OrgImport.Status.APPLYING))):
        before = now - cut
        stale = OrgImport.objects.filter(
            Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, created_at__lt=before),
            status=status)
        for job in stale:
            same = OrgImport.objects.filter(pk=job.pk, status=status,
                                            heartbeat_at=job.heartbeat_at)
            if job.attempts < MAX_ATTEMPTS:
                if same.update(heartbeat_at=None, read_bytes=0):
                    again.append((job.pk, status))
            elif same.update(status=OrgImport.Status.FAILED, file="", error=_(
                    "The worker handling this file stopped %(n)d times before it finished; "
                    "nothing was imported. Upload the file again.") % {"n": job.attempts}):
                private_storage.delete(job.file.name)
    for job in OrgImport.objects.filter(status=OrgImport.Status.READY,
                                        checked_at__lt=now - CONFIRM_WITHIN):
        if OrgImport.objects.filter(pk=job.pk, status=OrgImport.Status.READY).update(
                status=OrgImport.Status.EXPIRED, file=""):
            private_storage.delete(job.file.name)
    return again


def _stale_after(status):
    if status == OrgImport.Status.APPLYING:
        # Applying writes nothing outside its transaction until it ends, so it beats no
        # heart: it is stale only once its hard time limit would have ended it.
        return timedelta(seconds=settings.ORG_IMPORT_TIME_LIMIT + 60)
    return timedelta(seconds=settings.ORG_IMPORT_STALE_SECONDS)


def _claim(import_id, status):
    """One worker takes the job: a waiting job (no heartbeat) of this status."""
    if not OrgImport.objects.filter(pk=import_id, status=status,
                                    heartbeat_at__isnull=True).update(
            heartbeat_at=timezone.now(), attempts=F("attempts") + 1, read_bytes=0):
        return None
    return OrgImport.objects.get(pk=import_id)


def _lines(stored):
    """The stored file's lines. The storage's own file object (a local file, or the S3
    object spooled to a temporary file) reads lines in C; Django's File wrapper splits
    its chunks into lines in Python, which made checking a large file twice as slow."""
    return getattr(stored, "file", stored)


def _reporting_progress(binary_file, job):
    """The file's lines, writing how many bytes were read to the job every second."""
    read, last = 0, time.monotonic()
    for line in binary_file:
        read += len(line)
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            OrgImport.objects.filter(pk=job.pk, status=OrgImport.Status.CHECKING).update(
                read_bytes=min(read, job.size), heartbeat_at=timezone.now())
        yield line


# What the page shows -----------------------------------------------------------------


def summarise(plan):
    """A plan as the job keeps it: what the preview page shows."""
    return {
        "rows": plan.rows,
        "error_count": plan.error_count,
        "errors": [{"row": e.row, "column": e.column, "message": e.message}
                   for e in plan.errors],
        "employees": vars(plan.employees).copy(),
        "departments": vars(plan.departments).copy(),
        "positions": vars(plan.positions).copy(),
    }


class Preview:
    """A job's summary with the plan's names (ok, rows, errors, employees.create, ...)."""

    def __init__(self, summary):
        self.rows = summary.get("rows", 0)
        self.error_count = summary.get("error_count", 0)
        self.errors = [org_import.RowError(**e) for e in summary.get("errors", [])]
        self.employees, self.departments, self.positions = (
            org_import.Counts(**summary.get(kind, {}))
            for kind in ("employees", "departments", "positions"))
        self.logins = summary.get("logins")

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def has_changes(self):
        return any(c.create or c.update
                   for c in (self.employees, self.departments, self.positions))
