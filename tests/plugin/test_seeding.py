"""Seeding through the fixtures against a real PostgreSQL: counts, isolation, determinism."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest


def test_default_counts_are_exact(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from dbhelpers import counts

        def test_default(seeded_connection, dbseed):
            assert counts(seeded_connection) == {
                "agent": 7, "user": 7, "payment_history": 7, "balance": 7,
                "profile": 7, "team": 7, "membership": 7}
            assert dbseed.count("User") == dbseed.counts["user"] == 7
            assert dbseed.seed == 0
        """
    )
    result = project.runpytest("--seed-count=7")
    result.assert_outcomes(passed=1)


def test_marker_counts_are_exact_and_the_rest_get_the_default(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        from dbhelpers import counts
        from models import User

        @pytest.mark.seed(User=100, agent=3)
        def test_marked(seeded_session, dbseed):
            got = counts(seeded_session.connection())
            assert got == {"agent": 3, "user": 100, "payment_history": 5, "balance": 5,
                           "profile": 5, "team": 5, "membership": 5}
            assert dbseed.count(User) == 100

        @pytest.mark.seed({"payment_history": 4}, only=True)
        def test_only(seeded_connection):
            got = counts(seeded_connection)
            assert got["payment_history"] == 4
            assert got["balance"] == 0
            assert 1 <= got["user"] <= 4 and got["agent"] >= 1

        def test_unmarked_sees_the_default_again(seeded_connection):
            assert counts(seeded_connection) == {
                "agent": 5, "user": 5, "payment_history": 5, "balance": 5,
                "profile": 5, "team": 5, "membership": 5}
        """
    )
    result = project.runpytest("--seed-count=5", "-v")
    result.assert_outcomes(passed=3)


def test_class_marker_merges_with_the_function_marker(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        from dbhelpers import counts

        @pytest.mark.seed(User=6, Agent=2)
        class TestUsers:
            @pytest.mark.seed(User=9)
            def test_closest_wins(self, seeded_connection):
                got = counts(seeded_connection)
                assert (got["user"], got["agent"]) == (9, 2)
        """
    )
    project.runpytest("--seed-count=2").assert_outcomes(passed=1)


