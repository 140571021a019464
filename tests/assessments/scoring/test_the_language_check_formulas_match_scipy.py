"""The language check's arithmetic against an independent implementation: the Fisher-z
p-values against scipy's normal tail, the Benjamini-Hochberg q-values against scipy's
false_discovery_control, and the minimum group size against a search over n of the power
computed with scipy."""

import math

import numpy as np
import pytest
from scipy import stats

from assessments import scoring
from assessments.scoring import drift


def test_the_fisher_z_p_value_is_the_two_sided_normal_tail():
    rng = np.random.default_rng(1)
    r1, r2 = rng.uniform(-0.95, 0.95, 200), rng.uniform(-0.95, 0.95, 200)
    n1, n2 = rng.integers(10, 2000, 200), rng.integers(10, 2000, 200)
    z, p = drift.fisher_z_difference(r1, n1, r2, n2)
    expected_z = (np.arctanh(r1) - np.arctanh(r2)) / np.sqrt(1 / (n1 - 3) + 1 / (n2 - 3))
    np.testing.assert_allclose(z, expected_z, rtol=1e-12)
    np.testing.assert_allclose(p, 2 * stats.norm.sf(np.abs(expected_z)), rtol=1e-12,
                               atol=1e-300)


def test_an_unknown_correlation_or_a_tiny_group_gives_no_p_value():
    z, p = drift.fisher_z_difference([np.nan, 0.3, 1.0], [50, 3, 50], [0.2, 0.2, 1.0],
                                     [50, 50, 50])
    assert np.isnan(p[0]) and np.isnan(p[1])
    # Two groups that both answered two items identically: no difference, not an error.
    assert p[2] == pytest.approx(1.0)


def test_q_values_are_benjamini_hochbergs_and_skip_unknown_p_values():
    rng = np.random.default_rng(2)
    p = np.concatenate([rng.uniform(0, 1, 60), rng.uniform(0, 1e-3, 5)])
    rng.shuffle(p)
    np.testing.assert_allclose(drift.benjamini_hochberg(p),
                               stats.false_discovery_control(p, method="bh"), rtol=1e-12)
    with_gaps = p.copy()
    with_gaps[[3, 17]] = np.nan
    q = drift.benjamini_hochberg(with_gaps)
    known = np.isfinite(with_gaps)
    assert np.isnan(q[~known]).all()
    np.testing.assert_allclose(q[known], stats.false_discovery_control(p[known]), rtol=1e-12)
    assert np.isnan(drift.benjamini_hochberg([np.nan])).all()


def _power_by_scipy(n, tests, fdr, r_drop):
    """P(the reversed item's p-value <= fdr / tests) for two groups of n people."""
    shift = 2 * math.atanh(r_drop) / math.sqrt(2 / (n - 3))
    z_crit = stats.norm.isf(fdr / (2 * tests))
    return stats.norm.sf(z_crit - shift) + stats.norm.cdf(-z_crit - shift)


@pytest.mark.parametrize("tests", [1, 12, 52, 200, 1000])
@pytest.mark.parametrize("r_drop", [0.3, 0.4])
def test_the_minimum_group_size_is_the_first_with_the_stated_power(tests, r_drop):
    n = drift.min_group_size(tests, r_drop=r_drop)
    assert _power_by_scipy(n, tests, drift.FDR, r_drop) >= drift.POWER
    assert _power_by_scipy(n - 1, tests, drift.FDR, r_drop) < drift.POWER


def test_the_default_bank_needs_72_people_per_language():
    # CORE: two scales of 26 statements, every one with an r.drop (docs/scoring.md).
    assert drift.min_group_size(52) == 72


def test_r_drop_with_nothing_left_out_is_the_item_analysis_figure():
    layout = scoring.demo_layout()
    Xk = scoring.key(scoring.simulate(layout, 150, np.random.default_rng(3)).X, layout)
    r, answered = drift.r_drop_in(Xk, layout)
    for s in range(layout.n_scales):
        idx = layout.scale_items(s)
        np.testing.assert_allclose(r[idx], scoring.item_analysis(Xk[:, idx])["r_drop"],
                                   rtol=1e-10)
    np.testing.assert_array_equal(answered, (~np.isnan(Xk)).sum(axis=0))


def test_an_item_left_out_of_the_rest_is_not_in_any_other_items_rest_score():
    layout = scoring.demo_layout()
    Xk = scoring.key(scoring.simulate(layout, 150, np.random.default_rng(4)).X, layout)
    Xk = Xk[~np.isnan(Xk).any(axis=1)]
    left_out = np.zeros(layout.k, bool)
    left_out[0] = True
    r, __ = drift.r_drop_in(Xk, layout, left_out)
    idx = layout.scale_items(int(layout.item_scale[0]))
    j = int(idx[3])
    rest = Xk[:, [int(i) for i in idx if i not in (0, j)]].sum(axis=1)
    assert r[j] == pytest.approx(np.corrcoef(Xk[:, j], rest)[0, 1], rel=1e-10)
