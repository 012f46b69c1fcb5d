"""Bulk loading for publishing (hundreds of thousands of rows in seconds, not minutes).

SQLite: raw executemany on the connection Django holds (same transaction); PostgreSQL: COPY
(psycopg 3 `cursor.copy`); any other database: bulk_create in large batches.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date

from django.db import connection, models

BATCH = 50_000


def table_columns(model: type[models.Model]) -> list[str]:
    """Field names of a model's concrete columns except the primary key, in model order."""
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def _db_columns(model: type[models.Model], fields: list[str]) -> list[str]:
    return [model._meta.get_field(f).column for f in fields]


def _sqlite_value(v):
    return v.isoformat() if isinstance(v, date) else v


def bulk_insert(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows (tuples in `fields` order; a ForeignKey given by its id). Returns the count.
    Call inside transaction.atomic() for all-or-nothing."""
    table = model._meta.db_table
    cols = _db_columns(model, fields)
    n = 0
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
        it = iter(rows)
        while chunk := list(itertools.islice(it, BATCH)):
            raw.executemany(sql, [tuple(_sqlite_value(v) for v in r) for r in chunk])
            n += len(chunk)
        return n
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
