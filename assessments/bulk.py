"""Bulk reads and writes: the only module that asks which database it is talking to.

Campaigns reach 100,000 people and a result set is written in chunks of thousands, so
the hot paths bypass per-object ORM work. On PostgreSQL that means COPY in and a packed
bytea out; everywhere else (SQLite in development and tests) the plain ORM bulk calls
do the same job more slowly. Callers describe rows; this module picks the mechanism.
See docs/architecture.md ("Bulk paths").
"""

import json

import numpy as np
import psycopg
import psycopg.copy
from django.db import connection
from django.db.models import F
from django.utils import timezone

from .models import Answer, Assignment, Campaign, Result, ReviewDecision


def is_postgres():
    return connection.vendor == "postgresql"


# --- Reading answers -------------------------------------------------------------------

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


def read_answers(assignment_ids):
    """(assignment, item, value, seconds) arrays of these assignments' answers, in one
    query; seconds is NaN where not recorded."""
    ids = np.asarray(assignment_ids, dtype=np.int64)
    if not len(ids):
        empty = np.empty(0)
        return empty.astype(np.int64), empty.astype(np.int64), empty, empty
    if is_postgres():
        connection.ensure_connection()
        # A binary-result cursor of its own: Django's cursors are client-side and text-only.
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                _PACKED_ANSWERS_SQL, ["{" + ",".join(map(str, ids.tolist())) + "}"], binary=True
            )
            packed = cursor.fetchone()[0] or b""
        rows = np.frombuffer(packed, _PACKED_ANSWER)
        return (rows["assignment"].astype(np.int64), rows["item"].astype(np.int64),
                rows["value"].astype(float), rows["seconds"].astype(float))
    answers = Answer.objects.filter(assignment_id__in=ids.tolist()).values_list(
        "assignment_id", "item_id", "value", "seconds"
    )
    arr = np.array(
        [(a, i, v, np.nan if s is None else s) for a, i, v, s in answers], dtype=float
    ).reshape(-1, 4)
    return arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2], arr[:, 3]


# Stored item orders of a list of assignments, the ones with exactly k entries: picked by
# the ids themselves (one array parameter, as for the answers), so that a norm sample of
# 20,000 spread over a campaign of 300,000 reads 20,000 rows, not every row in its id
# range; and sent as text, parsed here once (the ORM would parse every row's JSON,
# including those of the wrong length that are then thrown away).
_ORDERS_SQL = (
    "SELECT id, item_order::text FROM assessments_assignment WHERE id = ANY(%s::int8[])"
    " AND CASE WHEN jsonb_typeof(item_order) = 'array'"
    " THEN jsonb_array_length(item_order) END = %s"
)


def read_orders(assignment_ids, k):
    """(assignment id, stored item order) of these assignments whose order is a list of
    k entries (sorted ids), in one query; an assignment without one is left out."""
    ids = np.asarray(assignment_ids, dtype=np.int64)
    if not len(ids):
        return []
    if is_postgres():
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(_ORDERS_SQL, ["{" + ",".join(map(str, ids.tolist())) + "}", k])
            return [(pk, json.loads(text)) for pk, text in cursor.fetchall()]
    # Elsewhere by the ids' range, then matched by the caller (no IN list of thousands).
    rows = Assignment.objects.filter(pk__gte=int(ids.min()), pk__lte=int(ids.max()))
    return [(pk, order) for pk, order in rows.values_list("pk", "item_order")
            if isinstance(order, list) and len(order) == k]


# --- Inserting rows ---------------------------------------------------------------------


def _allocate_ids(model, n):
    """Reserve n primary keys from the table's sequence (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, fields, rows, types=None):
    """COPY rows (tuples in `fields` order) into the model's table; binary when typed."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
    options = " (FORMAT BINARY)" if types else ""
    sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN{options}"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        if types:
            copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def create_rows(model, fields, rows):
    """Insert rows (tuples in `fields` order) and return their new primary keys, in order.
    The values must already be checked: no model validation runs here."""
    if not rows:
        return []
    if is_postgres():
        ids = _allocate_ids(model, len(rows))
        _copy(model, ["id", *fields], ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
        return ids
    objects = model.objects.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows]
    )
    return [obj.pk for obj in objects]


_ANSWER_FIELDS = ["assignment_id", "item_id", "value", "seconds", "answered_at"]
_ANSWER_TYPES = ["int8", "int8", "int2", "float8", "timestamptz"]


def insert_answers(rows):
    """Write the answers of submissions being created, in the transaction that creates
    their assignments: every answer of each assignment, in this one call (the answer lock
    in models/campaigns.py allows exactly this; an assignment that already has answers is
    refused on the ORM path).

    rows: (assignment_id, item_id, value, seconds, answered_at), values already checked."""
    if is_postgres():
        _copy(Answer, _ANSWER_FIELDS, rows, types=_ANSWER_TYPES)
    else:
        Answer.objects.bulk_create(
            (Answer(**dict(zip(_ANSWER_FIELDS, row, strict=True))) for row in rows),
            batch_size=2000, new_submissions=True,
        )


