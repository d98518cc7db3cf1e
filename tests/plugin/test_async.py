"""The async fixtures on asyncpg and psycopg 3, in pytest-asyncio's strict and auto modes."""

from __future__ import annotations

import pytest

ASYNC_TESTS = """
import pytest
import sqlalchemy as sa
from models import Agent, User

async def count(conn, model):
    return await conn.scalar(sa.select(sa.func.count()).select_from(model.__table__))

{asyncio}
async def test_default_data(async_seeded_connection, dbseed):
    assert await count(async_seeded_connection, User) == dbseed.count(User) == 3
    assert async_seeded_connection.dialect.driver == {driver!r}
    assert async_seeded_connection.dialect.is_async

{asyncio}
@pytest.mark.seed(User=7, Agent=2)
async def test_marker(async_seeded_session):
    assert await count(async_seeded_session, User) == 7
    assert await count(async_seeded_session, Agent) == 2

{asyncio}
@pytest.mark.seed(User=7, Agent=2)
async def test_commit_is_safe(async_seeded_session):
    async_seeded_session.add(Agent(id=10_000, name="x", email="x@example.com"))
    await async_seeded_session.commit()
    assert await count(async_seeded_session, Agent) == 3

{asyncio}
@pytest.mark.seed(User=7, Agent=2)
async def test_the_commit_is_gone(async_seeded_connection):
    assert await count(async_seeded_connection, Agent) == 2

{asyncio}
async def test_outer_commit(async_seeded_connection):
    await async_seeded_connection.execute(
        sa.insert(Agent.__table__).values(id=10_001, name="y", email="y@example.com"))
    await async_seeded_connection.commit()

def test_sync_after_async_sees_the_default_again(seeded_connection):
    assert seeded_connection.scalar(sa.select(sa.func.count()).select_from(Agent)) == 3
"""


def _write(project: pytest.Pytester, driver: str, mode: str) -> None:
    """The async suite, run with ``dbseed_async_driver`` returning ``driver``."""
    project.makepyfile(
        test_async=ASYNC_TESTS.format(
            asyncio="@pytest.mark.asyncio" if mode == "strict" else "",
            driver=driver,
        )
    )
    project.makeconftest(
        f"""
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_async_driver():
            return {driver!r}
        """
    )


@pytest.mark.parametrize(
    ("driver", "mode"), [("asyncpg", "strict"), ("psycopg", "strict"), ("asyncpg", "auto")]
)
def test_async_fixtures_same_data_marker_and_rollback(
    project: pytest.Pytester, driver: str, mode: str
) -> None:
    _write(project, driver, mode)
    result = project.runpytest_subprocess("--seed-count=3", f"--asyncio-mode={mode}")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*default data set rebuilt 1 time(s)*"])


@pytest.mark.slow
def test_async_fixtures_under_xdist(project: pytest.Pytester) -> None:
    _write(project, "asyncpg", "auto")
    result = project.runpytest_subprocess(
        "--seed-count=3", "--asyncio-mode=auto", "-n", "2", "-p", "xdist"
    )
    result.assert_outcomes(passed=6)


def test_a_plan_that_cannot_be_kept_is_still_committed_for_async(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import rows
        from models import Agent

        @pytest.mark.asyncio
        @pytest.mark.seed(Agent=rows(2, name=lambda i: f"agent-{i}"))
        async def test_callable_override(async_seeded_connection, dbseed):
            names = (await async_seeded_connection.scalars(sa.select(Agent.name))).all()
            assert sorted(names) == ["agent-0", "agent-1"]
            assert dbseed.count(Agent) == 2

        @pytest.mark.asyncio
        @pytest.mark.seed(Agent=5)
        async def test_cache_off(async_seeded_connection):
            n = await async_seeded_connection.scalar(sa.select(sa.func.count()).select_from(Agent))
            assert n == 5
        """
    )
    result = project.runpytest_subprocess("--seed-count=3", "--dbseed-plan-cache=0")
    result.assert_outcomes(passed=2)


def test_without_an_async_driver_one_sentence_says_what_to_install(
    project: pytest.Pytester,
) -> None:
    project.makeconftest(
        """
        import sys

        # As if neither driver were installed.
        sys.modules["asyncpg"] = None
        sys.modules["psycopg"] = None
        """
    )
    project.makepyfile(
        """
        import pytest

        @pytest.mark.asyncio
        async def test_a(async_seeded_session):
            pass
        """
    )
    result = project.runpytest_subprocess("--seed-count=2")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the async_seeded_session fixture needs an async PostgreSQL driver (asyncpg or "
         "psycopg 3), and none is installed: pip install pytest-dbseed?async?"]
    )


@pytest.mark.parametrize(
    ("cache", "message"),
    [
        # The plan is seeded inside the test's transaction, which locks every table.
        ("0", "*DbseedError: a connection to the test database that is not the test's own "
         "waited*use the seeded_session or seeded_connection fixture*"),
        # The plan has a database of its own: the engine would see the default data set.
        ("8", "*DbseedError: a connection to the test database that is not the test's own "
         "was used while the running test's data is in database 'dbseed_*_p1'*"
         "async_seeded_session*"),
    ],
)
def test_an_async_engine_of_its_own_gets_a_clear_error_not_a_hang(
    project: pytest.Pytester, cache: str, message: str
) -> None:
    # Code under test opens its own async engine on the test database in a marked test.
    project.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_lock_timeout():
            return "300ms"
        """
    )
    project.makepyfile(
        """
        import asyncio
        import pytest
        import sqlalchemy as sa
        from sqlalchemy.ext.asyncio import create_async_engine
        from models import Agent

        async def app_count(url):
            engine = create_async_engine(url.set(drivername="postgresql+asyncpg"))
            try:
                async with engine.connect() as c:
                    return await c.scalar(sa.select(sa.func.count()).select_from(Agent))
            finally:
                await engine.dispose()

        @pytest.mark.seed(Agent=4)
        def test_app_reads_via_its_own_async_engine(seeded_session, dbseed_engine):
            asyncio.run(app_count(dbseed_engine.url))
        """
    )
    result = project.runpytest_subprocess(
        "--seed-count=3", f"--dbseed-plan-cache={cache}", timeout=120
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([message])
