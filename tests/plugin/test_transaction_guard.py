"""The guard around each test's transaction, against a real PostgreSQL (no pytester)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from pytest_dbseed._transaction import TransactionGuard
from pytest_dbseed.errors import DbseedError

ROWS = sa.table("guard_probe", sa.column("n"))


@pytest.fixture
def engine(pg_engine: sa.Engine) -> Iterator[sa.Engine]:
    """An engine of its own (the guard listens to it) on a table holding one row."""
    engine = sa.create_engine(pg_engine.url, connect_args={"options": "-c lock_timeout=300ms"})
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE guard_probe (n integer)")
        conn.exec_driver_sql("INSERT INTO guard_probe VALUES (1)")
    try:
        yield engine
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE guard_probe")
        engine.dispose()


@pytest.fixture
def guard(engine: sa.Engine) -> Iterator[TransactionGuard]:
    guard = TransactionGuard(engine)
    yield guard
    guard.end()
    guard.close()


def rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(ROWS)) or 0)


def test_a_test_that_writes_is_rolled_back_and_needs_no_rebuild(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    conn = guard.begin()
    assert guard.connection is conn
    conn.execute(sa.insert(ROWS).values(n=2))
    guard.end()
    assert guard.connection is None and conn.closed
    assert rows(engine) == 1
    assert not guard.needs_rebuild


def test_reading_through_another_connection_needs_no_rebuild(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    guard.begin()
    with engine.begin() as other:
        assert other.scalar(sa.select(sa.func.count()).select_from(ROWS)) == 1
    guard.end()
    assert not guard.needs_rebuild


@pytest.mark.parametrize("how", ["engine-begin", "own-session", "between-tests"])
def test_a_commit_through_another_connection_is_noticed(
    guard: TransactionGuard, engine: sa.Engine, how: str
) -> None:
    if how != "between-tests":
        guard.begin()
    if how == "own-session":
        with Session(engine) as session:
            session.execute(sa.insert(ROWS).values(n=3))
            session.commit()
    else:
        with engine.begin() as other:
            other.execute(sa.insert(ROWS).values(n=3))
    guard.end()
    assert guard.needs_rebuild
    guard.rebuilt()
    assert not guard.needs_rebuild


@pytest.mark.parametrize("how", ["raw-commit", "dbapi-commit", "outer-commit", "closed"])
def test_a_test_that_ends_its_own_transaction_is_noticed(
    guard: TransactionGuard, engine: sa.Engine, how: str
) -> None:
    conn = guard.begin()
    conn.execute(sa.insert(ROWS).values(n=4))
    if how == "raw-commit":
        conn.exec_driver_sql("COMMIT")
    elif how == "dbapi-commit":
        conn.connection.dbapi_connection.commit()  # type: ignore[union-attr]
    elif how == "outer-commit":
        conn.commit()
    else:
        conn.close()
    guard.end()
    assert guard.needs_rebuild
    assert rows(engine) == (1 if how == "closed" else 2)


def test_a_broken_transaction_is_rolled_back_and_the_next_test_is_clean(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    conn = guard.begin()
    conn.execute(sa.insert(ROWS).values(n=5))
    with pytest.raises(sa.exc.DBAPIError):
        conn.exec_driver_sql("SELECT 1/0")
    guard.end()
    assert not guard.needs_rebuild
    assert rows(engine) == 1
    again = guard.begin()
    assert again.scalar(sa.select(sa.func.count()).select_from(ROWS)) == 1


def test_the_plugins_own_commits_are_not_counted(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    with guard.plugin_writes(), engine.begin() as conn:
        conn.execute(sa.insert(ROWS).values(n=6))
        conn.exec_driver_sql("COMMIT")
    assert not guard.needs_rebuild
    with engine.begin() as conn:
        conn.execute(sa.insert(ROWS).values(n=7))
    assert guard.needs_rebuild


def test_a_second_begin_without_end_is_refused(guard: TransactionGuard) -> None:
    guard.begin()
    with pytest.raises(RuntimeError, match="already open"):
        guard.begin()


def test_a_lock_wait_in_a_test_with_its_own_data_says_what_to_do(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    conn = guard.begin(own_data=True)
    conn.exec_driver_sql("TRUNCATE guard_probe")
    with engine.connect() as other, pytest.raises(DbseedError) as info:
        other.execute(sa.select(sa.func.count()).select_from(ROWS))
    assert "waited dbseed_lock_timeout for a lock" in str(info.value)
    assert "use the seeded_session or seeded_connection fixture" in str(info.value)
    guard.end()
    assert rows(engine) == 1  # the TRUNCATE was rolled back


def test_a_lock_wait_in_a_test_on_the_default_data_is_the_drivers_error(
    guard: TransactionGuard, engine: sa.Engine
) -> None:
    conn = guard.begin(own_data=False)
    conn.exec_driver_sql("LOCK TABLE guard_probe IN ACCESS EXCLUSIVE MODE")
    with engine.connect() as other, pytest.raises(sa.exc.OperationalError, match="lock timeout"):
        other.execute(sa.select(sa.func.count()).select_from(ROWS))


def test_after_close_nothing_is_watched(guard: TransactionGuard, engine: sa.Engine) -> None:
    guard.close()
    with engine.begin() as conn:
        conn.execute(sa.insert(ROWS).values(n=8))
    assert not guard.needs_rebuild
