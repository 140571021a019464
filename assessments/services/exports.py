"""Exports of the people table: CSV and XLSX, inline for small sets, a background job for
large ones (models/exports.py). Every export writes an AccessRecord when it is asked
for, naming the filter and the row count: an export covers many people, so it names
nobody in particular.

A background file is written in the private storage area (PRIVATE_MEDIA_ROOT), never in
the system's temporary directory: first as `exports/partial/export-<id>.<format>`, created
owner-only (0600, in 0700 directories), then moved under the owner's folder when it is
complete. A worker killed mid-file leaves its partial file and a running job whose
heartbeat stops; `sweep_stale` removes the file and builds the job again, or marks it
failed with the reason after EXPORT_MAX_ATTEMPTS."""

import csv
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from config.db_router import reading_from_replica
from talent.models import Department, Position

from ..models import AccessRecord, Campaign, ExportJob
from ..models.exports import private_storage
from ..reports.people import export_rows, people_results

PROGRESS_EVERY = 1000
PROGRESS_STEPS = 20  # a small export reports progress too: about every 5 %


def serialise_filters(filters):
    """Report arguments as JSON (model instances by id)."""
    out = {}
    for key, value in filters.items():
        out[key] = value.pk if hasattr(value, "pk") else value
    return out


def deserialise_filters(data):
    models = {"campaign": Campaign, "department": Department, "position": Position}
    out = dict(data)
    for key, model in models.items():
        if out.get(key) is not None:
            out[key] = model.objects.filter(pk=out[key]).first()
    return out


def record_export(actor, description, count, fmt):
    return AccessRecord.objects.create(
        actor=actor, employee=None, action=AccessRecord.Action.EXPORT,
        detail=f"{fmt.upper()}, {count} rows: {description}"[:500],
    )


def is_large(count):
    return count > settings.EXPORT_INLINE_MAX


@transaction.atomic
def create_job(owner, filters, description, fmt, count):
    """Record a background export and its access record (the caller queues the task)."""
    job = ExportJob.objects.create(owner=owner, format=fmt, filters=serialise_filters(filters),
                                   description=description[:500], total=count)
    record_export(owner, description, count, fmt)
    return job


def write_csv(rows, out):
    """rows -> a text stream; yields the running row count (header excluded)."""
    writer = csv.writer(out)
    for n, row in enumerate(rows):
        writer.writerow(row)
        if n:
            yield n


def write_xlsx(rows, path):
    """rows -> an XLSX file at `path`, in openpyxl's write-only (streaming) mode; yields
    the running row count. Text cells arrive formula-safe (reports/people.export_rows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    for n, row in enumerate(rows):
        sheet.append(row)
        if n:
            yield n
    workbook.save(path)


def _root():
    # This host's private area: files being built, and finished ones when the private
    # storage is the filesystem (settings.PRIVATE_STORAGE).
    return Path(settings.PRIVATE_MEDIA_ROOT)


def _stored_on_this_disk():
    return isinstance(private_storage, FileSystemStorage)  # the lazy object answers for it


def _private_path(relative):
    """An owner-only path in the private storage area (its directories 0700)."""
    root = _root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = root / relative
    for directory in reversed(path.relative_to(root).parents):
        (root / directory).mkdir(mode=0o700, exist_ok=True)
    return path


def partial_path(job):
    return _private_path(f"exports/partial/export-{job.pk}.{job.format}")


def remove_partial(job):
    """Remove what a worker building `job` may have left half-written."""
    Path(_root(), "exports", "partial",
         f"export-{job.pk}.{job.format}").unlink(missing_ok=True)


def build_job(job_id):
    """Build a queued job's file. Safe to run twice: only the run that moves the job
    from queued to running builds it."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, attempts=F("attempts") + 1,
            heartbeat_at=timezone.now(), done=0):
        return
    job = ExportJob.objects.get(pk=job_id)
    rows = export_rows(people_results(**deserialise_filters(job.filters)))
    every = max(1, min(PROGRESS_EVERY, job.total // PROGRESS_STEPS))
    done = 0
    path = partial_path(job)
    # Created owner-only before a byte is written (openpyxl reopens it and keeps the mode).
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)
    # The rows may come from a read replica (config/db_router.py); the progress is
    # written to the primary, as every write is.
    with reading_from_replica():
        try:
            if job.format == ExportJob.Format.CSV:
                with open(path, "w", newline="", encoding="utf-8-sig") as out:
                    for done in write_csv(rows, out):
                        _progress(job, done, every)
            else:
                for done in write_xlsx(rows, path):
                    _progress(job, done, every)
            name = f"exports/{job.owner_id}/export-{job.pk}.{job.format}"
            if _stored_on_this_disk():
                os.replace(path, _private_path(name))
            else:  # an object store: upload, then forget the local copy
                with open(path, "rb") as built:
                    name = private_storage.save(name, File(built))
                path.unlink()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    # The set may have changed since it was counted: the total becomes what was written.
    if not ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.FINISHED, file=name, total=done, done=done,
            finished_at=timezone.now(), heartbeat_at=timezone.now()):
        # The sweep gave this job up meanwhile: the file is nobody's.
        private_storage.delete(name)


def _progress(job, done, every=PROGRESS_EVERY):
    if done % every == 0:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING,
                                 total__gte=done).update(done=done, heartbeat_at=timezone.now())


def sweep_stale(now=None):
    """Running exports whose worker stopped (heartbeat older than EXPORT_STALE_SECONDS):
    their partial file is removed, and each is queued again or, after
    EXPORT_MAX_ATTEMPTS, failed with the reason. Returns the ids to build again."""
    now = now or timezone.now()
    cut = now - timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    stale = ExportJob.objects.filter(
        Q(heartbeat_at__lt=cut) | Q(heartbeat_at__isnull=True, created_at__lt=cut),
        status=ExportJob.Status.RUNNING)
    again = []
    for job in stale:
        remove_partial(job)
        same = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING,
                                        heartbeat_at=job.heartbeat_at)
        if job.attempts < settings.EXPORT_MAX_ATTEMPTS:
            if same.update(status=ExportJob.Status.QUEUED, done=0, heartbeat_at=None):
                again.append(job.pk)
        else:
            same.update(status=ExportJob.Status.FAILED, finished_at=now, error=_(
                "The worker building this export stopped %(n)d times before it was "
                "complete; nothing was kept. Ask for the export again, or a smaller one.")
                % {"n": job.attempts})
    return again


def fail_job(job_id, error):
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is not None:
        remove_partial(job)
    ExportJob.objects.filter(pk=job_id, status__in=[
        ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]).update(
        status=ExportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now())


class Echo:
    """A file-like object whose write returns the line, for streaming a CSV."""

    def write(self, value):
        return value


def stream_csv(rows):
    writer = csv.writer(Echo())
    yield "\ufeff"  # so spreadsheets read the file as UTF-8
    for row in rows:
        yield writer.writerow(row)


def xlsx_file(rows):
    """An XLSX of the rows in a spooled temporary file, rewound, for a FileResponse."""
    # Closed by the FileResponse that streams it.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for _ in write_xlsx(rows, tmp.name):
            pass
        with open(tmp.name, "rb") as built:
            while chunk := built.read(1 << 20):
                spool.write(chunk)
    spool.seek(0)
    return spool


__all__ = ["Echo", "build_job", "create_job", "fail_job", "is_large", "record_export",
           "remove_partial", "stream_csv", "sweep_stale", "xlsx_file"]
