"""The chance each person keeps their family at a retest if nothing about them changed,
computed from the measurement model on a grid, equals a brute-force simulation that
shares none of its algebra: true scores drawn from the population, weighted by how
likely they make the person's first scores, then a second sitting drawn and classified.
The range of the number kept covers what sums of such trials produce."""

import functools

import numpy as np
import pytest

from assessments.scoring import Spec, build_norms, demo_layout, simulate, stability
from assessments.scoring.classify import probability_first_higher
from assessments.scoring.engine import role_probability

SPEC = Spec()
# First-sitting scores of a few people, determined either way, near and far from the cut.
PEOPLE = np.array([[2.0, -2.0], [-2.0, 2.2], [1.5, -1.0], [0.6, 0.1], [0.2, 0.2],
                   [-1.2, 1.4], [-0.4, 0.3], [2.5, 2.0]])


def _family(probability, z_e, z_c):
    p = probability(z_e, z_c)
    return np.where(p >= SPEC.p_execution, "execution",
                    np.where(p <= SPEC.p_compression, "compression", "undetermined"))


def _brute_force(z1, family, rel_e, rel_c, r, probability, draws, rng):
    """P(same family again | z1) by importance sampling from the prior of the traits."""
    tau = rng.multivariate_normal([0.0, 0.0], [[rel_e, r], [r, rel_c]], size=draws)
    err = np.sqrt([1 - rel_e, 1 - rel_c])
    weight = np.exp(-0.5 * (((z1 - tau) / err) ** 2).sum(axis=1))
    second = tau + rng.standard_normal((draws, 2)) * err
    same = _family(probability, second[:, 0], second[:, 1]) == family
    estimate = (weight * same).sum() / weight.sum()
    effective = weight.sum() ** 2 / (weight**2).sum()
    return estimate, np.sqrt(estimate * (1 - estimate) / effective)


def _check(rel_e, rel_c, r, probability, seed):
    families = _family(probability, PEOPLE[:, 0], PEOPLE[:, 1])
    keep = stability.keep_chances(PEOPLE[:, 0], PEOPLE[:, 1], families, rel_e, rel_c, r,
                                  probability, SPEC.p_execution, SPEC.p_compression)
    rng = np.random.default_rng(seed)
    checked = 0
    for z1, family, chance in zip(PEOPLE, families, keep, strict=True):
        if family == "undetermined":
            assert np.isnan(chance)
            continue
        estimate, se = _brute_force(z1, family, rel_e, rel_c, r, probability, 400_000, rng)
        assert abs(chance - estimate) < 4 * se + 0.005, (z1, chance, estimate)
        checked += 1
    assert checked >= 4
    return keep


@pytest.mark.parametrize("rel_e, rel_c, r", [(0.9, 0.85, 0.3), (0.75, 0.7, -0.2)])
def test_each_persons_chance_matches_a_simulation_with_the_plain_posterior(rel_e, rel_c, r):
    _check(rel_e, rel_c, r,
           lambda a, b: probability_first_higher(a, b, rel_e, rel_c, r), seed=3)


@functools.cache
def _norms():
    layout = demo_layout()
    return layout, build_norms(simulate(layout, 150, np.random.default_rng(7)).X, layout, SPEC)


def test_each_persons_chance_matches_a_simulation_with_the_engines_own_probability():
    # A small norm group: its own error bends the family boundaries (not half-planes).
    layout, norms = _norms()
    e, c = layout.role_indices

    def probability(ze, zc):
        return role_probability(ze, zc, np.ones_like(ze), np.ones_like(zc), norms, layout, SPEC)

    _check(norms.reliability[e], norms.reliability[c], norms.role_correlation, probability,
           seed=5)


def test_people_far_from_the_cut_are_more_likely_to_keep_their_family():
    rel, r = 0.8, 0.2

    def probability(a, b):
        return probability_first_higher(a, b, rel, rel, r)

    keep = stability.keep_chances([3.0, 1.2], [-3.0, 0.0], ["execution", "execution"],
                                  rel, rel, r, probability, 0.8, 0.2)
    assert keep[0] > 0.99 and 0.3 < keep[1] < keep[0]


def test_the_range_of_the_count_kept_covers_95_percent_of_simulated_counts():
    rng = np.random.default_rng(11)
    for n in (25, 200):
        chances = rng.uniform(0.4, 0.99, n)
        low, high = stability.count_range(chances)
        counts = (rng.random((20_000, n)) < chances).sum(axis=1)
        inside = ((counts >= low) & (counts <= high)).mean()
        assert 0.94 <= inside <= 0.985
        assert (counts < low).mean() <= 0.025 + 0.005
        assert (counts > high).mean() <= 0.025 + 0.005


def test_the_normal_approximation_agrees_with_the_exact_range_for_many_people():
    chances = np.random.default_rng(2).uniform(0.5, 0.95, 2000)
    exact = stability.count_range(chances)
    approx = stability.count_range(chances, exact_up_to=100)
    assert abs(exact[0] - approx[0]) <= 2 and abs(exact[1] - approx[1]) <= 2


def test_an_observed_share_is_placed_below_within_or_above_the_range():
    found = stability.ExpectedStability(n=40, keep=np.full(40, 0.8), expected=0.8,
                                        low=0.675, high=0.9, level=0.95)
    assert stability.compare(20, 40, found) == "below"
    assert stability.compare(32, 40, found) == "within"
    assert stability.compare(40, 40, found) == "above"


def test_nobody_determined_gives_no_figure():
    def probability(a, b):
        return np.full(np.shape(a), 0.5)

    found = stability.expected_stability([0.0], [0.0], ["undetermined"], 0.8, 0.8, 0.2,
                                         probability, 0.8, 0.2)
    assert found.n == 0 and np.isnan(found.expected)


def test_reliabilities_outside_zero_to_one_are_refused():
    with pytest.raises(ValueError):
        stability.predictive(1.0, 0.8, 0.2)


def test_over_a_simulated_population_it_agrees_with_the_population_figure_and_the_count():
    # People drawn from the model: the mean chance is the population's expected share
    # kept (evidence.expected_retest, an independent grid over the true scores), and the
    # number who did keep it at a simulated second sitting falls in the range.
    from assessments.scoring import evidence

    rel_e, rel_c, r, n = 0.85, 0.8, 0.3, 3000

    def probability(a, b):
        return probability_first_higher(a, b, rel_e, rel_c, r)

    rng = np.random.default_rng(21)
    tau = rng.multivariate_normal([0, 0], [[rel_e, r], [r, rel_c]], size=n)
    err = np.sqrt([1 - rel_e, 1 - rel_c])
    first = tau + rng.standard_normal((n, 2)) * err
    second = tau + rng.standard_normal((n, 2)) * err
    before = _family(probability, first[:, 0], first[:, 1])
    after = _family(probability, second[:, 0], second[:, 1])
    found = stability.expected_stability(first[:, 0], first[:, 1], before, rel_e, rel_c, r,
                                         probability, SPEC.p_execution, SPEC.p_compression)
    population = evidence.expected_retest(rel_e, rel_c, r, probability, SPEC.p_execution,
                                          SPEC.p_compression)
    assert abs(found.expected - population.kept) < 0.015
    determined = np.isin(before, stability.DETERMINED)
    kept = int((before[determined] == after[determined]).sum())
    assert stability.compare(kept, found.n, found) == "within"
