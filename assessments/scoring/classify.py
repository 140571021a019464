"""Role classification from two observed scale scores.

Model, in z units of the norm group, for scale j in {execution, compression}:
    z_j = tau_j + e_j,   Var(tau_j) = rel_j,   Var(e_j) = (1 - rel_j) / f_j,
    Cov(tau_e, tau_c) = r  (the observed correlation; errors of different
    scales are taken as uncorrelated, so the observed covariance is all true),
where f_j is the share of the scale's items the person answered (a shorter
test has proportionally more error variance).  The true scores have a
bivariate normal prior with mean 0.  Given z the posterior of tau is normal,
    mean = S_tau (S_tau + E)^-1 z,    cov = S_tau - S_tau (S_tau + E)^-1 S_tau,
and the standardized true difference d = tau_e / sqrt(rel_e) - tau_c / sqrt(rel_c)
is normal with mean a'mean and variance a'cov a, a = (1/sqrt(rel_e), -1/sqrt(rel_c)).
The result is P(d > 0) = Phi(mean_d / sd_d).
"""

from __future__ import annotations

import numpy as np

from .normal import ndtr


def probability_first_higher(z1, z2, rel1, rel2, r, f1=1.0, f2=1.0) -> np.ndarray:
    """P(standardized true score 1 > standardized true score 2 | z1, z2).

    z1, z2, f1, f2 are arrays over persons; rel1, rel2, r are scalars from the
    norm group.  NaN wherever an input score is NaN.
    """
    return ndtr(posterior_t(z1, z2, rel1, rel2, r, f1, f2))


def posterior_t(z1, z2, rel1, rel2, r, f1=1.0, f2=1.0) -> np.ndarray:
    """mean_d / sd_d of the posterior difference (P = Phi of this)."""
    z1 = np.asarray(z1, dtype=float)
    z2 = np.asarray(z2, dtype=float)
    rel1 = float(np.clip(rel1, 1e-6, 1 - 1e-9))
    rel2 = float(np.clip(rel2, 1e-6, 1 - 1e-9))
    # true-score correlation cannot exceed 1
    lim = 0.999 * np.sqrt(rel1 * rel2)
    c = float(np.clip(r, -lim, lim))
    with np.errstate(invalid="ignore", divide="ignore"):
        e1 = (1.0 - rel1) / np.asarray(f1, dtype=float)
        e2 = (1.0 - rel2) / np.asarray(f2, dtype=float)
    # observed covariance per person and its inverse (2 x 2, written out)
    s11 = rel1 + e1
    s22 = rel2 + e2
    det = s11 * s22 - c * c
    i11, i22, i12 = s22 / det, s11 / det, -c / det
    # gain K = S_tau * S_z^-1
    k11 = rel1 * i11 + c * i12
    k12 = rel1 * i12 + c * i22
    k21 = c * i11 + rel2 * i12
    k22 = c * i12 + rel2 * i22
    m1 = k11 * z1 + k12 * z2
    m2 = k21 * z1 + k22 * z2
    # posterior covariance S_tau - K S_tau
    p11 = rel1 - (k11 * rel1 + k12 * c)
    p22 = rel2 - (k21 * c + k22 * rel2)
    p12 = c - (k11 * c + k12 * rel2)
    a1, a2 = 1.0 / np.sqrt(rel1), -1.0 / np.sqrt(rel2)
    mean_d = a1 * m1 + a2 * m2
    var_d = a1 * a1 * p11 + a2 * a2 * p22 + 2.0 * a1 * a2 * p12
    sd_d = np.sqrt(np.maximum(var_d, 1e-300))
    return mean_d / sd_d


def probability_with_norm_error(z1, z2, rel1, rel2, r, f1, f2, n1, n2, k1, k2):
    """P(execution higher) with the norm group's own sampling error integrated out.

    The norm mean and SD (hence every z), the two reliabilities and the correlation are
    estimates from n1 / n2 people.  With t = mean_d / sd_d the standardised posterior
    difference, a normal error of variance v in t turns P = Phi(t) into
    E[Phi(t + e)] = Phi(t / sqrt(1 + v)) (the probit-normal identity), so P moves
    toward .5 by exactly as much as the norms are uncertain.  v is the delta-method
    variance of t from
        Var(z_j estimate)  = (1 + z_j^2 / 2) / n_j        (mean and SD of the norm),
        Cov(z_1, z_2)      = (r + r^2 z_1 z_2 / 2) / n,
        Var(rel_j)         = 2 k_j / (k_j - 1) * (1 - rel_j)^2 / n_j   (alpha-type),
        Var(r)             = (1 - r^2)^2 / n,
    with derivatives of t taken numerically.  For n -> infinity it is the plain P.
    """
    z1 = np.asarray(z1, dtype=float)
    z2 = np.asarray(z2, dtype=float)

    def t_of(a, b, p1, p2, c):
        return posterior_t(a, b, p1, p2, c, f1, f2)

    t = t_of(z1, z2, rel1, rel2, r)
    h = 1e-4
    n = float(min(n1, n2))
    v = np.zeros_like(t)
    dz1 = (t_of(z1 + h, z2, rel1, rel2, r) - t) / h
    dz2 = (t_of(z1, z2 + h, rel1, rel2, r) - t) / h
    vz1 = (1.0 + z1 * z1 / 2.0) / n1
    vz2 = (1.0 + z2 * z2 / 2.0) / n2
    cz = (r + r * r * z1 * z2 / 2.0) / n
    v += dz1 * dz1 * vz1 + dz2 * dz2 * vz2 + 2.0 * dz1 * dz2 * cz
    for which, nj, kj in ((1, n1, k1), (2, n2, k2)):
        rel = rel1 if which == 1 else rel2
        step = min(h, (1.0 - rel) / 4.0)
        if which == 1:
            d = (t_of(z1, z2, rel1 + step, rel2, r) - t) / step
        else:
            d = (t_of(z1, z2, rel1, rel2 + step, r) - t) / step
        kj = max(float(kj), 2.0)
        v += d * d * 2.0 * kj / (kj - 1.0) * (1.0 - rel) ** 2 / nj
    d = (t_of(z1, z2, rel1, rel2, r + h) - t) / h
    v += d * d * (1.0 - r * r) ** 2 / n
    v = np.where(np.isfinite(v), v, 0.0)
    return ndtr(t / np.sqrt(1.0 + v))


def role_family(prob: np.ndarray, p_execution: float, p_compression: float) -> np.ndarray:
    out = np.full(prob.shape, "undetermined", dtype=object)
    with np.errstate(invalid="ignore"):
        out[prob >= p_execution] = "execution"
        out[prob <= p_compression] = "compression"
    return out.astype(str)


def profile_note(z_exe: np.ndarray, z_cmp: np.ndarray, elevated: float, low: float):
    out = np.full(z_exe.shape, "", dtype=object)
    with np.errstate(invalid="ignore"):
        out[(z_exe >= elevated) & (z_cmp >= elevated)] = "both_elevated"
        out[(z_exe <= low) & (z_cmp <= low)] = "both_low"
    return out.astype(str)
