"""Exports of many people's results that are too large to build within a request.

HR asks for the filtered people table as CSV or XLSX; above settings.EXPORT_INLINE_MAX
rows a job is recorded and a Celery task builds the file (services/exports.py). The file
lives in private storage (never served by URL): only the job's owner downloads it,
through a view that checks the owner. Progress is `done` of `total` rows; every status
change is one conditional UPDATE, so a task delivered twice builds the file once.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from talent.private_files import private_storage


def _private_storage():
    # Named in migration 0012; the storage itself lives in talent.private_files.
    return private_storage


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        FINISHED = "finished", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("owner")
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    # The people table's filter as report arguments (ids and values; the task re-reads
    # the rows with it) and in words.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    description = models.CharField(_("filter described"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=_private_storage, upload_to="exports/",
                            blank=True)
    error = models.TextField(_("error"), blank=True)
    # Beaten by every progress write of the worker building it; a running job whose
    # heartbeat stopped lost its worker (services/exports.sweep_stale).
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=F("total")),
                                   name="export_job_done_within_total"),
            models.CheckConstraint(condition=~Q(status="finished") | ~Q(file=""),
                                   name="export_job_finished_has_a_file"),
        ]

    def __str__(self):
        return f"export {self.pk} ({self.format}, {self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        if not self.total:
            return 0 if self.is_active else 100
        return min(100, round(100 * self.done / self.total))
