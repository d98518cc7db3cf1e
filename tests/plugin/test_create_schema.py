"""``dbseed_create_schema``: a conftest builds the schema its own way; the plugin seeds it."""

from __future__ import annotations

import pytest

SCHEMA_SQL = """
CREATE TABLE author (
    id serial PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE,
    born date
);
CREATE TABLE book (
    id serial PRIMARY KEY,
    author_id integer NOT NULL REFERENCES author (id),
    title varchar(200) NOT NULL,
    pages integer NOT NULL CHECK (pages BETWEEN 10 AND 2000)
);
"""

SQL_CONFTEST = """
from pathlib import Path

import pytest

BUILT = []


@pytest.fixture(scope="session")
def dbseed_create_schema():
    def create(engine):
        BUILT.append(engine.url.database)
        with engine.begin() as conn:
            conn.exec_driver_sql((Path(__file__).parent / "schema.sql").read_text())
    return create
"""


def test_raw_sql_schema_without_models_is_reflected_and_seeded(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nseed_count = 6\n")
    project.makefile(".sql", schema=SCHEMA_SQL)
    project.makeconftest(SQL_CONFTEST)
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from conftest import BUILT


        def test_default_data(seeded_connection, dbseed):
            assert dbseed.counts == {"author": 6, "book": 6}
            pages = seeded_connection.scalars(sa.text("SELECT pages FROM book")).all()
            assert all(10 <= p <= 2000 for p in pages)


        @pytest.mark.seed(book=25)
        def test_marked(seeded_connection):
            assert seeded_connection.scalar(sa.text("SELECT count(*) FROM book")) == 25


        def test_built_once_in_the_test_database(dbseed_engine):
            assert BUILT == [dbseed_engine.url.database]
        """
    )
    result = project.runpytest_subprocess("-v")
    result.assert_outcomes(passed=3)


@pytest.mark.slow
def test_an_override_may_use_the_models(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest


        @pytest.fixture(scope="session")
        def dbseed_create_schema(dbseed_metadata):
            def create(engine):
                with engine.begin() as conn:
                    dbseed_metadata.create_all(conn)
                    conn.exec_driver_sql("CREATE TABLE built_by_conftest (id int)")
            return create
        """
    )
    project.makepyfile(
        """
        import sqlalchemy as sa
        from dbhelpers import count
        from models import User


        def test_models_seeded_and_extra_table_there(seeded_connection):
            assert count(seeded_connection, User) == 3
            assert seeded_connection.scalar(sa.text("SELECT count(*) FROM built_by_conftest")) == 0
        """
    )
    project.runpytest_subprocess("--seed-count=3").assert_outcomes(passed=1)


@pytest.mark.slow
def test_an_override_that_returns_no_function_is_named(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest


        @pytest.fixture(scope="session")
        def dbseed_create_schema():
            return "schema.sql"
        """
    )
    project.makepyfile("def test_a(seeded_connection):\n    pass\n")
    result = project.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the dbseed_create_schema fixture returned 'schema.sql', which is not callable: "
         "return a function that takes the Engine and builds the schema*"]
    )
