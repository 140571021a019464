"""The two order screens' statistics against an independent oracle: plain Python loops
over one person at a time, written from the definitions in docs/scoring.md section 8
(not from the engine's array code).

* step_share: in the person's administration order, the share of positions t whose
  step x_t - x_(t-1) equals the step before it and is not 0, among positions where the
  three answers are all given; NaN below 5 such positions.
* segment_fit: the l_z residual log p_j(x_j | band) - sum_c p log p of every answered
  item, with variance sum_c p (log p)^2 - (sum_c p log p)^2, summed over the items seen
  in the last third (L) and the first two thirds (F); D = (R_L - c R_F) /
  sqrt(V_L + c^2 V_F), c = V_L / V_F, divided by sqrt(max(1, sum_F r^2 / V_F)).
"""

import bisect
import math

import numpy as np

from assessments.scoring import Spec, build_norms, demo_layout, key, scale_scores, simulate
from assessments.scoring.personfit import late_items, segment_fit
from assessments.scoring.validity import administration_order, positions, step_share


def _step_share_loop(row, order):
    seq = [row[j] for j in order]
    same = usable = 0
    for t in range(2, len(seq)):
        a, b, c = seq[t - 2], seq[t - 1], seq[t]
        if any(math.isnan(v) for v in (a, b, c)):
            continue
        usable += 1
        if c - b == b - a and c - b != 0:
            same += 1
    return same / usable if usable >= 5 else math.nan


def _segment_loop(keyed_row, raw_row, order, layout, fit):
    k = layout.k
    start = int(2 / 3 * k)
    late = {j: t >= start for t, j in enumerate(order)}
    sums = {"RL": 0.0, "VL": 0.0, "RF": 0.0, "VF": 0.0, "QF": 0.0, "nL": 0, "nF": 0}
    for j in range(k):
        x = keyed_row[j]
        s = int(layout.item_scale[j])
        edges, table = fit["edges"][s], fit["tables"][j]
        if math.isnan(x) or edges is None or table is None or math.isnan(raw_row[s]):
            continue
        band = bisect.bisect_right(edges, raw_row[s])
        p = [min(max(v, 1e-6), 1.0) for v in table[band]]
        cat = int(round(x - layout.minimum[j]))
        e = sum(q * math.log(q) for q in p)
        v = sum(q * math.log(q) ** 2 for q in p) - e * e
        r = math.log(p[cat]) - e
        if late[j]:
            sums["RL"] += r
            sums["VL"] += v
            sums["nL"] += 1
        else:
            sums["RF"] += r
            sums["VF"] += v
            sums["QF"] += r * r
            sums["nF"] += 1
    if sums["nL"] < 5 or sums["nF"] < 5 or sums["VL"] <= 0 or sums["VF"] <= 0:
        return math.nan
    c = sums["VL"] / sums["VF"]
    d = (sums["RL"] - c * sums["RF"]) / math.sqrt(sums["VL"] + c * c * sums["VF"])
    return d / math.sqrt(max(1.0, sums["QF"] / sums["VF"]))


def _people(n=300, seed=5):
    layout = demo_layout()
    rng = np.random.default_rng(seed)
    sim = simulate(layout, n, rng, timings=False)
    X = sim.X.copy()
    # some zigzags, some gaps, and everyone in a shuffled order of their own
    X[:20] = 1 + (np.arange(layout.k)[None, :] + rng.integers(0, 8, 20)[:, None]) % 5
    X[rng.random(X.shape) < 0.03] = np.nan
    order = np.array([rng.permutation(layout.k) for _ in range(n)])
    order[:10] = np.arange(layout.k)
    return layout, X, order, rng


def test_step_share_matches_the_loop():
    layout, X, order, _ = _people()
    got = step_share(X, administration_order(order, *X.shape))
    want = np.array([_step_share_loop(X[i], order[i]) for i in range(X.shape[0])])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, equal_nan=True)
    # layout order when no order is given
    got = step_share(X)
    want = np.array([_step_share_loop(X[i], range(layout.k)) for i in range(X.shape[0])])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, equal_nan=True)


def test_an_exact_zigzag_continues_its_step_everywhere_but_at_the_turns():
    row = np.array([[1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1]], dtype=float)
    # 15 positions with three answers; the step turns at 5, 1 and 5
    assert step_share(row)[0] == _step_share_loop(row[0], range(row.shape[1])) == 12 / 15


def test_segment_fit_matches_the_loop():
    layout, X, order, _ = _people()
    spec = Spec()
    norms = build_norms(simulate(layout, 2000, np.random.default_rng(9), timings=False).X,
                        layout, spec)
    Xk = key(X, layout)
    raw, *_ = scale_scores(Xk, layout, spec.min_answered)
    seen = administration_order(order, *X.shape)
    got = segment_fit(Xk, raw, layout, norms.fit, late_items(positions(seen)))
    want = np.array([_segment_loop(Xk[i], raw[i], order[i], layout, norms.fit)
                     for i in range(X.shape[0])])
    assert np.isfinite(want).sum() > 250
    # the engine keeps its log tables in float32
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4, equal_nan=True)


def test_an_order_that_is_not_a_permutation_falls_back_to_layout_order():
    k = 6
    order = np.array([[5, 4, 3, 2, 1, 0], [0, 0, 1, 2, 3, 4], [-1] * k])
    got = administration_order(order, 3, k)
    assert got[0].tolist() == [5, 4, 3, 2, 1, 0]
    assert got[1].tolist() == got[2].tolist() == list(range(k))
    assert positions(got)[0].tolist() == [5, 4, 3, 2, 1, 0]
