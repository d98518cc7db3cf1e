"""Schemas in the style of real applications, for bench/realism.py: an experiment tracker
(uuid strings, artifact URIs), a CTF platform, a forum, a shop with addresses, an HR
database with phone extensions, the user/item pair of a FastAPI project template and a
Rails application's Devise users.

``ORDERED`` lists, per schema, the time pairs that must run forward (later, earlier)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

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
    artifact_location: Mapped[str] = mapped_column(sa.String(256))
    lifecycle_stage: Mapped[str] = mapped_column(sa.String(32))
    creation_time: Mapped[int] = mapped_column(sa.BigInteger)
    last_update_time: Mapped[int] = mapped_column(sa.BigInteger)


class Run(TrackerBase):
    __tablename__ = "runs"
    run_uuid: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(250))
    user_id: Mapped[str] = mapped_column(sa.String(256))
    source_name: Mapped[str] = mapped_column(sa.String(500))
    source_version: Mapped[str] = mapped_column(sa.String(50))
    artifact_uri: Mapped[str] = mapped_column(sa.String(200))
    start_time: Mapped[int] = mapped_column(sa.BigInteger)
    end_time: Mapped[int | None] = mapped_column(sa.BigInteger)
    experiment_id: Mapped[int] = mapped_column(sa.ForeignKey("experiments.experiment_id"))


class Param(TrackerBase):
    __tablename__ = "params"
    key: Mapped[str] = mapped_column(sa.String(250), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(8000))
    run_uuid: Mapped[str] = mapped_column(sa.ForeignKey("runs.run_uuid"), primary_key=True)


class Dataset(TrackerBase):
    __tablename__ = "datasets"
    dataset_uuid: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    experiment_id: Mapped[int] = mapped_column(sa.ForeignKey("experiments.experiment_id"))
    name: Mapped[str] = mapped_column(sa.String(500))
    digest: Mapped[str] = mapped_column(sa.String(36))
    dataset_source: Mapped[str] = mapped_column(sa.Text)


class Artifact(TrackerBase):
    __tablename__ = "artifacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_uuid: Mapped[str] = mapped_column(sa.ForeignKey("runs.run_uuid"))
    path: Mapped[str] = mapped_column(sa.String(500))
    storage_uri: Mapped[str] = mapped_column(sa.String(500))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    file_size: Mapped[int] = mapped_column(sa.BigInteger)
    request_id: Mapped[str] = mapped_column(sa.String(32))


# --------------------------------------------------------------------- CTF platform


class CtfBase(DeclarativeBase):
    pass


class CtfTeam(CtfBase):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    website: Mapped[str | None] = mapped_column(sa.String(128))
    affiliation: Mapped[str | None] = mapped_column(sa.String(128))
    country: Mapped[str | None] = mapped_column(sa.String(32))
    created: Mapped[dt.datetime]


class CtfUser(CtfBase):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    email: Mapped[str] = mapped_column(sa.String(128), unique=True)
    password: Mapped[str] = mapped_column(sa.String(128))
    secret: Mapped[str | None] = mapped_column(sa.String(128))
    website: Mapped[str | None] = mapped_column(sa.String(128))
    country: Mapped[str | None] = mapped_column(sa.String(32))
    language: Mapped[str | None] = mapped_column(sa.String(32))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    created: Mapped[dt.datetime]


class Challenge(CtfBase):
    __tablename__ = "challenges"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[str] = mapped_column(sa.String(80))
    value: Mapped[int]
    requirements = mapped_column(sa.JSON)


class Submission(CtfBase):
    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    ip: Mapped[str] = mapped_column(sa.String(46))
    provided: Mapped[str] = mapped_column(sa.Text)
    date: Mapped[dt.datetime]


class ChallengeFile(CtfBase):
    __tablename__ = "files"
    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id"))
    location: Mapped[str] = mapped_column(sa.Text)
    sha1sum: Mapped[str] = mapped_column(sa.String(40))


class Token(CtfBase):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    value: Mapped[str] = mapped_column(sa.String(128), unique=True)
    created: Mapped[dt.datetime]
    expiration: Mapped[dt.datetime]


# --------------------------------------------------------------------- forum


class ForumBase(DeclarativeBase):
    pass


class ForumUser(ForumBase):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(30), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(60))
    email: Mapped[str] = mapped_column(sa.String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(100))
    avatar_url: Mapped[str | None] = mapped_column(sa.String(200))
    preferences = mapped_column(MutableDict.as_mutable(sa.JSON))
    country: Mapped[str | None] = mapped_column(sa.String(60))
    timezone: Mapped[str | None] = mapped_column(sa.String(40))
    joined_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime | None]


class EmailAddress(ForumBase):
    __tablename__ = "email_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    address: Mapped[str] = mapped_column(sa.String(150), unique=True)
    verified: Mapped[bool]


class ForumThread(ForumBase):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(200))
    tags = mapped_column(MutableList.as_mutable(sa.JSON))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class ForumPost(ForumBase):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    content: Mapped[str] = mapped_column(sa.Text)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
    created_at: Mapped[dt.datetime]
    edited_at: Mapped[dt.datetime | None]


class ForumTag(ForumBase):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(50), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(50), unique=True)
    color: Mapped[str] = mapped_column(sa.String(7))


# --------------------------------------------------------------------- shop


class ShopBase(DeclarativeBase):
    pass


class ShopCustomer(ShopBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(50))
    last_name: Mapped[str] = mapped_column(sa.String(50))
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    created_at: Mapped[dt.datetime]


class ShopAddress(ShopBase):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"))
    street: Mapped[str] = mapped_column(sa.String(120))
    city: Mapped[str] = mapped_column(sa.String(60))
    state: Mapped[str | None] = mapped_column(sa.String(60))
    postal_code: Mapped[str] = mapped_column(sa.String(12))
    country: Mapped[str] = mapped_column(sa.String(60))
    country_code: Mapped[str] = mapped_column(sa.String(2))
    phone: Mapped[str | None] = mapped_column(sa.String(30))


class ShopProduct(ShopBase):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    category: Mapped[str] = mapped_column(sa.String(40))
    barcode: Mapped[str] = mapped_column(sa.String(13))
    price: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    attributes = mapped_column(sa.JSON)


class ShopOrder(ShopBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"))
    order_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    currency: Mapped[str] = mapped_column(sa.String(3))
    shipping_address = mapped_column(sa.JSON)
    ordered_at: Mapped[dt.datetime]
    shipped_at: Mapped[dt.datetime | None]
    subtotal: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    tax: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    shipping: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), server_default="0")
    discount: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    total: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))


class ShopOrderItem(ShopBase):
    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"))
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    line_total: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))


class ShopPayment(ShopBase):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    fee_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tip: Mapped[float | None] = mapped_column(sa.Float)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)


# --------------------------------------------------------------------- HR


class HrBase(DeclarativeBase):
    pass


class HrDepartment(HrBase):
    __tablename__ = "department"
    __table_args__ = (sa.UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(50))


class HrEmployee(HrBase):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("department.id"))
    employee_number: Mapped[str] = mapped_column(sa.String(12), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(40))
    last_name: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(60))
    phone: Mapped[str] = mapped_column(sa.String(30))
    extension: Mapped[str | None] = mapped_column(sa.String(8))
    city: Mapped[str] = mapped_column(sa.String(60))
    country: Mapped[str] = mapped_column(sa.String(60))
    hire_date: Mapped[dt.date]
    salary: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))


# --------------------------------------------------------------------- FastAPI template


class AppBase(DeclarativeBase):
    pass


class AppUser(AppBase):
    __tablename__ = "user"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(sa.String(255), unique=True, index=True)
    is_active: Mapped[bool]
    is_superuser: Mapped[bool]
    full_name: Mapped[str | None] = mapped_column(sa.String(255))
    hashed_password: Mapped[str] = mapped_column(sa.String(255))


class AppItem(AppBase):
    __tablename__ = "item"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(sa.String(255))
    description: Mapped[str | None] = mapped_column(sa.String(255))
    owner_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("user.id"))


# --------------------------------------------------------------------- Rails + Devise


class DeviseBase(DeclarativeBase):
    pass


class DeviseUser(DeviseBase):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(sa.String, unique=True, server_default="")
    encrypted_password: Mapped[str] = mapped_column(sa.String, server_default="")
    reset_password_token: Mapped[str | None] = mapped_column(sa.String, unique=True)
    reset_password_sent_at: Mapped[dt.datetime | None]
    remember_created_at: Mapped[dt.datetime | None]
    sign_in_count: Mapped[int] = mapped_column(server_default="0")
    current_sign_in_at: Mapped[dt.datetime | None]
    last_sign_in_at: Mapped[dt.datetime | None]
    current_sign_in_ip: Mapped[str | None] = mapped_column(sa.String)
    last_sign_in_ip: Mapped[str | None] = mapped_column(sa.String)
    confirmation_token: Mapped[str | None] = mapped_column(sa.String, unique=True)
    confirmed_at: Mapped[dt.datetime | None]
    confirmation_sent_at: Mapped[dt.datetime | None]
    unconfirmed_email: Mapped[str | None] = mapped_column(sa.String)
    failed_attempts: Mapped[int] = mapped_column(server_default="0")
    unlock_token: Mapped[str | None] = mapped_column(sa.String, unique=True)
    locked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


BASES: dict[str, type[DeclarativeBase]] = {
    "tracker": TrackerBase,
    "ctf": CtfBase,
    "forum": ForumBase,
    "shop": ShopBase,
    "hr": HrBase,
    "fastapi": AppBase,
    "devise": DeviseBase,
}

ORDERED: dict[str, list[tuple[str, str, str]]] = {
    "devise": [
        ("users", "confirmation_sent_at", "created_at"),
        ("users", "confirmed_at", "confirmation_sent_at"),
        ("users", "confirmed_at", "created_at"),
        ("users", "last_sign_in_at", "created_at"),
        ("users", "current_sign_in_at", "last_sign_in_at"),
        ("users", "remember_created_at", "created_at"),
        ("users", "locked_at", "created_at"),
        ("users", "reset_password_sent_at", "created_at"),
        ("users", "updated_at", "current_sign_in_at"),
        ("users", "updated_at", "confirmed_at"),
        ("users", "updated_at", "locked_at"),
        ("users", "updated_at", "reset_password_sent_at"),
    ],
}
