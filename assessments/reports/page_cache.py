"""The one cache rule of the read side: every figure a report caches goes through
`cached(...)` (or `CachedRows`, for the count and page ids of a list), whose key is built
here and only here, from

- the report's name and its own parts (filters, a position's needs, the language),
- the generation stamps of what it reads (talent/stamps.py): the campaign or campaigns,
  every campaign, the organisation, the outcomes,
- the scoring spec the code scores with (a deploy that changes it leaves old entries).

Whoever writes bumps the stamps after commit; nothing else invalidates, and no key costs
more than one query (the list of campaigns, for a report over all of them; none
otherwise): the stamps live in the cache. This module is the only one under reports/ and
views/ that touches the cache (tests/assessments/test_only_the_page_cache_calls_the_cache.py).
docs/architecture.md, "The read side", draws it.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from talent import stamps

from .. import scoring
from ..models import Campaign

logger = logging.getLogger(__name__)

# Reports over all campaigns (the people table unfiltered, the newest campaign with a
# release, the evidence) depend on every campaign's stamp.
EVERY_CAMPAIGN = "every-campaign"

_MISSING = object()  # a cached None is a value, not a miss


def _plain(value):
    """A key part as plain data: model instances by primary key, mappings sorted."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, set | frozenset) else items)
    return getattr(value, "pk", value)


def _campaigns(campaign):
    """[(id, creation time)] of the campaigns a report reads. The creation time is part
    of the key so that an id handed out again (SQLite does, after a delete) never meets
    the entries of the campaign that had it."""
    if campaign is None:
        return []
    if campaign == EVERY_CAMPAIGN:
        return list(Campaign.objects.order_by("pk").values_list("pk", "created_at"))
    if isinstance(campaign, Campaign):
        campaign = [campaign]
    return [(c.pk, c.created_at) for c in campaign]


def key_for(name, *, campaign=None, org=False, outcomes=False, parts=()):
    """The cache key of report `name` over `campaign` (a Campaign, a list of them, or
    EVERY_CAMPAIGN), depending on the organisation's and the outcomes' stamps when asked,
    with the report's own `parts`."""
    campaigns = _campaigns(campaign)
    kinds = [stamps.campaign(pk) for pk, __ in campaigns]
    if org:
        kinds.append(stamps.ORGANISATION)
    if outcomes:
        kinds.append(stamps.OUTCOMES)
    seen = (tuple((pk, at.timestamp()) for pk, at in campaigns), kinds,
            stamps.read(*kinds), scoring.code_spec_hash(), _plain(parts))
    return f"report:{name}:{hashlib.sha256(repr(seen).encode()).hexdigest()[:32]}"


def _get_or_compute(key, compute, timeout):
    try:
        value = cache.get(key, _MISSING)
    except Exception as error:  # noqa: BLE001 - any failure of the cache's server
        # Pages need only the database: with the cache down they are computed each time.
        logger.warning("cache unreachable, %s computed afresh: %s", key.split(":")[1],
                       error.__class__.__name__)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception as error:  # noqa: BLE001
            logger.warning("cache unreachable, %s not kept: %s", key.split(":")[1],
                           error.__class__.__name__)
    return value


def cached(name, *, compute, campaign=None, org=False, outcomes=False, parts=(),
           timeout=None):
    """`compute()`, cached under `key_for(name, ...)` for `timeout` seconds
    (settings.DASHBOARD_CACHE_SECONDS unless given: the figures are right as long as
    the stamps are, the timeout only bounds what an idle entry costs the cache)."""
    key = key_for(name, campaign=campaign, org=org, outcomes=outcomes, parts=parts)
    return _get_or_compute(
        key, compute, settings.DASHBOARD_CACHE_SECONDS if timeout is None else timeout)


def cached_for_good(name, *, compute, parts):
    """`compute()` of something that never changes once stored (a norm group's expected
    agreement), kept until the cache lets it go."""
    return _get_or_compute(key_for(name, parts=parts), compute, None)


class CachedRows:
    """A queryset of results as a Paginator reads it, with its count and the ids of each
    page cached under `key` (from `key_for`, so that it follows the same stamps). The
    queryset may be given as a function, built only when something is not cached. The
    page's own rows are read fresh by id with `fetch`, so what a row shows (a name, a
    state) is never older than the ids that chose it.

    Counting and ordering 100,000 results joined to their people is what makes a people
    page slow; a page visited again, or warmed after a run, skips both. The ids query is
    narrow (only the primary key is selected), so even a first visit reads no scores."""

    def __init__(self, queryset, key, fetch):
        self._queryset, self.key, self.fetch = queryset, key, fetch

    @property
    def queryset(self):
        if callable(self._queryset):
            self._queryset = self._queryset()
        return self._queryset

    def count(self):
        return _get_or_compute(f"{self.key}:count", lambda: self.queryset.count(),
                               settings.DASHBOARD_CACHE_SECONDS)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = _get_or_compute(
            f"{self.key}:ids:{index.start}:{index.stop}",
            lambda: list(self.queryset.values_list("pk", flat=True)[index]),
            settings.DASHBOARD_CACHE_SECONDS)
        return self.fetch(ids)


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
