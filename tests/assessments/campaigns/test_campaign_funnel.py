"""The funnel: assigned, invited, started, submitted, scored; per department rolled up the
tree; a constant number of queries whatever the head count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment, ScoringSpec
from assessments.reports.campaigns import funnel
from assessments.services import campaigns, messages
from talent.models import Department, Employee
from tests.factories import make_employees


@pytest.fixture
def tree(org):
    """HQ > UW > UW-A (a sub-department) and HQ > INV."""
    return {**org, "UW-A": Department.objects.create(code="UW-A", name="Underwriting A",
                                                     parent=org["UW"])}


def test_each_department_counts_its_sub_departments(tree, draft, score_now):
    make_employees(2, department=tree["UW"], prefix="U")
    make_employees(3, department=tree["UW-A"], prefix="A")
    make_employees(1, department=tree["INV"], prefix="I")
    campaign = draft()
    campaigns.launch(campaign)
    a1 = Assignment.objects.get(employee__employee_id="A001")
    a1.status, a1.started_at = Assignment.Status.IN_PROGRESS, timezone.now()
    a1.save()
    Assignment.objects.filter(employee__employee_id="U001").update(invited_at=timezone.now())

    report = funnel(campaign, ScoringSpec.objects.current())
    rows = {row["department"].code: row for row in report["departments"]}
    assert report["overall"] == {"assigned": 6, "invited": 1, "started": 1, "submitted": 0,
                                 "scored": 0}
    assert [r["department"].code for r in report["departments"]] == ["HQ", "INV", "UW", "UW-A"]
    assert [r["depth"] for r in report["departments"]] == [0, 1, 1, 2]
    assert rows["UW-A"]["assigned"] == 3 and rows["UW-A"]["started"] == 1
    assert rows["UW"]["assigned"] == 5 and rows["UW"]["own"]["assigned"] == 2
    assert rows["UW"]["invited"] == 1 and rows["UW"]["started"] == 1
    assert rows["HQ"]["assigned"] == 6 and rows["INV"]["assigned"] == 1


def test_the_funnel_counts_submitted_and_scored(simulated_campaign, score_now, hr, client_for):
    campaign = simulated_campaign("Funnel", submitted=20, pending=2)
    Assignment.objects.filter(campaign=campaign).update(
        department=Employee.objects.first().department)
    score_now(campaign)
    page = client_for(hr).get(reverse("assessments:campaign_detail", args=[campaign.pk]))
    overall = page.context["funnel"]["overall"]
    assert overall == {"assigned": 22, "invited": 0, "started": 20, "submitted": 20,
                       "scored": 20}
    html = page.content.decode()
    assert 'data-funnel="overall"' in html and 'data-funnel="UW"' in html


def test_assignments_from_before_launch_recorded_departments_are_counted_apart(
        simulated_campaign):
    campaign = simulated_campaign("Imported", submitted=0, pending=3)
    report = funnel(campaign, ScoringSpec.objects.current())
    assert report["departments"][-1]["department"] is None
    assert report["departments"][-1]["assigned"] == 3


def _page_queries(client, campaign):
    url = reverse("assessments:campaign_detail", args=[campaign.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _campaign_of(n, draft, org, name):
    department = Department.objects.create(code=f"D{n}", name=f"Dept {n}", parent=org["HQ"])
    sub = Department.objects.create(code=f"D{n}-S", name=f"Sub {n}", parent=department)
    make_employees(n // 2, department=department, prefix=f"{name}A")
    make_employees(n - n // 2, department=sub, prefix=f"{name}B")
    campaign = draft(name=name, departments=[department])
    campaigns.launch(campaign)
    for assignment in Assignment.objects.filter(campaign=campaign)[: n // 5]:
        messages.send_invitation(assignment.pk)  # no email: failures to list
    return campaign


def test_the_campaign_page_makes_as_many_queries_for_50_people_as_for_10(
        hr, client_for, draft, org, django_assert_num_queries):
    client = client_for(hr)
    small = _campaign_of(10, draft, org, "Ten")
    large = _campaign_of(50, draft, org, "Fifty")
    _page_queries(client, small)  # warm caches (the scoring spec, the session)
    expected = _page_queries(client, small)
    with django_assert_num_queries(expected):
        client.get(reverse("assessments:campaign_detail", args=[large.pk]))
