"""HR scores a campaign in a real browser and watches the progress bar follow the run."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Result, ScoringRun
from assessments.services import scoring_runs
from config.celery import app as celery_app
from tests.assessments.conftest import (  # noqa: F401 - fixtures
    bank_version,
    simulated_campaign,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def page(strict_page):
    return strict_page


@pytest.fixture
def eager():
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def _log_in(page, live_server, user):
    # The login form has tests of its own; here a session is made directly.
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def test_hr_scores_a_campaign_with_the_score_now_button(
    page, live_server, hr, simulated_campaign, eager  # noqa: F811
):
    campaign = simulated_campaign("Browser", submitted=20)
    _log_in(page, live_server, hr)
    page.goto(live_server.url + reverse("assessments:campaign_detail", args=[campaign.pk]))
    assert page.text_content("[data-count=scored]").strip() == "0"
    page.get_by_role("button", name="Score now").click()
    page.wait_for_selector("#run-progress[data-status=finished]")
    assert "Scoring started." in page.text_content("main")
    assert page.text_content("[data-count=scored]").strip() == "20"
    assert page.get_attribute("progress", "value") == "100"
    assert Result.objects.count() == 20
    assert page.csp_errors == []
    # The run's norms link to how that norm group set the validity checks.
    page.click("#run-progress [data-norms] a")
    page.wait_for_selector("[data-validity-checks]")
    assert page.locator("[data-check]").count() == 11
    assert page.csp_errors == []


def test_the_progress_bar_follows_a_running_run_and_stops_polling_when_it_ends(
    page, live_server, hr, simulated_campaign  # noqa: F811
):
    campaign = simulated_campaign("Polling", submitted=20)
    run = scoring_runs.create_run(campaign)
    ScoringRun.objects.filter(pk=run.pk).update(status="running", total=20, done=5)
    _log_in(page, live_server, hr)
    page.goto(live_server.url + reverse("assessments:campaign_detail", args=[campaign.pk]))
    assert page.get_attribute("progress", "value") == "25"
    assert page.get_by_role("button", name="Score now").is_disabled()

    ScoringRun.objects.filter(pk=run.pk).update(done=15)
    page.wait_for_selector("progress[value='75']")
    run.refresh_from_db()
    ScoringRun.objects.filter(pk=run.pk).update(done=20)
    run.close_if_complete()
    page.wait_for_selector("#run-progress[data-status=finished]")
    assert "Last run finished: 20 of 20 scored." in page.text_content("#run-progress")
    assert page.get_attribute("#run-progress", "hx-get") is None
    assert page.csp_errors == []
