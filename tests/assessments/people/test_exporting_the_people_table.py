"""HR exports the filtered people table as CSV or XLSX: formula-safe, recorded, and, when
large, built by a background task whose file only its owner downloads."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import AccessRecord, ExportJob
from assessments.services import exports


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_export_holds_the_filtered_rows(hr, client_for, make_result, org):
    make_result("Ann", exe_t=61.0, se=5.0)
    make_result("Bob", department=org["INV"])
    response = client_for(hr).get(reverse("assessments:people_export_csv"),
                                  {"department": org["UW"].pk})
    assert response.status_code == 200 and response.streaming
    rows = csv_rows(response)
    assert rows[0][:3] == ["employee_id", "name", "campaign"]
    assert [row[1] for row in rows[1:]] == ["Ann"]
    assert rows[1][5:7] == ["61.0", "5.0"]


def test_the_xlsx_export_holds_the_filtered_rows(hr, client_for, make_result):
    make_result("Ann")
    make_result("Bob", family="compression", p=0.1)
    response = client_for(hr).get(reverse("assessments:people_export_xlsx"),
                                  {"family": "compression"})
    assert response.status_code == 200
    rows = xlsx_rows(b"".join(response.streaming_content))
    assert rows[0][0] == "employee_id"
    assert [row[1] for row in rows[1:]] == ["Bob"]


def test_a_name_that_looks_like_a_formula_is_exported_as_text(hr, client_for, make_result):
    make_result("=1+1")
    client = client_for(hr)
    rows = csv_rows(client.get(reverse("assessments:people_export_csv")))
    assert rows[1][1] == "'=1+1"
    content = b"".join(client.get(
        reverse("assessments:people_export_xlsx")).streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "'=1+1" and cell.data_type == "s"


def test_every_export_is_recorded_with_its_filter_and_row_count(hr, client_for, make_result):
    make_result("Ann")
    make_result("Bob")
    client_for(hr).get(reverse("assessments:people_export_csv"),
                       {"validity": "valid"})
    record = AccessRecord.objects.get()
    assert record.action == AccessRecord.Action.EXPORT
    assert record.employee is None and record.actor == hr
    assert "2 rows" in record.detail and "Validity: Valid" in record.detail


def test_a_large_export_is_built_by_the_task_with_progress(
    hr, client_for, make_result, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EXPORT_INLINE_MAX = 2
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    for name in ("Ann", "Bob", "Cy"):
        make_result(name)
    client = client_for(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assessments:people_export_csv"))
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:export_progress", args=[job.pk])
    assert job.status == ExportJob.Status.FINISHED and (job.done, job.total) == (3, 3)
    assert AccessRecord.objects.get().detail.startswith("CSV, 3 rows")
    page = client.get(response["Location"])
    assert "Ready: 3 rows." in page.content.decode()
    download = client.get(reverse("assessments:export_download", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert [row[1] for row in csv.reader(io.StringIO(body))][1:] == ["Ann", "Bob", "Cy"]


def test_the_progress_fragment_polls_while_the_export_is_built(hr, client_for):
    job = ExportJob.objects.create(owner=hr, format="xlsx", total=10, done=4,
                                   status=ExportJob.Status.RUNNING)
    response = client_for(hr).get(reverse("assessments:export_progress", args=[job.pk]),
                                  headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "4 of 10 rows written" in content and "every 2s" in content
    assert "<html" not in content


def test_a_large_xlsx_export_is_built_by_the_task(
    hr, client_for, make_result, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX = 1
    make_result("Ann")
    make_result("=HYPERLINK(1)")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(hr).get(reverse("assessments:people_export_xlsx"))
    job = ExportJob.objects.get()
    with job.file.open("rb") as built:
        rows = xlsx_rows(built.read())
    assert sorted(row[1] for row in rows[1:]) == ["'=HYPERLINK(1)", "Ann"]


def test_the_task_builds_a_job_once_when_delivered_twice(hr, make_result, settings):
    make_result("Ann")
    job = ExportJob.objects.create(owner=hr, format="csv", total=1)
    exports.build_job(job.pk)
    first = ExportJob.objects.get(pk=job.pk).file.name
    exports.build_job(job.pk)
    again = ExportJob.objects.get(pk=job.pk)
    assert again.file.name == first and again.status == ExportJob.Status.FINISHED


def test_only_the_owner_downloads_an_export(hr, client_for, make_result, org, settings):
    from talent.roles import HR_GROUP
    from tests.conftest import make_user

    make_result("Ann")
    job = ExportJob.objects.create(owner=hr, format="csv", total=1)
    exports.build_job(job.pk)
    colleague = make_user("colleague", org, department="HQ", group=HR_GROUP)
    client = client_for(colleague)
    assert client.get(reverse("assessments:export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("assessments:export_progress", args=[job.pk])).status_code == 404
    assert client_for(hr).get(
        reverse("assessments:export_download", args=[job.pk])).status_code == 200


def test_an_unfinished_export_cannot_be_downloaded_yet(hr, client_for):
    job = ExportJob.objects.create(owner=hr, format="csv", total=5)
    response = client_for(hr).get(reverse("assessments:export_download", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:export_progress", args=[job.pk])


def test_a_failed_build_marks_the_job_failed(hr, monkeypatch, django_capture_on_commit_callbacks,
                                             client_for, settings, make_result):
    settings.EXPORT_INLINE_MAX = 0
    make_result("Ann")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "write_csv", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(hr).get(reverse("assessments:people_export_csv"))
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "disk full" in job.error
