"""Every operation of the served schema, as anonymous, as each role of the cast and as a
token of each scope: who gets in is written down here once, and a new operation without
a row fails the first test. A refusal is a problem document and writes nothing."""

import pytest
from django.apps import apps
from django.test import Client

from api.models import Scope

from .conftest import problem_of

# (method, path) -> the scope it needs. Every operation needs an HR role as well (the
# token's user must hold the site permission), so only hr and superuser get through.
SCOPE_OF = {
    ("GET", "/api/v1/departments/"): Scope.ORG_READ,
    ("GET", "/api/v1/positions/"): Scope.ORG_READ,
    ("GET", "/api/v1/employees/"): Scope.ORG_READ,
    ("GET", "/api/v1/employees/{employee_id}/"): Scope.ORG_READ,
    ("GET", "/api/v1/campaigns/"): Scope.CAMPAIGNS_READ,
    ("POST", "/api/v1/campaigns/"): Scope.CAMPAIGNS_WRITE,
    ("GET", "/api/v1/campaigns/{id}/"): Scope.CAMPAIGNS_READ,
    ("POST", "/api/v1/campaigns/{id}/launch/"): Scope.CAMPAIGNS_WRITE,
    ("POST", "/api/v1/campaigns/{id}/score/"): Scope.CAMPAIGNS_WRITE,
    ("GET", "/api/v1/campaigns/{id}/assignments/"): Scope.CAMPAIGNS_READ,
    ("GET", "/api/v1/campaigns/{id}/results/"): Scope.RESULTS_READ,
    ("GET", "/api/v1/results/{id}/"): Scope.RESULTS_READ,
    ("POST", "/api/v1/org/sync"): Scope.ORG_WRITE,
    ("GET", "/api/v1/criteria/"): Scope.OUTCOMES_WRITE,
    ("POST", "/api/v1/outcomes/"): Scope.OUTCOMES_WRITE,
    ("GET", "/api/v1/webhooks/"): Scope.WEBHOOKS,
    ("POST", "/api/v1/webhooks/"): Scope.WEBHOOKS,
    ("POST", "/api/v1/webhooks/{id}/deactivate/"): Scope.WEBHOOKS,
    ("GET", "/scim/v2/ServiceProviderConfig"): Scope.SCIM,
    ("GET", "/scim/v2/Users"): Scope.SCIM,
    ("POST", "/scim/v2/Users"): Scope.SCIM,
    ("GET", "/scim/v2/Users/{id}"): Scope.SCIM,
    ("PUT", "/scim/v2/Users/{id}"): Scope.SCIM,
    ("PATCH", "/scim/v2/Users/{id}"): Scope.SCIM,
}
ALLOWED_ROLES = {"hr", "superuser"}
CAST = ["employee", "other_employee", "manager", "other_manager", "hr", "bank_admin",
        "outsider", "superuser"]


def operations(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    return sorted((method.upper(), path) for path, item in schema["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete"))


def url_of(path, world):
    if path.startswith("/scim/v2/Users/{id}"):
        return path.replace("{id}", str(world["investor"].employee.pk))
    return (path.replace("{employee_id}", "ID-employee")
            .replace("{id}/results", f"{world['closed'].pk}/results")
            .replace("campaigns/{id}/score", f"campaigns/{world['closed'].pk}/score")
            .replace("results/{id}", f"results/{world['results']['employee'].pk}")
            .replace("{id}", str(world["open"].pk)))


def counts():
    return {model._meta.label: model._default_manager.count()
            for app in ("talent", "assessments") for model in apps.get_app_config(app).get_models()
            if model._meta.label != "assessments.AccessRecord"}


def call(client, method, url):
    if method == "GET":
        return client.get(url)
    return getattr(client, method.lower())(url, {}, content_type="application/json")


def test_every_operation_of_the_schema_has_a_row_and_every_row_an_operation(db, client):
    assert set(operations(client)) == set(SCOPE_OF)


def test_each_role_gets_in_only_where_written_down(world, users, api_as, client):
    unexpected = []
    for role in ["anonymous", *CAST]:
        caller = client if role == "anonymous" else api_as(users[role])
        for method, path in operations(client):
            before = counts()
            response = call(caller, method, url_of(path, world))
            refused = response.status_code in (401, 403)
            if role == "anonymous":
                assert response.status_code == 401
                assert response["WWW-Authenticate"].startswith("Bearer")
            if refused != (role not in ALLOWED_ROLES):
                unexpected.append(f"{method} {path} as {role}: {response.status_code}")
            if refused:
                assert counts() == before, (method, path, role)
    assert not unexpected, "\n".join(unexpected)


def test_a_token_works_only_within_its_scopes(world, users, api_as, client):
    unexpected = []
    for scope in Scope.values:
        caller = api_as(users["superuser"], scope)
        for method, path in operations(client):
            response = call(caller, method, url_of(path, world))
            if (response.status_code == 403) != (SCOPE_OF[(method, path)] != scope):
                unexpected.append(f"{method} {path} with {scope}: {response.status_code}")
            if response.status_code == 403:
                assert SCOPE_OF[(method, path)] in response.json()["detail"]
    assert not unexpected, "\n".join(unexpected)


def test_a_signed_in_browser_session_does_not_act_on_the_api(world, users):
    browser = Client()
    browser.force_login(users["hr"])
    problem_of(browser.get("/api/v1/employees/"), 401)


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_its_docs_are_public(client, db, path):
    assert client.get(path).status_code == 200
