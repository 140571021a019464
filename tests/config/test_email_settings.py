"""Mail goes to the console on the embedded default and wherever EMAIL_URL says in
production (Django's MAILERS); each case runs in a fresh interpreter."""

import json

from .test_settings_from_environment import run_probe

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({"mailers": s.MAILERS, "from": s.DEFAULT_FROM_EMAIL, "site": s.SITE_URL}))
"""


def _probe(**env):
    result = run_probe(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_prints_mail_to_the_console():
    default = _probe()["mailers"]["default"]
    assert default["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert default["OPTIONS"] == {}


def test_production_reads_the_smtp_server_from_email_url():
    found = _probe(EMAIL_URL="smtp+tls://mailer:s3cret@smtp.example.com:587",
                   DEFAULT_FROM_EMAIL="talent@example.com", SITE_URL="https://talent.example.com")
    default = found["mailers"]["default"]
    assert default["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert default["OPTIONS"] == {"host": "smtp.example.com", "port": 587, "username": "mailer",
                                  "password": "s3cret", "use_tls": True, "timeout": 20}
    assert found["from"] == "talent@example.com" and found["site"] == "https://talent.example.com"
