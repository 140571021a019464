"""The employee reads their report in a real browser, in English and Chinese: the words for
each kind of result, the chart with its table, axe-core clean, clean under the strict CSP,
printable on one A4 page; and contests it."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Contest, Result
from tests.assessments.report.conftest import (  # noqa: F401 - fixtures
    core,
    make_result,
    release,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a person reads first for each kind of result, in each language.
HEADLINES = {
    "en": {"execution": "Likely precise execution: about 86 in 100",
           "questionable": "Likely precise execution: about 86 in 100",
           "invalid": "No family this time",
           "undetermined": "Undetermined",
           "overridden": "Undetermined"},
    "zh-hans": {"execution": "可能是精准执行：约为百分之 86",
                "questionable": "可能是精准执行：约为百分之 86",
                "invalid": "这一次没有给出类型",
                "undetermined": "未定",
                "overridden": "未定"},
}
# Something each kind says that the others do not.
SAYS = {
    "en": {"execution": "reliable, valuable capability",
           "questionable": "answered faster than most people can read them",
           "invalid": "HR may offer you a retake.",
           "undetermined": "Undetermined is a valid and common answer",
           "overridden": "The reviewer's reason: Moved to a research role."},
    "zh-hans": {"execution": "可靠而宝贵的能力",
                "questionable": "作答速度比大多数人读完题目的速度还要快",
                "invalid": "人力资源部可能会为您安排重新作答。",
                "undetermined": "“未定”是一个有效而常见的结果",
                "overridden": "审核人的理由：Moved to a research role."},
}


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


def _result(make_result, kind, hr):  # noqa: F811
    if kind == "overridden":
        return release(make_result("execution"), family="undetermined",
                       reason="Moved to a research role.", reviewer=hr)
    return release(make_result(kind))


def _pages_in(pdf: bytes) -> int:
    # Page objects, not the /Pages tree node.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ["execution", "questionable", "invalid", "undetermined",
                                  "overridden"])
def test_the_report_reads_well_and_prints_on_one_page(
        page, live_server, employee, hr, make_result, axe_violations, kind, language):  # noqa: F811
    result = _result(make_result, kind, hr)
    _log_in(page, live_server, employee, language)
    page.goto(live_server.url + reverse("assessments:my_report", args=[result.assignment_id]))
    assert page.locator("html").get_attribute("lang") == language
    assert page.text_content("[data-family]").strip() == HEADLINES[language][kind]
    assert SAYS[language][kind] in page.text_content("main")
    if kind == "invalid":
        assert page.locator("canvas").count() == 0
        assert page.locator("[data-table=scores]").count() == 0
    else:
        page.wait_for_selector("#report-chart[data-drawn=true]")
        assert page.locator("[data-table=scores] tbody tr").count() == 2
    assert axe_violations() == []
    page.emulate_media(media="print")
    assert page.locator("[data-section=contest]").is_hidden()
    assert _pages_in(page.pdf(format="A4")) == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_longest_report_still_prints_on_one_page(
        page, live_server, employee, hr, make_result, language):  # noqa: F811
    result = make_result("both_elevated")
    Result.objects.filter(pk=result.pk).update(
        validity="questionable", flags=["acquiescent", "too_fast", "outlier"])
    result = release(result, family="compression", reason="A long reason. " * 40, reviewer=hr)
    _log_in(page, live_server, employee, language)
    page.goto(live_server.url + reverse("assessments:my_report", args=[result.assignment_id]))
    page.wait_for_selector("#report-chart[data-drawn=true]")
    assert page.locator("[data-validity=questionable] + ul li").count() == 3
    page.emulate_media(media="print")
    assert _pages_in(page.pdf(format="A4")) == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_chart_draws_under_the_strict_csp(
        strict_page, live_server, employee, make_result, language):  # noqa: F811
    result = release(make_result("execution"))
    _log_in(strict_page, live_server, employee, language)
    strict_page.goto(live_server.url + reverse("assessments:my_report",
                                               args=[result.assignment_id]))
    strict_page.wait_for_selector("#report-chart[data-drawn=true]")
    assert strict_page.csp_errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_employee_contests_their_result_once(
        page, live_server, employee, make_result, axe_violations, language):  # noqa: F811
    release(make_result("execution"))
    _log_in(page, live_server, employee, language)
    page.goto(live_server.url + reverse("home"))
    page.locator("[data-report-link]").click()
    page.wait_for_selector("#report-chart[data-drawn=true]")
    button = {"en": "Contest this result", "zh-hans": "对这份结果提出申诉"}[language]
    page.get_by_role("button", name=button).click()
    # An empty comment is refused with a message, and nothing is recorded.
    assert page.locator(".invalid-feedback").is_visible()
    assert not Contest.objects.exists()
    assert axe_violations() == []
    page.locator("textarea[name=comment]").fill("Most of my work is research.")
    page.get_by_role("button", name=button).click()
    awaiting = {"en": "It is awaiting a decision by HR.",
                "zh-hans": "正在等待人力资源部作出决定。"}[language]
    assert awaiting in page.text_content("[data-contest=awaiting]")
    assert page.get_by_role("button", name=button).count() == 0
    assert Contest.objects.get().comment == "Most of my work is research."
    assert axe_violations() == []