def test_committed_data_is_gone_in_the_next_test(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import sqlalchemy as sa
        from dbhelpers import count, counts
        from models import Agent

        def test_commits_through_the_session(seeded_session):
            seeded_session.add(Agent(id=10_000, name="x", email="x@example.com"))
            seeded_session.commit()
            assert count(seeded_session.connection(), Agent) == 4

        def test_session_commit_is_gone(seeded_connection):
            assert count(seeded_connection, Agent) == 3

        def test_commits_the_outer_transaction(seeded_connection):
            seeded_connection.execute(sa.delete(Agent.__table__).where(Agent.id < 0))
            seeded_connection.execute(
                sa.insert(Agent.__table__).values(id=10_001, name="y", email="y@example.com"))
            seeded_connection.commit()

        def test_outer_commit_is_gone_too(seeded_connection):
            assert counts(seeded_connection) == {
                "agent": 3, "user": 3, "payment_history": 3, "balance": 3,
                "profile": 3, "team": 3, "membership": 3}
        """
    )
    result = project.runpytest("--seed-count=3")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*default data set rebuilt 1 time(s) after a test committed*"])


@pytest.mark.parametrize(
    "leak",
    [
        # Code under test with a connection of its own.
        """
        with dbseed_engine.begin() as c:
            c.execute(sa.insert(Agent.__table__).values(id=10_002, name="z", email="z@x"))
        """,
        # A Session bound to the engine, as an application would make one.
        """
        with Session(dbseed_engine) as s:
            s.add(Agent(id=10_003, name="s", email="s@x"))
            s.commit()
        """,
        # COMMIT sent as SQL on the test's own connection.
        """
        seeded_connection.exec_driver_sql(
            "INSERT INTO agent (id, name, email) VALUES (10004, 'r', 'r@x')")
        seeded_connection.exec_driver_sql("COMMIT")
        """,
        # commit() on the driver's connection, behind SQLAlchemy's back.
        """
        seeded_connection.exec_driver_sql(
            "INSERT INTO agent (id, name, email) VALUES (10005, 'd', 'd@x')")
        seeded_connection.connection.dbapi_connection.commit()
        """,
    ],
    ids=["engine-begin", "own-session", "raw-commit", "dbapi-commit"],
)
def test_data_committed_outside_the_test_transaction_does_not_leak(
    project: pytest.Pytester, leak: str
) -> None:
    body = textwrap.indent(textwrap.dedent(leak).strip(), " " * 4)
    project.makepyfile(
        "import sqlalchemy as sa\n"
        "from sqlalchemy.orm import Session\n"
        "from dbhelpers import counts\n"
        "from models import Agent\n\n"
        "def test_leaks(seeded_connection, dbseed_engine):\n"
        f"{body}\n\n"
        "def test_next_sees_the_default(seeded_connection, dbseed):\n"
        "    assert counts(seeded_connection) == {\n"
        "        'agent': 3, 'user': 3, 'payment_history': 3, 'balance': 3,\n"
        "        'profile': 3, 'team': 3, 'membership': 3}\n"
        "    assert dbseed.counts['agent'] == 3\n"
    )
    result = project.runpytest("--seed-count=3", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*default data set rebuilt 1 time(s) after a test committed*"])


def test_reading_through_a_connection_of_its_own_rebuilds_nothing(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        """
        import sqlalchemy as sa
        from dbhelpers import count
        from models import Agent

        def test_reads(seeded_connection, dbseed_engine):
            with dbseed_engine.begin() as c:
                assert count(c, Agent) == 3

        def test_next(seeded_connection):
            assert count(seeded_connection, Agent) == 3
        """
    )
    result = project.runpytest("--seed-count=3")
    result.assert_outcomes(passed=2)
    assert "rebuilt" not in result.stdout.str()


@pytest.mark.parametrize(
    ("cache", "message"),
    [
        # The plan is seeded into a database of its own: dbseed_engine would see other data.
        ("8", "*DbseedError: a connection of dbseed_engine was used while the running test's "
         "data is in database 'dbseed_*_p1'*use the seeded_session or seeded_connection*"),
        # Seeded inside the test's transaction, which locks every table.
        ("0", "*DbseedError: a connection of dbseed_engine waited dbseed_lock_timeout for a lock*"
         "@pytest.mark.seed marker*use the seeded_session or seeded_connection fixture*"),
    ],
)
def test_own_connection_in_a_marker_test_fails_instead_of_hanging(
    project: pytest.Pytester, cache: str, message: str
) -> None:
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
        import pytest
        from dbhelpers import count
        from models import Agent

        @pytest.mark.seed(Agent=4)
        def test_app_reads_via_engine(seeded_session, dbseed_engine):
            with dbseed_engine.connect() as c:
                count(c, Agent)

        def test_unmarked_may_read_via_engine(seeded_session, dbseed_engine):
            with dbseed_engine.connect() as c:
                assert count(c, Agent) == 3
        """
    )
    # A timeout far above the lock timeout: without one, this run would wait forever.
    result = project.runpytest_subprocess(
        "--seed-count=3", f"--dbseed-plan-cache={cache}", timeout=120
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([message])


def test_an_engine_of_its_own_in_a_marker_test_gets_a_lock_timeout_not_a_hang(
    project: pytest.Pytester,
) -> None:
    # Code under test that makes its own engine on the test database (not dbseed_engine)
    # while the test's data is seeded inside its transaction.
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
        import pytest
        import sqlalchemy as sa
        from dbhelpers import count
        from models import Agent

        from pytest_dbseed.errors import DbseedError

        @pytest.mark.seed(Agent=4)
        def test_app_reads_via_its_engine(seeded_session, dbseed_engine):
            engine = sa.create_engine(dbseed_engine.url)
            try:
                with pytest.raises(DbseedError, match="not the test's own waited dbseed_lock_timeout"):
                    with engine.connect() as c:
                        count(c, Agent)
            finally:
                engine.dispose()
        """
    )
    result = project.runpytest_subprocess("--seed-count=3", "--dbseed-plan-cache=0", timeout=120)
    result.assert_outcomes(passed=1)


def test_a_broken_transaction_does_not_leak(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import sqlalchemy as sa
        from dbhelpers import counts
        from models import Agent

        def test_duplicate_key_on_the_connection(seeded_connection):
            agent = Agent.__table__
            seeded_connection.execute(sa.insert(agent).values(id=9000, name="a", email="a@x"))
            seeded_connection.execute(sa.insert(agent).values(id=9000, name="b", email="b@x"))

        def test_duplicate_key_in_the_session(seeded_session):
            seeded_session.add(Agent(id=9001, name="a", email="c@x"))
            seeded_session.add(Agent(id=9001, name="b", email="d@x"))
            seeded_session.commit()

        def test_next_test_is_clean(seeded_session):
            assert counts(seeded_session.connection()) == {
                "agent": 2, "user": 2, "payment_history": 2, "balance": 2,
                "profile": 2, "team": 2, "membership": 2}
            assert seeded_session.get(Agent, 9000) is None
        """
    )
    result = project.runpytest("--seed-count=2")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*IntegrityError*"])


