"""When the HR system changes a person's work email, their provisioned login follows it:
they sign in with the new address and a password reset reaches it. A login named
otherwise, or a new address another login already holds, is left as it is."""

from django.core import mail
from django.urls import reverse

from talent.models import Employee, User
from talent.org_import import import_org

from .org_csv import csv_bytes
from .org_csv import row as org_row


def row(employee_id, **values):
    return org_row(employee_id, parent_department_code="", **values)


def imported(tmp_path, rows):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows))
    with open(path, "rb") as file:
        plan = import_org(file)
    assert plan.ok, plan.errors
    return plan


def test_the_login_is_renamed_and_a_reset_goes_to_the_new_address(db, tmp_path, client):
    imported(tmp_path, [row("E1", email="ana.lee@old.example.com")])
    user = Employee.objects.get(employee_id="E1").user
    user.set_password("a long enough password 1")
    user.save()

    imported(tmp_path, [row("E1", email="Ana.Lee@New.example.com")])
    user.refresh_from_db()
    assert (user.username, user.email) == ("ana.lee@new.example.com", "ana.lee@new.example.com")
    response = client.post(reverse("login"), {"username": "ana.lee@new.example.com",
                                              "password": "a long enough password 1"})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)
    assert not User.objects.filter(username="ana.lee@old.example.com").exists()

    client.logout()
    client.post("/accounts/password/reset/", {"email": "ana.lee@new.example.com"})
    assert [[to.lower() for to in message.to] for message in mail.outbox] == [
        ["ana.lee@new.example.com"]]


def test_a_login_an_administrator_named_otherwise_is_left_alone(db, tmp_path):
    imported(tmp_path, [row("E1", email="e1@old.example.com")])
    employee = Employee.objects.get(employee_id="E1")
    User.objects.filter(pk=employee.user_id).update(username="ana")
    imported(tmp_path, [row("E1", email="e1@new.example.com")])
    assert User.objects.get(pk=employee.user_id).username == "ana"


def test_a_new_address_another_login_holds_is_never_taken_over(db, tmp_path):
    someone = User.objects.create_user("e1@new.example.com", email="e1@new.example.com",
                                       password="x" * 16)
    imported(tmp_path, [row("E1", email="e1@old.example.com")])
    employee = Employee.objects.get(employee_id="E1")
    imported(tmp_path, [row("E1", email="e1@new.example.com")])
    employee.refresh_from_db()
    assert employee.user.username == "e1@old.example.com"
    someone.refresh_from_db()
    assert someone.username == "e1@new.example.com" and not hasattr(someone, "employee_id")
