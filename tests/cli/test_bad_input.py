"""Bad input and hostile conditions: one clear sentence and an exit code, never a traceback."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed import loader
from pytest_dbseed.cli import main
from pytest_dbseed.engine.reflect import TableVanishedError
from pytest_dbseed.errors import SchemaError
from tests.cli.conftest import run_sql
from tests.cli.schemas import BIG
from tests.cli.test_seed_reflected import every_table


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", ["seed", "plan"])
def test_connection_refused(command: str) -> None:
    code, out, err = run(command, "--url", "postgresql+psycopg2://me:hunter2@127.0.0.1:1/x")
    assert code == 1
    one_line(err)
    assert "cannot connect to postgresql+psycopg2://me:***@127.0.0.1:1/x" in err
    assert "nothing accepts connections at 127.0.0.1:1 (connection refused)" in err
    assert "hunter2" not in out + err


def test_unknown_host() -> None:
    code, out, err = run("seed", "--url", "postgresql://me:hunter2@no-such-host.invalid/x")
    assert code == 1
    assert "the host 'no-such-host.invalid' is unknown" in one_line(err)
    assert "hunter2" not in out + err


def test_unknown_database(pg_server_url: sa.URL) -> None:
    url = pg_server_url.set(database=f"no_such_db_{uuid.uuid4().hex[:6]}")
    code, _, err = run("seed", "--url", text(url))
    assert code == 1
    assert f"database {url.database!r} does not exist on that server" in one_line(err)


@pytest.fixture
def login_role(pg_server_url: sa.URL, realistic_url: sa.URL) -> Iterator[str]:
    """A role that may log in (password ``reader-pw``), read every table and write none."""
    role = f"dbseed_reader_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'"))
    run_sql(realistic_url, f"GRANT USAGE ON SCHEMA public, sales, audit TO {role}; "
                           f"GRANT SELECT ON ALL TABLES IN SCHEMA public, sales, audit TO {role}")  # fmt: skip
    try:
        yield role
    finally:
        run_sql(realistic_url, f"DROP OWNED BY {role}")
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()


def test_wrong_password(realistic_url: sa.URL, login_role: str) -> None:
    url = realistic_url.set(username=login_role, password="not-the-password")
    probe = sa.create_engine(url)
    try:
        with probe.connect():
            pytest.skip("the test server trusts every connection; a password cannot be wrong")
    except sa.exc.OperationalError:
        pass
    finally:
        probe.dispose()
    code, out, err = run("seed", "--url", text(url))
    assert code == 1
    assert f"the server refused user {login_role!r}: wrong password or user name" in one_line(err)
    assert "not-the-password" not in out + err


def test_a_role_that_may_not_insert_is_refused_before_writing(realistic_url, login_role) -> None:
    before = every_table(realistic_url)
    url = realistic_url.set(username=login_role, password="reader-pw")
    code, out, err = run("seed", "--url", text(url), "--exclude", "country")
    assert code == 1, err
    one_line(err)
    assert f"role {login_role!r} lacks INSERT on customer, UPDATE on customer" in err
    assert "INSERT on sales.shipment" in err and "UPDATE on sequence sales.order_id_seq" in err
    assert "nothing was written" in err and "GRANT INSERT" in err
    assert "reader-pw" not in out + err
    assert every_table(realistic_url) == before


def test_a_role_that_may_not_read_a_table_gets_the_database_s_sentence(
    realistic_url, login_role
) -> None:
    run_sql(realistic_url, f"REVOKE SELECT ON sales.product FROM {login_role}")
    url = realistic_url.set(username=login_role, password="reader-pw")
    code, _, err = run("seed", "--url", text(url), "--exclude", "country")
    assert code == 1
    assert (
        "the database refused: permission denied for table product; nothing was written"
        in one_line(err)
    )


def test_a_table_dropped_after_reflection_is_reported(realistic_url, monkeypatch) -> None:
    real = loader.select_tables
    admin = sa.create_engine(realistic_url, isolation_level="AUTOCOMMIT")

    def select_then_drop(conn, source):  # type: ignore[no-untyped-def]
        selection = real(conn, source)
        with admin.connect() as other:
            other.execute(sa.text("DROP TABLE sales.shipment"))
        return selection

    monkeypatch.setattr(loader, "select_tables", select_then_drop)
    try:
        code, out, err = run("seed", "--url", text(realistic_url), "--exclude", "country")
    finally:
        admin.dispose()
    assert code == 1, err
    one_line(err)
    assert "a table was dropped or renamed after the schema was read" in err
    assert 'relation "sales.shipment" does not exist' in err
    assert "Run the command again" in err
    after = every_table(realistic_url)
    assert after["public.customer"][0] == 0 and after['sales."order"'][0] == 0


def test_the_engine_s_missing_table_is_translated_too(realistic_url) -> None:
    # Once counted, a table is locked against DROP until the seed ends; the engine's own
    # error for a missing table still reads as a vanished one when reflecting.
    engine = sa.create_engine(realistic_url)
    try:
        with engine.connect() as conn:
            try:
                conn.execute(sa.text("SELECT * FROM sales.gone"))
            except sa.exc.ProgrammingError as exc:
                missing = exc
        with pytest.raises(TableVanishedError, match="dropped or renamed after the schema"):
            with loader._translated(engine, True):
                raise SchemaError("table 'sales.gone' does not exist") from missing
    finally:
        engine.dispose()


def test_a_driver_that_is_not_installed() -> None:
    code, _, err = run("seed", "--url", "mysql://root@127.0.0.1/test")
    assert code == 2
    assert "needs the driver 'MySQLdb', which is not installed" in one_line(err)
    code, _, err = run("seed", "--url", "nosuchdb://x/y")
    assert code == 2 and "SQLAlchemy knows no database 'nosuchdb'" in one_line(err)


def test_sqlite_is_reflected_and_seeded_through_executemany(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL,
                                 email VARCHAR(120) UNIQUE);
            CREATE TABLE book (id INTEGER PRIMARY KEY,
                               author_id INTEGER NOT NULL REFERENCES author (id),
                               title TEXT NOT NULL, price NUMERIC(8, 2) CHECK (price > 0));
            CREATE VIEW titles AS SELECT title FROM book;
            CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);
            """
        )
    url = f"sqlite:///{path}"
    code, out, err = run("seed", "--url", url, "--count", "20", "--rows", "book=60", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["rows"] == {"author": 20, "book": 60}
    assert {(s["table"], s["reason"]) for s in report["skipped"]} == {
        ("alembic_version", "framework"), ("titles", "view")
    }  # fmt: skip
    with sqlite3.connect(path) as db:
        assert db.execute(
            "SELECT count(*) FROM book b JOIN author a ON a.id = b.author_id"
        ).fetchone() == (60,)
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
    code, _, err = run("seed", "--url", url)
    assert code == 1 and "author (20 rows), book (60 rows)" in one_line(err)
    code, out, _ = run("plan", "--url", url, "--format", "mermaid")
    assert code == 0 and out.startswith("flowchart LR\n")


def test_mariadb_is_reflected_and_seeded_through_executemany(mariadb_url: sa.URL) -> None:
    engine = sa.create_engine(mariadb_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE author (id int AUTO_INCREMENT PRIMARY KEY, name varchar(80) NOT NULL, "
            "email varchar(120) UNIQUE)"
        )
        conn.exec_driver_sql(
            "CREATE TABLE book (id int AUTO_INCREMENT PRIMARY KEY, author_id int NOT NULL, "
            "title text NOT NULL, status enum('draft', 'out') NOT NULL, price decimal(8, 2), "
            "FOREIGN KEY (author_id) REFERENCES author (id))"
        )
        conn.exec_driver_sql("CREATE VIEW titles AS SELECT title FROM book")
        conn.exec_driver_sql("CREATE TABLE django_migrations (id int PRIMARY KEY)")
    try:
        code, out, err = run("seed", "--url", text(mariadb_url), "--count", "15", "--json")
        assert code == 0, err
        report = json.loads(out)
        assert report["rows"] == {"author": 15, "book": 15}
        assert report["schemas"] == [mariadb_url.database]
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(DISTINCT status) FROM book")) >= 1
            assert conn.scalar(sa.text("SELECT count(*) FROM django_migrations")) == 0
        code, _, err = run("seed", "--url", text(mariadb_url), "--count", "15")
        assert code == 1 and "refusing to write into tables that already hold rows" in one_line(err)
        code, _, err = run("seed", "--url", text(mariadb_url), "--count", "5", "--append")
        assert code == 0, err
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM book")) == 20
    finally:
        engine.dispose()


def test_mariadb_wrong_password_is_masked(mariadb_url: sa.URL) -> None:
    url = mariadb_url.set(password="hunter2-wrong")
    code, out, err = run("seed", "--url", text(url))
    if code == 0:  # pragma: no cover - a server that lets anyone in
        pytest.skip("this MariaDB accepts any password")
    assert code == 1
    assert "wrong password or user name" in one_line(err)
    assert "hunter2-wrong" not in out + err


# --------------------------------------------------------------- Ctrl-C


def _dbseed_script() -> str:
    script = Path(sys.executable).with_name("dbseed")
    if not script.exists():
        pytest.skip("the dbseed console script is not installed next to this Python")
    return str(script)


def _copying(url: sa.URL, timeout: float = 90.0) -> None:
    """Wait until a COPY into ``url``'s database has written rows."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")  # a fresh snapshot each time
    deadline = time.monotonic() + timeout
    try:
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                done = conn.scalar(
                    sa.text(
                        "SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy "
                        "WHERE datname = :db"
                    ),
                    {"db": url.database},
                )
                if done and done > 0:
                    return
                time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("no COPY started within the timeout")


def test_ctrl_c_rolls_back_and_exits_130(target_url: sa.URL) -> None:
    run_sql(target_url, BIG)
    proc = subprocess.Popen(
        [_dbseed_script(), "seed", "--url", text(target_url), "--count", "3000000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _copying(target_url)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test already failed
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == (
        "dbseed seed: interrupted; nothing was written (the transaction was rolled back)"
    )
    assert "Traceback" not in err and out == ""
    engine = sa.create_engine(target_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM account")) == 0
            assert conn.scalar(sa.text("SELECT count(*) FROM payment")) == 0
    finally:
        engine.dispose()


def test_exit_codes_through_the_console_script(target_url: sa.URL) -> None:
    done = subprocess.run(
        [_dbseed_script(), "seed", "--url", "postgresql://me:hunter2@127.0.0.1:1/x"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("dbseed seed: cannot connect to postgresql://me:***@")
    assert "hunter2" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    done = subprocess.run(
        [_dbseed_script(), "seed", "--url", text(target_url)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "nothing to seed" in done.stderr
    done = subprocess.run(
        [_dbseed_script(), "plan", "--url", text(target_url), "--schema", "nope"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "schema 'nope' does not exist" in done.stderr


def test_ctrl_c_cancels_a_statement_the_server_is_running(pg_engine: sa.Engine) -> None:
    # A signal reaches Python only between bytecodes; the watcher cancels the statement so
    # that the KeyboardInterrupt is not held up until the server finishes.
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    began = time.monotonic()
    with pg_engine.connect() as conn, pytest.raises((KeyboardInterrupt, sa.exc.DBAPIError)):
        with loader._cancel_on_interrupt(conn) as fired:
            timer.start()
            try:
                conn.execute(sa.text("SELECT pg_sleep(30)"))
            finally:
                timer.cancel()
                assert fired.is_set()
    assert time.monotonic() - began < 10
