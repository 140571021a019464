"""How many people should keep their family at a retest if nothing about them changed.

Pure numpy (docs/evidence.md, "The stability to expect, person by person").  The
measurement model is the engine's own: each scale's observed z is a true score plus an
independent error, Var tau_j = rel_j, Var e_j = 1 - rel_j, Cov(tau_E, tau_C) = r.  For
one person seen at the first sitting with scores z1, the true scores are known only up
to their posterior,

    tau | z1 ~ N(G z1, T - G T),  T = [[rel_E, r], [r, rel_C]],  S = T + diag(1 - rel),
                                  G = T S^-1,

and a second sitting adds a fresh error, so

    z2 | z1 ~ N(G z1, V),  V = T - G T + diag(1 - rel).

The chance the person is put in the same family again is the mass of that normal on
the region where the engine's probability gives that family.  The regions are whatever
`probability(z_e, z_c)` and its cut-offs make them (with the norm group's own error they
are not half-planes), so they are evaluated once on a grid in the coordinates where V
is the identity (w = L^-1 z, V = L L'); there every person's normal is two independent
unit normals, and the mass is a product of cell probabilities along each axis.  That
mass, as a function of where the centre is, is worked out once on a lattice of centres
LATTICE times finer than the grid (two matrix products: cell probabilities along one
axis, the region, cell probabilities along the other) and read off for each person by
bilinear interpolation: the cost hardly grows with the number of people, and a chance
moves by less than 0.0001 from the direct sum over every cell.

Summed over people, the number who keep their family is a sum of independent
Bernoulli trials with those chances (a Poisson-binomial count): its mean is the
expected number, and its central range is what measurement error alone can produce.
An observed count below that range says more changed than measurement error: the
people, or the conditions in which they answered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normal import ndtr, ndtri

DETERMINED = ("execution", "compression")


@dataclass
class ExpectedStability:
    """What measurement error alone lets one expect of the people determined the
    first time."""

    n: int                     # people determined the first time and seen again
    keep: np.ndarray           # each one's chance of the same family again
    expected: float            # mean of `keep` (NaN when n == 0)
    low: float                 # central range of the share kept (counts / n)
    high: float
    level: float


def predictive(rel_e: float, rel_c: float, r: float):
    """(G, V): the second sitting's z given the first is N(G z1, V) (see the module)."""
    rel_e, rel_c = float(rel_e), float(rel_c)
    if not (0 < rel_e < 1 and 0 < rel_c < 1) or not np.isfinite(r):
        raise ValueError("reliabilities must lie in (0, 1) and the correlation be a number")
    # the true-score covariance cannot exceed what the reliabilities allow (as classify.py)
    lim = 0.999 * np.sqrt(rel_e * rel_c)
    c = float(np.clip(r, -lim, lim))
    t = np.array([[rel_e, c], [c, rel_c]])
    err = np.diag([1.0 - rel_e, 1.0 - rel_c])
    g = t @ np.linalg.inv(t + err)
    v = t - g @ t + err
    return g, (v + v.T) / 2.0


# Centres at which the mass is worked out, per grid step: at 2, a person's chance is read
# off within 0.00005 of the direct sum (tests/…/test_stability_chances_match_the_direct_sum).
LATTICE = 2


def _lattice_weights(n_cells, step):
    """P(N(node, 1) falls in each grid cell), rows: the lattice's nodes (every
    step / LATTICE from the first cell's centre to the last's), columns: the cells.
    It depends only on how far the cell is from the node, in lattice steps: worked out
    once per distance."""
    nodes = (n_cells - 1) * LATTICE + 1
    apart = LATTICE * np.arange(n_cells)[None, :] - np.arange(nodes)[:, None]
    upper = (np.arange(-(nodes - 1), LATTICE * (n_cells - 1) + 1) / LATTICE + 0.5) * step
    return (ndtr(upper) - ndtr(upper - step))[apart + nodes - 1]


