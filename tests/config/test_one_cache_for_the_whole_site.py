"""Production shares one Redis cache between every process (web, worker); the embedded
default keeps a local-memory cache."""

import json
import os
import subprocess
import sys
import uuid

from django.conf import settings

from .test_settings_from_environment import ROOT, run_probe

PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps(settings.CACHES["default"]))
"""


def cache(**env):
    result = run_probe(code=PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_embedded_default_uses_local_memory():
    assert cache()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_broker_brings_a_redis_cache_on_another_database_of_that_server():
    c = cache(CELERY_BROKER_URL="redis://redis.internal:6379/0")
    assert c["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert c["LOCATION"] == "redis://redis.internal:6379/1"


def test_cache_url_names_the_cache_explicitly():
    c = cache(CELERY_BROKER_URL="redis://redis.internal:6379/0",
              CACHE_URL="redis://cache.internal:6380/4")
    assert c["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert c["LOCATION"] == "redis://cache.internal:6380/4"


def test_on_redis_a_value_cached_by_one_process_is_read_by_another():
    if "Redis" not in settings.CACHES["default"]["BACKEND"]:
        # The SQLite run: local memory, one process. The CI run on Redis
        # (REQUIRE_REAL_SERVICES=1) must not get here.
        assert os.environ.get("REQUIRE_REAL_SERVICES") != "1"
        return
    from django.core.cache import cache as shared

    key, value = f"test-shared-{uuid.uuid4().hex}", uuid.uuid4().hex
    shared.set(key, value, timeout=60)
    try:
        read = subprocess.run(
            [sys.executable, "-c",
             f"import django; django.setup(); from django.core.cache import cache; "
             f"print(cache.get({key!r}))"],
            cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True, text=True, timeout=60,
        )
        assert read.returncode == 0, read.stderr
        assert read.stdout.strip() == value
    finally:
        shared.delete(key)
