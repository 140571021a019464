"""Scoring of whole answer matrices against a norm group."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from . import evidence
from .classify import (
    probability_first_higher,
    probability_with_norm_error,
    profile_note,
    role_family,
)
from .evidence import Expected
from .keying import as_matrix, key, scale_scores
from .layout import Layout
from .normal import ndtri
from .norms import Norms
from .personfit import fit_and_segment, late_items, random_likelihood, table_lookup
from .spec import FAMILY_WITHHOLDING_FLAGS, FLAG_NAMES, Spec
from .validity import administration_order, mahalanobis, positions, screen, step_share

PER_SCALE = ("raw", "n_answered", "n_missing", "scorable", "z", "t", "percentile",
              "band_low", "band_high")
_PER_PERSON = ("probability_execution", "role_family", "profile_note", "completeness",
               "longstring", "alignment", "acquiescence", "speed", "mahalanobis",
               "validity", "tail_share", "agreement", "person_fit", "provisional",
               "unclassified_reason", "pattern_fit", "late_fit", "step_share")


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
    # Added with the derived screens (defaults keep older constructors working).
    tail_share: np.ndarray | None = None       # largest share of one answer in a tail
    agreement: np.ndarray | None = None        # balanced agreement (acquiescence) index
    person_fit: np.ndarray | None = None       # polytomous l_z against the norm patterns
    provisional: np.ndarray | None = None      # bool: norm group below provisional_norm_n
    unclassified_reason: np.ndarray | None = None  # why there is no probability ("" if any)
    pattern_fit: np.ndarray | None = None      # answers follow the items' pull (~0; <0 not)
    late_fit: np.ndarray | None = None         # last third's fit against the start (~0; <0 worse)
    step_share: np.ndarray | None = None       # share of answers continuing the last step

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
                arr = getattr(self, name)
                row[name] = None if arr is None else _plain(arr[i])
            row["flags"] = flag_lists[i]
            out.append(row)
        return out


def _flagged(screens: dict, name: str, values, n: int, upper: bool = False,
             slack: float = 0.0) -> np.ndarray:
    """Who screen `name` flags: at or below the cut the norm group stores for it (at or
    above, `upper`), within `slack` of it; nobody where the norms store no cut (norms
    built before the screen). `values` may be a function, computed only when there is a
    cut to compare it with."""
    cut = screens.get(f"{name}_cut")
    if cut is None:
        return np.zeros(n, dtype=bool)
    values = values() if callable(values) else values
    with np.errstate(invalid="ignore"):
        return values >= cut - slack if upper else values <= cut + slack


def score(X, layout: Layout, norms: Norms, spec: Spec, seconds=None, order=None) -> Scores:
    """Score every person in X (persons x items, raw answers, NaN missing).

    ``order``: each person's administration order, (n, k) column indices, row i listing
    the columns in the order person i saw them (None: layout order; a row that is not a
    permutation falls back to it).  The segment and sequence screens read it.

    Never raises on degenerate norms: a probability that cannot be computed is NaN and
    ``unclassified_reason`` says why, in one word per cause:
      invalid                  a hard flag was raised
      unpatterned              the answers follow no item's pull (a soft flag that
                               withholds probability and family; result questionable)
      late_misfit, random_like the same for the segment test and for answers no more
                               likely than uniform random ones (spec.FAMILY_WITHHOLDING_FLAGS)
      misfit                   the same for person fit where the norm group made it soft
      random_side              no flag, but the random-like statistic is at or below the
                               norm group's random_like_family_cut: the answers are no
                               better evidence of an attentive person than of uniform random
                               ones (null._random_side_cut); the result stays valid
      provisional_norms        the norm group has fewer than spec.provisional_norm_n people
      bank_does_not_classify   no execution/compression pair of scales
      scale_<CODE>_<problem>   the norm group could not norm that role scale
      role_correlation_unavailable
      not_scorable             too few items answered on a role scale
    role_family is "execution" / "compression" / "undetermined" exactly where the
    probability is a number, and "" (not classified) everywhere else.
    """
    if tuple(norms.scale_codes) != tuple(layout.scale_codes):
        raise ValueError("norms were built for different scales")
    X = as_matrix(X, layout)
    n = X.shape[0]
    Xk = key(X, layout)
    raw, n_answered, n_missing, scorable = scale_scores(Xk, layout, spec.min_answered)

    with np.errstate(invalid="ignore", divide="ignore"):
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

    # Validity, in the documented order; the derived cuts and Mahalanobis need the norms.
    checks = screen(X, layout, spec, seconds, norms.screens)
    maha = np.full(n, np.nan)
    full = scorable.all(axis=1)
    if full.any() and np.all(np.isfinite(norms.centre)) and np.all(np.isfinite(norms.inv_cov)):
        maha[full] = mahalanobis(raw[full], norms.centre, norms.inv_cov)
    with np.errstate(invalid="ignore"):
        outlier = maha > norms.mahalanobis_cutoff
    seen = administration_order(order, n, layout.k)
    # One lookup of the person-fit tables, read by the fit, segment and random screens.
    lookup = table_lookup(Xk, raw, layout, norms.fit)
    lz, pfit, late = fit_and_segment(Xk, raw, layout, norms.fit, late_items(positions(seen)),
                                     lookup=lookup)
    misfit = _flagged(norms.screens, "misfit", lz, n)
    unpatterned = _flagged(norms.screens, "unpatterned", pfit, n)
    late_misfit = _flagged(norms.screens, "late_misfit", late, n)
    steps = step_share(X, seen)
    zigzag = _flagged(norms.screens, "zigzag", steps, n, upper=True, slack=1e-12)
    # The random-like statistic, computed once, and only if a cut reads it.
    random_like_values = functools.cache(
        lambda: random_likelihood(Xk, raw, layout, norms.fit, lookup=lookup))
    random_like = _flagged(norms.screens, "random_like", random_like_values, n, slack=1e-12)
    # no flag, but no family either: the answers are on the random side of this campaign's
    # null (null._random_side_cut), weak evidence of answers from the items
    random_side = _flagged(norms.screens, "random_like_family", random_like_values, n,
                           slack=1e-12)
    flag_map = dict(checks["flags"], outlier=outlier, misfit=misfit, unpatterned=unpatterned,
                    late_misfit=late_misfit, zigzag=zigzag, random_like=random_like)
    flags = np.column_stack([flag_map[name] for name in FLAG_NAMES]).astype(bool)
    hard_set = norms.hard_flags(spec)
    hard = np.array([name in hard_set for name in FLAG_NAMES])
    invalid = flags[:, hard].any(axis=1)
    questionable = flags[:, ~hard].any(axis=1) & ~invalid
    validity = np.where(invalid, "invalid", np.where(questionable, "questionable", "valid"))
    withhold = flags[:, np.isin(FLAG_NAMES, FAMILY_WITHHOLDING_FLAGS)].any(axis=1) & ~invalid

    prob = np.full(n, np.nan)
    family = np.full(n, "", dtype="<U12")
    note = np.full(n, "", dtype="<U13")
    provisional = np.full(n, bool(norms.n < spec.provisional_norm_n))
    reason = np.full(n, "", dtype=object)
    problem = norms.usable_for_classification(layout)
    if problem:
        reason[:] = problem
    elif provisional.any():
        reason[:] = "provisional_norms"
    else:
        e, c = layout.role_indices
        scored = scorable[:, e] & scorable[:, c] & ~invalid
        random_side = scored & random_side & ~withhold
        both = scored & ~withhold & ~random_side
        p = role_probability(z[both, e], z[both, c], share[both, e], share[both, c],
                             norms, layout, spec)
        prob[both] = p
        family[both] = role_family(p, spec.p_execution, spec.p_compression)
        note = profile_note(z[:, e], z[:, c], spec.elevated_z, spec.low_z).astype("<U13")
        note[invalid] = ""
        reason[invalid] = "invalid"
        reason[~invalid & ~scored] = "not_scorable"
        reason[random_side] = "random_side"
        # The first withholding flag raised names the reason (unpatterned before late_misfit).
        for name in reversed(FAMILY_WITHHOLDING_FLAGS):
            reason[scored & withhold & flag_map[name]] = name

    return Scores(
        scale_codes=tuple(layout.scale_codes),
        raw=raw, n_answered=n_answered, n_missing=n_missing, scorable=scorable,
        z=z, t=t, percentile=pct, band_low=band_low, band_high=band_high,
        probability_execution=prob, role_family=family, profile_note=note,
        completeness=checks["completeness"], longstring=checks["longstring"],
        alignment=checks["alignment"], acquiescence=checks["acquiescence"],
        speed=checks["speed"], mahalanobis=maha, flags=flags,
        flag_names=FLAG_NAMES, validity=validity.astype("<U12"),
        tail_share=checks["tail_share"], agreement=checks["agreement"],
        person_fit=lz, provisional=provisional,
        unclassified_reason=reason.astype(str), pattern_fit=pfit, late_fit=late,
        step_share=steps,
    )


def role_probability(z_e, z_c, share_e, share_c, norms: Norms, layout: Layout,
                     spec: Spec) -> np.ndarray:
    """P(execution) for execution and compression z-scores (arrays) and the shares of
    each scale's items answered, as `score` computes it. The report uses it to ask how
    far the scores would have to move for the family to change (change.py)."""
    e, c = layout.role_indices
    with np.errstate(invalid="ignore", divide="ignore"):
        if spec.norm_uncertainty:
            k_e, k_c = _parts(norms, layout, e), _parts(norms, layout, c)
            return probability_with_norm_error(
                z_e, z_c, norms.reliability[e], norms.reliability[c],
                norms.role_correlation, share_e, share_c,
                max(int(norms.n_scale[e]), 2), max(int(norms.n_scale[c]), 2), k_e, k_c)
        return probability_first_higher(
            z_e, z_c, norms.reliability[e], norms.reliability[c],
            norms.role_correlation, share_e, share_c)


def expected_retest(norms: Norms, layout: Layout, spec: Spec) -> Expected | None:
    """The family agreement at two sittings of people whose traits did not change, as
    this norm group's reliabilities and the engine's own P (every item answered)
    predict it; None where the bank does not classify or the group has no usable
    reliabilities. Constant per norm group and spec: the norm build stores it."""
    if not layout.classifies:
        return None
    e, c = layout.role_indices
    rel_e, rel_c = float(norms.reliability[e]), float(norms.reliability[c])
    if not (0 < rel_e < 1 and 0 < rel_c < 1) or not np.isfinite(norms.role_correlation):
        return None

    return evidence.expected_retest(rel_e, rel_c, norms.role_correlation,
                                    full_form_probability(norms, layout, spec),
                                    spec.p_execution, spec.p_compression)


def full_form_probability(norms: Norms, layout: Layout, spec: Spec):
    """`role_probability` as a function of the two z-scores alone, for a sitting with
    every item answered: what a second sitting is taken to be when asking how often
    the family would come out the same."""
    def probability(z_e, z_c):
        return role_probability(z_e, z_c, np.ones_like(z_e), np.ones_like(z_c), norms,
                                layout, spec)

    return probability


def _parts(norms: Norms, layout: Layout, s: int) -> int:
    if norms.n_parts is not None and norms.n_parts[s] >= 2:
        return int(norms.n_parts[s])
    return max(int(layout.scale_items(s).size), 2)
