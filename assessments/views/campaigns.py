"""Campaign pages for HR: create, preview the audience, launch, remind, close; the
funnel, delivery failures, the assignments; scoring runs with live progress, item
analysis."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import tasks
from ..forms import AssignmentFilterForm, AudienceForm, CampaignForm
from ..models import Assignment, Campaign, NormGroup, ScoringRun, ScoringSpec
from ..reports import labels, norm_standing
from ..reports.campaigns import (
    assignments_for_hr,
    campaign_counts,
    campaigns_with_counts,
    delivery_failures,
    funnel,
)
from ..reports.item_analysis import (
    VERDICTS,
    campaign_keying_by_language,
    items_in_words,
    r_drop_verdict,
)
from ..reports.item_analysis import item_analysis as analyse_items
from ..services import campaigns as campaign_service
from ..services import messages as message_service
from ..services import sharing
from ..services.campaigns import CampaignRefused

CAMPAIGNS_PER_PAGE = 25
ASSIGNMENTS_PER_PAGE = 25
UNREACHABLE_SHOWN = 50


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def campaign_list(request):
    page = Paginator(campaigns_with_counts(), CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/campaigns/list.html", {
        "campaigns": page, "page": page,
        "can_create": request.user.has_perm("assessments.add_campaign"),
    })


@require_http_methods(["GET", "POST"])
@permission_required("assessments.add_campaign", raise_exception=True)
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_service.create_campaign(
                **form.cleaned_data, created_by=request.user)
        except ValidationError as problems:
            for field, errors in problems.error_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _(
                "The campaign is saved as a draft. Check its audience, then launch it."))
            return redirect("assessments:campaign_detail", pk=campaign.pk)
    audience_count = None
    if form.is_bound and not form.errors.keys() & {"audience_all", "departments", "positions"}:
        audience_count = _audience_count(form.cleaned_data)
    return render(request, "assessments/campaigns/create.html", {
        "form": form, "audience_count": audience_count,
        "time_zone": settings.TIME_ZONE,
    }, status=400 if form.is_bound else 200)


def _audience_count(data):
    return campaign_service.audience(
        audience_all=data.get("audience_all", False),
        departments=data.get("departments") or (),
        positions=data.get("positions") or (),
    ).count()


@require_GET
@permission_required("assessments.add_campaign", raise_exception=True)
def audience_preview(request):
    """The number of people an audience reaches (htmx fragment for the create form)."""
    form = AudienceForm(request.GET)
    if not form.is_valid():
        return render(request, "assessments/campaigns/_audience_count.html",
                      {"invalid": True}, status=400)
    return render(request, "assessments/campaigns/_audience_count.html",
                  {"audience_count": _audience_count(form.cleaned_data)})


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    spec = ScoringSpec.objects.current()
    runs = campaign.scoring_runs.select_related("norm_group__bank_version", "spec")[:10]
    unreachable = campaign_service.unreachable(campaign)
    ctx = {
        "campaign": campaign,
        "counts": campaign_counts(campaign, spec),
        "runs": runs,
        "latest_run": runs[0] if runs else None,
        "latest_norms": norm_standing.run_norms(runs[0])
        if runs and not runs[0].is_active else None,
        "spec": spec,
        "can_score": request.user.has_perm("assessments.score_campaign"),
        "can_analyse": request.user.has_perm("assessments.view_item_analysis"),
        "can_change": request.user.has_perm("assessments.change_campaign"),
        "can_view_assignments": request.user.has_perm("assessments.view_assignment"),
        "can_share": request.user.has_perm("assessments.review_result"),
        "last_snapshot": campaign.unit_snapshots.order_by("-taken_at", "-pk").first(),
        "snapshot_count": campaign.unit_snapshots.count(),
        "is_draft": campaign.status == Campaign.Status.DRAFT,
        "is_open": campaign.status == Campaign.Status.OPEN,
        "time_zone": settings.TIME_ZONE,
        "unreachable": list(unreachable[:UNREACHABLE_SHOWN]),
        "unreachable_count": unreachable.count(),
    }
    if ctx["is_draft"]:
        ctx["audience_count"] = campaign_service.audience_of(campaign).count()
        ctx["departments"] = list(campaign.departments.all())
        ctx["positions"] = list(campaign.positions.all())
    else:
        ctx["funnel"] = funnel(campaign, spec)
        ctx["failures"] = delivery_failures(campaign)
        ctx["uninvited_count"] = message_service.uninvited(campaign).count()
    return render(request, "assessments/campaigns/detail.html", ctx)


@require_GET
@permission_required("assessments.view_campaign", raise_exception=True)
def norm_group_detail(request, pk):
    """What a norm group is and how it set the validity checks: which decide that a
    result is invalid here, which only flag it, and why."""
    group = get_object_or_404(
        NormGroup.objects.select_related("bank_version__bank", "spec", "source_campaign"),
        pk=pk)
    spec = group.spec or ScoringSpec.objects.current()
    return render(request, "assessments/campaigns/norm_group.html", {
        "group": group, "checks": norm_standing.validity_checks(group, spec),
        "random_side": norm_standing.random_side(group)})


@require_POST
@permission_required("assessments.change_campaign", raise_exception=True)
def launch_campaign(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        with transaction.atomic():
            outcome = tasks.launch(campaign)
    except CampaignRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, ngettext(
            "The campaign is open: %(count)d person is assigned and the invitation is "
            "being sent.",
            "The campaign is open: %(count)d people are assigned and the invitations are "
            "being sent.", outcome.created) % {"count": outcome.created})
    return redirect("assessments:campaign_detail", pk=campaign.pk)


@require_POST
@permission_required("assessments.change_campaign", raise_exception=True)
def close_campaign(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        with transaction.atomic():
            run = tasks.close(campaign)
    except CampaignRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if run is not None:
            messages.success(request, _(
                "The campaign is closed: no more answers are accepted. Scoring started."))
        else:
            messages.success(request, _(
                "The campaign is closed: no more answers are accepted. Nobody had "
                "submitted, so there is nothing to score."))
    return redirect("assessments:campaign_detail", pk=campaign.pk)


@require_POST
@permission_required("assessments.review_result", raise_exception=True)
def share_campaign(request, pk):
    """HR shares the campaign's released results with managers (services/sharing.py)."""
    campaign = get_object_or_404(Campaign.objects.exclude(status=Campaign.Status.DRAFT),
                                 pk=pk)
    try:
        snapshot = sharing.share_with_managers(campaign.pk, by=request.user)
    except sharing.NothingToShare:
        messages.error(request, _("No result of this campaign has been released yet: "
                                  "managers would see nothing. Review the results first."))
    else:
        if snapshot is None:
            messages.info(request, _("Managers already see these figures: nothing was "
                                     "released since they were last shared."))
        else:
            messages.success(request, _("The released results are shared: managers now see "
                                        "their units' figures as of now."))
    return redirect("assessments:campaign_detail", pk=campaign.pk)


