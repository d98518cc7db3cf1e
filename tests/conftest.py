"""Shared fixtures for the project's own tests: a real PostgreSQL, never a mock.

The server comes from ``DBSEED_TEST_URL`` when set (any PostgreSQL you own), else
from pytest-dbseed's own provisioning (a throwaway local cluster). Each run gets
a fresh database that is dropped at the end.
"""

from __future__ import annotations

import inspect
import os
import re
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[sa.URL]:
    """Admin URL (database ``postgres``) of the server the tests use."""
    given = os.environ.get("DBSEED_TEST_URL")
    if given:
        yield sa.make_url(given).set(database="postgres")
        return
    from pytest_dbseed.provision import start_server

    server = start_server("local")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_engine(pg_server_url: sa.URL) -> Iterator[sa.Engine]:
    """Engine on a database created for this test run (and worker) and dropped afterwards."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"dbseed_selftest_{worker}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = sa.create_engine(pg_server_url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def conn(pg_engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside a transaction that is rolled back after the test.

    DDL is transactional in PostgreSQL: a test may ``metadata.create_all(conn)``
    and leave nothing behind.
    """
    with pg_engine.connect() as connection:
        trans = connection.begin()
        try:
            yield connection
        finally:
            trans.rollback()


@pytest.fixture
def no_binaries(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Neither installed nor bundled PostgreSQL binaries can be found (in this process)."""
    from pytest_dbseed.provision import _binaries

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("DBSEED_PG_BINDIR", raising=False)
    monkeypatch.setattr(_binaries, "_INSTALL_GLOBS", (str(tmp_path / "nowhere-*"),))
    monkeypatch.setattr(_binaries, "BUNDLE_PACKAGE", "dbseed_no_such_bundle")
    yield


@pytest.fixture
def no_docker_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    """DOCKER_HOST points at a port of this machine that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{port}")


# What makes a test slow, read from its own source: it starts a pytest or Python
# process, a server, or a Docker container; or from its fixtures (below). Such tests are marked ``slow`` here, so a new
# one is kept out of the fast lane without anyone remembering to mark it.
_STARTS_A_PROCESS = re.compile(
    r"runpytest_subprocess|subprocess\.(?:run|Popen|check_call|check_output)|\bspawn\(|"
    r"(?<![\w.])run\(\s*(?:\"\"\"|\'\'\'|[A-Z_]+\b)|start_server\(|\bvenv\b"
)


# Fixtures that cost seconds per test: a whole pytest run (in-process or not) with its
# own test database and default data set, databases created for one test.
_HEAVY_FIXTURES = frozenset(("pytester", "project", "target_url", "databases", "make_db"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seen: dict[object, bool] = {}
    for item in items:
        func = getattr(item, "function", None)
        if func is None or item.get_closest_marker("slow") is not None:
            continue
        if _HEAVY_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            continue
        if func not in seen:
            try:
                seen[func] = bool(_STARTS_A_PROCESS.search(inspect.getsource(func)))
            except (OSError, TypeError):
                seen[func] = False
        if seen[func]:
            item.add_marker(pytest.mark.slow)
