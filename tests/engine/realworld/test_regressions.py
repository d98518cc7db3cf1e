"""One small example per way the engine has been seen to fail on real schemas.

Each test builds its schema in a real PostgreSQL (inside the test's transaction), seeds it and
asserts exact counts and the property at stake. The ones marked ``xfail(strict=True)`` fail
today: whoever fixes the engine removes the mark (``xfail_strict`` turns a fixed example red
until then). Where a refusal is the right outcome, the test asserts the ``DbseedError``
subclass and that the message names the table/column/constraint, the seed and the fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column

import pytest_dbseed
from pytest_dbseed import rows
from pytest_dbseed.errors import (
    ConfigError,
    ConstraintViolation,
    CycleError,
    DbseedError,
    PlanError,
    UniquenessError,
    UnsupportedTypeError,
)
from tests.engine.realworld.helpers import (
    assert_refusal,
    count,
    has_extension,
    reflect,
    rows_of,
    run_sql,
    scalar,
    seed,
    within,
)

# Reflection warns about the types it does not know (xml, point, ltree, ...): expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type:sqlalchemy.exc.SAWarning")


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# ------------------------------------------------------------------ 1. column-level CHECK


def test_column_level_check(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "shift",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "hours", sa.SmallInteger, sa.CheckConstraint("hours BETWEEN 0 AND 60"), nullable=False
        ),
        # No name meaning narrows this one: only the CHECK can keep it in range.
        sa.Column("xq", sa.SmallInteger, sa.CheckConstraint("xq BETWEEN 3 AND 7"), nullable=False),
    )
    md.create_all(conn)
    report = seed(conn, md, counts={"shift": 50})
    assert report.rows["shift"] == 50
    assert count(conn, "shift") == 50
    assert scalar(conn, "SELECT count(*) FROM shift WHERE hours < 0 OR hours > 60") == 0
    assert scalar(conn, "SELECT count(*) FROM shift WHERE xq < 3 OR xq > 7") == 0


def test_table_level_check_of_the_same_form(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "shift",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hours", sa.SmallInteger, nullable=False),
        sa.CheckConstraint("hours BETWEEN 0 AND 60"),
    )
    md.create_all(conn)
    seed(conn, md, counts={"shift": 50})
    assert count(conn, "shift") == 50
    assert scalar(conn, "SELECT max(hours) FROM shift") <= 60


# ------------------------------------------------------------------ 2. semantic pools


def _pool_table(conn: sa.Connection, table: str, column: str, composite: bool) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table("org", md, sa.Column("id", sa.Integer, primary_key=True))
    cols: list[Any] = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.ForeignKey("org.id"), nullable=False),
        sa.Column(column, sa.String(50), nullable=False, unique=not composite),
    ]
    if composite:
        cols.append(sa.UniqueConstraint("org_id", column))
    sa.Table(table, md, *cols)
    md.create_all(conn)
    return md


@pytest.mark.parametrize(
    ("table", "column", "composite"),
    [
        ("department", "name", True),
        ("department", "name", False),
        ("ticket", "status", False),
        ("place", "country", False),
        ("book", "title", False),
    ],
)
def test_semantic_pool_is_not_a_capacity(
    conn: sa.Connection, table: str, column: str, composite: bool
) -> None:
    md = _pool_table(conn, table, column, composite)
    seed(conn, md, counts={table: 100, "org": 2}, default=0)
    assert count(conn, table) == 100
    assert scalar(conn, f"SELECT count(DISTINCT {column}) FROM {table}") == 100


def test_small_plain_columns_in_composite_keys(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY);"
        "CREATE TABLE a (p_id int NOT NULL REFERENCES p, flag boolean NOT NULL, v varchar(1) NOT NULL,"
        " PRIMARY KEY (p_id, flag, v));"
        "CREATE TABLE b (p_id int NOT NULL REFERENCES p, lang varchar(5) NOT NULL, PRIMARY KEY (p_id, lang))",
    )
    seed(conn, reflect(conn), counts={"a": 20, "b": 20, "p": 2}, default=0)
    assert count(conn, "a") == 20 and count(conn, "b") == 20


# ------------------------------------------------------------------ 3. composite uniques sharing a FK


def _solves(conn: sa.Connection) -> sa.MetaData:
    md = sa.MetaData()
    for name in ("challenge", "users", "team"):
        sa.Table(name, md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "solve",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("challenge_id", sa.ForeignKey("challenge.id")),
        sa.Column("user_id", sa.ForeignKey("users.id")),
        sa.Column("team_id", sa.ForeignKey("team.id")),
        sa.UniqueConstraint("challenge_id", "user_id"),
        sa.UniqueConstraint("challenge_id", "team_id"),
    )
    md.create_all(conn)
    return md


def test_two_composite_uniques_sharing_fk(conn: sa.Connection) -> None:
    md = _solves(conn)
    seed(conn, md, counts={"solve": 25, "challenge": 5, "users": 5, "team": 5}, default=0)
    assert count(conn, "solve") == 25
    for other in ("user_id", "team_id"):
        pairs = f"SELECT DISTINCT challenge_id, {other} FROM solve"
        assert scalar(conn, f"SELECT count(*) FROM ({pairs}) x") == 25
    assert scalar(
        conn,
        "SELECT count(*) FROM (SELECT DISTINCT challenge_id, user_id FROM solve WHERE user_id IS NOT NULL AND challenge_id IS NOT NULL) x",
    ) == scalar(
        conn, "SELECT count(*) FROM solve WHERE user_id IS NOT NULL AND challenge_id IS NOT NULL"
    )


def test_composite_unique_over_nullable_fks_without_named_parents(conn: sa.Connection) -> None:
    md = _solves(conn)
    report = seed(conn, md, counts={"solve": 20}, default=0)
    assert report.rows["solve"] == 20
    assert count(conn, "solve") == 20


def test_composite_unique_over_a_nullable_fk_past_its_combinations(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE c (id uuid PRIMARY KEY); CREATE TABLE r (id serial PRIMARY KEY,"
        " height boolean DEFAULT true, c_id uuid REFERENCES c, UNIQUE (height, c_id))",
    )
    seed(conn, reflect(conn), counts={"c": 2, "r": 18})
    assert count(conn, "r") == 18 and scalar(conn, "SELECT count(c_id) FROM r") == 4


# ------------------------------------------------------------------ 4. joined inheritance, shared column


def test_joined_inheritance_shared_column(conn: sa.Connection) -> None:
    class Base(DeclarativeBase):
        pass

    class Challenge(Base):
        __tablename__ = "challenge"
        id: Mapped[int] = mapped_column(primary_key=True)

    class Award(Base):
        __tablename__ = "award"
        id: Mapped[int] = mapped_column(primary_key=True)
        type: Mapped[str] = mapped_column(sa.String(20))
        challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge.id"))
        __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "award"}

    class Hint(Award):
        __tablename__ = "hint"
        id: Mapped[int] = mapped_column(sa.ForeignKey("award.id"), primary_key=True)
        challenge_id = column_property(sa.Column(sa.ForeignKey("challenge.id")), Award.challenge_id)  # type: ignore[var-annotated]
        __mapper_args__ = {"polymorphic_identity": "hint"}

    Base.metadata.create_all(conn)
    seed(conn, Base.metadata, counts={Hint: 10})
    assert count(conn, "hint") == 10
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM hint h JOIN award a USING (id) WHERE h.challenge_id IS DISTINCT FROM a.challenge_id",
        )
        == 0
    )


# ------------------------------------------------------------------ 5. unique expression indexes


EXPRESSION_INDEXES = [
    pytest.param(
        "CREATE TABLE em (id serial PRIMARY KEY, address text NOT NULL); CREATE UNIQUE INDEX ON em (lower(address))",
        "lower(address)",
        300,
        id="lower",
    ),
    pytest.param(
        "CREATE TABLE em (id serial PRIMARY KEY, code varchar(3) NOT NULL); CREATE UNIQUE INDEX ON em (upper(code))",
        "upper(code)",
        300,
        id="upper",
    ),
    pytest.param(
        "CREATE TABLE em (id serial PRIMARY KEY, a text, b text); CREATE UNIQUE INDEX ON em (coalesce(a, ''), lower(b))",
        "coalesce(a, ''), lower(b)",
        300,
        id="coalesce-multi",
    ),
    pytest.param(
        "CREATE TABLE em (id serial PRIMARY KEY, code varchar(20)); CREATE UNIQUE INDEX ON em (coalesce(code, ''))",
        "coalesce(code, '')",
        300,
        id="coalesce-nulls",
    ),
    pytest.param(
        "CREATE TABLE em (id serial PRIMARY KEY, word text NOT NULL); CREATE UNIQUE INDEX ON em (lower(word))",
        "lower(word)",
        100,
        id="word",
    ),
]


@pytest.mark.parametrize(("ddl", "expr", "n"), EXPRESSION_INDEXES)
def test_unique_expression_index(conn: sa.Connection, ddl: str, expr: str, n: int) -> None:
    run_sql(conn, ddl)
    seed(conn, reflect(conn), counts={"em": n})
    assert count(conn, "em") == n
    assert scalar(conn, f"SELECT count(DISTINCT ({expr})) FROM em") == n


def test_unique_expression_index_declared(conn: sa.Connection) -> None:
    """Declared in the models the expression index is honoured; reflected it is not (above)."""
    md = sa.MetaData()
    t = sa.Table(
        "account",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("address", sa.Text, nullable=False),
    )
    sa.Index("account_address_lower", sa.func.lower(t.c.address), unique=True)
    md.create_all(conn)
    seed(conn, md, counts={"account": 300})
    assert scalar(conn, "SELECT count(DISTINCT lower(address)) FROM account") == 300


# ------------------------------------------------------------------ 6. server default breaking a CHECK


@pytest.mark.parametrize("via", ["reflected", "declared"])
def test_server_default_breaking_check(conn: sa.Connection, via: str) -> None:
    if via == "reflected":
        run_sql(
            conn,
            "CREATE TABLE ship (id serial PRIMARY KEY, shipbase numeric NOT NULL DEFAULT 0.00 CHECK (shipbase > 0.00))",
        )
        md = reflect(conn)
    else:
        md = sa.MetaData()
        sa.Table(
            "ship",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("shipbase", sa.Numeric, nullable=False, server_default="0.00"),
            sa.CheckConstraint("shipbase > 0.00"),
        )
        md.create_all(conn)
    seed(conn, md, counts={"ship": 10})
    assert count(conn, "ship") == 10
    assert scalar(conn, "SELECT min(shipbase) FROM ship") > 0


@pytest.mark.parametrize(
    "column",
    [
        "status text NOT NULL DEFAULT 'x' CHECK (status IN ('a', 'b'))",
        "qty int NOT NULL DEFAULT 0 CHECK (qty > 0)",
        "d date NOT NULL DEFAULT '1970-01-01' CHECK (d > '2000-01-01')",
        "code varchar(5) NOT NULL DEFAULT '' CHECK (length(code) >= 3)",
        "n numeric(6,2) DEFAULT 0 CHECK (n <> 0)",
        "f float8 NOT NULL DEFAULT -1 CHECK (f >= 0)",
        "b boolean NOT NULL DEFAULT false CHECK (b)",
        "t timestamptz NOT NULL DEFAULT now() CHECK (t < '2001-01-01')",
        "s text NOT NULL DEFAULT 'no' CHECK (s <> 'no')",
    ],
)
def test_server_defaults_breaking_checks(conn: sa.Connection, column: str) -> None:
    run_sql(conn, f"CREATE TABLE x (id serial PRIMARY KEY, {column})")
    seed(conn, reflect(conn), counts={"x": 40})
    assert count(conn, "x") == 40


# ------------------------------------------------------------------ 7. partitioned tables

RANGE = (
    "CREATE TABLE pay (id bigint NOT NULL, created date NOT NULL, amount numeric(10,2), PRIMARY KEY (id, created))"
    " PARTITION BY RANGE (created);"
    "CREATE TABLE pay_2024 PARTITION OF pay FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
    "CREATE TABLE pay_2025 PARTITION OF pay FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
)
RANGE_DEFAULT = RANGE + "CREATE TABLE pay_other PARTITION OF pay DEFAULT;"
LIST = (
    "CREATE TABLE pay (id int NOT NULL, region text NOT NULL, PRIMARY KEY (id, region)) PARTITION BY LIST (region);"
    "CREATE TABLE pay_eu PARTITION OF pay FOR VALUES IN ('eu');"
    "CREATE TABLE pay_us PARTITION OF pay FOR VALUES IN ('us', 'ca');"
)
LIST_DEFAULT = LIST + "CREATE TABLE pay_other PARTITION OF pay DEFAULT;"
HASH = (
    "CREATE TABLE pay (id int PRIMARY KEY, note text) PARTITION BY HASH (id);"
    "CREATE TABLE pay_h0 PARTITION OF pay FOR VALUES WITH (MODULUS 2, REMAINDER 0);"
    "CREATE TABLE pay_h1 PARTITION OF pay FOR VALUES WITH (MODULUS 2, REMAINDER 1);"
)
NESTED = (
    "CREATE TABLE pay (id int NOT NULL, created date NOT NULL, region text NOT NULL, PRIMARY KEY (id, created, region))"
    " PARTITION BY RANGE (created);"
    "CREATE TABLE pay_2025 PARTITION OF pay FOR VALUES FROM ('2024-01-01') TO ('2026-01-01') PARTITION BY LIST (region);"
    "CREATE TABLE pay_2025_eu PARTITION OF pay_2025 FOR VALUES IN ('eu');"
    "CREATE TABLE pay_2025_us PARTITION OF pay_2025 FOR VALUES IN ('us');"
)


def _declared_pay(kind: str) -> sa.MetaData:
    md = sa.MetaData()
    if kind in ("range", "range_default"):
        sa.Table(
            "pay",
            md,
            sa.Column("id", sa.BigInteger, primary_key=True),
            sa.Column("created", sa.Date, primary_key=True),
            sa.Column("amount", sa.Numeric(10, 2)),
        )
    elif kind in ("list", "list_default"):
        sa.Table(
            "pay",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("region", sa.Text, primary_key=True),
        )
    elif kind == "hash":
        sa.Table(
            "pay", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("note", sa.Text)
        )
    else:
        sa.Table(
            "pay",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("created", sa.Date, primary_key=True),
            sa.Column("region", sa.Text, primary_key=True),
        )
    return md


PARTITIONS = {
    "range": (RANGE, ""),
    "range_default": (RANGE_DEFAULT, ""),
    "list": (LIST, ""),
    "list_default": (LIST_DEFAULT, ""),
    "hash": (HASH, ""),
    "nested": (NESTED, ""),
}


def _partition_params(via: str) -> list[Any]:
    out = []
    for kind, (_, reason) in PARTITIONS.items():
        marks = [xfail(reason)] if reason else []
        out.append(pytest.param(kind, via, marks=marks, id=f"{kind}-{via}"))
    return out


@pytest.mark.parametrize(
    ("kind", "via"), _partition_params("declared") + _partition_params("reflected")
)
def test_partitioned_table_rows_land_and_spread(conn: sa.Connection, kind: str, via: str) -> None:
    run_sql(conn, PARTITIONS[kind][0])
    md = reflect(conn) if via == "reflected" else _declared_pay(kind)
    report = seed(conn, md, counts={"pay": 60}, default=0)
    assert report.rows["pay"] == 60
    assert count(conn, "pay") == 60
    leaves = rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM pay GROUP BY 1")
    assert len(leaves) >= 2, f"rows not spread over the partitions: {leaves}"
    if kind.endswith("_default"):
        assert sum(n for name, n in leaves if name != "pay_other") > 0


@pytest.mark.parametrize(
    "kind",
    ["hash", "range_default", "nested"],
)
def test_reflected_partitions_are_not_seeded_twice(conn: sa.Connection, kind: str) -> None:
    run_sql(conn, PARTITIONS[kind][0])
    report = seed(conn, reflect(conn), counts={"pay": 30}, default=10)
    assert count(conn, "pay") == 30
    assert sum(report.rows.values()) == 30


# ------------------------------------------------------------------ 8. timestamps in keys


def test_timestamps_in_keys_stay_plausible(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("tick", md, sa.Column("ts", sa.DateTime, primary_key=True))
    sa.Table(
        "visit",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), unique=True, nullable=False),
    )
    md.create_all(conn)
    seed(conn, md, counts={"tick": 300, "visit": 300})
    lo, hi = rows_of(conn, "SELECT min(ts), max(ts) FROM tick")[0]
    assert dt.datetime(2000, 1, 1) <= lo and hi <= dt.datetime(2031, 1, 1)
    lo, hi = rows_of(conn, "SELECT min(created_at), max(created_at) FROM visit")[0]
    assert lo.year >= 2000 and hi.year <= 2030


# ------------------------------------------------------------------ 9. unsupported types


# Types without a generator (xml and point have one now).
NO_GENERATOR = ["pg_lsn", "txid_snapshot"]


@pytest.mark.parametrize("type_", ["xml", *NO_GENERATOR])
@pytest.mark.parametrize("not_null", [False, True])
def test_unsupported_column_in_a_table_not_seeded(
    conn: sa.Connection, not_null: bool, type_: str
) -> None:
    run_sql(
        conn,
        f"CREATE TABLE customer (id serial PRIMARY KEY, name text); CREATE TABLE doc (id serial PRIMARY KEY, body {type_} {'NOT NULL' if not_null else ''})",
    )
    report = seed(conn, reflect(conn), counts={"customer": 5}, default=0)
    assert report.rows["customer"] == 5 and count(conn, "doc") == 0
    assert report.notes == ()


@pytest.mark.parametrize("type_", ["xml", *NO_GENERATOR])
def test_nullable_unsupported_column_gets_null(conn: sa.Connection, type_: str) -> None:
    run_sql(conn, f"CREATE TABLE doc (id serial PRIMARY KEY, body {type_}, title text)")
    report = seed(conn, reflect(conn), counts={"doc": 5})
    assert count(conn, "doc") == 5
    if type_ in NO_GENERATOR:
        assert scalar(conn, "SELECT count(*) FROM doc WHERE body IS NULL") == 5
        assert len(report.notes) == 1
        assert "doc.body" in report.notes[0] and type_ in report.notes[0]
    else:
        assert report.notes == ()


@pytest.mark.parametrize("type_", NO_GENERATOR)
def test_unsupported_type_is_named_from_the_catalog(conn: sa.Connection, type_: str) -> None:
    run_sql(conn, f"CREATE TABLE doc (id serial PRIMARY KEY, v {type_} NOT NULL)")
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"doc": 5})
    message = assert_refusal(info.value, UnsupportedTypeError, ["doc", "v", type_])
    assert "NullType" not in message


def test_unsupported_vector_is_named_from_the_catalog(conn: sa.Connection) -> None:
    if not has_extension(conn, "vector"):
        pytest.skip("pgvector is not installed on this server")
    run_sql(conn, "CREATE TABLE doc (id serial PRIMARY KEY, v vector(3) NOT NULL)")
    try:
        seed(conn, reflect(conn), counts={"doc": 5})
    except DbseedError as exc:
        message = assert_refusal(exc, UnsupportedTypeError, ["doc", "v", "vector(3)"])
        assert "NullType" not in message
    else:
        assert count(conn, "doc") == 5


GEOMETRY = [
    "xml", "point", "line", "lseg", "box", "path", "polygon", "circle", "tsquery", "point[]",
    "xml[]", "tsquery[]",
]  # fmt: skip


@pytest.mark.parametrize("type_", GEOMETRY)
def test_generators_for_more_types(conn: sa.Connection, type_: str) -> None:
    run_sql(conn, f"CREATE TABLE doc (id serial PRIMARY KEY, v {type_} NOT NULL, w {type_})")
    seed(conn, reflect(conn), counts={"doc": 50})
    assert count(conn, "doc") == 50
    assert scalar(conn, "SELECT count(DISTINCT v::text) FROM doc") > 10
    assert scalar(conn, "SELECT count(*) FROM doc WHERE w IS NULL") < 50


def test_generated_catalog_types_are_reproducible(conn: sa.Connection) -> None:
    run_sql(conn, "CREATE TABLE doc (id serial PRIMARY KEY, p point NOT NULL, q tsquery, x xml)")
    md = reflect(conn)
    texts = []
    for _ in range(2):
        conn.exec_driver_sql("SAVEPOINT twice")
        seed(conn, md, counts={"doc": 20}, seed=4)
        texts.append(rows_of(conn, "SELECT p::text, q::text, x::text FROM doc ORDER BY id"))
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT twice")
    assert texts[0] == texts[1]


def test_unique_ltree(conn: sa.Connection) -> None:
    if not has_extension(conn, "ltree"):
        pytest.skip("extension ltree is not available on this server")
    run_sql(conn, "CREATE TABLE node (id serial PRIMARY KEY, path ltree NOT NULL UNIQUE)")
    seed(conn, reflect(conn), counts={"node": 300})
    assert scalar(conn, "SELECT count(DISTINCT path) FROM node") == 300


@pytest.mark.parametrize(
    ("extension", "type_"),
    [
        ("ltree", "ltree"),
        ("vector", "vector(3)"),
        ("vector", "vector"),
        ("postgis", "geometry"),
        ("postgis", "geometry(Point,4326)"),
        ("postgis", "geometry(PolygonZ,3857)"),
        ("postgis", "geometry(MultiLineString)"),
        ("postgis", "geography"),
        ("postgis", "geography(LineString,4326)"),
    ],
)
def test_generators_for_extension_types(conn: sa.Connection, extension: str, type_: str) -> None:
    if not has_extension(conn, extension):
        pytest.skip(f"extension {extension} is not available on this server")
    run_sql(conn, f"CREATE TABLE doc (id serial PRIMARY KEY, v {type_} NOT NULL)")
    seed(conn, reflect(conn), counts={"doc": 5})
    assert count(conn, "doc") == 5


# ------------------------------------------------------------------ 10. triggers


def test_trigger_that_raises_is_reported_as_a_trigger(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY, v int);"
        "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'no rows today'; END$$;"
        "CREATE TRIGGER tb BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION boom()",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"t": 5})
    message = assert_refusal(info.value, ConstraintViolation, ["t", "no rows today"])
    assert "trigger" in message.lower() or "boom" in message


def test_trigger_on_missing_table_is_reported_as_a_trigger(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY, v int);"
        "CREATE FUNCTION lg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO nowhere VALUES (1); RETURN NEW; END$$;"
        "CREATE TRIGGER ta AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION lg()",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"t": 5})
    message = assert_refusal(info.value, DbseedError, ["t", "nowhere"])
    assert "trigger" in message.lower() or "lg" in message
    assert "create the schema first" not in message


def test_rows_inserted_by_a_trigger_keep_counts_exact(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY, v int);"
        "CREATE TABLE log (id serial PRIMARY KEY, msg text);"
        "CREATE FUNCTION lg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO log (msg) VALUES ('x'); RETURN NEW; END$$;"
        "CREATE TRIGGER ta AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION lg()",
    )
    report = seed(conn, reflect(conn), counts={"t": 5}, default=3)
    assert report.rows["t"] == 5 and count(conn, "t") == 5
    assert report.rows["log"] == 3 and count(conn, "log") == 8
    assert report.trigger_rows == {"log": 5}
    assert any("log" in note and "5" in note for note in report.notes)


# ------------------------------------------------------------------ 11. CHECK on a serial key


@pytest.mark.parametrize(
    "key",
    [
        "serial",
        "integer",
    ],
)
def test_check_on_serial_key(conn: sa.Connection, key: str) -> None:
    run_sql(
        conn,
        f"CREATE TABLE person (id {key} PRIMARY KEY, type int NOT NULL, gender int, CHECK (id <> 1 OR (type = 3 AND gender IS NULL)))",
    )
    seed(conn, reflect(conn), counts={"person": 10})
    assert count(conn, "person") == 10


# ------------------------------------------------------------------ 12. either/or NULL CHECK


@pytest.mark.parametrize("via", ["reflected", "declared"])
def test_either_or_null_check(conn: sa.Connection, via: str) -> None:
    check = "(a IS NULL AND b IS NOT NULL) OR (a IS NOT NULL AND b IS NULL)"
    if via == "reflected":
        run_sql(conn, f"CREATE TABLE e (id serial PRIMARY KEY, a int, b int, CHECK ({check}))")
        md = reflect(conn)
    else:
        md = sa.MetaData()
        sa.Table(
            "e",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("a", sa.Integer),
            sa.Column("b", sa.Integer),
            sa.CheckConstraint(check),
        )
        md.create_all(conn)
    seed(conn, md, counts={"e": 10})
    assert count(conn, "e") == 10
    # both branches appear across rows
    assert scalar(conn, "SELECT count(*) FROM e WHERE a IS NULL") > 0
    assert scalar(conn, "SELECT count(*) FROM e WHERE b IS NULL") > 0


# ------------------------------------------------------------------ 13. existing rows, non-serial key


@pytest.mark.parametrize("via", ["reflected", "declared"])
def test_existing_rows_non_serial_key(conn: sa.Connection, via: str) -> None:
    run_sql(
        conn,
        "CREATE TABLE sr (srid int PRIMARY KEY, name text); INSERT INTO sr VALUES (5, 'a'), (6, 'b')",
    )
    if via == "reflected":
        md = reflect(conn)
    else:
        md = sa.MetaData()
        sa.Table(
            "sr",
            md,
            sa.Column("srid", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("name", sa.Text),
        )
    report = seed(conn, md, counts={"sr": 10})
    assert report.rows["sr"] == 10 and count(conn, "sr") == 12


def test_existing_rows_unique_integer_column_and_children(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE sr (srid int PRIMARY KEY, code int NOT NULL UNIQUE CHECK (code < 1000));"
        " INSERT INTO sr VALUES (5, 7), (6, 900);"
        " CREATE TABLE sc (id serial PRIMARY KEY, sr_id int NOT NULL REFERENCES sr)",
    )
    seed(conn, reflect(conn), counts={"sr": 10, "sc": 30})
    assert count(conn, "sr") == 12 and count(conn, "sc") == 30
    assert scalar(conn, "SELECT count(DISTINCT code) FROM sr") == 12


def test_existing_rows_serial_key(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE sr (id serial PRIMARY KEY, name text); INSERT INTO sr (id, name) VALUES (5, 'a'), (6, 'b')",
    )
    seed(conn, reflect(conn), counts={"sr": 10})
    assert count(conn, "sr") == 12


# ------------------------------------------------------------------ 14. identifiers

IDENTIFIERS = [
    "50%",
    "%(name)s",
    "a:b",
    "x::int",
    'we"ird',
    "tab\there",
    "sp ace",
    "ünïcødé",
    "x" * 63,
    "select",
    "it's",
]


@pytest.mark.parametrize("name", IDENTIFIERS)
def test_any_identifier(conn: sa.Connection, name: str) -> None:
    schema = ("s " + name)[:63]
    run_sql(conn, 'CREATE SCHEMA "' + schema.replace('"', '""') + '"')
    md = sa.MetaData(schema=schema)
    other = ("o" + name)[:63]
    parent = sa.Table(("p" + name)[:63], md, sa.Column(name, sa.Integer, primary_key=True))
    sa.Table(
        name,
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(name, sa.String(20), nullable=False),
        sa.Column(other, sa.Integer, nullable=False),
        sa.Column(("f" + name)[:63], sa.ForeignKey(parent.c[name]), nullable=False),
        sa.UniqueConstraint(name, name=("u" + name)[:63]),
        sa.CheckConstraint(sa.column(other) > 0, name=("c" + name)[:63]),
    )
    md.create_all(conn)
    report = seed(conn, md, counts={md.tables[f"{schema}.{name}"]: 10})
    assert report.rows[f"{schema}.{name}"] == 10


# ------------------------------------------------------------------ 15. FKs compared in a CHECK


def test_check_comparing_fks_into_one_parent(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE par (id serial PRIMARY KEY); CREATE TABLE ch (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES par, b_id int NOT NULL REFERENCES par, CHECK (a_id < b_id))",
    )
    seed(conn, reflect(conn), counts={"ch": 10, "par": 5}, default=0)
    assert count(conn, "ch") == 10
    assert scalar(conn, "SELECT count(*) FROM ch WHERE a_id >= b_id") == 0


def test_check_comparing_fks_into_different_parents(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE par (id serial PRIMARY KEY); CREATE TABLE par2 (id serial PRIMARY KEY); CREATE TABLE ch (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES par, b_id int NOT NULL REFERENCES par2, CHECK (a_id < b_id))",
    )
    seed(conn, reflect(conn), counts={"ch": 10}, default=5)
    assert count(conn, "ch") == 10


# ------------------------------------------------------------------ 16. NOT NULL cycles


def test_not_null_cycle_without_deferrable(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE a (id serial PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b",
    )
    seed(conn, reflect(conn), counts={"a": 5, "b": 5})
    assert count(conn, "a") == 5 and count(conn, "b") == 5


def test_not_null_cycle_deferrable(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE a (id serial PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a DEFERRABLE); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b DEFERRABLE",
    )
    seed(conn, reflect(conn), counts={"a": 5, "b": 5})
    assert count(conn, "a") == 5 and count(conn, "b") == 5


@pytest.mark.parametrize("deferrable", ["a.b_id", "b.a_id"])
def test_not_null_cycle_with_one_deferrable_fk(conn: sa.Connection, deferrable: str) -> None:
    on_a = " DEFERRABLE" if deferrable == "a.b_id" else ""
    on_b = " DEFERRABLE" if deferrable == "b.a_id" else ""
    run_sql(
        conn,
        f"CREATE TABLE a (id serial PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a{on_b}); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b{on_a}",
    )
    seed(conn, reflect(conn), counts={"a": 5, "b": 5})
    assert count(conn, "a") == 5 and count(conn, "b") == 5


# ------------------------------------------------------------------ 17. no hangs


@pytest.mark.parametrize("n", [5, 50, 12000])
def test_composite_self_reference_with_check_does_not_hang(conn: sa.Connection, n: int) -> None:
    run_sql(
        conn,
        "CREATE TABLE ev (id uuid NOT NULL, tz timestamp NOT NULL, n smallint NOT NULL UNIQUE, pid uuid, ptz timestamp, pn smallint,"
        " PRIMARY KEY (id, tz, n), FOREIGN KEY (pid, ptz, pn) REFERENCES ev (id, tz, n), CHECK (tz > ptz))",
    )
    seed(conn, reflect(conn), counts={"ev": n})
    assert count(conn, "ev") == n
    assert scalar(conn, "SELECT count(pid) FROM ev") > n // 2
    assert scalar(conn, "SELECT min(tz) FROM ev") > dt.datetime(2000, 1, 1)


def test_self_reference_into_a_date_with_check(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE ver (id serial PRIMARY KEY, day date NOT NULL UNIQUE, prev date"
        " REFERENCES ver (day), CHECK (prev < day))",
    )
    seed(conn, reflect(conn), counts={"ver": 300})
    assert count(conn, "ver") == 300 and scalar(conn, "SELECT count(prev) FROM ver") > 100


def test_self_fk_into_unique_column_with_check_is_refused(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE sf (id serial PRIMARY KEY, code int UNIQUE, parent_code int NOT NULL REFERENCES sf (code), CHECK (parent_code < code))",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"sf": 5})
    assert not isinstance(info.value.__cause__, RecursionError)
    assert not isinstance(info.value, ConfigError)
    assert_refusal(info.value, PlanError, ["sf", "parent_code"])


def test_nullable_self_fk_into_unique_column_with_check(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE sf (id serial PRIMARY KEY, code int UNIQUE, parent_code int REFERENCES sf (code), CHECK (parent_code < code))",
    )
    seed(conn, reflect(conn), counts={"sf": 20})
    assert count(conn, "sf") == 20


@pytest.mark.parametrize("check", ["parent_id <> id", "parent_id < id", "id > parent_id"])
def test_check_between_self_reference_and_its_key(conn: sa.Connection, check: str) -> None:
    run_sql(
        conn,
        f"CREATE TABLE n (id serial PRIMARY KEY, parent_id int REFERENCES n, CHECK ({check}))",
    )
    seed(conn, reflect(conn), counts={"n": 50})
    assert count(conn, "n") == 50 and scalar(conn, "SELECT count(parent_id) FROM n") > 20


def test_not_null_unique_self_reference_is_a_ring(conn: sa.Connection) -> None:
    run_sql(conn, "CREATE TABLE n (id serial PRIMARY KEY, nxt int NOT NULL UNIQUE REFERENCES n)")
    seed(conn, reflect(conn), counts={"n": 50})
    assert scalar(conn, "SELECT count(DISTINCT nxt) FROM n") == 50
    assert scalar(conn, "SELECT count(*) FROM n WHERE nxt = id") == 0


@pytest.mark.parametrize("check", ["id <= parent_id", "parent_id = id", "parent_id > id"])
def test_self_reference_a_check_ties_to_its_own_row(conn: sa.Connection, check: str) -> None:
    nullable = "" if ">" in check else " NOT NULL"
    run_sql(
        conn,
        f"CREATE TABLE n (id serial PRIMARY KEY, parent_id int{nullable} UNIQUE REFERENCES n,"
        f" CHECK ({check}))",
    )
    seed(conn, reflect(conn), counts={"n": 30})
    assert count(conn, "n") == 30


def test_not_null_self_reference_that_cannot_point_at_itself_is_refused(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        "CREATE TABLE n (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES n,"
        " CONSTRAINT not_self CHECK (parent_id <> id))",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"n": 5})
    assert_refusal(info.value, PlanError, ["n", "parent_id", "not_self"])
    assert count(conn, "n") == 0


# ------------------------------------------------------------------ 18. CHECKs on keys


@pytest.mark.parametrize("via", ["reflected", "declared"])
def test_check_on_autoincrement_key(conn: sa.Connection, via: str) -> None:
    if via == "reflected":
        run_sql(conn, "CREATE TABLE k (id serial PRIMARY KEY CHECK (id >= 100), v int)")
        md = reflect(conn)
    else:
        md = sa.MetaData()
        sa.Table(
            "k",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("v", sa.Integer),
            sa.CheckConstraint("id >= 100"),
        )
        md.create_all(conn)
    seed(conn, md, counts={"k": 10})
    assert count(conn, "k") == 10 and scalar(conn, "SELECT min(id) FROM k") >= 100


def test_check_between_key_and_column_keeps_children_valid(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE k (id serial PRIMARY KEY, size int NOT NULL, CHECK (id >= size)); CREATE TABLE kc (id serial PRIMARY KEY, k_id int NOT NULL REFERENCES k)",
    )
    seed(conn, reflect(conn), counts={"k": 10, "kc": 30})
    assert count(conn, "kc") == 30


def test_check_between_fk_and_unique_column(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p, lng int NOT NULL UNIQUE, CHECK (lng > p_id))",
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 30})
    assert scalar(conn, "SELECT count(DISTINCT lng) FROM c") == 30


def test_check_between_fk_and_plain_column(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p, lng int NOT NULL, CHECK (lng > p_id))",
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 30})
    assert count(conn, "c") == 30 and scalar(conn, "SELECT count(*) FROM c WHERE lng <= p_id") == 0


def test_column_check_against_unique_column(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE n (id serial PRIMARY KEY, flag int NOT NULL UNIQUE, username int NOT NULL, CHECK (flag > username))",
    )
    seed(conn, reflect(conn), counts={"n": 300}, seed=2)
    assert scalar(conn, "SELECT count(DISTINCT flag) FROM n") == 300


# ------------------------------------------------------------------ 19. small things


def test_is_not_null_check_on_nullable_fk(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE c (id serial PRIMARY KEY, p_id int REFERENCES p, CHECK (p_id IS NOT NULL))",
    )
    seed(conn, reflect(conn), counts={"p": 3, "c": 30})
    assert scalar(conn, "SELECT count(*) FROM c WHERE p_id IS NOT NULL") == 30


def test_strict_float_comparison(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE f (id serial PRIMARY KEY, x real NOT NULL CHECK (x < 0), y float8 NOT NULL CHECK (y > 0))",
    )
    seed(conn, reflect(conn), counts={"f": 300})
    assert scalar(conn, "SELECT max(x) FROM f") < 0 and scalar(conn, "SELECT min(y) FROM f") > 0


def test_fk_into_nullable_unique_column(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY, code int UNIQUE); CREATE TABLE c (id serial PRIMARY KEY, p_code int NOT NULL REFERENCES p (code))",
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 30})
    assert count(conn, "c") == 30


def test_self_reference_inside_composite_unique(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE n (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES n, grp int NOT NULL, UNIQUE (parent_id, grp))",
    )
    seed(conn, reflect(conn), counts={"n": 10})
    assert count(conn, "n") == 10
    # only a first row may point at itself: the rest form a tree
    assert scalar(conn, "SELECT count(*) FROM n WHERE parent_id = id") <= 1


@pytest.mark.parametrize(
    "ddl",
    ["CREATE TABLE es (id serial PRIMARY KEY, a text, last text)", "CREATE TABLE es (last text)"],
)
def test_empty_string_in_the_last_column(conn: sa.Connection, ddl: str) -> None:
    run_sql(conn, ddl)
    seed(conn, reflect(conn), counts={"es": rows(5, last="")})
    assert scalar(conn, "SELECT count(*) FROM es WHERE last = ''") == 5


def test_numeric_key_capacity_is_never_negative(conn: sa.Connection) -> None:
    run_sql(conn, "CREATE TABLE nk (id numeric(2,0) PRIMARY KEY CHECK (id >= 140))")
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"nk": 5})
    message = assert_refusal(info.value, DbseedError, ["nk", "id"])
    assert "only -" not in message


def test_numeric_key_capacity(conn: sa.Connection) -> None:
    run_sql(conn, "CREATE TABLE nk (id numeric(2,0) PRIMARY KEY)")
    seed(conn, reflect(conn), counts={"nk": 150})
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"nk": 250}, append=True)
    assert "199" in str(info.value) or "49" in str(info.value)


@pytest.mark.parametrize(
    "kind",
    [
        "int NOT NULL CHECK (kind = 1)",
        "text NOT NULL CHECK (kind IN ('x'))",
        "boolean NOT NULL CHECK (kind)",
    ],
)
def test_unique_beside_a_pinned_column(conn: sa.Connection, kind: str) -> None:
    run_sql(
        conn,
        f"CREATE TABLE ev (id serial PRIMARY KEY, kind {kind}, at timestamp NOT NULL, UNIQUE (kind, at))",
    )
    seed(conn, reflect(conn), counts={"ev": 300})
    assert scalar(conn, "SELECT count(DISTINCT at) FROM ev") == 300


def test_deferred_fk_failing_at_commit(pg_engine: sa.Engine) -> None:
    with pg_engine.begin() as c:
        run_sql(
            c,
            "DROP TABLE IF EXISTS dfk_child, dfk_parent; CREATE TABLE dfk_parent (id int PRIMARY KEY); CREATE TABLE dfk_child (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES dfk_parent DEFERRABLE INITIALLY DEFERRED)",
        )
    try:
        md = sa.MetaData()
        md.reflect(pg_engine, only=["dfk_parent", "dfk_child"])
        with pytest.raises(DbseedError) as info:
            within(
                30,
                lambda: pytest_dbseed.seed(
                    pg_engine, md, counts={"dfk_child": rows(3, p_id=999)}, default=0
                ),
            )
        assert_refusal(info.value, ConstraintViolation, ["dfk_child"])
    finally:
        with pg_engine.begin() as c:
            run_sql(c, "DROP TABLE IF EXISTS dfk_child, dfk_parent")


# ------------------------------------------------------------------ 20. refusals keep the promise


def test_cycle_refusal_names_the_seed() -> None:
    # PostgreSQL writes such a cycle in one statement per batch (see above); a database
    # that checks every row at once cannot, and is refused before anything is written.
    md = sa.MetaData()
    sa.Table(
        "a",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("b_id", sa.Integer, sa.ForeignKey("b.id", use_alter=True), nullable=False),
    )
    sa.Table(
        "b",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_id", sa.Integer, sa.ForeignKey("a.id"), nullable=False),
    )
    engine = sa.create_engine("sqlite://")
    try:
        md.create_all(engine)
        with pytest.raises(DbseedError) as info:
            pytest_dbseed.seed(engine, md, counts={"a": 5}, seed=7)
        assert_refusal(info.value, CycleError, ["a", "b", "b_id", "seed 7"])
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM a").scalar() == 0
        # plan() describes the seed PostgreSQL gets: the cycle is written together.
        assert pytest_dbseed.plan(md, counts={"a": 5}).counts == {"a": 5, "b": 10}
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("counts", "names"),
    [({"p": 0, "c": 5}, ["p", "c", "p_id"]), ({"p": 2, "c": 5}, ["p", "c", "p_id"])],
    ids=["parent-fixed-at-0", "one-to-one-fixed"],
)
def test_planner_refusals_name_the_seed(
    conn: sa.Connection, counts: dict[str, int], names: list[str]
) -> None:
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "c",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("p_id", sa.ForeignKey("p.id"), nullable=False, unique=counts["p"] > 0),
    )
    md.create_all(conn)
    with pytest.raises(DbseedError) as info:
        seed(conn, md, counts=counts)
    assert_refusal(info.value, PlanError, names)
    assert count(conn, "c") == 0


@pytest.mark.parametrize(
    ("ddl", "counts", "names"),
    [
        ("CREATE TABLE k (id smallserial PRIMARY KEY)", {"k": 40000}, ["k", "id"]),
        (
            "CREATE TABLE k (id serial PRIMARY KEY, code text UNIQUE)",
            {"k": rows(3, code="same")},
            ["k", "code"],
        ),
        (
            "CREATE TABLE k (id serial PRIMARY KEY, n int CONSTRAINT never CHECK (n > 5 AND n < 3))",
            {"k": 3},
            ["k", "never"],
        ),
    ],
    ids=["key-past-its-type", "constant-on-unique", "impossible-check"],
)
def test_deciding_refusals_name_the_seed(
    conn: sa.Connection, ddl: str, counts: dict[str, Any], names: list[str]
) -> None:
    run_sql(conn, ddl)
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts=counts, seed=11)
    assert_refusal(info.value, PlanError, [*names, "seed 11"])
    assert count(conn, "k") == 0


def test_uniqueness_refusal_keeps_the_promise(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "flags",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("on", sa.Boolean, unique=True, nullable=False),
    )
    md.create_all(conn)
    with pytest.raises(DbseedError) as info:
        seed(conn, md, counts={"flags": 5})
    assert_refusal(info.value, PlanError, ["flags", "on"])
    assert count(conn, "flags") == 0


# ------------------------------------------------------------------ found by the fuzzer


def test_or_of_ranges_capacity(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE size (id serial PRIMARY KEY, level bigint NOT NULL UNIQUE, CHECK (level < 9 OR level > 15))",
    )
    seed(conn, reflect(conn), counts={"size": 50})
    assert scalar(conn, "SELECT count(DISTINCT level) FROM size") == 50


@pytest.mark.parametrize("other", ["float8", "numeric(6,2)"])
def test_check_between_integer_and_fractional_columns(conn: sa.Connection, other: str) -> None:
    run_sql(
        conn,
        f"CREATE TABLE m (id serial PRIMARY KEY, n bigint NOT NULL, f {other} NOT NULL, CHECK (n >= f))",
    )
    seed(conn, reflect(conn), counts={"m": 50})
    assert count(conn, "m") == 50


@pytest.mark.parametrize(
    ("sql_type", "unit"),
    # Without a unit in the name a BIGINT holds milliseconds, an INTEGER seconds (README).
    [("bigint", 1000), ("integer", 1), ("bigint", 1)],
    ids=["bigint-ms", "integer-s", "bigint-named-seconds"],
)
def test_epoch_integer_timestamps(conn: sa.Connection, sql_type: str, unit: int) -> None:
    suffix = "_s" if unit == 1 and sql_type == "bigint" else ""
    run_sql(
        conn,
        f"CREATE TABLE ev (id serial PRIMARY KEY, created_at{suffix} {sql_type} NOT NULL,"
        f" updated_at{suffix} {sql_type} NOT NULL)",
    )
    seed(conn, reflect(conn), counts={"ev": 50})
    lo = scalar(conn, f"SELECT min(created_at{suffix}) FROM ev") / unit
    hi = scalar(conn, f"SELECT max(updated_at{suffix}) FROM ev") / unit
    assert dt.datetime(2000, 1, 1).timestamp() <= lo <= hi <= dt.datetime(2031, 1, 1).timestamp()
    assert (
        scalar(conn, f"SELECT count(*) FROM ev WHERE updated_at{suffix} < created_at{suffix}")
        == 0
    )


def test_server_default_now_in_a_column_check(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "post",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("published_at IS NULL OR published_at >= created_at"),
    )
    md.create_all(conn)
    seed(conn, md, counts={"post": 30})
    assert count(conn, "post") == 30


@pytest.mark.parametrize(
    ("column", "sql_type", "default"),
    [
        ("created_at", sa.DateTime(timezone=True), sa.func.now()),
        ("token", sa.Uuid(), sa.text("gen_random_uuid()")),
        ("status", sa.String(20), "pending"),
    ],
    ids=["now", "gen_random_uuid", "pending"],
)
def test_server_default_columns_get_generated_values(
    conn: sa.Connection, column: str, sql_type: Any, default: Any
) -> None:
    md = sa.MetaData()
    sa.Table(
        "d",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(column, sql_type, nullable=False, server_default=default),
    )
    hashes = []
    for _ in range(2):
        conn.exec_driver_sql("SAVEPOINT twice")
        md.create_all(conn)
        seed(conn, md, counts={"d": 30}, seed=5)
        hashes.append(
            scalar(conn, f"SELECT md5(string_agg({column}::text, ',' ORDER BY id)) FROM d")
        )
        distinct = scalar(conn, f"SELECT count(DISTINCT {column}) FROM d")
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT twice")
        assert distinct > 1, f"every row got the server default of {column}"
    assert hashes[0] == hashes[1], "same seed, different rows"


@pytest.mark.parametrize("check", ["p_id IN (3, 6, 7, 8)", "p_id BETWEEN 3 AND 8"])
def test_check_restricting_a_foreign_key(conn: sa.Connection, check: str) -> None:
    run_sql(
        conn,
        f"CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p CHECK ({check}))",
    )
    seed(conn, reflect(conn), counts={"c": 20, "p": 10}, default=0)
    assert count(conn, "c") == 20


def test_implication_check_on_nullable_fk(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE c (id serial PRIMARY KEY, token text, p_id int REFERENCES p, CHECK (token IS NULL OR p_id IS NOT NULL))",
    )
    seed(conn, reflect(conn), counts={"c": 50, "p": 5})
    assert count(conn, "c") == 50


def test_implication_check_on_plain_columns(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE c (id serial PRIMARY KEY, a int, b int, CHECK (a IS NULL OR b IS NOT NULL))",
    )
    seed(conn, reflect(conn), counts={"c": 50})
    assert scalar(conn, "SELECT count(*) FROM c WHERE a IS NOT NULL AND b IS NULL") == 0


def test_nullable_cycle_fk_inside_composite_unique(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE flag (key int PRIMARY KEY, c char(1), extra_key int, UNIQUE (extra_key, c));"
        "CREATE TABLE extra (key int PRIMARY KEY, flag_key int NOT NULL REFERENCES flag);"
        "ALTER TABLE flag ADD FOREIGN KEY (extra_key) REFERENCES extra (key)",
    )
    seed(conn, reflect(conn), default=2)
    assert count(conn, "flag") == 2 and count(conn, "extra") == 2
    assert scalar(conn, "SELECT count(extra_key) FROM flag") == 2


def test_nullable_cycle_fk(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE flag (key int PRIMARY KEY, c char(1), extra_key int);"
        "CREATE TABLE extra (key int PRIMARY KEY, flag_key int NOT NULL REFERENCES flag);"
        "ALTER TABLE flag ADD FOREIGN KEY (extra_key) REFERENCES extra (key)",
    )
    seed(conn, reflect(conn), default=10)
    assert count(conn, "flag") == 10 and count(conn, "extra") == 10
    assert scalar(conn, "SELECT count(*) FROM flag WHERE extra_key IS NOT NULL") > 0


@pytest.mark.parametrize("via", ["reflected", "declared"])
def test_semantic_range_against_check_capacity(conn: sa.Connection, via: str) -> None:
    if via == "reflected":
        run_sql(
            conn,
            "CREATE TABLE rank (id serial PRIMARY KEY, height smallint NOT NULL UNIQUE CHECK (height BETWEEN 0 AND 60))",
        )
        md = reflect(conn)
    else:
        md = sa.MetaData()
        sa.Table(
            "rank",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("height", sa.SmallInteger, nullable=False, unique=True),
            sa.CheckConstraint("height BETWEEN 0 AND 60"),
        )
        md.create_all(conn)
    seed(conn, md, counts={"rank": 5})
    assert (
        scalar(conn, "SELECT count(DISTINCT height) FROM rank WHERE height BETWEEN 0 AND 60") == 5
    )


def test_semantic_range_against_check_without_unique(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE rank (id serial PRIMARY KEY, height smallint NOT NULL CHECK (height BETWEEN 0 AND 60))",
    )
    seed(conn, reflect(conn), counts={"rank": 5})
    assert count(conn, "rank") == 5


# ------------------------------------------------------------------ partitions, more shapes


@pytest.mark.parametrize(
    "ddl",
    [
        # timestamptz bounds, MINVALUE / MAXVALUE ends
        "CREATE TABLE ev (id bigint NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
        "CREATE TABLE ev_old PARTITION OF ev FOR VALUES FROM (MINVALUE) TO ('2024-01-01 00:00+00');"
        "CREATE TABLE ev_24 PARTITION OF ev FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2025-01-01 00:00+00');"
        "CREATE TABLE ev_new PARTITION OF ev FOR VALUES FROM ('2025-01-01 00:00+00') TO (MAXVALUE)",
        # integer ranges on a key the engine numbers, and numeric ranges
        "CREATE TABLE ev (id int NOT NULL, score numeric(5,1) NOT NULL, PRIMARY KEY (id, score)) PARTITION BY RANGE (score);"
        "CREATE TABLE ev_lo PARTITION OF ev FOR VALUES FROM (0) TO (10.5);"
        "CREATE TABLE ev_hi PARTITION OF ev FOR VALUES FROM (10.5) TO (20)",
        # two-column range
        "CREATE TABLE ev (id int NOT NULL, y int NOT NULL, m int NOT NULL, PRIMARY KEY (id, y, m)) PARTITION BY RANGE (y, m);"
        "CREATE TABLE ev_a PARTITION OF ev FOR VALUES FROM (2024, 1) TO (2024, 7);"
        "CREATE TABLE ev_b PARTITION OF ev FOR VALUES FROM (2024, 7) TO (2026, 1)",
        # a list over an enum, with NULL in a list
        "CREATE TYPE tier AS ENUM ('free', 'pro', 'team');"
        "CREATE TABLE ev (id int NOT NULL, tier tier) PARTITION BY LIST (tier);"
        "CREATE TABLE ev_free PARTITION OF ev FOR VALUES IN ('free', NULL);"
        "CREATE TABLE ev_paid PARTITION OF ev FOR VALUES IN ('pro', 'team')",
        # an expression key with a DEFAULT partition
        "CREATE TABLE ev (id int NOT NULL, code text NOT NULL) PARTITION BY LIST (lower(code));"
        "CREATE TABLE ev_x PARTITION OF ev FOR VALUES IN ('x');"
        "CREATE TABLE ev_rest PARTITION OF ev DEFAULT",
        # quoted identifiers
        'CREATE TABLE "Ev t" (id int NOT NULL, "Re gion" text NOT NULL) PARTITION BY LIST ("Re gion");'
        """CREATE TABLE "Ev t a" PARTITION OF "Ev t" FOR VALUES IN ('it''s', 'b')""",
    ],
    ids=["timestamptz", "numeric", "two-columns", "enum-null", "expression-default", "quoted"],
)
def test_partition_shapes(conn: sa.Connection, ddl: str) -> None:
    run_sql(conn, ddl)
    md = reflect(conn)
    root = "ev" if "ev" in md.tables else "Ev t"
    report = seed(conn, md, counts={root: 40}, default=3)
    assert report.rows[root] == 40 and sum(report.rows.values()) == 40
    quoted = '"' + root + '"'
    assert count(conn, quoted) == 40


def test_partition_asked_for_directly(conn: sa.Connection) -> None:
    run_sql(conn, RANGE)
    report = seed(conn, reflect(conn), counts={"pay_2025": 20}, default=0)
    assert report.rows["pay_2025"] == 20
    assert scalar(conn, "SELECT count(*) FROM pay_2025") == 20


def test_partitioned_table_without_partitions_is_refused(conn: sa.Connection) -> None:
    run_sql(conn, "CREATE TABLE pay (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)")
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"pay": 5})
    message = assert_refusal(info.value, PlanError, ["pay", "PARTITION OF"])
    assert "CHECK" not in message


def test_expression_key_without_a_partition_for_the_rows(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE ev (id int NOT NULL, code text NOT NULL) PARTITION BY LIST (lower(code));"
        "CREATE TABLE ev_x PARTITION OF ev FOR VALUES IN ('x')",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"ev": 5})
    message = assert_refusal(info.value, ConstraintViolation, ["ev", "partition"])
    assert "CHECK" not in message


def test_declared_partitioned_model(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "reading",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("taken_on", sa.Date, primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
        postgresql_partition_by="RANGE (taken_on)",
    )
    md.create_all(conn)
    run_sql(
        conn,
        "CREATE TABLE reading_a PARTITION OF reading FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');"
        "CREATE TABLE reading_b PARTITION OF reading FOR VALUES FROM ('2025-02-01') TO ('2025-03-01')",
    )
    first = seed(conn, md, counts={"reading": 100}, seed=2)
    assert first.rows["reading"] == 100
    leaves = dict(rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM reading GROUP BY 1"))
    assert set(leaves) == {"reading_a", "reading_b"} and min(leaves.values()) >= 30


def test_partition_key_that_is_a_foreign_key_keeps_its_parents(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE tenant (id int PRIMARY KEY);"
        "CREATE TABLE doc (id int NOT NULL, tenant_id int NOT NULL REFERENCES tenant,"
        " PRIMARY KEY (id, tenant_id)) PARTITION BY LIST (tenant_id);"
        "CREATE TABLE doc_1 PARTITION OF doc FOR VALUES IN (1);"
        "CREATE TABLE doc_2 PARTITION OF doc FOR VALUES IN (2);"
        "CREATE TABLE doc_rest PARTITION OF doc DEFAULT",
    )
    seed(conn, reflect(conn), counts={"tenant": 4, "doc": 60})
    assert count(conn, "doc") == 60
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM doc") == 3


@pytest.mark.parametrize("check", ["p_id IN (5, 7, 9)", "p_id BETWEEN 5 AND 9"])
def test_check_restricting_a_unique_foreign_key(conn: sa.Connection, check: str) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY);"
        f"CREATE TABLE c (id serial PRIMARY KEY, p_id int UNIQUE REFERENCES p, CHECK ({check}))",
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 8})
    assert count(conn, "c") == 8
    assert scalar(conn, "SELECT count(*) FROM c WHERE p_id IS NOT NULL AND p_id < 5") == 0
    assert scalar(conn, "SELECT count(DISTINCT p_id) FROM c") >= 2


@pytest.mark.parametrize(
    "unique",
    [
        "UNIQUE",
        "",
    ],
)
def test_check_restricting_a_foreign_key_into_a_plain_key(conn: sa.Connection, unique: str) -> None:
    run_sql(
        conn,
        "CREATE TABLE qty (key integer PRIMARY KEY);"
        f"CREATE TABLE t (id serial PRIMARY KEY, qty_key int {unique} REFERENCES qty,"
        " CHECK (qty_key IN (0, 5, 7, 9)))",
    )
    seed(conn, reflect(conn), counts={"t": 18}, default=18)
    assert count(conn, "t") == 18 and count(conn, "qty") == 18
    # The parents' first keys are the listed ones, so the children find parents.
    assert scalar(conn, "SELECT count(*) FROM qty WHERE key IN (0, 5, 7, 9)") == 4
    assert scalar(conn, "SELECT count(DISTINCT key) FROM qty") == 18
    assert scalar(conn, "SELECT count(DISTINCT qty_key) FROM t") == 4


def test_check_on_a_foreign_key_beyond_the_planned_parents(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE code (key serial PRIMARY KEY);"
        "CREATE TABLE d (id serial PRIMARY KEY, code_key int NOT NULL REFERENCES code,"
        " CHECK (code_key BETWEEN 28 AND 155))",
    )
    seed(conn, reflect(conn), default=20)
    # Exact counts: the parent's keys start where the child's CHECK lets them.
    assert count(conn, "d") == 20 and count(conn, "code") == 20
    assert scalar(conn, "SELECT min(key) FROM code") >= 28
    # The sequence follows the keys written: the application's next row does not collide.
    assert scalar(conn, "INSERT INTO code DEFAULT VALUES RETURNING key") > 47


# ------------------------------------------- CHECKs on foreign keys shape their parents


def test_check_on_a_self_reference_moves_the_keys_it_points_at(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE label (id serial PRIMARY KEY, label_id int NOT NULL UNIQUE"
        " REFERENCES label, CHECK (label_id > 4))",
    )
    seed(conn, reflect(conn), counts={"label": 30})
    assert count(conn, "label") == 30
    assert scalar(conn, "SELECT min(id) FROM label") >= 5


def test_check_on_one_column_of_a_composite_foreign_key(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE country (id int, part smallint, PRIMARY KEY (id, part));"
        "CREATE TABLE height (id serial PRIMARY KEY, country_id int NOT NULL,"
        " country_part smallint NOT NULL, FOREIGN KEY (country_id, country_part)"
        " REFERENCES country, CHECK (country_id BETWEEN 49 AND 218), CHECK (country_part <= 83))",
    )
    seed(conn, reflect(conn), counts={"country": 40, "height": 200})
    assert count(conn, "height") == 200 and count(conn, "country") == 40


def test_listed_text_keys_lead_the_parent_rows(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE region (code varchar(10) PRIMARY KEY, name text NOT NULL);"
        "CREATE TABLE shop (id serial PRIMARY KEY, region_code varchar(10) NOT NULL"
        " REFERENCES region, CHECK (region_code IN ('eu', 'us')))",
    )
    seed(conn, reflect(conn), counts={"region": 12, "shop": 50})
    assert count(conn, "region") == 12 and count(conn, "shop") == 50
    assert scalar(conn, "SELECT count(DISTINCT region_code) FROM shop") == 2
    assert scalar(conn, "SELECT count(DISTINCT code) FROM region") == 12


def test_a_check_no_parent_value_can_pass_is_refused_or_null(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE tag (key varchar(20) PRIMARY KEY, CHECK (char_length(key) >= 2));"
        "CREATE TABLE post (id serial PRIMARY KEY, tag_key varchar(20) NOT NULL"
        " REFERENCES tag, CHECK (tag_key IN ('a')));"
        "CREATE TABLE note (id serial PRIMARY KEY, tag_key varchar(20) REFERENCES tag,"
        " CHECK (tag_key IN ('b')))",
    )
    md = reflect(conn)
    with pytest.raises(PlanError) as got:
        seed(conn, md, counts={"tag": 5, "post": 5, "note": 0})
    message = str(got.value)
    assert "post" in message and "tag_key" in message and "tag.key" in message
    assert "seed 0" in message and "Fix:" in message
    assert count(conn, "tag") == 0
    # A nullable key has nowhere to point: NULL in every row.
    seed(conn, md, counts={"tag": 5, "post": 0, "note": 10})
    assert count(conn, "note") == 10
    assert scalar(conn, "SELECT count(tag_key) FROM note") == 0


@pytest.mark.parametrize(
    ("ddl", "counts", "violations"),
    [
        (  # the key placed above every parent key a unique foreign key may take
            "CREATE TABLE code (id serial PRIMARY KEY);"
            "CREATE TABLE c (id serial PRIMARY KEY, code_id int NOT NULL UNIQUE REFERENCES code,"
            " parent_id int NOT NULL REFERENCES c, CHECK (id > code_id))",
            {"code": 10, "c": 10},
            "SELECT count(*) FROM c WHERE id <= code_id",
        ),
        (  # the same, the foreign key not unique
            "CREATE TABLE code (id serial PRIMARY KEY);"
            "CREATE TABLE c (id serial PRIMARY KEY, code_id int NOT NULL REFERENCES code,"
            " parent_id int NOT NULL UNIQUE REFERENCES c, CHECK (id > code_id))",
            {"code": 10, "c": 10},
            "SELECT count(*) FROM c WHERE id <= code_id",
        ),
        (  # the key placed below every parent key
            "CREATE TABLE p (id serial PRIMARY KEY);"
            "CREATE TABLE c (id serial PRIMARY KEY, p_id int UNIQUE REFERENCES p,"
            " parent_id int NOT NULL UNIQUE REFERENCES c, CHECK (id <= p_id))",
            {"p": 20, "c": 10},
            "SELECT count(*) FROM c WHERE id > p_id",
        ),
        (  # in a cycle: the parent numbers its key into c before c is decided
            "CREATE TABLE code (id serial PRIMARY KEY, c_id int);"
            "CREATE TABLE c (id serial PRIMARY KEY, code_id int NOT NULL UNIQUE REFERENCES code,"
            " parent_id int NOT NULL UNIQUE REFERENCES c, CHECK (id > code_id));"
            "ALTER TABLE code ADD FOREIGN KEY (c_id) REFERENCES c",
            {"code": 10, "c": 10},
            "SELECT count(*) FROM c WHERE id <= code_id",
        ),
        (  # no parents: the foreign key is NULL and the CHECK holds
            "CREATE TABLE p (id serial PRIMARY KEY);"
            "CREATE TABLE c (id serial PRIMARY KEY, p_id int REFERENCES p,"
            " parent_id int NOT NULL REFERENCES c, CHECK (id <= p_id))",
            {"p": 0, "c": 10},
            "SELECT count(*) FROM c WHERE p_id IS NOT NULL",
        ),
    ],
)
def test_check_between_a_self_referenced_key_and_another_foreign_key(
    conn: sa.Connection, ddl: str, counts: dict[str, int], violations: str
) -> None:
    run_sql(conn, ddl)
    seed(conn, reflect(conn), counts=counts)
    assert count(conn, "c") == counts["c"]
    assert scalar(conn, violations) == 0
    orphans = "SELECT count(*) FROM c x LEFT JOIN c y ON x.parent_id = y.id WHERE y.id IS NULL"
    assert scalar(conn, orphans) == 0


_SCORE = (
    "CREATE TABLE score (id int, part varchar(12) {check}, PRIMARY KEY (id, part));"
    "CREATE TABLE c (id serial PRIMARY KEY, score_id int {null}, score_part varchar(12) {null},"
    " FOREIGN KEY (score_id, score_part) REFERENCES score (id, part));"
    "CREATE UNIQUE INDEX c_part ON c (score_part)"
)


@pytest.mark.parametrize(
    ("check", "null", "counts", "linked"),
    [
        ("CHECK (part IN ('a', 'b', 'c'))", "NOT NULL", {"score": 10, "c": 3}, 3),
        ("CHECK (part IN ('a', 'b', 'c'))", "", {"score": 10, "c": 5}, 3),  # 2 rows NULL
        (  # as many values as parents: score.part made unique
            "CHECK (part IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'))",
            "NOT NULL",
            {"score": 8, "c": 8},
            8,
        ),
    ],
)
def test_unique_key_inside_a_composite_foreign_key(
    conn: sa.Connection, check: str, null: str, counts: dict[str, int], linked: int
) -> None:
    run_sql(conn, _SCORE.format(check=check, null=null))
    seed(conn, reflect(conn), counts=counts)
    assert count(conn, "c") == counts["c"]
    assert scalar(conn, "SELECT count(DISTINCT score_part) FROM c") == linked


def test_unique_key_inside_a_composite_foreign_key_caps_the_rows(conn: sa.Connection) -> None:
    run_sql(conn, _SCORE.format(check="CHECK (part IN ('a', 'b', 'c'))", null="NOT NULL"))
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"score": 10, "c": 4})
    message = assert_refusal(info.value, UniquenessError, ["'c'", "score_part", "score.part"])
    assert "at most 3" in message
    assert count(conn, "c") == 0


@pytest.mark.parametrize(
    ("other", "check"),
    [
        ('"url_Id" int NOT NULL REFERENCES url', 'price_id > "url_Id"'),  # a self-reference
        ('"url_Id" int NOT NULL REFERENCES url', 'price_id < "url_Id"'),
        ('"url_Id" int NOT NULL REFERENCES q', 'price_id >= "url_Id"'),  # another table's key
    ],
)
def test_check_between_foreign_keys_combined_in_a_composite_unique_key(
    conn: sa.Connection, other: str, check: str
) -> None:
    """The keys are digits of the composite unique key, so they cannot be chosen to fit
    each other: the parent's key column is generated beyond every key it is compared with."""
    run_sql(
        conn,
        "CREATE TABLE q (id serial PRIMARY KEY);"
        "CREATE TABLE price (id int, part timestamp, PRIMARY KEY (id, part));"
        f'CREATE TABLE url ("Id" serial PRIMARY KEY, price_id int NOT NULL, {other},'
        " price_part timestamp NOT NULL,"
        " FOREIGN KEY (price_id, price_part) REFERENCES price (id, part),"
        f' UNIQUE (price_id, "url_Id", price_part), CHECK ({check}))',
    )
    seed(conn, reflect(conn), counts={"q": 10, "price": 30, "url": 40})
    assert count(conn, "url") == 40
    assert scalar(conn, f"SELECT count(*) FROM url WHERE NOT ({check})") == 0


