"""Creating the missing logins and sending a set-password invitation again are HR's
buttons on the logins page. Anyone else who posts to them (an employee, a manager, a bank
admin, a login with no employee record) is refused with 403: no login is created, no
invitation is recorded, no email goes out. Anonymous visitors are sent to sign in."""

import pytest
from django.conf import settings
from django.urls import reverse

from talent import accounts
from talent.models import Employee, LoginInvitation, User


@pytest.fixture
def eager():
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def waiting(org):
    """One person with no login yet, and one whose login still waits for a password."""
    Employee.objects.create(employee_id="NEW1", name="No Login Yet", email="new1@example.com",
                            department=org["UW"])
    invited = Employee.objects.create(employee_id="NEW2", name="Awaiting Password",
                                      email="new2@example.com", department=org["UW"])
    [user] = accounts.provision_logins([invited.pk])
    return user


def state(mailoutbox):
    return (User.objects.count(), Employee.objects.without_login().count(),
            LoginInvitation.objects.count(), len(mailoutbox))


def post_both(client, user):
    return [client.post(reverse("talent:provision_logins")),
            client.post(reverse("talent:resend_invitation", args=[user.pk]))]


@pytest.mark.parametrize("role", ["employee", "other_employee", "manager", "bank_admin",
                                  "outsider"])
def test_only_hr_creates_logins_and_resends_invitations(
        role, request, waiting, client_for, mailoutbox, eager,
        django_capture_on_commit_callbacks):
    client = client_for(request.getfixturevalue(role))
    before = state(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        answers = post_both(client, waiting)
    assert [a.status_code for a in answers] == [403, 403]
    assert state(mailoutbox) == before


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_written(
        waiting, client, mailoutbox, eager, django_capture_on_commit_callbacks):
    before = state(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        answers = post_both(client, waiting)
    login = reverse(settings.LOGIN_URL)
    assert all(a.status_code == 302 and a["Location"].startswith(login) for a in answers)
    assert state(mailoutbox) == before


def test_the_same_posts_by_hr_create_the_login_and_send_both_invitations(
        hr, waiting, client_for, mailoutbox, eager, django_capture_on_commit_callbacks):
    # The control: the refusals above wrote nothing where HR's posts do write.
    users, without_login, _invitations, _sent = state(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        answers = post_both(client_for(hr), waiting)
    assert [a.status_code for a in answers] == [302, 302]
    assert User.objects.count() == users + 1 and Employee.objects.without_login().count() == 0
    assert LoginInvitation.objects.filter(user__email="new1@example.com").exists()
    assert LoginInvitation.objects.filter(user=waiting, sent_by=hr).exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["new1@example.com", "new2@example.com"]
