"""Per-run databases: names, creation, and refusing to drop what is not ours."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import create_database, database_name, drop_database, is_ours


@pytest.mark.parametrize(
    ("run_id", "worker", "expected"),
    [
        ("20240101-abc", "gw0", "dbseed_20240101_abc_gw0"),
        ("ABC", None, "dbseed_abc_main"),
        ("a b/c", "gw12", "dbseed_a_b_c_gw12"),
        ("", "", "dbseed_run_main"),
    ],
)
def test_database_name(run_id: str, worker: str | None, expected: str) -> None:
    assert database_name(run_id, worker) == expected


def test_database_name_is_bounded_and_keeps_the_worker() -> None:
    name = database_name("x" * 200, "gw7")
    assert len(name) <= 63 and name.endswith("_gw7") and name.startswith("dbseed_")


def test_names_for_two_runs_differ() -> None:
    assert database_name(uuid.uuid4().hex, "gw0") != database_name(uuid.uuid4().hex, "gw0")


@pytest.fixture
def name(pg_server_url: sa.URL) -> Iterator[str]:
    """A fresh database name, force-dropped at the end whoever created it."""
    db = database_name(uuid.uuid4().hex[:12], "t")
    yield db
    engine = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    engine.dispose()


def _exists(server: sa.URL, db: str) -> bool:
    engine = sa.create_engine(server)
    try:
        with engine.connect() as conn:
            found = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": db})
            return found is not None
    finally:
        engine.dispose()


def test_create_then_drop(pg_server_url: sa.URL, name: str) -> None:
    url = create_database(pg_server_url, name)
    assert url.database == name and url.host == pg_server_url.host
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT current_database()")) == name
        assert conn.scalar(sa.text("SHOW server_encoding")) == "UTF8"
    engine.dispose()
    assert is_ours(pg_server_url, name) is True
    drop_database(pg_server_url, name)
    assert not _exists(pg_server_url, name)
    drop_database(pg_server_url, name)  # already gone: fine


def test_drop_succeeds_while_a_connection_is_open(pg_server_url: sa.URL, name: str) -> None:
    url = create_database(pg_server_url, name)
    engine = sa.create_engine(url)
    conn = engine.connect()
    try:
        drop_database(pg_server_url, name)
    finally:
        conn.invalidate()
        engine.dispose()
    assert not _exists(pg_server_url, name)


def test_refuses_to_drop_a_database_it_did_not_create(pg_server_url: sa.URL, name: str) -> None:
    engine = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    assert is_ours(pg_server_url, name) is False
    with pytest.raises(ProvisionError, match="refusing to drop .* pytest-dbseed did not create it"):
        drop_database(pg_server_url, name)
    assert _exists(pg_server_url, name)


def test_refuses_to_reuse_an_existing_database(pg_server_url: sa.URL, name: str) -> None:
    create_database(pg_server_url, name)
    with pytest.raises(ProvisionError, match="already exists"):
        create_database(pg_server_url, name)


@pytest.mark.parametrize("bad", ["Has-Caps", "1abc", 'x"; DROP DATABASE postgres; --', "a" * 64])
def test_invalid_names_are_refused(pg_server_url: sa.URL, bad: str) -> None:
    with pytest.raises(ConfigError, match="not a database name"):
        create_database(pg_server_url, bad)
    with pytest.raises(ConfigError, match="not a database name"):
        drop_database(pg_server_url, bad)


def test_unreachable_server_masks_password() -> None:
    url = sa.make_url("postgresql://someone:hunter2@127.0.0.1:1/postgres")
    with pytest.raises(ProvisionError) as info:
        create_database(url, "dbseed_x_main")
    assert "hunter2" not in str(info.value) and "***" in str(info.value)
