"""The person's own data, downloaded as JSON or CSV. The URLs take no id: it is always
the logged-in person's data, so nobody can ask for someone else's."""

import csv
import json
import re

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from talent.roles import employee_of

from ..models import AccessRecord
from ..reports.reviews import own_data, own_data_rows
from ..services import access


class _Echo:
    def write(self, value):
        return value


def _own_employee(request):
    # A superuser holds every permission but may have no employee record: nothing is
    # held about them as an employee.
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    return employee


def _attachment(employee, extension):
    """The Content-Disposition of the download. The employee id is HR's text: anything but
    letters, digits, dots and dashes becomes "_" (a quote or a line break would otherwise
    end the file name early or break the header), and a non-ASCII id is sent the way
    browsers read it (filename*)."""
    employee_id = re.sub(r"[^\w.-]", "_", employee.employee_id)
    filename = f"my-data-{employee_id}-{timezone.localdate():%Y-%m-%d}.{extension}"
    return content_disposition_header(as_attachment=True, filename=filename)


@require_GET
@permission_required("assessments.download_own_data", raise_exception=True)
def my_data_json(request):
    employee = _own_employee(request)
    access.record(request.user, employee, AccessRecord.Action.DOWNLOAD_OWN, detail="json")
    body = json.dumps(own_data(employee), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = _attachment(employee, "json")
    return response


@require_GET
@permission_required("assessments.download_own_data", raise_exception=True)
def my_data_csv(request):
    employee = _own_employee(request)
    access.record(request.user, employee, AccessRecord.Action.DOWNLOAD_OWN, detail="csv")
    writer = csv.writer(_Echo())
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    body = "\ufeff" + "".join(writer.writerow(row) for row in own_data_rows(employee))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(employee, "csv")
    return response
