"""Norm groups: the reference statistics that turn raw scores into z, T, percentiles."""

from __future__ import annotations

import math
import warnings
import zlib
from dataclasses import dataclass, field

import numpy as np

from .keying import as_matrix, key, scale_scores
from .layout import Layout
from .normal import ndtri
from .null import judged, order_screens
from .personfit import (
    build_fit,
    fit_indices,
    late_items,
    random_likelihood,
    segment_fit,
)
from .reliability import parcel_reliability, parcels, scale_reliability
from .spec import DERIVED_FLAGS, NORM_EXCLUDING_FLAGS, NULL_FLAGS, ORDER_FLAGS, Spec
from .validity import (
    administration_order,
    alignment,
    mahalanobis,
    positions,
    screen,
    step_share,
)

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
    # Added with the derived screens; norms stored before them load with these defaults.
    trait_omega: np.ndarray | None = None      # method- and twin-free reliability, per scale
    n_parts: np.ndarray | None = None          # parcels per scale (for the reliability's SE)
    scale_problems: dict = field(default_factory=dict)   # scale code -> plain reason
    screens: dict = field(default_factory=dict)          # derived cut-offs and their rates
    fit: dict | None = None                    # person-fit tables (see personfit.py)

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
            "trait_omega": None if self.trait_omega is None
            else [_num(v) for v in self.trait_omega],
            "n_parts": None if self.n_parts is None else [int(v) for v in self.n_parts],
            "scale_problems": dict(self.scale_problems),
            "screens": {k: (_num(v) if isinstance(v, float) else v)
                        for k, v in self.screens.items()},
            "fit": None if self.fit is None else {k: v for k, v in self.fit.items()
                                                  if not k.startswith("_")},
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
            trait_omega=None if d.get("trait_omega") is None else _arr(d["trait_omega"]),
            n_parts=None if d.get("n_parts") is None else np.array(d["n_parts"], dtype=int),
            scale_problems=dict(d.get("scale_problems", {})),
            screens=dict(d.get("screens", {})),
            fit=d.get("fit"),
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


    def usable_for_classification(self, layout: Layout) -> str:
        """"" when the two role scales can feed the posterior, else a plain reason."""
        if not layout.classifies:
            return "bank_does_not_classify"
        for s in layout.role_indices:
            code = self.scale_codes[s]
            if code in self.scale_problems:
                return f"scale_{code}_{self.scale_problems[code].split(':')[0]}"
        if not np.isfinite(self.role_correlation):
            return "role_correlation_unavailable"
        return ""

    def hard_flags(self, spec: Spec) -> set:
        """The spec's hard flags, less the derived ones this norm group measured as too
        often raised among attentive people to invalidate a result."""
        hard = set(spec.hard_flags)
        for flag in DERIVED_FLAGS + ORDER_FLAGS + NULL_FLAGS + ("longstring",):
            if self.screens.get(f"{flag}_hard") is False:
                hard.discard(flag)
        return hard


def _pick_reliability(method: str, alpha, omega, p_alpha, p_omega) -> float:
    return {"alpha": alpha, "omega_total": omega, "parcel_alpha": p_alpha,
            "parcel_omega": p_omega}[method]


RANDOM_SEED = 20250101
N_RANDOM = 3000


def random_answers(layout: Layout, n: int = N_RANDOM, seed: int = RANDOM_SEED) -> np.ndarray:
    """Uniform random answers on every item's whole-number range.

    Each item's column comes from its own generator seeded by the item code, so the
    draws (and every cut derived from them) do not depend on the order of the items.
    """
    span = np.floor(layout.maximum - layout.minimum) + 1.0
    out = np.empty((n, layout.k))
    for j, code in enumerate(layout.item_codes):
        rng = np.random.default_rng([seed, zlib.crc32(code.encode("utf-8"))])
        out[:, j] = layout.minimum[j] + np.floor(rng.random(n) * span[j])
    return out


def _quantile(x, q, method="inverted_cdf"):
    x = x[np.isfinite(x)]
    return float(np.quantile(x, q, method=method)) if x.size else None


