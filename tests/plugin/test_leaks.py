"""Data committed by one test is never seen by the next, however it was committed.

Each leaking test commits a new agent by another road; the test after it must see
the default data set again. The runs are in-process (``runpytest``): no interpreter
to start.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from .conftest import server_url_text

LEAKS = '''
import pytest
import sqlalchemy as sa
from dbhelpers import count, counts
from models import Agent, User

NEW = sa.insert(Agent.__table__)


def _default(conn):
    assert counts(conn) == {t: 10 for t in counts(conn)}, counts(conn)


def test_0_first(seeded_connection):
    _default(seeded_connection)


def test_1_dbapi_commit_then_more_statements(seeded_connection):
    seeded_connection.execute(NEW.values(id=1001, name="a", email="a@x"))
    seeded_connection.connection.dbapi_connection.commit()
    seeded_connection.execute(sa.select(1))


def test_1_after(seeded_connection):
    _default(seeded_connection)


def test_2_autocommit_connection(dbseed_engine):
    with dbseed_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(NEW.values(id=1002, name="b", email="b@x"))


def test_2_after(seeded_session):
    _default(seeded_session)


def test_3_second_engine(dbseed_engine):
    engine = sa.create_engine(dbseed_engine.url)
    try:
        with engine.begin() as conn:
            conn.execute(NEW.values(id=1003, name="c", email="c@x"))
    finally:
        engine.dispose()


def test_3_after(dbseed):
    _default(dbseed.connection)


def test_4_commented_commit(seeded_connection):
    seeded_connection.execute(NEW.values(id=1004, name="d", email="d@x"))
    seeded_connection.exec_driver_sql("/* c */ COMMIT")
    seeded_connection.execute(sa.select(1))


def test_4_after(seeded_connection):
    _default(seeded_connection)


def test_5_engine_only_sees_the_default(dbseed_engine):
    with dbseed_engine.connect() as conn:
        _default(conn)
'''


@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_no_commit_leaks_into_the_next_test(
    project: pytest.Pytester,
    pg_server_url: sa.URL,
    monkeypatch: pytest.MonkeyPatch,
    driver: str,
) -> None:
    url = pg_server_url.set(drivername=f"postgresql+{driver}")
    monkeypatch.setenv("DBSEED_URL", server_url_text(url))
    project.makepyfile(test_leaks=LEAKS)
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=10)
    result.stdout.fnmatch_lines(
        [
            "default data set rebuilt 4 time(s) after a test committed data outside its "
            "transaction (after test_leaks.py::test_1_dbapi_commit_then_more_statements, *",
        ]
    )


def test_a_commit_between_tests_is_noticed_too(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest, sqlalchemy as sa
        from models import Agent

        @pytest.fixture
        def commits_at_teardown(dbseed_engine):
            yield
            with dbseed_engine.begin() as conn:
                conn.execute(sa.insert(Agent.__table__).values(id=2001, name="t", email="t@x"))
        """
    )
    project.makepyfile(
        """
        from dbhelpers import counts

        def test_a(commits_at_teardown, seeded_connection):
            pass

        def test_b(seeded_connection):
            assert set(counts(seeded_connection).values()) == {10}
        """
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["default data set rebuilt 1 time(s) *"])
