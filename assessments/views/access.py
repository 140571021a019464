"""The access trail, for the privacy officer: who read or exported whose results, filtered,
paginated, and downloaded as CSV (the download is itself on the trail)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms import AccessRecordFilterForm
from ..reports import access as report
from ..services import access as trail
from ..services.exports import Echo

RECORDS_PER_PAGE = 50
PERMISSION = "assessments.view_access_records"


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def access_records(request):
    form = AccessRecordFilterForm(request.GET)
    valid = form.is_valid()
    page = None
    if valid:
        page = Paginator(report.access_records(**form.filters()), RECORDS_PER_PAGE).get_page(
            request.GET.get("page"))
    else:
        messages.error(request, _("The filter could not be read: correct the fields marked "
                                  "below. No records are shown."))
    return render(request, "assessments/access/records.html", {
        "form": form, "page": page, "records": page.object_list if page else [],
        "page_query": _query(request), "export_query": _query(request),
        "role_of": report.role_of,
    }, status=200 if valid else 400)


@require_GET
@permission_required(PERMISSION, raise_exception=True)
def access_records_csv(request):
    form = AccessRecordFilterForm(request.GET)
    if not form.is_valid():
        return access_records(request)
    records = report.access_records(**form.filters())
    trail.record_export(request.user, f"access records {_query(request)}", records.count())
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in report.access_record_rows(records)),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-records.csv"'
    return response
