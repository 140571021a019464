"""The one adapter between Django rows and the scoring engine.

The engine (`assessments.scoring`) knows nothing of the database: it takes a `Layout`
and persons x items matrices and returns `Scores`. This module builds those inputs from
rows and turns the output back into Result rows:

- `bank_layout(version)`: a bank version as the engine sees it, with the item ids that
  map matrix columns back to rows;
- `load_answers(ids, bank)`: the answers of these assignments as a matrix;
- `write_results(ids, scores, fixed)`: the scores as Result rows, inserted or
  overwritten in one statement.

Reading and writing go through `assessments.bulk`, which picks the mechanism for the
database at hand. See docs/architecture.md.
"""

import json
from dataclasses import dataclass

import numpy as np

from . import bulk, scoring
from .models import Item, Result, ResultSummary, Scale, TwinPair

# --- The bank as the engine sees it -----------------------------------------------------


@dataclass(frozen=True)
class BankLayout:
    layout: scoring.Layout
    item_ids: np.ndarray  # column j of an answer matrix holds answers to item_ids[j]

    def columns_of(self, item_ids):
        """Matrix column of each item id; -1 for items not in this bank version."""
        order = np.argsort(self.item_ids)
        sorted_ids = self.item_ids[order]
        pos = np.searchsorted(sorted_ids, item_ids).clip(0, len(sorted_ids) - 1)
        return np.where(sorted_ids[pos] == item_ids, order[pos], -1)


# Published versions never change (the model layer refuses it), so their layout is built
# once per process. The publication time is part of the key: an id alone could come back
# for another version after a database is restored or a test rolls back.
_published_layouts: dict = {}
_CACHED_LAYOUTS = 16


def bank_layout(version) -> BankLayout:
    """The layout of a BankVersion (or a version id: then never cached)."""
    version_id = getattr(version, "pk", version)
    published_at = getattr(version, "published_at", None)
    frozen = published_at is not None and not getattr(version, "is_draft", True)
    key = (version_id, published_at)
    if frozen and key in _published_layouts:
        return _published_layouts[key]
    bank = _build_layout(version_id)
    if frozen:
        if len(_published_layouts) >= _CACHED_LAYOUTS:
            _published_layouts.clear()
        _published_layouts[key] = bank
    return bank


def _build_layout(version_id) -> BankLayout:
    items = list(
        Item.objects.filter(version_id=version_id)
        .order_by("order", "pk")
        .values_list("pk", "code", "scale__code", "reverse", "min_value", "max_value")
    )
    scales = Scale.objects.filter(version_id=version_id).order_by("code")
    pairs = TwinPair.objects.filter(version_id=version_id).values_list(
        "item_a__code", "item_b__code", "relation"
    )
    layout = scoring.Layout.build(
        [
            {"code": code, "scale": scale, "reverse": rev, "min": lo, "max": hi}
            for _, code, scale, rev, lo, hi in items
        ],
        [{"code": s.code, "role": s.role or None} for s in scales],
        [{"a": a, "b": b, "relation": rel} for a, b, rel in pairs],
    )
    return BankLayout(layout, np.array([row[0] for row in items], dtype=np.int64))


# --- Reading answers into a matrix ------------------------------------------------------


class AnswerMatrix:
    """Persons x items answers (NaN missing) and seconds, rows in `assignment_ids` order."""

    def __init__(self, assignment_ids, bank: BankLayout):
        self.assignment_ids = np.asarray(assignment_ids, dtype=np.int64)
        self.bank = bank
        shape = (len(self.assignment_ids), bank.layout.k)
        self.X = np.full(shape, np.nan)
        self.seconds = np.full(shape, np.nan)
        # Administration order per person: column indices in the order the person saw
        # the items (assignment.item_order); None until read (`load_answers(orders=True)`),
        # and a row of -1 where no complete order is stored (the engine then reads that
        # person in layout order).
        self.order = None

    def fill(self, assignment, item, value, seconds):
        if not len(assignment):
            return
        rows = np.searchsorted(self.assignment_ids, assignment).clip(0, len(self.X) - 1)
        cols = self.bank.columns_of(item)
        # Rows of other assignments or items outside this bank version are ignored.
        ok = (cols >= 0) & (self.assignment_ids[rows] == assignment)
        self.X[rows[ok], cols[ok]] = value[ok]
        self.seconds[rows[ok], cols[ok]] = seconds[ok]

    @property
    def timed_seconds(self):
        """The timings, or None when no answer was timed (the speed check is then skipped)."""
        return self.seconds if np.isfinite(self.seconds).any() else None


