"""Behind the reverse proxy (DJANGO_TRUSTED_PROXY_COUNT=1) throttling counts per real
client address, the one the proxy appended to X-Forwarded-For, not per proxy."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

PROXY = "172.18.0.1"


@pytest.fixture(autouse=True)
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def post_login(client, username, password, forwarded_for):
    return client.post(
        reverse("login"), {"username": username, "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_lock_on_one_client_does_not_lock_the_same_account_on_another_client(
        client, employee, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "employee", "wrong", "203.0.113.5")
    assert post_login(client, "employee", PASSWORD, "203.0.113.5").status_code == 429
    assert post_login(client, "employee", PASSWORD, "198.51.100.9").status_code == 302


def test_addresses_a_client_puts_in_x_forwarded_for_itself_are_ignored(
        client, employee, settings):
    # The client sends a different made-up address each time; the proxy appends the real
    # one, and that is what is counted.
    for i in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "employee", "wrong", f"10.9.9.{i}, 203.0.113.5")
    assert post_login(client, "employee", PASSWORD, "10.9.9.200, 203.0.113.5").status_code == 429
