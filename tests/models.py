"""The models of the project's own tests: a small shop, in one place.

Agents sign up users, users pay and have one balance and one profile, users join
teams. The engine's tests import it (``from ..models import User``); the plugin's and
the command line's tests copy this file into the project they run (as ``models.py`` and
``shop_models.py``), so it imports nothing from the test suite.

What tests rely on, kept on purpose: integer keys the tests insert by hand (agent,
team); a self-reference (``user.manager_id``); a client-side default
(``user.created_at``); an identity key, a CHECK and a server default on
``payment_history``; two one-to-one children of ``user`` (``balance``, ``profile``) and
an association table (``membership``) whose composite key bounds its rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SOURCE = Path(__file__)
"""This file, for the tests that copy it into a project of their own."""


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
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("agent.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=dt.datetime.now)
    updated_at: Mapped[dt.datetime | None]


class PaymentHistory(Base):
    __tablename__ = "payment_history"
    id: Mapped[int] = mapped_column(sa.Identity(always=True), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), sa.CheckConstraint("amount > 0"))
    note: Mapped[str] = mapped_column(sa.String(20), server_default="n/a")


class Balance(Base):
    """One-to-one with user through a unique foreign key."""

    __tablename__ = "balance"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))


class Profile(Base):
    """One-to-one with user through a unique foreign key."""

    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), unique=True)
    bio: Mapped[str | None] = mapped_column(sa.Text)


class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))


class Membership(Base):
    """Association table: the composite key bounds the rows by users x teams."""

    __tablename__ = "membership"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), primary_key=True)
    is_admin: Mapped[bool]
