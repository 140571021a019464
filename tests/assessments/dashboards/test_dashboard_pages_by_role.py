"""Who may open the dashboards: HR and the superuser the campaign dashboard; a
department manager their units' page; everyone else 403; anonymous visitors log in."""

import pytest
from django.test import Client
from django.urls import reverse

ROLES = ("employee", "other_employee", "manager", "hr", "bank_admin", "outsider",
         "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_opens_the_campaign_dashboard(role, cast, client_for, known_campaign):
    url = reverse("assessments:campaign_dashboard", args=[known_campaign.pk])
    response = client_for(cast[role]).get(url)
    assert response.status_code == (200 if role in ("hr", "superuser") else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_department_manager_opens_the_units_page(role, cast, client_for,
                                                        known_campaign):
    response = client_for(cast[role]).get(reverse("assessments:manager_dashboard"))
    # A superuser holds every permission but heads nothing: an empty page.
    assert response.status_code == (200 if role in ("manager", "superuser") else 403)


def test_anonymous_visitors_are_sent_to_log_in(known_campaign):
    for url in (reverse("assessments:campaign_dashboard", args=[known_campaign.pk]),
                reverse("assessments:manager_dashboard")):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_campaign_is_not_found(hr, client_for, db):
    response = client_for(hr).get(reverse("assessments:campaign_dashboard", args=[99999]))
    assert response.status_code == 404


def test_the_campaign_page_links_to_its_dashboard(hr, client_for, known_campaign):
    page = client_for(hr).get(reverse("assessments:campaign_detail",
                                      args=[known_campaign.pk])).content.decode()
    assert reverse("assessments:campaign_dashboard", args=[known_campaign.pk]) in page


def test_the_managers_home_links_to_their_units(manager, client_for, known_campaign):
    page = client_for(manager).get("/").content.decode()
    assert reverse("assessments:manager_dashboard") in page
