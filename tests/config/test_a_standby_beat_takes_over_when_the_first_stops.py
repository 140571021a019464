"""On more than one host (BEAT_SCHEDULER=redis), two beats share one schedule in Redis:
only the one holding the lock sends tasks; the other waits as a standby, healthy, and
takes over once the first is gone, even killed without releasing the lock. Run against
the real Redis server."""

import os
import signal
import subprocess
import sys
import time

import pytest
import redis

from .beat_process import ROOT, WAIT, beat_env, health_check, stop

pytestmark = pytest.mark.worker
LOCK_TIMEOUT = 4  # seconds


@pytest.fixture
def redis_url():
    """A Redis database of this test's own, emptied before and after."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    base = broker.rsplit("/", 1)[0] if broker.startswith("redis://") else "redis://127.0.0.1:6379"
    url = f"{base}/13"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def start(folder, redis_url):
    folder.mkdir()
    env = {**beat_env(folder), "BEAT_SCHEDULER": "redis", "BEAT_REDIS_URL": redis_url,
           "BEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
           # The tasks it sends go to this test's Redis database, never to a worker.
           "CELERY_BROKER_URL": redis_url}
    log = folder / "beat.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=info",
         "--max-interval", "1"],
        cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)
    proc.log = log
    return proc


def wait_for(proc, text):
    deadline = time.monotonic() + WAIT
    while text not in proc.log.read_text():
        assert proc.poll() is None, proc.log.read_text()
        assert time.monotonic() < deadline, proc.log.read_text()
        time.sleep(0.2)


def test_the_standby_waits_healthy_and_takes_over_when_the_first_beat_is_killed(
        tmp_path, redis_url):
    first = start(tmp_path / "host-a", redis_url)
    second = None
    try:
        wait_for(first, "acquired the lock")
        second = start(tmp_path / "host-b", redis_url)
        wait_for(second, "waiting as a standby")
        time.sleep(2 * LOCK_TIMEOUT)  # the first keeps the lock while it runs
        assert "acquired the lock" not in second.log.read_text()
        assert health_check(tmp_path / "host-b", max_age=5).returncode == 0, "standby: healthy"

        first.send_signal(signal.SIGKILL)  # the lock is not released: it must expire
        first.wait(timeout=30)
        wait_for(second, "acquired the lock")
        assert health_check(tmp_path / "host-b", max_age=5).returncode == 0
    finally:
        stop(first)
        if second is not None:
            stop(second)


def test_redis_beat_without_redis_is_refused_with_a_plain_message(tmp_path):
    env = {**beat_env(tmp_path), "BEAT_SCHEDULER": "redis", "BEAT_REDIS_URL": "",
           "CELERY_BROKER_URL": "filesystem://"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "BEAT_SCHEDULER=redis needs Redis" in result.stderr
