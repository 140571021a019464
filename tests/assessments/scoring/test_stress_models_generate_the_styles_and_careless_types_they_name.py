"""The issue-21 generating models draw what they name: response styles move answers to
the ends or the middle, a translation turns its items round for its readers only, a
zigzag goes up and down the range, a partially careless person is attentive until the
last third; and the original models draw exactly what they drew before."""

import numpy as np

from .stress_models import BY_NAME, CARELESS, generate, reversed_in_translation, zigzag


def _sample(name, n=3000, careless=None, seed=4):
    return generate(BY_NAME[name], n, np.random.default_rng(seed), careless)


def test_extreme_style_answers_the_ends_and_midpoint_style_the_middle():
    s = _sample("styles_strong")
    att = s.kind == "attentive"
    ends = np.isin(s.X, [1, 5])
    middle = s.X == 3
    none = att & (s.style == "")
    ext = att & (s.style == "extreme")
    mid = att & (s.style == "midpoint")
    assert abs(ext.mean() - 0.2) < 0.03 and abs(mid.mean() - 0.2) < 0.03
    assert np.nanmean(ends[ext]) > np.nanmean(ends[none]) + 0.2
    assert np.nanmean(middle[mid]) > np.nanmean(middle[none]) + 0.3


def test_the_translation_turns_its_items_round_for_its_readers_only():
    model = BY_NAME["language_reversed"]
    layout = model.layout()
    turned = reversed_in_translation(layout, 1)
    assert turned.size == 2
    assert not {int(j) for j in turned} & {i for pair in layout.pairs for i in pair}
    s = generate(model, 4000, np.random.default_rng(5))
    reader = s.language == "translated"
    assert abs(reader.mean() - 0.3) < 0.03
    keyed = np.where(layout.reverse, -1, 1) * np.nan_to_num(s.X - 3)
    own = keyed[:, layout.scale_items(int(layout.item_scale[turned[0]]))].sum(axis=1)
    j = turned[0]
    r_orig = np.corrcoef(keyed[~reader, j], own[~reader])[0, 1]
    r_read = np.corrcoef(keyed[reader, j], own[reader])[0, 1]
    assert r_orig > 0.2 and r_read < -0.1


def test_zigzag_goes_up_and_down_each_items_range():
    rows = zigzag(np.ones(10), np.full(10, 4.0), [0, 2])
    assert rows.tolist() == [[1, 2, 3, 4, 3, 2, 1, 2, 3, 4], [3, 4, 3, 2, 1, 2, 3, 4, 3, 2]]


def test_partially_careless_people_answer_randomly_only_in_the_last_third():
    model = BY_NAME["core_v2_grm"]
    k = model.layout().k
    s = _sample("core_v2_grm", n=2000, careless={"partial": 2000})
    part, att = s.kind == "partial", s.kind == "attentive"
    head, tail = slice(0, (2 * k) // 3), slice((2 * k) // 3, k)
    # attentive answers correlate across items; random ones do not
    def mean_r(rows, cols):
        R = np.corrcoef(np.nan_to_num(s.X[rows][:, cols], nan=3.0), rowvar=False)
        return np.abs(R[np.triu_indices_from(R, 1)]).mean()
    assert abs(mean_r(part, head) - mean_r(att, head)) < 0.03
    assert mean_r(part, tail) < 0.04 < mean_r(att, tail)


def test_the_original_models_draw_what_they_drew_before():
    # sums recorded before the issue-21 models were added (seed 1, 50 attentive people
    # and 3 of each original careless type)
    for name, total in (("core_v2_grm", 10166.0), ("core_v1_weak", 10238.0)):
        s = generate(BY_NAME[name], 50, np.random.default_rng(1), {c: 3 for c in CARELESS})
        assert np.nansum(s.X) == total
