"""Evidence that the labels mean something: retest stability and outcome validity.

Everything here works on whole arrays and imports only numpy (docs/evidence.md).

Retest.  For people scored in two campaigns on the same scales:
  * per scale the retest correlation with a Fisher-z confidence interval;
  * for the family (execution / undetermined / compression) the share who got the same
    family both times and Cohen's kappa;
  * beside them what the measurement model predicts if the trait did not change at all:
    each scale's observed z is its true score plus an independent error at each
    sitting (Var tau_j = rel_j, Var e_j = 1 - rel_j, Cov(tau_E, tau_C) = r), so the
    retest correlation expected is rel_j, and the family agreement expected is
    E_tau[sum_k P(family k | tau)^2] with the family given by the engine's own
    probability function and cut-offs (`expected_retest`).  Observed figures below the
    expected ones are the part of the change that is real change (or a different
    context); figures at them say the label is as stable as its reliability allows.

Outcomes.  For one criterion (a dated rating of work), per family the number of people,
the mean outcome, the difference execution - compression with a Welch confidence
interval, the correlation of the T difference (execution - compression) with the
outcome with a Fisher-z interval, and a plain verdict (`outcome_validity`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .normal import ndtr, ndtri

FAMILIES = ("execution", "undetermined", "compression")
DETERMINED = ("execution", "compression")

# Verdicts of outcome_validity.
NOT_TESTED = "not_tested"
NO_EVIDENCE = "no_evidence"
DIFFERENCE = "difference"


# --- small statistics ------------------------------------------------------------------


@functools.cache
def _quantile(p: float) -> float:
    # ndtri is an iterative scalar search: computed once per level
    return float(ndtri(p))


def _z_of(level: float) -> float:
    return _quantile(0.5 + level / 2.0)


def fisher_interval(r, n, level: float = 0.95):
    """Confidence interval of a Pearson correlation from Fisher's z (arrays).

    atanh(r) is about normal with SD 1/sqrt(n - 3); NaN where n < 4 or r is NaN."""
    r = np.asarray(r, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.arctanh(np.clip(r, -0.999999, 0.999999))
        half = _z_of(level) / np.sqrt(n - 3.0)
        ok = (n >= 4) & np.isfinite(r)
        lo = np.where(ok, np.tanh(z - half), np.nan)
        hi = np.where(ok, np.tanh(z + half), np.nan)
    return lo, hi


def t_quantile(p: float, df) -> np.ndarray:
    """Quantile of Student's t with `df` degrees of freedom (arrays of df).

    The Cornish-Fisher expansion of t in powers of 1/df around the normal quantile
    (Abramowitz and Stegun 26.7.5); at the 97.5 % level 3e-4 below the exact quantile
    at df = 5, within 1e-5 from df = 10, and exact in the limit."""
    z = _quantile(float(p))
    v = np.asarray(df, dtype=float)
    g1 = (z**3 + z) / 4.0
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96.0
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384.0
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return z + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4


def pearson(x, y):
    """Correlation per column of two persons x k arrays on the rows complete in both
    (pairwise per column); returns (r, n)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim == 1:
        x, y = x[:, None], y[:, None]
    if x.shape != y.shape:
        raise ValueError("the two arrays must have the same shape")
    ok = np.isfinite(x) & np.isfinite(y)
    n = ok.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = np.where(ok, x, 0).sum(axis=0) / n
        my = np.where(ok, y, 0).sum(axis=0) / n
        dx = np.where(ok, x - mx, 0)
        dy = np.where(ok, y - my, 0)
        r = (dx * dy).sum(axis=0) / np.sqrt((dx * dx).sum(axis=0) * (dy * dy).sum(axis=0))
    r = np.where(n >= 3, r, np.nan)
    return r, n


# --- retest ----------------------------------------------------------------------------


