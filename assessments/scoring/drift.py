"""Items that behave differently in different groups of people (translations, forms).

A reversed or drifting translation shows as an item whose corrected item-total
correlation (``reliability.item_analysis``'s r.drop, on keyed answers) is different in one
group than in another.  Two estimated correlations always differ a little by chance, and
a check looks at every item of the bank at once, so a fixed cut on the difference flags
some item on most clean data when groups are small.  Instead, each item's two r.drops are
compared with a test that knows their sampling error, and the items of one check are
read together under a false-discovery-rate control:

* Fisher's z difference: z = (atanh r1 - atanh r2) / sqrt(1/(n1-3) + 1/(n2-3)), with
  n the people of each group who answered the item; a two-sided p-value from the normal
  tail.
* Benjamini-Hochberg across every test of the check (items x pairs of groups): an item
  is flagged when its q-value (the smallest false-discovery rate at which it would be
  flagged) is at most ``FDR``.  When no item differs, this keeps the share of clean
  checks that flag anything near ``FDR`` whatever the number of items.

A reversed statement also changes the rest score of every other statement of its scale
in that language, so their r.drops differ a little too and, once the reversed one is
flagged, the control lets some of them through.  The check therefore purifies, as
differential-item-functioning analyses do: it compares again with the flagged statements
left out of every rest score, and repeats until the flagged set stops changing
(``MAX_PASSES``).  On clean data nothing is flagged in the first pass, which is final.

Groups are compared only once each has at least ``min_group_size`` people: the smallest
group size at which a reversed item (r.drop ``DETECTED_R_DROP`` in one language,
``-DETECTED_R_DROP`` in the other) is flagged with probability ``POWER`` after the
control over the check's items.  Below it the check is not run: a smaller group would
mostly miss the very slip the check exists for, and "nothing flagged" would read as
"nothing wrong".
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .layout import Layout
from .normal import erfc, ndtri
from .reliability import pairwise_cov

# The false-discovery rate controlled across the items of one check.
FDR = 0.05
# The check must find a reversed item this often at the smallest group it accepts...
POWER = 0.95
# ...where the item's r.drop is this in one language and its negative in the other: .40
# is what the items of a well-built scale reach (reports.item_analysis.STRONG_R_DROP).
DETECTED_R_DROP = 0.40
# Comparisons, each with the statements the previous one flagged left out of the rest.
MAX_PASSES = 4
# r.drop of exactly +-1 (a group that answered two items identically) has no Fisher z.
_R_LIMIT = 1.0 - 1e-9


def fisher_z_difference(r1, n1, r2, n2):
    """(z, two-sided p) of the difference between two independent correlations, elementwise.

    NaN where a correlation is unknown or a group has 3 people or fewer."""
    r1, r2 = (np.clip(np.asarray(r, dtype=float), -_R_LIMIT, _R_LIMIT) for r in (r1, r2))
    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(1.0 / (n1 - 3.0) + 1.0 / (n2 - 3.0))
        se = np.where((n1 > 3) & (n2 > 3), se, np.nan)
        z = (np.arctanh(r1) - np.arctanh(r2)) / se
    p = np.where(np.isfinite(z), erfc(np.abs(np.nan_to_num(z)) / math.sqrt(2.0)), np.nan)
    return z, p


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini-Hochberg q-values of a vector of p-values (NaN stays NaN, not counted).

    q_i is the smallest false-discovery rate at which test i is rejected: p_(j) m / j taken
    as the running minimum from the largest p down, capped at 1."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    known = np.flatnonzero(np.isfinite(p))
    m = known.size
    if not m:
        return q
    order = known[np.argsort(p[known], kind="stable")]
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


def min_group_size(tests: int, fdr: float = FDR, power: float = POWER,
                   r_drop: float = DETECTED_R_DROP) -> int:
    """People per group at which a reversed item is flagged with probability `power`.

    With `tests` comparisons in the check, Benjamini-Hochberg flags a test whose p-value is
    at most fdr / tests whatever the others do (its first step), so the probability of
    flagging the reversed item is at least P(|z| >= z_crit) with z_crit the normal
    quantile of 1 - fdr / (2 tests).  z has mean 2 atanh(r_drop) / sqrt(2 / (n - 3)) for
    two groups of n, so the smallest n with power at least `power` is
    3 + 2 ((z_crit + z_power) / (2 atanh r_drop))^2, rounded up (the far tail on the
    wrong side is below 1e-10 and ignored)."""
    tests = max(int(tests), 1)
    z_crit = ndtri(1.0 - fdr / (2.0 * tests))
    z_power = ndtri(power)
    delta = 2.0 * math.atanh(r_drop)
    return int(math.ceil(3.0 + 2.0 * ((z_crit + z_power) / delta) ** 2))


def comparable_items(layout: Layout) -> np.ndarray:
    """Indices of the items that have an r.drop: those of scales with two items or more."""
    sizes = np.bincount(layout.item_scale, minlength=layout.n_scales)
    return np.flatnonzero(sizes[layout.item_scale] >= 2)


def r_drop_in(Xk: np.ndarray, layout: Layout, excluded=None) -> tuple[np.ndarray, np.ndarray]:
    """(r.drop, people who answered) per item, within each scale, for one group's keyed
    answers; r.drop is NaN where it cannot be computed.  Items marked in `excluded` (a
    boolean per item) are left out of every rest score; without it r.drop is
    ``reliability.item_analysis``'s, from the same pairwise covariances."""
    excluded = np.zeros(layout.k, bool) if excluded is None else np.asarray(excluded, bool)
    r = np.full(layout.k, np.nan)
    answered = (~np.isnan(Xk)).sum(axis=0).astype(float)
    for s in range(layout.n_scales):
        idx = layout.scale_items(s)
        if idx.size < 2:
            continue
        Xs = Xk[:, idx]
        Xs = Xs[~np.all(np.isnan(Xs), axis=1)]
        if len(Xs) < 3:
            continue
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            C = pairwise_cov(Xs)
            # Rest of item i: the kept items but i.  With m the kept mask, the covariance of
            # i with its rest is (C m)_i - m_i C_ii and the rest's variance is
            # m'Cm - 2 m_i (C m)_i + m_i C_ii.
            m = (~excluded[idx]).astype(float)
            Cm = C @ m
            diag = np.diag(C)
            rest_var = m @ Cm - 2.0 * m * Cm + m * diag
            r[idx] = (Cm - m * diag) / np.sqrt(diag * rest_var)
    return r, answered


