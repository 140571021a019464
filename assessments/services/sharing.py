"""Sharing a campaign's figures with managers (models/snapshots.py, docs/privacy.md).

Managers read snapshots, never live scoring: HR shares the released results when it
chooses to (the campaign page), and the figures are shared by themselves once the last
review of a closed campaign is decided. A snapshot that would show exactly what the
previous one shows is not taken."""

from django.db import transaction

from ..models import Campaign, Result, UnitSnapshot
from ..reports.dashboards import current_spec, released_own_counts


class NothingToShare(Exception):
    """HR asked to share a campaign with no released result yet."""


def share_with_managers(campaign_id, *, by=None, trigger=UnitSnapshot.Trigger.SHARED):
    """Take a snapshot of the campaign's released results for managers; return it, or
    None when the managers already see exactly these figures."""
    with transaction.atomic():
        # One snapshot at a time per campaign: two HR people pressing the button at
        # once take one snapshot and find the second identical to it.
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        spec = current_spec()
        if not _released(campaign, spec).exists():
            raise NothingToShare
        counts = {"" if pk is None else str(pk): figures
                  for pk, figures in released_own_counts(campaign, spec).items()}
        last = campaign.unit_snapshots.order_by("-taken_at", "-pk").first()
        if last is not None and last.counts == counts:
            return None
        return UnitSnapshot.objects.create(campaign=campaign, spec=spec, taken_by=by,
                                           trigger=trigger, counts=counts)


def share_if_reviews_done(campaign_id):
    """Share a closed campaign's figures once no result waits for review (called after
    review decisions and scoring runs; safe to call any number of times)."""
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.CLOSED).first()
    if campaign is None:
        return None
    spec = current_spec()
    if spec is None or Result.objects.for_campaign(campaign, spec).filter(
            review_state=Result.ReviewState.PENDING).exists():
        return None
    try:
        return share_with_managers(campaign_id, trigger=UnitSnapshot.Trigger.REVIEWS_DONE)
    except NothingToShare:
        return None


def _released(campaign, spec):
    if spec is None:
        return Result.objects.none()
    return Result.objects.for_campaign(campaign, spec).filter(
        review_state__in=[Result.ReviewState.RELEASED, Result.ReviewState.CONTESTED])
