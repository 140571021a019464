"""Sending one email, and recording what the provider later says happened to it.

Messages go out through Django's mailer (SMTP by default). With MAIL_PROVIDER set, the
mailer is the provider's API through django-anymail, which hands back the provider's id
of each message; the provider's delivery webhook (`mail/events/<provider>/`, checked
with ANYMAIL_WEBHOOK_SECRET) then reports delivered, bounced, marked as spam, rejected
or delayed, and `record_event` writes that on the message it names: an invitation, a
reminder, a login invitation (models inheriting `DeliveryReport`).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.mail import EmailMessage
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from .models import DeliveryReport

# Anymail's event types that say something about delivery; opens and clicks are not
# recorded (nothing here tracks them).
EVENTS = {
    "delivered": DeliveryReport.Delivery.DELIVERED,
    "bounced": DeliveryReport.Delivery.BOUNCED,
    "complained": DeliveryReport.Delivery.COMPLAINED,
    "rejected": DeliveryReport.Delivery.REJECTED,
    "failed": DeliveryReport.Delivery.REJECTED,
    "deferred": DeliveryReport.Delivery.DEFERRED,
}
DETAIL_LENGTH = 500
# The models whose rows carry a provider id (registered by their apps).
_REPORTED = []


def register(model):
    _REPORTED.append(model)
    return model


def send(subject, body, recipient):
    """Send one plain-text message; the provider's id of it ("" without a provider).
    Raises what the mailer raises."""
    email = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    email.send()
    status = getattr(email, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    return "" if message_id is None else str(message_id)


def record_event(event):
    """Write a provider's report on the message it names, unless a later report is
    already there. How many rows it touched (0 for a message we did not send)."""
    delivery = EVENTS.get(event.event_type)
    if delivery is None or not event.message_id:
        return 0
    when = event.timestamp or timezone.now()
    detail = " ".join(filter(None, (event.reject_reason, event.description,
                                    event.mta_response)))[:DETAIL_LENGTH]
    return sum(model.objects.filter(provider_id=str(event.message_id)).filter(
        Q(delivery_at__isnull=True) | Q(delivery_at__lte=when)).update(
        delivery=delivery, delivery_detail=detail, delivery_at=when)
        for model in _REPORTED)


def _on_tracking(sender, event, esp_name, **kwargs):
    record_event(event)


def connect():
    from anymail.signals import tracking

    tracking.connect(_on_tracking, dispatch_uid="talent.mail.record_event")


@login_not_required
@csrf_exempt
def mail_events(request, provider):
    """The configured provider's delivery webhook (anymail checks its secret and reads
    its format); any other provider's address does not exist."""
    if not settings.MAIL_PROVIDER or provider != settings.MAIL_PROVIDER:
        raise Http404
    from anymail import urls

    view = next((p.callback for p in urls.urlpatterns
                 if p.name == f"{provider}_tracking_webhook"), None)
    if view is None:
        raise Http404
    return view(request)
