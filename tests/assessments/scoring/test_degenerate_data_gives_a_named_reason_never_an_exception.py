"""Constant items, tiny groups, a scale nobody answered, NaN reliabilities: plain reasons
per scale, no exception, no silent NaN family."""

import numpy as np

from assessments.scoring import Spec, build_norms, omega_total, score

from .stress_models import BY_NAME, generate

MODEL = BY_NAME["core_v2_grm"]
LAYOUT = MODEL.layout()


def _data(n=400, seed=1):
    return generate(MODEL, n, np.random.default_rng(seed)).X


def _check(X, expect_problem=None):
    norms = build_norms(X, LAYOUT, Spec(provisional_norm_n=2))
    sc = score(X, LAYOUT, norms, Spec(provisional_norm_n=2))
    has_p = np.isfinite(sc.probability_execution)
    assert ((sc.role_family != "") == has_p).all()
    assert (sc.unclassified_reason[~has_p] != "").all()
    if expect_problem:
        assert any(expect_problem in v for v in norms.scale_problems.values()), \
            norms.scale_problems
        assert not has_p.any()
    return norms, sc


def test_a_constant_unpaired_item_does_not_break_omega():
    X = _data()
    paired = set(LAYOUT.pairs.ravel().tolist())
    j = next(i for i in range(LAYOUT.k) if i not in paired)
    X[:, j] = 3.0
    norms, sc = _check(X)
    assert np.isfinite(norms.omega_total).all() and np.isfinite(norms.reliability).all()
    assert np.isfinite(sc.probability_execution).mean() > 0.9


def test_a_constant_paired_item_does_not_give_nan_omega():
    X = _data()
    X[:, LAYOUT.pairs[0, 0]] = 2.0
    norms, _ = _check(X)
    assert np.isfinite(norms.parcel_omega).all() and np.isfinite(norms.reliability).all()
    assert np.isfinite(omega_total(np.column_stack([np.ones(50), np.arange(50.0),
                                                    np.arange(50.0) ** 1.1])))


def test_a_scale_nobody_answered_is_named():
    X = _data()
    X[:, LAYOUT.scale_items(1)] = np.nan
    _check(X, "no_scores")


def test_a_scale_without_variance_is_named():
    X = _data()
    X[:, LAYOUT.scale_items(0)] = 4.0
    _check(X, "no_variance")


def test_a_tiny_group_is_named():
    _check(_data(2), "too_few_people")


def test_items_that_do_not_hang_together_are_named():
    rng = np.random.default_rng(3)
    X = _data()
    idx = LAYOUT.scale_items(1)
    X[:, idx] = rng.integers(1, 6, (X.shape[0], idx.size))
    norms, sc = _check(X)
    code = LAYOUT.scale_codes[1]
    if code in norms.scale_problems:
        assert "reliability" in norms.scale_problems[code]
        assert (sc.unclassified_reason == f"scale_{code}_reliability_unavailable").all()
