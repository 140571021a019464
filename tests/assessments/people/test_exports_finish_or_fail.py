"""A background export ends finished or failed with a reason: the sweep builds a job whose
worker died again (removing its partial file) or gives it up with the reason; the file is
written owner-only in the private storage area, never in the system's temporary
directory; a small export reports progress too. The drill kills a real process mid-file."""

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import ExportJob
from assessments.services import exports
from tests.processes import ROOT, database_url, site_environment, terminate_other_sessions


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def _job(hr, n, fmt="csv"):
    return exports.create_job(hr, {}, "everyone", fmt, n)


def _people(make_result, n):
    for i in range(n):
        make_result(f"Person {i}")


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_file_is_owner_only_in_private_storage_and_nothing_goes_to_the_temp_dir(
        private, hr, make_result, fmt):
    _people(make_result, 3)
    job = _job(hr, 3, fmt)
    before = set(os.listdir(tempfile.gettempdir()))
    exports.build_job(job.pk)
    job.refresh_from_db()
    assert job.status == "finished" and job.done == 3
    built = private / job.file.name
    assert built.exists() and _mode(built) == 0o600
    assert _mode(built.parent) == 0o700 and _mode(private / "exports") == 0o700
    assert not list((private / "exports" / "partial").iterdir())
    assert set(os.listdir(tempfile.gettempdir())) - before == set()


def test_a_small_export_reports_progress_while_it_is_built(private, hr, make_result,
                                                           monkeypatch):
    _people(make_result, 40)
    job = _job(hr, 40)
    seen = []
    original = exports._progress

    def watch(job, done, every=exports.PROGRESS_EVERY):
        original(job, done, every)
        seen.append(ExportJob.objects.get(pk=job.pk).done)

    monkeypatch.setattr(exports, "_progress", watch)
    exports.build_job(job.pk)
    assert len(set(seen) - {0}) > 0 and max(seen) >= 20  # seen moving before the end


def _as_if_killed(job, private, silent_for=timedelta(minutes=10)):
    """What a worker SIGKILLed mid-file leaves: a running job with a stopped heartbeat
    and a half-written file."""
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, done=1, heartbeat_at=timezone.now() - silent_for)
    partial = exports.partial_path(job)
    partial.write_text("employee_id,name\nE1,Person 0\n")
    return partial


def test_the_sweep_removes_a_dead_workers_partial_file_and_builds_the_export_again(
        private, hr, make_result):
    _people(make_result, 3)
    job = _job(hr, 3)
    partial = _as_if_killed(job, private)
    assert tasks.sweep_exports() == {"resumed": 1}  # tasks run eagerly here
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts) == ("finished", 3, 2)
    assert not partial.exists()


def test_a_running_export_with_a_live_heartbeat_is_left_alone(private, hr, make_result):
    job = _job(hr, 3)
    partial = _as_if_killed(job, private, silent_for=timedelta(seconds=1))
    assert tasks.sweep_exports() == {"resumed": 0}
    assert ExportJob.objects.get(pk=job.pk).status == "running" and partial.exists()


def test_after_its_last_attempt_the_export_fails_with_a_reason_hr_reads(
        private, hr, make_result, client_for, settings):
    job = _job(hr, 3)
    partial = _as_if_killed(job, private)
    ExportJob.objects.filter(pk=job.pk).update(attempts=settings.EXPORT_MAX_ATTEMPTS)
    assert tasks.sweep_exports() == {"resumed": 0}
    job.refresh_from_db()
    assert job.status == "failed" and "stopped 3 times" in job.error
    assert not partial.exists()
    page = client_for(hr).get(reverse("assessments:export_progress", args=[job.pk]))
    assert "stopped 3 times" in page.content.decode()


CHILD = """
import sys, time, django
django.setup()
from assessments.services import exports
original = exports._progress
def slowly(job, done, every=1):
    original(job, done, 1)  # every row beats the heartbeat
    time.sleep(0.05)        # slow enough to be killed mid-file
exports._progress = slowly
exports.build_job(int(sys.argv[1]))
"""


@pytest.mark.drill
def test_drill_a_worker_killed_mid_file_ends_finished_within_two_sweep_intervals(
        transactional_db, private, hr, make_result, settings):
    interval = 1.0  # the sweep's interval and the staleness limit, small for the drill
    settings.EXPORT_STALE_SECONDS = interval
    _people(make_result, 60)
    job = _job(hr, 60)
    env = {**site_environment(database_url()), "PRIVATE_MEDIA_ROOT": str(private)}
    worker = subprocess.Popen([sys.executable, "-c", CHILD, str(job.pk)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        partial = Path(private, "exports", "partial", f"export-{job.pk}.csv")
        deadline = time.monotonic() + 60  # a safety net, not a timing assertion
        while time.monotonic() < deadline and ExportJob.objects.get(pk=job.pk).done < 5:
            assert worker.poll() is None, worker.stderr.read().decode()
            time.sleep(0.05)
        assert partial.exists() and _mode(partial) == 0o600
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        terminate_other_sessions()
    killed = time.monotonic()
    assert ExportJob.objects.get(pk=job.pk).status == "running"  # what HR would see forever
    sweeps = 0
    while ExportJob.objects.get(pk=job.pk).status == "running" and sweeps < 5:
        time.sleep(max(0.0, killed + (sweeps + 1) * interval - time.monotonic()))
        tasks.sweep_exports()
        sweeps += 1
    job.refresh_from_db()
    assert job.status == "finished" and job.done == 60, job.error
    assert sweeps <= 2
    assert not partial.exists()
    assert _mode(private / job.file.name) == 0o600
