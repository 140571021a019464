"""What managers see: a campaign's figures as HR released them (docs/privacy.md).

A manager's unit dashboard never reads live scoring. It reads the newest snapshot of
the campaign, taken when HR shares the released results with managers (or when the
last review of a closed campaign is decided), counting released results only. Between
two snapshots nothing a manager sees changes, so reloading the page while people submit
or while HR reviews tells them nothing about any one person.

A snapshot is written once and never changed: comparing two of them is part of what a
manager can do, so the suppression of the newer one takes the older ones into account
(reports/dashboards.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitSnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("unit snapshots are written once and never changed")


class UnitSnapshot(models.Model):
    class Trigger(models.TextChoices):
        SHARED = "shared", _("Shared by HR")
        REVIEWS_DONE = "reviews_done", _("Last review of the closed campaign decided")

    campaign = models.ForeignKey("assessments.Campaign", models.CASCADE,
                                 related_name="unit_snapshots")
    spec = models.ForeignKey("assessments.ScoringSpec", models.PROTECT, null=True,
                             related_name="+")
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    # {department id as text ("" when not recorded): {category: people}}: counts only,
    # never an id of a person, so erasing a person leaves nothing here to find.
    counts = models.JSONField(default=dict)

    objects = UnitSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("figures shared with managers")
        verbose_name_plural = _("figures shared with managers")

    def __str__(self):
        return f"{self.campaign_id} @ {self.taken_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("unit snapshots are written once and never changed")
        super().save(*args, **kwargs)

    def own_counts(self):
        """{department id (None: not recorded): {category: n}}, as dashboards count."""
        return {int(key) if key else None: value for key, value in self.counts.items()}
