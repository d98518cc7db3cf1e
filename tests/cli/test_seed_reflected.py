"""``dbseed seed --url URL`` without models: the database's own tables, reflected."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from pytest_dbseed.cli import main
from tests.cli.conftest import run_sql
from tests.cli.schemas import REALISTIC_SEEDED


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


def every_table(url: sa.URL) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of the contents of every table, partition and sequence."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = conn.execute(
                sa.text(
                    "SELECT format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'S', 'm') "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    "AND n.nspname NOT LIKE 'pg_toast%'"
                )
            ).all()
            out = {}
            for name, kind in names:
                if kind == "S":
                    row = conn.execute(sa.text(f"SELECT last_value, is_called FROM {name}")).one()
                    out[name] = (int(row[0]), str(row[1]))
                    continue
                row = conn.execute(
                    sa.text(
                        f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' "
                        f"ORDER BY t::text), '')) FROM {name} t"
                    )
                ).one()
                out[name] = (int(row[0]), str(row[1]))
            return out
    finally:
        engine.dispose()


def count(url: sa.URL, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)
    finally:
        engine.dispose()


def test_tables_holding_rows_are_refused_and_nothing_changes(realistic_url) -> None:
    before = every_table(realistic_url)
    code, out, err = run("seed", "--url", text(realistic_url), "--count", "5")
    assert code == 1
    assert err.count("\n") == 1, err  # one sentence
    assert "refusing to write into tables that already hold rows: country (3 rows)" in err
    assert "--append" in err and "nothing was written" in err
    assert out == ""
    assert every_table(realistic_url) == before


def test_reflected_seed_fills_every_table_and_skips_the_rest(realistic_url) -> None:
    code, out, err = run(
        "seed", "--url", text(realistic_url), "--exclude", "country", "--count", "6",
        "--rows", "sales.order_line=40", "--seed", "3",
    )  # fmt: skip
    assert code == 0, err
    for table in REALISTIC_SEEDED:
        expected = 40 if table == "sales.order_line" else 6
        assert count(realistic_url, table) == expected, table
    # Through the partitioned parent only; the partitions hold what it routed to them.
    parts = sum(
        count(realistic_url, p)
        for p in ("audit.event_2024", "audit.event_2025", "audit.event_rest")
    )
    assert parts == 6
    # Framework tables and the excluded table as they were; customers point at countries.
    assert count(realistic_url, "alembic_version") == 1
    assert count(realistic_url, "django_migrations") == 1
    assert count(realistic_url, "country") == 3
    assert count(realistic_url, "customer c JOIN country k ON k.code = c.country_code") == 6
    assert "(seed 3)" in out and "total" in out
    assert "not written: country (excluded; 3 rows there)" in out
    assert "alembic_version (Alembic migrations)" in out
    assert "audit.event_2024 (partition of audit.event)" in out
    assert "sales.order_total (view)" in out
    assert str(realistic_url.password) not in out + err


def test_json_report(realistic_url) -> None:
    code, out, err = run(
        "seed", "--url", text(realistic_url), "--exclude", "country", "--count", "4", "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["source"] == "reflected"
    assert report["seed"] == 0 and report["append"] is False
    assert set(report["rows"]) == set(REALISTIC_SEEDED)
    assert report["total"] == 4 * len(REALISTIC_SEEDED) == sum(report["rows"].values())
    for table in REALISTIC_SEEDED:
        entry = report["tables"][table]
        assert entry["rows"] == 4
        assert (
            entry["seconds"] >= 0
            and entry["rows_per_second"] is None
            or entry["rows_per_second"] > 0
        )
    assert report["seconds"] > 0 and report["rows_per_second"] > 0
    assert report["references"] == {"country": {"why": "excluded", "rows": 3}}
    skipped = {(s["table"], s["reason"]) for s in report["skipped"]}
    assert {("alembic_version", "framework"), ("django_migrations", "framework"),
            ("audit.event_2024", "partition"), ("country", "excluded"),
            ("sales.order_total", "view"), ("sales.product_count", "materialized view")} <= skipped  # fmt: skip
    assert set(report["schemas"]) == {"public", "sales", "audit"}
    assert "***" in report["url"] and str(realistic_url.password) not in out


def test_plain_progress_lines_per_table_when_not_a_terminal(realistic_url) -> None:
    code, _, err = run("seed", "--url", text(realistic_url), "--exclude", "country", "--count", "3")
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == len(REALISTIC_SEEDED)
    assert all("\r" not in line and "\x1b" not in line for line in lines)
    assert lines[0].startswith(f"[1/{len(REALISTIC_SEEDED)}] ")
    assert any(line.split("] ", 1)[1].startswith("sales.order_line: 3 rows in ") for line in lines)
    assert all(line.endswith(" rows/s)") for line in lines)


def test_append_adds_rows_after_the_existing_ones(realistic_url) -> None:
    code, _, err = run("seed", "--url", text(realistic_url), "--count", "5", "--append")
    assert code == 0, err
    assert count(realistic_url, "country") == 3 + 5
    code, out, err = run("seed", "--url", text(realistic_url), "--count", "5", "--append", "--json")
    assert code == 0, err
    assert json.loads(out)["append"] is True
    assert count(realistic_url, "customer") == 10
    assert count(realistic_url, "sales.order_line") == 10
    # The second customers point at existing parents as well as new ones: keys unique.
    assert count(realistic_url, "(SELECT DISTINCT id FROM customer) s") == 10


def test_without_append_a_second_seed_is_refused(realistic_url) -> None:
    assert run("seed", "--url", text(realistic_url), "--exclude", "country", "--count", "2")[0] == 0
    before = every_table(realistic_url)
    code, _, err = run("seed", "--url", text(realistic_url), "--exclude", "country", "--count", "2")
    assert code == 1
    assert "customer (2 rows)" in err and "sales.order_line (2 rows)" in err
    assert every_table(realistic_url) == before


def test_schema_limits_what_is_written(realistic_url) -> None:
    run_sql(realistic_url, "INSERT INTO customer (email, first_name, last_name, country_code) "
                           "VALUES ('a@b.example', 'A', 'B', 'DE')")  # fmt: skip
    code, out, err = run("seed", "--url", text(realistic_url), "--schema", "sales", "--count", "4")
    assert code == 0, err
    assert count(realistic_url, "sales.order") == 4
    assert count(realistic_url, "customer") == 1  # pointed at, not written
    assert count(realistic_url, "audit.event") == 0
    assert "customer (schema public is not searched; 1 rows there)" in out


def test_a_table_outside_the_selection_that_children_need_must_hold_rows(realistic_url) -> None:
    before = every_table(realistic_url)
    code, _, err = run("seed", "--url", text(realistic_url), "--schema", "sales")
    assert code == 1
    assert "table 'sales.order' needs rows of 'customer'" in err
    assert "not seeded (schema public is not searched) and is empty" in err
    assert every_table(realistic_url) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--exclude", "custmer"],
            "--exclude 'custmer' names no table in the searched schemas. Did you mean 'customer'?",
        ),
        (
            ["--schema", "sale"],
            "schema 'sale' does not exist in this database. Did you mean 'sales'?",
        ),
        (
            ["--exclude", "country", "--rows", "country=3"],
            "--rows 'country': that table is excluded",
        ),
        (
            ["--rows", "audit.event_2024=3"],
            "is a partition of audit.event; partitions are seeded through their parent: use --rows audit.event=N",
        ),
        (["--rows", "alembic_version=3"], "is Alembic's migration table, never seeded"),
        (["--rows", "sales.order_total=3"], "is a view, not a table"),
        (["--rows", "custmer=3"], "unknown table or model 'custmer'. Did you mean 'customer'?"),
        (
            ["--schema", "sales", "--rows", "customer=3"],
            "table 'customer' is not seeded (schema public is not searched)",
        ),
        (["--create-schema"], "--create-schema needs --models"),
    ],
)
def test_bad_selections_are_usage_errors(realistic_url, argv, message) -> None:
    before = every_table(realistic_url)
    code, out, err = run("seed", "--url", text(realistic_url), *argv)
    assert code == 2, err
    assert message in err
    assert err.startswith("dbseed seed: error: ") and err.count("\n") == 1
    assert every_table(realistic_url) == before


def test_an_empty_database_has_nothing_to_seed(target_url) -> None:
    code, out, err = run("seed", "--url", text(target_url))
    assert code == 1
    assert "nothing to seed:" in err and "has no tables to fill in schemas public" in err
    assert str(target_url.password) not in err
    code, _, err = run("plan", "--url", text(target_url))
    assert code == 1 and "nothing to seed" in err


def test_only_framework_tables_is_nothing_to_seed(target_url) -> None:
    run_sql(target_url, "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
    code, _, err = run("seed", "--url", text(target_url))
    assert code == 1
    assert "skipped: alembic_version (Alembic migrations)" in err


def test_same_seed_same_data_when_reflected(target_url, pg_server_url) -> None:
    from tests.cli.schemas import REALISTIC

    dumps = []
    for _ in range(2):
        run_sql(target_url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public; "
                            "DROP SCHEMA IF EXISTS sales CASCADE; DROP SCHEMA IF EXISTS audit CASCADE",
                REALISTIC)  # fmt: skip
        code, _, err = run("seed", "--url", text(target_url), "--exclude", "country",
                           "--count", "5", "--seed", "11")  # fmt: skip
        assert code == 0, err
        dump = every_table(target_url)
        # Inserted by the DDL with now(); not the seed's.
        del dump["public.django_migrations"]
        # The engine leaves a column with a server default that nothing points at to the
        # database: customer.created_at DEFAULT now() differs between the runs.
        del dump["public.customer"]
        engine = sa.create_engine(target_url)
        with engine.connect() as conn:
            dump["customer"] = [
                tuple(r) for r in conn.execute(sa.text(
                    "SELECT id, email, first_name, last_name, country_code, referrer_id, "
                    "last_order_id FROM customer ORDER BY id"))
            ]  # fmt: skip
        engine.dispose()
        dumps.append(dump)
    assert dumps[0] == dumps[1]