def derive_screens(X: np.ndarray, layout: Layout, spec: Spec, fit, checks: dict,
                   keyed=None, null: dict | None = None) -> dict:
    """Cut-offs of misaligned, misfit and acquiescent for this bank and norm sample.

    X: the norm sample after the trait-independent exclusions; checks: its screen().
    The random cut of alignment (``alignment_random_cut``) is stored either way.

    * misaligned, misfit - where ``null`` (the style-aware null's results,
      ``null.order_screens``) holds their cuts: the alignment share and l_z at or below
      the cut set on the null's simulated attentive people at the declared levels
      ``misaligned_false_flag`` / ``misfit_false_flag``, hard only where the held-out
      null rate, overall and in each response-style subgroup of the null, is <=
      ``hard_false_flag_rate`` (``null._fit_cuts``).  Neither is a quantile of the norm
      sample, which holds the campaign's careless people and widens with its styles.
      The norm sample's share at each cut and the share of uniform random answers
      caught (``*_random_catch``) are stored beside it.
      Without a null (no fit tables) the rules before it: misaligned at the
      ``alignment_random_quantile`` (.90) quantile of the alignment that uniform random
      answers reach on this bank's pairs, hard where the share of the norm people who
      fit at or below it is <= ``hard_false_flag_rate`` (else lowered to the soft
      limit, soft); misfit at the median minus z_(misfit_false_flag) times
      (q50 - q10) / 1.2816 of the norm sample.
      Misfit's cut is the norm sample's either way (median less z times the robust
      spread); the null only judges whether it may be hard: soft where a
      response-style subgroup of the null reaches it beyond the hard limit
      (``misfit_soft_reason = style_extreme / style_midpoint``), or where the norm
      sample's half body (q50 - q25) is wider than the null's by more than
      ``spec.null_body_tolerance`` (``misfit_body_ratio``, ``null_narrower``; spec
      version 7).
    * acquiescent - balanced agreement above the median plus ``acquiescence_robust_z``
      robust SDs (1.4826 MAD) of the norm sample.
    * unpatterned - pattern fit (``personfit.pattern_fit``) at or below the median
      minus z_(unpatterned_false_flag) times (q50 - q10) / 1.2816 of the norm sample, as
      for misfit: careless people in the norm sample sit below the tenth percentile and
      do not move the cut.  Soft; it withholds the probability and the family.

    ``keyed``: (key(X), scale scores of it) when the caller has them already.
    """
    n = X.shape[0]
    out: dict = {"n": int(n)}
    R = random_answers(layout)
    rk = key(R, layout)
    r_raw, *_ = scale_scores(rk, layout, spec.min_answered)
    r_align, _ = alignment(R, layout, spec.min_alignment_pairs, spec.twin_tolerance)
    # l_z and pattern fit from one lookup of the tables per matrix
    r_lz, r_pf = fit_indices(rk, r_raw, layout, fit)

    if keyed is None:
        Xk = key(X, layout)
        raw, *_ = scale_scores(Xk, layout, spec.min_answered)
    else:
        Xk, raw = keyed
    lz, pf = fit_indices(Xk, raw, layout, fit)
    align = checks["alignment"]
    agr = checks["agreement"]

    null = null or {}
    # misfit first: it is the independent evidence used to estimate alignment's rate
    # (without a null) and acquiescence's
    misfit_cut = None
    ok = np.isfinite(lz)
    if fit and ok.sum() >= 50:
        q50 = float(np.median(lz[ok]))
        spread = (q50 - float(np.quantile(lz[ok], 0.10))) / 1.2816
        if spread > 0:
            misfit_cut = q50 + float(ndtri(spec.misfit_false_flag)) * spread
    out["misfit_cut"] = misfit_cut
    if misfit_cut is not None:
        out["misfit_false_flag"] = float(spec.misfit_false_flag)
        out["misfit_norm_share"] = float(np.mean(lz[ok] <= misfit_cut))
        out["misfit_random_catch"] = float(np.mean(np.nan_to_num(r_lz, nan=np.inf)
                                                   <= misfit_cut))
        out["misfit_hard"] = bool(spec.misfit_false_flag <= spec.hard_false_flag_rate)
        out["misfit_norm_body"] = [float(v) for v in np.quantile(lz[ok], (0.10, 0.25, 0.50))]
        if "_misfit_held" in null:
            # The style-aware null judges the cut: where its flags fall on a response
            # style subgroup beyond the hard limit, misfit would make the style invalid,
            # and is soft.  Its overall null rate is reported, not used: the null's l_z
            # is wider than attentive people's without styles (no trait spread within a
            # score band), so it overstates the rate there (section 8).
            t, style = null["_misfit_held"]
            rates, why = judged(t, misfit_cut, style, spec)
            soft = why.startswith("style_")
            out.update(misfit_null_rate=rates["all"],
                       misfit_null_rate_extreme=rates.get("extreme"),
                       misfit_null_rate_midpoint=rates.get("midpoint"),
                       misfit_hard=out["misfit_hard"] and not soft,
                       misfit_soft_reason=why if soft else "")
        body = null.get("misfit_null_body")
        if body is not None and body[2] - body[1] > 0:
            # Does the null reproduce this campaign's l_z where careless people do not
            # reach (the half body, median less 25th percentile)?  The null's answers
            # correlate only through the trait band and the style (no method factor, no
            # facets within a scale, no trait spread within a band); where the norm
            # sample's half body is wider than the null's beyond spec.null_body_tolerance,
            # attentive people here misfit for a reason the null lacks, the null cannot
            # vouch for the cut's false flags, and misfit is soft (it still withholds the
            # family).  Spec version 7.
            _, q25, q50 = out["misfit_norm_body"]
            ratio = (q50 - q25) / (body[2] - body[1])
            out["misfit_body_ratio"] = ratio
            if out["misfit_hard"] and ratio > 1.0 + spec.null_body_tolerance:
                out.update(misfit_hard=False, misfit_soft_reason="null_narrower")
        fits = ~(lz <= misfit_cut)
    else:
        out["misfit_hard"] = False
        fits = np.ones(n, dtype=bool)

    # alignment
    r_cut = _quantile(r_align, spec.alignment_random_quantile)
    ra = r_align[np.isfinite(r_align)]
    out["alignment_random_cut"] = r_cut
    if "alignment_cut" in null:
        # set on the style-aware null (null._fit_cuts), unless the test against random
        # answering holds: where the norm people who fit reach the random answers' cut no
        # more than the hard limit (the rule before the null), and the null's
        # response-style subgroups do not either, that higher cut is kept. The null's
        # twins share only the score band and the style, so they agree less than real
        # twins and the null's cut is conservative; on banks whose twins agree well (the
        # engine's own simulator: twins correlating .56-.72) the random cut catches 91 %
        # of random answers where the null's catches 4 %.
        out.update({k: v for k, v in null.items()
                    if k.startswith("misaligned_") or k == "alignment_cut"})
        before: dict = {}
        _alignment_from_norms(before, align, fits, r_cut, ra, spec)
        if before.get("misaligned_hard") and r_cut is not None \
                and r_cut > null["alignment_cut"]:
            t, style = null["_alignment_held"]
            rates, why = judged(t, r_cut, style, spec)
            if not why.startswith("style_"):
                out.update(alignment_cut=float(r_cut), misaligned_hard=True,
                           misaligned_soft_reason="", alignment_rule="random",
                           misaligned_null_rate=rates["all"],
                           misaligned_null_rate_extreme=rates.get("extreme"),
                           misaligned_null_rate_midpoint=rates.get("midpoint"),
                           alignment_false_flag=before["alignment_false_flag"])
        out.setdefault("alignment_rule", "null")
        cut = out["alignment_cut"]
        use = np.isfinite(align)
        out["alignment_norm_share"] = float(np.mean(align[use] <= cut + 1e-12)) \
            if use.any() else None
        out["alignment_random_catch"] = float(np.mean(ra <= cut + 1e-12)) if ra.size else None
    else:
        _alignment_from_norms(out, align, fits, r_cut, ra, spec)

    # pattern fit (answers that follow no item's pull)
    ok = np.isfinite(pf)
    cut = None
    if fit and ok.sum() >= 50:
        q50 = float(np.median(pf[ok]))
        spread = (q50 - float(np.quantile(pf[ok], 0.10))) / 1.2816
        if spread > 0:
            cut = q50 + float(ndtri(spec.unpatterned_false_flag)) * spread
    out["unpatterned_cut"] = cut
    if cut is not None:
        out["unpatterned_false_flag"] = float(spec.unpatterned_false_flag)
        out["unpatterned_norm_share"] = float(np.mean(pf[ok] <= cut))
        out["unpatterned_random_catch"] = float(np.mean(np.nan_to_num(r_pf, nan=np.inf)
                                                        <= cut))

    # agreement (acquiescence)
    g = agr[np.isfinite(agr)]
    if g.size >= 30:
        med = float(np.median(g))
        mad = 1.4826 * float(np.median(np.abs(g - med)))
        if mad > 0:
            cut = med + spec.acquiescence_robust_z * mad
            clean = np.isfinite(agr) & fits
            if out.get("alignment_cut") is not None:
                clean &= ~(align <= out["alignment_cut"] + 1e-12)
            rate = float(np.mean(agr[clean] > cut)) if clean.any() else None
            out.update(agreement_cut=cut, acquiescent_false_flag=rate,
                       acquiescent_hard=rate is not None
                       and rate <= spec.hard_false_flag_rate)
    return out


