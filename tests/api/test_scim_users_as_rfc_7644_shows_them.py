"""SCIM 2.0 /scim/v2/Users, driven by the request and response examples of RFC 7644
(§3.3 create, §3.4.2 filter, §3.4.1 get, §3.5.1 replace, §3.12 errors) and by the
PATCH of `active` that Okta and Azure AD send."""

import json

import pytest
from django.test import Client

from talent.models import Employee

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
MEDIA = "application/scim+json"

# RFC 7644 §3.3, the creation request.
BJENSEN = {
    "schemas": [CORE],
    "userName": "bjensen",
    "externalId": "bjensen",
    "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen",
             "givenName": "Barbara"},
}


@pytest.fixture
def idp(hr, token_for, settings, org):
    settings.SCIM_DEFAULT_DEPARTMENT = "HQ"
    return Client(headers={"Authorization": f"Bearer {token_for(hr, 'scim')}",
                           "Accept": MEDIA})


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type=MEDIA)


def scim_error(response, status, scim_type=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(MEDIA)
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status) and body["detail"]
    if scim_type:
        assert body["scimType"] == scim_type
    return body


def test_create_answers_as_in_section_3_3(idp):
    response = send(idp, "post", "/scim/v2/Users", BJENSEN)
    assert response.status_code == 201 and response["Content-Type"].startswith(MEDIA)
    user = response.json()
    assert user["schemas"] == [CORE] and user["id"]
    assert user["userName"] == "bjensen" and user["externalId"] == "bjensen"
    assert user["meta"]["resourceType"] == "User"
    assert response["Location"] == user["meta"]["location"]
    assert user["meta"]["location"].endswith(f"/scim/v2/Users/{user['id']}")
    employee = Employee.objects.get(pk=user["id"])
    assert employee.name == "Ms. Barbara J Jensen III" and employee.department.code == "HQ"
    # Creating the same user again is a uniqueness conflict (§3.3).
    scim_error(send(idp, "post", "/scim/v2/Users", BJENSEN), 409, "uniqueness")


def test_filter_get_and_replace_as_in_sections_3_4_and_3_5_1(idp):
    created = send(idp, "post", "/scim/v2/Users", BJENSEN).json()
    listed = idp.get("/scim/v2/Users", {"filter": 'userName Eq "BJensen"'}).json()
    assert listed["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert listed["totalResults"] == 1 and listed["Resources"][0]["id"] == created["id"]
    assert idp.get("/scim/v2/Users", {"filter": 'userName eq "nobody"'}).json()[
        "totalResults"] == 0
    assert idp.get(f"/scim/v2/Users/{created['id']}").json()["userName"] == "bjensen"

    # §3.5.1's replacement: a middle name, two emails (the first is taken), no roles.
    replaced = send(idp, "put", f"/scim/v2/Users/{created['id']}", {
        "schemas": [CORE], "id": created["id"], "userName": "bjensen", "externalId": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen",
                 "givenName": "Barbara", "middleName": "Jane"},
        "roles": [], "emails": [{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}],
    })
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["emails"][0]["value"] == "bjensen@example.com"
    employee = Employee.objects.get(pk=created["id"])
    assert employee.email == "bjensen@example.com"
    assert employee.user is not None  # a login once there is an email (talent/accounts.py)


def test_an_employee_from_the_hr_sync_is_found_by_their_email(idp, employee):
    listed = idp.get("/scim/v2/Users", {"filter": 'userName eq "employee@example.com"'}).json()
    assert listed["totalResults"] == 1
    assert listed["Resources"][0]["externalId"] == "ID-employee"


@pytest.mark.parametrize("operation", [
    {"op": "replace", "path": "active", "value": False},  # RFC 7644 form
    {"op": "Replace", "path": "active", "value": "False"},  # Azure AD
    {"op": "replace", "value": {"active": False}},  # Okta
])
def test_patching_active_to_false_ends_the_persons_access(idp, employee, client_for,
                                                          operation):
    session = client_for(employee)
    assert session.get("/").status_code == 200
    pk = employee.employee.pk
    response = send(idp, "patch", f"/scim/v2/Users/{pk}",
                    {"schemas": [PATCH], "Operations": [operation]})
    assert response.status_code == 200 and response.json()["active"] is False
    employee.refresh_from_db()
    assert not employee.is_active and not employee.employee.active
    assert session.get("/").status_code == 302  # the open session ended


@pytest.mark.parametrize("given", [
    'userName sw "b"', 'name.familyName eq "Jensen"', 'userName eq bjensen',
    'userName eq "a" or userName eq "b"', "",
])
def test_a_filter_outside_the_subset_is_a_400_invalid_filter(idp, given):
    scim_error(idp.get("/scim/v2/Users", {"filter": given}), 400, "invalidFilter")


@pytest.mark.parametrize("body, scim_type", [
    ({**BJENSEN, "schemas": []}, "invalidValue"),
    ({**BJENSEN, "colour": "red"}, "invalidValue"),
    ({**BJENSEN, "active": "yes"}, "invalidValue"),
    ({**BJENSEN, "userName": ""}, "invalidValue"),
    ({**BJENSEN, "emails": [{"value": "not-an-email"}]}, "invalidValue"),
    ([BJENSEN], "invalidSyntax"),
])
def test_a_bad_user_is_refused_and_nothing_is_written(idp, body, scim_type):
    before = Employee.objects.count()
    scim_error(send(idp, "post", "/scim/v2/Users", body), 400, scim_type)
    assert Employee.objects.count() == before


def test_malformed_json_and_unsupported_patches_are_refused(idp, employee):
    pk = employee.employee.pk
    response = idp.post("/scim/v2/Users", "{nope", content_type=MEDIA)
    scim_error(response, 400, "invalidSyntax")
    for operations in ([{"op": "replace", "value": {"nickName": "Babs"}}],
                       [{"op": "remove", "path": "active"}], [],
                       [{"op": "replace", "path": "active", "value": False, "colour": 1}]):
        scim_error(send(idp, "patch", f"/scim/v2/Users/{pk}",
                        {"schemas": [PATCH], "Operations": operations}), 400)
    assert Employee.objects.get(pk=pk).active
    scim_error(idp.post("/scim/v2/Users", "x", content_type="text/plain"), 415)


def test_a_user_without_a_department_is_refused_when_no_default_is_set(idp, settings):
    settings.SCIM_DEFAULT_DEPARTMENT = ""
    scim_error(send(idp, "post", "/scim/v2/Users", BJENSEN), 400, "invalidValue")
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    created = send(idp, "post", "/scim/v2/Users", {**BJENSEN, enterprise: {"department": "UW"}})
    assert created.status_code == 201


def test_only_a_scim_token_of_an_hr_login_provisions(hr, employee, token_for, org):
    for raw in (token_for(hr, "org:read"), token_for(employee, "scim")):
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        scim_error(send(client, "post", "/scim/v2/Users", BJENSEN), 403)
    scim_error(Client().get("/scim/v2/Users"), 401)
    scim_error(Client().get("/scim/v2/Users", headers={"Authorization": "Bearer x"}), 401)
    assert not Employee.objects.filter(employee_id="bjensen").exists()


def test_an_unknown_user_is_404(idp):
    scim_error(idp.get("/scim/v2/Users/999999"), 404)
