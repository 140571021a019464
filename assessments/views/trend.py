"""Trend over time: each unit of a campaign followed across the campaigns on the same
scales (HR only, like the campaign dashboard it is linked from)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import Campaign, Result
from ..reports import trend

FAMILY_LABELS = {
    "execution": Result.RoleFamily.EXECUTION.label,
    "undetermined": Result.RoleFamily.UNDETERMINED.label,
    "compression": Result.RoleFamily.COMPRESSION.label,
}


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def unit_trend(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    report = trend.unit_trend(campaign)
    return render(request, "assessments/dashboards/unit_trend.html", {
        "campaign": campaign,
        "report": report,
        "family_columns": [(f, FAMILY_LABELS[f]) for f in trend.SHOWN_FAMILIES],
        "minimum_people": trend.MIN_STABILITY_PEOPLE,
    })
