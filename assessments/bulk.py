"""Bulk reads and writes: the only module that asks which database it is talking to.

Campaigns reach 100,000 people and a result set is written in chunks of thousands, so
the hot paths bypass per-object ORM work. On PostgreSQL that means COPY in and a packed
bytea out; everywhere else (SQLite in development and tests) the plain ORM bulk calls
do the same job more slowly. Callers describe rows; this module picks the mechanism.
See docs/architecture.md ("Bulk paths").
"""

import numpy as np
import psycopg
import psycopg.copy
from django.db import connection

from .models import Answer


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


def upsert(model, columns, unique, *, overwrite, copy_text, objects, keep_if_same=None):
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
    """
    key = [model._meta.get_field(name.removesuffix("_id")).name for name in unique]
    if not is_postgres():
        # SQLite lets one writer in at a time, so the caller's check of what exists
        # holds until this transaction commits.
        return len(model.objects.bulk_create(
            objects(), update_conflicts=True, unique_fields=key,
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


def save_answer(assignment_id, writable, updates, item_id, value, sequence, seconds,
                language, answered_at, seconds_cap):
    """One save of an answer: update the assignment row that `writable` finds (a queryset
    of assignment `assignment_id` while it can take writes, whose WHERE rules out submitted rows and
    closed campaigns) with `updates` (its sequence, language, status), then write the
    answer unless a save with a sequence at least `sequence` wrote it. `sequence` None
    means the assignment's new sequence. `seconds` (or None) is added to the item's time,
    capped.

    Returns (the assignment's sequence after the save, whether the answer row was
    written), or None, with nothing written, when `writable` found no row.

    On PostgreSQL both writes are ONE statement (the UPDATE in a data-modifying CTE feeds
    the INSERT ... ON CONFLICT), so it needs no transaction of its own: the UPDATE's row
    lock serialises it with the other saves and with the submission of the assignment
    exactly as a transaction did (the status condition is on the updated row, so it is
    checked again on the newest version when the lock is released), for three round
    trips fewer (BEGIN, a second statement, COMMIT). Elsewhere, the same two writes in one
    transaction. Only services/answering.save_answer calls this; the answer is written
    only behind the assignment's row lock, which is what keeps this raw write inside the
    submission lock of models/campaigns.py."""
    from django.db import transaction
    from django.db.models.sql import UpdateQuery

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
        # The UPDATE Django would run for writable.update(**updates): its WHERE (no joins)
        # is on the assignment row itself.
        query = writable.query.chain(UpdateQuery)
        query.add_update_values(updates)
        update_sql, update_params = query.get_compiler(writable.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH a AS ({update_sql} RETURNING id, sequence), "  # noqa: S608
                f"saved AS (INSERT INTO {table} (assignment_id, item_id, value, sequence, "
                f"seconds, language, answered_at) SELECT a.id, %s::bigint, %s::smallint, "
                f"COALESCE(%s::bigint, a.sequence), %s::double precision, %s::varchar, "
                f"%s::timestamptz FROM a {upsert} RETURNING 1) "
                f"SELECT a.sequence, (SELECT count(*) FROM saved) FROM a",
                [*update_params, item_id, value, sequence, seconds, language, answered_at,
                 *cap],
            )
            row = cursor.fetchone()
        return None if row is None else (row[0], row[1] == 1)
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
