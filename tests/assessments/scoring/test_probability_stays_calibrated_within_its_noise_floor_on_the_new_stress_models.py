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

from .stress_models import (
    MORE_MODELS,
    calibration_errors,
    calibration_noise_floor,
    campaign_of,
)

CASES = [(m.name, "calibration") for m in MORE_MODELS] + [
    (m.name, "calibration:extreme") for m in MORE_MODELS if any(m.style_share)] + [
    (m.name, "calibration:translated") for m in MORE_MODELS if m.language_share]


# Cases measured on tenths with fewer people: since spec version 8 the random side
# withholds P from 3.3 % of the extreme-style people with mild styles, 554 of them keep
# one (573 before) and no tenth holds 200; on tenths of 150 two do (worst gap .012, floor
# .010; 20,000 people: .074, floor .017, docs/scoring.md section 12).
SMALLER_TENTHS = {("styles_mild", "calibration:extreme"): 150}


@pytest.mark.parametrize(("name", "group"), CASES)
def test_worst_gap_is_within_its_noise_floor(name, group):
    c = campaign_of(name)[group]
    if (name, group) in SMALLER_TENTHS:
        min_bin = SMALLER_TENTHS[(name, group)]
        errors = calibration_errors(c["p"], c["truth"], min_bin)
        floor, _ = calibration_noise_floor(c["p"], np.random.default_rng(22), 100, min_bin)
        c = {**c, "errors": errors, "worst": float(np.nanmax(np.abs(errors))),
             "floor_median": floor}
    assert np.isfinite(c["errors"]).sum() >= (2 if group == "calibration" else 1), c
    allowed = 0.03 if group == "calibration" else 0.06
    assert c["worst"] - c["floor_median"] <= allowed, c
