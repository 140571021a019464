"""Control characters, text-direction overrides and line breaks in any cell are refused
with the row and column, and nothing is written."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from talent.models import OrgImport
from talent.org_import import plan_import

from .org_csv import counts, csv_bytes, small_org
from .org_csv import upload as upload_and_check

HIDDEN = {
    "ESC": "\x1b", "BEL": "\x07", "TAB": "\t", "a line break": "\n", "a carriage return": "\r",
    "DEL": "\x7f", "C1 NEL": "\x85", "C1 CSI": "\x9b", "line separator": "\u2028",
    "LRE": "\u202a", "RLO": "\u202e", "LRI": "\u2066", "PDI": "\u2069",
}
TEXT_COLUMNS = ["employee_id", "name", "email", "department_code", "department_name",
                "position_code", "position_title", "manager_employee_id", "hire_date"]


def file_with(column, char, row_index=2):
    rows = small_org()
    value = rows[row_index][column] or "X"
    rows[row_index] = rows[row_index] | {column: value[:1] + char + value[1:]}
    return csv_bytes(rows)


def upload(content):
    return SimpleUploadedFile("org.csv", content, content_type="text/csv")


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_hidden_character_in_a_name_is_refused_with_its_row_and_column(db, char):
    plan = plan_import(iter(file_with("name", char).splitlines(keepends=True)))
    assert not plan.ok
    [error] = plan.errors
    assert (error.row, error.column) == (4, "name")
    assert f"U+{ord(char):04X}" in error.message


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_every_text_column_is_checked(db, column):
    plan = plan_import(iter(file_with(column, "\u202e").splitlines(keepends=True)))
    assert (plan.errors[0].row, plan.errors[0].column) == (4, column)


def test_hr_uploading_a_name_with_an_override_is_told_where_and_nothing_changes(
        hr, client_for, org_import_dir):
    before = counts()
    response = upload_and_check(client_for(hr), file_with("name", "\u202e"))
    assert response.context["job"].status == OrgImport.Status.REFUSED
    assert "U+202E" in unescape(response.content.decode())
    assert counts() == before
    assert not list(org_import_dir.glob("*"))


def test_the_command_refuses_a_name_on_two_lines(hr, tmp_path, capsys):
    before = counts()
    path = tmp_path / "org.csv"
    path.write_bytes(file_with("name", "\n"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_org", str(path))
    assert "row 4, name: Contains an invisible control character (U+000A)" in (
        capsys.readouterr().err)
    assert counts() == before


def test_ordinary_chinese_and_accented_names_still_import(hr):
    rows = small_org()
    rows[0]["name"] = "张伟"
    rows[2]["name"] = "José Müller-Łukasz"
    plan = plan_import(iter(csv_bytes(rows).splitlines(keepends=True)))
    assert plan.ok, plan.errors
