"""Start `celery beat` as compose and `make run` do, with its files in a temporary folder."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds; a safety net, not a timing assertion


def beat_env(folder):
    return {**os.environ, "BEAT_HEARTBEAT_FILE": str(folder / "heartbeat"),
            "CELERY_BEAT_SCHEDULE_FILENAME": str(folder / "celerybeat-schedule")}


def start_beat(folder):
    log = (folder / "beat.log").open("a")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=info",
         "--max-interval", "1"],
        cwd=ROOT, env=beat_env(folder), stdout=log, stderr=subprocess.STDOUT,
    )
    proc.log = folder / "beat.log"
    return proc


def health_check(folder, max_age):
    return subprocess.run(
        [sys.executable, "-m", "config.beat", "--check", "--max-age", str(max_age)],
        cwd=ROOT, env=beat_env(folder), capture_output=True, text=True, timeout=60,
    )


def wait_for_fresh_heartbeat(proc, folder, after):
    """Wait until beat touched its heartbeat later than `after` (a time.time())."""
    heartbeat = folder / "heartbeat"
    deadline = time.monotonic() + WAIT
    while not (heartbeat.exists() and heartbeat.stat().st_mtime > after):
        assert proc.poll() is None, proc.log.read_text()
        assert time.monotonic() < deadline, proc.log.read_text()
        time.sleep(0.2)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)
