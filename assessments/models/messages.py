"""The messages sent to people about their assignments: one row per message sent or
attempted (invitations, reminders), so HR sees who was invited, who was reminded when,
and which deliveries failed and why.

An invitation is recorded once per assignment (a unique constraint): the invitation
service writes the row first and sends only if it wrote it, so a retried task sends
nothing twice.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talent.models import DeliveryReport


class MessageQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=Message.Status.FAILED)

    def for_campaign(self, campaign):
        return self.filter(assignment__campaign=campaign)


class Message(DeliveryReport):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    assignment = models.ForeignKey(
        "assessments.Assignment", models.CASCADE, related_name="messages",
        verbose_name=_("assignment"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENDING
    )
    recipient = models.EmailField(_("recipient"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    # Reasons recorded by the service itself (shown to HR in their language).
    NO_EMAIL = "no email address"
    NO_LOGIN = "no login"
    REASONS = {NO_EMAIL: _("No email address"), NO_LOGIN: _("No login")}

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(kind="invitation"),
                name="message_one_invitation_per_assignment",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["assignment", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.assignment_id} ({self.status})"

    def reason(self):
        """Why the delivery failed, for HR (the backend's own error text otherwise)."""
        return self.REASONS.get(self.error, self.error)
