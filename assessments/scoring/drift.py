"""Items that behave differently in different groups of people (translations, forms).

A reversed or drifting translation shows as an item whose corrected item-total
correlation (``reliability.item_analysis``'s r.drop, on keyed answers) has the other sign,
or a clearly different size, in one group than in another.  Only groups large enough for
r.drop to be estimated well are compared: at 100 people its standard error is about .1,
so a difference of more than .2 between two such groups is unlikely to be chance.
"""

from __future__ import annotations

import warnings

import numpy as np

from .layout import Layout
from .reliability import item_analysis

MIN_GROUP = 100
MAX_DIFFERENCE = 0.2


def item_total_by_group(Xk: np.ndarray, groups, layout: Layout, min_n: int = MIN_GROUP,
                        max_difference: float = MAX_DIFFERENCE) -> dict:
    """Corrected item-total correlation per group, and the items that differ between groups.

    Xk: persons x items, keyed (reverse items already reversed); groups: one label per
    person.  Groups with at least ``min_n`` people are compared pairwise: an item is
    flagged when its r.drop has opposite signs in two of them, or differs by more than
    ``max_difference``.  Returns

        compared   labels of the groups compared (sorted), with their sizes in ``sizes``
        too_small  labels of the groups left out for having fewer than min_n people
        sizes      label -> people
        items      item code -> {"scale", "r_drop": {label: r or None}, "flagged",
                   "pairs": [(label a, label b, "sign" | "difference"), ...]}

    r.drop is None where it cannot be computed (an item nobody in the group varied on).
    """
    Xk = np.asarray(Xk, dtype=float)
    labels = np.asarray(groups, dtype=object)
    if labels.shape[0] != Xk.shape[0]:
        raise ValueError("groups must give one label per person")
    names = sorted({str(g) for g in labels.tolist()})
    sizes = {g: int((labels == g).sum()) for g in names}
    compared = [g for g in names if sizes[g] >= min_n]
    too_small = [g for g in names if sizes[g] < min_n]
    r = {g: np.full(layout.k, np.nan) for g in compared}
    for g in compared:
        Xg = Xk[labels == g]
        for s in range(layout.n_scales):
            idx = layout.scale_items(s)
            if idx.size < 2:
                continue
            Xs = Xg[:, idx]
            Xs = Xs[~np.all(np.isnan(Xs), axis=1)]
            with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                r[g][idx] = item_analysis(Xs)["r_drop"] if len(Xs) >= 3 else np.nan
    items = {}
    for j, code in enumerate(layout.item_codes):
        pairs = []
        for a_pos, a in enumerate(compared):
            for b in compared[a_pos + 1:]:
                ra, rb = r[a][j], r[b][j]
                if not (np.isfinite(ra) and np.isfinite(rb)):
                    continue
                if ra * rb < 0:
                    pairs.append((a, b, "sign"))
                elif abs(ra - rb) > max_difference:
                    pairs.append((a, b, "difference"))
        items[code] = {
            "scale": layout.scale_codes[int(layout.item_scale[j])],
            "r_drop": {g: float(r[g][j]) if np.isfinite(r[g][j]) else None for g in compared},
            "flagged": bool(pairs),
            "pairs": pairs,
        }
    return {"compared": compared, "too_small": too_small, "sizes": sizes, "items": items}