def load_answers(assignment_ids, bank: BankLayout, chunk=None, orders=False) -> AnswerMatrix:
    """The answers of these assignments (sorted ids), one query per `chunk` of them (all
    in one when None), so neither side ever holds more than a chunk of rows at once.
    With `orders`, also each assignment's administration order (`AnswerMatrix.order`),
    which the segment and sequence screens read."""
    matrix = AnswerMatrix(assignment_ids, bank)
    ids = matrix.assignment_ids
    step = chunk or max(len(ids), 1)
    for i in range(0, len(ids), step):
        matrix.fill(*bulk.read_answers(ids[i : i + step]))
    if orders:
        matrix.order = load_orders(ids, bank, step)
    return matrix


def load_orders(assignment_ids, bank: BankLayout, chunk) -> np.ndarray:
    """(n, k) matrix columns of each assignment's stored item order, rows in
    `assignment_ids` order; -1 throughout a row whose order is missing or does not name
    exactly this version's items (an imported response has none)."""
    ids = np.asarray(assignment_ids, dtype=np.int64)
    k = bank.layout.k
    out = np.full((len(ids), k), -1, dtype=np.int64)
    for i in range(0, len(ids), max(chunk, 1)):
        rows = bulk.read_orders(ids[i : i + chunk], k)
        if not rows:
            continue
        pks = np.array([pk for pk, _ in rows], dtype=np.int64)
        at = np.searchsorted(ids, pks).clip(0, len(ids) - 1)
        mine = ids[at] == pks
        if not mine.any():
            continue
        items = np.array([order for (_, order), m in zip(rows, mine, strict=True) if m],
                         dtype=np.int64)
        cols = bank.columns_of(items.ravel()).reshape(items.shape)
        complete = (np.sort(cols, axis=1) == np.arange(k)).all(axis=1)
        out[at[mine][complete]] = cols[complete]
    return out


# --- Writing results --------------------------------------------------------------------

_PER_SCALE = scoring.PER_SCALE
_RESULT_FIELDS = ("scores", "probability_execution", "role_family", "profile_note",
                  "validity", "indices", "flags")
_FIXED_FIELDS = ("spec_id", "norm_group_id", "bank_version_id", "run_id", "computed_at")
_COLUMNS = ("assignment_id",) + _FIXED_FIELDS + _RESULT_FIELDS

# Stored precision. Nothing about a person is known to 15 digits: a z-score or index to
# 4 decimals and a T-score, percentile or band to 2 are far finer than any standard error,
# and shorter numbers make the results cheaper to write. Classification and flags are
# decided by the engine on the unrounded values.
_DECIMALS = {"raw": 4, "z": 4, "t": 2, "percentile": 2, "band_low": 2, "band_high": 2,
             "completeness": 4, "alignment": 4, "acquiescence": 4, "speed": 2,
             "mahalanobis": 3, "tail_share": 4, "agreement": 4, "person_fit": 4,
             "pattern_fit": 4, "late_fit": 4, "step_share": 4}


def write_results(assignment_ids, scores: scoring.Scores, fixed) -> int:
    """Insert or overwrite the results of these assignments under one spec; how many
    were written. A result that this run already wrote is left as it is and not counted.

    `fixed` holds the values shared by every row: spec_id, norm_group_id,
    bank_version_id, run_id, computed_at.
    """
    ids = np.asarray(assignment_ids, dtype=np.int64)
    written = bulk.upsert(
        Result, _COLUMNS, ("assignment_id", "spec_id"),
        overwrite=bool(len(held_by(Result.objects.filter(spec_id=fixed["spec_id"]), ids))),
        copy_text=lambda: copy_text(ids, scores, fixed),
        objects=lambda: [
            Result(assignment_id=int(a), **fields, **fixed)
            for a, fields in zip(ids.tolist(), result_fields_of(scores), strict=True)
        ],
        keep_if_same="run_id",
        # A reviewed result whose family or validity changed goes back to review.
        reopen_reviewed_on=("role_family", "validity"),
    )
    # The read model, in the same transaction: PostgreSQL's COPY and reopen statements
    # are raw SQL the ORM's write guards never see. (On SQLite bulk_create has already
    # refreshed these rows; doing it again writes the same values.) By the ids' range
    # and then the ids, as `held_by` reads, so the chunk's thousands of ids are not an
    # IN list the planner must parse.
    if len(ids):
        ResultSummary.objects.refresh(Result.objects.filter(
            spec_id=fixed["spec_id"], assignment_id__gte=int(ids.min()),
            assignment_id__lte=int(ids.max()), run_id=fixed["run_id"]))
    return written


def held_by(results, assignment_ids) -> np.ndarray:
    """Which of these assignment ids the `results` queryset has a row for (sorted int64).

    Asked by the ids' range and intersected here, not with `assignment_id__in`: a chunk's
    thousands of ids in an IN (...) list cost the database far more to parse and plan
    than the lookup itself (measured ~100 ms against ~8 ms for 5,000 ids on PostgreSQL).
    """
    ids = np.asarray(assignment_ids, dtype=np.int64)
    if not len(ids):
        return ids
    found = results.filter(
        assignment_id__gte=int(ids.min()), assignment_id__lte=int(ids.max())
    ).values_list("assignment_id", flat=True)
    return np.intersect1d(np.fromiter(found, dtype=np.int64), ids)


