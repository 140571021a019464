"""On the Chinese site, in a real browser: HR names a new campaign in Chinese and reads it
back, finds people by a department's Chinese name and reads the person's department and
position in Chinese, and the dashboard's departments in Chinese (one without a Chinese
name in English); the employee's home names the campaign in Chinese. axe-core clean."""

import pytest
from django.urls import reverse

from assessments.models import Assignment, Campaign
from talent.models import Department, Employee, Position
from tests.assessments.dashboards.conftest import PLAN, fill_campaign
from tests.factories import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def named(org, hr, employee):
    org["UW-A"] = Department.objects.create(code="UW-A", name="Motor", name_zh="车险部",
                                            parent=org["UW"])
    Department.objects.filter(code="UW").update(name_zh="核保部")
    Position.objects.filter(code="UW-ANL").update(title_zh="核保分析师")
    campaign = Campaign.objects.create(name="Known", name_zh="已知测评",
                                       bank_version=make_bank("KNOWN"),
                                       status=Campaign.Status.OPEN)
    fill_campaign(campaign, PLAN, org)
    Assignment.objects.filter(department=org["UW"]).update(position=org["analyst"])
    Employee.objects.filter(department=org["UW"]).update(position=org["analyst"])
    Assignment.objects.create(campaign=campaign, employee=employee.employee,
                              department=org["UW"], position=org["analyst"])
    return campaign


def test_hr_names_a_new_campaign_in_chinese_and_reads_it_back(page, live_server, signed_in,
                                                              hr, org, axe_violations):
    bank = make_bank("TEST")
    signed_in(hr, "zh-hans")
    page.goto(live_server.url + reverse("assessments:campaign_create"))
    page.fill("#id_name", "Autumn 2026")
    page.get_by_label("中文名称").fill("2026 年秋季测评")
    page.select_option("#id_bank_version", str(bank.pk))
    page.check("#id_audience_all")
    page.fill("#id_closes_at", "2099-01-31T17:00")
    assert axe_violations() == []
    page.get_by_role("button", name="保存为草稿").click()

    page.wait_for_selector("[data-section=audience]")
    assert page.text_content("h1").strip() == "2026 年秋季测评"
    assert page.text_content("[data-name=en]").strip() == "Autumn 2026"
    assert axe_violations() == []
    page.goto(live_server.url + reverse("assessments:campaign_list"))
    assert page.get_by_role("link", name="2026 年秋季测评").is_visible()


def test_hr_reads_people_and_the_dashboard_in_chinese(page, live_server, signed_in, hr, org,
                                                     named, axe_violations):
    signed_in(hr, "zh-hans")
    page.goto(live_server.url + reverse("assessments:people"))
    page.select_option("#id_department", label="车险部 (UW-A)")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.wait_for_selector("[data-total='6']")
    assert "车险部" in page.text_content("main tbody")
    assert axe_violations() == []

    page.goto(live_server.url + reverse("assessments:people") + "?department="
              + str(org["UW"].pk))
    page.locator("main tbody a").first.click()
    page.wait_for_selector("[data-current=position]")
    assert page.text_content("[data-current=department]").strip() == "核保部"
    assert page.text_content("[data-current=position]").strip() == "核保分析师"
    assert axe_violations() == []

    page.goto(live_server.url + reverse("assessments:campaign_dashboard", args=[named.pk]))
    rows = page.locator("main table th[scope=row]").all_text_contents()
    assert any("核保部" in r for r in rows) and any("车险部" in r for r in rows)
    assert any("Investment" in r for r in rows)  # no Chinese name: the English one
    assert "已知测评" in page.text_content("h1")
    assert axe_violations() == []


def test_the_employee_reads_the_campaign_name_in_chinese(page, live_server, signed_in,
                                                         employee, named, axe_violations):
    signed_in(employee, "zh-hans")
    page.goto(live_server.url + reverse("home"))
    assert page.get_by_role("link", name="已知测评").is_visible()
    assert axe_violations() == []
