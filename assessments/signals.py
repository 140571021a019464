"""What the assessments tell the rest of the site, after commit (the API's webhooks
listen). Senders pass ids only."""

from django.db import transaction
from django.dispatch import Signal

# `result_ids`: results just released to their people (a decision or a bulk confirm).
results_released = Signal()
# `campaign_id`: a campaign just closed (by HR, or at its closing time).
campaign_closed = Signal()


def send_after_commit(signal, **ids):
    transaction.on_commit(lambda: signal.send(sender=None, **ids))
