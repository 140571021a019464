"""Sessions end after an idle time set by role (short for HR, bank admins and
superusers, a working day for others) and after an absolute lifetime."""

import pytest
from django.urls import reverse

from talent.middleware import LAST_SEEN_AT, SIGNED_IN_AT


def age(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.mark.parametrize("role", ["hr", "bank_admin", "superuser"])
def test_staff_sessions_end_after_the_short_idle_limit(role, cast, client_for, settings):
    client = client_for(cast[role])
    client.get(reverse("home"))
    age(client, LAST_SEEN_AT, settings.SESSION_IDLE_MINUTES_STAFF * 60 + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["employee", "manager"])
def test_other_sessions_survive_the_staff_limit_and_end_after_their_own(role, cast,
                                                                         client_for, settings):
    client = client_for(cast[role])
    client.get(reverse("home"))
    age(client, LAST_SEEN_AT, settings.SESSION_IDLE_MINUTES_STAFF * 60 + 1)
    assert client.get(reverse("home")).status_code == 200
    age(client, LAST_SEEN_AT, settings.SESSION_IDLE_MINUTES * 60 + 1)
    assert client.get(reverse("home")).status_code == 302


def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(employee, client_for,
                                                                    settings):
    client = client_for(employee)
    client.get(reverse("home"))
    age(client, SIGNED_IN_AT, settings.SESSION_ABSOLUTE_HOURS * 3600 - 60)
    assert client.get(reverse("home")).status_code == 200
    age(client, SIGNED_IN_AT, 120)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "maximum length" in client.get(response["Location"]).content.decode()


def test_the_cookie_does_not_outlive_the_absolute_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_ABSOLUTE_HOURS * 3600


@pytest.mark.parametrize("how", ["hr_group", "bank_admin_group", "superuser"])
def test_a_person_given_a_staff_role_signs_in_again_and_gets_the_staff_limits(
        how, employee, client_for):
    from django.contrib.auth.models import Group

    from talent.roles import BANK_ADMIN_GROUP, HR_GROUP

    client = client_for(employee)
    assert client.get(reverse("home")).status_code == 200
    if how == "superuser":
        employee.is_superuser = True
        employee.save()
    else:  # as the admin's form does it: through the group's side too
        group = Group.objects.get_or_create(
            name=HR_GROUP if how == "hr_group" else BANK_ADMIN_GROUP)[0]
        group.user_set.add(employee)
    # The session held the employee's working-day limit: it ends at the next click.
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_role_taken_away_ends_the_session_too(hr, client_for):
    client = client_for(hr)
    assert client.get(reverse("home")).status_code == 200
    hr.groups.clear()
    assert client.get(reverse("home")).status_code == 302
