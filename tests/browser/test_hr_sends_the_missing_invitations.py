"""HR, in a real browser, in English and in Chinese: an open campaign nobody was invited
to shows how many are missing; HR sends the missing invitations, the button goes, and
"Send reminders now" then says why nobody is reminded. axe-core finds nothing serious."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment
from assessments.services import campaigns
from config.celery import app as celery_app
from talent.models import Employee
from tests.factories import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"missing": "4 people have not been invited yet",
           "send": "Send the missing invitations",
           "sending": "Invitations are being sent to 4 people.",
           "remind": "Send reminders now",
           "nobody": "Nobody to remind: 1 person cannot be reached (no login or no email "
                     "address); 3 people had a message within the last day."},
    "zh-hans": {"missing": "4 人尚未收到邀请",
                "send": "发送未发出的邀请",
                "sending": "正在向 4 人发送邀请。",
                "remind": "立即发送提醒",
                "nobody": "无人需要提醒：1 人无法联系（没有登录账号或电子邮箱地址）；"
                          "3 人在过去一天内已收到消息。"},
}


@pytest.fixture
def eager():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hr_sends_the_missing_invitations(language, page, live_server, hr, cast, org,
                                          mailoutbox, eager, axe_violations, signed_in):
    text = TEXT[language]
    Employee.objects.create(employee_id="NOMAIL", name="No Mail", department=org["UW"])
    campaign = campaigns.create_campaign(
        name="Nobody invited", bank_version=make_bank("TEST"), departments=[org["UW"]],
        closes_at=timezone.now() + timedelta(days=14))
    campaigns.launch(campaign)  # no invitation queued, as in the demo
    signed_in(hr, language)
    page.goto(live_server.url + reverse("assessments:campaign_detail", args=[campaign.pk]))
    assert page.locator("html").get_attribute("lang") == language
    assert text["missing"] in page.text_content("[data-section=uninvited]")
    assert page.text_content("[data-funnel=overall] [data-stage=invited]").strip() == "0"
    assert axe_violations() == []

    page.get_by_role("button", name=text["send"]).click()
    page.wait_for_selector("[data-failure=NOMAIL]")
    assert text["sending"] in page.text_content("main")
    assert len(mailoutbox) == 3
    assert Assignment.objects.filter(invited_at__isnull=False).count() == 3
    page.reload()
    assert page.locator("[data-section=uninvited]").count() == 0
    assert page.text_content("[data-funnel=overall] [data-stage=invited]").strip() == "3"
    assert axe_violations() == []

    page.get_by_role("button", name=text["remind"]).click()
    page.wait_for_load_state()
    assert text["nobody"] in page.text_content("main")
    assert len(mailoutbox) == 3
    assert axe_violations() == []