def keep_chances(z_e, z_c, families, rel_e: float, rel_c: float, r: float, probability,
                 p_execution: float, p_compression: float, *, step: float = 0.08,
                 reach: float = 7.0) -> np.ndarray:
    """Each person's chance of the same determined family at a second sitting.

    z_e, z_c: first-sitting z-scores (arrays over people); families: their family then
    ("execution" or "compression"; anyone else gets NaN); `probability(z_e, z_c)` the
    engine's P(execution) for arrays, and its cut-offs.  Grid cells are `step` wide in
    the whitened coordinates, where each person's normal has SD 1; the grid reaches
    `reach` SDs beyond the outermost person.
    """
    z = np.column_stack([np.asarray(z_e, dtype=float), np.asarray(z_c, dtype=float)])
    families = np.asarray(families).astype(str)
    if families.shape != (len(z),):
        raise ValueError("one family per person")
    out = np.full(len(z), np.nan)
    which = np.isin(families, DETERMINED) & np.isfinite(z).all(axis=1)
    if not which.any():
        return out
    g, v = predictive(rel_e, rel_c, r)
    chol = np.linalg.cholesky(v)
    centres = np.linalg.solve(chol, (z[which] @ g.T).T).T       # people x 2, whitened
    axes = [np.arange(centres[:, j].min() - reach, centres[:, j].max() + reach + step, step)
            for j in (0, 1)]
    w1, w2 = np.meshgrid(*axes, indexing="ij")
    zz = chol @ np.vstack([w1.ravel(), w2.ravel()])
    prob = np.asarray(probability(zz[0], zz[1]), dtype=float).reshape(w1.shape)
    a, b = _lattice_weights(len(axes[0]), step), _lattice_weights(len(axes[1]), step)
    # Near the grid's edge a node's normal spills out of it: the mass is taken over the
    # part inside (nobody's centre is within `reach` of the edge).
    inside = np.outer(a.sum(axis=1), b.sum(axis=1))
    # Each person's centre in lattice steps, the node below it and how far beyond.
    at = [(centres[:, j] - axes[j][0]) / step * LATTICE for j in (0, 1)]
    i = np.minimum(np.floor(at[0]).astype(np.int64), len(a) - 2)
    k = np.minimum(np.floor(at[1]).astype(np.int64), len(b) - 2)
    u, t = at[0] - i, at[1] - k
    fam = families[which]
    keep = np.empty(len(centres))
    for family, region in (("execution", prob >= p_execution),
                           ("compression", prob <= p_compression)):
        mass = (a @ region.astype(float) @ b.T) / inside       # lattice x lattice
        p = fam == family
        keep[p] = ((1 - u[p]) * (1 - t[p]) * mass[i[p], k[p]]
                   + u[p] * (1 - t[p]) * mass[i[p] + 1, k[p]]
                   + (1 - u[p]) * t[p] * mass[i[p], k[p] + 1]
                   + u[p] * t[p] * mass[i[p] + 1, k[p] + 1])
    out[which] = np.clip(keep, 0.0, 1.0)
    return out


def count_range(chances, level: float = 0.95, exact_up_to: int = 3000) -> tuple[int, int]:
    """The central `level` range (lowest, highest) of a sum of independent Bernoulli
    trials with these chances: exact (the distribution built one person at a time) up to
    `exact_up_to` people, the normal approximation with a continuity correction beyond."""
    p = np.asarray(chances, dtype=float)
    p = p[np.isfinite(p)]
    n = len(p)
    if n == 0:
        return 0, 0
    tail = (1.0 - level) / 2.0
    if n > exact_up_to:
        mean, sd = p.sum(), np.sqrt((p * (1 - p)).sum())
        q = float(ndtri(1.0 - tail))
        return (max(0, int(np.ceil(mean - q * sd - 0.5))),
                min(n, int(np.floor(mean + q * sd + 0.5))))
    dist = np.zeros(n + 1)
    dist[0] = 1.0
    for i, pi in enumerate(p):
        dist[1:i + 2] = dist[1:i + 2] * (1 - pi) + dist[:i + 1] * pi
        dist[0] *= 1 - pi
    cdf = np.cumsum(dist)
    low = int(np.searchsorted(cdf, tail - 1e-12))           # first count with F >= tail
    high = int(np.searchsorted(cdf, 1.0 - tail - 1e-12))   # first count with F >= 1 - tail
    return low, min(high, n)


def expected_stability(z_e, z_c, families, rel_e: float, rel_c: float, r: float,
                       probability, p_execution: float, p_compression: float,
                       level: float = 0.95) -> ExpectedStability:
    """The share of the people determined the first time expected to keep their family,
    and the range of shares measurement error alone produces for that many people."""
    return summarise(keep_chances(z_e, z_c, families, rel_e, rel_c, r, probability,
                                  p_execution, p_compression), level)


def summarise(keep, level: float = 0.95) -> ExpectedStability:
    """The expected share kept and its range, from each person's chance (`keep_chances`;
    NaN, someone with no chance computed, is left out)."""
    keep = np.asarray(keep, dtype=float)
    keep = keep[np.isfinite(keep)]
    n = len(keep)
    if n == 0:
        return ExpectedStability(0, keep, float("nan"), float("nan"), float("nan"), level)
    low, high = count_range(keep, level)
    return ExpectedStability(n=n, keep=keep, expected=float(keep.mean()), low=low / n,
                             high=high / n, level=level)


def compare(kept: int, n: int, expected: ExpectedStability) -> str:
    """"below", "within" or "above" the range measurement error alone gives."""
    share = kept / n
    if share < expected.low:
        return "below"
    if share > expected.high:
        return "above"
    return "within"
