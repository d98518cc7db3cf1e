"""``dbseed seed --like URL``: counts and distributions from another database's statistics."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pytest_dbseed.cli import main
from tests.cli.conftest import run_sql

SCHEMA = r"""
CREATE TYPE st AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE customer (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    first_name text NOT NULL,
    tier text NOT NULL,
    signup date NOT NULL
);
CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id int NOT NULL REFERENCES customer (id),
    status st NOT NULL,
    amount numeric(10, 2) NOT NULL CHECK (amount > 0),
    note text,
    kind text
);
"""

PRODUCTION = r"""
INSERT INTO customer (email, first_name, tier, signup)
SELECT 'secret' || i || '@corp.example', 'Zorblax' || (i % 7),
       CASE WHEN i % 10 = 0 THEN 'gold' WHEN i % 3 = 0 THEN 'silver' ELSE 'basic' END,
       date '2020-01-01' + (i % 300)
FROM generate_series(1, 2000) i;
INSERT INTO orders (customer_id, status, amount, note, kind)
SELECT 1 + i % 2000,
       (CASE WHEN i % 10 < 7 THEN 'paid' WHEN i % 10 < 9 THEN 'shipped' ELSE 'cancelled' END)::st,
       5000 + (i * 7919 % 100000) / 100.0,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'private note ' || i END,
       CASE WHEN i % 5 = 0 THEN 'gift' END
FROM generate_series(1, 20000) i;
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def databases(pg_server_url: sa.URL) -> Iterator[tuple[sa.URL, sa.URL]]:
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    names = [f"dbseed_like_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    urls = [pg_server_url.set(database=n) for n in names]
    for url in urls:
        run_sql(url, SCHEMA)
    run_sql(urls[0], PRODUCTION)
    try:
        yield urls[0], urls[1]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


def _analyze(url: sa.URL) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def test_like_without_statistics_asks_for_analyze(databases) -> None:  # type: ignore[no-untyped-def]
    production, target = databases
    code, out, err = run("seed", "--url", _text(target), "--like", _text(production))
    assert code == 1
    assert "has no statistics" in err and "Run ANALYZE in that database" in err
    assert "Traceback" not in err and out == ""


def test_scale_needs_like(databases) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("seed", "--url", _text(databases[1]), "--scale", "0.5")
    assert code == 2 and "--scale 0.5 needs --like URL" in err


def test_like_seeds_counts_and_distributions_without_copying_rows(databases) -> None:  # type: ignore[no-untyped-def]
    production, target = databases
    _analyze(production)
    code, out, err = run(
        "seed", "--url", _text(target), "--like", _text(production), "--scale", "0.5",
        "--seed", "3",
    )  # fmt: skip
    assert code == 0, err
    assert "shaped like" in out
    engine = sa.create_engine(target)
    with engine.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql)).all()  # noqa: E731
        assert q("SELECT count(*) FROM customer")[0][0] == 1000
        assert q("SELECT count(*) FROM orders")[0][0] == 10000
        status = dict(q("SELECT status::text, count(*) FROM orders GROUP BY 1"))
        assert set(status) == {"paid", "shipped", "cancelled"}  # never 'new', as there
        assert 0.65 < status["paid"] / 10000 < 0.75
        tiers = dict(q("SELECT tier, count(*) FROM customer GROUP BY 1"))
        assert set(tiers) == {"basic", "silver", "gold"}
        assert 0.07 < tiers["gold"] / 1000 < 0.13
        kind_null = q("SELECT avg((kind IS NULL)::int) FROM orders")[0][0]
        assert 0.75 < float(kind_null) < 0.85
        # A free-text column: its values are the engine's, its NULL share is theirs (25%).
        note_null = q("SELECT avg((note IS NULL)::int) FROM orders")[0][0]
        assert 0.2 < float(note_null) < 0.3
        low, high = q("SELECT min(amount), max(amount) FROM orders")[0]
        assert 5000 <= low and high <= 6000  # the histogram's range there
        lo, hi = q("SELECT min(signup), max(signup) FROM customer")[0]
        assert str(lo) >= "2020-01-01" and str(hi) <= "2020-10-27"
        # Nothing personal or free-form came over: not an email, name or note of theirs.
        leaked = q(
            "SELECT count(*) FROM customer WHERE email LIKE 'secret%' "
            "OR first_name LIKE 'Zorblax%'"
        )[0][0]
        assert leaked == 0
        assert q("SELECT count(*) FROM orders WHERE note LIKE 'private note%'")[0][0] == 0
    engine.dispose()


def test_like_is_deterministic(databases, tmp_path) -> None:  # type: ignore[no-untyped-def]
    production, target = databases
    _analyze(production)
    files = []
    for name in ("a", "b"):
        out_dir = tmp_path / name
        code, _out, err = run(
            "seed", "--url", _text(target), "--like", _text(production), "--scale", "0.1",
            "--seed", "5", "--output", str(out_dir),
        )  # fmt: skip
        assert code == 0, err
        files.append((out_dir / "public.orders.csv").read_bytes())
    assert files[0] == files[1] and files[0].count(b"\n") == 2000


def test_common_values_are_read_only_of_impersonal_few_valued_columns() -> None:
    from pytest_dbseed.engine.profile import common_values_allowed
    from pytest_dbseed.engine.schema import build_schema

    md = sa.MetaData()
    sa.Table(
        "customer", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.Text), sa.Column("first_name", sa.Text),
        sa.Column("phone", sa.String(20)), sa.Column("comment", sa.Text),
        sa.Column("nickname", sa.Text), sa.Column("birth_date", sa.Date),
        sa.Column("status", sa.String(20)), sa.Column("plan_type", sa.String(20)),
        sa.Column("is_active", sa.Boolean), sa.Column("visits", sa.Integer),
    )  # fmt: skip
    table = build_schema(md).tables["customer"]
    allowed = {c.name for c in table.columns if common_values_allowed(table, c)}
    assert allowed == {"status", "plan_type", "is_active", "visits"}
