"""HR reads the evidence in a real browser, in English and Chinese: from the evidence
page to a criterion's verdict and figures (simulated outcomes labelled as such) and to
the retest of two campaigns; axe-core finds nothing serious."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.assessments.evidence.conftest import evidence_world  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"nav": "Evidence", "title": "Evidence behind the labels",
           "kappa": "Cohen's kappa", "verdict": "Not yet tested"},
    "zh-hans": {"nav": "证据", "title": "标签背后的证据",
                "kappa": "Cohen's κ 系数（超出随机的一致性）", "verdict": "尚未检验"},
}


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_reads_a_criterion_and_a_retest(language, page, live_server, hr,
                                           evidence_world, axe_violations):  # noqa: F811
    world = evidence_world(n=40, effect=0.5, simulated=True)
    words = WORDS[language]
    _log_in(page, live_server, hr, language)
    page.goto(live_server.url + reverse("home"))
    # Below 1400 px HR's navigation folds behind its button, as a person would open it.
    if page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
        # Bootstrap opens the menu with an animation; a click on a link while it runs
        # was lost twice in CI. The menu is open once it carries "show".
        expect(page.locator(".navbar-collapse.show")).to_be_visible()
    with page.expect_navigation():  # the click starts it; reading before it lands is a race
        page.get_by_role("link", name=words["nav"], exact=True).click()
    assert page.locator("html").get_attribute("lang") == language
    assert words["title"] in page.text_content("h1")
    assert axe_violations() == []

    with page.expect_navigation():
        page.locator("table[data-table=criteria] a").first.click()
    assert page.locator("[data-test=simulated]").count() == 1
    assert words["verdict"] in page.text_content("[data-verdict]")
    assert page.locator("table[data-table=families] tbody tr").count() == 3
    assert axe_violations() == []

    page.goto(live_server.url + reverse("assessments:evidence"))
    with page.expect_navigation():
        page.locator("ul[data-list=retest] a").first.click()
    assert words["kappa"] in page.text_content("table[data-table=retest-agreement]")
    assert page.text_content("[data-figure=expected-kappa]").strip() not in ("", "—")
    assert page.locator("table[data-table=retest-scales] tbody tr").count() == 2
    assert axe_violations() == []
    assert world["criterion"].records.count() == 40
