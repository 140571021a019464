"""A person reviews every result before it is final; the person it describes may contest it.

A scored result starts pending review. HR releases it as scored (confirm), releases it
with another family (override, with a reason) or withholds it (with a reason). Only a
released result is shown to the person, who may contest it once; a contested result is
back in HR's queue until it is decided again.

- `Result.review_state` is the current state; every change to it is one conditional
  UPDATE on (pk, review_state, review_round) in services/reviews.py, so two reviewers
  deciding at once cannot both win.
- `ReviewDecision` and `Contest` are the history: append-only (saved once, never changed
  or deleted through the ORM).
- `AccessRecord` records every read of a person's result by someone else, and every
  export or download of personal data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """A write that would change or delete a history record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(f"{self.model.__name__} records are never changed.")

    def delete(self):
        raise AppendOnly(f"{self.model.__name__} records are never deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly(f"{self.model.__name__} records are never changed.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly(f"{type(self).__name__} {self.pk} is history; add a new record.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__} records are never deleted.")


class ReviewDecisionQuerySet(AppendOnlyQuerySet):
    pass


class ReviewDecision(AppendOnlyModel):
    class Decision(models.TextChoices):
        CONFIRM = "confirm", _("Released as scored")
        OVERRIDE = "override", _("Released with another family")
        WITHHOLD = "withhold", _("Withheld")
        REOPEN = "reopen", _("Back in review after re-scoring")

    result = models.ForeignKey(
        "assessments.Result", models.CASCADE, related_name="decisions", verbose_name=_("result")
    )
    # Null only for the system's own "reopen" after re-scoring changed the result.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    # The family released on override (blank otherwise).
    family = models.CharField(_("family released"), max_length=16, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Whether this decision answered a contest (shown to the person with its reason).
    answers_contest = models.ForeignKey(
        "assessments.Contest", models.RESTRICT, null=True, blank=True, related_name="decisions",
        verbose_name=_("answers contest"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = ReviewDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            # Override and withhold are explained; an override names the family.
            models.CheckConstraint(
                condition=Q(decision__in=["confirm", "reopen"]) | ~Q(reason=""),
                name="review_decision_reason_required",
            ),
            # A contest's decision, "kept as it was" included, is explained to the person.
            models.CheckConstraint(
                condition=Q(answers_contest__isnull=True) | ~Q(reason=""),
                name="review_contest_decision_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(decision="override")
                | Q(family__in=["execution", "compression", "undetermined"]),
                name="review_override_names_a_family",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.result_id})"


class ContestQuerySet(AppendOnlyQuerySet):
    pass


class Contest(AppendOnlyModel):
    """The person's objection to a released result (once per result)."""

    result = models.OneToOneField(
        "assessments.Result", models.CASCADE, related_name="contest", verbose_name=_("result")
    )
    employee = models.ForeignKey(
        "talent.Employee", models.PROTECT, related_name="contests", verbose_name=_("employee")
    )
    comment = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("contested at"), auto_now_add=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.CheckConstraint(condition=~Q(comment=""), name="contest_has_a_comment"),
        ]

    def __str__(self):
        return f"contest of result {self.result_id}"


class AccessRecordQuerySet(AppendOnlyQuerySet):
    pass


class AccessRecord(AppendOnlyModel):
    """Who read or exported whose personal data, and when."""

    class Action(models.TextChoices):
        VIEW_RESULT = "view_result", _("Read a result")
        VIEW_PERSON = "view_person", _("Read a person's page")
        VIEW_LIST = "view_list", _("Read a list of results")
        EXPORT = "export", _("Exported results")
        DOWNLOAD_OWN = "download_own", _("Downloaded their own data")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("who")
    )
    # Whose data; null for an export that covers many people (detail says which).
    employee = models.ForeignKey(
        "talent.Employee", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("whose"),
    )
    # Everyone a list page showed (the people table, a position's holders and ranking):
    # one record per page, naming each person on it.
    people = models.ManyToManyField("talent.Employee", related_name="+", blank=True,
                                    verbose_name=_("people shown"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        indexes = [models.Index(fields=["employee", "at"])]

    def __str__(self):
        return f"{self.actor_id} {self.action} {self.employee_id or ''}"
