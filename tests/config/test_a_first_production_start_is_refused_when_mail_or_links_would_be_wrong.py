"""`manage.py check --deploy` refuses a production start whose invitations would link to
localhost or whose mail would go to a relay nobody set up, each with a plain message
saying what to set; with the three settings of .env.example it passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"SITE_URL": "https://talent.example.com",
        "EMAIL_URL": "smtp+tls://talent:secret@smtp.example.com:587",
        "DEFAULT_FROM_EMAIL": "talent@example.com"}


def deploy_check(**settings):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_")) and k not in GOOD}
    env.update(DJANGO_DEBUG="False", DJANGO_SECRET_KEY="k" * 30 + "-Zq8#pW2!" + "v" * 30,
               DJANGO_ALLOWED_HOSTS="talent.example.com")
    env.update({k: v for k, v in settings.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("change, code, words", [
    ({"SITE_URL": None}, "talent.E101", "Set SITE_URL to the address people open"),
    ({"SITE_URL": "http://127.0.0.1:8000"}, "talent.E101", "every invitation"),
    ({"SITE_URL": "http://talent.example.com"}, "talent.E102", "must use https"),
    ({"EMAIL_URL": None}, "talent.E103", "Set EMAIL_URL"),
    ({"DEFAULT_FROM_EMAIL": None}, "talent.E104", "Set DEFAULT_FROM_EMAIL"),
])
def test_each_missing_first_start_setting_fails_the_check_with_what_to_set(change, code, words):
    result = deploy_check(**{**GOOD, **change})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert code in output and words in output


def test_the_three_settings_of_env_example_pass():
    result = deploy_check(**GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_example_names_the_three_settings():
    text = (ROOT / ".env.example").read_text()
    for name in GOOD:
        assert f"\n{name}=" in text
