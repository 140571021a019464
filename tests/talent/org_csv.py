"""Build organisation import files for tests."""

import csv
import io
from contextlib import contextmanager

from talent.models import Department, Employee, Position
from talent.org_import import COLUMNS


def row(employee_id, **values):
    """One employee row with sensible defaults; keyword arguments override columns."""
    defaults = {
        "employee_id": employee_id,
        "name": f"Person {employee_id}",
        "email": f"{employee_id.lower()}@example.com",
        "department_code": "OPS",
        "department_name": "Operations",
        "parent_department_code": "HQ",
        "position_code": "OPS-ANL",
        "position_title": "Operations analyst",
        "function": "operations",
        "need_execution": "3",
        "need_compression": "1",
        "manager_employee_id": "",
        "active": "true",
        "hire_date": "2020-01-31",
    }
    return defaults | values


def csv_bytes(rows, columns=COLUMNS, bom=False):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def small_org():
    """Three people: a boss, and two reports, one of whom appears before the boss."""
    return [
        row("E2", manager_employee_id="E1"),
        row("E1", department_code="HQ", department_name="Head office",
            parent_department_code="", position_code="",
            position_title="", function="", need_execution="", need_compression=""),
        row("E3", manager_employee_id="E1"),
    ]


def counts():
    return (Employee.objects.count(), Department.objects.count(), Position.objects.count())


@contextmanager
def worker_in_process():
    """The tasks queued after commit run here and now, as a worker would run them."""
    from django.test import TestCase

    from config.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = before


def upload(client, content, name="hr-export.csv"):
    """Upload a file as HR does and land on its page once a worker checked it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    with worker_in_process():
        response = client.post(reverse("talent:import_org"),
                               {"file": SimpleUploadedFile(name, content, "text/csv")})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def confirm(client, job_page):
    """Confirm the job a page shows and land on its page once it was applied."""
    from django.urls import reverse

    with worker_in_process():
        response = client.post(reverse("talent:confirm_org_import",
                                       args=[job_page.context["job"].pk]))
    return client.get(response["Location"])
