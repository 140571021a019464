"""Resetting and changing a password: a reset never tells whether an account exists, its
link works once and says so plainly when used or expired; a new password ends the
person's other sessions. Passwords are hashed with Argon2, older hashes upgraded at login."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse

from talent import accounts
from talent.models import Employee, User
from tests.conftest import PASSWORD

NEW = "another-long-password-77"


def ask_reset(email):
    client = Client()
    response = client.post(reverse("password_reset"), {"email": email})
    return response


def reset_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/\S+/)", message.body).group(1)


def signed_in(username, password=PASSWORD):
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR="10.0.0.9").status_code == 302
    return client


def test_a_reset_for_a_known_and_an_unknown_address_look_the_same(employee, mailoutbox):
    known, unknown = ask_reset("employee@example.com"), ask_reset("nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["employee@example.com"]
    page = Client().get(reverse("password_reset_done")).content.decode()
    assert "If the address belongs to an account" in page


def test_a_bad_address_is_refused_with_a_message(db, mailoutbox):
    response = ask_reset("not an address")
    assert response.status_code == 200 and "valid email" in response.content.decode()
    assert mailoutbox == []


def test_the_reset_link_works_once_and_ends_every_other_session(employee, mailoutbox):
    other_device = signed_in("employee")
    ask_reset("employee@example.com")
    [message] = mailoutbox
    assert "Reset your password" in message.subject and "重置您的密码" in message.subject
    browser = Client()
    form_url = browser.get(reset_path(message), follow=True).redirect_chain[-1][0]
    done = browser.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    assert other_device.get(reverse("home")).status_code == 302
    signed_in("employee", NEW)
    used = Client().get(reset_path(message), follow=True).content.decode()
    assert "expired or was already used" in used


def test_an_expired_or_tampered_reset_link_says_so(employee, mailoutbox, monkeypatch, settings):
    ask_reset("employee@example.com")
    path = reset_path(mailoutbox[0])
    tampered = path[:-2] + ("0/" if path[-2] != "0" else "1/")
    assert "expired or was already used" in Client().get(tampered, follow=True).content.decode()
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert "expired or was already used" in Client().get(path, follow=True).content.decode()
    assert User.objects.get(pk=employee.pk).check_password(PASSWORD)


def test_a_provisioned_person_who_lost_the_invitation_can_reset(org, mailoutbox):
    person = Employee.objects.create(employee_id="E9", name="New Person",
                                     email="new@example.com", department=org["UW"])
    accounts.provision_logins([person.pk])
    ask_reset("NEW@example.com")
    assert [m.to for m in mailoutbox] == [["new@example.com"]]


def test_a_leaver_gets_no_reset_email(employee, mailoutbox):
    accounts.set_employees_active([employee.employee.pk], False)
    assert ask_reset("employee@example.com").status_code == 302
    assert mailoutbox == []


def test_changing_the_password_keeps_this_session_and_ends_the_others(employee):
    here, elsewhere = signed_in("employee"), signed_in("employee")
    response = here.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("password_change_done")
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302


def test_a_wrong_old_password_changes_nothing(employee):
    client = signed_in("employee")
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200 and "incorrectly" in response.content.decode()
    assert User.objects.get(pk=employee.pk).check_password(PASSWORD)


def test_the_change_page_needs_a_login(db):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_new_passwords_are_hashed_with_argon2_and_old_ones_upgraded_at_login(
        employee, real_hashers):
    from django.conf import settings as live
    from django.contrib.auth.hashers import make_password

    assert live.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    User.objects.filter(pk=employee.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    signed_in("employee")
    assert User.objects.get(pk=employee.pk).password.startswith("argon2")


def test_the_project_settings_put_argon2_first():
    from config import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_reset_emails_to_one_address_are_capped_and_the_page_says_nothing(
        employee, other_employee, mailoutbox, settings):
    answers = [ask_reset("employee@example.com") for _ in range(settings.PASSWORD_RESET_PER_HOUR
                                                                  + 2)]
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    assert len(mailoutbox) == settings.PASSWORD_RESET_PER_HOUR
    ask_reset("other_employee@example.com")  # another address is not affected
    assert mailoutbox[-1].to == ["other_employee@example.com"]
