"""The person reads, on their report, who saw their result and when (role and name), in
English and Chinese, axe-core clean."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.assessments.report.conftest import (  # noqa: F401 - fixtures
    core,
    make_result,
    release,
)

from .test_employee_reads_their_report import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {"en": ("Who read your result", "HR"), "zh-hans": ("谁查看了您的结果", "人力资源")}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_person_sees_that_hr_read_their_result(
        page, live_server, employee, hr, make_result, axe_violations, language):  # noqa: F811
    result = release(make_result("execution"), reviewer=hr)
    reviewer = Client()
    reviewer.force_login(hr)
    assert reviewer.get(reverse("assessments:review_result", args=[result.pk])).status_code == 200
    _log_in(page, live_server, employee, language)
    page.goto(live_server.url + reverse("assessments:my_report", args=[result.assignment_id]))
    title, role = WORDS[language]
    section = page.locator("[data-section=readers]")
    assert title in section.text_content()
    rows = section.locator("[data-reader]")
    assert rows.count() == 1
    assert role in rows.first.text_content() and "Hr" in rows.first.text_content()
    assert axe_violations() == []
