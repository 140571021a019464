"""`make run` (scripts/run-local) is one command that starts the web server, a worker and
beat as separate processes; Ctrl-C stops all of them."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT = 90  # seconds; a safety net, not a timing assertion


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes_in_session(sid):
    """Command lines of the live processes of a session (what a terminal's Ctrl-C reaches)."""
    return [command for command in map(command_of, pids_in_session(sid)) if command]


def as_from_a_terminal():
    """Signal dispositions as a shell in a terminal hands them to `make run`. A test run
    started in the background by a non-interactive shell (`.ci/run &` in a script, some
    CI runners) carries SIGINT ignored, and a signal ignored on entry can be trapped by
    neither bash nor Python: the development server then outlived Ctrl-C."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)


def pids_in_session(sid):
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[3]) == sid:
                pids.append(int(entry.name))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return pids


def command_of(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def environ_of(pid):
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return {}
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0")
                if "=" in item)


def test_the_site_a_worker_and_beat_start_together_and_ctrl_c_stops_them_all(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               BEAT_HEARTBEAT_FILE=str(tmp_path / "heartbeat"),
               # Its own broker folder: a `make run` of the same checkout must not hand
               # this worker its tasks (a task it holds delays its Ctrl-C by up to a minute).
               CELERY_BROKER_DIR=str(tmp_path / "broker"),
               CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "celerybeat-schedule"))
    script = subprocess.Popen(["bash", "scripts/run-local", "127.0.0.1", str(port)], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True, preexec_fn=as_from_a_terminal)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            assert script.poll() is None, "run-local exited early"
            assert time.monotonic() < deadline, processes_in_session(script.pid)
            running = processes_in_session(script.pid)
            beating = (tmp_path / "heartbeat").exists()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                site_up = True
            except OSError:
                site_up = False
            if site_up and beating and any(" worker " in c for c in running):
                break
            time.sleep(0.5)
        assert any(" beat " in c for c in running)
        assert not any("--beat" in c for c in running)  # beat is not embedded in the worker
        # One cache for the three: a stamp a worker bumps must reach the site's pages.
        caches = {environ_of(pid).get("CACHE_URL") for pid in pids_in_session(script.pid)
                  if any(name in command_of(pid) for name in (" worker ", " beat ",
                                                              "runserver"))}
        assert len(caches) == 1 and caches.pop().startswith("filecache://")

        os.killpg(script.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            script.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            # Say what was still running, and what the worker was doing, not only "timeout".
            worker_log = ROOT / "var" / "worker.log"
            raise AssertionError((signal.getsignal(signal.SIGINT),
                                  processes_in_session(script.pid),
                                  worker_log.read_text()[-2000:] if worker_log.exists()
                                  else "")) from None
        deadline = time.monotonic() + WAIT
        while processes_in_session(script.pid):
            assert time.monotonic() < deadline, processes_in_session(script.pid)
            time.sleep(0.5)
    finally:
        if script.poll() is None or processes_in_session(script.pid):
            os.killpg(script.pid, signal.SIGKILL)
