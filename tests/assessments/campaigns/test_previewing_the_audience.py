"""The audience count is shown before launch: live on the form (htmx) and on the draft."""

from django.urls import reverse

from assessments.services import campaigns
from talent.models import Department, Employee

PREVIEW = "assessments:audience_preview"


def test_departments_count_with_their_sub_departments(org, cast):
    # HQ holds hr and bank_admin; its sub-department UW holds four more people.
    uw = campaigns.audience(departments=[org["UW"]]).count()
    hq = campaigns.audience(departments=[org["HQ"]]).count()
    assert uw == 3  # employee, other_employee, manager
    assert hq == 5  # and hr, bank_admin from Head office itself


def test_positions_add_people_from_anywhere_and_inactive_people_never_count(org, cast):
    deep = Department.objects.create(code="UW-A", name="Underwriting A", parent=org["UW"])
    Employee.objects.create(employee_id="D1", name="Deep", department=deep)
    Employee.objects.create(employee_id="GONE", name="Left", department=deep, active=False)
    assert campaigns.audience(departments=[org["UW"]]).count() == 4
    assert campaigns.audience(positions=[org["analyst"]]).count() == 3
    assert campaigns.audience(departments=[org["INV"]], positions=[org["analyst"]]).count() == 3
    assert campaigns.audience(audience_all=True).count() == 6
    assert campaigns.audience().count() == 0


def test_the_form_previews_the_count_through_htmx(hr, client_for, org, cast):
    client = client_for(hr)
    response = client.get(reverse(PREVIEW), {"departments": [org["UW"].pk]},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "3 people are in this audience." in response.content.decode()
    response = client.get(reverse(PREVIEW), {"audience_all": "on"})
    assert 'data-audience-count="5"' in response.content.decode()


def test_the_preview_refuses_unknown_departments(hr, client_for, org):
    response = client_for(hr).get(reverse(PREVIEW), {"departments": ["99999"]})
    assert response.status_code == 400


def test_the_create_form_wires_the_preview(hr, client_for, bank):
    html = client_for(hr).get(reverse("assessments:campaign_create")).content.decode()
    assert f'hx-get="{reverse(PREVIEW)}"' in html and 'id="audience-count"' in html
    assert 'aria-live="polite"' in html


def test_the_draft_campaign_page_shows_the_count_and_who_cannot_be_reached(
        hr, client_for, draft, org, cast):
    Employee.objects.create(employee_id="NOLOGIN", name="No Login", email="n@example.com",
                            department=org["UW"])
    campaign = draft(departments=[org["UW"]])
    page = client_for(hr).get(reverse("assessments:campaign_detail", args=[campaign.pk]))
    html = page.content.decode()
    assert page.context["audience_count"] == 4
    assert "4 people are in this audience." in html
    assert 'data-unreachable="NOLOGIN"' in html and "no login" in html
    assert "Launch" in html
