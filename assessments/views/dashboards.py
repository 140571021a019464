"""Dashboards: a campaign's for HR, and a manager's of their own units (aggregates only,
small cells suppressed)."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from config.db_router import reads_from_replica
from talent.roles import employee_of

from ..models import Campaign, Result
from ..reports import dashboards, evidence, labels
from ..reports import trend as trend_report

ROWS_PER_PAGE = 25
FAMILY_LABELS = {
    "execution": Result.RoleFamily.EXECUTION.label,
    "undetermined": Result.RoleFamily.UNDETERMINED.label,
    "compression": Result.RoleFamily.COMPRESSION.label,
    "unclassified": Result.RoleFamily.NONE.label,
    "invalid": Result.Validity.INVALID.label,
}


def _stage_labels():
    # "Started" is also a run's start time elsewhere: this one is a stage of the funnel.
    return {"assigned": _("Assigned"), "started": pgettext("funnel stage", "Started"),
            "submitted": _("Submitted"), "scored": _("Scored")}


def _columns():
    stages = _stage_labels()
    return {"stage_columns": [(stage, stages[stage]) for stage in dashboards.STAGES],
            "family_columns": [(family, FAMILY_LABELS[family])
                               for family in dashboards.FAMILIES]}


def _name(department):
    return department.display_name if department is not None else _("Department not recorded")


def _funnel_chart(rows):
    labels = _stage_labels()
    return {
        "kind": "bar",
        "labels": [_name(row["department"]) for row in rows],
        "datasets": [{"label": str(labels[stage]),
                      "data": [row[stage] for row in rows]} for stage in dashboards.STAGES],
    }


def _families_chart(rows):
    """Shares in percent, stacked; a department with a hidden figure is left out."""
    kept = [row for row in rows
            if all(row["families"][f]["share"] is not None for f in dashboards.FAMILIES)]
    return {
        "kind": "stacked",
        "labels": [_name(row["department"]) for row in kept],
        "datasets": [{"label": str(FAMILY_LABELS[family]),
                      "data": [round(100 * row["families"][family]["share"], 1)
                               for row in kept]} for family in dashboards.FAMILIES],
        "unit": "%",
    }


def _scatter_chart(scatter, bank_version):
    names = labels.scale_names(bank_version)
    return {
        "kind": "scatter",
        "points": scatter["points"],
        "lines": scatter["lines"],
        "x_title": _("%(scale)s (T score)") % {
            "scale": names.get(scatter["execution_scale"], _("Precise execution"))},
        "y_title": _("%(scale)s (T score)") % {
            "scale": names.get(scatter["compression_scale"], _("High compression"))},
        "line_labels": {"even": _("Even chance of either family"),
                        "execution": _("Cut-off for precise execution"),
                        "compression": _("Cut-off for high compression")},
        "point_label": _("People"),
    }


def _with_hidden_marks(rows):
    """Each manager's row with what the page says in words about its hidden figures:
    whether any of the completion or family figures is hidden, and whether all are (the
    row then says so instead of a line of dashes). The cached rows are not changed."""
    marked = []
    for row in rows:
        funnel = [row[stage] for stage in dashboards.STAGES]
        families = [row["scored"]] + [cell["n"] for cell in row["families"].values()]
        marked.append({**row,
                       "funnel_hidden": None in funnel,
                       "funnel_all_hidden": all(n is None for n in funnel),
                       "families_hidden": None in families,
                       "families_all_hidden": all(n is None for n in families)})
    return marked


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
@reads_from_replica
def campaign_dashboard(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    report = dashboards.campaign_dashboard(campaign)
    page = Paginator(report["rows"], ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page)
    comparable = list(trend_report.comparable_campaigns(campaign))
    compare, status, trend = request.GET.get("compare", ""), 200, None
    if compare:
        other = next((c for c in comparable if str(c.pk) == compare), None)
        status = 400 if other is None else 200
    else:
        # Unless HR picks one, the newest campaign with scores: one without would show
        # an empty matrix and say nothing.
        other = trend_report.default_comparison(comparable)
    if other is not None:
        compare = str(other.pk)
        moved = trend_report.trend(other, campaign)
        trend = {"other": other, **moved,
                 "retest": evidence.retest_line(other, campaign, moved),
                 "expected": trend_report.expected_stability(other, campaign)}
    ctx = {
        "campaign": campaign,
        "report": report,
        "page": page,
        "rows": rows,
        **_columns(),
        "has_results": report["overall"]["scored"] > 0,
        "funnel_chart": _funnel_chart(rows),
        "families_chart": _families_chart(rows),
        "scatter_chart": _scatter_chart(report["scatter"], campaign.bank_version_id),
        "comparable": comparable,
        "compare": compare,
        "bad_compare": status == 400,
        "trend": trend,
        "page_query": f"compare={compare}" if trend else "",
        "any_scored": any(c.scored for c in comparable),
    }
    return render(request, "assessments/dashboards/campaign.html", ctx, status=status)


@require_GET
@permission_required("assessments.view_unit_dashboard", raise_exception=True)
@reads_from_replica
def manager_dashboard(request):
    employee = employee_of(request.user)
    campaigns = list(dashboards.manager_campaigns(employee))
    chosen = request.GET.get("campaign")
    if chosen:
        if not chosen.isdigit():
            return render(request, "assessments/dashboards/manager.html", {
                "campaigns": campaigns, "bad_campaign": True}, status=400)
        campaign = next((c for c in campaigns if c.pk == int(chosen)), None)
        if campaign is None:
            # Someone else's campaign or none at all: nothing tells the two apart.
            raise Http404("no such campaign for your units")
    else:
        # The newest campaign HR shared figures of; an open one has none to show yet.
        campaign = next((c for c in campaigns if c.shared), campaigns[0] if campaigns else None)
    ctx = {"campaigns": campaigns, "campaign": campaign, **_columns()}
    if campaign is not None:
        report = dashboards.manager_dashboard(employee, campaign)
        page = Paginator(report["rows"], ROWS_PER_PAGE).get_page(request.GET.get("page"))
        rows = _with_hidden_marks(page)
        ctx |= {"report": report, "rows": rows, "page": page,
                "page_query": f"campaign={campaign.pk}",
                "families_chart": _families_chart(rows),
                "funnel_hidden": any(r["funnel_hidden"] for r in rows),
                "families_hidden": any(r["families_hidden"] for r in rows),
                "families_shown": any(not r["families_all_hidden"] for r in rows)}
    return render(request, "assessments/dashboards/manager.html", ctx)