# Each answer row on PostgreSQL fires two foreign-key triggers, checked at commit, which
# cost more than the COPY itself (about 45 s for 4.8 million rows). Above this many
# answers a load drops those two constraints for its own transaction and adds them back
# at the end, which checks all rows in one join instead. The price is an exclusive lock
# on the answer table until commit, so small loads keep the per-row checks.
BULK_ANSWERS = 200_000


class AnswerLoad:
    """Around a large load on PostgreSQL: drop the answer table's foreign keys, then add
    them back, which checks every row in one join (see BULK_ANSWERS). Use inside the
    load's transaction, so that any failure puts the constraints back by rolling back."""

    def __init__(self, n_answers):
        self.active = is_postgres() and n_answers >= BULK_ANSWERS
        self.constraints = []

    def __enter__(self):
        if not self.active:
            return self
        table = Answer._meta.db_table
        with connection.cursor() as cursor:
            # Check what is pending now: PostgreSQL will not alter a table with pending
            # trigger events (the answer table's foreign keys live on three tables).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            self.constraints = cursor.fetchall()
            if self.constraints:
                qn = connection.ops.quote_name
                drops = ", ".join(f"DROP CONSTRAINT {qn(name)}" for name, __ in self.constraints)
                cursor.execute(f"ALTER TABLE {qn(table)} {drops}")
        return self

    def __exit__(self, exc_type, exc, tb):
        # On an error the transaction's rollback restores the constraints by itself.
        if exc_type is None and self.constraints:
            qn = connection.ops.quote_name
            adds = ", ".join(f"ADD CONSTRAINT {qn(name)} {definition}"
                             for name, definition in self.constraints)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {qn(Answer._meta.db_table)} {adds}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return False


# --- Upserting rows ---------------------------------------------------------------------


def upsert(model, columns, unique, *, overwrite, copy_text, objects, keep_if_same=None,
           reopen_reviewed_on=()):
    """Insert rows, or overwrite those that clash on `unique`, in one statement; returns
    how many rows were written.

    `columns` name the table columns in COPY order; `copy_text()` yields those rows in
    COPY's text format and `objects()` gives them as unsaved model instances: only the
    one this database uses is called. `overwrite` says whether any row may already exist.
    With `keep_if_same` (a column), a clashing row that already holds the same value
    there is left alone and not counted: a second writer of the same rows, even one that
    waited for the first to commit, then writes and counts nothing twice.

    PostgreSQL: a first write COPYs straight into the table (measured about five times
    faster than bulk_create's multi-row INSERT for 5,000 results); an overwrite stages
    the rows and runs one INSERT ... ON CONFLICT, which keeps each row's id (anything
    that refers to it keeps referring to it). A concurrent writer can only make the
    straight COPY hit the unique constraint: the caller's transaction then rolls back and
    its retry takes the overwrite path. Elsewhere: bulk_create with update_conflicts.

    `reopen_reviewed_on` (Results only) names the columns whose change sends a reviewed
    result back to review (`_reopen_changed_results`), in one more statement per write.
    """
    key = [model._meta.get_field(name.removesuffix("_id")).name for name in unique]
    if not is_postgres():
        # SQLite lets one writer in at a time, so the caller's check of what exists
        # holds until this transaction commits.
        rows = objects()
        if overwrite and reopen_reviewed_on:
            _reopen_changed_results_orm(rows, reopen_reviewed_on, keep_if_same)
        return len(model.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=key,
            update_fields=[
                model._meta.get_field(name.removesuffix("_id")).name for name in columns
                if name not in unique
            ],
        ))
    table = model._meta.db_table
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        target = table
        if overwrite:
            target = "bulk_upsert_batch"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {column_list} FROM {table} WITH NO DATA"
            )
        # The rows go out in slices through a writer thread, so the server parses and
        # inserts one slice while this thread formats the next.
        writer = psycopg.copy.QueuedLibpqWriter(cursor.cursor)
        with cursor.cursor.copy(f"COPY {target} ({column_list}) FROM STDIN", writer=writer) as copy:
            for piece in copy_text():
                copy.write(piece)
        written = cursor.cursor.rowcount
        if overwrite:
            if reopen_reviewed_on:
                _reopen_changed_results_pg(cursor, target, reopen_reviewed_on, keep_if_same)
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in unique)
            keep = (f" WHERE {table}.{keep_if_same} IS DISTINCT FROM EXCLUDED.{keep_if_same}"
                    if keep_if_same else "")
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) "  # noqa: S608
                f"SELECT {column_list} FROM {target} "
                f"ON CONFLICT ({', '.join(unique)}) DO UPDATE SET {updates}{keep}"
            )
            written = cursor.cursor.rowcount
            # Dropped now, not only at commit: the caller's transaction may go on.
            cursor.execute(f"DROP TABLE {target}")
    return written


