"""Generation stamps: a number per thing that changes, kept in the cache, that every
cached report puts in its key (assessments/reports/page_cache.py), so that a change makes
the reports that depend on it compute afresh and leaves every other entry alone.

- one stamp per campaign (`campaign(pk)`): its assignments' progress, its results, their
  review, contests, erasures and purges, the campaign's own edits;
- `ORGANISATION`: who sits where, holds which position, heads which unit, is active;
- `OUTCOMES`: outcome ratings and the criteria they are recorded against.

Whoever writes calls `bump(...)` with the stamps the write moves; `read(...)` is the one
way to read them. A stamp that is missing from the cache (a cleared or restarted cache,
an evicted key) starts again from the clock, never from a number an old entry could
still carry: a stamp that was bumped n times since it started at time t holds t + n,
and the clock has moved far more than n nanoseconds since.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

ORGANISATION = "organisation"
OUTCOMES = "outcomes"

_TIMEOUT = None  # stamps never expire on their own


def campaign(pk):
    """The stamp of one campaign (by id, so that writers need not load it)."""
    return f"campaign:{pk}"


def _key(kind):
    return f"stamp:{kind}"


def read(*kinds) -> tuple:
    """The current value of each stamp, in order: one read of the cache (two when some
    stamp was missing and is started from the clock)."""
    if not kinds:
        return ()
    keys = [_key(kind) for kind in kinds]
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            now = time.time_ns()
            for key in missing:
                cache.add(key, now, _TIMEOUT)  # another process may have started it first
            found.update(cache.get_many(missing))
    except Exception as error:  # noqa: BLE001 - any failure of the cache's server
        # A reading nobody else can have: whatever is computed under it is never taken
        # for a figure cached before the outage.
        logger.warning("cache unreachable, stamps not read: %s", error.__class__.__name__)
        return (-time.time_ns(),) * len(keys)
    # A stamp evicted between the add and the read: this reading keys nothing anyone
    # else can find, which is safe.
    return tuple(found.get(key, -1) for key in keys)


def bump(*kinds):
    """Move these stamps now and again once the current transaction commits: a report
    computed in between, from the rows before the change, is then left behind too.
    Outside a transaction both moves happen at once."""
    kinds = tuple(dict.fromkeys(kinds))

    def move():
        for kind in kinds:
            try:
                try:
                    cache.incr(_key(kind))
                except ValueError:  # not in the cache: start from the clock
                    cache.set(_key(kind), time.time_ns(), _TIMEOUT)
            except Exception as error:  # noqa: BLE001 - any failure of the cache's server
                # The write this stamp follows has been made (or will be, at commit):
                # an unreachable cache must not turn it into an error page, least of all
                # for a person answering. What is lost: figures cached before the outage
                # may be shown until the next write moves the stamp (a cache that
                # restarts empty has none).
                logger.warning("cache unreachable, stamp %s not moved: %s", kind,
                               error.__class__.__name__)

    if kinds:
        move()
        transaction.on_commit(move)


def bump_campaigns(campaign_ids):
    """`bump` the stamps of these campaigns (ids; duplicates and None are ignored)."""
    bump(*(campaign(pk) for pk in sorted({pk for pk in campaign_ids if pk is not None})))
