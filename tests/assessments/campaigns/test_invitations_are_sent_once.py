"""Invitations: one email per assignment, recorded, with a link that grants nothing."""


from django.test import Client
from django.urls import reverse

from assessments import tasks
from assessments.models import Assignment, Message
from assessments.services import campaigns, messages
from talent.models import Employee


def test_the_invitation_task_run_twice_sends_one_email(draft, employee, mailoutbox):
    campaign = draft()
    outcome = campaigns.launch(campaign)
    assignment = Assignment.objects.get(employee=employee.employee)
    tasks.send_invitation.delay(assignment.pk)
    tasks.send_invitation.delay(assignment.pk)
    assert [m.to for m in mailoutbox] == [["employee@example.com"]]
    assert Message.objects.filter(assignment=assignment).count() == 1
    # The whole fan-out, run again (a redelivered message), adds only the missing ones.
    tasks.send_invitations.delay(campaign.pk)
    tasks.send_invitations.delay(campaign.pk)
    assert len(mailoutbox) == outcome.created
    assert Message.objects.filter(kind="invitation").count() == outcome.created


def test_the_invitation_links_to_the_assignment_in_both_languages(draft, employee,
                                                                 mailoutbox, settings):
    settings.SITE_URL = "https://talent.example.com"
    campaigns.launch(draft(name="Autumn 2026"))
    assignment = Assignment.objects.get(employee=employee.employee)
    messages.send_invitation(assignment.pk)
    email = mailoutbox[0]
    link = "https://talent.example.com" + reverse("assessments:assignment", args=[assignment.pk])
    assert link in email.body
    assert "Autumn 2026" in email.subject and "您的测评" in email.subject
    assert "You are invited" in email.body and "诚邀您参加" in email.body
    assignment.refresh_from_db()
    assert assignment.invited_at is not None
    message = Message.objects.get()
    assert message.status == Message.Status.SENT and message.sent_at is not None


def test_a_failed_delivery_is_recorded_with_its_reason(draft, employee, mailoutbox, settings):
    campaigns.launch(draft())
    assignment = Assignment.objects.get(employee=employee.employee)
    mailers = settings.MAILERS
    # A real SMTP backend pointed at a port where nothing listens.
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2}}}
    messages.send_invitation(assignment.pk)
    settings.MAILERS = mailers
    message = Message.objects.get()
    assert message.status == Message.Status.FAILED
    assert "refused" in message.error.lower()
    assignment.refresh_from_db()
    assert assignment.invited_at is None
    # A retry does not send it a second time behind HR's back.
    messages.send_invitation(assignment.pk)
    assert mailoutbox == [] and Message.objects.count() == 1


def test_people_without_an_email_or_a_login_are_recorded_as_not_delivered(draft, org,
                                                                          mailoutbox):
    Employee.objects.create(employee_id="NOMAIL", name="No Mail", department=org["UW"])
    campaigns.launch(draft())
    assignment = Assignment.objects.get()
    messages.send_invitation(assignment.pk)
    message = Message.objects.get()
    assert mailoutbox == [] and message.status == Message.Status.FAILED
    assert message.reason() == "No email address"


def test_the_campaign_page_lists_delivery_failures_with_the_reason(hr, client_for, draft, org):
    Employee.objects.create(employee_id="NOMAIL", name="No Mail", department=org["INV"])
    campaign = draft(departments=[org["INV"]])
    campaigns.launch(campaign)
    messages.send_invitation(Assignment.objects.get().pk)
    html = client_for(hr).get(
        reverse("assessments:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-failure="NOMAIL"' in html and "No email address" in html


def test_a_closed_campaign_sends_no_invitation(draft, employee, mailoutbox):
    campaign = draft()
    campaigns.launch(campaign)
    campaigns.close(campaign)
    messages.send_invitation(Assignment.objects.get(employee=employee.employee).pk)
    assert mailoutbox == [] and not Message.objects.exists()


def test_the_link_needs_a_login_and_opens_only_for_the_assignments_own_employee(
        draft, cast, client_for):
    campaigns.launch(draft())
    assignment = Assignment.objects.get(employee=cast["employee"].employee)
    url = reverse("assessments:assignment", args=[assignment.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous.url
    own = client_for(cast["employee"]).get(url, follow=True)
    assert own.status_code == 200 and own.redirect_chain[-1][0].endswith("/notice/")
    for role in ("other_employee", "manager", "hr", "bank_admin", "superuser"):
        assert client_for(cast[role]).get(url).status_code == 404, role
    # A login with no employee record takes no assessment at all: refused whatever the id.
    assert client_for(cast["outsider"]).get(url).status_code == 403
    assert client_for(cast["employee"]).get(
        reverse("assessments:assignment", args=[99999])).status_code == 404


def _closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