def test_composite_unique_key_with_one_column_of_a_composite_foreign_key(
    conn: sa.Connection,
) -> None:
    """UNIQUE (flag, score_part): the parent row is one digit of the key, so the parents
    must differ in ``part`` too; 2 x 3 combinations, no more."""
    run_sql(
        conn,
        "CREATE TABLE score (id int, part varchar(12) CHECK (part IN ('a', 'b', 'c')),"
        " PRIMARY KEY (id, part));"
        "CREATE TABLE c (id serial PRIMARY KEY, flag boolean NOT NULL, score_id int NOT NULL,"
        " score_part varchar(12) NOT NULL, UNIQUE (flag, score_part),"
        " FOREIGN KEY (score_id, score_part) REFERENCES score (id, part))",
    )
    md = reflect(conn)
    seed(conn, md, counts={"score": 10, "c": 6})
    assert count(conn, "c") == 6
    assert scalar(conn, "SELECT count(DISTINCT (flag, score_part)) FROM c") == 6
    with pytest.raises(DbseedError) as info:
        seed(conn, md, counts={"score": 10, "c": 7})
    assert "at most 6" in assert_refusal(info.value, UniquenessError, ["'c'", "score_part"])


def test_a_list_partition_key_in_a_composite_primary_key(conn: sa.Connection) -> None:
    # The key column a list partition pins to its values cannot keep the key distinct:
    # the other member does.
    run_sql(
        conn,
        "CREATE TABLE ev (region text NOT NULL, code int NOT NULL, PRIMARY KEY (region, code))"
        " PARTITION BY LIST (region);"
        "CREATE TABLE ev_eu PARTITION OF ev FOR VALUES IN ('eu');"
        "CREATE TABLE ev_us PARTITION OF ev FOR VALUES IN ('us')",
    )
    seed(conn, reflect(conn), counts={"ev": 300}, default=0)
    assert count(conn, "ev") == 300
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM ev") == 2


