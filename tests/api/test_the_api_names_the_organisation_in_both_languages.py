"""The API gives departments, positions and campaigns in both languages (`name_zh`,
`title_zh` beside the English name); a campaign may be created with a Chinese name; the
JSON org snapshot may carry the Chinese names, and one without them leaves them as they
are."""

import json

import pytest
from django.contrib.auth.models import Group

from assessments.models import Campaign
from talent.models import Department, Employee, Position, User
from talent.roles import HR_GROUP
from tests.talent.org_csv import row

from .conftest import problem_of


@pytest.fixture
def named(org, users):
    Department.objects.filter(code="UW").update(name_zh="核保部")
    Position.objects.filter(code="UW-ANL").update(title_zh="核保分析师")


def test_departments_and_positions_carry_their_chinese_names(named, users, api_as):
    client = api_as(users["hr"], "org:read")
    departments = {d["code"]: d for d in client.get("/api/v1/departments/").json()["results"]}
    assert (departments["UW"]["name"], departments["UW"]["name_zh"]) == ("Underwriting", "核保部")
    assert departments["HQ"]["name_zh"] == ""
    positions = {p["code"]: p for p in client.get("/api/v1/positions/").json()["results"]}
    assert positions["UW-ANL"]["title_zh"] == "核保分析师"


def test_a_campaign_is_created_with_its_chinese_name(world, users, api_as):
    hr = api_as(users["hr"], "campaigns:write", "campaigns:read")
    created = hr.post("/api/v1/campaigns/", {
        "name": "Autumn", "name_zh": " 秋季测评 ", "bank": "SEC", "bank_version": 1,
        "audience_all": True}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["name_zh"] == "秋季测评"
    assert Campaign.objects.get(pk=created.json()["id"]).name_zh == "秋季测评"


def test_a_chinese_campaign_name_too_long_is_refused(world, users, api_as):
    found = problem_of(api_as(users["hr"]).post("/api/v1/campaigns/", {
        "name": "Autumn", "name_zh": "秋" * 201, "bank": "SEC", "bank_version": 1,
        "audience_all": True}, content_type="application/json"), 400)
    assert found["errors"][0]["field"] == "name_zh"
    assert not Campaign.objects.filter(name="Autumn").exists()


def _people(**extra):
    return [row(f"E{i:03d}", department_code="HQ", department_name="Head office",
                parent_department_code="", position_code="", position_title="", function="",
                need_execution="", need_compression="", **extra) for i in range(3)]


def _sync(client, people):
    return client.post("/api/v1/org/sync", json.dumps({"employees": people}),
                       content_type="application/json")


@pytest.fixture
def hr_api(db, api_as, settings, tmp_path):
    """An HR service login with no employee record (a snapshot never lists it)."""
    settings.ORG_SYNC_DIR = tmp_path / "org-syncs"
    login = User.objects.create_user("hr-sync", "hr-sync@example.com", "x")
    login.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    return api_as(login, "org:write", "org:read")


def test_a_json_snapshot_sets_the_chinese_names_and_one_without_leaves_them(hr_api):
    first = _sync(hr_api, _people(department_name_zh="总部"))
    assert first.status_code == 200, first.content
    assert Department.objects.get(code="HQ").name_zh == "总部"
    second = _sync(hr_api, _people())
    assert second.status_code == 200, second.content
    assert Department.objects.get(code="HQ").name_zh == "总部"
    assert Employee.objects.filter(employee_id="E001").exists()


def test_a_json_snapshot_with_a_misspelt_chinese_field_is_refused(hr_api):
    response = _sync(hr_api, _people(department_name_cn="总部"))
    problem = problem_of(response, 400)
    assert "department_name_cn" in json.dumps(problem)
    assert not Employee.objects.filter(employee_id="E001").exists()
