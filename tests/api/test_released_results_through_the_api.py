"""Released results only, with what a BI tool needs and no answers; every result read
leaves the same access record as the site; pages follow a cursor."""

from assessments.models import AccessRecord, Result


def test_only_released_results_are_listed_with_words_bands_and_versions(world, users, api_as):
    pending = world["results"]["other_employee"]
    Result.objects.filter(pk=pending.pk).update(review_state=Result.ReviewState.PENDING,
                                                released_family="")
    response = api_as(users["hr"]).get(f"/api/v1/campaigns/{world['closed'].pk}/results/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["employee_id"] for r in results} == {"ID-employee", "ID-investor"}
    first = results[0]
    assert first["validity_label"] == "Valid" and first["family_label"]
    assert {s["code"] for s in first["scales"]} == {"EXE", "CMP"}
    assert all(s["band_low"] < s["t"] < s["band_high"] for s in first["scales"])
    assert first["bank_version"] == {"bank": "SEC", "number": 1}
    assert first["spec"]["hash"] and first["norm_group"]["n"] == 200
    text = response.content.decode()
    assert "answers" not in text and "EXE01" not in text and "indices" not in text


def test_a_result_not_released_is_not_found(world, users, api_as):
    result = world["results"]["employee"]
    Result.objects.filter(pk=result.pk).update(review_state=Result.ReviewState.WITHHELD,
                                               released_family="")
    assert api_as(users["hr"]).get(f"/api/v1/results/{result.pk}/").status_code == 404
    assert not AccessRecord.objects.exists()


def test_every_result_read_is_on_record_as_on_the_site(world, users, api_as):
    hr = api_as(users["hr"])
    result = world["results"]["employee"]
    hr.get(f"/api/v1/results/{result.pk}/")
    record = AccessRecord.objects.get()
    assert (record.actor, record.employee, record.action) == (
        users["hr"], result.assignment.employee, AccessRecord.Action.VIEW_RESULT)
    hr.get(f"/api/v1/campaigns/{world['closed'].pk}/results/")
    assert AccessRecord.objects.count() == 1 + 3


def test_pages_follow_a_cursor_to_the_end(world, users, api_as):
    hr = api_as(users["hr"])
    url, seen = f"/api/v1/campaigns/{world['closed'].pk}/results/?page_size=1", []
    while url:
        page = hr.get(url).json()
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert seen == sorted(r.pk for r in world["results"].values())
    assert hr.get(f"/api/v1/campaigns/{world['closed'].pk}/results/?cursor=garbage"
                  ).status_code == 404


def test_a_campaign_shows_its_funnel_and_its_assignments(world, users, api_as):
    hr = api_as(users["hr"])
    campaign = hr.get(f"/api/v1/campaigns/{world['open'].pk}/").json()
    assert campaign["funnel"]["overall"]["assigned"] == 3
    listed = hr.get(f"/api/v1/campaigns/{world['open'].pk}/assignments/?status=not_started")
    assert len(listed.json()["results"]) == 3
    assert hr.get(f"/api/v1/campaigns/{world['open'].pk}/assignments/?status=nonsense"
                  ).status_code == 400


def test_the_organisation_is_filtered(world, users, api_as):
    hr = api_as(users["hr"])
    people = hr.get("/api/v1/employees/?department=INV").json()["results"]
    assert {p["employee_id"] for p in people} == {"ID-other_manager", "ID-investor"}
    children = hr.get("/api/v1/departments/?parent=HQ").json()["results"]
    assert {d["code"] for d in children} == {"UW", "INV"}


def test_a_far_page_costs_the_same_queries_as_the_first(world, users, api_as, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import NormGroup, ScoringSpec
    from talent.models import Employee
    from tests.security.conftest import released_result

    sample = world["results"]["employee"]
    fields = {name: getattr(sample, name) for name in (
        "scores", "probability_execution", "role_family", "validity", "indices", "flags")}
    norms, spec = NormGroup.objects.get(), ScoringSpec.objects.get(pk=sample.spec_id)
    for i in range(12):
        person = Employee.objects.create(employee_id=f"X{i:02d}", name=f"X {i}",
                                         department=org["UW"])
        released_result(world["closed"], person, norms, spec, fields)
    hr = api_as(users["hr"])
    url = f"/api/v1/campaigns/{world['closed'].pk}/results/?page_size=5"
    first = hr.get(url)
    third = hr.get(hr.get(first.json()["next"]).json()["next"])
    assert len(third.json()["results"]) == 5
    with CaptureQueriesContext(connection) as on_first:
        hr.get(url)
    with CaptureQueriesContext(connection) as on_third:
        hr.get(third.wsgi_request.get_full_path())
    assert len(on_third) == len(on_first) <= 10
