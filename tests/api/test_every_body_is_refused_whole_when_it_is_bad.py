"""Every operation of the served schema that reads a body refuses a bad one the same way:
malformed JSON, an unknown field, a body over the limit and a wrong content type each
answer a 4xx problem document (a SCIM error document under /scim/) and write nothing.
A new operation with a body fails the first test until it has a row here."""

import json

import pytest
from django.apps import apps

from .conftest import problem_of

SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SCIM_USER = {"schemas": [CORE], "userName": "bjensen", "externalId": "bjensen",
             "name": {"formatted": "Barbara Jensen"}}

# (method, path) -> (its JSON media type, a body that is right but for one unknown field)
BODIES = {
    ("POST", "/api/v1/campaigns/"): ("application/json", {
        "name": "Spring", "bank": "SEC", "bank_version": 1, "audience_all": True,
        "colour": "red"}),
    ("POST", "/api/v1/org/sync"): ("application/json", {
        "employees": [{"employee_id": "N1", "name": "New", "department_code": "HQ",
                       "department_name": "Head office", "colour": "red"}]}),
    ("POST", "/api/v1/outcomes/"): ("application/json", {
        "outcomes": [{"employee_id": "ID-employee", "criterion": "ops",
                      "date": "2026-01-05", "value": 3, "colour": "red"}]}),
    ("POST", "/api/v1/webhooks/"): ("application/json", {
        "url": "https://93.184.216.34/hook", "events": ["sync.paused"], "colour": "red"}),
    ("POST", "/scim/v2/Users"): ("application/scim+json", {**SCIM_USER, "colour": "red"}),
    ("PUT", "/scim/v2/Users/{id}"): ("application/scim+json", {**SCIM_USER,
                                                               "colour": "red"}),
    ("PATCH", "/scim/v2/Users/{id}"): ("application/scim+json", {
        "schemas": [PATCH_OP], "colour": "red",
        "Operations": [{"op": "replace", "path": "active", "value": False}]}),
}


def operations_with_a_body(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    return {(method.upper(), path) for path, item in schema["paths"].items()
            for method, operation in item.items()
            if isinstance(operation, dict) and "requestBody" in operation}


def rows():
    """Everything the API could write, counted (the access log aside: it is not written
    by these operations)."""
    return {model._meta.label: model._default_manager.count()
            for app in ("talent", "assessments", "api")
            for model in apps.get_app_config(app).get_models()}


def refusal(response, status):
    if response.wsgi_request.path.startswith("/scim/"):
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/scim+json")
        body = response.json()
        assert body["schemas"] == [SCIM_ERROR] and body["status"] == str(status)
        return body
    return problem_of(response, status)


@pytest.fixture
def send(world, users, api_as, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.SCIM_DEFAULT_DEPARTMENT = "HQ"
    client = api_as(users["hr"])
    someone = world["investor"].employee.pk

    def call(method, path, body, content_type):
        url = path.replace("{id}", str(someone))
        return getattr(client, method.lower())(url, body, content_type=content_type)

    return call


def test_every_operation_with_a_body_has_a_row(db, client):
    assert operations_with_a_body(client) == set(BODIES)


@pytest.mark.parametrize("operation", sorted(BODIES))
def test_malformed_json_is_refused(send, operation):
    media, _body = BODIES[operation]
    before = rows()
    refusal(send(*operation, "{not json", media), 400)
    assert rows() == before


@pytest.mark.parametrize("operation", sorted(BODIES))
def test_an_unknown_field_is_refused_by_name(send, operation):
    media, body = BODIES[operation]
    before = rows()
    found = refusal(send(*operation, json.dumps(body), media), 400)
    assert "colour" in json.dumps(found)
    assert rows() == before


@pytest.mark.parametrize("operation", sorted(BODIES))
def test_a_body_over_the_limit_is_refused(send, operation, settings):
    settings.API_MAX_BODY_BYTES = settings.ORG_IMPORT_MAX_BYTES = 100
    media, body = BODIES[operation]
    before = rows()
    refusal(send(*operation, json.dumps({**body, "padding": "x" * 200}), media), 413)
    assert rows() == before


@pytest.mark.parametrize("operation", sorted(BODIES))
def test_a_wrong_content_type_is_refused(send, operation):
    before = rows()
    refusal(send(*operation, "<user><name>x</name></user>", "application/xml"), 415)
    assert rows() == before
