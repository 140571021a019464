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


def test_a_bank_admin_finds_the_item_analysis_of_recent_campaigns_from_home(cast, client_for):
    from tests.factories import make_bank, make_campaign

    campaign = make_campaign(make_bank(), name="Autumn review")
    html = client_for(cast["bank_admin"]).get(reverse("home")).content.decode()
    assert f"/assessments/campaigns/{campaign.pk}/item-analysis/" in html
    assert "Autumn review" in html


def test_a_bank_admin_is_told_when_no_campaign_has_used_a_bank(cast, client_for):
    html = client_for(cast["bank_admin"]).get(reverse("home")).content.decode()
    assert "No campaign has used a bank yet." in html
