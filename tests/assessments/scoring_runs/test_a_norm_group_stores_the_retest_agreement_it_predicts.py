"""The agreement two sittings would show if nobody changed is a property of the norm
group: worked out once when the group is built and stored on it, so the campaign
dashboard's retest line and the retest page do not work it out on a first visit."""

import pytest

from assessments import engine_io
from assessments.models import NormGroup
from assessments.reports import evidence
from assessments.scoring import engine
from tests.assessments.evidence.conftest import evidence_world  # noqa: F401 (a fixture)


def test_a_new_norm_group_carries_the_agreement_its_reliabilities_predict(
        simulated_campaign, score_now):
    campaign = simulated_campaign(submitted=30)
    run = score_now(campaign)
    group = NormGroup.objects.get()
    stored = group.expected_retest
    again = engine.expected_retest(group.norms(),
                                   engine_io.bank_layout(campaign.bank_version).layout,
                                   run.spec.engine())
    assert 0 < stored["agreement"] < 1
    assert stored["agreement"] == pytest.approx(again.agreement)
    assert stored["kappa"] == pytest.approx(again.kappa)
    assert stored["table"] == pytest.approx(again.table.ravel().tolist())


@pytest.mark.django_db
def test_the_retest_line_shows_the_groups_stored_agreement(evidence_world):  # noqa: F811
    world = evidence_world(n=80, seed=7)
    group = NormGroup.objects.get(bank_version=world["later"].bank_version)
    # A group built before the figure was stored: worked out on the visit.
    assert group.expected_retest is None
    worked_out = evidence.retest_line(world["earlier"], world["later"])["expected"]
    assert 0 < worked_out.agreement < 1

    stored = {**worked_out.to_dict(), "agreement": 0.5}
    NormGroup.objects.filter(pk=group.pk).update(expected_retest=stored)
    line = evidence.retest_line(world["earlier"], world["later"])
    assert line["expected"].agreement == 0.5
    assert evidence.retest(world["earlier"], world["later"])["expected"].agreement == 0.5


@pytest.mark.django_db
def test_a_group_that_predicts_nothing_shows_no_expected_agreement(evidence_world):  # noqa: F811
    world = evidence_world(n=80, seed=7)
    NormGroup.objects.filter(bank_version=world["later"].bank_version).update(
        expected_retest={})
    assert evidence.retest_line(world["earlier"], world["later"])["expected"] is None


def test_a_figure_that_is_not_a_number_is_stored_as_null_and_read_back_as_one():
    import numpy as np

    from assessments.scoring.evidence import Expected

    expected = Expected(correlation=np.array([0.8, np.nan]), shares=np.array([0.3, 0.4, 0.3]),
                        table=np.eye(3) / 3, agreement=1.0, kappa=np.nan, kept=1.0)
    stored = expected.to_dict()
    assert stored["kappa"] is None and stored["correlation"] == [0.8, None]
    back = Expected.from_dict(stored)
    assert np.isnan(back.kappa) and back.table.shape == (3, 3) and back.agreement == 1.0
