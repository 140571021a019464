"""Scoring workflow: answers out of the database into the engine, results back in bulk.

The engine (`assessments.scoring`) works on whole persons x items matrices. This module
only moves rows: it reads a chunk's answers in ONE query straight into numpy (on
PostgreSQL the server packs the chunk into one bytea of fixed-width rows that
np.frombuffer parses; no Python object per answer), scores the chunk in one call and
writes its results in one statement (PostgreSQL: COPY, or COPY into a staging table and
one INSERT ... ON CONFLICT when results exist; elsewhere bulk_create with
update_conflicts). Memory is bounded by the chunk size, never by the campaign's.

A run is: prepare (pick the assignments, make sure a norm group exists, split into
chunks) -> score each chunk (independently, in any order, on any worker) -> the chunk
that accounts for the last assignment closes the run.

Norms: when no norm group exists for the campaign's bank version under the run's spec,
one is built from the submitted answers of the campaign being scored (all of them, or a
reproducible random sample of SCORING_NORM_SAMPLE = 20,000 in a larger campaign, see
`norm_sample`; the engine keeps only respondents who raise none of the norm-free
validity flags). For a new bank that is the only data there is. The group is marked
provisional while it rests on fewer than the spec's `provisional_norm_n` (500) people,
and shown so on the campaign page, in the admin, in exports and by `score_campaign`.
Every result names the group it used, so rescoring against a larger group later is a
comparable new result, not a silent change.
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import psycopg
import psycopg.copy
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone

from . import scoring
from .models import (
    Answer,
    Assignment,
    Campaign,
    Item,
    NormGroup,
    Result,
    Scale,
    ScoringRun,
    ScoringSpec,
    TwinPair,
)

logger = logging.getLogger(__name__)


def chunk_size():
    # A few thousand people: 5,000 x 48 answers is ~10 MB on the wire and ~2 MB as a
    # float matrix, and the results upsert stays one statement of reasonable size.
    return settings.SCORING_CHUNK_SIZE


def stale_after():
    return timedelta(minutes=settings.SCORING_STALE_MINUTES)


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


def bank_layout(bank_version_id) -> BankLayout:
    items = list(
        Item.objects.filter(version_id=bank_version_id)
        .order_by("order", "pk")
        .values_list("pk", "code", "scale__code", "reverse", "min_value", "max_value")
    )
    scales = Scale.objects.filter(version_id=bank_version_id).order_by("code")
    pairs = TwinPair.objects.filter(version_id=bank_version_id).values_list(
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


# On PostgreSQL a chunk's answers come back as ONE bytea: each answer packed by the server
# into 26 fixed-width big-endian bytes, so the whole chunk parses with one np.frombuffer.
# Measured against a plain COPY of the same rows this reads in about half the time:
# COPY sends one protocol message per row, and Python pays for each of them.
_PACKED_ANSWER = np.dtype(
    [("assignment", ">i8"), ("item", ">i8"), ("value", ">i2"), ("seconds", ">f8")]
)
_PACKED_ANSWERS_SQL = (
    "SELECT string_agg(int8send(assignment_id) || int8send(item_id) || int2send(value)"
    " || float8send(COALESCE(seconds, 'NaN')), ''::bytea)"
    " FROM assessments_answer WHERE assignment_id = ANY(%s::int8[])"
)


def load_answers(assignment_ids, bank: BankLayout) -> AnswerMatrix:
    """The answers of these assignments (sorted ids) in one query."""
    matrix = AnswerMatrix(assignment_ids, bank)
    _read_into(matrix, matrix.assignment_ids)
    return matrix


def load_campaign_answers(assignment_ids, bank: BankLayout) -> AnswerMatrix:
    """The answers of many assignments in one matrix, read a chunk (one query) at a time
    so neither side ever holds more than a chunk of rows."""
    matrix = AnswerMatrix(assignment_ids, bank)
    size = chunk_size()
    for i in range(0, len(matrix.assignment_ids), size):
        _read_into(matrix, matrix.assignment_ids[i : i + size])
    return matrix


def _read_into(matrix, ids):
    if not len(ids):
        return
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # A binary-result cursor of its own: Django's cursors are client-side and text-only.
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                _PACKED_ANSWERS_SQL, ["{" + ",".join(map(str, ids.tolist())) + "}"], binary=True
            )
            packed = cursor.fetchone()[0] or b""
        rows = np.frombuffer(packed, _PACKED_ANSWER)
        matrix.fill(
            rows["assignment"].astype(np.int64), rows["item"].astype(np.int64),
            rows["value"].astype(float), rows["seconds"].astype(float),
        )
    else:
        # SQLite (development, tests): plain tuples.
        answers = Answer.objects.filter(assignment_id__in=ids.tolist()).values_list(
            "assignment_id", "item_id", "value", "seconds"
        )
        arr = np.array(
            [(a, i, v, np.nan if s is None else s) for a, i, v, s in answers], dtype=float
        ).reshape(-1, 4)
        matrix.fill(arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2], arr[:, 3])


# --- Norms --------------------------------------------------------------------------------


def submitted_ids(campaign, spec=None, missing_only=False):
    """Sorted ids of the campaign's submitted assignments (without a result, if asked)."""
    qs = Assignment.objects.filter(campaign=campaign, status=Assignment.Status.SUBMITTED)
    if missing_only:
        qs = without_result(qs, spec)
    return np.array(sorted(qs.values_list("pk", flat=True)), dtype=np.int64)


