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
unit normals, and the mass is a product of cell probabilities along each axis. Along an
axis those probabilities depend only on where the person's centre falls within a grid
step, so they are tabulated once per offset (SUBSTEPS of them) and shifted: the cost no
longer grows as people x grid cells, and a chance moves by less than 0.0002.

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


# The kernels are tabulated at this many offsets per grid step: a person's centre is
# taken to the nearest of them, a shift of at most step / (2 * SUBSTEPS) SD (0.0004 SD at
# the default step), which moves a chance by less than 0.0002.
SUBSTEPS = 100
# People per block when the chances are summed (bounds the memory to a few MB a block).
BLOCK = 4096


def _kernels(step, half_width):
    """P(N(offset, 1) falls in the cell at d steps), for every tabulated offset (rows:
    q / SUBSTEPS of a step, q = 0..SUBSTEPS-1) and d = -half_width..half_width."""
    d = np.arange(-half_width, half_width + 1)
    q = np.arange(SUBSTEPS)[:, None] / SUBSTEPS
    upper = (d[None, :] - q + 0.5) * step
    return ndtr(upper) - ndtr(upper - step)


def _axis_weights(positions, n_cells, step, reach):
    """Each distinct tabulated centre's cell probabilities along one axis, and which row
    each person uses. `positions` are the centres in steps from the axis' first cell.
    A person's row is the kernel of their offset within a step, shifted to their cell:
    every centre at the same offset shares one tabulated kernel."""
    ticks = np.rint(positions * SUBSTEPS).astype(np.int64)
    unique, row = np.unique(ticks, return_inverse=True)
    cell, q = np.divmod(unique, SUBSTEPS)
    half = int(np.ceil(reach / step)) + 1
    kernels = _kernels(step, half)
    weights = np.zeros((len(unique), n_cells))
    cols = cell[:, None] + np.arange(-half, half + 1)[None, :]
    inside = (cols >= 0) & (cols < n_cells)
    rows = np.broadcast_to(np.arange(len(unique))[:, None], cols.shape)
    weights[rows[inside], cols[inside]] = kernels[q][inside]
    return weights, row.ravel()


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
    # Per axis, one row of cell probabilities per distinct centre (people x grid would be
    # 92,000 x 300 per axis at a real campaign's size).
    a, row_a = _axis_weights((centres[:, 0] - axes[0][0]) / step, len(axes[0]), step, reach)
    b, row_b = _axis_weights((centres[:, 1] - axes[1][0]) / step, len(axes[1]), step, reach)
    keep = np.empty(len(centres))
    total = a.sum(axis=1)[row_a] * b.sum(axis=1)[row_b]
    fam = families[which]
    for family, region in (("execution", prob >= p_execution),
                           ("compression", prob <= p_compression)):
        through = a @ region.astype(float)             # distinct first-axis centres x grid 2
        for start in range(0, len(centres), BLOCK):
            picked = np.flatnonzero(fam[start:start + BLOCK] == family) + start
            if len(picked):
                keep[picked] = (through[row_a[picked]] * b[row_b[picked]]).sum(axis=1)
    out[which] = np.clip(keep / total, 0.0, 1.0)
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
