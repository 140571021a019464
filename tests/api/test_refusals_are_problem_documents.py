"""Bad input of every kind answers a 4xx problem document (RFC 9457), in the request's
language, and writes nothing."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from assessments.models import Campaign

from .conftest import problem_of

VALID = {"name": "Spring", "bank": "SEC", "bank_version": 1, "audience_all": True}


@pytest.fixture
def hr_api(world, users, api_as):
    return api_as(users["hr"])


def post(client, body, content_type="application/json"):
    return client.post("/api/v1/campaigns/", body, content_type=content_type)


def test_a_valid_campaign_is_created(hr_api):
    response = post(hr_api, VALID)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize("body, status, field", [
    ("{not json", 400, None),
    ("[1, 2]", 400, None),
    (json.dumps({**VALID, "colour": "red"}), 400, "colour"),
    (json.dumps({**VALID, "bank_version": 99}), 400, "bank_version"),
    (json.dumps({**VALID, "audience_all": False, "departments": ["NOPE"]}), 400, "departments"),
    (json.dumps({**VALID, "name": ""}), 400, "name"),
    (json.dumps({**VALID, "closes_at": "2000-01-01T00:00:00Z"}), 400, "closes_at"),
    (json.dumps({**VALID, "audience_all": False}), 400, "audience_all"),
])
def test_bad_json_is_refused_with_every_problem_and_nothing_written(hr_api, body, status, field):
    before = Campaign.objects.count()
    found = problem_of(post(hr_api, body), status)
    if field:
        assert field in {error["field"] for error in found["errors"]}, found
    assert Campaign.objects.count() == before


def test_a_wrong_content_type_is_refused(hr_api):
    before = Campaign.objects.count()
    problem_of(post(hr_api, "name=Spring", content_type="application/x-www-form-urlencoded"),
               415)
    assert Campaign.objects.count() == before


def test_an_oversize_body_is_refused(hr_api, settings):
    settings.API_MAX_BODY_BYTES = 1000
    before = Campaign.objects.count()
    problem_of(post(hr_api, json.dumps({**VALID, "notice_version": "x" * 2000})), 413)
    assert Campaign.objects.count() == before


def test_an_unknown_object_and_a_wrong_method_are_problems(hr_api):
    problem_of(hr_api.get("/api/v1/campaigns/999999/"), 404)
    problem_of(hr_api.get("/api/v1/employees/NOBODY/"), 404)
    problem_of(hr_api.delete("/api/v1/campaigns/"), 405)


def test_a_refusal_speaks_the_requests_language(world, users, token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(users['employee'])}",
                             "Accept-Language": "zh-hans"})
    found = problem_of(client.get("/api/v1/employees/"), 403)
    assert found["title"] == "无权访问"


def test_launching_twice_is_a_conflict(hr_api, world):
    found = problem_of(hr_api.post(f"/api/v1/campaigns/{world['open'].pk}/launch/"), 409)
    assert "already" in found["detail"]


def test_each_token_has_its_own_request_budget(world, users, api_as, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**rates, "token": "2/minute"}}
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()
    try:
        first, second = api_as(users["hr"]), api_as(users["hr"])
        assert first.get("/api/v1/departments/").status_code == 200
        assert first.get("/api/v1/departments/").status_code == 200
        refused = first.get("/api/v1/departments/")
        problem_of(refused, 429)
        assert int(refused["Retry-After"]) > 0
        assert second.get("/api/v1/departments/").status_code == 200
    finally:
        SimpleRateThrottle.THROTTLE_RATES = rates


def test_an_unknown_api_path_is_a_problem_document(db, client):
    problem_of(client.get("/api/v1/no-such-thing/"), 404)
    problem_of(client.post("/api/v1/employees", {}), 404)
