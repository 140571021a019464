"""Generating models that differ from the engine's assumptions, for the stress suite.

Not a test module: the stress tests and scripts/validity_report.py import it.

Every model draws graded-response items (Samejima) with item-specific
discriminations and locations (non-parallel items), twin pairs that share a
specific factor, and latent traits from a Gaussian copula: z ~ N(0, [[1, r], [r, 1]])
is the truth used for calibration (whose standardised trait is higher), and the
trait fed to the items is a monotone transform of z (skewed where asked), so the
truth is "which trait is higher relative to the population", a statement that
survives any monotone distortion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assessments.scoring import Layout
from assessments.scoring.spec import FAMILY_WITHHOLDING_FLAGS

BANKS = Path(__file__).resolve().parents[3] / "assessments" / "banks"
CARELESS = ("uniform", "midpoint", "straight", "noisy_straight", "yea")
# Careless types added for issue 21; kept out of CARELESS so that measure_screens (and
# the tests written against it) draw exactly the samples they always drew.
#   partial       attentive for the first two thirds of the form (administration
#                 order), uniform random for the last third (fatigue)
#   zigzag        1-2-3-4-5-4-3-2-1-2-... down the form, random phase
#   noisy_zigzag  the same with 15 % of the answers replaced by uniform random ones
MORE_CARELESS = ("partial", "zigzag", "noisy_zigzag")
ALL_CARELESS = CARELESS + MORE_CARELESS
STYLES = ("extreme", "midpoint")


def bank_layout(name: str = "core_v2.json") -> Layout:
    d = json.loads((BANKS / name).read_text(encoding="utf-8"))
    items = sorted(d["items"], key=lambda it: it["order"])
    return Layout.build(
        [{"code": it["code"], "scale": it["scale"], "reverse": it["reverse"],
          "min": it["min"], "max": it["max"]} for it in items],
        [{"code": s["code"], "role": s["role"]} for s in d["scales"]],
        d["pairs"])


def generic_layout(k_exe: int, k_cmp: int, points: int, pairs_per_scale: int = 6) -> Layout:
    """Two scales interleaved as evenly as their lengths allow, ~45 % reverse-keyed,
    twins at least 8 positions apart, a third of the pairs opposite."""
    order = []
    ie = ic = 0
    for _ in range(k_exe + k_cmp):
        if ic >= k_cmp or (ie < k_exe and ie * k_cmp <= ic * k_exe):
            order.append(("EXE", ie))
            ie += 1
        else:
            order.append(("CMP", ic))
            ic += 1
    items, pairs = [], []
    for scale, k in (("EXE", k_exe), ("CMP", k_cmp)):
        rev = np.array([(i * 7) % 11 < 5 for i in range(k)])
        for p in range(pairs_per_scale):
            a, b = p, p + k // 2
            if p % 3 == 0:
                rev[b] = not rev[a]
                rel = "opposite"
            else:
                rev[b] = rev[a]
                rel = "same"
            pairs.append({"a": f"{scale}{a:02d}", "b": f"{scale}{b:02d}", "relation": rel})
        for i in range(k):
            items.append({"code": f"{scale}{i:02d}", "scale": scale, "reverse": bool(rev[i]),
                          "min": 1, "max": points})
    by_code = {it["code"]: it for it in items}
    ordered = [by_code[f"{s}{i:02d}"] for s, i in order]
    return Layout.build(ordered, [{"code": "EXE", "role": "execution"},
                                  {"code": "CMP", "role": "compression"}], pairs)


@dataclass(frozen=True)
class Model:
    name: str
    layout_name: str                       # a bank file, or "generic:kE:kC:points"
    rho: float = 0.4                       # correlation of the latent traits
    discrimination: tuple = (0.8, 2.2)
    location_sd: float = 0.6
    exe_location: float = -0.6             # EXE statements easy to agree with
    cmp_location: float = 0.0
    specific: float = 0.6                  # twin-specific factor weight
    skew_exe: float = 0.0                  # lognormal skew of the EXE trait
    method_sd: float = 0.0                 # acquiescence factor on raw answers
    clusters: int = 0                      # undeclared item clusters per scale (3 items)
    cluster_sd: float = 0.0
    self_enhance: float = 0.0              # mean shift on forward EXE items
    mnar: float = 0.0                      # slope of missingness on the keyed latent
    missing: float = 0.01
    description: str = ""
    extra: dict = field(default_factory=dict)
    # Added for issue 21 (the defaults draw exactly what the models above always drew).
    log_discrimination: bool = False       # discriminations log-uniform over the range
    # response styles: share of attentive people with an extreme / a midpoint style, and
    # the factor their item thresholds are multiplied by (around each item's location:
    # < 1 pulls the thresholds together, so answers go to the ends; > 1 spreads them,
    # so answers pile up in the middle)
    style_share: tuple = (0.0, 0.0)
    style_factor: tuple = (1.0, 1.0)
    language_share: float = 0.0            # share of people reading the translation
    language_reversed: int = 0             # items the translation turns round (per scale)

    def layout(self) -> Layout:
        if self.layout_name.startswith("generic:"):
            _, ke, kc, pts, *pairs = self.layout_name.split(":")
            return generic_layout(int(ke), int(kc), int(pts), *(int(p) for p in pairs))
        return bank_layout(self.layout_name)


MODELS = (
    Model("core_v2_grm", "core_v2.json",
          description="CORE v2 layout, 5-point, non-parallel graded items, r = .4"),
    Model("core_v1_weak", "core.json", discrimination=(0.5, 1.4), specific=0.7,
          description="CORE v1 layout, weaker items (a .5-1.4), r = .4"),
    Model("seven_point_skewed_mnar", "generic:30:16:7", rho=-0.2, skew_exe=0.8,
          mnar=1.0, missing=0.02,
          description="7-point, 30/16 items, r = -.2, skewed EXE trait, "
                      "answers missing not at random"),
    Model("method_factor", "core_v2.json", method_sd=0.6, clusters=2, cluster_sd=0.7,
          description="CORE v2 layout, acquiescence factor (SD .6 logits) and "
                      "undeclared 3-item clusters"),
    Model("self_enhancement", "core_v2.json", self_enhance=0.8,
          description="CORE v2 layout, self-enhancement on forward EXE items "
                      "(person shift ~ |N(0, .8)| logits)"),
    Model("five_point_unequal", "generic:20:32:5", rho=0.1, discrimination=(0.7, 2.5),
          description="5-point, 20/32 items, r = .1, wide discrimination range"),
)
# Models that break the engine's assumptions further (issue 21).  Everything not named
# is as in core_v2_grm.
MORE_MODELS = (
    Model("styles_mild", "core_v2.json", style_share=(0.2, 0.2), style_factor=(0.6, 1.5),
          description="CORE v2 layout; 20 % extreme style (thresholds x.6), "
                      "20 % midpoint style (x1.5)"),
    Model("styles_strong", "core_v2.json", style_share=(0.2, 0.2), style_factor=(0.3, 3.0),
          description="CORE v2 layout; 20 % extreme style (thresholds x.3), "
                      "20 % midpoint style (x3)"),
    Model("four_point", "generic:24:24:4",
          description="4-point scale (no midpoint), 24/24 items"),
    Model("seven_point", "generic:24:24:7",
          description="7-point scale, 24/24 items"),
    Model("discrimination_02_5", "core_v2.json", discrimination=(0.2, 5.0),
          log_discrimination=True,
          description="CORE v2 layout, discriminations log-uniform from .2 to 5"),
    Model("traits_r60", "core_v2.json", rho=0.6,
          description="CORE v2 layout, traits correlated .6"),
    Model("short_8", "generic:8:8:5:3",
          description="8 items per scale, 3 twin pairs per scale, 5-point"),
    Model("long_40", "generic:40:40:5",
          description="40 items per scale, 5-point"),
    Model("language_reversed", "core_v2.json", language_share=0.3, language_reversed=1,
          description="CORE v2 layout; 30 % read a translation that turns one item "
                      "per scale round (two items)"),
)
ALL_MODELS = MODELS + MORE_MODELS
BY_NAME = {m.name: m for m in ALL_MODELS}


@dataclass
class Sample:
    X: np.ndarray
    truth: np.ndarray          # (n, 2) copula z of (EXE, CMP)
    kind: np.ndarray
    style: np.ndarray | None = None      # "" / "extreme" / "midpoint" (attentive only)
    language: np.ndarray | None = None   # "" / "translated"


def _items(model: Model, layout: Layout, rng):
    k = layout.k
    m = (layout.maximum - layout.minimum + 1).astype(int)
    if model.log_discrimination:
        a = np.exp(rng.uniform(*np.log(model.discrimination), k))
    else:
        a = rng.uniform(*model.discrimination, k)
    loc = rng.normal(0.0, model.location_sd, k)
    roles = np.array([layout.scale_roles[s] for s in layout.item_scale])
    loc += np.where(roles == "execution", model.exe_location, model.cmp_location)
    b = []
    for j in range(k):
        base = np.linspace(-1.8, 1.8, m[j] - 1) * rng.uniform(0.7, 1.3)
        b.append(np.sort(base + loc[j]))
    return a, b


def _grm(eta, a, b, lo, u, spread=None):
    """Graded answers; ``spread`` (per person) multiplies the thresholds' distances from
    the item's location (their mean), a person-level response style."""
    if spread is not None:
        centre = b.mean()
        b = centre + spread[:, None] * (b - centre)[None, :]
    else:
        b = b[None, :]
    p = 1.0 / (1.0 + np.exp(-a * (eta[:, None] - b)))
    return lo + (u[:, None] < p).sum(axis=1)


