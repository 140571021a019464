"""A person signed in through the organisation's OpenID provider (a real one, on loopback)
whom HR then imports as left: their open session lands on the login page at the next
click, a new single sign-on is refused in plain words and creates nothing, and marking
them active again lets them sign in by SSO once more. For an employee, a manager and an
HR person (tests/talent/test_leavers_are_out_at_once.py walks the password sign-in)."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from talent import accounts
from talent.models import Employee, User
from tests.talent.test_leavers_are_out_at_once import PAGES, mark_left_by_import

from .conftest import sign_in


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("role", ["employee", "manager", "hr"])
def test_a_leaver_signed_in_by_sso_is_out_at_once_and_back_when_reactivated(
        role, sso, cast, tmp_path):
    user = cast[role]
    tab = Client()
    sign_in(tab, role)
    assert signed_in_as(tab) == str(user.pk)
    assert tab.get(PAGES[role]).status_code == 200

    mark_left_by_import(Employee.objects.get(user=user), tmp_path)

    response = tab.get(PAGES[role])
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    before = User.objects.count(), SocialAccount.objects.count()
    again = Client()
    refused = sign_in(again, role)
    assert refused.status_code == 403 and "access has ended" in refused.content.decode()
    assert not signed_in_as(again)
    assert (User.objects.count(), SocialAccount.objects.count()) == before

    accounts.set_employees_active([Employee.objects.get(user=user).pk], True)
    back = Client()
    sign_in(back, role)
    assert signed_in_as(back) == str(user.pk)
    assert back.get(PAGES[role]).status_code == 200
    assert tab.get(PAGES[role]).status_code == 302, "the session open when they left stays ended"
