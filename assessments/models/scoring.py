from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScoringSpec(models.Model):
    """Every scoring threshold as data. Immutable once stored; identified by its hash."""

    version = models.CharField(_("version"), max_length=32)
    params = models.JSONField(_("parameters"))
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scoring spec")
        verbose_name_plural = _("scoring specs")

    def __str__(self):
        return f"spec {self.version} ({self.hash[:10]})"


class NormGroup(models.Model):
    """A named, versioned norm group for one bank version (content from scoring.Norms)."""

    bank_version = models.ForeignKey(
        "assessments.BankVersion", models.PROTECT, related_name="norm_groups",
        verbose_name=_("bank version"),
    )
    name = models.CharField(_("name"), max_length=200)
    number = models.PositiveIntegerField(_("version"), default=1)
    n = models.PositiveIntegerField(_("people"))
    data = models.JSONField(_("norms"))
    source_campaign = models.ForeignKey(
        "assessments.Campaign", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("norm group")
        verbose_name_plural = _("norm groups")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_version", "name", "number"], name="norm_group_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.number} (n={self.n})"


class ScoringRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(
        "assessments.Campaign", models.CASCADE, related_name="scoring_runs",
        verbose_name=_("campaign"),
    )
    spec = models.ForeignKey(ScoringSpec, models.PROTECT, related_name="runs")
    norm_group = models.ForeignKey(
        NormGroup, models.PROTECT, null=True, blank=True, related_name="runs"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")

    def __str__(self):
        return f"run {self.pk} of {self.campaign}"


class Result(models.Model):
    class RoleFamily(models.TextChoices):
        EXECUTION = "execution", _("Precise execution")
        COMPRESSION = "compression", _("High compression")
        UNDETERMINED = "undetermined", _("Undetermined")
        NONE = "", _("Not classified")

    class Validity(models.TextChoices):
        VALID = "valid", _("Valid")
        QUESTIONABLE = "questionable", _("Questionable")
        INVALID = "invalid", _("Invalid")

    assignment = models.ForeignKey(
        "assessments.Assignment", models.CASCADE, related_name="results"
    )
    spec = models.ForeignKey(ScoringSpec, models.PROTECT, related_name="results")
    norm_group = models.ForeignKey(NormGroup, models.PROTECT, related_name="results")
    bank_version = models.ForeignKey(
        "assessments.BankVersion", models.PROTECT, related_name="results"
    )
    run = models.ForeignKey(
        ScoringRun, models.SET_NULL, null=True, blank=True, related_name="results"
    )
    # Per scale: raw, n_missing, scorable, z, t, percentile, band_low, band_high.
    scores = models.JSONField(_("scores"))
    probability_execution = models.FloatField(_("probability of execution"), null=True, blank=True)
    role_family = models.CharField(
        _("role family"), max_length=16, choices=RoleFamily.choices, blank=True
    )
    profile_note = models.CharField(_("profile note"), max_length=32, blank=True)
    validity = models.CharField(_("validity"), max_length=16, choices=Validity.choices)
    indices = models.JSONField(_("validity indices"))
    flags = models.JSONField(_("flags"), default=list)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "spec"], name="result_once_per_spec"),
            models.CheckConstraint(
                condition=Q(probability_execution__isnull=True)
                | Q(probability_execution__gte=0, probability_execution__lte=1),
                name="result_probability_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=~Q(validity="invalid") | Q(role_family=""),
                name="result_invalid_has_no_family",
            ),
        ]

    def __str__(self):
        return f"result {self.assignment_id} ({self.role_family or '-'})"
