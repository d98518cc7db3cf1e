"""Money of one row adds up: totals, line amounts, tax and discounts, by column names.

Seeded into a real PostgreSQL and read back: equalities are exact (``Decimal`` for
NUMERIC, integers for cents), and a column that cannot follow (a CHECK relation naming
it, an override, a precision too small) keeps its own values.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema

CENT = Decimal("0.01")

SHOP = """
CREATE TABLE orders (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
  tax numeric(10,2) NOT NULL, shipping numeric(10,2) NOT NULL DEFAULT 0,
  discount numeric(10,2), total numeric(10,2) NOT NULL CHECK (total >= 0),
  currency char(3) NOT NULL DEFAULT 'USD');
CREATE TABLE order_items (id serial PRIMARY KEY, order_id int NOT NULL REFERENCES orders,
  quantity int NOT NULL CHECK (quantity > 0), unit_price numeric(10,2) NOT NULL,
  line_total numeric(12,2) NOT NULL, discount_percent numeric(5,2));
CREATE TABLE invoices (id serial PRIMARY KEY, amount_cents bigint NOT NULL,
  tax_cents bigint NOT NULL, handling_fee_cents bigint, total_amount_cents bigint NOT NULL);
CREATE TABLE tabs (id serial PRIMARY KEY, amount double precision NOT NULL,
  tip double precision, total double precision NOT NULL);
CREATE TABLE receipts (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
  tax_rate numeric(6,4) NOT NULL, tax_amount numeric(10,2) NOT NULL,
  grand_total numeric(10,2) NOT NULL);
"""


def _seed(conn: sa.Connection, ddl: str, rows: int = 150, **kw: Any) -> sa.MetaData:
    conn.exec_driver_sql(ddl)
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, default=rows, seed=11, **kw)
    return md


def _rows(conn: sa.Connection, table: str) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id")]


def test_order_totals_add_up_with_tax_and_discount_below_the_subtotal(conn: sa.Connection) -> None:
    _seed(conn, SHOP)
    orders = _rows(conn, "orders")
    assert len(orders) == 150
    for o in orders:
        want = o["subtotal"] + o["tax"] + o["shipping"] - (o["discount"] or 0)
        assert o["total"] == want, o
        assert (
            Decimal("0.05") * o["subtotal"] - CENT
            <= o["tax"]
            <= Decimal("0.25") * o["subtotal"] + CENT
        )
        assert o["discount"] is None or o["discount"] < o["subtotal"]
    assert any(o["discount"] for o in orders) and any(o["shipping"] for o in orders)
    assert len({o["tax"] / o["subtotal"] for o in orders if o["subtotal"]}) > 10


def test_line_totals_are_quantity_times_unit_price_less_the_line_discount(
    conn: sa.Connection,
) -> None:
    _seed(conn, SHOP)
    items = _rows(conn, "order_items")
    for it in items:
        gross = it["quantity"] * it["unit_price"]
        if it["discount_percent"] is not None:
            gross -= gross * it["discount_percent"] / 100
        assert it["line_total"] == gross.quantize(CENT, rounding=ROUND_HALF_UP), it
    assert any(it["discount_percent"] is None for it in items)


def test_cents_and_floats_add_up_in_their_own_encoding(conn: sa.Connection) -> None:
    _seed(conn, SHOP)
    for inv in _rows(conn, "invoices"):
        assert isinstance(inv["total_amount_cents"], int)
        want = inv["amount_cents"] + inv["tax_cents"] + (inv["handling_fee_cents"] or 0)
        assert inv["total_amount_cents"] == want, inv
        assert 0 <= inv["tax_cents"] < inv["amount_cents"] or inv["amount_cents"] == 0
    for tab in _rows(conn, "tabs"):
        assert abs(tab["total"] - (tab["amount"] + (tab["tip"] or 0.0))) < 1e-6, tab


def test_tax_follows_the_rows_tax_rate(conn: sa.Connection) -> None:
    _seed(conn, SHOP)
    for r in _rows(conn, "receipts"):
        rate = r["tax_rate"] / 100 if r["tax_rate"] > 1 else r["tax_rate"]
        assert r["tax_amount"] == (r["subtotal"] * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        assert r["grand_total"] == r["subtotal"] + r["tax_amount"]


def test_a_total_a_check_relates_an_override_or_a_narrow_column_keeps_its_own(
    conn: sa.Connection,
) -> None:
    ddl = """
    CREATE TABLE orders (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
      tax numeric(10,2) NOT NULL, total numeric(10,2) NOT NULL, CHECK (total >= subtotal));
    CREATE TABLE carts (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
      fee numeric(10,2) NOT NULL, total numeric(10,2) NOT NULL);
    CREATE TABLE slips (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
      tax numeric(10,2) NOT NULL, total numeric(5,2) NOT NULL);
    """
    _seed(conn, ddl, overrides={"carts": {"total": Decimal("9.99")}})
    orders = _rows(conn, "orders")
    assert all(o["total"] >= o["subtotal"] for o in orders)
    assert any(o["total"] != o["subtotal"] + o["tax"] for o in orders)  # its own values
    assert {c["total"] for c in _rows(conn, "carts")} == {Decimal("9.99")}
    slips = _rows(conn, "slips")
    summed = [s["total"] == s["subtotal"] + s["tax"] for s in slips]
    assert any(summed) and not all(summed)  # adds up where it fits numeric(5,2)
    assert all(s["subtotal"] + s["tax"] >= 1000 for s, ok in zip(slips, summed) if not ok)


def test_any_row_range_gives_the_same_sums() -> None:
    md = sa.MetaData()
    sa.Table("orders", md, sa.Column("id", sa.Integer, primary_key=True),
             *(sa.Column(c, sa.Numeric(10, 2), nullable=False)
               for c in ("subtotal", "tax", "shipping", "discount", "total")))  # fmt: skip
    graph = build_schema(md)
    request = SeedRequest(graph=graph, counts={"orders": 300}, default=1, seed=5)
    rows = SeedRows(graph, decide_offline(request)[1])
    whole = rows.batch("orders", 0, 300)
    again = SeedRows(graph, decide_offline(request)[1])
    part = again.batch("orders", 170, 230)
    assert part["total"] == whole["total"][170:230]
    assert part["tax"] == whole["tax"][170:230]
    for i in range(300):
        want = whole["subtotal"][i] + whole["tax"][i] + whole["shipping"][i] - whole["discount"][i]
        assert whole["total"][i] == want


def test_a_domain_check_on_the_total_is_met(conn: sa.Connection) -> None:
    ddl = """
    CREATE DOMAIN money_amount AS numeric(10,2) CHECK (VALUE >= 0);
    CREATE DOMAIN whole_money AS numeric(10,2) CHECK (VALUE = round(VALUE));
    CREATE TABLE orders (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
      tax numeric(10,2) NOT NULL, total money_amount NOT NULL);
    CREATE TABLE carts (id serial PRIMARY KEY, subtotal numeric(10,2) NOT NULL,
      tax numeric(10,2) NOT NULL, total whole_money NOT NULL);
    """
    _seed(conn, ddl)
    assert all(o["total"] == o["subtotal"] + o["tax"] for o in _rows(conn, "orders"))
    carts = _rows(conn, "carts")
    assert all(c["total"] == round(c["total"]) for c in carts)  # its own, whole values
