"""Reads of results from a PostgreSQL read replica, where a deployment has one.

With DATABASE_REPLICA_URL set, the `replica` alias exists and this router sends reads of
the assessment tables and the organisation to it inside `reading_from_replica()`: the
dashboards and the people pages (views/dashboards.py, views/people.py), the background
exports (services/exports.py) and the API's results export. Everything else (sessions,
logins, every write, and every read outside that block) goes to the primary, so a person
always sees what they have just done.

A page's cache key comes from the stamps in the cache (assessments/reports/page_cache.py),
which writers bump after their commit on the primary: a replica that lags behind that
commit when a page misses the cache computes older figures under the new key, and they
stay until the next write or the page's timeout (DASHBOARD_CACHE_SECONDS). Keep the
replica's lag well under a second, or the timeout short, where that matters.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
# Apps whose tables a replica may answer for; talent's only for the organisation.
_REPLICATED_APPS = {"assessments"}
_REPLICATED_TALENT = {"department", "position", "employee", "departmenttarget"}

_reading = ContextVar("reading_from_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica():
    """Within the block, reads of results and the organisation go to the replica (when
    one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """A view whose reads of results and the organisation may come from the replica."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped


def _replicated(model):
    meta = model._meta
    return meta.app_label in _REPLICATED_APPS or (
        meta.app_label == "talent" and meta.model_name in _REPLICATED_TALENT)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured() and _replicated(model):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: one database

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
