"""``--jobs``, ``--shard`` and ``--output``: the rows cut in ranges are the rows of one run."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.cli import main
from tests.cli.conftest import run_sql

SCHEMA = r"""
CREATE SCHEMA sales;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE TABLE customer (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE,
    first_name varchar(40) NOT NULL,
    referrer_id bigint REFERENCES customer (id)
);
CREATE TABLE sales.product (
    sku varchar(20) PRIMARY KEY,
    name text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price > 0)
);
CREATE TABLE sales."order" (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    status order_status NOT NULL,
    ordered_at timestamptz NOT NULL,
    note text
);
ALTER TABLE customer ADD COLUMN last_order_id int REFERENCES sales."order" (id);
CREATE TABLE sales.order_line (
    order_id int NOT NULL REFERENCES sales."order" (id),
    line_no int NOT NULL,
    sku varchar(20) NOT NULL REFERENCES sales.product (sku),
    quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    PRIMARY KEY (order_id, line_no)
);
"""

TABLES = ("customer", "sales.product", "sales.order", "sales.order_line")
ROWS = ("--rows", "customer=300", "--rows", "sales.order=70000", "--rows", "sales.order_line=90000")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


def hashes(url: sa.URL) -> dict[str, tuple[int, str]]:
    """Rows and an md5 of every table ordered by its key, and every sequence's position."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            out: dict[str, tuple[int, str]] = {}
            for name in TABLES:
                q = ".".join(f'"{p}"' for p in name.split("."))
                row = conn.execute(
                    sa.text(
                        f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                        f"ORDER BY t::text), '')) FROM {q} t"
                    )
                ).one()
                out[name] = (int(row[0]), str(row[1]))
            for seq in ("customer_id_seq", "sales.order_id_seq"):
                value = conn.execute(sa.text(f"SELECT last_value FROM {seq}")).scalar_one()
                out[seq] = (int(value), "")
            return out
    finally:
        engine.dispose()