@pytest.mark.parametrize(
    ("kind", "lists"), [("varchar(10)", ("'eu'", "'us'", "'apac'")), ("int", ("1", "2, 5"))]
)
@pytest.mark.parametrize("default", [True, False])
def test_a_list_partition_key_beside_a_default_partition_takes_more_values(
    conn: sa.Connection, kind: str, lists: tuple[str, ...], default: bool
) -> None:
    # With a DEFAULT partition the key column is not limited to the listed values: it
    # makes (id, region) distinct with values of its own, none of them a listed one.
    ddl = (
        f"CREATE TABLE ev (id bigserial, region {kind} NOT NULL, PRIMARY KEY (id, region),"
        " CHECK (id IN (1, 3, 9))) PARTITION BY LIST (region);"
    )
    ddl += "".join(
        f"CREATE TABLE ev_{i} PARTITION OF ev FOR VALUES IN ({v});" for i, v in enumerate(lists)
    )
    if default:
        ddl += "CREATE TABLE ev_default PARTITION OF ev DEFAULT"
    run_sql(conn, ddl)
    listed = sum(len(v.split(",")) for v in lists)
    if not default:
        with pytest.raises(UniquenessError) as info:
            seed(conn, reflect(conn), counts={"ev": 20}, default=0, seed=1195)
        assert f"only {3 * listed} distinct values" in str(info.value)
        return
    seed(conn, reflect(conn), counts={"ev": 20}, default=0, seed=1195)
    assert count(conn, "ev") == 20
    assert scalar(conn, "SELECT count(*) FROM ev_default") > 0
    assert scalar(conn, "SELECT count(*) FROM ev WHERE tableoid <> 'ev_default'::regclass") > 0


