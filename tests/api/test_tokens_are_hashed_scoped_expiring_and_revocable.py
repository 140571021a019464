"""A token is printed once, stored as a hash, expires, can be revoked, and acts with its
user's role and never more."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from api import tokens
from api.models import ApiToken

from .conftest import problem_of


def bearer(raw):
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_command_prints_the_token_once_and_keeps_only_its_hash(hr):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "hr", "--scope", "org:read", "--scope", "results:read",
                 stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get())
    assert token.scopes == ["org:read", "results:read"] and token.user == hr
    assert "shown only now" in err.getvalue()
    assert bearer(raw).get("/api/v1/employees/").status_code == 200


@pytest.mark.parametrize("args, message", [
    (["nobody", "--scope", "org:read"], "no login named"),
    (["hr", "--scope", "org:read", "--days", "0"], "days"),
    (["hr", "--scope", "org:read", "--days", "10000"], "days"),
])
def test_the_command_refuses_bad_input_and_writes_nothing(hr, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", *args, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_unknown_scope(hr):
    with pytest.raises(CommandError):
        call_command("create_api_token", "hr", "--scope", "everything",
                     stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(hr, token_for):
    raw = token_for(hr)
    past = timezone.now() - datetime.timedelta(days=2)
    ApiToken.objects.update(created_at=past, expires_at=past + datetime.timedelta(days=1))
    assert "expired" in problem_of(bearer(raw).get("/api/v1/employees/"), 401)["detail"]


def test_a_revoked_token_is_refused(hr, token_for):
    raw = token_for(hr)
    tokens.revoke(ApiToken.objects.get().pk)
    assert "revoked" in problem_of(bearer(raw).get("/api/v1/employees/"), 401)["detail"]


@pytest.mark.parametrize("header", ["Bearer tk_not-a-real-token", "Bearer", "Bearer a b",
                                    "Bearer nope"])
def test_an_unknown_or_malformed_token_is_refused(db, header):
    problem_of(Client(headers={"Authorization": header}).get("/api/v1/employees/"), 401)


def test_a_token_of_a_deactivated_login_is_refused(hr, token_for):
    raw = token_for(hr)
    hr.is_active = False
    hr.save()
    problem_of(bearer(raw).get("/api/v1/employees/"), 401)


def test_a_token_acts_with_its_users_role_and_never_more(employee, token_for):
    problem_of(bearer(token_for(employee)).get("/api/v1/employees/"), 403)


def test_a_token_that_lost_its_users_role_loses_its_rights(hr, token_for):
    raw = token_for(hr)
    hr.groups.clear()
    problem_of(bearer(raw).get("/api/v1/employees/"), 403)


def test_nobody_issues_a_token_for_a_role_they_do_not_hold(hr, bank_admin, superuser):
    for target in (bank_admin, superuser):
        with pytest.raises(Exception, match="role"):
            tokens.issue(target, name="x", scopes=["org:read"], days=1, created_by=hr)
    assert not ApiToken.objects.exists()
    tokens.issue(bank_admin, name="x", scopes=["org:read"], days=1, created_by=superuser)


def test_use_is_recorded_at_most_once_a_minute(hr, token_for):
    client = bearer(token_for(hr))
    client.get("/api/v1/departments/")
    first = ApiToken.objects.get().last_used_at
    client.get("/api/v1/departments/")
    assert first is not None and ApiToken.objects.get().last_used_at == first


def test_a_leavers_token_stops_working_with_them(employee, hr, token_for):
    from talent import accounts

    raw = token_for(hr)
    accounts.set_employees_active([hr.employee.pk], False)
    problem_of(bearer(raw).get("/api/v1/employees/"), 401)
