import json

import numpy as np
import pytest

from assessments.scoring import (
    Norms,
    Spec,
    build_norms,
    demo_layout,
    score,
    simulate,
)


@pytest.fixture(scope="module")
def built():
    layout = demo_layout()
    sim = simulate(layout, 3000, np.random.default_rng(5))
    spec = Spec()
    return layout, sim, spec, build_norms(sim.X, layout, spec, sim.seconds)


def test_norms_round_trip_through_json_unchanged(built):
    layout, sim, spec, norms = built
    d = norms.to_dict()
    text = json.dumps(d, allow_nan=False)
    again = Norms.from_dict(json.loads(text))
    assert again.to_dict() == d
    a = score(sim.X, layout, norms, spec, sim.seconds)
    b = score(sim.X, layout, again, spec, sim.seconds)
    for field in ("z", "percentile", "probability_execution", "mahalanobis"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert (a.validity == b.validity).all()


def test_norms_are_provisional_below_the_spec_minimum_and_then_nobody_gets_a_family():
    layout = demo_layout()
    sim = simulate(layout, 90, np.random.default_rng(6))
    norms = build_norms(sim.X, layout, Spec(), sim.seconds)
    assert norms.provisional and norms.n < 100
    sc = score(sim.X, layout, norms, Spec(), sim.seconds)
    assert sc.provisional.all() and np.isnan(sc.probability_execution).all()
    assert (sc.role_family == "").all()
    assert (sc.unclassified_reason == "provisional_norms").all()
    assert np.isfinite(sc.z[sc.scorable]).all()          # scores are still given
    bigger = build_norms(simulate(layout, 400, np.random.default_rng(7)).X, layout, Spec())
    assert not bigger.provisional


def test_norm_sample_flags_its_own_top_half_percent_as_outliers(built):
    layout, sim, spec, norms = built
    sc = score(sim.X, layout, norms, spec, sim.seconds)
    clean = ~sc.flags[:, [0, 1, 4]].any(axis=1) & sc.scorable.all(axis=1)
    rate = sc.flags[clean, sc.flag_names.index("outlier")].mean()
    assert rate == pytest.approx(0.005, abs=0.002)


def test_mid_rank_percentiles_count_half_of_the_ties():
    layout = demo_layout()
    sim = simulate(layout, 2000, np.random.default_rng(9))
    norms = build_norms(sim.X, layout, Spec(), sim.seconds)
    vals, cnt = norms.values[0], norms.counts[0]
    total = cnt.sum()
    probe = np.full((4, 2), np.nan)
    probe[:3, 0] = [vals[0], vals[len(vals) // 2], vals[-1]]
    probe[3, 1] = norms.values[1][0]
    pct = norms.percentile(probe)
    mid = len(vals) // 2
    assert pct[0, 0] == pytest.approx(0.5 * cnt[0] / total * 100)
    assert pct[1, 0] == pytest.approx((cnt[:mid].sum() + 0.5 * cnt[mid]) / total * 100)
    assert pct[2, 0] == pytest.approx((total - 0.5 * cnt[-1]) / total * 100)
    # a missing score has no percentile; a present one in the other column does
    assert np.isnan(pct[:3, 1]).all() and np.isnan(pct[3, 0])
    assert pct[3, 1] == pytest.approx(0.5 * norms.counts[1][0] / norms.counts[1].sum() * 100)
