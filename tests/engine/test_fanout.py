"""Fan-out: children spread over parents uniformly or Zipf-like, chosen per foreign key."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed import rows, skewed, uniform
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.sources import Spread, Zipf
from pytest_dbseed.errors import ConfigError


def shop() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table("users", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("teams", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "orders",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.ForeignKey("users.id"), nullable=False),
        sa.Column("referrer_id", sa.ForeignKey("users.id")),
        sa.Column("parent_id", sa.ForeignKey("orders.id")),
        sa.Column("note", sa.String(20)),
    )
    sa.Table(
        "profiles",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.ForeignKey("users.id"), unique=True, nullable=False),
    )
    sa.Table(
        "memberships",
        md,
        sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("team_id", sa.ForeignKey("teams.id"), primary_key=True),
    )
    return md


def _orders(users: int, orders: int, **over: Any) -> tuple[Any, dict[str, list[Any]]]:
    graph = build_schema(shop())
    _, sources = decide_offline(
        SeedRequest(
            graph=graph,
            counts={"users": users, "orders": orders, "profiles": 0, "memberships": 0},
            overrides={"orders": over} if over else {},
            seed=5,
        )
    )
    return sources, SeedRows(graph, sources).batch("orders", 0, orders)


def _assignment(sources: Any, column: str) -> Any:
    return next(k.assignment for k in sources.table("orders").keys if column in k.fk.columns)


def _shares(keys: list[Any], parents: int) -> list[int]:
    counts = Counter(k for k in keys if k is not None)
    return sorted(counts.values(), reverse=True) + [0] * (parents - len(counts))


def test_the_default_is_a_mild_skew_and_uniform_stays_even() -> None:
    sources, skew = _orders(1000, 10_000)
    zipf = _assignment(sources, "user_id")
    assert isinstance(zipf, Zipf) and zipf.s == 0.8
    shares = _shares(skew["user_id"], 1000)
    top = sum(shares[:200]) / 10_000
    assert 0.5 < top < 0.75  # a fifth of the users hold about 60% of the orders
    assert shares[0] > 20 * 10 and shares[-1] >= 1  # a whale; nobody starved at 10 each
    sources, even = _orders(1000, 10_000, user_id=uniform())
    assert isinstance(_assignment(sources, "user_id"), Spread)
    assert sum(_shares(even["user_id"], 1000)[:200]) / 10_000 < 0.35


def test_a_stronger_skew_is_stronger_and_exact_in_total() -> None:
    _, mild = _orders(500, 20_000)
    _, strong = _orders(500, 20_000, user_id=skewed(1.3))
    assert len(strong["user_id"]) == 20_000 and None not in strong["user_id"]
    assert _shares(strong["user_id"], 500)[0] > 1.5 * _shares(mild["user_id"], 500)[0]
    assert set(strong["user_id"]) <= set(range(1, 501))


def test_a_nullable_key_stays_null_sometimes() -> None:
    _, got = _orders(300, 5000, referrer_id=skewed(1.0))
    nulls = sum(1 for k in got["referrer_id"] if k is None)
    assert 300 < nulls < 700


def test_any_range_any_order_same_parents() -> None:
    _, whole = _orders(2500, 7000)
    graph = build_schema(shop())
    _, sources = decide_offline(
        SeedRequest(
            graph=graph,
            counts={"users": 2500, "orders": 7000, "profiles": 0, "memberships": 0},
            seed=5,
        )  # fmt: skip
    )
    cuts = [0, 3, 1024, 1500, 4097, 7000]
    parts = [SeedRows(graph, sources).batch("orders", a, b) for a, b in zip(cuts, cuts[1:])]
    assert [k for p in parts for k in p["user_id"]] == whole["user_id"]


def test_one_batch_of_children_touches_a_short_range_of_parents() -> None:
    _, got = _orders(100_000, 100_000)
    for start in range(0, 100_000, 1024 * 17):
        batch = got["user_id"][start : start + 1024]
        assert max(batch) - min(batch) < 2048 + 1024


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("orders", "user_id", skewed(0), r"orders\.user_id: skewed\(s=0\) needs 0 < s"),
        ("orders", "user_id", skewed(-1.0), r"orders\.user_id.*0 < s <= 10"),
        ("orders", "user_id", skewed("1"), r"orders\.user_id.*needs a number"),  # type: ignore[arg-type]
        ("orders", "user_id", skewed(float("nan")), r"needs a number"),
        ("orders", "note", uniform(), r"orders\.note .*not a foreign key"),
        ("orders", "parent_id", skewed(), r"orders\.parent_id.*its own table"),
        ("profiles", "user_id", skewed(), r"profiles\.user_id.*one child per parent"),
        ("memberships", "user_id", uniform(), r"memberships\.user_id.*composite unique key"),
    ],
)
def test_bad_distributions_name_the_column(
    table: str, column: str, value: Any, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        pytest_dbseed.plan(shop(), counts={table: rows(10, **{column: value})})


def test_seed_overrides_and_rows_take_a_distribution(conn: sa.Connection) -> None:
    md = shop()
    md.create_all(conn)
    pytest_dbseed.seed(
        conn,
        md,
        counts={"users": 200, "orders": rows(4000, referrer_id=uniform())},
        overrides={"orders": {"user_id": skewed(1.2)}},
        default=0,
    )
    busiest, evenest = conn.execute(
        sa.text(
            "SELECT (SELECT max(n) FROM (SELECT count(*) n FROM orders GROUP BY user_id) a),"
            " (SELECT max(n) FROM (SELECT count(*) n FROM orders WHERE referrer_id IS NOT NULL"
            "  GROUP BY referrer_id) b)"
        )
    ).one()
    assert busiest > 4 * evenest
    assert repr(skewed(1.2)) == "pytest_dbseed.skewed(s=1.2)"
    assert repr(uniform()) == "pytest_dbseed.uniform()"
