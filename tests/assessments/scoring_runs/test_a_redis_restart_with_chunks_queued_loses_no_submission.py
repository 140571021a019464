"""Fault drill: Redis restarts, and loses everything, while a run's chunks are queued.

The drill has its own redis-server on a free port with no snapshot and no append-only
file (never the machine's Redis, which other runs share): killing it loses the queue, as
a Redis without persistence, or one whose file is lost, would. The worker stops first (a
warm shutdown hands back the chunk it had prefetched), so the chunks still to score are
all in Redis when it dies. Then Redis and a worker come back, the sweep runs (the message
beat sends every minute, sent here at once), and every submission ends with exactly one
result.

Needs `redis-server` on PATH: skipped without it on a local run, failed in CI's run on
the real services.
"""

import shutil
import subprocess
import sys
import time

import pytest
import redis

from assessments import tasks
from assessments.models import Assignment, Result, ScoringRun
from config.celery import app as celery_app
from tests.assessments.scoring_runs.conftest import wait_for
from tests.processes import ROOT, database_url, free_port, site_environment, unavailable

pytestmark = [pytest.mark.worker, pytest.mark.drill, pytest.mark.django_db(transaction=True)]


class RedisServer:
    """A private redis-server: `--save ""` and no append-only file, so what it holds lives
    only in its memory."""

    def __init__(self, directory, port):
        self.directory, self.port, self.process = directory, port, None
        self.url = f"redis://127.0.0.1:{port}/0"
        self.client = redis.Redis(host="127.0.0.1", port=port, db=0, socket_timeout=5)

    def start(self):
        log = (self.directory / "redis.log").open("a")
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30  # a safety net, not a timing assertion
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                assert self.process.poll() is None, (self.directory / "redis.log").read_text()
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def kill(self):
        self.process.kill()  # SIGKILL: no chance to write anything anywhere
        self.process.wait(timeout=10)

    def queued(self):
        """Messages waiting on the default queue, and those delivered but not acknowledged."""
        return self.client.llen("celery") + self.client.hlen("unacked")


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed (the Redis restart drill starts its own)")
    server = RedisServer(tmp_path, free_port())
    server.start()
    yield server
    server.kill()


def _queue_scoring(campaign, broker):
    """HR's "score" as the command does it (manage.py score_campaign): the run is recorded
    and its first task sent to `broker`."""
    env = site_environment(database_url())
    subprocess.run([sys.executable, "manage.py", "score_campaign", str(campaign.pk)],
                   cwd=ROOT, env={**env, "CELERY_BROKER_URL": broker}, check=True,
                   capture_output=True, timeout=120)
    return ScoringRun.objects.get(campaign=campaign)


def test_chunks_lost_with_a_restarted_redis_are_scored_once_by_the_sweep(
    private_redis, simulated_campaign, start_worker
):
    campaign = simulated_campaign(submitted=60)  # six chunks of 10
    broker = {"CELERY_BROKER_URL": private_redis.url}
    worker = start_worker(SCORING_SLOW_CHUNK_SECONDS="0.5", **broker)
    run = _queue_scoring(campaign, private_redis.url)
    wait_for(lambda: ScoringRun.objects.get(pk=run.pk).done >= 10, worker)

    worker.terminate()  # warm shutdown: the chunk in hand is finished, the next handed back
    worker.wait(timeout=60)
    queued_when_it_died = private_redis.queued()
    assert queued_when_it_died > 0, "the drill needs chunks waiting in Redis"
    private_redis.kill()
    private_redis.start()
    assert private_redis.queued() == 0  # the queue went with it
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.RUNNING and run.done < 60
    scored_before = run.done

    # The heartbeat stopped with the worker: a second of silence makes the run stale for
    # the sweep, which runs on the worker with its settings.
    back = start_worker(SCORING_STALE_SECONDS="1", **broker)
    time.sleep(1.5)
    started = time.monotonic()
    with celery_app.connection_for_write(private_redis.url) as conn:
        tasks.sweep.apply_async(connection=conn)  # beat's message, on the new Redis
    wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, back)
    recovered_in = time.monotonic() - started

    run.refresh_from_db()
    submitted = sorted(Assignment.objects.filter(campaign=campaign).submitted()
                       .values_list("pk", flat=True))
    results = sorted(Result.objects.values_list("assignment_id", flat=True))
    duplicated = len(results) - len(set(results))
    print(f"\nRedis restart drill: {len(submitted)} submitted, {scored_before} scored before "
          f"Redis died with {queued_when_it_died} messages queued; after the sweep "
          f"{len(set(results))} scored, {duplicated} duplicated, "
          f"{len(set(submitted) - set(results))} missing; run {run.status} "
          f"({run.done} done, {run.failed} failed) {recovered_in:.1f} s after the sweep")
    assert "'resumed': 1" in back.log.read_text()  # the sweep resumed the run
    assert run.status == ScoringRun.Status.FINISHED
    assert (run.total, run.done, run.failed) == (60, 60, 0)
    assert results == submitted  # each scored once, none twice, none missing
    assert not ScoringRun.objects.exclude(pk=run.pk).exists()  # nothing else was needed
    assert recovered_in < 120, recovered_in