def test_hash_partitions_missing_remainders_are_refused_up_front(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE pay (id bigint, account int NOT NULL, PRIMARY KEY (id, account))"
        " PARTITION BY HASH (account);"
        "CREATE TABLE pay_0 PARTITION OF pay FOR VALUES WITH (MODULUS 4, REMAINDER 0);"
        "CREATE TABLE pay_1 PARTITION OF pay FOR VALUES WITH (MODULUS 4, REMAINDER 1)",
    )
    with pytest.raises(PlanError) as got:
        seed(conn, reflect(conn), counts={"pay": 50}, default=0)
    message = str(got.value)
    assert "remainders 2, 3 of modulus 4" in message and "seed 0" in message
    assert "MODULUS 4, REMAINDER 2" in message
    assert count(conn, "pay") == 0


@pytest.mark.parametrize("key", ["created_at", "updated_at"])
def test_time_runs_forward_in_a_table_partitioned_by_one_of_its_instants(
    conn: sa.Connection, key: str
) -> None:
    months = "".join(
        f"CREATE TABLE r_{m} PARTITION OF r FOR VALUES FROM ('2026-{m:02d}-01')"
        f" TO ('{2026 + (m == 12)}-{m % 12 + 1:02d}-01');"
        for m in range(1, 13)
    )
    run_sql(
        conn,
        "CREATE TABLE r (id bigserial, created_at timestamptz NOT NULL,"
        f" updated_at timestamptz NOT NULL, PRIMARY KEY (id, {key})) PARTITION BY RANGE ({key});"
        + months,
    )
    seed(conn, reflect(conn), counts={"r": 240}, default=0)
    assert count(conn, "r") == 240
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM r") == 12
    assert scalar(conn, "SELECT count(*) FROM r WHERE created_at > updated_at") == 0


def test_a_self_reference_the_check_lists_points_only_at_listed_keys(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE label (label_id bigserial PRIMARY KEY, up bigint UNIQUE REFERENCES label,"
        " CHECK (up IN (1, 5, 6, 7)));"
        "CREATE TABLE node (id serial PRIMARY KEY, code varchar(30) NOT NULL UNIQUE,"
        " up_code varchar(30) NOT NULL REFERENCES node (code), CHECK (up_code IN ('a', 'b')))",
    )
    seed(conn, reflect(conn), counts={"label": 60, "node": 40})
    assert count(conn, "label") == 60 and count(conn, "node") == 40
    # Unique and nullable: one child for each listed key, NULL elsewhere.
    assert scalar(conn, "SELECT count(up) FROM label") == 4
    assert scalar(conn, "SELECT count(DISTINCT up_code) FROM node") == 2


def test_a_self_reference_in_a_composite_key_under_a_check(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE ln (key serial PRIMARY KEY, tag varchar(30) NOT NULL,"
        " up int NOT NULL REFERENCES ln, UNIQUE (up, tag), CHECK (up BETWEEN 2 AND 2))",
    )
    seed(conn, reflect(conn), counts={"ln": 12})
    assert count(conn, "ln") == 12 and scalar(conn, "SELECT count(*) FROM ln WHERE up = 2") == 12


def test_a_unique_key_a_short_range_holds_is_refused_when_too_many(conn: sa.Connection) -> None:
    run_sql(
        conn,
        'CREATE TABLE size (id bigserial PRIMARY KEY, alt_code int UNIQUE);'
        "CREATE TABLE value (id serial PRIMARY KEY, size_code int NOT NULL UNIQUE"
        " REFERENCES size (alt_code), CHECK (size_code >= 7 AND size_code <= 13))",
    )
    md = reflect(conn)
    with pytest.raises(PlanError) as got:
        seed(conn, md, counts={"value": 65})
    assert "allows only 7" in str(got.value) and "seed 0" in str(got.value)
    seed(conn, md, counts={"value": 7, "size": 30})
    assert scalar(conn, "SELECT count(DISTINCT size_code) FROM value") == 7


def test_a_list_partition_key_and_a_foreign_key_make_a_unique_key(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE tenant (id serial PRIMARY KEY);"
        "CREATE TABLE t (id serial, region text NOT NULL, tenant_id int NOT NULL"
        " REFERENCES tenant, PRIMARY KEY (id, region), UNIQUE (region, tenant_id))"
        " PARTITION BY LIST (region);"
        "CREATE TABLE t_eu PARTITION OF t FOR VALUES IN ('eu');"
        "CREATE TABLE t_us PARTITION OF t FOR VALUES IN ('us')",
    )
    md = reflect(conn)
    seed(conn, md, counts={"t": 20, "tenant": 10})
    assert count(conn, "t") == 20 and scalar(conn, "SELECT count(DISTINCT tableoid) FROM t") == 2
    # Two regions by ten tenants: 20 combinations at most, refused beyond.
    with pytest.raises(UniquenessError) as got:
        seed(conn, md, counts={"t": 21, "tenant": 10})
    assert "only 20 distinct values" in str(got.value)


def test_a_self_reference_no_row_can_satisfy_is_null(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE country (id uuid PRIMARY KEY, alt_code varchar(30) NOT NULL UNIQUE,"
        " up varchar(30) UNIQUE REFERENCES country (alt_code), CHECK (up IN ('a', 'b')),"
        " CHECK (char_length(alt_code) >= 3));"
        # A NULL choice keeps alt_code NULL in every row: nothing to point at, no recursion.
        "CREATE TABLE t (id uuid PRIMARY KEY, alt_code varchar(30) UNIQUE,"
        " up varchar(30) UNIQUE REFERENCES t (alt_code), CHECK (up IN ('a')),"
        " CHECK ((id IS NULL AND alt_code IS NOT NULL) OR (id IS NOT NULL AND alt_code IS NULL)))",
    )
    seed(conn, reflect(conn), counts={"country": 30, "t": 12})
    assert count(conn, "country") == 30 and count(conn, "t") == 12
    assert scalar(conn, "SELECT count(up) FROM country") == 0


# ------------------------------------------------------------------ NULL choices, found by the fuzzer


@pytest.mark.parametrize(
    "either",
    [
        "(id IS NULL AND title IS NOT NULL) OR (id IS NOT NULL AND title IS NULL)",
        "num_nonnulls(id, title) = 1",
    ],
)
def test_null_checks_over_shared_columns_are_met_together(conn: sa.Connection, either: str) -> None:
    # The first CHECK passes with both columns set, but the second needs title NULL (id is
    # the NOT NULL key): the first must not keep title non-NULL.
    run_sql(
        conn,
        "CREATE TABLE country (id uuid PRIMARY KEY, title int,"
        f" CHECK (num_nulls(id, title) <= 1), CHECK ({either}))",
    )
    seed(conn, reflect(conn), counts={"country": 20}, seed=2)
    assert scalar(conn, "SELECT count(*) FROM country WHERE title IS NULL") == 20


@pytest.mark.parametrize(
    "check",
    [
        "a_id IS NOT NULL",
        "num_nonnulls(a_id, flag) = 1",
        "num_nonnulls(a_id, flag) = 1 AND (flag IS NULL AND id IS NOT NULL OR flag IS NOT NULL AND id IS NULL)",
    ],
)
def test_cycle_is_not_broken_at_a_key_a_check_keeps_set(conn: sa.Connection, check: str) -> None:
    # b.a_id is nullable but its CHECK rejects the row while it is NULL: the cycle is
    # broken at a.b_id instead (written NULL first, filled by UPDATE).
    run_sql(
        conn,
        "CREATE TABLE a (id serial PRIMARY KEY, b_id int);"
        f"CREATE TABLE b (id serial PRIMARY KEY, a_id int REFERENCES a, flag bool, CHECK ({check}));"
        "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b",
    )
    seed(conn, reflect(conn), counts={"a": 6, "b": 30}, seed=3)
    assert count(conn, "a") == 6 and count(conn, "b") == 30
    assert scalar(conn, "SELECT count(*) FROM b WHERE num_nonnulls(a_id, flag) = 0") == 0


def test_key_children_point_at_is_left_set_by_a_null_choice(conn: sa.Connection) -> None:
    # num_nonnulls lets a row NULL code or note: rows children point at keep code set.
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY, code int UNIQUE, note text,"
        " CHECK (num_nonnulls(code, note) = 1));"
        "CREATE TABLE c (id serial PRIMARY KEY, p_code int NOT NULL REFERENCES p (code))",
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 40}, seed=5)
    assert count(conn, "c") == 40
    assert scalar(conn, "SELECT count(*) FROM p WHERE code IS NULL") == 0


def test_a_unique_column_a_check_keeps_null_is_not_refused_for_its_few_values(
    conn: sa.Connection,
) -> None:
    # alt_code is NULL in every row (company_id is the NOT NULL key): its IN list of 3
    # values does not limit the rows of a unique column that holds only NULLs.
    run_sql(
        conn,
        "CREATE TABLE company (company_id int PRIMARY KEY, alt_code varchar(30) UNIQUE,"
        " CHECK ((company_id IS NULL AND alt_code IS NOT NULL)"
        " OR (company_id IS NOT NULL AND alt_code IS NULL)),"
        " CHECK (alt_code IN ('a', 'b', 'c')))",
    )
    seed(conn, reflect(conn), counts={"company": 15}, seed=165)
    assert count(conn, "company") == 15 and scalar(conn, "SELECT count(alt_code) FROM company") == 0


def test_a_key_a_partial_coalesce_index_keeps_set_into_a_null_column_is_refused_naming_it(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        "CREATE TABLE zip (key bigserial PRIMARY KEY);"
        "CREATE TABLE company (company_id int PRIMARY KEY, alt_code varchar(30) UNIQUE,"
        " CONSTRAINT ck_either CHECK ((company_id IS NULL AND alt_code IS NOT NULL)"
        " OR (company_id IS NOT NULL AND alt_code IS NULL)));"
        "CREATE TABLE code (id serial PRIMARY KEY, zip_key bigint REFERENCES zip,"
        " company_alt_code varchar(30) REFERENCES company (alt_code));"
        "CREATE UNIQUE INDEX code_once ON code (coalesce(company_alt_code, ''))"
        " WHERE zip_key IS NULL",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"zip": 3, "company": 5, "code": 4}, seed=165)
    message = assert_refusal(info.value, PlanError, ["'code'", "ck_either", "code_once"])
    assert "WHERE (zip_key IS NULL)" in message and "'code': 1" in message


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE p (id serial PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p"
        " CHECK (p_id IN (2, 5)), flag bool NOT NULL, UNIQUE (p_id, flag))",
        "CREATE TABLE p (id serial PRIMARY KEY, code varchar(20) UNIQUE);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id varchar(20) NOT NULL REFERENCES p (code)"
        " CHECK (p_id IN ('a', 'b')), flag bool NOT NULL, UNIQUE (p_id, flag))",
        "CREATE TABLE c (id serial PRIMARY KEY, code varchar(20) UNIQUE, flag bool NOT NULL,"
        " p_id varchar(20) NOT NULL REFERENCES c (code) CHECK (p_id IN ('a', 'b')),"
        " UNIQUE (p_id, flag))",
    ],
    ids=["numbered", "text", "self"],
)
def test_a_key_in_a_composite_unique_key_points_only_at_the_parents_its_check_lists(
    conn: sa.Connection, ddl: str
) -> None:
    # The key is a digit of (p_id, flag): it ran over every parent row, not the listed ones.
    run_sql(conn, ddl)
    with pytest.raises(UniquenessError) as info:  # refused before writing anything
        seed(conn, reflect(conn), counts={"c": 5}, default=6, seed=570)
    assert "only 4 distinct values" in str(info.value) and "seed 570" in str(info.value)
    seed(conn, reflect(conn), counts={"c": 4}, default=6, seed=570)
    assert count(conn, "c") == 4
    assert scalar(conn, "SELECT count(DISTINCT p_id) FROM c") == 2


@pytest.mark.parametrize("null", ["", " NOT NULL"])
def test_a_key_in_a_composite_unique_key_its_check_keeps_from_every_parent(
    conn: sa.Connection, null: str
) -> None:
    # IN (0, 3) lists no key BETWEEN 32 AND 142: a nullable key is NULL in every row, a
    # NOT NULL one is refused up front (it was written 32, a digit of (starts_key, label)).
    run_sql(
        conn,
        f"CREATE TABLE starts (key serial PRIMARY KEY, label bool NOT NULL, starts_key int{null}"
        " REFERENCES starts (key), UNIQUE (starts_key, label), CONSTRAINT ck_key"
        " CHECK (key BETWEEN 32 AND 142), CONSTRAINT ck_ref CHECK (starts_key IN (0, 3)))",
    )
    if null:
        with pytest.raises(DbseedError) as info:
            seed(conn, reflect(conn), counts={"starts": 20}, seed=206)
        message = assert_refusal(info.value, PlanError, ["'starts'", "starts_key", "ck_ref"])
        assert "no number of rows helps" in message
        return
    seed(conn, reflect(conn), counts={"starts": 20}, seed=206)
    assert count(conn, "starts") == 20
    assert scalar(conn, "SELECT count(starts_key) FROM starts") == 0


def test_a_check_between_two_columns_of_one_composite_key_filters_the_parents(
    conn: sa.Connection,
) -> None:
    # Both columns belong to one foreign key: the CHECK picks the city rows a company may
    # point at (id >= part). It was refused as "two foreign keys chosen elsewhere".
    run_sql(
        conn,
        "CREATE TABLE city (id int NOT NULL, part smallint NOT NULL, phone int NOT NULL UNIQUE,"
        " token bigint NOT NULL, PRIMARY KEY (id, part), UNIQUE (token, phone));"
        " CREATE TABLE company (id varchar(20) PRIMARY KEY, city_id int NOT NULL,"
        " city_part smallint NOT NULL, CONSTRAINT ck_city CHECK (city_id >= city_part),"
        " FOREIGN KEY (city_id, city_part) REFERENCES city (id, part))",
    )
    seed(conn, reflect(conn), counts={"city": 40, "company": 60}, seed=1006)
    assert count(conn, "company") == 60
    assert scalar(conn, "SELECT count(*) FROM company WHERE city_id < city_part") == 0


@pytest.mark.parametrize("null", ["", " NOT NULL"])
def test_a_check_between_two_columns_of_one_composite_key_no_parent_passes(
    conn: sa.Connection, null: str
) -> None:
    # The parent's own CHECK says the contrary (id < part): a nullable key is NULL in every
    # row, a NOT NULL one is refused up front, naming both tables and the CHECK.
    run_sql(
        conn,
        "CREATE TABLE city (id int NOT NULL, part int NOT NULL, PRIMARY KEY (id, part),"
        " CHECK (id < part)); CREATE TABLE company (id serial PRIMARY KEY,"
        f" city_id int{null}, city_part int{null}, CONSTRAINT ck_city"
        " CHECK (city_id >= city_part), FOREIGN KEY (city_id, city_part) REFERENCES city)",
    )
    if null:
        with pytest.raises(DbseedError) as info:
            seed(conn, reflect(conn), counts={"city": 10, "company": 10}, seed=3)
        assert_refusal(info.value, PlanError, ["'company'", "ck_city", "'city'"])
        return
    seed(conn, reflect(conn), counts={"city": 10, "company": 10}, seed=3)
    assert count(conn, "company") == 10
    assert scalar(conn, "SELECT count(city_id) FROM company") == 0


def test_a_numbered_key_below_a_composite_key_is_not_raised_by_a_childs_check(
    conn: sa.Connection,
) -> None:
    # data ids 14..29 (the first of 14..214); extra_key >= 93 in amount numbered extra.key
    # from 93, so no parent had data_id > key (data_id = 27 beside key = 93 was written).
    run_sql(
        conn,
        "CREATE TABLE data (id int NOT NULL, part varchar(12) NOT NULL, PRIMARY KEY (id, part),"
        " CHECK (part IN ('a', 'b', 'c')), CHECK (id BETWEEN 14 AND 214));"
        " CREATE TABLE extra (key serial PRIMARY KEY, data_id int NOT NULL,"
        " data_part varchar(12) NOT NULL, CHECK (data_part IN ('a')),"
        " CONSTRAINT ck_above CHECK (data_id > key),"
        " FOREIGN KEY (data_id, data_part) REFERENCES data (id, part));"
        " CREATE TABLE amount (id serial PRIMARY KEY, extra_key int UNIQUE"
        " REFERENCES extra (key), CHECK (extra_key >= 93))",
    )
    seed(conn, reflect(conn), counts={"data": 16, "extra": 16, "amount": 16}, seed=128566)
    assert count(conn, "extra") == 16
    assert scalar(conn, "SELECT count(*) FROM extra WHERE data_id <= key") == 0


@pytest.mark.parametrize("null", ["", " NOT NULL"])
def test_a_numbered_key_above_every_parent_of_a_composite_key(
    conn: sa.Connection, null: str
) -> None:
    # key >= 300 and data.id <= 214: no row has data_id > key. A nullable key is NULL in
    # every row, a NOT NULL one is refused up front.
    run_sql(
        conn,
        "CREATE TABLE data (id int NOT NULL, part int NOT NULL, PRIMARY KEY (id, part),"
        " CHECK (id BETWEEN 14 AND 214)); CREATE TABLE extra (key serial PRIMARY KEY"
        f" CHECK (key >= 300), data_id int{null}, data_part int{null},"
        " CONSTRAINT ck_above CHECK (data_id > key),"
        " FOREIGN KEY (data_id, data_part) REFERENCES data (id, part))",
    )
    if null:
        with pytest.raises(DbseedError) as info:
            seed(conn, reflect(conn), counts={"data": 10, "extra": 10}, seed=5)
        assert_refusal(info.value, PlanError, ["'extra'", "ck_above", "data.id"])
        return
    seed(conn, reflect(conn), counts={"data": 10, "extra": 10}, seed=5)
    assert count(conn, "extra") == 10
    assert scalar(conn, "SELECT count(data_id) FROM extra") == 0


