"""Every evidence page and the outcome import answer each role of the cast as written:
HR (and the superuser) only; a manager never sees outcomes, not even aggregated."""

import pytest
from django.urls import reverse

#                 employee other_employee manager hr  bank_admin outsider superuser
GET_STATUS = "403 403 403 200 403 403 200"
ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]


@pytest.fixture
def urls(evidence_world):
    world = evidence_world(n=12)
    return [
        reverse("assessments:evidence"),
        reverse("assessments:criterion_evidence", args=[world["criterion"].pk]),
        reverse("assessments:retest", args=[world["later"].pk, world["earlier"].pk]),
        reverse("assessments:import_outcomes"),
    ]


def test_each_role_gets_the_written_status(urls, cast, client_for):
    expected = dict(zip(ROLES, map(int, GET_STATUS.split()), strict=True))
    for role in ROLES:
        client = client_for(cast[role])
        for url in urls:
            assert client.get(url).status_code == expected[role], (role, url)


def test_anonymous_visitors_are_sent_to_log_in(urls, client):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_posts_to_the_import_are_refused_to_everyone_but_hr(cast, client_for, db):
    for role in ("employee", "manager", "bank_admin", "outsider"):
        client = client_for(cast[role])
        assert client.post(reverse("assessments:import_outcomes")).status_code == 403
        assert client.post(reverse("assessments:confirm_outcome_import"),
                           {"token": "x"}).status_code == 403


def test_unknown_criteria_and_unrelated_campaigns_are_not_found(evidence_world, hr,
                                                                 client_for):
    world = evidence_world(n=6)
    client = client_for(hr)
    assert client.get(reverse("assessments:criterion_evidence", args=[99999])
                      ).status_code == 404
    assert client.get(reverse("assessments:retest", args=[world["later"].pk, 99999])
                      ).status_code == 404
    assert client.get(reverse("assessments:retest", args=[world["later"].pk,
                                                          world["later"].pk])
                      ).status_code == 404
