"""What HR's people pages cache, and under which key: a count and the ids of each page
of a list of results, the first pages of a ranking, all keyed by `people_version()`,
which changes whenever the rows could (reports/people.py uses them; docs/architecture.md,
"People, have and need, two functions")."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from talent import stamps

from ..models import Result, ReviewDecision, ScoringRun, ScoringSpec


def people_version():
    """What any people page's rows can depend on, from a few reads of small tables or
    indexes (never a pass over the results): every scoring run's progress (a counted
    chunk, a re-score), the newest review decision (every confirm, override, withhold,
    reopening appends one), and the stamps of the organisation (moves, new holders of a
    position) and of the retention purge (talent/stamps.py)."""
    runs = ScoringRun.objects.aggregate(n=Count("pk"), last=Max("pk"), done=Sum("done"),
                                        failed=Sum("failed"), beat=Max("heartbeat_at"))
    decision = ReviewDecision.objects.aggregate(last=Max("pk"))["last"]
    # The newest result and the number of specs (what newest_results() depends on): a
    # result written outside a run (an import, a script) is seen too.
    newest = Result.objects.aggregate(last=Max("pk"))["last"]
    seen = (sorted(runs.items()), decision, newest, ScoringSpec.objects.count(),
            stamps.read(stamps.ORGANISATION), stamps.read(stamps.RESULTS))
    return hashlib.sha256(repr(seen).encode()).hexdigest()[:24]


class CachedRows:
    """A queryset of results as a Paginator reads it, with its count and the ids of each
    page cached under `key` (which must change whenever the rows could: see
    `people_version`). The page's own rows are read fresh by id with `fetch`, so what a
    row shows (a name, a state) is never older than the ids that chose it.

    Counting and ordering 100,000 results joined to their people is what makes a people
    page slow; a page visited again, or warmed after a run, skips both. The ids query is
    narrow (only the primary key is selected), so even a first visit reads no scores."""

    def __init__(self, queryset, key, fetch):
        self.queryset, self.key, self.fetch = queryset, key, fetch

    def count(self):
        n = cache.get(f"{self.key}:count")
        if n is None:
            n = self.queryset.count()
            cache.set(f"{self.key}:count", n, settings.DASHBOARD_CACHE_SECONDS)
        return n

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids_key = f"{self.key}:ids:{index.start}:{index.stop}"
        ids = cache.get(ids_key)
        if ids is None:
            ids = list(self.queryset.values_list("pk", flat=True)[index])
            cache.set(ids_key, ids, settings.DASHBOARD_CACHE_SECONDS)
        return self.fetch(ids)


def key_of(**filters):
    """A cache key part for keyword filters (model instances by primary key)."""
    parts = sorted((name, getattr(value, "pk", value)) for name, value in filters.items())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


# The first pages of a ranking are kept (20 pages of 25): computing the probabilities of
# everyone again on every visit was most of a position page's time.
RANK_KEPT = 500


class KeptRanking:
    """A ranking whose first RANK_KEPT entries are at hand; a page further down has the
    whole ranking computed again."""

    def __init__(self, n, top, compute):
        self._n, self._top, self._compute = n, top, compute

    def __len__(self):
        return self._n

    def __iter__(self):
        return iter(self[0:self._n])

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.stop or 0) <= len(self._top):
            return self._top[index]
        return self._compute()[index]
