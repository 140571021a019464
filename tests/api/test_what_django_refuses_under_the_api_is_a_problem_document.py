"""What never reaches a DRF view, or escapes one, still answers a machine as the API does:
a path no route matches, a request Django cannot read and a server error are problem
documents under /api/ (SCIM error documents under /scim/), in the request's language.
The site's own pages stay HTML."""

import pytest
from django.test import Client

from api.views import org, scim

from .conftest import problem_of

SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def caller(world, users, token_for):
    def make(**headers):
        return Client(raise_request_exception=False, headers={
            "Authorization": f"Bearer {token_for(users['hr'])}", **headers})

    return make


def scim_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["schemas"] == [SCIM_ERROR] and body["status"] == str(status)
    return body


def broken(*args, **kwargs):
    raise RuntimeError("a bug")


def test_a_server_error_in_the_api_is_a_problem_document(caller, monkeypatch):
    monkeypatch.setattr(org.DepartmentList, "list", broken)
    found = problem_of(caller().get("/api/v1/departments/"), 500)
    assert found["title"] == "Server error" and "a bug" not in found["detail"]
    chinese = problem_of(caller(**{"Accept-Language": "zh-hans"}).get("/api/v1/departments/"),
                         500)
    assert chinese["title"] == "服务器错误"


def test_a_server_error_in_scim_is_a_scim_error(caller, monkeypatch):
    monkeypatch.setattr(scim.ScimUsers, "get", broken)
    scim_error(caller().get("/scim/v2/Users"), 500)


def test_a_request_django_cannot_read_is_a_problem_document(caller, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    problem_of(caller().get("/api/v1/employees/?a=1&b=2&c=3"), 400)
    scim_error(caller().get("/scim/v2/Users?a=1&b=2&c=3"), 400)


@pytest.mark.parametrize("path", ["/api/v2/employees/", "/api/"])
def test_a_path_outside_api_v1_is_a_problem_document(caller, path):
    problem_of(caller().get(path), 404)


@pytest.mark.parametrize("path", ["/scim/v2/Groups", "/scim/v2/Schemas", "/scim/v1/Users"])
def test_a_scim_resource_this_service_lacks_is_a_scim_404(caller, path):
    scim_error(caller().get(path), 404)


def test_the_sites_own_error_pages_stay_html(caller, client_for, hr):
    response = client_for(hr).get("/org/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
