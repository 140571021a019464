"""A straight line that starts late or carries 10 % noise has no long exact run; the
tail share (largest share of one answer over any tail of >= 30 % of the test) catches it."""

import numpy as np

from assessments.scoring.validity import longstring, tail_share


def test_tail_share_of_a_late_noisy_line():
    rng = np.random.default_rng(0)
    k = 50
    X = rng.integers(1, 6, (1000, k)).astype(float)
    start = 34                                    # 68 % of the way through
    X[:, start:] = 4.0
    noise = rng.random((1000, k)) < 0.10
    X[:, start:] = np.where(noise[:, start:], rng.integers(1, 6, (1000, k))[:, start:],
                            X[:, start:])
    ts = tail_share(X, 15)
    assert np.mean(ts >= 0.8) > 0.9
    assert np.mean(longstring(X) > 0.4 * k) < 0.05       # the exact run misses them
    honest = rng.integers(1, 6, (1000, k)).astype(float)
    assert np.mean(tail_share(honest, 15) >= 0.8) == 0