@pytest.mark.parametrize("n", [1, 12])
def test_a_unique_column_below_the_numbered_key_keeps_its_self_references_check(
    conn: sa.Connection, n: int
) -> None:
    # alt_code <= id kept alt_code below the first id (alt_code <= 1: -1160845066 was
    # written), and the self-reference into it, CHECK (code_ref > 24), pointed at it. The key
    # is numbered from 24 + n so that alt_code takes n distinct values in 25..24 + n.
    run_sql(
        conn,
        "CREATE TABLE sx (id serial PRIMARY KEY, alt_code int NOT NULL UNIQUE,"
        " code_ref int NOT NULL UNIQUE REFERENCES sx (alt_code),"
        " CONSTRAINT ck_le CHECK (alt_code <= id), CONSTRAINT ck_ref CHECK (code_ref > 24))",
    )
    seed(conn, reflect(conn), counts={"sx": n}, seed=0)
    assert count(conn, "sx") == n
    assert scalar(conn, "SELECT min(alt_code) FROM sx") == 25


@pytest.mark.parametrize("null", ["", " NOT NULL"])
def test_a_self_reference_into_a_column_bounded_below_its_check_is_null_or_refused(
    conn: sa.Connection, null: str
) -> None:
    # id <= 20 leaves no room to number the key past 24 + 10: no alt_code can be above 24.
    run_sql(
        conn,
        "CREATE TABLE sx (id serial PRIMARY KEY CHECK (id <= 20), alt_code int NOT NULL"
        f" UNIQUE, code_ref int{null} UNIQUE REFERENCES sx (alt_code),"
        " CONSTRAINT ck_le CHECK (alt_code <= id), CONSTRAINT ck_ref CHECK (code_ref > 24))",
    )
    if null:
        with pytest.raises(DbseedError) as info:
            seed(conn, reflect(conn), counts={"sx": 10}, seed=0)
        assert_refusal(info.value, PlanError, ["'sx'", "ck_ref", "ck_le", "code_ref"])
        return
    seed(conn, reflect(conn), counts={"sx": 10}, seed=0)
    assert count(conn, "sx") == 10
    assert scalar(conn, "SELECT count(code_ref) FROM sx") == 0


def test_not_null_key_into_a_column_a_check_keeps_null_is_refused(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY, code int UNIQUE, CONSTRAINT ck_either CHECK"
        " ((id IS NULL AND code IS NOT NULL) OR (id IS NOT NULL AND code IS NULL)));"
        "CREATE TABLE c (id serial PRIMARY KEY, p_code int NOT NULL REFERENCES p (code));"
        "CREATE TABLE n (id serial PRIMARY KEY, p_code int REFERENCES p (code))",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"p": 5, "c": 5}, default=0, seed=5)
    assert_refusal(info.value, PlanError, ["table 'c'", "ck_either", "'c': 0"])
    seed(conn, reflect(conn), counts={"p": 5, "n": 5}, default=0, seed=5)
    assert scalar(conn, "SELECT count(*) FROM n WHERE p_code IS NULL") == 5


def test_a_key_filled_later_stays_null_where_a_check_keeps_it_null(conn: sa.Connection) -> None:
    # The cycle breaks at b.a_id (a.b_id is NOT NULL): id is the NOT NULL key, so the CHECK
    # keeps a_id NULL in every row, and the UPDATE that fills the key must leave it so.
    run_sql(
        conn,
        "CREATE TABLE b (id serial PRIMARY KEY, a_id int,"
        " CHECK ((id IS NULL AND a_id IS NOT NULL) OR (id IS NOT NULL AND a_id IS NULL)));"
        "CREATE TABLE a (id serial PRIMARY KEY, b_id int NOT NULL REFERENCES b);"
        "ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a",
    )
    seed(conn, reflect(conn), counts={"a": 4, "b": 20}, seed=7)
    assert count(conn, "b") == 20 and count(conn, "a") == 4
    assert scalar(conn, "SELECT count(a_id) FROM b") == 0


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"])
@pytest.mark.parametrize(
    ("left", "op", "right"), [("timestamp", ">=", "timestamptz"), ("timestamptz", "<", "timestamp")]
)
def test_check_between_timestamp_and_timestamptz(
    conn: sa.Connection, zone: str, left: str, op: str, right: str
) -> None:
    # PostgreSQL compares the two in the session's time zone, whichever it is.
    run_sql(
        conn,
        f"SET LOCAL TIME ZONE '{zone}'; CREATE TABLE t (id serial PRIMARY KEY,"
        f" a {left} DEFAULT now() NOT NULL, b {right}, CHECK (a {op} b))",
    )
    seed(conn, reflect(conn), counts={"t": 60}, seed=149850)
    assert count(conn, "t") == 60


def test_cycle_is_not_broken_at_a_key_a_check_compares(conn: sa.Connection) -> None:
    # x <= v_id is met against the key b is written with: b.v_id is not written NULL
    # first (then filled by an UPDATE the CHECK rejects); the cycle breaks at a.b_id.
    run_sql(
        conn,
        "CREATE TABLE a (id bigserial PRIMARY KEY, b_id varchar(20));"
        "CREATE TABLE b (id varchar(20) PRIMARY KEY, x real NOT NULL, v_id bigint REFERENCES a,"
        " CHECK (x <= v_id));"
        "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b",
    )
    seed(conn, reflect(conn), counts={"a": 4, "b": 30}, seed=0)
    assert count(conn, "b") == 30
    assert scalar(conn, "SELECT count(*) FROM b WHERE v_id IS NOT NULL") > 0


# ------------------------------------------------------------------ composite unique keys, found by the fuzzer


def test_composite_key_column_capped_by_a_check_takes_the_integers_below_one(
    conn: sa.Connection,
) -> None:
    # id < 24 leaves 23 keys from 1 but every integer below; part has two values.
    run_sql(
        conn,
        "CREATE TABLE rank (id int NOT NULL CHECK (id < 24), part smallint NOT NULL"
        " CHECK (part IN (1, 9)), PRIMARY KEY (id, part))",
    )
    seed(conn, reflect(conn), counts={"rank": 82}, seed=424)
    assert scalar(conn, "SELECT count(DISTINCT (id, part)) FROM rank") == 82


def test_composite_unique_made_unique_by_the_column_with_room(conn: sa.Connection) -> None:
    # a holds 1501 values (too many to combine as digits, too few for the rows): b is made
    # unique instead.
    run_sql(
        conn,
        "CREATE TABLE u (id serial PRIMARY KEY, a int NOT NULL CHECK (a BETWEEN 0 AND 1500),"
        " b int NOT NULL, UNIQUE (a, b))",
    )
    seed(conn, reflect(conn), counts={"u": 2000}, seed=1)
    assert scalar(conn, "SELECT count(DISTINCT (a, b)) FROM u") == 2000


def test_check_between_a_key_and_the_first_column_of_a_composite_foreign_key(
    conn: sa.Connection,
) -> None:
    # key < ia_id: each row picks a parent whose id is above its own key; the key itself
    # never moves (it moved onto another row's key: duplicate primary key).
    run_sql(
        conn,
        "CREATE TABLE ia (id int, part varchar(12), PRIMARY KEY (id, part));"
        "CREATE TABLE t (key serial PRIMARY KEY, ia_id int NOT NULL, ia_part varchar(12) NOT NULL,"
        " FOREIGN KEY (ia_id, ia_part) REFERENCES ia, CHECK (key < ia_id))",
    )
    seed(conn, reflect(conn), counts={"ia": 174, "t": 59}, seed=123)
    assert scalar(conn, "SELECT count(DISTINCT key) FROM t") == 59
    assert scalar(conn, "SELECT count(*) FROM t WHERE key >= ia_id") == 0


def test_checks_no_row_passes_are_refused_only_when_rows_are_asked_for(
    conn: sa.Connection,
) -> None:
    # code must be set (id is the NOT NULL key) and NULL (num_nonnulls = 1): no row passes.
    run_sql(
        conn,
        "CREATE TABLE bad (id uuid PRIMARY KEY, code text, CHECK (id IS NULL OR code IS NOT NULL),"
        " CONSTRAINT ck_one CHECK (num_nonnulls(id, code) = 1));"
        "CREATE TABLE good (id serial PRIMARY KEY)",
    )
    seed(conn, reflect(conn), counts={"good": 5}, default=0, seed=0)
    assert count(conn, "good") == 5 and count(conn, "bad") == 0
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"bad": 1}, default=0, seed=0)
    assert_refusal(info.value, PlanError, ["bad", "ck_one"])


@pytest.mark.parametrize(
    "check", ["p_id IS NOT NULL", "id IS NULL OR p_id IS NOT NULL", "num_nonnulls(p_id, note) = 2"]
)
def test_nullable_key_a_check_keeps_set_gets_parents(conn: sa.Connection, check: str) -> None:
    # No rows of p are asked for: they are raised as for a NOT NULL key.
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id int UNIQUE REFERENCES p, note text,"
        f" CHECK ({check}))",
    )
    report = seed(conn, reflect(conn), counts={"c": 40}, default=0, seed=0)
    assert count(conn, "c") == 40 and report.rows["p"] > 0
    assert scalar(conn, "SELECT count(*) FROM c WHERE p_id IS NULL") == 0


