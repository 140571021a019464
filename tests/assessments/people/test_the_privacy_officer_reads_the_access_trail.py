"""The privacy officer reads the access trail: filtered by who, whose, what and when,
paginated, and downloaded as CSV (the download is itself recorded). Nobody else but the
superuser opens it; a filter that cannot be read is a 400 with no rows."""

import pytest
from django.urls import reverse

from assessments.models import AccessRecord
from assessments.services import access
from talent.roles import PRIVACY_GROUP
from tests.conftest import make_user

URL = reverse("assessments:access_records")
CSV = reverse("assessments:access_records_csv")


@pytest.fixture
def privacy(org):
    return make_user("privacy", org, department="HQ", group=PRIVACY_GROUP)


@pytest.fixture
def trail(hr, manager, make_result, client_for):
    ann = make_result("Ann").assignment.employee
    bob = make_result("Bob").assignment.employee
    access.record(hr, ann, AccessRecord.Action.VIEW_RESULT, detail="result 1")
    access.record_list(manager, [ann, bob], detail="people table, page 1")
    return {"ann": ann, "bob": bob}


def test_the_trail_lists_every_record_newest_first(privacy, client_for, trail):
    page = client_for(privacy).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("data-record=") == 2
    assert text.index("people table") < text.index("result 1")


def test_filtering_by_whose_finds_list_pages_that_showed_the_person(privacy, client_for,
                                                                   trail):
    text = client_for(privacy).get(URL, {"employee_id": trail["bob"].employee_id})
    assert text.content.decode().count("data-record=") == 1
    only_hr = client_for(privacy).get(URL, {"actor": "hr", "action": "view_result"})
    assert only_hr.content.decode().count("data-record=") == 1


@pytest.mark.parametrize("query", [{"since": "not a date"}, {"action": "erase_everything"},
                                   {"since": "2026-02-01", "until": "2026-01-01"}])
def test_a_filter_that_cannot_be_read_is_a_400_with_no_rows(privacy, client_for, trail,
                                                            query):
    response = client_for(privacy).get(URL, query)
    assert response.status_code == 400
    assert "data-record=" not in response.content.decode()
    assert client_for(privacy).get(CSV, query).status_code == 400


def test_the_trail_is_paginated(privacy, client_for, hr, employee):
    for n in range(51):
        access.record(hr, employee.employee, AccessRecord.Action.VIEW_RESULT, detail=f"r{n}")
    client = client_for(privacy)
    assert client.get(URL).content.decode().count("data-record=") == 50
    assert client.get(URL, {"page": 2}).content.decode().count("data-record=") == 1


def test_the_csv_download_holds_the_filtered_trail_and_is_itself_recorded(
        privacy, client_for, trail):
    response = client_for(privacy).get(CSV, {"actor": "hr"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "at,actor,role,action,employee_id,detail"
    assert len(lines) == 2 and ",hr,HR,view_result," in lines[1]
    assert AccessRecord.objects.filter(actor=privacy, action="export").exists()


@pytest.mark.parametrize("who", ["employee", "manager", "hr", "bank_admin", "outsider"])
def test_nobody_but_the_privacy_officer_and_superuser_reads_the_trail(cast, client_for, who):
    for url in (URL, CSV):
        assert client_for(cast[who]).get(url).status_code == 403
    assert client_for(cast["superuser"]).get(URL).status_code == 200
