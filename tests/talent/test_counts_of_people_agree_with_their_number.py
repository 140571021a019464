"""HR's messages after acting on several people say "1 employee" and "2 employees",
"1 login" and "2 logins" (they said "employee(s)", "login(s)")."""

import pytest
from django.urls import reverse

from talent.models import Employee


def act(client, action, employees):
    response = client.post(reverse("admin:talent_employee_changelist"),
                           {"action": action, "_selected_action": [e.pk for e in employees]},
                           follow=True)
    return response.content.decode()


@pytest.fixture
def staff(employee, other_employee):
    return [employee.employee, other_employee.employee]


def test_one_employee_marked_as_left_is_one_employee(hr, client_for, staff):
    html = act(client_for(hr), "deactivate", staff[:1])
    assert "1 employee deactivated; their sessions have ended." in html


def test_two_employees_marked_as_left_are_employees(hr, client_for, staff):
    html = act(client_for(hr), "deactivate", staff)
    assert "2 employees deactivated; their sessions have ended." in html


def test_reactivated_people_are_counted_the_same_way(hr, client_for, staff):
    client = client_for(hr)
    act(client, "deactivate", staff)
    assert "1 employee reactivated." in act(client, "reactivate", staff[:1])
    assert "1 employee reactivated." in act(client, "reactivate", staff)  # one was still out


def test_in_chinese_the_count_reads_the_same_either_way(hr, client_for, staff):
    client = client_for(hr)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    assert "已停用 2 名员工；其会话均已结束。" in act(client, "deactivate", staff)


def without_login(org, n):
    return [Employee.objects.create(employee_id=f"NEW-{i}", name=f"New {i}",
                                    email=f"new{i}@example.com", department=org["UW"])
            for i in range(n)]


@pytest.mark.parametrize(("n", "said"), [
    (1, "1 login created; an invitation to set a password is on its way."),
    (2, "2 logins created; an invitation to set a password is on its way to each."),
])
def test_logins_created_are_counted_in_words(n, said, hr, client_for, org):
    without_login(org, n)
    response = client_for(hr).post(reverse("talent:provision_logins"), follow=True)
    assert said in response.content.decode()
