"""The structure of one item-bank version, as arrays the engine can index."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROLES = ("execution", "compression")


@dataclass(frozen=True)
class Layout:
    """Items in administration order, their scales, keys, ranges and twin pairs."""

    item_codes: tuple[str, ...]
    item_scale: np.ndarray
    reverse: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    scale_codes: tuple[str, ...]
    scale_roles: tuple[str | None, ...]
    pairs: np.ndarray
    pair_opposite: np.ndarray

    @classmethod
    def build(cls, items: list[dict], scales: list[dict], pairs: list[dict]) -> Layout:
        """Build from plain dicts.

        items: ``code``, ``scale`` (a scale code), ``reverse``, ``min``, ``max``,
        in administration order.  scales: ``code``, ``role``.  pairs: ``a``, ``b``
        (item codes) and ``relation`` ("same" or "opposite").
        """
        scale_codes = tuple(str(s["code"]) for s in scales)
        scale_roles = tuple(s.get("role") or None for s in scales)
        for role in scale_roles:
            if role is not None and role not in ROLES:
                raise ValueError(f"unknown scale role {role!r}")
        if len(set(scale_codes)) != len(scale_codes):
            raise ValueError("duplicate scale codes")
        scale_index = {c: i for i, c in enumerate(scale_codes)}
        item_codes = tuple(str(it["code"]) for it in items)
        if len(set(item_codes)) != len(item_codes):
            raise ValueError("duplicate item codes")
        try:
            item_scale = np.array([scale_index[str(it["scale"])] for it in items], dtype=int)
        except KeyError as exc:
            raise ValueError(f"item refers to unknown scale {exc}") from None
        reverse = np.array([bool(it.get("reverse", False)) for it in items], dtype=bool)
        minimum = np.array([float(it["min"]) for it in items], dtype=float)
        maximum = np.array([float(it["max"]) for it in items], dtype=float)
        if np.any(maximum <= minimum):
            raise ValueError("every item needs max > min")
        item_index = {c: i for i, c in enumerate(item_codes)}
        pair_rows, opposite = [], []
        for p in pairs:
            a, b = str(p["a"]), str(p["b"])
            if a not in item_index or b not in item_index or a == b:
                raise ValueError(f"bad twin pair {a!r}/{b!r}")
            relation = p.get("relation", "same")
            if relation not in ("same", "opposite"):
                raise ValueError(f"unknown pair relation {relation!r}")
            pair_rows.append((item_index[a], item_index[b]))
            opposite.append(relation == "opposite")
        pair_arr = np.array(pair_rows, dtype=int).reshape(-1, 2)
        return cls(
            item_codes=item_codes,
            item_scale=item_scale,
            reverse=reverse,
            minimum=minimum,
            maximum=maximum,
            scale_codes=scale_codes,
            scale_roles=scale_roles,
            pairs=pair_arr,
            pair_opposite=np.array(opposite, dtype=bool),
        )

    @property
    def k(self) -> int:
        return len(self.item_codes)

    @property
    def n_scales(self) -> int:
        return len(self.scale_codes)

    @property
    def classifies(self) -> bool:
        """True when exactly one execution and exactly one compression scale exist."""
        return (self.scale_roles.count("execution") == 1
                and self.scale_roles.count("compression") == 1)

    @property
    def role_indices(self) -> tuple[int, int]:
        """(execution scale index, compression scale index); only when ``classifies``."""
        if not self.classifies:
            raise ValueError("this layout does not classify")
        return self.scale_roles.index("execution"), self.scale_roles.index("compression")

    def scale_items(self, s: int) -> np.ndarray:
        return np.flatnonzero(self.item_scale == s)

    def same_form(self, other: Layout) -> bool:
        """Would norms built on `other` mean the same on this layout?

        The same items (by code) in the same order, each on the same scale with the same
        keying and answer range, the same scales with the same roles, and the same twins.
        Item texts are not part of a layout, so a reworded version keeps its form. Order
        counts because norms hold per-item tables by position and the longstring and
        speed screens read answers in administration order.
        """
        def twins(layout):
            return {(layout.item_codes[int(a)], layout.item_codes[int(b)], bool(o))
                    for (a, b), o in zip(layout.pairs, layout.pair_opposite, strict=True)}

        return (self.item_codes == other.item_codes
                and self.scale_codes == other.scale_codes
                and self.scale_roles == other.scale_roles
                and np.array_equal(self.item_scale, other.item_scale)
                and np.array_equal(self.reverse, other.reverse)
                and np.array_equal(self.minimum, other.minimum)
                and np.array_equal(self.maximum, other.maximum)
                and twins(self) == twins(other))

    def to_dict(self) -> dict:
        return {
            "items": [
                {"code": c, "scale": self.scale_codes[int(s)], "reverse": bool(r),
                 "min": float(lo), "max": float(hi)}
                for c, s, r, lo, hi in zip(self.item_codes, self.item_scale, self.reverse,
                                           self.minimum, self.maximum, strict=True)
            ],
            "scales": [{"code": c, "role": r} for c, r in zip(self.scale_codes,
                                                               self.scale_roles, strict=True)],
            "pairs": [
                {"a": self.item_codes[int(a)], "b": self.item_codes[int(b)],
                 "relation": "opposite" if o else "same"}
                for (a, b), o in zip(self.pairs, self.pair_opposite, strict=True)
            ],
        }
