"""``dbseed_overrides``: columns fixed under every plan, a marker's own overrides winning."""

from __future__ import annotations

import pytest


def test_overrides_apply_to_the_default_set_markers_and_add(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest
        from pytest_dbseed import fake
        from models import Agent

        @pytest.fixture(scope="session")
        def dbseed_overrides():
            return {Agent: {"name": "Acme"}, "user": {"first_name": "Ada"}}
        """
    )
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import rows
        from models import Agent, User

        def values(conn, column):
            return set(conn.scalars(sa.select(column)))

        def test_default_set(seeded_connection):
            assert values(seeded_connection, Agent.name) == {"Acme"}
            assert values(seeded_connection, User.first_name) == {"Ada"}

        @pytest.mark.seed(User=6)
        def test_marker(seeded_connection):
            assert values(seeded_connection, User.first_name) == {"Ada"}
            assert values(seeded_connection, Agent.name) == {"Acme"}

        @pytest.mark.seed(User=rows(4, first_name="Grace"))
        def test_the_markers_own_override_wins(seeded_connection):
            assert values(seeded_connection, User.first_name) == {"Grace"}
            assert values(seeded_connection, Agent.name) == {"Acme"}

        def test_add(seeded_connection, dbseed):
            dbseed.add(Agent=2)
            assert values(seeded_connection, Agent.name) == {"Acme"}
        """
    )
    result = project.runpytest_subprocess("--seed-count=3")
    result.assert_outcomes(passed=4)


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ('{"user": {"nickname": "x"}}', "table 'user' has no column 'nickname'"),
        ('{"Usr": {"email": "x"}}', "unknown table or model 'Usr'"),
    ],
)
def test_a_column_that_does_not_exist_is_one_sentence_naming_the_fixture(
    project: pytest.Pytester, overrides: str, problem: str
) -> None:
    project.makeconftest(
        f"""
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_overrides():
            return {overrides}
        """
    )
    project.makepyfile(
        """
        def test_a(seeded_connection):
            pass
        """
    )
    result = project.runpytest_subprocess("--seed-count=2")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [f"*the dbseed_overrides fixture: {problem}*Fix: return {{model or table name: "
         "{column name: override}} from the dbseed_overrides fixture in conftest.py*"]
    )
    result.stdout.no_fnmatch_line("*Traceback*")
