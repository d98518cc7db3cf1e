"""Example models for pytest-dbseed's example suite and benchmark.

A small payments domain: agents sign up users, users pay, each user has one balance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[dt.datetime]

    users: Mapped[list[User]] = relationship(back_populates="agent")


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("agent.id"))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    last_name: Mapped[str] = mapped_column(sa.String(50))
    is_active: Mapped[bool]
    created_at: Mapped[dt.datetime]

    agent: Mapped[Agent] = relationship(back_populates="users")
    payments: Mapped[list[PaymentHistory]] = relationship(back_populates="user")
    balance: Mapped[Balance | None] = relationship(back_populates="user")


class PaymentHistory(Base):
    __tablename__ = "payment_history"
    __table_args__ = (sa.CheckConstraint("amount >= 0", name="ck_payment_amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    paid_at: Mapped[dt.datetime]

    user: Mapped[User] = relationship(back_populates="payments")


class Balance(Base):
    __tablename__ = "balance"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    updated_at: Mapped[dt.datetime]

    user: Mapped[User] = relationship(back_populates="balance")
