import warnings

import numpy as np

from assessments.scoring import Layout
from assessments.scoring.validity import (
    acquiescence,
    alignment,
    completeness,
    longstring,
    speed,
)


def _layout():
    items = [{"code": f"i{j}", "scale": "S", "reverse": j in (1, 3), "min": 1, "max": 5}
             for j in range(6)]
    pairs = [{"a": "i0", "b": "i1", "relation": "opposite"},
             {"a": "i2", "b": "i4", "relation": "same"},
             {"a": "i3", "b": "i5", "relation": "opposite"}]
    return Layout.build(items, [{"code": "S", "role": None}], pairs)


def test_longstring_is_the_longest_run_of_one_answer_and_missing_breaks_runs():
    X = np.array([[1, 1, 1, 2, 2, 3],
                  [4, 4, np.nan, 4, 4, 4],
                  [np.nan] * 6,
                  [5, 5, 5, 5, 5, 5]], dtype=float)
    np.testing.assert_array_equal(longstring(X), [3, 3, 0, 6])


def test_completeness_is_the_share_answered():
    X = np.array([[1, np.nan, 3, 4], [np.nan] * 4])
    np.testing.assert_allclose(completeness(X), [0.75, 0.0])


def test_alignment_counts_consistent_twins_over_pairs_with_both_answers():
    lay = _layout()
    X = np.array([
        [5, 1, 3, 2, 4, 4],       # opp 5 vs 6-1=5 ok; same 3 vs 4 ok; opp 2 vs 6-4=2 ok
        [5, 5, 1, 2, 5, 4],       # opp 5 vs 1 bad; same 1 vs 5 bad; opp 2 vs 2 ok
        [5, np.nan, 1, 2, 5, 4],  # first pair unusable
    ], dtype=float)
    share, used = alignment(X, lay)
    np.testing.assert_allclose(share, [1.0, 1 / 3, 0.5])
    np.testing.assert_array_equal(used, [3, 3, 2])
    share, _ = alignment(X, lay, min_pairs=3)
    assert np.isnan(share[2])


def test_acquiescence_is_the_share_of_opposite_pairs_both_agreed_with():
    lay = _layout()
    X = np.array([
        [5, 4, 1, 4, 1, 5],       # both opposite pairs agreed with (raw > 3)
        [5, 3, 1, 4, 1, 5],       # 3 is the midpoint: not agreement
        [2, 2, 5, 1, 5, 1],       # none
    ], dtype=float)
    share, used = acquiescence(X, lay)
    np.testing.assert_allclose(share, [1.0, 0.5, 0.0])
    np.testing.assert_array_equal(used, [2, 2, 2])


def test_speed_is_the_median_over_known_timings_like_nanmedian():
    rng = np.random.default_rng(0)
    T = rng.exponential(5.0, (2000, 9))
    T[rng.random(T.shape) < 0.3] = np.nan
    T[0] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanmedian(T, axis=1)
    np.testing.assert_allclose(speed(T, 2000), expected, equal_nan=True)
    assert np.isnan(speed(None, 3)).all()