def reversed_in_translation(layout: Layout, per_scale: int) -> np.ndarray:
    """Items the translation turns round: the first per_scale items of each scale that
    belong to no twin pair (so the twin screen does not see them)."""
    paired = {i for pair in layout.pairs for i in pair}
    out = []
    for s in range(layout.n_scales):
        out += [int(j) for j in layout.scale_items(s) if int(j) not in paired][:per_scale]
    return np.array(out, dtype=int)


def generate(model: Model, n_attentive: int, rng, careless: dict | None = None,
             item_seed: int = 7) -> Sample:
    """n_attentive attentive people plus careless[kind] people of each careless kind."""
    layout = model.layout()
    careless = careless or {}
    kinds = ["attentive"] * n_attentive
    for kind in ALL_CARELESS:
        kinds += [kind] * int(careless.get(kind, 0))
    kind = np.array(kinds)
    n, k = kind.size, layout.k
    a, b = _items(model, layout, np.random.default_rng(item_seed))
    e, c = layout.role_indices
    corr = np.array([[1.0, model.rho], [model.rho, 1.0]])
    z = rng.standard_normal((n, 2)) @ np.linalg.cholesky(corr).T
    theta = z.copy()
    if model.skew_exe:
        s = model.skew_exe
        theta[:, 0] = (np.exp(s * z[:, 0]) - np.exp(s * s / 2)) / np.sqrt(
            (np.exp(s * s) - 1) * np.exp(s * s))
    trait = np.zeros((n, layout.n_scales))
    trait[:, e], trait[:, c] = theta[:, 0], theta[:, 1]
    eta = trait[:, layout.item_scale].copy()
    for ia, ib in layout.pairs:
        f = model.specific * rng.standard_normal(n)
        eta[:, ia] += f
        eta[:, ib] += f
    if model.clusters:
        for s in range(layout.n_scales):
            idx = layout.scale_items(s)
            for q in range(model.clusters):
                members = idx[q * 5 + 1: q * 5 + 16: 5][:3]
                eta[:, members] += model.cluster_sd * rng.standard_normal(n)[:, None]
    sign = np.where(layout.reverse, -1.0, 1.0)
    raw_eta = sign * eta
    if model.method_sd:
        raw_eta += model.method_sd * rng.standard_normal(n)[:, None]
    if model.self_enhance:
        fwd_exe = (layout.item_scale == e) & ~layout.reverse
        raw_eta[:, fwd_exe] += np.abs(model.self_enhance * rng.standard_normal(n))[:, None]
    yea = kind == "yea"
    raw_eta[yea] += rng.uniform(1.5, 3.0, yea.sum())[:, None]
    style = np.full(n, "", dtype=object)
    spread = None
    if any(model.style_share):
        # attentive people only; the careless kinds keep their own behaviour
        att = np.flatnonzero(kind == "attentive")
        draw = rng.random(att.size)
        ext_share, mid_share = model.style_share
        style[att[draw < ext_share]] = "extreme"
        style[att[(draw >= ext_share) & (draw < ext_share + mid_share)]] = "midpoint"
        spread = np.ones(n)
        spread[style == "extreme"] = model.style_factor[0]
        spread[style == "midpoint"] = model.style_factor[1]
    X = np.empty((n, k))
    for j in range(k):
        bj = b[j] if sign[j] > 0 else -b[j][::-1]
        X[:, j] = _grm(raw_eta[:, j], a[j], bj, layout.minimum[j], rng.random(n), spread)
    language = np.full(n, "", dtype=object)
    if model.language_share:
        translated = rng.random(n) < model.language_share
        language[translated] = "translated"
        turned = reversed_in_translation(layout, model.language_reversed)
        rows = np.flatnonzero(translated)[:, None]
        X[rows, turned] = layout.minimum[turned] + layout.maximum[turned] - X[rows, turned]
    lo, hi = layout.minimum, layout.maximum
    span = hi - lo + 1
    uni = kind == "uniform"
    X[uni] = lo + np.floor(rng.random((uni.sum(), k)) * span)
    mid = kind == "midpoint"
    centre = (lo + hi) / 2
    X[mid] = np.clip(np.rint(centre + rng.normal(0, 1, (mid.sum(), k)) * (hi - lo) / 5),
                     lo, hi)
    for kind_name, noise in (("straight", 0.0), ("noisy_straight", 0.10)):
        rows = np.flatnonzero(kind == kind_name)
        if rows.size:
            start = (rng.uniform(0.0, 0.7, rows.size) * k).astype(int)
            value = lo[0] + rng.integers(0, int(hi[0] - lo[0]) + 1, rows.size)
            line = np.arange(k)[None, :] >= start[:, None]
            noisy = rng.random((rows.size, k)) < noise
            rand = lo + np.floor(rng.random((rows.size, k)) * span)
            vals = np.where(noisy, rand, value[:, None])
            X[rows] = np.where(line, vals, X[rows])
    rows = np.flatnonzero(kind == "partial")
    if rows.size:
        # the last third in administration order (the layout's item order)
        tail = np.arange(k) >= (2 * k) // 3
        rand = lo + np.floor(rng.random((rows.size, k)) * span)
        X[rows] = np.where(tail[None, :], rand, X[rows])
    for kind_name, noise in (("zigzag", 0.0), ("noisy_zigzag", 0.15)):
        rows = np.flatnonzero(kind == kind_name)
        if rows.size:
            X[rows] = zigzag(lo, hi, rng.integers(0, 1000, rows.size))
            if noise:
                noisy = rng.random((rows.size, k)) < noise
                rand = lo + np.floor(rng.random((rows.size, k)) * span)
                X[rows] = np.where(noisy, rand, X[rows])
    # missingness: at random, and where asked, more often on low keyed latent responses
    keyed_latent = eta
    p_miss = np.full((n, k), model.missing)
    if model.mnar:
        p_miss = model.missing * np.exp(-model.mnar * keyed_latent)
        p_miss = np.clip(p_miss, 0, 0.3)
    miss = rng.random((n, k)) < p_miss
    miss[kind != "attentive"] = False
    X[miss] = np.nan
    return Sample(X=X, truth=z, kind=kind, style=style, language=language)


