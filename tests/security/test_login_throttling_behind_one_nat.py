"""Behind one office NAT every colleague logs in from the same address. Guessing one
account's password there locks that account (from there) only; a password spray over many
accounts from that address locks the sprayed accounts, never a colleague who typed their
own password right; and the locked person can still log in from elsewhere.
(tests/talent/test_login_ceiling_per_account.py covers one account from many addresses.)"""

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

NAT = "203.0.113.10"


def log_in(username, password, ip=NAT):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password},
                           REMOTE_ADDR=ip)
    return response.status_code, "_auth_user_id" in client.session


def test_one_account_guessed_behind_the_nat_locks_only_that_account(
        employee, other_employee, manager, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        log_in("employee", "wrong")
    assert log_in("employee", PASSWORD) == (429, False)
    # Colleagues behind the same address are not locked out.
    for colleague in ("other_employee", "manager"):
        assert log_in(colleague, PASSWORD) == (302, True)
    # Nor is the owner, from home.
    assert log_in("employee", PASSWORD, ip="198.51.100.7") == (302, True)


def test_a_spray_over_many_accounts_from_the_nat_locks_none_of_the_colleagues(
        org, employee, settings):
    sprayed = [make_user(f"colleague{i}", org) for i in range(12)]
    # An attacker behind the NAT tries a few passwords on every account (below each
    # account's own limit), and the sprayed accounts' owners then log in as usual.
    for user in sprayed:
        for guess in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(user.username, f"Spring{guess}!")
    for user in sprayed:
        assert log_in(user.username, PASSWORD) == (302, True), user.username
    # An account nobody guessed at logs in from the same address.
    assert log_in("employee", PASSWORD) == (302, True)


def test_many_colleagues_mistyping_once_do_not_lock_the_office_out(org, settings):
    people = [make_user(f"typo{i}", org) for i in range(3 * settings.AXES_FAILURE_LIMIT)]
    for user in people:
        assert log_in(user.username, "wrong") == (200, False)
    for user in people:
        assert log_in(user.username, PASSWORD) == (302, True), user.username
