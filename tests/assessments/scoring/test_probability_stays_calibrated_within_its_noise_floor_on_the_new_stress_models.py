"""The worst calibration gap per tenth of P, over the attentive people of a campaign of
3,000 not marked invalid, is within .03 of its noise floor (the median worst gap of a
perfectly calibrated P on the same P values) on every new stress model; in the subgroup
the misspecification hits (extreme-style people, people reading a translation that
turns two items round; tenths with >= 200 of them) within .06 (issue 21's targets).

At this size only the outer tenths hold 300 people, so this is a guard, not the
evidence: scripts/validity_report.py measures 20,000 people per model and
docs/scoring.md gives those figures beside their floor."""

import numpy as np
import pytest

from .stress_models import MORE_MODELS, campaign_of

CASES = [(m.name, "calibration") for m in MORE_MODELS] + [
    (m.name, "calibration:extreme") for m in MORE_MODELS if any(m.style_share)] + [
    (m.name, "calibration:translated") for m in MORE_MODELS if m.language_share]


@pytest.mark.parametrize(("name", "group"), CASES)
def test_worst_gap_is_within_its_noise_floor(name, group):
    c = campaign_of(name)[group]
    assert np.isfinite(c["errors"]).sum() >= (2 if group == "calibration" else 1), c
    allowed = 0.03 if group == "calibration" else 0.06
    assert c["worst"] - c["floor_median"] <= allowed, c
