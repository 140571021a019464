"""Norm groups: the reference statistics that turn raw scores into z, T, percentiles."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .keying import as_matrix, key, scale_scores
from .layout import Layout
from .reliability import cronbach_alpha, omega_total, parcels, standardized_alpha
from .spec import Spec
from .validity import mahalanobis, screen

# Scale scores are means of answers, so equal scores can differ in the last bits;
# they are rounded to this many decimals before being counted or compared.
SCORE_DECIMALS = 9


def _num(x):
    x = float(x)
    return None if math.isnan(x) else x


def _arr(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


@dataclass
class Norms:
    """Statistics of one norm group for one layout (scales in layout order)."""

    scale_codes: tuple[str, ...]
    n: int
    n_scale: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    alpha: np.ndarray
    alpha_std: np.ndarray
    omega_total: np.ndarray
    parcel_alpha: np.ndarray
    parcel_omega: np.ndarray
    reliability: np.ndarray
    reliability_method: str
    values: list[np.ndarray]
    counts: list[np.ndarray]
    role_correlation: float
    centre: np.ndarray
    inv_cov: np.ndarray
    mahalanobis_cutoff: float
    provisional: bool
    spec_hash: str = ""
    extra: dict = field(default_factory=dict)

    _VECTORS = ("n_scale", "mean", "sd", "alpha", "alpha_std", "omega_total",
                "parcel_alpha", "parcel_omega", "reliability")

    def to_dict(self) -> dict:
        d = {
            "scale_codes": list(self.scale_codes),
            "n": int(self.n),
            "reliability_method": self.reliability_method,
            "distribution": [
                {"values": [float(v) for v in vals], "counts": [int(c) for c in cnt]}
                for vals, cnt in zip(self.values, self.counts, strict=True)
            ],
            "role_correlation": _num(self.role_correlation),
            "centre": [_num(v) for v in self.centre],
            "inv_cov": [[_num(v) for v in row] for row in self.inv_cov],
            "mahalanobis_cutoff": _num(self.mahalanobis_cutoff),
            "provisional": bool(self.provisional),
            "spec_hash": self.spec_hash,
            "extra": dict(self.extra),
        }
        for name in self._VECTORS:
            vec = getattr(self, name)
            d[name] = [int(v) for v in vec] if name == "n_scale" else [_num(v) for v in vec]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Norms:
        S = len(d["scale_codes"])
        inv = d["inv_cov"]
        return cls(
            scale_codes=tuple(d["scale_codes"]),
            n=int(d["n"]),
            n_scale=np.array(d["n_scale"], dtype=int),
            mean=_arr(d["mean"]),
            sd=_arr(d["sd"]),
            alpha=_arr(d["alpha"]),
            alpha_std=_arr(d["alpha_std"]),
            omega_total=_arr(d["omega_total"]),
            parcel_alpha=_arr(d["parcel_alpha"]),
            parcel_omega=_arr(d["parcel_omega"]),
            reliability=_arr(d["reliability"]),
            reliability_method=d["reliability_method"],
            values=[np.array(x["values"], dtype=float) for x in d["distribution"]],
            counts=[np.array(x["counts"], dtype=int) for x in d["distribution"]],
            role_correlation=float("nan") if d["role_correlation"] is None
            else float(d["role_correlation"]),
            centre=_arr(d["centre"]),
            inv_cov=np.array([_arr(row) for row in inv], dtype=float).reshape(S, S),
            mahalanobis_cutoff=float("nan") if d["mahalanobis_cutoff"] is None
            else float(d["mahalanobis_cutoff"]),
            provisional=bool(d["provisional"]),
            spec_hash=d.get("spec_hash", ""),
            extra=dict(d.get("extra", {})),
        )

    def percentile(self, raw: np.ndarray) -> np.ndarray:
        """Mid-rank percentile of each score: (below + equal / 2) / n * 100."""
        raw = np.asarray(raw, dtype=float)
        out = np.full(raw.shape, np.nan)
        for s in range(len(self.scale_codes)):
            vals, cnt = self.values[s], self.counts[s]
            total = cnt.sum()
            col = raw[:, s]
            ok = ~np.isnan(col)
            if total == 0 or not ok.any():
                continue
            x = np.round(col[ok], SCORE_DECIMALS)
            cum = np.concatenate([[0], np.cumsum(cnt)])
            lo = np.searchsorted(vals, x, side="left")
            hi = np.searchsorted(vals, x, side="right")
            below = cum[lo]
            equal = cum[hi] - cum[lo]
            out[ok, s] = (below + 0.5 * equal) / total * 100.0
        return out


def _pick_reliability(method: str, alpha, omega, p_alpha, p_omega) -> float:
    return {"alpha": alpha, "omega_total": omega, "parcel_alpha": p_alpha,
            "parcel_omega": p_omega}[method]


def build_norms(X, layout: Layout, spec: Spec, seconds=None) -> Norms:
    """Norms from the respondents who raise none of the norm-free validity flags.

    X is persons x items raw answers (NaN missing); ``seconds`` optional timings.
    """
    X = as_matrix(X, layout)
    checks = screen(X, layout, spec, seconds)
    clean = np.ones(X.shape[0], dtype=bool)
    for flag in checks["flags"].values():
        clean &= ~flag
    Xc = key(X[clean], layout)
    raw, _, _, scorable = scale_scores(Xc, layout, spec.min_answered)
    S = layout.n_scales
    stats = {name: np.full(S, np.nan) for name in
             ("mean", "sd", "alpha", "alpha_std", "omega_total", "parcel_alpha",
              "parcel_omega", "reliability")}
    n_scale = scorable.sum(axis=0).astype(int)
    values, counts = [], []
    for s in range(S):
        col = raw[scorable[:, s], s]
        idx = layout.scale_items(s)
        Xs = Xc[scorable[:, s]][:, idx]
        if col.size >= 2:
            stats["mean"][s] = col.mean()
            stats["sd"][s] = col.std(ddof=1)
        if col.size >= 3 and idx.size >= 2:
            stats["alpha"][s] = cronbach_alpha(Xs)
            stats["alpha_std"][s] = standardized_alpha(Xs)
            stats["omega_total"][s] = omega_total(Xs)
            P = parcels(Xc[scorable[:, s]], layout, s)
            stats["parcel_alpha"][s] = cronbach_alpha(P) if P.shape[1] >= 2 else np.nan
            stats["parcel_omega"][s] = omega_total(P) if P.shape[1] >= 2 else np.nan
            stats["reliability"][s] = _pick_reliability(
                spec.reliability_method, stats["alpha"][s], stats["omega_total"][s],
                stats["parcel_alpha"][s], stats["parcel_omega"][s])
        v, c = np.unique(np.round(col, SCORE_DECIMALS), return_counts=True)
        values.append(v.astype(float))
        counts.append(c.astype(int))

    full = scorable.all(axis=1)
    R = raw[full]
    centre = np.full(S, np.nan)
    inv_cov = np.full((S, S), np.nan)
    cutoff = float("nan")
    role_r = float("nan")
    if R.shape[0] > S + 1:
        centre = R.mean(axis=0)
        cov = np.atleast_2d(np.cov(R, rowvar=False))
        inv_cov = np.linalg.pinv(cov)
        d = mahalanobis(R, centre, inv_cov)
        cutoff = float(np.percentile(d, spec.mahalanobis_percentile))
        if layout.classifies:
            e, c = layout.role_indices
            role_r = float(np.corrcoef(R[:, e], R[:, c])[0, 1])
    n = int(clean.sum())
    return Norms(
        scale_codes=layout.scale_codes,
        n=n,
        n_scale=n_scale,
        values=values,
        counts=counts,
        role_correlation=role_r,
        centre=centre,
        inv_cov=inv_cov,
        mahalanobis_cutoff=cutoff,
        provisional=n < spec.provisional_norm_n,
        reliability_method=spec.reliability_method,
        spec_hash=spec.hash(),
        **stats,
    )
