"""``reflect_database``: what a live database gives the seeder, and what it leaves out."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed.engine.reflect import (
    FRAMEWORK_TABLES,
    TableVanishedError,
    framework_of,
    is_system_schema,
    reflect_database,
)
from pytest_dbseed.errors import ConfigError
from tests.cli.conftest import has_extension, run_sql
from tests.cli.schemas import FOREIGN_TABLE, NOT_REFLECTED


@pytest.fixture
def engine(realistic_url: sa.URL):  # type: ignore[no-untyped-def]
    engine = sa.create_engine(realistic_url)
    yield engine
    engine.dispose()


def test_every_application_schema_is_reflected_and_the_rest_is_listed(engine) -> None:
    metadata, report = reflect_database(engine)
    assert set(report.schemas) == {"public", "sales", "audit"}
    assert set(report.tables) == {
        "country", "customer", "audit.event", "sales.product", "sales.order",
        "sales.order_line", "sales.shipment", "sales.team", "sales.member",
    }  # fmt: skip
    assert set(metadata.tables) == set(report.tables)
    why = {s.table: (s.reason, s.detail) for s in report.skipped}
    assert why == {
        "audit.event_2024": ("partition", "audit.event"),
        "audit.event_2025": ("partition", "audit.event"),
        "audit.event_rest": ("partition", "audit.event"),
        "alembic_version": ("framework", "Alembic"),
        "django_migrations": ("framework", "Django"),
        "sales.order_total": ("view", ""),
        "sales.product_count": ("materialized view", ""),
    }
    assert report.references == {}


def test_partitions_are_recorded_with_their_bounds_and_key(engine) -> None:
    _, report = reflect_database(engine)
    parts = report.partitions["audit.event"]
    assert [p.table for p in parts] == ["audit.event_2024", "audit.event_2025", "audit.event_rest"]
    assert parts[0].bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert parts[2].bound == "DEFAULT"
    assert {p.root for p in parts} == {"audit.event"}
    assert report.partition_keys == {"audit.event": "RANGE (happened_on)"}


def test_types_constraints_and_keys_come_through(engine) -> None:
    metadata, _ = reflect_database(engine)
    customer = metadata.tables["customer"]
    assert customer.c.id.identity is not None and customer.c.id.identity.always
    assert type(customer.c.email.type).__name__ == "DOMAIN"
    assert customer.c.email.comment == "the login"
    order = metadata.tables["sales.order"]
    assert list(order.c.status.type.enums) == ["pending", "paid", "shipped", "cancelled"]  # type: ignore[attr-defined]
    assert any(isinstance(c, sa.CheckConstraint) for c in order.constraints)
    shipment = metadata.tables["sales.shipment"]
    (fk,) = shipment.foreign_key_constraints
    assert [c.name for c in fk.columns] == ["order_id", "line_no"]
    assert fk.referred_table is metadata.tables["sales.order_line"]
    team_fk = next(iter(metadata.tables["sales.team"].foreign_key_constraints))
    assert team_fk.deferrable


def test_the_library_seeds_what_it_reflects(engine) -> None:
    metadata, report = reflect_database(engine, exclude=["country"])
    assert report.references == {"country": "excluded"}
    counts = {"country": 0, "sales.order_line": 30}
    result = pytest_dbseed.seed(engine, metadata, counts=counts, default=5, append=True)
    assert result.rows["sales.order_line"] == 30
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM country")) == 3
        assert conn.scalar(sa.text("SELECT count(*) FROM audit.event")) == 5
        assert conn.scalar(sa.text("SELECT count(DISTINCT country_code) FROM customer")) >= 1
        assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1


def test_schemas_limit_the_selection_and_pull_in_what_it_points_at(engine) -> None:
    metadata, report = reflect_database(engine, schemas=["sales"])
    assert report.schemas == ("sales",)
    assert set(report.tables) == {
        "sales.product", "sales.order", "sales.order_line", "sales.shipment", "sales.team",
        "sales.member",
    }  # fmt: skip
    # sales.order points at customer, which points at country: both reflected, not selected.
    assert report.references == {
        "customer": "schema public is not searched",
        "country": "schema public is not searched",
    }
    assert {"customer", "country"} <= set(metadata.tables)


def test_exclude_takes_plain_and_qualified_names(engine) -> None:
    _, report = reflect_database(engine, exclude=["sales.shipment", "public.country", "TEAM"])
    excluded = {s.table for s in report.skipped_because("excluded")}
    assert excluded == {"sales.shipment", "country", "sales.team"}
    assert "sales.shipment" not in report.tables
    # country and sales.team are pointed at, so they stay in the metadata, unselected.
    assert report.references == {"country": "excluded", "sales.team": "excluded"}


def test_an_unknown_exclude_names_the_closest_tables(engine) -> None:
    with pytest.raises(ConfigError) as exc:
        reflect_database(engine, exclude=["custmer"])
    assert "--exclude 'custmer' names no table" in str(exc.value)
    assert "Did you mean 'customer'" in str(exc.value)


def test_an_unknown_schema_names_the_closest(engine) -> None:
    with pytest.raises(ConfigError) as exc:
        reflect_database(engine, schemas=["sale"])
    assert "schema 'sale' does not exist" in str(exc.value)
    assert "Did you mean 'sales'" in str(exc.value)
    assert "audit, public, sales" in str(exc.value)


def test_a_system_schema_is_refused(engine) -> None:
    with pytest.raises(ConfigError, match="'pg_catalog' is a system schema"):
        reflect_database(engine, schemas=["pg_catalog"])


def test_framework_tables_can_be_kept(engine) -> None:
    _, report = reflect_database(engine, include_framework=True)
    assert {"alembic_version", "django_migrations"} <= set(report.tables)


def test_the_framework_list() -> None:
    for name in ("alembic_version", "django_migrations", "schema_migrations",
                 "ar_internal_metadata", "flyway_schema_history", "databasechangelog",
                 "databasechangeloglock"):  # fmt: skip
        assert name in FRAMEWORK_TABLES
    assert framework_of("DATABASECHANGELOG") == "Liquibase"
    assert framework_of("customer") is None


def test_system_schemas() -> None:
    for name in ("pg_catalog", "information_schema", "pg_toast", "pg_toast_temp_3", "pg_temp_7"):
        assert is_system_schema(name)
    assert not is_system_schema("public")
    assert is_system_schema("performance_schema", "mysql")


def test_foreign_tables_are_skipped(realistic_url: sa.URL, engine) -> None:
    if not has_extension(realistic_url, "file_fdw"):
        pytest.skip("file_fdw is not installed on this server")
    run_sql(realistic_url, FOREIGN_TABLE)
    metadata, report = reflect_database(engine)
    assert report.skipped_table("exchange_rate") is not None
    assert report.skipped_table("exchange_rate").reason == "foreign"  # type: ignore[union-attr]
    assert "exchange_rate" not in metadata.tables


def test_what_reflection_does_not_carry_is_reported(realistic_url: sa.URL, engine) -> None:
    if not has_extension(realistic_url, "btree_gist"):
        pytest.skip("btree_gist is not installed on this server")
    run_sql(realistic_url, NOT_REFLECTED)
    _, report = reflect_database(engine)
    notes = "\n".join(report.not_reflected)
    assert "booking: exclusion constraint booking_room_during_excl EXCLUDE USING gist" in notes
    assert "booking: trigger booking_touch" in notes
    assert "booking: row level security" in notes
    assert "booking: partial unique index booking_open_code (WHERE (room > 0))" in notes
    assert "customer: unique index customer_lower_email over an expression" in notes


def test_the_connection_search_path_is_left_as_it_was(engine) -> None:
    with engine.connect() as conn:
        conn.execute(sa.text("SET search_path TO sales, public"))
        metadata, _ = reflect_database(conn)
        assert conn.scalar(sa.text("SHOW search_path")) == "sales, public"
    # With sales on the search path too, the tables are still reflected once each.
    assert "sales.order" in metadata.tables and "order" not in metadata.tables


def test_a_table_dropped_while_reading_is_a_clear_error(realistic_url, engine, monkeypatch) -> None:
    real = sa.MetaData.reflect
    admin = sa.create_engine(realistic_url, isolation_level="AUTOCOMMIT")

    def reflect_after_a_drop(self, bind, schema=None, **kw):  # type: ignore[no-untyped-def]
        if schema == "sales":
            with admin.connect() as other:
                other.execute(sa.text("DROP TABLE sales.shipment"))
        return real(self, bind, schema=schema, **kw)

    monkeypatch.setattr(sa.MetaData, "reflect", reflect_after_a_drop)
    try:
        with pytest.raises(
            TableVanishedError, match="dropped or renamed while the schema was read"
        ):
            reflect_database(engine)
    finally:
        admin.dispose()
