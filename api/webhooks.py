"""Webhooks: HR registers HTTPS URLs for events; each delivery is signed, retried with
backoff by Celery (api/tasks.py), recorded, and carries ids only: the receiver reads
the rest through the API with its own token (docs/api.md, "Webhooks").

Signature: `X-Talent-Signature: sha256=<hex>`, the HMAC-SHA256 with the hook's secret of
`<X-Talent-Timestamp>.<body>`; a receiver recomputes it and refuses a timestamp older
than a few minutes (a replayed delivery).

A URL must be https, and its host must not resolve to a private, loopback, link-local
or otherwise internal address (the site must not be a way into the organisation's own
network); both are checked when the hook is registered and again at every delivery,
since DNS can change. A delivery connects to the very address it checked (the TLS
certificate is still verified against the host name): a name that answers with a public
address for the check and an internal one a moment later reaches nothing internal.
Tests allow a loopback receiver with WEBHOOKS_ALLOW_PRIVATE.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
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


def _resolve(host, port):
    """The addresses `host` resolves to, in the resolver's order of preference."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("The host %(host)s cannot be found.")
                              % {"host": host}) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url) -> str:
    """The address deliveries to `url` go to; raises ValidationError unless the URL may
    receive deliveries."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (settings.WEBHOOKS_ALLOW_PRIVATE
                                        and parts.scheme == "http"):
        raise ValidationError(_("A webhook URL must start with https://."))
    if not parts.hostname:
        raise ValidationError(_("A webhook URL needs a host name."))
    addresses = _resolve(parts.hostname, parts.port or 443)
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise ValidationError(_(
                    "%(host)s points at an internal address (%(ip)s); webhooks only go to "
                    "public HTTPS endpoints.") % {"host": parts.hostname, "ip": ip})
    return addresses[0]


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


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a host name, over a connection to an address chosen beforehand."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    """Plain HTTP (a test's loopback receiver only) to a chosen address."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


def _post(url, address, body, headers):
    """POST `body` to `url` over a connection to `address`; the answer's status. No
    redirect is followed: it could point anywhere, an internal address included."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    connection = (_PinnedHTTPS if secure else _PinnedHTTP)(
        parts.hostname, parts.port or (443 if secure else 80), address,
        timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", parts.path + (f"?{parts.query}" if parts.query else "")
                           or "/", body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


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
        address = check_url(hook.url)
        status = _post(hook.url, address, body, {
            "Content-Type": "application/json", "User-Agent": "talent-webhooks/1",
            "X-Talent-Event": delivery.event, "X-Talent-Delivery": delivery.payload["id"],
            "X-Talent-Timestamp": str(timestamp),
            "X-Talent-Signature": signature(hook.secret, timestamp, body)})
        if not 200 <= status < 300:
            error = f"HTTP {status}"
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
