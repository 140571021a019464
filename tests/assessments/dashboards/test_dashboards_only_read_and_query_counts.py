"""The dashboards' read functions never write, and each page runs the same number of
queries whatever the head count."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Campaign
from assessments.reports import dashboards, trend
from tests.factories import make_bank
from tests.queries import first_visit_queries

from .conftest import fill_campaign


def _refuse_writes(execute, sql, params, many, context):
    verb = sql.lstrip().split(None, 1)[0].upper()
    assert verb in {"SELECT", "WITH", "SAVEPOINT", "RELEASE"}, f"a report wrote: {sql}"
    return execute(sql, params, many, context)


def test_the_dashboard_reports_only_read(known_campaign, manager):
    with connection.execute_wrapper(_refuse_writes):
        assert dashboards.campaign_dashboard(known_campaign)["overall"]["assigned"] == 21
        assert dashboards.manager_dashboard(manager.employee, known_campaign)["rows"]
        assert list(dashboards.manager_campaigns(manager.employee)) == [known_campaign]
        assert trend.trend(known_campaign, known_campaign)["both"] == 16
        assert list(trend.comparable_campaigns(known_campaign)) == []


def _queries(client, url):
    return first_visit_queries(client, url)


def test_each_page_runs_as_many_queries_for_100_people_as_for_1000(
    tree_org, hr, manager, client_for
):
    small = Campaign.objects.create(name="Small", bank_version=make_bank("SMALL"),
                                    status=Campaign.Status.OPEN)
    # 100 people, then 1,000.
    fill_campaign(small, {"UW": {"execution": 80, "not_started": 20}}, tree_org, prefix="S")
    large = Campaign.objects.create(name="Large", bank_version=make_bank("LARGE"),
                                    status=Campaign.Status.OPEN)
    fill_campaign(large, {"UW": {"execution": 300, "compression": 200, "invalid": 60},
                          "UW-A": {"undetermined": 250, "in_progress": 70},
                          "INV": {"compression": 120}}, tree_org, prefix="L")
    hr_client, manager_client = client_for(hr), client_for(manager)
    for client, url in (
        (hr_client, lambda c: reverse("assessments:campaign_dashboard", args=[c.pk])),
        (manager_client, lambda c: reverse("assessments:manager_dashboard")
         + f"?campaign={c.pk}"),
    ):
        # Warm: sessions, the spec and the layout.
        _queries(client, url(small))
        _queries(client, url(large))
        assert _queries(client, url(small)) == _queries(client, url(large))


def test_a_second_visit_reads_the_counts_from_the_cache(known_campaign, hr, client_for):
    client = client_for(hr)
    url = reverse("assessments:campaign_dashboard", args=[known_campaign.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    assert len(first) < len(cold)


def test_people_added_to_the_campaign_are_counted_at_once(known_campaign, tree_org):
    # fill_campaign writes rows directly and bumps the campaign's stamp as writers do.
    before = dashboards.campaign_dashboard(known_campaign)["overall"]["assigned"]
    fill_campaign(known_campaign, {"INV": {"execution": 2}}, tree_org, prefix="N")
    assert dashboards.campaign_dashboard(known_campaign)["overall"]["assigned"] == before + 2

