"""Bulk loading for publishing (hundreds of thousands of rows in seconds, not minutes).

SQLite: raw executemany on the connection Django holds (same transaction); PostgreSQL: COPY
(psycopg 3 `cursor.copy`); any other database: bulk_create in large batches.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.db import connection, models


def _db_columns(model: type[models.Model], fields: list[str]) -> list[str]:
    return [model._meta.get_field(f).column for f in fields]


def arrow_columns(tbl, cols: list[str], defaults: dict | None = None) -> list[list]:
    """Python lists per column, nulls replaced by `defaults`; dates as ISO text on SQLite (what
    Django stores there), date objects elsewhere (COPY adapts them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    defaults = defaults or {}
    out = []
    for c in cols:
        col = tbl[c]
        if c in defaults:
            col = pc.fill_null(col, pa.scalar(defaults[c], col.type))
        if connection.vendor == "sqlite" and pa.types.is_date(col.type):
            col = col.cast(pa.string())
        out.append(col.to_pylist())
    return out


def run_rows_insert(model: type[models.Model], *, run_id: int, tbl, cols: list[str], defaults: dict | None = None) -> int:
    """Insert the rows of an Arrow table as `model` rows of one run (fields "run", *cols), in
    table order. The one way a run's mart reaches the database (coverage, linkage, compliance)."""
    columns = arrow_columns(tbl, cols, defaults)
    return bulk_insert(model, ["run", *cols], zip(itertools.repeat(run_id, tbl.num_rows), *columns))


def bulk_insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows (tuples in `fields` order; a ForeignKey given by its id). Returns the count.
    Call inside transaction.atomic() for all-or-nothing."""
    table = model._meta.db_table
    cols = [f'"{c}"' for c in _db_columns(model, fields)]  # quoted: "left" is an SQL keyword
    n = 0
    if connection.vendor == "sqlite":
        # values must already be SQLite-ready (dates as ISO text: see arrow_columns)
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache: index upkeep stays in memory
        sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
        counter = itertools.count(1)
        raw.executemany(sql, (r for r, n in zip(rows, counter)))
        return next(counter) - 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            with cur.cursor.copy(f'COPY "{table}" ({", ".join(cols)}) FROM STDIN') as copy:
                for r in rows:
                    copy.write_row(r)
                    n += 1
        return n
    objs = (model(**{(f + "_id" if model._meta.get_field(f).is_relation else f): v for f, v in zip(fields, r)}) for r in rows)
    it = iter(objs)
    while chunk := list(itertools.islice(it, 5_000)):
        model.objects.bulk_create(chunk)
        n += len(chunk)
    return n
