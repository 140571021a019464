"""The HR sync at the size of a real organisation, on PostgreSQL: 100,000 people in one
snapshot through the API; then a snapshot with 15% of them missing is paused and writes
nothing; then HR applies it from the sync's page. (Lean on purpose: no emails, so no
logins to provision; one department level.)"""

import csv
import io

import pytest
from django.db import connection

from talent.models import Employee, OrgSync
from talent.org_import import COLUMNS

N = 100_000

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="sized for PostgreSQL (runs in CI's PostgreSQL pass)")


def snapshot(ids):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in ids:
        writer.writerow([f"P{i:06d}", f"Person {i}", "", f"D{i % 100:02d}", f"Unit {i % 100}",
                         "", "", "", "", "", "", "", "true", ""])
    return out.getvalue().encode()


def test_100000_people_sync_then_a_15_percent_gap_pauses_then_hr_applies_it(
        hr_login, api_as, client_for, settings, tmp_path, mailoutbox):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    api = api_as(hr_login, "org:write")

    first = api.post("/api/v1/org/sync", snapshot(range(N)), content_type="text/csv")
    assert first.status_code == 200, first.content[:2000]
    assert Employee.objects.active().count() == N

    kept = range(N * 15 // 100, N)
    paused = api.post("/api/v1/org/sync", snapshot(kept), content_type="text/csv")
    assert paused.status_code == 202 and paused.json()["deactivated"] == N * 15 // 100
    assert Employee.objects.active().count() == N  # nothing written

    sync = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    client_for(hr_login).post(f"/org/syncs/{sync.pk}/decide/", {"action": "apply"})
    sync.refresh_from_db()
    assert sync.status == OrgSync.Status.APPLIED
    assert Employee.objects.active().count() == len(kept)
    assert not Employee.objects.filter(employee_id="P000000", active=True).exists()