def test_a_unique_key_inside_narrow_partitions_is_refused_up_front(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE slug (id bigint NOT NULL CHECK (id IN (4)), bucket int NOT NULL,"
        " PRIMARY KEY (id, bucket)) PARTITION BY RANGE (bucket);"
        "CREATE TABLE slug_p0 PARTITION OF slug FOR VALUES FROM (462) TO (472)",
    )
    md = reflect(conn)
    with pytest.raises(UniquenessError) as got:
        seed(conn, md, counts={"slug": 20}, default=0)
    message = str(got.value)
    assert "'bucket'" in message and "slug_p0" in message and "only 10" in message
    assert "seed 0" in message and "Fix:" in message
    seed(conn, md, counts={"slug": 10}, default=0)
    assert count(conn, "slug") == 10


def test_a_unique_key_in_an_open_ended_partition_has_room(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE ev (code int PRIMARY KEY) PARTITION BY RANGE (code);"
        "CREATE TABLE ev_low PARTITION OF ev FOR VALUES FROM (MINVALUE) TO (0);"
        "CREATE TABLE ev_high PARTITION OF ev FOR VALUES FROM (0) TO (MAXVALUE)",
    )
    seed(conn, reflect(conn), counts={"ev": 5000}, default=0)
    assert count(conn, "ev") == 5000
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM ev") == 2


def test_a_numbered_key_above_a_foreign_key_into_a_bounded_generated_key(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        "CREATE TABLE ln (id uuid PRIMARY KEY, alt_code int UNIQUE"
        " CHECK (alt_code >= 2 AND alt_code <= 20));"
        "CREATE TABLE t (id serial PRIMARY KEY, ln_code int NOT NULL REFERENCES ln (alt_code),"
        " CHECK (ln_code < id))",
    )
    seed(conn, reflect(conn), counts={"ln": 15, "t": 40})
    assert count(conn, "t") == 40 and scalar(conn, "SELECT min(id) FROM t") >= 21


def test_two_foreign_keys_compared_when_one_has_no_parents(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE size (key text PRIMARY KEY); CREATE TABLE quote (key text PRIMARY KEY);"
        "CREATE TABLE ref (id serial PRIMARY KEY, size_key text REFERENCES size,"
        " quote_key text REFERENCES quote, CHECK (size_key <= quote_key))",
    )
    seed(conn, reflect(conn), counts={"size": 0, "quote": 10, "ref": 30})
    assert count(conn, "ref") == 30 and scalar(conn, "SELECT count(size_key) FROM ref") == 0


def test_a_check_within_a_composite_foreign_key_the_parent_keeps(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE token (id int, part smallint, PRIMARY KEY (id, part), CHECK (id >= part));"
        "CREATE TABLE position (key serial PRIMARY KEY, token_id int, token_part smallint,"
        " FOREIGN KEY (token_id, token_part) REFERENCES token, CHECK (token_part <= token_id))",
    )
    seed(conn, reflect(conn), counts={"token": 30, "position": 60})
    assert count(conn, "position") == 60 and scalar(conn, "SELECT count(token_id) FROM position") > 0


def test_a_self_reference_under_a_check_when_the_key_is_compared_with_a_plain_column(
    conn: sa.Connection,
) -> None:
    # CHECK (key > hits) moves hits, never the key: the self-reference still points only at
    # the keys its own CHECK allows.
    run_sql(
        conn,
        "CREATE TABLE email (key serial PRIMARY KEY, hits smallint,"
        " email_key int NOT NULL REFERENCES email, CHECK (key > hits),"
        " CHECK (email_key BETWEEN 1 AND 5))",
    )
    seed(conn, reflect(conn), counts={"email": 11})
    assert count(conn, "email") == 11
    assert scalar(conn, "SELECT count(*) FROM email WHERE email_key NOT BETWEEN 1 AND 5") == 0


def test_a_numbered_key_compared_with_a_unique_composite_foreign_key(conn: sa.Connection) -> None:
    # CHECK (v_id <= q_id): q_id is numbered and r points at it, so it never moves; each q row
    # keeps its one parent where that parent's id meets the CHECK, else the key is NULL.
    run_sql(
        conn,
        "CREATE TABLE v (id int CHECK (id BETWEEN 2 AND 60), part varchar(12),"
        " PRIMARY KEY (id, part));"
        "CREATE TABLE q (q_id serial PRIMARY KEY, v_id int, v_part varchar(12),"
        " UNIQUE (v_id, v_part), FOREIGN KEY (v_id, v_part) REFERENCES v, CHECK (v_id <= q_id));"
        "CREATE TABLE r (id serial PRIMARY KEY, q_id int NOT NULL REFERENCES q)",
    )
    seed(conn, reflect(conn), counts={"v": 10, "q": 10, "r": 10}, seed=10)
    assert count(conn, "r") == 10
    assert scalar(conn, "SELECT min(q_id) = 1 AND max(q_id) = 10 FROM q")
    assert scalar(conn, "SELECT count(*) FROM q WHERE v_id > q_id") == 0


def test_a_check_on_a_composite_foreign_key_into_a_column_a_relation_moves(
    conn: sa.Connection,
) -> None:
    # value.id takes 4 for q's CHECK, then moves above status_id in the rows where it is not:
    # q's rows are checked against the values value holds (NULL where none passes).
    run_sql(
        conn,
        "CREATE TABLE status (id int, part int, PRIMARY KEY (id, part));"
        "CREATE TABLE value (id int, part varchar(12), status_id int NOT NULL,"
        " status_part int NOT NULL, PRIMARY KEY (id, part), UNIQUE (status_id, status_part),"
        " FOREIGN KEY (status_id, status_part) REFERENCES status, CHECK (status_id < id));"
        "CREATE TABLE q (q_id serial PRIMARY KEY, value_id int, value_part varchar(12),"
        " UNIQUE (value_id, value_part), FOREIGN KEY (value_id, value_part) REFERENCES value,"
        " CHECK (value_id IN (4)))",
    )
    seed(conn, reflect(conn), counts={"status": 20, "value": 20, "q": 20}, seed=1)
    assert count(conn, "q") == 20 and scalar(conn, "SELECT count(value_id) FROM q") > 0
    assert scalar(conn, "SELECT count(*) FROM q WHERE value_id <> 4") == 0


def test_two_key_columns_compared_by_a_check_and_narrowed_by_a_child(conn: sa.Connection) -> None:
    # part >= id splits the two around a pivot, within the bounds the child asks of id.
    run_sql(
        conn,
        "CREATE TABLE hits (id int, part smallint, PRIMARY KEY (id, part), CHECK (part >= id));"
        "CREATE TABLE c (id serial PRIMARY KEY, hits_id int NOT NULL, hits_part smallint NOT NULL,"
        " FOREIGN KEY (hits_id, hits_part) REFERENCES hits, CHECK (hits_id BETWEEN 9 AND 109))",
    )
    seed(conn, reflect(conn), counts={"hits": 13, "c": 13})
    assert count(conn, "hits") == 13 and count(conn, "c") == 13
    assert scalar(conn, "SELECT count(*) FROM hits WHERE id NOT BETWEEN 9 AND 109") == 0


def test_two_key_columns_compared_by_a_check_that_children_ask_too_much_of(
    conn: sa.Connection,
) -> None:
    # b needs 13 distinct parents with part = 0 (so id <= 0), a needs parents with id >= 9
    # (so part >= 9): 13 hits rows cannot serve both.
    run_sql(
        conn,
        "CREATE TABLE hits (id int, part smallint, PRIMARY KEY (id, part),"
        " CONSTRAINT ck_hits CHECK (part >= id));"
        "CREATE TABLE a (id serial PRIMARY KEY, hits_id int NOT NULL, hits_part smallint NOT NULL,"
        " FOREIGN KEY (hits_id, hits_part) REFERENCES hits, CHECK (hits_id BETWEEN 9 AND 109));"
        "CREATE TABLE b (id serial PRIMARY KEY, hits_id int NOT NULL, hits_part smallint NOT NULL,"
        " UNIQUE (hits_id, hits_part), FOREIGN KEY (hits_id, hits_part) REFERENCES hits,"
        " CONSTRAINT ck_b CHECK (hits_part IN (0)))",
    )
    with pytest.raises(DbseedError) as got:
        seed(conn, reflect(conn), counts={"hits": 13, "a": 13, "b": 13}, seed=0)
    assert_refusal(got.value, PlanError, ["'b'", "ck_b", "hits_part", "ck_hits"])


# ------------------------------------------------------------------ partitions of unequal room


def test_rows_are_spread_over_partitions_by_their_room(conn: sa.Connection) -> None:
    # A composite key made distinct by its partition key: the one-value partition gets
    # what it holds, the open-ended ones the rest, instead of refusing an even spread.
    run_sql(
        conn,
        'CREATE TABLE total ("Id" int NOT NULL CHECK ("Id" IN (3, 4, 9)), bucket int NOT NULL,'
        ' PRIMARY KEY ("Id", bucket)) PARTITION BY RANGE (bucket);'
        "CREATE TABLE total_p0 PARTITION OF total FOR VALUES FROM (MINVALUE) TO (3);"
        "CREATE TABLE total_p1 PARTITION OF total FOR VALUES FROM (3) TO (4);"
        "CREATE TABLE total_p2 PARTITION OF total FOR VALUES FROM (4) TO (9);"
        "CREATE TABLE total_p3 PARTITION OF total FOR VALUES FROM (9) TO (MAXVALUE)",
    )
    seed(conn, reflect(conn), counts={"total": 40}, default=0, seed=6467)
    assert count(conn, "total") == 40
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM total") == 4
    assert count(conn, "total_p0") > 5 and count(conn, "total_p3") > 5


_TWO_BOUNDED_BUCKETS = (
    'CREATE TABLE total ("Id" int, bucket int, PRIMARY KEY ("Id", bucket),'
    ' CHECK ("Id" IN (3, 4, 9))) PARTITION BY RANGE (bucket);'
    "CREATE TABLE total_a PARTITION OF total FOR VALUES FROM (0) TO (10);"
    "CREATE TABLE total_b PARTITION OF total FOR VALUES FROM (10) TO (20)"
)


def test_a_partition_holds_its_buckets_times_the_other_columns_of_the_key(
    conn: sa.Connection,
) -> None:
    # 20 buckets times the 3 ids the CHECK allows: 60 distinct keys, not 20.
    run_sql(conn, _TWO_BOUNDED_BUCKETS)
    md = reflect(conn)
    seed(conn, md, counts={"total": 60}, default=0, seed=5)
    assert count(conn, "total_a") == 30 and count(conn, "total_b") == 30
    assert scalar(conn, 'SELECT count(DISTINCT ("Id", bucket)) FROM total') == 60
    run_sql(conn, "DELETE FROM total")
    seed(conn, md, counts={"total": 12}, default=0, seed=5)
    assert scalar(conn, 'SELECT count(DISTINCT "Id") FROM total') > 1
    run_sql(conn, "DELETE FROM total")
    with pytest.raises(DbseedError) as got:
        seed(conn, md, counts={"total": 61}, default=0, seed=5)
    message = assert_refusal(got.value, UniquenessError, ["'total'", "'bucket'", "'Id'"])
    assert "only 60" in message and "at most 60" in message


def test_a_partition_key_keeps_to_its_check_inside_the_partition_bounds(
    conn: sa.Connection,
) -> None:
    # Values aimed at a partition ignored the CHECK: 1, 2, 3 and 11 were written.
    run_sql(
        conn,
        "CREATE TABLE s (id int NOT NULL CHECK (id BETWEEN 1 AND 12 AND id NOT IN (1, 2, 3, 11)),"
        " PRIMARY KEY (id)) PARTITION BY RANGE (id);"
        "CREATE TABLE s_a PARTITION OF s FOR VALUES FROM (0) TO (10);"
        "CREATE TABLE s_b PARTITION OF s FOR VALUES FROM (10) TO (20);"
        "CREATE TABLE d (day date NOT NULL CHECK (day <> '2021-01-02'), n int)"
        " PARTITION BY RANGE (day);"
        "CREATE TABLE d_a PARTITION OF d FOR VALUES FROM ('2021-01-01') TO ('2021-01-04')",
    )
    md = reflect(conn)
    seed(conn, md, counts={"s": 8, "d": 40}, default=0, seed=3)
    assert count(conn, "s_a") == 6 and count(conn, "s_b") == 2
    assert scalar(conn, "SELECT count(*) FROM s WHERE id IN (1, 2, 3, 11)") == 0
    assert scalar(conn, "SELECT count(*) FROM d WHERE day = '2021-01-02'") == 0
    run_sql(conn, "DELETE FROM s; DELETE FROM d")
    with pytest.raises(DbseedError) as got:
        seed(conn, md, counts={"s": 9, "d": 0}, default=0, seed=3)
    assert "only 8" in assert_refusal(got.value, UniquenessError, ["'s'", "'id'"])


def test_a_partition_its_check_keeps_every_row_out_of_is_refused(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE s (id int NOT NULL CHECK (id BETWEEN 50 AND 60), n int)"
        " PARTITION BY RANGE (id);"
        "CREATE TABLE s_a PARTITION OF s FOR VALUES FROM (0) TO (10)",
    )
    with pytest.raises(DbseedError) as got:
        seed(conn, reflect(conn), counts={"s": 3}, default=0, seed=3)
    assert_refusal(got.value, PlanError, ["'s'", "'id'", "s_a"])


def test_narrow_partitions_hold_their_room_and_no_more(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE slot (bucket int PRIMARY KEY) PARTITION BY RANGE (bucket);"
        "CREATE TABLE slot_a PARTITION OF slot FOR VALUES FROM (0) TO (2);"
        "CREATE TABLE slot_b PARTITION OF slot FOR VALUES FROM (2) TO (12)",
    )
    md = reflect(conn)
    seed(conn, md, counts={"slot": 12}, default=0)
    assert count(conn, "slot_a") == 2 and count(conn, "slot_b") == 10
    run_sql(conn, "DELETE FROM slot")
    with pytest.raises(DbseedError) as got:
        seed(conn, md, counts={"slot": 13}, default=0)
    message = assert_refusal(got.value, UniquenessError, ["'slot'", "'bucket'", "slot_a"])
    assert "only 12" in message and "at most 12" in message


def test_a_narrow_partition_beside_a_default_one(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE fname (id serial CHECK (id BETWEEN 35 AND 207), bucket int NOT NULL,"
        " PRIMARY KEY (id, bucket)) PARTITION BY RANGE (bucket);"
        "CREATE TABLE fname_p0 PARTITION OF fname FOR VALUES FROM (300) TO (310);"
        "CREATE TABLE fname_pdef PARTITION OF fname DEFAULT",
    )
    seed(conn, reflect(conn), counts={"fname": 291}, default=0, seed=72716)
    # fname_p0 holds 10 buckets times the 173 ids the CHECK allows.
    assert count(conn, "fname") == 291 and 0 < count(conn, "fname_p0") <= 1730
    assert scalar(conn, "SELECT count(DISTINCT (id, bucket)) FROM fname") == 291


def test_a_unique_key_in_a_default_partition_stays_out_of_its_siblings(
    conn: sa.Connection,
) -> None:
    # Values generated for the DEFAULT partition's rows must not land in the narrow one
    # beside the values aimed there.
    run_sql(
        conn,
        "CREATE TABLE slot (bucket int PRIMARY KEY) PARTITION BY RANGE (bucket);"
        "CREATE TABLE slot_p0 PARTITION OF slot FOR VALUES FROM (300) TO (310);"
        "CREATE TABLE slot_def PARTITION OF slot DEFAULT",
    )
    seed(conn, reflect(conn), counts={"slot": 400}, default=0, seed=1)
    assert count(conn, "slot") == 400 and count(conn, "slot_p0") == 10


# ------------------------------------------------------------------ coalesce() over a foreign key


def test_a_unique_coalesce_index_over_a_foreign_key(conn: sa.Connection) -> None:
    # coalesce(p_k, '') is unique: two NULL keys are one value there, so the key is
    # written for every row, one child per parent.
    run_sql(
        conn,
        "CREATE TABLE p (k varchar(20) PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_k varchar(20) REFERENCES p);"
        "CREATE UNIQUE INDEX c_p_k_once ON c (coalesce(p_k, ''))",
    )
    md = reflect(conn)
    seed(conn, md, counts={"p": 20, "c": 20}, seed=3)
    assert count(conn, "c") == 20
    assert scalar(conn, "SELECT count(DISTINCT coalesce(p_k, '')) FROM c") == 20
    run_sql(conn, "DELETE FROM c; DELETE FROM p")
    with pytest.raises(DbseedError) as got:
        seed(conn, md, counts={"p": 5, "c": 20}, seed=3)
    assert "at most 5" in assert_refusal(got.value, PlanError, ["'c'", "p_k"])


def test_a_unique_coalesce_index_over_a_foreign_key_in_a_cycle(conn: sa.Connection) -> None:
    # The nullable key of the cycle cannot be written NULL first and filled afterwards:
    # the NULLs would repeat coalesce(p_k, '').
    run_sql(
        conn,
        "CREATE TABLE p (k varchar(20) PRIMARY KEY, c_id int NOT NULL);"
        "CREATE TABLE c (id int PRIMARY KEY, p_k varchar(20) REFERENCES p);"
        "CREATE UNIQUE INDEX c_p_k_once ON c (coalesce(p_k, ''));"
        "ALTER TABLE p ADD FOREIGN KEY (c_id) REFERENCES c",
    )
    seed(conn, reflect(conn), counts={"p": 5, "c": 5}, seed=2)
    assert count(conn, "c") == 5 and scalar(conn, "SELECT count(p_k) FROM c") == 5


# ------------------------------------------------------------------ CHECKs on both ends of a key


def test_a_check_listing_a_key_below_the_numbering_moves_the_parents_keys(
    conn: sa.Connection,
) -> None:
    # Parent keys are numbered from 1: the child's IN (0) had nothing to point at.
    run_sql(
        conn,
        "CREATE TABLE u (u_id serial PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, u_id int NOT NULL REFERENCES u"
        " CHECK (u_id IN (0)))",
    )
    seed(conn, reflect(conn), counts={"u": 3, "c": 4}, seed=2)
    assert count(conn, "c") == 4 and scalar(conn, "SELECT count(*) FROM c WHERE u_id = 0") == 4


def test_a_self_reference_its_checks_keep_from_every_key_is_refused_so(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        "CREATE TABLE username (username_id serial PRIMARY KEY,"
        " username_username_id int NOT NULL UNIQUE REFERENCES username,"
        " CONSTRAINT ck_ref CHECK (username_username_id < 0),"
        " CONSTRAINT ck_key CHECK (username_id > 9))",
    )
    with pytest.raises(DbseedError) as got:
        seed(conn, reflect(conn), counts={"username": 1})
    message = assert_refusal(
        got.value, PlanError, ["'username'", "username_username_id", "ck_ref", "ck_key"]
    )
    assert "no number of rows helps" in message and "ask for more" not in message


_CYCLE_WITH_A_UNIQUE_INSIDE_A_COMPOSITE_KEY = (
    "CREATE TABLE balance (id int, part varchar(12), note_id int NOT NULL UNIQUE,"
    " PRIMARY KEY (id, part){part_check});"
    "CREATE TABLE a_note (id serial PRIMARY KEY, balance_id int NOT NULL,"
    " balance_part varchar(12) NOT NULL, UNIQUE (balance_id, balance_part),"
    " FOREIGN KEY (balance_id, balance_part) REFERENCES balance);"
    "CREATE UNIQUE INDEX note_part ON a_note (balance_part);"
    "ALTER TABLE balance ADD FOREIGN KEY (note_id) REFERENCES a_note (id)"
)


def test_a_unique_inside_a_composite_key_into_a_parent_decided_later(
    conn: sa.Connection,
) -> None:
    """A NOT NULL cycle decides the child first: the parent still makes the column the
    child's unique key points at differ between its rows."""
    run_sql(conn, _CYCLE_WITH_A_UNIQUE_INSIDE_A_COMPOSITE_KEY.format(part_check=""))
    seed(conn, reflect(conn), default=12, seed=4)
    assert count(conn, "a_note") == 12
    assert scalar(conn, "SELECT count(DISTINCT balance_part) FROM a_note") == 12


def test_a_unique_inside_a_composite_key_into_a_parent_decided_later_too_few(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        _CYCLE_WITH_A_UNIQUE_INSIDE_A_COMPOSITE_KEY.format(
            part_check=", CHECK (part IN ('a', 'b', 'c'))"
        ),
    )
    with pytest.raises(UniquenessError) as info:
        seed(conn, reflect(conn), default=12, seed=4)
    message = str(info.value)
    assert "'a_note'" in message
    assert "only 3" in message and "seed 4" in message and "Fix:" in message


# ------------------------------------------------------------------ NOT IN / <> on every type


def test_a_unique_short_code_never_takes_a_value_its_check_excludes(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY,"
        " code varchar(2) UNIQUE CHECK (code NOT IN ('AA', 'A1', 'A2', 'AB')))",
    )
    seed(conn, reflect(conn), counts={"t": 30}, seed=1)
    assert count(conn, "t") == 30
    assert scalar(conn, "SELECT count(*) FROM t WHERE code IN ('AA', 'A1', 'A2', 'AB')") == 0


_ONE_CHAR_MINUS_TEN = (
    "CREATE TABLE t (id serial PRIMARY KEY, code varchar(1) {unique}"
    " CHECK (code NOT IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J')))"
)


def test_exclusions_take_their_room_from_a_unique_column(conn: sa.Connection) -> None:
    # 36 one-character codes minus the 10 a CHECK excludes: 26 rows fit, 27 are refused.
    run_sql(conn, _ONE_CHAR_MINUS_TEN.format(unique="NOT NULL UNIQUE"))
    md = reflect(conn)
    seed(conn, md, counts={"t": 26}, seed=3)
    assert scalar(conn, "SELECT count(DISTINCT code) FROM t") == 26
    assert scalar(conn, "SELECT count(*) FROM t WHERE code BETWEEN 'A' AND 'J'") == 0
    run_sql(conn, "DELETE FROM t")
    with pytest.raises(DbseedError) as got:
        seed(conn, md, counts={"t": 27}, seed=3)
    assert "only 26" in assert_refusal(got.value, UniquenessError, ["t.code"])


def test_exclusions_on_a_column_that_is_not_unique(conn: sa.Connection) -> None:
    run_sql(conn, _ONE_CHAR_MINUS_TEN.format(unique="NOT NULL"))
    seed(conn, reflect(conn), counts={"t": 200}, seed=2)
    assert count(conn, "t") == 200
    assert scalar(conn, "SELECT count(*) FROM t WHERE code BETWEEN 'A' AND 'J'") == 0


def test_exclusions_inside_a_range_of_dates_and_of_reals(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY, d date NOT NULL UNIQUE"
        " CHECK (d BETWEEN '2020-01-01' AND '2020-01-10' AND d NOT IN ('2020-01-01', '2020-01-05')),"
        " x real NOT NULL UNIQUE CHECK (x BETWEEN 1 AND 12 AND x <> 1 AND x <> 2))",
    )
    seed(conn, reflect(conn), counts={"t": 8}, seed=2)
    assert scalar(conn, "SELECT count(DISTINCT d) FROM t") == 8
    assert scalar(conn, "SELECT count(*) FROM t WHERE d IN ('2020-01-01', '2020-01-05')") == 0
    assert scalar(conn, "SELECT count(*) FROM t WHERE x IN (1, 2)") == 0


def test_a_check_beyond_a_numerics_precision_is_refused_in_words(conn: sa.Connection) -> None:
    run_sql(
        conn,
        "CREATE TABLE lot (id serial PRIMARY KEY,"
        " grade numeric(1, 0) NOT NULL CHECK (grade > 9))",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"lot": 3}, seed=5)
    message = assert_refusal(info.value, DbseedError, ["lot", "grade"])
    assert "> 9" in message and "-9 to 9" in message and "Decimal(" not in message


def test_a_self_reference_into_a_key_its_own_rows_move_is_no_recursion(
    conn: sa.Connection,
) -> None:
    """``value <= "Id"`` moves the key the NOT NULL self-reference points at, row by row:
    the generator asked for the same rows' keys while producing them, without end."""
    run_sql(
        conn,
        'CREATE TABLE t ("Id" int PRIMARY KEY, value smallint NOT NULL,'
        " alt_code int NOT NULL UNIQUE CHECK (alt_code > 1),"
        ' self_id int NOT NULL REFERENCES t ("Id"), CHECK (value <= "Id"))',
    )
    try:
        seed(conn, reflect(conn), counts={"t": 4}, seed=0)
    except DbseedError as exc:
        assert_refusal(exc, DbseedError, ["'t'", "Id", "self_id"])
    else:
        assert count(conn, "t") == 4


# ------------------------------------------------------------------ relations on unique columns


def test_a_unique_float_below_a_key_is_split_from_it(conn: sa.Connection) -> None:
    """``level < id``: ``level`` is made unique for the composite key (``starts`` has two
    values) and ``id`` is a key: moving ``level`` below ``id`` repeated its values."""
    run_sql(
        conn,
        "CREATE TABLE t (id int PRIMARY KEY, level double precision NOT NULL,"
        " starts varchar(1) CHECK (starts IN ('a', 'b')), UNIQUE (starts, level),"
        " CHECK (level < id))",
    )
    seed(conn, reflect(conn), counts={"t": 200}, seed=1)
    assert count(conn, "t") == 200
    assert scalar(conn, "SELECT count(DISTINCT (starts, level)) FROM t") == 200
    assert scalar(conn, "SELECT count(*) FROM t WHERE level >= id") == 0


_UNIQUE_DATE_AFTER_A_PARENTS_TIMESTAMP = (
    "CREATE TABLE p (id int, part timestamp, PRIMARY KEY (id, part));"
    "CREATE TABLE c (id serial PRIMARY KEY, p_id int, p_part timestamp, code date NOT NULL,"
    " {unique} FOREIGN KEY (p_id, p_part) REFERENCES p,"
    " CONSTRAINT code_after_part CHECK (p_part <= code))"
)


def test_a_date_after_a_timestamp_passes_its_time_of_day(conn: sa.Connection) -> None:
    """``p_part <= code`` (``p_part`` a key column): ``code`` was moved to ``p_part``'s day,
    before its time of day ('2024-12-27' < '2024-12-27 22:40')."""
    run_sql(conn, _UNIQUE_DATE_AFTER_A_PARENTS_TIMESTAMP.format(unique=""))
    seed(conn, reflect(conn), counts={"p": 20, "c": 100}, seed=0)
    assert count(conn, "c") == 100
    assert scalar(conn, "SELECT count(*) FROM c WHERE p_part > code") == 0


def test_a_unique_date_a_check_would_move_past_a_key_is_refused(conn: sa.Connection) -> None:
    """The same CHECK with ``code`` keeping ``(p_id, code)`` distinct: moving it next to
    ``p_part`` repeated its values; refused, and the override the fix names seeds."""
    run_sql(conn, _UNIQUE_DATE_AFTER_A_PARENTS_TIMESTAMP.format(unique="UNIQUE (p_id, code),"))
    md = reflect(conn)
    with pytest.raises(DbseedError) as info:
        seed(conn, md, counts={"p": 20, "c": 100}, seed=1)
    assert_refusal(info.value, PlanError, ["'c'", "'code'", "code_after_part", "seed 1"])
    later = dt.date(2100, 1, 1)
    seed(conn, md, counts={"p": 20, "c": rows(100, code=lambda row: later + dt.timedelta(row))})
    assert count(conn, "c") == 100
    assert scalar(conn, "SELECT count(*) FROM c WHERE p_part > code") == 0


# ------------------------------------------------- children's CHECKs on keys into one column


def test_a_nullable_self_reference_leaves_the_key_to_a_not_null_child(
    conn: sa.Connection,
) -> None:
    """The nullable self-reference's ``hits_alt_code < 1`` shaped ``alt_code`` for every
    row, and the NOT NULL ``name.hits_alt_code > 80`` then had no parent: the NOT NULL
    child's CHECK shapes the column, the self-reference is NULL where no row passes."""
    run_sql(
        conn,
        "CREATE TABLE hits (id serial PRIMARY KEY, alt_code int NOT NULL UNIQUE,"
        " hits_alt_code int REFERENCES hits (alt_code) CHECK (hits_alt_code < 1));"
        " CREATE TABLE name (id serial PRIMARY KEY,"
        " hits_alt_code int NOT NULL REFERENCES hits (alt_code) CHECK (hits_alt_code > 80))",
    )
    seed(conn, reflect(conn), counts={"hits": 10, "name": 12}, seed=2074)
    assert (count(conn, "hits"), count(conn, "name")) == (10, 12)
    assert scalar(conn, "SELECT count(*) FROM name WHERE hits_alt_code <= 80") == 0


def test_a_nullable_childs_listed_key_does_not_move_the_keys_a_not_null_child_needs(
    conn: sa.Connection,
) -> None:
    """``a.p_id IN (0)`` (nullable) numbered the one ``p`` row from 0, and ``b.p_id >= 1``
    (NOT NULL) was refused: "allows none of the 1 'p' rows"."""
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY);"
        " CREATE TABLE a (id serial PRIMARY KEY, p_id int REFERENCES p CHECK (p_id IN (0)));"
        " CREATE TABLE b (id serial PRIMARY KEY,"
        " p_id int NOT NULL REFERENCES p CHECK (NOT (p_id < 1)))",
    )
    seed(conn, reflect(conn), counts={"p": 1, "a": 3, "b": 3}, seed=0)
    assert [count(conn, t) for t in ("p", "a", "b")] == [1, 3, 3]
    assert scalar(conn, "SELECT count(*) FROM a WHERE p_id IS NOT NULL") == 0


def test_a_check_keeping_a_key_below_the_first_numbered_one_numbers_the_parent_from_it(
    conn: sa.Connection,
) -> None:
    """``payload_key BETWEEN 0 AND 0`` into keys numbered 1..N was refused with "ask for
    more 'payload' rows", which cannot help: the keys are numbered from 0 instead."""
    run_sql(
        conn,
        "CREATE TABLE payload (key bigserial PRIMARY KEY);"
        " CREATE TABLE c (id serial PRIMARY KEY,"
        " payload_key bigint NOT NULL REFERENCES payload CHECK (payload_key BETWEEN 0 AND 0))",
    )
    seed(conn, reflect(conn), counts={"payload": 5, "c": 4}, seed=1)
    assert (count(conn, "payload"), count(conn, "c")) == (5, 4)
    assert rows_of(conn, "SELECT min(key), max(key) FROM payload") == [(0, 4)]
    assert scalar(conn, "SELECT count(*) FROM c WHERE payload_key = 0") == 4


def test_a_check_below_keys_numbered_after_rows_there_says_more_rows_do_not_help(
    conn: sa.Connection,
) -> None:
    run_sql(
        conn,
        "CREATE TABLE payload (key bigserial PRIMARY KEY);"
        " INSERT INTO payload DEFAULT VALUES;"
        " CREATE TABLE c (id serial PRIMARY KEY,"
        " payload_key bigint NOT NULL REFERENCES payload CHECK (payload_key BETWEEN 0 AND 0))",
    )
    with pytest.raises(DbseedError) as got:
        seed(conn, reflect(conn), counts={"payload": 3, "c": 2}, seed=1)
    message = assert_refusal(got.value, PlanError, ["'c'", "payload_key", "payload.key"])
    assert "no number of rows helps" in message and "ask for more" not in message
    assert count(conn, "c") == 0


def test_a_self_reference_below_a_column_placed_above_the_key_is_refused_precisely(
    conn: sa.Connection,
) -> None:
    """``"Id" < alt_code`` keeps ``alt_code`` above every numbered key (from 163 on) and the
    NOT NULL ``starts_alt_code <= 25`` has no row: rows that differ could meet both, the
    generator does not arrange them so, and the refusal says that rather than that no
    ``alt_code`` could pass."""
    run_sql(
        conn,
        'CREATE TABLE starts ("Id" serial PRIMARY KEY, alt_code int NOT NULL UNIQUE,'
        " starts_alt_code int NOT NULL REFERENCES starts (alt_code)"
        ' CHECK (starts_alt_code <= 25), CHECK ("Id" < alt_code))',
    )
    with pytest.raises(DbseedError) as got:
        seed(conn, reflect(conn), counts={"starts": 162}, seed=9971)
    message = assert_refusal(got.value, PlanError, ["'starts'", "alt_code", "starts_alt_code"])
    assert "from 163 on" in message and "one range for all rows" in message
    assert "nullable" in message


# ------------------------------------------- bounds a relation implies for the other column


def test_a_key_below_a_narrow_numeric_is_numbered_below_it(conn: sa.Connection) -> None:
    """``CHECK (id < currency)`` with ``currency NUMERIC(1, 1)`` (at most 0.9): the key
    takes 0, -1, -2... and the NUMERIC moves past it by its own scale (0.1 past 0)."""
    run_sql(
        conn,
        """
        CREATE TABLE note (
            id integer NOT NULL, happened_at timestamptz NOT NULL,
            currency numeric(1, 1) NOT NULL DEFAULT 0,
            PRIMARY KEY (id, happened_at), CONSTRAINT id_below CHECK (id < currency)
        );
        CREATE TABLE slot (id integer PRIMARY KEY, width numeric(3, 1) NOT NULL
                           CHECK (width <= 12.5), CHECK (id <= width));
        """,
    )
    seed(conn, reflect(conn), counts={"note": 35, "slot": 12}, seed=1)
    assert count(conn, "note") == 35 and count(conn, "slot") == 12
    assert scalar(conn, "SELECT max(id) FROM note") == 0
    assert scalar(conn, "SELECT min(id) FROM note") == -34
    assert scalar(conn, "SELECT count(*) FROM slot WHERE id > width") == 0


def test_a_numeric_default_of_zero_moves_past_a_key_by_its_scale(conn: sa.Connection) -> None:
    """The server default ``0`` of a NUMERIC(1, 1), one of its values, moves to 0.1 past
    the key 0 (not by a whole 1, which the column cannot hold)."""
    md = sa.MetaData()
    sa.Table(
        "note",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("currency", sa.Numeric(1, 1), nullable=False, server_default=sa.text("0")),
        sa.CheckConstraint('"id" < "currency"', name="id_below"),
    )
    md.create_all(conn)
    for value in range(1, 6):
        seed(conn, md, counts={"note": 35}, seed=14291 + value)
        conn.exec_driver_sql("DELETE FROM note")


