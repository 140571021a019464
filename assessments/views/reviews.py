"""HR's review of results: the queue, one result with its decision forms, and bulk
confirmation after a preview. Every open of a result page is an access record."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import tasks
from ..forms import BulkConfirmForm, DecisionForm, ReviewFilterForm
from ..models import AccessRecord, Result, ReviewDecision
from ..reports import evidence, labels
from ..reports import reviews as review_reports
from ..services import access
from ..services import reviews as review_service

RESULTS_PER_PAGE = 25
OVERRIDE_CHOICES = [(f, Result.RoleFamily(f).label) for f in review_service.OVERRIDE_FAMILIES]


def _filter_query(request, *, drop=("page",)):
    query = request.GET.copy() if request.method == "GET" else request.POST.copy()
    for key in (*drop, "csrfmiddlewaretoken", "fingerprint"):
        query.pop(key, None)
    return query.urlencode()


@require_GET
@permission_required("assessments.review_result", raise_exception=True)
def review_queue(request):
    form = ReviewFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.filters() if valid else {}
    results = review_reports.review_queue(**filters)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/reviews/queue.html", {
        "form": form, "results": page, "page": page,
        "page_query": _filter_query(request), "filter_query": _filter_query(request),
    }, status=200 if valid else 400)


@require_GET
@permission_required("assessments.review_result", raise_exception=True)
def review_result(request, pk):
    try:
        result = review_reports.result_for_review(pk)
    except Result.DoesNotExist:
        raise Http404 from None
    return _render_result(request, result)


def _render_result(request, result, *, form=None, status=200):
    # Recorded before the page is drawn: a read that happened is always on record.
    access.record(request.user, result.assignment.employee, AccessRecord.Action.VIEW_RESULT,
                  detail=f"result {result.pk}")
    refusal = review_service.refusal(result, request.user)
    return render(request, "assessments/reviews/result.html", {
        "refusal": refusal,
        "contest_open": review_service._open_contest(result) is not None,
        "result": result,
        "scales": labels.scales_in_words(result.scores, result.bank_version_id),
        "twins": review_reports.twin_pairs_of(result, get_language()),
        "questionnaire": result.bank_version.name_in(get_language()),
        "track_record": evidence.track_record(result.bank_version, result.role_family),
        "decisions": review_reports.decisions_of(result),
        "contest": review_reports.contest_of(result),
        "form": form, "override_choices": OVERRIDE_CHOICES,
        "can_decide": result.review_state != Result.ReviewState.RELEASED and not refusal,
        "can_withhold": result.review_state in review_service.DECIDABLE[
            ReviewDecision.Decision.WITHHOLD],
        "back_query": request.GET.get("back", ""),
    }, status=status)


@require_POST
@permission_required("assessments.review_result", raise_exception=True)
def decide(request, pk):
    form = DecisionForm(request.POST)
    try:
        result = review_reports.result_for_review(pk)
    except Result.DoesNotExist:
        raise Http404 from None
    if not form.is_valid():
        messages.error(request, _("The decision could not be read. Choose a decision and "
                                  "try again."))
        return _render_result(request, result, form=form, status=400)
    data = form.cleaned_data
    decision, seen = data["decision"], data["review_round"]
    try:
        if decision == ReviewDecision.Decision.CONFIRM:
            review_service.confirm(result.pk, request.user, seen, data["reason"])
        elif decision == ReviewDecision.Decision.OVERRIDE:
            review_service.override(result.pk, request.user, data["family"], data["reason"],
                                    seen)
        else:
            review_service.withhold(result.pk, request.user, data["reason"], seen)
    except ValidationError as problems:
        for field, errors in problems.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        messages.error(request, _("Nothing was saved; see below."))
        return _render_result(request, result, form=form, status=400)
    except review_service.NotYoursToDecide as refused:
        messages.error(request, str(refused))
        return _render_result(request, result, status=refused.status)
    except review_service.AlreadyDecided as stale:
        messages.warning(request, stale.message())
        result = review_reports.result_for_review(pk)
        return _render_result(request, result, status=409)
    tasks.warm_reports_soon(result.assignment.campaign_id)
    messages.success(request, {
        ReviewDecision.Decision.CONFIRM: _("Released as scored."),
        ReviewDecision.Decision.OVERRIDE: _("Released with the family you chose."),
        ReviewDecision.Decision.WITHHOLD: _("Withheld: the person does not see this result."),
    }[decision])
    back = request.POST.get("back", "")
    return redirect(reverse("assessments:review_queue") + (f"?{back}" if back else ""))


@require_GET
@permission_required("assessments.review_result", raise_exception=True)
def bulk_preview(request):
    form = ReviewFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "assessments/reviews/bulk_preview.html",
                      {"form": form, "invalid": True}, status=400)
    return _render_preview(request, form.filters())


def _render_preview(request, filters, *, status=200, changed=False):
    eligible, count, fingerprint = review_reports.bulk_preview(**filters)
    page = Paginator(eligible, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/reviews/bulk_preview.html", {
        "filters": filters, "results": page, "page": page, "count": count,
        "fingerprint": fingerprint, "changed": changed,
        "page_query": _filter_query(request), "filter_query": _filter_query(request),
    }, status=status)


@require_POST
@permission_required("assessments.review_result", raise_exception=True)
def bulk_confirm(request):
    form = BulkConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation could not be read; nothing was "
                                  "released. Preview the results again."))
        return render(request, "assessments/reviews/bulk_preview.html",
                      {"form": form, "invalid": True}, status=400)
    filters = form.filters()
    eligible, count, fingerprint = review_reports.bulk_preview(**filters)
    if fingerprint != form.cleaned_data["fingerprint"]:
        # Someone decided, contested or re-scored meanwhile: what would be released is
        # not what was shown. Show the new list instead of releasing a different one.
        messages.warning(request, _("The results changed since your preview; nothing was "
                                    "released. Check the new list and confirm again."))
        return _render_preview(request, filters, status=409, changed=True)
    campaign_ids = set(eligible.order_by().values_list("assignment__campaign_id", flat=True)
                       .distinct())
    outcome = review_service.confirm_many(eligible.values_list("pk", flat=True), request.user)
    for campaign_id in campaign_ids:
        tasks.warm_reports_soon(campaign_id)
    messages.success(request, ngettext(
        "%(count)d result released as scored.", "%(count)d results released as scored.",
        outcome.confirmed) % {"count": outcome.confirmed})
    if outcome.skipped_total:
        messages.warning(request, ngettext(
            "%(count)d result had changed and was left for one-by-one review.",
            "%(count)d results had changed and were left for one-by-one review.",
            outcome.skipped_total) % {"count": outcome.skipped_total})
    return redirect(reverse("assessments:review_queue") + "?" + _filter_query(request))