@dataclass
class Retest:
    """What two sittings of the same people show (arrays over scales where per scale)."""

    r: np.ndarray
    n: np.ndarray
    r_low: np.ndarray
    r_high: np.ndarray
    table: np.ndarray          # 3 x 3 counts, rows first sitting, FAMILIES order
    n_families: int            # people with a family both times
    agreement: float           # share with the same family (NaN when nobody)
    kappa: float
    kept: float                # of those determined the first time, share who kept it
    n_determined: int


def retest_correlation(first, second, level: float = 0.95):
    """Per scale (columns) the retest correlation, its n and its Fisher-z interval."""
    r, n = pearson(first, second)
    lo, hi = fisher_interval(r, n, level)
    return r, n, lo, hi


def family_table(first, second) -> np.ndarray:
    """3 x 3 counts of (first family, second family) over people with a family (one of
    FAMILIES) at both sittings; anything else (invalid, not classified) is left out."""
    first = np.asarray(first).astype(str)
    second = np.asarray(second).astype(str)
    if first.shape != second.shape:
        raise ValueError("the two family arrays must have the same length")
    codes = {f: i for i, f in enumerate(FAMILIES)}
    a = np.array([codes.get(f, -1) for f in first], dtype=int)
    b = np.array([codes.get(f, -1) for f in second], dtype=int)
    ok = (a >= 0) & (b >= 0)
    table = np.zeros((3, 3), dtype=int)
    np.add.at(table, (a[ok], b[ok]), 1)
    return table


def kappa_from_table(table) -> tuple[float, float]:
    """(observed agreement, Cohen's kappa) of a square table of counts or shares."""
    t = np.asarray(table, dtype=float)
    total = t.sum()
    if total <= 0:
        return float("nan"), float("nan")
    p = t / total
    observed = float(np.trace(p))
    chance = float(p.sum(axis=1) @ p.sum(axis=0))
    if chance >= 1.0:
        return observed, float("nan")
    return observed, (observed - chance) / (1.0 - chance)


def kept_share(table) -> tuple[float, float]:
    """(share of people determined the first time who kept their family, how many)."""
    t = np.asarray(table, dtype=float)
    det = [FAMILIES.index(f) for f in DETERMINED]
    n = t[det].sum()
    kept = sum(t[i, i] for i in det)
    return (kept / n if n else float("nan")), n


def retest(first_scores, second_scores, first_family, second_family,
           level: float = 0.95) -> Retest:
    """Everything the retest page shows for one pair of sittings."""
    r, n, lo, hi = retest_correlation(first_scores, second_scores, level)
    table = family_table(first_family, second_family)
    agreement, kappa = kappa_from_table(table)
    kept, n_det = kept_share(table)
    return Retest(r=r, n=n, r_low=lo, r_high=hi, table=table, n_families=int(table.sum()),
                  agreement=agreement, kappa=kappa, kept=kept, n_determined=int(n_det))


@dataclass
class Expected:
    """What the measurement model predicts if the traits did not change."""

    correlation: np.ndarray    # per scale: its reliability
    shares: np.ndarray         # P(family) at one sitting, FAMILIES order
    table: np.ndarray          # 3 x 3 expected shares at two sittings
    agreement: float
    kappa: float
    kept: float

    def to_dict(self) -> dict:
        """As plain JSON (a figure that is not a number, as from a tiny group, is null)."""
        def plain(values):
            return [v if np.isfinite(v) else None for v in np.asarray(values, float).ravel()]

        return {"correlation": plain(self.correlation), "shares": plain(self.shares),
                "table": plain(self.table), "agreement": plain([self.agreement])[0],
                "kappa": plain([self.kappa])[0], "kept": plain([self.kept])[0]}

    @classmethod
    def from_dict(cls, data: dict) -> Expected:
        def array(values):
            return np.array([np.nan if v is None else v for v in values], dtype=float)

        return cls(correlation=array(data["correlation"]), shares=array(data["shares"]),
                   table=array(data["table"]).reshape(3, 3),
                   agreement=array([data["agreement"]])[0],
                   kappa=array([data["kappa"]])[0], kept=array([data["kept"]])[0])


