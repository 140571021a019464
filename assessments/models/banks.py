from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Languages every published text must have. Texts are JSON objects keyed by language
# code ({"en": "...", "zh-hans": "..."}) rather than one column per language.
REQUIRED_LANGUAGES = ("en", "zh-hans")


class QuestionBank(models.Model):
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


class Scale(models.Model):
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


class Item(models.Model):
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


class TwinPair(models.Model):
    """Two items with the same structure and different wording (DESIGN.md, alignment)."""

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
