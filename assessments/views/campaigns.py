"""Campaign pages for HR: counts, scoring runs with live progress, item analysis."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import tasks
from ..models import Assignment, Campaign, ScoringRun, ScoringSpec
from ..reports.campaigns import campaign_counts, campaigns_with_counts
from ..reports.item_analysis import item_analysis as analyse_items

CAMPAIGNS_PER_PAGE = 25


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def campaign_list(request):
    page = Paginator(campaigns_with_counts(), CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/campaigns/list.html", {"campaigns": page, "page": page})


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    spec = ScoringSpec.objects.current()
    runs = campaign.scoring_runs.select_related("norm_group", "spec")[:10]
    ctx = {
        "campaign": campaign,
        "counts": campaign_counts(campaign, spec),
        "runs": runs,
        "latest_run": runs[0] if runs else None,
        "spec": spec,
        "can_score": request.user.has_perm("assessments.score_campaign"),
        "can_analyse": request.user.has_perm("assessments.view_item_analysis"),
    }
    return render(request, "assessments/campaigns/detail.html", ctx)


@require_POST
@permission_required("assessments.score_campaign", raise_exception=True)
def score_campaign(request, pk):
    with transaction.atomic():
        # Locking the campaign row serialises two clicks on "Score now": the second one
        # sees the first one's run and does not start another.
        campaign = get_object_or_404(Campaign.objects.select_for_update(), pk=pk)
        if campaign.scoring_runs.active().exists():
            messages.info(request, _("This campaign is already being scored."))
        elif not campaign.assignments.filter(status=Assignment.Status.SUBMITTED).exists():
            messages.warning(request, _("Nobody has submitted an assessment yet."))
        else:
            tasks.start_run(campaign)
            messages.success(request, _("Scoring started."))
    return redirect("assessments:campaign_detail", pk=campaign.pk)


@require_GET
@permission_required("assessments.view_scoringrun", raise_exception=True)
def run_progress(request, pk, run_id):
    run = get_object_or_404(
        ScoringRun.objects.select_related("norm_group"), pk=run_id, campaign_id=pk
    )
    return render(request, "assessments/campaigns/_run_progress.html", {"run": run})


@require_GET
@permission_required("assessments.view_item_analysis", raise_exception=True)
def item_analysis(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    report = analyse_items(campaign)
    scales = [
        {"code": code, **stats, "item_rows": list(stats["items"].items())}
        for code, stats in report.items()
    ]
    ctx = {
        "campaign": campaign,
        "scales": scales,
        "has_answers": any(scale["n"] for scale in scales),
        "can_view_campaign": request.user.has_perm("assessments.view_campaign"),
    }
    return render(request, "assessments/campaigns/item_analysis.html", ctx)
