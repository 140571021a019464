"""With MAIL_PROVIDER (django-anymail), each invitation and reminder keeps the provider's
id of the message, and the provider's delivery webhook writes what happened to it:
delivered, bounced, marked as spam. A bounced login invitation shows on HR's logins page
among the failed ones, to be sent again. The webhook checks its secret; another
provider's address, an unknown message or a stale report changes nothing."""

import base64
import json

import pytest
from django.urls import reverse

from assessments.models import Assignment, Message
from assessments.services import messages
from talent import invitations
from talent.models import LoginInvitation
from tests.factories import make_campaign

SECRET = "mailhook:s3cret-words"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.MAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend",
                                    "OPTIONS": {}}}


def report(client, record, secret=SECRET, provider="postmark"):
    auth = base64.b64encode(secret.encode()).decode()
    return client.post(reverse("mail_events", args=[provider]), json.dumps(record),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}")


def bounce(message_id, when="2026-12-06T10:00:00Z"):
    return {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "ID": 42,
            "MessageID": message_id, "Email": "nora@example.com", "BouncedAt": when,
            "Description": "The server was unable to deliver your message.",
            "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist."}


@pytest.fixture
def invitation(employee):
    campaign = make_campaign()
    assignment = Assignment.objects.create(campaign=campaign, employee=employee.employee,
                                           department=employee.employee.department)
    message = messages.send_invitation(assignment.pk)
    assert message.status == Message.Status.SENT and message.provider_id != ""
    return message


def test_a_bounce_is_written_on_the_invitation_it_names(invitation, client):
    response = report(client, bounce(invitation.provider_id))
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.delivery == Message.Delivery.BOUNCED
    assert "5.1.1" in invitation.delivery_detail


def test_a_report_older_than_the_one_recorded_changes_nothing(invitation, client):
    report(client, bounce(invitation.provider_id, when="2026-12-06T10:00:00Z"))
    delivered = {"RecordType": "Delivery", "MessageID": invitation.provider_id,
                 "Recipient": "nora@example.com", "DeliveredAt": "2026-12-06T09:00:00Z",
                 "Details": "Test delivery"}
    assert report(client, delivered).status_code == 200
    invitation.refresh_from_db()
    assert invitation.delivery == Message.Delivery.BOUNCED


def test_a_webhook_without_the_secret_is_refused_and_records_nothing(invitation, client):
    response = report(client, bounce(invitation.provider_id), secret="mailhook:guess")
    assert response.status_code in (400, 401, 403)
    invitation.refresh_from_db()
    assert invitation.delivery == ""


def test_another_providers_address_does_not_exist(invitation, client):
    assert report(client, bounce(invitation.provider_id), provider="mailgun").status_code == 404
    assert report(client, bounce(invitation.provider_id), provider="nope").status_code == 404


def test_a_report_about_a_message_we_never_sent_is_accepted_and_changes_nothing(
        invitation, client):
    assert report(client, bounce("not-one-of-ours")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.delivery == ""


def test_without_a_provider_the_address_does_not_exist(invitation, client, settings):
    settings.MAIL_PROVIDER = ""
    assert report(client, bounce(invitation.provider_id)).status_code == 404


def test_a_bounced_login_invitation_is_among_the_failed_ones_on_hrs_page(
        hr, client_for, client, employee):
    employee.set_unusable_password()
    employee.email = employee.email or "nora@example.com"
    employee.save()
    sent = invitations.send_first_invitation(employee.pk)
    assert sent.status == LoginInvitation.Status.SENT, sent.error
    assert sent.provider_id
    report(client, bounce(sent.provider_id))
    page = client_for(hr).get(reverse("talent:logins") + "?state=failed").content.decode()
    assert employee.employee.name in page
    assert "Bounced" in page and "5.1.1" in page
