"""`POST /api/v1/org/sync`: a full snapshot; people missing from it leave (with their
logins and sessions); a snapshot that would deactivate or re-identify too many people is
paused, writes nothing, emails HR and waits on HR's page; bad snapshots are refused
with every error listed."""

import json

import pytest
from django.test import Client

from talent.models import Employee, OrgSync
from talent.signals import sync_paused
from tests.talent.org_csv import csv_bytes, row

from .conftest import problem_of

PEOPLE = 20


def people(n=PEOPLE, **changes):
    rows = [row(f"E{i:03d}", department_code="HQ", department_name="Head office",
                parent_department_code="", position_code="", position_title="", function="",
                need_execution="", need_compression="") for i in range(n)]
    for index, values in changes.items():
        rows[int(index[1:])].update(values)
    return rows


@pytest.fixture(autouse=True)
def sync_dir(settings, tmp_path):
    """Snapshots wait in private storage: a directory of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path / "org-syncs"


@pytest.fixture
def hr_api(hr_login, api_as):
    return api_as(hr_login, "org:write", "org:read")


def sync(client, rows, content_type="text/csv"):
    body = csv_bytes(rows) if content_type == "text/csv" else rows
    return client.post("/api/v1/org/sync", body, content_type=content_type)


def test_a_snapshot_creates_then_deactivates_whoever_is_missing(hr_api):
    first = sync(hr_api, people())
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "applied" and first.json()["created"] == PEOPLE
    # Logins were provisioned (talent/accounts.py); one person leaves.
    leaver = Employee.objects.get(employee_id="E005")
    assert leaver.user is not None and leaver.user.is_active
    second = sync(hr_api, [r for r in people() if r["employee_id"] != "E005"])
    assert second.status_code == 200 and second.json()["deactivated"] == 1
    leaver.refresh_from_db()
    leaver.user.refresh_from_db()
    assert not leaver.active and not leaver.user.is_active
    assert Employee.objects.active().count() == PEOPLE - 1
    assert OrgSync.objects.filter(status=OrgSync.Status.APPLIED).count() == 2


def test_the_json_form_is_the_same_snapshot(hr_api):
    body = json.dumps({"employees": [
        {**r, "active": True, "need_execution": None} for r in people()]})
    response = sync(hr_api, body, "application/json")
    assert response.status_code == 200, response.content
    assert Employee.objects.count() == PEOPLE


def test_too_many_leavers_pause_the_sync_write_nothing_and_tell_hr(
        hr_api, hr_login, client_for, mailoutbox, django_capture_on_commit_callbacks):
    sync(hr_api, people())
    heard = []
    sync_paused.connect(lambda sender, sync, **kw: heard.append(sync.pk), weak=False,
                        dispatch_uid="test-heard")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            paused = sync(hr_api, people()[3:])  # 3 of 20 = 15% missing
    finally:
        sync_paused.disconnect(dispatch_uid="test-heard")
    assert paused.status_code == 202 and paused.json()["status"] == "paused"
    assert "15.0%" in paused.json()["reasons"][0]
    assert Employee.objects.active().count() == PEOPLE
    record = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    assert heard == [record.pk]
    assert mailoutbox[0].to == ["hr-sync@example.com"]
    assert f"/org/syncs/{record.pk}/" in mailoutbox[0].body

    page = client_for(hr_login)
    shown = page.get(f"/org/syncs/{record.pk}/").content.decode()
    assert "E000" in shown and "Apply this snapshot" in shown
    page.post(f"/org/syncs/{record.pk}/decide/", {"action": "apply"})
    record.refresh_from_db()
    assert record.status == OrgSync.Status.APPLIED and record.decided_by == hr_login
    assert Employee.objects.active().count() == PEOPLE - 3


def test_a_discarded_sync_changes_nothing(hr_api, hr_login, client_for):
    sync(hr_api, people())
    sync(hr_api, people()[5:])
    record = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    client_for(hr_login).post(f"/org/syncs/{record.pk}/decide/", {"action": "discard"})
    record.refresh_from_db()
    assert record.status == OrgSync.Status.DISCARDED
    assert Employee.objects.active().count() == PEOPLE
    # Deciding again does nothing.
    client_for(hr_login).post(f"/org/syncs/{record.pk}/decide/", {"action": "apply"})
    assert Employee.objects.active().count() == PEOPLE


def test_ids_swapping_emails_pause_the_sync(hr_api):
    sync(hr_api, people())
    swapped = people(E001={"email": "e002@example.com"}, E002={"email": "e001@example.com"})
    response = sync(hr_api, swapped)  # 2 of 20 ids = 10% > 5%
    assert response.status_code == 202 and "email or name" in response.json()["reasons"][0]
    assert Employee.objects.get(employee_id="E001").email == "e001@example.com"



def test_ids_swapping_names_pause_the_sync_and_hr_sees_whose(hr_api, hr_login, client_for,
                                                              settings):
    settings.ORG_SYNC_MAX_SWAP_SHARE = 0.05
    sync(hr_api, people())
    shuffled = people(E001={"name": "Person E002"}, E002={"name": "Person E001"})
    response = sync(hr_api, shuffled)  # 2 of 20 ids = 10% > 5%, emails unchanged
    assert response.status_code == 202 and response.json()["status"] == "paused"
    assert "2 of 20 employee ids (10.0%) would change email or name" in \
        response.json()["reasons"][0]
    assert Employee.objects.get(employee_id="E001").name == "Person E001"
    assert Employee.objects.get(employee_id="E002").name == "Person E002"
    record = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    shown = client_for(hr_login).get(f"/org/syncs/{record.pk}/").content.decode()
    swaps = shown.split('data-test="swaps"', 1)[1].split("</table>", 1)[0]
    assert "E001" in swaps and "E002" in swaps and "Person E002" in swaps
    # The changed field is named in the reader's language, never as the snapshot's key.
    chinese = client_for(hr_login)
    chinese.cookies["django_language"] = "zh-hans"
    shown = chinese.get(f"/org/syncs/{record.pk}/").content.decode()
    swaps = shown.split('data-test="swaps"', 1)[1].split("</table>", 1)[0]
    assert "<td>姓名</td>" in swaps and "<td>name</td>" not in swaps


def test_a_rename_within_the_share_is_applied(hr_api, settings):
    settings.ORG_SYNC_MAX_SWAP_SHARE = 0.05
    sync(hr_api, people())
    response = sync(hr_api, people(E001={"name": "Person E001 (married name)"}))  # 1 of 20
    assert response.status_code == 200 and response.json()["status"] == "applied"
    assert Employee.objects.get(employee_id="E001").name == "Person E001 (married name)"

def test_a_snapshot_with_errors_lists_every_row_and_writes_nothing(hr_api):
    rows = people(E003={"email": "not-an-email"}, E007={"department_code": ""})
    found = problem_of(sync(hr_api, rows), 400)
    assert {(e["row"], e["column"]) for e in found["errors"]} >= {(5, "email"),
                                                                   (9, "department_code")}
    assert not Employee.objects.exists()
    assert OrgSync.objects.get().status == OrgSync.Status.REFUSED


@pytest.mark.parametrize("body, content_type, status", [
    ("{not json", "application/json", 400),
    (json.dumps({"employees": [{"employee_id": "X", "colour": "red"}]}), "application/json",
     400),
    (json.dumps({"people": []}), "application/json", 400),
    (json.dumps({"employees": [["a list"]]}), "application/json", 400),
    ("employee_id,name\nX,Y\n", "text/csv", 400),
    ("\n", "text/csv", 400),
    ("employee_id=1", "application/x-www-form-urlencoded", 415),
    ("x", "application/xml", 415),
])
def test_bad_snapshots_are_refused_and_write_nothing(hr_api, body, content_type, status):
    problem_of(hr_api.post("/api/v1/org/sync", body, content_type=content_type), status)
    assert not Employee.objects.exists()


def test_an_oversize_snapshot_is_refused_before_it_is_read(hr_api, settings):
    settings.ORG_IMPORT_MAX_BYTES = 500
    problem_of(sync(hr_api, people()), 413)
    assert not Employee.objects.exists() and not OrgSync.objects.exists()


def test_a_token_without_org_write_or_an_hr_role_cannot_sync(hr_login, employee, api_as):
    problem_of(sync(api_as(hr_login, "org:read"), people()), 403)
    problem_of(sync(api_as(employee), people()), 403)
    problem_of(sync(Client(), people()), 401)
    assert Employee.objects.count() == 1  # the cast's employee only


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_only_hr_sees_and_decides_syncs(cast, client_for, role):
    record = OrgSync.objects.create(status=OrgSync.Status.PAUSED, source="api", sha256="x",
                                    file_name="missing.csv")
    client = client_for(cast[role])
    assert client.get("/org/syncs/").status_code == 403
    assert client.get(f"/org/syncs/{record.pk}/").status_code == 403
    assert client.post(f"/org/syncs/{record.pk}/decide/", {"action": "discard"}
                       ).status_code == 403
    record.refresh_from_db()
    assert record.status == OrgSync.Status.PAUSED


def test_hr_lists_syncs(hr_api, hr_login, client_for):
    assert b"No sync yet" in client_for(hr_login).get("/org/syncs/").content
    sync(hr_api, people())
    assert b"Applied" in client_for(hr_login).get("/org/syncs/").content


def test_the_drop_folder_syncs_its_newest_file_once(hr_login, settings, tmp_path):
    from talent import org_sync

    settings.ORG_SYNC_DROP_DIR = str(tmp_path / "drop")
    (tmp_path / "drop").mkdir()
    assert org_sync.sync_drop_folder() is None
    (tmp_path / "drop" / "old.csv").write_bytes(csv_bytes(people(3)))
    newest = tmp_path / "drop" / "new.csv"
    newest.write_bytes(csv_bytes(people(5)))
    import os
    os.utime(tmp_path / "drop" / "old.csv", (1, 1))
    assert org_sync.sync_drop_folder().status == OrgSync.Status.APPLIED
    assert Employee.objects.count() == 5
    assert org_sync.sync_drop_folder() is None  # the same file is not synced twice
    assert OrgSync.objects.get().source == OrgSync.Source.DROP_FOLDER


def test_a_paused_sync_older_than_an_applied_one_can_only_be_discarded(
        hr_api, hr_login, client_for):
    sync(hr_api, people())
    sync(hr_api, people()[5:])  # paused: 25% would leave
    old = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    newer = people(E001={"name": "Renamed by the HR system"})
    assert sync(hr_api, newer).json()["status"] == "applied"

    page = client_for(hr_login)
    shown = page.get(f"/org/syncs/{old.pk}/").content.decode()
    assert "can only be discarded" in shown and "Apply this snapshot" not in shown
    answer = page.post(f"/org/syncs/{old.pk}/decide/", {"action": "apply"}, follow=True)
    assert "would undo it. Nothing was changed." in answer.content.decode()
    old.refresh_from_db()
    assert old.status == OrgSync.Status.PAUSED
    assert Employee.objects.active().count() == PEOPLE
    assert Employee.objects.get(employee_id="E001").name == "Renamed by the HR system"
    page.post(f"/org/syncs/{old.pk}/decide/", {"action": "discard"})
    old.refresh_from_db()
    assert old.status == OrgSync.Status.DISCARDED
