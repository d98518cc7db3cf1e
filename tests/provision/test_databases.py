"""Per-run databases: names, creation, and refusing to drop what is not ours."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import (
    create_database,
    database_name,
    drop_database,
    is_ours,
    reap_orphans,
)


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


# A process that creates a database meant to be dropped at exit, then ends as told.
_CREATOR = """
import os, signal, sys
import sqlalchemy as sa
from pytest_dbseed.provision import create_database

create_database(sa.make_url(sys.argv[1]), sys.argv[2], drop_at_exit=True)
print("created", flush=True)
how = sys.argv[3]
if how == "term":
    os.kill(os.getpid(), signal.SIGTERM)
elif how == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _run_creator(server: sa.URL, db: str, how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CREATOR, server.render_as_string(hide_password=False), db, how],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )


@pytest.mark.slow
@pytest.mark.parametrize("how", ["exit", "term"])
def test_database_is_dropped_when_its_process_ends_without_dropping_it(
    pg_server_url: sa.URL, name: str, how: str
) -> None:
    done = _run_creator(pg_server_url, name, how)
    assert "created" in done.stdout, done.stderr
    if how == "term":
        assert done.returncode == -signal.SIGTERM  # the signal still ends the process
    assert not _exists(pg_server_url, name)


@pytest.mark.slow
def test_a_killed_runs_database_is_reaped_later_and_nothing_else(
    pg_server_url: sa.URL, name: str
) -> None:
    done = _run_creator(pg_server_url, name, "kill")
    assert done.returncode == -signal.SIGKILL and "created" in done.stdout
    assert _exists(pg_server_url, name)  # SIGKILL leaves it behind

    alive = database_name(uuid.uuid4().hex[:12], "alive")
    kept = database_name(uuid.uuid4().hex[:12], "kept")
    elsewhere = database_name(uuid.uuid4().hex[:12], "far")
    create_database(pg_server_url, alive, drop_at_exit=True)  # this process lives
    create_database(pg_server_url, kept)  # no drop_at_exit: a kept database
    create_database(pg_server_url, elsewhere, drop_at_exit=True)
    engine = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            # The same dead pid, but recorded on another host: not ours to judge.
            comment = conn.scalar(
                sa.text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = :n"
                ),
                {"n": name},
            )
            other = re.sub(r"host=\S+", "host=some-other-host", str(comment))
            conn.exec_driver_sql(f"COMMENT ON DATABASE \"{elsewhere}\" IS '{other}'")
        reaped = reap_orphans(pg_server_url)
        assert name in reaped
        assert not _exists(pg_server_url, name)
        for db in (alive, kept, elsewhere):
            assert _exists(pg_server_url, db), db
    finally:
        with engine.connect() as conn:
            for db in (alive, kept, elsewhere):
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        engine.dispose()
