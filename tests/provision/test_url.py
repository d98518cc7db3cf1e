"""The url backend against the server already running on this machine.

It must never write to, truncate or drop a database it did not create.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import create_database, database_name, drop_database, start_server


@pytest.fixture
def victim(existing_url: sa.URL) -> Iterator[str]:
    """Someone else's database with a table and rows, made without pytest-dbseed."""
    name = f"someone_else_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(existing_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = sa.create_engine(existing_url.set(database=name))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE precious (id int primary key, note text)")
        conn.exec_driver_sql("INSERT INTO precious VALUES (1, 'keep me'), (2, 'me too')")
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _rows(url: sa.URL) -> list[tuple[int, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT * FROM precious ORDER BY id")
            return [(r[0], r[1]) for r in rows]
    finally:
        engine.dispose()


def _databases(url: sa.URL) -> set[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT datname FROM pg_database")}
    finally:
        engine.dispose()


def test_url_backend_leaves_existing_databases_and_rows_untouched(
    existing_url: sa.URL, victim: str
) -> None:
    server = start_server("url", existing_url.set(database=victim))
    assert server.backend == "url"
    assert server.url.database == "postgres"  # admin URL, never the given database
    ours = database_name(uuid.uuid4().hex[:10], "gw0")
    created = create_database(server.url, ours)
    engine = sa.create_engine(created)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id int)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    engine.dispose()
    with pytest.raises(ProvisionError, match="refusing to drop"):
        drop_database(server.url, victim)
    drop_database(server.url, ours)
    server.stop()
    server.stop()
    assert _rows(existing_url.set(database=victim)) == [(1, "keep me"), (2, "me too")]
    # Other runs may share this server, so compare only what this test touched.
    # stop() of a url server stops nothing: the server still answers.
    after = _databases(existing_url)
    assert victim in after and ours not in after
    assert {"postgres", "template1"} <= after


def test_url_backend_describe_masks_password(existing_url: sa.URL) -> None:
    with start_server("url", existing_url.set(password="s3cret-pw")) as server:
        # The server on this machine trusts local connections: any password gets in.
        for text in (server.describe(), server.connect_hint(), server.safe_url, repr(server)):
            assert "s3cret-pw" not in text
        assert server.describe().startswith(f"url server PostgreSQL {server.version} at ")
        assert "***" in server.connect_hint()


def test_auto_with_url_uses_it(existing_url: sa.URL) -> None:
    with start_server("auto", str(existing_url)) as server:
        assert server.backend == "url"


def test_unknown_role_is_reported_with_masked_password(existing_url: sa.URL) -> None:
    bad = existing_url.set(username="no_such_role_dbseed", password="s3cret-pw")
    with pytest.raises(ProvisionError) as info:
        start_server("url", bad)
    msg = str(info.value)
    assert "cannot reach PostgreSQL" in msg and "no_such_role_dbseed" in msg
    assert "s3cret-pw" not in msg and "***" in msg


def test_unreachable_server_is_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    url = f"postgresql://u:s3cret-pw@127.0.0.1:{port}/postgres"
    with pytest.raises(ProvisionError) as info:
        start_server("url", url)
    msg = str(info.value)
    assert f"127.0.0.1:{port}" in msg and "s3cret-pw" not in msg and "Fix:" in msg


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://u:s3cret-pw@localhost/db", "is not a PostgreSQL URL"),
    ],
)
def test_wrong_url_is_a_config_error(url: str, why: str) -> None:
    with pytest.raises(ConfigError, match=why) as info:
        start_server("url", url)
    assert "s3cret-pw" not in str(info.value)


def test_url_backend_without_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="needs a server URL"):
        start_server("url")


def test_a_url_without_a_port_is_described_by_its_host_alone() -> None:
    from pytest_dbseed.provision._url import UrlServer

    bare = UrlServer(sa.make_url("postgresql://me:pw@db.internal/postgres"), "16.4", None)
    assert bare.describe() == "url server PostgreSQL 16.4 at db.internal"
    given = UrlServer(sa.make_url("postgresql://me:pw@db.internal:6432/postgres"), "16.4", None)
    assert given.describe() == "url server PostgreSQL 16.4 at db.internal:6432"
