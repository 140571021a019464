"""What is left of a person after erasure (services/erasure.py): that an erasure happened,
when, by whom and why, and how much was removed. Nothing that names the person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    # The employee row stays, emptied ("Erased person", erased-<pk>), because the access
    # trail is append-only and points at it; the tombstone points at the same row.
    employee = models.OneToOneField("talent.Employee", models.PROTECT, related_name="erasure",
                                    verbose_name=_("erased employee"))
    # Null when an operator ran `manage.py erase_person` on the server.
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("erased by"))
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    # How much went, in numbers only: {"assignments": 3, "exports": 1, ...}.
    removed = models.JSONField(_("removed"), default=dict, blank=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="erasure_has_a_reason"),
        ]

    def __str__(self):
        return f"erasure {self.pk} of employee {self.employee_id}"
