"""schemathesis against the schema the site serves: a bounded number of generated
requests per operation, with an HR token and with an employee's token; no answer is a
5xx and every answer matches the schema (bodies of documented statuses, 4XX problem
documents included)."""

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from api import tokens
from api.models import Scope
from talent.models import User
from talent.roles import HR_GROUP

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json",
                                        get_wsgi_application())
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance]
EXAMPLES = 8


@pytest.fixture
def bearer(world, users, tmp_path, django_settings):
    """A token for HR (a service login with no employee record, so a generated sync
    never deactivates it) and one for a plain employee."""
    django_settings.PRIVATE_MEDIA_ROOT = tmp_path
    service = User.objects.create_user("hr-integration", "hr-integration@example.com", "x")
    service.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    # Every scope, so no operation is left answering only "out of scope"; the
    # employee's token still acts with an employee's role, which is the point.
    issue = lambda user: tokens.issue(  # noqa: E731
        user, name="schemathesis", scopes=list(Scope.values), days=1)[1]
    return {"hr": issue(service), "employee": issue(users["employee"])}


@pytest.fixture
def django_settings(settings):
    return settings


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, which closes the database
    connection at the end of each request; the test's transaction must survive (Django's
    test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["hr", "employee"])
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_generated_requests_get_no_5xx_and_answers_match_the_schema(case, bearer, who):
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer[who]}"}, checks=CHECKS)