def test_add_seeds_more_rows_inside_the_test(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        from dbhelpers import count, counts
        from models import Agent, PaymentHistory, User

        def test_add(seeded_connection, dbseed):
            report = dbseed.add(User=3, payment_history=2)
            assert report.rows["user"] == 3
            assert count(seeded_connection, User) == dbseed.count(User) == 7
            assert count(seeded_connection, PaymentHistory) == dbseed.count("payment_history") == 6

        def test_add_only_false_seeds_the_other_tables_too(seeded_connection, dbseed):
            dbseed.add(Agent=1, only=False)
            assert counts(seeded_connection) == dbseed.counts == {
                "agent": 5, "user": 8, "payment_history": 8, "balance": 8,
                "profile": 8, "team": 8, "membership": 8}

        def test_add_only_true_is_the_default(seeded_connection, dbseed):
            dbseed.add(Agent=1, only=True)
            assert counts(seeded_connection) == dbseed.counts == {
                "agent": 5, "user": 4, "payment_history": 4, "balance": 4,
                "profile": 4, "team": 4, "membership": 4}

        def test_added_rows_are_gone(seeded_connection):
            assert count(seeded_connection, User) == 4
        """
    )
    project.runpytest("--seed-count=4").assert_outcomes(passed=4)


DUMP = """
import fcntl, json, os, pytest
from dbhelpers import digest

def _dump(name, conn):
    path = os.environ["DIGESTS"]
    value = digest(conn)
    # xdist workers write the same file: read-modify-write under a lock.
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.load(open(path)) if os.path.exists(path) else {}
        data[name] = value
        with open(path, "w") as f:
            json.dump(data, f)

def test_default_a(seeded_connection):
    _dump("default_a", seeded_connection)

@pytest.mark.seed(User=12, Agent=2)
def test_marked_a(seeded_connection):
    _dump("marked_a", seeded_connection)

@pytest.mark.seed(Balance=3, only=True)
def test_other(seeded_connection):
    _dump("other", seeded_connection)

@pytest.mark.seed(User=12, Agent=2)
def test_marked_b(seeded_connection):
    _dump("marked_b", seeded_connection)

def test_default_b(seeded_connection):
    _dump("default_b", seeded_connection)
"""


def _digests(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str,
             *args: str) -> dict[str, str]:
    path = Path(project.path) / f"{name}.json"
    monkeypatch.setenv("DIGESTS", str(path))
    project.runpytest(*args).assert_outcomes(passed=5)
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def test_same_seed_same_data_whatever_the_order(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.makepyfile(test_dump=DUMP)
    first = _digests(project, monkeypatch, "first", "--dbseed-seed=3")
    second = _digests(project, monkeypatch, "second", "--dbseed-seed=3")
    assert first == second
    # The same plan and seed give the same data, before and after other plans ran.
    assert first["default_a"] == first["default_b"]
    assert first["marked_a"] == first["marked_b"]
    assert len({first["default_a"], first["marked_a"], first["other"]}) == 3
    other_seed = _digests(project, monkeypatch, "third", "--dbseed-seed=4")
    assert other_seed["default_a"] != first["default_a"]


def test_xdist_two_workers_see_the_same_data(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.makepyfile(test_dump=DUMP)
    serial = _digests(project, monkeypatch, "serial", "--dbseed-seed=random")
    parallel_path = Path(project.path) / "parallel.json"
    monkeypatch.setenv("DIGESTS", str(parallel_path))
    result = project.runpytest("-n", "2", "--dbseed-seed=last", "-p", "xdist")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*default data set: 7 tables*once in each of 2 workers*"])
    parallel = json.loads(parallel_path.read_text())
    assert parallel == serial


def test_header_and_summary(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest

        def test_default(seeded_session):
            pass

        @pytest.mark.seed(User=20)
        def test_marked(dbseed):
            pass
        """
    )
    result = project.runpytest("--seed-count=6", "--dbseed-seed=21")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "dbseed: seed 21 (fixed; repeat with --dbseed-seed=21), backend url, *",
            "*- dbseed -*",
            "seed 21; server: url server PostgreSQL * at *",
            "default data set: 7 tables, 42 rows, seeded once in *s",
            "  agent=6, *user=6, *",
            "marker plans: 1 seeded once each into a database of their own (* rows in *s), "
            "reused by 0 more test(s)",
            "time spent seeding: *s",
        ]
    )


