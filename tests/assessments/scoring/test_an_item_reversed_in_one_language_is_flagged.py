"""scoring.item_total_by_group: an item whose r.drop changes sign or size between groups
by more than chance explains."""

import numpy as np

from assessments import scoring


def _two_groups(n_a=300, n_b=300, reverse_in_b=None, seed=3):
    layout = scoring.demo_layout()
    X = scoring.simulate(layout, n_a + n_b, np.random.default_rng(seed)).X.copy()
    if reverse_in_b is not None:
        j = layout.item_codes.index(reverse_in_b)
        X[n_a:, j] = layout.minimum[j] + layout.maximum[j] - X[n_a:, j]
    groups = ["en"] * n_a + ["zh-hans"] * n_b
    return layout, scoring.key(X, layout), groups


def test_an_item_translated_backwards_in_one_language_is_flagged_for_its_sign():
    layout, Xk, groups = _two_groups(reverse_in_b=scoring.demo_layout().item_codes[5])
    out = scoring.item_total_by_group(Xk, groups, layout)
    code = layout.item_codes[5]
    assert out["compared"] == ["en", "zh-hans"]
    assert out["items"][code]["flagged"]
    assert out["items"][code]["pairs"] == [("en", "zh-hans", "sign")]
    assert out["items"][code]["q"] < 1e-6
    r = out["items"][code]["r_drop"]
    assert r["en"] > 0 > r["zh-hans"]
    assert [c for c, item in out["items"].items() if item["flagged"]] == [code]


def test_items_that_agree_between_languages_are_not_flagged():
    layout, Xk, groups = _two_groups()
    out = scoring.item_total_by_group(Xk, groups, layout)
    assert out["compared"] == ["en", "zh-hans"]
    assert not any(item["flagged"] for item in out["items"].values())


def test_a_language_below_the_minimum_size_is_not_compared_and_says_how_many_more_are_needed():
    code = scoring.demo_layout().item_codes[5]
    minimum = scoring.drift.min_group_size(scoring.demo_layout().k)
    layout, Xk, groups = _two_groups(n_b=minimum - 1, reverse_in_b=code)
    out = scoring.item_total_by_group(Xk, groups, layout)
    assert out["min_n"] == minimum
    assert out["compared"] == ["en"] and out["too_small"] == ["zh-hans"]
    assert out["sizes"] == {"en": 300, "zh-hans": minimum - 1}
    assert out["needed"] == {"zh-hans": 1}
    assert not out["items"][code]["flagged"]
    assert out["items"][code]["r_drop"].keys() == {"en"}
    assert out["items"][code]["q"] is None


def test_a_weakened_item_is_flagged_as_a_difference_without_a_sign_change():
    layout = scoring.demo_layout()
    X = scoring.simulate(layout, 600, np.random.default_rng(4)).X.copy()
    j = 3
    # Half the second group's answers to item j replaced by noise: still positive, weaker.
    rng = np.random.default_rng(5)
    noisy = 300 + np.flatnonzero(rng.random(300) < 0.7)
    X[noisy, j] = rng.integers(layout.minimum[j], layout.maximum[j] + 1, noisy.size)
    out = scoring.item_total_by_group(scoring.key(X, layout), ["a"] * 300 + ["b"] * 300,
                                      layout)
    item = out["items"][layout.item_codes[j]]
    assert item["r_drop"]["a"] - item["r_drop"]["b"] > 0.2 and item["r_drop"]["b"] > 0
    assert item["pairs"] == [("a", "b", "difference")]
    assert item["q"] <= scoring.drift.FDR
