"""Every new page and endpoint, for each role in the cast: only the assignment's own
employee gets in; other employees (manager, HR and bank admins included) get a 404, as
for an assignment that does not exist; a login without an employee record gets a 403."""

import pytest
from django.contrib.auth.models import AnonymousUser  # noqa: F401

from assessments.models import Assignment
from assessments.services import answering

from .conftest import url

PAGES = [("assignment", ()), ("assignment_notice", ()), ("assignment_page", (1,)),
         ("assignment_submit", ()), ("assignment_submitted", ())]
WRITES = [("assignment_notice", ()), ("assignment_page", (1,)),
          ("assignment_autosave", ()), ("assignment_submit", ())]
OTHERS = {"other_employee": 404, "manager": 404, "hr": 404, "bank_admin": 404,
          "outsider": 403, "superuser": 404}


@pytest.fixture
def mine(cast, ready):
    return ready


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_nobody_else_opens_my_pages(who, name, args, cast, client_for, mine):
    response = client_for(cast[who]).get(url(name, mine, *args))
    assert response.status_code == OTHERS[who]


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize(("name", "args"), WRITES)
def test_nobody_else_writes_to_my_assignment(who, name, args, cast, client_for, mine):
    item = mine.item_order[0]
    response = client_for(cast[who]).post(url(name, mine, *args),
                                          {"item": item, "value": 3, "sequence": 1})
    assert response.status_code == OTHERS[who]
    assert not mine.answers.exists()


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_i_open_each_of_my_pages(name, args, cast, client_for, mine):
    response = client_for(cast["employee"]).get(url(name, mine, *args), follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["manager", "hr", "bank_admin"])
def test_staff_take_their_own_assessments_like_anyone(who, cast, client_for, campaign):
    assignment = Assignment.objects.create(campaign=campaign, employee=cast[who].employee)
    client = client_for(cast[who])
    assert client.post(url("assignment_notice", assignment)).status_code == 302
    assignment.refresh_from_db()
    answering.start(assignment)
    item = assignment.item_order[0]
    response = client.post(url("assignment_autosave", assignment),
                           {"item": item, "value": 3, "sequence": 1})
    assert response.status_code == 200


def test_anonymous_visitors_go_to_the_login_page(client, mine):
    for name, args in PAGES:
        response = client.get(url(name, mine, *args))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
