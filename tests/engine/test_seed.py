"""pytest_dbseed.seed() end to end against a real PostgreSQL: counts, order, keys, errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import pytest_dbseed
from pytest_dbseed import fake, rows
from pytest_dbseed.errors import (
    ConfigError,
    ConstraintViolation,
    DbseedError,
    PlanError,
    SchemaError,
    UniquenessError,
)

from ..models import Agent, Base, Membership, PaymentHistory, Profile, Team, User


def count(conn: sa.Connection, table: type[Base]) -> int:
    return int(conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


@pytest.fixture
def schema(conn: sa.Connection) -> sa.Connection:
    Base.metadata.create_all(conn)
    return conn


def test_counts_are_exact_and_default_applies(schema: sa.Connection) -> None:
    report = pytest_dbseed.seed(schema, Base.metadata, counts={User: 40, "team": 3}, default=7)
    assert count(schema, User) == 40
    assert count(schema, Team) == 3
    assert count(schema, PaymentHistory) == 7
    assert count(schema, Agent) == 7
    assert report.rows["user"] == 40
    assert report.total == sum(report.rows.values())
    assert list(report.order).index("agent") < list(report.order).index("user")


def test_children_point_at_real_parents_spread_over_them(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={Agent: 20, User: 400}, default=0)
    orphans = schema.scalar(
        sa.text(
            'SELECT count(*) FROM "user" u LEFT JOIN agent a ON a.id = u.agent_id WHERE a.id IS NULL'
        )
    )
    assert orphans == 0
    used = schema.scalar(sa.text('SELECT count(DISTINCT agent_id) FROM "user"'))
    assert used is not None and used >= 15


def test_self_reference_points_at_earlier_rows(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={User: 300}, default=0)
    with_manager, bad = schema.execute(
        sa.text(
            "SELECT count(u.manager_id), count(*) FILTER (WHERE m.id IS NULL AND u.manager_id IS NOT NULL) "
            'FROM "user" u LEFT JOIN "user" m ON m.id = u.manager_id'
        )
    ).one()
    assert bad == 0
    assert 150 <= with_manager < 300


def test_unnamed_tables_stay_empty_except_needed_parents(schema: sa.Connection) -> None:
    report = pytest_dbseed.seed(schema, Base.metadata, counts={PaymentHistory: 30}, default=0)
    assert count(schema, PaymentHistory) == 30
    assert count(schema, User) >= 1 and count(schema, Agent) >= 1
    assert count(schema, Team) == 0 and count(schema, Profile) == 0
    assert "user" in report.raised and "agent" in report.raised


def test_one_to_one_raises_parent_or_refuses_when_fixed(schema: sa.Connection) -> None:
    report = pytest_dbseed.seed(schema, Base.metadata, counts={Profile: 25}, default=0)
    assert count(schema, User) == 25
    assert "user" in report.raised
    assert schema.scalar(sa.text("SELECT count(DISTINCT user_id) FROM profile")) == 25
    with pytest.raises(PlanError, match=r"one-to-one.*at most 5 'profile'"):
        pytest_dbseed.seed(schema, Base.metadata, counts={Profile: 25, User: 5}, default=0)


def test_association_rows_distinct_and_bounded(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={User: 10, Team: 3, Membership: 30}, default=0)
    assert (
        schema.scalar(
            sa.text("SELECT count(*) FROM (SELECT DISTINCT user_id, team_id FROM membership) s")
        )
        == 30
    )
    with pytest.raises(UniquenessError, match=r"membership.*30 distinct"):
        pytest_dbseed.seed(
            schema, Base.metadata, counts={User: 10, Team: 3, Membership: 31}, default=0
        )


def test_sequences_move_past_supplied_keys(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={User: 12, PaymentHistory: 8}, default=1)
    new_id = schema.execute(
        sa.insert(PaymentHistory)
        .values(user_id=1, amount=Decimal("1.00"))
        .returning(PaymentHistory.id)
    ).scalar_one()
    assert new_id == 9
    # The server default fills the row inserted without a note; seeded rows got values of
    # their own, the default the most common among them.
    assert schema.scalar(sa.select(PaymentHistory.note).where(PaymentHistory.id == 9)) == "n/a"
    notes = schema.scalars(sa.select(PaymentHistory.note).where(PaymentHistory.id < 9)).all()
    assert "n/a" in notes and len(set(notes)) > 1


def test_check_constraint_and_client_default_get_generated_values(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={PaymentHistory: 200}, default=3)
    assert schema.scalar(sa.select(sa.func.min(PaymentHistory.amount))) > 0
    distinct = schema.scalar(sa.select(sa.func.count(sa.distinct(User.created_at))))
    assert distinct == 3  # every row gets its own value, not the one default


def test_same_seed_same_rows_other_seed_other_rows(pg_engine: sa.Engine) -> None:
    def snapshot(seed: int) -> list[tuple[object, ...]]:
        with pg_engine.connect() as c:
            trans = c.begin()
            try:
                Base.metadata.create_all(c)
                pytest_dbseed.seed(c, Base.metadata, default=15, seed=seed)
                return [
                    tuple(r)
                    for t in ("agent", "user", "payment_history", "membership")
                    for r in c.execute(sa.text(f'SELECT * FROM "{t}" ORDER BY 1, 2'))
                ]
            finally:
                trans.rollback()

    first = snapshot(7)
    assert first == snapshot(7)
    assert first != snapshot(8)


def test_append_adds_rows_after_existing_ones(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={Agent: 3, User: 10}, default=0)
    report = pytest_dbseed.seed(
        schema, Base.metadata, counts={User: 5}, default=0, append=True, seed=1
    )
    assert report.rows["user"] == 5 and report.rows["agent"] == 0
    assert count(schema, User) == 15 and count(schema, Agent) == 3


def test_overrides_constant_callable_and_faker(schema: sa.Connection) -> None:
    pytest_dbseed.seed(
        schema,
        Base.metadata,
        counts={
            User: rows(6, first_name="Ada", email=lambda i: f"user{i}@corp.test"),
            Agent: rows(2, name=fake("company")),
        },
        default=0,
    )
    names = set(schema.scalars(sa.select(User.first_name)))
    emails = sorted(schema.scalars(sa.select(User.email)))
    assert names == {"Ada"}
    assert emails == sorted(f"user{i}@corp.test" for i in range(6))
    assert all(isinstance(n, str) and n for n in schema.scalars(sa.select(Agent.name)))


def test_engine_commits_connection_does_not(pg_engine: sa.Engine) -> None:
    md = sa.MetaData()
    sa.Table(
        "standalone",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(30)),
    )
    md.create_all(pg_engine)
    try:
        pytest_dbseed.seed(pg_engine, md, default=4)
        with pg_engine.connect() as c:
            assert c.scalar(sa.text("SELECT count(*) FROM standalone")) == 4
            c.rollback()
            trans = c.begin()
            pytest_dbseed.seed(c, md, default=3)
            trans.rollback()
            assert c.scalar(sa.text("SELECT count(*) FROM standalone")) == 4
    finally:
        md.drop_all(pg_engine)


class CycleBase(DeclarativeBase):
    pass


class Department(CycleBase):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    head_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employee.id", use_alter=True))


class Employee(CycleBase):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("department.id"))


def test_nullable_cycle_filled_by_update(conn: sa.Connection) -> None:
    CycleBase.metadata.create_all(conn)
    report = pytest_dbseed.seed(conn, CycleBase.metadata, counts={Department: 50, Employee: 200})
    assert report.order == ("department", "employee")
    filled, bad = conn.execute(
        sa.text(
            "SELECT count(d.head_id), count(*) FILTER (WHERE d.head_id IS NOT NULL AND e.id IS NULL) "
            "FROM department d LEFT JOIN employee e ON e.id = d.head_id"
        )
    ).one()
    assert bad == 0 and filled >= 35


def _not_null_cycle(deferrable: bool) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "chicken",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("egg_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["egg_id"], ["egg.id"], use_alter=True, deferrable=deferrable, name="chicken_egg"
        ),
    )
    sa.Table(
        "egg",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chicken_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["chicken_id"],
            ["chicken.id"],
            use_alter=True,
            deferrable=deferrable,
            name="egg_chicken",
        ),
    )
    return md


def test_not_null_cycle_deferrable(conn: sa.Connection) -> None:
    md = _not_null_cycle(True)
    md.create_all(conn)
    report = pytest_dbseed.seed(conn, md, default=20)
    assert report.rows == {"chicken": 20, "egg": 20}
    assert (
        conn.scalar(sa.text("SELECT count(*) FROM chicken c JOIN egg e ON e.id = c.egg_id")) == 20
    )


def _cycle_rows(conn: sa.Connection) -> list[Any]:
    return list(conn.execute(sa.text("SELECT id, egg_id FROM chicken ORDER BY id")).all()) + list(
        conn.execute(sa.text("SELECT id, chicken_id FROM egg ORDER BY id")).all()
    )


def test_not_null_cycle_without_deferrable_is_written_together(conn: sa.Connection) -> None:
    """One statement per batch inserts into both tables; batches of unequal tables
    (several statements) still only point at rows of the same or an earlier one."""
    md = _not_null_cycle(False)
    md.create_all(conn)
    counts = {"chicken": 9000, "egg": 5000}
    report = pytest_dbseed.seed(conn, md, counts=counts, seed=3)
    assert report.rows == counts
    assert (
        conn.scalar(sa.text("SELECT count(*) FROM chicken c JOIN egg e ON e.id = c.egg_id")) == 9000
    )
    assert conn.scalar(sa.text("SELECT count(DISTINCT egg_id) FROM chicken")) > 3000
    first = _cycle_rows(conn)
    conn.execute(sa.text("TRUNCATE chicken, egg"))
    pytest_dbseed.seed(conn, md, counts=counts, seed=3)
    assert _cycle_rows(conn) == first
    # The staging tables are gone, and the sequences moved past the keys written.
    assert conn.scalar(sa.text("SELECT count(*) FROM pg_class WHERE relname LIKE '_dbseed%'")) == 0
    pytest_dbseed.seed(conn, md, counts={"chicken": 3, "egg": 2}, append=True)
    assert conn.scalar(sa.text("SELECT count(*) FROM chicken")) == 9003


def test_bad_requests_are_refused_before_writing(schema: sa.Connection) -> None:
    with pytest.raises(SchemaError, match=r"unknown table or model 'Usr'.*Did you mean 'User'"):
        pytest_dbseed.seed(schema, Base.metadata, counts={"Usr": 3})
    with pytest.raises(ConfigError, match=r"'user'.*>= 0, got -1"):
        pytest_dbseed.seed(schema, Base.metadata, counts={User: -1})
    with pytest.raises(ConfigError, match=r"whole number.*'3'"):
        pytest_dbseed.seed(schema, Base.metadata, counts={User: "3"})  # type: ignore[dict-item]
    with pytest.raises(SchemaError, match=r"no column 'nickname'"):
        pytest_dbseed.seed(schema, Base.metadata, counts={User: rows(2, nickname="x")}, default=0)
    with pytest.raises(UniquenessError, match=r"user.email.*constant"):
        pytest_dbseed.seed(
            schema, Base.metadata, counts={User: rows(2, email="same@x.org")}, default=0
        )
    assert count(schema, User) == 0


def test_unique_boolean_refused_up_front(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "flagged",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("flag", sa.Boolean, unique=True, nullable=False),  # NULLs would repeat freely
    )
    md.create_all(conn)
    with pytest.raises(UniquenessError, match=r"flagged\.flag.*only 2 distinct.*5 rows"):
        pytest_dbseed.seed(conn, md, default=5)
    assert conn.scalar(sa.text("SELECT count(*) FROM flagged")) == 0


def test_database_rejection_names_constraint_and_seed(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "oddity",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.CheckConstraint("n % 7 = 3", name="n_mod_seven"),
    )
    md.create_all(conn)
    with pytest.raises(ConstraintViolation, match=r"oddity.*n_mod_seven.*seed 5.*override") as info:
        pytest_dbseed.seed(conn, md, default=50, seed=5)
    assert isinstance(info.value, DbseedError)


def test_existing_rows_are_not_overwritten(schema: sa.Connection) -> None:
    schema.execute(sa.insert(Team).values(id=1, name="mine"))
    pytest_dbseed.seed(schema, Base.metadata, counts={Team: 5}, default=0)
    assert count(schema, Team) == 6
    assert schema.scalar(sa.select(Team.name).where(Team.id == 1)) == "mine"


def test_plan_describes_order_without_a_database() -> None:
    p = pytest_dbseed.plan(Base.metadata, counts={"User": 50}, default=5)
    assert p.order.index("agent") < p.order.index("user") < p.order.index("payment_history")
    assert p.counts["user"] == 50
    text = p.describe()
    assert "user" in text and "50" in text


def test_checks_relations_and_computed_columns_hold(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "booking",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("starts", sa.DateTime, nullable=False),
        sa.Column("ends", sa.DateTime, nullable=False),
        sa.Column("guests", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("nights", sa.Integer, sa.Computed("guests * 2", persisted=True)),
        sa.CheckConstraint("ends >= starts", name="ends_after_start"),
        sa.CheckConstraint("guests BETWEEN 1 AND 6", name="guests_range"),
        sa.CheckConstraint("status IN ('held', 'paid', 'void')", name="status_known"),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=500, seed=4)
    bad, statuses, computed = conn.execute(
        sa.text(
            "SELECT count(*) FILTER (WHERE ends < starts OR guests NOT BETWEEN 1 AND 6),"
            " count(DISTINCT status), count(*) FILTER (WHERE nights = guests * 2) FROM booking"
        )
    ).one()
    assert (bad, statuses, computed) == (0, 3, 500)


def test_composite_unique_with_a_free_column_and_small_domains(conn: sa.Connection) -> None:
    md = sa.MetaData()
    owner = sa.Table("owner", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "document",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.ForeignKey(owner.c.id), nullable=False),
        sa.Column("slug", sa.String(40), nullable=False),
        sa.UniqueConstraint("owner_id", "slug"),
    )
    sa.Table(
        "shift",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.ForeignKey(owner.c.id), nullable=False),
        sa.Column("weekday", sa.Enum("mon", "tue", "wed", "thu", name="weekday"), nullable=False),
        sa.UniqueConstraint("owner_id", "weekday"),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"owner": 2, "document": 300, "shift": 8})
    assert conn.scalar(sa.text("SELECT count(DISTINCT (owner_id, slug)) FROM document")) == 300
    assert conn.scalar(sa.text("SELECT count(DISTINCT (owner_id, weekday)) FROM shift")) == 8
    with pytest.raises(UniquenessError, match=r"shift.*9 rows.*only 8 distinct"):
        pytest_dbseed.seed(conn, md, counts={"owner": 2, "document": 0, "shift": 9})


def test_unique_enum_with_too_few_values_refused(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "tier",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "level", sa.Enum("a", "b", "c", "d", name="tier_level"), unique=True, nullable=False
        ),
    )
    md.create_all(conn)
    with pytest.raises(UniquenessError, match=r"tier\.level.*only 4 distinct.*10 rows"):
        pytest_dbseed.seed(conn, md, default=10)


class _Catalog(sa.types.UserDefinedType[object]):
    """A type SQLAlchemy has no class for, named as the database names it."""

    cache_ok = True

    def __init__(self, name: str) -> None:
        self.name = name

    def get_col_spec(self) -> str:
        return self.name


def test_unsupported_type_refused_with_the_override_to_use(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "place",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lsn", _Catalog("PG_LSN"), nullable=False),
    )
    md.create_all(conn)
    with pytest.raises(DbseedError, match=r"place\.lsn.*pg_lsn.*seed 3.*override"):
        pytest_dbseed.seed(conn, md, default=5, seed=3)
    pytest_dbseed.seed(conn, md, counts={"place": rows(5, lsn=lambda i: f"0/{i}")}, seed=3)
    assert conn.scalar(sa.text("SELECT count(*) FROM place")) == 5


def test_declared_catalog_type_is_generated(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "place",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("spot", _Catalog("POINT"), nullable=False),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=5, seed=3)
    assert conn.scalar(sa.text("SELECT count(DISTINCT spot::text) FROM place")) == 5


def test_progress_is_reported_per_table(conn: sa.Connection) -> None:
    Base.metadata.create_all(conn)
    seen: dict[str, tuple[int, int]] = {}
    pytest_dbseed.seed(
        conn,
        Base.metadata,
        default=5000,
        progress=lambda t, done, total: seen.update({t: (done, total)}),
    )
    assert seen["payment_history"] == (5000, 5000)
    assert set(seen) >= {"agent", "user", "payment_history"}


def test_reflected_domain_over_varchar_keeps_its_length(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE DOMAIN short_country AS varchar(5)"))
    conn.execute(sa.text("CREATE TABLE place_d (id serial PRIMARY KEY, country short_country)"))
    md = sa.MetaData()
    md.reflect(conn, only=["place_d"])
    pytest_dbseed.seed(conn, md, default=300)
    assert conn.scalar(sa.text("SELECT max(length(country)) FROM place_d")) <= 5


def test_composite_keys_sharing_a_column_point_at_real_rows(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("tenant", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "member",
        md,
        sa.Column("tenant_id", sa.ForeignKey("tenant.id"), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True),
    )
    sa.Table(
        "post",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tenant_id", sa.ForeignKey("tenant.id"), nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "member_id"], ["member.tenant_id", "member.id"]),
    )
    sa.Table(
        "node",
        md,
        sa.Column("tenant_id", sa.ForeignKey("tenant.id"), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer),
        sa.ForeignKeyConstraint(["tenant_id", "parent_id"], ["node.tenant_id", "node.id"]),
    )
    md.create_all(conn)
    report = pytest_dbseed.seed(conn, md, default=20)
    assert report.rows == {"tenant": 20, "member": 20, "post": 20, "node": 20}


def test_second_seed_adds_association_and_one_to_one_rows(schema: sa.Connection) -> None:
    pytest_dbseed.seed(schema, Base.metadata, counts={Membership: 20, Profile: 5}, default=10)
    pytest_dbseed.seed(schema, Base.metadata, counts={Membership: 20, Profile: 5}, default=10)
    pytest_dbseed.seed(
        schema, Base.metadata, counts={Membership: 10, Profile: 3}, default=0, append=True, seed=2
    )
    assert count(schema, Membership) == 50 and count(schema, Profile) == 13


def test_check_between_two_keys_chooses_different_parents(conn: sa.Connection) -> None:
    md = sa.MetaData()
    person = sa.Table("person", md, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "message",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("recipient_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.CheckConstraint("sender_id <> recipient_id", name="not_to_self"),
    )
    sa.Table(
        "mentoring",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mentor_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.Column("mentee_id", sa.ForeignKey(person.c.id), nullable=False),
        sa.CheckConstraint("mentor_id < mentee_id", name="mentor_first"),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"person": 30, "message": 400, "mentoring": 400})
    assert conn.scalar(sa.text("SELECT count(*) FROM message")) == 400


def test_refusals_count_rows_already_there(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "switch",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("on", sa.Boolean, unique=True),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, default=2)
    with pytest.raises(UniquenessError, match=r"switch\.on.*2 already there.*at most 0"):
        pytest_dbseed.seed(conn, md, default=2)


def test_failed_seed_leaves_the_callers_transaction_usable(schema: sa.Connection) -> None:
    schema.execute(sa.insert(Team).values(id=1, name="kept"))
    with pytest.raises(ConfigError, match=r"override for column user\.first_name raised"):
        pytest_dbseed.seed(
            schema, Base.metadata, counts={User: rows(5000, first_name=lambda i: 1 // (i - 4500))}
        )
    assert count(schema, Team) == 1 and count(schema, User) == 0
    pytest_dbseed.seed(schema, Base.metadata, counts={User: rows(3, manager_id=None)}, default=1)
    assert count(schema, User) == 3


def test_nullable_unique_column_may_be_overridden_with_null(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "handle",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nick", sa.String(20), unique=True, nullable=True),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"handle": rows(5, nick=None)})
    assert conn.scalar(sa.text("SELECT count(*) FROM handle WHERE nick IS NULL")) == 5


def test_plan_refuses_what_seed_would_refuse() -> None:
    md = sa.MetaData()
    sa.Table(
        "level",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "name",
            sa.Enum("low", "mid", "high", name="level_name"),
            unique=True,
            nullable=False,
        ),
    )
    assert pytest_dbseed.plan(md, default=3).counts == {"level": 3}
    with pytest.raises(UniquenessError, match=r"level\.name.*only 3 distinct.*4 rows"):
        pytest_dbseed.plan(md, default=4)


def test_models_that_do_not_match_the_database_are_named(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE TABLE drifted (id integer PRIMARY KEY)"))
    md = sa.MetaData()
    sa.Table(
        "drifted", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("x", sa.Integer)
    )
    with pytest.raises(SchemaError, match=r"drifted.*does not match the models"):
        pytest_dbseed.seed(conn, md, default=3)
    assert pytest_dbseed.plan(md, counts={"public.drifted": 2}).counts == {"drifted": 2}
