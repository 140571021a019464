"""The norm group's own sampling error widens P toward .5; below the minimum norm size
there is no probability and no family, only provisional scores."""

import numpy as np

from assessments.scoring import Spec, build_norms, score

from .stress_models import BY_NAME, generate

MODEL = BY_NAME["core_v2_grm"]


def test_a_small_norm_group_gives_less_extreme_probabilities_than_without_its_error():
    layout = MODEL.layout()
    rng = np.random.default_rng(5)
    norms = build_norms(generate(MODEL, 150, rng).X, layout, Spec())
    test = generate(MODEL, 3000, rng)
    wide = score(test.X, layout, norms, Spec())
    plain = score(test.X, layout, norms, Spec(norm_uncertainty=False))
    p, q = wide.probability_execution, plain.probability_execution
    ok = np.isfinite(p) & np.isfinite(q)
    assert ok.sum() > 2500
    assert np.all(np.abs(p[ok] - 0.5) <= np.abs(q[ok] - 0.5) + 1e-12)
    # measured: .0037 on average at 150 norm people (much more near P = .5)
    assert np.mean(np.abs(q[ok] - 0.5) - np.abs(p[ok] - 0.5)) > 0.0025
    decided = np.isin(wide.role_family, ["execution", "compression"]).mean()
    assert decided < np.isin(plain.role_family, ["execution", "compression"]).mean()


def test_the_widening_vanishes_for_a_large_norm_group():
    layout = MODEL.layout()
    rng = np.random.default_rng(6)
    norms = build_norms(generate(MODEL, 5000, rng).X, layout, Spec())
    test = generate(MODEL, 2000, rng)
    p = score(test.X, layout, norms, Spec()).probability_execution
    q = score(test.X, layout, norms, Spec(norm_uncertainty=False)).probability_execution
    assert np.nanmax(np.abs(p - q)) < 0.05


def test_below_the_minimum_norm_size_nobody_is_classified():
    layout = MODEL.layout()
    rng = np.random.default_rng(7)
    norms = build_norms(generate(MODEL, 60, rng).X, layout, Spec())
    assert norms.provisional
    sc = score(generate(MODEL, 500, rng).X, layout, norms, Spec())
    assert np.isnan(sc.probability_execution).all() and (sc.role_family == "").all()
    assert sc.provisional.all() and (sc.unclassified_reason == "provisional_norms").all()
    lowered = score(generate(MODEL, 500, rng).X, layout, norms, Spec(provisional_norm_n=50))
    assert np.isfinite(lowered.probability_execution).any()
