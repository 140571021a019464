"""When a unit's figures are hidden (fewer than k people, or enough to work one out), the
manager's page says so in words, shows every figure that can be shown, and never draws
or announces a chart of no department."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Campaign
from tests.factories import make_bank

from .conftest import fill_campaign


@pytest.fixture(autouse=True)
def k_is_five(settings):
    settings.DASHBOARD_MIN_CELL = 5


def _page(client, campaign):
    response = client.get(reverse("assessments:manager_dashboard"), {"campaign": campaign.pk})
    assert response.status_code == 200
    return response.content.decode()


def _campaign(name, plan, tree_org, prefix):
    campaign = Campaign.objects.create(name=name, bank_version=make_bank(prefix),
                                       status=Campaign.Status.OPEN)
    return fill_campaign(campaign, plan, tree_org, prefix=prefix)


def test_hidden_figures_are_explained_and_the_shown_ones_kept(manager, client_for,
                                                               known_campaign):
    # Underwriting shows its 7 in precise execution; no department shows every family.
    page = _page(client_for(manager), known_campaign)
    assert 'data-why-hidden="funnel"' in page and 'data-why-hidden="families"' in page
    assert "fewer than 5 people with released results are behind it" in page
    assert 'data-family="execution">7</td>' in page
    assert "No department has all its role-family figures shown, so there is no chart" in page
    assert 'data-chart="families"' not in page
    assert "shares of 0" not in page and "shares of the 0" not in page


def test_a_unit_too_small_for_any_figure_says_so_plainly(manager, client_for, tree_org):
    campaign = _campaign("Tiny", {"UW": {"execution": 3}}, tree_org, "TINY")
    page = _page(client_for(manager), campaign)
    assert ("No role family can be shown yet: in each of your units fewer than 5 people "
            "have released results") in page
    assert "Hidden: fewer than 5 people, or few enough to be worked out" in page
    assert 'data-chart="families"' not in page and 'data-table="families"' not in page
    assert "The chart shows" not in page


def test_a_large_unit_is_charted_and_its_empty_sub_unit_says_why(manager, client_for,
                                                                  tree_org):
    campaign = _campaign("Big", {"UW": {"execution": 10, "compression": 6, "undetermined": 5,
                                        "unclassified": 5, "invalid": 5, "not_started": 5,
                                        "in_progress": 5, "unscored": 5}}, tree_org, "BIG")
    page = _page(client_for(manager), campaign)
    assert "The chart shows the shares of the 1 department whose figures can all be shown" in page
    assert 'data-chart="families"' in page
    # Motor has nobody: its row says why it is blank instead of a line of dashes only.
    motor = page.split('data-row="UW-A"')[1].split("</tr>")[0]
    assert "Hidden: fewer than 5 people" in motor


def test_the_reasons_read_in_chinese(manager, client_for, tree_org):
    campaign = _campaign("Tiny", {"UW": {"execution": 3}}, tree_org, "TINY")
    client = client_for(manager)
    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        page = _page(client, campaign)
    assert "目前无法显示任何角色类型" in page and "少于 5 人" in page
