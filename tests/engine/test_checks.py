"""CHECK constraints read into bounds: SQL text as SQLAlchemy renders it and as
PostgreSQL prints it back, then verified against a real PostgreSQL (values inside
the bounds are accepted, values outside are rejected)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pytest_dbseed.engine.checks import (
    ColumnBounds,
    Relation,
    TableChecks,
    analyse_checks,
    check_names,
)
from pytest_dbseed.engine.schema import CheckInfo, TableInfo, build_schema
from pytest_dbseed.errors import DbseedError, PlanError


def _table(
    *checks: str | sa.ColumnElement[bool], extra: tuple[sa.Column[Any], ...] = ()
) -> sa.Table:
    md = sa.MetaData()
    return sa.Table(
        "item",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("qty", sa.Integer),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("ratio", sa.Float),
        sa.Column("status", sa.String(10)),
        sa.Column("code", sa.String(20)),
        sa.Column("name", sa.Text),
        sa.Column("flag", sa.Boolean),
        sa.Column("starts", sa.Date),
        sa.Column("ends", sa.Date),
        sa.Column("ts", sa.DateTime),
        sa.Column("tstz", sa.DateTime(timezone=True)),
        sa.Column("Weird Col", sa.Integer),
        *extra,
        *(sa.CheckConstraint(c, name=f"ck_{i}") for i, c in enumerate(checks)),
    )


def _info(table: sa.Table) -> TableInfo:
    return build_schema(table.metadata).resolve(table.name)


def analyse(*checks: str | sa.ColumnElement[bool]) -> TableChecks:
    return analyse_checks(_info(_table(*checks)))


def bounds(check: str, column: str) -> ColumnBounds:
    result = analyse(check)
    assert result.unsupported == (), f"{check!r} was not understood"
    return result.columns[column]


# ---------------------------------------------------------------- comparisons with constants

SAME_MEANING = [
    # (declared form, reflected form, column, expected fields)
    ("price > 0", "((price > (0)::numeric))", "price",
     {"low": Decimal(0), "low_inclusive": False, "high": None}),
    ("qty >= 1 AND qty <= 100", "((qty >= 1) AND (qty <= 100))", "qty",
     {"low": 1, "high": 100}),
    ("status IN ('a', 'b')",
     "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
     "status", {"allowed": ("a", "b")}),
    ("status NOT IN ('x', 'y')",
     "((status)::text <> ALL ((ARRAY['x'::character varying, 'y'::character varying])::text[]))",
     "status", {"excluded": ("x", "y"), "allowed": None}),
    ("length(code) BETWEEN 2 AND 5",
     "((length((code)::text) >= 2) AND (length((code)::text) <= 5))",
     "code", {"min_length": 2, "max_length": 5}),
    ("char_length(code) >= 3", "(char_length((code)::text) >= 3)", "code", {"min_length": 3}),
    ("starts > '2020-01-01'", "((starts > '2020-01-01'::date))", "starts",
     {"low": dt.date(2020, 1, 1), "low_inclusive": False}),
    ("ts >= '2020-01-01 10:00:00'::timestamp",
     "((ts >= '2020-01-01 10:00:00'::timestamp without time zone))", "ts",
     {"low": dt.datetime(2020, 1, 1, 10)}),
    ("ratio BETWEEN -1.5 AND 0.5",
     "((ratio >= ('-1.5'::numeric)::double precision) AND (ratio <= (0.5)::double precision))",
     "ratio", {"low": -1.5, "high": 0.5}),
    ('"Weird Col" > -5', "((\"Weird Col\" > '-5'::integer))", "Weird Col", {"low": -4}),
    ("qty <> 50", "((qty <> 50))", "qty", {"excluded": (50,)}),
    ("qty != 50", "NOT qty = 50", "qty", {"excluded": (50,)}),
    ("price >= 0.5", "((price >= (0.5)::numeric))", "price", {"low": Decimal("0.5")}),
    ("0 < qty", "((0 < qty))", "qty", {"low": 1}),
    ("qty IS NOT NULL", "((qty IS NOT NULL))", "qty", {"not_null": True}),
    ("status = 'a' OR status = 'b'",
     "(((status)::text = 'a'::text) OR ((status)::text = 'b'::text))",
     "status", {"allowed": ("a", "b")}),
    ("starts BETWEEN date '2000-01-01' AND date '2030-12-31'",
     "((starts >= '2000-01-01'::date) AND (starts <= '2030-12-31'::date))",
     "starts", {"low": dt.date(2000, 1, 1), "high": dt.date(2030, 12, 31)}),
]  # fmt: skip


@pytest.mark.parametrize("form", [0, 1], ids=["declared", "reflected"])
@pytest.mark.parametrize(
    "declared, reflected, column, expected", SAME_MEANING, ids=[c[0] for c in SAME_MEANING]
)
def test_declared_and_reflected_forms_give_the_same_bounds(
    form: int, declared: str, reflected: str, column: str, expected: dict[str, Any]
) -> None:
    got = bounds((declared, reflected)[form], column)
    for attr, value in expected.items():
        assert getattr(got, attr) == value, (attr, got)


def test_literals_are_typed_after_the_column() -> None:
    got = analyse(
        "price > 0", "ratio < 2", "starts >= '2021-03-04'", "tstz > '2020-01-01 00:00:00+02'"
    ).columns
    assert type(got["price"].low) is Decimal
    assert type(got["ratio"].high) is float
    assert got["starts"].low == dt.date(2021, 3, 4)
    assert got["tstz"].low == dt.datetime(2020, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    naive_for_aware = analyse("tstz > '2020-01-01'").columns["tstz"].low
    assert naive_for_aware.tzinfo is not None


@pytest.mark.parametrize(
    "check, low, high",
    [
        ("qty > 2.5", 3, None),
        ("qty < 2.5", None, 2),
        ("qty > 2", 3, None),
        ("qty < 2", None, 1),
        ("qty <= -2", None, -2),
        ("qty BETWEEN SYMMETRIC 10 AND 1", 1, 10),
        ("qty > 2 * 3 + 1", 8, None),
        ("qty < 7 / 2", None, 2),  # integer division, as in SQL
        ("CAST('12' AS integer) < qty", 13, None),
    ],
)
def test_integer_bounds_are_inclusive(check: str, low: int | None, high: int | None) -> None:
    got = bounds(check, "qty")
    assert (got.low, got.high) == (low, high)
    assert got.low_inclusive and got.high_inclusive


def test_bool_checks() -> None:
    assert bounds("flag = true", "flag").allowed == (True,)
    assert bounds("flag", "flag").allowed == (True,)
    assert bounds("NOT flag", "flag").allowed == (False,)
    got = bounds("flag IS TRUE", "flag")
    assert got.allowed == (True,) and got.not_null
    assert bounds("flag IS NOT TRUE", "flag").allowed == (False,)
    assert bounds("flag IN (0, 1)", "flag").allowed == (False, True)


def test_identifiers_quoted_qualified_and_case_folded() -> None:
    assert bounds("QTY > 3", "qty").low == 4
    assert bounds("item.qty > 3", "qty").low == 4
    assert bounds('"item"."qty" > 3', "qty").low == 4
    assert analyse('"QTY" > 3').unsupported == ("ck_0",)  # quoted: no such column


def test_array_literal_and_any() -> None:
    assert bounds("status = ANY ('{a,b,\"c d\"}'::text[])", "status").allowed == ("a", "b", "c d")
    assert bounds("qty = ANY (ARRAY[1, 2, 3])", "qty").allowed == (1, 2, 3)


def test_strings_with_quotes() -> None:
    assert bounds("status IN ('it''s', 'b')", "status").allowed == ("it's", "b")


# ---------------------------------------------------------------- relations


@pytest.mark.parametrize(
    "check, relation",
    [
        ("ends >= starts", Relation("ends", ">=", "starts", "ck_0")),
        ("(ends >= starts)", Relation("ends", ">=", "starts", "ck_0")),
        ("((ends)::date > (starts)::date)", Relation("ends", ">", "starts", "ck_0")),
        ("starts <> ends", Relation("starts", "<>", "ends", "ck_0")),
        ("NOT (ends < starts)", Relation("ends", ">=", "starts", "ck_0")),
    ],
)
def test_column_against_column(check: str, relation: Relation) -> None:
    got = analyse(check)
    assert got.relations == (relation,)
    assert got.unsupported == ()


def test_relation_with_a_column_against_itself() -> None:
    assert analyse("qty >= qty").relations == ()
    with pytest.raises(PlanError, match="ck_0"):
        analyse("qty < qty")


# ---------------------------------------------------------------- AND / OR / NOT


def test_and_intersects_across_constraints() -> None:
    got = analyse("qty > 0", "qty < 10", "qty BETWEEN 5 AND 20", "qty <> 7").columns["qty"]
    assert (got.low, got.high, got.excluded) == (5, 9, (7,))
    assert set(got.constraints) == {"ck_0", "ck_1", "ck_2", "ck_3"}


def test_in_list_is_filtered_by_the_other_bounds() -> None:
    got = analyse("qty IN (1, 5, 10, 20)", "qty > 3", "qty <> 10").columns["qty"]
    assert got.allowed == (5, 20)


def test_or_of_equalities_on_one_column_is_an_allowed_list() -> None:
    got = bounds("status = 'a' OR status IN ('b', 'c') OR status = 'a'", "status")
    assert got.allowed == ("a", "b", "c")


def test_is_null_branch_is_dropped() -> None:
    got = analyse("qty IS NULL OR qty > 5")
    assert got.columns["qty"].low == 6
    assert not got.columns["qty"].not_null
    assert got.unsupported == ()
    assert bounds("code IS NULL OR code <> ''", "code").excluded == ("",)


def test_other_or_takes_the_first_understood_branch() -> None:
    got = analyse("qty > 5 OR price < 3")
    assert got.columns == {"qty": got.columns["qty"]}
    assert got.columns["qty"].low == 6
    got = analyse("name ~ '^[[:upper:]]' OR qty > 3")
    assert got.columns["qty"].low == 4
    assert got.unsupported == ()


def test_or_falls_back_to_a_branch_that_fits_the_other_constraints() -> None:
    got = analyse("qty > 100 OR qty < 0", "qty <= 50").columns["qty"]
    assert (got.low, got.high) == (None, -1)


def test_not_is_pushed_inwards() -> None:
    assert bounds("NOT (qty = 7)", "qty").excluded == (7,)
    assert bounds("NOT (qty > 3 AND qty < 10)", "qty").excluded == (4, 5, 6, 7, 8, 9)
    assert bounds("NOT (qty IN (1, 2))", "qty").excluded == (1, 2)
    assert bounds("NOT (qty NOT IN (1, 2))", "qty").allowed == (1, 2)
    assert bounds("qty NOT BETWEEN 1 AND 10", "qty").excluded == tuple(range(1, 11))
    assert bounds("qty NOT BETWEEN 1 AND 100", "qty").high == 0  # a long gap: one side
    assert bounds("NOT (code IS NULL)", "code").not_null
    assert bounds("NOT (qty <= 0 OR qty >= 10)", "qty").low == 1


def test_constants_and_nulls() -> None:
    assert analyse("1 = 1").columns == {} and analyse("1 = 1").unsupported == ()
    assert analyse("qty > NULL").unsupported == ()  # NULL comparisons always pass a CHECK
    assert bounds("qty IN (1, NULL)", "qty").allowed == (1,)


# ---------------------------------------------------------------- what is not understood


@pytest.mark.parametrize(
    "check",
    [
        "name ~ '^[[:upper:]]'",
        "name SIMILAR TO 'A%'",
        "qty::text ~ '^1'",
        "ts <= now()",
        "starts < CURRENT_DATE",
        "qty % 2 = 0",
        "lower(code) = code",
        "qty > :qty_1",
        "EXTRACT(year FROM starts) > 2000",
        "CASE WHEN qty > 0 THEN true ELSE false END",
        "qty IS NULL",
        "qty > price + 1",
        "ends > starts + 1",
        "ARRAY[qty] @> ARRAY[1]",
        "qty IN (SELECT 1)",
        "qty >",
        "(((",
        "'unterminated",
        "",
        "qty IS DISTINCT FROM 3",
        "(qty, price) > (1, 2)",
        "length(trim(code)) > 0",
        "status = ANY (other_array)",
        "ts > '1 day'::interval",
        "qty > 'not a number'",
    ],
)
def test_odd_checks_are_left_to_the_database(check: str) -> None:
    got = analyse(check)
    assert got.unsupported == ("ck_0",)
    assert got.columns == {} and got.relations == ()


def test_a_partly_understood_constraint_keeps_its_understood_conjuncts() -> None:
    got = analyse("qty > 0 AND name ~ '^[[:upper:]]' AND (price IS NULL OR price < 10)")
    assert got.columns["qty"].low == 1
    assert got.columns["price"].high == Decimal(10)
    assert got.unsupported == ("ck_0",)
    assert got.constraint_columns["ck_0"] == ("qty", "price", "name")


def test_constraint_columns_and_names() -> None:
    table = _info(_table("ends >= starts", "name ~ '\\y' OR \"Weird Col\" > 1", "qty >"))
    got = analyse_checks(table)
    assert got.constraint_columns == {
        "ck_0": ("starts", "ends"),
        "ck_1": ("name", "Weird Col"),
        "ck_2": ("qty",),
    }
    assert check_names(table) == {
        "ck_0": "ends >= starts",
        "ck_1": "name ~ '\\y' OR \"Weird Col\" > 1",
        "ck_2": "qty >",
    }


def test_unnamed_constraint_is_labelled_by_its_text() -> None:
    md = sa.MetaData()
    t = sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("a", sa.Text))
    t.append_constraint(sa.CheckConstraint("a ~ '\\yx'"))
    assert analyse_checks(_info(t)).unsupported == ("a ~ '\\yx'",)


# ---------------------------------------------------------------- contradictions


@pytest.mark.parametrize(
    "checks, column",
    [
        (("qty > 10 AND qty < 5",), "qty"),
        (("qty > 10", "qty < 5"), "qty"),
        (("qty > 1", "qty < 2"), "qty"),  # no integer strictly between
        (("status IN ('a')", "status <> 'a'"), "status"),
        (("status IN ('a', 'b')", "status IN ('c')"), "status"),
        (("length(code) > 5", "length(code) < 3"), "code"),
        (("qty BETWEEN 1 AND 2", "qty NOT IN (1, 2)"), "qty"),
        (("price > 5", "price <= 5"), "price"),
        (("qty = 2.5",), None),
        (("false",), None),
    ],
)
def test_contradictions_are_refused_with_the_fix(
    checks: tuple[str, ...], column: str | None
) -> None:
    with pytest.raises(PlanError) as info:
        analyse(*checks)
    message = str(info.value)
    assert "'item'" in message
    assert f"ck_{len(checks) - 1}" in message
    assert "override" in message
    if column:
        assert repr(column) in message
        assert f"rows(N, {column}=...)" in message


def test_contradiction_is_a_dbseed_error() -> None:
    with pytest.raises(DbseedError):
        analyse("qty > 10 AND qty < 5")


def test_contradiction_only_in_one_or_branch_is_fine() -> None:
    got = analyse("(qty > 10 AND qty < 5) OR qty = 1")
    assert got.columns["qty"].allowed == (1,)


# ---------------------------------------------------------------- declared in Python


def test_checks_declared_as_expressions_are_rendered_with_their_values() -> None:
    qty: sa.ColumnClause[Any] = sa.column("qty")
    status: sa.ColumnClause[Any] = sa.column("status")
    got = analyse(sa.and_(qty > 3, status.in_(["a", "b"])), qty.between(1, 10))
    assert got.unsupported == ()
    assert got.columns["qty"].low == 4 and got.columns["qty"].high == 10
    assert got.columns["status"].allowed == ("a", "b")


class Mood(enum.Enum):
    sad = "s"
    happy = "h"


def test_enum_and_boolean_constraints_made_by_sqlalchemy() -> None:
    md = sa.MetaData()
    t = sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mood", sa.Enum(Mood, create_constraint=True, native_enum=False)),
        sa.Column("ok", sa.Boolean(create_constraint=True)),
    )
    got = analyse_checks(_info(t))
    assert got.unsupported == ()
    assert got.columns["mood"].allowed == ("sad", "happy")
    assert got.columns["ok"].allowed == (False, True)


def test_admits() -> None:
    got = analyse("qty > 0 AND qty <= 10 AND qty <> 5").columns["qty"]
    assert [v for v in range(-1, 13) if got.admits(v)] == [1, 2, 3, 4, 6, 7, 8, 9, 10]
    code = bounds("length(code) BETWEEN 2 AND 3", "code")
    assert [code.admits(s) for s in ("a", "ab", "abc", "abcd")] == [False, True, True, False]


# ---------------------------------------------------------------- against PostgreSQL

PG_DDL = """
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE booking (
    id integer PRIMARY KEY,
    qty integer NOT NULL CONSTRAINT ck_qty CHECK (qty >= 1 AND qty <= 100 AND qty <> 50),
    price numeric(10, 2) NOT NULL CONSTRAINT ck_price CHECK (price > 0 AND price < 1000.5),
    ratio double precision NOT NULL CONSTRAINT ck_ratio CHECK (ratio BETWEEN -1.5 AND 0.5),
    status varchar(20) NOT NULL CONSTRAINT ck_status CHECK (status IN ('new', 'paid', 'void')),
    kind text NOT NULL CONSTRAINT ck_kind CHECK (kind NOT IN ('bad', 'worse')),
    code text NOT NULL CONSTRAINT ck_code CHECK (char_length(code) BETWEEN 2 AND 5),
    tag text CONSTRAINT ck_tag CHECK (tag IS NULL OR length(tag) >= 3),
    starts date NOT NULL CONSTRAINT ck_starts CHECK (starts >= DATE '2020-01-01'),
    ends date NOT NULL,
    at timestamp NOT NULL CONSTRAINT ck_at CHECK (at < '2030-01-01 00:00:00'::timestamp),
    level smallint NOT NULL CONSTRAINT ck_level CHECK (level = 1 OR level = 3 OR level = 5),
    score integer NOT NULL CONSTRAINT ck_score CHECK (NOT (score BETWEEN 10 AND 20) AND -5 < score),
    "Odd Name" integer NOT NULL CONSTRAINT "ck odd" CHECK ("Odd Name" > 2),
    flag boolean NOT NULL CONSTRAINT ck_flag CHECK (flag IS TRUE),
    dom positive_int NOT NULL,
    CONSTRAINT ck_order CHECK (ends >= starts)
);
"""


def _inside(b: ColumnBounds, kind: str) -> Any:
    if b.allowed is not None:
        return b.allowed[-1]
    step: Any = {
        "int": 1, "num": Decimal("0.01"), "float": 0.25, "date": dt.timedelta(days=1),
        "ts": dt.timedelta(seconds=1),
    }.get(kind)  # fmt: skip
    if kind == "str":
        length = b.min_length or 1
        assert b.max_length is None or length <= b.max_length
        return "q" * length
    if b.low is not None:
        value = b.low if b.low_inclusive else b.low + step
    elif b.high is not None:
        value = b.high if b.high_inclusive else b.high - step
    else:
        value = {"int": 0, "num": Decimal(1), "float": 0.0}[kind]
    while value in b.excluded:
        value += step
    return value


def _outside(b: ColumnBounds, kind: str) -> list[Any]:
    """Values just outside each bound; the database must refuse every one."""
    step: Any = {
        "int": 1, "num": Decimal("0.01"), "float": 0.25, "date": dt.timedelta(days=1),
        "ts": dt.timedelta(seconds=1),
    }.get(kind)  # fmt: skip
    out: list[Any] = list(b.excluded)
    if b.allowed is not None:
        out.append("zzz" if kind == "str" else max(b.allowed) + 1)
    if b.low is not None:
        out.append(b.low if not b.low_inclusive else b.low - step)
    if b.high is not None:
        out.append(b.high if not b.high_inclusive else b.high + step)
    if b.min_length:
        out.append("q" * (b.min_length - 1))
    if b.max_length is not None:
        out.append("q" * (b.max_length + 1))
    return out


KINDS = {
    "qty": "int", "price": "num", "ratio": "float", "status": "str", "kind": "str",
    "code": "str", "tag": "str", "starts": "date", "at": "ts", "level": "int", "score": "int",
    "Odd Name": "int", "flag": "bool", "dom": "int",
}  # fmt: skip


@pytest.fixture
def booking(conn: sa.Connection) -> tuple[sa.Table, TableChecks]:
    conn.exec_driver_sql(PG_DDL)
    md = sa.MetaData()
    md.reflect(conn, only=["booking"])
    table = md.tables["booking"]
    return table, analyse_checks(build_schema(md).resolve("booking"))


def _valid_row(checks: TableChecks) -> dict[str, Any]:
    row: dict[str, Any] = {"id": 1}
    for name, kind in KINDS.items():
        b = checks.columns.get(name, ColumnBounds())
        row[name] = True if kind == "bool" and b.allowed is None else _inside(b, kind)
    row["ends"] = row["starts"]  # ends >= starts, at the edge
    return row


def test_reflected_checks_are_all_understood(booking: tuple[sa.Table, TableChecks]) -> None:
    _, checks = booking
    assert checks.unsupported == ()
    assert checks.relations == (Relation("ends", ">=", "starts", "ck_order"),)
    cols = checks.columns
    assert (cols["qty"].low, cols["qty"].high, cols["qty"].excluded) == (1, 100, (50,))
    assert cols["price"].low == Decimal(0) and not cols["price"].low_inclusive
    assert cols["price"].high == Decimal("1000.5")
    assert cols["status"].allowed == ("new", "paid", "void")
    assert cols["level"].allowed == (1, 3, 5)
    assert cols["code"].min_length == 2 and cols["code"].max_length == 5
    assert cols["tag"].min_length == 3
    assert cols["starts"].low == dt.date(2020, 1, 1)
    assert cols["at"].high == dt.datetime(2030, 1, 1)
    assert cols["Odd Name"].low == 3
    assert cols["flag"].allowed == (True,) and cols["flag"].not_null
    assert cols["dom"].low == 1  # from the domain's CHECK (VALUE > 0)
    assert cols["score"].low == -4 and cols["score"].high is None
    assert cols["score"].excluded == tuple(range(10, 21))  # both sides of the gap


def test_values_inside_the_bounds_are_accepted(
    conn: sa.Connection, booking: tuple[sa.Table, TableChecks]
) -> None:
    table, checks = booking
    row = _valid_row(checks)
    conn.execute(table.insert(), [row])
    # Every allowed value of every IN list is accepted too.
    for i, (name, b) in enumerate(checks.columns.items()):
        for j, value in enumerate(b.allowed or ()):
            conn.execute(table.insert(), [{**row, "id": 100 + 10 * i + j, name: value}])
    assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 1 + sum(
        len(b.allowed or ()) for b in checks.columns.values()
    )


def test_values_outside_the_bounds_are_rejected(
    conn: sa.Connection, booking: tuple[sa.Table, TableChecks]
) -> None:
    table, checks = booking
    row = _valid_row(checks)
    tried = 0
    for name, b in checks.columns.items():
        if KINDS[name] == "bool":
            continue
        for value in _outside(b, KINDS[name]):
            savepoint = conn.begin_nested()
            with pytest.raises(IntegrityError, match="check constraint"):
                conn.execute(table.insert(), [{**row, name: value}])
            savepoint.rollback()
            tried += 1
    savepoint = conn.begin_nested()
    with pytest.raises(IntegrityError, match="ck_order"):
        conn.execute(table.insert(), [{**row, "ends": row["starts"] - dt.timedelta(days=1)}])
    savepoint.rollback()
    assert tried >= 20


@pytest.mark.parametrize(
    "check, fits, breaks",
    [
        ("n > 0", [1, 2], [0, -1]),
        ("n BETWEEN -3 AND 3 AND n <> 0", [-3, 3, 1], [-4, 4, 0]),
        ("n IN (2, 4) OR n IS NULL", [2, 4], [3]),
        ("NOT (n BETWEEN 1 AND 5)", [0], [1, 5]),
        ("mod(n, 2) = 0 AND n > 10", [12], [9]),  # understood part: n > 10
    ],
)
def test_chosen_values_round_trip_through_postgresql(
    conn: sa.Connection, check: str, fits: list[int], breaks: list[int]
) -> None:
    conn.execute(sa.text(f"CREATE TABLE rt (n integer CONSTRAINT ck CHECK ({check}))"))
    md = sa.MetaData()
    md.reflect(conn, only=["rt"])
    table = md.tables["rt"]
    got = analyse_checks(_info(table)).columns["n"]
    for value in fits:
        assert got.admits(value)
        conn.execute(table.insert(), [{"n": value}])
    for value in breaks:
        assert not got.admits(value)
        savepoint = conn.begin_nested()
        with pytest.raises(IntegrityError):
            conn.execute(table.insert(), [{"n": value}])
        savepoint.rollback()


def test_declared_model_and_its_reflection_agree(conn: sa.Connection) -> None:
    table = _table(
        "price > 0",
        "qty >= 1 AND qty <= 100",
        "status IN ('a', 'b')",
        "ends >= starts",
        "length(code) BETWEEN 2 AND 5",
        "char_length(name) >= 3",
        "ratio BETWEEN -1.5 AND 0.5",
        "status NOT IN ('x')",
        "qty != 51",
        "starts > '2020-01-01'",
        "ts >= '2020-01-01 10:00:00'::timestamp",
        '"Weird Col" > -5',
        "flag = true or flag is null",
        "code IS NULL OR code <> ''",
        "NOT (qty = 7)",
        "0 < qty",
        "octet_length(code) <= 8",
        sa.column("qty") > 3,
    )
    table.metadata.create_all(conn)
    reflected = sa.MetaData()
    reflected.reflect(conn, only=["item"])

    def strip(result: TableChecks) -> tuple[dict[str, Any], set[Relation]]:
        cols = {
            name: (b.low, b.low_inclusive, b.high, b.high_inclusive, b.allowed,
                   set(b.excluded), b.min_length, b.max_length, b.not_null)
            for name, b in result.columns.items()
        }  # fmt: skip
        return cols, set(result.relations)

    declared = analyse_checks(_info(table))
    back = analyse_checks(build_schema(reflected).resolve("item"))
    assert declared.unsupported == back.unsupported == ()
    assert strip(declared) == strip(back)


def test_analysis_is_deterministic() -> None:
    runs: list[Callable[[], TableChecks]] = [
        lambda: analyse("qty IN (1, 2, 3, 4)", "qty <> 2", "status IN ('b', 'a')", "qty < 4")
    ] * 3
    results = [run() for run in runs]
    assert results[0] == results[1] == results[2]
    assert results[0].columns["qty"].allowed == (1, 3)


def test_bounds_must_fit_the_column_itself() -> None:
    md = sa.MetaData()
    t = sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(4)),
        sa.Column("kind", sa.String(3)),
        sa.Column("mood", sa.Enum("sad", "ok", name="mood")),
        sa.CheckConstraint("kind IN ('abcd', 'ab')", name="ck_kind"),
        sa.CheckConstraint("mood IN ('ok', 'great')", name="ck_mood"),
    )
    got = analyse_checks(_info(t)).columns
    assert got["kind"].allowed == ("ab",)  # 'abcd' cannot be stored in VARCHAR(3)
    assert got["mood"].allowed == ("ok",)
    t.append_constraint(sa.CheckConstraint("char_length(code) >= 5", name="ck_code"))
    with pytest.raises(PlanError, match=r"ck_code.*'code'.*at most 4 characters"):
        analyse_checks(_info(t))


def test_random_text_never_raises_anything_but_plan_error() -> None:
    import random

    vocab = [
        "qty", "price", "status", "code", "flag", "starts", "ends", '"Weird Col"', "(", ")",
        "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "TRUE", "FALSE", "ANY", "ALL",
        "ARRAY[", "]", ",", "::", "text", "numeric", "date", "double precision", "=", "<>", "<",
        ">=", "0", "-1", "2.5", "1e3", "'a'", "'2020-01-01'", "'{a,b}'", "length(", "+", "*",
        "/", "CAST(", "AS", "SYMMETRIC", "CASE", "WHEN", "END", "LIKE", "~", "now()", ":p",
        "[]", "@>", "$1", "\\",
    ]  # fmt: skip
    rnd = random.Random(1234)
    outcomes = set()
    base = _info(_table())
    for _ in range(1500):
        text = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 10)))
        info = dataclasses.replace(base, checks=(CheckInfo("ck_0", text, sa.text(text)),))
        try:
            got = analyse_checks(info)
            outcomes.add("unsupported" if got.unsupported else "understood")
        except PlanError:
            outcomes.add("contradiction")
    assert outcomes == {"unsupported", "understood", "contradiction"}


# --------------------------------------------------------------------------- bounds reach values


def _values(table: sa.Table, column: str, n: int = 2000, unique: bool = False) -> list[Any]:
    from pytest_dbseed.engine.values import ColumnContext, make_generator

    info = _info(table)
    checks = analyse_checks(info)
    ctx = ColumnContext(
        info, info.column(column), seed=3, bounds=checks.columns.get(column), unique=unique
    )
    return make_generator(ctx).batch(0, n)


@pytest.mark.parametrize(
    ("sql_type", "check", "ok"),
    [
        (sa.REAL(), "x < 0", lambda v: v < 0),
        (sa.REAL(), "x > 0", lambda v: v > 0),
        (sa.Float(), "x < 0", lambda v: v < 0),
        (sa.REAL(), "x > 1000000000", lambda v: v > 1e9),
        (sa.REAL(), "x > 0 AND x < 0.001", lambda v: 0 < v < 0.001),
    ],
)
def test_strict_float_bounds_never_give_the_boundary(
    sql_type: Any, check: str, ok: Callable[[float], bool]
) -> None:
    import array

    md = sa.MetaData()
    t = sa.Table("f", md, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("x", sql_type, nullable=False), sa.CheckConstraint(check))  # fmt: skip
    values = [v for v in _values(t, "x") if v is not None]
    stored = array.array("f", values).tolist() if isinstance(sql_type, sa.REAL) else values
    assert values and all(ok(v) for v in stored)


@pytest.mark.parametrize("sql_type", [sa.SmallInteger(), sa.Numeric(5, 0), sa.Float()])
def test_semantic_range_outside_the_check_keeps_the_check_capacity(sql_type: Any) -> None:
    md = sa.MetaData()
    t = sa.Table("rank", md, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("height", sql_type, nullable=False, unique=True),
                 sa.CheckConstraint("height BETWEEN 0 AND 60"))  # fmt: skip
    values = _values(t, "height", n=61, unique=True)
    assert sorted(int(v) for v in values) == list(range(61))


@pytest.mark.parametrize("op", [">", ">=", "<", "<="])
@pytest.mark.parametrize("right", [sa.Float(), sa.Numeric(6, 2)])
@pytest.mark.parametrize("left", [sa.BigInteger(), sa.Numeric(8, 1)])
def test_relation_between_integer_and_fractional_columns_keeps_the_left_type(
    op: str, right: Any, left: Any
) -> None:
    from pytest_dbseed.engine.values import apply_relations

    md = sa.MetaData()
    t = sa.Table("m", md, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("n", left), sa.Column("f", right))  # fmt: skip
    info = _info(t)
    fs: list[Any] = [983.3666, 0.5, -12.25, 7.0] if isinstance(right, sa.Float) else [
        Decimal("9833.99"), Decimal("0.01"), Decimal("-3.50"), Decimal("7.00")]  # fmt: skip
    ns: list[Any] = [0, 10**6, -(10**6), 7] if isinstance(left, sa.BigInteger) else [
        Decimal("0.0"), Decimal("99999.0"), Decimal("-99999.0"), Decimal("7.0")]  # fmt: skip
    batch = {"n": list(ns), "f": list(fs)}
    apply_relations(info, batch, [Relation("n", op, "f")], 0, seed=1)
    test = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}[op]  # fmt: skip
    for n, f in zip(batch["n"], batch["f"]):
        assert test(n, f), (n, f)
        if isinstance(left, sa.BigInteger):
            assert isinstance(n, int)
        else:
            assert isinstance(n, (int, Decimal)) and Decimal(n) == Decimal(n).quantize(
                Decimal("0.1")
            )


def test_or_of_integer_ranges_joins_them_when_the_gap_is_short() -> None:
    b = bounds("qty < 9 OR qty > 15", "qty")
    assert (b.low, b.high, b.excluded) == (None, None, (9, 10, 11, 12, 13, 14, 15))
    b = bounds("qty BETWEEN 1 AND 3 OR qty BETWEEN 5 AND 8", "qty")
    assert (b.low, b.high, b.excluded) == (1, 8, (4,))
    b = bounds("qty BETWEEN 1 AND 3 OR qty BETWEEN 2 AND 8", "qty")
    assert (b.low, b.high, b.excluded) == (1, 8, ())


def test_or_of_ranges_with_a_long_gap_takes_the_widest() -> None:
    b = bounds("qty BETWEEN 1 AND 5 OR qty BETWEEN 1000 AND 2000", "qty")
    assert (b.low, b.high) == (1000, 2000)
    b = bounds("price < 0 OR price BETWEEN 1 AND 2", "price")
    assert b.high == 0 and b.low is None


# --------------------------------------------------------------------------- NULL choices


@pytest.mark.parametrize(
    ("check", "branches", "present"),
    [
        ("(qty IS NULL AND ratio IS NOT NULL) OR (qty IS NOT NULL AND ratio IS NULL)",
         (("qty",), ("ratio",)), {"qty", "ratio"}),
        ("(qty IS NOT NULL AND ratio IS NULL) OR (ratio IS NOT NULL AND qty IS NULL)",
         (("ratio",), ("qty",)), {"qty", "ratio"}),
        ("num_nonnulls(qty, ratio) = 1", (("qty",), ("ratio",)), {"qty", "ratio"}),
        ("num_nulls(qty, ratio, name) = 2",
         (("qty", "ratio"), ("name", "qty"), ("name", "ratio")), {"qty", "ratio", "name"}),
        ("1 = num_nonnulls(qty, ratio)", (("qty",), ("ratio",)), {"qty", "ratio"}),
    ],
)  # fmt: skip
def test_either_or_null_checks_become_a_choice_per_row(
    check: str, branches: tuple[tuple[str, ...], ...], present: set[str]
) -> None:
    checks = analyse(check)
    assert checks.unsupported == ()
    assert [c.branches for c in checks.null_choices] == [branches]
    assert {n for n, b in checks.columns.items() if b.not_null} == present


def test_null_checks_with_a_branch_needing_no_null_take_that_branch() -> None:
    checks = analyse("qty IS NULL OR ratio IS NOT NULL")
    assert checks.null_choices == () and checks.columns["ratio"].not_null
    checks = analyse("num_nonnulls(qty, ratio) >= 1")
    assert checks.null_choices == () and checks.columns["qty"].not_null


def test_null_choice_leaves_out_branches_a_not_null_column_cannot_take() -> None:
    def must() -> tuple[sa.Column[Any], ...]:
        return (sa.Column("must", sa.Integer, nullable=False),)

    checks = analyse_checks(
        _info(_table("(must IS NULL AND qty IS NOT NULL) OR (must IS NOT NULL AND qty IS NULL)",
                     extra=must()))  # fmt: skip
    )
    assert [c.branches for c in checks.null_choices] == [(("qty",),)]
    with pytest.raises(PlanError, match="NOT NULL column to be NULL"):
        analyse_checks(_info(_table("must IS NULL AND qty IS NULL OR must IS NULL", extra=must())))


@pytest.mark.parametrize(
    "check",
    [
        "(a_id IS NULL AND b_id IS NOT NULL) OR (a_id IS NOT NULL AND b_id IS NULL)",
        "num_nonnulls(a_id, b_id) = 1",
    ],
)
def test_either_or_null_foreign_keys_seed_both_branches(conn: sa.Connection, check: str) -> None:
    from tests.engine.realworld.helpers import seed

    md = sa.MetaData()
    sa.Table("a", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("b", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("note", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("a_id", sa.ForeignKey("a.id")), sa.Column("b_id", sa.ForeignKey("b.id")),
             sa.Column("body", sa.Text), sa.CheckConstraint(check))  # fmt: skip
    md.create_all(conn)
    seed(conn, md, counts={"a": 5, "b": 5, "note": 200}, seed=4)
    got = conn.exec_driver_sql(
        "SELECT count(*) FILTER (WHERE a_id IS NULL), count(*) FILTER (WHERE b_id IS NULL),"
        " count(*) FROM note"
    ).one()
    assert got[2] == 200 and got[0] > 40 and got[1] > 40 and got[0] + got[1] == 200


def test_null_choices_respect_the_other_checks_and_each_other() -> None:
    either = "(qty IS NULL AND ratio IS NOT NULL) OR (qty IS NOT NULL AND ratio IS NULL)"
    checks = analyse("qty IS NOT NULL", either)
    assert [c.branches for c in checks.null_choices] == [(("ratio",),)]
    checks = analyse(either, "num_nonnulls(ratio, name) = 1")
    (choice,) = checks.null_choices
    assert set(choice.branches) == {("name", "qty"), ("ratio",)}
    with pytest.raises(PlanError, match="seed 5"):
        analyse_checks(_info(_table("qty IS NOT NULL", "ratio IS NOT NULL", either)), seed=5)


# --------------------------------------------------------------------------- CHECKs on keys


def test_first_key_starts_where_the_check_lets_keys_run() -> None:
    from pytest_dbseed.engine.sources.checked import first_key

    top = 2**31 - 1
    assert first_key(None, 1, 10, top) == 1
    assert first_key(bounds("qty >= 100", "qty"), 1, 10, top) == 100
    assert first_key(bounds("qty <> 1", "qty"), 1, 10, top) == 2
    assert first_key(bounds("qty <> 5", "qty"), 1, 10, top) == 6
    assert first_key(bounds("qty > 3 AND qty <> 20", "qty"), 1, 10, top) == 4
    assert first_key(bounds("qty BETWEEN 1 AND 9", "qty"), 1, 10, top) is None
    assert first_key(bounds("qty IN (1, 2, 3)", "qty"), 1, 2, top) is None
    assert first_key(bounds("qty >= 100", "qty"), 150, 10, top) == 150  # rows already there


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "=", "<>"])
@pytest.mark.parametrize(
    ("left", "right"), [((1, 5), (1, 5)), ((1, 5), (101, 103)), ((50, 60), (1, 55)), ((3, 3), (1, 9))]
)
def test_two_keys_meet_a_check_inside_their_ranges(
    op: str, left: tuple[int, int], right: tuple[int, int]
) -> None:
    import itertools

    from pytest_dbseed.engine.rows import _meet
    from pytest_dbseed.engine.sources.checked import _feasible

    test = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__,
            "=": int.__eq__, "<>": int.__ne__}[op]  # fmt: skip
    if not _feasible(op, left, right):
        return
    for a, b in itertools.product(range(left[0], left[1] + 1), range(right[0], right[1] + 1)):
        x, y = _meet(op, a, b, left, right)
        assert test(x, y) and left[0] <= x <= left[1] and right[0] <= y <= right[1], (a, b, x, y)
        if test(a, b):
            assert (x, y) == (a, b)  # pairs that already hold are kept


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_split_keeps_two_unique_columns_apart(op: str) -> None:
    from pytest_dbseed.engine.sources.checked import split

    got = split(None, op, bounds("qty >= 0", "qty"), (-(2**31), 2**31 - 1))
    assert got is not None
    left, right = got
    if op in (">", ">="):
        assert left.low is not None and right.high is not None and left.low > right.high
        assert right.low == 0
    else:
        assert left.high is not None and right.low is not None and left.high < right.low


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE k (id serial PRIMARY KEY, a int NOT NULL UNIQUE, b int NOT NULL UNIQUE,"
        " CHECK (a > b))",
        "CREATE TABLE k (id serial PRIMARY KEY, data bigint NOT NULL UNIQUE, CHECK (data <= id))",
        "CREATE TABLE k (id serial PRIMARY KEY, data int NOT NULL UNIQUE, CHECK (id < data))",
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE k (id serial PRIMARY KEY,"
        " a_id int NOT NULL REFERENCES p, b_id int REFERENCES p, CHECK (a_id > b_id),"
        " CHECK (a_id BETWEEN 2 AND 5))",
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE q (id serial PRIMARY KEY);"
        " CREATE TABLE k (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p,"
        " q_id int NOT NULL REFERENCES q, CHECK (p_id = q_id))",
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE k (id serial PRIMARY KEY,"
        " p_id int NOT NULL REFERENCES p, n int NOT NULL UNIQUE, CHECK (n < p_id))",
    ],
)
def test_checks_between_keys_and_unique_columns_seed(conn: sa.Connection, ddl: str) -> None:
    from tests.engine.realworld.helpers import reflect, rows_of, run_sql, seed

    run_sql(conn, ddl)
    md = reflect(conn)
    counts = {"k": 120, **{t: 6 for t in ("p", "q") if t in md.tables}}
    report = seed(conn, md, counts=counts, default=0)
    assert report.rows["k"] == 120
    assert rows_of(conn, "SELECT count(*) FROM k") == [(120,)]


@pytest.mark.parametrize("b_null", ["NOT NULL", ""])
def test_two_keys_compared_when_one_is_restricted_to_listed_parents_is_refused(
    conn: sa.Connection, b_null: str
) -> None:
    from tests.engine.realworld.helpers import count, reflect, run_sql, scalar, seed

    run_sql(
        conn,
        "CREATE TABLE p (id serial PRIMARY KEY); CREATE TABLE k (id serial PRIMARY KEY,"
        f" a_id int NOT NULL REFERENCES p, b_id int {b_null} REFERENCES p,"
        " CHECK (a_id > b_id), CHECK (a_id IN (2, 3, 5)))",
    )
    if b_null:
        with pytest.raises(PlanError, match=r"k_check.*\(seed 0\)\. Fix: override 'a_id'"):
            seed(conn, reflect(conn), counts={"k": 10, "p": 6})
        assert rows_of_count(conn) == 0
    else:  # a key that may be NULL is, and the CHECK holds
        seed(conn, reflect(conn), counts={"k": 10, "p": 6})
        assert count(conn, "k") == 10 and scalar(conn, "SELECT count(b_id) FROM k") == 0


def rows_of_count(conn: sa.Connection) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM k").scalar_one())


@pytest.mark.parametrize("nullable", ["", " NOT NULL"])
def test_check_on_a_key_into_text_keys_chooses_parents_it_allows(
    conn: sa.Connection, nullable: str
) -> None:
    from tests.engine.realworld.helpers import reflect, run_sql, scalar, seed

    run_sql(
        conn,
        "CREATE TABLE country (code varchar(8) PRIMARY KEY, label text);"
        f"CREATE TABLE shop (id serial PRIMARY KEY, country_code varchar(8){nullable}"
        " REFERENCES country, CHECK (country_code > 'M'))",
    )
    seed(conn, reflect(conn), counts={"country": 40, "shop": 200}, seed=2)
    assert scalar(conn, "SELECT count(*) FROM shop") == 200
    assert scalar(conn, "SELECT count(DISTINCT country_code) FROM shop") > 1


def test_first_key_of_an_empty_table_may_end_at_the_upper_bound() -> None:
    from pytest_dbseed.engine.sources.checked import first_key

    top, bottom = 2**31 - 1, -(2**31)
    assert first_key(bounds("qty < 48", "qty"), 1, 67, top, bottom) == 47 - 66
    assert first_key(bounds("qty < 48", "qty"), 1, 67, top) is None  # rows already there
    assert first_key(bounds("qty < 48 AND qty >= 0", "qty"), 1, 67, top, bottom) is None


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE p (id int PRIMARY KEY CHECK (id BETWEEN 3 AND 131));"
        " CREATE TABLE k (id serial PRIMARY KEY, p_id int NOT NULL REFERENCES p, CHECK (id <= p_id))",
        "CREATE TABLE p (id varchar(20) PRIMARY KEY); CREATE TABLE k (id serial PRIMARY KEY,"
        " code varchar(20) UNIQUE, p_id varchar(20) REFERENCES p, CHECK (p_id <= code))",
    ],
)
def test_a_key_compared_with_a_foreign_key_into_generated_keys(
    conn: sa.Connection, ddl: str
) -> None:
    from tests.engine.realworld.helpers import reflect, run_sql, scalar, seed

    run_sql(conn, ddl)
    seed(conn, reflect(conn), counts={"p": 15, "k": 15}, seed=3)
    assert scalar(conn, "SELECT count(*) FROM k") == 15


def test_a_nullable_column_no_value_of_its_type_can_move_to_is_null(conn: sa.Connection) -> None:
    from tests.engine.realworld.helpers import reflect, run_sql, scalar, seed

    run_sql(conn, "CREATE TABLE k (id serial PRIMARY KEY, level numeric(1, 0), CHECK (id <= level))")
    seed(conn, reflect(conn), counts={"k": 30})
    assert scalar(conn, "SELECT count(*) FROM k") == 30
    assert scalar(conn, "SELECT count(*) FROM k WHERE id > 9 AND level IS NOT NULL") == 0
