"""A person HR marks as left loses their open sessions, their login and every role at
once, whichever way they were marked (the org import, the admin, talent/accounts.py,
or a write that bypassed all of those); marking them active again lets them back in."""

import pytest
from django.test import Client
from django.urls import reverse

from talent import accounts
from talent.models import Employee, User
from talent.org_import import import_org
from talent.roles import PRIVACY_GROUP, role_names
from tests.conftest import PASSWORD, make_user

from .org_csv import csv_bytes, row

PAGES = {
    "employee": reverse("home"),
    "manager": reverse("assessments:manager_dashboard"),
    "hr": reverse("assessments:campaign_list"),
}


def signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302, "the person could sign in before leaving"
    return client


def sign_in_refused(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.2")
    return response.status_code == 200 and "_auth_user_id" not in client.session


def mark_left_by_import(employee, tmp_path):
    file = tmp_path / "org.csv"
    file.write_bytes(csv_bytes([row(employee.employee_id, name=employee.name,
                                    email=employee.email, department_code=employee.department.code,
                                    department_name=employee.department.name,
                                    parent_department_code="", active="false")]))
    with open(file, "rb") as binary:
        plan = import_org(binary)
    assert plan.ok, plan.errors
    assert plan.deactivated == 1


def mark_left_in_the_admin(employee, hr_client):
    url = reverse("admin:talent_employee_changelist")
    response = hr_client.post(url, {"action": "deactivate", "_selected_action": [employee.pk]})
    assert response.status_code == 302


WAYS = {
    "accounts": lambda employee, tmp_path, hr_client: accounts.set_employees_active(
        [employee.pk], False),
    "import": lambda employee, tmp_path, hr_client: mark_left_by_import(employee, tmp_path),
    "admin action": lambda employee, tmp_path, hr_client: mark_left_in_the_admin(
        employee, hr_client),
    "admin form": lambda employee, tmp_path, hr_client: _save_inactive(employee),
}


def _save_inactive(employee):
    employee.active = False
    employee.save()


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("role", ["employee", "manager", "hr"])
def test_a_leaver_is_out_at_once_and_back_when_reactivated(role, way, cast, client_for,
                                                          tmp_path):
    user = cast[role]
    username = user.username
    tab = signed_in(username)
    assert tab.get(PAGES[role]).status_code == 200
    hr_client = client_for(cast["superuser"])

    WAYS[way](Employee.objects.get(user=user), tmp_path, hr_client)

    # The open tab lands on the login page at its next click, and an htmx request of it
    # is sent there as a whole page.
    response = tab.get(PAGES[role])
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in tab.session
    htmx = tab.get(reverse("assessments:audience_preview"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("login"))
    # A new sign-in is refused, and the login holds no role whatever its groups say.
    assert sign_in_refused(username)
    user = User.objects.get(pk=user.pk)
    assert not user.is_active
    assert role_names(user) == []
    assert not user.has_perm("talent.import_org")

    accounts.set_employees_active([user.employee.pk], True)
    back = signed_in(username)
    assert back.get(PAGES[role]).status_code == 200
    # The session that was open when they left stays ended.
    assert tab.get(PAGES[role]).status_code == 302


def test_a_session_is_ended_even_when_the_employee_row_was_switched_off_directly(
        employee, client_for):
    tab = signed_in("employee")
    # A bulk write that bypassed talent/accounts.py: the login itself is still active.
    Employee.objects.filter(user=employee).update(active=False)
    assert User.objects.get(pk=employee.pk).is_active
    response = tab.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert sign_in_refused("employee")
    # The ended session does not come back when the employee does.
    Employee.objects.filter(user=employee).update(active=True)
    assert tab.get(reverse("home")).status_code == 302
    assert signed_in("employee").get(reverse("home")).status_code == 200


def test_a_login_switched_off_in_the_admin_ends_its_sessions(employee, superuser, client_for):
    tab = signed_in("employee")
    admin = client_for(superuser)
    user = User.objects.get(pk=employee.pk)
    user.is_active = False
    user.save()
    assert tab.get(reverse("home")).status_code == 302
    user.is_active = True
    user.save()
    assert tab.get(reverse("home")).status_code == 302, "the old session stays ended"
    assert admin.get(reverse("home")).status_code == 200, "nobody else was signed out"


def test_a_manager_who_left_no_longer_sees_their_units(manager, org):
    accounts.set_employees_active([manager.employee.pk], False)
    user = User.objects.get(pk=manager.pk)
    assert not user.has_perm("talent.view_department_aggregates")


def test_a_privacy_officer_who_left_no_longer_reads_the_access_trail(org):
    officer = make_user("privacy", org, department="HQ", group=PRIVACY_GROUP)
    assert officer.has_perm("assessments.view_access_records")
    # Even a write that bypassed talent/accounts.py: the login itself is still active.
    Employee.objects.filter(user=officer).update(active=False)
    user = User.objects.get(pk=officer.pk)
    assert user.is_active and not user.has_perm("assessments.view_access_records")


def test_an_hr_person_whose_login_was_only_switched_off_holds_no_role(hr):
    User.objects.filter(pk=hr.pk).update(is_active=False)
    assert role_names(User.objects.get(pk=hr.pk)) == []


def test_other_people_keep_their_sessions(employee, other_employee):
    mine, theirs = signed_in("employee"), signed_in("other_employee")
    accounts.set_employees_active([employee.employee.pk], False)
    assert mine.get(reverse("home")).status_code == 302
    assert theirs.get(reverse("home")).status_code == 200


def test_nothing_happens_for_unknown_or_no_ids(employee):
    assert accounts.set_employees_active([], False) == 0
    assert accounts.set_employees_active([987654], False) == 0
    assert User.objects.get(pk=employee.pk).is_active


def test_reactivating_an_active_employee_changes_nothing(employee):
    generation = User.objects.get(pk=employee.pk).session_generation
    assert accounts.set_employees_active([employee.employee.pk], True) == 0
    assert User.objects.get(pk=employee.pk).session_generation == generation


def test_deleting_an_employee_switches_their_login_off(employee, client_for):
    tab = signed_in("employee")
    Employee.objects.filter(user=employee).delete()
    assert not User.objects.get(pk=employee.pk).is_active
    assert tab.get(reverse("home")).status_code == 302
    assert sign_in_refused("employee")
