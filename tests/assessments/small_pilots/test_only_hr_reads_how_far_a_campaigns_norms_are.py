import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Campaign

ROLES = ["employee", "other_employee", "manager", "hr", "bank_admin", "outsider", "superuser"]
HR_ONLY = {"hr", "superuser"}
WORDS = "Norms need at least 100 people who answered this version"


@pytest.fixture
def pilot_run(score_now, new_version, pilot):
    return score_now(pilot(new_version()))


def _urls(run):
    return [reverse("assessments:campaign_detail", args=[run.campaign_id]),
            reverse("assessments:run_progress", args=[run.campaign_id, run.pk])]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_norm_standing_only_where_it_may(role, cast, client_for,
                                                              pilot_run):
    for url in _urls(pilot_run):
        response = client_for(cast[role]).get(url)
        if role in HR_ONLY:
            assert response.status_code == 200 and WORDS in response.content.decode()
        else:
            assert response.status_code == 403 and WORDS not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(pilot_run):
    for url in _urls(pilot_run):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_a_run_asked_for_under_another_campaign_or_that_does_not_exist_is_not_found(
    pilot_run, hr, client_for
):
    client = client_for(hr)
    other = Campaign.objects.create(name="Other", bank_version=pilot_run.campaign.bank_version)
    assert client.get(reverse("assessments:run_progress",
                              args=[other.pk, pilot_run.pk])).status_code == 404
    assert client.get(reverse("assessments:run_progress",
                              args=[pilot_run.campaign_id, 99999])).status_code == 404
    assert client.post(_urls(pilot_run)[1]).status_code == 405
