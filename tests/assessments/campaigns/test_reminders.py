"""Reminders: not started or stalled for N days, at most once per K days, never after
submission or close; HR can remind now. Every message is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import Answer, Assignment, Campaign, Message
from assessments.services import campaigns, messages
from tests.factories import make_employees


@pytest.fixture(autouse=True)
def n_and_k(settings):
    settings.REMINDER_STALLED_DAYS = 3
    settings.REMINDER_EVERY_DAYS = 4


@pytest.fixture
def invited(launched, cast, mailoutbox):
    """An open campaign of the UW three, invited ten days ago."""
    def make():
        campaign, _ = launched(departments=[cast["employee"].employee.department])
        Message.objects.update(created_at=timezone.now() - timedelta(days=10))
        mailoutbox.clear()
        return campaign
    return make


def _assignment(user):
    return Assignment.objects.get(employee=user.employee)


def _start(assignment, *, days_ago, answered_days_ago=None):
    now = timezone.now()
    assignment.status = Assignment.Status.IN_PROGRESS
    assignment.started_at = now - timedelta(days=days_ago)
    assignment.save()
    if answered_days_ago is not None:
        item = assignment.campaign.bank_version.items.first()
        Answer.objects.create(assignment=assignment, item=item, value=3,
                              answered_at=now - timedelta(days=answered_days_ago))


def test_people_who_have_not_started_are_reminded(invited, cast, mailoutbox):
    invited()
    sent = messages.remind_due()
    assert len(sent) == 3 and len(mailoutbox) == 3
    assert {m.kind for m in Message.objects.filter(pk__in=[m.pk for m in sent])} == {"reminder"}
    assert "not started" in mailoutbox[0].body


def test_people_who_stalled_for_n_days_are_reminded_and_active_ones_are_not(
        invited, cast, mailoutbox):
    invited()
    _start(_assignment(cast["employee"]), days_ago=5, answered_days_ago=4)        # stalled
    _start(_assignment(cast["other_employee"]), days_ago=5, answered_days_ago=1)  # active
    _start(_assignment(cast["manager"]), days_ago=2)                               # just began
    due = messages.reminders_due()
    assert due == [_assignment(cast["employee"]).pk]
    messages.remind_due()
    assert [m.to for m in mailoutbox] == [["employee@example.com"]]
    assert "not submitted it yet" in mailoutbox[0].body


def test_nobody_is_reminded_more_than_once_every_k_days(invited, cast, mailoutbox):
    invited()
    messages.remind_due()
    assert len(mailoutbox) == 3
    messages.remind_due()
    later = timezone.now() + timedelta(days=3)
    messages.remind_due(now=later)
    assert len(mailoutbox) == 3
    messages.remind_due(now=timezone.now() + timedelta(days=4, minutes=1))
    assert len(mailoutbox) == 6
    assert Message.objects.filter(kind="reminder").count() == 6


def test_the_invitation_counts_as_the_first_message(launched, cast, mailoutbox):
    launched(departments=[cast["employee"].employee.department])
    mailoutbox.clear()
    assert messages.reminders_due() == []


def test_a_reminder_task_delivered_twice_sends_one_email(invited, cast, mailoutbox):
    invited()
    pk = _assignment(cast["employee"]).pk
    tasks.send_reminder.delay(pk)
    tasks.send_reminder.delay(pk)
    assert len(mailoutbox) == 1


def test_submitted_people_are_never_reminded(invited, cast, mailoutbox):
    invited()
    assignment = _assignment(cast["employee"])
    _start(assignment, days_ago=9, answered_days_ago=8)
    assignment.submit(timezone.now() - timedelta(days=7))
    assignment.save()
    messages.remind_due()
    assert "employee@example.com" not in [m.to[0] for m in mailoutbox]
    assert messages.remind(assignment.pk, by_hr=True) is None


def test_nobody_is_reminded_after_close_or_past_the_closing_time(invited, mailoutbox):
    campaign = invited()
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    assert messages.reminders_due() == []
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=None)
    campaigns.close(Campaign.objects.get(pk=campaign.pk))
    assert messages.remind_due() == [] and mailoutbox == []
    assert messages.remind_now(campaign) == []


def test_people_without_a_login_get_no_reminder(launched, org, mailoutbox):
    make_employees(2, department=org["INV"])
    launched(departments=[org["INV"]])
    Message.objects.update(created_at=timezone.now() - timedelta(days=10))
    assert messages.reminders_due() == []


def test_the_beat_task_queues_one_reminder_per_person_due(invited, mailoutbox):
    invited()
    assert tasks.send_reminders.delay().get() == 3
    assert len(mailoutbox) == 3


def test_hr_sends_reminders_now_and_a_second_press_sends_nothing_twice(
        hr, client_for, invited, mailoutbox, django_capture_on_commit_callbacks):
    campaign = invited()
    url = reverse("assessments:remind_campaign", args=[campaign.pk])
    client = client_for(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Reminders are being sent to 3 people." in response.content.decode()
    assert len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Nobody to remind" in response.content.decode()
    assert len(mailoutbox) == 3


def test_reminders_now_are_refused_for_a_draft(hr, client_for, draft):
    campaign = draft()
    response = client_for(hr).post(
        reverse("assessments:remind_campaign", args=[campaign.pk]), follow=True)
    assert "Only an open campaign sends reminders." in response.content.decode()
    assert not Message.objects.exists()


def test_beat_runs_the_reminder_scan_and_the_closing(settings):
    tasks_run = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"assessments.tasks.send_reminders",
            "assessments.tasks.close_due_campaigns"} <= tasks_run