def zigzag(lo, hi, phase):
    """Rows of answers going up and down the answer range (1-2-3-4-5-4-3-2-1-2-...), one
    row per phase; each item's own range, position by position down the form."""
    lo = np.asarray(lo, dtype=float)
    top = (np.asarray(hi, dtype=float) - lo).astype(int)
    t = np.arange(lo.size)[None, :] + np.asarray(phase)[:, None]
    period = 2 * top[None, :]
    r = t % period
    return lo[None, :] + np.where(r <= top[None, :], r, period - r)


def calibration_errors(p, truth, min_bin=300):
    """mean P - share truly execution-higher, per tenth of P with >= min_bin people."""
    ok = np.isfinite(p)
    p, truth = p[ok], truth[ok]
    bins = np.clip((p * 10).astype(int), 0, 9)
    out = np.full(10, np.nan)
    for b in range(10):
        inside = bins == b
        if inside.sum() >= min_bin:
            out[b] = p[inside].mean() - truth[inside].mean()
    return out


def calibration_noise_floor(p, rng, reps: int = 400, min_bin: int = 300):
    """(median, 95th percentile) of the worst gap per tenth that a perfectly calibrated
    probability shows on these P values: outcomes drawn as Bernoulli(P), binned and
    scored exactly as calibration_errors does.  A measured worst gap is evidence of
    miscalibration only beyond this floor (it shrinks like 1/sqrt(people per tenth))."""
    p = np.asarray(p, dtype=float)
    p = p[np.isfinite(p)]
    bins = np.clip((p * 10).astype(int), 0, 9)
    size = np.bincount(bins, minlength=10)
    used = size >= min_bin
    if not used.any():
        return float("nan"), float("nan")
    mean_p = np.bincount(bins, weights=p, minlength=10)[used] / size[used]
    worst = np.empty(reps)
    for r in range(reps):
        hit = rng.random(p.size) < p
        share = np.bincount(bins, weights=hit, minlength=10)[used] / size[used]
        worst[r] = np.abs(mean_p - share).max()
    return float(np.median(worst)), float(np.quantile(worst, 0.95))


