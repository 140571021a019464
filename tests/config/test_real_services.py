"""CI runs the suite a second time on PostgreSQL and Redis (REQUIRE_REAL_SERVICES=1).

That run must really be on those services: a missing one fails here, it is never skipped.
"""

import os

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app


def test_the_configured_database_and_broker_answer(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2, timeout=5)


def test_the_ci_run_on_real_services_uses_postgresql_and_redis(db):
    if os.environ.get("REQUIRE_REAL_SERVICES") != "1":
        assert connection.vendor in ("sqlite", "postgresql")
        return
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
