"""API tokens (api/tokens.py issues them; api/authentication.py reads them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may be used for. A scope never adds a right: the token's user must
    hold the role the operation asks for as well (api/permissions.py)."""

    ORG_READ = "org:read", _("Read the organisation")
    ORG_WRITE = "org:write", _("Sync the organisation")
    CAMPAIGNS_READ = "campaigns:read", _("Read campaigns")
    CAMPAIGNS_WRITE = "campaigns:write", _("Create, launch and score campaigns")
    RESULTS_READ = "results:read", _("Read released results")
    OUTCOMES_WRITE = "outcomes:write", _("Record outcome ratings")
    SCIM = "scim", _("Provision users (SCIM)")
    WEBHOOKS = "webhooks", _("Register and turn off webhooks")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A client's bearer token. Only the SHA-256 of the secret is stored; the secret is
    shown once, when the token is created. The token acts as its user, with that
    user's role: its scopes can only narrow what the user may do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown in lists so a token can be recognised.
    prefix = models.CharField(_("prefix"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                   name="api_token_expires_after_creation"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def has_scope(self, scope):
        return scope in self.scopes


class Event(models.TextChoices):
    RESULT_RELEASED = "result.released", _("Results released")
    CAMPAIGN_CLOSED = "campaign.closed", _("Campaign closed")
    SYNC_PAUSED = "sync.paused", _("HR-system sync paused")


class Webhook(models.Model):
    """An HTTPS endpoint of another system, told about events (api/webhooks.py). The
    secret signs every delivery; it is shown to HR when the hook is created."""

    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["webhook", "created_at"])]

    def __str__(self):
        return f"{self.event} → {self.webhook_id} ({self.status})"
