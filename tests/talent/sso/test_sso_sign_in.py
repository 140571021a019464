"""Signing in with the organisation's OpenID provider (a real one, on loopback): the
identity is linked to exactly one active employee by verified email or by the employee-id
claim; anything else is refused in plain words and creates nothing; forged and replayed
callbacks are refused."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from talent import accounts
from talent.models import Employee, User
from tests.conftest import PASSWORD

from .conftest import callback_for, sign_in


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def footprint():
    return User.objects.count(), SocialAccount.objects.count()


def test_an_employee_signs_in_and_is_linked_to_their_login(sso, employee):
    client = Client()
    response = sign_in(client, "employee")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in_as(client) == str(employee.pk)
    assert client.get(reverse("home")).status_code == 200
    assert SocialAccount.objects.get().user == employee
    # The next sign-in uses the link.
    again = Client()
    sign_in(again, "employee")
    assert signed_in_as(again) == str(employee.pk) and SocialAccount.objects.count() == 1


def test_the_email_matches_whatever_its_case(sso, hr):
    client = Client()
    sign_in(client, "hr")
    assert signed_in_as(client) == str(hr.pk)


def test_an_employee_without_a_login_gets_one_at_first_sign_in(sso, org):
    person = Employee.objects.create(employee_id="N1", name="New Person",
                                     email="new.person@example.com", department=org["UW"])
    client = Client()
    sign_in(client, "newcomer")
    person.refresh_from_db()
    assert person.user is not None and signed_in_as(client) == str(person.user_id)
    assert not person.user.has_usable_password()


@pytest.mark.parametrize("account, words", [
    ("unverified", "has not verified the email address"),
    ("stranger", "does not match any employee"),
])
def test_an_unverified_or_unknown_identity_is_refused_and_nothing_is_created(
        sso, cast, account, words):
    before = footprint()
    client = Client()
    response = sign_in(client, account)
    assert response.status_code == 403 and words in response.content.decode()
    assert footprint() == before and not signed_in_as(client)


def test_an_identity_matching_two_employees_is_refused(sso, org):
    for number in (1, 2):
        Employee.objects.create(employee_id=f"T{number}", name="Twin", email="shared@example.com",
                                department=org["UW"])
    before = footprint()
    response = sign_in(Client(), "twin")
    assert response.status_code == 403 and "more than one employee" in response.content.decode()
    assert footprint() == before


def test_a_rehired_person_is_linked_to_their_active_record_whatever_their_old_ones(sso, org):
    for number in range(1, 5):
        Employee.objects.create(employee_id=f"A{number}", name="New Person", active=False,
                                email="new.person@example.com", department=org["UW"])
    current = Employee.objects.create(employee_id="Z2", name="New Person",
                                      email="new.person@example.com", department=org["UW"])
    client = Client()
    sign_in(client, "newcomer")
    current.refresh_from_db()
    assert current.user is not None and signed_in_as(client) == str(current.user_id)
    assert not Employee.objects.filter(active=False, user__isnull=False).exists()


def test_an_employee_who_left_is_refused_before_and_after_linking(sso, employee):
    sign_in(Client(), "employee")
    accounts.set_employees_active([employee.employee.pk], False)
    client = Client()
    response = sign_in(client, "employee")
    assert response.status_code == 403 and "access has ended" in response.content.decode()
    assert not signed_in_as(client)
    SocialAccount.objects.all().delete()
    before = footprint()
    assert sign_in(Client(), "employee").status_code == 403
    assert footprint() == before


def test_the_refusal_is_in_chinese_for_a_chinese_browser(sso, cast):
    client = Client(headers={"accept-language": "zh-hans"})
    response = sign_in(client, "stranger")
    assert response.status_code == 403 and "员工" in response.content.decode()


def test_the_employee_id_claim_links_when_configured(sso, manager, settings):
    settings.OIDC_EMPLOYEE_ID_CLAIM = "employee_id"
    client = Client()
    sign_in(client, "by_id")
    assert signed_in_as(client) == str(manager.pk)


def test_a_forged_state_is_refused(sso, employee):
    client = Client()
    client.post(reverse("openid_connect_login", kwargs={"provider_id": "oidc"}))
    response = client.get(reverse("openid_connect_callback", kwargs={"provider_id": "oidc"}),
                          {"code": "stolen", "state": "forged-state"})
    assert response.status_code == 400 and "could not be completed" in response.content.decode()
    assert not signed_in_as(client) and not SocialAccount.objects.exists()


def test_a_replayed_callback_is_refused(sso, employee):
    client = Client()
    callback = callback_for(client, "employee")
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))
    response = client.get(callback)
    assert response.status_code == 400 and not signed_in_as(client)


def test_a_callback_carried_into_another_browser_is_refused(sso, employee):
    victim, attacker = Client(), Client()
    callback = callback_for(attacker, "employee")
    response = victim.get(callback)
    assert response.status_code == 400 and not signed_in_as(victim)


def test_password_login_can_be_switched_off_for_employees_but_not_for_admins(
        sso, employee, superuser, settings):
    settings.PASSWORD_LOGIN_FOR_EMPLOYEES = False
    page = Client().get(reverse("login")).content.decode()
    assert "Sign in with Example SSO" in page and "administrators only" in page
    refused = Client().post(reverse("login"), {"username": "employee", "password": PASSWORD},
                            REMOTE_ADDR="10.0.0.5")
    assert refused.status_code == 200
    admin = Client().post(reverse("login"), {"username": "root", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.5")
    assert admin.status_code == 302
    client = Client()
    sign_in(client, "employee")
    assert signed_in_as(client) == str(employee.pk)


def test_without_a_provider_the_login_page_is_password_only(employee, settings):
    settings.OIDC_ISSUER = ""
    settings.PASSWORD_LOGIN_FOR_EMPLOYEES = False  # ignored without SSO
    page = Client().get(reverse("login")).content.decode()
    assert "Sign in with" not in page
    response = Client().post(reverse("login"), {"username": "employee", "password": PASSWORD},
                             REMOTE_ADDR="10.0.0.6")
    assert response.status_code == 302
