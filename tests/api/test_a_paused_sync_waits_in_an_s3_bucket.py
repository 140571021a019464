"""With PRIVATE_STORAGE=s3, a snapshot the guard rails paused waits in the bucket until HR
applies or discards it on any web host; then the object is deleted."""

import pytest
from django.contrib.auth.models import Group

from talent.models import Employee, OrgSync, User
from talent.roles import HR_GROUP
from tests.s3_bucket import keys

from .test_org_sync_with_guard_rails import PEOPLE, people, sync


@pytest.fixture
def hr_service(db):
    """An HR service login with no employee record (a snapshot never lists it)."""
    user = User.objects.create_user("hr-sync", "hr-sync@example.com", "x")
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return user


def test_a_paused_snapshot_is_an_object_until_hr_applies_it(
        bucket, hr_service, api_as, client_for):
    api = api_as(hr_service, "org:write", "org:read")
    assert sync(api, people()).json()["status"] == "applied"
    assert keys(bucket) == [], "an applied snapshot is not kept"
    paused = sync(api, people()[3:])
    assert paused.json()["status"] == "paused"
    record = OrgSync.objects.get(status=OrgSync.Status.PAUSED)
    assert keys(bucket) == [f"org-syncs/{record.file_name}"]

    client_for(hr_service).post(f"/org/syncs/{record.pk}/decide/", {"action": "apply"})
    record.refresh_from_db()
    assert record.status == OrgSync.Status.APPLIED
    assert Employee.objects.active().count() == PEOPLE - 3
    assert keys(bucket) == []
