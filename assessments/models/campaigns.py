"""Campaigns, assignments and answers.

A submitted assignment is a closed record: who answered, in which campaign, when, and
what they answered never change again. The model layer refuses every write that would
(like the published-version lock in models/banks.py), on the instance and queryset
paths alike:

- an assignment that is stored as submitted keeps its campaign, employee, status and
  times (`Assignment.save`, `AssignmentQuerySet.update` and `bulk_update` refuse);
- the answers of a submitted assignment are neither added, changed, moved nor deleted
  (`Answer.save` and `delete`, `AnswerQuerySet.update`, `delete`, `bulk_update` and
  `bulk_create` refuse).

The one way answers reach a submitted assignment is the creation of that submission in
bulk: `Answer.objects.bulk_create(..., new_submissions=True)`, which assessments/bulk.py
uses for the response import and the demo, writes the whole answer set of assignments
that have no answer yet (each submission is written once, in one call). On PostgreSQL
that same path is a COPY inside the transaction that creates the assignments, which, like
any raw SQL, the ORM does not see. Answers typed by an employee are saved while the
assignment is in progress, before it is submitted. Deleting a whole submission (the
assignment, and with it its answers and results) is not an answer write: the admin
refuses it, and retention will purge by policy.
"""

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talent.languages import NamedInTwoLanguages

from .banks import BankVersion
from .messages import Message
from .scoring import Result, refresh_summaries

DEFAULT_NOTICE_VERSION = "2026-1"


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


