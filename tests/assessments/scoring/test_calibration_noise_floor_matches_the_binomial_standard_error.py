"""stress_models.calibration_noise_floor: the worst gap per tenth that a perfectly
calibrated probability shows by chance, checked against the binomial standard error.

With every P equal to p in one tenth of m people, the gap is |share - p|, a half-normal
of scale sqrt(p(1 - p)/m): median 0.6745 and 95th percentile 1.96 standard errors."""

import math

import numpy as np

from .stress_models import calibration_errors, calibration_noise_floor


def test_one_tenth_gives_the_half_normal_of_the_binomial_standard_error():
    m, p = 10000, 0.55     # answers are k/m: fine enough a lattice for 6 % tolerances
    median, p95 = calibration_noise_floor(np.full(m, p), np.random.default_rng(5), reps=4000)
    se = math.sqrt(p * (1 - p) / m)
    assert abs(median - 0.6745 * se) <= 0.06 * 0.6745 * se
    assert abs(p95 - 1.96 * se) <= 0.06 * 1.96 * se


def test_more_tenths_raise_the_floor_and_more_people_lower_it():
    rng = np.random.default_rng(6)
    one = calibration_noise_floor(np.full(500, 0.55), rng, reps=1000)[0]
    ten = calibration_noise_floor(np.repeat(np.arange(10) / 10 + 0.05, 500), rng, reps=1000)[0]
    big = calibration_noise_floor(np.repeat(np.arange(10) / 10 + 0.05, 2000), rng, reps=1000)[0]
    assert ten > 1.5 * one                 # the worst of ten is above a typical one
    assert abs(big / ten - 0.5) < 0.08     # four times the people: half the gap


def test_tenths_below_the_minimum_are_left_out_as_calibration_errors_does():
    p = np.concatenate([np.full(1000, 0.15), np.full(50, 0.95)])
    assert np.isnan(calibration_errors(p, np.zeros(p.size, dtype=bool))[9])
    with_small = calibration_noise_floor(p, np.random.default_rng(7), reps=2000)
    alone = calibration_noise_floor(p[:1000], np.random.default_rng(7), reps=2000)
    assert abs(with_small[0] - alone[0]) < 0.1 * alone[0]
    assert all(np.isnan(calibration_noise_floor(np.full(10, 0.5), np.random.default_rng(8))))