def without_result(assignments, spec):
    """Narrow an Assignment queryset to those with no result under `spec`."""
    has_result = Result.objects.filter(assignment=OuterRef("pk"), spec=spec)
    return assignments.filter(~Exists(has_result))


class NormsUnavailable(Exception):
    pass


def norm_sample(ids, seed):
    """All the ids, or a reproducible random sample of SCORING_NORM_SAMPLE of them.

    Norms are estimates; past some tens of thousands of people more data no longer moves
    them (at 20,000 the standard error of a mean is 0.7% of an SD, and 100 people lie
    beyond the 99.5th percentile used for the Mahalanobis cut-off), while reading and
    analysing everyone would double the cost of scoring a large campaign.
    """
    size = settings.SCORING_NORM_SAMPLE
    if len(ids) <= size:
        return ids
    return np.sort(np.random.default_rng(seed).choice(ids, size, replace=False))


def ensure_norm_group(campaign, spec_row, bank=None) -> NormGroup:
    """The bank version's norm group for this spec, built from the campaign if none exists."""
    existing = NormGroup.objects.for_scoring(campaign.bank_version_id, spec_row)
    if existing is not None:
        return existing
    bank = bank or bank_layout(campaign.bank_version_id)
    spec = spec_row.engine()
    matrix = load_campaign_answers(norm_sample(submitted_ids(campaign), campaign.pk), bank)
    try:
        norms = scoring.build_norms(matrix.X, bank.layout, spec, seconds=matrix.timed_seconds)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError) as exc:
        # The engine cannot fit its models on a handful of people; say so plainly.
        raise NormsUnavailable(
            f"Norms could not be built from the {len(matrix.X)} submissions of "
            f"{campaign}: {exc}. Score again when more people have submitted."
        ) from exc
    del matrix
    name = f"{campaign.bank_version} / {campaign.name}"[:200]
    number = (
        NormGroup.objects.filter(bank_version_id=campaign.bank_version_id, name=name)
        .aggregate(top=Max("number"))["top"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return NormGroup.objects.create(
                bank_version_id=campaign.bank_version_id, name=name, number=number,
                n=norms.n, provisional=norms.provisional, spec=spec_row,
                data=norms.to_dict(), source_campaign=campaign,
            )
    except IntegrityError:
        # Another run built the same group at the same moment: use theirs.
        return NormGroup.objects.for_scoring(campaign.bank_version_id, spec_row)


# --- Runs ---------------------------------------------------------------------------------


def find_campaign(reference) -> Campaign:
    """A campaign by its (unique) name, or by id when no campaign has that name."""
    campaign = Campaign.objects.filter(name=reference).first()
    if campaign is None and str(reference).isdigit():
        campaign = Campaign.objects.filter(pk=int(reference)).first()
    if campaign is None:
        raise Campaign.DoesNotExist(f"no campaign named {reference!r}")
    return campaign


def create_run(campaign, *, scope=ScoringRun.Scope.ALL, spec_row=None) -> ScoringRun:
    spec_row = spec_row or ScoringSpec.objects.current()
    return ScoringRun.objects.create(campaign=campaign, spec=spec_row, scope=scope)


def start_run(campaign, *, scope=ScoringRun.Scope.ALL, spec_row=None) -> ScoringRun:
    """Record a run and enqueue it once the surrounding transaction commits (a worker
    must never look for a run that is not there yet)."""
    from . import tasks  # tasks import this module

    run = create_run(campaign, scope=scope, spec_row=spec_row)
    transaction.on_commit(lambda: tasks.score_run.delay(run.pk))
    return run


def campaign_counts(campaign, spec_row=None) -> dict:
    """Assigned, submitted and scored (under the current spec) in two queries."""
    spec_row = spec_row or ScoringSpec.objects.current()
    counts = Assignment.objects.filter(campaign=campaign).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(status=Assignment.Status.SUBMITTED)),
    )
    counts["scored"] = Result.objects.for_campaign(campaign, spec_row).count()
    return counts


