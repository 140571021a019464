import re

from django.urls import reverse

from assessments.views.campaigns import CAMPAIGNS_PER_PAGE
from tests.factories import make_bank, make_campaign


def test_the_campaign_list_is_paginated(hr, client_for):
    version = make_bank()
    for i in range(CAMPAIGNS_PER_PAGE + 3):
        make_campaign(version, name=f"Campaign {i:02d}")
    client = client_for(hr)
    first = client.get(reverse("assessments:campaign_list")).content.decode()
    second = client.get(reverse("assessments:campaign_list") + "?page=2").content.decode()
    detail_link = re.compile(r'href="/assessments/campaigns/\d+/"')
    assert len(detail_link.findall(first)) == CAMPAIGNS_PER_PAGE
    assert len(detail_link.findall(second)) == 3
    assert "Page 2 of 2" in second


def test_a_page_number_past_the_end_shows_the_last_page(hr, client_for):
    make_campaign(make_bank(), name="Only one")
    response = client_for(hr).get(reverse("assessments:campaign_list") + "?page=99")
    assert response.status_code == 200
    assert "Only one" in response.content.decode()
