"""The cache a test run uses: never one it was not given.

The site's cache defaults to the Redis database after the broker's, which in a deployment
is the production cache. A test run therefore takes its cache from `TEST_CACHE_URL` when
that is set, or else from the very database the broker URL names (the one the run was
given), and always under a key prefix of its own (one per process, so that parallel runs
on one Redis never see each other's keys). Clearing the test cache deletes the keys under
that prefix only: no database is ever flushed.

Processes the tests start (Celery workers) inherit CACHE_URL and CACHE_KEY_PREFIX from the
environment, so they share the test's cache.
"""

import os
import uuid
from contextlib import contextmanager

from django.core.cache.backends.redis import RedisCache

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_environment_for_tests(environ):
    """CACHE_URL (and CACHE_KEY_PREFIX) for a test run under `environ`; an empty
    CACHE_URL keeps the local-memory cache."""
    url = environ.get("TEST_CACHE_URL") or ""
    broker = environ.get("CELERY_BROKER_URL", "")
    if not url and broker.startswith(REDIS_SCHEMES):
        url = broker
    if not url.startswith(REDIS_SCHEMES):
        return {"CACHE_URL": ""}
    return {"CACHE_URL": url, "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}


class PrefixOnlyRedisCache(RedisCache):
    """Redis cache whose clear() deletes this run's keys instead of flushing the database."""

    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start:start + 500])


def use_test_cache():
    """Point this process, and the processes it starts, at the test cache."""
    from django.test.utils import override_settings

    chosen = cache_environment_for_tests(os.environ)
    if not chosen["CACHE_URL"]:
        os.environ.pop("CACHE_URL", None)
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        os.environ.update(chosen)
        caches = {"default": {"BACKEND": "tests.cache.PrefixOnlyRedisCache",
                              "LOCATION": chosen["CACHE_URL"],
                              "KEY_PREFIX": chosen["CACHE_KEY_PREFIX"]}}
    override_settings(CACHES=caches).enable()


def _closed_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def the_cache_down():
    """The site's cache pointed at a real Redis client on a loopback port nobody listens
    on, for the length of the block (and checked to be unreachable)."""
    from django.core.cache import caches
    from django.test import override_settings

    with override_settings(CACHES={"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }}):
        down = False
        try:
            caches["default"].get("anything")
        except Exception:  # noqa: BLE001 - whatever the client raises: it is down
            down = True
        assert down, "the cache answered on a closed port"
        yield
