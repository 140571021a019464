"""The site past one machine: two gunicorn processes and two Celery workers, each started
in a working directory of its own (as on separate hosts), sharing only what a deployment
shares: PostgreSQL (or the SQLite file), the broker and one storage area for files. A
person's session works on either web process; an export a worker builds downloads from
the other web process; an organisation file previewed on one web process is confirmed on
the other; a scoring run started on one web process is split across both workers, each
assignment scored once, and its progress read on the other web process. (That two workers
write exactly the rows one worker writes is proven in
tests/assessments/scoring_runs/test_two_workers_sharing_a_run_write_the_rows_one_worker_writes.py.)"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.test import Client

from assessments.models import Assignment, ExportJob, Result, ScoringRun
from config.celery import app as celery_app
from talent.models import Employee, OrgImport
from tests.assessments.conftest import bank_version, simulated_campaign  # noqa: F401
from tests.assessments.people.conftest import campaign, make_result  # noqa: F401
from tests.processes import (
    GUNICORN,
    ROOT,
    database_url,
    free_port,
    site_environment,
    terminate_other_sessions,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
WAIT = 120  # seconds; a safety net, not a timing assertion


def _environment(shared, host_dir):
    env = {**site_environment(database_url()), "PYTHONPATH": str(ROOT),
           "PRIVATE_MEDIA_ROOT": str(shared / "private"),
           "EXPORT_INLINE_MAX": "1", "CELERY_TASK_ALWAYS_EAGER": "False",
           # Chunks of 10, each slowed a little, so that both workers take some of a run.
           "SCORING_CHUNK_SIZE": "10", "SCORING_SLOW_CHUNK_SECONDS": "0.4"}
    if os.environ.get("CELERY_BROKER_URL"):
        env["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"]
    host_dir.mkdir(parents=True, exist_ok=True)
    return env


@pytest.fixture
def hosts(tmp_path):
    """Two web processes and two workers: {"web": [url, url], "workers": [proc, proc]}."""
    shared = tmp_path / "shared"
    processes = []
    celery_app.control.purge()

    def start(command, host_dir, log):
        proc = subprocess.Popen(command, cwd=host_dir, env=_environment(shared, host_dir),
                                stdout=log.open("w"), stderr=subprocess.STDOUT,
                                start_new_session=True)
        proc.log = log
        processes.append(proc)
        return proc

    webs = []
    for name in ("a", "b"):
        port = free_port()
        start([str(GUNICORN), "-c", str(ROOT / "config/gunicorn.py"), "config.wsgi",
               "--bind", f"127.0.0.1:{port}", "--workers", "1"],
              tmp_path / f"web-{name}", tmp_path / f"web-{name}.log")
        webs.append(f"http://127.0.0.1:{port}")
    workers = [start([sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                      "-c", "1", "-n", f"host-{name}@%h", "--loglevel=info", "--without-gossip",
                      "--without-mingle", "--without-heartbeat"],
                     tmp_path / f"worker-{name}", tmp_path / f"worker-{name}.log")
               for name in ("a", "b")]
    try:
        deadline = time.monotonic() + WAIT
        for url in webs:
            while True:
                with contextlib.suppress(requests.RequestException):
                    if requests.get(f"{url}/healthz/live", timeout=5).status_code == 200:
                        break
                assert time.monotonic() < deadline, "a web process did not start"
                time.sleep(0.2)
        for worker in workers:
            while "ready." not in worker.log.read_text():
                assert worker.poll() is None, worker.log.read_text()
                assert time.monotonic() < deadline, "a worker did not start"
                time.sleep(0.2)
        yield {"web": webs, "workers": workers}
    finally:
        for proc in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in processes:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        terminate_other_sessions()


def _browser_of(user):
    """A requests session carrying `user`'s login: cookies name no port, so it is the
    same session on every web process, as behind a load balancer."""
    client = Client()
    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME,
                        client.cookies[settings.SESSION_COOKIE_NAME].value)
    return browser


def _wait_for(condition, workers):
    deadline = time.monotonic() + WAIT
    while not condition():
        for worker in workers:
            assert worker.poll() is None, worker.log.read_text()[-3000:]
        assert time.monotonic() < deadline, "\n".join(
            worker.log.read_text()[-3000:] for worker in workers)
        time.sleep(0.2)


def test_an_export_built_by_a_worker_downloads_from_the_other_web_process(
        hosts, hr, make_result):  # noqa: F811
    for name in ("Aiko Tanaka", "Bruno Silva", "Chen Jing"):
        make_result(name)
    web_a, web_b = hosts["web"]
    browser = _browser_of(hr)

    asked = browser.get(f"{web_a}/assessments/people/export.csv", allow_redirects=False)
    assert asked.status_code == 302, asked.text[:500]
    job_pk = int(re.search(r"/exports/(\d+)/", asked.headers["Location"]).group(1))
    _wait_for(lambda: ExportJob.objects.get(pk=job_pk).status == ExportJob.Status.FINISHED,
              hosts["workers"])

    download = browser.get(f"{web_b}/assessments/people/exports/{job_pk}/download/")
    assert download.status_code == 200
    text = download.content.decode("utf-8-sig")
    assert all(name in text for name in ("Aiko Tanaka", "Bruno Silva", "Chen Jing"))
    built = [re.findall(r"build_export\[[^\]]+\] succeeded", w.log.read_text())
             for w in hosts["workers"]]
    assert sorted(len(runs) for runs in built) == [0, 1]  # one worker built it, once


def test_an_org_file_previewed_on_one_web_process_is_confirmed_on_the_other(hosts, hr):
    web_a, web_b = hosts["web"]
    browser = _browser_of(hr)
    browser.get(f"{web_a}/org/import/")
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME]
    org_file = ("employee_id,name,email,department_code,department_name,"
                "parent_department_code,position_code,position_title,function,need_execution,"
                "need_compression,manager_employee_id,active,hire_date\n"
                "H2-001,Dana Okafor,dana.okafor@example.com,OPS2,Operations two,,,,,,,,true,\n")

    uploaded = browser.post(f"{web_a}/org/import/", data={"csrfmiddlewaretoken": csrf},
                            files={"file": ("org.csv", org_file, "text/csv")},
                            headers={"Referer": f"{web_a}/org/import/"}, allow_redirects=False)
    assert uploaded.status_code == 302, re.findall(r"alert[^>]*>([^<]+)", uploaded.text)
    job = OrgImport.objects.get()
    # A worker checks the file; the preview is the job's page, on either web process.
    _wait_for(lambda: OrgImport.objects.get(pk=job.pk).status == OrgImport.Status.READY,
              hosts["workers"])
    preview = browser.get(f"{web_b}/org/import/{job.pk}/")
    assert "1 employee row checked; no errors." in preview.text
    assert not Employee.objects.filter(employee_id="H2-001").exists()

    confirmed = browser.post(f"{web_b}/org/import/{job.pk}/confirm/",
                             data={"csrfmiddlewaretoken": csrf},
                             headers={"Referer": f"{web_b}/org/import/{job.pk}/"},
                             allow_redirects=False)
    assert confirmed.status_code == 302, confirmed.text[:2000]
    _wait_for(lambda: OrgImport.objects.get(pk=job.pk).status == OrgImport.Status.APPLIED,
              hosts["workers"])
    assert Employee.objects.get(employee_id="H2-001").name == "Dana Okafor"
    assert "Imported 1 row." in browser.get(f"{web_a}/org/import/{job.pk}/").text
    checked = [len(re.findall(r"check_org_import\[[^\]]+\] succeeded", w.log.read_text()))
               for w in hosts["workers"]]
    assert sum(checked) == 1, "checked once, by one of the workers"


def test_a_scoring_run_started_on_one_web_process_is_split_across_both_workers_once(
        hosts, hr, simulated_campaign):  # noqa: F811
    scored_campaign = simulated_campaign(submitted=80)  # eight chunks of 10
    web_a, web_b = hosts["web"]
    browser = _browser_of(hr)
    page = f"{web_a}/assessments/campaigns/{scored_campaign.pk}/"
    browser.get(page)
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME]

    started = browser.post(f"{page}score/", data={"csrfmiddlewaretoken": csrf},
                           headers={"Referer": page}, allow_redirects=False)
    assert started.status_code == 302, started.text[:2000]
    run = ScoringRun.objects.get(campaign=scored_campaign)
    _wait_for(lambda: not ScoringRun.objects.get(pk=run.pk).is_active, hosts["workers"])
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FINISHED, run.error
    assert (run.total, run.done, run.failed) == (80, 80, 0)

    submitted = sorted(Assignment.objects.filter(campaign=scored_campaign).submitted()
                       .values_list("pk", flat=True))
    scored = sorted(Result.objects.filter(assignment__campaign=scored_campaign)
                    .values_list("assignment_id", flat=True))
    assert scored == submitted, "every submission scored exactly once"
    chunks = [len(re.findall(r"score_chunk\[[^\]]+\] succeeded", w.log.read_text()))
              for w in hosts["workers"]]
    assert min(chunks) >= 1 and sum(chunks) == 8, chunks  # both took chunks, none twice
    progress = browser.get(f"{web_b}/assessments/campaigns/{scored_campaign.pk}/runs/{run.pk}/")
    assert "Last run finished: 80 of 80 scored." in progress.text
