"""HR reads a campaign's dashboard and a manager their units' page in a real browser, in
English and Chinese: the charts are drawn (under the site's CSP, without inline code),
each beside its table, and axe-core finds nothing serious."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign
from tests.assessments.dashboards.conftest import (  # noqa: F401 - fixtures
    fill_campaign,
    known_campaign,
    tree_org,
)
from tests.factories import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "en": {"families": "Role families by department", "units": "My units"},
    "zh-hans": {"families": "各部门角色类型", "units": "我的部门"},
}
BIG = {"UW": {"execution": 12, "compression": 8, "undetermined": 6, "unclassified": 5,
              "invalid": 5, "not_started": 5, "in_progress": 5, "unscored": 5},
       "UW-A": {"execution": 9, "compression": 7, "undetermined": 5, "unclassified": 5,
                "invalid": 5, "not_started": 5, "in_progress": 5, "unscored": 5}}


def _log_in(page, live_server, user, language="en"):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


@pytest.fixture
def big_campaign(tree_org):  # noqa: F811
    campaign = Campaign.objects.create(name="Big one", bank_version=make_bank("BIGB"),
                                       status=Campaign.Status.OPEN)
    return fill_campaign(campaign, BIG, tree_org, prefix="B")


def _charts_drawn(page, names):
    for name in names:
        page.wait_for_selector(f"canvas[data-chart={name}][data-drawn=true]")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_reads_the_campaign_dashboard(language, page, live_server, hr, known_campaign,  # noqa: F811
                                         axe_violations):
    _log_in(page, live_server, hr, language)
    page.goto(live_server.url + reverse("assessments:campaign_dashboard",
                                        args=[known_campaign.pk]))
    assert page.locator("html").get_attribute("lang") == language
    assert HEADINGS[language]["families"] in page.text_content("main")
    _charts_drawn(page, ["funnel", "families", "scatter"])
    for table in ("funnel", "families", "scatter", "validity", "flags"):
        assert page.locator(f"table[data-table={table}]").count() == 1
    assert page.text_content("tr[data-row=UW] td[data-family=execution]").strip() == "7 (50%)"
    assert axe_violations() == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_reads_their_units_page(language, page, live_server, manager, big_campaign,
                                          axe_violations):
    _log_in(page, live_server, manager, language)
    page.goto(live_server.url + reverse("assessments:manager_dashboard"))
    assert HEADINGS[language]["units"] in page.text_content("h1")
    _charts_drawn(page, ["families"])
    assert page.locator("table[data-table=families]").count() == 1
    assert page.locator("canvas[data-chart=scatter]").count() == 0
    assert "Investment" not in page.text_content("main")
    assert axe_violations() == []


def test_the_dashboards_draw_under_the_content_security_policy(
    strict_page, live_server, hr, manager, known_campaign, big_campaign  # noqa: F811
):
    _log_in(strict_page, live_server, hr)
    strict_page.goto(live_server.url + reverse("assessments:campaign_dashboard",
                                               args=[known_campaign.pk]))
    _charts_drawn(strict_page, ["funnel", "families", "scatter"])
    _log_in(strict_page, live_server, manager)
    strict_page.goto(live_server.url + reverse("assessments:manager_dashboard")
                     + f"?campaign={big_campaign.pk}")
    _charts_drawn(strict_page, ["families"])
    assert strict_page.csp_errors == []
