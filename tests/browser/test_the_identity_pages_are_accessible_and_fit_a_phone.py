"""The identity pages a person meets around signing in, in English and in Chinese, on a
phone-sized screen: asking for a password reset, being told it is on its way, following a
reset link that no longer works, changing the password, the two-step sign-in pages (its
settings, and the code asked at sign-in) and the page that refuses a single sign-on. axe
finds nothing serious on any of them, and none scrolls sideways at 375 px."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from playwright.sync_api import expect

# `mfa`: the real second factor, so that a sign-in of someone with TOTP asks for a code.
pytestmark = [pytest.mark.browser, pytest.mark.mfa, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"reset": "Reset your password", "sent": "Check your email",
           "bad_link": "Choose a new password", "change": "Change your password",
           "mfa": "Two-step sign-in", "sso": "Sign in with Example SSO",
           "refused": "Sign-in refused", "continue": "Continue", "send": "Send the link"},
    "zh-hans": {"reset": "重置您的密码", "sent": "请查收邮件", "bad_link": "设置新密码",
                "change": "修改您的密码", "mfa": "两步登录", "sso": "使用Example SSO登录",
                "refused": "登录被拒绝", "continue": "继续", "send": "发送链接"},
}


def fits_a_phone(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def check(page, axe_violations, heading, seen):
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    seen.append((page.url, axe_violations(), fits_a_phone(page)))


def current_code(secret):
    return f"{hotp_value(secret, next(iter(yield_hotp_counters_from_time()))):06d}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_identity_pages_pass_axe_and_fit_375_px_in_both_languages(
        language, sso, employee, page, live_server, signed_in, axe_violations):
    words, seen = WORDS[language], []
    page.set_viewport_size({"width": 375, "height": 800})
    page.context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language,
                               "url": live_server.url}])

    # Signed out: asking for a reset, told it is sent, and a link that does not work.
    page.goto("/accounts/password/reset/")
    check(page, axe_violations, words["reset"], seen)
    page.locator("#id_email").fill("nobody@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name=words["send"]).click()
    check(page, axe_violations, words["sent"], seen)
    page.goto("/accounts/password/reset/MQ/not-a-token/")
    check(page, axe_violations, words["bad_link"], seen)
    expect(page.locator("[data-test=link-invalid]")).to_be_visible()

    # A single sign-on for an identity that matches no employee is refused.
    page.goto("/accounts/login/")
    page.get_by_role("button", name=words["sso"]).click()
    page.get_by_label("Account").fill("stranger")
    with page.expect_navigation(url=lambda url: "/interaction/" not in url):
        page.get_by_role("button", name="Sign in").click()
    check(page, axe_violations, words["refused"], seen)

    # Signed in: changing the password, and the two-step settings (off, then on).
    signed_in(employee, language)
    page.goto("/accounts/password/change/")
    check(page, axe_violations, words["change"], seen)
    page.goto("/accounts/2fa/")
    check(page, axe_violations, words["mfa"], seen)
    secret = generate_totp_secret()
    TOTP.activate(employee, secret)

    # The next sign-in asks for a code before any page.
    signed_in(employee, language)
    page.goto("/")
    assert "/accounts/2fa/verify/" in page.url
    check(page, axe_violations, words["mfa"], seen)
    page.locator("#id_code").fill(current_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()
    page.goto("/accounts/2fa/")
    expect(page.locator("[data-test=mfa-on]")).to_be_visible()
    check(page, axe_violations, words["mfa"], seen)

    assert [(url, problems, fits) for url, problems, fits in seen
            if problems or not fits] == []
    assert len(seen) == 8
