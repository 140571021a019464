"""A manager sees the aggregates of the departments they head and below, nothing of
other units, no person, and no figure resting on fewer than k people."""

import re

from django.urls import reverse

from assessments.models import Campaign
from assessments.reports import dashboards
from tests.factories import make_bank

from .conftest import fill_campaign


def _figures(report):
    for row in report["rows"]:
        for name in dashboards.FIGURE_CATEGORIES:
            yield row[name]
        for cell in row["families"].values():
            yield cell["n"]


def test_the_manager_sees_their_department_and_its_sub_departments_only(
    manager, client_for, known_campaign
):
    response = client_for(manager).get(reverse("assessments:manager_dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Underwriting" in page and "Motor" in page
    assert "Investment" not in page and "Head office" not in page
    assert not re.search(r"Person \d", page)


def test_no_shown_figure_rests_on_fewer_than_k_people(manager, known_campaign, settings):
    settings.DASHBOARD_MIN_CELL = 5
    report = dashboards.manager_dashboard(manager.employee, known_campaign)
    shown = [n for n in _figures(report) if n is not None]
    assert shown and min(shown) >= 5
    assert report["suppressed"] > 0


def test_the_one_person_who_did_not_start_cannot_be_placed(manager, known_campaign):
    # Underwriting has one person of its own who did not start, Motor none: with both
    # departments' assigned and started counts shown, subtracting would place them.
    rows = {r["department"].code: r
            for r in dashboards.manager_dashboard(manager.employee, known_campaign)["rows"]}
    four = [rows[code][stage] for code in ("UW", "UW-A") for stage in ("assigned", "started")]
    assert None in four


def test_a_campaign_of_another_unit_is_not_found(manager, client_for, tree_org):
    elsewhere = Campaign.objects.create(name="Elsewhere", bank_version=make_bank("ELSE"),
                                        status=Campaign.Status.OPEN)
    fill_campaign(elsewhere, {"INV": {"execution": 9}}, tree_org, prefix="E")
    client = client_for(manager)
    assert client.get(reverse("assessments:manager_dashboard"),
                      {"campaign": elsewhere.pk}).status_code == 404
    page = client.get(reverse("assessments:manager_dashboard")).content.decode()
    assert "Elsewhere" not in page and "No campaign has assessed anyone" in page


def test_a_campaign_that_is_not_a_number_is_refused(manager, client_for, known_campaign):
    response = client_for(manager).get(reverse("assessments:manager_dashboard"),
                                       {"campaign": "x"})
    assert response.status_code == 400
    assert "pick one from the list" in response.content.decode()


def test_a_large_enough_unit_shows_its_figures(manager, client_for, tree_org):
    campaign = Campaign.objects.create(name="Big", bank_version=make_bank("BIG"),
                                       status=Campaign.Status.OPEN)
    fill_campaign(campaign, {"UW": {"execution": 10, "compression": 6, "undetermined": 5,
                                    "unclassified": 5, "invalid": 5, "not_started": 5,
                                    "in_progress": 5, "unscored": 5}}, tree_org, prefix="B")
    rows = {r["department"].code: r
            for r in dashboards.manager_dashboard(manager.employee, campaign)["rows"]}
    assert rows["UW"]["assigned"] == 46 and rows["UW"]["scored"] == 31
    assert rows["UW"]["families"]["execution"]["n"] == 10
    # Motor has nobody: its zeros are hidden, and with them nothing is given away.
    assert rows["UW-A"]["assigned"] is None


def test_many_sub_departments_are_shown_a_page_at_a_time(manager, client_for, tree_org):
    from talent.models import Department

    for i in range(30):
        Department.objects.create(code=f"UW-{i:02d}", name=f"Desk {i:02d}",
                                  parent=tree_org["UW"])
    campaign = Campaign.objects.create(name="Paged", bank_version=make_bank("PAGED"),
                                       status=Campaign.Status.OPEN)
    fill_campaign(campaign, {"UW": {"execution": 6}}, tree_org, prefix="P")
    url = reverse("assessments:manager_dashboard")
    first = client_for(manager).get(url, {"campaign": campaign.pk}).content.decode()
    second = client_for(manager).get(url, {"campaign": campaign.pk, "page": 2}
                                     ).content.decode()
    assert "Desk 00" in first and "Desk 29" not in first
    assert "Desk 29" in second and f"campaign={campaign.pk}&amp;page=1" in second