# --- Re-scoring a reviewed result ---------------------------------------------------------
#
# A result a person reviewed stays decided when re-scoring writes the same family and
# validity again; when either changed, the decision was about something else, so the
# result goes back to pending (nothing released), its round grows (a reviewer's form
# opened before the re-score then loses) and a system "reopen" decision says what
# changed. The rows are overwritten in place, so the decisions history stays attached.
# A pending result whose family changed only has its round bumped, for the same reason.


def _reopen_changed_results_pg(cursor, staged, watched, keep_if_same):
    """One statement for the whole chunk: lock the results whose watched columns differ
    from the staged rows (FOR UPDATE returns their latest committed state, so a decision
    committed meanwhile is seen), bump them, and append a reopen decision for those that
    were not pending. Only changed rows are touched: a re-score that changes nothing
    costs one join of the staged chunk against the unique index."""
    table, decisions = Result._meta.db_table, ReviewDecision._meta.db_table
    differs = " OR ".join(f"r.{c} IS DISTINCT FROM s.{c}" for c in watched)
    same_writer = (f" AND r.{keep_if_same} IS DISTINCT FROM s.{keep_if_same}"
                   if keep_if_same else "")
    olds = ", ".join(f"r.{c} AS old_{c}, s.{c} AS new_{c}" for c in watched)
    reason = ", ".join(
        f"CASE WHEN old_{c} IS DISTINCT FROM new_{c} THEN '{c} ' || "
        f"COALESCE(NULLIF(old_{c}, ''), '-') || ' -> ' || COALESCE(NULLIF(new_{c}, ''), '-') END"
        for c in watched
    )
    # Only model table names and the caller's column names are formatted in.
    cursor.execute(
        f"WITH changed AS ("  # noqa: S608
        f" SELECT r.id, r.review_state, {olds} FROM {table} r"
        f" JOIN {staged} s ON r.assignment_id = s.assignment_id AND r.spec_id = s.spec_id"
        f" WHERE ({differs}){same_writer} FOR UPDATE OF r),"
        f" bumped AS (UPDATE {table} r SET review_state = %s, released_family = '',"
        f" review_round = r.review_round + 1 FROM changed c WHERE r.id = c.id)"
        f" INSERT INTO {decisions} (result_id, reviewer_id, decision, family, reason,"
        f" answers_contest_id, decided_at)"
        f" SELECT id, NULL, %s, '', concat_ws('; ', {reason}), NULL, %s FROM changed"
        f" WHERE review_state <> %s",
        # The time as Django stamps decisions (not the transaction's start, which would
        # sort the reopen before a decision taken earlier in the same transaction).
        [Result.ReviewState.PENDING, ReviewDecision.Decision.REOPEN, timezone.now(),
         Result.ReviewState.PENDING],
    )


def _reopen_changed_results_orm(rows, watched, keep_if_same):
    """The same on SQLite, which has one writer at a time: one read of the stored rows,
    one UPDATE and one bulk insert for the chunk."""
    if not rows:
        return
    fields = [c.removesuffix("_id") if c.endswith("_id") else c for c in watched]
    keep = keep_if_same.removesuffix("_id") if keep_if_same else None
    stored = {
        (row["assignment_id"], row["spec_id"]): row
        for row in Result.objects.filter(
            spec_id__in={r.spec_id for r in rows},
            assignment_id__in=[r.assignment_id for r in rows],
        ).values("pk", "assignment_id", "spec_id", "review_state", *watched,
                 *([keep_if_same] if keep_if_same else []))
    }
    bumped, reopened = [], []
    for row in rows:
        old = stored.get((row.assignment_id, row.spec_id))
        if old is None or (keep and old[keep_if_same] == getattr(row, keep_if_same)):
            continue
        changes = [f"{c} {old[c] or '-'} -> {getattr(row, f) or '-'}"
                   for c, f in zip(watched, fields, strict=True) if old[c] != getattr(row, f)]
        if not changes:
            continue
        bumped.append(old["pk"])
        if old["review_state"] != Result.ReviewState.PENDING:
            reopened.append(ReviewDecision(result_id=old["pk"], reviewer=None,
                                           decision=ReviewDecision.Decision.REOPEN,
                                           reason="; ".join(changes)))
    if bumped:
        Result.objects.filter(pk__in=bumped).update(
            review_state=Result.ReviewState.PENDING, released_family="",
            review_round=F("review_round") + 1)
        ReviewDecision.objects.bulk_create(reopened)


