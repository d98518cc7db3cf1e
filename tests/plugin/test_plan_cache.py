"""Marker plans seeded once into a database of their own and reused: data, isolation, bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from .test_seeding import DUMP, _digests  # noqa: F401


def _leftovers(pg_server_url: sa.URL, output: str) -> list[str]:
    """Databases of the run whose output (or a file it wrote) is ``output`` still there."""
    import re

    run = re.search(r"dbseed_([0-9a-f]{8})_", output)
    assert run is not None, "the output names the run's databases"
    engine = sa.create_engine(pg_server_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.scalars(
                    sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                    {"p": f"dbseed_{run[1]}_%"},
                )
            )
    finally:
        engine.dispose()


def test_a_kept_plan_holds_the_same_data_as_one_seeded_in_the_test(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.makepyfile(test_dump=DUMP)
    cached = _digests(project, monkeypatch, "cached", "--dbseed-seed=5")
    seeded_in_test = _digests(project, monkeypatch, "in_test", "--dbseed-seed=5",
                              "--dbseed-plan-cache=0")
    assert cached == seeded_in_test
    assert cached["marked_a"] == cached["marked_b"] != cached["default_a"]


def test_tests_on_one_plan_share_its_database_and_stay_isolated(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from dbhelpers import count
        from models import Agent, User

        plan = pytest.mark.seed(User=6, Agent=2)

        @plan
        def test_commits_through_the_session(seeded_session):
            seeded_session.add(Agent(id=10_000, name="x", email="x@example.com"))
            seeded_session.commit()
            assert count(seeded_session.connection(), Agent) == 3

        @plan
        def test_the_commit_is_gone(seeded_connection):
            assert count(seeded_connection, Agent) == 2
            assert count(seeded_connection, User) == 6

        @plan
        def test_commits_the_outer_transaction(seeded_connection):
            seeded_connection.execute(
                sa.insert(Agent.__table__).values(id=10_001, name="y", email="y@example.com"))
            seeded_connection.commit()

        @plan
        def test_that_commit_is_gone_too(seeded_connection, dbseed):
            assert count(seeded_connection, Agent) == 2
            dbseed.add(User=1)
            assert count(seeded_connection, User) == 7

        @plan
        def test_added_rows_are_gone(seeded_connection):
            assert count(seeded_connection, User) == 6

        def test_the_default_data_set_is_untouched(seeded_connection):
            assert count(seeded_connection, Agent) == count(seeded_connection, User) == 3
        """
    )
    result = project.runpytest_subprocess("--seed-count=3")
    result.assert_outcomes(passed=6)
    # Seeded once, again after the outer commit; the other three tests reused it.
    result.stdout.fnmatch_lines(
        ["*marker plans: 2 seeded once each into a database of their own*reused by 3 more*"]
    )


def test_at_most_n_plans_are_kept_and_all_are_dropped_at_the_end(
    project: pytest.Pytester, pg_server_url: sa.URL
) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from dbhelpers import count
        from models import User

        @pytest.mark.parametrize("n", [2, 3, 4, 2, 3])
        def test_plan(n, dbseed):
            conn = dbseed.connection
            assert count(conn, User) == n
            # pg_database is the server's: every plan database of this run is listed.
            name = conn.engine.url.database.rsplit("_p", 1)[0]
            kept = conn.scalar(sa.text(
                "SELECT count(*) FROM pg_database WHERE datname LIKE :n"), {"n": name + "_p%"})
            assert 1 <= kept <= 2
        """
    )
    # Each parametrized case gets its own plan through a marker applied per case.
    project.makeconftest(
        """
        import pytest

        def pytest_collection_modifyitems(items):
            for item in items:
                n = item.callspec.params["n"]
                item.add_marker(pytest.mark.seed(User=n))
        """
    )
    result = project.runpytest_subprocess("--seed-count=2", "--dbseed-plan-cache=2", "-v")
    result.assert_outcomes(passed=5)
    # 2, 3, 4 (drops 2), 2 again (drops 3), 3 again (drops 4): five seeded, none reused.
    result.stdout.fnmatch_lines(["*marker plans: 5 seeded once each*reused by 0 more*"])
    assert _leftovers(pg_server_url, result.stdout.str()) == []


def test_a_plan_with_a_callable_override_is_seeded_in_the_test(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import rows
        from models import Agent

        calls = []

        def name(i):
            calls.append(i)
            return f"agent-{i}"

        @pytest.mark.seed(Agent=rows(2, name=name))
        def test_a(seeded_connection):
            assert seeded_connection.scalars(sa.select(Agent.name)).all() == ["agent-0", "agent-1"]

        @pytest.mark.seed(Agent=rows(2, name=name))
        def test_b(seeded_connection):
            # Called again for this test: a callable may keep state, so its plan is not kept.
            assert len(calls) == 4
        """
    )
    result = project.runpytest_subprocess("--seed-count=2")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*tests with their own data: 2*"])
    result.stdout.no_fnmatch_line("*marker plans*")


