"""Webhook deliveries: one task per delivery, retried with exponential backoff (about
a minute, two, four... up to an hour between tries, seven tries in all); a delivery
that never got a 2xx is marked failed for HR to see."""

from celery import Task, shared_task

from . import webhooks


class DeliverTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        webhooks.give_up(args[0], exc)


@shared_task(base=DeliverTask, autoretry_for=(webhooks.DeliveryFailed,), retry_backoff=60,
             retry_backoff_max=3600, retry_jitter=True, max_retries=6)
def deliver_webhook(delivery_id):
    webhooks.deliver(delivery_id)
