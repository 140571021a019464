"""Reliability estimates on matrices with missing values.

Conventions follow R psych::alpha and pingouin.cronbach_alpha: covariances
and correlations are computed on pairwise-complete cases, each pair with its
own means (as pandas.DataFrame.cov/corr and R's cov(use="pairwise") do).
"""

from __future__ import annotations

import warnings

import numpy as np

from .layout import Layout


def _moments(X: np.ndarray):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("expected a persons x items matrix")
    M = (~np.isnan(X)).astype(float)
    # centring on column means first keeps the sums of products well conditioned
    centre = np.nanmean(np.where(M.any(axis=0), X, 0.0), axis=0)
    Z = np.where(M > 0, X - centre, 0.0)
    N = M.T @ M                 # pairwise counts
    S = Z.T @ M                 # S[i, j]: sum of item i over rows where j is answered too
    P = Z.T @ Z                 # cross products over rows where both are answered
    Q = (Z * Z).T @ M           # sums of squares of i over rows where j is answered
    return N, S, P, Q


class _Pairwise:
    """The pairwise covariance and correlation matrices of one persons x items matrix,
    from one pass over it. The norm build asks for both of the same items up to five
    times (alpha, standardised alpha, omega, trait omega); the pass over the persons is
    the cost, the matrices are items x items."""

    def __init__(self, X: np.ndarray):
        self.N, self.S, self.P, self.Q = _moments(X)
        self._cov = self._corr = None

    @property
    def cov(self) -> np.ndarray:
        if self._cov is None:
            N, S, P = self.N, self.S, self.P
            with np.errstate(invalid="ignore", divide="ignore"):
                self._cov = (P - S * S.T / N) / (N - 1.0)
        return self._cov

    @property
    def corr(self) -> np.ndarray:
        if self._corr is None:
            N, S, P, Q = self.N, self.S, self.P, self.Q
            with np.errstate(invalid="ignore", divide="ignore"):
                cross = P - S * S.T / N
                ssi = Q - S * S / N       # item i's sum of squares on the rows shared with j
                R = cross / np.sqrt(ssi * ssi.T)
            np.fill_diagonal(R, 1.0)
            self._corr = R
        return self._corr


def pairwise_cov(X: np.ndarray) -> np.ndarray:
    """Covariance matrix on pairwise-complete cases (ddof = 1)."""
    return _Pairwise(X).cov


def pairwise_corr(X: np.ndarray) -> np.ndarray:
    """Pearson correlations on pairwise-complete cases (means and SDs per pair)."""
    return _Pairwise(X).corr


