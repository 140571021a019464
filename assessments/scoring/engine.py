"""Scoring of whole answer matrices against a norm group."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .classify import probability_first_higher, profile_note, role_family
from .keying import as_matrix, key, scale_scores
from .layout import Layout
from .normal import ndtri
from .norms import Norms
from .spec import FLAG_NAMES, Spec
from .validity import mahalanobis, screen

PER_SCALE = ("raw", "n_answered", "n_missing", "scorable", "z", "t", "percentile",
              "band_low", "band_high")
_PER_PERSON = ("probability_execution", "role_family", "profile_note", "completeness",
               "longstring", "alignment", "acquiescence", "speed", "mahalanobis",
               "validity")


def _plain(v):
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return None if math.isnan(v) else v
    if isinstance(v, np.str_):
        return str(v)
    return v


@dataclass
class Scores:
    """Results for n persons and S scales; per-scale fields are (n, S) arrays."""

    scale_codes: tuple[str, ...]
    raw: np.ndarray
    n_answered: np.ndarray
    n_missing: np.ndarray
    scorable: np.ndarray
    z: np.ndarray
    t: np.ndarray
    percentile: np.ndarray
    band_low: np.ndarray
    band_high: np.ndarray
    probability_execution: np.ndarray
    role_family: np.ndarray
    profile_note: np.ndarray
    completeness: np.ndarray
    longstring: np.ndarray
    alignment: np.ndarray
    acquiescence: np.ndarray
    speed: np.ndarray
    mahalanobis: np.ndarray
    flags: np.ndarray            # (n, F) bool, columns named by flag_names
    flag_names: tuple[str, ...]
    validity: np.ndarray

    def __len__(self) -> int:
        return self.raw.shape[0]

    def flag_lists(self) -> list[list[str]]:
        names = np.array(self.flag_names)
        return [names[row].tolist() for row in self.flags]

    def rows(self) -> list[dict]:
        """One plain JSON-safe dict per person; per-scale values keyed by scale code."""
        out = []
        flag_lists = self.flag_lists()
        for i in range(len(self)):
            row = {}
            for name in PER_SCALE:
                arr = getattr(self, name)
                row[name] = {c: _plain(arr[i, s]) for s, c in enumerate(self.scale_codes)}
            for name in _PER_PERSON:
                row[name] = _plain(getattr(self, name)[i])
            row["flags"] = flag_lists[i]
            out.append(row)
        return out


def score(X, layout: Layout, norms: Norms, spec: Spec, seconds=None) -> Scores:
    """Score every person in X (persons x items, raw answers, NaN missing)."""
    if tuple(norms.scale_codes) != tuple(layout.scale_codes):
        raise ValueError("norms were built for different scales")
    X = as_matrix(X, layout)
    n = X.shape[0]
    Xk = key(X, layout)
    raw, n_answered, n_missing, scorable = scale_scores(Xk, layout, spec.min_answered)

    z = (raw - norms.mean) / norms.sd
    t = 50.0 + 10.0 * z
    pct = norms.percentile(raw)

    # Error band on the T scale.  Error variance grows as items go missing:
    # (1 - rel) * k / answered, with rel the reliability of the full scale.
    size = n_answered + n_missing
    with np.errstate(invalid="ignore", divide="ignore"):
        share = n_answered / size
        sem_z = np.sqrt((1.0 - norms.reliability) / share)
    half = ndtri(0.5 + spec.band_level / 2.0) * 10.0 * sem_z
    band_low = np.where(scorable, t - half, np.nan)
    band_high = np.where(scorable, t + half, np.nan)

    # Validity, in the documented order; Mahalanobis needs the norms.
    checks = screen(X, layout, spec, seconds)
    maha = np.full(n, np.nan)
    full = scorable.all(axis=1)
    if full.any() and np.all(np.isfinite(norms.centre)):
        maha[full] = mahalanobis(raw[full], norms.centre, norms.inv_cov)
    with np.errstate(invalid="ignore"):
        outlier = maha > norms.mahalanobis_cutoff
    flag_map = dict(checks["flags"], outlier=outlier)
    flags = np.column_stack([flag_map[name] for name in FLAG_NAMES]).astype(bool)
    hard = np.array([spec.is_hard(name) for name in FLAG_NAMES])
    invalid = flags[:, hard].any(axis=1)
    questionable = flags[:, ~hard].any(axis=1) & ~invalid
    validity = np.where(invalid, "invalid", np.where(questionable, "questionable", "valid"))

    prob = np.full(n, np.nan)
    family = np.full(n, "", dtype="<U12")
    note = np.full(n, "", dtype="<U13")
    if layout.classifies:
        e, c = layout.role_indices
        with np.errstate(invalid="ignore", divide="ignore"):
            prob = probability_first_higher(
                z[:, e], z[:, c], norms.reliability[e], norms.reliability[c],
                norms.role_correlation, share[:, e], share[:, c])
        prob = np.where(scorable[:, e] & scorable[:, c], prob, np.nan)
        family = role_family(prob, spec.p_execution, spec.p_compression).astype("<U12")
        note = profile_note(z[:, e], z[:, c], spec.elevated_z, spec.low_z).astype("<U13")
        family[invalid] = ""
        note[invalid] = ""

    return Scores(
        scale_codes=tuple(layout.scale_codes),
        raw=raw, n_answered=n_answered, n_missing=n_missing, scorable=scorable,
        z=z, t=t, percentile=pct, band_low=band_low, band_high=band_high,
        probability_execution=prob, role_family=family, profile_note=note,
        completeness=checks["completeness"], longstring=checks["longstring"],
        alignment=checks["alignment"], acquiescence=checks["acquiescence"],
        speed=checks["speed"], mahalanobis=maha, flags=flags,
        flag_names=FLAG_NAMES, validity=validity.astype("<U12"),
    )
