"""Standard normal distribution functions in plain numpy.

The complementary error function follows W. J. Cody's rational Chebyshev
approximations (Math. Comp. 23, 1969, 631-638; the coefficients are those of
his SPECFUN routine CALERF).  Three ranges are used: a rational function for
erf on |x| <= 0.46875, one for exp(x^2) erfc(x) on 0.46875 < |x| <= 4, and an
asymptotic-form rational function in 1/x^2 beyond 4.  The exp(-x^2) factor is
split in two so that no accuracy is lost to the rounding of x^2.  Relative
error is at the level of a few units in the last place of a double.
"""

from __future__ import annotations

import math

import numpy as np

_A = (3.1611237438705656, 113.864154151050156, 377.485237685302021,
      3209.37758913846947, 0.185777706184603153)
_B = (23.6012909523441209, 244.024637934444173, 1282.61652607737228,
      2844.23683343917062)
_C = (0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
      298.635138197400131, 881.95222124176909, 1712.04761263407058,
      2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8)
_D = (15.7449261107098347, 117.693950891312499, 537.181101862009858,
      1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
      3439.36767414372164, 1230.33935480374942)
_P = (0.305326634961232344, 0.360344899949804439, 0.125781726111229246,
      0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978)
_Q = (2.56852019228982242, 1.87295284992346047, 0.527905102951428412,
      0.0605183413124413191, 0.00233520497626869185)
_INV_SQRT_PI = 0.56418958354775628695
_SQRT_HALF = 0.70710678118654752440


def _exp_minus_square(y: np.ndarray) -> np.ndarray:
    """exp(-y*y) computed as exp(-h*h) * exp(-(y-h)(y+h)) with h = y rounded to 1/16."""
    head = np.trunc(y * 16.0) / 16.0
    rest = (y - head) * (y + head)
    return np.exp(-head * head) * np.exp(-rest)


def erfc(x) -> np.ndarray:
    """Complementary error function, elementwise, for any float array."""
    x = np.asarray(x, dtype=float)
    y = np.abs(x)
    out = np.empty_like(y)

    small = y <= 0.46875
    mid = (y > 0.46875) & (y <= 4.0)
    big = (y > 4.0) & np.isfinite(y)
    out[np.isposinf(y)] = 0.0

    if small.any():
        ys = y[small]
        sq = ys * ys
        num = _A[4] * sq
        den = sq
        for i in range(3):
            num = (num + _A[i]) * sq
            den = (den + _B[i]) * sq
        erf_abs = ys * (num + _A[3]) / (den + _B[3])
        out[small] = 1.0 - erf_abs

    if mid.any():
        ym = y[mid]
        num = _C[8] * ym
        den = ym
        for i in range(7):
            num = (num + _C[i]) * ym
            den = (den + _D[i]) * ym
        out[mid] = _exp_minus_square(ym) * (num + _C[7]) / (den + _D[7])

    if big.any():
        yb = y[big]
        inv = 1.0 / (yb * yb)
        num = _P[5] * inv
        den = inv
        for i in range(4):
            num = (num + _P[i]) * inv
            den = (den + _Q[i]) * inv
        tail = inv * (num + _P[4]) / (den + _Q[4])
        val = (_INV_SQRT_PI - tail) / yb
        with np.errstate(under="ignore"):
            out[big] = _exp_minus_square(yb) * val

    # erfc(-y) = 2 - erfc(y); the small range already holds 1 - erf(|x|).
    neg = x < 0
    out[neg] = 2.0 - out[neg]
    out[np.isnan(x)] = np.nan
    return out


def erf(x) -> np.ndarray:
    """Error function, elementwise."""
    x = np.asarray(x, dtype=float)
    y = np.abs(x)
    out = 1.0 - erfc(y)
    # Near zero 1 - erfc loses digits; use the direct rational form there.
    small = y <= 0.46875
    if small.any():
        ys = y[small]
        sq = ys * ys
        num = _A[4] * sq
        den = sq
        for i in range(3):
            num = (num + _A[i]) * sq
            den = (den + _B[i]) * sq
        out[small] = ys * (num + _A[3]) / (den + _B[3])
    return np.copysign(out, x)


def ndtr(x) -> np.ndarray:
    """Standard normal cumulative distribution function Phi(x), elementwise."""
    x = np.asarray(x, dtype=float)
    return 0.5 * erfc(-x * _SQRT_HALF)


def norm_pdf(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def ndtri(p: float) -> float:
    """Inverse of Phi for a scalar probability (used for band widths only).

    Solved by bisection to bracket followed by Newton steps on ndtr; exact to
    double precision for 1e-300 < p < 1 - 1e-16.
    """
    p = float(p)
    if not 0.0 < p < 1.0:
        raise ValueError("probability must lie strictly between 0 and 1")
    lo, hi = -40.0, 40.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if float(ndtr(mid)) < p:
            lo = mid
        else:
            hi = mid
    x = 0.5 * (lo + hi)
    for _ in range(3):
        dens = float(norm_pdf(x))
        if dens <= 0.0:
            break
        x -= (float(ndtr(x)) - p) / dens
    return x
