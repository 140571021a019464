"""HR reviews results in a real browser, in English and in Chinese: confirms one from
its page, overrides another with a reason, then bulk-confirms what the preview lists.
Every page is axe-core clean."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import AccessRecord, Result, ReviewDecision
from assessments.services import scoring_runs
from tests.assessments.conftest import (  # noqa: F401 - fixtures
    bank_version,
    simulated_campaign,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"confirm": "Confirm", "override": "Override", "preview": "Preview bulk confirmation",
           "release": "Release 3 results", "confirmed": "Released as scored.",
           "overridden": "Released with the family you chose.",
           "bulk": "3 results released as scored.", "count": "3 results will be released"},
    "zh-hans": {"confirm": "确认", "override": "更改类型", "preview": "预览批量确认",
                "release": "发布 3 个结果", "confirmed": "已按计分结果发布。",
                "overridden": "已按您选择的类型发布。",
                "bulk": "已按计分结果发布 3 个结果。", "count": "3 个结果将按计分结果发布"},
}


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


def _results(simulated_campaign):  # noqa: F811
    campaign = simulated_campaign("Browser review", submitted=8)
    scoring_runs.run_sync(scoring_runs.create_run(campaign))
    results = list(Result.objects.filter(assignment__campaign=campaign).order_by("pk"))
    kinds = [("questionable", "execution", 0.8), ("valid", "execution", 0.9),
             ("valid", "execution", 0.95), ("valid", "compression", 0.05),
             ("valid", "compression", 0.1), ("invalid", "", None),
             ("valid", "undetermined", 0.5), ("questionable", "compression", 0.2)]
    for result, (validity, family, p) in zip(results, kinds, strict=True):
        Result.objects.filter(pk=result.pk).update(
            validity=validity, role_family=family, probability_execution=p)
    return results


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_confirms_overrides_and_bulk_confirms(
        language, page, live_server, hr, simulated_campaign, axe_violations):  # noqa: F811
    text = TEXT[language]
    results = _results(simulated_campaign)
    _log_in(page, live_server, hr, language)
    page.goto(live_server.url + reverse("assessments:review_queue"))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("tr[data-result]").count() == 8
    assert axe_violations() == []

    # One by one: the questionable result is confirmed from its page.
    page.click(f"tr[data-result='{results[0].pk}'] a")
    page.wait_for_selector("[data-section=decide]")
    assert axe_violations() == []
    page.get_by_role("button", name=text["confirm"], exact=True).click()
    page.wait_for_selector("[data-form=review-filter]")
    assert text["confirmed"] in page.text_content("main")

    # Another is released with another family, with the reason the person will read.
    page.click(f"tr[data-result='{results[1].pk}'] a")
    page.select_option("#override-family", "compression")
    page.fill("#override-reason", "The answers point the other way.")
    page.get_by_role("button", name=text["override"], exact=True).click()
    page.wait_for_selector("[data-form=review-filter]")
    assert text["overridden"] in page.text_content("main")

    # Bulk: the preview lists the three remaining valid results with a family.
    page.get_by_role("button", name=text["preview"]).click()
    page.wait_for_selector("[data-table=preview]")
    assert text["count"] in page.text_content("main")
    assert page.locator("[data-table=preview] tr[data-result]").count() == 3
    assert axe_violations() == []
    page.get_by_role("button", name=text["release"]).click()
    page.wait_for_selector("[data-form=review-filter]")
    assert text["bulk"] in page.text_content("main")
    assert axe_violations() == []

    released = dict(Result.objects.filter(review_state="released")
                    .values_list("pk", "released_family"))
    assert released == {results[0].pk: "execution", results[1].pk: "compression",
                        results[2].pk: "execution", results[3].pk: "compression",
                        results[4].pk: "compression"}
    assert ReviewDecision.objects.filter(reviewer=hr).count() == 5
    assert AccessRecord.objects.filter(actor=hr, action="view_result").count() == 2
    # What is left is what needs reading one by one.
    assert page.locator("tr[data-result]").count() == 3


def test_the_review_pages_work_under_the_strict_csp(
        strict_page, live_server, hr, simulated_campaign):  # noqa: F811
    results = _results(simulated_campaign)
    _log_in(strict_page, live_server, hr, "en")
    for url in (reverse("assessments:review_queue"),
                reverse("assessments:review_result", args=[results[0].pk]),
                reverse("assessments:review_bulk_preview")):
        strict_page.goto(live_server.url + url)
        strict_page.wait_for_selector("main")
    assert strict_page.csp_errors == []
