"""What the organisation tells the rest of the site (the API's webhooks listen)."""

from django.dispatch import Signal

# Sent after commit when an HR-system sync was paused by its guard rails; `sync` is the
# OrgSync.
sync_paused = Signal()
