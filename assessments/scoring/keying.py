"""Reverse keying and scale scores over whole answer matrices."""

from __future__ import annotations

import numpy as np

from .layout import Layout


def as_matrix(X, layout: Layout) -> np.ndarray:
    """Validate an answer matrix: persons x items floats, NaN where missing."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != layout.k:
        raise ValueError(f"expected a persons x {layout.k} matrix, got shape {X.shape}")
    finite = ~np.isnan(X)
    if np.any(np.isinf(X)):
        raise ValueError("answers must be finite or NaN")
    lo = np.broadcast_to(layout.minimum, X.shape)
    hi = np.broadcast_to(layout.maximum, X.shape)
    if np.any(finite & ((lo > X) | (hi < X))):
        raise ValueError("an answer lies outside its item's range")
    return X


def key(X: np.ndarray, layout: Layout) -> np.ndarray:
    """Reverse-keyed items become min + max - x; NaN stays NaN."""
    X = np.asarray(X, dtype=float)
    flip = layout.minimum + layout.maximum
    return np.where(layout.reverse, flip - X, X)


def scale_scores(Xk: np.ndarray, layout: Layout, min_answered: float):
    """Mean of the answered keyed items per scale.

    Returns (raw, n_answered, n_missing, scorable), each persons x scales.  A
    raw score is NaN when the scale is not scorable (fewer than ``min_answered``
    of its items answered).
    """
    n = Xk.shape[0]
    S = layout.n_scales
    answered = ~np.isnan(Xk)
    filled = np.where(answered, Xk, 0.0)
    # membership matrix items x scales: sums per scale become one matrix product
    member = np.zeros((layout.k, S))
    member[np.arange(layout.k), layout.item_scale] = 1.0
    sums = filled @ member
    n_ans = answered.astype(float) @ member
    size = member.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = sums / n_ans
    # tolerance guards against 0.8 * 5 = 4.000000000000001 style rounding
    scorable = (n_ans >= min_answered * size - 1e-9) & (n_ans > 0)
    raw = np.where(scorable, raw, np.nan)
    n_answered = n_ans.astype(int).reshape(n, S)
    n_missing = (size.astype(int)[None, :] - n_answered)
    return raw, n_answered, n_missing, scorable
