"""HR finds a person in the people table, opens their page, and reads a position's have
and need, in a real browser, in English and in Chinese, with axe-core clean."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import AccessRecord
from tests.assessments.people.conftest import (  # noqa: F401 - fixtures
    campaign,
    make_result,
    positions,
)

pytestmark = [pytest.mark.browser, pytest.mark.every_database,
              pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"filter": "Filter", "people": "People", "recorded": "This visit is recorded.",
           "sentence": "about 88 in 100 that they meet it", "fit": "Fit",
           "expected": "about 1 (0–1)", "surplus": "a strength this position does not use"},
    "zh-hans": {"filter": "筛选", "people": "人员", "recorded": "本次查看已被记录。",
                "sentence": "达到要求的可能性约为百分之 88", "fit": "匹配",
                "expected": "约 1 人（0–1）", "surplus": "这是该岗位用不上的长处"},
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
def test_hr_goes_from_the_people_table_to_a_person_and_a_position(
        language, page, live_server, hr, org, make_result, positions, axe_violations):  # noqa: F811
    text = TEXT[language]
    ann = make_result("Ann Analyst", position=positions["analyst"], exe_t=61.0, se=5.0)
    make_result("Bob Allocator", position=positions["allocator"], department=org["INV"],
                cmp_t=66.0, family="compression", p=0.1)
    _log_in(page, live_server, hr, language)

    page.goto(live_server.url + reverse("assessments:people"))
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations() == []
    page.select_option("#id_department", str(org["UW"].pk))
    page.get_by_role("button", name=text["filter"], exact=True).click()
    page.wait_for_selector("[data-total='1']")
    assert "Bob Allocator" not in page.text_content("main")

    page.get_by_role("link", name="Ann Analyst").click()
    page.wait_for_selector("[data-current=position]")
    assert text["recorded"] in page.text_content("main")
    assert text["sentence"] in page.text_content("[data-family=execution]")
    assert AccessRecord.objects.filter(employee=ann.assignment.employee).count() == 1
    assert axe_violations() == []

    page.locator("[data-current=position] a").click()
    page.wait_for_selector("[data-matrix]")
    assert page.text_content(f"[data-holder='{ann.assignment.employee_id}']").count(
        text["fit"]) >= 1
    # About 88 in 100 that Ann fits: one expected, the range 0 to 1.
    assert page.text_content("[data-row-total=fit]").strip() == text["expected"]
    assert text["surplus"] in page.text_content("[data-quadrants-explained]")
    assert axe_violations() == []

    page.goto(live_server.url + reverse("assessments:two_functions"))
    page.wait_for_selector("[data-unit]")
    assert axe_violations() == []
