"""Every kind of bad file is refused with a clear message and changes nothing."""

from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from talent.models import OrgImport
from talent.org_import import COLUMNS

from .org_csv import counts, csv_bytes, row, small_org, upload


def with_row(index, **values):
    rows = small_org()
    rows[index] = rows[index] | values
    return csv_bytes(rows)


BAD_FILES = {
    "missing columns": (
        csv_bytes(small_org(), columns=[c for c in COLUMNS if c not in ("email", "hire_date")]),
        "Missing columns: email, hire_date", 1, "",
    ),
    "a misspelt column": (
        csv_bytes(small_org(), columns=[c if c != "hire_date" else "hire_dat" for c in COLUMNS]),
        "Unknown columns: 'hire_dat'", 1, "",
    ),
    "an unknown manager": (
        with_row(2, manager_employee_id="E404"), "Unknown manager E404", 4,
        "manager_employee_id",
    ),
    "a duplicate employee id": (
        csv_bytes([*small_org(), row("E2", name="Someone else")]),
        "Employee E2 is also on row 2", 5, "employee_id",
    ),
    "a loop in the department tree": (
        with_row(1, parent_department_code="OPS"), "The department tree loops", 2,
        "parent_department_code",
    ),
    "a manager chain that loops": (
        with_row(1, manager_employee_id="E3"), "The manager chain loops: E1 → E3 → E1", 3,
        "manager_employee_id",
    ),
    "an employee managing themself": (
        with_row(2, manager_employee_id="E3"), "E3 → E3", 4, "manager_employee_id",
    ),
    "bytes that are not UTF-8": (
        csv_bytes(small_org()).replace(b"Person E3", "Müller".encode("latin-1")),
        "not UTF-8 text (line 4)", 4, "",
    ),
    "a formula cell": (
        with_row(2, name='=HYPERLINK("http://evil.example","x")'), "run as a formula", 4,
        "name",
    ),
    "a cell starting with a tab": (
        with_row(0, department_name="\tOperations"), "run as a formula", 2, "department_name",
    ),
    "a date that is not ISO": (
        with_row(0, hire_date="31/01/2020"), "\"31/01/2020\" is not a date as YYYY-MM-DD", 2,
        "hire_date",
    ),
    "a date that does not exist": (
        with_row(0, hire_date="2023-02-29"), "is not a date", 2, "hire_date",
    ),
    "an email that is not one": (
        with_row(2, email="e3.example.com"), "is not an email address", 4, "email",
    ),
    "a level out of range": (
        with_row(0, need_execution="4"), "\"4\" is not a level", 2, "need_execution",
    ),
    "an unknown function": (
        with_row(0, function="sales"), "\"sales\" is not one of", 2, "function",
    ),
    "an unclear active flag": (
        with_row(0, active="maybe"), "\"maybe\" is not one of true, false", 2, "active",
    ),
    "a missing name": (with_row(0, name=""), "This column is required", 2, "name"),
    "an unknown parent department": (
        with_row(1, parent_department_code="GROUP"), "Unknown department GROUP", 3,
        "parent_department_code",
    ),
    "a department described two ways": (
        with_row(2, department_name="Ops"), "Department OPS is described differently on row 2",
        4, "department_name",
    ),
    "a row with too few cells": (
        csv_bytes(small_org()) + b"E9,Short row\r\n", "This row has 2 cells; the header has 14",
        5, "",
    ),
    "a quote that is never closed": (
        csv_bytes(small_org()) + b'E9,"Unclosed name\r\n', "not valid CSV near line 5", 5, "",
    ),
    "a NUL byte": (
        csv_bytes(small_org()).replace(b"Person E3", b"Person\x00E3"),
        "Line 4 contains a NUL byte", 4, "",
    ),
    "an empty file": (b"", "The file is empty.", 0, ""),
    "a header and no rows": (csv_bytes([]), "The file has a header but no employee rows", 0, ""),
}


@pytest.fixture
def before(hr):
    return counts()


@pytest.mark.parametrize("case", [case for case in BAD_FILES if case != "an empty file"])
def test_hr_uploading_a_bad_file_is_told_why_and_nothing_changes(case, hr, client_for, before,
                                                                 org_import_dir):
    content, message, row_number, column = BAD_FILES[case]
    response = upload(client_for(hr), content)
    html = unescape(response.content.decode())
    assert response.context["job"].status == OrgImport.Status.REFUSED
    assert "The file cannot be imported" in html
    assert message in html
    [error] = [e for e in response.context["plan"].errors if message in e.message]
    assert (error.row, error.column) == (row_number, column)
    assert "Confirm and import" not in html
    assert counts() == before
    assert not list(org_import_dir.glob("*")), "a refused file is not kept"


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_the_command_refuses_a_bad_file_and_changes_nothing(case, hr, before, tmp_path, capsys):
    content, message, _row, _column = BAD_FILES[case]
    path = tmp_path / "org.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_org", str(path))
    assert message in capsys.readouterr().err
    assert counts() == before


@pytest.mark.parametrize("cell", ["+1", "-1+2", "@SUM(A1)", "\rname", " =1+1"])
def test_every_formula_prefix_is_refused(cell, hr, before, tmp_path, capsys):
    path = tmp_path / "org.csv"
    path.write_bytes(with_row(0, name=cell))
    with pytest.raises(CommandError):
        call_command("import_org", str(path))
    assert "row 2, name: Starts with" in capsys.readouterr().err
    assert counts() == before


def test_the_command_says_when_the_file_cannot_be_read(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_org", str(tmp_path / "missing.csv"))


def test_an_upload_without_the_csrf_token_is_refused(hr, before):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    response = client.post(reverse("talent:import_org"),
                           {"file": _upload(csv_bytes(small_org()))})
    assert response.status_code == 403
    assert counts() == before


def test_the_error_table_shows_the_first_200_errors_and_the_total(hr, client_for, before):
    rows = [row(f"E{n}", hire_date="yesterday") for n in range(250)]
    html = upload(client_for(hr), csv_bytes(rows)).content.decode()
    assert "250 errors" in html
    assert "Showing the first 200 of 250 errors" in html
    assert html.count("is not a date as YYYY-MM-DD") == 200
    assert counts() == before


def test_an_empty_upload_is_refused(hr, client_for, before):
    response = client_for(hr).post(reverse("talent:import_org"), {"file": _upload(b"")})
    assert response.status_code == 400
    assert "The submitted file is empty" in response.content.decode()
    assert counts() == before


def test_a_missing_file_is_asked_for(hr, client_for):
    response = client_for(hr).post(reverse("talent:import_org"), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def _upload(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("org.csv", content, content_type="text/csv")


def test_bad_bytes_stop_the_check_without_inventing_errors_about_the_rest(hr, client_for):
    # E2's manager E1 comes after the undecodable line: it is not reported as unknown.
    rows = small_org()
    rows = [rows[0], rows[2] | {"name": "Müller"}, rows[1]]
    content = csv_bytes(rows).replace("Müller".encode(), "Müller".encode("latin-1"))
    rows = [(e.row, e.column) for e in upload(client_for(hr), content).context["plan"].errors]
    assert rows == [(3, "")]


def test_a_bad_row_is_reported_once_not_again_by_the_rows_that_refer_to_it(hr, client_for):
    rows = small_org()
    rows[1] = rows[1] | {"email": "not-an-email"}  # E1 heads HQ and manages E2 and E3
    plan = upload(client_for(hr), csv_bytes(rows)).context["plan"]
    assert [(e.row, e.column) for e in plan.errors] == [(3, "email")]
