"""An open campaign whose invitations were never sent (the demo's, or a launch whose
fan-out was lost): HR sees how many people were not invited and sends the missing
invitations; nobody is ever invited twice, and the button goes once nobody is missing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Assignment, Campaign, Message
from assessments.services import campaigns, messages
from talent.models import Employee

from .conftest import HR_ONLY, ROLES


@pytest.fixture
def uninvited(draft, org, cast):
    """An open campaign of Underwriting (the employee, the other employee, the manager and
    No Mail, who has neither a login nor an email address) launched without its
    invitations being queued."""
    Employee.objects.create(employee_id="NOMAIL", name="No Mail", department=org["UW"])
    campaign = draft(departments=[org["UW"]])
    campaigns.launch(campaign)
    campaign.refresh_from_db()
    return campaign


def _detail(client, campaign):
    return client.get(reverse("assessments:campaign_detail", args=[campaign.pk])).content.decode()


def _invite(client, campaign, capture):
    """Press the button; the invitations go out once the request's transaction commits
    (as a worker would send them); the page HR lands on next, with its message."""
    with capture(execute=True):
        response = client.post(reverse("assessments:invite_campaign", args=[campaign.pk]))
    assert response.status_code == 302
    return client.get(response.url)


def test_the_uninvited_are_those_with_no_invitation_recorded(uninvited, cast, mailoutbox):
    assert len(messages.missing_invitations(uninvited)) == 4
    employee = Assignment.objects.get(employee=cast["employee"].employee)
    messages.send_invitation(employee.pk)
    assert employee.pk not in messages.missing_invitations(uninvited)
    # A delivery that failed is recorded: it is listed for HR, not tried again unasked.
    nomail = Assignment.objects.get(employee__employee_id="NOMAIL")
    messages.send_invitation(nomail.pk)
    assert sorted(messages.missing_invitations(uninvited)) == sorted(
        Assignment.objects.exclude(pk__in=[employee.pk, nomail.pk]).values_list("pk", flat=True))


def test_nobody_is_missing_an_invitation_in_a_draft_a_closed_or_a_late_campaign(
        draft, uninvited):
    assert messages.missing_invitations(draft(name="Still a draft")) == []
    Campaign.objects.filter(pk=uninvited.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    uninvited.refresh_from_db()
    assert messages.missing_invitations(uninvited) == []
    campaigns.close(uninvited)
    assert messages.missing_invitations(uninvited) == []


def test_hr_sees_how_many_were_not_invited_and_sends_the_invitations(
        hr, client_for, uninvited, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(hr)
    page = _detail(client, uninvited)
    assert "4 people have not been invited yet" in page
    assert "Send the missing invitations" in page

    response = _invite(client, uninvited, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "Invitations are being sent to 4 people." in page
    assert sorted(m.to[0] for m in mailoutbox) == [
        "employee@example.com", "manager@example.com", "other_employee@example.com"]
    # No Mail's invitation is recorded as not delivered, with the reason, for HR to fix.
    assert 'data-failure="NOMAIL"' in page and "No email address" in page
    assert 'data-funnel="overall"' in page
    assert "not been invited yet" not in page and "Send the missing invitations" not in page
    assert Assignment.objects.filter(invited_at__isnull=False).count() == 3


def test_a_second_press_sends_nothing_twice(hr, client_for, uninvited, mailoutbox,
                                            django_capture_on_commit_callbacks):
    client = client_for(hr)
    _invite(client, uninvited, django_capture_on_commit_callbacks)
    response = _invite(client, uninvited, django_capture_on_commit_callbacks)
    assert "Everyone in this campaign has been invited already" in response.content.decode()
    assert len(mailoutbox) == 3
    assert Message.objects.filter(kind="invitation").count() == 4


def test_the_invitations_queued_twice_before_a_worker_runs_are_sent_once(
        uninvited, mailoutbox, django_capture_on_commit_callbacks):
    # Two presses before any worker picked up the first: both queue every invitation.
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_missing_invitations(uninvited)
        second = tasks.send_missing_invitations(uninvited)
    assert first == second and len(first) == 4
    assert len(mailoutbox) == 3
    assert Message.objects.filter(kind="invitation").count() == 4


def test_a_campaign_whose_invitations_went_out_offers_no_button(
        hr, client_for, launched, mailoutbox):
    campaign, _ = launched()
    page = _detail(client_for(hr), campaign)
    assert "not been invited yet" not in page
    assert reverse("assessments:invite_campaign", args=[campaign.pk]) not in page


def test_a_draft_or_closed_campaign_sends_no_invitation(
        hr, client_for, draft, uninvited, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(hr)
    response = _invite(client, draft(name="Still a draft"), django_capture_on_commit_callbacks)
    assert "Only an open campaign sends invitations." in response.content.decode()
    campaigns.close(uninvited)
    response = _invite(client, uninvited, django_capture_on_commit_callbacks)
    assert "Only an open campaign sends invitations." in response.content.decode()
    assert mailoutbox == [] and not Message.objects.exists()


def test_a_campaign_past_its_closing_time_sends_no_invitation(
        hr, client_for, uninvited, mailoutbox, django_capture_on_commit_callbacks):
    Campaign.objects.filter(pk=uninvited.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    response = _invite(client_for(hr), uninvited, django_capture_on_commit_callbacks)
    assert "closing time is already past" in response.content.decode()
    assert mailoutbox == [] and not Message.objects.exists()


@pytest.mark.parametrize("role", sorted(set(ROLES) - HR_ONLY))
def test_nobody_but_hr_can_send_them(role, cast, client_for, uninvited, mailoutbox,
                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast[role]).post(
            reverse("assessments:invite_campaign", args=[uninvited.pk]))
    assert response.status_code == 403
    assert mailoutbox == [] and not Message.objects.exists()


def test_an_unknown_campaign_is_not_found_and_a_get_changes_nothing(
        hr, client_for, uninvited, mailoutbox):
    client = client_for(hr)
    assert client.post(reverse("assessments:invite_campaign", args=[99999])).status_code == 404
    assert client.get(reverse("assessments:invite_campaign",
                              args=[uninvited.pk])).status_code == 405
    assert client.post(f"/assessments/campaigns/{uninvited.pk}x/invite/").status_code == 404
    assert mailoutbox == [] and not Message.objects.exists()
