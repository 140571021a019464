"""Real-browser fixtures: Playwright driving Debian's Chromium (no browser download).

`make test` installs /usr/bin/chromium (scripts/test-setup). Playwright's sync API runs
an event loop in the test thread, so Django's async-safety guard must be relaxed for the
ORM calls the tests make around the browser.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the tests inject axe-core; the site's own pages never need it.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log in through the real form, as a person would."""

    def do(username, password):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return page

    return do


@pytest.fixture
def signed_in(page, live_server):
    """signed_in(user, language="en"): the page carries `user`'s session (made as a login
    would make it, second factor passed) and reads in `language`; any earlier session
    is dropped."""

    def sign_in(user, language="en"):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.clear_cookies()
        page.context.add_cookies([
            {"name": cookie.key, "value": cookie.value, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ])
        return page

    return sign_in


@pytest.fixture
def axe_violations(page):
    """Serious and critical axe-core violations on the current page."""

    def run():
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document)")
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


@pytest.fixture
def strict_page(browser, live_server):
    """A page with the site's Content Security Policy enforced; CSP reports are collected
    in `page.csp_errors` so a test can prove the page works without inline code."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text
            and page.csp_errors.append(msg.text))
    yield page
    context.close()


# Single sign-on against the real OpenID provider (tests/talent/sso/provider.py), for the
# browser tests that sign in through it: `issuer` starts it once per module, `sso` points
# the site at it.
@pytest.fixture(scope="module")
def issuer(live_server):
    from tests.talent.sso.provider import running_provider

    with running_provider(f"{live_server.url}/sso/oidc/login/callback/") as url:
        yield url


@pytest.fixture
def sso(issuer, settings):
    from tests.talent.sso.provider import point_the_site_at

    point_the_site_at(settings, issuer)