def prepare_run(run_id) -> list[list[int]]:
    """Pick the run's assignments, make sure norms exist, mark it running; its chunks.

    Safe to repeat: only a queued run is prepared, and the switch to running is one
    conditional UPDATE, so a redelivered message does not enqueue the chunks twice.
    """
    run = ScoringRun.objects.select_related("campaign", "spec").get(pk=run_id)
    if run.status != ScoringRun.Status.QUEUED:
        return []
    ids = submitted_ids(
        run.campaign, run.spec, missing_only=run.scope == ScoringRun.Scope.MISSING
    )
    norm_group = ensure_norm_group(run.campaign, run.spec) if len(ids) else None
    started = ScoringRun.objects.filter(pk=run.pk, status=ScoringRun.Status.QUEUED).update(
        status=ScoringRun.Status.RUNNING, total=len(ids), norm_group=norm_group,
        started_at=timezone.now(),
    )
    if not started:
        return []
    run.close_if_complete()  # nothing to score: finished at once
    size = chunk_size()
    return [ids[i : i + size].tolist() for i in range(0, len(ids), size)]


def score_chunk(run_id, assignment_ids) -> int:
    """Score these assignments of a run and upsert their results; how many were counted."""
    run = ScoringRun.objects.select_related("spec", "norm_group", "campaign").get(pk=run_id)
    ids = np.unique(np.asarray(assignment_ids, dtype=np.int64))
    if run.status != ScoringRun.Status.RUNNING or not len(ids):
        return 0  # closed by the sweep (or a stray message): nothing to count
    bank = bank_layout(run.campaign.bank_version_id)
    matrix = load_answers(ids, bank)
    scores = scoring.score(
        matrix.X, bank.layout, run.norm_group.norms(), run.spec.engine(),
        seconds=matrix.timed_seconds,
    )
    fixed = {
        "spec_id": run.spec_id, "norm_group_id": run.norm_group_id,
        # From the norm group, whose enforced foreign key keeps this version alive.
        "bank_version_id": run.norm_group.bank_version_id, "run_id": run.pk,
        "computed_at": timezone.now(),
    }
    with transaction.atomic():
        # A chunk commits all or nothing, so one of its results carrying this run means
        # the chunk was already counted (a message delivered twice): write nothing.
        if Result.objects.filter(run=run, assignment_id=int(ids[0])).exists():
            return 0
        upsert_results(ids, scores, fixed)
        ScoringRun.objects.filter(pk=run.pk, status=ScoringRun.Status.RUNNING).update(
            done=F("done") + len(ids)
        )
    run.close_if_complete()
    return len(ids)


def fail_chunk(run_id, assignment_ids, error):
    """Count a chunk that could not be scored, so the run still ends."""
    n = len(set(assignment_ids))
    ScoringRun.objects.filter(pk=run_id, status=ScoringRun.Status.RUNNING).update(
        failed=F("failed") + n, error=str(error)[:2000]
    )
    ScoringRun(pk=run_id).close_if_complete()


def fail_run(run_id, error):
    run = ScoringRun.objects.filter(pk=run_id).first()
    if run is not None:
        run.close(error=str(error)[:2000])


def run_sync(run) -> ScoringRun:
    """Score a run in this process with the same code the workers use."""
    try:
        chunks = prepare_run(run.pk)
    except Exception as exc:
        fail_run(run.pk, exc)
        raise
    for chunk in chunks:
        try:
            score_chunk(run.pk, chunk)
        except Exception as exc:
            logger.exception("scoring run %s: chunk failed", run.pk)
            fail_chunk(run.pk, chunk, exc)
    run.refresh_from_db()
    return run


_PER_SCALE = ("raw", "n_answered", "n_missing", "scorable", "z", "t", "percentile",
              "band_low", "band_high")
_RESULT_FIELDS = ("scores", "probability_execution", "role_family", "profile_note",
                  "validity", "indices", "flags")
_FIXED_FIELDS = ("spec_id", "norm_group_id", "bank_version_id", "run_id", "computed_at")


# Stored precision. Nothing about a person is known to 15 digits: a z-score or index to
# 4 decimals and a T-score, percentile or band to 2 are far finer than any standard error,
# and shorter numbers make the results cheaper to write. Classification and flags are
# decided by the engine on the unrounded values.
_DECIMALS = {"raw": 4, "z": 4, "t": 2, "percentile": 2, "band_low": 2, "band_high": 2,
             "completeness": 4, "alignment": 4, "acquiescence": 4, "speed": 2,
             "mahalanobis": 3}


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


