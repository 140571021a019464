"""The campaign trend's retest line is read off the trend's family matrix (no scale
scores read); it must show the same agreement, kappa and count as the retest page, which
builds its family table from every person's scores, including when some results are
invalid or carry no family."""

import pytest

from assessments.models import Result
from assessments.reports import evidence, trend


def _spoil(campaign, validity=None, family=None, count=3):
    for result in Result.objects.filter(assignment__campaign=campaign).order_by("pk")[:count]:
        if validity is not None:  # an invalid result has no family and no probability
            result.validity, result.role_family = validity, ""
            result.probability_execution = None
        if family is not None:
            result.role_family = family
        result.save()


@pytest.mark.django_db
def test_the_trend_line_shows_the_agreement_kappa_and_count_of_the_retest_page(
        evidence_world):
    world = evidence_world(n=80, seed=7)
    _spoil(world["earlier"], validity=Result.Validity.INVALID)
    _spoil(world["later"], family="", count=2)

    page = evidence.retest(world["earlier"], world["later"])["families"]
    line = evidence.retest_line(world["earlier"], world["later"])

    assert line["n"] == page.n_families
    assert line["agreement"] == pytest.approx(page.agreement)
    assert line["kappa"] == pytest.approx(page.kappa)
    moved = trend.trend(world["earlier"], world["later"])
    again = evidence.retest_line(world["earlier"], world["later"], moved)
    assert (again["n"], again["agreement"], again["kappa"]) == (
        line["n"], line["agreement"], line["kappa"])


@pytest.mark.django_db
def test_the_trend_line_stays_away_when_fewer_people_than_a_shown_cell_have_two_families(
        evidence_world, settings):
    world = evidence_world(n=20, seed=3)
    settings.DASHBOARD_MIN_CELL = 21

    assert evidence.retest_line(world["earlier"], world["later"]) is None
