"""Beat runs on its own and starts again whatever state its schedule file was left in."""

import signal
import time

import pytest
from celery.beat import PersistentScheduler

from config.beat import Scheduler
from config.celery import app as celery_app

from .beat_process import start_beat, stop, wait_for_fresh_heartbeat


def test_beat_starts_again_after_being_killed(tmp_path):
    beat = start_beat(tmp_path)
    try:
        wait_for_fresh_heartbeat(beat, tmp_path, after=0)
        time.sleep(1.5)  # a few ticks: the store has been written
        beat.send_signal(signal.SIGKILL)
        beat.wait(timeout=30)
        started = time.time()
        beat = start_beat(tmp_path)
        wait_for_fresh_heartbeat(beat, tmp_path, after=started)
        time.sleep(1.5)
        assert beat.poll() is None, beat.log.read_text()
    finally:
        stop(beat)


def test_beat_starts_over_a_corrupt_schedule_file_and_its_leftovers(tmp_path):
    (tmp_path / "celerybeat-schedule").write_bytes(b"not a database " * 100)
    (tmp_path / "celerybeat-schedule-wal").write_bytes(b"\x00stale write-ahead log" * 50)
    (tmp_path / "celerybeat-schedule-shm").write_bytes(b"\x00stale shared memory" * 50)
    started = time.time()
    beat = start_beat(tmp_path)
    try:
        wait_for_fresh_heartbeat(beat, tmp_path, after=started)
        time.sleep(1.5)
        assert beat.poll() is None, beat.log.read_text()
    finally:
        stop(beat)


def test_a_store_that_keeps_failing_to_open_is_replaced_not_fatal(tmp_path, monkeypatch,
                                                                   settings):
    # What the killed worker's embedded beat died of: the store raised on open, again
    # after Celery's own clean-up ("locking protocol"). Beat must start anyway.
    settings.BEAT_HEARTBEAT_FILE = tmp_path / "heartbeat"
    real_open = PersistentScheduler._open_schedule
    # dbm.sqlite3.error (Python 3.13) is an OSError.
    failures = iter([OSError("locking protocol")] * 2)

    def flaky_open(self):
        exc = next(failures, None)
        if exc is not None:
            raise exc
        return real_open(self)

    monkeypatch.setattr(PersistentScheduler, "_open_schedule", flaky_open)
    scheduler = Scheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    try:
        assert "sweep-unscored-submissions" in scheduler.schedule
        assert (tmp_path / "heartbeat").exists()
    finally:
        scheduler.close()


@pytest.mark.parametrize("leftover", ["-wal", "-shm", "-journal"])
def test_removing_a_broken_store_removes_its_sqlite_side_files(tmp_path, leftover, settings):
    settings.BEAT_HEARTBEAT_FILE = tmp_path / "heartbeat"
    scheduler = Scheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    scheduler.close()
    (tmp_path / f"schedule{leftover}").write_bytes(b"stale")
    scheduler._remove_db()
    assert not (tmp_path / f"schedule{leftover}").exists()
