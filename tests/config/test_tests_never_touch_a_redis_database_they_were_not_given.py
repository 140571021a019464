"""The test run's cache is the one it was given (TEST_CACHE_URL, or the broker's own
database), under a prefix of its own; clearing it never flushes a Redis database."""

import os
import uuid

from django.conf import settings
from django.core.cache import cache

from tests.cache import cache_environment_for_tests
from tests.processes import real_services_required


def test_the_readme_command_does_not_take_the_production_cache_database():
    chosen = cache_environment_for_tests({"CELERY_BROKER_URL": "redis://redis:6379/0"})
    assert chosen["CACHE_URL"] == "redis://redis:6379/0"  # the database the run was given
    assert chosen["CACHE_KEY_PREFIX"].startswith("test-")


def test_test_cache_url_names_the_test_cache():
    chosen = cache_environment_for_tests({"CELERY_BROKER_URL": "redis://redis:6379/0",
                                     "TEST_CACHE_URL": "redis://redis:6379/14"})
    assert chosen["CACHE_URL"] == "redis://redis:6379/14"


def test_a_site_cache_url_is_never_used_by_the_tests():
    chosen = cache_environment_for_tests({"CACHE_URL": "redis://cache.prod:6379/1"})
    assert chosen == {"CACHE_URL": ""}  # local memory


def test_two_runs_on_one_redis_have_different_prefixes():
    env = {"CELERY_BROKER_URL": "redis://redis:6379/0"}
    assert cache_environment_for_tests(env)["CACHE_KEY_PREFIX"] != \
        cache_environment_for_tests(env)["CACHE_KEY_PREFIX"]


def test_this_run_uses_no_database_after_the_broker_and_clearing_spares_other_keys():
    location = settings.CACHES["default"].get("LOCATION", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        assert not real_services_required()
        return
    assert location in (os.environ.get("TEST_CACHE_URL"), broker)
    import redis

    client = redis.Redis.from_url(location)
    foreign = f"someone-else:{uuid.uuid4().hex}"
    client.set(foreign, "kept", ex=60)
    try:
        cache.set("mine", 1)
        cache.clear()
        assert cache.get("mine") is None
        assert client.get(foreign) == b"kept"
    finally:
        client.delete(foreign)
