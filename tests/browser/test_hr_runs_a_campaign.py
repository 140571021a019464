"""HR runs a campaign in a real browser, in English and in Chinese: creates it, previews
the audience, launches it, sees the invitations go out, closes it and sees scoring start."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Campaign, ScoringRun
from config.celery import app as celery_app
from tests.factories import make_bank, submit_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"save": "Save as draft", "launch": "Launch", "close": "Close campaign",
           "count": "3 people are in this audience.", "opened": "The campaign is open",
           "scoring": "Scoring started."},
    "zh-hans": {"save": "保存为草稿", "launch": "启动", "close": "结束测评活动",
                "count": "参与对象共 3 人。", "opened": "测评活动已开始",
                "scoring": "已开始计分。"},
}


@pytest.fixture
def eager():
    # As on a worker, a task's failure is recorded (on the run), not raised into the page.
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def _log_in(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_creates_launches_and_closes_a_campaign(
        language, page, live_server, hr, cast, org, mailoutbox, eager, axe_violations):
    text = TEXT[language]
    bank = make_bank("TEST")
    _log_in(page, live_server, hr, language)
    page.goto(live_server.url + reverse("assessments:campaign_create"))
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#id_name", "Browser campaign")
    page.select_option("#id_bank_version", str(bank.pk))
    page.select_option("#id_departments", [str(org["UW"].pk)])
    # The audience count comes from the server as soon as the audience changes (htmx).
    page.wait_for_selector("[data-audience-count='3']")
    assert page.text_content("#audience-count").strip() == text["count"]
    page.fill("#id_closes_at", "2099-01-31T17:00")
    assert axe_violations() == []
    page.get_by_role("button", name=text["save"]).click()

    page.wait_for_selector("[data-section=audience]")
    assert text["count"] in page.text_content("#audience-count")
    assert axe_violations() == []
    page.get_by_role("button", name=text["launch"]).click()
    page.wait_for_selector("[data-section=funnel]")
    assert text["opened"] in page.text_content("main")
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.OPEN
    assert len(mailoutbox) == 3  # employee, other_employee, manager
    page.reload()
    assert page.text_content("[data-funnel=overall] [data-stage=invited]").strip() == "3"
    assert axe_violations() == []

    # The employee's side is another page; here one person's submission is made directly.
    Assignment.objects.filter(employee=cast["employee"].employee).delete()
    submit_answers(campaign, cast["employee"].employee)
    page.get_by_role("button", name=text["close"]).click()
    page.wait_for_selector("[data-status=closed]")
    assert text["scoring"] in page.text_content("main")
    assert ScoringRun.objects.filter(campaign=campaign).exists()