def test_the_test_database_is_dropped_at_the_end(project: pytest.Pytester, pg_server_url) -> None:
    import sqlalchemy as sa

    project.makepyfile(
        """
        def test_name(dbseed_engine):
            open("dbname.txt", "w").write(dbseed_engine.url.database)
        """
    )
    project.runpytest().assert_outcomes(passed=1)
    name = (Path(project.path) / "dbname.txt").read_text()
    assert name.startswith("dbseed_")
    engine = sa.create_engine(pg_server_url)
    with engine.connect() as conn:
        left = conn.scalar(sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"),
                           {"n": name})
    engine.dispose()
    assert left == 0


@pytest.mark.parametrize("workers", [0, 2])
def test_keep_leaves_the_database_and_says_how_to_connect(
    project: pytest.Pytester, pg_server_url, workers: int
) -> None:
    import sqlalchemy as sa

    project.makepyfile(
        """
        import os

        def test_a(seeded_connection):
            name = seeded_connection.engine.url.database
            open(f"db-{name}.txt", "w").write(name)

        def test_b(seeded_connection):
            name = seeded_connection.engine.url.database
            open(f"db-{name}.txt", "w").write(name)
        """
    )
    xdist = ["-p", "xdist", "-n", str(workers), "--dist=each"] if workers else []
    result = project.runpytest("--dbseed-keep", "--seed-count=2", *xdist)
    names = sorted(p.read_text() for p in Path(project.path).glob("db-*.txt"))
    engine = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            kept = [
                conn.scalar(
                    sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
                )
                for name in names
            ]
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
    result.assert_outcomes(passed=2 * (workers or 1))
    assert len(names) == (workers or 1) and kept == [1] * len(names)
    for name in names:
        result.stdout.fnmatch_lines([f"database kept: *{name}*"])
    # One way in, to a kept database (not the server's "postgres" database).
    result.stdout.fnmatch_lines(["connect: psql *dbseed_*"])
    assert result.stdout.str().count("connect: ") == 1


