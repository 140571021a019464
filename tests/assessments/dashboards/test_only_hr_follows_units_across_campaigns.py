"""Who may open the trend by unit: HR and the superuser, like the campaign dashboard it
hangs from; managers, employees and bank admins are refused; anonymous visitors log in;
an unknown campaign is not found; only GET is answered."""

import pytest
from django.test import Client
from django.urls import reverse

ROLES = ("employee", "other_employee", "manager", "hr", "bank_admin", "outsider",
         "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_opens_the_trend_by_unit(role, cast, client_for, known_campaign):
    url = reverse("assessments:unit_trend", args=[known_campaign.pk])
    response = client_for(cast[role]).get(url)
    assert response.status_code == (200 if role in ("hr", "superuser") else 403)
    if response.status_code == 403:
        assert 'data-table="unit-trend"' not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(known_campaign):
    response = Client().get(reverse("assessments:unit_trend", args=[known_campaign.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_campaign_is_not_found(hr, client_for, db):
    response = client_for(hr).get(reverse("assessments:unit_trend", args=[99999]))
    assert response.status_code == 404


def test_the_page_only_reads(hr, client_for, known_campaign):
    response = client_for(hr).post(reverse("assessments:unit_trend", args=[known_campaign.pk]))
    assert response.status_code == 405
