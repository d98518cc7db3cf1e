"""Generated values of every supported type go into a real PostgreSQL and come back."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pytest_dbseed.engine.checks import analyse_checks
from pytest_dbseed.engine.schema import TableInfo, build_schema
from pytest_dbseed.engine.values import (
    ColumnContext,
    apply_timeline,
    implicit_relations,
    make_generator,
    timeline_for,
)
from pytest_dbseed.engine.values import apply_relations as fix_rows

ROWS = 600


class Plan(enum.Enum):
    free = "free"
    pro = "pro"
    team = "team"


class Shout(sa.types.TypeDecorator[str]):
    """A decorator over VARCHAR(40): generated values follow the impl."""

    impl = sa.String(40)
    cache_ok = True


def everything(md: sa.MetaData) -> sa.Table:
    return sa.Table(
        "everything",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("key", pg.UUID(as_uuid=True), unique=True, nullable=False),
        sa.Column("generic_uuid", sa.Uuid, unique=True),
        sa.Column("email", sa.String(60), unique=True, nullable=False),
        sa.Column("username", sa.String(30), unique=True, nullable=False),
        sa.Column("name", sa.Unicode(80)),
        sa.Column("country_code", sa.CHAR(2)),
        sa.Column("code", sa.String(3), unique=True),
        sa.Column("bio", sa.Text),
        sa.Column("shout", Shout()),
        sa.Column("small", sa.SmallInteger, unique=True),
        sa.Column("big", sa.BigInteger),
        sa.Column("price", sa.Numeric(6, 2)),
        sa.Column("ratio", sa.Float),
        sa.Column("real4", sa.REAL, unique=True),
        sa.Column("is_active", sa.Boolean, nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("naive_at", sa.DateTime(timezone=False), unique=True),
        sa.Column("opens", sa.Time),
        sa.Column("opens_tz", sa.Time(timezone=True)),
        sa.Column("took", sa.Interval),
        sa.Column("pg_took", pg.INTERVAL),
        sa.Column("blob", sa.LargeBinary, unique=True),
        sa.Column("bytea", pg.BYTEA(16)),
        sa.Column("plan", sa.Enum(Plan, name="plan_kind")),
        sa.Column("level", sa.Enum("low", "high", name="level_kind")),
        sa.Column("mood", pg.ENUM("ok", "meh", name="mood_kind")),
        sa.Column("doc", sa.JSON),
        sa.Column("docb", pg.JSONB, unique=False),
        sa.Column("tags", pg.ARRAY(sa.String(20))),
        sa.Column("scores", sa.ARRAY(sa.Integer)),
        sa.Column("ip", pg.INET, unique=True),
        sa.Column("net", pg.CIDR),
        sa.Column("mac", pg.MACADDR, unique=True),
        sa.Column("mac8", pg.MACADDR8),
        sa.Column("cash", pg.MONEY),
        sa.Column("bits", pg.BIT(6)),
        sa.Column("varbits", pg.BIT(12, varying=True)),
        sa.Column("search", pg.TSVECTOR),
        sa.Column("attrs", pg.HSTORE),
        sa.Column("nick", pg.CITEXT, unique=True),
        sa.Column("r_int", pg.INT4RANGE),
        sa.Column("r_big", pg.INT8RANGE),
        sa.Column("r_num", pg.NUMRANGE),
        sa.Column("r_date", pg.DATERANGE),
        sa.Column("r_ts", pg.TSRANGE),
        sa.Column("r_tstz", pg.TSTZRANGE, unique=True),
        sa.Column("mr_int", pg.INT4MULTIRANGE),
    )


def generate(info: TableInfo, seed: int, with_checks: bool = False) -> list[dict[str, Any]]:
    bounds = analyse_checks(info).columns if with_checks else {}
    batch: dict[str, list[Any]] = {}
    for col in info.columns:
        ctx = ColumnContext(info, col, seed=seed, unique=col.unique, bounds=bounds.get(col.name))
        batch[col.name] = make_generator(ctx).batch(0, ROWS)
    # As the engine does: the row's instants run forward, then the relations hold.
    timeline = timeline_for(
        info,
        generated={c.name for c in info.columns if not c.unique},
        written=set(batch),
        bounds=bounds,
        seed=seed,
    )
    if timeline is not None:
        apply_timeline(timeline, batch, 0)
    fix_rows(info, batch, implicit_relations(info), 0, seed)
    return [{name: batch[name][i] for name in batch} for i in range(ROWS)]


def test_every_type_round_trips(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS hstore"))
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS citext"))
    md = sa.MetaData()
    table = everything(md)
    md.create_all(conn)
    info = build_schema(md).tables["everything"]
    rows = generate(info, seed=11)
    if conn.dialect.driver == "psycopg2":
        # psycopg2 has no adapter for multiranges; test_copy_types covers them through COPY.
        for row in rows:
            row["mr_int"] = None
    conn.execute(table.insert(), rows)

    back = {r.id: r._mapping for r in conn.execute(sa.select(table))}
    assert len(back) == ROWS
    for row in rows[:200]:
        got = back[row["id"]]
        for name in ("key", "email", "username", "name", "bio", "small", "big", "price",
                     "is_active", "birth_date", "created_at", "naive_at", "opens", "took",
                     "blob", "plan", "level", "mood", "doc", "docb", "tags", "scores",
                     "attrs", "r_int", "r_date", "r_tstz", "bits"):  # fmt: skip
            want = row[name]
            have = got[name]
            if name == "plan" and have is not None:
                have = have.name
            assert have == want, f"{name}: wrote {want!r}, read {have!r}"
        if row["ratio"] is not None:
            assert abs(got["ratio"] - row["ratio"]) < 1e-9
        if row["cash"] is not None:
            assert Decimal(str(got["cash"]).replace("$", "").replace(",", "")) == row["cash"]

    # The database agrees that the realistic values are what they claim to be.
    checks = conn.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE email !~ '^[^@ ]+@[^@ ]+\\.[a-z]+$'),"
            " count(*) FILTER (WHERE updated_at < created_at),"
            " count(*) FILTER (WHERE age(DATE '2025-01-01', birth_date) < interval '18 years'),"
            " count(DISTINCT key), count(*) FILTER (WHERE is_active IS NULL)"
            " FROM everything"
        )
    ).one()
    assert tuple(checks) == (0, 0, 0, ROWS, 0)


def test_reflected_domains_use_their_data_type(conn: sa.Connection) -> None:
    conn.execute(
        sa.text("CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0 AND VALUE <= 50)")
    )
    # SQLAlchemy reflects a domain over varchar(n) without its n, so text is used here.
    conn.execute(sa.text("CREATE DOMAIN short_text AS text"))
    conn.execute(sa.text("CREATE DOMAIN us_money AS numeric(7, 2) CHECK (VALUE >= 0)"))
    conn.execute(
        sa.text(
            "CREATE TABLE with_domains ("
            " id integer PRIMARY KEY, qty positive_int, email short_text,"
            " amount us_money, label short_text UNIQUE)"
        )
    )
    md = sa.MetaData()
    md.reflect(conn, only=["with_domains"])
    table = md.tables["with_domains"]
    assert isinstance(table.c.qty.type, pg.DOMAIN)
    info = build_schema(md).tables["with_domains"]
    # Alone (the domain read from the declared type) and with the engine's CHECK analysis.
    assert all(0 < r["qty"] <= 50 for r in generate(info, seed=3))
    rows = generate(info, seed=3, with_checks=True)
    assert all(r["qty"] is not None and 0 < r["qty"] <= 50 for r in rows)
    assert all(r["email"] is None or "@" in r["email"] for r in rows)
    conn.execute(table.insert(), rows)
    count, bad = conn.execute(
        sa.text("SELECT count(*), count(*) FILTER (WHERE amount < 0) FROM with_domains")
    ).one()
    assert (count, bad) == (ROWS, 0)
