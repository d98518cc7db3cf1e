"""A row is one record: its person, its company and its place, each of one locale.

Produced through the engine's own decision and production (any range), and written to a
real PostgreSQL where writing matters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

import pytest_dbseed
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.pools import ascii_fold
from pytest_dbseed.engine.records.locales import fold, locale_data
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.semantics import ANCHOR
from pytest_dbseed.engine.sources import Generated, RecordField
from pytest_dbseed.errors import UniquenessError


def people_table(md: sa.MetaData, name: str = "users", email_len: int = 120) -> sa.Table:
    return sa.Table(
        name,
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("last_name", sa.String(40), nullable=False),
        sa.Column("full_name", sa.String(90), nullable=False),
        sa.Column("email", sa.String(email_len), nullable=False, unique=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("gender", sa.String(12), nullable=False),
        sa.Column("salutation", sa.String(12), nullable=False),
        sa.Column("initials", sa.String(3), nullable=False),
        sa.Column("street", sa.String(120), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("state", sa.String(60), nullable=False),
        sa.Column("postal_code", sa.String(12), nullable=False),
        sa.Column("country", sa.String(60), nullable=False),
        sa.Column("country_code", sa.String(2), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("timezone", sa.String(40), nullable=False),
        sa.Column("full_address", sa.String(250), nullable=False),
    )


def produce(
    md: sa.MetaData,
    table: str,
    rows: int,
    locale: str | Sequence[str] | None = None,
    seed: int = 3,
    start: int = 0,
) -> list[dict[str, Any]]:
    graph = build_schema(md)
    request = SeedRequest(graph=graph, counts={table: rows + start}, default=1, seed=seed,
                          locale=locale)  # fmt: skip
    batch = SeedRows(graph, decide_offline(request)[1]).batch(table, start, start + rows)
    return [{k: v[i] for k, v in batch.items()} for i in range(rows)]


def _names_the_person(row: dict[str, Any], column: str) -> bool:
    first, last = fold(row["first_name"]), fold(row["last_name"])
    value = row[column].lower()
    return (
        (first in value and last in value)
        or (first[:1] + last) in value
        or (first[:1] + "." + last) in value
        or (first in value and re.search(r"\d", value) is not None)
    )


def test_a_person_row_is_one_person() -> None:
    md = sa.MetaData()
    people_table(md)
    rows = produce(md, "users", 2000)
    d = locale_data("en_US")
    female = set(d.firsts[: d.n_female])
    for row in rows:
        assert row["full_name"] == f"{row['first_name']} {row['last_name']}"
        assert _names_the_person(row, "email"), row
        assert _names_the_person(row, "username"), row
        assert row["initials"] == (fold(row["first_name"])[0] + fold(row["last_name"])[0]).upper()
        if row["gender"] in ("female", "male"):
            assert (row["first_name"] in female) == (row["gender"] == "female"), row
            assert row["salutation"] in (("Ms.", "Mrs.", "Dr.") if row["gender"] == "female"
                                         else ("Mr.", "Dr."))  # fmt: skip
    # plain where the name pair is the row's own: a suffix only where needed
    suffixed = [r["email"] for r in rows if re.search(r"[.+][0-9a-f]+@", r["email"])]
    assert len(suffixed) < len(rows) // 100
    assert len({r["email"] for r in rows}) == len({r["username"] for r in rows}) == len(rows)


def test_a_place_row_is_one_place_of_the_locale() -> None:
    md = sa.MetaData()
    people_table(md)
    rows = produce(md, "users", 400, locale="de_DE")
    for row in rows:
        assert row["country"] == "Germany" and row["country_code"] == "DE"
        assert re.fullmatch(r"\d{5}", row["postal_code"]), row["postal_code"]
        assert re.fullmatch(r"(\+49|\(?0)[\d ()/-]{6,}", row["phone"]), row["phone"]
        assert row["timezone"] == "Europe/Berlin"
        assert row["full_address"] == f"{row['street']}, {row['postal_code']} {row['city']}"
    rows = produce(md, "users", 400)
    for row in rows:
        # en_US: the postal code lies in the row's state, the address holds both
        assert row["full_address"].startswith(row["street"] + ", " + row["city"] + ", ")
        assert row["full_address"].endswith(" " + row["postal_code"])


def test_with_several_locales_each_row_keeps_to_one() -> None:
    md = sa.MetaData()
    people_table(md)
    rows = produce(md, "users", 1000, locale=["de_DE", "fr_FR"])
    countries = {r["country"] for r in rows}
    assert countries == {"Germany", "France"}
    de, fr = locale_data("de_DE"), locale_data("fr_FR")
    for row in rows:
        d = de if row["country"] == "Germany" else fr
        assert row["country_code"] == d.country_code
        assert row["city"] in d.cities, row
        assert row["first_name"] in d.firsts, row
        assert row["phone"] in d.phones
        assert row["timezone"] in {tz for _a, _b, tz in d.coords}


def test_several_locales_keep_unique_emails_unique() -> None:
    md = sa.MetaData()
    people_table(md)
    rows = produce(md, "users", 3000, locale=["en_US", "en_GB", "en_US"])
    assert len({r["email"] for r in rows}) == 3000
    assert len({r["username"] for r in rows}) == 3000


def test_past_the_name_pairs_unique_fields_take_a_row_suffix() -> None:
    md = sa.MetaData()
    people_table(md)
    capacity = locale_data("ja_JP").capacity  # a small stock of names: soon exhausted
    rows = produce(md, "users", 600, locale="ja_JP", start=capacity - 300)
    emails = [r["email"] for r in rows]
    assert len(set(emails)) == 600
    assert all(re.fullmatch(r"[a-z]+[._][a-z]+(\d\d)?(\.[0-9a-f]+)?@example\.(com|org|net)", e)
               for e in emails), emails[:5]  # fmt: skip
    later = emails[300:]
    assert all(re.search(r"\.[0-9a-f]+@", e) for e in later)


def test_a_short_unique_email_column_stays_within_its_length() -> None:
    md = sa.MetaData()
    people_table(md, email_len=22)
    rows = produce(md, "users", 3000)
    emails = [r["email"] for r in rows]
    assert max(map(len, emails)) <= 22 and len(set(emails)) == 3000
    assert all(re.fullmatch(r"[a-z0-9._+]+@example\.(com|org|net)", e) for e in emails)


def test_a_unique_email_too_short_for_the_rows_is_refused() -> None:
    md = sa.MetaData()
    people_table(md, email_len=16)
    graph = build_schema(md)
    with pytest.raises(UniquenessError) as info:
        decide_offline(SeedRequest(graph=graph, counts={"users": 5000}, seed=9))
    message = str(info.value)
    for part in ("users.email", "5000 rows", "256", "seed 9", "Fix"):
        assert part in message, message


def test_a_company_is_one_company() -> None:
    md = sa.MetaData()
    sa.Table(
        "companies",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("domain", sa.String(80), nullable=False, unique=True),
        sa.Column("website", sa.String(120), nullable=False),
        sa.Column("email", sa.String(120), nullable=False),
        sa.Column("country", sa.String(60), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
    )
    rows = produce(md, "companies", 1200, locale="de_DE")
    assert len({r["name"] for r in rows}) == len({r["domain"] for r in rows}) == 1200
    for row in rows:
        assert row["website"] == "https://www." + row["domain"]
        assert row["email"].endswith("@" + row["domain"])
        assert row["domain"].endswith(".de")
        stem = row["domain"].split(".")[0].split("-")[0].rstrip("0123456789")
        assert stem in ascii_fold(row["name"]) or stem in fold(row["name"]), row
        assert row["country"] == "Germany"


def test_a_row_with_two_people_keeps_them_apart() -> None:
    md = sa.MetaData()
    sa.Table(
        "messages",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_name", sa.String(80), nullable=False),
        sa.Column("sender_email", sa.String(120), nullable=False),
        sa.Column("recipient_name", sa.String(80), nullable=False),
        sa.Column("recipient_email", sa.String(120), nullable=False),
    )
    rows = produce(md, "messages", 300)
    for row in rows:
        for who in ("sender", "recipient"):
            first, last = (fold(w) for w in row[f"{who}_name"].split(" ", 1))
            email = row[f"{who}_email"]
            assert last in email or first in email, row
    assert sum(r["sender_name"] == r["recipient_name"] for r in rows) < 3


def test_work_email_is_the_person_at_the_company() -> None:
    md = sa.MetaData()
    sa.Table(
        "contacts",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("last_name", sa.String(40), nullable=False),
        sa.Column("company_name", sa.String(100), nullable=False),
        sa.Column("work_email", sa.String(120), nullable=False),
        sa.Column("company_website", sa.String(120), nullable=False),
    )
    for row in produce(md, "contacts", 300):
        domain = row["company_website"].removeprefix("https://www.")
        assert row["work_email"].endswith("@" + domain), row
        assert _names_the_person(row, "work_email")


def test_age_and_birth_date_agree() -> None:
    md = sa.MetaData()
    sa.Table(
        "patients",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("full_name", sa.String(80), nullable=False),
        sa.Column("age", sa.Integer, nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
    )
    for row in produce(md, "patients", 300):
        born: date = row["date_of_birth"]
        years = ANCHOR.year - born.year - ((ANCHOR.month, ANCHOR.day) < (born.month, born.day))
        assert years == row["age"] and 18 <= row["age"] <= 80, row


def test_lone_place_columns_keep_their_own_variety() -> None:
    md = sa.MetaData()
    sa.Table(
        "teams",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("country", sa.String(60), nullable=False),
    )
    sources = decide_offline(SeedRequest(graph=build_schema(md), counts={"teams": 200}))[1]
    assert isinstance(sources.table("teams").source("country"), Generated)
    assert len({r["country"] for r in produce(md, "teams", 200)}) > 20


def test_nullable_record_columns_get_their_share_of_nulls() -> None:
    md = sa.MetaData()
    sa.Table(
        "users",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(120)),
        sa.Column("phone", sa.String(40)),
        sa.Column("first_name", sa.String(40), nullable=False),
    )
    sources = decide_offline(SeedRequest(graph=build_schema(md), counts={"users": 10}))[1]
    assert isinstance(sources.table("users").source("email"), RecordField)
    rows = produce(md, "users", 2000)
    for column in ("email", "phone"):
        nulls = sum(r[column] is None for r in rows)
        assert 120 < nulls < 300, (column, nulls)
    assert all(r["first_name"] is not None for r in rows)


def test_a_department_pool_extends_under_a_composite_key() -> None:
    md = sa.MetaData()
    sa.Table("org", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "department",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.ForeignKey("org.id"), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.UniqueConstraint("org_id", "name"),
    )
    rows = produce(md, "department", 300)
    names = [r["name"] for r in rows]
    assert len(set(names)) == 300
    assert all(re.fullmatch(r"[A-Z][A-Za-z ]+( \d+)?", n) for n in names), names[:20]
    assert {"Sales", "Sales West"} <= set(names) or {"Legal", "Legal West"} <= set(names)


def test_a_pool_refuses_only_what_the_length_cannot_hold() -> None:
    md = sa.MetaData()
    sa.Table(
        "ticket",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(9), nullable=False, unique=True),
    )
    graph = build_schema(md)
    decide_offline(SeedRequest(graph=graph, counts={"ticket": 1000}, seed=2))
    with pytest.raises(UniquenessError) as info:
        decide_offline(SeedRequest(graph=graph, counts={"ticket": 10**9}, seed=2))
    message = str(info.value)
    for part in ("ticket.status", "1000000000", "seed 2", "Fix"):
        assert part in message, message


# --------------------------------------------------------------------------- PostgreSQL


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(40))
    last_name: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(60), unique=True)
    username: Mapped[str] = mapped_column(sa.String(24), unique=True)
    city: Mapped[str] = mapped_column(sa.String(60))
    postal_code: Mapped[str] = mapped_column(sa.String(10))
    tags = mapped_column(MutableList.as_mutable(sa.JSON), nullable=False)
    history = mapped_column(MutableList.as_mutable(sa.JSON), nullable=False)
    settings = mapped_column(MutableDict.as_mutable(sa.JSON), nullable=False)
    address = mapped_column(sa.JSON, nullable=False)


class EmailAddress(Base):
    __tablename__ = "email_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"))
    address: Mapped[str] = mapped_column(sa.String(120), unique=True)


class WebhookEvent(Base):
    __tablename__ = "webhook_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    payload = mapped_column(sa.JSON, nullable=False)
    geometry = mapped_column(sa.JSON, nullable=False)
    metadata_ = mapped_column("metadata", sa.JSON, nullable=False)


@pytest.mark.slow
def test_records_and_documents_are_written_and_read_back(conn: sa.Connection) -> None:
    Base.metadata.create_all(conn)
    pytest_dbseed.seed(conn, Base.metadata, counts={Account: 3000, EmailAddress: 500,
                                                    WebhookEvent: 200}, seed=4)  # fmt: skip
    with Session(bind=conn) as session:
        accounts = session.scalars(sa.select(Account)).all()
        assert len(accounts) == 3000
        for a in accounts:
            assert _names_the_person(vars(a), "email") and len(a.username) <= 24
            assert isinstance(a.tags, list) and all(isinstance(t, str) for t in a.tags)
            assert isinstance(a.history, list) and all(isinstance(h, dict) for h in a.history)
            assert isinstance(a.settings, dict) and a.settings["theme"] in (
                "light",
                "dark",
                "system",
            )
            assert set(a.address) >= {"street", "city", "postal_code", "country", "country_code"}
            assert a.address["country"] == "United States" and a.address["country_code"] == "US"
        addresses = session.scalars(sa.select(EmailAddress.address)).all()
        assert all(re.fullmatch(r"[a-z0-9._+]+@example\.(com|org|net)", e) for e in addresses)
        for event in session.scalars(sa.select(WebhookEvent)).all():
            assert re.fullmatch(r"[a-z]+\.[a-z]+", event.payload["type"])
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event.payload["occurred_at"])
            assert event.geometry["type"] == "Point" and len(event.geometry["coordinates"]) == 2
            assert "source" in event.metadata_


def test_appending_to_a_lookup_table_skips_the_real_codes_its_rows_may_hold(
    conn: sa.Connection,
) -> None:
    conn.execute(sa.text("CREATE TABLE country (code char(2) PRIMARY KEY, name text NOT NULL)"))
    conn.execute(sa.text("INSERT INTO country VALUES ('DE', 'Germany'), ('FR', 'France')"))
    md = sa.MetaData()
    md.reflect(conn, only=["country"])
    pytest_dbseed.seed(conn, md, counts={"country": 40}, seed=1, append=True)
    codes = conn.execute(sa.text("SELECT code FROM country")).scalars().all()
    assert len(codes) == 42 and len(set(codes)) == 42


def test_coordinates_of_the_row_fit_their_numeric_columns(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "stores",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("country_code", sa.String(2), nullable=False),
        sa.Column("latitude", sa.Numeric(8, 6), nullable=False),
        sa.Column("longitude", sa.Numeric(9, 6), nullable=False),
        sa.Column("lat_small", sa.Numeric(4, 2)),
        sa.Column("lng", sa.Numeric(4, 2)),  # too narrow for a longitude: not a record field
    )
    sources = decide_offline(SeedRequest(graph=build_schema(md), counts={"stores": 5}))[1]
    assert isinstance(sources.table("stores").source("longitude"), RecordField)
    assert not isinstance(sources.table("stores").source("lng"), RecordField)
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"stores": 300}, seed=2, locale="fr_FR")
    rows = conn.execute(sa.text("SELECT latitude, longitude FROM stores")).all()
    assert all(41 <= float(lat) <= 52 and -6 <= float(lng) <= 10 for lat, lng in rows), rows[:3]


# ------------------------------------------------------------------ slugs follow titles

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _slugged(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _head_of(slug: str, full: str) -> bool:
    """``slug`` is ``full`` or ``full`` cut at a hyphen (hard only when no hyphen is near)."""
    if full == slug or full.startswith(slug + "-"):
        return True
    return full.startswith(slug) and full.rfind("-", 0, len(slug) + 1) <= len(slug) // 2


def test_a_slug_spells_the_rows_title_and_stays_unique(conn: sa.Connection) -> None:
    conn.execute(sa.text("""
        CREATE TABLE products (
            id serial PRIMARY KEY,
            name varchar(100) NOT NULL,
            slug varchar(40) NOT NULL UNIQUE
        );
        CREATE TABLE posts (
            id serial PRIMARY KEY,
            title varchar(200),
            slug varchar(24) NOT NULL,
            permalink text
        );
        CREATE TABLE categories (
            id serial PRIMARY KEY,
            name varchar(60) NOT NULL UNIQUE,
            category_slug varchar(60) UNIQUE,
            parent_name varchar(60) NOT NULL,
            parent_slug varchar(60) NOT NULL
        );
    """))  # fmt: skip
    md = sa.MetaData()
    md.reflect(conn)
    counts = {"products": 3000, "posts": 400, "categories": 300}
    pytest_dbseed.seed(conn, md, counts=counts, seed=5)
    products = conn.execute(sa.text("SELECT id, name, slug FROM products")).all()
    assert len({s for _, _, s in products}) == len(products) == 3000
    for _, name, slug in products:
        head, _, tail = slug.rpartition("-")
        assert _SLUG.fullmatch(slug) and len(slug) <= 40 and re.fullmatch("[0-9a-f]+", tail)
        assert _head_of(head, _slugged(name)), (name, slug)
    # the same product names repeat; their slugs do not
    assert len({n for _, n, _ in products}) < len(products)
    posts = conn.execute(sa.text("SELECT title, slug, permalink FROM posts")).all()
    titled = [(t, s, p) for t, s, p in posts if t is not None]
    assert len(titled) > 300
    for title, slug, permalink in titled:
        assert _SLUG.fullmatch(slug) and len(slug) <= 24 and _head_of(slug, _slugged(title))
        assert permalink is None or permalink == _slugged(title)  # no suffix: not unique
    assert all(_SLUG.fullmatch(s) for t, s, _ in posts if t is None)  # its own slug instead
    cats = conn.execute(sa.text("SELECT name, category_slug, parent_name, parent_slug "
                                "FROM categories")).all()  # fmt: skip
    assert all(ps == _slugged(pn) for _, _, pn, ps in cats)
    slugs = [s for _, s, _, _ in cats if s is not None]
    assert len(set(slugs)) == len(slugs) > 200
    # a unique name carries its row already ('both-0'): the slug says it once
    assert all(_slugged(n) in (s, s.rpartition("-")[0]) for n, s, _, _ in cats if s is not None)


def test_an_overridden_title_leaves_the_slug_its_own(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "articles",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
    )
    md.create_all(conn)
    spec = pytest_dbseed.rows(100, title="Same title")
    pytest_dbseed.seed(conn, md, counts={"articles": spec}, seed=5)
    slugs = conn.execute(sa.text("SELECT slug FROM articles")).scalars().all()
    assert len(set(slugs)) == 100 and not any(s.startswith("same-title") for s in slugs)
    assert all(_SLUG.fullmatch(s) for s in slugs)
    # the same seed gives the same slugs, whichever rows are produced
    graph = build_schema(md)
    sources = decide_offline(SeedRequest(graph=graph, counts={"articles": 50}, seed=5))[1]
    produced = SeedRows(graph, sources)
    whole = produced.batch("articles", 0, 50)["slug"]
    assert produced.table("articles").column("slug")(20, 30) == whole[20:30]


# ------------------------------------------------------------------ flags one flag implies


def test_a_superuser_is_staff_and_active_unless_a_check_names_the_flag() -> None:
    md = sa.MetaData()
    sa.Table(
        "users",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("is_superuser", sa.Boolean, nullable=False),
        sa.Column("is_staff", sa.Boolean, nullable=False),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    sa.Table(
        "members",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("superuser", sa.Boolean, nullable=False),
        sa.Column("staff", sa.Boolean, nullable=False),
        sa.CheckConstraint("staff OR NOT staff", name="ck_staff"),
    )
    users = produce(md, "users", 600)
    supers = [r for r in users if r["is_superuser"]]
    assert supers and all(r["is_staff"] and r["is_active"] for r in supers)
    assert any(r["is_staff"] and not r["is_superuser"] for r in users)
    assert any(not r["is_active"] for r in users)
    # a CHECK on the flag: the generator's own values, whatever the other flag says
    members = produce(md, "members", 600)
    assert any(r["superuser"] and not r["staff"] for r in members)


# ------------------------------------------------------------------ a row's state and its instants


def test_the_instants_of_a_row_are_those_its_status_has_reached(conn: sa.Connection) -> None:
    conn.execute(sa.text("""
        CREATE TYPE ticket_state AS ENUM ('open', 'resolved', 'closed');
        CREATE TABLE orders (
            id serial PRIMARY KEY,
            status varchar(20) NOT NULL DEFAULT 'pending',
            created_at timestamptz NOT NULL DEFAULT now(),
            paid_at timestamptz,
            shipped_at timestamptz,
            delivered_at timestamptz,
            cancelled_at timestamptz,
            refunded_at timestamptz,
            note_at timestamptz
        );
        CREATE TABLE tickets (
            id serial PRIMARY KEY,
            state ticket_state NOT NULL,
            opened_at timestamp NOT NULL,
            resolved_at timestamp,
            closed_at timestamp,
            CHECK (closed_at IS NULL OR closed_at > '2000-01-01')
        );
    """))  # fmt: skip
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, counts={"orders": 600, "tickets": 300}, seed=8)
    reached = {
        "pending": set(), "paid": {"paid"}, "shipped": {"paid", "shipped"},
        "delivered": {"paid", "shipped", "delivered"}, "cancelled": {"cancelled"},
        "refunded": {"paid", "refunded"},
    }  # fmt: skip
    states = ("paid", "shipped", "delivered", "cancelled", "refunded")
    rows = conn.execute(sa.text(
        "SELECT status, paid_at, shipped_at, delivered_at, cancelled_at, refunded_at, "
        "created_at FROM orders"
    )).all()  # fmt: skip
    assert {r[0] for r in rows} == set(reached)
    for status, *instants, created in rows:
        got = {s for s, at in zip(states, instants) if at is not None}
        assert got == reached[status], (status, instants)
        ordered = [created] + [at for at in instants[:3] if at is not None]
        assert ordered == sorted(ordered), (status, ordered)
    # a column no state names keeps its own values, NULL or not
    assert 0 < conn.execute(sa.text("SELECT count(note_at) FROM orders")).scalar_one() < 600
    tickets = conn.execute(sa.text("SELECT state, resolved_at FROM tickets")).all()
    assert {s for s, _ in tickets} == {"open", "resolved", "closed"}
    assert all((at is not None) == (s != "open") for s, at in tickets)
    # a CHECK names closed_at: it keeps its own values (some open tickets closed)
    closed = "SELECT count(*) FROM tickets WHERE state = 'open' AND closed_at IS NOT NULL"
    assert conn.execute(sa.text(closed)).scalar_one() > 0


def test_a_slug_with_a_least_length_follows_its_title_where_long_enough(
    conn: sa.Connection,
) -> None:
    conn.execute(sa.text("""
        CREATE TABLE tenants (
            id serial PRIMARY KEY,
            name varchar(40) NOT NULL,
            slug varchar(40) NOT NULL UNIQUE CHECK (char_length(slug) BETWEEN 24 AND 40)
        );
    """))  # fmt: skip
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, counts={"tenants": 300}, seed=5)
    rows = conn.execute(sa.text("SELECT name, slug FROM tenants")).all()
    assert len({s for _, s in rows}) == 300 and all(24 <= len(s) <= 40 for _, s in rows)
    followed = [(n, s) for n, s in rows if s.startswith(_slugged(n)[:10])]
    assert len(followed) >= 30, rows[:5]  # long names spell the slug
    assert len(followed) < 300  # short ones keep values of the slug's own


@pytest.mark.parametrize("length", [48, 64])
def test_a_change_message_fits_its_column(conn: sa.Connection, length: int) -> None:
    conn.execute(sa.text(f"""
        CREATE TABLE django_admin_log (
            id serial PRIMARY KEY,
            action_flag smallint NOT NULL CHECK (action_flag >= 0),
            change_message varchar({length}) NOT NULL,
            object_repr varchar(200) NOT NULL
        );
    """))  # fmt: skip
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, counts={"django_admin_log": 3000}, seed=3)
    rows = conn.execute(sa.text("SELECT action_flag, change_message FROM django_admin_log")).all()
    changed = [json.loads(m) for f, m in rows if f == 2]
    assert changed and all("changed" in entry for (entry,) in changed)


def test_a_count_of_sign_ins_in_a_domain_keeps_to_the_domain(conn: sa.Connection) -> None:
    conn.execute(sa.text("""
        CREATE DOMAIN posint AS int CHECK (VALUE >= 1);
        CREATE TABLE users (
            id serial PRIMARY KEY,
            email text,
            current_sign_in_at timestamptz,
            last_sign_in_at timestamptz,
            sign_in_count posint,
            failed_attempts int CHECK (failed_attempts BETWEEN 0 AND 2),
            locked_at timestamptz
        );
    """))  # fmt: skip
    md = sa.MetaData()
    md.reflect(conn)
    pytest_dbseed.seed(conn, md, counts={"users": 200}, seed=3)
    low = "SELECT min(sign_in_count), max(failed_attempts) FROM users"
    least, most = conn.execute(sa.text(low)).one()
    assert least >= 1 and most <= 2
