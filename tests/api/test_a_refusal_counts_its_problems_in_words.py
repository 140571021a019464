"""A refused request says how many problems it has in words that agree with the count:
"1 problem", "2 problems" (it said "1 problem(s)"), and in Chinese when asked in Chinese."""

import json

import pytest

from .conftest import problem_of

VALID = {"name": "Spring", "bank": "SEC", "bank_version": 1, "audience_all": True}


@pytest.fixture
def hr_api(world, users, api_as):
    return api_as(users["hr"])


def refusal(client, body, **headers):
    return problem_of(client.post("/api/v1/campaigns/", json.dumps(body),
                                  content_type="application/json", **headers), 400)


def test_one_problem_is_one_problem(hr_api):
    found = refusal(hr_api, {**VALID, "colour": "red"})
    assert found["detail"] == "The request has 1 problem; it is listed in errors."
    assert len(found["errors"]) == 1


def test_two_problems_are_problems(hr_api):
    found = refusal(hr_api, {**VALID, "name": "", "bank_version": 0})
    assert found["detail"] == "The request has 2 problems; each is listed in errors."
    assert len(found["errors"]) == 2


def test_in_chinese_the_count_reads_the_same_either_way(hr_api):
    found = refusal(hr_api, {**VALID, "colour": "red"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert found["detail"] == "请求有 1 个问题，均列在“errors”中。"


def test_a_snapshot_with_one_bad_row_says_one_error(hr_api, settings, tmp_path):
    from tests.talent.org_csv import csv_bytes

    from .test_org_sync_with_guard_rails import people

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    rows = people(3, E001={"email": "not-an-email"})
    found = problem_of(hr_api.post("/api/v1/org/sync", csv_bytes(rows),
                                   content_type="text/csv"), 400)
    assert found["detail"] == ("The snapshot has 1 error; nothing was changed. It is listed "
                               "in errors.")


def test_an_outcomes_batch_with_one_bad_rating_says_one_error(hr_api):
    found = problem_of(hr_api.post("/api/v1/outcomes/", {"outcomes": [
        {"employee_id": "ID-employee", "criterion": "nosuch", "date": "2026-01-05",
         "value": 3}]}, content_type="application/json"), 400)
    assert found["detail"] == "The outcomes have 1 error; nothing was recorded."
    assert len(found["errors"]) == 1
