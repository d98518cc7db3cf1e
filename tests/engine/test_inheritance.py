"""ORM inheritance: seeded rows load as the classes the ORM maps them to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

import pytest_dbseed


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    type: Mapped[str] = mapped_column(sa.String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(sa.ForeignKey("employee.id"), primary_key=True)
    language: Mapped[str] = mapped_column(sa.String(30))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(sa.ForeignKey("employee.id"), primary_key=True)
    reports: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Vehicle(Base):
    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "vehicle"}


class Car(Vehicle):
    __mapper_args__ = {"polymorphic_identity": "car"}


class Truck(Vehicle):
    __mapper_args__ = {"polymorphic_identity": "truck"}


@pytest.fixture
def session(conn: sa.Connection) -> Iterator[Session]:
    Base.metadata.create_all(conn)
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        yield s


def test_joined_subclasses_get_their_own_base_rows(session: Session) -> None:
    conn = session.connection()
    report = pytest_dbseed.seed(conn, Base.metadata, counts={Engineer: 12, Manager: 4}, default=5)
    assert report.rows["employee"] >= 16
    engineers = session.scalars(sa.select(Engineer)).all()
    managers = session.scalars(sa.select(Manager)).all()
    assert len(engineers) == 12 and len(managers) == 4
    assert {e.id for e in engineers}.isdisjoint({m.id for m in managers})
    kinds = {type(e).__name__ for e in session.scalars(sa.select(Employee))}
    assert kinds <= {"Employee", "Engineer", "Manager"} and {"Engineer", "Manager"} <= kinds
    assert all(e.language for e in engineers)


def test_single_table_subclass_counts_are_rows_of_that_kind(session: Session) -> None:
    conn = session.connection()
    pytest_dbseed.seed(conn, Base.metadata, counts={Car: 7}, default=0)
    vehicles = session.scalars(sa.select(Vehicle)).all()
    assert len(vehicles) == 7 and all(isinstance(v, Car) for v in vehicles)


def test_discriminator_only_takes_mapped_identities(session: Session) -> None:
    conn = session.connection()
    pytest_dbseed.seed(conn, Base.metadata, default=40)
    kinds = set(conn.scalars(sa.text("SELECT DISTINCT kind FROM vehicle")))
    assert kinds <= {"vehicle", "car", "truck"} and len(kinds) >= 2
    session.scalars(sa.select(Vehicle)).all()  # every row loads as a mapped class
