"""The twin alignment cut (misaligned) is set on the style-aware null: the simulated
attentive people's own alignment at the declared level spec.misaligned_false_flag, its
rate measured on the null's held-out half, hard only where that rate is within
spec.hard_false_flag_rate overall and in each response-style subgroup of the null. The
misfit cut stays the norm sample's (the null's l_z is not a fair image of attentive
people's: docs/scoring.md, section 8), but the same null decides whether it may be hard:
where its flags fall on a response-style subgroup beyond the hard limit it is soft and
withholds the family instead of invalidating the result; and (spec version 7) where the
null does not reproduce the body of the norm sample's l_z (its half body, median less
25th percentile, narrower than the norm sample's beyond spec.null_body_tolerance), it
cannot vouch for the cut, and misfit is soft too."""

import numpy as np
import pytest

from assessments.scoring import Spec, build_norms, demo_layout, key, scale_scores, score, simulate
from assessments.scoring.norms import derive_screens
from assessments.scoring.validity import screen

from .stress_models import ALL_CARELESS, BY_NAME, generate

N_NORM = 2000
N_FRESH = 12000


def _campaign(name: str, seed: int = 4):
    model = BY_NAME[name]
    layout = model.layout()
    rng = np.random.default_rng(seed)
    sample = generate(model, N_NORM, rng, {kind: N_NORM // 100 for kind in ALL_CARELESS})
    norms = build_norms(sample.X, layout, Spec())
    fresh = generate(model, N_FRESH, rng)
    return layout, norms, fresh, score(fresh.X, layout, norms, Spec())


def _binomial_ceiling(rate: float, n: int = 20000, z: float = 3.5) -> float:
    return rate + z * np.sqrt(rate * (1 - rate) / n)


def _share(sc, flag, rows=None):
    column = sc.flags[:, list(sc.flag_names).index(flag)]
    return float(column.mean() if rows is None else column[rows].mean())


@pytest.fixture(scope="module")
def grm():
    return _campaign("core_v2_grm")


def test_the_alignment_cut_holds_its_declared_rate_on_the_nulls_held_out_half(grm):
    _, norms, _, _ = grm
    s, spec = norms.screens, Spec()
    assert s["misaligned_null_rate"] <= _binomial_ceiling(spec.misaligned_false_flag)
    assert s["misaligned_hard"] is True and s["misaligned_soft_reason"] == ""
    assert s["alignment_rule"] == "null"
    # a test against attentive people, not against random answers: well below the old
    # random cut (the .90 quantile of random answers' alignment), which is still stored
    assert s["alignment_cut"] < s["alignment_random_cut"]
    assert 0.0 <= s["alignment_random_catch"] <= 0.05
    # the screens set on the null, together, within the hard limit
    assert set(s["hard_null_flags"]) == {"longstring", "misaligned", "zigzag"}
    assert s["hard_null_rate"] <= spec.hard_false_flag_rate


def test_real_twins_agree_more_than_the_nulls_so_the_cut_is_conservative(grm):
    # the null's twins share only the score band and the style; the model's also share
    # the trait within the band and a specific factor (measured: 0 of 12,000 fresh
    # attentive people flagged, declared 0.1 %)
    assert _share(grm[3], "misaligned") <= Spec().misaligned_false_flag


def test_without_styles_misfit_stays_hard_with_the_norm_samples_cut(grm):
    s = grm[1].screens
    assert s["misfit_hard"] is True and s["misfit_soft_reason"] == ""
    assert s["misfit_null_rate_extreme"] is None and s["misfit_null_rate_midpoint"] is None
    assert s["misfit_random_catch"] >= 0.95
    # the null's own cut at the declared level is kept for the report: lower than the
    # norm sample's, because the null's l_z is wider than attentive people's
    assert s["misfit_null_cut"] < s["misfit_cut"]
    # the null reproduces the body of the norm sample's l_z (measured 1.00)
    assert 0.9 <= s["misfit_body_ratio"] <= 1.1


def _derived_screens(grm, **kwargs):
    """The screens derived from the campaign's norm sample (with `null=` a null of the
    caller's, else none)."""
    layout, norms, fresh, _ = grm
    spec = Spec()
    Xk = key(fresh.X, layout)
    raw, *_ = scale_scores(Xk, layout, spec.min_answered)
    checks = {k: v for k, v in screen(fresh.X, layout, spec).items() if k != "flags"}
    return derive_screens(fresh.X, layout, spec, norms.fit, checks, keyed=(Xk, raw), **kwargs)


def test_a_null_narrower_than_the_norm_samples_body_makes_misfit_soft(grm):
    # the same norm sample judged against nulls whose half body (median less 25th
    # percentile) is the norm sample's divided by 1.3 (beyond the tolerance) or by 1.2
    # (within it); the cut is the norm sample's either way
    plain = _derived_screens(grm)
    q10, q25, q50 = plain["misfit_norm_body"]
    for factor, hard in ((1.3, False), (1.2, True)):
        body = [q50 - (q50 - q10) / factor, q50 - (q50 - q25) / factor, q50]
        out = _derived_screens(grm, null={"misfit_null_body": body})
        assert out["misfit_cut"] == pytest.approx(plain["misfit_cut"])
        assert out["misfit_body_ratio"] == pytest.approx(factor)
        assert out["misfit_hard"] is hard
        assert out.get("misfit_soft_reason", "") == ("" if hard else "null_narrower")


def test_a_strong_extreme_style_makes_misfit_soft_and_withhold_the_family():
    _, norms, fresh, sc = _campaign("styles_strong")
    s, spec = norms.screens, Spec()
    assert s["misfit_hard"] is False and s["misfit_soft_reason"] == "style_extreme"
    assert s["misfit_null_rate_extreme"] > spec.hard_false_flag_rate
    assert "misfit" not in norms.hard_flags(spec)
    extreme = fresh.style == "extreme"
    # spec version 5 (misfit hard, misaligned soft): 5.1 % of them invalid (20,000-person
    # campaign); measured here 0.2 %
    assert (sc.validity[extreme] == "invalid").mean() <= 0.005
    raised = sc.flags[:, list(sc.flag_names).index("misfit")] & (sc.validity != "invalid")
    assert raised.sum() > 100
    assert (sc.role_family[raised] == "").all()
    assert np.isnan(sc.probability_execution[raised]).all()
    assert set(sc.unclassified_reason[raised]) <= {"misfit", "unpatterned", "late_misfit",
                                                   "random_like"}


def test_on_the_engines_own_simulator_misfit_and_the_random_twin_test_stay_hard():
    # random, yea-saying and straight records read as a strong extreme style; on the
    # engine's own simulator (9 % careless records) they are 6 % of the null's draws,
    # below the tenth a style subgroup needs
    layout, spec = demo_layout(), Spec()
    camp = simulate(layout, 3300, np.random.default_rng(21), timings=False)
    s = build_norms(camp.X, layout, spec).screens
    assert s["misfit_hard"] is True
    assert s["misfit_null_rate_extreme"] is None
    assert s["misfit_body_ratio"] <= 1.0 + spec.null_body_tolerance      # measured .95
    assert s["misfit_random_catch"] >= 0.95
    # its twins agree well (.56-.72): the norm people who fit reach the random answers'
    # cut at most 1 %, so that test is kept (the null's cut would catch about 4 % of
    # random answers, this one about 90 %); the null's twins, sharing only the band and
    # the style, reach it far more often, which is why the null does not judge its rate
    assert s["alignment_rule"] == "random" and s["misaligned_hard"] is True
    assert s["alignment_cut"] == s["alignment_random_cut"]
    assert s["alignment_random_catch"] >= 0.85
    assert s["misaligned_null_rate"] > spec.hard_false_flag_rate
    assert "misaligned" not in s["hard_null_flags"]


def test_without_a_null_the_norm_sample_rules_remain(grm):
    out = _derived_screens(grm)
    assert out["misfit_cut"] is not None and "misfit_soft_reason" not in out
    assert out["alignment_cut"] == pytest.approx(out["alignment_random_cut"]) \
        or out["misaligned_hard"] is False
