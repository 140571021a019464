"""The provisioning path in a real browser: HR imports a new person; the set-password
email is in the outbox; the person follows it, chooses a password, answers every
statement of their assessment and submits it; HR imports them again as left, and their
open tab lands on the login page at the next click; signing in again is refused."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assignment
from talent.models import Employee
from tests.browser.conftest import AXE_JS
from tests.browser.test_employee_answers_a_questionnaire import (
    _choose,
    _pages,
    _stored,
    _url,
    _value_for,
)
from tests.conftest import PASSWORD
from tests.factories import make_bank, make_campaign
from tests.talent.org_csv import csv_bytes, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "my-own-new-password-2026"


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    from config.celery import app

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def person(active="true"):
    return row("N1", name="Nora New", email="nora.new@example.com", department_code="UW",
               department_name="Underwriting", parent_department_code="HQ",
               position_code="", position_title="", function="", need_execution="",
               need_compression="", active=active)


def import_as_hr(page, content):
    page.goto("/org/import/")
    page.get_by_label("CSV file from the HR system").set_input_files(
        {"name": "hr.csv", "mimeType": "text/csv", "buffer": content})
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and import").click()


def test_a_new_person_is_invited_answers_and_is_out_when_they_leave(
        hr, browser, live_server, page, log_in, axe_violations, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    log_in(hr.username, PASSWORD)
    import_as_hr(page, csv_bytes([person()]))
    expect(page.get_by_text("Logins: 1 created")).to_be_visible()
    page.goto("/org/logins/")
    expect(page.get_by_role("cell", name="Nora New (N1)")).to_be_visible()
    assert axe_violations() == []

    [message] = mailoutbox
    link = re.search(r"http://\S+/accounts/welcome/\S+/", message.body).group(0)
    version = make_bank("PRV", n_items_per_scale=6, n_pairs=1)  # two pages
    campaign = make_campaign(version, name="Welcome 2026")
    assignment = Assignment.objects.create(campaign=campaign,
                                           employee=Employee.objects.get(employee_id="N1"))

    nora = browser.new_context(base_url=live_server.url, bypass_csp=True,
                               locale="en-GB").new_page()
    nora.set_default_timeout(10_000)
    nora.goto(link)
    expect(nora.get_by_role("heading", name="Choose your password")).to_be_visible()
    nora.add_script_tag(path=str(AXE_JS))
    result = nora.evaluate("async () => await axe.run(document)")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
    nora.locator("#id_new_password1").fill(NEW_PASSWORD)
    nora.locator("#id_new_password2").fill(NEW_PASSWORD)
    with nora.expect_navigation():
        nora.get_by_role("button", name="Set my password").click()
    expect(nora.get_by_text("Your password is set. Welcome!")).to_be_visible()

    # She answers every statement, page by page, and submits: all with real clicks.
    nora.goto(reverse("assessments:assignment", args=[assignment.pk]))
    nora.get_by_role("button", name="I have read this notice, start").click()
    nora.wait_for_url(f"**{_url('assignment_page', assignment, 1)}")
    pages = _pages(assignment)
    assert [len(p) for p in pages] == [6, 6]
    for number, items in enumerate(pages, start=1):
        for item_id in items:
            _choose(nora, item_id, _value_for(item_id))
        if number < len(pages):
            nora.get_by_role("button", name="Next").click()
            nora.wait_for_url(f"**{_url('assignment_page', assignment, number + 1)}")
    # Nothing left open: the last page's button submits at once.
    nora.get_by_role("button", name="Submit").click()
    nora.wait_for_url(f"**{_url('assignment_submitted', assignment)}")
    assert "Thank you: your answers are submitted" in nora.text_content("h1")
    assignment.refresh_from_db()
    assert assignment.is_submitted
    answered = {i: _value_for(i) for items in pages for i in items}
    assert _stored(assignment) == answered

    # HR marks her as left; her open tab is sent to log in at the next click.
    import_as_hr(page, csv_bytes([person(active="false")]))
    with nora.expect_navigation():
        nora.get_by_role("link", name="Back to the home page").click()
    assert "/accounts/login/" in nora.url
    nora.get_by_label("Username").fill("nora.new@example.com")
    nora.get_by_label("Password").fill(NEW_PASSWORD)
    nora.get_by_role("button", name="Log in").click()
    nora.wait_for_load_state()
    assert "/accounts/login/" in nora.url
    expect(nora.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert _stored(assignment) == answered
