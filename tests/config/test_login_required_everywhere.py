"""Every page needs a login unless it is deliberately public."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"login", "healthz", "healthz_live", "healthz_ready", "set_language",
          "javascript-catalog",
          # Getting in without a password: the invitation and the reset pages.
          "set_password_from_invitation", "password_reset", "password_reset_done",
          "password_reset_confirm", "password_reset_complete",
          # Single sign-on: starting it and the provider's answer.
          "openid_connect_login", "openid_connect_callback",
          # The mail provider's delivery reports: authenticated by their secret.
          "mail_events"}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, namespace


def concrete(route):
    """Turn a route into a URL by filling every parameter with a plausible value."""
    import re

    url = re.sub(r"<(?:int:)?\w+>", "1", route)
    url = re.sub(r"<path:\w+>", "x", url)
    url = re.sub(r"<\w+:\w+>", "x", url)
    url = re.sub(r"\^|\$|\(\?P<\w+>[^)]*\)|\\Z", "1", url)
    return "/" + url.replace("//", "/")


ROUTES = sorted(
    {concrete(route) for route, name, ns in walk(get_resolver().url_patterns)
     if name not in PUBLIC and ns not in ("admin", "api", "scim") and "static" not in route}
)


@pytest.mark.parametrize("url", ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(url, client, db):
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith("/accounts/login/"), url


def test_the_admin_sends_anonymous_visitors_to_a_login_page(client, db):
    response = client.get("/admin/talent/employee/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_api_refuses_anonymous_callers_with_a_problem_not_a_login_page(client, db):
    # The API's operations are walked with every role in tests/api/.
    response = client.get("/api/v1/employees/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_the_login_page_and_healthz_are_public(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
