"""An employee answers a questionnaire in a real browser, in English and in Chinese: the
notice first, pages of items saved one by one as they are chosen, resuming after a reload
or a change of language, a refused then an accepted submission, and read-only answers
afterwards. Then the awkward cases a person meets: two tabs, a phone-sized screen used
with the keyboard only, a save that fails, and a session that expires mid-way."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Assignment
from assessments.services import answering
from tests.conftest import PASSWORD
from tests.factories import make_bank, make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.every_database,
              pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"start": "I have read this notice, start", "saved": "Saved",
           "saving": "Saving…", "failed": "Not saved. Trying again…", "back": "Back",
           "next": "Next", "submit": "Submit", "switch": "中文", "other": "zh-hans",
           "thanks": "Thank you: your answers are submitted", "log in": "Log in",
           "missing": "statements are not answered yet"},
    "zh-hans": {"start": "我已阅读本告知，开始作答", "saved": "已保存",
                "saving": "正在保存…", "failed": "未保存，正在重试…", "back": "返回",
                "next": "下一页", "submit": "提交", "switch": "English", "other": "en",
                "thanks": "谢谢您：您的答案已提交", "log in": "登录", "missing": "未作答"},
}
AUTOSAVE = "**/autosave/"


@pytest.fixture
def assignment(employee):
    # 24 items: three pages of eight, six twin pairs.
    version = make_bank("ANS", n_items_per_scale=12, n_pairs=6)
    campaign = make_campaign(version, name="Answering 2026")
    return Assignment.objects.create(campaign=campaign, employee=employee.employee)


def _url(name, assignment, *args):
    return reverse(f"assessments:{name}", args=[assignment.pk, *args])


def _sign_in(context, live_server, user, language):
    # The login form has tests of its own (and the journey test uses it); a session here.
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([
        {"name": cookie.key, "value": cookie.value, "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ])


def _acknowledge(page, assignment, language="en"):
    page.goto(_url("assignment", assignment))
    page.get_by_role("button", name=TEXT[language]["start"]).click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 1)}")


def _pages(assignment):
    assignment.refresh_from_db()
    return answering.pages(assignment.item_order)


def _choose(page, item_id, value):
    """Click an option's label and wait until the page says the server saved it."""
    with page.expect_response(lambda r: "/autosave/" in r.url):
        page.click(f"label[for='q{item_id}-{value}']")
    page.wait_for_selector(f"#status-{item_id} [data-state=saved]")


def _checked(page, item_id):
    checked = page.locator(f"input[name='item-{item_id}']:checked")
    return int(checked.get_attribute("value")) if checked.count() else None


def _stored(assignment):
    return dict(Answer.objects.filter(assignment=assignment).values_list("item_id", "value"))