def test_conftest_can_override_dbseed_metadata(project: pytest.Pytester) -> None:
    project.makeini(
        """
        [pytest]
        addopts = --strict-markers
        """
    )
    project.makeconftest(
        """
        import pytest
        import sqlalchemy as sa

        @pytest.fixture(scope="session")
        def dbseed_metadata():
            md = sa.MetaData()
            sa.Table("thing", md, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("label", sa.String(20)))
            return md
        """
    )
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa

        @pytest.mark.seed(thing=4)
        def test_thing(seeded_connection, dbseed_metadata):
            thing = dbseed_metadata.tables["thing"]
            assert seeded_connection.scalar(sa.select(sa.func.count()).select_from(thing)) == 4
        """
    )
    project.runpytest().assert_outcomes(passed=1)


def test_dbseed_metadata_may_return_the_declarative_base(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\naddopts = --strict-markers\n")
    project.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_metadata():
            from models import Base
            return Base  # not Base.metadata: accepted all the same
        """
    )
    project.makepyfile(
        """
        import pytest
        from dbhelpers import count
        from models import Agent

        @pytest.mark.seed(Agent=4)
        def test_marked(seeded_connection):
            assert count(seeded_connection, Agent) == 4

        def test_default(seeded_connection):
            assert count(seeded_connection, Agent) == 2
        """
    )
    project.runpytest("--seed-count=2").assert_outcomes(passed=2)


def test_dbseed_metadata_returning_something_else_says_what_to_return(
    project: pytest.Pytester,
) -> None:
    project.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def dbseed_metadata():
            return "models:Base"
        """
    )
    project.makepyfile("def test_a(seeded_connection):\n    pass\n")
    result = project.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the dbseed_metadata fixture returned 'models:Base' (str), which is not a MetaData: "
         "return Base.metadata*"]
    )


SQLMODEL_MODELS = """
from typing import Optional

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
"""


def test_sqlmodel_models_get_a_sqlmodel_session(project: pytest.Pytester) -> None:
    pytest.importorskip("sqlmodel")
    project.makepyfile(heroes=SQLMODEL_MODELS)
    project.makepyfile(
        """
        import pytest
        import sqlmodel
        from sqlmodel import select
        from heroes import Hero

        @pytest.mark.seed(Hero=7)
        def test_exec(seeded_session):
            assert isinstance(seeded_session, sqlmodel.Session)
            assert len(seeded_session.exec(select(Hero)).all()) == 7

        def test_default(seeded_session):
            assert len(seeded_session.exec(select(Hero)).all()) == 3
        """
    )
    result = project.runpytest("--dbseed-models=heroes", "--seed-count=3")
    result.assert_outcomes(passed=2)


def test_sqlalchemy_models_get_a_plain_session_even_with_sqlmodel_imported(
    project: pytest.Pytester,
) -> None:
    pytest.importorskip("sqlmodel")
    project.makepyfile(
        """
        import sqlmodel
        from sqlalchemy.orm import Session

        def test_plain(seeded_session):
            assert type(seeded_session) is Session
        """
    )
    project.runpytest().assert_outcomes(passed=1)


def test_a_test_using_only_the_engine_sees_the_default_data_set(project: pytest.Pytester) -> None:
    # Every fixture that reaches the test database sees the same data, whatever ran first.
    project.makepyfile(
        "from dbhelpers import counts\n"
        "def test_engine_only(dbseed_engine):\n"
        "    with dbseed_engine.connect() as conn:\n"
        "        assert set(counts(conn).values()) == {10}\n"
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*seed 0; server: *", "default data set: 7 tables, 70 rows*"])


def test_a_marker_chooses_the_fan_out_of_a_foreign_key(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import pytest
        import sqlalchemy as sa
        from pytest_dbseed import rows, skewed, uniform

        def busiest(conn):
            return conn.scalar(sa.text(
                "SELECT max(n) FROM (SELECT count(*) n FROM payment_history GROUP BY user_id) c"))

        @pytest.mark.seed(User=50, PaymentHistory=rows(2000, user_id=skewed(1.5)))
        def test_skewed(seeded_connection):
            assert busiest(seeded_connection) > 200

        @pytest.mark.seed(User=50, PaymentHistory=rows(2000, user_id=uniform()))
        def test_uniform(seeded_connection):
            assert busiest(seeded_connection) < 100

        @pytest.mark.seed(PaymentHistory=rows(20, amount=skewed()))
        def test_not_a_key(seeded_connection):
            pass
        """
    )
    result = project.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*payment_history.amount is overridden with*not a foreign key*"])
