"""Figures about campaigns for HR's pages."""

from django.db.models import Count, Q

from ..models import Assignment, Campaign, Result


def campaign_counts(campaign, spec) -> dict:
    """Assigned, submitted and scored under `spec` (a ScoringSpec row, or None)."""
    counts = Assignment.objects.filter(campaign=campaign).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(status=Assignment.Status.SUBMITTED)),
    )
    counts["scored"] = (
        Result.objects.for_campaign(campaign, spec).count() if spec is not None else 0
    )
    return counts


def campaigns_with_counts():
    """Every campaign, newest first, with `assigned` and `submitted` annotated."""
    submitted = Q(assignments__status=Assignment.Status.SUBMITTED)
    return Campaign.objects.select_related("bank_version__bank").annotate(
        assigned=Count("assignments"), submitted=Count("assignments", filter=submitted)
    ).order_by("-created_at", "-pk")


def recent_campaigns(n=5):
    """The newest campaigns (bank admins judge their items by how these answered)."""
    return Campaign.objects.select_related("bank_version__bank").order_by(
        "-created_at", "-pk")[:n]