@pytest.fixture
def make_db(pg_server_url: sa.URL) -> Iterator[object]:
    """Makes empty databases with :data:`SCHEMA` (or none), dropped after the test."""
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(schema: bool = True) -> sa.URL:
        name = f"dbseed_rng_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        url = pg_server_url.set(database=name)
        if schema:
            run_sql(url, SCHEMA)
        return url

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# --------------------------------------------------------------------------- bad flags


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_is_a_usage_error(make_db, jobs: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("seed", "--url", text(make_db()), "--jobs", jobs)
    assert code == 2
    assert f"--jobs {jobs}: the number of jobs must be 1 or more" in err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("shard", ["3/2", "0/2", "a/b", "1/0", "2"])
def test_bad_shard_is_a_usage_error(shard: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["seed", "--url", "postgresql://x@127.0.0.1/none", "--shard", shard])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--shard" in err and repr(shard) in err


def test_format_needs_output(make_db) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("seed", "--url", text(make_db()), "--format", "sql")
    assert code == 2 and "--format sql needs --output DIR" in err


def test_append_with_shard_is_refused(make_db) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("seed", "--url", text(make_db()), "--shard", "1/2", "--append")
    assert code == 2 and "--append cannot be combined with --shard" in err


# --------------------------------------------------------------------------- ranges


def test_ranges_in_separate_transactions_equal_one_transaction(make_db) -> None:  # type: ignore[no-untyped-def]
    """The engine's cut for 3 jobs, run here one range after another (each its own
    transaction), writes exactly what one transaction writes."""
    from pytest_dbseed._loading import decide
    from pytest_dbseed.engine.parallel import Payload, Runner, plan_tasks
    from pytest_dbseed.engine.reflect import reflect_database
    from pytest_dbseed.engine.sinks import DatabaseTarget

    one, cut = make_db(), make_db()
    assert run("seed", "--url", text(one), *ROWS)[0] == 0
    engine = sa.create_engine(cut)
    with engine.connect() as conn:
        metadata, _report = reflect_database(conn)
        counts = {"customer": 300, "sales.order": 70000, "sales.order_line": 90000}
        decided = decide(
            conn, metadata, counts, default=10, seed=0, locale=None, append=False, empty=False
        )
        conn.rollback()
    tasks = plan_tasks(decided.graph, decided.plan, decided.sources, 3)
    order_ranges = [t for level in tasks for t in level if t.table == "sales.order"]
    assert len(order_ranges) > 1  # the table really is cut
    seen: list[str] = []
    payload = Payload(decided.graph, decided.plan, decided.sources)
    Runner(payload, DatabaseTarget(text(cut)), 1, lambda d: seen.append(d.task.table)).run(tasks)
    from pytest_dbseed._loading import fix_all_sequences

    with engine.begin() as conn:
        fix_all_sequences(conn, decided)
    engine.dispose()
    assert seen.count("sales.order") == len(order_ranges)
    assert hashes(cut) == hashes(one)


@pytest.mark.slow
def test_jobs_give_the_data_of_one_job(make_db) -> None:  # type: ignore[no-untyped-def]
    one = make_db()
    code, _out, err = run("seed", "--url", text(one), *ROWS, "--seed", "7")
    assert code == 0, err
    expected = hashes(one)
    assert expected["sales.order"][0] == 70000
    for jobs in ("2", "3"):
        url = make_db()
        code, out, err = run("seed", "--url", text(url), *ROWS, "--seed", "7", "--jobs", jobs)
        assert code == 0, err
        assert f"note: {jobs} jobs; every range was committed on its own" in out
        assert hashes(url) == expected


@pytest.mark.slow
def test_shards_in_parallel_processes_give_the_data_of_one_run(make_db) -> None:  # type: ignore[no-untyped-def]
    one, sharded = make_db(), make_db()
    assert run("seed", "--url", text(one), *ROWS)[0] == 0
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest_dbseed.cli",
                "seed",
                "--url",
                text(sharded),
                *ROWS,
                "--shard",
                f"{i}/3",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for i in (3, 1, 2)  # the last shard first: it waits for the parents
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert hashes(sharded) == hashes(one)
    # The same shard again: its rows are there already.
    code, _out, err = run("seed", "--url", text(sharded), *ROWS, "--shard", "2/3")
    assert code == 1 and "this shard was loaded already" in err


def _psql_load(url: sa.URL, directory: Path) -> subprocess.CompletedProcess[str]:
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql is not installed")
    libpq = f"postgresql://{url.username}@{url.host}:{url.port or 5432}/{url.database}"
    # The password (a local cluster has one) goes by the environment, as a user would.
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    return subprocess.run(
        [psql, "-X", "-q", "-d", libpq, "-f", "load.sql"],
        cwd=directory, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def test_output_csv_loaded_with_psql_equals_a_direct_load(make_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    direct, schema_only, loaded = make_db(), make_db(), make_db()
    small = (
        "--rows",
        "customer=50",
        "--rows",
        "sales.order=900",
        "--rows",
        "sales.order_line=1200",
    )
    assert run("seed", "--url", text(direct), *small)[0] == 0
    before = hashes(schema_only)
    out_dir = tmp_path / "files"
    code, out, err = run("seed", "--url", text(schema_only), *small, "--output", str(out_dir))
    assert code == 0, err
    assert "psql -f load.sql" in out
    assert hashes(schema_only) == before  # nothing written to --url
    names = sorted(p.name for p in out_dir.iterdir())
    assert "load.sql" in names and "public.customer.csv" in names
    assert "public.customer.last_order_id.keys.csv" in names
    assert not [n for n in names if ".part-" in n]
    done = _psql_load(loaded, out_dir)
    assert done.returncode == 0, done.stderr
    assert hashes(loaded) == hashes(direct)
    # The directory now holds those files: never overwritten.
    code, _out, err = run("seed", "--url", text(schema_only), *small, "--output", str(out_dir))
    assert code == 2 and "already holds" in err


@pytest.mark.slow
def test_output_sql_shards_with_jobs_load_as_one_run(make_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    direct, schema_only, loaded = make_db(), make_db(), make_db()
    assert run("seed", "--url", text(direct), *ROWS)[0] == 0
    out_dir = tmp_path / "files"
    for i in (1, 2):
        code, _out, err = run(
            "seed", "--url", text(schema_only), *ROWS, "--output", str(out_dir),
            "--format", "sql", "--shard", f"{i}/2", "--jobs", "2",
        )  # fmt: skip
        assert code == 0, err
    assert (out_dir / "sales.order.0002-of-0002.sql").exists()
    done = _psql_load(loaded, out_dir)
    assert done.returncode == 0, done.stderr
    assert hashes(loaded) == hashes(direct)


def test_output_needs_postgresql(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, _out, err = run("seed", "--url", url, "--output", str(tmp_path / "o"))
    assert code == 2 and "give a PostgreSQL --url" in err


def test_sqlite_with_jobs_writes_with_one_job(tmp_path: Path, models_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    code, _out, err = run(
        "seed", "--url", url, "--models", "shop_models:Base", "--create-schema",
        "--count", "20", "--jobs", "3",
    )  # fmt: skip
    assert code == 0, err
    assert "note: --jobs 3: parallel jobs write with PostgreSQL's COPY; sqlite is written" in err
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text('SELECT count(*) FROM "user"')).scalar_one() >= 20
    engine.dispose()


def test_mariadb_with_jobs_writes_with_one_job(models_dir: Path) -> None:
    pymysql = pytest.importorskip("pymysql")
    try:
        pymysql.connect(host="127.0.0.1", port=3306, user="root", database="test").close()
    except Exception:
        pytest.skip("no MariaDB at 127.0.0.1:3306")
    name = f"dbseed_rng_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine("mysql+pymysql://root@127.0.0.1:3306/test")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        url = f"mysql+pymysql://root@127.0.0.1:3306/{name}"
        code, _out, err = run(
            "seed", "--url", url, "--models", "shop_models:Base", "--create-schema",
            "--count", "15", "--jobs", "2",
        )  # fmt: skip
        assert code == 0, err
        assert "mysql is written by one job (executemany)" in err
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE {name}"))
        admin.dispose()


def _sessions_left(engine: sa.Engine, database: str | None) -> list[str]:
    """The other sessions on ``database``, once those of exited clients have ended: a
    server backend ends when it next notices that its client is gone, a moment later
    on a busy machine, so this waits (up to 60 s) for the list to empty."""
    query = sa.text(
        "SELECT coalesce(application_name, '') || ' ' || coalesce(state, '') || ': '"
        " || left(query, 80) FROM pg_stat_activity"
        " WHERE datname = :d AND pid <> pg_backend_pid()"
    )
    deadline = time.monotonic() + 60
    while True:
        with engine.connect() as conn:
            left = [str(r) for r in conn.execute(query, {"d": database}).scalars()]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


@pytest.mark.slow
def test_ctrl_c_stops_every_job_and_names_the_tables_holding_rows(make_db) -> None:  # type: ignore[no-untyped-def]
    url = make_db()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest_dbseed.cli", "seed", "--url", text(url),
         "--rows", "customer=300", "--rows", "sales.order=3000000", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    engine = sa.create_engine(url)
    try:
        while time.monotonic() < deadline:  # until the first table is committed
            with engine.connect() as conn:
                if conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one():
                    break
            time.sleep(0.3)
        time.sleep(2)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole group
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "interrupted; the jobs were stopped" in err
        assert "customer (300 of 300 rows)" in err
        with engine.connect() as conn:
            orders = conn.execute(sa.text('SELECT count(*) FROM sales."order"')).scalar_one()
        busy = _sessions_left(engine, url.database)
        assert orders < 3000000
        if orders:
            assert f"({orders:,} of 3,000,000 rows)" in err
        else:
            assert "sales.order" not in err.split("before it stopped:")[-1]
        assert busy == [], busy  # every job's connection is gone
    finally:
        if proc.poll() is None:
            proc.kill()
        engine.dispose()


@pytest.mark.slow
def test_an_error_in_one_job_stops_them_all_and_names_the_rows_kept(make_db) -> None:  # type: ignore[no-untyped-def]
    url = make_db(schema=False)
    run_sql(
        url,
        """
        CREATE TABLE a (id serial PRIMARY KEY, v int NOT NULL);
        CREATE TABLE b (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a (id), w int);
        CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id > 30000 THEN RAISE EXCEPTION 'no more rows please'; END IF;
        RETURN NEW; END $$;
        CREATE TRIGGER t BEFORE INSERT ON b FOR EACH ROW EXECUTE FUNCTION boom();
        """,
    )
    code, _out, err = run("seed", "--url", text(url), "--rows", "a=100", "--rows", "b=100000",
                          "--jobs", "2")  # fmt: skip
    assert code == 1
    assert "no more rows please" in err and "Traceback" not in err
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT count(*) FROM b")).scalar_one()
    engine.dispose()
    assert kept <= 30000  # ranges in flight when it stopped were rolled back
    if kept:
        assert f"a (100 of 100 rows), b ({kept:,} of 100,000 rows)" in err
    else:
        assert "a (100 of 100 rows); the other tables are as they were" in err


_NOT_NULL_CYCLE = (
    "CREATE TABLE a (id serial PRIMARY KEY, b_id int NOT NULL);"
    " CREATE TABLE b (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a);"
    " ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b"
)


def test_jobs_write_a_not_null_cycle_in_one_job(make_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = make_db(schema=False)
    run_sql(url, _NOT_NULL_CYCLE)
    code, _out, err = run(
        "seed", "--url", text(url), "--rows", "a=500", "--rows", "b=300", "--jobs", "2"
    )
    assert code == 0, err
    assert "writing with one job" in err
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM a").scalar() == 500
    engine.dispose()
    code, _out, err = run(
        "seed", "--url", text(url), "--rows", "a=5", "--output", str(tmp_path / "out")
    )
    assert code == 2 and "not deferrable" in err and "a(b_id)" in err


_PERCENT_NAMES = (
    'CREATE SCHEMA "s%"; CREATE TABLE "s%"."50%" (id serial PRIMARY KEY, "a%b" text NOT NULL,'
    ' "up%" int);'
    ' ALTER TABLE "s%"."50%" ADD FOREIGN KEY ("up%") REFERENCES "s%"."50%" DEFERRABLE'
)


@pytest.mark.parametrize("fmt", ["csv", "sql"])
def test_output_keeps_percent_signs_in_names(make_db, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    schema_only, loaded = make_db(schema=False), make_db(schema=False)
    for url in (schema_only, loaded):
        run_sql(url, _PERCENT_NAMES)
    out_dir = tmp_path / "files"
    code, _out, err = run(
        "seed", "--url", text(schema_only), "--rows", "s%.50%=40", "--output", str(out_dir),
        "--format", fmt,
    )  # fmt: skip
    assert code == 0, err
    assert "%%" not in (out_dir / "load.sql").read_text()
    done = _psql_load(loaded, out_dir)
    assert done.returncode == 0, done.stderr
    engine = sa.create_engine(loaded)
    with engine.connect() as conn:
        counted = conn.exec_driver_sql('SELECT count(*), count("up%%") FROM "s%%"."50%%"').one()
    engine.dispose()
    assert counted[0] == 40 and counted[1] > 0


_SHAPED = r"""
CREATE TABLE payment (
    id bigserial, paid_on date NOT NULL, amount numeric(10, 2) NOT NULL,
    PRIMARY KEY (id, paid_on)
) PARTITION BY RANGE (paid_on);
CREATE TABLE payment_2024 PARTITION OF payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE event (id serial, kind text NOT NULL, PRIMARY KEY (id, kind)) PARTITION BY LIST (kind);
CREATE TABLE event_ab PARTITION OF event FOR VALUES IN ('a', 'b');
CREATE TABLE event_c PARTITION OF event FOR VALUES IN ('c');
CREATE TABLE stay (
    id serial PRIMARY KEY, spot point, nights daterange NOT NULL,
    EXCLUDE USING gist (nights WITH &&)
);
"""


def _shaped_hashes(url: sa.URL) -> dict[str, tuple[int, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: tuple(  # type: ignore[misc]
                    conn.execute(
                        sa.text(
                            f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' "
                            f"ORDER BY t::text), '')) FROM {name} t"
                        )
                    ).one()
                )
                for name in ("payment_2024", "payment_2025", "event_ab", "event_c", "stay")
            }
    finally:
        engine.dispose()


def test_files_and_shards_read_what_the_catalog_knows(make_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Partitions, exclusion constraints and catalog types are read for files and shards
    as for a direct load: the rows land in the partitions, and the data is the same."""
    direct, schema_only, loaded, sharded = (make_db(schema=False) for _ in range(4))
    for url in (direct, schema_only, loaded, sharded):
        run_sql(url, _SHAPED)
    counts = ("--count", "60")
    code, _out, err = run("seed", "--url", text(direct), *counts)
    assert code == 0, err
    expected = _shaped_hashes(direct)
    assert all(n > 0 for n, _ in expected.values()), expected
    out_dir = tmp_path / "files"
    code, _out, err = run("seed", "--url", text(schema_only), *counts, "--output", str(out_dir))
    assert code == 0, err
    done = _psql_load(loaded, out_dir)
    assert done.returncode == 0, done.stderr
    assert _shaped_hashes(loaded) == expected
    for i in (1, 2):
        code, _out, err = run("seed", "--url", text(sharded), *counts, "--shard", f"{i}/2")
        assert code == 0, err
    assert _shaped_hashes(sharded) == expected