def _rates(sc, rows) -> dict:
    if not rows.any():
        return {"n": 0, "flagged": np.nan, "invalid": np.nan, "family": np.nan,
                "random_side": np.nan, "by_flag": {}}
    return {"n": int(rows.sum()),
            "flagged": float((sc.validity[rows] != "valid").mean()),
            "invalid": float((sc.validity[rows] == "invalid").mean()),
            "family": float(np.isin(sc.role_family[rows], ["execution", "compression"]).mean()),
            # no flag, but no family: on the random side of the campaign's null
            "random_side": float((sc.unclassified_reason[rows] == "random_side").mean()),
            "by_flag": {name: float(sc.flags[rows, i].mean())
                        for i, name in enumerate(sc.flag_names)}}


def measure_campaign(model: Model, spec, n_people: int, n_careless: int, seed: int,
                     noise_reps: int = 400) -> dict:
    """Screens and calibration as a campaign sees them: one sample of n_people attentive
    people plus 1 % of n_people of every careless type (ALL_CARELESS) builds the norms
    and is scored with them; a further n_careless people of each careless type are
    scored with the same norms to measure how often each type is caught.

    Keys: "attentive" and each careless type (n, flagged, invalid, family, by_flag);
    "style:extreme", "style:midpoint", "style:none" (attentive people by response style,
    present where the model has styles); "language:translated" / "language:original"
    where the model has a translation; "calibration": worst gap per tenth of P over the
    attentive people not marked invalid, the errors per tenth, the people used and the
    noise floor (median, 95th percentile); "norms"."""
    from assessments.scoring import build_norms, score

    layout = model.layout()
    rng = np.random.default_rng(seed)
    campaign = generate(model, n_people, rng,
                        {kind: max(n_people // 100, 1) for kind in ALL_CARELESS})
    norms = build_norms(campaign.X, layout, spec)
    sc = score(campaign.X, layout, norms, spec)
    extra = generate(model, 0, rng, {kind: n_careless for kind in ALL_CARELESS})
    sc_extra = score(extra.X, layout, norms, spec)
    att = campaign.kind == "attentive"
    out = {"norms": norms, "attentive": _rates(sc, att)}
    for kind in ALL_CARELESS:
        out[kind] = _rates(sc_extra, extra.kind == kind)
    if any(model.style_share):
        for name, value in (("extreme", "extreme"), ("midpoint", "midpoint"), ("none", "")):
            out[f"style:{name}"] = _rates(sc, att & (campaign.style == value))
    if model.language_share:
        for name, value in (("translated", "translated"), ("original", "")):
            out[f"language:{name}"] = _rates(sc, att & (campaign.language == value))
    use = att & (sc.validity != "invalid") & np.isfinite(sc.probability_execution)

    def calibration(rows, min_bin):
        p = sc.probability_execution[rows]
        truth = campaign.truth[rows, 0] > campaign.truth[rows, 1]
        errors = calibration_errors(p, truth, min_bin)
        floor = calibration_noise_floor(p, np.random.default_rng(seed + 1), noise_reps,
                                        min_bin)
        worst = float(np.nanmax(np.abs(errors))) if np.isfinite(errors).any() else np.nan
        return {"worst": worst, "errors": errors, "people": int(rows.sum()),
                "floor_median": floor[0], "floor_p95": floor[1], "p": p, "truth": truth}

    out["calibration"] = calibration(use, 300)
    # the subgroup the misspecification hits, tenths with >= 200 of its people
    if any(model.style_share):
        out["calibration:extreme"] = calibration(use & (campaign.style == "extreme"), 200)
    if model.language_share:
        out["calibration:translated"] = calibration(use & (campaign.language == "translated"),
                                                    200)
    return out


def measure_engine_model(spec, n_people: int, n_careless: int, seed: int,
                         noise_reps: int = 400) -> dict:
    """measure_campaign's figures on the engine's own simulator (``scoring.simulate`` on
    ``demo_layout``: parallel items, its own mix of 3 % random, 2 % straight, 2 % yea and
    2 % incomplete records, no timings passed), for the calibration target "on the
    engine's own model".  Careless catch rates come from n_careless more people of each
    of its kinds ("random" is uniform random, reported as "uniform")."""
    from assessments.scoring import build_norms, demo_layout, score, simulate

    layout = demo_layout()
    rng = np.random.default_rng(seed)
    n_total = int(round(n_people / 0.91))        # 91 % of simulate's people are attentive
    camp = simulate(layout, n_total, rng, timings=False)
    norms = build_norms(camp.X, layout, spec)
    sc = score(camp.X, layout, norms, spec)
    att = camp.kind == "attentive"
    out = {"norms": norms, "attentive": _rates(sc, att)}
    shares = {"share_random": 0.0, "share_straight": 0.0, "share_yea": 0.0,
              "share_incomplete": 0.0}
    for kind, name, share in (("random", "uniform", "share_random"),
                              ("straight", "straight", "share_straight"),
                              ("yea", "yea", "share_yea")):
        extra = simulate(layout, n_careless, rng, timings=False, items=camp.items,
                         **{**shares, share: 1.0})
        out[name] = _rates(score(extra.X, layout, norms, spec), extra.kind == kind)
    e, c = layout.role_indices
    use = att & (sc.validity != "invalid") & np.isfinite(sc.probability_execution)
    p = sc.probability_execution[use]
    truth = camp.traits[use, e] > camp.traits[use, c]
    errors = calibration_errors(p, truth)
    floor = calibration_noise_floor(p, np.random.default_rng(seed + 1), noise_reps)
    out["calibration"] = {"worst": float(np.nanmax(np.abs(errors))), "errors": errors,
                          "people": int(use.sum()), "floor_median": floor[0],
                          "floor_p95": floor[1]}
    return out


def measure_screens(model: Model, spec, n_norm=2000, n_att=6000, n_careless=500, seed=1):
    """Flag and invalid rates per kind, norms from a sample with 1 % of each careless kind."""
    from assessments.scoring import build_norms, score

    layout = model.layout()
    rng = np.random.default_rng(seed)
    contamination = {kind: n_norm // 100 for kind in CARELESS}
    norm_sample = generate(model, n_norm, rng, contamination)
    norms = build_norms(norm_sample.X, layout, spec)
    test = generate(model, n_att, rng, {kind: n_careless for kind in CARELESS})
    sc = score(test.X, layout, norms, spec)
    out = {"norms": norms, "scores": sc, "sample": test}
    for kind in ("attentive",) + CARELESS:
        m = test.kind == kind
        out[kind] = {"flagged": float((sc.validity[m] != "valid").mean()),
                     "invalid": float((sc.validity[m] == "invalid").mean()),
                     "family": float(np.isin(sc.role_family[m],
                                             ["execution", "compression"]).mean()),
                     "execution": float((sc.role_family[m] == "execution").mean()),
                     "compression": float((sc.role_family[m] == "compression").mean()),
                     # soft flags that withhold P and family (result questionable)
                     "withheld": float(np.isin(sc.unclassified_reason[m],
                                               FAMILY_WITHHOLDING_FLAGS).mean())}
    return out


def measure_calibration(model: Model, spec, n_norm, draws, n_test=4000, seed=11):
    """Calibration per tenth pooled over ``draws`` norm samples of n_norm people (each
    with 1 % of every careless kind), P of attentive test people not marked invalid."""
    from assessments.scoring import build_norms, score

    layout = model.layout()
    rng = np.random.default_rng(seed)
    ps, truths = [], []
    for _ in range(draws):
        norm_sample = generate(model, n_norm, rng,
                               {kind: max(n_norm // 100, 0) for kind in CARELESS})
        norms = build_norms(norm_sample.X, layout, spec)
        test = generate(model, n_test, rng)
        sc = score(test.X, layout, norms, spec)
        use = sc.validity != "invalid"
        ps.append(sc.probability_execution[use])
        truths.append(test.truth[use, 0] > test.truth[use, 1])
    return calibration_errors(np.concatenate(ps), np.concatenate(truths))


BFI = Path(__file__).resolve().parents[2] / "data" / "bfi.csv"
BFI_REVERSE = {"A1", "C4", "C5", "E1", "E2", "O2", "O5"}


def bfi_with_twins(spec, n_pairs: int = 8):
    """Real data: psych's bfi, its n_pairs most-correlated within-scale item pairs
    (keyed) declared as twins ('same' when both share a key, else 'opposite').
    Returns (share flagged, share invalid, share per flag)."""
    import csv

    from assessments.scoring import build_norms, key, pairwise_corr, score
    from assessments.scoring.keying import scale_scores
    from assessments.scoring.personfit import random_likelihood

    codes = [f"{t}{i}" for t in "ACENO" for i in range(1, 6)]
    with BFI.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    X = np.array([[float(r[c]) if r[c] != "" else np.nan for c in codes] for r in rows])
    items = [{"code": c, "scale": c[0], "reverse": c in BFI_REVERSE, "min": 1, "max": 6}
             for c in codes]
    plain = Layout.build(items, [{"code": t, "role": None} for t in "ACENO"], [])
    R = pairwise_corr(key(X, plain))
    cands = [(R[i, j], i, j) for i in range(25) for j in range(i + 1, 25)
             if codes[i][0] == codes[j][0]]
    cands.sort(reverse=True)
    used, pairs = set(), []
    for _, i, j in cands:
        if i in used or j in used:
            continue
        rel = "same" if (codes[i] in BFI_REVERSE) == (codes[j] in BFI_REVERSE) else "opposite"
        pairs.append({"a": codes[i], "b": codes[j], "relation": rel})
        used |= {i, j}
        if len(pairs) == n_pairs:
            break
    layout = Layout.build(items, [{"code": t, "role": None} for t in "ACENO"], pairs)
    norms = build_norms(X, layout, spec)
    sc = score(X, layout, norms, spec)
    flagged = sc.validity != "valid"
    detail = {name: round(float(sc.flags[:, i].mean()), 4)
              for i, name in enumerate(sc.flag_names)}
    # bfi has no role scales (no family is ever named): the share of people who are not
    # invalid and not withheld by a flag but whose answers sit at or below the random-side
    # cut, i.e. who would lose a family to it
    cut = norms.screens.get("random_like_family_cut")
    if cut is not None:
        Xk = key(X, layout)
        raw, *_ = scale_scores(Xk, layout, spec.min_answered)
        rl = random_likelihood(Xk, raw, layout, norms.fit)
        kept = (sc.validity != "invalid") & ~sc.flags[:, np.isin(sc.flag_names,
                                                                  FAMILY_WITHHOLDING_FLAGS)].any(1)
        with np.errstate(invalid="ignore"):
            detail["random_side"] = round(float(np.mean(kept & (rl <= cut + 1e-12))), 4)
    return float(flagged.mean()), float((sc.validity == "invalid").mean()), detail


_CACHE: dict = {}


def screens_of(name: str):
    """measure_screens for one model with the suite's sizes, computed once per process."""
    from assessments.scoring import Spec

    key_ = ("screens", name)
    if key_ not in _CACHE:
        _CACHE[key_] = measure_screens(BY_NAME[name], Spec(), n_norm=2000, n_att=4000,
                                       n_careless=400, seed=3)
    return _CACHE[key_]


def campaign_of(name: str):
    """measure_campaign for one model with the test suite's sizes (3,000 people, 300 of
    each careless type, seed 21), computed once per process."""
    from assessments.scoring import Spec

    key_ = ("campaign", name)
    if key_ not in _CACHE:
        _CACHE[key_] = measure_campaign(BY_NAME[name], Spec(), n_people=3000, n_careless=300,
                                        seed=21, noise_reps=100)
    return _CACHE[key_]


def calibration_of(name: str, n_norm: int = 1000, draws: int = 5, n_test: int = 10000):
    from assessments.scoring import Spec

    key_ = ("cal", name, n_norm, draws, n_test)
    if key_ not in _CACHE:
        _CACHE[key_] = measure_calibration(BY_NAME[name], Spec(), n_norm, draws, n_test)
    return _CACHE[key_]
