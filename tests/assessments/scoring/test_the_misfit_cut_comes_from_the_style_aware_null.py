"""The misfit cut (l_z) and the alignment cut are set on the style-aware null: the cut
is the simulated attentive people's own statistic at the declared false-flag level
(spec.misfit_false_flag, spec.misaligned_false_flag), its rate is measured on the null's
held-out half, and the screen is hard only where that rate, overall and in each
response-style subgroup of the null, is within spec.hard_false_flag_rate, and (misfit)
where the null's l_z is not narrower than the campaign's. Not a quantile of the norm
sample, which holds the campaign's careless people and widens with its styles."""

import numpy as np
import pytest

from assessments.scoring import Spec, build_norms, score
from assessments.scoring.norms import derive_screens

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


@pytest.fixture(scope="module")
def grm():
    return _campaign("core_v2_grm")


def test_the_cuts_hold_their_declared_rate_on_the_nulls_held_out_half(grm):
    _, norms, _, _ = grm
    s, spec = norms.screens, Spec()
    assert s["misfit_null_rate"] <= _binomial_ceiling(spec.misfit_false_flag)
    assert s["misaligned_null_rate"] <= _binomial_ceiling(spec.misaligned_false_flag)
    # without styles every screen of the content is hard, and the hard screens together
    # invalidate at most the hard limit of the simulated attentive people
    assert s["misfit_hard"] is True and s["misaligned_hard"] is True
    assert s["misfit_soft_reason"] == "" and s["misaligned_soft_reason"] == ""
    assert set(s["hard_null_flags"]) == {"longstring", "misaligned", "misfit", "zigzag"}
    assert s["hard_null_rate"] <= spec.hard_false_flag_rate


def test_fresh_attentive_people_of_a_model_without_styles_are_flagged_no_more_often(grm):
    # the null has no trait spread within a score band, so its l_z and its twin
    # disagreement are wider than real attentive people's: the cuts are conservative
    # (measured 0.03 % misfit and 0.02 % misaligned against the declared 0.5 %)
    _, norms, _, sc = grm
    names = list(sc.flag_names)
    assert sc.flags[:, names.index("misfit")].mean() <= Spec().misfit_false_flag
    assert sc.flags[:, names.index("misaligned")].mean() <= Spec().misaligned_false_flag


def test_the_random_catch_is_stored_beside_the_cut(grm):
    s = grm[1].screens
    # measured .93 (l_z) and .03 (alignment, a test of a few pairs) on this bank
    assert s["misfit_random_catch"] >= 0.85
    assert 0.0 < s["alignment_random_catch"] <= 0.10
    assert s["alignment_cut"] < s["alignment_random_cut"]


def test_a_strong_extreme_style_makes_misfit_and_misaligned_soft_not_invalid():
    _, norms, fresh, sc = _campaign("styles_strong")
    s = norms.screens
    # on the null the flags fall on the extreme-style draws (l_z 3 %, twins 1.2 %)
    assert s["misfit_hard"] is False and s["misfit_soft_reason"] == "style_extreme"
    assert s["misfit_null_rate_extreme"] > Spec().hard_false_flag_rate
    assert s["misaligned_hard"] is False
    extreme = fresh.style == "extreme"
    # spec version 5 (cut a quantile of the norm sample, hard): 5.1 % invalid
    assert (sc.validity[extreme] == "invalid").mean() <= 0.005


def test_a_method_factor_the_null_lacks_makes_misfit_soft():
    # an acquiescence factor and item clusters correlate the answers beyond the trait;
    # the null has neither, its l_z body is narrower than the campaign's, and its cut
    # raised 1.1 % of fresh attentive people against the declared 0.5 %
    _, norms, _, _ = _campaign("method_factor")
    s = norms.screens
    assert s["misfit_hard"] is False and s["misfit_soft_reason"] == "null_narrower"
    body_norm, body_null = s["misfit_norm_body"], s["misfit_null_body"]
    assert body_norm[2] - body_norm[1] > (body_null[2] - body_null[1]) * 1.1
    assert s["misaligned_hard"] is True


def test_without_a_null_the_norm_sample_rules_remain(grm):
    layout, norms, fresh, _ = grm
    from assessments.scoring import key, scale_scores
    from assessments.scoring.validity import screen

    spec = Spec()
    Xk = key(fresh.X, layout)
    raw, *_ = scale_scores(Xk, layout, spec.min_answered)
    checks = {k: v for k, v in screen(fresh.X, layout, spec).items() if k != "flags"}
    out = derive_screens(fresh.X, layout, spec, norms.fit, checks)
    assert out["misfit_cut"] is not None and "misfit_soft_reason" not in out
    assert out["alignment_cut"] is not None and out["alignment_random_cut"] is not None
