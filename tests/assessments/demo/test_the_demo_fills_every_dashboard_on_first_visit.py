"""`make run`'s demo fills HR's dashboards on the first visit: two scored and reviewed
campaigns on the same scales (so the trend has people in both), at least 300 people,
positions with needs, and at least one unit lacking one of the two functions. Seeding
again adds nothing."""

import io

from django.core.management import call_command
from django.urls import reverse

from assessments.demo import DEMO_CAMPAIGN, EARLIER_DEMO_CAMPAIGN
from assessments.models import Campaign, Result, ReviewDecision
from assessments.reports import people as report
from assessments.reports import trend, two_functions
from talent.models import Employee, Position, User


def test_the_demo_shows_a_trend_have_and_need_and_a_unit_lacking_a_function(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    assert Employee.objects.count() >= 300
    earlier = Campaign.objects.get(name=EARLIER_DEMO_CAMPAIGN)
    later = Campaign.objects.get(name=DEMO_CAMPAIGN)
    for campaign in (earlier, later):
        results = Result.objects.filter(assignment__campaign=campaign)
        assert results.count() >= 300
        assert results.filter(review_state=Result.ReviewState.RELEASED).count() >= 150
    assert earlier in trend.comparable_campaigns(later)
    moved = trend.trend(earlier, later)
    assert moved["both"] >= 300 and moved["stability"] is not None
    assert Position.objects.exclude(need_execution=1, need_compression=1).count() >= 10
    units = two_functions.two_functions(report.have_need_campaign())
    assert any(u.lacks_execution or u.lacks_compression for u in units)

    client.force_login(User.objects.get(username="hr"))
    page = client.get(reverse("assessments:campaign_dashboard", args=[later.pk]),
                      {"compare": earlier.pk})
    assert page.status_code == 200
    lacking = client.get(reverse("assessments:two_functions")).content.decode()
    assert "Investment" in lacking or "Operations" in lacking

    before = (Result.objects.count(), ReviewDecision.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Result.objects.count(), ReviewDecision.objects.count()) == before


def test_demo_assignments_record_where_people_sat_so_dashboards_group_by_department(
        db, client):
    call_command("seed_demo", stdout=io.StringIO())
    later = Campaign.objects.get(name=DEMO_CAMPAIGN)
    assert not later.assignments.filter(department__isnull=True).exists()
    open_campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    assert not open_campaign.assignments.filter(department__isnull=True).exists()

    client.force_login(User.objects.get(username="hr"))
    page = client.get(reverse("assessments:campaign_dashboard", args=[later.pk]))
    assert "Department not recorded" not in page.content.decode()

    client.force_login(User.objects.get(username="manager"))
    mine = client.get(reverse("assessments:manager_dashboard")).content.decode()
    assert "No campaign has assessed" not in mine
    assert "Underwriting" in mine
