"""HR's list of a campaign's assignments: 25 a page, filtered by status and department."""

from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment
from assessments.services import campaigns
from talent.models import Department
from tests.factories import make_employees


def _campaign(draft, org, n_uw=20, n_sub=10, n_inv=5):
    sub = Department.objects.create(code="UW-A", name="Underwriting A", parent=org["UW"])
    make_employees(n_uw, department=org["UW"], prefix="U")
    make_employees(n_sub, department=sub, prefix="S")
    make_employees(n_inv, department=org["INV"], prefix="I")
    campaign = draft(departments=[org["UW"], org["INV"]])  # not HR's own Head office
    campaigns.launch(campaign)
    return campaign


def test_the_list_has_25_a_page(hr, client_for, draft, org):
    campaign = _campaign(draft, org)
    url = reverse("assessments:assignment_list", args=[campaign.pk])
    first = client_for(hr).get(url)
    assert first.status_code == 200
    assert len(first.context["assignments"]) == 25 and first.context["page"].paginator.count == 35
    second = client_for(hr).get(url, {"page": 2})
    assert len(second.context["assignments"]) == 10


def test_the_list_filters_by_status_and_by_department_with_its_sub_departments(
        hr, client_for, draft, org):
    campaign = _campaign(draft, org)
    Assignment.objects.filter(employee__employee_id__in=["S001", "I001"]).update(
        status=Assignment.Status.IN_PROGRESS, started_at=timezone.now())
    url = reverse("assessments:assignment_list", args=[campaign.pk])
    client = client_for(hr)
    uw = client.get(url, {"department": org["UW"].pk})
    assert uw.context["page"].paginator.count == 30
    started_in_uw = client.get(url, {"department": org["UW"].pk, "status": "in_progress"})
    assert [a.employee.employee_id for a in started_in_uw.context["assignments"]] == ["S001"]
    html = client.get(url, {"status": "not_started"}).content.decode()
    assert "status=not_started&amp;page=2" in html  # the pages keep the filter


def test_a_filter_it_cannot_read_is_refused_plainly(hr, client_for, draft, org):
    campaign = _campaign(draft, org, n_uw=1, n_sub=0, n_inv=0)
    url = reverse("assessments:assignment_list", args=[campaign.pk])
    response = client_for(hr).get(url, {"status": "bogus"})
    assert response.status_code == 400
    assert "The filter could not be read" in response.content.decode()


def test_an_unknown_campaign_is_not_found(hr, client_for):
    url = reverse("assessments:assignment_list", args=[99999])
    assert client_for(hr).get(url).status_code == 404
