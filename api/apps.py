from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Events of the other apps become webhook deliveries (api/events.py).
        from assessments import signals as assessment_signals
        from talent import signals as talent_signals

        from . import events

        assessment_signals.results_released.connect(
            events.on_results_released, dispatch_uid="webhooks-result-released")
        assessment_signals.campaign_closed.connect(
            events.on_campaign_closed, dispatch_uid="webhooks-campaign-closed")
        talent_signals.sync_paused.connect(events.on_sync_paused,
                                           dispatch_uid="webhooks-sync-paused")
