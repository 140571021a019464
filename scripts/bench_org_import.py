#!/usr/bin/env python
"""The organisation import of a large file on the web (docs/org-import.md).

Makes a BENCH_ORG_ROWS-row file (200,000 by default, about 17 MB: inside the 20 MB limit)
and imports it into a scratch database the way HR does on the web: the upload request,
the worker's check (the preview), the confirm request, the worker's import. The
requests go through the test client (every middleware runs); the two worker steps are
the Celery tasks' own functions, called as a worker calls them. The baseline, in the
same run, is the bare check of the same file (`import_org --dry-run`'s work).

Printed: each step's time, the requests against gunicorn's timeout (what a request may
last), and the check against the bare check (what the job adds: storage, progress).
SQLite by default (a scratch file); with DATABASE_URL naming PostgreSQL, a scratch
database beside it (`<name>_bench_org`), dropped at the end whatever happens.
"""

import contextlib
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import loopback

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

ROWS = int(os.environ.get("BENCH_ORG_ROWS", "200000"))
DEPARTMENTS = 1000
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    url = os.environ.get("DATABASE_URL", "")
    scratch = tempfile.mkdtemp(prefix="bench-org-")
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "testserver",
           "PRIVATE_MEDIA_ROOT": os.path.join(scratch, "private"),
           "CELERY_TASK_ALWAYS_EAGER": "False",
           # The invitations the import queues go nowhere (no development broker fills).
           "CELERY_BROKER_URL": "memory://"}
    with contextlib.ExitStack() as stack:
        if loopback.is_postgres(url):
            env["DATABASE_URL"] = stack.enter_context(
                loopback.scratch_database(url, "_bench_org"))
        else:
            env["DATABASE_URL"] = f"sqlite:///{os.path.join(scratch, 'bench.sqlite3')}"
        loopback.migrate(env)
        os.environ.update(env)
        return _bench()


def _org_file():
    from talent.org_import import COLUMNS

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i in range(ROWS):
        unit = i % DEPARTMENTS
        writer.writerow({
            "employee_id": f"E{i:06d}", "name": f"Person {i:06d}",
            "email": f"p{i:06d}@example.com",
            "department_code": f"D{unit:03d}", "department_name": f"Unit {unit:03d}",
            "position_code": f"P{unit:03d}", "position_title": f"Analyst {unit:03d}",
            "function": "operations", "need_execution": "2", "need_compression": "2",
            "active": "true",
        }.get(column, "") for column in COLUMNS)
    return out.getvalue().encode("utf-8")


def _timed(step):
    started = time.perf_counter()
    value = step()
    return value, time.perf_counter() - started


def _bench():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from talent import org_import, tasks, views
    from talent.models import Employee, OrgImport, User
    from talent.roles import HR_GROUP

    content = _org_file()
    print(f"{ROWS} rows, {len(content) / 1e6:.1f} MB, on "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    hr = User.objects.create_user("bench-hr")
    hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    client = Client()
    client.force_login(hr)
    # The requests queue the worker's steps after commit; here they are run by hand, as
    # a worker would, so each is timed on its own.
    views.queue_org_import = lambda job: None

    plan, bare = _timed(lambda: org_import.plan_import(io.BytesIO(content)))
    assert plan.ok and plan.employees.create == ROWS, plan.errors[:3]
    uploaded, upload_s = _timed(lambda: client.post(
        "/org/import/", {"file": SimpleUploadedFile("org.csv", content, "text/csv")}))
    assert uploaded.status_code == 302, uploaded.status_code
    job = OrgImport.objects.get()
    _, check_s = _timed(lambda: tasks.check_org_import(job.pk))
    job.refresh_from_db()
    assert job.status == OrgImport.Status.READY, (job.status, job.summary.get("errors"))
    confirmed, confirm_s = _timed(lambda: client.post(f"/org/import/{job.pk}/confirm/"))
    assert confirmed.status_code == 302
    page, page_s = _timed(lambda: client.get(f"/org/import/{job.pk}/"))
    assert page.status_code == 200
    _, apply_s = _timed(lambda: tasks.apply_org_import(job.pk))
    job.refresh_from_db()
    assert job.status == OrgImport.Status.APPLIED, (job.status, job.error)
    assert Employee.objects.count() == ROWS

    longest_request = max(upload_s, confirm_s, page_s)
    print(f"baseline: the bare check of the file in {bare:.1f} s")
    print(f"requests: upload {upload_s * 1000:.0f} ms, progress page {page_s * 1000:.0f} ms, "
          f"confirm {confirm_s * 1000:.0f} ms (gunicorn's timeout: "
          f"{_gunicorn_timeout()} s)")
    print(f"worker: check {check_s:.1f} s, import {apply_s:.1f} s")
    print(f"org_import rows={ROWS} longest_request_ms={longest_request * 1000:.0f} "
          f"request_over_timeout={longest_request / _gunicorn_timeout():.3f} "
          f"check_ratio={check_s / bare:.2f} import_s={apply_s:.1f}")
    return 0


def _gunicorn_timeout():
    return int(os.environ.get("GUNICORN_TIMEOUT", "120"))


if __name__ == "__main__":
    sys.exit(main())
