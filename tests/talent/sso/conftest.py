"""A real OpenID provider (npm oidc-provider, tests/talent/sso/provider.mjs) on loopback,
started once for these tests, and a helper that signs in through it as a browser would."""

import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from config.settings import oidc_providers

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID, CLIENT_SECRET = "talent-tests", "a-client-secret-for-tests-only"
CALLBACK = "http://testserver/sso/oidc/login/callback/"
ACCOUNTS = {
    "employee": {"email": "employee@example.com", "email_verified": True, "name": "Employee"},
    "hr": {"email": "HR@example.com", "email_verified": True, "name": "Hr"},
    "unverified": {"email": "other_employee@example.com", "email_verified": False},
    "stranger": {"email": "nobody@example.com", "email_verified": True},
    "twin": {"email": "shared@example.com", "email_verified": True},
    "newcomer": {"email": "new.person@example.com", "email_verified": True},
    "by_id": {"email": "personal@example.net", "email_verified": False,
              "employee_id": "ID-manager"},
}


@pytest.fixture(scope="session")
def oidc_issuer():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("the SSO tests need node and `npm install` (oidc-provider, package.json)")
    config = {"clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                           "redirect_uris": [CALLBACK]}],
              "accounts": ACCOUNTS}
    process = subprocess.Popen(["node", str(SCRIPT)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PROVIDER_CONFIG": json.dumps(config)})
    try:
        ready, _w, _x = select.select([process.stdout], [], [], 20)
        assert ready, "the OpenID provider did not start within 20 s"
        yield json.loads(process.stdout.readline())["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(oidc_issuer, settings):
    settings.OIDC_ISSUER = oidc_issuer
    settings.OIDC_DISPLAY_NAME = "Example SSO"
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(oidc_issuer, CLIENT_ID, CLIENT_SECRET,
                                                      "Example SSO")
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
