"""The simulated null of the validity screens whose cuts are not quantiles of the norm
sample: 40,000 attentive people drawn from the norm group's fitted tables, each keeping
the score bands and the response style of a norm person (personfit.draw_styled), on which
the cuts of late_misfit, zigzag, random_like and longstring are set at their declared
false-flag levels and judged on a held-out half (docs/scoring.md, section 8). Built once
per norm group by norms.build_norms."""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import OrderedDict

import numpy as np

from .keying import key, scale_scores
from .layout import Layout
from .personfit import (
    ROW_BLOCK,
    draw_styled,
    estimate_style,
    fit_and_segment,
    late_items,
    random_likelihood,
    table_lookup,
)
from .spec import NULL_FLAGS, ORDER_FLAGS, Spec
from .validity import (
    alignment,
    longstring,
    positions,
    step_share,
    tail_share,
    tail_values,
    tail_width,
)

NULL_SEED = 20261207
N_NULL = 40000          # simulated attentive people per norm group (half set, half check)


def _null_cut(t: np.ndarray, alpha: float, upper: bool):
    """The cut whose rate among the null values ``t`` is at most ``alpha``: the smallest
    c with share(t >= c) <= alpha (``upper``), else the largest c with share(t <= c) <=
    alpha.  Shares are over the finite values.  None without enough of them."""
    t = t[np.isfinite(t)]
    if t.size < 1000:
        return None
    if not upper:
        c = _null_cut(-t, alpha, True)
        return None if c is None else -c
    ordered = np.sort(t)
    values = np.unique(ordered)
    rate = (t.size - np.searchsorted(ordered, values, side="left")) / t.size
    within = np.flatnonzero(rate <= alpha)
    return float(values[within[0]]) if within.size else None


def _rate(t: np.ndarray, cut, upper: bool):
    t = t[np.isfinite(t)]
    if cut is None or not t.size:
        return None
    return float(np.mean(t >= cut - 1e-12) if upper else np.mean(t <= cut + 1e-12))


def order_screens(Xk: np.ndarray, raw: np.ndarray, answered: np.ndarray, order: np.ndarray,
                  layout: Layout, spec: Spec, fit, norm_values: dict) -> dict:
    """Cuts of the segment test (late_misfit) and the sequence statistic (zigzag), set on
    a null simulated from this norm group's fitted conditional model.

    ``N_NULL`` attentive people are drawn (fixed seed): each is a norm person (every
    norm person in turn, as often as it takes, or a fixed-seed subset of a larger norm
    sample) answering every item they answered, in their own administration order,
    with a keyed answer drawn from the person-fit table's category distribution at
    their score band (``personfit.draw_attentive``).  Both statistics are computed on
    the draws exactly as scoring computes them.  The first half of the draws sets each
    cut at the screen's declared false-flag level (``spec.late_misfit_false_flag``,
    ``spec.zigzag_false_flag``); the second half measures the cut's false-flag rate
    among simulated attentive people (``*_null_rate``).  A screen is hard only where
    that held-out rate is at or below ``spec.hard_false_flag_rate``.  The norm sample's
    own share at the cut (``*_norm_share``) is reported beside it: it includes the
    careless people the campaign holds, so it is not used to set or judge the cut.
    ``norm_values``: the two statistics of the norm people (for that share).
    """
    n = Xk.shape[0]
    if not fit or n < 2:
        return {}
    out = dict(_null_cuts(Xk, raw, answered, order, layout, spec, fit))
    for flag in ORDER_FLAGS + NULL_FLAGS:
        if out.get(f"{flag}_cut") is not None and flag in norm_values:
            upper = flag == "zigzag"
            out[f"{flag}_norm_share"] = _rate(norm_values[flag], out[f"{flag}_cut"], upper)
    return out


# The null is a pure function of the norm sample, its fitted tables, the layout and the
# spec (fixed seeds), and costs about half a second per norm group. The same norm group
# is often built again in one process (a rebuild, a second run on the same submissions;
# in the test suite 179 builds held 13 different samples), so its cuts are kept, keyed by
# a digest of every input the draws read: equal bytes, equal cuts.
_NULL_MEMO: OrderedDict = OrderedDict()
_NULL_MEMO_SIZE = 32


