"""Exports of the people table: CSV and XLSX, inline for small sets, a background job for
large ones (models/exports.py). Every export writes an AccessRecord when it is asked
for, naming the filter and the row count: an export covers many people, so it names
nobody in particular."""

import csv
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from talent.models import Department, Position

from ..models import AccessRecord, Campaign, ExportJob
from ..reports.people import export_rows, people_results

PROGRESS_EVERY = 1000


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


def build_job(job_id):
    """Build a queued job's file. Safe to run twice: only the run that moves the job
    from queued to running builds it."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING):
        return
    job = ExportJob.objects.get(pk=job_id)
    rows = export_rows(people_results(**deserialise_filters(job.filters)))
    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/export.{job.format}"
        if job.format == ExportJob.Format.CSV:
            with open(path, "w", newline="", encoding="utf-8-sig") as out:
                for done in write_csv(rows, out):
                    _progress(job, done)
        else:
            for done in write_xlsx(rows, path):
                _progress(job, done)
        with open(path, "rb") as built:
            name = job.file.storage.save(
                f"exports/{job.owner_id}/export-{job.pk}.{job.format}", File(built))
    # The set may have changed since it was counted: the total becomes what was written.
    ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.FINISHED, file=name, total=done, done=done,
        finished_at=timezone.now())


def _progress(job, done):
    if done % PROGRESS_EVERY == 0:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING,
                                 total__gte=done).update(done=done)


def fail_job(job_id, error):
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
           "stream_csv", "xlsx_file"]
