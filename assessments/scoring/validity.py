"""Response-validity indices, each computed for all persons at once."""

from __future__ import annotations

import numpy as np

from .layout import Layout


def completeness(X: np.ndarray) -> np.ndarray:
    """Share of items answered."""
    return (~np.isnan(X)).mean(axis=1)


def longstring(X: np.ndarray) -> np.ndarray:
    """Longest run of one identical answer in administration order, as a count.

    A missing answer breaks a run.  Persons with no answers get 0.
    """
    k = X.shape[1]
    answered = ~np.isnan(X)
    run = answered[:, 0].astype(int)
    best = run.copy()
    for j in range(1, k):
        same = X[:, j] == X[:, j - 1]          # False whenever either side is NaN
        run = np.where(same, run + 1, answered[:, j].astype(int))
        np.maximum(best, run, out=best)
    return best


def _pair_values(X: np.ndarray, layout: Layout):
    a = X[:, layout.pairs[:, 0]]
    b = X[:, layout.pairs[:, 1]]
    both = ~np.isnan(a) & ~np.isnan(b)
    return a, b, both


def alignment(X: np.ndarray, layout: Layout, min_pairs: int = 1):
    """Share of twin pairs answered consistently, over pairs where both were answered.

    A "same" pair is consistent when |a - b| <= 1; an "opposite" pair when
    |a - (min + max - b)| <= 1, with min/max those of item b.  Raw answers are
    used (no keying needed: the relation says how the two should agree).
    Returns (share, pairs used); share is NaN below ``min_pairs`` usable pairs.
    """
    n = X.shape[0]
    if layout.pairs.shape[0] == 0:
        return np.full(n, np.nan), np.zeros(n, dtype=int)
    a, b, both = _pair_values(X, layout)
    bidx = layout.pairs[:, 1]
    flipped = layout.minimum[bidx] + layout.maximum[bidx] - b
    target = np.where(layout.pair_opposite, flipped, b)
    consistent = (np.abs(a - target) <= 1.0) & both
    used = both.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = consistent.sum(axis=1) / used
    share = np.where(used >= max(min_pairs, 1), share, np.nan)
    return share, used


def acquiescence(X: np.ndarray, layout: Layout, min_pairs: int = 1):
    """Share of opposite twin pairs where both members are agreed with.

    "Agreed" means strictly above the item's scale midpoint on the raw answer.
    Agreeing with a statement and with its opposite is the signature of
    yea-saying.  Returns (share, pairs used); NaN below ``min_pairs``.
    """
    n = X.shape[0]
    opp = np.flatnonzero(layout.pair_opposite)
    if opp.size == 0:
        return np.full(n, np.nan), np.zeros(n, dtype=int)
    ia, ib = layout.pairs[opp, 0], layout.pairs[opp, 1]
    mid = (layout.minimum + layout.maximum) / 2.0
    a, b = X[:, ia], X[:, ib]
    both = ~np.isnan(a) & ~np.isnan(b)
    agree = (a > mid[ia]) & (b > mid[ib]) & both
    used = both.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = agree.sum(axis=1) / used
    share = np.where(used >= max(min_pairs, 1), share, np.nan)
    return share, used


def speed(seconds, n: int) -> np.ndarray:
    """Median seconds per item over items with a timing; NaN when none."""
    if seconds is None:
        return np.full(n, np.nan)
    T = np.asarray(seconds, dtype=float)
    if T.shape[0] != n:
        raise ValueError("seconds must have one row per person")
    # np.sort puts NaN last, so the m known timings of a row fill its first m slots;
    # this is several times faster than np.nanmedian on wide matrices.
    ordered = np.sort(T, axis=1)
    m = (~np.isnan(T)).sum(axis=1)
    lo = np.clip((m - 1) // 2, 0, None)
    hi = np.clip(m // 2, 0, None)
    rows = np.arange(n)
    med = 0.5 * (ordered[rows, lo] + ordered[rows, hi])
    return np.where(m > 0, med, np.nan)


def mahalanobis(scores: np.ndarray, centre: np.ndarray, inv_cov: np.ndarray) -> np.ndarray:
    """Distance of each row of scale scores from the centre; NaN if any score is NaN."""
    D = scores - centre
    d2 = np.einsum("ij,jk,ik->i", D, inv_cov, D)
    return np.sqrt(np.maximum(d2, 0.0))


def screen(X: np.ndarray, layout: Layout, spec, seconds=None) -> dict:
    """Indices and the flags that need no norms, in the documented order."""
    n, k = X.shape
    comp = completeness(X)
    ls = longstring(X)
    align, _ = alignment(X, layout, spec.min_alignment_pairs)
    acq, _ = acquiescence(X, layout, spec.min_acquiescence_pairs)
    spd = speed(seconds, n)
    with np.errstate(invalid="ignore"):
        flags = {
            "incomplete": comp < spec.min_completeness,
            "longstring": ls > spec.max_longstring_share * k,
            "misaligned": align < spec.min_alignment,
            "acquiescent": acq > spec.max_acquiescence,
            "too_fast": spd < spec.min_seconds_per_item,
        }
    return {"completeness": comp, "longstring": ls, "alignment": align,
            "acquiescence": acq, "speed": spd, "flags": flags}
