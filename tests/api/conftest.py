"""API fixtures: the security tests' small world (tests/security/conftest.py) and tokens
for any member of the cast with any scopes."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from api import tokens
from api.models import Scope
from talent.models import User
from talent.roles import HR_GROUP
from tests.security.conftest import (  # noqa: F401 (fixtures)
    bank_text,
    client_as,
    investor,
    other_manager,
    private_media,
    users,
    world,
)

ALL_SCOPES = list(Scope.values)


@pytest.fixture
def hr_login(db):
    """An HR service login with no employee record (a sync's snapshot never lists it)."""
    user = User.objects.create_user("hr-sync", "hr-sync@example.com", "x")
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return user


@pytest.fixture
def token_for(db):
    """token_for(user, *scopes) -> the secret of a new token (every scope by default)."""
    def make(user, *scopes, days=30):
        _token, raw = tokens.issue(user, name="test", scopes=list(scopes or ALL_SCOPES),
                                   days=days)
        return raw

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user, *scopes) -> a client that sends that user's bearer token."""
    def make(user, *scopes):
        return Client(headers={"Authorization": f"Bearer {token_for(user, *scopes)}"})

    return make


def problem_of(response, status):
    """The problem document of a refusal (RFC 9457), after checking its shape."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body
