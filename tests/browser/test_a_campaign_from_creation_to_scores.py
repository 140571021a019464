"""One whole campaign in a real browser, in English and in Chinese: HR creates it on the
published CORE bank for one department, previews the audience and launches it; the
invitation goes out by email; the employee follows its link, logs in, acknowledges the
notice, answers every item and submits; HR sees the submission, closes the campaign, and
the scoring it starts ends with the person scored."""

import re

import numpy as np
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.demo import generate_submitted_answers
from assessments.models import Assignment, Campaign, Result
from assessments.services.bank_files import load_default_bank
from config.celery import app as celery_app
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.every_database,
              pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"save": "Save as draft", "launch": "Launch", "close": "Close campaign",
           "log in": "Log in", "start": "I have read this notice, start", "next": "Next",
           "submit": "Submit", "thanks": "Thank you: your answers are submitted",
           "submitted": "Submitted", "scoring": "Scoring started."},
    "zh-hans": {"save": "保存为草稿", "launch": "启动", "close": "结束测评活动",
                "log in": "登录", "start": "我已阅读本告知，开始作答", "next": "下一页",
                "submit": "提交", "thanks": "谢谢您：您的答案已提交", "submitted": "已提交",
                "scoring": "已开始计分。"},
}


@pytest.fixture
def eager():
    # As on a worker, a task's failure is recorded (on the run), not raised into the page.
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def core(db):
    """The published CORE bank, with an earlier closed campaign of simulated people on it,
    so that the norms scoring needs can be built (one person alone cannot be normed)."""
    version, __ = load_default_bank(publish_it=True)
    earlier = Campaign.objects.create(name="Earlier", bank_version=version,
                                      status=Campaign.Status.CLOSED)
    generate_submitted_answers(earlier, 60, np.random.default_rng(7))
    return version


def _language_cookie(context, live_server, language):
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                          "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_campaign_goes_from_creation_to_a_scored_submission(
        language, browser, live_server, settings, hr, employee, org, core, mailoutbox,
        eager):
    text = TEXT[language]
    settings.SITE_URL = live_server.url
    hr_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    person_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        # HR (signed in directly: the login form is the employee's part below).
        client = Client()
        client.force_login(hr)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        hr_context.add_cookies([{"name": cookie.key, "value": cookie.value,
                                 "url": live_server.url}])
        _language_cookie(hr_context, live_server, language)
        hr_page = hr_context.new_page()
        hr_page.set_default_timeout(15_000)
        hr_page.goto(reverse("assessments:campaign_list"))
        hr_page.locator(f"a[href='{reverse('assessments:campaign_create')}']").first.click()
        hr_page.wait_for_url(f"**{reverse('assessments:campaign_create')}")
        hr_page.fill("#id_name", "Journey 2026")
        hr_page.select_option("#id_bank_version", str(core.pk))
        hr_page.select_option("#id_departments", [str(org["UW"].pk)])
        hr_page.wait_for_selector("[data-audience-count='1']")  # only `employee` is in UW
        hr_page.fill("#id_closes_at", "2099-01-31T17:00")
        hr_page.get_by_role("button", name=text["save"]).click()
        hr_page.wait_for_selector("[data-section=audience]")
        campaign = Campaign.objects.get(name="Journey 2026")
        assert campaign.status == Campaign.Status.DRAFT
        hr_page.get_by_role("button", name=text["launch"]).click()
        hr_page.wait_for_selector("[data-section=funnel]")
        assignment = Assignment.objects.get(campaign=campaign)
        assert assignment.employee == employee.employee

        # The invitation, with a link to the assignment.
        assert [m.to for m in mailoutbox] == [[employee.employee.email]]
        link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
        assert link == live_server.url + reverse("assessments:assignment",
                                                 args=[assignment.pk])

        # The employee follows it, logs in, and lands on the notice.
        _language_cookie(person_context, live_server, language)
        person = person_context.new_page()
        person.set_default_timeout(15_000)
        person.goto(link)
        person.wait_for_url("**/accounts/login/**")
        person.fill("#id_username", employee.username)
        person.fill("#id_password", PASSWORD)
        person.get_by_role("button", name=text["log in"]).click()
        person.wait_for_url(f"**{reverse('assessments:assignment_notice', args=[assignment.pk])}")
        assert person.locator("html").get_attribute("lang") == language
        person.get_by_role("button", name=text["start"]).click()

        # Every item, page by page, each save acknowledged before going on.
        answered, number = {}, 1
        while True:
            page_url = reverse("assessments:assignment_page", args=[assignment.pk, number])
            person.wait_for_url(f"**{page_url}")
            person.wait_for_selector("form[data-questionnaire]")
            ids = [int(i) for i in person.locator("fieldset [data-item]").evaluate_all(
                "els => [...new Set(els.map(e => e.dataset.item))]")]
            for item_id in ids:
                options = person.locator(f"input[name='item-{item_id}']")
                choice = options.nth((item_id * 7) % options.count())
                value = int(choice.get_attribute("value"))
                with person.expect_response(lambda r: "/autosave/" in r.url):
                    person.click(f"label[for='{choice.get_attribute('id')}']")
                person.wait_for_selector(f"#status-{item_id} [data-state=saved]")
                answered[item_id] = value
            if person.get_by_role("button", name=text["next"]).count():
                person.get_by_role("button", name=text["next"]).click()
                number += 1
                continue
            person.get_by_role("button", name=text["submit"]).click()
            break
        done = reverse("assessments:assignment_submitted", args=[assignment.pk])
        person.wait_for_url(f"**{done}")
        assert text["thanks"] in person.text_content("h1")
        assert len(answered) == core.items.count()
        assignment.refresh_from_db()
        assert assignment.is_submitted
        assert dict(assignment.answers.values_list("item_id", "value")) == answered

        # HR sees it submitted, in the list and in the funnel, and closes the campaign.
        hr_page.goto(reverse("assessments:assignment_list", args=[campaign.pk]))
        row = hr_page.locator(f"[data-assignment='{assignment.pk}']")
        assert text["submitted"] in row.text_content()
        hr_page.goto(reverse("assessments:campaign_detail", args=[campaign.pk]))
        overall = "[data-funnel=overall]"
        assert hr_page.text_content(f"{overall} [data-stage=submitted]").strip() == "1"
        assert hr_page.text_content(f"{overall} [data-stage=scored]").strip() == "0"
        hr_page.get_by_role("button", name=text["close"]).click()
        hr_page.wait_for_selector("[data-status=closed]")
        assert text["scoring"] in hr_page.text_content("main")

        # The scoring the close queued has run: the person is scored.
        hr_page.reload()
        assert hr_page.text_content(f"{overall} [data-stage=scored]").strip() == "1"
        assert Result.objects.filter(assignment=assignment).count() == 1
    finally:
        hr_context.close()
        person_context.close()
