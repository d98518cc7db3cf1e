"""Helpers for the plugin's tests: every run goes through ``pytester`` in a subprocess.

Each pytester project gets a small models module (agent / user / payment_history /
balance), an ini file naming it, and the server the test session already has
(``DBSEED_URL``), so no pytester run starts a cluster of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

# Imported before pytester snapshots sys.modules: a test whose body imports the ORM first
# (through sqlmodel) would have it removed at teardown, and SQLAlchemy 2.0 refuses a
# second import ("Type <class 'object'> is already registered").
import sqlalchemy.orm  # noqa: F401

MODELS = '''
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("agent.id"))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    created_at: Mapped[dt.datetime]


class PaymentHistory(Base):
    __tablename__ = "payment_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))


class Balance(Base):
    __tablename__ = "balance"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
'''

HELPERS = '''
import hashlib

import sqlalchemy as sa

from models import Agent, Balance, Base, PaymentHistory, User


def count(conn, model):
    return conn.scalar(sa.select(sa.func.count()).select_from(model.__table__))


def counts(conn):
    return {t.name: count_table(conn, t) for t in Base.metadata.sorted_tables}


def count_table(conn, table):
    return conn.scalar(sa.select(sa.func.count()).select_from(table))


def digest(conn):
    """A hash of every row of every table, in key order: equal digests, equal data."""
    h = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()
'''


def server_url_text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture
def project(
    pytester: pytest.Pytester, pg_server_url: sa.URL, monkeypatch: pytest.MonkeyPatch
) -> Iterator[pytest.Pytester]:
    """A pytester project wired to the session's server: models, helpers and an ini file."""
    pytester.makepyfile(models=MODELS, dbhelpers=HELPERS)
    pytester.makeini(
        """
        [pytest]
        dbseed_models = models:Base
        addopts = --strict-markers -p no:randomly
        """
    )
    monkeypatch.setenv("DBSEED_URL", server_url_text(pg_server_url))
    # The subprocess must import the models module from the project directory.
    monkeypatch.setenv("PYTHONPATH", _pythonpath(pytester))
    yield pytester


def _pythonpath(pytester: pytest.Pytester) -> str:
    import os

    parts = [str(pytester.path)]
    if os.environ.get("PYTHONPATH"):
        parts.append(os.environ["PYTHONPATH"])
    return os.pathsep.join(parts)

