"""Every read of a person's result by someone else is on record, and the person sees who
read it (role and name) and when: on their report page and in their own-data download.
HR no longer reads results in the admin; the superuser's admin read is recorded. Access
records are append-only in the database too (PostgreSQL: a trigger refuses UPDATE and
DELETE from any client)."""

import json

import pytest
from django.db import connection, transaction
from django.urls import reverse

from assessments.models import AccessRecord
from assessments.models.reviews import AppendOnly

from .conftest import release


def _report(client, result):
    return client.get(reverse("assessments:my_report", args=[result.assignment_id]))


def test_a_review_page_read_by_hr_is_listed_on_the_persons_report(
        make_result, employee, hr, client_for):
    result = release(make_result("execution"))
    me = client_for(employee)
    assert 'data-empty="readers"' in _report(me, result).content.decode()
    assert client_for(hr).get(
        reverse("assessments:review_result", args=[result.pk])).status_code == 200
    page = _report(me, result).content.decode()
    assert page.count("data-reader") == 1
    assert "HR" in page and "Hr" in page  # the role and the reviewer's name


def test_reading_ones_own_report_is_not_listed_as_a_read_by_someone_else(
        make_result, employee, client_for):
    result = release(make_result("execution"))
    me = client_for(employee)
    _report(me, result)
    assert 'data-empty="readers"' in _report(me, result).content.decode()


def test_the_own_data_download_lists_who_read_the_result(make_result, employee, hr,
                                                         client_for):
    result = release(make_result("execution"))
    client_for(hr).get(reverse("assessments:review_result", args=[result.pk]))
    data = json.loads(client_for(employee).get(reverse("assessments:my_data_json")).content)
    assert [(r["role"], r["name"]) for r in data["read_by"]] == [("HR", "Hr")]
    csv_text = client_for(employee).get(reverse("assessments:my_data_csv")).content.decode()
    assert "read_by,1,role,HR" in csv_text


@pytest.mark.parametrize("who, status", [("hr", 403), ("bank_admin", 403),
                                          ("employee", 302), ("manager", 302)])
def test_results_are_out_of_the_admin_for_everyone_but_the_superuser(
        make_result, cast, client_for, who, status):
    result = make_result("execution")
    url = reverse("admin:assessments_result_change", args=[result.pk])
    assert client_for(cast[who]).get(url).status_code == status
    assert not AccessRecord.objects.exists()


def test_the_superusers_admin_read_of_a_result_is_recorded(make_result, employee, superuser,
                                                           client_for):
    result = make_result("execution")
    url = reverse("admin:assessments_result_change", args=[result.pk])
    assert client_for(superuser).get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.actor, record.employee, record.action) == (
        superuser, employee.employee, "view_result")
    listing = client_for(superuser).get(reverse("admin:assessments_result_changelist"))
    assert "Precise execution" not in listing.content.decode()


def test_access_records_are_append_only_in_the_database(make_result, employee, hr,
                                                        client_for):
    result = release(make_result("execution"))
    client_for(hr).get(reverse("assessments:review_result", args=[result.pk]))
    pk = AccessRecord.objects.get().pk
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=pk).delete()
    if connection.vendor != "postgresql":
        return  # the trigger is PostgreSQL's; SQLite keeps the ORM's guard
    for sql in ("UPDATE assessments_accessrecord SET detail = 'x' WHERE id = %s",
                "DELETE FROM assessments_accessrecord WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    assert AccessRecord.objects.filter(pk=pk, detail__startswith="result").exists()
