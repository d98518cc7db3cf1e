"""The local backend: a real throwaway cluster from the installed binaries."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError
from pytest_dbseed.provision import Server, find_binaries, start_server
from pytest_dbseed.provision._binaries import find_installed
from pytest_dbseed.provision._local import LocalServer

from .provision_helpers import process_gone

pytestmark = pytest.mark.skipif(
    find_installed() is None, reason="no installed PostgreSQL server binaries"
)


@pytest.fixture(scope="module")
def local() -> Iterator[LocalServer]:
    server = start_server("local")
    assert isinstance(server, LocalServer)
    try:
        yield server
    finally:
        server.stop()


def _settings(url: sa.URL, *names: str) -> dict[str, str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {n: str(conn.scalar(sa.text(f"SELECT current_setting('{n}')"))) for n in names}
    finally:
        engine.dispose()


def test_answers_queries_with_throwaway_settings(local: LocalServer) -> None:
    got = _settings(
        local.url,
        "fsync",
        "synchronous_commit",
        "full_page_writes",
        "listen_addresses",
        "lc_collate",
        "server_encoding",
        "unix_socket_directories",
    )
    assert got["fsync"] == got["synchronous_commit"] == got["full_page_writes"] == "off"
    assert got["listen_addresses"] == "127.0.0.1"
    assert got["lc_collate"] in ("C.UTF-8", "C.utf8", "C")
    assert got["server_encoding"] == "UTF8"
    assert got["unix_socket_directories"] == str(local.cluster / "sock")
    assert local.backend == "local"
    assert local.url.host == "127.0.0.1" and local.url.database == "postgres"


def test_version_describe_and_hint_mask_password(local: LocalServer) -> None:
    assert local.version[0].isdigit() and "." in local.version
    line = local.describe()
    where = f"127.0.0.1:{local.url.port}"
    assert line.startswith(f"local cluster PostgreSQL {local.version} at {where}")
    assert str(local.binaries.bindir) in line
    password = local.url.password
    assert password and password not in line and password not in repr(local)
    hint = local.connect_hint()
    assert password not in hint and "***" in hint and "psql" in hint
    assert password not in local.safe_url


def test_password_is_required_over_tcp(local: LocalServer) -> None:
    engine = sa.create_engine(local.url.set(password="wrong"))
    try:
        with pytest.raises(sa.exc.OperationalError, match="password authentication failed"):
            engine.connect()
    finally:
        engine.dispose()


def test_pgpass_in_hint_lets_libpq_clients_in(
    local: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg2

    pgpass = local.cluster / "pgpass"
    assert oct(pgpass.stat().st_mode & 0o777) == "0o600"
    assert f"PGPASSFILE={pgpass}" in local.connect_hint()
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    # No password given: libpq must find it in the file the hint names.
    conn = psycopg2.connect(
        host="127.0.0.1", port=local.url.port, user="postgres", dbname="postgres"
    )
    conn.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root has to switch user")
def test_root_runs_server_as_unprivileged_user(local: LocalServer) -> None:
    status = Path(f"/proc/{local.pid}/status").read_text()
    uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
    assert all(int(u) != 0 for u in uid_line.split()[1:])
    assert oct(local.cluster.parent.stat().st_mode & 0o777) == "0o755"


def test_stop_removes_process_and_directory_and_is_idempotent() -> None:
    with start_server("local") as server:
        assert isinstance(server, LocalServer)
        pid, cluster = server.pid, server.cluster
        assert cluster.is_dir()
    assert server.stopped
    assert process_gone(pid)
    assert not cluster.exists()
    server.stop()  # a second stop is a no-op


def test_keep_leaves_server_running_until_removed_by_hand() -> None:
    server = start_server("local", keep=True)
    assert isinstance(server, LocalServer)
    try:
        server.stop()
        assert not process_gone(server.pid, wait=0.5)
        engine = sa.create_engine(server.url)
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1")) == 1
        engine.dispose()
        # The next start's sweep must not take a kept cluster for a leftover.
        with start_server("local"):
            pass
        assert server.cluster.is_dir()
        assert f"kill -INT {server.pid}" in server.connect_hint()
    finally:
        server.keep = False
        server._shutdown()
    assert process_gone(server.pid)
    assert not server.cluster.exists()


def test_two_servers_get_different_ports_and_directories() -> None:
    with start_server("local") as a, start_server("local") as b:
        assert isinstance(a, LocalServer) and isinstance(b, LocalServer)
        assert a.url.port != b.url.port
        assert a.cluster != b.cluster


def test_fixed_port_that_is_taken_is_reported() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(ProvisionError, match=f"port {port} on 127.0.0.1 is already in use"):
            start_server("local", port=port)


def test_fixed_free_port_is_used() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with start_server("local", port=port) as server:
        assert server.url.port == port


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: a dir the server user cannot enter")
def test_data_directory_unreachable_by_server_user() -> None:
    private = Path(tempfile.mkdtemp(prefix="dbseed-private-"))  # mode 0700, owned by root
    try:
        with pytest.raises(ProvisionError) as info:
            start_server("local", workdir=str(private))
        msg = str(info.value)
        assert "cannot reach the data directory" in msg
        assert str(private) in msg and "DBSEED_TMPDIR" in msg
    finally:
        for child in private.iterdir():
            child.rmdir()
        private.rmdir()


def test_bindir_without_binaries_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProvisionError, match="does not hold PostgreSQL's initdb and postgres"):
        start_server("local", bindir=str(tmp_path))


def test_broken_binaries_are_reported() -> None:
    # Under /tmp, not tmp_path: an unprivileged server user must be able to reach them.
    bindir = Path(tempfile.mkdtemp(prefix="dbseed-fakebin-"))
    try:
        os.chmod(bindir, 0o755)
        for name in ("initdb", "postgres"):
            exe = bindir / name
            exe.write_text("#!/bin/sh\necho 'simulated breakage' >&2\nexit 3\n")
            exe.chmod(0o755)
        broken = r"(?s)initdb failed \(exit 3\).*simulated breakage"
        with pytest.raises(ProvisionError, match=broken):
            start_server("local", bindir=str(bindir))
    finally:
        shutil.rmtree(bindir)


def test_find_binaries_prefers_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBSEED_PG_BINDIR", raising=False)
    found = find_binaries()
    assert not found.bundled
    assert (found.bindir / "initdb").exists()


def test_bad_backend_lists_valid_ones() -> None:
    valid = "'sqlite' is not a backend; valid ones: auto, docker, local, url"
    with pytest.raises(ConfigError, match=valid):
        start_server("sqlite")


def test_server_is_a_context_manager_type(local: LocalServer) -> None:
    assert isinstance(local, Server)


@pytest.mark.parametrize("backend", ["local", "auto"])
def test_wrong_pg_bindir_is_an_error_not_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, backend: str
) -> None:
    monkeypatch.setenv("DBSEED_PG_BINDIR", str(tmp_path))
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    with pytest.raises(ConfigError, match=r"DBSEED_PG_BINDIR=.* does not hold PostgreSQL's initdb"):
        start_server(backend)
