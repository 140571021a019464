"""Launch: draft -> open in one transaction, one assignment per person in the audience."""

from unittest import mock

import pytest
from django.urls import reverse

from assessments import tasks
from assessments.models import Assignment, Campaign, Message
from assessments.services import campaigns
from assessments.services.campaigns import CampaignRefused
from talent.models import Department, Employee


def test_launch_gives_each_person_in_the_audience_one_assignment(draft, org, cast):
    campaign = draft(departments=[org["UW"]])
    outcome = campaigns.launch(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN and campaign.launched_at is not None
    people = set(Assignment.objects.filter(campaign=campaign)
                 .values_list("employee__employee_id", flat=True))
    assert people == {"ID-employee", "ID-other_employee", "ID-manager"}
    assert outcome.created == 3
    assert sorted(outcome.assignment_ids) == sorted(campaign.assignments.values_list("pk",
                                                                                     flat=True))


def test_launching_twice_creates_nothing_new(draft, cast):
    campaign = draft()
    campaigns.launch(campaign)
    before = list(Assignment.objects.values_list("pk", flat=True))
    with pytest.raises(CampaignRefused, match="already been launched"):
        campaigns.launch(Campaign.objects.get(pk=campaign.pk))
    assert list(Assignment.objects.values_list("pk", flat=True)) == before


def test_an_empty_audience_is_refused_and_the_campaign_stays_a_draft(draft, org, cast):
    empty = Department.objects.create(code="EMPTY", name="Nobody here", parent=org["HQ"])
    campaign = draft(departments=[empty])
    with pytest.raises(CampaignRefused, match="Nobody is in this campaign's audience"):
        campaigns.launch(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and campaign.launched_at is None
    assert not Assignment.objects.exists()


def test_a_failure_half_way_leaves_nothing_written(draft, cast):
    campaign = draft()
    with (mock.patch.object(Assignment.objects, "bulk_create", side_effect=RuntimeError("disk")),
          pytest.raises(RuntimeError)):
        campaigns.launch(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not Assignment.objects.exists()


def test_hr_launches_from_the_campaign_page_and_the_invitations_go_out(
        hr, client_for, draft, cast, mailoutbox, django_capture_on_commit_callbacks):
    campaign = draft()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr).post(
            reverse("assessments:launch_campaign", args=[campaign.pk]), follow=True)
    assert "The campaign is open: 5 people are assigned" in response.content.decode()
    assert Assignment.objects.filter(campaign=campaign).count() == 5
    # outsider and superuser have no employee record: five employees, five emails.
    assert len(mailoutbox) == 5
    assert Message.objects.filter(kind="invitation", status="sent").count() == 5


def test_launching_twice_from_the_page_says_so(hr, client_for, draft, cast):
    campaign = draft()
    client = client_for(hr)
    url = reverse("assessments:launch_campaign", args=[campaign.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "This campaign has already been launched." in response.content.decode()
    assert Assignment.objects.count() == 5


def test_launching_an_empty_audience_from_the_page_says_so(hr, client_for, draft, org):
    empty = Department.objects.create(code="EMPTY", name="Nobody here", parent=org["HQ"])
    campaign = draft(departments=[empty])
    response = client_for(hr).post(
        reverse("assessments:launch_campaign", args=[campaign.pk]), follow=True)
    assert "Nobody is in this campaign&#x27;s audience" in response.content.decode()
    assert Campaign.objects.get().status == Campaign.Status.DRAFT


def test_the_launch_task_door_queues_the_invitations_only_after_commit(
        draft, cast, django_capture_on_commit_callbacks):
    campaign = draft()
    with mock.patch.object(tasks.send_invitations, "delay") as queued:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            tasks.launch(campaign)
        assert not queued.called
        for callback in callbacks:
            callback()
    queued.assert_called_once_with(campaign.pk)


def test_people_without_a_login_or_email_are_listed_as_unreachable(draft, org, cast):
    Employee.objects.create(employee_id="NOLOGIN", name="No Login", email="n@example.com",
                            department=org["UW"])
    no_email = cast["other_employee"].employee
    no_email.email = ""
    no_email.save()
    campaign = draft()
    assert [e.employee_id for e in campaigns.unreachable(campaign)] == [
        "ID-other_employee", "NOLOGIN"]
    campaigns.launch(campaign)
    assert [e.employee_id for e in campaigns.unreachable(campaign)] == [
        "ID-other_employee", "NOLOGIN"]
