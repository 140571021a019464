"""With PRIVATE_STORAGE=s3, a finished export is an object in a private bucket, not a file
on the worker's disk: its owner downloads it through the site (which checks who asks),
nobody else can, and the retention purge and an erasure delete the object. Run against
moto's standalone S3 server on loopback, a real HTTP S3 API (the same calls reach AWS,
MinIO or Ceph)."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ExportJob
from assessments.services import erasure, exports, retention
from tests.s3_bucket import BUCKET, keys


def _built(hr, make_result, names=("Aiko Tanaka", "Bruno Silva")):
    for name in names:
        make_result(name)
    job = exports.create_job(hr, {}, "everyone", "csv", len(names))
    exports.build_job(job.pk)
    return ExportJob.objects.get(pk=job.pk)


def test_a_finished_export_is_a_private_object_and_nothing_stays_on_the_workers_disk(
        bucket, hr, make_result, settings):
    job = _built(hr, make_result)
    assert job.status == ExportJob.Status.FINISHED
    assert keys(bucket) == [job.file.name]
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=job.file.name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only
    assert not [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def test_its_owner_downloads_it_through_the_site_and_nobody_else_can(
        bucket, hr, make_result, client_for, superuser):
    job = _built(hr, make_result)
    url = reverse("assessments:export_download", args=[job.pk])
    download = client_for(hr).get(url)
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "Aiko Tanaka" in text and "Bruno Silva" in text
    assert client_for(superuser).get(url).status_code == 404


def test_the_retention_purge_deletes_the_object(bucket, hr, make_result):
    job = _built(hr, make_result)
    retention.purge_exports(timezone.now() + timedelta(days=365))
    assert keys(bucket) == []
    assert not ExportJob.objects.filter(pk=job.pk).exists()


def test_erasing_a_person_deletes_the_objects_that_may_list_them(bucket, hr, make_result):
    job = _built(hr, make_result)
    person = job.owner  # any export of every campaign may list anyone
    leaver = make_result("Ines Leaver").assignment.employee
    leaver.active = False
    leaver.save()
    erasure.erase_person(leaver.pk, by=person, reason="Her request of 2 December.")
    assert keys(bucket) == []


@pytest.mark.parametrize(("env", "message"), [
    ({"PRIVATE_STORAGE": "s3"}, "PRIVATE_STORAGE=s3 needs S3_BUCKET"),
    ({"PRIVATE_STORAGE": "ftp"}, 'PRIVATE_STORAGE must be "filesystem" or "s3"'),
])
def test_a_storage_setting_that_cannot_work_stops_the_start_with_a_plain_message(
        env, message):
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "PRIVATE_"))},
             "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True, text=True, timeout=60)
    assert started.returncode != 0 and message in started.stderr
