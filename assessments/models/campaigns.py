import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .banks import BankVersion
from .scoring import Result


class CampaignQuerySet(models.QuerySet):
    def open(self, now=None):
        """Campaigns people can answer right now: open, and inside their window if it has one."""
        now = now or timezone.now()
        return self.filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now),
            Q(closes_at__isnull=True) | Q(closes_at__gt=now),
            status=Campaign.Status.OPEN,
        )

    def closed(self):
        return self.filter(status=Campaign.Status.CLOSED)

    def by_reference(self, reference):
        """A campaign by its (unique) name, or by id when no campaign has that name, as
        the commands take it; raises Campaign.DoesNotExist."""
        campaign = self.filter(name=reference).first()
        if campaign is None and str(reference).isdigit():
            campaign = self.filter(pk=int(reference)).first()
        if campaign is None:
            raise Campaign.DoesNotExist(f"no campaign named {reference!r}")
        return campaign

    def with_counts(self):
        """Annotate `n_assignments` and `n_submitted` (one grouped query)."""
        return self.annotate(
            n_assignments=Count("assignments"),
            n_submitted=Count(
                "assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED)
            ),
        )


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    bank_version = models.ForeignKey(
        "assessments.BankVersion", models.PROTECT, related_name="campaigns",
        verbose_name=_("bank version"),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=F("closes_at")),
                name="campaign_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Drafts can still change under the answers; only published (or retired, for
        # historical data) versions can carry a campaign.
        if self.bank_version_id and self.bank_version.status == BankVersion.Status.DRAFT:
            raise ValidationError(
                {"bank_version": _("A campaign needs a published bank version, not a draft.")}
            )


class AssignmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assignment.Status.SUBMITTED)

    def pending(self):
        """Not submitted yet (not started or in progress)."""
        return self.exclude(status=Assignment.Status.SUBMITTED)

    def without_result(self, spec):
        """Those with no result under `spec` (a ScoringSpec row)."""
        return self.filter(~Exists(Result.objects.filter(assignment=OuterRef("pk"), spec=spec)))

    def sorted_ids(self):
        """Primary keys in ascending order as an int64 array (the order scoring reads in)."""
        return np.array(sorted(self.values_list("pk", flat=True)), dtype=np.int64)


class Assignment(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="assignments", verbose_name=_("campaign")
    )
    employee = models.ForeignKey(
        "talent.Employee", models.PROTECT, related_name="assignments", verbose_name=_("employee")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "employee"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee"], name="assignment_once_per_employee"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="assignment_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.campaign} / {self.employee}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    def submit(self, at=None):
        """Mark submitted (not saved: the caller saves, usually with its answers)."""
        at = at or timezone.now()
        self.status = self.Status.SUBMITTED
        self.started_at = self.started_at or at
        self.submitted_at = at


class AnswerQuerySet(models.QuerySet):
    def submitted(self):
        """Answers of submitted assignments: the ones scoring reads."""
        return self.filter(assignment__status=Assignment.Status.SUBMITTED)

    def for_campaign(self, campaign):
        return self.filter(assignment__campaign=campaign)


def answer_range(item):
    """The values an answer to `item` may take. Every write path checks against this."""
    return range(item.min_value, item.max_value + 1)


class Answer(models.Model):
    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="answers", verbose_name=_("assignment")
    )
    item = models.ForeignKey(
        "assessments.Item", models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    # Checked against the item's own range where answers are written (the range lives on
    # the item, which a CHECK constraint cannot see); the constraint below is the backstop.
    value = models.SmallIntegerField(_("value"))
    seconds = models.FloatField(_("seconds spent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "item"], name="answer_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__gte=-100, value__lte=100), name="answer_value_plausible"
            ),
            models.CheckConstraint(
                condition=Q(seconds__isnull=True) | Q(seconds__gte=0),
                name="answer_seconds_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id}:{self.item_id}={self.value}"

    def clean(self):
        super().clean()
        if self.item_id is not None and self.value is not None:
            allowed = answer_range(self.item)
            if self.value not in allowed:
                raise ValidationError({"value": _(
                    "%(value)s is outside this item's range %(low)s to %(high)s."
                ) % {"value": self.value, "low": allowed.start, "high": allowed.stop - 1}})
