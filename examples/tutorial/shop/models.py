"""The shop's SQLAlchemy models: what pytest-dbseed reads to build and fill the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    last_name: Mapped[str] = mapped_column(sa.String(50))
    city: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[dt.datetime]

    orders: Mapped[list[Order]] = relationship(back_populates="customer")


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (sa.CheckConstraint("price > 0", name="ck_product_price_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    price: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))


class Order(Base):
    __tablename__ = "order"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customer.id"))
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id"))
    quantity: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(20))
    ordered_at: Mapped[dt.datetime]
    shipped_at: Mapped[dt.datetime | None]

    customer: Mapped[Customer] = relationship(back_populates="orders")
    product: Mapped[Product] = relationship()
