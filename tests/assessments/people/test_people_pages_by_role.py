"""Every people page: HR (and a superuser) read it; employees, managers, bank admins and
outsiders are refused; anonymous visitors are sent to log in."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ExportJob


@pytest.fixture
def pages(cast, make_result, positions):
    result = make_result("Ann", position=positions["analyst"])
    employee_id = result.assignment.employee_id
    return [
        reverse("assessments:people"),
        reverse("assessments:people_export_csv"),
        reverse("assessments:people_export_xlsx"),
        reverse("assessments:person", args=[employee_id]),
        reverse("assessments:have_need"),
        reverse("assessments:position_have_need", args=[positions["analyst"].pk]),
        reverse("assessments:two_functions"),
    ]


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_only_hr_may_open_the_people_pages(role, cast, pages, client_for):
    client = client_for(cast[role])
    for url in pages:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["hr", "superuser"])
def test_hr_opens_every_people_page(role, cast, pages, client_for):
    client = client_for(cast[role])
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_log_in(pages):
    for url in pages:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_only_hr_may_follow_an_export(role, cast, client_for):
    job = ExportJob.objects.create(owner=cast["hr"], format="csv", total=1)
    client = client_for(cast[role])
    for name in ("export_progress", "export_download"):
        assert client.get(reverse(f"assessments:{name}", args=[job.pk])).status_code == 403


def test_a_manager_sees_no_individual_row(cast, make_result, client_for):
    make_result("Secret Person")
    response = client_for(cast["manager"]).get(reverse("assessments:people"))
    assert response.status_code == 403
    assert b"Secret Person" not in response.content
