"""A real OpenID provider (npm oidc-provider, tests/talent/sso/provider.mjs) on loopback,
started once for these tests, and a helper that signs in through it as a browser would."""

from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from .provider import point_the_site_at, running_provider

CALLBACK = "http://testserver/sso/oidc/login/callback/"


@pytest.fixture(scope="session")
def oidc_issuer():
    with running_provider(CALLBACK) as issuer:
        yield issuer


@pytest.fixture
def sso(oidc_issuer, settings):
    point_the_site_at(settings, oidc_issuer)
    return oidc_issuer


def callback_for(client, account, *, start=None):
    """Start a sign-in from the Django `client`, sign in at the provider as `account`,
    and return the callback URL (path and query) the provider sends the browser to."""
    start = start or client.post(reverse("openid_connect_login", kwargs={"provider_id": "oidc"}))
    assert start.status_code == 302, start
    browser = requests.Session()
    url = start["Location"]
    for _ in range(10):
        if url.startswith("http://testserver"):
            parts = urlsplit(url)
            return f"{parts.path}?{parts.query}"
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        assert "/interaction/" in url
        response = browser.post(url.split("?")[0] + "/login", data={"account": account},
                                allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider did not send the browser back")


def sign_in(client, account):
    return client.get(callback_for(client, account))
