"""Have and need: the probability of meeting a need comes from T and its error band."""

import math

import numpy as np

from assessments.scoring import have_need as hn


def test_the_standard_error_is_recovered_from_the_90_percent_band():
    assert math.isclose(float(hn.standard_error(52.0, 52.0 + 2 * 1.6448536 * 4)), 4.0,
                        rel_tol=1e-6)


def test_a_score_above_the_high_cut_off_with_a_small_error_almost_surely_meets_it():
    p = float(hn.meet_probability(61.0, 5.0, hn.HIGH))
    # (61 - 55) / 5 = 1.2 standard errors above the cut-off.
    assert math.isclose(p, 0.8849, abs_tol=1e-3)


def test_the_same_score_with_a_wider_band_is_less_certain():
    narrow = float(hn.meet_probability(61.0, 3.0, hn.HIGH))
    wide = float(hn.meet_probability(61.0, 12.0, hn.HIGH))
    assert narrow > wide > 0.5


def test_a_score_exactly_on_the_cut_off_is_even_odds():
    assert math.isclose(float(hn.meet_probability(45.0, 4.0, hn.MEDIUM)), 0.5)


def test_a_low_need_is_always_met():
    assert float(hn.meet_probability(20.0, 4.0, hn.LOW)) == 1.0


def test_quadrants_for_needed_and_unneeded_families():
    t = np.array([62.0, 40.0, 63.0, 41.0, np.nan])
    se = np.full(5, 3.0)
    level = np.array([hn.HIGH, hn.HIGH, hn.LOW, hn.LOW, hn.HIGH])
    quadrants, p = hn.quadrant(t, se, level)
    assert list(quadrants) == [hn.FIT, hn.GAP, hn.SURPLUS, hn.OUT_OF_SCOPE, ""]
    assert p[0] > 0.95 and p[1] < 0.01 and np.isnan(p[4])


def test_a_zero_error_gives_a_step_at_the_cut_off():
    assert list(hn.probability_at_least([54.9, 55.0], [0.0, 0.0], 55.0)) == [0.0, 1.0]


def test_meeting_both_needs_multiplies_the_two_probabilities():
    both = float(hn.probability_both(55.0, 5.0, hn.HIGH, 45.0, 5.0, hn.MEDIUM))
    assert math.isclose(both, 0.25)


def test_cut_offs_can_be_configured():
    p = float(hn.meet_probability(50.0, 5.0, hn.HIGH, cutoffs={2: 40.0, 3: 50.0}))
    assert math.isclose(p, 0.5)
