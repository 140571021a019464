"""Question banks: a bank has numbered versions; a version holds scales, items and twins.

A published version is what campaigns and results point at, so it never changes again:
the model layer refuses every write to it (instance and queryset paths) except the one
status move published -> retired. Authors change a bank by copying a version into a new
draft (see assessments/banks.py for the workflows).
"""

from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Languages every published text must have. Texts are JSON objects keyed by language
# code ({"en": "...", "zh-hans": "..."}) rather than one column per language.
REQUIRED_LANGUAGES = ("en", "zh-hans")

# What makes a bank fit to classify people into the two role families (docs/scoring.md):
# enough items per family scale for a usable reliability, a balance of reverse-keyed
# items against acquiescence, and enough twins, some reverse-worded, for the alignment
# and acquiescence screens to mean something.
MIN_FAMILY_ITEMS = 12
REVERSE_SHARE_RANGE = (0.30, 0.70)
MIN_TWIN_PAIRS = 8
MIN_OPPOSITE_SHARE = Fraction(1, 3)


class PublishedVersionLocked(Exception):
    """A write that would change a published or retired bank version."""


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def pick_text(texts, language):
    """The text for `language`, else English, else any; "" when there is none."""
    if not isinstance(texts, dict):
        return ""
    for code in (language, "en", *texts):
        if texts.get(code):
            return texts[code]
    return ""


def text_problems(texts, *, required=REQUIRED_LANGUAGES):
    """What is wrong with a language-keyed text object, as short phrases."""
    if not isinstance(texts, dict):
        return [gettext("must be an object keyed by language code")]
    known = dict(settings.LANGUAGES)
    problems = []
    for code, value in texts.items():
        if code not in known:
            problems.append(gettext("unknown language %(code)r") % {"code": code})
        elif not isinstance(value, str):
            problems.append(gettext("the %(code)s text must be a string") % {"code": code})
    for code in required:
        value = texts.get(code)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                gettext("no %(language)s (%(code)s) text")
                % {"language": language_name(code), "code": code}
            )
    return problems


def _versions_locked(version_ids):
    return BankVersion.objects.filter(pk__in=version_ids).exclude(
        status=BankVersion.Status.DRAFT
    ).exists()


class NamedInLanguages:
    """For models whose `name` and `description` are texts keyed by language."""

    def name_in(self, language):
        return pick_text(self.name, language)

    def description_in(self, language):
        return pick_text(self.description, language)


class QuestionBank(NamedInLanguages, models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self):
        return self.code

    def next_version_number(self):
        latest = self.versions.aggregate(latest=models.Max("number"))["latest"]
        return (latest or 0) + 1


class BankVersionQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=BankVersion.Status.DRAFT)

    def published(self):
        return self.filter(status=BankVersion.Status.PUBLISHED)

    def update(self, **kwargs):
        locked = self.exclude(status=BankVersion.Status.DRAFT)
        if locked.exists():
            retiring = kwargs == {"status": BankVersion.Status.RETIRED}
            if not retiring or locked.exclude(status=BankVersion.Status.PUBLISHED).exists():
                raise PublishedVersionLocked(
                    "Published bank versions can only be retired, not updated."
                )
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=BankVersion.Status.DRAFT).exists():
            raise PublishedVersionLocked("Published bank versions cannot be deleted.")
        # Deleting would null a published version's `based_on` behind the model's back.
        if BankVersion.objects.filter(based_on__in=self).exclude(
            status=BankVersion.Status.DRAFT
        ).exists():
            raise PublishedVersionLocked("A published version was copied from this draft.")
        return super().delete()

    def bulk_update(self, objs, fields, *args, **kwargs):
        if _versions_locked([obj.pk for obj in objs]):
            raise PublishedVersionLocked("Published bank versions cannot be updated in bulk.")
        return super().bulk_update(objs, fields, *args, **kwargs)


class BankVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    bank = models.ForeignKey(
        QuestionBank, models.PROTECT, related_name="versions", verbose_name=_("bank")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The bank's name and description as this version shows them (empty: the bank's
    # own, until publishing freezes them here). Re-importing a bank with a new name
    # names the new version, never the versions already published.
    name = models.JSONField(_("name"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    changelog = models.TextField(_("changelog"), blank=True)
    based_on = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    history = HistoricalRecords()
    objects = BankVersionQuerySet.as_manager()

    class Meta:
        ordering = ["bank__code", "-number"]
        verbose_name = _("bank version")
        verbose_name_plural = _("bank versions")
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="bank_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="bank_version_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="bank_version_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.bank.code} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_change_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored not in (None, self.Status.DRAFT):
            raise PublishedVersionLocked(f"{self} is {stored} and cannot be deleted.")
        if type(self).objects.filter(based_on=self).exclude(status=self.Status.DRAFT).exists():
            raise PublishedVersionLocked(f"A published version was copied from {self}.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def shown_name(self):
        """The name (texts by language) this version shows: its own, else its bank's."""
        return self.name or self.bank.name

    @property
    def shown_description(self):
        return self.description if self.name else self.bank.description

    def name_in(self, language):
        return pick_text(self.shown_name, language)

    def description_in(self, language):
        return pick_text(self.shown_description, language)

    def _refuse_change_if_locked(self):
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or stored.status == self.Status.DRAFT:
            return
        # The one move allowed out of "published": retiring it, with nothing else changed.
        unchanged = all(
            getattr(stored, field.attname) == getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.attname != "status"
        )
        retiring = stored.status == self.Status.PUBLISHED and self.status == self.Status.RETIRED
        if not (unchanged and (retiring or self.status == stored.status)):
            raise PublishedVersionLocked(
                f"{self} is {stored.status}; only published -> retired is allowed."
            )

    def publish_problems(self):
        """Every reason this version cannot be published; empty when it can."""
        problems = []
        if not self.is_draft:
            problems.append(gettext("Only a draft can be published; this version is %(status)s.")
                            % {"status": self.get_status_display()})
        scales = list(self.scales.all())
        items = list(self.items.select_related("scale"))
        pairs = list(self.pairs.select_related("item_a__scale", "item_b__scale"))
        return problems + content_problems(scales, items, pairs)

    @property
    def classifies(self):
        return self.scales.exclude(role=Scale.Role.NONE).exists()


class LockedContentQuerySet(models.QuerySet):
    """Refuses queryset writes that reach a scale, item or pair of a locked version."""

    def _refuse_if_locked(self, extra_version_ids=()):
        ids = list(self.values_list("version_id", flat=True).distinct()) + list(extra_version_ids)
        if _versions_locked(ids):
            raise PublishedVersionLocked(
                f"{self.model._meta.verbose_name_plural} of a published bank version "
                "cannot be changed."
            )

    def update(self, **kwargs):
        moving_to = kwargs.get("version") or kwargs.get("version_id")
        self._refuse_if_locked([getattr(moving_to, "pk", moving_to)] if moving_to else [])
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_locked()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _versions_locked({obj.version_id for obj in objs}):
            raise PublishedVersionLocked("Cannot add content to a published bank version.")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        stored = self.model._base_manager.filter(pk__in=[obj.pk for obj in objs])
        ids = {obj.version_id for obj in objs} | set(stored.values_list("version_id", flat=True))
        if _versions_locked(ids):
            raise PublishedVersionLocked("Cannot change content of a published bank version.")
        return super().bulk_update(objs, fields, *args, **kwargs)


class VersionContent(models.Model):
    """Shared guard for the rows that belong to one bank version."""

    objects = LockedContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if _versions_locked(self._locked_version_ids()):
            raise PublishedVersionLocked(
                f"{self._meta.verbose_name} {self}: its bank version is published."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _versions_locked(self._locked_version_ids()):
            raise PublishedVersionLocked(
                f"{self._meta.verbose_name} {self}: its bank version is published."
            )
        return super().delete(*args, **kwargs)

    def _locked_version_ids(self):
        ids = {self.version_id}
        if self.pk is not None:
            ids |= set(
                type(self)._base_manager.filter(pk=self.pk).values_list("version_id", flat=True)
            )
        return ids


class Scale(NamedInLanguages, VersionContent):
    class Role(models.TextChoices):
        EXECUTION = "execution", _("Precise execution")
        COMPRESSION = "compression", _("High compression")
        NONE = "", _("None (measured, not classified)")

    version = models.ForeignKey(
        BankVersion, models.CASCADE, related_name="scales", verbose_name=_("bank version")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.NONE, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "code"]
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="scale_code_unique"),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        errors = {}
        for field in ("name", "description"):
            problems = text_problems(getattr(self, field), required=())
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)


class Item(VersionContent):
    version = models.ForeignKey(
        BankVersion, models.CASCADE, related_name="items", verbose_name=_("bank version")
    )
    scale = models.ForeignKey(Scale, models.CASCADE, related_name="items", verbose_name=_("scale"))
    code = models.CharField(_("code"), max_length=32)
    text = models.JSONField(_("text"), default=dict)
    reverse = models.BooleanField(_("reverse-keyed"), default=False)
    min_value = models.SmallIntegerField(_("lowest answer"), default=1)
    max_value = models.SmallIntegerField(_("highest answer"), default=5)
    # {"en": ["Strongly disagree", ..., "Strongly agree"], "zh-hans": [...]}: one label per
    # answer value from min to max, or just the two ends.
    anchors = models.JSONField(_("answer labels"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="item_code_unique"),
            models.CheckConstraint(
                condition=Q(min_value__lt=F("max_value")), name="item_min_below_max"
            ),
        ]

    def __str__(self):
        return self.code

    def text_in(self, language):
        return pick_text(self.text, language)

    def answer_choices(self, language):
        """(value, label) for each answer from min to max; label "" where none is given."""
        values = list(range(self.min_value, self.max_value + 1))
        labels = pick_text(self.anchors, language) or []
        if len(labels) == len(values):
            return list(zip(values, labels, strict=True))
        ends = labels if len(labels) == 2 else ["", ""]
        return [
            (value, ends[0] if value == self.min_value else ends[1] if value == self.max_value
             else "")
            for value in values
        ]

    def anchor_problems(self):
        """Phrases describing malformed answer labels (a list per language)."""
        if not isinstance(self.anchors, dict):
            return [gettext("answer labels must be an object keyed by language code")]
        problems = []
        span = self.max_value - self.min_value + 1
        for code, labels in self.anchors.items():
            if code not in dict(settings.LANGUAGES):
                problems.append(gettext("unknown language %(code)r") % {"code": code})
            elif not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                problems.append(gettext("the %(code)s answer labels must be a list of strings")
                                % {"code": code})
            elif len(labels) not in (2, span):
                problems.append(
                    gettext("%(count)d answer labels in %(code)s; give 2 (the ends) or "
                            "%(span)d (one per answer)")
                    % {"count": len(labels), "code": code, "span": span}
                )
        return problems

    def clean(self):
        errors = {}
        problems = text_problems(self.text, required=())
        if problems:
            errors["text"] = problems
        problems = self.anchor_problems()
        if problems:
            errors["anchors"] = problems
        if self.scale_id and self.version_id and self.scale.version_id != self.version_id:
            errors["scale"] = gettext("The scale belongs to another bank version.")
        if errors:
            raise ValidationError(errors)


class TwinPair(VersionContent):
    """Two items with the same structure and different wording (docs/scoring.md, alignment)."""

    class Relation(models.TextChoices):
        SAME = "same", _("Same (paraphrase)")
        OPPOSITE = "opposite", _("Opposite (reverse-worded)")

    version = models.ForeignKey(
        BankVersion, models.CASCADE, related_name="pairs", verbose_name=_("bank version")
    )
    item_a = models.ForeignKey(Item, models.CASCADE, related_name="+", verbose_name=_("item A"))
    item_b = models.ForeignKey(Item, models.CASCADE, related_name="+", verbose_name=_("item B"))
    relation = models.CharField(
        _("relation"), max_length=16, choices=Relation.choices, default=Relation.SAME
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("twin pair")
        verbose_name_plural = _("twin pairs")
        constraints = [
            models.UniqueConstraint(fields=["version", "item_a"], name="twin_item_a_once"),
            models.UniqueConstraint(fields=["version", "item_b"], name="twin_item_b_once"),
            models.CheckConstraint(
                condition=~Q(item_a=F("item_b")), name="twin_pair_two_items"
            ),
        ]

    def __str__(self):
        return f"{self.item_a} ~ {self.item_b} ({self.relation})"

    def clean(self):
        if not (self.item_a_id and self.item_b_id and self.version_id):
            return
        if self.version_id not in (self.item_a.version_id, self.item_b.version_id) or (
            self.item_a.version_id != self.item_b.version_id
        ):
            raise ValidationError(gettext("Both items must belong to this bank version."))


def content_problems(scales, items, pairs):
    """Every reason a version with this content cannot be published, as sentences.

    Works on saved rows and on unsaved instances alike (the importer checks a file before
    writing anything), so it compares by code, never by primary key.
    """
    problems = []
    if not scales:
        problems.append(gettext("The version has no scales."))
    if not items:
        problems.append(gettext("The version has no items."))

    for scale in scales:
        for problem in text_problems(scale.name):
            problems.append(gettext("Scale %(scale)s name: %(problem)s.")
                            % {"scale": scale.code, "problem": problem})

    per_scale = {scale.code: [] for scale in scales}
    for item in items:
        per_scale.setdefault(item.scale.code, []).append(item)
        for problem in text_problems(item.text):
            problems.append(gettext("Item %(item)s has %(problem)s.")
                            % {"item": item.code, "problem": problem})
        if item.min_value >= item.max_value:
            problems.append(
                gettext("Item %(item)s: the lowest answer (%(min)d) must be below the "
                        "highest (%(max)d).")
                % {"item": item.code, "min": item.min_value, "max": item.max_value}
            )
        else:
            for problem in item.anchor_problems():
                problems.append(gettext("Item %(item)s: %(problem)s.")
                                % {"item": item.code, "problem": problem})

    for scale in scales:
        if not per_scale[scale.code]:
            problems.append(gettext("Scale %(scale)s has no items.") % {"scale": scale.code})

    seen = {}
    for pair in pairs:
        a, b = pair.item_a, pair.item_b
        label = f"{a.code} ~ {b.code}"
        if a.code == b.code:
            problems.append(gettext("Twin pair %(pair)s joins an item to itself.")
                            % {"pair": label})
        elif a.scale.code != b.scale.code:
            problems.append(
                gettext("Twin pair %(pair)s joins items of different scales (%(a)s and %(b)s).")
                % {"pair": label, "a": a.scale.code, "b": b.scale.code}
            )
        for item in {a.code, b.code}:
            if item in seen:
                problems.append(
                    gettext("Item %(item)s is in two twin pairs (%(first)s and %(second)s).")
                    % {"item": item, "first": seen[item], "second": label}
                )
            else:
                seen[item] = label

    family_scales = [scale for scale in scales if scale.role]
    if family_scales:
        problems += _classification_problems(family_scales, per_scale, pairs)
    return problems


def _classification_problems(family_scales, per_scale, pairs):
    problems = []
    for role in (Scale.Role.EXECUTION, Scale.Role.COMPRESSION):
        holders = [scale.code for scale in family_scales if scale.role == role]
        if not holders:
            problems.append(
                gettext("A bank that classifies needs a %(family)s scale, and this one has none.")
                % {"family": role.label}
            )
        elif len(holders) > 1:
            problems.append(
                gettext("Only one scale may have the role %(family)s; %(scales)s all do.")
                % {"family": role.label, "scales": ", ".join(holders)}
            )
    low, high = REVERSE_SHARE_RANGE
    for scale in family_scales:
        if scale.role not in Scale.Role.values:
            continue
        items = per_scale[scale.code]
        if len(items) < MIN_FAMILY_ITEMS:
            problems.append(
                gettext("Scale %(scale)s has %(count)d items; a family scale needs at least "
                        "%(min)d.")
                % {"scale": scale.code, "count": len(items), "min": MIN_FAMILY_ITEMS}
            )
        if items:
            reversed_count = sum(item.reverse for item in items)
            share = reversed_count / len(items)
            if not low <= share <= high:
                problems.append(
                    gettext("Scale %(scale)s has %(reversed)d of %(count)d items reverse-keyed "
                            "(%(share)d%%); a family scale needs %(low)d–%(high)d%%.")
                    % {"scale": scale.code, "reversed": reversed_count, "count": len(items),
                       "share": round(share * 100), "low": low * 100, "high": high * 100}
                )
    if len(pairs) < MIN_TWIN_PAIRS:
        problems.append(
            gettext("The bank has %(count)d twin pairs; a bank that classifies needs at least "
                    "%(min)d.") % {"count": len(pairs), "min": MIN_TWIN_PAIRS}
        )
    opposite = sum(pair.relation == TwinPair.Relation.OPPOSITE for pair in pairs)
    if pairs and opposite < len(pairs) * MIN_OPPOSITE_SHARE:
        problems.append(
            gettext("%(opposite)d of %(count)d twin pairs are opposite (reverse-worded); at "
                    "least a third must be.") % {"opposite": opposite, "count": len(pairs)}
        )
    return problems
