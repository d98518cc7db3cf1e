"""Models shaped like real applications, for the realism tests: an ML-experiment tracker
with BIGINT millisecond timestamps, a shop with order/required/shipped dates, an HR schema
with birth and hire dates, a music encyclopedia with dates split over year/month/day
columns, and a forum. Each schema has a base of its own.

``ORDERED`` lists, per schema, the pairs that must run forward (SQL of the later and the
earlier side), written by hand from what the columns mean; ``NATURAL`` the small-number
columns with their natural ranges.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# --------------------------------------------------------------------- experiment tracker


class TrackerBase(DeclarativeBase):
    pass


class Experiment(TrackerBase):
    __tablename__ = "experiments"
    experiment_id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(256), unique=True)
    artifact_location: Mapped[str | None] = mapped_column(sa.String(256))
    lifecycle_stage: Mapped[str] = mapped_column(sa.String(32), server_default="active")
    creation_time: Mapped[int] = mapped_column(sa.BigInteger)
    last_update_time: Mapped[int] = mapped_column(sa.BigInteger)


class Run(TrackerBase):
    __tablename__ = "runs"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')", name="status"
        ),
    )
    run_uuid: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(250))
    source_type: Mapped[str] = mapped_column(sa.String(20), server_default="LOCAL")
    status: Mapped[str] = mapped_column(sa.String(9), server_default="RUNNING")
    start_time: Mapped[int] = mapped_column(sa.BigInteger)
    end_time: Mapped[int | None] = mapped_column(sa.BigInteger)
    deleted_time: Mapped[int | None] = mapped_column(sa.BigInteger)
    lifecycle_stage: Mapped[str] = mapped_column(sa.String(20), server_default="active")
    experiment_id: Mapped[int] = mapped_column(sa.ForeignKey("experiments.experiment_id"))


class Metric(TrackerBase):
    __tablename__ = "metrics"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(250))
    value: Mapped[float]
    timestamp: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    step: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    is_nan: Mapped[bool] = mapped_column(server_default=sa.false())
    run_uuid: Mapped[str] = mapped_column(sa.ForeignKey("runs.run_uuid"))


class ModelVersion(TrackerBase):
    __tablename__ = "model_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(256))
    version: Mapped[int]
    creation_time: Mapped[int] = mapped_column(sa.BigInteger)
    last_updated_time: Mapped[int | None] = mapped_column(sa.BigInteger)
    current_stage: Mapped[str] = mapped_column(sa.String(20), server_default="None")
    tags = mapped_column(MutableDict.as_mutable(sa.JSON))


# --------------------------------------------------------------------- shop


class ShopBase(DeclarativeBase):
    pass


class Customer(ShopBase):
    __tablename__ = "customers"
    customer_id: Mapped[int] = mapped_column(primary_key=True)
    company_name: Mapped[str] = mapped_column(sa.String(40))
    contact_name: Mapped[str | None] = mapped_column(sa.String(30))
    city: Mapped[str | None] = mapped_column(sa.String(15))
    active: Mapped[int] = mapped_column(sa.SmallInteger, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(server_default=sa.func.now())
    last_login: Mapped[dt.datetime | None]


class Product(ShopBase):
    __tablename__ = "products"
    product_id: Mapped[int] = mapped_column(primary_key=True)
    product_name: Mapped[str] = mapped_column(sa.String(40))
    unit_price: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), server_default="0")
    units_in_stock: Mapped[int] = mapped_column(sa.SmallInteger, server_default="0")
    reorder_level: Mapped[int] = mapped_column(sa.SmallInteger, server_default="0")
    discontinued: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)


class Order(ShopBase):
    __tablename__ = "orders"
    order_id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.customer_id"))
    order_date: Mapped[dt.datetime]
    required_date: Mapped[dt.date | None]
    shipped_date: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(sa.String(20), server_default="pending")
    freight: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), server_default="0")
    priority: Mapped[int] = mapped_column(server_default="3")
    ship_month: Mapped[int | None]
    quarter: Mapped[int | None]


class OrderLine(ShopBase):
    __tablename__ = "order_details"
    __table_args__ = (sa.CheckConstraint("discount >= 0 AND discount <= 1", name="discount"),)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.order_id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.product_id"), primary_key=True)
    unit_price: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    quantity: Mapped[int] = mapped_column(sa.SmallInteger, server_default="1")
    discount: Mapped[float] = mapped_column(server_default="0")


class Store(ShopBase):
    __tablename__ = "store"
    __table_args__ = (sa.CheckConstraint("shipbase > 0.00", name="shipbase_positive"),)
    store_id: Mapped[int] = mapped_column(primary_key=True)
    shipbase: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), server_default=sa.text("0.00"))
    opens: Mapped[dt.time | None]
    closes: Mapped[dt.time | None]


# --------------------------------------------------------------------- HR


class HrBase(DeclarativeBase):
    pass


class Department(HrBase):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class Employee(HrBase):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(40))
    last_name: Mapped[str] = mapped_column(sa.String(40))
    birth_date: Mapped[dt.date]
    hire_date: Mapped[dt.date]
    termination_date: Mapped[dt.date | None]
    salary: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    is_active: Mapped[bool] = mapped_column(server_default=sa.true())
    age: Mapped[int | None]
    level: Mapped[int] = mapped_column(server_default="1")
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"))


class JobHistory(HrBase):
    __tablename__ = "job_history"
    __table_args__ = (sa.CheckConstraint("end_date > start_date", name="dates"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(sa.ForeignKey("employees.id"))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]


# --------------------------------------------------------------------- music encyclopedia


class MusicBase(DeclarativeBase):
    pass


class Artist(MusicBase):
    __tablename__ = "artist"
    __table_args__ = (sa.CheckConstraint("edits_pending >= 0", name="edits_pending"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    gid: Mapped[uuid.UUID] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    sort_name: Mapped[str] = mapped_column(sa.String(200))
    begin_date_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    begin_date_month: Mapped[int | None] = mapped_column(sa.SmallInteger)
    begin_date_day: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_month: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_day: Mapped[int | None] = mapped_column(sa.SmallInteger)
    ended: Mapped[bool] = mapped_column(server_default=sa.false())
    comment: Mapped[str] = mapped_column(sa.String(255), server_default="")
    edits_pending: Mapped[int] = mapped_column(server_default="0")
    last_updated: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class Recording(MusicBase):
    __tablename__ = "recording"
    id: Mapped[int] = mapped_column(primary_key=True)
    gid: Mapped[uuid.UUID] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    artist_id: Mapped[int] = mapped_column(sa.ForeignKey("artist.id"))
    length: Mapped[int | None]
    duration_ms: Mapped[int | None]
    video: Mapped[bool] = mapped_column(server_default=sa.false())
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)


class Event(MusicBase):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    begin_date_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    begin_date_month: Mapped[int | None] = mapped_column(sa.SmallInteger)
    begin_date_day: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_month: Mapped[int | None] = mapped_column(sa.SmallInteger)
    end_date_day: Mapped[int | None] = mapped_column(sa.SmallInteger)
    start_time: Mapped[dt.time | None]
    end_time: Mapped[dt.time | None]
    cancelled: Mapped[bool] = mapped_column(server_default=sa.false())


# --------------------------------------------------------------------- forum


class ForumBase(DeclarativeBase):
    pass


class Member(ForumBase):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40), unique=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    role: Mapped[str] = mapped_column(
        sa.Enum("member", "moderator", "admin", name="member_role"), server_default="member"
    )
    is_active: Mapped[bool] = mapped_column(server_default=sa.true())
    post_count: Mapped[int] = mapped_column(server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    birth_year: Mapped[int | None]
    preferences = mapped_column(MutableDict.as_mutable(sa.JSON))
    settings = mapped_column(sa.PickleType)


class Thread(ForumBase):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(server_default=sa.func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=sa.func.now())
    last_post_at: Mapped[dt.datetime | None]
    views: Mapped[int] = mapped_column(server_default="0")
    is_locked: Mapped[bool] = mapped_column(server_default=sa.false())
    tags = mapped_column(MutableList.as_mutable(sa.JSON))


class Post(ForumBase):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime]
    edited_at: Mapped[dt.datetime | None]
    deleted_at: Mapped[dt.datetime | None]
    score: Mapped[int] = mapped_column(server_default="0")
    position: Mapped[int]


class Message(ForumBase):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id"))
    sent_at: Mapped[int] = mapped_column(sa.Integer)
    read_at: Mapped[int | None] = mapped_column(sa.Integer)
    created_at_ms: Mapped[int] = mapped_column(sa.BigInteger)
    attempts: Mapped[int] = mapped_column(server_default="0")
    status_code: Mapped[int | None]


BASES: dict[str, type[DeclarativeBase]] = {
    "tracker": TrackerBase,
    "shop": ShopBase,
    "hr": HrBase,
    "music": MusicBase,
    "forum": ForumBase,
}

_SPLIT_LATE = "ROW({p}_year, coalesce({p}_month, 12), coalesce({p}_day, 31))"
_SPLIT_EARLY = "ROW({p}_year, coalesce({p}_month, 1), coalesce({p}_day, 1))"


def _split(later: str, earlier: str) -> tuple[str, str]:
    return _SPLIT_LATE.format(p=later), _SPLIT_EARLY.format(p=earlier)


ORDERED: dict[str, list[tuple[str, str, str]]] = {
    "tracker": [
        ("experiments", "last_update_time", "creation_time"),
        ("runs", "end_time", "start_time"),
        ("runs", "deleted_time", "start_time"),
        ("model_versions", "last_updated_time", "creation_time"),
    ],
    "shop": [
        ("orders", "required_date", "order_date"),
        ("orders", "shipped_date", "order_date"),
        ("orders", "delivered_at", "shipped_date"),
        ("orders", "delivered_at", "order_date"),
        ("customers", "last_login", "created_at"),
        ("store", "closes", "opens"),
    ],
    "hr": [
        ("departments", "updated_at", "created_at"),
        ("employees", "hire_date", "birth_date + interval '18 years'"),
        ("employees", "termination_date", "hire_date"),
        ("job_history", "end_date", "start_date"),
    ],
    "music": [
        ("artist", *_split("end_date", "begin_date")),
        ("event", *_split("end_date", "begin_date")),
        ("event", "end_time", "start_time"),
    ],
    "forum": [
        ("members", "last_seen_at", "created_at"),
        ("threads", "updated_at", "created_at"),
        ("threads", "last_post_at", "created_at"),
        ("posts", "edited_at", "created_at"),
        ("posts", "deleted_at", "created_at"),
        ("messages", "read_at", "sent_at"),
        ("messages", "sent_at::bigint * 1000", "created_at_ms"),
    ],
}

NATURAL: dict[str, list[tuple[str, str, Any, Any]]] = {
    "shop": [
        ("customers", "active", 0, 1),
        ("products", "discontinued", 0, 1),
        ("products", "rating", 1, 5),
        ("orders", "priority", 1, 5),
        ("orders", "ship_month", 1, 12),
        ("orders", "quarter", 1, 4),
        ("order_details", "quantity", 1, 20),
        ("order_details", "discount", 0, 1),
    ],
    "hr": [("employees", "age", 18, 90), ("employees", "level", 1, 10)],
    "music": [
        ("artist", "begin_date_month", 1, 12),
        ("artist", "begin_date_day", 1, 31),
        ("artist", "end_date_month", 1, 12),
        ("artist", "end_date_day", 1, 31),
        ("artist", "begin_date_year", 1900, 2030),
        ("event", "begin_date_month", 1, 12),
        ("event", "end_date_day", 1, 31),
        ("recording", "rating", 1, 5),
        ("recording", "duration_ms", 1, 3_600_000),
    ],
    "forum": [
        ("members", "birth_year", 1930, 2007),
        ("posts", "position", 1, 1000),
        ("messages", "attempts", 0, 5),
        ("messages", "status_code", 100, 599),
    ],
}
