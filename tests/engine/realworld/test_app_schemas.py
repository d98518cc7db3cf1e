"""Schemas shaped like real applications, seeded with a few count mixes.

Each schema is created in a real PostgreSQL (DDL, reflected; or SQLAlchemy models), seeded,
and checked: exact counts for the tables asked for, every row accepted by PostgreSQL, and
the property each schema is about (rows in partitions, trigger rows, partial unique indexes,
inherited tables). The mixes the engine gets wrong today are ``xfail(strict=True)`` with
the reason; the failure classes are the ones of ``test_regressions.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import pytest_dbseed.engine.semantics.wordlists as W
from tests.engine.realworld.helpers import (
    count,
    has_extension,
    reflect,
    rows_of,
    run_sql,
    scalar,
    seed,
)

# Reflection warns about the types it does not know (xml, point, ltree, ...): expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type:sqlalchemy.exc.SAWarning")


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# ------------------------------------------------------------------ payments, partitioned

PAYMENTS = """
CREATE TYPE payment_status AS ENUM ('pending', 'authorized', 'captured', 'refunded', 'failed');
CREATE TABLE merchant (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    country char(2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE payment (
    id bigserial,
    merchant_id bigint NOT NULL REFERENCES merchant,
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency char(3) NOT NULL DEFAULT 'EUR',
    status payment_status NOT NULL DEFAULT 'pending',
    paid_at timestamptz NOT NULL,
    PRIMARY KEY (id, paid_at)
) PARTITION BY RANGE (paid_at);
CREATE TABLE payment_2025_01 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE payment_2025_02 PARTITION OF payment FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE TABLE payment_2025_03 PARTITION OF payment FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
CREATE TABLE payment_later PARTITION OF payment DEFAULT;
CREATE TABLE payout (
    id bigserial,
    merchant_id bigint NOT NULL REFERENCES merchant,
    region text NOT NULL,
    amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE TABLE payout_eu PARTITION OF payout FOR VALUES IN ('eu');
CREATE TABLE payout_us PARTITION OF payout FOR VALUES IN ('us');
CREATE TABLE payout_apac PARTITION OF payout FOR VALUES IN ('apac');
CREATE TABLE refund (
    id bigserial PRIMARY KEY,
    payment_id bigint NOT NULL,
    payment_paid_at timestamptz NOT NULL,
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    reason text,
    FOREIGN KEY (payment_id, payment_paid_at) REFERENCES payment (id, paid_at)
);
"""


@pytest.mark.parametrize(
    "counts",
    [
        {"merchant": 5, "payment": 200, "refund": 20},
        {"merchant": 3, "payout": 30},
        {"payment": 50, "payout": 10, "refund": 50},
    ],
    ids=["payments-refunds", "payouts", "everything"],
)
def test_payments_partitioned(conn: sa.Connection, counts: dict[str, int]) -> None:
    run_sql(conn, PAYMENTS)
    report = seed(conn, reflect(conn), counts=counts, default=0)
    for table, n in counts.items():
        assert report.rows[table] == n
        assert count(conn, table) == n
    if counts.get("payment", 0) >= 50:
        leaves = rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM payment GROUP BY 1")
        assert len(leaves) >= 2, leaves
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM refund r LEFT JOIN payment p ON (p.id, p.paid_at) = (r.payment_id, r.payment_paid_at) WHERE p.id IS NULL",
        )
        == 0
    )


# ------------------------------------------------------------------ catalog with triggers

CATALOG = """
CREATE TABLE category (
    id serial PRIMARY KEY,
    parent_id int REFERENCES category,
    name varchar(80) NOT NULL,
    slug varchar(80) NOT NULL UNIQUE
);
CREATE TABLE product (
    id serial PRIMARY KEY,
    category_id int NOT NULL REFERENCES category,
    sku varchar(32) NOT NULL UNIQUE,
    title text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price >= 0),
    stock int NOT NULL DEFAULT 0 CHECK (stock >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (updated_at >= created_at)
);
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    row_id int NOT NULL,
    action text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := greatest(NEW.updated_at, NEW.created_at);
    RETURN NEW;
END $$;
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (table_name, row_id, action) VALUES (TG_TABLE_NAME, NEW.id, TG_OP);
    RETURN NEW;
END $$;
CREATE FUNCTION check_sku() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sku <> btrim(NEW.sku) THEN
        RAISE EXCEPTION 'sku "%" has surrounding spaces', NEW.sku;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER product_touch BEFORE INSERT OR UPDATE ON product FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER product_sku BEFORE INSERT OR UPDATE ON product FOR EACH ROW EXECUTE FUNCTION check_sku();
CREATE TRIGGER product_audit AFTER INSERT ON product FOR EACH ROW EXECUTE FUNCTION audit_row();
"""


@pytest.mark.parametrize(
    ("counts", "default"),
    [
        ({"category": 10, "product": 100}, 0),
        ({"product": 50, "audit_log": 5}, 0),
        ({"category": 4}, 10),
    ],
    ids=["products", "products-and-log", "default-10"],
)
def test_catalog_with_triggers(conn: sa.Connection, counts: dict[str, int], default: int) -> None:
    run_sql(conn, CATALOG)
    report = seed(conn, reflect(conn), counts=counts, default=default)
    for table, n in counts.items():
        assert report.rows[table] == n
    assert count(conn, "product") == report.rows["product"]
    # the audit trigger wrote one row per product, beside the rows asked for
    assert count(conn, "audit_log") == report.rows["audit_log"] + report.rows["product"]
    assert scalar(conn, "SELECT count(*) FROM product WHERE updated_at < created_at") == 0


# ------------------------------------------------------------------ SaaS app: expression indexes, defaults, epochs

SAAS = """
CREATE DOMAIN short_code AS varchar(12) CHECK (length(VALUE) >= 3);
CREATE TYPE plan_tier AS ENUM ('free', 'pro', 'enterprise');
CREATE TABLE account (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email citext NOT NULL,
    display_name text,
    plan plan_tier NOT NULL DEFAULT 'free',
    is_active boolean NOT NULL DEFAULT true,
    login_count int NOT NULL DEFAULT 0 CHECK (login_count >= 0),
    created bigint NOT NULL,
    last_seen bigint,
    settings jsonb NOT NULL DEFAULT '{}',
    tags text[] NOT NULL DEFAULT '{}',
    deleted_at timestamptz,
    CHECK (last_seen IS NULL OR last_seen >= created)
);
CREATE UNIQUE INDEX account_email_live ON account (lower(email::text)) WHERE deleted_at IS NULL;
CREATE TABLE project (
    id serial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES account ON DELETE CASCADE,
    code short_code NOT NULL,
    name varchar(120) NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'archived')),
    budget numeric(12, 2) CHECK (budget > 0),
    starts_on date NOT NULL,
    ends_on date,
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    UNIQUE (account_id, code)
);
CREATE TABLE membership (
    account_id uuid NOT NULL REFERENCES account,
    project_id int NOT NULL REFERENCES project,
    role text NOT NULL DEFAULT 'member',
    joined bigint NOT NULL,
    PRIMARY KEY (account_id, project_id)
);
CREATE TABLE api_key (
    id bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES account,
    token text NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX api_key_one_live ON api_key (account_id) WHERE revoked_at IS NULL;
"""


@pytest.mark.parametrize(
    "counts",
    [
        {"account": 50, "project": 100, "membership": 150},
        {"account": 20, "api_key": 15},
        {"account": 300},
    ],
    ids=["projects", "api-keys", "many-accounts"],
)
def test_saas_app(conn: sa.Connection, counts: dict[str, int]) -> None:
    if not has_extension(conn, "citext"):
        pytest.skip("citext is not available on this server")
    run_sql(conn, SAAS)
    report = seed(conn, reflect(conn), counts=counts, default=0)
    for table, n in counts.items():
        assert report.rows[table] == n and count(conn, table) == n
    assert scalar(conn, "SELECT count(*) FROM account WHERE last_seen < created") == 0
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM project WHERE status NOT IN ('pending', 'active', 'archived')",
        )
        == 0
    )


def test_saas_epoch_columns_are_plausible(conn: sa.Connection) -> None:
    if not has_extension(conn, "citext"):
        pytest.skip("citext is not available on this server")
    run_sql(conn, SAAS)
    seed(conn, reflect(conn), counts={"account": 20, "project": 10, "membership": 10}, default=0)
    # BIGINT without a unit in the name: epoch milliseconds (README, "Epoch integers").
    for table, column in (("account", "created"), ("membership", "joined")):
        lo, hi = rows_of(conn, f"SELECT min({column}), max({column}) FROM {table}")[0]
        assert (
            dt.datetime(2000, 1, 1).timestamp()
            <= lo / 1000
            <= hi / 1000
            <= dt.datetime(2031, 1, 1).timestamp()
        )
    assert scalar(conn, "SELECT count(*) FROM account WHERE last_seen < created") == 0


# ------------------------------------------------------------------ fleet: INHERITS and association tables

FLEET = """
CREATE TABLE vehicle (
    id serial PRIMARY KEY,
    make text NOT NULL,
    model text NOT NULL,
    year smallint NOT NULL CHECK (year BETWEEN 1950 AND 2030),
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE TABLE truck (payload_kg int NOT NULL CHECK (payload_kg > 0)) INHERITS (vehicle);
CREATE TABLE car (seats smallint NOT NULL CHECK (seats BETWEEN 2 AND 9)) INHERITS (vehicle);
CREATE TABLE driver (
    id serial PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    license char(8) NOT NULL UNIQUE,
    born date NOT NULL CHECK (born < DATE '2010-01-01')
);
CREATE TABLE driver_vehicle (
    driver_id int NOT NULL REFERENCES driver,
    vehicle_id int NOT NULL REFERENCES vehicle,
    since date NOT NULL,
    PRIMARY KEY (driver_id, vehicle_id)
);
CREATE TABLE trip (
    id bigserial PRIMARY KEY,
    driver_id int NOT NULL REFERENCES driver,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    distance_km numeric(8, 1) CHECK (distance_km >= 0),
    CHECK (ended_at IS NULL OR ended_at > started_at)
);
"""


@pytest.mark.parametrize(
    "counts",
    [
        {"vehicle": 10, "truck": 5, "car": 5, "driver": 8, "driver_vehicle": 20, "trip": 30},
        {"driver": 3, "driver_vehicle": 9, "vehicle": 3},
        {"car": 40, "trip": 200},
    ],
    ids=["fleet", "all-pairs", "cars-and-trips"],
)
def test_fleet_with_inheritance(conn: sa.Connection, counts: dict[str, int]) -> None:
    run_sql(conn, FLEET)
    report = seed(conn, reflect(conn), counts=counts, default=0)
    for table, n in counts.items():
        assert report.rows[table] == n
        assert count(conn, f"ONLY {table}") == n
    assert scalar(conn, "SELECT count(*) FROM car WHERE seats NOT BETWEEN 2 AND 9") == 0
    assert scalar(conn, "SELECT count(*) FROM driver WHERE born >= DATE '2010-01-01'") == 0


# ------------------------------------------------------------------ blog, declared with SQLAlchemy


class Blog(DeclarativeBase):
    pass


post_tag = sa.Table(
    "post_tag",
    Blog.metadata,
    sa.Column("post_id", sa.ForeignKey("post.id"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id"), primary_key=True),
)


class Author(Blog):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    handle: Mapped[str] = mapped_column(sa.String(30))
    bio: Mapped[str | None] = mapped_column(sa.Text)
    created: Mapped[int] = mapped_column(sa.BigInteger)
    is_admin: Mapped[bool] = mapped_column(server_default=sa.false())
    __table_args__ = (
        sa.Index("author_handle_lower", sa.func.lower(sa.column("handle")), unique=True),
    )


class Tag(Blog):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(40), unique=True)


class Post(Blog):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("author.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    state: Mapped[str] = mapped_column(sa.Enum("draft", "published", "archived", name="post_state"))
    tags: Mapped[list[str]] = mapped_column(pg.ARRAY(sa.String(30)), server_default="{}")
    meta: Mapped[dict[str, Any]] = mapped_column(pg.JSONB, server_default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    __table_args__ = (
        sa.CheckConstraint(
            "published_at IS NULL OR published_at >= created_at", name="published_after_created"
        ),
    )


class Comment(Blog):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("author.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    score: Mapped[int] = mapped_column(
        sa.SmallInteger, sa.CheckConstraint("score BETWEEN -100 AND 100"), server_default="0"
    )


@pytest.mark.parametrize(
    "counts",
    [
        {Author: 10, Post: 50, Comment: 200, Tag: 20, post_tag: 100},
        {Author: 5, Post: 20, Tag: 5, post_tag: 100},
        {Author: 30, Post: 0},
    ],
    ids=["blog", "all-tag-pairs", "authors"],
)
def test_blog_models(conn: sa.Connection, counts: dict[Any, int]) -> None:
    Blog.metadata.create_all(conn)
    report = seed(conn, Blog.metadata, counts=counts, default=0)
    for key, n in counts.items():
        name = key.name if isinstance(key, sa.Table) else key.__tablename__
        assert report.rows[name] == n and count(conn, name) == n
    assert scalar(conn, "SELECT count(*) FROM post WHERE published_at < created_at") == 0
    assert scalar(conn, "SELECT count(DISTINCT lower(handle)) FROM author") == counts[Author]


# ------------------------------------------------------------------ events: nested partitions, triggers, catalog types

EVENTS = """
CREATE TABLE site (
    id serial PRIMARY KEY,
    name text NOT NULL,
    path ltree NOT NULL,
    area polygon,
    events_seen bigint NOT NULL DEFAULT 0 CHECK (events_seen >= 0)
);
CREATE UNIQUE INDEX site_path ON site (path);
CREATE TABLE event (
    id bigserial,
    site_id int NOT NULL REFERENCES site,
    kind text NOT NULL CHECK (kind IN ('view', 'click', 'buy')),
    at timestamptz NOT NULL,
    region text NOT NULL,
    spot point,
    payload xml,
    PRIMARY KEY (id, at, region)
) PARTITION BY RANGE (at);
CREATE TABLE event_2025h1 PARTITION OF event
    FOR VALUES FROM ('2025-01-01 00:00+00') TO ('2025-07-01 00:00+00') PARTITION BY LIST (region);
CREATE TABLE event_2025h1_eu PARTITION OF event_2025h1 FOR VALUES IN ('eu');
CREATE TABLE event_2025h1_rest PARTITION OF event_2025h1 DEFAULT;
CREATE TABLE event_2025h2 PARTITION OF event
    FOR VALUES FROM ('2025-07-01 00:00+00') TO ('2026-01-01 00:00+00') PARTITION BY HASH (id);
CREATE TABLE event_2025h2_0 PARTITION OF event_2025h2 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE event_2025h2_1 PARTITION OF event_2025h2 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE saved_search (
    id serial PRIMARY KEY,
    site_id int NOT NULL REFERENCES site,
    query tsquery NOT NULL,
    "50% off" boolean NOT NULL DEFAULT false
);
CREATE TABLE event_count (
    id serial PRIMARY KEY,
    site_id int NOT NULL,
    n int NOT NULL
);
CREATE FUNCTION count_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site SET events_seen = events_seen + 1 WHERE id = NEW.site_id;
    INSERT INTO event_count (site_id, n) VALUES (NEW.site_id, 1);
    RETURN NEW;
END $$;
CREATE TRIGGER event_counted AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION count_event();
"""


@pytest.mark.parametrize(
    ("counts", "default"),
    [
        ({"site": 5, "event": 300}, 0),
        ({"event": 80, "saved_search": 20, "event_count": 7}, 4),
    ],
    ids=["events", "everything"],
)
def test_events_partitioned_with_triggers(
    conn: sa.Connection, counts: dict[str, int], default: int
) -> None:
    if not has_extension(conn, "ltree"):
        pytest.skip("ltree is not available on this server")
    run_sql(conn, EVENTS)
    report = seed(conn, reflect(conn), counts=counts, default=default)
    for table, n in counts.items():
        assert report.rows[table] == n
        assert count(conn, table) == n + report.trigger_rows.get(table, 0)
    events = counts["event"]
    # the trigger counted every event, beside the rows asked for
    assert report.trigger_rows == {"event_count": events}
    assert count(conn, "event_count") == report.rows["event_count"] + events
    leaves = dict(rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM event GROUP BY 1"))
    assert len(leaves) >= 3, leaves
    assert not any(name in report.rows and report.rows[name] for name in leaves)


# ------------------------------------- multi-tenant orders: lookup tables, list partitions

ORDERS = """
CREATE TABLE order_status (code varchar(12) PRIMARY KEY, label text NOT NULL,
    CHECK (code = upper(code)));
CREATE TABLE tenant (id serial PRIMARY KEY, name text NOT NULL UNIQUE,
    region char(2) NOT NULL CHECK (region IN ('eu', 'us', 'ap')));
CREATE UNIQUE INDEX tenant_name_lower ON tenant (lower(name));
CREATE TABLE orders (
    region char(2) NOT NULL, id bigint NOT NULL, tenant_id int NOT NULL REFERENCES tenant,
    status varchar(12) NOT NULL REFERENCES order_status
        CHECK (status IN ('NEW', 'PAID', 'SHIPPED', 'CANCELLED')),
    placed_at timestamptz NOT NULL, shipped_at timestamptz,
    total numeric(12, 2) NOT NULL CHECK (total >= 0),
    PRIMARY KEY (region, id), CHECK (shipped_at IS NULL OR shipped_at >= placed_at)
) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE TABLE orders_ap PARTITION OF orders FOR VALUES IN ('ap');
CREATE TABLE order_item (
    id bigserial PRIMARY KEY, region char(2) NOT NULL, order_id bigint NOT NULL,
    line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 50), qty int NOT NULL CHECK (qty > 0),
    FOREIGN KEY (region, order_id) REFERENCES orders (region, id),
    UNIQUE (region, order_id, line_no)
);
"""


@pytest.mark.parametrize(
    "counts",
    [
        {"order_status": 6, "tenant": 20, "orders": 600, "order_item": 1500},
        {"order_status": 4, "tenant": 3, "orders": 90, "order_item": 0},
    ],
    ids=["more-statuses-than-listed", "exactly-the-listed"],
)
def test_orders_with_a_lookup_table_the_check_lists(
    conn: sa.Connection, counts: dict[str, int]
) -> None:
    run_sql(conn, ORDERS)
    seed(conn, reflect(conn), counts=counts, default=0)
    for table, n in counts.items():
        assert count(conn, table) == n
    # The lookup table holds the codes the orders' CHECK lists; every one is used.
    assert scalar(conn, "SELECT count(DISTINCT status) FROM orders") == 4
    leaves = rows_of(conn, "SELECT tableoid::regclass::text, count(*) FROM orders GROUP BY 1")
    assert len(leaves) == 3, leaves


# ------------------------------------------------------------------ a Rails application

RAILS = """
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name varchar NOT NULL,
    subdomain varchar NOT NULL,
    plan integer DEFAULT 0 NOT NULL,
    created_at timestamp(6) NOT NULL,
    updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_accounts_on_subdomain ON accounts (lower(subdomain));
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts,
    email varchar DEFAULT '' NOT NULL,
    role integer DEFAULT 0 NOT NULL,
    confirmed_at timestamp(6),
    locked_at timestamp(6),
    deleted_at timestamp(6),
    created_at timestamp(6) NOT NULL,
    updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_users_on_email ON users (email) WHERE deleted_at IS NULL;
CREATE TABLE projects (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    name varchar NOT NULL,
    slug varchar NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    created_at timestamp(6) NOT NULL,
    updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_projects_on_account_id_and_slug ON projects (account_id, slug);
CREATE TABLE tasks (
    id bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects,
    title varchar(200) NOT NULL,
    priority smallint DEFAULT 2 NOT NULL CHECK (priority >= 0 AND priority <= 4),
    tags varchar[] DEFAULT '{}' NOT NULL,
    created_at timestamp(6) NOT NULL,
    updated_at timestamp(6) NOT NULL
);
CREATE TABLE tags (id bigserial PRIMARY KEY, name varchar NOT NULL UNIQUE);
CREATE TABLE taggings (
    id bigserial PRIMARY KEY,
    tag_id bigint NOT NULL REFERENCES tags,
    taggable_type varchar NOT NULL,
    taggable_id bigint NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (tag_id, taggable_type, taggable_id)
);
"""

_RAILS_TARGETS = {"Account": "accounts", "User": "users", "Project": "projects", "Task": "tasks"}


def test_rails_app_rows_are_believable(conn: sa.Connection) -> None:
    run_sql(conn, RAILS)
    seed(conn, reflect(conn), default=300, seed=1)
    # integer enums: a few small codes, the server default the most common
    for table, column in (("users", "role"), ("accounts", "plan")):
        got = dict(rows_of(conn, f"SELECT {column}, count(*) FROM {table} GROUP BY 1"))
        assert set(got) <= set(range(5)) and len(got) >= 3, got
        assert max(got, key=got.__getitem__) == 0, got
    # rare states are rare; confirmations are not
    deleted = scalar(conn, "SELECT count(*) FROM users WHERE deleted_at IS NOT NULL")
    locked = scalar(conn, "SELECT count(*) FROM users WHERE locked_at IS NOT NULL")
    confirmed = scalar(conn, "SELECT count(*) FROM users WHERE confirmed_at IS NOT NULL")
    assert 0 < deleted <= 60 and 0 < locked <= 60 and confirmed >= 240
    assert scalar(conn, "SELECT count(*) FROM projects WHERE archived") <= 60
    # polymorphic pairs: a model's class name and a key of one of its rows
    types = dict(rows_of(conn, "SELECT taggable_type, count(*) FROM taggings GROUP BY 1"))
    assert set(types) == set(_RAILS_TARGETS) and min(types.values()) >= 30, types
    for name, table in _RAILS_TARGETS.items():
        orphans = scalar(
            conn,
            f"SELECT count(*) FROM taggings g WHERE taggable_type = '{name}' "
            f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = g.taggable_id)",
        )
        assert orphans == 0, name
    # subdomains are DNS labels; an account's name is an organization's
    assert scalar(conn, "SELECT count(*) FROM accounts WHERE subdomain !~ '^[a-z0-9-]+$'") == 0
    names = [n for (n,) in rows_of(conn, "SELECT name FROM accounts")]
    assert sum(any(w in n for w in (",", " and ", "-", "Inc", "LLC", "Group", "Ltd")) for n in names) >= 150
    # tag arrays hold tags, each once
    tags = [t for (t,) in rows_of(conn, "SELECT tags FROM tasks")]
    assert all(len(set(t)) == len(t) for t in tags)
    assert {w for t in tags for w in t} <= set(W.TAGS)


DEVISE = """
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar DEFAULT '' NOT NULL,
  encrypted_password varchar DEFAULT '' NOT NULL,
  reset_password_token varchar,
  reset_password_sent_at timestamp(6),
  remember_created_at timestamp(6),
  sign_in_count integer DEFAULT 0 NOT NULL,
  current_sign_in_at timestamp(6),
  last_sign_in_at timestamp(6),
  current_sign_in_ip inet,
  last_sign_in_ip inet,
  confirmation_token varchar,
  confirmed_at timestamp(6),
  confirmation_sent_at timestamp(6),
  unconfirmed_email varchar,
  failed_attempts integer DEFAULT 0 NOT NULL,
  unlock_token varchar,
  locked_at timestamp(6),
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE UNIQUE INDEX index_users_on_email ON users (email);
CREATE UNIQUE INDEX index_users_on_reset_password_token ON users (reset_password_token);
CREATE UNIQUE INDEX index_users_on_confirmation_token ON users (confirmation_token);
CREATE UNIQUE INDEX index_users_on_unlock_token ON users (unlock_token);
"""


def _devise_counts(conn: sa.Connection, where: dict[str, str]) -> dict[str, int]:
    got = rows_of(conn, "SELECT " + ", ".join(f"count(*) FILTER (WHERE {w})" for w in where.values())
                  + " FROM users")  # fmt: skip
    return dict(zip(where, got[0]))


def test_devise_users_are_believable(conn: sa.Connection) -> None:
    """Devise's users: tokens set with their timestamps, time running forward, sign-in
    counts and failed attempts agreeing with the sign-ins and the locks."""
    run_sql(conn, DEVISE)
    seed(conn, reflect(conn), default=400, seed=3)
    bad = _devise_counts(conn, {
        "reset pair": "(reset_password_token IS NULL) <> (reset_password_sent_at IS NULL)",
        "unlock pair": "(unlock_token IS NULL) <> (locked_at IS NULL)",
        "confirmation pair": "(confirmation_token IS NULL) <> (confirmation_sent_at IS NULL)",
        "sent after confirmed": "confirmation_sent_at > confirmed_at",
        "sent before created": "confirmation_sent_at < created_at",
        "confirmed before created": "confirmed_at < created_at",
        "last after current": "last_sign_in_at > current_sign_in_at",
        "last before created": "last_sign_in_at < created_at",
        "current before created": "current_sign_in_at < created_at",
        "remembered before created": "remember_created_at < created_at",
        "locked before created": "locked_at < created_at",
        "reset before created": "reset_password_sent_at < created_at",
        "never signed in but counted": "(sign_in_count = 0) <> (current_sign_in_at IS NULL)",
        "sign-ins half set": "num_nulls(current_sign_in_at, last_sign_in_at, current_sign_in_ip,"
                             " last_sign_in_ip) NOT IN (0, 4)",
        "one sign-in, two instants": "sign_in_count = 1 AND last_sign_in_at <> current_sign_in_at",
        "locked below the threshold": "locked_at IS NOT NULL AND failed_attempts < 5",
        "unlocked at the threshold": "locked_at IS NULL AND failed_attempts >= 5",
        "updated before": "updated_at < greatest(created_at, confirmation_sent_at, confirmed_at,"
                          " last_sign_in_at, current_sign_in_at, remember_created_at, locked_at,"
                          " reset_password_sent_at)",
    })  # fmt: skip
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}
    share = _devise_counts(conn, {
        "reset": "reset_password_sent_at IS NOT NULL",
        "unconfirmed": "unconfirmed_email IS NOT NULL",
        "confirmation": "confirmation_sent_at IS NOT NULL",
        "signed in": "current_sign_in_at IS NOT NULL",
        "once": "sign_in_count = 1",
        "no attempts": "failed_attempts = 0",
        "locked": "locked_at IS NOT NULL",
    })  # fmt: skip
    assert share["reset"] <= 40 and share["unconfirmed"] <= 40, share
    assert share["confirmation"] >= 300 and share["signed in"] >= 300 and share["once"] > 0, share
    assert share["no attempts"] >= 300 and 0 < share["locked"] <= 60, share


# ------------------------------------------------------------------ a Django project

DJANGO = """
CREATE TABLE "django_migrations" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" timestamp with time zone NOT NULL);
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
ALTER TABLE "django_content_type" ADD CONSTRAINT "django_content_type_app_label_model_76bd3d3b_uniq" UNIQUE ("app_label", "model");
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(255) NOT NULL, "content_type_id" integer NOT NULL, "codename" varchar(100) NOT NULL);
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_codename_01ab375a_uniq" UNIQUE ("content_type_id", "codename");
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_2f476e4b_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(150) NOT NULL UNIQUE);
CREATE INDEX "auth_group_name_a6ea08ec_like" ON "auth_group" ("name" varchar_pattern_ops);
CREATE TABLE "auth_group_permissions" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "group_id" integer NOT NULL, "permission_id" integer NOT NULL);
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" UNIQUE ("group_id", "permission_id");
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "password" varchar(128) NOT NULL, "last_login" timestamp with time zone NULL, "is_superuser" boolean NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" timestamp with time zone NOT NULL);
CREATE INDEX "auth_user_username_6821ab7c_like" ON "auth_user" ("username" varchar_pattern_ops);
CREATE TABLE "auth_user_groups" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "user_id" integer NOT NULL, "group_id" integer NOT NULL);
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_group_id_94350c0c_uniq" UNIQUE ("user_id", "group_id");
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_6a12ed8b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_group_id_97559544_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE TABLE "auth_user_user_permissions" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "user_id" integer NOT NULL, "permission_id" integer NOT NULL);
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" UNIQUE ("user_id", "permission_id");
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "action_time" timestamp with time zone NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL, "user_id" integer NOT NULL);
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_content_type_id_c4bce8eb_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_user_id_c564eba6_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");
CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" timestamp with time zone NOT NULL);
CREATE INDEX "django_session_session_key_c0390e0f_like" ON "django_session" ("session_key" varchar_pattern_ops);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");
-- the project's app "shop"
CREATE TABLE "shop_category" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(100) NOT NULL, "slug" varchar(50) NOT NULL UNIQUE, "parent_id" bigint NULL);
ALTER TABLE "shop_category" ADD CONSTRAINT "shop_category_parent_id_3c2a5e1f_fk_shop_category_id" FOREIGN KEY ("parent_id") REFERENCES "shop_category" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_category_slug_8f2b1c3d_like" ON "shop_category" ("slug" varchar_pattern_ops);
CREATE INDEX "shop_category_parent_id_3c2a5e1f" ON "shop_category" ("parent_id");
CREATE TABLE "shop_product" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "uuid" uuid NOT NULL UNIQUE, "name" varchar(200) NOT NULL, "slug" varchar(50) NOT NULL, "description" text NOT NULL, "price" numeric(10, 2) NOT NULL, "qty" integer NOT NULL CHECK ("qty" >= 0), "status" varchar(10) NOT NULL, "attributes" jsonb NOT NULL, "is_active" boolean NOT NULL, "created_at" timestamp with time zone NOT NULL, "updated_at" timestamp with time zone NOT NULL, "category_id" bigint NOT NULL);
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_category_id_9b4c2d1e_fk_shop_category_id" FOREIGN KEY ("category_id") REFERENCES "shop_category" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_product_slug_30bd2d5d" ON "shop_product" ("slug");
CREATE INDEX "shop_product_slug_30bd2d5d_like" ON "shop_product" ("slug" varchar_pattern_ops);
CREATE INDEX "shop_product_category_id_9b4c2d1e" ON "shop_product" ("category_id");
CREATE UNIQUE INDEX "unique_active_product_slug" ON "shop_product" ("slug") WHERE "is_active";
CREATE TABLE "shop_order" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "number" uuid NOT NULL UNIQUE, "status" varchar(20) NOT NULL, "total" numeric(10, 2) NOT NULL, "placed_at" timestamp with time zone NOT NULL, "shipped_at" timestamp with time zone NULL, "customer_id" integer NOT NULL);
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_customer_id_7d1e0f2a_fk_auth_user_id" FOREIGN KEY ("customer_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_order_customer_id_7d1e0f2a" ON "shop_order" ("customer_id");
CREATE TABLE "shop_orderitem" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "qty" integer NOT NULL CHECK ("qty" >= 0), "unit_price" numeric(10, 2) NOT NULL, "order_id" bigint NOT NULL, "product_id" bigint NOT NULL);
ALTER TABLE "shop_orderitem" ADD CONSTRAINT "shop_orderitem_order_id_4a8b9c0d_fk_shop_order_id" FOREIGN KEY ("order_id") REFERENCES "shop_order" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "shop_orderitem" ADD CONSTRAINT "shop_orderitem_product_id_5b6c7d8e_fk_shop_product_id" FOREIGN KEY ("product_id") REFERENCES "shop_product" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_orderitem_order_id_4a8b9c0d" ON "shop_orderitem" ("order_id");
CREATE INDEX "shop_orderitem_product_id_5b6c7d8e" ON "shop_orderitem" ("product_id");
ALTER TABLE "shop_orderitem" ADD CONSTRAINT "unique_product_per_order" UNIQUE ("order_id", "product_id");
CREATE TABLE "shop_room" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(50) NOT NULL, "capacity" integer NOT NULL CHECK ("capacity" >= 0));
CREATE TABLE "shop_booking" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "start" timestamp with time zone NOT NULL, "end" timestamp with time zone NOT NULL, "cancelled" boolean NOT NULL, "room_id" bigint NOT NULL, "user_id" integer NOT NULL, CONSTRAINT "end_after_start" CHECK ("end" > "start"));
ALTER TABLE "shop_booking" ADD CONSTRAINT "shop_booking_room_id_1a2b3c4d_fk_shop_room_id" FOREIGN KEY ("room_id") REFERENCES "shop_room" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "shop_booking" ADD CONSTRAINT "shop_booking_user_id_2b3c4d5e_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_booking_room_id_1a2b3c4d" ON "shop_booking" ("room_id");
CREATE INDEX "shop_booking_user_id_2b3c4d5e" ON "shop_booking" ("user_id");
ALTER TABLE "shop_booking" ADD CONSTRAINT "exclude_overlapping_bookings" EXCLUDE USING gist ((tstzrange("start", "end", '[)')) WITH &&, "room_id" WITH =) WHERE (NOT "cancelled");
CREATE TABLE "shop_taggeditem" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "tag" varchar(50) NOT NULL, "object_id" integer NOT NULL CHECK ("object_id" >= 0), "content_type_id" integer NOT NULL);
ALTER TABLE "shop_taggeditem" ADD CONSTRAINT "shop_taggeditem_content_type_id_9e8d7c6b_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_taggeditem_content_type_id_9e8d7c6b" ON "shop_taggeditem" ("content_type_id");
CREATE INDEX "shop_taggeditem_content_type_id_object_id_3f4e5d6c_idx" ON "shop_taggeditem" ("content_type_id", "object_id");
CREATE INDEX "shop_taggeditem_tag_7a8b9c0d_like" ON "shop_taggeditem" ("tag" varchar_pattern_ops);
"""

_DJANGO_MODELS = {
    ("auth", "user"), ("auth", "group"), ("auth", "permission"), ("admin", "logentry"),
    ("contenttypes", "contenttype"), ("sessions", "session"), ("shop", "category"),
    ("shop", "product"), ("shop", "order"), ("shop", "orderitem"), ("shop", "room"),
    ("shop", "booking"), ("shop", "taggeditem"),
}  # fmt: skip


def test_django_project_rows_are_believable(conn: sa.Connection) -> None:
    if not has_extension(conn, "btree_gist"):
        pytest.skip("btree_gist is not available on this server")
    run_sql(conn, DJANGO)
    metadata = reflect(conn)
    report = seed(conn, metadata, default=200, seed=3)
    seeded = {t for t in metadata.tables if t != "django_migrations"}
    assert {t: n for t, n in report.rows.items() if n} == dict.fromkeys(seeded, 200)
    for table in seeded:
        assert count(conn, table) == 200, table
    assert count(conn, "django_migrations") == 0  # Django's migration history: never seeded
    # content types name the project's models, then invented ones, each pair once
    pairs = rows_of(conn, "SELECT app_label, model FROM django_content_type ORDER BY id")
    assert set(pairs[: len(_DJANGO_MODELS)]) == _DJANGO_MODELS, pairs[:15]
    assert len(set(pairs)) == 200
    assert all(a.isidentifier() and m.isidentifier() and m.islower() for a, m in pairs), pairs
    # Django's permissions and admin log actions
    perms = rows_of(conn, "SELECT name, codename FROM auth_permission")
    verbs = ("add", "change", "delete", "view")
    assert all(c.split("_", 1)[0] in verbs for _, c in perms), perms[:5]
    assert all(n.startswith(tuple(f"Can {v} " for v in verbs)) for n, _ in perms), perms[:5]
    # four permissions per model, each naming the model of its content type
    mismatched = scalar(
        conn,
        "SELECT count(*) FROM auth_permission p JOIN django_content_type ct "
        "ON ct.id = p.content_type_id WHERE p.codename <> split_part(p.codename, '_', 1) "
        "|| '_' || ct.model OR p.name <> 'Can ' || split_part(p.codename, '_', 1) || ' ' "
        "|| ct.model",
    )
    assert mismatched == 0
    per_type = rows_of(conn, "SELECT content_type_id, count(*) FROM auth_permission GROUP BY 1")
    assert {n for _, n in per_type} == {4}, per_type
    flags = dict(rows_of(conn, "SELECT action_flag, count(*) FROM django_admin_log GROUP BY 1"))
    assert set(flags) == {1, 2, 3} and max(flags, key=flags.__getitem__) == 2, flags
    # the message says what the action did, as Django writes it
    messages = rows_of(conn, "SELECT action_flag, change_message FROM django_admin_log")
    for flag, message in messages:
        if flag == 3:
            assert message == ""
        else:
            (entry,) = json.loads(message)
            assert ("added" if flag == 1 else "changed") in entry, (flag, message)
    # users: a few superusers, logins after joining
    assert 0 < scalar(conn, "SELECT count(*) FROM auth_user WHERE is_superuser") <= 40
    superusers = "SELECT count(*) FROM auth_user WHERE is_superuser AND NOT (is_staff AND is_active)"
    assert scalar(conn, superusers) == 0  # a superuser is staff, and active
    assert scalar(conn, "SELECT count(*) FROM auth_user WHERE is_staff AND NOT is_superuser") > 0
    assert scalar(conn, "SELECT count(*) FROM auth_user WHERE last_login < date_joined") == 0
    # the constraints hold: the partial unique slug, the CHECK and the exclusion
    assert scalar(conn, 'SELECT count(*) FROM shop_booking WHERE "end" <= start') == 0
    active = "SELECT count(DISTINCT slug) = count(*) FROM shop_product WHERE is_active"
    assert scalar(conn, active) is True
    # generic relations: the object id is a key of a row of the model its content type names
    contrib = {"admin_logentry": "django_admin_log", "contenttypes_contenttype": "django_content_type"}
    for table in ("shop_taggeditem", "django_admin_log"):
        named = rows_of(
            conn,
            f"SELECT ct.app_label || '_' || ct.model, t.object_id::bigint FROM {table} t "
            "JOIN django_content_type ct ON ct.id = t.content_type_id",
        )
        assert len(named) == 200, table
        for name, key in named:
            model = contrib.get(name, name)
            assert model in seeded and model != table, (table, model)
            assert scalar(conn, f"SELECT count(*) FROM {model} WHERE id = {key}") == 1, (
                table,
                model,
                key,
            )
    tagged = "SELECT count(DISTINCT (content_type_id, object_id)) FROM shop_taggeditem"
    assert scalar(conn, tagged) == 200
    assert scalar(conn, "SELECT count(DISTINCT content_type_id) FROM shop_taggeditem") > 3
