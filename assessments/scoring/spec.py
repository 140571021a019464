"""Scoring specification: every threshold the engine uses, as versioned data."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
from dataclasses import dataclass

# "misfit" (person fit) was added after "outlier", "unpatterned" (answers that follow no
# item's pull, see personfit.pattern_slope) after "misfit", "late_misfit" (the last third
# of the form fits worse than the first two thirds, personfit.segment_fit) and "zigzag"
# (answers stepping up and down in administration order, validity.step_share) after
# "unpatterned"; existing column positions are unchanged.
# "random_like" (answers no more likely under the norm tables, tilted by the person's
# own response style, than under uniform random answering; personfit.random_likelihood)
# after "zigzag".
FLAG_NAMES = ("incomplete", "longstring", "misaligned", "acquiescent", "too_fast", "outlier",
              "misfit", "unpatterned", "late_misfit", "zigzag", "random_like")
# Soft flags that withhold the probability and the role family although the result is
# only questionable: the answers carry too little trait signal for a comparison of the
# two traits to mean anything (the scores are still reported). "late_misfit" is here
# rather than hard: its null has no response styles, so extreme-style people raise it
# at 0.9-1.2 % against the declared 0.2 % (real bfi people 0.36 %); a person it
# misjudges loses the family, not the whole result (say less, not "invalid").
# "random_like" is soft and withholds the family for the same reason: its null rate is
# 0.2 %, but it raises about 0.5 % of extreme-style people with mild styles and 1.4 %
# of real bfi people (most of them misfit too); the random responders it catches lose
# their family either way.
# "misfit" is here for where the norm group makes it soft (its false flags on the
# style-aware null fall on a response-style subgroup, norms.derive_screens): the person
# is not invalid for a style, but answers unlike the norm group's patterns do not carry
# the two traits well enough to compare them; where it is hard it invalidates first.
# Before it withheld nothing when soft, and yea-sayers with styles got a family
# 29-32 % of the time (3,000-person campaigns; 12-21 % with misfit hard).
FAMILY_WITHHOLDING_FLAGS = ("unpatterned", "late_misfit", "random_like", "misfit")
RELIABILITY_METHODS = ("parcel_alpha", "parcel_omega", "alpha", "omega_total")
# Flags that say nothing about the trait (they describe how the form was filled in), so
# they may exclude a person from the norm sample without reshaping the distribution.
NORM_EXCLUDING_FLAGS = ("incomplete", "longstring", "too_fast")
# Flags whose cut-off is derived from the norm sample; they are hard only where the
# norm group measured their false-flag rate among attentive people as low enough.
DERIVED_FLAGS = ("misaligned", "misfit", "acquiescent")
# Flags that read the answers in administration order; their cut-offs come from a null
# simulated from the norm group's fitted conditional model (null.order_screens), and
# they are hard only where that null's held-out false-flag rate is low enough.
ORDER_FLAGS = ("late_misfit", "zigzag")
# Flags whose cut-offs come from the same simulated null (with response styles) but that
# do not read the order; hard only where the null's held-out rate is low enough.
NULL_FLAGS = ("random_like",)


@dataclass(frozen=True)
class Spec:
    """All cut-offs, as data.  ``hash()`` identifies a specification exactly.

    Scoring
      min_answered      share of a scale's items that must be answered for a score
      band_level        coverage of the error band around T
      reliability_method which estimate feeds SEM and classification
      keying_split_guard  cap the reliability used for P by the forward/reverse split
    Classification
      p_execution / p_compression  posterior cut-offs for a role family
      elevated_z / low_z           both scales at or beyond these -> profile note
      provisional_norm_n           below this many norm people: no probability, no family
      norm_uncertainty             let the norm group's sampling error widen P
    Validity (each index has one cut-off; ``hard_flags`` make a result invalid,
    every other raised flag makes it questionable).  The cut-offs of misaligned,
    misfit and acquiescent are derived per norm group (see ``norms.derive_screens``);
    ``min_alignment`` / ``max_acquiescence`` are only the fallback for norms that
    predate the derivation.  ``unpatterned`` (pattern slope at or below a cut derived
    from the norm sample at the nominal rate ``unpatterned_false_flag``) is soft but
    withholds the probability and the family (``FAMILY_WITHHOLDING_FLAGS``).
    ``late_misfit`` (segment test: the last third against the first two thirds) and
    ``zigzag`` (sequence statistic) have cuts set on a simulated null at the declared
    levels ``late_misfit_false_flag`` / ``zigzag_false_flag`` (``null.order_screens``);
    so do ``random_like`` (the answers' likelihood under the style-tilted norm tables
    against uniform random answers, ``random_like_false_flag``) and the two longstring
    cuts (``longstring_false_flag``, never below ``max_longstring_share`` /
    ``max_tail_share``, which remain the fallback for norms stored without them), and
    the alignment cut (``misaligned_false_flag``; the random answers' cut at
    ``alignment_random_quantile`` is kept where the norm people who fit reach it at most
    ``hard_false_flag_rate``).  Misfit's cut stays the norm sample's; the same null makes
    it soft (and family-withholding) where its false flags fall on a response-style
    subgroup (``norms.derive_screens``, ``null.judged``), and (spec version 7) where
    the norm sample's l_z body (median less 25th percentile) is wider than the null's
    by more than ``null_body_tolerance``: the null lacks what makes attentive people
    misfit there and cannot vouch for the cut.
    (Spec version 8) a second cut of the random-like statistic, set on the same null
    where its attentive draws and uniform random sheets on the layout are equally often
    misjudged and at most ``random_side_null_rate`` of the draws (overall and per
    response-style subgroup) fall below it (``null._random_side_cut``), withholds the
    probability and the family without a flag (reason "random_side").
    """

    version: str = "8"
    # scoring
    min_answered: float = 0.80
    band_level: float = 0.90
    reliability_method: str = "parcel_omega"
    keying_split_guard: bool = True
    # classification
    p_execution: float = 0.80
    p_compression: float = 0.20
    elevated_z: float = 1.0
    low_z: float = -1.0
    norm_uncertainty: bool = True
    # validity thresholds
    min_completeness: float = 0.80
    max_longstring_share: float = 0.40
    longstring_tail: float = 0.30
    max_tail_share: float = 0.80
    twin_tolerance: float = 0.34
    min_alignment: float = 0.65
    min_alignment_pairs: int = 6
    alignment_random_quantile: float = 0.90
    max_acquiescence: float = 0.40
    min_acquiescence_pairs: int = 4
    acquiescence_robust_z: float = 4.0
    misfit_false_flag: float = 0.005
    misaligned_false_flag: float = 0.001
    unpatterned_false_flag: float = 0.01
    late_misfit_false_flag: float = 0.002
    zigzag_false_flag: float = 0.0005
    longstring_false_flag: float = 0.001
    random_like_false_flag: float = 0.002
    hard_false_flag_rate: float = 0.01
    # The random side (spec version 8): no family where the random-like statistic is at or
    # below the point where the null's attentive draws and uniform random sheets on this
    # layout are equally often misjudged, and at most this share of the null's draws lose
    # their family to it (null._random_side_cut). 2 %, the soft limit of a flag: at 5 %
    # real bfi respondents lost a family 4.7 % of the time (2 %: 1.9 %).
    random_side_null_rate: float = 0.02
    null_body_tolerance: float = 0.25
    # A response-style subgroup of the null (null.judged): draws copying a person whose
    # tilt toward or away from the middle answer is at least style_group_tilt, where they
    # are at least style_group_share of the draws.
    style_group_tilt: float = 0.5
    style_group_share: float = 0.10
    soft_false_flag_rate: float = 0.02
    min_seconds_per_item: float = 1.5
    mahalanobis_percentile: float = 99.5
    hard_flags: tuple[str, ...] = ("incomplete", "longstring", "misaligned", "misfit",
                                   "zigzag")
    # norms
    provisional_norm_n: int = 100

    def __post_init__(self):
        if self.reliability_method not in RELIABILITY_METHODS:
            raise ValueError(f"unknown reliability_method {self.reliability_method!r}")
        unknown = set(self.hard_flags) - set(FLAG_NAMES)
        if unknown:
            raise ValueError(f"unknown flags in hard_flags: {sorted(unknown)}")
        # Canonical form: numbers take their field's type (1 and 1.0 are one spec), the
        # set of hard flags is kept sorted and without repeats.
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.type in ("float", float):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError(f"{f.name} must be a number")
                value = float(value)
                if not math.isfinite(value):
                    raise ValueError(f"{f.name} must be finite")
            elif f.type in ("int", int):
                if isinstance(value, bool) or not isinstance(value, (int, float)) \
                        or float(value) != int(value):
                    raise ValueError(f"{f.name} must be a whole number")
                value = int(value)
            elif f.type in ("bool", bool) and not isinstance(value, bool):
                raise ValueError(f"{f.name} must be true or false")
            object.__setattr__(self, f.name, value)
        object.__setattr__(self, "hard_flags", tuple(sorted(set(self.hard_flags))))
        if not 0.0 < self.p_compression < self.p_execution < 1.0:
            raise ValueError("need 0 < p_compression < p_execution < 1")
        if not 0.0 < self.band_level < 1.0:
            raise ValueError("band_level must lie in (0, 1)")
        if not 0.0 <= self.twin_tolerance < 1.0:
            raise ValueError("twin_tolerance is a share of the answer range, in [0, 1)")
        if not 0.0 < self.alignment_random_quantile < 1.0:
            raise ValueError("alignment_random_quantile must lie in (0, 1)")

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["hard_flags"] = list(self.hard_flags)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Spec:
        names = {f.name for f in dataclasses.fields(cls)}
        extra = set(d) - names
        if extra:
            raise ValueError(f"unknown spec fields: {sorted(extra)}")
        return cls(**d)

    def hash(self) -> str:
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def is_hard(self, flag: str) -> bool:
        return flag in self.hard_flags

    def tolerance(self, minimum, maximum):
        """Twin-consistency tolerance in answer points for items of this range."""
        return self.twin_tolerance * (maximum - minimum)


@functools.cache
def code_spec_hash() -> str:
    """The hash of the spec this code scores with (``Spec()``, whose fields are fixed
    once the module is loaded): every page's cache key reads it, and encoding the spec
    each time cost a few milliseconds a page."""
    return Spec().hash()
