"""What each dependency floor in pyproject.toml was chosen for, checked on the installed release.

`tox -e lowest` runs the suite with every dependency at its floor; these tests make
sure that run exercises the features that set each floor, so lowering one below
what the code needs fails here instead of in a user's project.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed import rows
from pytest_dbseed.errors import ConfigError

# Column names whose values come from a Faker provider, as the README promises.
FAKER_BACKED = (
    "first_name last_name ssn phone job_title company catch_phrase street_address "
    "street_name building_number city state country country_code postal_code timezone "
    "locale language language_code currency_code user_agent mime_type file_name file_path "
    "file_extension color iban swift isbn ean credit_card license_plate"
).split()


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "ja_JP"])
def test_every_faker_backed_column_name_gets_values(conn: sa.Connection, locale: str) -> None:
    """Faker floor: each provider behind a column name exists in the installed Faker."""
    md = sa.MetaData()
    table = sa.Table(
        "contact",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(name, sa.String(200), nullable=False) for name in FAKER_BACKED),
    )
    md.create_all(conn)
    pytest_dbseed.seed(conn, md, counts={"contact": 5}, locale=locale)
    for row in conn.execute(sa.select(table)).mappings():
        empty = [name for name in FAKER_BACKED if not row[name]]
        assert empty == []


@pytest.fixture
def psycopg3_conn(pg_engine: sa.Engine) -> Iterator[sa.Connection]:
    pytest.importorskip("psycopg")
    engine = sa.create_engine(pg_engine.url.set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            trans = connection.begin()
            yield connection
            trans.rollback()
    finally:
        engine.dispose()


def test_psycopg3_error_while_copying_reaches_the_caller_as_itself(
    psycopg3_conn: sa.Connection,
) -> None:
    """psycopg 3 floor: an override failing mid-COPY is the override's error, not the server's."""
    md = sa.MetaData()
    sa.Table(
        "item",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(40)),
    )
    md.create_all(psycopg3_conn)
    with pytest.raises(ConfigError, match=r"override for column item\.title raised"):
        pytest_dbseed.seed(
            psycopg3_conn, md, counts={"item": rows(5000, title=lambda i: str(1 // (i - 4500)))}
        )
    pytest_dbseed.seed(psycopg3_conn, md, counts={"item": 3})
    assert psycopg3_conn.scalar(sa.text("SELECT count(*) FROM item")) == 3


def test_testcontainers_has_what_the_docker_backend_calls() -> None:
    """testcontainers floor: the API of the docker backend (no Docker daemon needed)."""
    from testcontainers.core.config import testcontainers_config

    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:
        from testcontainers.postgres import PostgresContainer

    assert hasattr(testcontainers_config, "ryuk_disabled")  # dbseed up, --dbseed-keep
    for method in ("start", "stop", "get_connection_url", "get_container_id"):
        assert callable(getattr(PostgresContainer, method, None)), method
