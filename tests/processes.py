"""Helpers for the tests that run the product's own processes: gunicorn, Celery workers,
and the fault drills' private Redis and PostgreSQL servers.

These processes get pytest-django's test database through DATABASE_URL (a file on
SQLite, see TEST NAME in settings; test_<name> on PostgreSQL), so the tests that use
them use `transactional_db`: another process only sees committed rows.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def real_services_required():
    """CI's second run (REQUIRE_REAL_SERVICES=1) must fail, never skip, for want of one."""
    return os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def unavailable(reason):
    """Skip for want of `reason` on a local run; fail in CI's run on the real services."""
    if real_services_required():
        pytest.fail(f"{reason} (REQUIRE_REAL_SERVICES=1: a drill may not be skipped)")
    pytest.skip(reason)


def database_url():
    """pytest-django's test database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database):
    """The environment of a web process on `database`: none of the test run's own
    database, broker or cache settings; DEBUG on so that the session cookie works over
    plain http."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))}
    return {**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "True",
            "DATABASE_URL": database}


def terminate_other_sessions():
    """Let the test database be dropped at the end of the session: the sessions of killed
    or stopped processes may linger on the server."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")


class Server:
    """gunicorn as deployed (config/gunicorn.py: threaded workers), in its own process
    group so that SIGKILL takes the master and every worker at once, with no chance to
    finish anything."""

    def __init__(self, env, port):
        self.env, self.port, self.process = env, port, None

    def start(self):
        if not GUNICORN.exists():
            pytest.fail(f"{GUNICORN} is missing (it is a dependency of the project)")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.py", "config.wsgi",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60  # a safety net, not a timing assertion
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/accounts/login/",
                                timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.kill()  # never left running behind a failed test
        raise AssertionError("gunicorn did not start")

    def kill(self):
        with contextlib.suppress(ProcessLookupError):  # killed already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