def upsert_results(assignment_ids, scores: scoring.Scores, fixed):
    """Insert or overwrite the results of these assignments under one spec.

    PostgreSQL: COPY (see `_copy_upsert`; measured about five times faster than
    bulk_create's multi-row INSERT for 5,000 results). Elsewhere: bulk_create with
    update_conflicts on the (assignment, spec) key.
    """
    if connection.vendor == "postgresql":
        _copy_upsert(assignment_ids, scores, fixed)
        return
    Result.objects.bulk_create(
        [
            Result(assignment_id=int(a), **f, **fixed)
            for a, f in zip(assignment_ids.tolist(), result_fields_of(scores), strict=True)
        ],
        update_conflicts=True, unique_fields=["assignment", "spec"],
        update_fields=[
            name.removesuffix("_id") for name in _FIXED_FIELDS + _RESULT_FIELDS
            if name != "spec_id"  # part of the key
        ],
    )


def _copy_upsert(assignment_ids, scores, fixed):
    columns = ("assignment_id",) + _FIXED_FIELDS + _RESULT_FIELDS
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        conflicts = Result.objects.filter(
            spec_id=fixed["spec_id"], assignment_id__in=assignment_ids.tolist()
        ).exists()
        # First scoring under this spec (the common case): COPY straight into the table.
        # Otherwise stage the rows and overwrite in one INSERT ... ON CONFLICT, keeping
        # each result's id (anything that refers to a result keeps referring to it). A
        # concurrent writer can only make the straight COPY hit the unique constraint:
        # the chunk then rolls back and its retry takes the upsert path.
        target = "assessments_result"
        if conflicts:
            target = "scoring_result_batch"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {column_list} FROM assessments_result WITH NO DATA"
            )
        # The rows go out in slices through a writer thread, so the server parses and
        # inserts one slice while this thread formats the next.
        sql = f"COPY {target} ({column_list}) FROM STDIN"
        writer = psycopg.copy.QueuedLibpqWriter(cursor.cursor)
        with cursor.cursor.copy(sql, writer=writer) as copy:
            for piece in copy_text(assignment_ids, scores, fixed):
                copy.write(piece)
        if conflicts:
            updates = ", ".join(
                f"{c} = EXCLUDED.{c}" for c in columns if c not in ("assignment_id", "spec_id")
            )
            cursor.execute(
                f"INSERT INTO assessments_result ({column_list}) "  # noqa: S608
                f"SELECT {column_list} FROM {target} "
                f"ON CONFLICT (assignment_id, spec_id) DO UPDATE SET {updates}"
            )
            # Dropped now, not only at commit: the caller's transaction may go on.
            cursor.execute(f"DROP TABLE {target}")


_encode_json = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode


def copy_text(assignment_ids, scores: scoring.Scores, fixed, piece=500):
    """The results in COPY's text format, `piece` rows per string.

    Built column-wise: every value becomes a JSON token once (one vectorised conversion
    per array), and each row is one %-format of a template, iterated in C. This holds the
    same JSON as `result_fields_of` (a test compares them) at a fraction of the cost of
    building and encoding a dict per person.
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
    columns = [assignment_ids.astype(str).tolist()]
    columns += [
        _json_tokens(stored(scores, name, s)) for s in range(len(codes)) for name in _PER_SCALE
    ]
    columns.append(_json_tokens(scores.probability_execution, missing="\\N"))
    columns += [scores.role_family.tolist(), scores.profile_note.tolist(),
                scores.validity.tolist()]
    columns += [_json_tokens(stored(scores, name)) for name in Result.INDICES]
    columns.append([_copy_escape(_encode_json(flags)) for flags in scores.flag_lists()])
    rows = list(map(line.__mod__, zip(*columns, strict=True)))
    for i in range(0, len(rows), piece):
        yield "".join(rows[i : i + piece])


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


# --- The sweep ----------------------------------------------------------------------------


def sweep(now=None) -> dict:
    """Close runs that stopped making progress; queue a run for every campaign with
    submissions that have no result under the current spec (a lost message, or answers
    submitted while a run was going)."""
    now = now or timezone.now()
    closed = 0
    for run in ScoringRun.objects.stale(now - stale_after()):
        closed += run.close(error="closed by the sweep: no progress")
    spec_row = ScoringSpec.objects.current()
    busy = ScoringRun.objects.active().filter(spec=spec_row).values("campaign")
    unscored = without_result(
        Assignment.objects.filter(status=Assignment.Status.SUBMITTED), spec_row
    ).exclude(campaign__in=busy)
    campaign_ids = sorted(set(unscored.values_list("campaign_id", flat=True)))
    with transaction.atomic():
        for campaign in Campaign.objects.filter(pk__in=campaign_ids):
            start_run(campaign, scope=ScoringRun.Scope.MISSING, spec_row=spec_row)
    return {"closed": closed, "queued": len(campaign_ids)}


# --- Reports ------------------------------------------------------------------------------


def item_analysis(campaign) -> dict:
    """Per scale: alpha, standardized alpha, omega total, n; per item r.drop and alpha
    if deleted; from the campaign's submitted answers (reverse items keyed)."""
    bank = bank_layout(campaign.bank_version_id)
    matrix = load_campaign_answers(submitted_ids(campaign), bank)
    try:
        if not len(matrix.X):
            raise ValueError("no submissions")
        report = scoring.reliability_report(scoring.key(matrix.X, bank.layout), bank.layout)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError):
        # Too few people for the engine's models (or none): the statistics are unknown.
        report = _unknown_reliability(bank.layout, len(matrix.X))
    return {
        code: {
            "n": scale["n"],
            "k": scale["k"],
            "alpha": _finite(scale["alpha"]),
            "alpha_std": _finite(scale["alpha_std"]),
            "omega_total": _finite(scale["omega_total"]),
            "items": {
                item: {k: _finite(v) for k, v in stats.items()}
                for item, stats in scale["items"].items()
            },
        }
        for code, scale in report.items()
    }


