"""Driver errors -> messages naming the table, column, constraint, seed and fix."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.errors import ConstraintViolation, DbseedError, SchemaError

__all__ = ["translate_error", "is_driver_error"]

DRIVERS = ("psycopg2", "psycopg", "pymysql")
"""Modules whose exceptions reach the engine unwrapped (COPY runs on the raw connection)."""


def is_driver_error(exc: BaseException) -> bool:
    """True for an exception raised by a database driver itself."""
    return type(exc).__module__.split(".")[0] in DRIVERS


_FIXES = {
    "23503": "a foreign key points at a row that does not exist: if {col} is overridden, "
    "make the override return keys of rows that exist",
    "23502": "a NOT NULL column got NULL: override {col} with a value",
    "23505": "a value is repeated: rows already in the table or an override returning the "
    "same value twice; override {col} with distinct values (a callable f(row))",
    "23514": "the generator does not understand this CHECK: override {col} with values that "
    "satisfy it (a constant, a callable f(row) or fake('provider'))",
}
_SCHEMA_FIXES = {
    "42703": "the table in the database does not match the models (a column is missing); "
    "migrate the database, or seed with the models it was created from",
    "42P01": "a table of the models does not exist in the database; create the schema first",
}
_DATA_FIX = "a value does not fit the column's type: check the override of {col}"


def _sqlstate(orig: BaseException) -> str | None:
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if isinstance(code, str):
        return code
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):  # MySQL / MariaDB error numbers
        return {1452: "23503", 1451: "23503", 1048: "23502", 1062: "23505", 4025: "23514",
                3819: "23514"}.get(args[0])  # fmt: skip
    return None


_IN_FUNCTION = re.compile(r"(?:PL/pgSQL|SQL|PL/\w+) function \"?([^\s(\"]+)\"?\(?")


def _trigger_failure(
    diag: Any,
    table: TableInfo | None,
    seed: int,
    primary: str,
    triggers: Mapping[str, Sequence[tuple[str, str]]],
) -> DbseedError | None:
    """A failure inside a function run by the insert (a trigger's, most often)."""
    context = getattr(diag, "context", None) or ""
    match = _IN_FUNCTION.search(context)
    if match is None or table is None:
        return None
    function = match.group(1).rsplit(".", 1)[-1]
    fired = [t for t, f in triggers.get(table.fullname, ()) if f == function]
    what = (
        f"trigger {', '.join(fired)} (function {function}())"
        if fired
        else f"function {function}() (run by a trigger or default)"
    )
    return ConstraintViolation(
        f"table {table.fullname!r}: {what} on it failed while rows were inserted: {primary} "
        f"(seed {seed}). Fix: make {function}() accept the generated rows (it may expect rows "
        f"or tables that are not there), override the columns it checks, or disable the "
        f"trigger for seeding (ALTER TABLE ... DISABLE TRIGGER ...)."
    )


def translate_error(
    exc: BaseException,
    table: TableInfo | None,
    seed: int,
    dialect: str = "postgresql",
    triggers: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> DbseedError:
    """Turn a driver error into a message naming the table, constraint, seed and fix;
    ``triggers`` (table -> (trigger, function)) names the trigger a failing function is."""
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    constraint = getattr(diag, "constraint_name", None)
    column = getattr(diag, "column_name", None)
    tname = getattr(diag, "table_name", None) or (table.fullname if table else "?")
    primary = getattr(diag, "message_primary", None) or str(orig).splitlines()[0]
    detail = getattr(diag, "message_detail", None)
    state = _sqlstate(orig) or ""
    in_function = _trigger_failure(diag, table, seed, primary, triggers or {})
    if in_function is not None:
        return in_function
    col = repr(column) if column else "the column"
    if state in _SCHEMA_FIXES:
        return SchemaError(
            f"table {tname!r}: {primary} (seed {seed}). Fix: {_SCHEMA_FIXES[state]}."
        )
    if primary.startswith("no partition of relation"):
        return ConstraintViolation(
            f"table {tname!r}: PostgreSQL has no partition for some generated rows: "
            f"{primary}{'; ' + detail if detail else ''} (seed {seed}). Fix: add a DEFAULT "
            "partition (CREATE TABLE ... PARTITION OF ... DEFAULT), or override the "
            "partition key columns with values inside the partitions' bounds."
        )
    if state in _FIXES:
        hint = _FIXES[state].format(col=col)
    elif state.startswith("22"):
        hint = _DATA_FIX.format(col=col)
    else:
        hint = f"override {col} with values the database accepts"
    server = {"postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB", "mariadb": "MariaDB"}
    what = f" ({constraint!r})" if constraint else ""
    col_hint = f", column {column!r}" if column else ""
    message = (
        f"{server.get(dialect, dialect)} rejected generated rows for table {tname!r}"
        f"{col_hint}{what}: {primary}{'; ' + detail if detail else ''} (seed {seed}). "
        f"Fix: {hint}, e.g. counts={{{tname!r}: rows(N, {column or '<column>'}=...)}}."
    )
    return ConstraintViolation(message)
