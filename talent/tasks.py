"""Celery entry points of the organisation: thin, calling one service."""

from celery import shared_task
from django.db import DatabaseError

from . import org_sync


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sync_drop_folder():
    """Beat: sync the newest snapshot in ORG_SYNC_DROP_DIR (once per file)."""
    sync = org_sync.sync_drop_folder()
    return sync.pk if sync is not None else None
