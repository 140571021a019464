import pytest
from django.core.management import CommandError

from talent.models import Department, Employee

HEADER = ["employee_id", "EXE01"]


def test_unknown_employees_are_refused_without_the_option(
    bank, people, write_csv, run_import, table_counts
):
    before = table_counts()

    with pytest.raises(CommandError, match="there is no employee N1"):
        run_import(write_csv([HEADER, ["P001", 1], ["N1", 2]]))

    assert table_counts() == before


def test_create_employees_puts_new_people_in_the_imported_department(
    bank, people, write_csv, run_import
):
    out = run_import(write_csv([HEADER, ["P001", 1], ["N1", 2], ["N2", ""]]),
                     create_employees=True)

    created = Employee.objects.filter(employee_id__in=["N1", "N2"]).select_related("department")
    assert [(e.employee_id, e.name, e.department.code, e.department.name) for e in created] == [
        ("N1", "N1", "IMPORTED", "Imported"), ("N2", "N2", "IMPORTED", "Imported"),
    ]
    assert all(e.assignments.get().status == "submitted" for e in created)
    assert Employee.objects.get(employee_id="P001").department.code == "TEST"
    assert "2 employees created in department IMPORTED" in out


def test_create_employees_reuses_the_imported_department(bank, write_csv, run_import):
    Department.objects.create(code="IMPORTED", name="Imported people")

    run_import(write_csv([HEADER, ["N1", 1]]), create_employees=True)
    run_import(write_csv([HEADER, ["N2", 1]]), campaign="Other", create_employees=True)

    assert Department.objects.filter(code="IMPORTED").count() == 1
    assert Employee.objects.filter(department__code="IMPORTED").count() == 2