def _not_reminded_reasons(campaign):
    """Who "send reminders now" left out, in words, one group a phrase, only the groups
    with someone in them ("" when there is none)."""
    skipped = message_service.not_reminded(campaign)
    phrases = {
        "not_invited": lambda n: ngettext(
            "%(count)d person has not been invited yet",
            "%(count)d people have not been invited yet", n),
        "submitted": lambda n: ngettext(
            "%(count)d person has already submitted",
            "%(count)d people have already submitted", n),
        "unreachable": lambda n: ngettext(
            "%(count)d person cannot be reached (no login or no email address)",
            "%(count)d people cannot be reached (no login or no email address)", n),
        "recent": lambda n: ngettext(
            "%(count)d person had a message within the last day",
            "%(count)d people had a message within the last day", n),
    }
    return pgettext("list of reasons", "; ").join(
        phrase(skipped[group]) % {"count": skipped[group]}
        for group, phrase in phrases.items() if skipped[group])


@require_POST
@permission_required("assessments.change_campaign", raise_exception=True)
def remind_campaign(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    if campaign.status != Campaign.Status.OPEN:
        messages.error(request, _("Only an open campaign sends reminders."))
    elif not Campaign.objects.open().filter(pk=campaign.pk).exists():
        messages.error(request, _(
            "This campaign takes no answers now (its window has not begun or is over), "
            "so nobody is reminded."))
    else:
        with transaction.atomic():
            ids = tasks.remind_now(campaign)
        reasons = _not_reminded_reasons(campaign)
        if ids:
            sent = ngettext(
                "A reminder is being sent to %(count)d person.",
                "Reminders are being sent to %(count)d people.", len(ids)) % {"count": len(ids)}
            if reasons:
                sent += " " + _("Not reminded: %(reasons)s.") % {"reasons": reasons}
            messages.success(request, sent)
        else:
            messages.info(request, _("Nobody to remind: %(reasons)s.") % {
                "reasons": reasons or _("nobody is assigned")})
    return redirect("assessments:campaign_detail", pk=campaign.pk)


@require_POST
@permission_required("assessments.change_campaign", raise_exception=True)
def invite_campaign(request, pk):
    """HR sends the invitations nobody sent (services/messages.missing_invitations)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if campaign.status != Campaign.Status.OPEN:
        messages.error(request, _("Only an open campaign sends invitations."))
        return redirect("assessments:campaign_detail", pk=campaign.pk)
    with transaction.atomic():
        ids = tasks.send_missing_invitations(campaign)
    if ids:
        messages.success(request, ngettext(
            "An invitation is being sent to %(count)d person.",
            "Invitations are being sent to %(count)d people.", len(ids)) % {"count": len(ids)})
    elif campaign.closes_at is not None and campaign.closes_at <= timezone.now():
        messages.error(request, _(
            "This campaign's closing time is already past, so nobody is invited."))
    else:
        messages.info(request, _(
            "Everyone in this campaign has been invited already: nothing was sent again."))
    return redirect("assessments:campaign_detail", pk=campaign.pk)


@require_GET
@permission_required("assessments.view_assignment", raise_exception=True)
def assignment_list(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = AssignmentFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    assignments = assignments_for_hr(
        campaign, status=filters.get("status") or None, department=filters.get("department"))
    page = Paginator(assignments, ASSIGNMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "assessments/campaigns/assignments.html", {
        "campaign": campaign, "form": form, "assignments": page, "page": page,
        "page_query": query.urlencode(),
    }, status=200 if form.is_valid() else 400)




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
        ScoringRun.objects.select_related("norm_group__bank_version", "spec", "campaign"),
        pk=run_id, campaign_id=pk,
    )
    # Counted only once the run has ended: the partial is polled every second meanwhile.
    norms = None if run.is_active else norm_standing.run_norms(run)
    return render(request, "assessments/campaigns/_run_progress.html",
                  {"run": run, "norms": norms})


@require_GET
@permission_required("assessments.view_item_analysis", raise_exception=True)
def item_analysis(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("bank_version__bank"), pk=pk)
    report = analyse_items(campaign)
    language = get_language()
    names = labels.scale_names(campaign.bank_version, language)
    texts = items_in_words(campaign.bank_version, language)
    scales = [
        {"code": code, "name": names.get(code, code), **stats,
         "item_rows": [
             {"code": item, "text": texts.get(item, ""), **figures,
              "verdict": r_drop_verdict(figures["r_drop"]),
              "verdict_label": VERDICTS.get(r_drop_verdict(figures["r_drop"]), "")}
             for item, figures in stats["items"].items()]}
        for code, stats in report.items()
    ]
    has_answers = any(scale["n"] for scale in scales)
    by_language = campaign_keying_by_language(campaign) if has_answers else None
    if by_language:
        for item in by_language["items"]:
            item["text"] = texts.get(item["code"], "")
            item["scale_name"] = names.get(item["scale"], item["scale"])
    ctx = {
        "campaign": campaign,
        "questionnaire": campaign.bank_version.name_in(language),
        "scales": scales,
        "has_answers": has_answers,
        "by_language": by_language,
        "can_view_campaign": request.user.has_perm("assessments.view_campaign"),
    }
    return render(request, "assessments/campaigns/item_analysis.html", ctx)
