"""The chances of keeping a family are read off a lattice of centres (fast at 100,000
people); each person's chance stays within 0.0001 of the direct sum over every person
and every grid cell, written here independently."""

import numpy as np
from scipy.stats import norm

from assessments.scoring import stability


def direct_keep(z, families, rel_e, rel_c, r, probability, p_exe, p_cmp, step=0.08,
                reach=7.0):
    g, v = stability.predictive(rel_e, rel_c, r)
    chol = np.linalg.cholesky(v)
    centres = np.linalg.solve(chol, (z @ g.T).T).T
    axes = [np.arange(centres[:, j].min() - reach, centres[:, j].max() + reach + step, step)
            for j in (0, 1)]
    w1, w2 = np.meshgrid(*axes, indexing="ij")
    zz = chol @ np.vstack([w1.ravel(), w2.ravel()])
    prob = probability(zz[0], zz[1]).reshape(w1.shape)

    def cells(axis, c):
        upper = axis[None, :] + step / 2 - c[:, None]
        return norm.cdf(upper) - norm.cdf(upper - step)

    a, b = cells(axes[0], centres[:, 0]), cells(axes[1], centres[:, 1])
    region = np.where(np.asarray(families)[:, None, None] == "execution",
                      prob[None] >= p_exe, prob[None] <= p_cmp)
    inside = np.einsum("pi,pij,pj->p", a, region.astype(float), b)
    return inside / (a.sum(axis=1) * b.sum(axis=1))


def probability(z_e, z_c):
    return 1.0 / (1.0 + np.exp(-2.0 * (z_e - z_c)))


def test_each_persons_chance_is_within_a_ten_thousandth_of_the_direct_sum():
    rng = np.random.default_rng(11)
    z = rng.normal(size=(400, 2)) * 1.3
    families = np.where(z[:, 0] > z[:, 1], "execution", "compression")
    fast = stability.keep_chances(z[:, 0], z[:, 1], families, 0.8, 0.75, 0.3, probability,
                                  0.8, 0.2)
    slow = direct_keep(z, families, 0.8, 0.75, 0.3, probability, 0.8, 0.2)
    assert np.max(np.abs(fast - slow)) < 1e-4
    assert abs(np.mean(fast - slow)) < 1e-5


def test_people_far_apart_and_at_the_grid_edge_get_the_same_chances_as_the_direct_sum():
    z = np.array([[4.5, -4.5], [-4.0, 3.9], [0.0, 0.01], [2.0, 2.0], [-0.3, -2.7]])
    families = np.array(["execution", "compression", "execution", "compression",
                         "execution"])
    fast = stability.keep_chances(z[:, 0], z[:, 1], families, 0.7, 0.85, -0.2, probability,
                                  0.8, 0.2)
    slow = direct_keep(z, families, 0.7, 0.85, -0.2, probability, 0.8, 0.2)
    assert np.max(np.abs(fast - slow)) < 1e-4
