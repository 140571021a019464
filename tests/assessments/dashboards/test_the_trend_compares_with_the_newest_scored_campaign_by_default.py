"""Unless HR picks a campaign, the trend compares with the newest campaign on the same
scales that has scores, never with one that has none (its matrix would be empty)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign
from assessments.reports import trend
from tests.factories import make_bank

from .conftest import fill_campaign
from .test_trend_between_two_campaigns import _second_campaign


def _unscored(name, tree_org, *, number, launched_at):
    campaign = Campaign.objects.create(
        name=name, bank_version=make_bank("KNOWN", number=number),
        status=Campaign.Status.OPEN, launched_at=launched_at)
    return fill_campaign(campaign, {"UW": {"not_started": 2}}, tree_org,
                         prefix=f"U{number}", share=False)


def _dashboard(client, campaign, **query):
    return client.get(reverse("assessments:campaign_dashboard", args=[campaign.pk]), query)


def test_the_newest_campaign_with_scores_is_the_default(known_campaign, tree_org):
    now = timezone.now()
    Campaign.objects.filter(pk=known_campaign.pk).update(launched_at=now - timedelta(days=60))
    later = _second_campaign(known_campaign, ["execution"] * 4)
    Campaign.objects.filter(pk=later.pk).update(launched_at=now - timedelta(days=1))
    newest = _unscored("Newest, nobody answered", tree_org, number=3, launched_at=now)
    comparable = list(trend.comparable_campaigns(later))
    assert [c.pk for c in comparable] == [newest.pk, known_campaign.pk]
    assert trend.default_comparison(comparable) == known_campaign


def test_hr_reads_the_trend_against_it_without_picking(known_campaign, tree_org, hr,
                                                        client_for):
    now = timezone.now()
    Campaign.objects.filter(pk=known_campaign.pk).update(launched_at=now - timedelta(days=60))
    later = _second_campaign(known_campaign, ["execution"] * 4)
    _unscored("Newest, nobody answered", tree_org, number=3, launched_at=now)
    response = _dashboard(client_for(hr), later)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stability: 1.00" in page and 'data-table="trend"' in page
    assert f'<option value="{known_campaign.pk}" selected>Known</option>' in page
    assert "Newest, nobody answered (no scores yet)" in page


def test_with_no_scored_campaign_to_compare_the_page_says_so(known_campaign, tree_org, hr,
                                                              client_for):
    newest = _unscored("Newest, nobody answered", tree_org, number=3,
                       launched_at=timezone.now())
    page = _dashboard(client_for(hr), known_campaign).content.decode()
    assert "No other campaign on the same scales has scores yet" in page
    assert 'data-table="trend"' not in page
    # HR may still pick it: the page answers, with nobody scored in both.
    response = _dashboard(client_for(hr), known_campaign, compare=newest.pk)
    assert response.status_code == 200
    assert "0 people were scored in both campaigns" in response.content.decode()