def _alignment_from_norms(out: dict, align, fits, r_cut, ra, spec: Spec) -> None:
    """The alignment cut without a null (norm groups too small or without fit tables):
    the random-answer cut, hard where the norm sample's rate at it among people who fit
    is <= the hard limit, else lowered to the soft limit and soft."""
    use = np.isfinite(align) & fits
    if r_cut is None or use.sum() < 30:
        out.update(alignment_cut=r_cut, misaligned_hard=False, alignment_false_flag=None,
                   alignment_random_catch=None if r_cut is None else
                   float(np.mean(ra <= r_cut)))
        return
    a = align[use]
    ffr = float(np.mean(a <= r_cut + 1e-12))
    cut, hard = r_cut, ffr <= spec.hard_false_flag_rate
    if not hard:
        # the highest candidate whose rate is within the soft limit (rates rise with
        # the candidate, so that is the last one within it)
        candidates = np.unique(a[a <= r_cut + 1e-12])
        ordered = np.sort(a)
        rates = np.searchsorted(ordered, candidates + 1e-12, side="right") / a.size
        within = np.flatnonzero(rates <= spec.soft_false_flag_rate)
        cut, ffr = -1.0, 0.0
        if within.size:
            cut, ffr = float(candidates[within[-1]]), float(rates[within[-1]])
    out.update(alignment_cut=float(cut), misaligned_hard=bool(hard),
               alignment_false_flag=ffr,
               alignment_random_catch=float(np.mean(ra <= cut + 1e-12)))


