"""The schema graph, from declared models (DeclarativeBase, classic Table, SQLModel)
and from the same schema reflected out of a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from pytest_dbseed.engine.schema import (
    ColumnInfo,
    ForeignKeyInfo,
    SchemaGraph,
    TableInfo,
    build_schema,
    mapped_class_names,
)
from pytest_dbseed.errors import SchemaError


class Status(enum.Enum):
    active = "A"
    banned = "B"


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    nickname: Mapped[str | None] = mapped_column(sa.String(30))
    status: Mapped[Status] = mapped_column(sa.Enum(Status, name="customer_status"))
    tier: Mapped[str] = mapped_column(postgresql.ENUM("free", "pro", name="tier", create_type=True))
    balance: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2), server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(server_default=sa.func.now())
    token: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4)
    user_name: Mapped[str | None] = mapped_column("user_name", sa.String(40), key="username")
    __table_args__ = (sa.CheckConstraint("balance >= 0", name="ck_customer_balance"),)


class Address(Base):
    """Composite primary key: (customer_id, seq); neither column is numbered by the database."""

    __tablename__ = "address"
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customer.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(sa.String(60))


class Delivery(Base):
    """Composite, deferrable foreign key onto address."""

    __tablename__ = "delivery"
    id: Mapped[int] = mapped_column(sa.Identity(always=True), primary_key=True)
    customer_id: Mapped[int]
    address_seq: Mapped[int]
    number: Mapped[int] = mapped_column(sa.Identity(always=False))
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["customer_id", "address_seq"],
            ["address.customer_id", "address.seq"],
            name="fk_delivery_address",
            deferrable=True,
            initially="DEFERRED",
        ),
    )


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employee.id"))
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("employee.id"))


class Profile(Base):
    """One-to-one: a unique, NOT NULL foreign key."""

    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customer.id"), unique=True)
    bio: Mapped[str | None] = mapped_column(sa.Text)


class Manager(Employee):
    """Joined inheritance: the primary key is also a foreign key, never numbered."""

    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(sa.ForeignKey("employee.id"), primary_key=True)
    budget: Mapped[int]


class Product(Base):
    __tablename__ = "product"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    sku: Mapped[str] = mapped_column(sa.String(12))
    vendor: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[str] = mapped_column(sa.String(4))
    color: Mapped[str] = mapped_column(sa.String(10))
    price: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    price_with_tax: Mapped[Decimal] = mapped_column(
        sa.Numeric(10, 2), sa.Computed("price * 1.2", persisted=True)
    )
    counter: Mapped[int] = mapped_column(sa.Integer, sa.Sequence("product_counter_seq"))
    __table_args__ = (
        sa.UniqueConstraint("vendor", "sku", name="uq_product_vendor_sku"),
        sa.Index("ix_product_size_color", "size", "color", unique=True),
        sa.Index("ix_product_lower_sku", sa.func.lower(sa.text("sku")), unique=True),
        sa.Index("ix_product_vendor", "vendor"),
        sa.CheckConstraint("price > 0", name="ck_product_price"),
    )


class Log(Base):
    __tablename__ = "log"
    __table_args__ = {"schema": "audit"}
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customer.id"))
    message: Mapped[str] = mapped_column(sa.Text)


def _col(graph: SchemaGraph, table: str, column: str) -> ColumnInfo:
    return graph.resolve(table).column(column)


def _fk(graph: SchemaGraph, table: str, *columns: str) -> ForeignKeyInfo:
    (found,) = [fk for fk in graph.resolve(table).foreign_keys if fk.columns == columns]
    return found


@pytest.fixture(scope="module")
def declared() -> SchemaGraph:
    return build_schema(Base.metadata)


@pytest.fixture
def reflected(conn: sa.Connection) -> SchemaGraph:
    conn.exec_driver_sql("CREATE SCHEMA audit")
    Base.metadata.create_all(conn)
    md = sa.MetaData()
    md.reflect(conn)
    md.reflect(conn, schema="audit")
    return build_schema(md)


BOTH = ["declared", "reflected"]


@pytest.fixture(params=BOTH)
def graph(request: pytest.FixtureRequest) -> SchemaGraph:
    result: SchemaGraph = request.getfixturevalue(request.param)
    return result


# ---------------------------------------------------------------- columns and types


def test_tables_and_columns(graph: SchemaGraph) -> None:
    assert set(graph.tables) == {
        "customer", "address", "delivery", "employee", "profile", "manager", "product",
        "audit.log",
    }  # fmt: skip
    customer = graph.resolve("customer")
    assert customer.column_names == (
        "id", "email", "name", "nickname", "status", "tier", "balance", "created_at", "token",
        "user_name",
    )  # fmt: skip
    email = customer.column("email")
    assert isinstance(email.type, sa.String) and email.length == 120
    assert not email.nullable and email.unique
    assert customer.column("nickname").nullable
    balance = customer.column("balance")
    assert (balance.precision, balance.scale) == (12, 2)
    assert isinstance(customer.column("created_at").type, sa.DateTime)


def test_column_key_differs_from_name(declared: SchemaGraph) -> None:
    col = declared.resolve("customer").column("user_name")
    assert (col.name, col.key) == ("user_name", "username")
    assert declared.resolve("customer").column("username") is col


def test_foreign_key_column_with_its_own_key() -> None:
    md = sa.MetaData()
    sa.Table("owner", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "pet",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.ForeignKey("owner.id"), key="owner", nullable=True),
        sa.Column("vet_id", sa.ForeignKey("owner.id"), key="vet", nullable=False),
    )
    graph = build_schema(md)
    assert _fk(graph, "pet", "owner_id").nullable
    assert not _fk(graph, "pet", "vet_id").nullable


def test_unknown_column_names_the_columns() -> None:
    graph = build_schema(Base.metadata)
    with pytest.raises(SchemaError, match="has no column 'nope'.*email"):
        graph.resolve("customer").column("nope")


def test_enums(graph: SchemaGraph, request: pytest.FixtureRequest) -> None:
    status = _col(graph, "customer", "status")
    tier = _col(graph, "customer", "tier")
    assert status.enum_values == ("active", "banned")  # SQLAlchemy stores the member names
    assert tier.enum_values == ("free", "pro")
    assert tier.python_enum is None
    if "declared" in request.node.callspec.id:
        assert status.python_enum is Status
    else:
        assert status.python_enum is None


def test_server_defaults_and_client_defaults(
    graph: SchemaGraph, request: pytest.FixtureRequest
) -> None:
    customer = graph.resolve("customer")
    assert customer.column("balance").server_default
    assert customer.column("created_at").server_default
    assert customer.column("created_at").database_fills
    assert not customer.column("email").server_default
    token = customer.column("token")
    assert token.client_default == ("declared" in request.node.callspec.id)
    assert not token.database_fills


# ---------------------------------------------------------------- keys and numbering


def test_serial_identity_and_computed(graph: SchemaGraph) -> None:
    cid = _col(graph, "customer", "id")
    assert cid.autoincrement and not cid.identity and not cid.server_default
    assert cid.database_fills
    did = _col(graph, "delivery", "id")
    assert did.identity and did.identity_always and did.autoincrement
    assert not did.server_default
    number = _col(graph, "delivery", "number")
    assert number.identity and not number.identity_always and number.autoincrement
    total = _col(graph, "product", "price_with_tax")
    assert total.computed and total.database_fills and not total.server_default
    assert not _col(graph, "product", "price").database_fills


def test_autoincrement_is_never_guessed_on_composite_or_foreign_keys(graph: SchemaGraph) -> None:
    address = graph.resolve("address")
    assert address.primary_key == ("customer_id", "seq")
    assert not any(c.autoincrement for c in address.columns)
    assert not _col(graph, "manager", "id").autoincrement
    assert not _col(graph, "product", "id").autoincrement  # a UUID key


def test_sequences(declared: SchemaGraph, reflected: SchemaGraph) -> None:
    assert _col(declared, "product", "counter").sequence == "product_counter_seq"
    counter = _col(declared, "product", "counter")
    # SQLAlchemy calls that sequence from its INSERTs; COPY must be given the values.
    assert not counter.autoincrement and not counter.database_fills
    assert _col(reflected, "customer", "id").sequence == "customer_id_seq"
    assert _col(reflected, "audit.log", "id").sequence == "audit.log_id_seq"
    assert _col(reflected, "delivery", "id").sequence is None  # identity


def test_composite_primary_key_and_unique_sets(graph: SchemaGraph) -> None:
    product = graph.resolve("product")
    assert product.unique_sets[0] == ("id",)
    # The unique index on lower(sku) keeps sku unique on its own as well.
    assert set(product.unique_sets) == {("id",), ("vendor", "sku"), ("size", "color"), ("sku",)}
    assert product.column("sku").unique
    address = graph.resolve("address")
    assert address.unique_sets == (("customer_id", "seq"),)


def test_unique_sets_do_not_repeat_the_primary_key(graph: SchemaGraph) -> None:
    for table in graph.tables.values():
        assert len(set(table.unique_sets)) == len(table.unique_sets)


# ---------------------------------------------------------------- foreign keys


def test_composite_deferrable_foreign_key(graph: SchemaGraph) -> None:
    fk = _fk(graph, "delivery", "customer_id", "address_seq")
    assert fk.ref_table == "address"
    assert fk.ref_columns == ("customer_id", "seq")
    assert fk.deferrable and not fk.nullable and not fk.unique
    assert fk.name == "fk_delivery_address"
    assert "delivery(customer_id, address_seq) -> address(customer_id, seq)" in fk.describe()
    assert _col(graph, "delivery", "customer_id").foreign_keys == (fk,)


def test_self_referencing_nullable_and_not_null(graph: SchemaGraph) -> None:
    manager = _fk(graph, "employee", "manager_id")
    mentor = _fk(graph, "employee", "mentor_id")
    assert manager.self_referencing and mentor.self_referencing
    assert manager.nullable and not mentor.nullable
    assert not manager.deferrable


def test_one_to_one_foreign_keys_are_unique(graph: SchemaGraph) -> None:
    assert _fk(graph, "profile", "customer_id").unique
    assert _fk(graph, "manager", "id").unique  # the key is the primary key
    assert not _fk(graph, "address", "customer_id").unique  # part of a composite key
    assert not _fk(graph, "audit.log", "customer_id").unique


def test_children_and_parents(graph: SchemaGraph) -> None:
    children = {(fk.table, fk.columns) for fk in graph.children_of("customer")}
    assert children == {
        ("address", ("customer_id",)),
        ("profile", ("customer_id",)),
        ("audit.log", ("customer_id",)),
    }
    assert {fk.ref_table for fk in graph.parents_of("delivery")} == {"address"}


def test_schema_qualified_table(graph: SchemaGraph) -> None:
    log = graph.resolve("audit.log")
    assert (log.name, log.schema, log.fullname) == ("log", "audit", "audit.log")
    assert graph.resolve("log") is log
    assert _fk(graph, "audit.log", "customer_id").table == "audit.log"


def test_checks_are_read(graph: SchemaGraph) -> None:
    (check,) = graph.resolve("product").checks
    assert check.name == "ck_product_price"
    assert check.sqltext.replace("(", "").replace(")", "").startswith("price > 0")
    assert graph.resolve("customer").checks[0].name == "ck_customer_balance"


def test_declared_and_reflected_agree(declared: SchemaGraph, reflected: SchemaGraph) -> None:
    def summary(table: TableInfo) -> dict[str, Any]:
        return {
            "pk": table.primary_key,
            "unique": set(table.unique_sets),
            "fks": {
                (fk.columns, fk.ref_table, fk.ref_columns, fk.nullable, fk.deferrable, fk.unique)
                for fk in table.foreign_keys
            },
            "columns": [
                (c.name, c.nullable, c.primary_key, c.unique, c.autoincrement, c.identity,
                 c.identity_always, c.server_default, c.computed, c.length, c.precision,
                 c.scale, c.enum_values)
                for c in table.columns
            ],
            "checks": {c.name for c in table.checks},
        }  # fmt: skip

    for name, table in declared.tables.items():
        assert summary(table) == summary(reflected.tables[name]), name


# ---------------------------------------------------------------- domains (reflection only)


def test_domains(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "CREATE DOMAIN positive_int AS integer NOT NULL CONSTRAINT positive CHECK (VALUE > 0);"
        "CREATE DOMAIN price AS numeric(8, 2) CHECK (VALUE >= 0);"
        "CREATE TABLE stock (id serial PRIMARY KEY, qty positive_int, cost price);"
    )
    md = sa.MetaData()
    md.reflect(conn, only=["stock"])
    stock = build_schema(md).resolve("stock")
    qty = stock.column("qty")
    assert qty.domain == "positive_int"
    assert isinstance(qty.type, sa.Integer)  # the domain's underlying type
    assert not qty.nullable
    cost = stock.column("cost")
    assert cost.domain == "price" and isinstance(cost.type, sa.Numeric) and cost.nullable
    checks = {c.name: c for c in stock.checks}
    assert checks["positive"].domain_column == "qty"
    assert checks["positive"].sqltext == "VALUE > 0"
    assert {c.domain_column for c in stock.checks} == {"qty", "cost"}


def test_reflected_unique_index_and_expression_index(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "CREATE TABLE acct (id bigserial PRIMARY KEY, email text NOT NULL, org int, handle text,"
        " seq serial);"
        "CREATE UNIQUE INDEX acct_email ON acct (lower(email));"
        "CREATE UNIQUE INDEX acct_org_handle ON acct (org, handle);"
        "CREATE UNIQUE INDEX acct_handle ON acct (handle) WHERE handle IS NOT NULL;"
    )
    md = sa.MetaData()
    md.reflect(conn, only=["acct"])
    acct = build_schema(md).resolve("acct")
    assert set(acct.unique_sets) == {("id",), ("org", "handle"), ("handle",), ("email",)}
    assert acct.column("email").unique  # distinct emails are distinct under lower()
    assert acct.column("handle").unique
    seq = acct.column("seq")
    assert seq.autoincrement and seq.sequence == "acct_seq_seq" and not seq.primary_key
    assert seq.database_fills


# ---------------------------------------------------------------- classic Table and SQLModel


def test_classic_tables() -> None:
    md = sa.MetaData()
    parent = sa.Table(
        "parent",
        md,
        sa.Column("a", sa.Integer, primary_key=True),
        sa.Column("b", sa.String(5), primary_key=True),
    )
    sa.Table(
        "child",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("pa", sa.Integer, nullable=False),
        sa.Column("pb", sa.String(5), nullable=False),
        sa.Column("flag", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(["pa", "pb"], [parent.c.a, parent.c.b]),
        sa.UniqueConstraint("pa", "pb"),
    )
    graph = build_schema(md)
    child = graph.resolve("child")
    assert not child.column("id").autoincrement
    (fk,) = child.foreign_keys
    assert fk.unique and not fk.nullable and fk.columns == ("pa", "pb")
    assert graph.class_names == {}
    assert list(graph.tables) == ["parent", "child"]  # parents first


def test_sqlmodel() -> None:
    from sqlmodel import Field, SQLModel

    class LocalBase(SQLModel):
        metadata = sa.MetaData()

    class Team(LocalBase, table=True):
        id: int | None = Field(default=None, primary_key=True)
        name: str = Field(max_length=40, unique=True)

    class Hero(LocalBase, table=True):
        id: int | None = Field(default=None, primary_key=True)
        team_id: int | None = Field(default=None, foreign_key="team.id")
        secret: str

    graph = build_schema(LocalBase.metadata)
    assert graph.resolve(Hero) is graph.resolve("hero") is graph.resolve("Hero")
    team = graph.resolve(Team)
    assert team.column("name").length == 40 and team.column("name").unique
    assert team.column("id").autoincrement and not team.column("id").nullable
    fk = _fk(graph, "hero", "team_id")
    assert fk.nullable and fk.ref_table == "team"
    assert not graph.resolve("hero").column("secret").nullable


def test_cycles_do_not_warn() -> None:
    md = sa.MetaData()
    sa.Table(
        "a",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("b_id", sa.ForeignKey("b.id")),
    )
    sa.Table(
        "b",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a_id", sa.ForeignKey("a.id")),
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = build_schema(md)
    assert set(graph.tables) == {"a", "b"}


def test_constraint_order_is_fixed() -> None:
    def make() -> list[tuple[str, ...]]:
        md = sa.MetaData()
        t = sa.Table(
            "t",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            *(sa.Column(f"c{i}", sa.Integer) for i in range(8)),
            *(sa.UniqueConstraint(f"c{i}", f"c{(i + 1) % 8}") for i in range(8)),
            *(sa.CheckConstraint(f"c{i} > {i}", name=f"ck{i}") for i in range(8)),
        )
        info = build_schema(md).resolve(t.name)
        return list(info.unique_sets) + [tuple(c.name or "" for c in info.checks)]

    assert make() == make()
    assert make()[-1] == tuple(f"ck{i}" for i in range(8))


# ---------------------------------------------------------------- resolving names


def test_resolve_by_every_kind_of_name(declared: SchemaGraph) -> None:
    customer = declared.tables["customer"]
    assert declared.resolve("customer") is customer
    assert declared.resolve("Customer") is customer
    assert declared.resolve(Customer) is customer
    assert declared.resolve(Customer.__table__) is customer
    assert declared.resolve("CUSTOMER") is customer  # case-insensitive fallback
    assert declared.resolve("Log") is declared.tables["audit.log"]
    assert declared.class_names["Manager"] == "manager"


def test_declared_class_resolves_in_a_reflected_graph(reflected: SchemaGraph) -> None:
    assert reflected.resolve(Customer) is reflected.tables["customer"]
    assert reflected.resolve(Log) is reflected.tables["audit.log"]
    assert reflected.class_names == {}


def test_declared_domain() -> None:
    md = sa.MetaData()
    posint = postgresql.DOMAIN("posint", sa.Integer, check="VALUE > 0", not_null=True)
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", posint),
        sa.Column("b", posint),
    )
    t = build_schema(md).resolve("t")
    assert t.column("a").domain == "posint" and not t.column("a").nullable
    assert isinstance(t.column("a").type, sa.Integer)
    assert [(c.name, c.sqltext, c.domain_column) for c in t.checks] == [
        ("posint_check", "VALUE > 0", "a"),
        ("posint_check", "VALUE > 0", "b"),
    ]
    from pytest_dbseed.engine.checks import analyse_checks

    got = analyse_checks(t)
    assert got.columns["a"].low == got.columns["b"].low == 1
    assert got.constraint_columns == {"posint_check": ("a", "b")}


def test_resolve_imperatively_mapped_class() -> None:
    md = sa.MetaData()
    table = sa.Table("thing", md, sa.Column("id", sa.Integer, primary_key=True))

    class Thing:
        pass

    registry(metadata=md).map_imperatively(Thing, table)
    graph = build_schema(md)
    assert graph.resolve(Thing).name == "thing"
    assert mapped_class_names(md) == {"Thing": "thing"}


@pytest.mark.parametrize(
    "key, pattern",
    [
        ("custmer", r"unknown table or model 'custmer'\. Did you mean 'customer'\?"),
        ("Custmer", r"Did you mean 'Customer'\?"),
        ("PROFLE", r"Did you mean '[Pp]rofile'\?"),
        ("zzz", r"unknown table or model 'zzz'\. Known names: Address, "),
        (42, r"42 is not a table name, a Table or a mapped class"),
        (object, r"is not a table name, a Table or a mapped class"),
    ],
)
def test_resolve_errors_suggest(declared: SchemaGraph, key: object, pattern: str) -> None:
    with pytest.raises(SchemaError, match=pattern):
        declared.resolve(key)


def test_resolve_a_table_of_another_metadata(declared: SchemaGraph) -> None:
    # Same full name: the table as reflected, or as declared elsewhere.
    other = sa.Table("customer", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    assert declared.resolve(other) is declared.tables["customer"]
    stray = sa.Table("stray", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    with pytest.raises(SchemaError, match="'stray' is not part of the metadata"):
        declared.resolve(stray)


def test_same_name_in_two_schemas_needs_the_schema() -> None:
    md = sa.MetaData()
    sa.Table("event", md, sa.Column("id", sa.Integer, primary_key=True), schema="a")
    sa.Table("event", md, sa.Column("id", sa.Integer, primary_key=True), schema="b")
    graph = build_schema(md)
    with pytest.raises(SchemaError, match="exists in several schemas.*a.event, b.event"):
        graph.resolve("event")
    assert graph.resolve("b.event").schema == "b"


# ---------------------------------------------------------------- bad input


def test_bad_metadata() -> None:
    with pytest.raises(SchemaError, match="expected a SQLAlchemy MetaData, got dict"):
        build_schema({})  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="no tables"):
        build_schema(sa.MetaData())


def test_foreign_key_to_a_missing_table() -> None:
    md = sa.MetaData()
    sa.Table(
        "orphan",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ghost_id", sa.ForeignKey("ghost.id")),
    )
    with pytest.raises(SchemaError, match="(?i)'orphan.ghost_id'.*'ghost'.*import the model"):
        build_schema(md)


def test_declared_expression_indexes_keep_their_columns_unique() -> None:
    md = sa.MetaData()
    t = sa.Table(
        "page",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(40)),
        sa.Column("w%", sa.String(5)),
        sa.Column("a", sa.Text),
        sa.Column("b", sa.Text),
        sa.Column("at", sa.DateTime),
    )
    sa.Index("ix_url", sa.func.coalesce(t.c.url, ""), unique=True)  # a bound parameter
    sa.Index("ix_w", sa.func.lower(t.c["w%"]), unique=True)  # '%' in the name
    sa.Index("ix_ab", t.c.a + t.c.b, unique=True)  # may map distinct values together
    sa.Index("ix_day", sa.cast(t.c.at, sa.Date), unique=True)
    page = build_schema(md).resolve("page")
    assert set(page.unique_sets) == {("id",), ("url",), ("w%",)}
    assert not page.column("url").nullable  # coalesce: two NULLs would collide
