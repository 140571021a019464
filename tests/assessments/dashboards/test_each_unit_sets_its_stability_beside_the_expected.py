"""The trend by unit sets, per department, the share of its people who kept their
family since the previous campaign beside the range measurement error alone gives,
warns in words where fewer kept it, says so below 20 people, and hides what the
small-cell rules hide."""

from django.urls import reverse

from assessments.reports import trend
from tests.assessments.evidence.conftest import (  # noqa: F401 (a fixture)
    evidence_world,
    swap_families,
)


def _page(client, campaign):
    return client.get(reverse("assessments:unit_trend", args=[campaign.pk])).content.decode()


def _units(report):
    return {unit["department"].code: unit["stability"] for unit in report["units"]}


def test_a_unit_of_people_who_kept_their_traits_reads_as_measurement_error(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=200, seed=3)
    report = trend.unit_trend(world["later"], k=5)
    assert report["stability"]["earlier"] == world["earlier"]
    everyone = trend.expected_stability(world["earlier"], world["later"])
    # Everybody sat in Underwriting, under Head office: both units hold them all.
    for code in ("UW", "HQ"):
        unit = _units(report)[code]
        assert unit["status"] == "ready" and unit["verdict"] == "within"
        for key in ("n", "kept", "observed", "expected", "low", "high"):
            assert unit[key] == everyone[key]
    page = _page(client_for(hr), world["later"])
    assert "Who kept their family since Demo 2025" in page
    assert 'data-unit-stability="within"' in page
    assert f"about {everyone['expected']:.2f} ({everyone['low']:.2f} to" in page
    assert "Fewer kept their family than measurement error alone explains" not in page


def test_a_unit_whose_families_moved_more_than_error_explains_is_marked_in_words(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=200, seed=3)
    swap_families(world["later"])
    unit = _units(trend.unit_trend(world["later"], k=5))["UW"]
    assert unit["verdict"] == "below" and unit["observed"] < unit["low"]
    page = _page(client_for(hr), world["later"])
    assert 'data-unit-stability="below"' in page
    assert "Fewer kept their family than measurement error alone explains" in page


def test_below_20_people_a_unit_is_not_read_and_small_cells_stay_hidden(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=16, seed=4)
    units = _units(trend.unit_trend(world["later"], k=0))
    assert units["UW"] == {"status": "too_few", "n": units["UW"]["n"]}
    assert 0 < units["UW"]["n"] < 20
    hidden = _units(trend.unit_trend(world["later"], k=50))
    assert hidden["UW"] == {"status": "hidden"}
    status = _units(trend.unit_trend(world["later"]))["UW"]["status"]  # the site's k
    assert status in ("too_few", "hidden")
    page = _page(client_for(hr), world["later"])
    assert f'data-unit-stability="{status}"' in page
    assert ("Too few people to read" if status == "too_few"
            else "Hidden to protect the people it counts") in page
    assert "about 0." not in page  # no expected share shown


def test_the_oldest_campaign_has_no_earlier_one_to_be_set_beside(
        evidence_world, hr, client_for):  # noqa: F811
    world = evidence_world(n=40, seed=5)
    report = trend.unit_trend(world["earlier"], k=5)
    assert report["stability"] is None
    assert "Who kept their family since" not in _page(client_for(hr), world["earlier"])