def _cell_weights(grid, centres, sd, step):
    """Probability that N(centre, sd^2) falls in each grid cell (rows: centres)."""
    upper = (grid[None, :] + step / 2.0 - centres[:, None]) / sd
    lower = (grid[None, :] - step / 2.0 - centres[:, None]) / sd
    return ndtr(upper) - ndtr(lower)


def expected_retest(rel_e: float, rel_c: float, r: float, probability,
                    p_execution: float, p_compression: float, *,
                    z_step: float = 0.02, z_limit: float = 6.0,
                    tau_nodes: int = 121) -> Expected:
    """Family agreement between two sittings of people whose traits did not change.

    `probability(z_e, z_c)` is the engine's own P(execution) for arrays of z (the
    classification the results were given with, e.g. `engine.role_probability` with the
    norm group, every item answered), and `p_execution`, `p_compression` its cut-offs.
    The family is evaluated once on a grid of z; the chance of each family given the
    true scores is that grid weighted by the two independent normal errors (cell
    probabilities, separable because the errors of two scales are independent), and
    the agreement is its square summed over families, averaged over the true scores'
    bivariate normal distribution on a grid of `tau_nodes` x `tau_nodes`.
    """
    rel_e, rel_c = float(rel_e), float(rel_c)
    if not (0 < rel_e < 1 and 0 < rel_c < 1) or not np.isfinite(r):
        raise ValueError("reliabilities must lie in (0, 1) and the correlation be a number")
    lim = 0.999 * np.sqrt(rel_e * rel_c)
    c = float(np.clip(r, -lim, lim))
    grid = np.arange(-z_limit, z_limit + z_step / 2, z_step)
    ze, zc = np.meshgrid(grid, grid, indexing="ij")
    prob = np.asarray(probability(ze.ravel(), zc.ravel()), dtype=float).reshape(ze.shape)
    indicators = [prob >= p_execution, (prob > p_compression) & (prob < p_execution),
                  prob <= p_compression]
    # true scores: tau_e on a grid, tau_c | tau_e normal; weights of the joint density
    sd_e, sd_c = np.sqrt(rel_e), np.sqrt(rel_c)
    nodes = np.linspace(-5.0, 5.0, tau_nodes)
    te = nodes * sd_e
    cond_sd = np.sqrt(max(rel_c - c * c / rel_e, 1e-12))
    tc = nodes * sd_c
    de = np.exp(-0.5 * nodes**2)
    dc = np.exp(-0.5 * ((tc[None, :] - (c / rel_e) * te[:, None]) / cond_sd) ** 2)
    w = de[:, None] * dc
    w /= w.sum()
    ae = _cell_weights(grid, te, np.sqrt(1 - rel_e), z_step)       # tau_e nodes x grid
    ac = _cell_weights(grid, tc, np.sqrt(1 - rel_c), z_step)
    per_tau = np.stack([ae @ ind.astype(float) @ ac.T for ind in indicators])  # 3 x n x n
    per_tau /= np.maximum(per_tau.sum(axis=0), 1e-300)
    shares = (per_tau * w).sum(axis=(1, 2))
    table = np.einsum("kij,lij,ij->kl", per_tau, per_tau, w)
    agreement, kappa = kappa_from_table(table)
    kept, _ = kept_share(table)
    return Expected(correlation=np.array([rel_e, rel_c]), shares=shares, table=table,
                    agreement=agreement, kappa=kappa, kept=kept)


def simulate_retest(rel_e: float, rel_c: float, r: float, probability, p_execution: float,
                    p_compression: float, n: int, rng) -> np.ndarray:
    """The 3 x 3 table of families at two sittings of n people whose traits did not
    change, drawn from the measurement model (a Monte Carlo of `expected_retest`)."""
    cov = np.array([[rel_e, r], [r, rel_c]])
    tau = rng.multivariate_normal([0.0, 0.0], cov, size=n)
    err = np.sqrt([1 - rel_e, 1 - rel_c])

    def family(z):
        p = probability(z[:, 0], z[:, 1])
        return np.where(p >= p_execution, "execution",
                        np.where(p <= p_compression, "compression", "undetermined"))

    first = family(tau + rng.standard_normal((n, 2)) * err)
    second = family(tau + rng.standard_normal((n, 2)) * err)
    return family_table(first, second)


