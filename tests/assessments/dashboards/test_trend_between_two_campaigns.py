"""Two campaigns on the same scales: how the families of the people in both moved, and
how many kept a determined family."""

from django.urls import reverse

from assessments.models import Assignment, Campaign, Result
from assessments.reports import trend as trend_report
from tests.factories import make_bank

from .conftest import fill_campaign, make_result


def _second_campaign(known_campaign, families):
    """The known campaign's scored people again, with `families` in order."""
    later = Campaign.objects.create(name="Later", bank_version=make_bank("KNOWN", number=2),
                                    status=Campaign.Status.OPEN)
    earlier = Result.objects.for_campaign(known_campaign).select_related(
        "assignment__employee", "norm_group").order_by("pk")
    for result, family in zip(earlier, families, strict=False):
        assignment = Assignment.objects.create(
            campaign=later, employee=result.assignment.employee,
            department=result.assignment.department, status="submitted",
            started_at=result.computed_at, submitted_at=result.computed_at)
        make_result(assignment, result.spec, result.norm_group, family)
    return later


def test_the_migration_matrix_counts_the_people_in_both(known_campaign):
    # Earlier, in result order: UW 4 execution, 2 undetermined, 1 compression, 1 invalid.
    later = _second_campaign(known_campaign, ["execution", "execution", "compression",
                                              "undetermined", "undetermined", "execution",
                                              "compression", "invalid"])
    trend = trend_report.trend(known_campaign, later)
    matrix = dict(trend["matrix"])
    assert matrix["execution"] == [2, 1, 1, 0, 0]  # execution, undetermined, compression
    assert matrix["undetermined"] == [1, 1, 0, 0, 0]
    assert matrix["compression"] == [0, 0, 1, 0, 0]
    assert trend["both"] == 8
    assert (trend["kept"], trend["determined"]) == (3, 5)
    assert trend["stability"] == 3 / 5


def test_hr_compares_two_campaigns_on_the_dashboard(known_campaign, hr, client_for):
    later = _second_campaign(known_campaign, ["execution"] * 4)
    url = reverse("assessments:campaign_dashboard", args=[later.pk])
    page = client_for(hr).get(url, {"compare": known_campaign.pk}).content.decode()
    assert "Stability: 1.00" in page and 'data-table="trend"' in page


def test_a_campaign_that_cannot_be_compared_is_refused(known_campaign, hr, client_for,
                                                       tree_org):
    other = Campaign.objects.create(name="Other bank", bank_version=make_bank(
        "OTHER", scales=("AAA", "BBB")), status=Campaign.Status.OPEN)
    fill_campaign(other, {"UW": {"not_started": 1}}, tree_org, prefix="O")
    url = reverse("assessments:campaign_dashboard", args=[known_campaign.pk])
    for value in (other.pk, "x", 99999):
        response = client_for(hr).get(url, {"compare": value})
        assert response.status_code == 400
        assert "cannot be compared" in response.content.decode()


def test_warming_a_campaign_fills_the_trend_its_dashboard_opens_with(
        known_campaign, django_assert_num_queries):
    from django.core.cache import cache

    from assessments.reports import warming

    later = _second_campaign(known_campaign, ["execution"] * 4)
    cache.clear()
    warming.warm_campaign(later)
    with django_assert_num_queries(0):  # read from the cache, not the two campaigns
        trend = trend_report.trend(known_campaign, later)
        expected = trend_report.expected_stability(known_campaign, later)
    assert trend["both"] == 4
    assert expected["status"] in ("ready", "too_few", "unavailable")