class Campaign(NamedInTwoLanguages, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_zh = models.CharField(
        _("name in Chinese"), max_length=200, blank=True,
        help_text=_("Shown on the Chinese pages; the English name is shown when empty."),
    )
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
    # Who is assessed (HR's campaign form): everyone active, or the employees of these
    # departments (with their sub-departments) and/or in these positions.
    audience_all = models.BooleanField(_("all active employees"), default=False)
    departments = models.ManyToManyField(
        "talent.Department", blank=True, related_name="+", verbose_name=_("departments"),
        help_text=_("With their sub-departments."),
    )
    positions = models.ManyToManyField(
        "talent.Position", blank=True, related_name="+", verbose_name=_("positions"),
    )
    notice_version = models.CharField(
        _("notice version"), max_length=32, default=DEFAULT_NOTICE_VERSION,
        help_text=_("The version of the privacy notice people acknowledge."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
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
        return self.display_name

    def clean(self):
        super().clean()
        # Drafts can still change under the answers; only published (or retired, for
        # historical data) versions can carry a campaign.
        if self.bank_version_id and self.bank_version.status == BankVersion.Status.DRAFT:
            raise ValidationError(
                {"bank_version": _("A campaign needs a published bank version, not a draft.")}
            )


class SubmissionLocked(Exception):
    """A write that would change a submitted assignment or its answers."""


# What a submitted assignment keeps for good (its answers are locked separately).
LOCKED_ASSIGNMENT_FIELDS = ("campaign", "employee", "status", "started_at", "submitted_at")
# What answering records on the assignment, also kept for good once submitted.
LOCKED_ANSWERING_FIELDS = ("notice_version", "notice_acknowledged_at", "item_order", "sequence",
                           "language")


def _locked_names(names):
    return {name.removesuffix("_id") for name in names} & (
        set(LOCKED_ASSIGNMENT_FIELDS) | set(LOCKED_ANSWERING_FIELDS))


def _excludes_submitted(query):
    """Whether the WHERE clause of an assignment query is `NOT (status = 'submitted') AND
    ...` or `status = <another status> AND ...`: then no submitted row can match it. Read
    from the clause's structure, so a queryset widened again (`|`, an OR) no longer
    qualifies."""
    where = query.where
    if where.negated or where.connector != AND:
        return False
    status = Assignment._meta.get_field("status")

    def on_status(lookup):
        return (isinstance(lookup, Exact) and getattr(lookup.lhs, "target", None) is status
                and getattr(lookup.lhs, "alias", None) == query.base_table)

    for child in where.children:
        if on_status(child) and child.rhs != Assignment.Status.SUBMITTED:
            return True
        if (isinstance(child, WhereNode) and child.negated and len(child.children) == 1
                and on_status(child.children[0])
                and child.children[0].rhs == Assignment.Status.SUBMITTED):
            return True
    return False


class AssignmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assignment.Status.SUBMITTED)

    def pending(self):
        """Not submitted yet (not started or in progress)."""
        return self.exclude(status=Assignment.Status.SUBMITTED)

    def without_result(self, spec):
        """Those with no result under `spec` (a ScoringSpec row)."""
        return self.filter(~Exists(Result.objects.filter(assignment=OuterRef("pk"), spec=spec)))

    def not_invited(self):
        """Those with no invitation recorded, sent or attempted (a failed delivery is
        recorded, and is not tried again behind HR's back)."""
        return self.filter(~Exists(Message.objects.filter(
            assignment=OuterRef("pk"), kind=Message.Kind.INVITATION)))

    def sorted_ids(self):
        """Primary keys in ascending order as an int64 array (the order scoring reads in).
        Sorted by the database (the primary key's index) and read straight into the
        array: a list of 300,000 ints sorted in Python cost a run's preparation twice
        that."""
        return np.fromiter(self.order_by("pk").values_list("pk", flat=True), dtype=np.int64)

    def update(self, **kwargs):
        # The check costs a query; a queryset that excludes submitted rows (as every
        # answering write does, in the UPDATE itself) cannot touch one, so it is skipped.
        if (_locked_names(kwargs) and not _excludes_submitted(self.query)
                and self.submitted().exists()):
            raise SubmissionLocked(
                "A submitted assignment keeps its campaign, employee, status and times."
            )
        if not _moves_results(kwargs):
            return super().update(**kwargs)
        # Where the person sat at launch is on their results' summaries too.
        with transaction.atomic(using=self.db):
            ids = list(self.order_by().values_list("pk", flat=True))
            count = super(AssignmentQuerySet, self.filter(pk__in=ids)).update(**kwargs)
            refresh_summaries(self.db, "assignment_id", ids)
            return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if _locked_names(fields) and Assignment.objects.filter(
            pk__in=[obj.pk for obj in objs], status=Assignment.Status.SUBMITTED
        ).exists():
            raise SubmissionLocked("Submitted assignments cannot be changed in bulk.")
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            if _moves_results(fields):
                refresh_summaries(self.db, "assignment_id", [obj.pk for obj in objs])
            return count


def _moves_results(names):
    """Whether a write of these assignment fields changes what their results' summaries
    show (models/summaries.py: the department and position at launch)."""
    return bool({name.removesuffix("_id") for name in names} & {"department", "position"})


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
    # HR's side (launch, invitations): where the person sat in the organisation when the
    # campaign was launched; later moves do not change where they were assessed.
    department = models.ForeignKey(
        "talent.Department", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("department at launch"),
    )
    position = models.ForeignKey(
        "talent.Position", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("position at launch"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # Answering (services/answering.py): the notice acknowledged, the item order shown,
    # the last save sequence number accepted and the language last answered in.
    notice_version = models.CharField(_("notice version"), max_length=32, blank=True,
                                      default="", db_default="")
    notice_acknowledged_at = models.DateTimeField(_("notice acknowledged at"), null=True,
                                                  blank=True)
    item_order = models.JSONField(_("item order"), default=list, blank=True,
                                  db_default=Value([], models.JSONField()))
    sequence = models.PositiveBigIntegerField(_("last save sequence"), default=0, db_default=0)
    language = models.CharField(_("language answered in"), max_length=16, blank=True,
                                default="", db_default="")

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
        indexes = [
            models.Index(fields=["campaign", "status"]),
            # The dashboards count each department's stages: an index-only scan.
            models.Index(fields=["campaign", "department", "status"],
                         name="assignment_unit_stages"),
        ]

    def __str__(self):
        return f"{self.campaign} / {self.employee}"

    def save(self, *args, **kwargs):
        moved = self._refuse_change_if_submitted() if self.pk is not None else False
        if not moved:
            super().save(*args, **kwargs)
            return
        # Its results' summaries show where the person sat at launch: same transaction.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            refresh_summaries(using, "assignment_id", [self.pk])

    def _refuse_change_if_submitted(self):
        """Refuse a change of a submitted assignment's locked fields; whether the
        department or position at launch changes (read in the same query)."""
        names = [self._meta.get_field(name).attname
                 for name in (*LOCKED_ASSIGNMENT_FIELDS, *LOCKED_ANSWERING_FIELDS)]
        stored = type(self)._base_manager.filter(pk=self.pk).values(
            *names, "department_id", "position_id").first()
        if stored is None:
            return False
        moved = (stored["department_id"], stored["position_id"]) != (
            self.department_id, self.position_id)
        if stored["status"] != self.Status.SUBMITTED:
            return moved
        if any(stored[name] != getattr(self, name) for name in names):
            raise SubmissionLocked(
                f"Assignment {self.pk} is submitted: its campaign, employee, status, "
                "times and answering record cannot change."
            )
        return moved

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

    def _refuse_if_submitted(self, extra_assignment_ids=()):
        if self.submitted().exists() or _any_submitted(extra_assignment_ids):
            raise SubmissionLocked("Answers of a submitted assignment cannot be changed.")

    def update(self, **kwargs):
        moving_to = kwargs.get("assignment") or kwargs.get("assignment_id")
        self._refuse_if_submitted([getattr(moving_to, "pk", moving_to)] if moving_to else [])
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_submitted()
        return super().delete()

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        stored = Answer._base_manager.filter(pk__in=[obj.pk for obj in objs])
        ids = ({obj.assignment_id for obj in objs}
               | set(stored.values_list("assignment_id", flat=True)))
        if _any_submitted(ids):
            raise SubmissionLocked("Answers of a submitted assignment cannot be changed.")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, new_submissions=False, **kwargs):
        """`new_submissions=True` writes the answers of submissions being created: the
        assignments may be submitted already, but none of them may have an answer yet."""
        objs = list(objs)
        ids = {obj.assignment_id for obj in objs}
        submitted = list(Assignment.objects.filter(
            pk__in=ids, status=Assignment.Status.SUBMITTED).values_list("pk", flat=True))
        if submitted and (
            not new_submissions
            or Answer._base_manager.filter(assignment_id__in=submitted).exists()
        ):
            raise SubmissionLocked("Cannot add answers to a submitted assignment.")
        return super().bulk_create(objs, *args, **kwargs)


def _any_submitted(assignment_ids):
    ids = {pk for pk in assignment_ids if pk is not None}
    return bool(ids) and Assignment.objects.filter(
        pk__in=ids, status=Assignment.Status.SUBMITTED).exists()


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
    # Answering: the language of the page the answer was chosen on, and the sequence
    # number of the save that wrote it (a save with a lower one never overwrites it).
    language = models.CharField(_("language"), max_length=16, blank=True, default="",
                                db_default="")
    sequence = models.PositiveBigIntegerField(_("save sequence"), default=0, db_default=0)

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

    def save(self, *args, **kwargs):
        self._refuse_if_submitted()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_submitted()
        return super().delete(*args, **kwargs)

    def _refuse_if_submitted(self):
        ids = {self.assignment_id}
        if self.pk is not None:
            ids |= set(type(self)._base_manager.filter(pk=self.pk)
                       .values_list("assignment_id", flat=True))
        if _any_submitted(ids):
            raise SubmissionLocked(
                f"Answer {self}: its assignment is submitted, so its answers are final."
            )

    def clean(self):
        super().clean()
        if self.item_id is not None and self.value is not None:
            allowed = answer_range(self.item)
            if self.value not in allowed:
                raise ValidationError({"value": _(
                    "%(value)s is outside this item's range %(low)s to %(high)s."
                ) % {"value": self.value, "low": allowed.start, "high": allowed.stop - 1}})
