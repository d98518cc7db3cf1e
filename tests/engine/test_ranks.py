"""Columns that number the rows of a parent (``UNIQUE (order_id, line_no)``): 1, 2, 3...
per parent, on real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from pytest_dbseed import rows, skewed, uniform
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.spec import Distribution
from tests.engine.realworld.helpers import count, reflect, rows_of, run_sql, scalar, seed

ORDERS = (
    "CREATE TABLE orders (id serial PRIMARY KEY);"
    "CREATE TABLE lines (id serial PRIMARY KEY, order_id int {null} REFERENCES orders,"
    " line_no {kind} NOT NULL {check}, UNIQUE (order_id, line_no))"
)


def _ranks_hold(conn: sa.Connection, first: int) -> None:
    """Each order's line numbers are exactly first, first + 1, ... one per line."""
    got = rows_of(
        conn,
        "SELECT order_id, count(*), min(line_no), max(line_no), count(DISTINCT line_no)"
        " FROM lines WHERE order_id IS NOT NULL GROUP BY order_id",
    )
    assert got
    for _order, n, low, high, distinct in got:
        assert (low, high, distinct) == (first, first + n - 1, n)


@pytest.mark.parametrize("fanout", [uniform(), skewed()], ids=["spread", "zipf"])
def test_line_numbers_run_from_one_within_each_order(
    conn: sa.Connection, fanout: Distribution
) -> None:
    run_sql(conn, ORDERS.format(null="NOT NULL", kind="int", check=""))
    lines = rows(3000, order_id=fanout)
    seed(conn, reflect(conn), counts={"orders": 200, "lines": lines}, seed=5)
    assert count(conn, "lines") == 3000
    _ranks_hold(conn, 1)
    assert scalar(conn, "SELECT max(line_no) FROM lines") < 3000


def test_line_numbers_start_at_the_checks_lower_bound(conn: sa.Connection) -> None:
    run_sql(
        conn,
        ORDERS.format(null="", kind="smallint", check="CONSTRAINT ck_pos CHECK (line_no >= 0)"),
    )
    seed(conn, reflect(conn), counts={"orders": 50, "lines": 900}, seed=2)
    assert count(conn, "lines") == 900
    assert scalar(conn, "SELECT count(*) FROM lines WHERE order_id IS NULL") > 0
    _ranks_hold(conn, 0)


def test_line_numbers_stay_inside_the_checks_upper_bound(conn: sa.Connection) -> None:
    run_sql(
        conn,
        ORDERS.format(null="NOT NULL", kind="int", check="CHECK (line_no BETWEEN 1 AND 400)"),
    )
    seed(conn, reflect(conn), counts={"orders": 40, "lines": 300}, seed=9)
    assert scalar(conn, "SELECT count(*) FROM lines WHERE line_no BETWEEN 1 AND 400") == 300
    _ranks_hold(conn, 1)


def test_appended_lines_number_past_those_there(conn: sa.Connection) -> None:
    run_sql(conn, ORDERS.format(null="NOT NULL", kind="int", check=""))
    seed(conn, reflect(conn), counts={"orders": 30, "lines": 400}, seed=1)
    top = scalar(conn, "SELECT max(line_no) FROM lines")
    seed(conn, reflect(conn), counts={"orders": 0, "lines": 400}, seed=1, append=True)
    assert count(conn, "lines") == 800
    assert scalar(conn, "SELECT count(DISTINCT (order_id, line_no)) FROM lines") == 800
    assert scalar(conn, "SELECT min(line_no) FROM lines WHERE id > 400") == top + 1


@pytest.mark.parametrize("fanout", [uniform(), skewed()], ids=["spread", "zipf"])
def test_ranks_are_the_same_whatever_ranges_are_asked_for(fanout: Distribution) -> None:
    """A range's ranks do not depend on the ranges produced before (batches, parallel
    jobs): each range alone, ranges in any order and one whole pass agree."""
    md = sa.MetaData()
    sa.Table("orders", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "lines",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=True),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.UniqueConstraint("order_id", "line_no"),
    )
    graph = build_schema(md)
    counts = {"orders": 70, "lines": 9000}
    over = {"lines": {"order_id": fanout}}
    request = SeedRequest(graph=graph, counts=counts, overrides=over, default=1, seed=11)
    sources = decide_offline(request)[1]

    def line_no(start: int, stop: int) -> list[Any]:
        return SeedRows(graph, sources).batch("lines", start, stop)["line_no"]

    whole = line_no(0, 9000)
    parents = SeedRows(graph, sources).batch("lines", 0, 9000)["order_id"]
    per: dict[Any, list[int]] = {}
    for parent, n in zip(parents, whole):
        if parent is not None:
            per.setdefault(parent, []).append(n)
    assert len(per) > 50 and all(v == list(range(1, len(v) + 1)) for v in per.values())
    for start, stop in [(8500, 9000), (3000, 3001), (1024, 5000), (4999, 7777)]:
        assert line_no(start, stop) == whole[start:stop]
    produced = SeedRows(graph, sources)
    pieces = [produced.batch("lines", a, a + 700)["line_no"] for a in (2100, 0, 700, 1400)]
    assert pieces[1] + pieces[2] + pieces[3] + pieces[0] == whole[:2800]


def test_a_number_beside_part_of_a_composite_key_is_small_and_distinct(
    conn: sa.Connection,
) -> None:
    """``UNIQUE (flight_id, boarding_no)``, ``flight_id`` one column of the composite key
    into ``ticket_flights``: boarding numbers run 1..N over the table (not per flight: the
    parents' flights are not known row by row), instead of random int32 values."""
    run_sql(
        conn,
        "CREATE TABLE flights (id serial PRIMARY KEY); CREATE TABLE tickets (no serial PRIMARY KEY);"
        "CREATE TABLE ticket_flights (ticket_no int REFERENCES tickets, flight_id int"
        " REFERENCES flights, PRIMARY KEY (ticket_no, flight_id));"
        "CREATE TABLE boarding_passes (ticket_no int NOT NULL, flight_id int NOT NULL,"
        " boarding_no int NOT NULL, PRIMARY KEY (ticket_no, flight_id),"
        " UNIQUE (flight_id, boarding_no), FOREIGN KEY (ticket_no, flight_id)"
        " REFERENCES ticket_flights)",
    )
    counts = {"flights": 20, "tickets": 200, "ticket_flights": 300, "boarding_passes": 250}
    seed(conn, reflect(conn), counts=counts, seed=6)
    assert count(conn, "boarding_passes") == 250
    got = sorted(r[0] for r in rows_of(conn, "SELECT boarding_no FROM boarding_passes"))
    assert got == list(range(1, 251))
