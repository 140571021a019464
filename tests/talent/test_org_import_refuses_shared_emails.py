"""Two people on one email address would share a login and its reset links: the import
refuses such a file, naming the row and the column, and writes nothing."""

from talent.models import Employee, User
from talent.org_import import import_org

from .org_csv import csv_bytes
from .org_csv import row as org_row


def row(employee_id, **values):
    return org_row(employee_id, parent_department_code="", **values)


def run(tmp_path, rows):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows))
    with open(path, "rb") as binary:
        return import_org(binary)


def test_an_email_on_two_rows_is_refused_with_row_and_column(db, tmp_path):
    plan = run(tmp_path, [row("E1", email="same@example.com"), row("E2"),
                          row("E3", email="Same@Example.com")])
    assert not plan.ok
    [error] = plan.errors
    assert (error.row, error.column) == (4, "email")
    assert "same@example.com" in error.message.lower() and "row 2" in error.message
    assert not Employee.objects.exists() and not User.objects.exists()


def test_empty_emails_may_repeat(db, tmp_path):
    plan = run(tmp_path, [row("E1", email=""), row("E2", email="")])
    assert plan.ok, plan.errors
