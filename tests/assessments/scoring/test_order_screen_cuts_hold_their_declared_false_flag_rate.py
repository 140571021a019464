"""The cuts of the segment test (late_misfit) and the sequence statistic (zigzag) come
from a null simulated from the norm group's fitted conditional model, at the declared
false-flag levels of the spec (null.order_screens).  Checked here:

* on fresh attentive people drawn from the same fitted model (not the draws that set
  the cut), each flag is raised near its declared level;
* on the engine's own simulator, whose attentive people follow a graded response model
  the tables only approximate, the rate among attentive people is also near it;
* a screen whose held-out null rate is above the hard limit is soft; norms stored
  before these screens have no cut and never raise them.
"""

import dataclasses

import numpy as np
import pytest

from assessments.scoring import (
    Norms,
    Spec,
    build_norms,
    demo_layout,
    key,
    scale_scores,
    score,
    simulate,
)
from assessments.scoring.personfit import draw_attentive, late_items, segment_fit
from assessments.scoring.validity import administration_order, positions, step_share

SPEC = Spec()
LEVEL = {"late_misfit": SPEC.late_misfit_false_flag, "zigzag": SPEC.zigzag_false_flag}


@pytest.fixture(scope="module")
def campaign():
    layout = demo_layout()
    sim = simulate(layout, 8000, np.random.default_rng(21), timings=False)
    norms = build_norms(sim.X, layout, SPEC)
    return layout, sim, norms


def _binomial_band(p, n, z=3.5):
    half = z * np.sqrt(p * (1 - p) / n)
    return p - half, p + half


def test_fresh_draws_from_the_fitted_model_are_flagged_at_the_declared_level(campaign):
    layout, sim, norms = campaign
    Xk = key(sim.X, layout)
    raw, *_ = scale_scores(Xk, layout, SPEC.min_answered)
    ok = np.isfinite(raw).all(axis=1)
    rng = np.random.default_rng(777)                  # not the norm build's seed
    who = rng.integers(0, ok.sum(), 60000)
    Xs = draw_attentive(norms.fit, layout, raw[ok][who], ~np.isnan(Xk[ok][who]), rng)
    seen = administration_order(None, *Xs.shape)
    Xsk = key(Xs, layout)
    raw_s, *_ = scale_scores(Xsk, layout, SPEC.min_answered)
    late = segment_fit(Xsk, raw_s, layout, norms.fit, late_items(positions(seen)))
    steps = step_share(Xs, seen)
    rates = {"late_misfit": np.mean(late[np.isfinite(late)] <= norms.screens["late_misfit_cut"]),
             "zigzag": np.mean(steps[np.isfinite(steps)]
                               >= norms.screens["zigzag_cut"] - 1e-12)}
    for flag, rate in rates.items():
        # the cut comes from 20,000 draws: allow its own sampling error as well
        # (measured: held-out .25 % / .045 %, fresh draws within the same band)
        lo, hi = _binomial_band(LEVEL[flag], 20000)
        assert lo <= rate <= hi, (flag, rate, LEVEL[flag])
        held_out = norms.screens[f"{flag}_null_rate"]
        assert lo <= held_out <= hi, (flag, held_out)
        assert norms.screens[f"{flag}_hard"] is True
        assert norms.screens[f"{flag}_false_flag"] == LEVEL[flag]


def test_attentive_people_of_the_engines_own_model_are_flagged_near_the_declared_level(
        campaign):
    layout, sim, norms = campaign
    fresh = simulate(layout, 30000, np.random.default_rng(22), timings=False,
                     items=sim.items, share_random=0.0, share_straight=0.0, share_yea=0.0,
                     share_incomplete=0.0)
    sc = score(fresh.X, layout, norms, SPEC)
    att = fresh.kind == "attentive"
    for flag in ("late_misfit", "zigzag"):
        rate = sc.flags[att, sc.flag_names.index(flag)].mean()
        # measured .15 % (late_misfit, declared .2 %) and .057 % (zigzag, declared .05 %):
        # the tables smooth the model a little, so the null is slightly conservative
        assert rate <= 2 * LEVEL[flag], (flag, rate)


def test_a_screen_whose_null_rate_is_above_the_hard_limit_is_soft(campaign):
    layout, sim, _ = campaign
    strict = dataclasses.replace(SPEC, hard_false_flag_rate=0.0001)
    norms = build_norms(sim.X[:3000], layout, strict)
    assert norms.screens["late_misfit_hard"] is False
    assert norms.screens["zigzag_hard"] is False
    assert not {"late_misfit", "zigzag"} & norms.hard_flags(strict)


def test_norms_stored_before_the_order_screens_never_raise_them(campaign):
    layout, sim, norms = campaign
    d = norms.to_dict()
    d["screens"] = {k: v for k, v in d["screens"].items()
                    if not k.startswith(("late_misfit", "zigzag"))}
    old = Norms.from_dict(d)
    zig = 1 + (np.arange(layout.k)[None, :] + np.arange(50)[:, None]) % 5
    sc = score(zig.astype(float), layout, old, SPEC)
    for flag in ("late_misfit", "zigzag"):
        assert not sc.flags[:, sc.flag_names.index(flag)].any()
    assert sc.flags[:, sc.flag_names.index("zigzag")].sum() == 0
    assert score(zig.astype(float), layout, norms, SPEC).flags[
        :, sc.flag_names.index("zigzag")].all()
