"""A manager never sees an outcome rating of anyone in their units, alone or
aggregated: every evidence page, the outcome import and its confirmation, the outcome
and criteria API, and the people exports answer 403 (404 where the route hides what
exists); the pages a manager does read (home, their units' dashboard, their own data)
carry no rating of anyone else, while their own data carries their own."""

import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from api import tokens
from assessments.models import OutcomeRecord

# Every rating of the manager's people gets this value, and the manager their own: a
# page that showed a rating (or a mean of them) would carry the first.
THEIRS, MINE = 4.375, 2.625


@pytest.fixture
def world(evidence_world, manager):
    world = evidence_world(n=30)   # all 30 people sit in Underwriting, which manager heads
    record = OutcomeRecord.objects.first()
    OutcomeRecord.objects.update(value=THEIRS)
    OutcomeRecord.objects.create(employee=manager.employee, criterion=record.criterion,
                                 version=record.version, date=record.date, value=MINE,
                                 scale_min=1, scale_max=5)
    return world


def _no_rating_of_others(html):
    assert str(THEIRS) not in html and "4.38" not in html
    assert "Performance ops" not in html


def test_every_evidence_and_outcome_route_refuses_the_manager(world, manager, client_for):
    client = client_for(manager)
    pages = [
        reverse("assessments:evidence"),
        reverse("assessments:criterion_evidence", args=[world["criterion"].pk]),
        reverse("assessments:retest", args=[world["later"].pk, world["earlier"].pk]),
        reverse("assessments:import_outcomes"),
        reverse("assessments:people_export_csv"),
        reverse("assessments:people_export_xlsx"),
    ]
    for url in pages:
        answer = client.get(url)
        assert answer.status_code in (403, 404), url
        _no_rating_of_others(answer.content.decode())

    before = OutcomeRecord.objects.count()
    upload = io.BytesIO(f"employee_id,criterion,date,value\nE0001,ops,"
                        f"{world['people'][0].outcomes.first().date},1\n".encode())
    upload.name = "ratings.csv"
    assert client.post(reverse("assessments:import_outcomes"),
                       {"file": upload}).status_code == 403
    assert client.post(reverse("assessments:confirm_outcome_import"),
                       {"token": "x"}).status_code == 403
    assert OutcomeRecord.objects.count() == before


def test_the_api_refuses_the_manager_even_with_the_outcomes_scope(world, manager):
    _token, secret = tokens.issue(manager, name="test", scopes=["outcomes:write"], days=1)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    listed = client.get("/api/v1/criteria/")
    assert listed.status_code == 403
    _no_rating_of_others(listed.content.decode())
    before = OutcomeRecord.objects.count()
    sent = client.post("/api/v1/outcomes/", {"outcomes": [
        {"employee_id": "E0001", "criterion": "ops", "date": "2026-01-05", "value": 1}]},
        content_type="application/json")
    assert sent.status_code == 403 and OutcomeRecord.objects.count() == before


def test_ratings_are_not_browsable_in_the_admin(world):
    # The admin registers criteria, not ratings: no page lists individual outcomes.
    with pytest.raises(NoReverseMatch):
        reverse("admin:assessments_outcomerecord_changelist")


def test_the_pages_a_manager_reads_carry_no_rating_of_anyone_else(world, manager,
                                                                   client_for):
    client = client_for(manager)
    for url in (reverse("home"), reverse("assessments:manager_dashboard")):
        answer = client.get(url)
        assert answer.status_code == 200, url
        _no_rating_of_others(answer.content.decode())
    # The dashboard does show the rated people's campaign: the check above is not empty.
    assert "Demo 2026" in client.get(reverse("assessments:manager_dashboard")).content.decode()

    own = client.get(reverse("assessments:my_data_json")).json()
    assert [o["value"] for o in own["outcomes"]] == [MINE]
    csv = client.get(reverse("assessments:my_data_csv")).content.decode()
    assert str(MINE) in csv and str(THEIRS) not in csv
