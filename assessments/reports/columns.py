"""Whole columns of a query as numpy arrays, for the reports that rank or sum over every
result of a campaign (a position's ranking, the stability to expect).

Read row by row, 90,000 results cost more in Python than in the database: each value
becomes a Python object in a tuple per row, then the tuples are zipped into arrays. On
PostgreSQL the database gathers each column into one array instead, sent in the binary
format (psycopg's loaders build the list of floats in C); on other databases the rows
are read as usual. Either way the caller gets one float array per column, NaN where the
value is NULL.
"""

from __future__ import annotations

import numpy as np
from django.db import connections


def of_query(queryset, *fields) -> list[np.ndarray]:
    """The queryset's `fields` as float arrays (NaN for NULL), aligned row by row."""
    rows = queryset.values_list(*fields)
    sql, params = rows.query.sql_with_params()
    return of_sql(connections[rows.db], sql, params, len(fields))


def of_sql(connection, sql: str, params, n_columns: int) -> list[np.ndarray]:
    """The `n_columns` columns of `sql` (its placeholders %s) as float arrays."""
    if connection.vendor == "postgresql":
        return _gathered(connection, sql, params, n_columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=float).reshape(len(rows), n_columns)
    return [table[:, j] for j in range(n_columns)]


def _gathered(connection, sql, params, n_columns):
    import psycopg

    # One pass of the aggregates over the same rows: the arrays stay aligned, in the
    # order the subquery gives them.
    gathered = ", ".join(f"array_agg(c{j})" for j in range(n_columns))
    names = ", ".join(f"c{j}" for j in range(n_columns))
    statement = f"SELECT {gathered} FROM ({sql}) AS q({names})"  # noqa: S608
    connection.ensure_connection()
    # Django's own cursors bind parameters on the client, which rules out binary
    # results; a plain psycopg cursor on the same connection (and so in the same
    # transaction) binds on the server.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, params, binary=True)
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return [np.empty(0) for _ in range(n_columns)]
    return [np.array([np.nan if v is None else v for v in column], dtype=float)
            if None in column else np.asarray(column, dtype=float) for column in row]