def _null_key(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(pickle.dumps(part, protocol=5))
    return digest.hexdigest()


def _null_cuts(Xk, raw, answered, order, layout: Layout, spec: Spec, fit) -> dict:
    key_ = _null_key(Xk, raw, answered, order, layout, spec.hash(), fit, N_NULL, NULL_SEED)
    if key_ in _NULL_MEMO:
        _NULL_MEMO.move_to_end(key_)
        return _NULL_MEMO[key_]
    out: dict = {}
    rng = np.random.default_rng(NULL_SEED)
    # people in a canonical order (by their answers and their order), so the draws do not
    # depend on the order in which the norm sample's rows happen to arrive
    # (a fixed random projection of each row: equal rows tie, and are interchangeable)
    w = np.random.default_rng(NULL_SEED + 1).random((2, Xk.shape[1]))
    canonical = np.argsort(np.nan_to_num(Xk, nan=-1.0) @ w[0] + order @ w[1], kind="stable")
    # The null copies only people whose answers are more likely, at their own best
    # style, than uniform random answers (personfit.random_likelihood > 0; attentive
    # people of every style sit well above 0).  Uniform random answers in the norm
    # sample read as a strong extreme style to the tilt: copied, they put careless
    # people's "styles" into the null, and on the engine's own simulator (3 % random
    # records) the misfit cut fell from -3.7 to -6.5.
    copied = ~(random_likelihood(Xk, raw, layout, fit) <= 0.0)
    if copied.sum() >= 2:
        canonical = canonical[copied[canonical]]
    who = canonical[np.resize(rng.permutation(canonical.size), N_NULL)]
    # every simulated person copies a norm person's score bands and response style
    # (shrunk so that their spread is that of the styles, not of the best guesses)
    style = estimate_style(Xk, raw, layout, fit, shrink="spread")
    Xs = draw_styled(fit, layout, raw[who], answered[who], style[who], rng)
    late, steps, rand, lz, align, tails, runs = _draw_statistics(Xs, order, who, layout,
                                                                 spec, fit)
    stats = {
        "late_misfit": (late, False, spec.late_misfit_false_flag),
        "zigzag": (steps, True, spec.zigzag_false_flag),
        "random_like": (rand, False, spec.random_like_false_flag),
    }
    half = N_NULL // 2
    held: dict = {}         # per screen, which held-out draws it raises
    for flag, (t, upper, alpha) in stats.items():
        cut = _null_cut(t[:half], alpha, upper)
        out[f"{flag}_cut"] = cut
        if cut is None:
            out[f"{flag}_hard"] = False
            continue
        with np.errstate(invalid="ignore"):
            held[flag] = t[half:] >= cut - 1e-12 if upper else t[half:] <= cut + 1e-12
        null_rate = _rate(t[half:], cut, upper)
        out[f"{flag}_false_flag"] = float(alpha)
        out[f"{flag}_null_rate"] = null_rate
        out[f"{flag}_hard"] = bool(null_rate is not None
                                   and null_rate <= spec.hard_false_flag_rate)
    out.update(_random_side_cut(rand, answered[who], style[who], layout, spec, fit, half))
    longstring_cuts = _longstring_cuts(tails, runs, layout.k, spec, half)
    held["longstring"] = longstring_cuts.pop("_held")
    out.update(longstring_cuts)
    out.update(_fit_cuts(lz, align, style[who], spec, half))
    # which simulated attentive people the hard screens set here make invalid (spec's
    # hard_flags less those this null made soft); norms.build_norms adds misaligned at
    # the cut it keeps and stores the share (one person raising two counts once)
    hard = [f for f in spec.hard_flags if f in held and out.get(f"{f}_hard")]
    out["_hard_held"] = np.logical_or.reduce([held[f] for f in hard]) if hard \
        else np.zeros(N_NULL - half, dtype=bool)
    out["_hard_held_flags"] = hard
    out["style_sd"] = float(np.nanstd(style)) if np.isfinite(style).any() else None
    _NULL_MEMO[key_] = out
    if len(_NULL_MEMO) > _NULL_MEMO_SIZE:
        _NULL_MEMO.popitem(last=False)
    return out


def _draw_statistics(Xs, order, who, layout: Layout, spec: Spec, fit):
    """The segment test, the sequence statistic, the random likelihood, person fit (l_z),
    twin alignment, the tail share and the longest run of every simulated person: ``Xs``
    their answers, ``order[who]`` their orders.

    Read ROW_BLOCK people at a time, with one lookup of the tables per block: every
    statistic is a function of one person's row, and the blocks are the ones each
    statistic's own lookups read in (personfit.ROW_BLOCK), so no value changes. Only
    the draws are held whole; their keyed answers, scores, orders and lookups for all
    N_NULL people at once were about 100 MB of a norm build's peak memory."""
    n = Xs.shape[0]
    late, steps, rand, lz, align, tails, runs = (np.full(n, np.nan) for _ in range(7))
    # The tail share's answers named once for every block, as it would find them in all
    # the draws (validity.tail_share).
    width, values = tail_width(spec, layout.k), tail_values(layout)
    if values is None:
        values = np.unique(Xs[~np.isnan(Xs)])
    for a in range(0, n, ROW_BLOCK):
        b = min(a + ROW_BLOCK, n)
        seen = order[who[a:b]]
        Xk = key(Xs[a:b], layout)
        raw, *_ = scale_scores(Xk, layout, spec.min_answered)
        lookup = table_lookup(Xk, raw, layout, fit)
        lz[a:b], _, late[a:b] = fit_and_segment(Xk, raw, layout, fit,
                                                late_items(positions(seen)), lookup=lookup)
        rand[a:b] = random_likelihood(Xk, raw, layout, fit, lookup=lookup)
        steps[a:b] = step_share(Xs[a:b], seen)
        align[a:b], _ = alignment(Xs[a:b], layout, spec.min_alignment_pairs,
                                  spec.twin_tolerance)
        tails[a:b] = tail_share(Xs[a:b], width, values)
        runs[a:b] = longstring(Xs[a:b])
    return late, steps, rand, lz, align, tails, runs


def _random_side_cut(t: np.ndarray, answered: np.ndarray, style: np.ndarray, layout: Layout,
                     spec: Spec, fit, half: int) -> dict:
    """The cut of the random-like statistic below which the answers are no better evidence
    of an attentive person than of a uniform random one, so no family is named
    (``random_like_family_cut``; engine.score, reason "random_side").

    ``t``: the statistic (``personfit.random_likelihood``) of the style-aware null draws.
    As many uniform random answer sheets (every category of an item equally likely, each
    answering the items a copied norm person answered; fixed seed) are scored the same
    way.  The cut is the largest value c of the first half of the null whose share at or
    below c is at most the uniform sheets' share above c (the point where the two
    errors meet: below it an attentive person is rarer than a random sheet that passes)
    and at most ``spec.random_side_null_rate``.  The second half measures the share of
    simulated attentive people it withholds the family from (``random_like_family_null_
    rate``), overall and per response-style subgroup (``judged``; ``style``: the copied
    person's style); where a subgroup's rate exceeds ``spec.random_side_null_rate`` the
    cut is lowered until it does not (a style must not carry the withheld families).  The
    uniform sheets' share at or below the cut is ``random_like_family_random_rate``.
    None where the null or the uniform sheets give no finite value."""
    rng = np.random.default_rng(NULL_SEED + 2)
    n = t.size
    m = np.round(layout.maximum - layout.minimum).astype(int) + 1
    Xu = layout.minimum + np.floor(rng.random((n, layout.k)) * m)
    Xu = np.where(answered, Xu, np.nan)
    # Scored ROW_BLOCK sheets at a time, as the null's draws are (_draw_statistics).
    u = np.full(n, np.nan)
    for a in range(0, n, ROW_BLOCK):
        Xuk = key(Xu[a:a + ROW_BLOCK], layout)
        raw_u, *_ = scale_scores(Xuk, layout, spec.min_answered)
        u[a:a + ROW_BLOCK] = random_likelihood(Xuk, raw_u, layout, fit)
    u = u[np.isfinite(u)]
    null_set = t[:half][np.isfinite(t[:half])]
    if u.size < 1000 or null_set.size < 1000:
        return {"random_like_family_cut": None}
    values = np.unique(null_set)
    below = np.searchsorted(np.sort(null_set), values, side="right") / null_set.size
    above = 1.0 - np.searchsorted(np.sort(u), values, side="right") / u.size
    within = np.flatnonzero((below <= above) & (below <= spec.random_side_null_rate))
    if not within.size:
        return {"random_like_family_cut": None}
    held, held_style = t[half:], np.nan_to_num(style[half:], nan=0.0)
    limit = spec.random_side_null_rate
    for i in within[::-1]:
        cut = float(values[i])
        rates, _ = judged(held, cut, held_style, spec)
        if all(r is None or r <= limit for g, r in rates.items() if g != "all"):
            break
    else:
        return {"random_like_family_cut": None}
    return {"random_like_family_cut": cut,
            "random_like_family_null_rate": rates["all"],
            "random_like_family_null_rate_extreme": rates.get("extreme"),
            "random_like_family_null_rate_midpoint": rates.get("midpoint"),
            "random_like_family_random_rate": float(np.mean(u <= cut + 1e-12)),
            "random_side_null_rate": float(spec.random_side_null_rate)}


def _longstring_cuts(ws: np.ndarray, ls: np.ndarray, k: int, spec: Spec, half: int) -> dict:
    """Cuts of the two longstring statistics on the style-aware null draws: ``ws`` their
    tail shares, ``ls`` their longest runs (``k`` items).

    The tail share (``validity.tail_share``) and the longest run (``validity.longstring``)
    are computed on the draws in the bank's order, exactly as scoring computes them.
    Each cut is set on the first half of the draws at half the declared level
    ``spec.longstring_false_flag`` (the union of the two then stays within it); the
    second half measures the union's rate (``longstring_null_rate``), and the flag is
    hard only where that rate is <= ``spec.hard_false_flag_rate``.  The cuts never go
    below the spec's fixed rule (tail share ``max_tail_share``, a run longer than
    ``max_longstring_share`` of the items): the null has no correlation between answers
    beyond the trait and the style (no method factors, no carry-over), so where it
    puts the cut below the fixed rule, real attentive people would be flagged more often
    than it says; the null only ever raises the cuts, where this campaign's styles make
    long runs of one answer common among attentive people.  A pure straight line
    stays flagged: the tail cut is at most 1.0 (a tail entirely of one answer) and the
    run cut at most k (a whole form of one answer); where no value of the null is rare
    enough (the null's own straight tails exceed the declared level), the cut falls back
    to exactly those, and the measured null rate decides whether the flag is hard.
    """
    alpha = spec.longstring_false_flag / 2.0
    tail_null = tail_cut = _null_cut(ws[:half], alpha, True)
    tail_cut = 1.0 if tail_cut is None else min(tail_cut, 1.0)
    tail_cut = max(tail_cut, spec.max_tail_share)
    run_null = run_cut = _null_cut(ls[:half], alpha, True)
    floor_run = math.floor(spec.max_longstring_share * k) + 1    # ls > share * k
    run_cut = float(k) if run_cut is None else min(run_cut, float(k))
    run_cut = max(run_cut, float(floor_run))
    held = ws[half:], ls[half:]
    with np.errstate(invalid="ignore"):
        raised = (held[0] >= tail_cut - 1e-9) | (held[1] >= run_cut)
    rate = float(np.mean(raised))
    return {"_held": raised,
            "longstring_tail_cut": float(tail_cut), "longstring_run_cut": float(run_cut),
            "longstring_false_flag": float(spec.longstring_false_flag),
            "longstring_null_rate": rate,
            "longstring_tail_null_cut": tail_null, "longstring_run_null_cut": run_null,
            "longstring_hard": bool(rate <= spec.hard_false_flag_rate)}




# A response style strong enough to count as a subgroup of its own in the null
# (spec.style_group_tilt, .5: an end answer weighed e^.5 = 1.65 times against the middle
# one, or the reverse), held by at least spec.style_group_share of the draws (a tenth).
# A campaign without styles has almost no such draws (core_v2_grm: spread of the styles
# .25). The share keeps careless people out of the judgment: random, yea-saying and
# straight answers in the norm sample read as a strong extreme style (on the engine's
# own simulator they are 6 % of the draws, below the tenth a subgroup needs).


def judged(t: np.ndarray, cut, style: np.ndarray, spec: Spec) -> tuple[dict, str]:
    """Rates of a lower-tail cut among held-out null draws ``t``, overall and per
    response-style subgroup (``style``: the copied person's style), and why the screen
    must be soft: "null_rate" (overall above spec.hard_false_flag_rate),
    "style_extreme" / "style_midpoint" (a subgroup above it), "" where it may be hard.
    A flag whose false flags fall on one response style would make the style, not
    carelessness, invalid."""
    rates = {"all": _rate(t, cut, False)}
    for group, member in (("extreme", style <= -spec.style_group_tilt),
                          ("midpoint", style >= spec.style_group_tilt)):
        if member.mean() >= spec.style_group_share:
            rates[group] = _rate(t[member], cut, False)
    limit = spec.hard_false_flag_rate
    if rates["all"] is None or rates["all"] > limit:
        return rates, "null_rate"
    over = [g for g, r in rates.items() if g != "all" and r is not None and r > limit]
    return rates, (f"style_{over[0]}" if over else "")


def _fit_cuts(lz, align, style, spec: Spec, half: int) -> dict:
    """Twin alignment's cut (``misaligned``) on the style-aware null, and the null's
    person fit for ``norms.derive_screens`` to judge misfit's cut with, from the draws'
    l_z (``lz``) and alignment (``align``).

    Alignment is computed on the draws exactly as scoring computes it.  The first half
    sets the cut at the declared level ``spec.misaligned_false_flag`` (the largest value
    whose share among simulated attentive people is at most that); the second half
    measures its rate among simulated attentive people, overall and per response-style
    subgroup (``judged``): hard only where all are within ``spec.hard_false_flag_rate``.
    Alignment is a share of a few pairs (a handful of values): where no value is rare
    enough at the declared level, the cut is the highest value whose null rate is within
    ``spec.soft_false_flag_rate`` (-1, nobody, where not even the lowest is), soft.
    The null's twins share only the trait band and the style, while real twins share
    more (the trait within the band, a specific factor): the null's alignment is lower
    than real attentive people's, so the cut is conservative.

    Misfit's cut is not set here: the null's l_z is not a fair image of attentive
    people's (docs/scoring.md, section 8).  ``_misfit_held`` (held-out l_z and styles)
    lets the norm group judge its own cut; the null's cut at the declared level and
    its body (10th, 25th percentile, median) are kept for the report.
    """
    held_style = np.nan_to_num(style[half:], nan=0.0)
    out: dict = {"misfit_null_cut": _null_cut(lz[:half], spec.misfit_false_flag, False)}
    cut = _null_cut(align[:half], spec.misaligned_false_flag, False)
    reason = ""
    if cut is None:
        reason = "no_cut"
        cut = _null_cut(align[:half], spec.soft_false_flag_rate, False)
        cut = -1.0 if cut is None else cut
    rates, why = judged(align[half:], cut, held_style, spec)
    reason = reason or why
    out.update({"alignment_cut": float(cut),
                "misaligned_false_flag": float(spec.misaligned_false_flag),
                "misaligned_null_rate": rates["all"],
                "misaligned_null_rate_extreme": rates.get("extreme"),
                "misaligned_null_rate_midpoint": rates.get("midpoint"),
                "misaligned_hard": not reason, "misaligned_soft_reason": reason})
    body = lz[np.isfinite(lz)]
    if body.size >= 1000:
        out["misfit_null_body"] = [float(v) for v in np.quantile(body, (0.10, 0.25, 0.50))]
    out["_alignment_held"] = (align[half:], held_style)
    out["_misfit_held"] = (lz[half:], held_style)
    return out
