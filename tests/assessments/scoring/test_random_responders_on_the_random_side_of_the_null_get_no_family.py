"""A person whose answers are no better evidence of an attentive person than of uniform
random answering gets no family, without a flag (issue 21: uniform random responders
given a family <= 2 % on every stress model, attentive people's invalid and flagged
rates unchanged).

The random-like statistic (personfit.random_likelihood) has two cuts, both from the
campaign's own style-aware null (null.py): the flag ``random_like`` at its declared
0.2 %, and the random side (``random_like_family_cut``): the point where the null's
attentive draws and uniform random sheets on the same layout are equally often
misjudged, with at most ``spec.random_side_null_rate`` (2 %) of the null's draws, and of
each response-style subgroup of it, below it.  Between the two the result keeps its
validity and its scores, loses the probability and the family, and
``unclassified_reason`` says "random_side".

Campaigns of stress_models.campaign_of (3,000 attentive people, 1 % of each careless type
in the norm sample, 300 more of each scored; seed 21).  Uniform random responders given
a family, before (spec version 7) -> with the random side (version 8): core_v1_weak
12.7 -> 5.7 %, method_factor 6.0 -> 1.7 %, short_8 22.3 -> 16.0 %, styles_strong 3.7 ->
0.7 %, styles_mild 2.7 -> 0.3 %, seven_point 2.3 -> 0.3 %, seven_point_skewed_mnar
1.0 %; every other model <= 0.7 %.  Attentive people withheld a family on the random
side: 0-1.0 %, 1.6 % (method_factor); extreme-style people with mild styles 3.3 %.
"""

import numpy as np
import pytest

from assessments.scoring import FLAG_NAMES, Spec, build_norms, score
from assessments.scoring.spec import FAMILY_WITHHOLDING_FLAGS

from .stress_models import ALL_MODELS, BY_NAME, campaign_of, generate

FAMILY = 0.02
# model -> uniform random given a family at most, where the target is not met (measured
# in the comment): with weak items or 16 answers the statistic of attentive and random
# answers overlaps, and the cut stops where 2 % of the null's attentive draws lose their
# family (docs/scoring.md, "Known limits of the validity screens")
MEASURED = {
    "core_v1_weak": 0.06,       # 5.7 % (12.7 % before the random side)
    "short_8": 0.165,           # 16.0 % (22.3 %)
}
# model -> attentive people withheld a family on the random side, at most (measured;
# 0-1.0 % elsewhere)
ATTENTIVE_SIDE = {
    "method_factor": 0.017,     # 1.6 %
}


@pytest.mark.parametrize("name", [m.name for m in ALL_MODELS])
def test_uniform_random_responders_are_given_a_family_at_most_2_percent(name):
    r = campaign_of(name)["uniform"]
    assert r["family"] <= MEASURED.get(name, FAMILY), r


@pytest.mark.parametrize("name", [m.name for m in ALL_MODELS])
def test_few_attentive_people_lose_their_family_to_the_random_side(name):
    r = campaign_of(name)
    assert r["attentive"]["random_side"] <= ATTENTIVE_SIDE.get(name, 0.01), r["attentive"]
    # mild styles: 3.3 % of the extreme-style people (the null puts 2.0 % of its
    # extreme-style draws there: it understates them); strong styles 0.7 %; midpoint 0
    for group, bound in (("style:extreme", 0.035 if name == "styles_mild" else 0.01),
                         ("style:midpoint", 0.002)):
        if group in r:
            assert r[group]["random_side"] <= bound, (group, r[group])


@pytest.mark.parametrize("name", [m.name for m in ALL_MODELS])
def test_the_cut_comes_from_the_campaigns_null_within_the_declared_rate(name):
    spec = Spec()
    screens = campaign_of(name)["norms"].screens
    cut = screens["random_like_family_cut"]
    assert cut is not None
    # held-out half of the null: within the declared rate, up to its sampling error
    assert screens["random_like_family_null_rate"] <= spec.random_side_null_rate + 0.005
    for group in ("extreme", "midpoint"):
        rate = screens.get(f"random_like_family_null_rate_{group}")
        assert rate is None or rate <= spec.random_side_null_rate + 0.005, (group, rate)
    # most uniform random sheets on the layout are at or below it (70 % with 16 answers,
    # 86 % with weak items, 97-100 % elsewhere)
    assert screens["random_like_family_random_rate"] >= (0.70 if name == "short_8" else
                                                          0.85 if name == "core_v1_weak" else
                                                          0.97)


def _scored(spec):
    model = BY_NAME["styles_strong"]
    layout = model.layout()
    rng = np.random.default_rng(5)
    campaign = generate(model, 3000, rng, {"uniform": 30, "partial": 30})
    norms = build_norms(campaign.X, layout, spec)
    return campaign, score(campaign.X, layout, norms, spec)


def test_the_random_side_changes_no_flag_and_no_validity_only_the_family():
    campaign, with_side = _scored(Spec())
    # a declared rate of 0 sets no cut: the engine as it was before the random side
    _, without = _scored(Spec(random_side_null_rate=0.0))
    assert np.array_equal(with_side.flags, without.flags)
    assert np.array_equal(with_side.validity, without.validity)
    side = with_side.unclassified_reason == "random_side"
    assert side.sum() >= 5
    assert (without.unclassified_reason[side] == "").all()
    assert np.isin(without.role_family[side], ["execution", "compression", "undetermined"]).all()
    assert np.isnan(with_side.probability_execution[side]).all()
    assert (with_side.role_family[side] == "").all()
    assert np.isfinite(with_side.z[side]).all()
    withholding = np.isin(FLAG_NAMES, FAMILY_WITHHOLDING_FLAGS)
    assert not with_side.flags[side][:, withholding].any()
    assert (with_side.validity[side] != "invalid").all()
    # everyone else is scored exactly as before
    rest = ~side
    assert np.array_equal(with_side.role_family[rest], without.role_family[rest])
    assert np.allclose(with_side.probability_execution[rest],
                       without.probability_execution[rest], equal_nan=True)
    # it reaches careless people far more often than attentive ones (measured: 10 of
    # 3,000 attentive people, 0.3 %; 5 of the 60 random and partly random, 8.3 %, who
    # pass every flag)
    attentive = campaign.kind == "attentive"
    assert side[attentive].mean() <= 0.005
    assert side[~attentive].mean() >= 0.07
