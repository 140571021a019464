"""HR creates a draft campaign: published bank versions only, a sane window, an audience."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import BankVersion, Campaign
from assessments.services import campaigns
from tests.factories import make_bank

URL = "assessments:campaign_create"


def _form(bank, **overrides):
    data = {"name": "Autumn 2026", "bank_version": bank.pk, "audience_all": "on",
            "opens_at": "", "closes_at": "2099-01-31T17:00", "notice_version": "2026-1"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_hr_creates_a_draft_campaign_with_its_audience_and_window(hr, client_for, bank, org,
                                                                   settings):
    response = client_for(hr).post(reverse(URL), _form(
        bank, audience_all=None, departments=[org["UW"].pk], positions=[org["analyst"].pk],
        opens_at="2099-01-02T09:00"))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessments:campaign_detail", args=[campaign.pk])
    assert campaign.status == Campaign.Status.DRAFT and campaign.created_by == hr
    assert list(campaign.departments.all()) == [org["UW"]]
    assert list(campaign.positions.all()) == [org["analyst"]]
    assert campaign.notice_version == "2026-1"
    # Typed in the site's time zone, stored aware.
    assert campaign.opens_at == datetime(2099, 1, 2, 9, 0, tzinfo=timezone.get_current_timezone())


def test_the_window_is_read_in_the_sites_time_zone(hr, client_for, bank, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    client_for(hr).post(reverse(URL), _form(bank, closes_at="2099-01-31T17:00"))
    closes = Campaign.objects.get().closes_at
    assert closes == datetime(2099, 1, 31, 9, 0, tzinfo=timezone.UTC)


def test_the_form_offers_only_published_bank_versions(hr, client_for, bank):
    draft_version = make_bank("TEST", number=2, published=False)
    page = client_for(hr).get(reverse(URL))
    offered = list(page.context["form"].fields["bank_version"].queryset)
    assert offered == [bank] and draft_version not in offered


def test_a_draft_bank_version_is_refused_with_a_message(hr, client_for, bank):
    draft_version = make_bank("TEST", number=2, published=False)
    response = client_for(hr).post(reverse(URL), _form(draft_version))
    assert response.status_code == 400
    assert "Choose a published bank version" in response.content.decode()
    assert not Campaign.objects.exists()
    with pytest.raises(ValidationError) as refused:
        campaigns.create_campaign(name="X", bank_version=draft_version, audience_all=True)
    assert "published bank version" in str(refused.value.message_dict["bank_version"])
    assert not Campaign.objects.exists()


def test_a_retired_bank_version_is_refused_too(bank):
    BankVersion.objects.filter(pk=bank.pk).update(status=BankVersion.Status.RETIRED)
    bank.refresh_from_db()
    with pytest.raises(ValidationError):
        campaigns.create_campaign(name="X", bank_version=bank, audience_all=True)
    assert not Campaign.objects.exists()


def test_a_campaign_that_closes_before_it_opens_is_refused(hr, client_for, bank):
    response = client_for(hr).post(reverse(URL), _form(
        bank, opens_at="2099-02-01T09:00", closes_at="2099-01-31T17:00"))
    assert response.status_code == 400
    assert "The campaign must close after it opens." in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_closing_time_already_past_is_refused(hr, client_for, bank):
    response = client_for(hr).post(reverse(URL), _form(bank, closes_at="2001-01-31T17:00"))
    assert response.status_code == 400
    assert "The closing time is already past." in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_campaign_without_an_audience_is_refused(hr, client_for, bank):
    response = client_for(hr).post(reverse(URL), _form(bank, audience_all=None))
    assert response.status_code == 400
    assert "Choose the audience" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_malformed_time_or_unknown_department_is_refused(hr, client_for, bank):
    client = client_for(hr)
    assert client.post(reverse(URL), _form(bank, closes_at="next week")).status_code == 400
    assert client.post(reverse(URL), _form(bank, departments=[99999])).status_code == 400
    assert not Campaign.objects.exists()


def test_two_campaigns_cannot_share_a_name(hr, client_for, bank):
    client = client_for(hr)
    assert client.post(reverse(URL), _form(bank)).status_code == 302
    response = client.post(reverse(URL), _form(bank))
    assert response.status_code == 400
    assert Campaign.objects.count() == 1


def test_the_service_refuses_naive_times(bank):
    with pytest.raises(ValidationError) as refused:
        campaigns.create_campaign(name="X", bank_version=bank, audience_all=True,
                                  closes_at=datetime(2099, 1, 1) + timedelta(days=1))
    assert "closes_at" in refused.value.message_dict
