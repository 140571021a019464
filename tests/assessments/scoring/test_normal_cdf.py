import math

import numpy as np
import pytest
from scipy import special

from assessments.scoring.normal import erf, erfc, ndtr, ndtri


def test_ndtr_matches_scipy_to_1e12_relative_error_over_the_useful_range():
    x = np.linspace(-20.0, 9.0, 200_001)
    rel = np.abs(ndtr(x) / special.ndtr(x) - 1.0)
    assert rel.max() <= 1e-12


def test_ndtr_matches_math_erfc_at_random_points():
    rng = np.random.default_rng(7)
    x = rng.normal(0.0, 3.0, 5000)
    ref = np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in x])
    assert np.max(np.abs(ndtr(x) / ref - 1.0)) <= 1e-12


def test_erf_and_erfc_match_the_standard_library_in_all_three_ranges():
    x = np.concatenate([np.linspace(-6, 6, 4001), [0.46875, 4.0, -4.0, 1e-10, -1e-300]])
    e = erf(x)
    ec = erfc(x)
    for v, a, b in zip(x, e, ec, strict=True):
        assert a == pytest.approx(math.erf(v), rel=1e-14, abs=1e-300)
        assert b == pytest.approx(math.erfc(v), rel=1e-13, abs=1e-300)


def test_ndtr_handles_nan_and_infinities():
    out = ndtr(np.array([np.nan, -np.inf, np.inf, 0.0]))
    assert np.isnan(out[0])
    assert out[1] == 0.0 and out[2] == 1.0 and out[3] == 0.5


def test_ndtri_inverts_ndtr_and_matches_scipy():
    for p in (1e-12, 0.001, 0.05, 0.5, 0.9, 0.95, 0.999):
        assert ndtri(p) == pytest.approx(special.ndtri(p), rel=1e-12, abs=1e-14)
    with pytest.raises(ValueError):
        ndtri(1.0)