def _unknown_reliability(layout, n):
    nan = float("nan")
    report = {}
    for s, code in enumerate(layout.scale_codes):
        items = layout.scale_items(s)
        report[code] = {
            "n": n, "k": len(items), "alpha": nan, "alpha_std": nan, "omega_total": nan,
            "items": {layout.item_codes[int(i)]: {"r_drop": nan, "alpha_if_deleted": nan}
                      for i in items},
        }
    return report


def _finite(x):
    x = float(x)
    return x if np.isfinite(x) else None


# --- Export -------------------------------------------------------------------------------

_INJECTION_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Text a spreadsheet could read as a formula gets a leading apostrophe. Numbers we
    format ourselves are left alone: a negative z-score is data, not a formula."""
    if isinstance(value, str) and value.startswith(_INJECTION_STARTS):
        return "'" + value
    return value


def export_spec(campaign):
    """The spec of the campaign's latest run, else the current one."""
    run = campaign.scoring_runs.select_related("spec").order_by("-created_at", "-pk").first()
    return run.spec if run is not None else ScoringSpec.objects.current()


def export_rows(campaign, spec_row=None):
    """Header, then one row per result of the campaign under `spec_row` (DESIGN.md
    section 3), read in batches so any campaign size streams in constant memory."""
    spec_row = spec_row or export_spec(campaign)
    scales = list(
        Scale.objects.filter(version_id=campaign.bank_version_id)
        .order_by("code").values_list("code", flat=True)
    )
    header = ["employee_id"]
    for code in scales:
        header += [f"{code}_raw", f"{code}_z", f"{code}_t", f"{code}_percentile"]
    header += [
        "probability_execution", "role_family", "profile_note", "validity",
        *Result.INDICES, "flags", "spec_hash", "norm_group", "norms_provisional",
        "bank_version",
    ]
    yield header
    results = (
        Result.objects.for_campaign(campaign, spec_row)
        .order_by("assignment__employee__employee_id")
        .values_list(
            "assignment__employee__employee_id", "scores", "probability_execution",
            "role_family", "profile_note", "validity", "indices", "flags", "spec__hash",
            "norm_group__name", "norm_group__number", "norm_group__provisional",
            "bank_version__bank__code", "bank_version__number",
        )
    )
    for (employee_id, scores, probability, family, note, validity, indices, flags, spec_hash,
         norm_name, norm_number, provisional, bank, bank_number) in results.iterator(2000):
        row = [employee_id]
        for code in scales:
            scale = scores.get(code, {})
            row += [_number(scale.get(k)) for k in ("raw", "z", "t", "percentile")]
        row += [_number(probability), family, note, validity]
        row += [_number(indices.get(name)) for name in Result.INDICES]
        row += [";".join(flags), spec_hash, f"{norm_name} v{norm_number}",
                "yes" if provisional else "no", f"{bank} v{bank_number}"]
        yield [csv_safe(cell) for cell in row]


def _number(x):
    if x is None:
        return ""
    return round(x, 6) if isinstance(x, float) else x
