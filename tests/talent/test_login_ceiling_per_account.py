"""Guesses spread over many addresses hit a per-account ceiling that locks that account
only: colleagues behind the same addresses (an office NAT) still log in."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD


def post_login(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def address(i):
    return f"10.{i // 250 % 250}.{i % 250}.7"


@pytest.fixture
def hammer(client, settings):
    """hammer(username, n): n wrong passwords, each from a different address."""
    def hammer(username, n):
        responses = [post_login(client, username, "wrong", address(i)) for i in range(n)]
        return responses[-1]
    return hammer


def test_one_account_hammered_from_many_addresses_is_locked_at_the_ceiling(
        client, employee, settings, hammer):
    ceiling = settings.AXES_ACCOUNT_FAILURE_LIMIT
    assert ceiling > settings.AXES_FAILURE_LIMIT
    last = hammer("employee", ceiling)
    assert last.status_code == 429
    # The right password from an address never used before is refused too.
    response = post_login(client, "employee", PASSWORD, "192.168.50.1")
    assert response.status_code == 429
    assert "from several places" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_below_the_ceiling_the_owner_still_logs_in(client, employee, settings, hammer):
    hammer("employee", settings.AXES_ACCOUNT_FAILURE_LIMIT - 1)
    assert post_login(client, "employee", PASSWORD, "192.168.50.1").status_code == 302


def test_a_colleague_behind_the_same_addresses_still_logs_in(
        client, employee, other_employee, settings, hammer):
    hammer("employee", settings.AXES_ACCOUNT_FAILURE_LIMIT + 3)
    for i in (0, settings.AXES_ACCOUNT_FAILURE_LIMIT):
        client.logout()
        assert post_login(client, "other_employee", PASSWORD, address(i)).status_code == 302


def test_a_successful_login_starts_the_count_again(client, employee, settings, hammer):
    hammer("employee", settings.AXES_ACCOUNT_FAILURE_LIMIT - 1)
    assert post_login(client, "employee", PASSWORD, "192.168.50.1").status_code == 302
    client.logout()
    hammer("employee", settings.AXES_ACCOUNT_FAILURE_LIMIT - 1)
    assert post_login(client, "employee", PASSWORD, "192.168.50.1").status_code == 302


def test_an_administrator_unlocks_the_account_with_axes_reset_username(
        client, employee, settings, hammer):
    hammer("employee", settings.AXES_ACCOUNT_FAILURE_LIMIT)
    assert post_login(client, "employee", PASSWORD, "192.168.50.1").status_code == 429
    call_command("axes_reset_username", "employee")
    assert post_login(client, "employee", PASSWORD, "192.168.50.1").status_code == 302


def test_refused_attempts_during_a_lock_out_do_not_count_towards_the_ceiling(
        client, employee, settings):
    # One address keeps trying long after it was locked: the address stays locked, the
    # account does not get locked everywhere.
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT + 5):
        post_login(client, "employee", "wrong", "10.0.0.66")
    assert post_login(client, "employee", PASSWORD, "10.0.0.66").status_code == 429
    assert post_login(client, "employee", PASSWORD, "10.0.0.7").status_code == 302
