"""Change stamps: a number per kind of change, kept in the cache, that cached reports put
in their keys so that a change makes them compute afresh.

Some changes leave nothing cheap to read in the database: the organisation is rewritten
in bulk by the import (no signals, no timestamps), and the retention purge deletes rows.
Whoever makes such a change calls `bump(kind)` after it commits. A stamp that is missing
from the cache (a cleared or restarted cache, an evicted key) starts again from the
clock, never from a number an old entry could still carry.
"""

import time

from django.core.cache import cache
from django.db import transaction

ORGANISATION = "organisation"  # who sits where, holds which position, heads which unit
RESULTS = "results"  # results deleted by the retention purge

_TIMEOUT = None  # stamps never expire on their own


def _key(kind):
    return f"stamp:{kind}"


def read(kind):
    value = cache.get(_key(kind))
    if value is None:
        cache.add(_key(kind), time.time_ns(), _TIMEOUT)
        value = cache.get(_key(kind), 0)
    return value


def bump(kind):
    """Move the stamp on now and again once the current transaction commits: a report
    computed in between, from the rows before the change, is then left behind too."""

    def move():
        try:
            cache.incr(_key(kind))
        except ValueError:  # not in the cache: start from the clock
            cache.set(_key(kind), time.time_ns(), _TIMEOUT)

    move()
    transaction.on_commit(move)
