"""Create, launch and score a campaign through the API, with the site's own services:
the same refusals, and nothing written when refused."""

from assessments.models import Assignment, Campaign, ScoringRun

from .conftest import problem_of


def test_a_campaign_is_created_launched_and_scored(world, users, api_as):
    hr = api_as(users["hr"], "campaigns:write", "campaigns:read")
    created = hr.post("/api/v1/campaigns/", {
        "name": "Autumn", "bank": "SEC", "bank_version": 1, "departments": ["UW"]},
        content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["departments"] == ["UW"]

    launched = hr.post(f"/api/v1/campaigns/{pk}/launch/")
    assert launched.status_code == 200 and launched.json()["status"] == "open"
    assert Assignment.objects.filter(campaign_id=pk).count() == 3  # employee, other, manager
    assert launched.json()["funnel"]["overall"]["assigned"] == 3

    nobody = problem_of(hr.post(f"/api/v1/campaigns/{pk}/score/"), 409)
    assert "submitted" in nobody["detail"]
    assert not ScoringRun.objects.filter(campaign_id=pk).exists()


def test_score_now_starts_one_run_at_a_time(world, users, api_as):
    hr = api_as(users["hr"])
    closed = world["closed"]
    started = hr.post(f"/api/v1/campaigns/{closed.pk}/score/")
    assert started.status_code == 202
    run = ScoringRun.objects.get(pk=started.json()["id"])
    assert run.campaign == closed and run.status == ScoringRun.Status.QUEUED
    problem_of(hr.post(f"/api/v1/campaigns/{closed.pk}/score/"), 409)
    assert ScoringRun.objects.filter(campaign=closed).count() == 2  # the world's one + this


def test_a_draft_on_a_bank_that_does_not_exist_is_refused(world, users, api_as):
    found = problem_of(api_as(users["hr"]).post("/api/v1/campaigns/", {
        "name": "X", "bank": "NOPE", "bank_version": 1, "audience_all": True},
        content_type="application/json"), 400)
    assert found["errors"][0]["field"] == "bank_version"
    assert not Campaign.objects.filter(name="X").exists()
