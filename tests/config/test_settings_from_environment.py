"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]),
    "health_checks": db.get("CONN_HEALTH_CHECKS", False),
    "broker": s.CELERY_BROKER_URL, "acks_late": s.CELERY_TASK_ACKS_LATE,
    "reject_on_worker_lost": s.CELERY_TASK_REJECT_ON_WORKER_LOST,
    "prefetch": s.CELERY_WORKER_PREFETCH_MULTIPLIER, "serializer": s.CELERY_TASK_SERIALIZER,
    "debug": s.DEBUG, "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "secure_cookies": getattr(s, "SESSION_COOKIE_SECURE", False),
    "hosts": s.ALLOWED_HOSTS,
}))
"""


def run_probe(code=PROBE, **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=60,
    )


def probe(**env):
    result = run_probe(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_give_a_local_site_on_sqlite_with_a_filesystem_broker():
    s = probe()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["broker"] == "filesystem://"
    assert s["debug"] is True


def test_database_url_switches_to_postgresql_with_health_checks():
    s = probe(DATABASE_URL="postgres://someone@db.example:5432/talent")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "talent"
    assert s["health_checks"] is True


def test_broker_url_switches_to_redis_with_safe_delivery():
    s = probe(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert s["broker"] == "redis://127.0.0.1:6379/0"
    assert s["acks_late"] and s["reject_on_worker_lost"]
    assert s["prefetch"] == 1
    assert s["serializer"] == "json"


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_probe(DJANGO_DEBUG="False", DJANGO_ALLOWED_HOSTS="talent.example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_turns_on_hsts_and_secure_cookies():
    s = probe(DJANGO_DEBUG="False", DJANGO_SECRET_KEY="x" * 60,
              DJANGO_ALLOWED_HOSTS="talent.example.com")
    assert s["debug"] is False
    assert s["hsts"] >= 31536000
    assert s["secure_cookies"] is True
    assert s["hosts"] == ["talent.example.com"]


# What .env.example and the README's production steps ask for on the first start.
FIRST_START = {"SITE_URL": "https://talent.example.com",
               "EMAIL_URL": "smtp+tls://talent:secret@smtp.example.com:587",
               "DEFAULT_FROM_EMAIL": "talent@example.com"}


def test_production_settings_pass_the_deployment_checks():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_DEBUG="False", DJANGO_SECRET_KEY="k" * 30 + "-Zq8#pW2!" + "v" * 30,
               DJANGO_ALLOWED_HOSTS="talent.example.com", **FIRST_START)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
