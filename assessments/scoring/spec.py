"""Scoring specification: every threshold the engine uses, as versioned data."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

FLAG_NAMES = ("incomplete", "longstring", "misaligned", "acquiescent", "too_fast", "outlier")
RELIABILITY_METHODS = ("parcel_alpha", "parcel_omega", "alpha", "omega_total")


@dataclass(frozen=True)
class Spec:
    """All cut-offs, as data.  ``hash()`` identifies a specification exactly.

    Scoring
      min_answered      share of a scale's items that must be answered for a score
      band_level        coverage of the error band around T
      reliability_method which estimate feeds SEM and classification
    Classification
      p_execution / p_compression  posterior cut-offs for a role family
      elevated_z / low_z           both scales at or beyond these -> profile note
    Validity (each index has one cut-off; ``hard_flags`` make a result invalid,
    every other raised flag makes it questionable)
    """

    version: str = "1"
    # scoring
    min_answered: float = 0.80
    band_level: float = 0.90
    reliability_method: str = "parcel_omega"
    # classification
    p_execution: float = 0.80
    p_compression: float = 0.20
    elevated_z: float = 1.0
    low_z: float = -1.0
    # validity thresholds
    min_completeness: float = 0.80
    max_longstring_share: float = 0.40
    min_alignment: float = 0.65
    min_alignment_pairs: int = 6
    max_acquiescence: float = 0.40
    min_acquiescence_pairs: int = 4
    min_seconds_per_item: float = 1.5
    mahalanobis_percentile: float = 99.5
    hard_flags: tuple[str, ...] = ("incomplete", "longstring", "misaligned")
    # norms
    provisional_norm_n: int = 500

    def __post_init__(self):
        if self.reliability_method not in RELIABILITY_METHODS:
            raise ValueError(f"unknown reliability_method {self.reliability_method!r}")
        unknown = set(self.hard_flags) - set(FLAG_NAMES)
        if unknown:
            raise ValueError(f"unknown flags in hard_flags: {sorted(unknown)}")
        if not 0.0 < self.p_compression < self.p_execution < 1.0:
            raise ValueError("need 0 < p_compression < p_execution < 1")
        if not 0.0 < self.band_level < 1.0:
            raise ValueError("band_level must lie in (0, 1)")
        # Normalise lists coming from JSON into tuples so equality and hashing agree.
        object.__setattr__(self, "hard_flags", tuple(self.hard_flags))

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