def _value_for(item_id):
    return item_id % 5 + 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_employee_reads_the_notice_answers_page_by_page_and_submits_once(
        language, page, live_server, employee, assignment, axe_violations):
    text = TEXT[language]
    _sign_in(page.context, live_server, employee, language)

    # No page of the questionnaire opens before the notice is acknowledged.
    page.goto(_url("assignment_page", assignment, 1))
    assert page.url.endswith(_url("assignment_notice", assignment))
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations() == []
    assert page.locator("input[type=radio]").count() == 0
    page.get_by_role("button", name=text["start"]).click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 1)}")
    assignment.refresh_from_db()
    assert assignment.notice_acknowledged_at is not None
    pages = _pages(assignment)
    assert [len(p) for p in pages] == [8, 8, 8]

    # Page 1: each item is a fieldset named by its statement, with the navigation buttons.
    assert page.locator("fieldset").count() == 8
    assert page.get_by_role("button", name=text["next"]).is_visible()
    assert page.get_by_role("button", name=text["back"]).count() == 0
    assert axe_violations() == []

    # "Saved" only once the server has answered: the first save is held back.
    held = []
    page.route(AUTOSAVE, lambda route: held.append(route))
    first = pages[0][0]
    page.click(f"label[for='q{first}-{_value_for(first)}']")
    page.wait_for_selector(f"#status-{first} [data-state=saving]")
    assert text["saving"] in page.text_content(f"#status-{first}")
    assert text["saved"] not in page.text_content(f"#status-{first}")
    assert _stored(assignment) == {}
    held[0].continue_()
    page.unroute(AUTOSAVE)
    page.wait_for_selector(f"#status-{first} [data-state=saved]")
    assert text["saved"] in page.text_content(f"#status-{first}")
    assert _stored(assignment) == {first: _value_for(first)}

    for item_id in pages[0][1:]:
        _choose(page, item_id, _value_for(item_id))
    assert page.text_content("[data-count=answered]").strip() == "8"

    # A reload shows every answer still chosen.
    page.reload()
    assert {i: _checked(page, i) for i in pages[0]} == {i: _value_for(i) for i in pages[0]}

    # Page 2, half answered; then the language changes and nothing is lost.
    page.get_by_role("button", name=text["next"]).click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 2)}")
    for item_id in pages[1][:4]:
        _choose(page, item_id, _value_for(item_id))
    page.get_by_role("button", name=text["switch"]).click()
    # The same address before and after: wait for the page in the other language.
    page.wait_for_selector(f"html[lang='{text['other']}']")
    assert page.url.endswith(_url("assignment_page", assignment, 2))
    other = TEXT[text["other"]]
    assert {i: _checked(page, i) for i in pages[1][:4]} == {
        i: _value_for(i) for i in pages[1][:4]}
    assert page.get_by_role("button", name=other["back"]).is_visible()
    page.get_by_role("button", name=other["back"]).click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 1)}")
    assert {i: _checked(page, i) for i in pages[0]} == {i: _value_for(i) for i in pages[0]}
    page.get_by_role("button", name=other["switch"]).click()
    page.wait_for_selector(f"html[lang='{language}']")
    assert page.url.endswith(_url("assignment_page", assignment, 1))

    # Any page is reachable from the page links: straight to page 3.
    page.locator("nav .pagination a.page-link", has_text="3").click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 3)}")
    for item_id in pages[2][:7]:
        _choose(page, item_id, _value_for(item_id))

    # Submitting with five items open is refused, and they are listed with links.
    page.get_by_role("button", name=text["submit"]).click()
    page.wait_for_url(f"**{_url('assignment_submit', assignment)}")
    missing = set(pages[1][4:]) | {pages[2][7]}
    links = page.locator("[data-list=unanswered] a")
    assert links.count() == 5
    assert text["missing"] in page.text_content("main")
    page.get_by_role("button", name=text["submit"]).click()
    # Refused: the same page again, now as an alert.
    page.wait_for_selector("[role=alert] [data-list=unanswered]")
    assert page.locator("[role=alert] [data-list=unanswered] a").count() == 5
    assignment.refresh_from_db()
    assert not assignment.is_submitted

    # Each link leads to its item; answered, it leaves the list.
    for remaining in range(5, 0, -1):
        page.goto(_url("assignment_submit", assignment))
        assert page.locator("[data-list=unanswered] a").count() == remaining
        href = page.locator("[data-list=unanswered] a").first.get_attribute("href")
        item_id = int(href.rsplit("#item-", 1)[1])
        assert item_id in missing
        page.locator("[data-list=unanswered] a").first.click()
        page.wait_for_selector(f"#item-{item_id}")
        _choose(page, item_id, _value_for(item_id))

    page.goto(_url("assignment_submit", assignment))
    assert page.locator("[data-list=unanswered]").count() == 0
    page.get_by_role("button", name=text["submit"]).click()
    page.wait_for_url(f"**{_url('assignment_submitted', assignment)}")
    assert text["thanks"] in page.text_content("h1")
    assert axe_violations() == []
    assignment.refresh_from_db()
    assert assignment.is_submitted
    everything = [i for p in pages for i in p]
    assert _stored(assignment) == {i: _value_for(i) for i in everything}

    # Read-only from now on: the pages lead to "submitted", a save is refused (409).
    page.goto(_url("assignment_page", assignment, 1))
    assert page.url.endswith(_url("assignment_submitted", assignment))
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        live_server.url + _url("assignment_autosave", assignment),
        form={"item": str(first), "value": "1", "sequence": "999"},
        headers={"X-CSRFToken": csrf, "HX-Request": "true"})
    assert response.status == 409
    assert _stored(assignment)[first] == _value_for(first)


