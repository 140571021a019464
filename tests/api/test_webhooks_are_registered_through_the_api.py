"""`/api/v1/webhooks/`: a system registers, lists and turns off webhooks with a token of
an HR login holding the `webhooks` scope, under the rules of HR's page (public HTTPS only,
known events). Every refusal is a problem document listing every problem, and writes
nothing; the signing secret is in the registration's answer only."""

import json

import pytest

from api.models import Webhook

from .conftest import problem_of

URL = "/api/v1/webhooks/"


def post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_hr_registers_lists_and_turns_off_a_webhook(hr, api_as):
    api = api_as(hr, "webhooks")
    created = post(api, {"url": "https://93.184.216.34/hook",
                         "events": ["sync.paused", "result.released"]})
    assert created.status_code == 201, created.content
    body = created.json()
    hook = Webhook.objects.get()
    assert body["secret"] == hook.secret and body["events"] == ["result.released",
                                                                 "sync.paused"]
    listed = api.get(URL).json()["results"]
    assert [h["url"] for h in listed] == ["https://93.184.216.34/hook"]
    assert "secret" not in listed[0]
    off = api.post(f"{URL}{hook.pk}/deactivate/")
    assert off.status_code == 200 and off.json()["active"] is False
    assert not Webhook.objects.get().active


@pytest.mark.parametrize("url, words", [
    ("http://93.184.216.34/hook", "must start with https://"),
    ("https://127.0.0.1/hook", "internal address"),
    ("https://10.1.2.3/hook", "internal address"),
    ("https://169.254.169.254/latest", "internal address"),
])
def test_a_url_that_is_not_public_https_is_a_problem_and_writes_nothing(hr, api_as, url,
                                                                        words):
    body = problem_of(post(api_as(hr, "webhooks"), {"url": url, "events": ["sync.paused"]}),
                      400)
    assert any(e["field"] == "url" and words in e["message"] for e in body["errors"])
    assert not Webhook.objects.exists()


def test_every_problem_is_named_at_once(hr, api_as):
    body = problem_of(post(api_as(hr, "webhooks"), {"url": "ftp://x", "events": ["nope"]}),
                      400)
    assert {e["field"] for e in body["errors"]} == {"url", "events"}
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("body, content_type", [
    ("{not json", "application/json"),
    (json.dumps({"events": ["sync.paused"]}), "application/json"),
    (json.dumps({"url": "https://93.184.216.34/", "events": "sync.paused"}),
     "application/json"),
    ("url=https://93.184.216.34/", "text/plain"),
])
def test_a_malformed_body_is_a_4xx_problem_and_writes_nothing(hr, api_as, body,
                                                              content_type):
    response = api_as(hr, "webhooks").post(URL, body, content_type=content_type)
    assert response.status_code in (400, 415)
    problem_of(response, response.status_code)
    assert not Webhook.objects.exists()


def test_without_the_scope_or_an_hr_role_nothing_is_registered_or_turned_off(
        hr, employee, api_as):
    hook = Webhook.objects.create(url="https://93.184.216.34/", events=["sync.paused"],
                                  secret="s")
    for client in (api_as(hr, "results:read"), api_as(employee, "webhooks")):
        problem_of(post(client, {"url": "https://93.184.216.34/x",
                                 "events": ["sync.paused"]}), 403)
        problem_of(client.get(URL), 403)
        problem_of(client.post(f"{URL}{hook.pk}/deactivate/"), 403)
    assert Webhook.objects.count() == 1 and Webhook.objects.get().active


def test_turning_off_an_unknown_hook_is_not_found(hr, api_as):
    problem_of(api_as(hr, "webhooks").post(f"{URL}999/deactivate/"), 404)
