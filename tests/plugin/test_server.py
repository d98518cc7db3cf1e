"""The server behind a run: shown after collection, started only when a test needs it,
one server shared by all xdist workers, and bare ``postgresql://`` URLs without psycopg 3."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from .conftest import server_url_text

needs_binaries = pytest.mark.skipif(
    shutil.which("initdb") is None and not Path("/usr/lib/postgresql").is_dir(),
    reason="no PostgreSQL server binaries for the local backend",
)

# Each test records who ran it and where its data lives, for the assertions below.
RECORDER = """
import os
import sqlalchemy as sa

def record(conn, out_dir):
    row = conn.execute(sa.text(
        "SELECT current_database(), inet_server_port(), pg_postmaster_start_time()::text"
    )).one()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = os.path.join(out_dir, f"{worker}-{os.getpid()}-{row[0]}-{id(conn)}.txt")
    with open(path, "w") as f:
        f.write(f"{worker} {row[0]} {row[1]} {row[2]}")
"""


@pytest.fixture
def clusters() -> Iterator[Path]:
    """A directory of its own for the run's clusters, to see what is left behind.

    Not under pytest's tmp_path: as root, the server runs as an unprivileged user
    who cannot enter pytest's private temporary directories.
    """
    path = Path(tempfile.mkdtemp(prefix="dbseed-clusters-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _local_project(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> tuple[Path, Path]:
    """Point the project at the local backend, with its clusters under ``clusters``."""
    monkeypatch.delenv("DBSEED_URL")
    monkeypatch.setenv("DBSEED_NO_DOCKER", "1")
    monkeypatch.setenv("DBSEED_TMPDIR", str(clusters))
    out = tmp_path / "seen"
    out.mkdir()
    project.makepyfile(recorder=RECORDER)
    return clusters, out


def _records(out: Path) -> list[tuple[str, str, int, str]]:
    rows = []
    for path in out.iterdir():
        worker, db, port, started = path.read_text().split(" ", 3)
        rows.append((worker, db, int(port), started))
    return rows


def _left_clusters(clusters: Path) -> list[Path]:
    return [p for base in clusters.iterdir() for p in base.iterdir()]


@needs_binaries
def test_header_shows_backend_and_version_and_the_fixture_uses_that_server(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    clusters, out = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile(
        f"""
        from recorder import record

        def test_a(seeded_connection):
            record(seeded_connection, {str(out)!r})

        def test_b(seeded_session):
            record(seeded_session.connection(), {str(out)!r})
        """
    )
    result = project.runpytest_subprocess("--dbseed-backend=local")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "collected 2 items",
            "dbseed: backend local, PostgreSQL 1*.* at 127.0.0.1:*, database dbseed_*_main, "
            "models models:Base, seed 0",
        ]
    )
    header_port = int(re.search(r"PostgreSQL \S+ at 127\.0\.0\.1:(\d+)", result.stdout.str())[1])
    seen = _records(out)
    # The server shown in the header is the one the tests used: no second start.
    assert {port for _, _, port, _ in seen} == {header_port}
    assert len({db for _, db, _, _ in seen}) == 1
    assert _left_clusters(clusters) == []


@needs_binaries
def test_runs_that_need_no_database_start_no_server(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    clusters, _ = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile(
        """
        def test_plain():
            pass

        def test_metadata_only(dbseed_metadata):
            assert "user" in dbseed_metadata.tables
        """
    )
    result = project.runpytest_subprocess("--dbseed-backend=local")
    result.assert_outcomes(passed=2)
    assert "PostgreSQL" not in result.stdout.str()
    assert list(clusters.iterdir()) == []  # not even the cluster base directory


@needs_binaries
def test_collect_only_starts_no_server(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    clusters, _ = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    result = project.runpytest_subprocess("--dbseed-backend=local", "--collect-only")
    result.stdout.fnmatch_lines(["*<Function test_a>*"])
    assert "PostgreSQL" not in result.stdout.str()
    assert list(clusters.iterdir()) == []


@needs_binaries
def test_xdist_workers_share_one_server_with_a_database_each(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    clusters, out = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile(
        f"""
        import pytest
        from recorder import record

        @pytest.mark.parametrize("n", range(3))
        def test_records(seeded_connection, n):
            record(seeded_connection, {str(out)!r})
            # Each worker writes into its own database: no other worker sees these rows.
            seeded_connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS mine (n int)")
            seeded_connection.exec_driver_sql(f"INSERT INTO mine VALUES ({{n}})")
            seeded_connection.commit()
        """
    )
    # --dist each: every worker runs every test, so both surely use the server.
    result = project.runpytest_subprocess(
        "-p", "xdist", "-n", "2", "--dist", "each", "--dbseed-backend=local"
    )
    result.assert_outcomes(passed=6)
    text = result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "dbseed: backend local, PostgreSQL 1*.* at 127.0.0.1:* (shared by the xdist "
            "workers), databases dbseed_*_gw* (one per worker), models models:Base, seed 0",
        ]
    )
    # One server in the summary, not one per worker.
    servers = re.search(r"^seed 0; server: (.*)$", text, re.M)
    assert servers is not None and servers[1].count("PostgreSQL") == 1, servers
    seen = _records(out)
    assert {w for w, _, _, _ in seen} == {"gw0", "gw1"}
    assert len({(port, started) for _, _, port, started in seen}) == 1  # one server instance
    by_worker = {w: {db for ww, db, _, _ in seen if ww == w} for w in ("gw0", "gw1")}
    assert len(by_worker["gw0"]) == len(by_worker["gw1"]) == 1
    assert by_worker["gw0"] != by_worker["gw1"]
    assert all(db.endswith(("_gw0", "_gw1")) for dbs in by_worker.values() for db in dbs)
    # The controller stopped the server and removed its cluster.
    port = seen[0][2]
    engine = sa.create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres")
    with pytest.raises(sa.exc.OperationalError):
        engine.connect().close()
    engine.dispose()
    assert _left_clusters(clusters) == []


@needs_binaries
def test_xdist_without_database_tests_starts_no_server(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    clusters, _ = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile("def test_a():\n    pass\n\ndef test_b():\n    pass\n")
    result = project.runpytest_subprocess("-p", "xdist", "-n", "2", "--dbseed-backend=local")
    result.assert_outcomes(passed=2)
    assert "PostgreSQL" not in result.stdout.str()
    assert list(clusters.iterdir()) == []


@needs_binaries
def test_xdist_server_start_failure_is_one_clear_message(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clusters: Path
) -> None:
    _local_project(project, monkeypatch, tmp_path, clusters)
    not_a_dir = tmp_path / "a-file"
    not_a_dir.write_text("")
    monkeypatch.setenv("DBSEED_TMPDIR", str(not_a_dir))
    project.makepyfile("def test_a(seeded_session):\n    pass\n\ndef test_b(dbseed):\n    pass\n")
    result = project.runpytest_subprocess("-p", "xdist", "-n", "2", "--dbseed-backend=local")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "dbseed: pytest-dbseed could not get a PostgreSQL server: *cannot create the "
            "cluster directory*"
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "During handling" not in result.stdout.str()


def test_bare_url_works_without_psycopg3_and_is_masked(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, pg_server_url: sa.URL
) -> None:
    url = pg_server_url.set(drivername="postgresql")
    if not url.password:
        url = url.set(password="s3cret-pw")  # a trust server ignores it; it must stay hidden
    monkeypatch.setenv("DBSEED_URL", server_url_text(url))
    project.makeconftest(
        """
        import sys

        # As on an installation with only the runtime dependencies: no psycopg 3.
        sys.modules["psycopg"] = None
        """
    )
    project.makepyfile(
        """
        import sys

        def test_uses_psycopg2(seeded_connection):
            assert seeded_connection.dialect.driver == "psycopg2"
            assert sys.modules["psycopg"] is None
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["dbseed: backend url, PostgreSQL * at *, database dbseed_*"])
    assert str(url.password) not in result.stdout.str() + result.stderr.str()