def _listwise(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return X[~np.isnan(X).any(axis=1)]


def alpha_from_cov(C: np.ndarray) -> float:
    k = C.shape[0]
    if k < 2:
        return float("nan")
    return float(k / (k - 1.0) * (1.0 - np.trace(C) / C.sum()))


def cronbach_alpha(X, pairwise: bool = True) -> float:
    """Cronbach's alpha, k/(k-1) * (1 - sum of item variances / variance of the sum).

    pairwise=True builds the covariance matrix from pairwise-complete cases
    (psych and pingouin default); pairwise=False keeps complete rows only.
    """
    X = np.asarray(X, dtype=float)
    if not pairwise:
        X = _listwise(X)
    return alpha_from_cov(pairwise_cov(X))


def standardized_alpha(X) -> float:
    """Alpha of standardised items, k * rbar / (1 + (k - 1) * rbar), pairwise correlations."""
    return _standardized_alpha(pairwise_corr(X))


def _standardized_alpha(R: np.ndarray) -> float:
    k = R.shape[0]
    if k < 2:
        return float("nan")
    return float(k / (k - 1.0) * (1.0 - k / R.sum()))


def one_factor(R: np.ndarray, max_iter: int = 1000, tol: float = 1e-10) -> np.ndarray:
    """Loadings of one common factor by iterated principal axes (least squares).

    Communalities start at the squared multiple correlations and are iterated
    until they stop changing; at convergence this is the unweighted least
    squares (minres) solution.  Communalities are kept below 0.995 so that a
    Heywood case cannot produce negative uniquenesses.
    """
    k = R.shape[0]
    try:
        h2 = 1.0 - 1.0 / np.diag(np.linalg.inv(R))
    except np.linalg.LinAlgError:
        h2 = np.full(k, 0.5)
    h2 = np.clip(h2, 0.005, 0.995)
    lam = np.sqrt(h2)
    for _ in range(max_iter):
        Rr = R.copy()
        np.fill_diagonal(Rr, h2)
        vals, vecs = np.linalg.eigh(Rr)
        lam = vecs[:, -1] * np.sqrt(max(vals[-1], 0.0))
        new = np.clip(lam * lam, 0.0, 0.995)
        if np.max(np.abs(new - h2)) < tol:
            h2 = new
            break
        h2 = new
    if lam.sum() < 0:
        lam = -lam
    return lam


def usable_columns(X: np.ndarray) -> np.ndarray:
    """Drop items that carry no variance: unanswered, answered once, or constant.

    A constant item adds a constant to the sum; it changes neither the sum's variance
    nor its covariance with anything, so the reliability of the sum is that of the rest.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] == 0:
        return X
    return X[:, _usable_mask(X)]


def _usable_mask(X: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        var = np.nanvar(X, axis=0)
    count = (~np.isnan(X)).sum(axis=0)
    return (count >= 2) & (var > 1e-12)


def trait_omega(X, sign, pairs=()) -> float:
    """Omega of the general trait only, with method and twin variance counted as error.

    X: persons x items (keyed); sign: +1 forward, -1 reverse-keyed; pairs: (a, b)
    column indices of twin pairs.  When forward and reverse items agree less among
    themselves than items of one keying do, the difference is a method (acquiescence)
    factor: half of it, m^2 = (mean r within keying - mean r across keying) / 2, is
    taken out of each correlation as m^2 * sign_i * sign_j before one common factor is
    fitted.  Twin cells are replaced by the product of the two loadings (one refit), so
    the twins' shared wording cannot pull the factor.  The reliability is then

        (sum lambda_i sd_i)^2 / var(sum)      (observed variance of the sum),

    so anything not carried by the trait factor - method, twin specifics, undeclared
    clusters - is error.  NaN where it cannot be computed.
    """
    X = np.asarray(X, dtype=float)
    keep_mask = _usable_mask(X)
    if keep_mask.sum() < 3:
        return float("nan")
    return _trait_omega(_Pairwise(X[:, keep_mask]), keep_mask, sign, pairs)


def _trait_omega(pw: _Pairwise, keep_mask, sign, pairs) -> float:
    """trait_omega from the pairwise statistics of the kept (usable) columns."""
    sign = np.asarray(sign, dtype=float)
    if keep_mask.sum() < 3:
        return float("nan")
    pos = -np.ones(keep_mask.size, dtype=int)
    pos[keep_mask] = np.arange(keep_mask.sum())
    sign = sign[keep_mask]
    k = int(keep_mask.sum())
    R = pw.corr
    C = pw.cov
    if not (np.all(np.isfinite(R)) and np.all(np.isfinite(C))):
        return float("nan")
    twin = np.zeros((k, k), dtype=bool)
    for a, b in pairs:
        a, b = pos[int(a)], pos[int(b)]
        if a >= 0 and b >= 0:
            twin[a, b] = twin[b, a] = True
    off = ~np.eye(k, dtype=bool) & ~twin
    same = np.equal.outer(sign, sign)
    Radj = R.copy()
    if (off & same).any() and (off & ~same).any():
        m2 = (R[off & same].mean() - R[off & ~same].mean()) / 2.0
        if m2 > 0:
            Radj = R - m2 * np.outer(sign, sign)
            np.fill_diagonal(Radj, 1.0)
    try:
        lam = one_factor(Radj)
        if twin.any():
            Radj = np.where(twin, np.outer(lam, lam), Radj)
            lam = one_factor(Radj)
    except np.linalg.LinAlgError:
        return float("nan")
    sd = np.sqrt(np.diag(C))
    total = C.sum()
    if not total > 0:
        return float("nan")
    return float(min((lam * sd).sum() ** 2 / total, 0.999))


def omega_total(X, standardized: bool = False) -> float:
    """McDonald's omega total from a one-factor model of the pairwise correlations.

    omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi).  With
    standardized=False the loadings and uniquenesses are rescaled by the item
    SDs, so omega describes the unit-weighted raw sum that is actually scored;
    standardized=True describes the sum of z-scored items.
    """
    X = usable_columns(np.asarray(X, dtype=float))
    if X.shape[1] < 2:
        return float("nan")
    return _omega_total(_Pairwise(X), standardized)


def _omega_total(pw: _Pairwise, standardized: bool = False) -> float:
    """omega_total from the pairwise statistics of usable columns (two or more)."""
    R = pw.corr
    if not np.all(np.isfinite(R)):
        return float("nan")
    try:
        lam = one_factor(R)
    except np.linalg.LinAlgError:
        return float("nan")
    psi = 1.0 - lam * lam
    if not standardized:
        sd = np.sqrt(np.diag(pw.cov))
        lam = lam * sd
        psi = psi * sd * sd
    common = lam.sum() ** 2
    return float(common / (common + psi.sum()))


def scale_reliability(X, sign, pairs=()) -> dict:
    """alpha, standardized alpha, omega total and trait omega of one scale's items
    (persons x items, keyed), as ``cronbach_alpha(usable_columns(X))``,
    ``standardized_alpha(usable_columns(X))``, ``omega_total(X)`` and
    ``trait_omega(X, sign, pairs)`` give them, from one pass over the persons."""
    X = np.asarray(X, dtype=float)
    keep = _usable_mask(X)
    nan = float("nan")
    out = {"alpha": nan, "alpha_std": nan, "omega_total": nan, "trait_omega": nan}
    if keep.sum() < 2:
        # trait omega needs three columns; with fewer than two nothing can be computed
        return out
    pw = _Pairwise(X[:, keep])
    out["alpha"] = alpha_from_cov(pw.cov)
    out["alpha_std"] = _standardized_alpha(pw.corr)
    out["omega_total"] = _omega_total(pw)
    out["trait_omega"] = _trait_omega(pw, keep, sign, pairs)
    return out


def parcel_reliability(P) -> tuple[float, float, int]:
    """(alpha, omega total, columns) of the usable columns of a parcel matrix, as
    ``cronbach_alpha`` and ``omega_total`` give them, from one pass over the persons."""
    P = usable_columns(np.asarray(P, dtype=float))
    if P.shape[1] < 2:
        return float("nan"), float("nan"), int(P.shape[1])
    pw = _Pairwise(P)
    return alpha_from_cov(pw.cov), _omega_total(pw), int(P.shape[1])


def item_analysis(X) -> dict:
    """Corrected item-total correlation and alpha if deleted, from pairwise covariances.

    r_drop[i] = cov(item i, sum of the others) / sqrt(var(i) * var(sum of the others)),
    all terms taken from the pairwise covariance matrix (as psych's r.drop is).
    """
    C = pairwise_cov(X)
    k = C.shape[0]
    r_drop = np.full(k, np.nan)
    a_drop = np.full(k, np.nan)
    for i in range(k):
        rest = np.delete(np.arange(k), i)
        Crest = C[np.ix_(rest, rest)]
        r_drop[i] = C[i, rest].sum() / np.sqrt(C[i, i] * Crest.sum())
        a_drop[i] = alpha_from_cov(Crest)
    return {"r_drop": r_drop, "alpha_if_deleted": a_drop}


def parcels(Xk: np.ndarray, layout: Layout, s: int) -> np.ndarray:
    """Testlet matrix of scale s: each twin pair summed into one parcel.

    The two members of a within-scale twin pair become one column holding
    their sum (twice the answered one when only one is answered); unpaired
    items stay as they are.  The parcel columns add up to the item sum, so
    reliability computed on them refers to the same score, but the variance
    that twins share beyond the trait counts as error rather than as truth.
    """
    items = layout.scale_items(s)
    in_scale = set(items.tolist())
    used: set[int] = set()
    cols = []
    for a, b in layout.pairs:
        a, b = int(a), int(b)
        if a in in_scale and b in in_scale and a not in used and b not in used:
            pair = Xk[:, [a, b]]
            cnt = (~np.isnan(pair)).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                cols.append(np.where(cnt > 0, np.nansum(pair, axis=1) * 2.0 / cnt, np.nan))
            used.update((a, b))
    for i in items:
        if int(i) not in used:
            cols.append(Xk[:, int(i)])
    return np.column_stack(cols) if cols else np.empty((Xk.shape[0], 0))


def reliability_report(X_keyed, layout: Layout) -> dict:
    """Per scale: alpha (pairwise and listwise), standardized alpha, omega total,
    the same on twin-pair parcels, n, and item statistics keyed by item code."""
    X_keyed = np.asarray(X_keyed, dtype=float)
    out = {}
    for s, code in enumerate(layout.scale_codes):
        idx = layout.scale_items(s)
        Xs = X_keyed[:, idx]
        has_any = ~np.all(np.isnan(Xs), axis=1)
        Xs = Xs[has_any]
        P = parcels(X_keyed[has_any], layout, s)
        nan_items = np.full(len(idx), np.nan)
        ia = (item_analysis(Xs) if len(idx) >= 2
              else {"r_drop": nan_items, "alpha_if_deleted": nan_items})
        out[code] = {
            "n": int(Xs.shape[0]),
            "k": len(idx),
            "alpha": cronbach_alpha(Xs),
            "alpha_listwise": cronbach_alpha(Xs, pairwise=False),
            "alpha_std": standardized_alpha(Xs),
            "omega_total": omega_total(Xs),
            "parcel_alpha": cronbach_alpha(P),
            "parcel_omega": omega_total(P),
            "n_parcels": int(P.shape[1]),
            "items": {
                layout.item_codes[int(i)]: {
                    "r_drop": float(r), "alpha_if_deleted": float(a)}
                for i, r, a in zip(idx, ia["r_drop"], ia["alpha_if_deleted"], strict=True)
            },
        }
    return out
