"""Start the real OpenID provider (provider.mjs, npm oidc-provider) on a free loopback
port, for the SSO tests and the browser test."""

import contextlib
import json
import os
import select
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID, CLIENT_SECRET = "talent-tests", "a-client-secret-for-tests-only"
ACCOUNTS = {
    "employee": {"email": "employee@example.com", "email_verified": True, "name": "Employee"},
    "hr": {"email": "HR@example.com", "email_verified": True, "name": "Hr"},
    "manager": {"email": "manager@example.com", "email_verified": True, "name": "Manager"},
    "unverified": {"email": "other_employee@example.com", "email_verified": False},
    "stranger": {"email": "nobody@example.com", "email_verified": True},
    "twin": {"email": "shared@example.com", "email_verified": True},
    "newcomer": {"email": "new.person@example.com", "email_verified": True},
    "by_id": {"email": "personal@example.net", "email_verified": False,
              "employee_id": "ID-manager"},
}


@contextlib.contextmanager
def running_provider(redirect_uri):
    """Yield the issuer URL of a provider with one client (redirect_uri) and ACCOUNTS."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("the SSO tests need node and `npm install` (oidc-provider, package.json)")
    config = {"clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                           "redirect_uris": [redirect_uri]}],
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


def point_the_site_at(settings, issuer):
    """Settings that make the site sign people in through `issuer` (the test provider)."""
    from config.settings import oidc_providers

    settings.OIDC_ISSUER = issuer
    settings.OIDC_DISPLAY_NAME = "Example SSO"
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(issuer, CLIENT_ID, CLIENT_SECRET,
                                                      "Example SSO")
