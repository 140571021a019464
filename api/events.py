"""The site's events, turned into webhook deliveries and queued (connected in
api/apps.py). The signals are sent after commit, so a delivery never announces
something that was rolled back."""

from django.core import checks
from django.db import transaction

from . import tasks, webhooks
from .models import Event


def _emit(event, **ids):
    with transaction.atomic():
        deliveries = webhooks.emit(event, **ids)
        pks = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: [tasks.deliver_webhook.delay(pk) for pk in pks])


def on_results_released(sender, result_ids, **kwargs):
    _emit(Event.RESULT_RELEASED, result_ids=list(result_ids))


def on_campaign_closed(sender, campaign_id, **kwargs):
    _emit(Event.CAMPAIGN_CLOSED, campaign_id=campaign_id)


def on_sync_paused(sender, sync, **kwargs):
    _emit(Event.SYNC_PAUSED, sync_id=sync.pk)


@checks.register(checks.Tags.security, deploy=True)
def webhooks_stay_public(app_configs, **kwargs):
    from django.conf import settings

    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return [checks.Error(
            "WEBHOOKS_ALLOW_PRIVATE is on: webhooks could reach internal addresses.",
            hint="Unset WEBHOOKS_ALLOW_PRIVATE (it is for tests only).", id="api.E001")]
    return []
