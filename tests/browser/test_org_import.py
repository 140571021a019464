"""HR imports the organisation in a real browser: upload, a worker checks the file while
the page shows its progress, preview, confirm, result."""

import pytest
from playwright.sync_api import expect

from talent.models import Employee
from tests.conftest import PASSWORD
from tests.talent.org_csv import csv_bytes, small_org

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def worker(settings, tmp_path):
    """The check and the import run in the server's process when queued (the real
    worker's version of this flow is tests/config/test_two_web_processes_...)."""
    from config.celery import app

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def choose_file(page, name, content):
    page.get_by_label("CSV file from the HR system").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()


@pytest.mark.browser
def test_hr_uploads_previews_confirms_and_sees_the_result(hr, page, log_in, axe_violations):
    log_in(hr.username, PASSWORD)
    page.goto("/org/import/")
    assert axe_violations() == []

    choose_file(page, "hr-export.csv", csv_bytes(small_org()))
    expect(page.get_by_role("heading", name="Preview of hr-export.csv")).to_be_visible()
    expect(page.get_by_text("3 employee rows checked; no errors.")).to_be_visible()
    employees_row = page.get_by_role("row", name="Employees")
    expect(employees_row.get_by_role("cell")).to_have_text(["3", "0", "0"])
    assert not Employee.objects.filter(employee_id="E1").exists()
    assert axe_violations() == []

    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and import").click()
    imported = page.get_by_role("status").filter(has_text="Imported 3 rows.")
    expect(imported).to_contain_text("Employees: 3 created, 0 updated, 0 unchanged.")
    # New employees with an email get a login and an invitation (issue 18).
    expect(page.get_by_text("Logins: 3 created")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert axe_violations() == []
    page.get_by_role("link", name="Upload another file").click()
    expect(page.get_by_role("table", name="Recent uploads")).to_contain_text("Imported")
    assert Employee.objects.get(employee_id="E2").manager.employee_id == "E1"


@pytest.mark.browser
def test_hr_sees_each_error_with_its_row_and_column(hr, page, log_in, axe_violations):
    rows = small_org()
    rows[2]["manager_employee_id"] = "E404"
    rows[0]["hire_date"] = "31/01/2020"
    log_in(hr.username, PASSWORD)
    page.goto("/org/import/")
    choose_file(page, "broken.csv", csv_bytes(rows))

    expect(page.get_by_text("The file cannot be imported: 2 errors.")).to_be_visible()
    date_error = page.get_by_role("row", name="hire_date")
    expect(date_error.get_by_role("cell").first).to_have_text("2")
    manager_error = page.get_by_role("row", name="manager_employee_id")
    expect(manager_error).to_contain_text("Unknown manager E404")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert axe_violations() == []
    assert not Employee.objects.filter(employee_id="E1").exists()


@pytest.mark.browser
def test_the_page_shows_the_check_in_progress_then_the_preview_without_a_reload(
        hr, page, log_in, axe_violations, monkeypatch):
    from talent import org_import_jobs
    from talent.models import OrgImport

    # No worker has taken the check yet (nothing is queued, so nothing is left behind
    # in the development broker's folder).
    monkeypatch.setattr("talent.views.queue_org_import", lambda job: None)
    log_in(hr.username, PASSWORD)
    page.goto("/org/import/")
    page.get_by_label("CSV file from the HR system").set_input_files(
        {"name": "march.csv", "mimeType": "text/csv", "buffer": csv_bytes(small_org())})
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Being checked")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Check progress")).to_be_visible()
    assert axe_violations() == []

    org_import_jobs.check(OrgImport.objects.get().pk)  # a worker takes it

    expect(page.get_by_text("3 employee rows checked; no errors.")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Confirm and import")).to_be_visible()