def save_answer(assignment_id, item_id, value, sequence, seconds, language, answered_at,
                seconds_cap, *, orm_writes):
    """One save of an answer: update assignment `assignment_id` while it can take writes
    (not submitted, its campaign open) with its sequence, language and first start, then
    write the answer unless a save with a sequence at least `sequence` wrote it.
    `sequence` None means the assignment's new sequence. `seconds` (or None) is added to
    the item's time, capped.

    Returns (the assignment's sequence after the save, whether the answer row was
    written), or None, with nothing written, when the assignment cannot take writes.

    On PostgreSQL both writes are ONE handwritten statement (the UPDATE in a
    data-modifying CTE feeds the INSERT ... ON CONFLICT), so it needs no transaction of
    its own: the UPDATE's row lock serialises it with the other saves and with the
    submission of the assignment exactly as a transaction did (the status condition is
    on the updated row, so it is checked again on the newest version when the lock is
    released). It is written out rather than compiled from querysets because this is the
    busiest write of the product, and building the ORM's UPDATE cost more CPU than the
    database spent running it. The conditions are the ones `orm_writes()` returns
    (a queryset of the assignment while writable, and the updates for it), which every
    other database runs in one transaction; the answering tests run on both.
    Only services/answering.save_answer calls this; the answer is written only behind
    the assignment's row lock, which is what keeps this raw write inside the submission
    lock of models/campaigns.py."""
    from django.db import transaction

    table = Answer._meta.db_table
    least = "LEAST" if is_postgres() else "MIN"
    seconds_sql = (f"{least}(COALESCE({table}.seconds, 0) + excluded.seconds, %s)"
                   if seconds is not None else f"{table}.seconds")
    seconds = None if seconds is None else min(float(seconds), seconds_cap)
    upsert = (
        # Only the model's table name and a fixed expression are formatted in.
        f"ON CONFLICT (assignment_id, item_id) DO UPDATE SET value = excluded.value, "
        f"sequence = excluded.sequence, seconds = {seconds_sql}, "
        f"language = excluded.language, answered_at = excluded.answered_at "
        f"WHERE {table}.sequence < excluded.sequence"
    )
    cap = [seconds_cap] if seconds is not None else []
    if is_postgres():
        status, open_ = Assignment.Status, Campaign.Status.OPEN
        next_sequence = ("GREATEST(t.sequence, %s::bigint)" if sequence is not None
                         else "t.sequence + 1")
        with connection.cursor() as cursor:
            cursor.execute(
                # Only model table names and fixed expressions are formatted in. In SET,
                # t.status is the row's status before this UPDATE.
                f"WITH a AS (UPDATE {Assignment._meta.db_table} AS t SET "  # noqa: S608
                f"sequence = {next_sequence}, language = %s, "
                f"status = CASE WHEN t.status = %s THEN %s ELSE t.status END, "
                f"started_at = CASE WHEN t.status = %s THEN %s::timestamptz "
                f"ELSE t.started_at END "
                f"WHERE t.id = %s AND t.status <> %s AND t.campaign_id IN ("
                f"SELECT c.id FROM {Campaign._meta.db_table} AS c WHERE c.status = %s "
                f"AND (c.opens_at IS NULL OR c.opens_at <= %s) "
                f"AND (c.closes_at IS NULL OR c.closes_at > %s)) "
                f"RETURNING t.id, t.sequence), "
                f"saved AS (INSERT INTO {table} (assignment_id, item_id, value, sequence, "
                f"seconds, language, answered_at) SELECT a.id, %s::bigint, %s::smallint, "
                f"COALESCE(%s::bigint, a.sequence), %s::double precision, %s::varchar, "
                f"%s::timestamptz FROM a {upsert} RETURNING 1) "
                f"SELECT a.sequence, (SELECT count(*) FROM saved) FROM a",
                [*([sequence] if sequence is not None else []), language,
                 status.NOT_STARTED, status.IN_PROGRESS, status.NOT_STARTED, answered_at,
                 assignment_id, status.SUBMITTED, open_, answered_at, answered_at,
                 item_id, value, sequence, seconds, language, answered_at, *cap],
            )
            row = cursor.fetchone()
        return None if row is None else (row[0], row[1] == 1)
    writable, updates = orm_writes()
    with transaction.atomic(using=writable.db):
        if not writable.update(**updates):
            return None
        current = writable.model.objects.filter(pk=assignment_id).values_list(
            "sequence", flat=True).get()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (assignment_id, item_id, value, sequence, "  # noqa: S608
                f"seconds, language, answered_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                f"{upsert}",
                [assignment_id, item_id, value, current if sequence is None else sequence,
                 seconds, language, answered_at, *cap],
            )
            return current, cursor.rowcount == 1
