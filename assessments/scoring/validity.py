"""Response-validity indices, each computed for all persons at once."""

from __future__ import annotations

import math

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


def tail_share(X: np.ndarray, width: int, values=None) -> np.ndarray:
    """Largest share of one answer over a tail of the test at least ``width`` items long.

    For every start position s with at least ``width`` items after it, the share of
    items s..end that hold one given answer; the largest over positions and answers.
    A straight line that starts late (a person who stopped reading two thirds of the
    way through) or carries a little noise has no long exact run, but fills the rest
    of the test almost entirely with one answer.  Missing answers count as not
    matching.  NaN when the test is shorter than ``width`` or is not a rating scale.
    ``values``: the possible answers (default: those that occur).
    """
    n, k = X.shape
    width = int(width)
    if width < 2 or width > k:
        return np.full(n, np.nan)
    if values is None:
        values = np.unique(X[~np.isnan(X)])
    if len(values) > 21:
        return np.full(n, np.nan)
    inv_length = (1.0 / np.arange(width, k + 1, dtype=float)).astype(np.float32)[:, None]
    best = np.zeros(n, dtype=np.float32)
    # items x persons, last item first: the running counts then run down the rows, one
    # vector addition per item over all persons, rather than k-long loops per person
    rev = np.ascontiguousarray(X.T[::-1])
    for v in values:
        suffix = np.cumsum(rev == v, axis=0, dtype=np.int16)[width - 1:]  # count in tail
        np.maximum(best, (suffix * inv_length).max(axis=0), out=best)
    # float32 is exact enough for shares of at most a few hundred items; round so that
    # e.g. 12/15 compares equal to 0.8
    return np.round(best.astype(float), 6)


def tail_width(spec, k: int) -> int:
    """Items in the shortest tail the tail share reads."""
    return math.ceil(spec.longstring_tail * k)


def tail_values(layout: Layout):
    """The possible answers of a rating-scale bank (None where answers are not whole
    steps or more than 21 values)."""
    lo, hi = float(layout.minimum.min()), float(layout.maximum.max())
    return np.arange(lo, hi + 1.0) if hi - lo <= 20 and lo == int(lo) else None


def longstring_flag(ls: np.ndarray, ws: np.ndarray, k: int, spec, cuts: dict) -> np.ndarray:
    """The longstring flag: a run of one answer or a tail share at or beyond its cut.

    The cuts come from the norm group's style-aware null (``null._longstring_cuts``:
    ``longstring_run_cut`` / ``longstring_tail_cut``); norms stored without them use the
    spec's fixed rule (a run longer than ``max_longstring_share`` of the items, a tail
    share of ``max_tail_share`` or more).
    """
    run_cut, tail_cut = cuts.get("longstring_run_cut"), cuts.get("longstring_tail_cut")
    with np.errstate(invalid="ignore"):
        run = ls >= run_cut if run_cut is not None else ls > spec.max_longstring_share * k
        tail = ws >= tail_cut - 1e-9 if tail_cut is not None else ws >= spec.max_tail_share
    return run | tail


