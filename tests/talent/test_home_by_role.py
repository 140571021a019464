import pytest
from django.urls import reverse

SECTIONS = {
    "employee": ['data-role="employee"'],
    "other_employee": ['data-role="employee"'],
    "manager": ['data-role="manager"', 'data-role="employee"'],
    "hr": ['data-role="hr"'],
    "bank_admin": ['data-role="bank_admin"'],
    "superuser": ['data-role="superuser"'],
}
ALL_SECTIONS = {"employee", "manager", "hr", "bank_admin", "superuser"}


@pytest.mark.parametrize("who", list(SECTIONS))
def test_each_role_sees_its_own_home_sections_and_no_others(who, cast, client_for):
    response = client_for(cast[who]).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    for marker in SECTIONS[who]:
        assert marker in html
    expected = {m.split('"')[1] for m in SECTIONS[who]}
    if who in ("hr", "bank_admin"):
        expected.add("employee")  # staff are employees too
    for role in ALL_SECTIONS - expected:
        assert f'data-role="{role}"' not in html


def test_a_login_without_a_role_is_told_to_ask_hr(cast, client_for):
    response = client_for(cast["outsider"]).get(reverse("home"))
    assert "Ask HR to link it to your employee record" in response.content.decode()


def test_a_plain_employee_sees_no_staff_navigation(cast, client_for):
    html = client_for(cast["employee"]).get(reverse("home")).content.decode()
    assert "Question banks" not in html
    assert "/admin/" not in html
