"""Bare ``postgresql://`` URLs pick a driver this installation has; one server lent to
several processes through a :class:`ServerBroker`."""

from __future__ import annotations

import json
import threading
import time

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import (
    Server,
    ServerBroker,
    _url,
    borrow_server,
    default_driver,
    start_server,
)

from .provision_helpers import run

# -- default_driver ----------------------------------------------------------------------


@pytest.fixture
def without_psycopg3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_url, "_psycopg3", False)


@pytest.fixture
def with_psycopg3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_url, "_psycopg3", True)


def test_bare_url_gets_psycopg2_without_psycopg3(without_psycopg3: None) -> None:
    url = default_driver(sa.make_url("postgresql://u:pw@h:5433/db"))
    assert url.drivername == "postgresql+psycopg2"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "u",
        "pw",
        "h",
        5433,
        "db",
    )


def test_bare_url_is_left_to_sqlalchemy_when_psycopg3_imports(with_psycopg3: None) -> None:
    assert default_driver(sa.make_url("postgresql://h/db")).drivername == "postgresql"


@pytest.mark.parametrize(
    "text",
    ["postgresql+psycopg://h/db", "postgresql+pg8000://h/db", "mysql+pymysql://h/db", "sqlite://"],
)
def test_a_named_driver_or_another_database_is_kept(without_psycopg3: None, text: str) -> None:
    assert default_driver(sa.make_url(text)).drivername == sa.make_url(text).drivername


def test_parse_url_applies_it_after_dropping_an_async_driver(without_psycopg3: None) -> None:
    assert _url.parse_url("postgresql://h/db").drivername == "postgresql+psycopg2"
    assert _url.parse_url("postgresql+asyncpg://h/db").drivername == "postgresql+psycopg2"


def test_url_backend_with_a_bare_url_and_no_psycopg3(existing_url: sa.URL) -> None:
    bare = existing_url.set(drivername="postgresql", password="s3cret-pw")
    result = run(
        """
        import json, sys
        sys.modules["psycopg"] = None  # an installation with the runtime dependencies only
        from pytest_dbseed.provision import (
            create_database, database_name, drop_database, start_server)

        with start_server("url", sys.argv[1]) as server:
            name = database_name("bareurl", "main")
            db = create_database(server.url, name)
            drop_database(server.url, name)
            print(json.dumps({"driver": server.url.drivername, "db": db.drivername,
                              "describe": server.describe(), "hint": server.connect_hint()}))
        """,
        bare.render_as_string(hide_password=False),
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["driver"] == out["db"] == "postgresql+psycopg2"
    assert "s3cret-pw" not in result.stdout + result.stderr


# -- ServerBroker ------------------------------------------------------------------------


class _Stub(Server):
    """A stand-in for the broker's logic only: no database is involved here."""

    def __init__(self) -> None:
        super().__init__(
            sa.make_url("postgresql+psycopg2://postgres:pw@127.0.0.1:1234/postgres"),
            "local",
            "15.9",
        )
        self.shutdowns = 0

    def _shutdown(self) -> None:
        self.shutdowns += 1


def test_nothing_starts_until_a_borrower_asks_then_once_for_all() -> None:
    started: list[_Stub] = []

    def start() -> Server:
        time.sleep(0.2)  # borrowers arrive while the server is starting
        started.append(_Stub())
        return started[-1]

    broker = ServerBroker(start)
    try:
        assert broker.server is None and started == []
        got: list[Server] = []
        threads = [
            threading.Thread(target=lambda: got.append(borrow_server(broker.ticket)))
            for _ in range(3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(started) == 1 and len(got) == 3
        assert {str(s.url.render_as_string(hide_password=False)) for s in got} == {
            "postgresql+psycopg2://postgres:pw@127.0.0.1:1234/postgres"
        }
        shared = got[0]
        assert (shared.backend, shared.version) == ("local", "15.9")
        assert shared.describe() == started[0].describe()
        shared.stop()  # a borrower's stop leaves the owner's server alone
        assert started[0].shutdowns == 0 and not started[0].stopped
    finally:
        broker.close()
    assert started[0].shutdowns == 1
    with pytest.raises(ProvisionError, match="cannot reach the process that owns"):
        borrow_server(broker.ticket, timeout=5)


@pytest.mark.parametrize("kind", [ConfigError, ProvisionError])
def test_the_owners_error_reaches_every_borrower(kind: type[Exception]) -> None:
    calls: list[int] = []

    def start() -> Server:
        calls.append(1)
        raise kind("no binaries for postgresql://u:s3cret-pw@h/db. Fix: install them.")

    broker = ServerBroker(start)
    try:
        for _ in range(2):
            with pytest.raises(kind, match="no binaries") as info:
                borrow_server(broker.ticket)
            assert "s3cret-pw" not in str(info.value)
        assert calls == [1]  # not retried per borrower
        assert isinstance(broker.error, kind)
    finally:
        broker.close()


def test_a_wrong_token_gets_nothing() -> None:
    broker = ServerBroker(_Stub)
    try:
        host, port, _ = broker.ticket.rsplit(":", 2)
        with pytest.raises(ProvisionError, match="gave no answer"):
            borrow_server(f"{host}:{port}:{'0' * 32}", timeout=5)
        assert broker.server is None
    finally:
        broker.close()


def test_a_real_local_server_lent_to_another_process(tmp_path: object) -> None:
    broker = ServerBroker(lambda: start_server("local"))
    try:
        result = run(
            """
            import json, sys
            import sqlalchemy as sa
            from pytest_dbseed.provision import borrow_server

            server = borrow_server(sys.argv[1])
            engine = sa.create_engine(server.url)
            with engine.connect() as conn:
                pid = conn.scalar(sa.text("SELECT pg_backend_pid()"))
            engine.dispose()
            server.stop()
            print(json.dumps({"port": server.url.port, "backend": server.backend}))
            """,
            broker.ticket,
        )
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        server = broker.server
        assert server is not None and out["port"] == server.url.port
        assert out["backend"] in ("local", "embedded")
        # The borrower has ended; the owner's server still answers.
        engine = sa.create_engine(server.url)
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1")) == 1
        engine.dispose()
    finally:
        broker.close()
    assert server.stopped
    with pytest.raises(sa.exc.OperationalError):
        sa.create_engine(server.url).connect()
