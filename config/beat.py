"""Celery beat's scheduler for this project, and the health check that proves beat runs.

Beat runs as its own process (compose's `beat` service, and a separate process in
`make run`), never embedded in a worker. Its schedule store is Celery's shelve file, made
robust here:

- a store that cannot be opened or read (left behind by a killed process, truncated, or
  written by another Python's dbm) is removed, with its SQLite side files (-wal, -shm,
  -journal, which Celery's own clean-up misses), and beat starts with a fresh schedule
  instead of dying;
- after every tick beat touches a heartbeat file (settings.BEAT_HEARTBEAT_FILE), at least
  every CELERY_BEAT_MAX_INTERVAL seconds, so a health check can tell a live beat from a
  hung or dead one: `python -m config.beat --check [--max-age SECONDS]`.

Losing the schedule store only loses when each entry last ran: the entries come from
settings.CELERY_BEAT_SCHEDULE, and the sweep is idempotent.

On more than one host, BEAT_SCHEDULER=redis uses `RedisScheduler` (celery-redbeat): the
schedule lives in Redis, and only the beat holding a lock there sends tasks. Run a beat
on each of two hosts: the second waits as a standby, touching its heartbeat (it is
healthy), and takes over within BEAT_LOCK_TIMEOUT seconds of the first one stopping.
"""

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from celery.beat import PersistentScheduler
from celery.signals import beat_init

logger = logging.getLogger(__name__)

DEFAULT_MAX_AGE = 120  # seconds; several beat ticks (CELERY_BEAT_MAX_INTERVAL is 30)


def heartbeat_file():
    from django.conf import settings

    return Path(settings.BEAT_HEARTBEAT_FILE)


class Scheduler(PersistentScheduler):
    # dbm.sqlite3 (Python 3.13's default dbm) keeps a write-ahead log next to the file.
    known_suffixes = (*PersistentScheduler.known_suffixes, "-wal", "-shm", "-journal")

    def setup_schedule(self):
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        try:
            super().setup_schedule()
        except Exception as exc:  # any unreadable store is replaced
            logger.warning("beat: schedule store %s is unusable (%r); starting a fresh one",
                           self.schedule_filename, exc)
            self._close_store_quietly()
            self._remove_db()
            super().setup_schedule()
        self.beat_heartbeat()

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        self.beat_heartbeat()
        return interval

    def beat_heartbeat(self):
        touch_heartbeat()

    def _close_store_quietly(self):
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(Exception):  # it is about to be deleted
                store.close()


def _redbeat():
    # Imported only when chosen (BEAT_SCHEDULER=redis): importing it connects its own
    # lock-taking to beat_init, which ours replaces.
    from redbeat import schedulers

    beat_init.disconnect(schedulers.acquire_distributed_beat_lock)
    return schedulers


def _redis_scheduler_class():
    schedulers = _redbeat()

    class RedisScheduler(schedulers.RedBeatScheduler):
        def tick(self, *args, **kwargs):
            interval = super().tick(*args, **kwargs)
            touch_heartbeat()
            return interval

    return RedisScheduler


def __getattr__(name):
    # `config.beat:RedisScheduler` without importing redbeat for the file scheduler.
    if name == "RedisScheduler":
        value = globals()["RedisScheduler"] = _redis_scheduler_class()
        return value
    raise AttributeError(name)


@beat_init.connect
def _wait_for_the_beat_lock(sender=None, **kwargs):
    """The Redis scheduler's start: take the lock in Redis, or wait as a standby, touching
    the heartbeat between attempts (redbeat's own start blocks without a sign of life)."""
    scheduler = sender.scheduler
    if not getattr(scheduler, "lock_key", None):
        return  # the file scheduler: one beat, no lock
    schedulers = _redbeat()
    client = schedulers.get_redis(scheduler.app)
    lock = client.lock(scheduler.lock_key, timeout=scheduler.lock_timeout,
                       sleep=min(1.0, scheduler.max_interval))
    # Extend the lock to a new timeout, not by one (as redbeat does).
    lock.lua_extend = client.register_script(schedulers.LUA_EXTEND_TO_SCRIPT)
    announced = False
    while not lock.acquire(blocking_timeout=scheduler.max_interval):
        if not announced:
            logger.info("beat: another beat holds the lock; waiting as a standby")
            announced = True
        touch_heartbeat()
    logger.info("beat: acquired the lock; sending the schedule's tasks")
    scheduler.lock = lock
    touch_heartbeat()


def touch_heartbeat():
    path = heartbeat_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def check(max_age=DEFAULT_MAX_AGE):
    """0 when beat touched its heartbeat within max_age seconds, 1 otherwise (with why)."""
    path = heartbeat_file()
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(f"beat: no heartbeat at {path}", file=sys.stderr)
        return 1
    if age > max_age:
        print(f"beat: last heartbeat {age:.0f} s ago (more than {max_age} s)", file=sys.stderr)
        return 1
    return 0


def main(argv):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m config.beat")
    parser.add_argument("--check", action="store_true", required=True,
                        help="exit 0 only if beat's heartbeat is recent")
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return check(args.max_age)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
