"""The organisation import's jobs: a task delivered twice does its work once, a job whose
worker stopped goes to another worker (a few times, then fails with the reason), an upload
nobody confirms expires, and a failure applies nothing. The files go when they are done."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from talent import org_import_jobs, org_import_writes
from talent.models import Employee, OrgImport
from talent.private_files import private_storage

from .org_csv import counts, csv_bytes, row, small_org


@pytest.fixture
def job(hr):
    return org_import_jobs.start(hr, SimpleUploadedFile("org.csv", csv_bytes(small_org())))


def stored(job):
    return private_storage.exists(job.file.name)


def test_a_check_delivered_twice_checks_once(job):
    org_import_jobs.check(job.pk)
    job.refresh_from_db()
    checked_at = job.checked_at
    org_import_jobs.check(job.pk)
    job.refresh_from_db()
    assert job.status == OrgImport.Status.READY and job.attempts == 1
    assert job.checked_at == checked_at
    assert job.summary["employees"]["create"] == 3


def test_an_apply_delivered_twice_applies_once(job, hr):
    org_import_jobs.check(job.pk)
    assert org_import_jobs.confirm(job, hr)
    assert not org_import_jobs.confirm(job, hr), "a second click is not a second import"
    first = org_import_jobs.apply(job.pk)
    second = org_import_jobs.apply(job.pk)
    job.refresh_from_db()
    assert len(first.provisioned_user_ids) == 3 and second is None
    assert job.status == OrgImport.Status.APPLIED and job.attempts == 1
    assert job.summary["logins"] == {"created": 3, "deactivated": 0, "reactivated": 0}
    assert not private_storage.exists(f"org-imports/{job.pk}") and not job.file


def test_the_check_reports_how_much_of_the_file_it_read(job, monkeypatch):
    monkeypatch.setattr(org_import_jobs, "PROGRESS_SECONDS", 0)
    job = org_import_jobs._claim(job.pk, OrgImport.Status.CHECKING)
    with job.file.open("rb") as stored_file:
        lines = org_import_jobs._reporting_progress(stored_file, job)
        next(lines), next(lines)
        job.refresh_from_db()
        assert 0 < job.read_bytes < job.size
        assert 0 < job.percent < 100


def test_a_check_whose_worker_stopped_goes_to_another_worker_then_fails(job, settings):
    name = job.file.name
    later = timezone.now() + timedelta(seconds=settings.ORG_IMPORT_STALE_SECONDS + 1)
    for attempt in range(1, org_import_jobs.MAX_ATTEMPTS + 1):
        assert org_import_jobs._claim(job.pk, OrgImport.Status.CHECKING)  # then it died
        assert org_import_jobs.sweep_stale(now=timezone.now()) == [], "not stale yet"
        queued = org_import_jobs.sweep_stale(now=later)
        if attempt < org_import_jobs.MAX_ATTEMPTS:
            assert queued == [(job.pk, OrgImport.Status.CHECKING)]
    job.refresh_from_db()
    assert job.status == OrgImport.Status.FAILED
    assert "stopped 3 times" in job.error and "nothing was imported" in job.error
    assert not private_storage.exists(name)


def test_an_apply_is_given_up_only_after_its_time_limit(job, hr, settings):
    org_import_jobs.check(job.pk)
    org_import_jobs.confirm(job, hr)
    org_import_jobs._claim(job.pk, OrgImport.Status.APPLYING)  # its worker died mid-way
    soon = timezone.now() + timedelta(seconds=settings.ORG_IMPORT_STALE_SECONDS + 1)
    assert org_import_jobs.sweep_stale(now=soon) == []
    late = timezone.now() + timedelta(seconds=settings.ORG_IMPORT_TIME_LIMIT + 61)
    assert org_import_jobs.sweep_stale(now=late) == [(job.pk, OrgImport.Status.APPLYING)]
    assert org_import_jobs.apply(job.pk) is not None, "the next worker applies it"
    assert Employee.objects.filter(employee_id__in=["E1", "E2", "E3"]).count() == 3


def test_an_upload_nobody_confirms_expires_after_a_day(job):
    org_import_jobs.check(job.pk)
    name = job.file.name
    assert org_import_jobs.sweep_stale(now=timezone.now() + timedelta(hours=23)) == []
    org_import_jobs.sweep_stale(now=timezone.now() + timedelta(days=1, minutes=1))
    job.refresh_from_db()
    assert job.status == OrgImport.Status.EXPIRED and not job.file
    assert not private_storage.exists(name)


def test_an_apply_that_fails_half_way_applies_nothing_and_says_so(job, hr, monkeypatch):
    from talent.tasks import apply_org_import

    org_import_jobs.check(job.pk)
    org_import_jobs.confirm(job, hr)
    before = counts()

    def write_then_fail(plan):
        org_import_writes._write_departments(plan)
        raise RuntimeError("disk full")

    monkeypatch.setattr(org_import_writes, "apply", write_then_fail)
    apply_org_import.apply(args=[job.pk], throw=False)  # as a worker runs it, handler too
    job.refresh_from_db()
    assert job.status == OrgImport.Status.FAILED and "disk full" in job.error
    assert counts() == before
    assert not job.file


def test_a_refused_or_unchanged_file_is_not_kept(hr):
    bad = org_import_jobs.start(hr, SimpleUploadedFile(
        "bad.csv", csv_bytes([row("E1", hire_date="yesterday")])))
    name = bad.file.name
    org_import_jobs.check(bad.pk)
    bad.refresh_from_db()
    assert bad.status == OrgImport.Status.REFUSED and bad.summary["error_count"] == 1
    assert not private_storage.exists(name)


def test_the_stored_name_is_never_the_name_the_client_sent(hr):
    job = org_import_jobs.start(hr, SimpleUploadedFile("../../etc/passwd.csv", b"x"))
    assert job.filename == "passwd.csv"  # Django keeps only the base name
    assert job.file.name.startswith("org-imports/") and "passwd" not in job.file.name
