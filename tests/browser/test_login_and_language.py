import pytest

from tests.conftest import PASSWORD

ROLES = ["employee", "manager", "hr", "bank_admin", "superuser"]
HOME_SECTION = {
    "employee": "My assessments",
    "manager": "My department",
    "hr": "HR workspace",
    "bank_admin": "Question banks",
    "superuser": "Administration",
}


@pytest.mark.parametrize("who", ROLES)
def test_each_role_logs_in_reads_chinese_and_logs_out(who, cast, page, log_in, axe_violations):
    user = cast[who]
    log_in(user.username, PASSWORD)
    assert page.get_by_role("heading", name=HOME_SECTION[who]).is_visible()
    assert axe_violations() == []

    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("button", name="退出登录").is_visible()
    assert axe_violations() == []

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("heading", name="登录").is_visible()


def test_the_login_page_has_no_serious_accessibility_problems(page, axe_violations, db):
    page.goto("/accounts/login/")
    assert axe_violations() == []


def test_a_wrong_password_shows_a_clear_error_in_the_browser(employee, page, log_in):
    log_in(employee.username, "not-the-password")
    assert page.get_by_text("Please enter a correct username and password").is_visible()


@pytest.mark.parametrize("who", ["hr", "bank_admin"])
def test_pages_work_under_the_strict_content_security_policy(who, cast, strict_page):
    page = strict_page
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(cast[who].username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.csp_errors == []
