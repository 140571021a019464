"""OPTIONS on an API route answers whoever may call any of its methods, and no one else:
a POST-only route (outcomes) describes itself to the HR system that posts to it."""

import pytest

from api.models import Scope

from .conftest import problem_of

pytestmark = pytest.mark.django_db


def test_hr_with_the_outcomes_scope_can_ask_what_the_outcomes_route_accepts(users, api_as):
    response = api_as(users["hr"], Scope.OUTCOMES_WRITE).options("/api/v1/outcomes/")
    assert response.status_code == 200
    assert "POST" in response["Allow"]


def test_a_route_with_a_get_describes_itself_to_a_reader(users, api_as):
    response = api_as(users["hr"], Scope.ORG_READ).options("/api/v1/employees/")
    assert response.status_code == 200


def test_a_token_without_the_routes_scope_is_refused(users, api_as):
    problem_of(api_as(users["hr"], Scope.ORG_READ).options("/api/v1/outcomes/"), 403)


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin", "outsider"])
def test_a_role_that_may_not_call_the_route_is_refused(users, api_as, role):
    problem_of(api_as(users[role], Scope.OUTCOMES_WRITE).options("/api/v1/outcomes/"), 403)


def test_an_anonymous_caller_is_asked_to_authenticate(client):
    assert client.options("/api/v1/outcomes/").status_code == 401