# --- outcomes --------------------------------------------------------------------------


@dataclass
class OutcomeValidity:
    """How the outcome of one criterion differs between the families."""

    n: dict                    # family -> people with a family and an outcome
    mean: dict                 # family -> mean outcome (NaN when nobody)
    sd: dict
    difference: float          # mean execution - mean compression
    difference_low: float
    difference_high: float
    effect_size: float         # difference / pooled SD (Cohen's d)
    r: float                   # corr(T_execution - T_compression, outcome)
    r_n: int
    r_low: float
    r_high: float
    verdict: str               # NOT_TESTED, NO_EVIDENCE or DIFFERENCE
    min_per_family: int


def outcome_validity(families, t_difference, outcome, *, min_per_family: int = 100,
                     level: float = 0.95) -> OutcomeValidity:
    """The family difference in one outcome, and the verdict HR reads.

    families: the family of each person ("execution", "undetermined", "compression";
    anything else is left out of the family comparison); t_difference: their
    execution T minus compression T (NaN: unknown); outcome: their rating (NaN: none).
    The verdict is "not tested" while either family has fewer than `min_per_family`
    people with an outcome, else "difference" when the Welch interval of the
    difference excludes 0, else "no evidence of a difference".
    """
    families = np.asarray(families).astype(str)
    t_difference = np.asarray(t_difference, dtype=float)
    outcome = np.asarray(outcome, dtype=float)
    if not (families.shape == t_difference.shape == outcome.shape) or families.ndim != 1:
        raise ValueError("families, T differences and outcomes must be arrays of one length")
    if min_per_family < 2:
        raise ValueError("min_per_family must be at least 2")
    has = np.isfinite(outcome)
    n, mean, sd = {}, {}, {}
    for family in FAMILIES:
        values = outcome[has & (families == family)]
        n[family] = int(values.size)
        mean[family] = float(values.mean()) if values.size else float("nan")
        sd[family] = float(values.std(ddof=1)) if values.size > 1 else float("nan")
    ne, nc = n["execution"], n["compression"]
    diff = mean["execution"] - mean["compression"]
    lo = hi = d = float("nan")
    if ne >= 2 and nc >= 2:
        ve, vc = sd["execution"] ** 2 / ne, sd["compression"] ** 2 / nc
        se = np.sqrt(ve + vc)
        if se > 0:
            df = (ve + vc) ** 2 / (ve**2 / (ne - 1) + vc**2 / (nc - 1))
            half = float(t_quantile(0.5 + level / 2.0, df)) * se
            lo, hi = diff - half, diff + half
        pooled = np.sqrt(((ne - 1) * sd["execution"] ** 2 + (nc - 1) * sd["compression"] ** 2)
                         / (ne + nc - 2))
        d = diff / pooled if pooled > 0 else float("nan")
    r, rn = pearson(t_difference, outcome)
    r_lo, r_hi = fisher_interval(r, rn, level)
    if min(ne, nc) < min_per_family:
        verdict = NOT_TESTED
    elif np.isfinite(lo) and (lo > 0 or hi < 0):
        verdict = DIFFERENCE
    else:
        verdict = NO_EVIDENCE
    return OutcomeValidity(
        n=n, mean=mean, sd=sd, difference=float(diff), difference_low=float(lo),
        difference_high=float(hi), effect_size=float(d), r=float(r[0]), r_n=int(rn[0]),
        r_low=float(r_lo[0]), r_high=float(r_hi[0]), verdict=verdict,
        min_per_family=int(min_per_family))
