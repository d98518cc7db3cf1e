"""Columns with a server default are generated like any other, the default the most common
value; defaults the engine cannot imitate stay the database's."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed import DEFAULT, rows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.values import server_default


def _column(col: sa.Column[Any], *checks: sa.CheckConstraint) -> Any:
    md = sa.MetaData()
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True), col, *checks)
    table = build_schema(md).tables["t"]
    return table, table.column(col.name)


@pytest.mark.parametrize(
    ("column", "action", "value"),
    [
        (sa.Column("status", sa.String(20), server_default="pending"), "mix", "pending"),
        (
            sa.Column(
                "status", sa.String(20), server_default=sa.text("'pending'::character varying")
            ),
            "mix",
            "pending",
        ),  # fmt: skip
        (sa.Column("is_active", sa.Boolean, server_default=sa.true()), "mix", True),
        (sa.Column("is_active", sa.Boolean, server_default=sa.text("false")), "mix", False),
        (sa.Column("retries", sa.Integer, server_default="0"), "mix", 0),
        (
            sa.Column("balance", sa.Numeric(10, 2), server_default=sa.text("(0)::numeric")),
            "mix",
            Decimal("0"),
        ),  # fmt: skip
        (
            sa.Column("ratio", sa.Float, server_default=sa.text("'0.5'::double precision")),
            "mix",
            0.5,
        ),  # fmt: skip
        (sa.Column("created_at", sa.DateTime, server_default=sa.func.now()), "generate", None),
        (
            sa.Column("created_at", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
            "generate",
            None,
        ),  # fmt: skip
        (
            sa.Column(
                "created_at", sa.DateTime, server_default=sa.text("timezone('utc'::text, now())")
            ),
            "generate",
            None,
        ),  # fmt: skip
        (
            sa.Column("born", sa.Date, server_default=sa.text("'1970-01-01'::date")),
            "generate",
            None,
        ),  # a placeholder, not data  # fmt: skip
        (sa.Column("key", sa.Uuid, server_default=sa.text("gen_random_uuid()")), "generate", None),
        (sa.Column("doc", sa.JSON, server_default=sa.text("'{}'::jsonb")), "generate", None),
        (sa.Column("note", sa.String(20), server_default=""), "generate", None),
        (sa.Column("created", sa.BigInteger, server_default="0"), "generate", None),  # epoch
        (sa.Column("rating", sa.Integer, server_default="0"), "generate", None),  # not 1..5
        (sa.Column("code", sa.String(10), server_default=sa.text("make_code()")), "database", None),
        (sa.Column("code", sa.String(3), server_default="toolong"), "generate", None),
    ],
    ids=lambda v: v.name if isinstance(v, sa.Column) else None,
)
def test_what_a_server_default_means(column: sa.Column[Any], action: str, value: Any) -> None:
    table, col = _column(column)
    got = server_default(table, col)
    assert got.action == action
    if action == "mix":
        assert got.value == value and type(got.value) is type(value)


def test_a_default_outside_the_check_is_not_mixed_in() -> None:
    table, col = _column(
        sa.Column("shipbase", sa.Numeric(10, 2), server_default=sa.text("0.00")),
        sa.CheckConstraint("shipbase > 0.00"),
    )
    from pytest_dbseed.engine.checks import analyse_checks

    assert server_default(table, col, analyse_checks(table).columns["shipbase"]).action == (
        "generate"
    )


def test_server_default_columns_vary_with_the_default_most_common(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            "CREATE FUNCTION pg_temp.make_code() RETURNS text LANGUAGE sql AS"
            " $$ SELECT 'C-' || md5(random()::text) $$"
        )
    )
    conn.execute(
        sa.text(
            "CREATE TABLE orders ("
            " id serial PRIMARY KEY,"
            " number bigserial,"
            " status varchar(20) NOT NULL DEFAULT 'pending',"
            " is_active boolean NOT NULL DEFAULT true,"
            " retries integer NOT NULL DEFAULT 0,"
            " created_at timestamptz NOT NULL DEFAULT now(),"
            " updated_at timestamptz DEFAULT now(),"
            " shipbase numeric NOT NULL DEFAULT 0.00 CHECK (shipbase > 0.00),"
            " code text NOT NULL DEFAULT pg_temp.make_code(),"
            " total numeric GENERATED ALWAYS AS (shipbase * 2) STORED)"
        )
    )
    md = sa.MetaData()
    md.reflect(conn, only=["orders"])
    pytest_dbseed.seed(conn, md, counts={"orders": 400}, seed=3)
    got = {
        name: Counter(v for (v,) in conn.execute(sa.text(f"SELECT {name} FROM orders")))
        for name in ("status", "is_active", "retries", "created_at", "shipbase", "code", "number")
    }
    assert got["status"].most_common(1)[0][0] == "pending" and len(got["status"]) >= 3
    assert 0.75 <= got["is_active"][True] / 400 <= 0.95
    assert got["retries"].most_common(1)[0][0] == 0 and 2 <= len(got["retries"]) <= 6
    assert max(got["retries"]) <= 5
    assert len(got["created_at"]) > 300
    assert min(got["shipbase"]) > 0 and len(got["shipbase"]) > 100
    # The function and the sequence fill what the engine does not imitate.
    assert all(str(c).startswith("C-") for c in got["code"]) and len(got["code"]) == 400
    assert sorted(got["number"]) == list(range(1, 401))
    backwards = conn.scalar(sa.text("SELECT count(*) FROM orders WHERE updated_at < created_at"))
    assert backwards == 0


def test_default_override_still_hands_a_column_back(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="open"),
        sa.Column("priority", sa.Integer, nullable=False, server_default="3"),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"ticket": rows(100, status=DEFAULT)}, seed=1)
    statuses, priorities = conn.execute(
        sa.text("SELECT count(DISTINCT status), count(DISTINCT priority) FROM ticket")
    ).one()
    assert (statuses, priorities) == (1, 5)
