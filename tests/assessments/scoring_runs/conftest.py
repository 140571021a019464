"""Real Celery worker processes for the tests marked `worker` (see tests/processes.py for
how they reach the test database)."""

import os
import subprocess
import sys
import time

import pytest

from config.celery import app as celery_app
from tests.processes import ROOT, database_url, terminate_other_sessions

WAIT = 120  # seconds; a safety net, not a timing assertion


@pytest.fixture
def start_worker(tmp_path):
    """start_worker(name="worker", **env) -> a running worker process (one solo process,
    chunks of 10), its log in `.log`. `env` adds to or overrides its environment: a
    CELERY_BROKER_URL of its own, fault injection. Stopped at the end of the test."""
    workers = []

    def start(name="worker", **env):
        if "CELERY_BROKER_URL" not in env:
            celery_app.control.purge()  # nothing left over from an earlier test
        log = tmp_path / f"{name}{len(workers)}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-c", "1",
             "-n", f"{name}{len(workers)}@%h", "--loglevel=info", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
            env={**os.environ, "DATABASE_URL": database_url(), "SCORING_CHUNK_SIZE": "10",
                 "CELERY_TASK_ALWAYS_EAGER": "False", **env},
        )
        workers.append(proc)
        deadline = time.monotonic() + WAIT
        while "ready." not in log.read_text():
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.2)
        proc.log = log
        return proc

    yield start
    for proc in workers:
        # Killed: the test is over and nothing it holds needs finishing (a warm shutdown
        # waits for the broker's next poll, about five seconds a worker); the next test
        # purges the queue and terminate_other_sessions closes its database sessions.
        proc.kill()
        proc.wait(timeout=30)
    terminate_other_sessions()


def wait_for(condition, *workers):
    """Wait until `condition()` holds, failing with the workers' logs if one dies or the
    safety net runs out."""
    deadline = time.monotonic() + WAIT
    while not condition():
        for worker in workers:
            assert worker.poll() is None, worker.log.read_text()
        assert time.monotonic() < deadline, "\n".join(
            worker.log.read_text()[-3000:] for worker in workers)
        time.sleep(0.2)
