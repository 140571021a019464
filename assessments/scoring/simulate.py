"""Simulated respondents with a known truth, for validating the engine.

Latent model.  Each scale has a normal trait; traits of different scales
correlate ``rho``.  Every item follows Samejima's graded response model on the
keyed latent response  eta = theta_scale + w * s_pair,  where s_pair is a
person-specific factor shared only by the two members of a twin pair (the
variance that paraphrases share beyond the trait).  Reverse-keyed items answer
to -eta.  Respondent kinds:

  attentive    the model above, a little missingness at random
  random       uniform answers on every item
  straight     attentive for a while, then one answer repeated to the end
  yea          attentive plus a shift towards "agree" on every raw answer
  incomplete   attentive, but stops partway through the questionnaire
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .layout import Layout

KINDS = ("attentive", "random", "straight", "yea", "incomplete")


@dataclass(frozen=True)
class ItemParameters:
    discrimination: np.ndarray     # (k,)
    thresholds: np.ndarray         # (k, m - 1), increasing, keyed direction
    specific: float                # weight of the twin-specific factor


@dataclass
class Simulation:
    X: np.ndarray                  # persons x items raw answers, NaN missing
    seconds: np.ndarray | None     # persons x items seconds, NaN where unanswered
    traits: np.ndarray             # persons x scales true trait values
    kind: np.ndarray               # str, one of KINDS
    items: ItemParameters


def demo_layout(k_per_family: int = 24, n_pairs: int = 10, n_opposite: int = 4,
                minimum: float = 1.0, maximum: float = 5.0) -> Layout:
    """A two-family bank: execution (EX..) and compression (CP..), interleaved.

    Per family: ``n_pairs`` twin pairs whose members sit k_per_family/2 items
    apart within the family; the first ``n_opposite`` pairs are opposites (one
    forward, one reverse member), the rest split between both-forward and
    both-reverse.  Unpaired items alternate forward/reverse, so about half of
    all items are reverse-keyed.
    """
    half = k_per_family // 2
    if n_pairs > half:
        raise ValueError("too many pairs for the family size")
    items, pairs = [], []
    rev_by_family = {}
    for fam in ("EX", "CP"):
        rev = np.zeros(k_per_family, dtype=bool)
        same = n_pairs - n_opposite
        for p in range(n_pairs):
            a, b = p, p + half
            if p < n_opposite:
                rev[b] = True
                relation = "opposite"
            else:
                both_rev = (p - n_opposite) >= same / 2
                rev[a] = rev[b] = both_rev
                relation = "same"
            pairs.append({"a": f"{fam}{a + 1:02d}", "b": f"{fam}{b + 1:02d}",
                          "relation": relation})
        single = [i for i in range(k_per_family) if not (i % half) < n_pairs]
        for j, i in enumerate(single):
            rev[i] = j % 2 == 1
        rev_by_family[fam] = rev
    for i in range(k_per_family):
        for fam, scale in (("EX", "EXE"), ("CP", "CMP")):
            items.append({"code": f"{fam}{i + 1:02d}", "scale": scale,
                          "reverse": bool(rev_by_family[fam][i]),
                          "min": minimum, "max": maximum})
    scales = [{"code": "EXE", "role": "execution"}, {"code": "CMP", "role": "compression"}]
    return Layout.build(items, scales, pairs)


def item_parameters(layout: Layout, seed: int = 20240601, specific: float = 1.0,
                    discrimination: tuple[float, float] = (1.5, 2.5)) -> ItemParameters:
    """Plausible GRM parameters: discriminations drawn uniformly from
    ``discrimination``, thresholds spread over about +-2 logits with a small
    item-specific location shift.

    Parameters are drawn once for the item positions of the first scale and
    reused, position by position, for every other scale, so the scales are
    parallel: the same trait level gives the same expected score on each.  The
    comparison of two scales is then not biased by the item sample.
    """
    rng = np.random.default_rng(seed)
    k = layout.k
    m = int(layout.maximum.max() - layout.minimum.min() + 0.5) + 1
    sizes = [layout.scale_items(s).size for s in range(layout.n_scales)]
    width = max(sizes)
    a_pos = rng.uniform(*discrimination, width)
    shift = rng.normal(0.0, 0.3, width)
    shift -= shift.mean()
    spread = rng.uniform(0.8, 1.2, width)
    base = np.linspace(-2.0, 2.0, m - 1)
    a = np.empty(k)
    b = np.empty((k, m - 1))
    for s in range(layout.n_scales):
        idx = layout.scale_items(s)
        pos = np.arange(idx.size)
        a[idx] = a_pos[pos]
        b[idx] = base[None, :] * spread[pos, None] + shift[pos, None]
    return ItemParameters(discrimination=a, thresholds=b, specific=float(specific))


def _grm(eta: np.ndarray, a: float, b: np.ndarray, lo: float, u: np.ndarray) -> np.ndarray:
    """Draw graded responses: lo + number of thresholds passed."""
    p = 1.0 / (1.0 + np.exp(-a * (eta[:, None] - b[None, :])))   # P(X >= lo + c + 1)
    return lo + (u[:, None] < p).sum(axis=1)


def draw_traits(n: int, n_scales: int, rng: np.random.Generator, *, rho: float = 0.3):
    """Standard normal traits, every two scales correlating ``rho``."""
    corr = np.full((n_scales, n_scales), rho)
    np.fill_diagonal(corr, 1.0)
    return rng.standard_normal((n, n_scales)) @ np.linalg.cholesky(corr).T


def simulate(layout: Layout, n: int, rng: np.random.Generator, *, rho: float = 0.3,
             share_random: float = 0.03, share_straight: float = 0.02,
             share_yea: float = 0.02, share_incomplete: float = 0.02,
             missing_rate: float = 0.01, specific: float = 1.0,
             items: ItemParameters | None = None, timings: bool = True,
             yea_shift: tuple[float, float] = (1.5, 3.0),
             traits: np.ndarray | None = None) -> Simulation:
    """Simulate n respondents to ``layout``; see the module docstring.

    ``traits`` (n x scales) gives the people's traits instead of drawing them, so the
    same people can answer twice (a retest) with new answer noise each time."""
    if items is None:
        items = item_parameters(layout, specific=specific)
    k, S = layout.k, layout.n_scales
    lo_all, hi_all = layout.minimum, layout.maximum

    if traits is None:
        traits = draw_traits(n, S, rng, rho=rho)
    elif np.shape(traits) != (n, S):
        raise ValueError(f"traits must be {n} x {S}")

    shares = np.array([share_random, share_straight, share_yea, share_incomplete])
    probs = np.concatenate([[1.0 - shares.sum()], shares])
    kind = np.array(KINDS)[rng.choice(len(KINDS), size=n, p=probs)]

    # twin-specific factors: one per pair per person
    spec_factor = np.zeros((n, k))
    for a_i, b_i in layout.pairs:
        s = rng.standard_normal(n)
        spec_factor[:, a_i] = s
        spec_factor[:, b_i] = s
    eta = traits[:, layout.item_scale] + items.specific * spec_factor
    sign = np.where(layout.reverse, -1.0, 1.0)
    shift = np.where(kind == "yea", rng.uniform(*yea_shift, n), 0.0)

    X = np.empty((n, k))
    for j in range(k):
        # reverse items answer to -eta; thresholds are mirrored so that the
        # keyed answer follows the same response curve as a forward item
        raw_eta = sign[j] * eta[:, j] + shift
        b = items.thresholds[j] if sign[j] > 0 else -items.thresholds[j][::-1]
        X[:, j] = _grm(raw_eta, items.discrimination[j], b, lo_all[j], rng.random(n))

    rnd = kind == "random"
    if rnd.any():
        span = (hi_all - lo_all + 1.0)[None, :]
        X[rnd] = lo_all[None, :] + np.floor(rng.random((rnd.sum(), k)) * span)

    strt = np.flatnonzero(kind == "straight")
    if strt.size:
        start = (rng.uniform(0.0, 0.4, strt.size) * k).astype(int)
        value = lo_all[0] + rng.integers(0, int(hi_all[0] - lo_all[0]) + 1, strt.size)
        cols = np.arange(k)[None, :]
        line = cols >= start[:, None]
        X[strt] = np.where(line, value[:, None], X[strt])

    miss = rng.random((n, k)) < missing_rate
    miss[rnd | (kind == "straight")] = False
    inc = np.flatnonzero(kind == "incomplete")
    if inc.size:
        stop = (rng.uniform(0.2, 0.75, inc.size) * k).astype(int)
        miss[inc] |= np.arange(k)[None, :] >= stop[:, None]
    X[miss] = np.nan

    seconds = None
    if timings:
        centre = np.where(rnd, np.log(1.6), np.where(kind == "straight", np.log(1.2),
                                                       np.log(6.0)))
        person = centre + rng.normal(0.0, 0.25, n)
        seconds = np.exp(person[:, None] + rng.normal(0.0, 0.35, (n, k)))
        seconds[np.isnan(X)] = np.nan
    return Simulation(X=X, seconds=seconds, traits=traits, kind=kind, items=items)
