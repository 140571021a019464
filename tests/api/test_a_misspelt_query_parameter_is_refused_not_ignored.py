"""A query parameter a list does not know is refused with a problem document naming it:
ignored, `?departmnet=INV` would answer with the whole organisation. The filters, the
cursor's parameters and the `next` links keep working; SCIM, whose providers send
attributes this subset does not read, is left as it was."""

import pytest

from .conftest import problem_of


@pytest.fixture
def hr_api(world, users, api_as):
    return api_as(users["hr"])


@pytest.mark.parametrize("url, name", [
    ("/api/v1/employees/?departmnet=INV", "departmnet"),
    ("/api/v1/departments/?parent=HQ&colour=red", "colour"),
    ("/api/v1/campaigns/?state=open", "state"),
    ("/api/v1/employees/ID-employee/?fields=name", "fields"),
])
def test_an_unknown_query_parameter_is_refused_by_name(hr_api, url, name):
    found = problem_of(hr_api.get(url), 400)
    assert [error["field"] for error in found["errors"]] == [name]


def test_known_parameters_and_the_next_links_still_work(hr_api, world):
    url = f"/api/v1/campaigns/{world['closed'].pk}/results/?page_size=1&format=json"
    seen = 0
    while url:
        page = hr_api.get(url)
        assert page.status_code == 200, page.content
        seen += len(page.json()["results"])
        url = page.json()["next"]
    assert seen == len(world["results"])
    people = hr_api.get("/api/v1/employees/?department=INV&active=true&page_size=1")
    assert people.status_code == 200 and people.json()["next"]
    assert hr_api.get(people.json()["next"]).status_code == 200


def test_scim_lists_ignore_the_attributes_providers_send(hr, token_for):
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {token_for(hr, 'scim')}"})
    response = client.get("/scim/v2/Users", {"filter": 'userName eq "hr@example.com"',
                                             "attributes": "userName",
                                             "excludedAttributes": "groups"})
    assert response.status_code == 200, response.content
