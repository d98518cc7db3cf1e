"""Exclusion constraints (``EXCLUDE USING gist (room_id WITH =, during WITH &&)``): rows
are kept apart through one member (ranges that never overlap, or unique ``=`` columns),
and one the generator cannot keep apart is refused before anything is written."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSTZRANGE, ExcludeConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pytest_dbseed import rows
from pytest_dbseed.errors import PlanError, UniquenessError
from tests.engine.realworld.helpers import (
    assert_refusal,
    count,
    has_extension,
    reflect,
    rows_of,
    run_sql,
    scalar,
    seed,
)

_ROOMS = """
CREATE TABLE room (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE booking (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id int NOT NULL REFERENCES room (id),
    during tstzrange NOT NULL,
    guest text NOT NULL,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
"""


@pytest.fixture
def gist(conn: sa.Connection) -> sa.Connection:
    if not has_extension(conn, "btree_gist"):
        pytest.skip("btree_gist is not available on this server")
    return conn


def _snapshot(conn: sa.Connection, table: str) -> list[tuple[Any, ...]]:
    return rows_of(conn, f"SELECT * FROM {table} ORDER BY 1")


def test_a_range_column_kept_apart_lets_rooms_repeat(gist: sa.Connection) -> None:
    run_sql(gist, _ROOMS)
    md = reflect(gist)
    report = seed(gist, md, counts={"room": 4, "booking": 300}, seed=5)
    assert report.rows["booking"] == 300 == count(gist, "booking")
    # Every room holds many bookings: the ranges, not the rooms, keep rows apart.
    assert scalar(gist, "SELECT count(DISTINCT room_id) FROM booking") == 4
    overlapping = "SELECT count(*) FROM booking a JOIN booking b ON a.id < b.id AND a.during && b.during"
    assert scalar(gist, overlapping) == 0
    assert scalar(gist, "SELECT count(*) FROM booking WHERE isempty(during)") == 0
    first = _snapshot(gist, "booking")
    gist.exec_driver_sql("DELETE FROM booking; DELETE FROM room")
    seed(gist, md, counts={"room": 4, "booking": 300}, seed=5)
    again = _snapshot(gist, "booking")
    assert [r[1:] for r in again] == [r[1:] for r in first]


class _Base(DeclarativeBase):
    pass


class _Room(_Base):
    __tablename__ = "room"
    id: Mapped[int] = mapped_column(primary_key=True)


class _Reservation(_Base):
    """A Django-style booking: a range built from two columns, with a condition."""

    __tablename__ = "reservation"
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("room.id"))
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    cancelled: Mapped[bool] = mapped_column(server_default=sa.false())
    __table_args__ = (
        sa.CheckConstraint("starts_at < ends_at", name="reservation_ordered"),
        ExcludeConstraint(
            (sa.column("room_id"), "="),
            (sa.func.tstzrange(sa.column("starts_at"), sa.column("ends_at"), "[)"), "&&"),
            name="reservation_no_overlap",
            using="gist",
            where=sa.text("NOT cancelled"),
        ),
    )


def test_declared_models_keep_a_span_of_two_columns_apart(gist: sa.Connection) -> None:
    _Base.metadata.create_all(gist)
    report = seed(gist, _Base.metadata, counts={_Room: 3, _Reservation: 250}, seed=9)
    assert report.rows["reservation"] == 250
    assert scalar(gist, "SELECT count(DISTINCT room_id) FROM reservation") == 3
    spans = rows_of(gist, "SELECT starts_at, ends_at FROM reservation ORDER BY starts_at")
    assert all(a < b for a, b in spans)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))


def test_the_database_tells_of_constraints_reflection_leaves_out(gist: sa.Connection) -> None:
    """A reflected span of two columns, and a multirange: neither comes through SQLAlchemy."""
    run_sql(
        gist,
        """
        CREATE TABLE shift (
            id serial PRIMARY KEY, worker int NOT NULL CHECK (worker BETWEEN 1 AND 5),
            starts date NOT NULL, ends date NOT NULL,
            EXCLUDE USING gist (worker WITH =, daterange(starts, ends, '[]') WITH &&)
        );
        CREATE TABLE stay (
            id serial PRIMARY KEY, nights datemultirange, EXCLUDE USING gist (nights WITH &&)
        );
        """,
    )
    seed(gist, reflect(gist), counts={"shift": 120, "stay": 80}, seed=1)
    assert count(gist, "shift") == 120 and count(gist, "stay") == 80
    # Five workers: the dates keep the rows apart.
    assert scalar(gist, "SELECT count(DISTINCT worker) FROM shift") == 5


def test_columns_compared_with_equals_only_are_a_unique_key(conn: sa.Connection) -> None:
    run_sql(
        conn,
        """
        CREATE TABLE code (id serial PRIMARY KEY, value text NOT NULL,
                           EXCLUDE USING btree (value WITH =));
        CREATE TABLE pair (id serial PRIMARY KEY, a smallint NOT NULL CHECK (a BETWEEN 1 AND 3),
                           b boolean NOT NULL, CONSTRAINT pair_once EXCLUDE USING btree (a WITH =, b WITH =));
        """,
    )
    md = reflect(conn)
    seed(conn, md, counts={"code": 200, "pair": 6}, seed=2)
    assert scalar(conn, "SELECT count(DISTINCT value) FROM code") == 200
    assert scalar(conn, "SELECT count(DISTINCT (a, b)) FROM pair") == 6
    with pytest.raises(UniquenessError) as info:
        seed(conn, md, counts={"code": 0, "pair": 7}, default=0, seed=2)
    assert_refusal(info.value, UniquenessError, ["pair"])


def test_an_exclusion_the_generator_cannot_keep_apart_is_refused(conn: sa.Connection) -> None:
    run_sql(
        conn,
        """
        CREATE TABLE area (id serial PRIMARY KEY, shape box NOT NULL,
                           CONSTRAINT area_apart EXCLUDE USING gist (shape WITH &&));
        """,
    )
    md = reflect(conn)
    with pytest.raises(PlanError) as info:
        seed(conn, md, counts={"area": 5}, seed=3)
    assert_refusal(info.value, PlanError, ["area", "area_apart", "shape"])
    assert count(conn, "area") == 0
    # One row never conflicts; an override decides the member.
    seed(conn, md, counts={"area": 1}, seed=3)
    conn.exec_driver_sql("DELETE FROM area")
    boxes = rows(5, shape=lambda r: f"(({10 * r},{10 * r}),({10 * r + 1},{10 * r + 1}))")
    seed(conn, md, counts={"area": boxes}, seed=3)
    assert count(conn, "area") == 5


def test_a_declared_range_column_is_apart_without_a_database_read() -> None:
    from pytest_dbseed.engine.schema import build_schema

    md = sa.MetaData()
    sa.Table(
        "booking",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("room", sa.Integer, nullable=False),
        sa.Column("during", TSTZRANGE, nullable=False),
        ExcludeConstraint(("room", "="), ("during", "&&"), name="apart"),
    )
    table = build_schema(md).tables["booking"]
    assert table.column("during").disjoint
    assert [(e.name, e.disjoint, e.unique) for e in table.exclusions] == [("apart", "during", ())]


def test_a_declared_span_over_schema_qualified_columns_is_apart() -> None:
    """``func.tsrange(table.c.a, table.c.b)`` renders its columns qualified by schema and
    table (``"fz%".city.starts``): still a span of those two columns."""
    from pytest_dbseed.engine.schema import build_schema

    md = sa.MetaData(schema="fz%")
    city = sa.Table(
        "city",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("starts", sa.DateTime, nullable=False),
        sa.Column("Ends At", sa.DateTime, nullable=False),
    )
    city.append_constraint(
        ExcludeConstraint(
            (sa.func.tsrange(city.c.starts, city.c["Ends At"]), "&&"), name="apart", using="gist"
        )
    )
    table = build_schema(md).tables["fz%.city"]
    assert [(e.name, e.apart) for e in table.exclusions] == [("apart", ("starts", "Ends At"))]


def test_a_span_kept_apart_starts_where_its_check_lets_it(gist: sa.Connection) -> None:
    run_sql(
        gist,
        """
        CREATE TABLE lease (
            id serial PRIMARY KEY, unit int NOT NULL CHECK (unit BETWEEN 1 AND 3),
            starts date NOT NULL, ends date NOT NULL, first_night int, last_night int,
            CHECK (starts >= '2030-01-01'), CHECK (first_night > 500),
            EXCLUDE USING gist (unit WITH =, daterange(starts, ends) WITH &&),
            EXCLUDE USING gist (int4range(first_night, last_night) WITH &&)
        );
        """,
    )
    seed(gist, reflect(gist), counts={"lease": 90}, seed=4)
    assert count(gist, "lease") == 90
    assert scalar(gist, "SELECT min(starts) FROM lease") > date(2030, 1, 1)
    assert scalar(gist, "SELECT min(first_night) FROM lease") > 500
