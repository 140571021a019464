"""The have/need grid's expected counts and 90% ranges, checked against an oracle that
enumerates every outcome of a few people (2^n cases) and reads the percentiles off."""

import itertools

import numpy as np
import pytest

from assessments.reports.uncertain_counts import count_distribution, uncertain_count


def enumerated(p):
    """P(count = k) by listing every outcome: who is in, who is not."""
    out = np.zeros(len(p) + 1)
    for outcome in itertools.product((0, 1), repeat=len(p)):
        chances = [pi if x else 1 - pi for pi, x in zip(p, outcome, strict=True)]
        out[sum(outcome)] += np.prod(chances)
    return out


def percentile(distribution, q):
    total = 0.0
    for k, mass in enumerate(distribution):
        total += mass
        if total >= q - 1e-9:
            return k
    return len(distribution) - 1


@pytest.mark.parametrize("seed", range(40))
def test_the_distribution_and_range_match_the_enumeration(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 11))
    # Probabilities of every kind: near 0 and 1, middling, exact 0 and 1 sometimes.
    p = rng.choice([rng.uniform(), rng.uniform(0, 0.05), rng.uniform(0.95, 1), 0.0, 1.0],
                   size=n)
    oracle = enumerated(p)
    assert np.allclose(count_distribution(p), oracle, atol=1e-12)
    count = uncertain_count(p)
    assert count.expected == pytest.approx(p.sum())
    assert (count.low, count.high) == (percentile(oracle, 0.05), percentile(oracle, 0.95))


def test_certain_people_give_a_certain_count():
    count = uncertain_count([1.0, 1.0, 0.0, 1.0])
    assert (count.expected, count.low, count.high) == (3.0, 3, 3)


def test_nobody_counts_zero():
    count = uncertain_count([])
    assert (count.expected, count.low, count.high) == (0.0, 0, 0)


def test_many_unlikely_people_give_a_skewed_range_not_a_symmetric_one():
    # 200 people at 1 in 100: a Poisson-like count of mean 2, whose 5th percentile is 0
    # (a normal approximation would say 2 - 1.645 * 1.4 < 0 and then round).
    count = uncertain_count(np.full(200, 0.01))
    assert count.expected == pytest.approx(2.0)
    assert (count.low, count.high) == (0, 5)


def test_ten_thousand_people_are_counted_accurately():
    p = np.random.default_rng(1).uniform(size=10_000)
    distribution = count_distribution(p)
    assert distribution.sum() == pytest.approx(1.0)
    mean = (np.arange(len(distribution)) * distribution).sum()
    assert mean == pytest.approx(p.sum(), rel=1e-9)
    count = uncertain_count(p)
    sd = np.sqrt((p * (1 - p)).sum())
    # So many middling probabilities make the count nearly normal: the range agrees.
    assert abs(count.low - (p.sum() - 1.645 * sd)) < 2
    assert abs(count.high - (p.sum() + 1.645 * sd)) < 2
