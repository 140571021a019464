"""Every new review page and action, for each role in the cast: HR and the superuser may,
everyone else gets 403 and nothing changes; anonymous visitors are sent to log in. The
person's own data is for every employee (a login with no employee record gets 403)."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import AccessRecord, Result, ReviewDecision

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}


@pytest.fixture
def result(scored, cast):
    return scored(4)[0]


PAGES = {
    "queue": lambda r: reverse("assessments:review_queue"),
    "result": lambda r: reverse("assessments:review_result", args=[r.pk]),
    "bulk_preview": lambda r: reverse("assessments:review_bulk_preview"),
}
ACTIONS = {
    "decide": lambda r: (reverse("assessments:review_decide", args=[r.pk]),
                         {"decision": "confirm", "review_round": 0}),
    "bulk_confirm": lambda r: (reverse("assessments:review_bulk_confirm"),
                               {"state": "awaiting", "fingerprint": "x"}),
}
OWN_DATA = ["my_data_json", "my_data_csv"]


def _state():
    return (list(Result.objects.order_by("pk").values_list("review_state", "review_round")),
            ReviewDecision.objects.count())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_review_pages_it_may(page, role, cast, client_for, result):
    response = client_for(cast[role]).get(PAGES[page](result))
    assert response.status_code == (200 if role in HR_ONLY else 403)
    if role not in HR_ONLY:
        assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", sorted(set(ROLES) - HR_ONLY))
def test_only_hr_can_decide(action, role, cast, client_for, result):
    before = _state()
    url, data = ACTIONS[action](result)
    assert client_for(cast[role]).post(url, data).status_code == 403
    assert _state() == before


@pytest.mark.parametrize("name", [*PAGES, *ACTIONS, *OWN_DATA])
def test_anonymous_visitors_are_sent_to_log_in(name, result):
    if name in PAGES:
        response = Client().get(PAGES[name](result))
    elif name in ACTIONS:
        response = Client().post(*ACTIONS[name](result))
    else:
        response = Client().get(reverse(f"assessments:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("name", OWN_DATA)
@pytest.mark.parametrize("role", ROLES)
def test_every_employee_downloads_their_own_data(name, role, cast, client_for, result):
    response = client_for(cast[role]).get(reverse(f"assessments:{name}"))
    if role in ("outsider", "superuser"):
        # No employee record: nothing is held about them as an employee.
        assert response.status_code == (403 if role == "outsider" else 404)
        assert not AccessRecord.objects.exists()
    else:
        assert response.status_code == 200
        assert cast[role].employee.employee_id.encode() in response.content


@pytest.mark.parametrize("action", ["result", "decide"])
def test_an_unknown_result_is_404_for_hr(action, hr, client_for, result):
    client = client_for(hr)
    if action == "result":
        response = client.get(reverse("assessments:review_result", args=[999_999]))
    else:
        response = client.post(reverse("assessments:review_decide", args=[999_999]),
                               {"decision": "confirm", "review_round": 0})
    assert response.status_code == 404
    assert not ReviewDecision.objects.exists() and not AccessRecord.objects.exists()
