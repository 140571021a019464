"""Outcomes: dated ratings of people's work on defined criteria (docs/evidence.md).

A criterion ("performance in an operations-type role") has numbered versions, like a
bank: a version holds the definition HR rates against and its answer scale. A published
version is what outcome records point at, so it never changes again: the model layer
refuses every write to it (instance and queryset paths) except published -> retired,
as for bank versions (models/banks.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .banks import NamedInLanguages, PublishedVersionLocked, pick_text, text_problems


class Criterion(NamedInLanguages, models.Model):
    """The stable name a CSV refers to; its meaning lives in its versions."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("outcome criterion")
        verbose_name_plural = _("outcome criteria")

    def __str__(self):
        return self.code

    def published_version(self):
        """The version new ratings are recorded against: the newest published one."""
        return self.versions.filter(status=CriterionVersion.Status.PUBLISHED).order_by(
            "-number").first()


def _criterion_versions_locked(ids):
    return CriterionVersion.objects.filter(pk__in=ids).exclude(
        status=CriterionVersion.Status.DRAFT).exists()


class CriterionVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CriterionVersion.Status.PUBLISHED)

    def update(self, **kwargs):
        locked = self.exclude(status=CriterionVersion.Status.DRAFT)
        if locked.exists():
            retiring = kwargs == {"status": CriterionVersion.Status.RETIRED}
            if not retiring or locked.exclude(
                    status=CriterionVersion.Status.PUBLISHED).exists():
                raise PublishedVersionLocked(
                    "Published criterion versions can only be retired, not updated.")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=CriterionVersion.Status.DRAFT).exists():
            raise PublishedVersionLocked("Published criterion versions cannot be deleted.")
        return super().delete()

    def bulk_update(self, objs, fields, *args, **kwargs):
        if _criterion_versions_locked([obj.pk for obj in objs]):
            raise PublishedVersionLocked(
                "Published criterion versions cannot be updated in bulk.")
        return super().bulk_update(objs, fields, *args, **kwargs)


class CriterionVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class Family(models.TextChoices):
        """The family whose work the criterion rates (the direction of the evidence)."""

        EXECUTION = "execution", _("Precise execution")
        COMPRESSION = "compression", _("High compression")
        NEITHER = "", _("Neither family")

    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="versions",
                                  verbose_name=_("criterion"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    definition = models.JSONField(_("definition"), default=dict, blank=True)
    scale_min = models.FloatField(_("lowest rating"))
    scale_max = models.FloatField(_("highest rating"))
    scale_labels = models.JSONField(_("what the ratings mean"), default=dict, blank=True)
    family = models.CharField(_("family rated"), max_length=16, choices=Family.choices,
                              blank=True)
    # Only people placed in such a role can be rated (range restriction): the families
    # compared are then not the whole organisation, and the report says so.
    placed_only = models.BooleanField(_("rated only for people placed in such a role"),
                                      default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+")

    objects = CriterionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__code", "-number"]
        verbose_name = _("criterion version")
        verbose_name_plural = _("criterion versions")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "number"],
                                    name="criterion_version_number_unique"),
            models.CheckConstraint(condition=Q(scale_min__lt=F("scale_max")),
                                   name="criterion_scale_min_below_max"),
            models.CheckConstraint(condition=Q(status="draft") | Q(published_at__isnull=False),
                                   name="criterion_published_has_date"),
        ]

    def __str__(self):
        return f"{self.criterion.code} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_change_if_locked()
        if self.status != self.Status.RETIRED:
            # Every write path (the admin, services, the demo, a shell) meets the rule,
            # not only forms: a version is what a rating means, so one without a
            # definition is never stored, a draft included. Retiring is left free so
            # that a version stored before this rule can still be retired.
            problems = self.definition_problems()
            if problems:
                raise ValidationError({"definition": problems})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        problems = self.definition_problems()
        if problems:
            raise ValidationError({"definition": problems})

    def definition_problems(self):
        """Why this definition cannot be stored at all: it has no text in any language
        (empty, or only blanks). Publishing asks more: every required language
        (publish_problems)."""
        texts = self.definition if isinstance(self.definition, dict) else {}
        if any(isinstance(text, str) and text.strip() for text in texts.values()):
            return []
        return [gettext("A criterion needs a definition: say what is rated, by whom and "
                        "when. An empty or blank definition is refused.")]

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored not in (None, self.Status.DRAFT):
            raise PublishedVersionLocked(f"{self} is {stored} and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _refuse_change_if_locked(self):
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or stored.status == self.Status.DRAFT:
            return
        unchanged = all(getattr(stored, f.attname) == getattr(self, f.attname)
                        for f in self._meta.concrete_fields if f.attname != "status")
        retiring = stored.status == self.Status.PUBLISHED and self.status == self.Status.RETIRED
        if not (unchanged and (retiring or self.status == stored.status)):
            raise PublishedVersionLocked(
                f"{self} is {stored.status}; only published -> retired is allowed.")

    def definition_in(self, language):
        return pick_text(self.definition, language)

    def publish_problems(self):
        """Every reason this version cannot be published; empty when it can."""
        problems = []
        if self.status != self.Status.DRAFT:
            problems.append(gettext("Only a draft can be published."))
        problems += [gettext("Name: %(p)s") % {"p": p}
                     for p in text_problems(self.criterion.name)]
        problems += [gettext("Definition: %(p)s") % {"p": p}
                     for p in text_problems(self.definition)]
        if not self.scale_min < self.scale_max:
            problems.append(gettext("The lowest rating must be below the highest."))
        return problems

    def contains(self, value):
        return self.scale_min <= value <= self.scale_max


class OutcomeRecordQuerySet(models.QuerySet):
    def of_criterion(self, criterion):
        return self.filter(criterion=criterion)


class OutcomeRecord(models.Model):
    """One dated rating of one person on one criterion version.

    `scale_min` and `scale_max` are the version's scale, copied by the one write path
    (services/outcome_import.py) so that the database itself holds every value within
    its scale; `criterion` is the version's criterion, so that one person has at most
    one rating per criterion and date whichever version it was recorded under."""

    employee = models.ForeignKey("talent.Employee", models.CASCADE, related_name="outcomes",
                                 verbose_name=_("employee"))
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="records",
                                  verbose_name=_("criterion"), db_index=False)
    version = models.ForeignKey(CriterionVersion, models.PROTECT, related_name="records",
                                verbose_name=_("criterion version"))
    date = models.DateField(_("date"))
    value = models.FloatField(_("rating"))
    scale_min = models.FloatField()
    scale_max = models.FloatField()
    simulated = models.BooleanField(_("simulated (demo data)"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    objects = OutcomeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "criterion", "date"]
        verbose_name = _("outcome record")
        verbose_name_plural = _("outcome records")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "employee", "date"],
                                    name="outcome_once_per_person_criterion_date"),
            models.CheckConstraint(
                condition=Q(value__gte=F("scale_min")) & Q(value__lte=F("scale_max")),
                name="outcome_value_within_its_scale"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.criterion_id} {self.date}: {self.value}"
