"""Beside the stability observed between two campaigns, the trend says how much
measurement error alone would leave people in the same family, warns in words when
fewer kept it than that, and with fewer than 20 people says so instead of a figure."""

from django.urls import reverse

from assessments.models import Assignment, Campaign, Result
from assessments.reports import trend
from tests.assessments.evidence.conftest import (  # noqa: F401 (a fixture)
    evidence_world,
    swap_families,
)
from tests.factories import make_bank
from tests.queries import forget_what_the_process_remembers

from .conftest import fill_campaign, make_result


def _page(client, world):
    url = reverse("assessments:campaign_dashboard", args=[world["later"].pk])
    return client.get(url, {"compare": world["earlier"].pk}).content.decode()


def test_people_who_kept_their_traits_are_as_stable_as_measurement_error_allows(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=200, seed=3)
    found = trend.expected_stability(world["earlier"], world["later"])
    assert found["status"] == "ready" and found["n"] >= 20
    assert found["low"] <= found["expected"] <= found["high"]
    assert found["verdict"] == "within"
    assert abs(found["observed"] - found["expected"]) < 0.15
    page = _page(client_for(hr), world)
    # The same people as the stability above it: its figure is not repeated.
    assert f"Stability: {found['observed']:.2f}" in page
    assert "observed stability" not in page
    assert f"about {found['expected']:.2f}" in page
    assert f"from {found['low']:.2f} to {found['high']:.2f}" in page
    assert "data-stability-warning" not in page
    # Beside the retest line's own expectation, the page says how the two differ.
    assert "if nobody had changed" in page
    assert "The two expected figures answer different questions" in page


def test_when_families_moved_more_than_error_explains_the_page_warns_in_words(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=200, seed=3)
    # Everyone determined the second time got the other family.
    swap_families(world["later"])
    # Five people answered carelessly the second time: no family, and not counted here.
    careless = Result.objects.filter(assignment__campaign=world["later"]).order_by("pk")[:5]
    Result.objects.filter(pk__in=list(careless.values_list("pk", flat=True))).update(
        validity="invalid", role_family="", probability_execution=None)
    found = trend.expected_stability(world["earlier"], world["later"])
    assert found["verdict"] == "below" and found["observed"] < found["low"]
    page = _page(client_for(hr), world)
    # Not the same people as the stability above: the page says which it counts.
    assert f"{found['kept']} kept it: observed stability {found['observed']:.2f}" in page
    assert "data-stability-warning" in page
    assert "Either people changed or the conditions in which they answered changed" in page


def test_with_fewer_than_20_people_it_says_so_instead_of_a_figure(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=16, seed=4)
    found = trend.expected_stability(world["earlier"], world["later"])
    assert found["status"] == "too_few" and "expected" not in found
    page = _page(client_for(hr), world)
    assert 'data-expected-stability="too-few"' in page
    assert "too few to set their stability beside" in page
    assert "Expected from measurement error alone" not in page


def test_without_reliabilities_it_says_the_figure_cannot_be_worked_out(tree_org, hr,
                                                                       client_for):
    # Norm groups with no stored norms: nothing to take the reliabilities from.
    earlier = fill_campaign(Campaign.objects.create(
        name="Earlier", bank_version=make_bank("KNOWN"), status=Campaign.Status.OPEN),
        {"UW": {"execution": 25}}, tree_org, prefix="A", share=False)
    later = Campaign.objects.create(name="Later", bank_version=make_bank("KNOWN", number=2),
                                    status=Campaign.Status.OPEN)
    for result in Result.objects.for_campaign(earlier).select_related("assignment"):
        assignment = Assignment.objects.create(
            campaign=later, employee=result.assignment.employee,
            department=result.assignment.department, status="submitted",
            started_at=result.computed_at, submitted_at=result.computed_at)
        make_result(assignment, result.spec, result.norm_group, "execution")
    found = trend.expected_stability(earlier, later)
    assert (found["status"], found["n"], found["kept"]) == ("unavailable", 25, 25)
    page = client_for(hr).get(reverse("assessments:campaign_dashboard", args=[later.pk]),
                              {"compare": earlier.pk}).content.decode()
    assert 'data-expected-stability="unavailable"' in page


def _world(code, n, org, prefix):
    """Two campaigns on bank `code` with the same n people, real norms, new errors."""
    import numpy as np
    from django.utils import timezone

    from assessments import engine_io, scoring
    from assessments.models import NormGroup, ScoringSpec
    from talent.models import Employee
    from tests.assessments.evidence.conftest import _results

    rng = np.random.default_rng(n)
    version = make_bank(code, n_items_per_scale=12, n_pairs=4)
    layout = engine_io.bank_layout(version).layout
    spec = ScoringSpec.objects.current()
    norms = scoring.build_norms(scoring.simulate(layout, 300, rng).X, layout, spec.engine())
    group = NormGroup.objects.create(bank_version=version, name=f"Norms {code}", n=norms.n,
                                     provisional=False, spec=spec, data=norms.to_dict())
    people = [Employee.objects.create(employee_id=f"{prefix}{i:04d}", name=f"P {i}",
                                      department=org["UW"]) for i in range(n)]
    now = timezone.now()
    campaigns = [Campaign.objects.create(name=f"{code} {i}", bank_version=version,
                                         status="closed",
                                         launched_at=now + timezone.timedelta(days=i))
                 for i in (0, 1)]
    for campaign in campaigns:
        z = rng.standard_normal((n, 2))
        _results(campaign, people, z, group, spec, norms, layout)
    return campaigns


def test_the_dashboard_runs_as_many_queries_for_60_people_in_both_as_for_600(
        org, hr, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext


    small = _world("SMALLW", 60, org, "S")
    large = _world("LARGEW", 600, org, "L")
    client = client_for(hr)

    def queries(earlier, later):
        forget_what_the_process_remembers()
        url = reverse("assessments:campaign_dashboard", args=[later.pk])
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url, {"compare": earlier.pk}).content.decode()
        assert 'data-expected-stability="' in page and "too-few" not in page
        return len(captured)

    queries(*small)
    queries(*large)  # warm: sessions, the spec, the layouts
    assert queries(*small) == queries(*large)