def test_a_null_check_against_a_coalesce_index_names_the_index(conn: sa.Connection) -> None:
    """``num_nonnulls(extra, color) = 1`` with ``color`` always set leaves ``extra`` NULL,
    which ``UNIQUE (coalesce(extra, ''))`` lets one row hold: the refusal says so."""
    run_sql(
        conn,
        """
        CREATE TABLE item (id serial PRIMARY KEY, extra varchar(40), color jsonb NOT NULL,
                           CONSTRAINT one_of CHECK (num_nonnulls(extra, color) = 1));
        CREATE UNIQUE INDEX item_extra_once ON item (coalesce(extra, ''));
        """,
    )
    with pytest.raises(PlanError) as info:
        seed(conn, reflect(conn), counts={"item": 5}, seed=2)
    assert_refusal(info.value, PlanError, ["'item'", "one_of", "item_extra_once", "'extra'"])


# ------------------------------------------------- values placed into partitions meet the column


@pytest.mark.parametrize("unique", [False, True], ids=["plain", "key"])
def test_a_short_varchar_range_key_takes_values_that_fit_it_and_its_checks(
    conn: sa.Connection, unique: bool
) -> None:
    """``varchar(3)`` between ``'a'`` and ``'m'``: the low bound before a generated value
    was too long for the column; the values now keep within its length, the CHECK's
    ``length(code) >= 2`` and the partition."""
    key = "PRIMARY KEY (code)" if unique else "PRIMARY KEY (id, code)"
    run_sql(
        conn,
        "CREATE TABLE t (id int NOT NULL, code varchar(3) NOT NULL CHECK (length(code) >= 2),"
        f" {key}) PARTITION BY RANGE (code);"
        "CREATE TABLE t_a PARTITION OF t FOR VALUES FROM ('a') TO ('m');"
        "CREATE TABLE t_m PARTITION OF t FOR VALUES FROM ('m') TO ('zzz');",
    )
    md = reflect(conn)
    for value in (1, 2, 3):
        seed(conn, md, counts={"t": 60}, seed=value)
        assert count(conn, "t") == 60
        assert scalar(conn, "SELECT count(*) FROM t WHERE length(code) NOT BETWEEN 2 AND 3") == 0
        leaves = rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM t GROUP BY 1")
        assert len(leaves) == 2, leaves
        run_sql(conn, "DELETE FROM t")


@pytest.mark.parametrize(
    ("ddl", "bad"),
    [
        (
            "CREATE TABLE t (id int NOT NULL, k text NOT NULL CHECK (k <> 'b'), PRIMARY KEY (id, k))"
            " PARTITION BY RANGE (k);"
            "CREATE TABLE t_b PARTITION OF t FOR VALUES FROM ('b') TO ('bc');"
            "CREATE TABLE t_m PARTITION OF t FOR VALUES FROM ('m') TO ('n');",
            "k = 'b'",
        ),
        (
            "CREATE TABLE t (id int NOT NULL, k numeric(4, 0) NOT NULL CHECK (k NOT IN (5, 10)))"
            " PARTITION BY RANGE (k);"
            "CREATE TABLE t_5 PARTITION OF t FOR VALUES FROM (5) TO (7);"
            "CREATE TABLE t_10 PARTITION OF t FOR VALUES FROM (10) TO (12);",
            "k IN (5, 10)",
        ),
        (
            "CREATE TABLE t (id int NOT NULL, k numeric(4, 0) NOT NULL CHECK (k NOT IN (5, 10)),"
            " PRIMARY KEY (id, k)) PARTITION BY RANGE (k);"
            "CREATE TABLE t_5 PARTITION OF t FOR VALUES FROM (5) TO (30);"
            "CREATE TABLE t_10 PARTITION OF t FOR VALUES FROM (30) TO (60);",
            "k IN (5, 10)",
        ),
        (
            "CREATE TABLE t (id int NOT NULL, k timestamp NOT NULL CHECK (k <> '2024-01-01'),"
            " PRIMARY KEY (id, k)) PARTITION BY RANGE (k);"
            "CREATE TABLE t_a PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2024-01-01 00:01');"
            "CREATE TABLE t_b PARTITION OF t FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
            "k = '2024-01-01'",
        ),
    ],
    ids=["text", "numeric", "numeric-key", "timestamp"],
)
def test_a_range_key_skips_the_values_its_check_excludes(
    conn: sa.Connection, ddl: str, bad: str
) -> None:
    """The low bound of a partition is a value a CHECK on the key excludes: it was placed
    there all the same (only integer and date ranges skipped such values)."""
    run_sql(conn, ddl)
    md = reflect(conn)
    for value in (1, 2, 3):
        seed(conn, md, counts={"t": 40}, seed=value)
        assert count(conn, "t") == 40
        assert scalar(conn, f"SELECT count(*) FROM t WHERE {bad}") == 0
        run_sql(conn, "DELETE FROM t")


@pytest.mark.parametrize("strategy", ["list", "range"])
def test_a_citext_partition_key_compares_its_check_case_insensitively(
    conn: sa.Connection, strategy: str
) -> None:
    """``CHECK (tag <> 'abc')`` on a citext key excludes ``'ABC'``, which a list partition
    names; a CHECK listing ``'def'`` admits the listed ``'DEF'``."""
    if not has_extension(conn, "citext"):
        pytest.skip("the citext extension is not available")
    bounds = (
        ("FOR VALUES IN ('ABC', 'DEF')", "FOR VALUES IN ('xyz')")
        if strategy == "list"
        else ("FOR VALUES FROM ('ABC') TO ('ABD')", "FOR VALUES FROM ('DEF') TO ('DEG')")
    )
    run_sql(
        conn,
        "CREATE TABLE t (id int NOT NULL, tag citext NOT NULL CHECK (tag <> 'abc'),"
        f" PRIMARY KEY (id, tag)) PARTITION BY {strategy.upper()} (tag);"
        f"CREATE TABLE t_a PARTITION OF t {bounds[0]};"
        f"CREATE TABLE t_b PARTITION OF t {bounds[1]};"
        "CREATE TABLE u (id int NOT NULL, tag citext NOT NULL CHECK (tag IN ('def', 'xyz')))"
        " PARTITION BY LIST (tag);"
        "CREATE TABLE u_a PARTITION OF u FOR VALUES IN ('DEF');"
        "CREATE TABLE u_b PARTITION OF u FOR VALUES IN ('XYZ');",
    )
    md = reflect(conn)
    seed(conn, md, counts={"t": 40, "u": 40}, seed=1)
    assert count(conn, "t") == 40 and count(conn, "u") == 40
    assert scalar(conn, "SELECT count(*) FROM t WHERE tag = 'abc'") == 0
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM t") == 2
    assert scalar(conn, "SELECT count(DISTINCT tableoid) FROM u") == 2


@pytest.mark.parametrize(
    ("where", "outside"),
    [
        ("active", "NOT active"),
        ("NOT archived", "archived"),
        ("active = true", "NOT active"),
        ("closed_at IS NOT NULL", "closed_at IS NULL"),
    ],
)
def test_a_partial_coalesce_index_steers_rows_with_a_null_out_of_it(
    conn: sa.Connection, where: str, outside: str
) -> None:
    """``UNIQUE (coalesce(p_id, 0)) WHERE active``: two NULLs are one value only in rows
    the index holds. The key was kept NOT NULL and one-to-one (at most 5 rows for 5
    parents); rows past the parents now take NULL and are kept out of the index."""
    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY);"
        "CREATE TABLE t (id serial PRIMARY KEY, p_id int REFERENCES p,"
        " active boolean NOT NULL DEFAULT true, archived boolean NOT NULL DEFAULT false,"
        " closed_at timestamptz);"
        f"CREATE UNIQUE INDEX t_one ON t (coalesce(p_id, 0)) WHERE {where};"
        "CREATE TABLE u (id serial PRIMARY KEY, a int NOT NULL, b int,"
        " active boolean NOT NULL DEFAULT true, archived boolean NOT NULL DEFAULT false,"
        " closed_at timestamptz);"
        f"CREATE UNIQUE INDEX u_one ON u (a, coalesce(b, 0)) WHERE {where}",
    )
    seed(conn, reflect(conn), counts={"p": 5, "t": 30, "u": 50}, seed=4)
    assert count(conn, "t") == 30 and count(conn, "u") == 50
    assert scalar(conn, "SELECT count(p_id) FROM t") == 5
    assert scalar(conn, f"SELECT count(*) FROM t WHERE p_id IS NULL AND NOT ({outside})") == 0
    assert scalar(conn, f"SELECT count(*) FROM u WHERE b IS NULL AND NOT ({outside})") == 0


# ------------------------------------------- CHECKs on a cycle's keys, written together


@pytest.mark.parametrize("check", ["p_id < 1000", "p_id BETWEEN 100 AND 900"])
def test_a_check_on_a_key_of_a_cycle_written_together_takes_parents_of_its_step(
    conn: sa.Connection, check: str
) -> None:
    """The parent's keys are known only when produced (an override), so each child's parent
    is checked then and a rejected one replaced by the next that passes. The steps of the
    cycle, written together, counted the parents chosen before that replacement: a child
    pointed at a parent row of a later statement."""
    ddl = (
        "CREATE TABLE p (id int PRIMARY KEY, c_id int NOT NULL);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p,"
        f" CONSTRAINT on_key CHECK ({check}));"
        "ALTER TABLE p ADD FOREIGN KEY (c_id) REFERENCES c"
    )
    counts = {"p": rows(12000, id=lambda r: (r * 7919) % 24001), "c": 12000}
    found = []
    for _ in range(2):
        run_sql(conn, ddl)
        seed(conn, reflect(conn), counts=counts, seed=3)
        assert count(conn, "p") == 12000 and count(conn, "c") == 12000
        assert scalar(conn, f"SELECT count(*) FROM c WHERE NOT ({check})") == 0
        found.append(rows_of(conn, "SELECT id, p_id FROM c ORDER BY id"))
        run_sql(conn, "DROP TABLE p, c CASCADE")
    assert found[0] == found[1]


# ------------------------------------------- a self-reference beside a relation's plain column


@pytest.mark.parametrize(
    ("ddl", "held"),
    [
        (
            'CREATE TABLE t ("Id" int PRIMARY KEY, value smallint NOT NULL,'
            ' self_id int NOT NULL REFERENCES t ("Id"), CONSTRAINT rel CHECK (value <= "Id"))',
            'value <= "Id"',
        ),
        (
            "CREATE TABLE t (id serial PRIMARY KEY, value int NOT NULL UNIQUE, w int NOT NULL,"
            " parent_value int NOT NULL REFERENCES t (value), CONSTRAINT rel CHECK (value <= w))",
            "value <= w",
        ),
        (
            "CREATE TABLE t (id serial PRIMARY KEY, value date NOT NULL UNIQUE, w date NOT NULL,"
            " parent_value date NOT NULL REFERENCES t (value), CONSTRAINT rel CHECK (w >= value))",
            "w >= value",
        ),
    ],
)
def test_a_self_reference_into_the_side_of_a_relation_that_stays(
    conn: sa.Connection, ddl: str, held: str
) -> None:
    """The relation is met by moving its plain column; the key the NOT NULL self-reference
    points at is the right side and never moves. The rows producing their own keys took it
    for moved and refused: "a self-reference waiting for keys its own rows move"."""
    found = []
    for _ in range(2):
        run_sql(conn, ddl)
        seed(conn, reflect(conn), counts={"t": 5000}, seed=4)
        assert count(conn, "t") == 5000
        assert scalar(conn, f"SELECT count(*) FROM t WHERE NOT ({held})") == 0
        found.append(rows_of(conn, "SELECT * FROM t ORDER BY 1"))
        run_sql(conn, "DROP TABLE t")
    assert found[0] == found[1]


def test_a_listing_check_on_a_key_of_a_cycle_finds_the_parents_decided_after_it(
    conn: sa.Connection,
) -> None:
    """``c`` is decided before ``p`` (a cycle), so it could not know that ``p``'s first rows
    lead with the codes its CHECKs list: its parents are checked when produced, and the
    codes listed lie farther than the parents searched near each child's choice."""
    ddl = (
        "CREATE TABLE p (code varchar(10) PRIMARY KEY, c_id int NOT NULL);"
        "CREATE TABLE c (id serial PRIMARY KEY,"
        " a_code varchar(10) NOT NULL REFERENCES p CONSTRAINT a_few CHECK (a_code IN ('a', 'b')),"
        " b_code varchar(10) NOT NULL REFERENCES p CONSTRAINT b_few CHECK (b_code IN ('x', 'y')));"
        "ALTER TABLE p ADD FOREIGN KEY (c_id) REFERENCES c"
    )
    found = []
    for _ in range(2):
        run_sql(conn, ddl)
        seed(conn, reflect(conn), counts={"p": 9000, "c": 9000}, seed=3)
        assert count(conn, "p") == 9000 and count(conn, "c") == 9000
        assert scalar(conn, "SELECT count(DISTINCT a_code) + count(DISTINCT b_code) FROM c") == 4
        found.append(rows_of(conn, "SELECT * FROM c ORDER BY id"))
        run_sql(conn, "DROP TABLE p, c CASCADE")
    assert found[0] == found[1]


def test_a_key_split_from_its_partner_is_still_made_unique_for_children(
    conn: sa.Connection,
) -> None:
    """``PRIMARY KEY (id, part)`` with ``CHECK (part <= id)``: the two are kept on either
    side of a pivot, so no row's ``part`` moves for the CHECK. A child with ``UNIQUE
    (qty_part)`` inside its key into qty needs parents whose ``part`` differs, and was
    refused ("only 1 of them differ") because the CHECK was taken to move ``part``."""
    run_sql(
        conn,
        "CREATE TABLE qty (id int NOT NULL, part smallint NOT NULL, PRIMARY KEY (id, part),"
        " CHECK (part <= id));"
        "CREATE TABLE c (id serial PRIMARY KEY, qty_id int NOT NULL,"
        " qty_part smallint NOT NULL UNIQUE,"
        " FOREIGN KEY (qty_id, qty_part) REFERENCES qty (id, part))",
    )
    seed(conn, reflect(conn), counts={"qty": 6, "c": 6}, seed=3)
    assert count(conn, "qty") == 6 and count(conn, "c") == 6
    assert scalar(conn, "SELECT count(DISTINCT part) FROM qty") == 6
    assert scalar(conn, "SELECT count(*) FROM qty WHERE NOT (part <= id)") == 0
    assert scalar(conn, "SELECT count(DISTINCT qty_part) FROM c") == 6


def test_a_unique_key_ordered_against_its_foreign_key_is_kept_by_the_parents(
    conn: sa.Connection,
) -> None:
    """``UNIQUE (p_part, p_id, ref)`` with ``CHECK (ref > p_part)``, ``p_part`` a timestamp
    of the key into p: ``ref`` made unique could not be kept beyond every parent's
    timestamp, and was refused. One parent per row keeps the key distinct and leaves
    ``ref`` free to move past ``p_part``; more rows than parents are refused, saying so."""
    run_sql(
        conn,
        "CREATE TABLE p (id int NOT NULL CHECK (id >= 3), part timestamp NOT NULL,"
        " PRIMARY KEY (id, part));"
        "CREATE TABLE c (key serial PRIMARY KEY, ref timestamp,"
        " p_id int CHECK (p_id BETWEEN 24 AND 200), p_part timestamp,"
        " UNIQUE (p_part, p_id, ref), CONSTRAINT c_order CHECK (ref > p_part),"
        " FOREIGN KEY (p_id, p_part) REFERENCES p (id, part))",
    )
    md = reflect(conn)
    seed(conn, md, counts={"p": 12, "c": 12}, seed=9)
    assert count(conn, "p") == 12 and count(conn, "c") == 12
    assert scalar(conn, "SELECT count(DISTINCT (p_id, p_part)) FROM c") == 12
    assert scalar(conn, "SELECT count(*) FROM c WHERE NOT (ref > p_part)") == 0
    run_sql(conn, "DELETE FROM c; DELETE FROM p")
    with pytest.raises(DbseedError) as err:
        seed(conn, md, counts={"p": 5, "c": 12}, seed=9)
    message = assert_refusal(err.value, PlanError, ["'c'", "c_order", "'ref'", "'p_part'"])
    assert "more than the 5 " in message and "at most 5 'c' rows" in message


def test_a_self_reference_listing_a_key_a_relation_bounds_points_only_at_it(
    conn: sa.Connection,
) -> None:
    """``CHECK (starts_alt_code IN (0))`` on a self-reference into ``alt_code``, which
    ``CHECK (alt_code < key)`` keeps below every numbered key: the relation bounds the
    column instead of moving it, so rows point only at the row leading with 0."""
    run_sql(
        conn,
        """
        CREATE TABLE starts (
            key serial PRIMARY KEY, alt_code integer NOT NULL UNIQUE,
            starts_alt_code integer REFERENCES starts (alt_code),
            CONSTRAINT listed CHECK (starts_alt_code IN (0)),
            CONSTRAINT below CHECK (alt_code < key)
        );
        """,
    )
    md = reflect(conn)
    seed(conn, md, counts={"starts": 18}, seed=27332966)
    assert count(conn, "starts") == 18
    assert scalar(conn, "SELECT count(*) FROM starts WHERE starts_alt_code IS NOT NULL") > 0
    assert scalar(conn, "SELECT count(*) FROM starts WHERE starts_alt_code <> 0") == 0


def test_seed_leaves_a_reflected_migration_history_alone(conn: sa.Connection) -> None:
    """``MetaData.reflect`` keeps ``alembic_version`` and ``django_migrations``: seed() gave
    them rows like any table, a migration history that never happened. They stay empty
    unless counts name them."""
    run_sql(
        conn,
        "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);"
        "CREATE TABLE django_migrations (id bigint GENERATED BY DEFAULT AS IDENTITY"
        " PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL,"
        " applied timestamptz NOT NULL);"
        "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)",
    )
    md = reflect(conn)
    report = seed(conn, md, default=20)
    assert report.rows["note"] == 20 and count(conn, "note") == 20
    assert count(conn, "alembic_version") == 0 and count(conn, "django_migrations") == 0
    seed(conn, md, counts={"django_migrations": 3}, default=0)
    assert count(conn, "django_migrations") == 3


def test_a_unique_number_below_a_composite_keys_column_leaves_uniqueness_to_a_parent(
    conn: sa.Connection,
) -> None:
    """``UNIQUE (isa_alt_code, code)`` with ``CHECK (code <= th_id)``, ``th_id`` the first
    column of a composite foreign key into keys of unknown span: a unique ``code`` cannot
    be kept below them, so one ``isa`` parent per row keeps the key distinct and ``code``
    moves below ``th_id`` in each row."""
    run_sql(
        conn,
        """
        CREATE TABLE th (id integer NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part));
        CREATE TABLE isa (id serial PRIMARY KEY, alt_code varchar(30) NOT NULL UNIQUE);
        CREATE TABLE ln (
            id integer PRIMARY KEY, code float NOT NULL,
            isa_alt_code varchar(30) NOT NULL REFERENCES isa (alt_code),
            th_id integer NOT NULL, th_part timestamp NOT NULL,
            UNIQUE (isa_alt_code, code), CONSTRAINT rel CHECK (code <= th_id),
            FOREIGN KEY (th_id, th_part) REFERENCES th (id, part)
        );
        """,
    )
    seed(conn, reflect(conn), counts={"th": 4, "isa": 89, "ln": 18}, seed=100)
    assert count(conn, "ln") == 18
    assert scalar(conn, "SELECT count(*) FROM ln WHERE code > th_id") == 0


def test_a_unique_column_below_a_smallint_stays_within_its_range(conn: sa.Connection) -> None:
    """``CHECK (alt_code <= description)``, ``description`` a SMALLINT and ``alt_code`` a
    unique INTEGER: the CHECK bounds ``alt_code`` by the most ``description`` holds
    (32767). Unbounded, ``alt_code`` took values like 1748456297 that no SMALLINT moved
    above it could reach, and PostgreSQL rejected the rows."""
    run_sql(
        conn,
        "CREATE TABLE t (id int NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part),"
        " description smallint NOT NULL, alt_code int NOT NULL UNIQUE,"
        " CONSTRAINT ck_le CHECK (alt_code <= description))",
    )
    seed(conn, reflect(conn), counts={"t": 40}, seed=0)
    assert count(conn, "t") == 40
    assert scalar(conn, "SELECT count(DISTINCT alt_code) FROM t") == 40
    assert scalar(conn, "SELECT count(*) FROM t WHERE NOT (alt_code <= description)") == 0


@pytest.mark.parametrize("high", ["", " CHECK (alt_code < 10)"])
def test_a_unique_column_above_a_foreign_key_into_generated_keys(
    conn: sa.Connection, high: str
) -> None:
    """``CHECK (ia_id < alt_code)``, ``ia_id`` a NOT NULL key into a composite primary key
    whose ``id`` is generated (1, 2, ...), ``alt_code`` unique and pointed at by the table's
    own NOT NULL self-reference: ``alt_code`` is kept above every ``id`` the parent
    generated (before, -1320008320 was written beside ``ia_id`` 1). Capped below 10 with
    parents 1..7, it is kept above the least and each row picks a parent below it."""
    run_sql(
        conn,
        "CREATE TABLE ia (id int NOT NULL, part varchar(12) NOT NULL, PRIMARY KEY (id, part));"
        f"CREATE TABLE url (id serial PRIMARY KEY, alt_code int NOT NULL UNIQUE{high},"
        " ia_id int, ia_part varchar(12), url_alt_code int NOT NULL REFERENCES url (alt_code),"
        " CHECK (ia_part IS NOT NULL), CONSTRAINT ck_lt CHECK (ia_id < alt_code),"
        " FOREIGN KEY (ia_id, ia_part) REFERENCES ia)",
    )
    n = 4 if high else 76
    seed(conn, reflect(conn), counts={"ia": 7, "url": n}, seed=232)
    assert count(conn, "ia") == 7 and count(conn, "url") == n
    assert scalar(conn, "SELECT count(ia_id) FROM url") == n
    assert scalar(conn, "SELECT count(*) FROM url WHERE NOT (ia_id < alt_code)") == 0


