"""Adding to counts kept in rows, many rows in one SQL statement.

`INSERT ... ON CONFLICT (...) DO UPDATE SET count = count + excluded.count RETURNING ...`:
a row not there yet is made, one that is has the number added to it, atomically, in one
round trip, on SQLite (3.35 or later) and PostgreSQL alike. The ORM has no way to say it
(bulk_create's update_conflicts sets a value, it cannot add to one).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def counts_add(
    *,
    model: type[models.Model],
    conflict: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    count: str = "count",
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert each row (field name -> value), or add its `count` to the existing row with the
    same `conflict` fields (a unique constraint of the model). Returns the `returning` fields
    of every row written. Name each row's fields in the same order, and order the rows the
    same way in every caller (PostgreSQL locks them in that order: no deadlock)."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    names = list(rows[0])
    fields: list[Any] = [model._meta.get_field(name) for name in names]  # concrete fields: they have columns
    columns = [quote(field.column) for field in fields]
    params = [
        field.get_db_prep_save(row[name], connection) for row in rows for name, field in zip(names, fields, strict=True)
    ]
    table = quote(model._meta.db_table)
    meta: Any = model._meta
    column = {name: quote(meta.get_field(name).column) for name in (*conflict, count, *returning)}
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Names from the model's metadata, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(rows))} "  # noqa: S608
        f"ON CONFLICT ({', '.join(column[name] for name in conflict)}) "
        f"DO UPDATE SET {column[count]} = {table}.{column[count]} + excluded.{column[count]}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(column[name] for name in returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []
