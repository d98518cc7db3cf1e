"""DDL of the databases the command's tests reflect, as an application would have made them."""

from __future__ import annotations

REALISTIC = r"""
CREATE SCHEMA sales;
CREATE SCHEMA audit;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE DOMAIN email_address AS varchar(120) CHECK (VALUE LIKE '%_@_%');

CREATE TABLE country (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO country VALUES ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands');

CREATE TABLE customer (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email email_address NOT NULL UNIQUE,
    first_name varchar(40) NOT NULL,
    last_name varchar(40) NOT NULL,
    country_code char(2) NOT NULL REFERENCES country (code),
    created_at timestamptz NOT NULL DEFAULT now(),
    referrer_id bigint REFERENCES customer (id)
);
CREATE UNIQUE INDEX customer_lower_email ON customer (lower(email));
COMMENT ON COLUMN customer.email IS 'the login';

CREATE TABLE sales.product (
    sku varchar(20) PRIMARY KEY,
    name text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price > 0)
);
CREATE TABLE sales."order" (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    status order_status NOT NULL DEFAULT 'pending',
    ordered_at timestamptz NOT NULL,
    shipped_at timestamptz,
    CHECK (shipped_at IS NULL OR shipped_at >= ordered_at)
);
-- A nullable cycle: written NULL first, filled by UPDATE.
ALTER TABLE customer ADD COLUMN last_order_id int REFERENCES sales."order" (id);
CREATE TABLE sales.order_line (
    order_id int NOT NULL REFERENCES sales."order" (id),
    line_no int NOT NULL,
    sku varchar(20) NOT NULL REFERENCES sales.product (sku),
    quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    PRIMARY KEY (order_id, line_no)
);
CREATE TABLE sales.shipment (
    id serial PRIMARY KEY,
    order_id int NOT NULL,
    line_no int NOT NULL,
    carrier text,
    FOREIGN KEY (order_id, line_no) REFERENCES sales.order_line (order_id, line_no)
);
-- A NOT NULL cycle of DEFERRABLE keys: checked at commit.
CREATE TABLE sales.team (id serial PRIMARY KEY, name text NOT NULL, lead_id int NOT NULL);
CREATE TABLE sales.member (
    id serial PRIMARY KEY,
    name text NOT NULL,
    team_id int NOT NULL REFERENCES sales.team (id) DEFERRABLE INITIALLY IMMEDIATE
);
ALTER TABLE sales.team ADD FOREIGN KEY (lead_id) REFERENCES sales.member (id)
    DEFERRABLE INITIALLY IMMEDIATE;

CREATE TABLE audit.event (
    id bigint NOT NULL,
    happened_on date NOT NULL,
    kind text NOT NULL,
    customer_id bigint REFERENCES customer (id),
    PRIMARY KEY (id, happened_on)
) PARTITION BY RANGE (happened_on);
CREATE TABLE audit.event_2024 PARTITION OF audit.event
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE audit.event_2025 PARTITION OF audit.event
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE audit.event_rest PARTITION OF audit.event DEFAULT;

CREATE VIEW sales.order_total AS
    SELECT o.id, sum(l.quantity) AS items
    FROM sales."order" o JOIN sales.order_line l ON l.order_id = o.id GROUP BY o.id;
CREATE MATERIALIZED VIEW sales.product_count AS SELECT count(*) AS n FROM sales.product;

CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
INSERT INTO alembic_version VALUES ('4f2a9c1d');
CREATE TABLE django_migrations (
    id serial PRIMARY KEY,
    app varchar(255) NOT NULL,
    name varchar(255) NOT NULL,
    applied timestamptz NOT NULL
);
INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0001_initial', now());
"""

REALISTIC_SEEDED = (
    "customer",
    "audit.event",
    "sales.product",
    "sales.order",
    "sales.order_line",
    "sales.shipment",
    "sales.team",
    "sales.member",
)
"""The tables of :data:`REALISTIC` a seed writes when ``country`` (which holds rows) is
excluded."""

FOREIGN_TABLE = r"""
CREATE EXTENSION IF NOT EXISTS file_fdw;
CREATE SERVER dbseed_files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE exchange_rate (code char(3), rate numeric)
    SERVER dbseed_files OPTIONS (filename '/dev/null', format 'csv');
"""

NOT_REFLECTED = r"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (
    id serial PRIMARY KEY,
    room int NOT NULL,
    during tstzrange NOT NULL,
    code text NOT NULL,
    EXCLUDE USING gist (room WITH =, during WITH &&)
);
CREATE UNIQUE INDEX booking_open_code ON booking (code) WHERE room > 0;
CREATE FUNCTION booking_touch() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER booking_touch BEFORE INSERT ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_touch();
ALTER TABLE booking ENABLE ROW LEVEL SECURITY;
"""

HOSTILE = r"""
CREATE SCHEMA "My Schema";
CREATE TABLE "we""ird table" (id serial PRIMARY KEY, "the name" text NOT NULL);
CREATE TABLE "My Schema"."naïve ünïcode 表" (
    id serial PRIMARY KEY,
    "wé""ird_id" int NOT NULL REFERENCES "we""ird table" (id),
    note text
);
CREATE TABLE "back\slash\N" (id serial PRIMARY KEY,
    parent int REFERENCES "My Schema"."naïve ünïcode 表" (id));
CREATE TABLE "semi;colon|pipe<b>&amp;#35;`tick`" (id serial PRIMARY KEY,
    b int NOT NULL REFERENCES "back\slash\N" (id));
CREATE TABLE "new
line" (id serial PRIMARY KEY, s int REFERENCES "semi;colon|pipe<b>&amp;#35;`tick`" (id));
CREATE TABLE "end" (id serial PRIMARY KEY,
    "]" int REFERENCES "new
line" (id),
    "-->" int REFERENCES "end" (id));
"""

HOSTILE_TABLES = (
    'we"ird table',
    "My Schema.naïve ünïcode 表",
    "back\\slash\\N",
    "semi;colon|pipe<b>&amp;#35;`tick`",
    "new\nline",
    "end",
)

BIG = r"""
CREATE TABLE account (id serial PRIMARY KEY, name text NOT NULL, email varchar(120) UNIQUE);
CREATE TABLE payment (
    id bigserial PRIMARY KEY,
    account_id int NOT NULL REFERENCES account (id),
    amount numeric(10, 2),
    created_at timestamptz
);
"""
