"""HR shares a campaign's released results with managers from the campaign page: a clear
message each time, nothing shared before anything is released, no second identical
snapshot, and only HR (and the superuser) may."""

import pytest
from django.urls import reverse

from assessments.models import Campaign, UnitSnapshot
from tests.assessments.dashboards.conftest import fill_campaign, release_all
from tests.factories import make_bank


@pytest.fixture
def campaign(tree_org):
    campaign = Campaign.objects.create(name="Share", bank_version=make_bank("SHARE"),
                                       status=Campaign.Status.CLOSED)
    return fill_campaign(campaign, {"UW": {"execution": 6, "compression": 6}}, tree_org,
                         prefix="S", share=False)


@pytest.fixture
def tree_org(org):
    from talent.models import Department

    org["UW-A"] = Department.objects.create(code="UW-A", name="Motor", parent=org["UW"])
    return org


def share(client, campaign):
    return client.post(reverse("assessments:share_campaign", args=[campaign.pk]), follow=True)


def test_nothing_released_yet_is_refused_plainly_and_shares_nothing(hr, client_for, campaign):
    response = share(client_for(hr), campaign)
    assert "No result of this campaign has been released yet" in response.content.decode()
    assert not UnitSnapshot.objects.exists()


def test_hr_shares_once_and_the_campaign_page_says_when(hr, client_for, campaign):
    release_all(campaign)
    client = client_for(hr)
    text = share(client, campaign).content.decode()
    assert "managers now see their units" in text
    assert 'data-snapshot="last"' in text
    snapshot = UnitSnapshot.objects.get()
    assert snapshot.taken_by == hr and snapshot.trigger == UnitSnapshot.Trigger.SHARED

    again = share(client, campaign).content.decode()
    assert "Managers already see these figures" in again
    assert UnitSnapshot.objects.count() == 1


def test_a_draft_campaign_has_nothing_to_share(hr, client_for, org):
    draft = Campaign.objects.create(name="Draft", bank_version=make_bank("DRAFTS"))
    response = client_for(hr).post(reverse("assessments:share_campaign", args=[draft.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["employee", "manager", "bank_admin"])
def test_no_one_but_hr_may_share(role, request, client_for, campaign):
    release_all(campaign)
    user = request.getfixturevalue(role)
    response = client_for(user).post(reverse("assessments:share_campaign",
                                             args=[campaign.pk]))
    assert response.status_code == 403
    assert not UnitSnapshot.objects.exists()


def test_a_get_is_refused(hr, client_for, campaign):
    response = client_for(hr).get(reverse("assessments:share_campaign", args=[campaign.pk]))
    assert response.status_code == 405
