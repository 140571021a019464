"""The retention purge also deletes the export files that may hold a purged campaign's
people, every export older than EXPORT_KEEP_DAYS, and login attempt records older than
AXES_KEEP_DAYS; what is newer, or of a kept campaign, stays."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone

from assessments.models import Campaign, ExportJob
from assessments.models.exports import private_storage
from assessments.services.retention import purge_expired, purge_exports, purge_login_records
from tests.factories import make_bank


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _export(owner, filters, name):
    path = f"exports/{owner.pk}/{name}.csv"
    private_storage.save(path, __import__("io").BytesIO(b"employee_id,name\nE1,Ann\n"))
    job = ExportJob.objects.create(owner=owner, format="csv", filters=filters,
                                   status="finished", file=path)
    return job, private_storage.path(path)


@pytest.fixture
def campaigns(db):
    version = make_bank("RET")
    old = Campaign.objects.create(name="Old", bank_version=version, status="closed",
                                  closed_at=timezone.now() - timedelta(days=4 * 366))
    kept = Campaign.objects.create(name="Kept", bank_version=version, status="closed",
                                   closed_at=timezone.now() - timedelta(days=10))
    return old, kept


def test_exports_that_may_hold_a_purged_campaign_go_with_their_files(hr, campaigns):
    import os

    old, kept = campaigns
    of_old, old_file = _export(hr, {"campaign": old.pk}, "old")
    of_all, all_file = _export(hr, {}, "all")
    of_kept, kept_file = _export(hr, {"campaign": kept.pk}, "kept")
    assert purge_exports(timezone.now(), [old.pk]) == 2
    assert list(ExportJob.objects.all()) == [of_kept]
    assert not os.path.exists(old_file) and not os.path.exists(all_file)
    assert os.path.exists(kept_file)


def test_exports_expire_after_export_keep_days(hr, campaigns, settings):
    import os

    settings.EXPORT_KEEP_DAYS = 30
    __, kept = campaigns
    job, path = _export(hr, {"campaign": kept.pk}, "aging")
    assert purge_exports(timezone.now() + timedelta(days=29)) == 0
    assert purge_exports(timezone.now() + timedelta(days=31)) == 1
    assert not ExportJob.objects.filter(pk=job.pk).exists() and not os.path.exists(path)


def test_an_export_being_built_is_left_to_finish(hr, campaigns):
    old, __ = campaigns
    ExportJob.objects.create(owner=hr, format="csv", filters={"campaign": old.pk},
                             status="running", total=5)
    assert purge_exports(timezone.now() + timedelta(days=365), [old.pk]) == 0


def test_login_attempt_records_expire_after_axes_keep_days(db, settings):
    settings.AXES_KEEP_DAYS = 90
    for username in ("old", "new"):
        AccessAttempt.objects.create(username=username, ip_address="10.0.0.1",
                                     user_agent="x", failures_since_start=1)
        AccessLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="x")
    long_ago = timezone.now() - timedelta(days=91)
    AccessAttempt.objects.filter(username="old").update(attempt_time=long_ago)
    AccessLog.objects.filter(username="old").update(attempt_time=long_ago)
    assert purge_login_records(timezone.now()) == 2
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"new"}
    assert set(AccessLog.objects.values_list("username", flat=True)) == {"new"}


def test_the_daily_purge_runs_both(hr, campaigns, settings):
    old, __ = campaigns
    _export(hr, {"campaign": old.pk}, "old")
    purge_expired(timezone.now() + timedelta(days=31))
    assert not ExportJob.objects.exists()
