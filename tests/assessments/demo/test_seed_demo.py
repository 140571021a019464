import io

from django.core.management import call_command

from talent.models import Department, Employee, User
from talent.roles import role_names


def counts():
    return (User.objects.count(), Employee.objects.count(), Department.objects.count())


def test_seed_demo_twice_creates_nothing_the_second_time(db):
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    assert counts() == first
    assert first[1] == 60


def test_seed_demo_gives_one_login_for_each_role(db):
    call_command("seed_demo", employees=60, stdout=io.StringIO())
    roles = {u.username: role_names(u) for u in User.objects.filter(
        username__in=["employee", "employee2", "manager", "hr", "bankadmin", "admin"])}
    assert roles["employee"] == ["employee"]
    assert roles["employee2"] == ["employee"]
    assert roles["manager"] == ["manager", "employee"]
    assert "hr" in roles["hr"] and "manager" not in roles["hr"]
    assert "bank_admin" in roles["bankadmin"] and "manager" not in roles["bankadmin"]
    assert roles["admin"] == ["superuser"]
