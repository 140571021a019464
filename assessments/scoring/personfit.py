"""Person fit: a polytomous l_z against the norm group's own answer patterns.

No item response model is assumed.  For every item the norm sample gives the
distribution of its (keyed) answer categories among people whose score on the
item's scale falls in the same score band (bands are quantiles of the norm
scores).  A person's log-likelihood l0 = sum_j log P(x_j | band) over the answered
items is compared with its expectation and variance under those same
distributions (Drasgow, Levine and Williams' standardisation):

    l_z = (l0 - E[l0]) / sqrt(Var[l0]),
    E[l0]   = sum_j sum_c p_jc log p_jc,
    Var[l0] = sum_j [sum_c p_jc (log p_jc)^2 - (sum_c p_jc log p_jc)^2].

Attentive people are near 0; answers unrelated to the content (uniform random,
random around the midpoint) give strongly negative values.  Cells are shrunk
toward the item's overall distribution, so small norm groups give smooth tables.
"""

from __future__ import annotations

import numpy as np

SHRINK = 4.0           # pseudo-people pulling each band toward the item's marginal


def n_bands(n: int) -> int:
    return int(np.clip(n // 60, 2, 8))


def categories(layout) -> np.ndarray:
    """Number of answer categories per item (integer answers from min to max)."""
    return (np.round(layout.maximum - layout.minimum) + 1).astype(int)


def _category_index(Xk: np.ndarray, layout) -> np.ndarray:
    """Keyed answer as 0-based category, -1 where missing or not a whole step."""
    c = Xk - layout.minimum
    missing = np.isnan(c)
    r = np.rint(np.where(missing, -1.0, c))
    # np.isclose(c, r, atol=1e-9) with its default rtol, spelt out (r is finite here)
    whole = np.abs(c - r) <= 1e-9 + 1e-5 * np.abs(r)
    return np.where(whole & ~missing, r, -1.0).astype(int)


def _bands(raw: np.ndarray, edges: list) -> np.ndarray:
    out = np.full(raw.shape, -1, dtype=int)
    for s, e in enumerate(edges):
        if e is None:
            continue
        col = raw[:, s]
        ok = ~np.isnan(col)
        out[ok, s] = np.searchsorted(np.asarray(e, dtype=float), col[ok], side="right")
    return out


def build_fit(Xk: np.ndarray, raw: np.ndarray, layout) -> dict | None:
    """Band edges per scale and category tables per item, as plain lists (JSON-safe)."""
    m = categories(layout)
    if m.max() > 21:
        return None
    edges = []
    for s in range(layout.n_scales):
        col = raw[:, s]
        col = col[~np.isnan(col)]
        if col.size < 20:
            edges.append(None)
            continue
        B = n_bands(col.size)
        e = np.unique(np.quantile(col, np.linspace(0, 1, B + 1)[1:-1]))
        edges.append([float(v) for v in e])
    band = _bands(raw, edges)[:, layout.item_scale]        # n x k: band of the item's scale
    cat = _category_index(Xk, layout)
    # All items' (band, category) counts in one bincount: item j owns the cells
    # start[j] .. start[j] + B_j * m_j. Whole counts, so this is exactly cell-by-cell adding.
    n_band = np.array([0 if edges[s] is None else len(edges[s]) + 1
                       for s in layout.item_scale.tolist()])
    start = np.concatenate([[0], np.cumsum(n_band * m)])
    ok = (cat >= 0) & (band >= 0)
    cells = np.bincount((start[:-1] + band * m + cat)[ok], minlength=start[-1]).astype(float)
    tables = []
    for j in range(layout.k):
        if not n_band[j]:
            tables.append(None)
            continue
        counts = cells[start[j]:start[j + 1]].reshape(n_band[j], m[j])
        marg = (counts.sum(axis=0) + 0.5) / (counts.sum() + 0.5 * m[j])
        table = (counts + SHRINK * marg) / (counts.sum(axis=1, keepdims=True) + SHRINK)
        tables.append(table.round(6).tolist())
    return {"edges": edges, "tables": tables}


def _compiled(fit: dict, layout):
    """Flattened log tables, expectations and variances (cached on the fit dict)."""
    cache = fit.get("_compiled")
    if cache is not None and cache[0] == layout.k:
        return cache
    logs, exps, vars_, means, off_c, off_b, width = [], [], [], [], [], [], []
    pos_c = pos_b = 0
    for table in fit["tables"]:
        if table is None:
            T = np.full((1, 1), 1.0)
        else:
            T = np.clip(np.asarray(table, dtype=float), 1e-6, 1.0)
        logT = np.log(T)
        e = (T * logT).sum(axis=1)
        logs.append(logT.ravel())
        exps.append(e)
        vars_.append((T * logT * logT).sum(axis=1) - e * e)
        means.append((T * np.arange(T.shape[1])).sum(axis=1) / T.sum(axis=1))
        off_c.append(pos_c)
        off_b.append(pos_b)
        width.append(T.shape[1])
        pos_c += T.size
        pos_b += T.shape[0]
    present = np.array([t is not None for t in fit["tables"]])
    # a trailing 0 in each array is where unusable answers point
    cache = (layout.k, np.concatenate(logs + [[0.0]]).astype(np.float32),
             np.concatenate(exps + [[0.0]]).astype(np.float32),
             np.concatenate(vars_ + [[0.0]]).astype(np.float32), np.array(off_c), np.array(off_b),
             np.array(width), present, np.concatenate(means + [[0.0]]).astype(np.float32))
    fit["_compiled"] = cache
    return cache


def _lookup(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict):
    """Per answer: usable, index of its (item, band) row and of its table cell."""
    cache = _compiled(fit, layout)
    off_c, off_b, width, present = cache[4:8]
    band = _bands(raw, fit["edges"])[:, layout.item_scale]          # n x k
    c = Xk - layout.minimum
    cat = np.rint(c)
    ok = (cat == c) & (cat >= 0) & (cat < width) & (band >= 0) & present
    cat = np.where(ok, cat, 0).astype(np.intp)
    ic = np.where(ok, off_c + band * width + cat, cache[1].size - 1)
    ib = np.where(ok, off_b + band, cache[2].size - 1)
    return cache, ok, cat, ic, ib


# Rows read from the tables at once. Every statistic here is a function of one person's
# row, so reading the rows in blocks changes no value; it bounds the (rows x items) index
# arrays of a lookup, which for the norm build's 40,000 simulated people would otherwise
# hold several 15 MB arrays at once. The style profile reads its blocks of STYLE_CHUNK rows
# the same way, so its matrix products see the same blocks as before.
ROW_BLOCK = 4096


def table_lookup(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None):
    """One lookup of the tables for these rows, to share between the statistics that
    read them (``fit_and_segment``, ``random_likelihood``); None without fit tables."""
    return _lookup(Xk, raw, layout, fit) if fit else None


def _lookups(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict, lookup=None):
    """(start, stop, lookup of those rows) for blocks of ROW_BLOCK rows: sliced from
    ``lookup`` when the caller has one, else looked up block by block."""
    n = Xk.shape[0]
    for a in range(0, n, ROW_BLOCK):
        b = min(a + ROW_BLOCK, n)
        if lookup is None:
            yield a, b, _lookup(Xk[a:b], raw[a:b], layout, fit)
        else:
            yield a, b, (lookup[0], *(part[a:b] for part in lookup[1:]))


def _lz(cache, ok, ic, ib):
    logs, exps, vars_ = cache[1:4]
    l0 = logs[ic].sum(axis=1, dtype=float)
    mean = exps[ib].sum(axis=1, dtype=float)
    var = vars_[ib].sum(axis=1, dtype=float)
    used = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        lz = (l0 - mean) / np.sqrt(var)
    return np.where((used >= 5) & (var > 0), lz, np.nan)


def _pattern(cache, ok, cat, ib, layout):
    width, means = cache[6], cache[8]
    top = (width - 1).astype(np.float32)
    rev = layout.reverse
    e = means[ib]                                         # expected keyed category
    e = np.where(rev, top - e, e)                         # ... in the raw direction
    x = np.where(rev, top - cat, cat).astype(np.float32)  # raw category
    e = np.where(ok, e, np.float32(0.0))
    r = np.where(ok, x - e, np.float32(0.0))              # residual at slope 1
    m = ok.sum(axis=1).astype(float)
    se = e.sum(axis=1, dtype=float)
    sr = r.sum(axis=1, dtype=float)
    see = np.einsum("ij,ij->i", e, e, dtype=float)
    sre = np.einsum("ij,ij->i", r, e, dtype=float)
    srr = np.einsum("ij,ij->i", r, r, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        sxx = see - se * se / m                           # centred sums over answered items
        sde = sre - sr * se / m
        s2 = (srr - sr * sr / m) / (m - 1.0)
        u = sde / np.sqrt(sxx * s2)
    return np.where((m >= 5) & (sxx > 1e-6) & (s2 > 1e-9), u, np.nan)


def person_fit(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None) -> np.ndarray:
    """l_z per person (NaN without a fit table or with fewer than 5 usable answers)."""
    if not fit:
        return np.full(Xk.shape[0], np.nan)
    out = np.full(Xk.shape[0], np.nan)
    for a, b, (cache, ok, _, ic, ib) in _lookups(Xk, raw, layout, fit):
        out[a:b] = _lz(cache, ok, ic, ib)
    return out


def pattern_fit(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None) -> np.ndarray:
    """Do the answers follow the items' pull?  A t-like index, near 0 for attentive people.

    For every answered item, the expected keyed category among norm people in the same
    score band of the item's scale (the person-fit tables), turned back into the raw
    direction for a reverse-keyed item, is the answer an attentive person at this level
    would give: it differs from item to item because items differ in how easily they
    are agreed with and in their keying.  Over the person's m answered items, with x
    the raw answers and e these expectations (both centred on the person's own mean),
    the least-squares slope b = sxy / sxx of x on e is near 1 for attentive people and
    near 0 for answers that carry no content (random answers, uniform or around the
    midpoint, follow no item's pull).  The index is the slope's deviation from 1 in
    units of its own standard error under "attentive":

        u = (b - 1) * sqrt(sxx) / s,   s^2 = sum (x - e)^2 / (m - 1),

    so a person whose expected answers hardly vary (little information: sxx small) is
    not pushed to the tail by a noisy slope.  NaN without a fit table, with fewer than
    5 usable answers or expectations that do not vary.
    """
    if not fit:
        return np.full(Xk.shape[0], np.nan)
    out = np.full(Xk.shape[0], np.nan)
    for a, b, (cache, ok, cat, _, ib) in _lookups(Xk, raw, layout, fit):
        out[a:b] = _pattern(cache, ok, cat, ib, layout)
    return out


def fit_indices(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None):
    """(person_fit, pattern_fit) from one lookup of the tables."""
    lz, pf = np.full(Xk.shape[0], np.nan), np.full(Xk.shape[0], np.nan)
    if not fit:
        return lz, pf
    for a, b, (cache, ok, cat, ic, ib) in _lookups(Xk, raw, layout, fit):
        lz[a:b] = _lz(cache, ok, ic, ib)
        pf[a:b] = _pattern(cache, ok, cat, ib, layout)
    return lz, pf


SEGMENT_START = 2.0 / 3.0   # the last third of the form, in administration order
MIN_SEGMENT = 5             # answered items each segment needs


def late_items(position: np.ndarray) -> np.ndarray:
    """(n, k) bool: the item was seen in the last third of the person's form."""
    k = position.shape[1]
    return position >= int(SEGMENT_START * k)


def segment_fit(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None,
                late: np.ndarray) -> np.ndarray:
    """Does the last third of the form fit worse than the first two thirds?

    Per answered item, r_j = log p_j(x_j | band) - E log p_j (the l_z residual under the
    person-fit tables, at the band of the person's own scale score, so both segments are
    judged at the same trait) with variance v_j.  With R_L, V_L the sums over the items
    seen in the last third (``late``) and R_F, V_F over the first two thirds, and
    c = V_L / V_F,

        D = (R_L - c R_F) / sqrt(V_L + c^2 V_F),

    the standardised difference between the last third's fit and what the first two
    thirds' fit predicts for it, divided by sqrt(max(1, phi)), phi = sum_F r^2 / V_F the
    person's over-dispersion in the first two thirds.  Near 0 for attentive people,
    whatever their overall fit (a person who misfits evenly, as a response style does,
    is not pushed into the tail); strongly negative when the start fits and the end
    does not.  NaN without fit tables or with fewer than ``MIN_SEGMENT`` usable answers
    in either segment.
    """
    n = Xk.shape[0]
    out = np.full(n, np.nan)
    if not fit:
        return out
    for a, b, (cache, ok, _, ic, ib) in _lookups(Xk, raw, layout, fit):
        out[a:b] = _segment(cache, ok, ic, ib, late[a:b])
    return out


def fit_and_segment(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None,
                    late: np.ndarray, lookup=None):
    """(person_fit, pattern_fit, segment_fit) from one lookup of the tables (``lookup``,
    ``table_lookup``'s, when the caller shares it with ``random_likelihood``)."""
    if not fit:
        nan = np.full(Xk.shape[0], np.nan)
        return nan, nan.copy(), nan.copy()
    cache, ok, cat, ic, ib = lookup or _lookup(Xk, raw, layout, fit)
    return (_lz(cache, ok, ic, ib), _pattern(cache, ok, cat, ib, layout),
            _segment(cache, ok, ic, ib, late))


def _segment(cache, ok, ic, ib, late):
    logs, exps, vars_ = cache[1:4]
    # unusable answers point at the trailing zeros, so their r and v are 0 already
    r = logs[ic] - exps[ib]
    v = vars_[ib]
    L = (late & ok).astype(np.float32)
    F = (~late & ok).astype(np.float32)
    RL = np.einsum("ij,ij->i", r, L, dtype=float)
    VL = np.einsum("ij,ij->i", v, L, dtype=float)
    RF = r.sum(axis=1, dtype=float) - RL
    VF = v.sum(axis=1, dtype=float) - VL
    QF = np.einsum("ij,ij,ij->i", r, r, F, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = VL / VF
        d = (RL - c * RF) / np.sqrt(VL + c * c * VF)
        # over-dispersion read from the first two thirds only (a response style misfits
        # evenly; a careless end leaves the start alone)
        d = d / np.sqrt(np.maximum(QF / VF, 1.0))
    use = (L.sum(axis=1) >= MIN_SEGMENT) & (F.sum(axis=1) >= MIN_SEGMENT) & (VL > 0) & (VF > 0)
    return np.where(use, d, np.nan)


def draw_attentive(fit: dict, layout, raw: np.ndarray, answered: np.ndarray,
                   rng) -> np.ndarray:
    """Simulated attentive answers from the norm group's fitted conditional model.

    One row per row of ``raw`` (scale scores of norm people): each item's keyed answer
    is drawn from the person-fit table's category distribution at that person's score
    band of the item's scale, independently item by item (local independence given the
    band), turned back into the raw direction for a reverse-keyed item; items the person
    left unanswered (``answered`` False) stay unanswered, so the simulated people have
    this bank's layout, length, answer ranges and missingness.  NaN where the item has
    no table or the person's scale has no score.
    """
    n = raw.shape[0]
    band = _bands(raw, fit["edges"])[:, layout.item_scale]       # n x k
    X = np.full((n, layout.k), np.nan)
    u = rng.random((n, layout.k))
    for j, table in enumerate(fit["tables"]):
        if table is None:
            continue
        cum = np.cumsum(np.asarray(table, dtype=float), axis=1)
        cum /= cum[:, -1:]
        b = band[:, j]
        have = (b >= 0) & answered[:, j]
        rows = cum[np.where(have, b, 0)]
        cat = (u[:, j, None] > rows[:, :-1]).sum(axis=1).astype(float)
        value = np.where(layout.reverse[j], layout.maximum[j] - cat, layout.minimum[j] + cat)
        X[:, j] = np.where(have, value, np.nan)
    return X


# Response style: one tilt per person toward (s > 0) or away from (s < 0) the middle.
# s values at which the likelihood is read; |s| <= 4: at 4 an end answer keeps e^-4
# (2 %) of its weight
STYLE_GRID = np.linspace(-4.0, 4.0, 41)
DRAW_GRID = np.linspace(-4.0, 4.0, 161)
STYLE_CHUNK = ROW_BLOCK



def _style_arrays(fit: dict, layout):
    """Padded band rows P (rows x M, zero beyond an item's width) and the tilt g(c) per
    row, both with the trailing row unusable answers point at (cached on the fit)."""
    cache = fit.get("_style")
    if cache is not None and cache[0] == layout.k:
        return cache[1], cache[2]
    rows, widths = [], []
    for table in fit["tables"]:
        T = np.full((1, 1), 1.0) if table is None else np.asarray(table, dtype=float)
        rows.append(T / T.sum(axis=1, keepdims=True))
        widths.extend([T.shape[1]] * T.shape[0])
    M = max(w for w in widths)
    P = np.zeros((len(widths) + 1, M))
    G = np.zeros((len(widths) + 1, M))
    pos = 0
    for T in rows:
        m = T.shape[1]
        half = max((m - 1) / 2.0, 0.5)
        g = -((np.arange(m) - (m - 1) / 2.0) / half) ** 2
        P[pos:pos + T.shape[0], :m] = T
        G[pos:pos + T.shape[0], :m] = g
        pos += T.shape[0]
    P[-1, 0] = 1.0
    fit["_style"] = (layout.k, P, G)
    return P, G


def estimate_style(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None,
                   shrink: bool | str = True) -> np.ndarray:
    """Each person's response style s: a tilt of the norm tables toward or away from the
    middle answer, estimated from the person's own answers.

    Why: people differ in how they use the scale, not only in the trait.  A person with
    a midpoint style gives the middle answer on most items whatever the trait, one with
    an extreme style the ends; the person-fit tables mix everybody, so a null simulated
    from them has no styles, and a screen cut on such a null (longstring's tail share,
    misfit) flags attentive people for their style.  With p_jc(band) the table row of
    item j at the person's band and g(c) = -((c - mid) / half_range)^2 (0 at the middle,
    -1 at the ends), the person's answers are modelled as

        p_jc(s) = p_jc(band) exp(s g(c)) / sum_c' p_jc'(band) exp(s g(c')),

    s > 0 a midpoint style, s < 0 an extreme style, s = 0 the tables as they are.  s is
    the maximum of the person's log-likelihood over their answered items, found for
    everybody at once on a grid of s (``_style_profile``; the information there is
    sum_j Var_s g), within +-4 (``STYLE_GRID``)
    (a straight line on the middle has no finite maximum).  With ``shrink`` the
    estimate is pulled toward 0 by an empirical-Bayes factor tau^2 / (tau^2 + 1/I):
    tau^2 the spread of true styles in this sample (variance of the estimates less
    their mean sampling variance 1/I, I the information at the estimate), so people
    without a style, whose estimates are only noise, land near 0, and a sample without
    styles shrinks every estimate to about 0.  Those shrunk values are the best guess
    of each person's style but are less spread than the styles themselves (by the factor
    tau^2 / (tau^2 + 1/I) in variance); a null that must reproduce how far the styles
    spread asks for ``shrink="spread"``, the square root of that factor, whose values
    have the variance tau^2 of the true styles.  NaN with fewer than 5 usable answers.
    """
    n = Xk.shape[0]
    if not fit:
        return np.full(n, np.nan)
    s, info, _, used, _ = _style_profile(Xk, raw, layout, fit, with_info=True)
    good = (used >= 5) & (info > 1e-9)
    s = np.where(good, s, np.nan)
    if shrink and good.sum() >= 20:
        se2 = 1.0 / np.maximum(info[good], 1e-9)
        tau2 = max(float(np.var(s[good])) - float(np.mean(se2)), 0.0)
        factor = np.zeros(n)
        factor[good] = tau2 / (tau2 + se2)
        if shrink == "spread":
            factor = np.sqrt(factor)
        s = s * factor
    return s


def _style_grid(fit: dict, layout):
    """Per table row and grid value of s: log of the tilt's normaliser and Var_s g."""
    cache = fit.get("_style_grid")
    if cache is not None and cache[0] == layout.k:
        return cache[1], cache[2]
    P, G = _style_arrays(fit, layout)
    W = P[:, None, :] * np.exp(STYLE_GRID[None, :, None] * G[:, None, :])   # R x S x M
    Z = W.sum(axis=2)
    eg = (W * G[:, None, :]).sum(axis=2) / Z
    var = (W * G[:, None, :] ** 2).sum(axis=2) / Z - eg * eg
    fit["_style_grid"] = (layout.k, np.log(Z), np.maximum(var, 0.0))
    return fit["_style_grid"][1], fit["_style_grid"][2]


def _style_profile(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict,
                   with_info: bool = False, lookup=None):
    """Per person: the style s maximising the tilted log-likelihood, the information
    at it (with ``with_info``, else None: only the style estimate reads it), the maximised
    log-likelihood, the usable answers and sum_j log m_j over them.

    log L(s) = sum_j [log p_j(x_j) + s g(x_j) - log Z_j(s)], Z_j(s) = sum_c p_jc e^(s g_c),
    is concave in s (an exponential family); it is evaluated on the grid ``STYLE_GRID``
    (log Z per table row tabulated once per fit, summed per person as a product of the
    person's row counts with the table) and its maximum refined by a parabola through
    the best grid value and its neighbours.  Values beyond the grid are clipped to it.
    Read in blocks of STYLE_CHUNK people (``lookup``: the tables' lookup of every row,
    when the caller has it).
    """
    P, G = _style_arrays(fit, layout)
    logZ, var = _style_grid(fit, layout)
    n, R = Xk.shape[0], logZ.shape[0]
    S, h = STYLE_GRID.size, STYLE_GRID[1] - STYLE_GRID[0]
    s = np.zeros(n)
    top = np.zeros(n)
    info = np.zeros(n) if with_info else None
    lp = np.zeros(n)
    used = np.zeros(n, dtype=int)
    log_m = np.zeros(n)
    for a, b, (cache, ok, cat, _, ib) in _lookups(Xk, raw, layout, fit, lookup):
        m = b - a
        rows = np.where(ok, ib, R - 1)           # the trailing row: log Z = 0, Var = 0
        gx = np.where(ok, G[rows, cat], 0.0).sum(axis=1)
        lp[a:b] = np.where(ok, np.log(np.maximum(P[rows, cat], 1e-12)), 0.0).sum(axis=1)
        used[a:b] = ok.sum(axis=1)
        # Each person's count of answers per table row: every usable answer has a row of
        # its own (the items' rows do not overlap), the unusable ones all point at the
        # trailing row. Written straight into the float matrix (a bincount would build
        # it in integers first and copy it).
        counts = np.zeros((m, R))
        r = np.arange(m)
        counts[r[:, None], rows] = 1.0
        counts[:, R - 1] = (~ok).sum(axis=1)
        L = STYLE_GRID[None, :] * gx[:, None] - counts @ logZ            # m x S
        i = np.argmax(L, axis=1)
        inner = (i > 0) & (i < S - 1)
        j = np.clip(i, 1, S - 2)
        lo, mid, hi = L[r, j - 1], L[r, j], L[r, j + 1]
        denom = lo - 2.0 * mid + hi
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(inner & (denom < -1e-12), 0.5 * (lo - hi) / denom, 0.0)
        d = np.clip(d, -0.5, 0.5)
        s[a:b] = STYLE_GRID[i] + d * h
        top[a:b] = L[r, i] - np.where(inner, 0.25 * (lo - hi) * d, 0.0)
        if with_info:
            info[a:b] = (counts * var[:, i].T).sum(axis=1)
        log_m[a:b] = np.where(ok, np.log(cache[6]), 0.0).sum(axis=1)  # uniform: -sum log m_j
    return s, info, lp + top, used, log_m


def draw_styled(fit: dict, layout, raw: np.ndarray, answered: np.ndarray, style: np.ndarray,
                rng) -> np.ndarray:
    """As ``draw_attentive``, each simulated person also keeping a response style: the
    keyed answer is drawn from the band's table row tilted by the person's ``style`` s
    (``estimate_style``; NaN counts as 0), so the draws have the styles of the people
    they copy."""
    n = raw.shape[0]
    P, G = _style_arrays(fit, layout)
    cache = _compiled(fit, layout)
    off_b, width, present = cache[5], cache[6], cache[7]
    bands = _bands(raw, fit["edges"])                            # n x scales
    # each style rounded to the nearest of DRAW_GRID (steps of .05), whose tilted
    # cumulative tables are tabulated once per fit
    cum_t = fit.get("_draw_cum")
    if cum_t is None or cum_t[0] != layout.k:
        W = P[:, None, :] * np.exp(DRAW_GRID[None, :, None] * G[:, None, :])   # R x S x M
        cum_t = (layout.k, np.cumsum(W / W.sum(axis=2, keepdims=True), axis=2)[:, :, :-1])
        fit["_draw_cum"] = cum_t
    cum_t = cum_t[1]
    s = np.clip(np.nan_to_num(np.asarray(style, dtype=float), nan=0.0), DRAW_GRID[0],
                DRAW_GRID[-1])
    si = np.rint((s - DRAW_GRID[0]) / (DRAW_GRID[1] - DRAW_GRID[0])).astype(np.intp)
    # Drawn and turned into answers STYLE_CHUNK people at a time, so no (n x k) array but
    # the answers is ever held (the null draws 40,000 people). The uniforms come from the
    # generator block after block, row by row: the same numbers, in the same order, as
    # one draw of all n x k.
    out = np.empty((n, layout.k))
    for a in range(0, n, STYLE_CHUNK):
        b = min(a + STYLE_CHUNK, n)
        band = bands[a:b][:, layout.item_scale]                  # m x k
        have = (band >= 0) & answered[a:b] & present
        rows = np.where(have, off_b + band, P.shape[0] - 1)
        u = rng.random((b - a, layout.k))
        cum = cum_t[rows, si[a:b, None]]                          # m x k x (M - 1)
        # answers beyond the row's width have weight 0, so u never selects them
        cat = np.minimum((u[:, :, None] > cum).sum(axis=2), width - 1)
        value = np.where(layout.reverse, layout.maximum - cat, layout.minimum + cat)
        out[a:b] = np.where(have, value, np.nan)
    return out


def random_likelihood(Xk: np.ndarray, raw: np.ndarray, layout, fit: dict | None,
                      lookup=None) -> np.ndarray:
    """Do the answers look more like an attentive person, of any style, than like uniform
    random answers?  Per answered item, the average log-likelihood ratio

        (1/m) sum_j [log p_j(x_j | band, s) + log m_j],

    p_j(. | band, s) the band table tilted by the person's own unshrunk style estimate s
    (``estimate_style``: the likelihood is maximised over s, so a strong midpoint or
    extreme style is not held against the person), m_j the item's number of answer
    categories (uniform random answers have log-likelihood -log m_j).  Attentive people,
    whatever their style, score well above 0: their answers follow the items and their
    level; uniform random answers score near or below 0 (they follow neither, and the
    best tilt cannot make them).  NaN without a fit table or with fewer than 5 usable answers.
    ``lookup``: ``table_lookup``'s for these rows, when the caller has it.
    """
    n = Xk.shape[0]
    if not fit:
        return np.full(n, np.nan)
    _, _, loglik, used, log_m = _style_profile(Xk, raw, layout, fit, lookup=lookup)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (loglik + log_m) / used
    return np.where(used >= 5, out, np.nan)
