"""Each active employee with an email gets one login, with no usable password, linked to
them: from talent/accounts.py directly, and from the org import."""

from talent import accounts
from talent.models import Employee, User
from talent.org_import import import_org

from .org_csv import csv_bytes
from .org_csv import row as org_row


def make_employee(org, employee_id, **fields):
    return Employee.objects.create(employee_id=employee_id, name=f"Person {employee_id}",
                                   department=org["UW"], **fields)


def test_an_active_employee_with_an_email_gets_a_login_with_no_usable_password(org):
    person = make_employee(org, "E1", email="Ana.Lee@Example.com")
    created = accounts.provision_logins([person.pk])
    assert [user.username for user in created] == ["ana.lee@example.com"]
    person.refresh_from_db()
    assert person.user == created[0]
    assert person.user.email == "ana.lee@example.com"
    assert person.user.is_active and not person.user.has_usable_password()
    assert not person.user.is_staff and not person.user.is_superuser


def test_nobody_without_an_email_inactive_or_with_a_login_gets_one(org, employee):
    no_email = make_employee(org, "E1")
    left = make_employee(org, "E2", email="e2@example.com", active=False)
    has_login = employee.employee
    assert accounts.provision_logins([no_email.pk, left.pk, has_login.pk, 98765]) == []
    assert User.objects.count() == 1


def test_calling_it_twice_creates_nothing_the_second_time(org):
    person = make_employee(org, "E1", email="e1@example.com")
    assert len(accounts.provision_logins([person.pk])) == 1
    assert accounts.provision_logins([person.pk]) == []
    assert User.objects.filter(username="e1@example.com").count() == 1


def test_an_existing_login_with_that_name_is_never_handed_over(org):
    someone = User.objects.create_user("e1@example.com", password="x" * 12)
    person = make_employee(org, "E1", email="E1@example.com")
    assert accounts.provision_logins([person.pk]) == []
    person.refresh_from_db()
    assert person.user is None
    assert not hasattr(someone, "employee") or someone.employee is None


def test_two_employees_with_one_email_get_no_login(org):
    first = make_employee(org, "E1", email="shared@example.com")
    second = make_employee(org, "E2", email="SHARED@example.com")
    assert accounts.provision_logins([first.pk, second.pk]) == []
    assert not User.objects.exists()


def test_the_org_import_provisions_new_people_and_only_them(db, tmp_path):
    rows = [row("E1"), row("E2", email=""), row("E3", active="false")]
    plan = import_org(_file(tmp_path, rows))
    assert plan.ok, plan.errors
    assert len(plan.provisioned_user_ids) == 1
    assert Employee.objects.get(employee_id="E1").user.username == "e1@example.com"
    assert Employee.objects.get(employee_id="E2").user is None
    assert Employee.objects.get(employee_id="E3").user is None
    again = import_org(_file(tmp_path, rows))
    assert again.ok and again.provisioned_user_ids == []


def test_a_returning_employee_without_a_login_gets_one(db, tmp_path):
    import_org(_file(tmp_path, [row("E1", active="false")]))
    plan = import_org(_file(tmp_path, [row("E1")]))
    assert plan.reactivated == 1
    assert Employee.objects.get(employee_id="E1").user is not None


def test_a_dry_run_creates_no_login(db, tmp_path):
    import_org(_file(tmp_path, [row("E1")]), dry_run=True)
    assert not User.objects.exists()


def row(employee_id, **values):
    return org_row(employee_id, parent_department_code="", **values)


def _file(tmp_path, rows):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows))
    return open(path, "rb")  # noqa: SIM115 (closed with the test's tmp_path)
