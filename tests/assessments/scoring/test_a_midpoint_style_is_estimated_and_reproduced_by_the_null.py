"""A response style per norm person, estimated from their own answers, and a null that
keeps it (personfit.estimate_style / draw_styled; null._longstring_cuts).

On the strong-styles stress model (20 % of attentive people with an extreme style,
20 % with a midpoint style), the estimated tilt s orders the three groups (midpoint
style > no style > extreme style), people without a style sit near 0, and a model
without styles shrinks everybody to about 0.  Null draws that copy each norm person's
band and style reproduce the norm sample's share of middle and of end answers within a
few points, and its tail shares far better than draws without styles.  The longstring
cut set on that null leaves midpoint-style people alone and still flags a straight line.
"""

import math

import numpy as np
import pytest

from assessments.scoring import Spec, build_norms, score
from assessments.scoring.keying import key, scale_scores
from assessments.scoring.personfit import (
    build_fit,
    draw_attentive,
    draw_styled,
    estimate_style,
)
from assessments.scoring.spec import FLAG_NAMES
from assessments.scoring.validity import screen, tail_share, tail_values

from .stress_models import ALL_MODELS, generate

SPEC = Spec()


def _fitted(name, n, seed):
    """A sample of model `name`, keyed and scored, with its person-fit tables."""
    model = next(m for m in ALL_MODELS if m.name == name)
    layout = model.layout()
    sample = generate(model, n, np.random.default_rng(seed))
    Xk = key(sample.X, layout)
    raw, *_ = scale_scores(Xk, layout, SPEC.min_answered)
    return layout, sample, Xk, raw, build_fit(Xk, raw, layout)


@pytest.fixture(scope="module")
def strong():
    layout, sample, Xk, raw, fit = _fitted("styles_strong", 3000, 5)
    return layout, sample, Xk, raw, fit, estimate_style(Xk, raw, layout, fit)


def test_the_estimated_style_separates_midpoint_extreme_and_plain_people(strong):
    _, sample, _, _, _, s = strong
    mean = {g: float(np.nanmean(s[sample.style == g])) for g in ("midpoint", "", "extreme")}
    assert mean["midpoint"] > 1.5 > 0.5 > mean[""] > -0.5 > -1.0 > mean["extreme"]
    # the groups barely overlap
    assert np.nanquantile(s[sample.style == "midpoint"], 0.05) > np.nanquantile(
        s[sample.style == ""], 0.95)
    assert np.nanquantile(s[sample.style == "extreme"], 0.95) < np.nanquantile(
        s[sample.style == ""], 0.05)


def test_without_styles_every_estimate_shrinks_to_about_zero():
    layout, _, Xk, raw, fit = _fitted("core_v2_grm", 2000, 6)
    s = estimate_style(Xk, raw, layout, fit)
    assert abs(float(np.nanmean(s))) < 0.1
    assert float(np.nanstd(s)) < 0.35


def test_null_draws_reproduce_the_share_of_middle_and_end_answers(strong):
    layout, sample, Xk, raw, fit, s = strong
    X = sample.X
    rng = np.random.default_rng(1)
    who = rng.integers(0, X.shape[0], 20000)
    Xs = draw_styled(fit, layout, raw[who], ~np.isnan(Xk[who]), s[who], rng)
    Xp = draw_attentive(fit, layout, raw[who], ~np.isnan(Xk[who]), rng)
    mid = (layout.minimum + layout.maximum) / 2

    def middle(A):
        return np.where(np.isnan(A), np.nan, np.equal(A, mid))

    def ends(A):
        return np.where(np.isnan(A), np.nan,
                        np.equal(A, layout.minimum) | np.equal(A, layout.maximum))

    for kind in (middle, ends):
        assert abs(np.nanmean(kind(Xs)) - np.nanmean(kind(X))) < 0.03
    # per person, the spread of the middle share is what the styles make it: the null
    # with styles comes near the norm sample's, the null without them falls far short
    sd_norm, sd_styled, sd_plain = (np.nanmean(middle(A), axis=1).std() for A in (X, Xs, Xp))
    assert abs(sd_styled - sd_norm) < 0.25 * sd_norm
    assert sd_plain < 0.7 * sd_norm
    # the tail share of one answer: its top percentile as in the norm sample
    width = math.ceil(SPEC.longstring_tail * layout.k)
    q = [float(np.quantile(tail_share(A, width, tail_values(layout)), 0.99))
         for A in (X, Xs, Xp)]
    assert abs(q[1] - q[0]) < 0.08 < q[0] - q[2]


@pytest.fixture(scope="module")
def strong_norms(strong):
    layout, sample, *_ = strong
    return build_norms(sample.X, layout, SPEC)


def test_the_longstring_cut_spares_midpoint_styles_and_still_flags_a_straight_line(
        strong, strong_norms):
    layout, sample, *_ = strong
    norms = strong_norms
    assert norms.screens["longstring_tail_cut"] > SPEC.max_tail_share
    assert norms.screens["longstring_tail_cut"] <= 1.0
    assert norms.screens["longstring_null_rate"] <= SPEC.hard_false_flag_rate
    sc = score(sample.X, layout, norms, SPEC)
    column = list(sc.flag_names).index("longstring")
    midpoint = sample.style == "midpoint"
    # 2.0 % of them (42 % with the fixed cut of .80 the norms used before)
    fixed = screen(sample.X, layout, SPEC)["flags"]["longstring"]
    assert sc.flags[midpoint, column].mean() < 0.04
    assert fixed[midpoint].mean() > 0.3
    # a straight line on every answer, the middle included: flagged and invalid
    values = np.arange(layout.minimum.min(), layout.maximum.max() + 1)
    straight = np.clip(np.repeat(values[:, None], layout.k, axis=1),
                       layout.minimum, layout.maximum)
    sc = score(straight, layout, norms, SPEC)
    assert sc.flags[:, column].all()
    assert (sc.validity == "invalid").all()


def test_random_answers_are_told_from_attentive_people_of_every_style(strong, strong_norms):
    """The likelihood against uniform random answering, with its cut from the same null:
    uniform random answers are caught although the styles widen the misfit cut, and
    attentive people of no style, a midpoint style or an extreme style rarely are."""
    layout, sample, *_ = strong
    screens = strong_norms.screens
    assert screens["random_like_hard"]
    assert screens["random_like_null_rate"] <= 2.5 * SPEC.random_like_false_flag
    column = FLAG_NAMES.index("random_like")
    sc = score(sample.X, layout, strong_norms, SPEC)
    for style in ("", "midpoint", "extreme"):
        assert sc.flags[sample.style == style, column].mean() <= 0.01, style
    rng = np.random.default_rng(8)
    span = layout.maximum - layout.minimum + 1
    uniform = layout.minimum + np.floor(rng.random((500, layout.k)) * span)
    sc = score(uniform, layout, strong_norms, SPEC)
    assert sc.flags[:, column].mean() >= 0.85
