"""The people table and a position's page (holders and ranking) write one access record
per page, naming each person the page showed; the person then sees the read on their
report. A page that shows nobody records nothing; a refused visit records nothing."""

import pytest
from django.urls import reverse

from assessments.models import AccessRecord
from assessments.reports.access import readers_of


def test_one_record_per_people_table_page_naming_the_people_shown(hr, client_for,
                                                                    make_result):
    shown = [make_result(name).assignment.employee for name in ("Ann", "Bob", "Cy")]
    client = client_for(hr)
    assert client.get(reverse("assessments:people")).status_code == 200
    record = AccessRecord.objects.get()
    assert record.action == "view_list" and record.actor == hr
    assert set(record.people.all()) == set(shown)
    assert [r["name"] for r in readers_of(shown[0])] == ["Hr"]
    # Filtered down to one person: the record names that person only.
    client.get(reverse("assessments:people"), {"q": "Bob"})
    latest = AccessRecord.objects.order_by("-pk").first()
    assert AccessRecord.objects.count() == 2
    assert set(latest.people.all()) <= set(shown)


def test_an_empty_or_refused_people_page_records_nothing(hr, employee, manager, client_for,
                                                         campaign):
    assert client_for(hr).get(reverse("assessments:people")).status_code == 200
    for who in (employee, manager):
        assert client_for(who).get(reverse("assessments:people")).status_code == 403
    bad = client_for(hr).get(reverse("assessments:people"), {"campaign": "nope"})
    assert bad.status_code == 400
    assert not AccessRecord.objects.exists()


def test_a_position_page_records_its_holders_and_ranking(hr, client_for, make_result,
                                                         positions):
    analyst = positions["analyst"]
    ann = make_result("Ann", position=analyst, exe_t=65.0).assignment.employee
    response = client_for(hr).get(reverse("assessments:position_have_need",
                                          args=[analyst.pk]))
    assert response.status_code == 200
    record = AccessRecord.objects.get(action="view_list")
    assert ann in record.people.all() and analyst.code in record.detail


@pytest.mark.parametrize("who", ["employee", "manager", "bank_admin"])
def test_a_position_page_refused_to_a_role_records_nothing(cast, client_for, make_result,
                                                           positions, who):
    make_result("Ann", position=positions["analyst"])
    response = client_for(cast[who]).get(reverse("assessments:position_have_need",
                                                 args=[positions["analyst"].pk]))
    assert response.status_code == 403
    assert not AccessRecord.objects.exists()
