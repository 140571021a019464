"""In the admin an assignment's employee, campaign, status and times are read-only."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from tests.factories import make_campaign, submit_answers


@pytest.fixture
def submitted(cast, bank):
    return submit_answers(make_campaign(bank), cast["employee"].employee)


@pytest.mark.parametrize("who", ["hr", "superuser"])
def test_a_submitted_assignment_cannot_be_moved_to_another_person(who, cast, client_for,
                                                                   submitted):
    url = reverse("admin:assessments_assignment_change", args=[submitted.pk])
    client = client_for(cast[who])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="employee"' not in page.content.decode()

    response = client.post(url, {
        "campaign": submitted.campaign_id, "employee": cast["other_employee"].employee.pk,
        "status": "not_started", "submitted_at_0": "", "submitted_at_1": ""})

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.employee == cast["employee"].employee
    assert submitted.status == Assignment.Status.SUBMITTED


@pytest.mark.parametrize("who", ["hr", "superuser"])
def test_a_submitted_assignment_is_not_deleted_in_the_admin(who, cast, client_for, submitted):
    client = client_for(cast[who])
    response = client.post(reverse("admin:assessments_assignment_delete", args=[submitted.pk]),
                           {"post": "yes"})
    assert response.status_code == 403
    client.post(reverse("admin:assessments_assignment_changelist"),
                {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"})
    assert Assignment.objects.filter(pk=submitted.pk).exists()
    assert submitted.answers.count() == 12


def test_hr_assigns_a_person_by_campaign_and_employee_only(hr, cast, client_for, bank):
    campaign = make_campaign(bank)
    client = client_for(hr)
    response = client.post(reverse("admin:assessments_assignment_add"), {
        "campaign": campaign.pk, "employee": cast["employee"].employee.pk,
        "status": "submitted"})
    assert response.status_code == 302
    assignment = Assignment.objects.get(campaign=campaign)
    assert assignment.status == Assignment.Status.NOT_STARTED
    assert assignment.submitted_at is None


def test_a_campaign_with_assignments_keeps_its_bank_version(hr, cast, client_for, submitted):
    from tests.factories import make_bank

    other = make_bank("OTHER")
    campaign = submitted.campaign
    before = campaign.bank_version_id
    client_for(hr).post(reverse("admin:assessments_campaign_change", args=[campaign.pk]), {
        "name": campaign.name, "bank_version": other.pk, "status": "open"})
    campaign.refresh_from_db()
    assert campaign.bank_version_id == before != other.pk
