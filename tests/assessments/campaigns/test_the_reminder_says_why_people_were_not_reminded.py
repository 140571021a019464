"""HR's "send reminders now" says why people were left out, one group a phrase with its
count (not invited yet, already submitted, cannot be reached, messaged within the last
day), only the groups with someone in them, in English and Chinese."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Assignment, Campaign, Message
from assessments.services import campaigns, messages
from talent.models import Employee


@pytest.fixture
def mixed(draft, org, cast):
    """An open campaign of Underwriting, launched without invitations: the employee, the
    other employee, the manager, and No Mail (no login, no email address)."""
    Employee.objects.create(employee_id="NOMAIL", name="No Mail", department=org["UW"])
    campaign = draft(departments=[org["UW"]])
    campaigns.launch(campaign)
    campaign.refresh_from_db()
    return campaign


def _assignment(user):
    return Assignment.objects.get(employee=user.employee)


def _submit(assignment):
    assignment.status = Assignment.Status.IN_PROGRESS
    assignment.started_at = timezone.now() - timedelta(hours=2)
    assignment.save()
    assignment.submit(timezone.now())
    assignment.save()


def _remind(client, campaign, capture):
    with capture(execute=True):
        response = client.post(reverse("assessments:remind_campaign", args=[campaign.pk]))
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def test_everyone_left_out_is_counted_once_under_one_reason(mixed, cast):
    _submit(_assignment(cast["employee"]))
    Message.objects.create(assignment=_assignment(cast["manager"]), kind="invitation",
                           recipient="manager@example.com")
    assert messages.not_reminded(mixed) == {
        "not_invited": 1, "submitted": 1, "unreachable": 1, "recent": 1}


def test_a_message_older_than_a_day_is_reminded_and_not_counted(mixed, cast):
    message = Message.objects.create(assignment=_assignment(cast["manager"]),
                                     kind="invitation", recipient="manager@example.com")
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(days=2))
    assert messages.not_reminded(mixed) == {
        "not_invited": 2, "submitted": 0, "unreachable": 1, "recent": 0}
    assert messages.remind_now(mixed) == [_assignment(cast["manager"]).pk]


def test_a_campaign_nobody_was_invited_to_says_so_and_not_that_everyone_submitted(
        hr, client_for, mixed, mailoutbox, django_capture_on_commit_callbacks):
    page = _remind(client_for(hr), mixed, django_capture_on_commit_callbacks)
    assert ("Nobody to remind: 3 people have not been invited yet; 1 person cannot be "
            "reached (no login or no email address).") in page
    assert "submitted" not in page.split("Nobody to remind")[1].split("</div>")[0]
    assert mailoutbox == []


def test_a_partial_reminder_names_who_was_left_out(
        hr, client_for, mixed, cast, mailoutbox, django_capture_on_commit_callbacks):
    for user in ("employee", "other_employee", "manager"):
        messages.send_invitation(_assignment(cast[user]).pk)
    Message.objects.update(created_at=timezone.now() - timedelta(days=3))
    _submit(_assignment(cast["employee"]))
    mailoutbox.clear()
    page = _remind(client_for(hr), mixed, django_capture_on_commit_callbacks)
    assert ("Reminders are being sent to 2 people. Not reminded: 1 person has already "
            "submitted; 1 person cannot be reached (no login or no email address).") in page
    assert len(mailoutbox) == 2
    # Pressed again: they were all messaged within the last day.
    page = _remind(client_for(hr), mixed, django_capture_on_commit_callbacks)
    assert ("Nobody to remind: 1 person has already submitted; 1 person cannot be reached "
            "(no login or no email address); 2 people had a message within the last day."
            ) in page
    assert len(mailoutbox) == 2


def test_the_reasons_read_in_chinese(hr, client_for, mixed, django_capture_on_commit_callbacks):
    client = client_for(hr)
    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        page = _remind(client, mixed, django_capture_on_commit_callbacks)
    assert "无人需要提醒：3 人尚未收到邀请；1 人无法联系（没有登录账号或电子邮箱地址）。" in page


def test_a_campaign_outside_its_window_reminds_nobody_and_says_why(
        hr, client_for, mixed, mailoutbox, django_capture_on_commit_callbacks):
    Campaign.objects.filter(pk=mixed.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    page = _remind(client_for(hr), mixed, django_capture_on_commit_callbacks)
    assert "This campaign takes no answers now" in page
    assert mailoutbox == [] and not Message.objects.exists()
