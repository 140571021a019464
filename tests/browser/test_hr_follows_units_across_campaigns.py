"""HR reads on the dashboard how stable the families were beside what measurement error
alone would give, follows the link to the trend by unit and reads each department
across the two campaigns, in English and Chinese, with nothing serious for axe-core."""

import pytest
from django.urls import reverse

from tests.assessments.evidence.conftest import evidence_world  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"expected": "Expected from measurement error alone", "link": "Trend by unit",
           "heading": "Trend by unit: Demo 2026"},
    "zh-hans": {"expected": "仅由测量误差预期", "link": "按部门的趋势",
                "heading": "按部门的趋势：Demo 2026"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_follows_units_across_campaigns(language, page, live_server, hr, signed_in,
                                           evidence_world, axe_violations):  # noqa: F811
    text = TEXT[language]
    world = evidence_world(n=60, seed=2)
    signed_in(hr, language)
    page.goto(live_server.url + reverse("assessments:campaign_dashboard",
                                        args=[world["later"].pk]))
    assert page.locator("html").get_attribute("lang") == language
    stability = page.text_content("[data-expected-stability]")
    assert text["expected"] in stability
    assert axe_violations() == []

    page.get_by_role("link", name=text["link"]).click()
    page.wait_for_load_state()
    assert page.text_content("h1").strip() == text["heading"]
    table = page.locator("[data-table=unit-trend]")
    # Head office and Underwriting, each in both campaigns, oldest first.
    rows = table.locator("tbody[data-unit=UW] tr")
    assert rows.count() == 2
    assert "Demo 2025" in rows.nth(0).text_content()
    assert rows.nth(0).locator("[data-figure=scored]").text_content().strip() == "60"
    assert page.locator("tbody[data-unit=HQ] tr").count() == 2
    assert axe_violations() == []


def test_the_trend_by_unit_fits_a_phone(page, live_server, hr, signed_in,
                                        evidence_world):  # noqa: F811
    world = evidence_world(n=30, seed=2)
    signed_in(hr, "zh-hans")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("assessments:unit_trend", args=[world["later"].pk]))
    assert page.locator("[data-table=unit-trend]").count() == 1
    # The wide table scrolls inside its own box; the page itself never sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth"
                         " - document.documentElement.clientWidth") <= 0
