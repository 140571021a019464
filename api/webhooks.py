"""Webhooks: HR registers HTTPS URLs for events; each delivery is signed, retried with
backoff by Celery (api/tasks.py), recorded, and carries ids only: the receiver reads
the rest through the API with its own token (docs/api.md, "Webhooks").

Signature: `X-Talent-Signature: sha256=<hex>`, the HMAC-SHA256 with the hook's secret of
`<X-Talent-Timestamp>.<body>`; a receiver recomputes it and refuses a timestamp older
than a few minutes (a replayed delivery).

A URL must be https, and its host must not resolve to a private, loopback, link-local
or otherwise internal address (the site must not be a way into the organisation's own
network); both are checked when the hook is registered and again at every delivery,
since DNS can change. Tests allow a loopback receiver with WEBHOOKS_ALLOW_PRIVATE.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event, Webhook, WebhookDelivery

TIMEOUT_SECONDS = 10
IDS_PER_DELIVERY = 1000


class DeliveryFailed(Exception):
    pass


def check_url(url):
    """Raise ValidationError unless the URL may receive deliveries."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (settings.WEBHOOKS_ALLOW_PRIVATE
                                        and parts.scheme == "http"):
        raise ValidationError(_("A webhook URL must start with https://."))
    if not parts.hostname:
        raise ValidationError(_("A webhook URL needs a host name."))
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(
            parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("The host %(host)s cannot be found.")
                              % {"host": parts.hostname}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise ValidationError(_(
                "%(host)s points at an internal address (%(ip)s); webhooks only go to "
                "public HTTPS endpoints.") % {"host": parts.hostname, "ip": ip})


def register(url, events, *, created_by=None):
    """A new hook; returns it (its secret is shown to HR once). Every problem at once."""
    problems = {}
    try:
        check_url(url)
    except ValidationError as error:
        problems["url"] = error.messages
    unknown = sorted(set(events) - set(Event.values))
    if not events or unknown:
        problems["events"] = _("Choose one or more of: %(names)s.") % {
            "names": ", ".join(Event.values)}
    if problems:
        raise ValidationError(problems)
    return Webhook.objects.create(url=url, events=sorted(set(events)), created_by=created_by,
                                  secret=secrets.token_hex(32))


def emit(event, **ids):
    """Record a delivery for every active hook on `event` (api/events.py queues them).
    `ids` are lists or single ids; long lists are split over several deliveries."""
    hooks = [hook for hook in Webhook.objects.filter(active=True) if event in hook.events]
    if not hooks:
        return []
    payloads = []
    for name, value in ids.items():
        if isinstance(value, list):
            for start in range(0, len(value), IDS_PER_DELIVERY):
                payloads.append({name: value[start:start + IDS_PER_DELIVERY]})
        else:
            payloads.append({name: value})
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event=event, payload={
            "id": str(uuid.uuid4()), "event": event, "created": timezone.now().isoformat(),
            "data": data})
        for hook in hooks for data in payloads)


def signature(secret, timestamp, body):
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect could point anywhere, an internal address included


def deliver(delivery_id):
    """POST one delivery; raises DeliveryFailed (to be retried) unless it got a 2xx.
    A delivery already delivered is not sent again."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return delivery
    hook = delivery.webhook
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts + 1)
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    status, error = None, ""
    try:
        check_url(hook.url)
        request = urllib.request.Request(hook.url, data=body, method="POST", headers={  # noqa: S310 (check_url: https only)
            "Content-Type": "application/json", "User-Agent": "talent-webhooks/1",
            "X-Talent-Event": delivery.event, "X-Talent-Delivery": delivery.payload["id"],
            "X-Talent-Timestamp": str(timestamp),
            "X-Talent-Signature": signature(hook.secret, timestamp, body)})
        opener = urllib.request.build_opener(_NoRedirects)
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as failure:
        status, error = failure.code, f"HTTP {failure.code}"
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    except (OSError, ValueError) as failure:
        error = str(failure) or type(failure).__name__
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.DELIVERED, response_status=status, error="",
            delivered_at=timezone.now())
        return delivery
    WebhookDelivery.objects.filter(pk=delivery.pk).update(response_status=status,
                                                          error=error[:500])
    raise DeliveryFailed(error or f"HTTP {status}")


def give_up(delivery_id, error):
    WebhookDelivery.objects.filter(pk=delivery_id).exclude(
        status=WebhookDelivery.Status.DELIVERED
    ).update(status=WebhookDelivery.Status.FAILED, error=str(error)[:500])
