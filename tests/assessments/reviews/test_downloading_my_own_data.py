"""The person downloads everything held about them, as JSON and as CSV: their
assignments with answers, their results (scores only once released), the review
decisions on them (without who took them) and their contests. The URL takes no id,
every download is on record, and the CSV is formula-safe."""

import csv
import io
import json

from django.urls import reverse

from assessments.models import AccessRecord, Result
from assessments.services import reviews

from .conftest import contest, set_scored


def _mine(scored_for, user):
    """Two results of `user`'s, in two campaigns."""
    return (scored_for(user.employee, name="First 2026"),
            scored_for(user.employee, name="Second 2026"))


def _json(client):
    response = client.get(reverse("assessments:my_data_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_json_holds_assignments_answers_results_decisions_and_contests(
        scored_for, employee, hr, client_for):
    released, pending = _mine(scored_for, employee)
    set_scored(released)
    reviews.override(released.pk, hr, "compression", "We read the answers again.", 0)
    released.refresh_from_db()
    contest(released, comment="I do not agree.")
    data = _json(client_for(employee))
    assert data["employee"]["employee_id"] == "ID-employee"
    assert len(data["assignments"]) == 2 and all(a["answers"] for a in data["assignments"])
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id[released.pk]["family_released"] == "compression"
    assert by_id[released.pk]["scores"]
    assert by_id[released.pk]["decisions"][0]["reason"] == "We read the answers again."
    assert "reviewer" not in by_id[released.pk]["decisions"][0]
    # A pending result: that it exists and its state, nothing a reviewer has not released.
    assert by_id[pending.pk] == {"id": pending.pk, "assignment": pending.assignment_id,
                                 "campaign": pending.assignment.campaign.name,
                                 "review_state": "pending", "decisions": []}
    assert data["contests"][0]["comment"] == "I do not agree."


def test_another_persons_data_never_comes_with_mine(scored_for, employee, other_employee,
                                                    client_for):
    _mine(scored_for, other_employee)
    data = _json(client_for(employee))
    assert data["employee"]["employee_id"] == "ID-employee"
    assert data["assignments"] == [] and data["results"] == []
    # Asking for someone else's by query string changes nothing: the URL takes no id.
    response = client_for(employee).get(
        reverse("assessments:my_data_json") + f"?employee={other_employee.employee.pk}")
    assert json.loads(response.content)["results"] == []


def test_the_csv_holds_the_same_data_and_is_formula_safe(scored_for, employee, hr, client_for):
    released, __ = _mine(scored_for, employee)
    set_scored(released)
    reviews.override(released.pk, hr, "compression", "=HYPERLINK(\"x\")", 0)
    response = client_for(employee).get(reverse("assessments:my_data_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "record", "field", "value"]
    assert ["employee", "ID-employee", "employee_id", "ID-employee"] in rows
    reasons = [r[3] for r in rows if r[0] == f"decision:{released.pk}" and r[2] == "reason"]
    assert reasons == ["'=HYPERLINK(\"x\")"]
    assert any(r[0].startswith("answer:") for r in rows)
    assert [r[3] for r in rows if r[0] == "result" and r[2] == "family_released"] == [
        "compression"]


def test_every_download_is_recorded(scored, employee, client_for):
    scored(4)
    client = client_for(employee)
    client.get(reverse("assessments:my_data_json"))
    client.get(reverse("assessments:my_data_csv"))
    records = list(AccessRecord.objects.order_by("pk"))
    assert [(r.actor, r.employee, r.action, r.detail) for r in records] == [
        (employee, employee.employee, "download_own", "json"),
        (employee, employee.employee, "download_own", "csv")]


def test_managers_and_hr_get_only_their_own_data(scored_for, manager, hr, employee, client_for):
    _mine(scored_for, employee)
    for user in (manager, hr):
        data = _json(client_for(user))
        assert data["employee"]["employee_id"] == user.employee.employee_id
        assert data["results"] == []
    assert Result.objects.filter(assignment__employee=employee.employee).count() == 2


def test_the_employee_home_links_the_download(employee, client_for):
    page = client_for(employee).get("/").content.decode()
    assert reverse("assessments:my_data_json") in page
    assert reverse("assessments:my_data_csv") in page
