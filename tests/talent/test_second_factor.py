"""HR, bank admins and superusers set up TOTP before any other page (the admin too) and
enter a code at every sign-in; recovery codes work once; employees may opt in. These
tests use the real enforcement (no test shortcut: marked `mfa`)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse

from talent.mfa import SESSION_PENDING_SECRET
from tests.conftest import PASSWORD

pytestmark = pytest.mark.mfa


def current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return f"{hotp_value(secret, counter):06d}"


def signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302
    return client


def set_up(client):
    client.get(reverse("mfa_setup"))
    secret = client.session[SESSION_PENDING_SECRET]
    response = client.post(reverse("mfa_setup"), {"code": current_code(secret), "next": "/"})
    assert response.status_code == 200
    return secret, response


@pytest.mark.parametrize("role, page", [
    ("hr", "assessments:campaign_list"), ("bank_admin", "admin:index"),
    ("superuser", "admin:index"),
])
def test_people_who_see_everyone_set_up_totp_before_any_page(role, page, cast):
    client = signed_in(cast[role].username)
    response = client.get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_setup"))
    htmx = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("mfa_setup"))

    _secret, shown = set_up(client)
    codes = shown.context["codes"]
    assert len(codes) >= 8
    assert client.get(reverse(page)).status_code == 200


def test_a_wrong_setup_code_turns_nothing_on(hr):
    client = signed_in("hr")
    client.get(reverse("mfa_setup"))
    response = client.post(reverse("mfa_setup"), {"code": "000000"})
    assert response.status_code == 400 and "not right" in response.content.decode()
    assert not Authenticator.objects.exists()
    assert client.get(reverse("home")).status_code == 302


def test_every_sign_in_asks_for_a_code_and_a_code_works_once(hr):
    secret, _shown = set_up(signed_in("hr"))
    client = signed_in("hr")
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("mfa_verify"))
    wrong = client.post(reverse("mfa_verify"), {"code": "123456"})
    assert wrong.status_code == 400
    # The code used at set-up cannot be used again (replay).
    assert client.post(reverse("mfa_verify"), {"code": current_code(secret)}).status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once(hr):
    _secret, shown = set_up(signed_in("hr"))
    code = shown.context["codes"][0]
    client = signed_in("hr")
    response = client.post(reverse("mfa_verify"), {"code": code, "next": "/"})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200
    again = signed_in("hr")
    assert again.post(reverse("mfa_verify"), {"code": code}).status_code == 400


def test_an_employee_is_not_asked_but_may_opt_in_and_out(employee):
    client = signed_in("employee")
    assert client.get(reverse("home")).status_code == 200
    set_up(client)
    later = signed_in("employee")
    assert later.get(reverse("home"))["Location"].startswith(reverse("mfa_verify"))
    client.post(reverse("mfa_deactivate"))
    assert not Authenticator.objects.exists()
    assert signed_in("employee").get(reverse("home")).status_code == 200


def test_hr_cannot_turn_it_off(hr):
    client = signed_in("hr")
    set_up(client)
    client.post(reverse("mfa_deactivate"))
    assert Authenticator.objects.filter(user=hr).exists()


def test_the_verify_page_does_not_follow_a_foreign_next(hr):
    _secret, shown = set_up(signed_in("hr"))
    client = signed_in("hr")
    response = client.post(reverse("mfa_verify"), {"code": shown.context["codes"][1],
                                                   "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


@pytest.mark.parametrize("role", ["employee", "manager", "hr", "bank_admin", "superuser",
                                  "outsider"])
def test_the_second_factor_pages_answer_every_signed_in_role(role, cast, client_for):
    client = client_for(cast[role])
    assert client.get(reverse("mfa_setup")).status_code == 200
    assert client.get(reverse("mfa_verify")).status_code == 302  # nothing to verify
    assert Client().get(reverse("mfa_manage")).status_code == 302  # anonymous: log in


def test_production_requires_it_and_the_embedded_default_does_not():
    from tests.config.test_settings_from_environment import run_probe

    code = "import django; django.setup(); from django.conf import settings as s; " \
           "print(s.MFA_REQUIRED_FOR_STAFF)"
    production = run_probe(code, DJANGO_DEBUG="False", DJANGO_SECRET_KEY="x" * 60,
                           DJANGO_ALLOWED_HOSTS="talent.example.com")
    assert production.stdout.strip() == "True", production.stderr
    assert run_probe(code).stdout.strip() == "False"