def _scale_problem(col, Xs, rel, layout, idx) -> str:
    if col.size == 0:
        return "no_scores: nobody answered enough of the scale's items to be scored"
    if col.size < 3:
        return f"too_few_people: only {col.size} scored"
    if not np.isfinite(col.std()) or col.std() == 0:
        return "no_variance: everybody has the same score"
    if idx.size < 2:
        return "single_item: reliability needs two items or more"
    if not np.isfinite(rel) or rel <= 0:
        return "reliability_unavailable: the items do not hang together in this sample"
    return ""


def _pairs_within(layout: Layout, idx) -> list:
    """Twin pairs with both members in these columns, as positions among them."""
    pos = {int(j): i for i, j in enumerate(idx)}
    return [(pos[int(a)], pos[int(b)]) for a, b in layout.pairs
            if int(a) in pos and int(b) in pos]


def build_norms(X, layout: Layout, spec: Spec, seconds=None, order=None) -> Norms:
    """Norms from the respondents who raise none of the trait-independent flags.

    Only ``NORM_EXCLUDING_FLAGS`` (incomplete, longstring, too_fast) exclude a person:
    they describe how the form was filled in, not the answers' content.  Misaligned,
    misfit, acquiescent and outlier people stay in the norm sample, because those
    screens are related to the trait levels (an attentive person with an unusual
    profile would otherwise be cut out of the distribution that defines "unusual").

    X is persons x items raw answers (NaN missing); ``seconds`` optional timings;
    ``order`` each person's administration order (``validity.administration_order``;
    None: layout order), read by the segment and sequence screens and their null.
    Never raises on degenerate data: a scale that cannot be normed gets a plain reason
    in ``scale_problems`` and NaN statistics.
    """
    X = as_matrix(X, layout)
    checks = screen(X, layout, spec, seconds)
    clean = np.ones(X.shape[0], dtype=bool)
    for name in NORM_EXCLUDING_FLAGS:
        clean &= ~checks["flags"][name]
    Xc = key(X[clean], layout)
    raw, _, _, scorable = scale_scores(Xc, layout, spec.min_answered)
    S = layout.n_scales
    stats = {name: np.full(S, np.nan) for name in
             ("mean", "sd", "alpha", "alpha_std", "omega_total", "parcel_alpha",
              "parcel_omega", "reliability")}
    t_omega = np.full(S, np.nan)
    n_parts = np.zeros(S, dtype=int)
    problems = {}
    n_scale = scorable.sum(axis=0).astype(int)
    values, counts = [], []
    for s in range(S):
        col = raw[scorable[:, s], s]
        idx = layout.scale_items(s)
        Xrows = Xc[scorable[:, s]]
        Xs = Xrows[:, idx]
        if col.size >= 2:
            stats["mean"][s] = col.mean()
            stats["sd"][s] = col.std(ddof=1)
        if col.size >= 3 and idx.size >= 2:
            with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                rel_s = scale_reliability(Xs, np.where(layout.reverse[idx], -1, 1),
                                          _pairs_within(layout, idx))
                for name in ("alpha", "alpha_std", "omega_total"):
                    stats[name][s] = rel_s[name]
                t_omega[s] = rel_s["trait_omega"]
                p_alpha, p_omega, n_parts[s] = parcel_reliability(
                    parcels(Xrows, layout, s))
                stats["parcel_alpha"][s], stats["parcel_omega"][s] = p_alpha, p_omega
            rel = _pick_reliability(
                spec.reliability_method, stats["alpha"][s], stats["omega_total"][s],
                stats["parcel_alpha"][s], stats["parcel_omega"][s])
            if spec.keying_split_guard and np.isfinite(t_omega[s]):
                rel = min(rel, t_omega[s]) if np.isfinite(rel) else rel
            stats["reliability"][s] = rel
        problem = _scale_problem(col, Xs, stats["reliability"][s], layout, idx)
        if problem:
            problems[layout.scale_codes[s]] = problem
            stats["reliability"][s] = np.nan
        v, c = np.unique(np.round(col, SCORE_DECIMALS), return_counts=True)
        values.append(v.astype(float))
        counts.append(c.astype(int))
    # The last scale's rows are not read past the loop: not held through the null below.
    Xrows = Xs = None

    full = scorable.all(axis=1)
    R = raw[full]
    centre = np.full(S, np.nan)
    inv_cov = np.full((S, S), np.nan)
    cutoff = float("nan")
    role_r = float("nan")
    if R.shape[0] > S + 1:
        cov = np.atleast_2d(np.cov(R, rowvar=False))
        if np.all(np.isfinite(cov)):
            centre = R.mean(axis=0)
            inv_cov = np.linalg.pinv(cov)
            d = mahalanobis(R, centre, inv_cov)
            cutoff = float(np.percentile(d, spec.mahalanobis_percentile))
        if layout.classifies:
            e, c = layout.role_indices
            with np.errstate(invalid="ignore", divide="ignore"):
                role_r = float(np.corrcoef(R[:, e], R[:, c])[0, 1]) if (
                    R[:, e].std() > 0 and R[:, c].std() > 0) else float("nan")
    sub_checks = {name: (v[clean] if isinstance(v, np.ndarray) else v)
                  for name, v in checks.items() if name != "flags"}
    fit = build_fit(Xc, raw, layout)
    # Everyone's administration order (as large as the answers), read here for the norm
    # sample and cut down below to the people the null copies.
    seen = administration_order(order, X.shape[0], layout.k)
    norm_values = {"late_misfit": segment_fit(Xc, raw, layout, fit,
                                              late_items(positions(seen[clean]))),
                   "zigzag": step_share(X[clean], seen[clean]),
                   "random_like": random_likelihood(Xc, raw, layout, fit)}
    # The null copies the norm sample and the people the longstring tail share alone
    # excluded from it (with the spec's fixed cut): a midpoint style fills a tail with the
    # middle answer, and the null must hold those people's styles to judge them.
    k = layout.k
    tail_only = (checks["flags"]["longstring"]
                 & ~(checks["longstring"] > spec.max_longstring_share * k)
                 & ~checks["flags"]["incomplete"] & ~checks["flags"]["too_fast"])
    if tail_only.any():
        pop = clean | tail_only
        Xp = key(X[pop], layout)
        raw_p, *_ = scale_scores(Xp, layout, spec.min_answered)
    else:
        pop, Xp, raw_p = clean, Xc, raw
    seen = seen[pop]
    null = order_screens(Xp, raw_p, ~np.isnan(Xp), seen, layout, spec, fit, norm_values)
    # misfit's and alignment's cuts come from the same null; derive_screens stores them
    # with the norm sample's shares and the random answers' catch
    screens = derive_screens(X[clean], layout, spec, fit, sub_checks, keyed=(Xc, raw),
                             null=null)
    screens.update({k: v for k, v in null.items()
                    if k not in screens and not k.startswith("_")})
    if "_hard_held" in null:
        # the share of the null's simulated attentive people whom the hard screens set
        # on it make invalid together, misaligned where its cut is the null's (misfit's
        # cut and the random cut of alignment are the norm sample's, and the null
        # overstates their rates: misfit_null_rate, misaligned_null_rate)
        held, flags = null["_hard_held"], list(null["_hard_held_flags"])
        if screens.get("misaligned_hard") and "misaligned" in spec.hard_flags \
                and screens.get("alignment_rule") == "null":
            with np.errstate(invalid="ignore"):
                held = held | (null["_alignment_held"][0] <= screens["alignment_cut"] + 1e-12)
            flags.append("misaligned")
        screens["hard_null_rate"] = float(held.mean())
        screens["hard_null_flags"] = sorted(flags)
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
        trait_omega=t_omega,
        n_parts=n_parts,
        scale_problems=problems,
        screens=screens,
        fit=fit,
        **stats,
    )
