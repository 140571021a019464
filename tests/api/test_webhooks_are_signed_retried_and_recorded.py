"""Webhooks: HR registers public HTTPS URLs; deliveries carry ids only, are signed
(HMAC-SHA256 of "<timestamp>.<body>" with the hook's secret), retried with backoff by
Celery, and recorded. A real receiver listens on loopback (allowed by
WEBHOOKS_ALLOW_PRIVATE, which production refuses)."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from api import webhooks
from api.events import on_sync_paused
from api.models import Webhook, WebhookDelivery
from assessments import tasks as assessment_tasks
from assessments.models import Campaign, Result
from assessments.services import reviews
from config.celery import app as celery_app
from talent.models import OrgSync


@pytest.fixture
def receiver():
    """A loopback HTTP server that records each POST and answers the next status."""
    got, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(answers.pop(0) if answers else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/hook", "got": got,
           "answers": answers}
    server.shutdown()
    server.server_close()


@pytest.fixture
def eager():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def loopback(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


def verify(headers, body, secret):
    expected = hmac.new(secret.encode(), headers["X-Talent-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Talent-Signature"], f"sha256={expected}")


def test_a_release_is_delivered_signed_with_ids_only(
        world, users, receiver, eager, loopback, django_capture_on_commit_callbacks):
    hook = webhooks.register(receiver["url"], ["result.released"])
    result = world["results"]["employee"]
    Result.objects.filter(pk=result.pk).update(review_state=Result.ReviewState.PENDING,
                                               released_family="")
    with django_capture_on_commit_callbacks(execute=True):
        reviews.confirm(result.pk, users["hr"], 0)
    [(headers, body)] = receiver["got"]
    assert verify(headers, body, hook.secret)
    assert headers["X-Talent-Event"] == "result.released"
    payload = json.loads(body)
    assert payload["data"] == {"result_ids": [result.pk]}
    assert "Employee" not in body.decode() and "@" not in body.decode()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.response_status == 204


def test_a_closed_campaign_and_a_paused_sync_are_announced(
        world, receiver, eager, loopback, django_capture_on_commit_callbacks):
    webhooks.register(receiver["url"], ["campaign.closed", "sync.paused"])
    with django_capture_on_commit_callbacks(execute=True):
        assessment_tasks.close(Campaign.objects.get(pk=world["open"].pk))
    sync = OrgSync.objects.create(status="paused", source="api", sha256="x")
    with django_capture_on_commit_callbacks(execute=True):
        on_sync_paused(OrgSync, sync=sync)
    events = [json.loads(body) for _headers, body in receiver["got"]]
    assert [(e["event"], e["data"]) for e in events] == [
        ("campaign.closed", {"campaign_id": world["open"].pk}),
        ("sync.paused", {"sync_id": sync.pk})]


def test_a_failing_receiver_is_retried_until_it_answers(db, receiver, eager, loopback,
                                                        django_capture_on_commit_callbacks):
    webhooks.register(receiver["url"], ["sync.paused"])
    receiver["answers"] += [500, 503]
    sync = OrgSync.objects.create(status="paused", source="api", sha256="x")
    with django_capture_on_commit_callbacks(execute=True):
        on_sync_paused(OrgSync, sync=sync)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver["got"]) == 3


def test_a_receiver_that_never_answers_well_is_marked_failed(
        db, receiver, eager, loopback, django_capture_on_commit_callbacks):
    webhooks.register(receiver["url"], ["sync.paused"])
    receiver["answers"] += [500] * 10
    sync = OrgSync.objects.create(status="paused", source="api", sha256="x")
    with django_capture_on_commit_callbacks(execute=True):
        on_sync_paused(OrgSync, sync=sync)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 7
    assert delivery.response_status == 500


@pytest.mark.parametrize("url", [
    "http://93.184.216.34/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
    "https://[::1]/hook", "https://169.254.169.254/latest", "https://localhost/hook",
    "https://192.168.0.10/", "ftp://93.184.216.34/",
])
def test_hr_cannot_register_a_url_that_is_not_public_https(hr, client_for, url):
    response = client_for(hr).post("/integrations/webhooks/", {
        "url": url, "events": ["result.released"]})
    assert response.status_code == 400
    assert not Webhook.objects.exists()


def test_hr_registers_a_public_https_url_and_sees_its_secret_once(hr, client_for):
    client = client_for(hr)
    response = client.post("/integrations/webhooks/", {
        "url": "https://93.184.216.34/hook", "events": ["result.released", "sync.paused"]})
    assert response.status_code == 200
    hook = Webhook.objects.get()
    assert hook.secret in response.content.decode()
    assert hook.secret not in client.get("/integrations/webhooks/").content.decode()
    assert client.post("/integrations/webhooks/", {"url": "https://93.184.216.34/",
                                                   "events": ["nope"]}).status_code == 400
    client.post(f"/integrations/webhooks/{hook.pk}/deactivate/")
    assert not Webhook.objects.get().active


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_only_hr_manages_webhooks(cast, client_for, role):
    hook = Webhook.objects.create(url="https://93.184.216.34/", events=["sync.paused"],
                                  secret="s")
    client = client_for(cast[role])
    assert client.get("/integrations/webhooks/").status_code == 403
    assert client.post("/integrations/webhooks/", {"url": "https://93.184.216.34/x",
                                                   "events": ["sync.paused"]}).status_code == 403
    assert client.post(f"/integrations/webhooks/{hook.pk}/deactivate/").status_code == 403
    assert Webhook.objects.get().active and Webhook.objects.count() == 1


def test_the_deployment_checks_refuse_private_webhooks(settings, loopback):
    with pytest.raises(SystemCheckError, match="WEBHOOKS_ALLOW_PRIVATE"):
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")
