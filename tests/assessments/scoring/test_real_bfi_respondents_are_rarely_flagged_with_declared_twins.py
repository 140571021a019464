"""Real data: psych's bfi with its 8 most-correlated within-scale pairs declared as twins.
Measured: 4.4 % of the 2,800 people flagged, 2.6 % invalid (it was 33 % invalid)."""

from assessments.scoring import Spec

from .stress_models import bfi_with_twins


def test_bfi_flagged_share_with_declared_twins():
    flagged, invalid, detail = bfi_with_twins(Spec())
    assert flagged <= 0.05, detail
    assert invalid <= 0.03, detail