def item_total_by_group(Xk: np.ndarray, groups, layout: Layout, min_n: int | None = None,
                        fdr: float = FDR) -> dict:
    """Corrected item-total correlation per group, and the items that differ between groups.

    Xk: persons x items, keyed (reverse items already reversed); groups: one label per
    person.  Groups with at least ``min_n`` people (default: ``min_group_size`` for this
    layout's comparable items) are compared pairwise, each item by Fisher's z difference,
    and an item is flagged when the q-value of one of its comparisons is at most ``fdr``.
    Returns

        compared   labels of the groups compared (sorted), with their sizes in ``sizes``
        too_small  labels of the groups left out for having fewer than min_n people
        needed     label -> people still missing before that group can be compared
        sizes      label -> people
        min_n, fdr the group size and false-discovery rate the check used
        tests      comparisons read together under the false-discovery-rate control
        left_out_of_rest  codes of the items the last pass left out of the rest scores
        items      item code -> {"scale", "r_drop": {label: r or None},
                   "n": {label: people who answered}, "z", "p", "q" (of the item's most
                   different pair; None when not compared), "flagged",
                   "pairs": [(label a, label b, "sign" | "difference"), ...] flagged}

    r.drop is None where it cannot be computed (an item nobody in the group varied on).
    """
    Xk = np.asarray(Xk, dtype=float)
    labels = np.asarray(groups, dtype=object)
    if labels.shape[0] != Xk.shape[0]:
        raise ValueError("groups must give one label per person")
    testable = comparable_items(layout)
    if min_n is None:
        min_n = min_group_size(testable.size, fdr)
    names = sorted({str(g) for g in labels.tolist()})
    sizes = {g: int((labels == g).sum()) for g in names}
    compared = [g for g in names if sizes[g] >= min_n]
    too_small = [g for g in names if sizes[g] < min_n]
    pairs = [(a, b) for i, a in enumerate(compared) for b in compared[i + 1:]]
    flagged = np.zeros(layout.k, bool)
    for __ in range(MAX_PASSES):
        left_out = flagged
        r, answered, z, p, q = _compare(Xk, labels, layout, compared, pairs, testable,
                                        left_out)
        flagged = np.any(q <= fdr, axis=0)
        if np.array_equal(flagged, left_out):
            break
    items = {}
    for j, code in enumerate(layout.item_codes):
        flagged_pairs = []
        for row, (a, b) in enumerate(pairs):
            if np.isfinite(q[row, j]) and q[row, j] <= fdr:
                flagged_pairs.append((a, b, "sign" if r[a][j] * r[b][j] < 0 else "difference"))
        known = np.isfinite(p[:, j])
        worst = int(np.argmin(np.where(known, p[:, j], np.inf))) if known.any() else None
        items[code] = {
            "scale": layout.scale_codes[int(layout.item_scale[j])],
            "r_drop": {g: _known(r[g][j]) for g in compared},
            "n": {g: int(answered[g][j]) for g in compared},
            "z": None if worst is None else float(z[worst, j]),
            "p": None if worst is None else float(p[worst, j]),
            "q": None if worst is None else float(q[worst, j]),
            "flagged": bool(flagged_pairs),
            "pairs": flagged_pairs,
        }
    return {"compared": compared, "too_small": too_small, "sizes": sizes,
            "needed": {g: min_n - sizes[g] for g in too_small},
            "min_n": int(min_n), "fdr": fdr, "tests": int(np.isfinite(p).sum()),
            "left_out_of_rest": [c for c, x in zip(layout.item_codes, left_out, strict=True)
                                 if x],
            "items": items}


def _compare(Xk, labels, layout, compared, pairs, testable, excluded):
    """One pass: r.drop per group with `excluded` items out of the rest scores, and
    (z, p, q) per pair of groups (rows) and item (columns); untestable items stay NaN."""
    r, answered = {}, {}
    for g in compared:
        r[g], answered[g] = r_drop_in(Xk[labels == g], layout, excluded)
    z = np.full((len(pairs), layout.k), np.nan)
    p = np.full((len(pairs), layout.k), np.nan)
    for row, (a, b) in enumerate(pairs):
        z[row, testable], p[row, testable] = fisher_z_difference(
            r[a][testable], answered[a][testable], r[b][testable], answered[b][testable])
    q = benjamini_hochberg(p.ravel()).reshape(p.shape)
    return r, answered, z, p, q


def _known(x):
    return float(x) if np.isfinite(x) else None
