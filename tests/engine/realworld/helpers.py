"""Helpers for the real-world regression examples: DDL, reflection, counts, refusals, timeouts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed.errors import DbseedError

T = TypeVar("T")

__all__ = [
    "run_sql",
    "reflect",
    "scalar",
    "count",
    "assert_refusal",
    "within",
    "seed",
    "has_extension",
]


def run_sql(conn: sa.Connection, sql: str) -> None:
    """Run DDL/DML on the driver's cursor: ``%`` in identifiers is never a placeholder."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def reflect(conn: sa.Connection, schema: str | None = None) -> sa.MetaData:
    md = sa.MetaData(schema=schema)
    md.reflect(conn, schema=schema)
    return md


def scalar(conn: sa.Connection, sql: str) -> Any:
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        row = cursor.fetchone()
    finally:
        cursor.close()
    return None if row is None else row[0]


def rows_of(conn: sa.Connection, sql: str) -> list[tuple[Any, ...]]:
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return [tuple(r) for r in cursor.fetchall()]
    finally:
        cursor.close()


def count(conn: sa.Connection, table: str) -> int:
    """Rows in ``table`` (SQL text: quote it yourself)."""
    return int(scalar(conn, f"SELECT count(*) FROM {table}"))


def assert_refusal(
    exc: BaseException,
    kind: type[DbseedError] | tuple[type[DbseedError], ...],
    names: Sequence[str],
) -> str:
    """``exc`` is a refusal that keeps the promise: the right class, naming ``names``
    (table, column or constraint), the seed, and a fix."""
    message = str(exc)
    assert isinstance(exc, kind), f"{type(exc).__name__}: {message}"
    for name in names:
        assert name in message, f"{name!r} not named in: {message}"
    assert "seed" in message, f"no seed in: {message}"
    assert "Fix" in message, f"no 'Fix' in: {message}"
    return message


def within(seconds: float, fn: Callable[[], T], conn: sa.Connection | None = None) -> T:
    """Run ``fn`` on a thread and fail the test if it takes longer than ``seconds``.

    The running query of ``conn`` is cancelled then, so a hang in the database ends too.
    """
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            box["error"] = exc

    pid = scalar(conn, "SELECT pg_backend_pid()") if conn is not None else None
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if pid is not None and conn is not None:
            with conn.engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_cancel_backend({int(pid)})")
        thread.join(5)
        pytest.fail(f"seed() ran longer than {seconds:.0f}s")
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


def seed(conn: sa.Connection, metadata: sa.MetaData, **kwargs: Any) -> pytest_dbseed.SeedReport:
    """``pytest_dbseed.seed`` inside the test's transaction, failing after 30 s."""
    return within(30, lambda: pytest_dbseed.seed(conn, metadata, **kwargs), conn)


def has_extension(conn: sa.Connection, name: str) -> bool:
    """Create extension ``name`` if the server has it (inside the test's transaction)."""
    available = scalar(conn, f"SELECT count(*) FROM pg_available_extensions WHERE name = '{name}'")
    if not available:
        return False
    conn.exec_driver_sql("SAVEPOINT ext")
    try:
        run_sql(conn, f"CREATE EXTENSION IF NOT EXISTS {name}")
    except Exception:  # noqa: BLE001 - not installable here
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT ext")
        return False
    conn.exec_driver_sql("RELEASE SAVEPOINT ext")
    return True