def test_of_two_tabs_the_later_choice_is_kept_even_when_the_older_save_arrives_last(
        browser, live_server, employee, assignment):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        _sign_in(context, live_server, employee, "en")
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            tab.set_default_timeout(10_000)
        _acknowledge(first, assignment)
        second.goto(_url("assignment_page", assignment, 1))
        item_id = _pages(assignment)[0][0]

        # The first tab's save is held on the way; meanwhile the second tab answers.
        held = []
        first.route(AUTOSAVE, lambda route: held.append(route))
        first.click(f"label[for='q{item_id}-2']")
        first.wait_for_selector(f"#status-{item_id} [data-state=saving]")
        _choose(second, item_id, 4)
        assert _stored(assignment) == {item_id: 4}

        # The older save arrives last: it changes nothing, and the first tab says so.
        with first.expect_response(lambda r: "/autosave/" in r.url):
            held[0].continue_()
        first.unroute(AUTOSAVE)
        first.wait_for_selector(f"#status-{item_id} [data-state=kept]")
        answer = Answer.objects.get(assignment=assignment, item_id=item_id)
        assert answer.value == 4
        first.reload()
        assert _checked(first, item_id) == 4
    finally:
        context.close()


def test_a_phone_sized_screen_can_be_answered_with_the_keyboard_only(
        browser, live_server, employee, assignment):
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  viewport={"width": 375, "height": 740}, bypass_csp=True)
    try:
        _sign_in(context, live_server, employee, "en")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(_url("assignment_notice", assignment))
        # Keyboard only from here: Tab to the acknowledgement, Enter.
        _tab_until(page, "button[type=submit].btn-primary")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{_url('assignment_page', assignment, 1)}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        ids = _pages(assignment)[0]
        for item_id in ids:
            # Tab into the item's radio group, Space chooses, the arrow key moves on.
            _tab_until(page, f"input[name='item-{item_id}']")
            assert page.evaluate(
                "getComputedStyle(document.activeElement).boxShadow") != "none"  # focus seen
            with page.expect_response(lambda r: "/autosave/" in r.url):
                page.keyboard.press("Space")
            with page.expect_response(lambda r: "/autosave/" in r.url):
                page.keyboard.press("ArrowDown")
            page.wait_for_selector(f"#status-{item_id} [data-state=saved]")
        assert _stored(assignment) == dict.fromkeys(ids, 2)

        _tab_until(page, "button[value=next]")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{_url('assignment_page', assignment, 2)}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert axe_violations_on(page) == []
    finally:
        context.close()


def axe_violations_on(page):
    from tests.browser.conftest import AXE_JS

    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document)")
    return [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _tab_until(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_failed_save_says_so_and_is_retried_until_it_is_saved(
        page, live_server, employee, assignment):
    _sign_in(page.context, live_server, employee, "en")
    _acknowledge(page, assignment)
    item_id = _pages(assignment)[0][0]
    attempts = []

    def fail_first(route):
        attempts.append(route.request.post_data)
        if len(attempts) == 1:
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(AUTOSAVE, fail_first)
    page.click(f"label[for='q{item_id}-5']")
    page.wait_for_selector(f"#status-{item_id} [data-state=failed]")
    assert TEXT["en"]["failed"] in page.text_content(f"#status-{item_id}")
    assert _stored(assignment) == {}
    # The retry comes by itself, with the same sequence number, and is saved.
    page.wait_for_selector(f"#status-{item_id} [data-state=saved]")
    assert len(attempts) == 2
    assert _sequence_of(attempts[0]) == _sequence_of(attempts[1])
    assert _stored(assignment) == {item_id: 5}


def _sequence_of(body):
    from urllib.parse import parse_qs

    return parse_qs(body)["sequence"]


def test_a_session_that_expired_sends_the_autosave_to_the_login_page_and_back(
        page, live_server, employee, assignment):
    _sign_in(page.context, live_server, employee, "en")
    _acknowledge(page, assignment)
    ids = _pages(assignment)[0]
    _choose(page, ids[0], 3)
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(f"**{_url('assignment_page', assignment, 2)}")
    later = _pages(assignment)[1][0]

    Session.objects.all().delete()  # the session expires while the page is open
    page.click(f"label[for='q{later}-4']")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", employee.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Back on the same page, where the answer that did not reach the server is not chosen.
    page.wait_for_url(f"**{_url('assignment_page', assignment, 2)}")
    assert _checked(page, later) is None
    assert _stored(assignment) == {ids[0]: 3}
    _choose(page, later, 4)
    assert _stored(assignment) == {ids[0]: 3, later: 4}
