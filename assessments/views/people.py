"""HR's people pages: the results table and its exports, a person's page, have and need
per position, and the two functions per unit. HR only; every read of a person's page
and every export leaves an AccessRecord."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from talent.models import Employee, Position

from .. import tasks
from ..forms import ErasureForm, HaveNeedForm, PeopleFilterForm
from ..models import AccessRecord, ExportJob
from ..reports import people as report
from ..reports import two_functions as two_functions_report
from ..services import access, erasure, exports

PEOPLE_PER_PAGE = report.TABLE_PAGE
RANK_PER_PAGE = 25
UNITS_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _people_form(request):
    return PeopleFilterForm(request.GET, sorts=report.SORTS)


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_GET
@permission_required("assessments.view_people", raise_exception=True)
def people_list(request):
    form = _people_form(request)
    valid = form.is_valid()
    page = None
    if valid:
        page = Paginator(report.people_rows(**form.filters()), PEOPLE_PER_PAGE).get_page(
            request.GET.get("page"))
        page.object_list = report.attach_scores(page.object_list)
        access.record_list(request.user, [r.assignment.employee for r in page.object_list],
                           detail=f"people table, page {page.number}")
    else:
        messages.error(request, _("The filter could not be read: correct the fields marked "
                                  "below. No rows are shown."))
    sort = (form.cleaned_data.get("sort") if valid else "") or "name"
    columns = [(key, label, _sort_link(request, key, sort)) for key, label in (
        ("name", _("Employee")), ("campaign", _("Campaign")),
        ("department", _("Department at launch")), ("position", _("Position at launch")),
        ("family", _("Scored family")), ("probability", _("Probability of execution")),
        ("validity", _("Validity")), ("review", _("Review state")),
        ("released", _("Family released")))]
    return render(request, "assessments/people/list.html", {
        "form": form, "page": page, "results": page.object_list if page else [],
        "columns": columns, "sort": sort,
        "page_query": _query_without(request, "page"),
        "export_query": _query_without(request, "page"),
        "can_export": request.user.has_perm("assessments.export_people"),
    }, status=200 if valid else 400)


def _sort_link(request, key, current):
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{key}" if current == key else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    return {"query": query.urlencode(), "state": state}


@require_GET
@permission_required("assessments.export_people", raise_exception=True)
def people_export(request, fmt):
    if fmt not in ExportJob.Format.values:
        raise Http404
    form = _people_form(request)
    if not form.is_valid():
        messages.error(request, _("The filter could not be read, so nothing was exported."))
        return render(request, "assessments/people/list.html", {
            "form": form, "page": None, "results": [], "columns": [], "sort": "name",
        }, status=400)
    results = report.people_results(**form.filters())
    count = results.count()
    description = form.describe()
    if exports.is_large(count):
        with transaction.atomic():
            job = tasks.start_export(request.user, form.filters(), description, fmt, count)
        messages.info(request, _("The export is large, so it is being built in the "
                                 "background. This page shows its progress."))
        return redirect("assessments:export_progress", pk=job.pk)
    exports.record_export(request.user, description, count, fmt)
    rows = report.export_rows(results)
    if fmt == ExportJob.Format.CSV:
        response = StreamingHttpResponse(exports.stream_csv(rows),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="people.csv"'
        return response
    return FileResponse(exports.xlsx_file(rows), as_attachment=True, filename="people.xlsx",
                        content_type=XLSX_TYPE)


def _own_job(request, pk):
    # Another person's export is not there for this user (404, not 403: no hint it exists).
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@require_GET
@permission_required("assessments.export_people", raise_exception=True)
def export_progress(request, pk):
    job = _own_job(request, pk)
    template = ("assessments/people/_export_progress.html" if request.htmx
                else "assessments/people/export.html")
    return render(request, template, {"job": job})


@require_GET
@permission_required("assessments.export_people", raise_exception=True)
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.FINISHED:
        messages.warning(request, _("This export is not ready yet."))
        return redirect("assessments:export_progress", pk=job.pk)
    content_type = XLSX_TYPE if job.format == ExportJob.Format.XLSX else "text/csv"
    return FileResponse(job.file.open("rb"), as_attachment=True,
                        filename=f"people-{job.pk}.{job.format}", content_type=content_type)


# --- a person ------------------------------------------------------------------------


@require_GET
@permission_required("assessments.view_people", raise_exception=True)
def person_detail(request, pk):
    employee = get_object_or_404(
        Employee.objects.select_related("department", "position__department"), pk=pk)
    AccessRecord.objects.create(actor=request.user, employee=employee,
                                action=AccessRecord.Action.VIEW_PERSON)
    results = report.person_results(employee)
    latest = report.latest_released(employee)
    ctx = {"employee": employee, "results": results, "latest": latest}
    if latest is not None and employee.position is not None:
        ctx["needs"] = _explained(report.needs_for(latest, employee.position))
        ctx["both"] = report.chance_in_100(report.probability_both(latest, employee.position))
    if latest is not None:
        ranked = Paginator(report.positions_for(latest), RANK_PER_PAGE).get_page(
            request.GET.get("page"))
        ranked.object_list = [(position, report.chance_in_100(p))
                              for position, p in ranked.object_list]
        ctx["positions"] = ranked
        ctx["page"] = ranked
    return render(request, "assessments/people/person.html", ctx)


@require_http_methods(["GET", "POST"])
@permission_required("assessments.erase_person", raise_exception=True)
def erase_person(request, pk):
    """HR erases a person who has left: what would go, a reason, the employee id typed
    again; then services/erasure.py, all or nothing."""
    employee = get_object_or_404(Employee.objects.select_related("department"), pk=pk)
    form = ErasureForm(request.POST or None, employee=employee)
    status = 200
    refusals = []
    if request.method == "POST":
        if form.is_valid():
            try:
                erasure.erase_person(employee.pk, by=request.user,
                                     reason=form.cleaned_data["reason"])
            except erasure.ErasureRefused as refused:
                refusals = refused.messages
            else:
                messages.success(request, _("The person is erased. Only the erasure record "
                                            "remains: when, by whom and why."))
                return redirect("assessments:people")
        status = 400
    elif not erasure.is_erased(employee):
        refusals = erasure.erasure_problems(employee, by=request.user, reason="-")
    return render(request, "assessments/people/erase.html", {
        "employee": employee, "form": form, "refusals": refusals,
        "erased": erasure.is_erased(employee),
        "preview": erasure.erasure_preview(employee)}, status=status)


# --- have and need -------------------------------------------------------------------


def _campaign_from(request):
    form = HaveNeedForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("That campaign does not exist; showing the newest with "
                                  "released results."))
        return form, report.have_need_campaign(None), 400
    return form, report.have_need_campaign(form.cleaned_data.get("campaign")), 200


@require_GET
@permission_required("assessments.view_people", raise_exception=True)
def have_need_index(request):
    form, campaign, status = _campaign_from(request)
    page = Paginator(report.positions_with_incumbents(), RANK_PER_PAGE).get_page(
        request.GET.get("page"))
    page.object_list = report.attach_holders(page.object_list)
    return render(request, "assessments/people/have_need.html", {
        "form": form, "campaign": campaign, "positions": page, "page": page,
        "page_query": _query_without(request, "page"),
        "campaign_query": _query_without(request, "page"),
    }, status=status)


@require_GET
@permission_required("assessments.view_people", raise_exception=True)
def position_have_need(request, pk):
    position = get_object_or_404(Position.objects.select_related("department"), pk=pk)
    form, campaign, status = _campaign_from(request)
    ctx = {"form": form, "campaign": campaign, "position": position,
           "campaign_query": _query_without(request, "page", "rank")}
    if campaign is not None:
        grid = report.quadrant_grid(position, campaign)
        labels = _QUADRANT_LABELS()
        ctx["grid"] = grid
        ctx["grid_columns"] = [(b, labels[b], _about(grid.column_totals[b]))
                               for b in grid.columns]
        ctx["grid_rows"] = [
            (a, labels[a], [(b, _about(grid.cells[(a, b)])) for b in grid.columns],
             _about(grid.row_totals[a]))
            for a in grid.rows]
        holders = Paginator(report.incumbents(position, campaign), RANK_PER_PAGE).get_page(
            request.GET.get("page"))
        holders.object_list = [
            (r, _explained(report.needs_for(r, position)),
             report.chance_in_100(report.probability_both(r, position)))
            for r in report.attach_scores(holders.object_list)]
        ctx["holders"] = holders
        ranking = Paginator(report.rank_for_position(position, campaign), RANK_PER_PAGE)
        ranked = ranking.get_page(request.GET.get("rank"))
        rows = report.results_by_ids([pk for pk, _ in ranked.object_list])
        ctx["ranked"] = ranked
        ctx["ranked_rows"] = [
            (r, report.chance_in_100(p), start) for start, (r, (_, p)) in enumerate(
                zip(rows, ranked.object_list, strict=False), start=ranked.start_index())]
        access.record_list(
            request.user,
            [r.assignment.employee for r, *_ in holders.object_list]
            + [r.assignment.employee for r, *_ in ctx["ranked_rows"]],
            detail=f"position {position.code}: holders page {holders.number}, "
                   f"ranking page {ranked.number}")
        ctx["holders_query"] = _query_without(request, "page")
        ctx["rank_query"] = _query_without(request, "rank")
    return render(request, "assessments/people/position.html", ctx, status=status)


def _about(count):
    """An expected count with its 90% range, "about 12 (9–15)"."""
    return _("about %(n)s (%(low)s–%(high)s)") % {
        "n": int(count.expected + 0.5), "low": count.low, "high": count.high}


def _QUADRANT_LABELS():  # noqa: N802 - a table, translated at call time
    return {
        report.FIT: _("Fit"), report.GAP: _("Gap"), report.SURPLUS: _("Surplus"),
        report.OUT_OF_SCOPE: _("Out of scope"), "": _("No score"),
    }


def _sentence(need):
    if need.score is None:
        return (_("No precise execution score.") if need.family == "execution"
                else _("No high compression score."))
    values = {"score": need.score.shown, "n": need.percent}
    texts = {
        ("execution", report.HIGH): _(
            "Needs high precise execution; their precise execution score is %(score)s: "
            "about %(n)s in 100 that they meet it."),
        ("execution", report.MEDIUM): _(
            "Needs medium precise execution; their precise execution score is %(score)s: "
            "about %(n)s in 100 that they meet it."),
        ("execution", report.LOW): _(
            "Needs little precise execution; their precise execution score is %(score)s: "
            "about %(n)s in 100 that they have it at a high level."),
        ("compression", report.HIGH): _(
            "Needs high compression; their compression score is %(score)s: about %(n)s in "
            "100 that they meet it."),
        ("compression", report.MEDIUM): _(
            "Needs medium compression; their compression score is %(score)s: about %(n)s "
            "in 100 that they meet it."),
        ("compression", report.LOW): _(
            "Needs little compression; their compression score is %(score)s: about %(n)s "
            "in 100 that they have it at a high level."),
    }
    return texts[(need.family, need.level)] % values


def _explained(needs):
    labels = _QUADRANT_LABELS()
    return [{"need": n, "quadrant": labels[n.quadrant], "code": n.quadrant or "none",
             "sentence": _sentence(n)} for n in needs]


# --- two functions per unit ----------------------------------------------------------


@require_GET
@permission_required("assessments.view_people", raise_exception=True)
def two_functions(request):
    form, campaign, status = _campaign_from(request)
    ctx = {"form": form, "campaign": campaign}
    if campaign is not None:
        units = two_functions_report.two_functions(campaign)
        lacking = [u for u in units if not u.covered]
        page = Paginator(lacking, UNITS_PER_PAGE).get_page(request.GET.get("page"))
        ctx.update({
            "units": page, "page": page, "unit_count": len(units),
            "below_target": [u for u in units if u.below_target],
            "page_query": _query_without(request, "page"),
        })
    return render(request, "assessments/people/two_functions.html", ctx, status=status)