@pytest.mark.slow
def test_xdist_workers_keep_plans_of_their_own_and_drop_them(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, pg_server_url: sa.URL
) -> None:
    names = Path(project.path) / "names.txt"
    project.makepyfile(
        test_dump=DUMP,
        test_names=f"""
        import pytest

        @pytest.mark.seed(User=13)
        def test_name(dbseed):
            with open({str(names)!r}, "a") as f:
                f.write(dbseed.connection.engine.url.database + "\\n")
        """,
    )
    path = Path(project.path) / "parallel.json"
    monkeypatch.setenv("DIGESTS", str(path))
    result = project.runpytest_subprocess("-n", "2", "-p", "xdist", "--dbseed-seed=5")
    result.assert_outcomes(passed=6)
    (plan,) = names.read_text().split()
    import re

    assert re.fullmatch(r"dbseed_[0-9a-f]{8}_gw[01]_p[0-9]+", plan), plan
    assert _leftovers(pg_server_url, plan) == []
    names.unlink()
    serial_path = Path(project.path) / "serial.json"
    monkeypatch.setenv("DIGESTS", str(serial_path))
    project.runpytest_subprocess("--dbseed-seed=5", "--dbseed-plan-cache=0").assert_outcomes(
        passed=6
    )
    assert json.loads(path.read_text()) == json.loads(serial_path.read_text())


@pytest.mark.slow
def test_plan_databases_of_a_killed_run_are_reaped_by_the_next(
    project: pytest.Pytester, pg_server_url: sa.URL
) -> None:
    import subprocess
    import sys

    project.makepyfile(
        test_killed="""
        import os, signal
        import pytest

        @pytest.mark.seed(User=12)
        def test_dies(dbseed):
            print("PLAN", dbseed.connection.engine.url.database, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-s", "test_killed.py"],
        cwd=project.path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == -9, proc.stdout[-2000:]
    plan = proc.stdout.split("PLAN ", 1)[1].split()[0]
    left = _leftovers(pg_server_url, plan)
    assert plan in left and plan.rsplit("_p", 1)[0] + "_t" in left
    project.makepyfile(test_killed="def test_next(dbseed):\n    pass\n")
    project.runpytest_subprocess().assert_outcomes(passed=1)
    assert _leftovers(pg_server_url, plan) == []


def test_plans_that_differ_only_in_an_override_are_kept_apart(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import fake, rows
        from models import Agent

        def names(conn):
            return set(conn.scalars(sa.select(Agent.name)))

        @pytest.mark.seed(Agent=rows(3, name="a"))
        def test_a(seeded_connection):
            assert names(seeded_connection) == {"a"}

        @pytest.mark.seed(Agent=rows(3, name="b"))
        def test_b(seeded_connection):
            assert names(seeded_connection) == {"b"}

        @pytest.mark.seed(Agent=rows(3, name=fake("bothify", text="x-##")))
        def test_fake(seeded_connection):
            assert all(n.startswith("x-") for n in names(seeded_connection))

        @pytest.mark.seed(Agent=rows(3, name="a"), only=True)
        def test_only(seeded_connection):
            assert names(seeded_connection) == {"a"}
            assert seeded_connection.scalar(sa.text('SELECT count(*) FROM "user"')) == 0

        @pytest.mark.seed(Agent=rows(3, name="a"))
        def test_a_again(seeded_connection):
            assert names(seeded_connection) == {"a"}
        """
    )
    result = project.runpytest_subprocess("--seed-count=3")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*marker plans: 4 seeded once each*reused by 1 more*"])
