"""A person imported with an email gets an invitation, in both languages, to choose the
password of their new login: a one-time link that expires; sent once however often the
task runs; a failed delivery is recorded for HR, who can send it again."""

import re
import socket
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from talent import invitations
from talent.models import Employee, LoginInvitation, User
from talent.org_import import import_org

from .org_csv import csv_bytes
from .org_csv import row as org_row

NEW_PASSWORD = "a-long-new-password-2026"


def row(employee_id, **values):
    return org_row(employee_id, parent_department_code="", **values)


def imported(tmp_path, rows, django_capture_on_commit_callbacks):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes(rows))
    from talent.tasks import invite_after_commit

    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as binary:
        plan = import_org(binary)
        assert plan.ok, plan.errors
        invite_after_commit(plan.provisioned_user_ids)
    return plan


def link_in(message):
    return re.search(r"https?://\S+/accounts/welcome/\S+/", message.body).group(0)


def path_of(link):
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def eager(settings):
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_an_imported_person_is_invited_in_both_languages_and_sets_a_password(
        db, tmp_path, mailoutbox, eager, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://talent.example.com"
    imported(tmp_path, [row("E1", name="Ana Lee")], django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.to == ["e1@example.com"]
    assert "Set the password of your new account" in message.subject
    assert "设置" in message.subject and "您" in message.body
    assert "e1@example.com" in message.body and "7" in message.body
    link = link_in(message)
    assert link.startswith("https://talent.example.com/accounts/welcome/")

    browser = Client()
    form = browser.get(path_of(link), follow=True)
    assert form.status_code == 200 and "Choose your password" in form.content.decode()
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                     "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert browser.get(reverse("home")).status_code == 200, "signed in at once"
    assert User.objects.get(username="e1@example.com").check_password(NEW_PASSWORD)

    # The link works once, and says so plainly afterwards.
    again = Client().get(path_of(link), follow=True)
    assert "expired or was already used" in again.content.decode()
    assert LoginInvitation.objects.get().status == LoginInvitation.Status.SENT


def test_the_invitation_task_run_twice_sends_one_email(db, tmp_path, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    plan = imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    [user_id] = plan.provisioned_user_ids
    invitations.send_first_invitation(user_id)
    invitations.send_first_invitation(user_id)
    assert len(mailoutbox) == 1 and LoginInvitation.objects.count() == 1


def test_an_expired_link_says_so_and_sets_nothing(db, tmp_path, mailoutbox, eager,
                                                  django_capture_on_commit_callbacks,
                                                  monkeypatch, settings):
    imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    later = invitations.invitation_tokens._now() + timedelta(
        days=settings.LOGIN_INVITATION_DAYS, hours=1)
    monkeypatch.setattr(invitations.invitation_tokens, "_now", lambda: later)
    page = Client().get(path_of(link), follow=True)
    assert "expired or was already used" in page.content.decode()
    assert not User.objects.get(username="e1@example.com").has_usable_password()


@pytest.mark.parametrize("tamper", [
    lambda link: link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:],  # the token
    lambda link: re.sub(r"/welcome/[^/]+/", "/welcome/MTIzNDU2/", link),  # another user
    lambda link: link.replace("/welcome/", "/password/reset/"),  # a reset, not an invitation
])
def test_a_tampered_link_is_refused_and_sets_nothing(db, tmp_path, mailoutbox, eager, tamper,
                                                     django_capture_on_commit_callbacks):
    imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    link = tamper(link_in(mailoutbox[0]))
    browser = Client()
    page = browser.get(path_of(link), follow=True)
    assert "expired or was already used" in page.content.decode()
    posted = browser.post(path_of(link), {"new_password1": NEW_PASSWORD,
                                          "new_password2": NEW_PASSWORD})
    assert posted.status_code == 200
    assert not User.objects.get(username="e1@example.com").has_usable_password()


def test_a_leavers_invitation_no_longer_works(db, tmp_path, mailoutbox, eager,
                                              django_capture_on_commit_callbacks):
    imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    imported(tmp_path, [row("E1", active="false")], django_capture_on_commit_callbacks)
    page = Client().get(path_of(link), follow=True)
    assert "expired or was already used" in page.content.decode()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failed_delivery_is_shown_to_hr_who_sends_it_again(
        hr, client_for, tmp_path, settings, mailoutbox, django_capture_on_commit_callbacks):
    plan = imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    [user_id] = plan.provisioned_user_ids
    mailers = settings.MAILERS
    # A real SMTP backend pointed at a port where nothing listens.
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2}}}
    invitation = invitations.send_first_invitation(user_id)
    assert invitation.status == LoginInvitation.Status.FAILED and invitation.error
    settings.MAILERS = mailers

    page = client_for(hr).get(reverse("talent:logins") + "?state=failed").content.decode()
    assert "Person E1" in page and "Failed" in page

    response = client_for(hr).post(reverse("talent:resend_invitation", args=[user_id]))
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert LoginInvitation.objects.filter(kind=LoginInvitation.Kind.RESENT,
                                          status=LoginInvitation.Status.SENT,
                                          sent_by=hr).exists()


def test_people_without_an_email_are_listed_as_unreachable(hr, client_for, tmp_path,
                                                           django_capture_on_commit_callbacks):
    imported(tmp_path, [row("E1", email="", name="Nomail Person")],
             django_capture_on_commit_callbacks)
    page = client_for(hr).get(reverse("talent:logins") + "?state=unreachable")
    assert "Nomail Person" in page.content.decode()
    assert Employee.objects.get(employee_id="E1").user is None


def test_hr_cannot_resend_to_someone_who_already_has_a_password(hr, client_for, employee):
    response = client_for(hr).post(reverse("talent:resend_invitation", args=[employee.pk]))
    assert response.status_code == 404
    assert not LoginInvitation.objects.exists()


def test_hr_creates_the_missing_logins_of_people_added_before(
        hr, client_for, org, mailoutbox, eager, django_capture_on_commit_callbacks):
    Employee.objects.create(employee_id="OLD1", name="Old Timer", email="old@example.com",
                            department=org["UW"])
    client = client_for(hr)
    page = client.get(reverse("talent:logins") + "?state=without_login").content.decode()
    assert "Old Timer" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("talent:provision_logins"))
    assert Employee.objects.get(employee_id="OLD1").user.username == "old@example.com"
    assert [m.to for m in mailoutbox] == [["old@example.com"]]


def test_an_unknown_state_shows_the_default_list(hr, client_for):
    response = client_for(hr).get(reverse("talent:logins") + "?state=<script>&page=zz")
    assert response.status_code == 200


def test_with_sso_only_no_invitation_to_set_a_password_is_sent(
        db, tmp_path, mailoutbox, eager, settings, django_capture_on_commit_callbacks):
    settings.OIDC_ISSUER = "https://login.example.com"
    settings.PASSWORD_LOGIN_FOR_EMPLOYEES = False
    plan = imported(tmp_path, [row("E1")], django_capture_on_commit_callbacks)
    assert len(plan.provisioned_user_ids) == 1, "the login exists, for SSO to link"
    assert mailoutbox == [] and not LoginInvitation.objects.exists()
