"""Ctrl-C while seeding always stops the run, cleans up, and is reported as an interrupt.

A real pytest process seeds a large data set; SIGINT arrives while it writes. Whatever
the driver was doing at that moment, the run must end as pytest ends an interrupted run
(exit status 2, ``KeyboardInterrupt``), run no further test, and leave no database
behind; never as "PostgreSQL rejected generated rows ... Fix: override".
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pytest_dbseed.errors import interruption

from .conftest import server_url_text

SUITE = """
import pytest
from dbhelpers import count
from models import PaymentHistory


def test_0_ready():
    print("READY", flush=True)


@pytest.mark.seed(PaymentHistory=400_000)
def test_1_marked(seeded_connection):
    pass


def test_1_default(seeded_session):
    pass


def test_2_never_runs():
    open("RAN", "w").close()
"""


def _database_of(out: str) -> str:
    match = re.search(r"database (dbseed_\w+)", out)
    assert match, out
    return match.group(1)


def _copy_running(admin: sa.Engine, database: str) -> bool:
    with admin.connect() as conn:
        return bool(
            conn.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :d "
                    "AND state = 'active' AND query ILIKE 'COPY%'"
                ),
                {"d": database},
            )
        )


@pytest.mark.slow
@pytest.mark.parametrize("where", ["marked", "default"])
@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_ctrl_c_while_seeding_stops_the_run_and_cleans_up(
    project: pytest.Pytester,
    pg_server_url: sa.URL,
    monkeypatch: pytest.MonkeyPatch,
    driver: str,
    where: str,
) -> None:
    url = pg_server_url.set(drivername=f"postgresql+{driver}")
    monkeypatch.setenv("DBSEED_URL", server_url_text(url))
    project.makepyfile(test_interrupted=SUITE)
    args = ["-s", "-p", "no:cacheprovider"]
    if where == "marked":
        args += ["-k", "not test_1_default"]
    else:
        args += ["-k", "not test_1_marked", "--seed-count=60000"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=project.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
    )
    admin = sa.create_engine(pg_server_url)
    try:
        assert proc.stdout is not None
        seen: list[str] = []
        for line in proc.stdout:
            seen.append(line)
            if "READY" in line:
                break
        name = _database_of("".join(seen))
        # Ctrl-C while a COPY into the test database is running: the moment drivers
        # turned into the wrong error.
        deadline = time.monotonic() + 120
        while not _copy_running(admin, name):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(seen)
            time.sleep(0.02)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=120)
        out = "".join(seen) + rest
        assert proc.returncode == 2, out
        assert "KeyboardInterrupt" in out, out
        assert "rejected generated rows" not in out and "Fix:" not in out, out
        assert "another command is already in progress" not in out, out
        assert not (project.path / "RAN").exists(), "the run went on after Ctrl-C"
        with admin.connect() as conn:
            left = conn.scalar(
                sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
            )
        assert left == 0, f"database {name} was left behind:\n{out}"
    finally:
        admin.dispose()
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


# -- the two driver behaviours, made to happen every time --------------------------------


@pytest.fixture
def shop(pg_engine: sa.Engine) -> Iterator[sa.MetaData]:
    from ..models import Base

    Base.metadata.create_all(pg_engine)
    try:
        yield Base.metadata
    finally:
        Base.metadata.drop_all(pg_engine)


def test_ctrl_c_on_entering_a_copy_read_is_an_interrupt_not_a_rejected_row(
    pg_engine: sa.Engine, shop: sa.MetaData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg2 reports an exception raised in a COPY source's read() as its own error.

    Ctrl-C lands at the start of read() when it arrives while libpq sends data.
    """
    from pytest_dbseed import seed
    from pytest_dbseed.engine.writer import write

    original = write._CopySource.read
    calls = {"n": 0}

    def read(self: object, size: int = -1) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # before the original's own try
        return original(self, size)  # type: ignore[arg-type]

    monkeypatch.setattr(write._CopySource, "read", read)
    with pg_engine.connect() as conn, conn.begin():
        with pytest.raises(KeyboardInterrupt):
            seed(conn, shop, default=50)
    assert calls["n"] == 3


def test_ctrl_c_that_leaves_psycopg3_busy_is_still_an_interrupt(
    pg_engine: sa.Engine, shop: sa.MetaData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted mid-command, psycopg 3 refuses the savepoint's rollback:
    "another command is already in progress". That error must not replace Ctrl-C."""
    from pytest_dbseed import seed
    from pytest_dbseed.engine import api

    def interrupted(conn: sa.Connection, request: object) -> None:
        raw = conn.connection.dbapi_connection
        raw.pgconn.send_query(b"SELECT pg_sleep(0.2)")  # type: ignore[union-attr]
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "run_seed", interrupted)
    engine = sa.create_engine(pg_engine.url.set(drivername="postgresql+psycopg"))
    try:
        conn = engine.connect()
        conn.begin()
        with pytest.raises(KeyboardInterrupt):
            seed(conn, shop, default=5)
        conn.invalidate()
        conn.close()
    finally:
        engine.dispose()


def test_ctrl_c_raised_by_the_interpreter_on_entering_a_copy_read_is_an_interrupt(
    pg_engine: sa.Engine, shop: sa.MetaData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal handled by Python's C code leaves KeyboardInterrupt without a value, and
    psycopg2 then reports a bare "error in .read() call", naming no exception."""
    import signal

    from pytest_dbseed import seed
    from pytest_dbseed.engine.writer import write

    original = write._CopySource.read
    calls = {"n": 0}

    def read(self: object, size: int = -1) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            signal.raise_signal(signal.SIGINT)  # the default handler raises, valueless
        return original(self, size)  # type: ignore[arg-type]

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(write._CopySource, "read", read)
    try:
        with pg_engine.connect() as conn, conn.begin():
            with pytest.raises(KeyboardInterrupt):
                seed(conn, shop, default=50)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert calls["n"] == 3


class _Wrapped(Exception):
    pass


def test_interruption_finds_the_interrupt_behind_a_driver_error() -> None:
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise _Wrapped("another command is already in progress") from None
    except _Wrapped as exc:
        # "from None" hides the context from display; it is still there.
        assert isinstance(interruption(exc), KeyboardInterrupt)
    copy_error = _Wrapped("COPY from stdin failed: error in .read() call: KeyboardInterrupt")
    assert isinstance(interruption(copy_error), KeyboardInterrupt)
    bare = _Wrapped("COPY from stdin failed: error in .read() call\nCONTEXT:  COPY t, line 2\n")
    assert isinstance(interruption(bare), KeyboardInterrupt)
    other = _Wrapped("COPY from stdin failed: error in .read() call: ValueError bad")
    assert interruption(other) is None
    assert interruption(_Wrapped("duplicate key value violates unique constraint")) is None