@needs_binaries
@pytest.mark.parametrize(
    ("args", "ini", "message"),
    [
        (
            ["--dbseed-models=broken:Base"],
            None,
            "ERROR: pytest-dbseed: dbseed_models 'broken:Base' does not import: "
            "*No module named 'nonexistent_dep'*",
        ),
        (
            ["--dbseed-models=models:nothing_here"],
            None,
            "ERROR: pytest-dbseed: dbseed_models 'models:nothing_here': module 'models' has "
            "no attribute 'nothing_here'*",
        ),
        ([], "[pytest]\n", "ERROR: pytest-dbseed does not know your models*"),
    ],
    ids=["import-error", "bad-attribute", "no-models"],
)
@pytest.mark.parametrize("xdist", [False, True], ids=["serial", "xdist"])
def test_broken_models_are_one_usage_error_and_start_no_server(
    project: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    clusters: Path,
    args: list[str],
    ini: str | None,
    message: str,
    xdist: bool,
) -> None:
    clusters, _ = _local_project(project, monkeypatch, tmp_path, clusters)
    if ini is not None:
        project.makeini(ini)
    project.makepyfile(broken="import nonexistent_dep\n")
    project.makepyfile("def test_a(seeded_session):\n    pass\n\ndef test_b(dbseed):\n    pass\n")
    extra = ["-p", "xdist", "-n", "2"] if xdist else []
    result = project.runpytest_subprocess("--dbseed-backend=local", *extra, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output
    assert "PostgreSQL" not in result.stdout.str()
    assert list(clusters.iterdir()) == []  # no server was started


@needs_binaries
@pytest.mark.parametrize("flag", ["--fixtures", "--fixtures-per-test"])
def test_listing_fixtures_starts_no_server(
    project: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    clusters: Path,
    flag: str,
) -> None:
    clusters, _ = _local_project(project, monkeypatch, tmp_path, clusters)
    project.makepyfile("def test_a(seeded_session):\n    pass\n")
    result = project.runpytest_subprocess("--dbseed-backend=local", flag)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*seeded_session*"])
    assert "PostgreSQL" not in result.stdout.str()
    assert list(clusters.iterdir()) == []


def _database_exists(server: sa.URL, name: str) -> bool:
    engine = sa.create_engine(server)
    try:
        with engine.connect() as conn:
            found = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
    finally:
        engine.dispose()
    return found is not None


def test_sigterm_with_a_url_server_drops_the_test_database(
    project: pytest.Pytester, pg_server_url: sa.URL, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys
    import time

    seen = tmp_path / "db.txt"
    project.makepyfile(
        f"""
        import time
        import sqlalchemy as sa

        def test_slow(seeded_connection):
            name = seeded_connection.scalar(sa.text("SELECT current_database()"))
            with open({str(seen)!r} + ".tmp", "w") as f:
                f.write(name)
            import os
            os.replace({str(seen)!r} + ".tmp", {str(seen)!r})
            time.sleep(120)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        cwd=project.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            if seen.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert seen.exists(), "the test never started"
        name = seen.read_text()
        assert _database_exists(pg_server_url, name)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not _database_exists(pg_server_url, name)
