"""Outcome ratings from another system through the API (docs/api.md): the same CSV as
the HR page or the same rows as JSON, the same checks, all or nothing; the criteria a
client may rate are listed with their published scale."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import OutcomeRecord
from tests.assessments.evidence.conftest import publish
from tests.factories import make_employees

from .conftest import problem_of

TODAY = timezone.localdate()
PAST = (TODAY - datetime.timedelta(days=30)).isoformat()
FUTURE = (TODAY + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def criterion(db):
    make_employees(3)
    return publish("ops", low=1, high=5)


def post_json(client, rows):
    return client.post("/api/v1/outcomes/", {"outcomes": rows}, content_type="application/json")


def test_hr_records_a_batch_of_json_ratings_against_the_published_version(
        criterion, users, api_as):
    response = post_json(api_as(users["hr"], "outcomes:write"), [
        {"employee_id": "P001", "criterion": "ops", "date": PAST, "value": 4},
        {"employee_id": "P002", "criterion": "ops", "date": PAST, "value": 2.5}])
    assert response.status_code == 201, response.content
    assert response.json() == {"recorded": 2, "per_criterion": {"ops": 2}}
    records = OutcomeRecord.objects.order_by("employee__employee_id")
    assert [(r.employee.employee_id, r.value, r.version_id, r.recorded_by_id)
            for r in records] == [("P001", 4.0, criterion.pk, users["hr"].pk),
                                  ("P002", 2.5, criterion.pk, users["hr"].pk)]


def test_the_import_csv_is_accepted_as_it_is(criterion, users, api_as):
    body = f"employee_id,criterion,date,value\nP003,ops,{PAST},5\n"
    response = api_as(users["hr"], "outcomes:write").post(
        "/api/v1/outcomes/", body, content_type="text/csv")
    assert response.status_code == 201, response.content
    assert OutcomeRecord.objects.get().employee.employee_id == "P003"


def test_a_csv_larger_than_djangos_in_memory_limit_is_read_up_to_the_imports(
        criterion, users, api_as, settings):
    # The import's limit (ORG_IMPORT_MAX_MB, 20 MB) is above Django's in-memory one
    # (5 MB): a file between the two was answered with the site's HTML error page.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 40
    body = f"employee_id,criterion,date,value\nP003,ops,{PAST},5\nP002,ops,{PAST},4\n"
    response = api_as(users["hr"], "outcomes:write").post(
        "/api/v1/outcomes/", body, content_type="text/csv")
    assert response.status_code == 201, response.content
    assert OutcomeRecord.objects.count() == 2


def test_one_bad_rating_refuses_the_batch_naming_each_item_and_column(
        criterion, users, api_as):
    response = post_json(api_as(users["hr"], "outcomes:write"), [
        {"employee_id": "P001", "criterion": "ops", "date": PAST, "value": 4},
        {"employee_id": "NOBODY", "criterion": "ops", "date": PAST, "value": 4},
        {"employee_id": "P002", "criterion": "ops", "date": PAST, "value": 9},
        {"employee_id": "P003", "criterion": "ops", "date": FUTURE, "value": 3},
        {"employee_id": "P001", "criterion": "ops", "date": PAST, "value": 2},
        {"employee_id": "P002", "criterion": "nosuch", "date": PAST, "value": 3}])
    body = problem_of(response, 400)
    assert "nothing was recorded" in body["detail"]
    assert {(e["item"], e["column"]) for e in body["errors"]} == {
        (1, "employee_id"), (2, "value"), (3, "date"), (4, "date"), (5, "criterion")}
    assert "outside the scale of ops (1 to 5)" in next(
        e["message"] for e in body["errors"] if e["item"] == 2)
    assert OutcomeRecord.objects.count() == 0


def test_a_rating_already_recorded_is_never_overwritten(criterion, users, api_as):
    client = api_as(users["hr"], "outcomes:write")
    row = {"employee_id": "P001", "criterion": "ops", "date": PAST, "value": 4}
    assert post_json(client, [row]).status_code == 201
    body = problem_of(post_json(client, [{**row, "value": 1}]), 400)
    assert "never overwritten" in body["errors"][0]["message"]
    assert OutcomeRecord.objects.get().value == 4.0


@pytest.mark.parametrize("payload, content_type, status", [
    ({"outcomes": [{"employee_id": "P001", "criterion": "ops", "date": PAST}]},
     "application/json", 400),                                        # no value
    ({"outcomes": [{"employee_id": "P001", "criterion": "ops", "date": PAST,
                    "value": "four"}]}, "application/json", 400),
    ({"outcomes": "P001,ops"}, "application/json", 400),
    ({"rows": []}, "application/json", 400),
    ({"outcomes": []}, "application/json", 400),                      # nothing to record
    ("employee_id,criterion\nP001,ops\n", "text/csv", 400),           # wrong header
    ("<outcomes/>", "application/xml", 415),
])
def test_a_malformed_body_is_a_problem_document_and_records_nothing(
        criterion, users, api_as, payload, content_type, status):
    response = api_as(users["hr"], "outcomes:write").post(
        "/api/v1/outcomes/", payload, content_type=content_type)
    problem_of(response, status)
    assert OutcomeRecord.objects.count() == 0


def test_the_criteria_list_says_what_can_be_rated_and_on_what_scale(criterion, users, api_as):
    from assessments.models import Criterion
    Criterion.objects.create(code="draft-only", name={"en": "Not yet defined"})
    response = api_as(users["hr"], "outcomes:write").get("/api/v1/criteria/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"code": "draft-only", "name": "Not yet defined", "version": None, "definition": "",
         "scale_min": None, "scale_max": None, "family": ""},
        {"code": "ops", "name": "Performance ops", "version": 1,
         "definition": "Rated by the line manager each year.", "scale_min": 1.0,
         "scale_max": 5.0, "family": "execution"}]


def test_a_token_without_the_outcomes_scope_or_an_hr_role_records_nothing(
        criterion, users, api_as):
    row = {"employee_id": "P001", "criterion": "ops", "date": PAST, "value": 4}
    problem_of(post_json(api_as(users["hr"], "org:write", "results:read"), [row]), 403)
    problem_of(post_json(api_as(users["manager"], "outcomes:write"), [row]), 403)
    problem_of(post_json(api_as(users["employee"], "outcomes:write"), [row]), 403)
    assert OutcomeRecord.objects.count() == 0
