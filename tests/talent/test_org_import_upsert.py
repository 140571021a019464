"""Importing upserts by employee_id; a dry run and a preview write nothing."""

import datetime

from django.core.management import call_command

from talent.models import Department, Employee, Position
from talent.org_import import import_org

from .org_csv import counts, csv_bytes, row, small_org


def run(tmp_path, rows, *args, bom=False):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows, bom=bom))
    call_command("import_org", str(path), *args)


def test_a_first_import_creates_people_departments_and_positions(db, tmp_path):
    run(tmp_path, small_org())
    boss, report = Employee.objects.get(employee_id="E1"), Employee.objects.get(employee_id="E2")
    assert report.manager == boss
    assert report.department.parent == boss.department
    assert report.position.code == "OPS-ANL"
    assert report.position.need_execution == Position.Level.HIGH
    assert report.position.department.code == "OPS"
    assert boss.position is None
    assert report.hire_date == datetime.date(2020, 1, 31)
    assert counts() == (3, 2, 1)


def test_a_manager_may_appear_later_in_the_file(db, tmp_path):
    rows = [row("E3", manager_employee_id="E2"), row("E2", manager_employee_id="E1"),
            *small_org()[1:2]]
    run(tmp_path, rows)
    assert Employee.objects.get(employee_id="E3").manager.manager.employee_id == "E1"


def test_importing_the_same_file_again_changes_nothing(db, tmp_path, capsys):
    run(tmp_path, small_org())
    before = list(Employee.objects.values().order_by("pk"))
    run(tmp_path, small_org())
    out = capsys.readouterr().out
    assert "employees: 0 created, 0 updated, 3 unchanged" in out
    assert "departments: 0 created, 0 updated, 2 unchanged" in out
    assert list(Employee.objects.values().order_by("pk")) == before


def test_changed_rows_are_updated_and_the_rest_left_alone(db, tmp_path, capsys):
    run(tmp_path, small_org())
    rows = small_org()
    rows[0] |= {"name": "Renamed", "active": "no", "manager_employee_id": "E3",
                "department_name": "Operations and delivery", "need_compression": "medium"}
    rows[2] |= {"department_name": "Operations and delivery", "need_compression": "medium"}
    run(tmp_path, rows)
    assert "employees: 0 created, 1 updated, 2 unchanged" in capsys.readouterr().out
    renamed = Employee.objects.get(employee_id="E2")
    assert (renamed.name, renamed.active, renamed.manager.employee_id) == ("Renamed", False, "E3")
    assert Department.objects.get(code="OPS").name == "Operations and delivery"
    assert Position.objects.get(code="OPS-ANL").need_compression == Position.Level.MEDIUM


def test_employees_missing_from_the_file_are_left_as_they_are(db, tmp_path):
    run(tmp_path, small_org())
    run(tmp_path, small_org()[1:2])
    assert Employee.objects.filter(employee_id__in=["E2", "E3"], active=True).count() == 2


def test_a_file_may_point_at_departments_and_managers_already_in_the_organisation(
    org, employee, tmp_path
):
    run(tmp_path, [row("E9", department_code="NEW", department_name="New unit",
                       parent_department_code="UW", manager_employee_id="ID-employee")])
    newcomer = Employee.objects.get(employee_id="E9")
    assert newcomer.manager == employee.employee
    assert newcomer.department.parent == org["UW"]


def test_a_dry_run_writes_nothing(hr, tmp_path, capsys):
    before = counts()
    run(tmp_path, small_org(), "--dry-run")
    out = capsys.readouterr().out
    assert "employees: 3 to create" in out
    assert "Dry run: nothing was written." in out
    assert counts() == before


def test_a_utf8_byte_order_mark_is_accepted(db, tmp_path):
    rows = small_org()
    rows[0]["name"] = "Clara Müller 王伟"
    run(tmp_path, rows, bom=True)
    assert Employee.objects.get(employee_id="E2").name == "Clara Müller 王伟"


def test_columns_may_come_in_any_order_with_any_case(db, tmp_path):
    from talent.org_import import COLUMNS

    columns = [c.upper() for c in reversed(COLUMNS)]
    content = csv_bytes(small_org(), columns=list(reversed(COLUMNS)))
    header, rest = content.split(b"\r\n", 1)
    path = tmp_path / "org.csv"
    path.write_bytes(",".join(columns).encode() + b"\r\n" + rest)
    call_command("import_org", str(path))
    assert Employee.objects.count() == 3


def test_the_import_function_reports_the_plan_it_applied(db, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(small_org()))
    with open(path, "rb") as binary_file:
        plan = import_org(binary_file)
    assert plan.ok
    assert (plan.employees.create, plan.departments.create, plan.positions.create) == (3, 2, 1)


def test_a_clash_with_a_concurrent_change_rolls_everything_back(db, tmp_path, monkeypatch):
    from django.db import IntegrityError

    from talent import org_import_writes

    real_write_employees = org_import_writes._write_employees

    def clash(*args):
        real_write_employees(*args)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(org_import_writes, "_write_employees", clash)
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(small_org()))
    with open(path, "rb") as binary_file:
        plan = import_org(binary_file)
    assert "The organisation changed while importing" in plan.errors[0].message
    assert counts() == (0, 0, 0)
