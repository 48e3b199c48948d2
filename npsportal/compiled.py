"""Queries compiled once and run as plain SQL, for the reads every page makes: Django takes
longer to build and compile such a query than the database takes to answer it (decision 0021).
The SQL is compiled with a placeholder value that `with_value` swaps for the real one. On
PostgreSQL each is also prepared once per connection, as planning it cost more than running it."""

import functools
import hashlib
import re

from django.conf import settings
from django.db import connection


def fetch(compiled: tuple[str, tuple]) -> list[tuple]:
    """The rows of SQL compiled earlier, as the database returns them (SQLite: booleans as 0/1)."""
    with connection.cursor() as cursor:
        cursor.execute(*prepared(cursor, compiled))
        return cursor.fetchall()


def prepared(cursor, compiled: tuple[str, tuple]) -> tuple[str, tuple]:
    """On PostgreSQL, the compiled SQL as the EXECUTE of a statement prepared on this connection
    (prepared at its first use; psycopg2 sends every query as text, planned afresh each time).

    PREPARE outlives a rolled-back transaction, and is sent on the driver's own cursor: it is
    made once per connection, so it is not one of the page's queries.
    """
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return compiled
    sql, params = compiled
    name = "nps_" + hashlib.blake2b(sql.encode(), digest_size=10).hexdigest()
    done = prepared_on_this_connection()
    if name not in done:
        cursor.cursor.execute(f"PREPARE {name} AS {numbered_placeholders(sql)}")
        done.add(name)
    return (
        f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    ), params


def prepared_on_this_connection() -> set[str]:
    """The statements prepared on the database connection open now (a new one has none)."""
    # The driver's connection itself is held, so a new one is never taken for the old.
    if getattr(connection, "_nps_prepared_on", None) is not connection.connection:
        connection._nps_prepared_on, connection._nps_prepared = connection.connection, set()
    return connection._nps_prepared


def numbered_placeholders(sql: str) -> str:
    """Django's SQL for psycopg2 (%s for each parameter, %% for a percent sign) as PREPARE
    takes it ($1, $2, …)."""
    numbers = iter(range(1, sql.count("%s") + 1))
    return re.sub(r"%%|%s", lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


def with_value(compiled: tuple[str, tuple], placeholder, value) -> tuple[str, tuple]:
    """SQL compiled with `placeholder` among its parameters, made to read `value` instead."""
    sql, params = compiled
    return sql, tuple(value if p == placeholder else p for p in params)


def db_converters(model_field) -> list:
    """What Django applies to a column's value as the database returns it (dates on SQLite)."""
    column = model_field.cached_col
    return connection.ops.get_db_converters(column) + column.get_db_converters(connection)


def converted(values, converters) -> list:
    """Raw column values as the ORM would give them, with `db_converters` per (field, list)."""
    found = []
    for value, (model_field, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, model_field.cached_col, connection)
        found.append(value)
    return found


@functools.cache
def columns_of(model) -> tuple:
    """(field, converters) of each of the model's columns, for `converted` and `instance`."""
    return tuple((f, db_converters(f)) for f in model._meta.concrete_fields)


def instance(model, values):
    """The model object the ORM would make from a row's values for `columns_of(model)`."""
    columns = columns_of(model)
    attnames = [field.attname for field, _ in columns]
    return model.from_db(connection.alias, attnames, converted(values, columns))
