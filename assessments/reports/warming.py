"""Fill the caches the dashboards and HR's people pages read, so the first visit after a
scoring run or a review decision finds its figures ready instead of paying for them.

Read-only like every report: it only computes what the pages would, under the same cache
keys (the keys change with the run and the decisions, which is the invalidation). Called
by `tasks.warm_reports`, queued when a run closes and after review decisions.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from . import dashboards, evidence, people, trend, two_functions


def warm_campaign(campaign):
    """Compute and cache every per-campaign figure the pages share."""
    dashboards.campaign_dashboard(campaign)
    # The trend and the stability to expect the dashboard opens with (against the newest
    # other campaign with scores): one join of both campaigns, the dearest figure it shows.
    other = trend.default_comparison(trend.comparable_campaigns(campaign))
    if other is not None:
        trend.trend(other, campaign)
    # The have/need rankings' arrays and the two-functions tallies (released results).
    people.released_arrays(campaign)
    two_functions.two_functions(campaign)
    # HR's people table as it first opens (everyone, by name): its count and first page.
    rows = people.people_rows(**people.DEFAULT_TABLE)
    rows[0:people.TABLE_PAGE]
    # The sentence each report and result page carries about the family's evidence.
    for language, __ in settings.LANGUAGES:
        with translation.override(language):
            for family in evidence.FAMILIES:
                evidence.track_record(campaign.bank_version, family)
