"""The beat task that reads the drop folder (talent.tasks.sync_drop_folder) takes the same
path as the API: a snapshot with too many people missing is paused, writes nothing,
emails HR with the link to its page, and HR applies it there; a file that cannot be read
is recorded as refused and writes nothing."""

import os

import pytest

from talent import tasks
from talent.models import Employee, OrgSync
from tests.talent.org_csv import csv_bytes

from .test_org_sync_with_guard_rails import PEOPLE, people


@pytest.fixture
def drop(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.ORG_SYNC_DROP_DIR = str(tmp_path / "drop")
    (tmp_path / "drop").mkdir()
    written = []

    def put(name, content):
        path = tmp_path / "drop" / name
        path.write_bytes(content)
        os.utime(path, (1000 + len(written), 1000 + len(written)))  # each newer than the last
        written.append(path)

    return put


def test_a_dropped_snapshot_missing_too_many_people_waits_for_hr(
        hr_login, drop, client_for, mailoutbox, django_capture_on_commit_callbacks):
    drop("monday.csv", csv_bytes(people()))
    first = OrgSync.objects.get(pk=tasks.sync_drop_folder())
    assert first.status == OrgSync.Status.APPLIED
    assert Employee.objects.active().count() == PEOPLE
    mailoutbox.clear()

    drop("tuesday.csv", csv_bytes(people()[3:]))  # 3 of 20 = 15% missing
    with django_capture_on_commit_callbacks(execute=True):
        paused = OrgSync.objects.get(pk=tasks.sync_drop_folder())
    assert (paused.status, paused.source) == (OrgSync.Status.PAUSED,
                                              OrgSync.Source.DROP_FOLDER)
    assert Employee.objects.active().count() == PEOPLE  # nothing written
    [mail] = mailoutbox
    assert mail.to == ["hr-sync@example.com"] and f"/org/syncs/{paused.pk}/" in mail.body
    assert tasks.sync_drop_folder() is None  # the same file is not planned twice

    page = client_for(hr_login)
    assert "Apply this snapshot" in page.get(f"/org/syncs/{paused.pk}/").content.decode()
    page.post(f"/org/syncs/{paused.pk}/decide/", {"action": "apply"})
    paused.refresh_from_db()
    assert paused.status == OrgSync.Status.APPLIED and paused.decided_by == hr_login
    assert Employee.objects.active().count() == PEOPLE - 3


def test_a_dropped_file_that_cannot_be_read_is_refused_and_writes_nothing(hr_login, drop):
    drop("broken.json", b'{"employees": [{"employee_id": "E1", "colour": "red"}')
    refused = OrgSync.objects.get(pk=tasks.sync_drop_folder())
    assert refused.status == OrgSync.Status.REFUSED and refused.errors
    assert not Employee.objects.exists()
