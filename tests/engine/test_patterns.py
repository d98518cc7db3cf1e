"""CHECKs with regular expressions and LIKE patterns (``slug ~ '^[a-z0-9-]+$'``,
``sku LIKE 'SKU-%'``, ``name NOT LIKE '% %'``): read as column patterns, met by the generated
rows, as PostgreSQL itself judges them (schemas built in SQL, reflected, seeded)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed.engine.checks import analyse_checks
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.errors import ConfigError, ConstraintViolation, UniquenessError


def _ddl(conn: sa.Connection, ddl: str) -> None:
    conn.exec_driver_sql(ddl.replace("%", "%%"), ())  # psycopg2 reads % as a parameter


def _seed(conn: sa.Connection, ddl: str, n: int = 300, seed: int = 3) -> sa.MetaData:
    _ddl(conn, ddl)
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, default=n, seed=seed)
    return md


def _values(conn: sa.Connection, sql: str) -> list[str]:
    return [r[0] for r in conn.exec_driver_sql(sql)]


FORMS = [
    ("key varchar(10) NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$')", "key", r"^[A-Z][A-Z0-9]{1,9}$"),
    ("slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')", "slug", r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    ("email text NOT NULL CHECK (email ~* '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')", "email", r"(?i)^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    ("code text NOT NULL CHECK (code ~ '^[0-9]{5}$')", "code", r"^[0-9]{5}$"),
    ("color text NOT NULL CHECK (color ~* '^#[0-9a-f]{6}$')", "color", r"(?i)^#[0-9a-f]{6}$"),
    ("phone text NOT NULL CHECK (phone ~ '^\\+[1-9][0-9]{7,14}$')", "phone", r"^\+[1-9][0-9]{7,14}$"),
    ("sku text NOT NULL CHECK (sku LIKE 'SKU-%')", "sku", r"^SKU-"),
    ("sku text NOT NULL CHECK (sku ILIKE 'sku-%')", "sku", r"(?i)^sku-"),
    ("name text NOT NULL CHECK (name NOT LIKE '% %')", "name", r"^[^ ]*$"),
    ("name text NOT NULL CHECK (name !~ '\\s')", "name", r"^\S*$"),
    ("title text NOT NULL CHECK (title !~* '^x')", "title", r"(?i)^[^x]"),
    ("slug text NOT NULL UNIQUE CHECK (char_length(slug) BETWEEN 3 AND 40 AND slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')",
     "slug", r"^[a-z0-9]+(-[a-z0-9]+)*$"),
]  # fmt: skip


@pytest.mark.parametrize("column_sql, column, check", FORMS, ids=[f[0][:40] for f in FORMS])
def test_each_form_is_understood_and_postgresql_accepts_the_rows(
    conn: sa.Connection, column_sql: str, column: str, check: str
) -> None:
    ddl = f"CREATE TABLE thing (id serial PRIMARY KEY, {column_sql});"
    md = _seed(conn, ddl)
    info = build_schema(md).resolve("thing")
    checks = analyse_checks(info)
    assert checks.unsupported == ()
    assert checks.columns[column].patterns
    got = _values(conn, f"SELECT {column} FROM thing")
    assert len(got) == 300
    assert all(re.search(check, v) for v in got), [v for v in got if not re.search(check, v)][:5]
    if "char_length" in column_sql:
        assert all(3 <= len(v) <= 40 for v in got)
        assert len(set(got)) == len(got)


def test_reflected_spelling_with_casts_is_read(conn: sa.Connection) -> None:
    _ddl(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY, key varchar(10) NOT NULL "
        "CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$'), sku varchar(20) CHECK (sku LIKE 'SKU-%'))",
    )
    md = sa.MetaData()
    md.reflect(conn)
    texts = sorted(
        str(c.sqltext) for c in md.tables["p"].constraints if isinstance(c, sa.CheckConstraint)
    )
    assert any("::text ~ " in t for t in texts) and any("~~" in t for t in texts), texts
    checks = analyse_checks(build_schema(md).resolve("p"))
    assert checks.unsupported == ()
    assert {p.regex for p in checks.columns["key"].patterns} == {"^[A-Z][A-Z0-9]{1,9}$"}
    assert [p.regex for p in checks.columns["sku"].patterns] == ["^SKU-.*$"]


def test_domain_check_with_a_pattern_on_citext(conn: sa.Connection) -> None:
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS citext")
    md = _seed(
        conn,
        "CREATE DOMAIN email_address AS citext CHECK (VALUE ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$');"
        "CREATE DOMAIN zip AS text CHECK (VALUE ~ '^[0-9]{5}$');"
        "CREATE TABLE person (id serial PRIMARY KEY, email email_address NOT NULL, "
        "home zip NOT NULL, work_zip zip);",
    )
    checks = analyse_checks(build_schema(md).resolve("person"))
    assert checks.columns["home"].patterns and checks.columns["email"].patterns
    homes = _values(conn, "SELECT home FROM person")
    assert len(homes) == 300 and all(re.fullmatch(r"[0-9]{5}", v) for v in homes)
    emails = _values(conn, "SELECT email::text FROM person")
    assert all(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v) for v in emails)


def test_semantic_values_are_kept_where_they_match(conn: sa.Connection) -> None:
    _seed(
        conn,
        "CREATE TABLE tenant (id serial PRIMARY KEY, "
        "slug text NOT NULL UNIQUE CHECK (char_length(slug) BETWEEN 3 AND 40 "
        "AND slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), "
        "email text NOT NULL CHECK (email ~* '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'), "
        "code text NOT NULL CHECK (code ~ '^[A-Z]{3}-[0-9]{2}$'))",
        n=400,
    )
    assert all(
        re.fullmatch(r"[A-Z]{3}-[0-9]{2}", c) for c in _values(conn, "SELECT code FROM tenant")
    )
    slugs = _values(conn, "SELECT slug FROM tenant")
    usual = [s for s in slugs if re.fullmatch(r"[a-z]+(-[a-z]+)*-[a-z0-9]+", s)]
    assert len(usual) >= 0.9 * len(slugs), slugs[:10]
    emails = _values(conn, "SELECT email FROM tenant")
    assert sum(e.endswith((".com", ".net", ".org")) for e in emails) >= 0.9 * len(emails)


def test_unique_pattern_column_is_distinct_and_deterministic(pg_engine: sa.Engine) -> None:
    ddl = (
        "CREATE TABLE project (id serial PRIMARY KEY, "
        "key varchar(4) NOT NULL UNIQUE CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$'))"
    )
    runs = []
    for _ in range(2):
        with pg_engine.connect() as conn, conn.begin() as tx:
            _seed(conn, ddl, n=2000)
            runs.append(_values(conn, "SELECT key FROM project ORDER BY id"))
            tx.rollback()
    keys = runs[0]
    assert runs[0] == runs[1]
    assert len(keys) == 2000 and len(set(keys)) == 2000
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]{1,3}", k) for k in keys)


def test_a_language_smaller_than_the_rows_is_refused_up_front(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE region (id serial PRIMARY KEY, "
        "code text NOT NULL UNIQUE CONSTRAINT code_shape CHECK (code ~ '^[A-C][0-9]$'))"
    )
    md = sa.MetaData()
    md.reflect(conn)
    with pytest.raises(UniquenessError) as err:
        pytest_dbseed.seed(conn, md, default=31, seed=5)
    text = str(err.value)
    for part in ("region", "code", "code_shape", "30 distinct values", "seed 5", "Fix:"):
        assert part in text, text
    assert conn.exec_driver_sql("SELECT count(*) FROM region").scalar() == 0
    pytest_dbseed.seed(conn, md, default=30, seed=5)
    assert len(set(_values(conn, "SELECT code FROM region"))) == 30


def test_a_pattern_outside_the_subset_is_still_left_to_the_database(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE word (id serial PRIMARY KEY, "
        "w text NOT NULL CONSTRAINT w_shape CHECK (w ~ '^[[:upper:]]\\y'), "
        "v text CONSTRAINT v_shape CHECK (v ~ '^[a-z]+$'))"
    )
    md = sa.MetaData()
    md.reflect(conn)
    checks = analyse_checks(build_schema(md).resolve("word"))
    assert checks.unsupported == ("w_shape",)
    with pytest.raises(ConstraintViolation, match="does not understand this CHECK"):
        pytest_dbseed.seed(conn, md, default=50, seed=1)


@pytest.mark.parametrize(
    "pattern", ["^[[:alpha:]]+$", "^a\\yb$", "^(?=a)", "^a+?$", "^\\bx", "(a)\\1"]
)
def test_the_reader_refuses_what_it_does_not_know(pattern: str) -> None:
    from pytest_dbseed.engine.checks.patterns import PatternUnsupported, read

    with pytest.raises(PatternUnsupported):
        read(pattern)


def test_enumeration_gives_distinct_strings_within_lengths() -> None:
    from pytest_dbseed.engine.checks.patterns import read

    lang = read("^[a-z0-9]+(-[a-z0-9]+)*$")
    got = [lang.nth(i, 11, 3, 6) for i in range(5000)]
    assert len(set(got)) == 5000
    assert all(3 <= len(s) <= 6 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in got)
    assert read("^[A-C][0-9]$").count() == 30


def test_an_ambiguous_pattern_on_a_unique_column_stays_distinct(conn: sa.Connection) -> None:
    # "12" matches (ab|cd|[0-9]{1,3})+ as "1"+"2" and as "12": each string is counted once.
    _seed(
        conn,
        "CREATE TABLE tag (id serial PRIMARY KEY, "
        "code varchar(5) NOT NULL UNIQUE CHECK (code ~ '^(ab|cd|[0-9]{1,3})+$'))",
        n=3000,
    )
    codes = _values(conn, "SELECT code FROM tag")
    assert len(codes) == 3000 == len(set(codes))


def test_a_small_pattern_language_in_a_composite_unique_key(conn: sa.Connection) -> None:
    _seed(
        conn,
        "CREATE TABLE seat (id serial PRIMARY KEY, hall int NOT NULL CHECK (hall BETWEEN 1 AND 9), "
        "code varchar(2) NOT NULL CHECK (code ~ '^[A-D][1-5]$'), UNIQUE (hall, code))",
        n=180,
    )
    rows = list(conn.exec_driver_sql("SELECT hall, code FROM seat"))
    assert len(rows) == 180 == len(set(rows))
    assert all(re.fullmatch(r"[A-D][1-5]", c) for _, c in rows)


@pytest.mark.parametrize("unique", ["", "UNIQUE"])
def test_patterns_no_string_meets_together_are_refused_up_front(
    conn: sa.Connection, unique: str
) -> None:
    _ddl(
        conn,
        f"CREATE TABLE t (id serial PRIMARY KEY, code varchar(10) NOT NULL {unique}"
        " CONSTRAINT ck_code CHECK (code ~ '^[a-c]+$' AND code LIKE 'x%'))",
    )
    md = sa.MetaData()
    md.reflect(conn)
    with pytest.raises(ConfigError, match=r"t\.code.*ck_code.*seed 3.*Fix"):
        pytest_dbseed.seed(conn, md, default=30, seed=3)
    assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 0