def agreement(X: np.ndarray, layout: Layout) -> np.ndarray:
    """Balanced agreement: how far a person agrees with statements *and* their reverses.

    Per scale with both forward and reverse-keyed items, the mean raw answer of the
    forward items and that of the reverse items, each as a share of the half range
    above the item's midpoint, are averaged; the trait moves the two halves in opposite
    directions and cancels, agreeing regardless of content moves both up.  The scale
    values are averaged with weights equal to the scale's item count.  Range -1..1;
    NaN when no scale has both keyings answered.
    """
    mid = (layout.minimum + layout.maximum) / 2.0
    half = (layout.maximum - layout.minimum) / 2.0
    U = (X - mid) / half
    seen = ~np.isnan(U)
    U = np.where(seen, U, 0.0)
    # columns 2s / 2s+1: forward / reverse items of scale s (scales with both only)
    S = layout.n_scales
    member = np.zeros((layout.k, 2 * S))
    size = np.zeros(S)
    for s in range(S):
        idx = layout.scale_items(s)
        fwd, rev = idx[~layout.reverse[idx]], idx[layout.reverse[idx]]
        if fwd.size and rev.size:
            member[fwd, 2 * s] = 1.0
            member[rev, 2 * s + 1] = 1.0
            size[s] = idx.size
    if not size.any():
        return np.full(X.shape[0], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (U @ member) / (seen.astype(float) @ member)
        v = 0.5 * (means[:, 0::2] + means[:, 1::2])            # n x S
        ok = ~np.isnan(v) & (size > 0)
        total = np.where(ok, v * size, 0.0).sum(axis=1)
        weight = np.where(ok, size, 0.0).sum(axis=1)
        return np.where(weight > 0, total / weight, np.nan)


def _pair_values(X: np.ndarray, layout: Layout):
    a = X[:, layout.pairs[:, 0]]
    b = X[:, layout.pairs[:, 1]]
    both = ~np.isnan(a) & ~np.isnan(b)
    return a, b, both


def alignment(X: np.ndarray, layout: Layout, min_pairs: int = 1, tolerance: float = 0.25):
    """Share of twin pairs answered consistently, over pairs where both were answered.

    A "same" pair is consistent when |a - b| <= t; an "opposite" pair when
    |a - (min + max - b)| <= t, with min/max those of item b and t =
    ``tolerance`` x (max - min) of the pair's items (a share of the answer range:
    .25 gives 1 point on a 1-5 item, .34 gives 1 point on 1-5 and 2 on 1-7).  Raw
    answers are used (no keying needed: the relation says how the two should agree).
    Returns (share, pairs used); share is NaN below ``min_pairs`` usable pairs.
    """
    n = X.shape[0]
    if layout.pairs.shape[0] == 0:
        return np.full(n, np.nan), np.zeros(n, dtype=int)
    gap, allowed = pair_gaps(X, layout, tolerance)
    both = ~np.isnan(gap)
    consistent = (gap <= allowed) & both
    used = both.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = consistent.sum(axis=1) / used
    share = np.where(used >= max(min_pairs, 1), share, np.nan)
    return share, used


def pair_gaps(X: np.ndarray, layout: Layout, tolerance: float = 0.25):
    """How far apart each person answered each twin pair, and how far apart they may.

    Returns (gap, allowed): gap is persons x pairs, |a - b| for a "same" pair and
    |a - (min + max - b)| for an "opposite" one (b turned round, as keying would), in
    answer points, NaN where either answer is missing; allowed is per pair, ``tolerance``
    x the wider of the two answer ranges.  A pair is answered consistently when gap <=
    allowed; `alignment` is the share of such pairs, so a reviewer reading the pairs that
    disagreed sees exactly what the "misaligned" screen counted.
    """
    a, b, both = _pair_values(X, layout)
    aidx, bidx = layout.pairs[:, 0], layout.pairs[:, 1]
    flipped = layout.minimum[bidx] + layout.maximum[bidx] - b
    target = np.where(layout.pair_opposite, flipped, b)
    span = np.maximum(layout.maximum[aidx] - layout.minimum[aidx],
                      layout.maximum[bidx] - layout.minimum[bidx])
    gap = np.where(both, np.abs(a - target), np.nan)
    return gap, tolerance * span + 1e-9


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


def administration_order(order, n: int, k: int) -> np.ndarray:
    """Each person's administration order as an (n, k) array of column indices.

    ``order[i, t]`` is the column (layout position) of the item person i saw t-th.
    ``None`` means every person saw the items in layout order.  A row that is not a
    permutation of 0..k-1 (an imported response, an order stored for another version)
    falls back to layout order.
    """
    plain = np.broadcast_to(np.arange(k), (n, k))
    if order is None:
        return np.ascontiguousarray(plain)
    given = np.asarray(order)
    if given.shape != (n, k):
        raise ValueError("order must have one row per person and one column per item")
    given = given.astype(np.intp)
    ok = (np.sort(given, axis=1) == np.arange(k)).all(axis=1)
    return np.where(ok[:, None], given, plain)


def positions(order: np.ndarray) -> np.ndarray:
    """Inverse of an administration order: the position at which each column was seen."""
    n, k = order.shape
    pos = np.empty_like(order)
    np.put_along_axis(pos, order, np.broadcast_to(np.arange(k), (n, k)), axis=1)
    return pos


def in_order(X: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """The answers rearranged into each person's administration order."""
    if order is None:
        return X
    return np.take_along_axis(X, order, axis=1)


MIN_STEPS = 5


def step_share(X: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """Share of answers that continue the previous step: the sequence statistic.

    In administration order, with d_t = x_t - x_(t-1) the step between successive raw
    answers, the share of positions t where d_t = d_(t-1) != 0 (the answer moves on by
    the same non-zero step as before: 1-2-3, 5-4-3, 1-3-5), among positions where the
    three answers x_(t-2), x_(t-1), x_t are all given.  A zigzag 1-2-3-4-5-4-3-2-1
    continues its step at 3 of every 4 positions, a sawtooth 1-2-3-4-5-1-2-... at 3 of
    5; an attentive person's answers, locally independent given the trait, rarely
    form three-term progressions (about 6 % of uniform random triples on 1-5, fewer for
    most attentive people).  NaN with fewer than ``MIN_STEPS`` usable positions.
    """
    Y = in_order(X, order)
    d = np.diff(Y, axis=1)                          # NaN where either answer is missing
    prev, cur = d[:, :-1], d[:, 1:]
    usable = np.isfinite(prev) & np.isfinite(cur)
    same = usable & (cur == prev) & (cur != 0)
    m = usable.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = same.sum(axis=1) / m
    return np.where(m >= MIN_STEPS, share, np.nan)


def mahalanobis(scores: np.ndarray, centre: np.ndarray, inv_cov: np.ndarray) -> np.ndarray:
    """Distance of each row of scale scores from the centre; NaN if any score is NaN."""
    D = scores - centre
    d2 = np.einsum("ij,jk,ik->i", D, inv_cov, D)
    return np.sqrt(np.maximum(d2, 0.0))


def screen(X: np.ndarray, layout: Layout, spec, seconds=None, cuts: dict | None = None) -> dict:
    """Indices and the flags that need no norms, in the documented order.

    ``cuts`` holds the cut-offs a norm group derived (``Norms.screens``): the alignment
    cut and the agreement cut.  Without them (norms that predate the derivation) the
    fixed fallbacks of the spec are used: ``min_alignment`` and ``max_acquiescence``.
    """
    n, k = X.shape
    cuts = cuts or {}
    comp = completeness(X)
    ls = longstring(X)
    ws = tail_share(X, tail_width(spec, k), tail_values(layout))
    align, _ = alignment(X, layout, spec.min_alignment_pairs, spec.twin_tolerance)
    acq, _ = acquiescence(X, layout, spec.min_acquiescence_pairs)
    agr = agreement(X, layout)
    spd = speed(seconds, n)
    with np.errstate(invalid="ignore"):
        if cuts.get("alignment_cut") is not None:
            misaligned = align <= cuts["alignment_cut"]
        else:
            misaligned = align < spec.min_alignment
        if cuts.get("agreement_cut") is not None:
            acquiescent = agr > cuts["agreement_cut"]
        else:
            acquiescent = acq > spec.max_acquiescence
        flags = {
            "incomplete": comp < spec.min_completeness,
            "longstring": longstring_flag(ls, ws, k, spec, cuts),
            "misaligned": misaligned,
            "acquiescent": acquiescent,
            "too_fast": spd < spec.min_seconds_per_item,
        }
    return {"completeness": comp, "longstring": ls, "tail_share": ws, "alignment": align,
            "acquiescence": acq, "agreement": agr, "speed": spd, "flags": flags}
