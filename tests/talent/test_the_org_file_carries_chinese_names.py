"""The org file may carry the Chinese names of departments and positions in two optional
columns. A file without a column leaves those names as they are (files written before the
columns existed keep working); a file with it sets them, and an empty cell clears one.
Cells are stripped and checked like the others; a bad one is refused and nothing written."""

import io
from pathlib import Path

import pytest
from django.urls import reverse

from talent.models import Department, Position
from talent.org_import import COLUMNS, OPTIONAL_COLUMNS, import_org

from .org_csv import confirm, counts, csv_bytes, small_org, upload

WITH_CHINESE = [*COLUMNS, *OPTIONAL_COLUMNS]


def chinese(rows, ops="运营部", hq="总部", analyst="运营分析师"):
    """small_org() with the Chinese names filled in."""
    for values in rows:
        head_office = values["department_code"] == "HQ"
        values["department_name_zh"] = hq if head_office else ops
        values["position_title_zh"] = "" if head_office else analyst
    return rows


def run(rows, columns=WITH_CHINESE):
    return import_org(io.BytesIO(csv_bytes(rows, columns=columns)))


def names():
    return (dict(Department.objects.values_list("code", "name_zh")),
            dict(Position.objects.values_list("code", "title_zh")))


def test_a_file_with_the_chinese_columns_names_departments_and_positions_in_chinese(db):
    plan = run(chinese(small_org()))
    assert plan.ok, plan.errors
    assert names() == ({"HQ": "总部", "OPS": "运营部"}, {"OPS-ANL": "运营分析师"})
    # The English names are still the ones the file gave.
    assert Department.objects.get(code="OPS").name == "Operations"


def test_cells_are_stripped(db):
    plan = run(chinese(small_org(), ops="  运营部 ", analyst=" 运营分析师  "))
    assert plan.ok, plan.errors
    assert names() == ({"HQ": "总部", "OPS": "运营部"}, {"OPS-ANL": "运营分析师"})


def test_the_same_file_again_changes_nothing(db):
    run(chinese(small_org()))
    plan = run(chinese(small_org()))
    assert (plan.departments.update, plan.positions.update) == (0, 0)
    assert (plan.departments.unchanged, plan.positions.unchanged) == (2, 1)


def test_a_file_without_the_columns_keeps_working_and_leaves_the_chinese_names(db):
    run(chinese(small_org()))
    rows = small_org()
    rows[0]["department_name"] = rows[2]["department_name"] = "Operations and delivery"
    plan = run(rows, columns=COLUMNS)
    assert plan.ok, plan.errors
    assert plan.departments.update == 1 and plan.positions.unchanged == 1
    assert Department.objects.get(code="OPS").name == "Operations and delivery"
    assert names() == ({"HQ": "总部", "OPS": "运营部"}, {"OPS-ANL": "运营分析师"})


def test_a_file_with_only_one_of_the_columns_leaves_the_other(db):
    run(chinese(small_org()))
    rows = chinese(small_org(), ops="运营与交付部")
    for values in rows:
        del values["position_title_zh"]
    plan = run(rows, columns=[*COLUMNS, "department_name_zh"])
    assert plan.ok, plan.errors
    assert names() == ({"HQ": "总部", "OPS": "运营与交付部"}, {"OPS-ANL": "运营分析师"})


def test_an_empty_cell_in_a_given_column_clears_the_name(db):
    run(chinese(small_org()))
    plan = run(chinese(small_org(), ops="", analyst=""))
    assert plan.ok, plan.errors
    assert (plan.departments.update, plan.positions.update) == (1, 1)
    assert names() == ({"HQ": "总部", "OPS": ""}, {"OPS-ANL": ""})


def test_a_new_department_from_a_file_without_the_column_has_no_chinese_name(db):
    assert run(small_org(), columns=COLUMNS).ok
    assert names() == ({"HQ": "", "OPS": ""}, {"OPS-ANL": ""})


@pytest.mark.parametrize("column", OPTIONAL_COLUMNS)
def test_a_chinese_name_too_long_is_refused_and_nothing_is_written(db, column):
    rows = chinese(small_org())
    rows[0][column] = "长" * 201
    plan = run(rows)
    assert not plan.ok
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, column, "Longer than 200 characters.")]
    assert counts() == (0, 0, 0)


def test_a_department_given_two_chinese_names_is_refused(db):
    rows = chinese(small_org())
    rows[2]["department_name_zh"] = "营运部"
    plan = run(rows)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "department_name_zh")]
    assert "Department OPS is described differently on row 2." in plan.errors[0].message
    assert counts() == (0, 0, 0)


def test_a_position_given_two_chinese_titles_is_refused(db):
    rows = chinese(small_org())
    rows[2]["position_title_zh"] = "营运分析师"
    plan = run(rows)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "position_title_zh")]
    assert counts() == (0, 0, 0)


def test_a_chinese_title_without_a_position_is_refused(db):
    rows = chinese(small_org())
    rows[1]["position_title_zh"] = "总经理"  # E1 has no position_code
    plan = run(rows)
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (3, "position_title_zh", "Given without a position_code.")]


@pytest.mark.parametrize("cell", ["=运营部", "运营\u202e部", "运营\n部"])
def test_a_formula_or_a_hidden_character_in_a_chinese_name_is_refused(db, cell):
    rows = chinese(small_org())
    rows[0]["department_name_zh"] = cell
    plan = run(rows)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "department_name_zh")]
    assert counts() == (0, 0, 0)


def test_a_misspelt_optional_column_is_an_unknown_column(db):
    rows = chinese(small_org())
    plan = run(rows, columns=[*COLUMNS, "department_name_cn"])
    assert [e.message for e in plan.errors] == ["Unknown columns: 'department_name_cn'."]


def test_the_import_page_names_the_optional_columns(hr, client_for):
    page = client_for(hr).get(reverse("talent:import_org")).content.decode()
    assert "department_name_zh, position_title_zh" in page
    assert "an empty cell removes the name" in page


def test_hr_previews_and_confirms_a_file_with_the_chinese_columns(hr, client_for,
                                                                  org_import_dir):
    client = client_for(hr)
    content = csv_bytes(chinese(small_org()), columns=WITH_CHINESE)
    preview = upload(client, content)
    assert "3 employee rows checked; no errors." in preview.content.decode()
    confirm(client, preview)
    # HQ was there already (the cast's); the file names it in Chinese too.
    assert names() == ({"HQ": "总部", "INV": "", "OPS": "运营部", "UW": ""},
                       {"OPS-ANL": "运营分析师", "UW-ANL": ""})


def test_the_sample_file_in_the_docs_imports_with_its_chinese_names(db):
    sample = Path(__file__).resolve().parents[2] / "docs" / "org-sample.csv"
    with sample.open("rb") as file:
        plan = import_org(file)
    assert plan.ok, plan.errors
    assert Department.objects.get(code="UW").display_name == "Underwriting"
    assert Department.objects.get(code="UW").name_zh == "核保部"
    assert Position.objects.get(code="UW-ANL").title_zh == "核保分析师"
