"""The code asked at sign-in's second step cannot be guessed: after MFA_CODE_FAILURE_LIMIT
wrong codes within the cool-off no code is checked for that login, not even the right
one, whichever browser or address the guesses come from, and the page says why and for
how long, in both languages. Other people are not affected, and a right code before the
limit clears the count."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.mfa

VERIFY = reverse("mfa_verify")


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret, RecoveryCodes.activate(user).get_unused_codes()


def codes_now(secret):
    return [f"{hotp_value(secret, counter):06d}" for counter in yield_hotp_counters_from_time()]


def current_code(secret):
    return codes_now(secret)[0]


def a_wrong_code(secret):
    valid = set(codes_now(secret))
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in valid)


def signed_in(username, address="10.0.1.1", headers=None):
    client = Client(headers=headers or {})
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD},
                           REMOTE_ADDR=address)
    assert response.status_code == 302
    return client


def verified(client):
    return client.get(reverse("home")).status_code == 200


def test_after_the_limit_not_even_the_right_code_passes_and_the_page_says_why(hr, settings):
    secret, recovery = with_totp(hr)
    client = signed_in("hr")
    for _ in range(settings.MFA_CODE_FAILURE_LIMIT - 1):
        assert client.post(VERIFY, {"code": a_wrong_code(secret)}).status_code == 400
    locked = client.post(VERIFY, {"code": a_wrong_code(secret)})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many wrong codes" in text
    assert f"{settings.MFA_CODE_COOLOFF_MINUTES} minutes" in text

    right = client.post(VERIFY, {"code": current_code(secret)})
    assert right.status_code == 429 and not verified(client)
    assert client.post(VERIFY, {"code": recovery[0]}).status_code == 429
    assert not verified(client)
    # The refused recovery code was not spent.
    codes = Authenticator.objects.get(user=hr, type=Authenticator.Type.RECOVERY_CODES)
    assert recovery[0] in RecoveryCodes(codes).get_unused_codes()


def test_guesses_from_another_browser_and_address_count_for_the_same_login(hr, settings):
    secret, _recovery = with_totp(hr)
    for number in range(settings.MFA_CODE_FAILURE_LIMIT):
        client = signed_in("hr", address=f"10.0.2.{number + 1}")
        client.post(VERIFY, {"code": a_wrong_code(secret)})
    fresh = signed_in("hr", address="10.0.3.1")
    assert fresh.post(VERIFY, {"code": current_code(secret)}).status_code == 429
    assert not verified(fresh)


def test_other_people_are_not_affected(hr, bank_admin, settings):
    hr_secret, _ = with_totp(hr)
    bank_secret, _ = with_totp(bank_admin)
    guesser = signed_in("hr")
    for _ in range(settings.MFA_CODE_FAILURE_LIMIT):
        guesser.post(VERIFY, {"code": a_wrong_code(hr_secret)})
    colleague = signed_in("bank_admin")
    response = colleague.post(VERIFY, {"code": current_code(bank_secret), "next": "/"})
    assert response.status_code == 302 and verified(colleague)


def test_a_right_code_before_the_limit_clears_the_count(hr, settings):
    secret, recovery = with_totp(hr)
    for code in recovery[:2]:
        client = signed_in("hr")
        for _ in range(settings.MFA_CODE_FAILURE_LIMIT - 1):
            assert client.post(VERIFY, {"code": a_wrong_code(secret)}).status_code == 400
        assert client.post(VERIFY, {"code": code, "next": "/"}).status_code == 302
        assert verified(client)


def test_the_page_says_why_in_chinese(hr, settings):
    secret, _recovery = with_totp(hr)
    client = signed_in("hr", headers={"accept-language": "zh-hans"})
    for _ in range(settings.MFA_CODE_FAILURE_LIMIT):
        response = client.post(VERIFY, {"code": a_wrong_code(secret)})
    assert response.status_code == 429
    assert "输错验证码的次数过多" in response.content.decode()
