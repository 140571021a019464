"""The retest page shows agreement and kappa beside what the reliabilities predict; the
criterion page shows the family difference, its interval and verdict, hides figures of
fewer than k = 5 people, says when the outcomes are simulated and when the criterion is
range-restricted; the trend section of the campaign dashboard links to the retest."""

import numpy as np
from django.urls import reverse

from assessments.models import OutcomeRecord
from assessments.reports import evidence as evidence_report
from assessments.scoring import evidence


def test_the_retest_agrees_with_the_measurement_model(evidence_world, hr, client_for):
    world = evidence_world(n=150, seed=3)
    report = evidence_report.retest(world["earlier"], world["later"])
    assert report["both"] == 150
    found, expected = report["families"], report["expected"]
    # People kept their traits, so the observed agreement is the expected one up to
    # sampling error (SE of a share at n = 150 is about .04).
    assert abs(found.agreement - expected.agreement) < 0.12
    for row in report["scales"]:
        assert row["low"] <= row["expected"] + 0.05 and row["r"] > 0.6
    page = client_for(hr).get(reverse("assessments:retest", args=[world["later"].pk,
                                                                  world["earlier"].pk]))
    html = page.content.decode()
    assert 'data-figure="kappa"' in html and 'data-figure="expected-kappa"' in html
    assert f"{expected.kappa:.2f}" in html


def test_the_criterion_page_gives_the_verdict_and_its_figures(evidence_world, hr, client_for,
                                                              settings):
    settings.EVIDENCE_MIN_PER_FAMILY = 20
    world = evidence_world(n=160, effect=0.6, seed=5, simulated=True)
    page = client_for(hr).get(reverse("assessments:criterion_evidence",
                                      args=[world["criterion"].pk])).content.decode()
    assert 'data-verdict="difference"' in page and "Evidence of a difference" in page
    assert 'data-test="simulated"' in page and 'data-figure="difference"' in page
    assert 'data-test="range-restriction"' not in page


def test_below_the_minimum_the_criterion_is_not_yet_tested(evidence_world, hr, client_for):
    world = evidence_world(n=40, effect=0.6)
    page = client_for(hr).get(reverse("assessments:criterion_evidence",
                                      args=[world["criterion"].pk])).content.decode()
    assert 'data-verdict="not_tested"' in page and "Not yet tested" in page
    assert 'data-test="simulated"' not in page


def test_aggregates_of_fewer_than_five_people_are_not_shown(evidence_world):
    world = evidence_world(n=60, rated=6)
    report = evidence_report.criterion_evidence(world["criterion"])
    bank = report["banks"][0]
    for row in bank["rows"]:
        assert (row["mean"] is None) == (row["n"] < 5)
    assert bank["difference_shown"] is False
    assert bank["found"].verdict == evidence.NOT_TESTED


def test_the_dashboard_trend_links_to_the_retest(evidence_world, hr, client_for):
    world = evidence_world(n=30)
    url = reverse("assessments:campaign_dashboard", args=[world["later"].pk])
    page = client_for(hr).get(url, {"compare": world["earlier"].pk}).content.decode()
    assert 'data-retest' in page
    assert reverse("assessments:retest", args=[world["later"].pk, world["earlier"].pk]) in page


def test_a_rating_is_newest_per_person(evidence_world):
    world = evidence_world(n=10)
    person = world["people"][0]
    record = OutcomeRecord.objects.get(employee=person)
    OutcomeRecord.objects.create(employee=person, criterion=record.criterion,
                                 version=record.version, value=1,
                                 date=record.date.replace(year=record.date.year - 1),
                                 scale_min=1, scale_max=5)
    assert evidence_report._outcomes(world["criterion"])[person.pk] == record.value
    assert np.isfinite(record.value)


def test_scales_are_shared_by_code_role_and_keying_across_bank_versions(db):
    from tests.factories import make_bank

    first = make_bank("KEY", n_pairs=4)
    same = make_bank("KEY", number=2, n_pairs=4)
    flipped = make_bank("KEY", number=3, n_pairs=2)   # one CMP item no longer reversed
    renamed = make_bank("OTHER", scales=("EXE", "CMX"))
    codes = [s["code"] for s in evidence_report.shared_scales(first, same)]
    assert codes == ["CMP", "EXE"]
    assert [s["code"] for s in evidence_report.shared_scales(first, flipped)] == ["EXE"]
    assert [s["code"] for s in evidence_report.shared_scales(first, renamed)] == ["EXE"]


def test_the_evidence_index_compares_scales_per_bank_version_not_per_campaign(
        evidence_world, hr, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Campaign

    world = evidence_world(n=5)
    client = client_for(hr)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("assessments:evidence")).status_code == 200
        return len(captured)

    queries()        # the first visit also compares the version's scales (kept after)
    few = queries()
    for n in range(4):
        Campaign.objects.create(name=f"Extra {n}", bank_version=world["version"],
                                status="closed")
    assert queries() == few
    assert len(evidence_report.retest_pairs()) == 15     # 6 campaigns: 6 x 5 / 2