@pytest.mark.parametrize("self_ref", [True, False])
def test_a_short_range_above_the_first_key_starts_the_parents_run(
    conn: sa.Connection, self_ref: bool
) -> None:
    """``CHECK (ref BETWEEN 40 AND 40)`` on a NOT NULL key into a numbered key, 2 rows:
    refused ("allows none of the 2 rows"), though keys numbered 40, 41 let every row point
    at 40, as a short range below the first key already did."""
    parent = "email" if self_ref else "p"
    run_sql(
        conn,
        "CREATE TABLE p (id bigserial PRIMARY KEY);"
        "CREATE TABLE email (email_id bigserial PRIMARY KEY,"
        f" ref bigint NOT NULL REFERENCES {parent}, CHECK (ref BETWEEN 40 AND 40))",
    )
    seed(conn, reflect(conn), counts={"p": 2, "email": 2}, seed=0)
    assert count(conn, "p") == 2 and count(conn, "email") == 2
    assert scalar(conn, "SELECT count(*) FROM email WHERE ref = 40") == 2
    key = "email_id" if self_ref else "id"
    assert scalar(conn, f"SELECT min({key}) = 40 AND max({key}) = 41 FROM {parent}")


@pytest.mark.parametrize("reflected", [True, False])
def test_a_nullable_unique_column_with_few_values_is_null_in_the_rows_past_them(
    conn: sa.Connection, reflected: bool
) -> None:
    """A nullable unique column whose CHECK or type allows fewer values than rows
    (``code IN ('a', 'b', 'c')``, a unique boolean): refused ("allow only 3 distinct
    values"), though NULLs never collide in a unique key. Each value is taken once and the
    other rows hold NULL."""
    run_sql(
        conn,
        "CREATE TABLE tag (id serial PRIMARY KEY,"
        " code varchar(5) UNIQUE CHECK (code IN ('a', 'b', 'c')), flag boolean UNIQUE,"
        " label text)",
    )
    md = reflect(conn)
    if not reflected:
        md = sa.MetaData()
        sa.Table(
            "tag",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("code", sa.String(5), sa.CheckConstraint("code IN ('a', 'b', 'c')"),
                      unique=True),  # fmt: skip
            sa.Column("flag", sa.Boolean, unique=True),
            sa.Column("label", sa.Text),
        )
    seed(conn, md, counts={"tag": 40}, seed=7)
    assert count(conn, "tag") == 40
    assert scalar(conn, "SELECT count(code) FROM tag") >= 1
    assert scalar(conn, "SELECT count(code) = count(DISTINCT code) FROM tag")
    assert scalar(conn, "SELECT count(flag) = count(DISTINCT flag) FROM tag")
    first = rows_of(conn, "SELECT id, code, flag FROM tag ORDER BY id")
    run_sql(conn, "TRUNCATE tag RESTART IDENTITY")
    seed(conn, md, counts={"tag": 40}, seed=7)
    assert rows_of(conn, "SELECT id, code, flag FROM tag ORDER BY id") == first

    # A column that holds no NULL (NOT NULL, a CHECK, NULLS NOT DISTINCT) is still refused.
    for column in (
        "code varchar(5) NOT NULL UNIQUE CHECK (code IN ('a', 'b', 'c'))",
        "code varchar(5) UNIQUE CHECK (code IN ('a', 'b', 'c') AND code IS NOT NULL)",
        "code varchar(5) UNIQUE NULLS NOT DISTINCT CHECK (code IN ('a', 'b', 'c'))",
    ):
        run_sql(conn, f"DROP TABLE tag; CREATE TABLE tag (id serial PRIMARY KEY, {column})")
        with pytest.raises(DbseedError) as info:
            seed(conn, reflect(conn), counts={"tag": 40}, seed=7)
        assert_refusal(info.value, UniquenessError, ["tag", "code"])
        assert "only 3 distinct values" in str(info.value) and "seed 7" in str(info.value)
        assert count(conn, "tag") == 0


def test_a_serial_key_whose_check_leaves_a_hole_takes_the_values_around_it(
    conn: sa.Connection,
) -> None:
    """``id serial CHECK (id BETWEEN 1 AND 10 AND id <> 5)``, 9 rows: refused ("leaves no
    run of 9 keys from 1 on"), though the CHECK allows 9 keys; children point at them.
    Beyond them the refusal says how many keys the CHECK allows."""
    run_sql(
        conn,
        "CREATE TABLE t (id serial PRIMARY KEY, CONSTRAINT ck_hole"
        " CHECK (id BETWEEN 1 AND 10 AND id <> 5));"
        "CREATE TABLE c (id serial PRIMARY KEY, t_id int NOT NULL REFERENCES t)",
    )
    md = reflect(conn)
    seed(conn, md, counts={"t": 9, "c": 30}, seed=3)
    assert count(conn, "t") == 9 and count(conn, "c") == 30
    assert rows_of(conn, "SELECT id FROM t ORDER BY id") == [(i,) for i in range(1, 11) if i != 5]
    run_sql(conn, "TRUNCATE t, c RESTART IDENTITY")
    with pytest.raises(DbseedError) as info:
        seed(conn, md, counts={"t": 10}, seed=3)
    message = assert_refusal(info.value, UniquenessError, ["t.id", "ck_hole"])
    assert "allows only 9 distinct keys" in message and "at most 9 't' rows" in message
    assert count(conn, "t") == 0


def test_a_composite_key_narrowed_by_a_childs_checks_keeps_room_for_its_rows(
    conn: sa.Connection,
) -> None:
    """``p`` (``PRIMARY KEY (id, part)``, no CHECKs) under a child whose nullable key has
    ``CHECK (p_id BETWEEN 1 AND 20)`` and ``CHECK (p_part IN ('a', 'b'))``: the parent's
    columns were narrowed to the child's wishes (20 x 2) and 100 rows refused ("has only 40
    distinct values"). ``id`` now keeps its own range, unique; the child points only at
    the parents its CHECKs allow."""
    run_sql(
        conn,
        "CREATE TABLE p (id int NOT NULL, part varchar(12) NOT NULL, PRIMARY KEY (id, part));"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id int, p_part varchar(12),"
        " CHECK (p_id BETWEEN 1 AND 20), CHECK (p_part IN ('a', 'b')),"
        " FOREIGN KEY (p_id, p_part) REFERENCES p)",
    )
    seed(conn, reflect(conn), counts={"p": 100, "c": 30}, seed=11)
    assert count(conn, "p") == 100 and count(conn, "c") == 30
    assert scalar(conn, "SELECT count(DISTINCT id) FROM p") == 100
    assert scalar(conn, "SELECT count(p_id) FROM c") > 0


def test_a_null_choice_no_not_null_column_can_take_names_the_columns(
    conn: sa.Connection,
) -> None:
    """``num_nonnulls(id, token) = 1`` over two NOT NULL columns: the refusal blamed "the
    table's other CHECK constraints" and suggested overrides, which cannot help. It names
    the NOT NULL columns and says what does."""
    run_sql(
        conn,
        "CREATE TABLE d (id serial PRIMARY KEY, token int NOT NULL, w int CHECK (w > 0),"
        " CONSTRAINT ck_one CHECK (num_nonnulls(id, token) = 1))",
    )
    with pytest.raises(DbseedError) as info:
        seed(conn, reflect(conn), counts={"d": 5}, seed=4)
    message = assert_refusal(info.value, PlanError, ["'d'", "ck_one", "'id'", "'token'"])
    assert "other CHECK" not in message and "seed 4" in message
    assert "nullable" in message and "ask for 0 'd' rows" in message


def test_a_unique_key_holding_part_of_a_one_to_one_key_is_made_unique(
    conn: sa.Connection,
) -> None:
    """``UNIQUE (country_id, phone, ia_id)`` beside a one-to-one key ``(ia_id, ia_part)``
    (unique through an index on ``ia_part``) and ``CHECK (ia_id IN (0, 9))``: each row's
    own parent keeps the pair ``(ia_id, ia_part)`` apart, not ``ia_id``, which takes two
    values. The unique key was taken for kept and phones repeated beside it."""
    run_sql(
        conn,
        "CREATE TABLE ia (id int NOT NULL, part varchar(12) NOT NULL, PRIMARY KEY (id, part));"
        "CREATE TABLE country (id serial PRIMARY KEY);"
        "CREATE TABLE slug (id serial PRIMARY KEY, phone text NOT NULL,"
        " ia_id int NOT NULL, ia_part varchar(12) NOT NULL,"
        " country_id int NOT NULL REFERENCES country,"
        " CONSTRAINT uq_three UNIQUE (country_id, phone, ia_id), CHECK (ia_id IN (0, 9)),"
        " FOREIGN KEY (ia_id, ia_part) REFERENCES ia);"
        "CREATE UNIQUE INDEX ix_part ON slug (lower(ia_part))",
    )
    seed(conn, reflect(conn), counts={"ia": 300, "country": 3, "slug": 275}, seed=571305)
    assert count(conn, "slug") == 275
    distinct = "SELECT count(DISTINCT (country_id, phone, ia_id)) FROM slug"
    assert scalar(conn, distinct) == 275


@pytest.mark.parametrize("key", ["int", "serial"])
def test_a_unique_not_null_self_reference_never_above_the_key_points_at_itself(
    conn: sa.Connection, key: str
) -> None:
    """``CHECK (key >= ref)``, ``ref`` a unique NOT NULL self-reference: a permutation that
    never points at a larger key is the identity, so every row points at itself. The ring
    of earlier rows sent the first row to the last one (key 1, ref 14) and PostgreSQL
    rejected it."""
    run_sql(
        conn,
        f"CREATE TABLE bd (key {key} PRIMARY KEY, ref int NOT NULL UNIQUE REFERENCES bd (key),"
        " slug varchar(40), CONSTRAINT ck_ge CHECK (key >= ref))",
    )
    seed(conn, reflect(conn), counts={"bd": 14}, seed=44)
    assert count(conn, "bd") == 14
    assert scalar(conn, "SELECT count(*) FROM bd WHERE ref = key") == 14


@pytest.mark.parametrize("op", [">", "<", ">="])
@pytest.mark.parametrize("composite", [True, False])
def test_a_numbered_key_compared_with_a_key_into_generated_ids(
    conn: sa.Connection, op: str, composite: bool
) -> None:
    """``CHECK (p_id > "Id")``, ``"Id"`` numbered by this seed and ``p_id`` NOT NULL into a
    parent ``id`` the seed generates (a column of a composite primary key, or a plain
    integer key): ``"Id"`` is kept beyond every parent ``id``, as it is beyond a numbered
    parent's keys. Each row searched for a parent that met its own ``"Id"``, and rows whose
    ``"Id"`` lay beyond every parent's (12 rows, 10 parents) kept one PostgreSQL rejected."""
    if composite:
        parent = "CREATE TABLE p (id int NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part));"
        fk = "p_part timestamp NOT NULL, FOREIGN KEY (p_id, p_part) REFERENCES p (id, part),"
    else:
        parent, fk = "CREATE TABLE p (id int PRIMARY KEY);", "FOREIGN KEY (p_id) REFERENCES p,"
    run_sql(
        conn,
        parent + 'CREATE TABLE c ("Id" serial PRIMARY KEY, p_id int NOT NULL,'
        f' {fk} CONSTRAINT ck_rel CHECK (p_id {op} "Id"))',
    )
    seed(conn, reflect(conn), counts={"p": 10, "c": 12}, seed=5087)
    assert count(conn, "p") == 10 and count(conn, "c") == 12
    assert scalar(conn, 'SELECT count(DISTINCT "Id") FROM c') == 12
    assert scalar(conn, f'SELECT count(*) FROM c WHERE NOT (p_id {op} "Id")') == 0


def test_a_numbered_key_that_cannot_move_beyond_generated_ids_is_refused(
    conn: sa.Connection,
) -> None:
    """As above, with ``CHECK ("Id" > 0)`` keeping ``"Id"`` from moving below the parents'
    ids: 12 rows, parents' ids 2..11, so the rows with ``"Id"`` 11 and 12 have no parent
    above them. Refused up front, naming the table, the CHECK, the seed and a fix, where
    they were written and PostgreSQL rejected them."""
    run_sql(
        conn,
        "CREATE TABLE p (id int NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part));"
        'CREATE TABLE c ("Id" serial PRIMARY KEY CHECK ("Id" > 0), p_id int NOT NULL,'
        " p_part timestamp NOT NULL, FOREIGN KEY (p_id, p_part) REFERENCES p (id, part),"
        ' CONSTRAINT ck_rel CHECK (p_id > "Id"))',
    )
    with pytest.raises(PlanError) as info:
        seed(conn, reflect(conn), counts={"p": 10, "c": 12}, seed=3)
    message = assert_refusal(info.value, PlanError, ["'c'", "ck_rel", "'Id'", "p_id", "seed 3"])
    assert "more" in message and "rows" in message
    assert count(conn, "c") == 0


def test_a_table_asked_for_no_rows_is_not_refused_for_its_foreign_key_check(
    conn: sa.Connection,
) -> None:
    """``CHECK (p_id > 46)`` on a NOT NULL key into 3 numbered parents, in a table asked
    for no rows: nothing points anywhere, so nothing is refused (before: "allows none of
    the 3 'p' rows")."""
    run_sql(
        conn,
        "CREATE TABLE p (key serial PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p,"
        " CONSTRAINT ck_far CHECK (p_id > 46))",
    )
    seed(conn, reflect(conn), counts={"p": 3}, default=0, seed=0)
    assert count(conn, "p") == 3 and count(conn, "c") == 0


def test_two_foreign_keys_compared_into_generated_keys_null_the_nullable_one(
    conn: sa.Connection,
) -> None:
    """``CHECK (zip_id >= city_id)``, ``zip_id`` a NOT NULL key into a plain integer key
    (values the seed generates, not numbers), ``city_id`` a nullable self-reference: no
    pair is known to pass, so the nullable key is NULL and the CHECK holds, as for a
    CHECK no parent passes (before: refused)."""
    run_sql(
        conn,
        "CREATE TABLE zip (id int PRIMARY KEY);"
        "CREATE TABLE city (id int PRIMARY KEY, zip_id int NOT NULL REFERENCES zip,"
        " city_id int REFERENCES city, CONSTRAINT ck_pair CHECK (zip_id >= city_id))",
    )
    seed(conn, reflect(conn), counts={"zip": 20, "city": 30}, seed=8023)
    assert count(conn, "city") == 30
    assert scalar(conn, "SELECT count(city_id) FROM city") == 0
    assert scalar(conn, "SELECT count(DISTINCT zip_id) FROM city") > 1


def test_a_nullable_unique_column_with_few_values_is_pointed_at_where_it_holds_one(
    conn: sa.Connection,
) -> None:
    """``code`` nullable, unique and ``IN ('a', 'b', 'c')`` for 50 rows, with a NOT NULL key
    of another table into it: the three values go to three rows, NULL to the others, and
    the children point at those three (before: refused, "allows only 3 distinct values")."""
    run_sql(
        conn,
        "CREATE TABLE codes (id serial PRIMARY KEY, code varchar(8) UNIQUE,"
        " CHECK (code IN ('a', 'b', 'c')));"
        "CREATE TABLE items (id serial PRIMARY KEY,"
        " code_ref varchar(8) NOT NULL REFERENCES codes (code),"
        " other_ref varchar(8) REFERENCES codes (code))",
    )
    seed(conn, reflect(conn), counts={"codes": 50, "items": 40}, seed=4)
    assert count(conn, "codes") == 50 and count(conn, "items") == 40
    assert scalar(conn, "SELECT count(code) FROM codes") == 3
    assert scalar(conn, "SELECT count(DISTINCT code_ref) FROM items") == 3
    assert scalar(conn, "SELECT count(other_ref) FROM items") > 0


def test_two_one_to_one_keys_compared_in_step_are_kept(conn: sa.Connection) -> None:
    """``CHECK (a_id >= b_id)``, both unique NOT NULL keys into numbered parents: row r
    points at row r of each, so the keys compare alike in every row and nothing needs
    choosing (before: refused, "parents' keys are not numbered by this seed")."""
    run_sql(
        conn,
        "CREATE TABLE a (id serial PRIMARY KEY); CREATE TABLE b (id serial PRIMARY KEY);"
        "CREATE TABLE c (id serial PRIMARY KEY, a_id int NOT NULL UNIQUE REFERENCES a,"
        " b_id int NOT NULL UNIQUE REFERENCES b, CONSTRAINT ck_step CHECK (a_id >= b_id))",
    )
    seed(conn, reflect(conn), counts={"a": 6, "b": 6, "c": 6}, seed=0)
    assert count(conn, "c") == 6
    assert scalar(conn, "SELECT count(*) FROM c WHERE a_id >= b_id") == 6


def test_a_one_to_one_key_inside_a_composite_unique_key_is_no_digit(
    conn: sa.Connection,
) -> None:
    """``UNIQUE (ext_id)`` makes the key ``(ext_id, ext_part) -> ext (id, part)`` one row
    per parent; ``UNIQUE (x_id, ext_part, y_id)`` holds one of its columns. The other
    columns (154 x 18 combinations) keep that key distinct; before, the one-to-one key was
    made a digit of it, its 18 parents repeated and ``ext_id`` collided."""
    run_sql(
        conn,
        "CREATE TABLE ext (id int NOT NULL, part varchar(12) NOT NULL, PRIMARY KEY (id, part));"
        "CREATE TABLE x (id serial PRIMARY KEY); CREATE TABLE y (id serial PRIMARY KEY);"
        "CREATE TABLE hits (id serial PRIMARY KEY, ext_id int, ext_part varchar(12),"
        " x_id int NOT NULL REFERENCES x, y_id int NOT NULL REFERENCES y,"
        " CONSTRAINT uq_ext UNIQUE (ext_id), CONSTRAINT uq_three UNIQUE (x_id, ext_part, y_id),"
        " FOREIGN KEY (ext_id, ext_part) REFERENCES ext)",
    )
    seed(conn, reflect(conn), counts={"ext": 18, "x": 154, "y": 18, "hits": 261}, seed=491)
    assert count(conn, "hits") == 261
    assert scalar(conn, "SELECT count(ext_id) = count(DISTINCT ext_id) FROM hits")
    assert scalar(conn, "SELECT count(ext_id) FROM hits") == 18


def test_review_keys_copied_or_one_to_one_are_not_left_null(conn: sa.Connection) -> None:
    """Two shapes where a key NULL in every row would break a child: a key a CHECK
    compares (``a_code < b_code``) that a child copies into a NOT NULL column through a
    composite key, and a unique boolean pointed at one-to-one by 50 children. Both are
    refused up front, as before, instead of rows PostgreSQL rejects."""
    run_sql(
        conn,
        "CREATE TABLE pa (code text PRIMARY KEY); CREATE TABLE pb (code text PRIMARY KEY);"
        "CREATE TABLE m (id serial PRIMARY KEY, a_code text NOT NULL REFERENCES pa,"
        " b_code text REFERENCES pb, CHECK (a_code < b_code), UNIQUE (id, b_code));"
        "CREATE TABLE g (id serial PRIMARY KEY, m_id int NOT NULL, m_b text NOT NULL,"
        " FOREIGN KEY (m_id, m_b) REFERENCES m (id, b_code));"
        "CREATE TABLE p (id serial PRIMARY KEY, code boolean UNIQUE);"
        "CREATE TABLE c (id serial PRIMARY KEY, p_code boolean UNIQUE NOT NULL REFERENCES p (code))",
    )
    md = reflect(conn)
    for counts in (
        {"pa": 30, "pb": 30, "m": 30, "g": 30, "p": 0, "c": 0},
        {"pa": 0, "pb": 0, "m": 0, "g": 0, "p": 50, "c": 50},
    ):
        with pytest.raises(DbseedError, match=r"seed 3") as refused:
            seed(conn, md, counts=counts, seed=3)
        assert not isinstance(refused.value, ConstraintViolation), refused.value
    assert count(conn, "m") == 0 and count(conn, "c") == 0


@pytest.mark.parametrize("null", ["NOT NULL", ""])
def test_a_key_pattern_the_parents_values_cannot_meet_is_refused_or_null(
    conn: sa.Connection, null: str
) -> None:
    """``token_id LIKE 'x%'`` on a key into ``token.id ~ '^(ab|cd|[0-9]{1,3})+$'``: no
    parent value starts with x. A NOT NULL key is refused up front naming the CHECK; a
    nullable one is NULL (before: rows PostgreSQL rejected)."""
    run_sql(
        conn,
        "CREATE TABLE token (id varchar(20) PRIMARY KEY,"
        " CONSTRAINT ck_token CHECK (id ~ '^(ab|cd|[0-9]{1,3})+$'));"
        f"CREATE TABLE price (id serial PRIMARY KEY, token_id varchar(20) {null}"
        " REFERENCES token, CONSTRAINT ck_x CHECK (token_id LIKE 'x%'))",
    )
    if null:
        with pytest.raises(PlanError, match=r"ck_x.*token_id.*seed 134.*Fix"):
            seed(conn, reflect(conn), counts={"token": 10, "price": 20}, seed=134)
        assert count(conn, "price") == 0
    else:
        seed(conn, reflect(conn), counts={"token": 10, "price": 20}, seed=134)
        assert count(conn, "price") == 20
        assert scalar(conn, "SELECT count(token_id) FROM price") == 0