def stored(scores: scoring.Scores, name, column=None):
    """A field of the scores as it is stored: rounded to its stored precision."""
    values = np.asarray(getattr(scores, name))
    if column is not None:
        values = values[:, column]
    if name in _DECIMALS and values.dtype.kind == "f":
        values = np.round(values, _DECIMALS[name])
    return values


def result_fields_of(scores: scoring.Scores) -> list[dict]:
    """The Result fields of each scored person, built column-wise (one .tolist() per
    array rather than a numpy scalar per value: this is the hot loop of a run)."""
    n = len(scores)
    codes = scores.scale_codes
    per_scale = {name: _plain_lists(stored(scores, name)) for name in _PER_SCALE}
    indices = {name: _plain_lists(stored(scores, name)) for name in Result.INDICES}
    probability = _plain_lists(scores.probability_execution)
    family = scores.role_family.tolist()
    note = scores.profile_note.tolist()
    validity = scores.validity.tolist()
    flags = scores.flag_lists()
    return [
        {
            "scores": {
                code: {name: per_scale[name][i][s] for name in _PER_SCALE}
                for s, code in enumerate(codes)
            },
            "probability_execution": probability[i],
            "role_family": family[i],
            "profile_note": note[i],
            "validity": validity[i],
            "indices": {name: indices[name][i] for name in Result.INDICES},
            "flags": flags[i],
        }
        for i in range(n)
    ]


def _plain_lists(arr):
    """Nested lists of plain Python values, None for NaN and infinities (not JSON)."""
    arr = np.asarray(arr)
    if arr.dtype.kind == "f":
        missing = ~np.isfinite(arr)
        if missing.any():
            out = arr.astype(object)
            out[missing] = None
            return out.tolist()
    return arr.tolist()


_encode_json = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode


def copy_text(assignment_ids, scores: scoring.Scores, fixed, piece=500):
    """The results in COPY's text format (columns as `_COLUMNS`), `piece` rows per string.

    Built column-wise: every value becomes a JSON token once (one vectorised conversion
    per array), and each row is one %-format of a template, iterated in C. This holds the
    same JSON as `result_fields_of` (a test compares them) at a fraction of the cost of
    building and encoding a dict per person. The tokens are made `piece` rows at a time:
    a whole chunk's (some hundred thousand small strings) were the largest thing a
    chunk's scoring held in memory.
    """
    codes = scores.scale_codes
    scale_template = ",".join(
        _copy_escape(_encode_json(code)) + ":{" + ",".join(f'"{name}":%s' for name in _PER_SCALE)
        + "}"
        for code in codes
    )
    indices_template = ",".join(f'"{name}":%s' for name in Result.INDICES)
    constants = "\t".join(
        fixed[name].isoformat() if name == "computed_at" else str(fixed[name])
        for name in _FIXED_FIELDS
    )
    line = (
        f"%s\t{constants}\t{{{scale_template}}}\t%s\t%s\t%s\t%s\t{{{indices_template}}}\t%s\n"
    )
    ids = np.asarray(assignment_ids)
    per_scale = [stored(scores, name, s) for s in range(len(codes)) for name in _PER_SCALE]
    indices = [stored(scores, name) for name in Result.INDICES]
    flags = [_copy_escape(_encode_json(row)) for row in scores.flag_lists()]
    for i in range(0, len(ids), piece):
        rows = slice(i, i + piece)
        columns = [ids[rows].astype(str).tolist()]
        columns += [_json_tokens(values[rows]) for values in per_scale]
        columns.append(_json_tokens(scores.probability_execution[rows], missing="\\N"))
        columns += [scores.role_family[rows].tolist(), scores.profile_note[rows].tolist(),
                    scores.validity[rows].tolist()]
        columns += [_json_tokens(values[rows]) for values in indices]
        columns.append(flags[rows])
        yield "".join(map(line.__mod__, zip(*columns, strict=True)))


def _json_tokens(values, missing="null"):
    """Each value as JSON text; NaN and infinities (JSON has neither) as `missing`."""
    values = np.asarray(values)
    if values.dtype.kind == "b":
        return np.where(values, "true", "false").tolist()
    if values.dtype.kind in "iu":
        return values.astype(str).tolist()
    values = values.astype(float)
    finite = np.isfinite(values)
    # repr() is the shortest text that reads back as the same float, as json writes it.
    tokens = [repr(v) for v in np.where(finite, values, 0.0).tolist()]
    if not finite.all():
        for i in np.flatnonzero(~finite).tolist():
            tokens[i] = missing
    return tokens


def _copy_escape(text):
    # JSON text never holds a raw tab or newline; COPY's only other special is "\\".
    return text.replace("\\", "\\\\")
