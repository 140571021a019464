"""HR shares a closed campaign's released results from the campaign page; the manager's
page says as of when its figures are and shows them. English and Chinese, axe clean."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Campaign
from tests.assessments.dashboards.conftest import fill_campaign, release_all, tree_org  # noqa: F401
from tests.factories import make_bank

WORDS = {
    "en": {"share": "Share the released results with managers now",
           "shared": "managers now see their units",
           "as_of": "Figures as HR shared them on", "none": "HR has not shared"},
    "zh-hans": {"share": "立即向经理共享已发布的结果", "shared": "经理现在可以看到",
                "as_of": "以下为人力资源部于", "none": "人力资源部尚未向经理共享"},
}


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_shares_and_the_manager_reads_figures_as_of_that_moment(
        language, page, live_server, hr, manager, tree_org, axe_violations):  # noqa: F811
    words = WORDS[language]
    campaign = Campaign.objects.create(name="Spring", bank_version=make_bank("SPRING"),
                                       status=Campaign.Status.CLOSED)
    fill_campaign(campaign, {"UW": {"execution": 9, "compression": 7}}, tree_org,
                  prefix="S", share=False)

    _log_in(page, live_server, manager, language)
    page.goto(live_server.url + reverse("assessments:manager_dashboard"))
    expect(page.locator("[data-empty=snapshot]")).to_contain_text(words["none"])
    assert axe_violations() == []

    release_all(campaign)
    _log_in(page, live_server, hr, language)
    page.goto(live_server.url + reverse("assessments:campaign_detail", args=[campaign.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name=words["share"]).click()
    expect(page.get_by_role("alert").filter(has_text=words["shared"])).to_be_visible()
    expect(page.locator("[data-snapshot=last]")).to_be_visible()
    assert axe_violations() == []

    _log_in(page, live_server, manager, language)
    page.goto(live_server.url + reverse("assessments:manager_dashboard"))
    expect(page.locator("[data-snapshot=taken]")).to_contain_text(words["as_of"])
    expect(page.locator("tr[data-row=UW] td[data-family=execution]")).to_contain_text("9")
    assert axe_violations() == []
