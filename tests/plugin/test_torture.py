"""A few hundred generated tests that try to leak, in random order, serial and with xdist.

Every generated test asserts the exact row count of every table when it starts (the
default data set, or its marker's plan), then does one thing a real suite does: read,
seed its own data, add rows, commit through the session (safe), commit behind the
plugin's back by one of several roads (a leak the plugin must undo), or break its
transaction. A single wrong count anywhere fails the run. The summary must count one
rebuild per leak.
"""

from __future__ import annotations

import random
import re

import pytest

KINDS = (
    "read",
    "read_session",
    "engine_only",
    "marked",
    "marked_class",
    "add",
    "session_commit",
    "broken",
    "leak_dbapi",
    "leak_autocommit",
    "leak_engine",
    "leak_sql",
)
LEAKS = {k for k in KINDS if k.startswith("leak_")}
# Leaks are a fifth of the tests: each costs a rebuild of the default data set.
MIX = [k for k in KINDS for _ in range(1 if k in LEAKS else 2)]

HEADER = '''
import pytest
import sqlalchemy as sa
from dbhelpers import counts
from models import Agent, Team

TABLES = ("agent", "team", "user", "balance", "membership", "payment_history", "profile")
DEFAULT = {t: 10 for t in TABLES}
NEW = sa.insert(Agent.__table__)


def exact(conn, expected):
    assert counts(conn) == expected, counts(conn)


def only(**named):
    return {t: named.get(t, 0) for t in TABLES}
'''


def _test(i: int, kind: str, rng: random.Random) -> str:
    name = f"test_{i:04d}_{kind}"
    new_id = 100_000 + i
    if kind == "read":
        return f"def {name}(seeded_connection):\n    exact(seeded_connection, DEFAULT)\n"
    if kind == "read_session":
        return f"def {name}(seeded_session):\n    exact(seeded_session, DEFAULT)\n"
    if kind == "engine_only":
        return (
            f"def {name}(dbseed_engine):\n"
            "    with dbseed_engine.connect() as conn:\n"
            "        exact(conn, DEFAULT)\n"
        )
    if kind in ("marked", "marked_class"):
        agents, teams = rng.randint(0, 30), rng.randint(0, 30)
        body = (
            f"@pytest.mark.seed(Agent={agents}, Team={teams}, only=True)\n"
            f"def {name}(seeded_connection):\n"
            f"    exact(seeded_connection, only(agent={agents}, team={teams}))\n"
        )
        if kind == "marked_class":
            indented = "\n".join("    " + line for line in body.splitlines())
            indented = indented.replace("(seeded_connection)", "(self, seeded_connection)")
            return f"class Test{i:04d}:\n{indented}\n"
        return body
    if kind == "add":
        n = rng.randint(1, 5)
        return (
            f"def {name}(dbseed):\n"
            "    exact(dbseed.connection, DEFAULT)\n"
            f"    dbseed.add(Agent={n})\n"
            f"    exact(dbseed.connection, {{**DEFAULT, 'agent': {10 + n}}})\n"
        )
    if kind == "session_commit":
        return (
            f"def {name}(seeded_session):\n"
            "    exact(seeded_session, DEFAULT)\n"
            f"    seeded_session.add(Agent(id={new_id}, name='s', email='s{i}@x'))\n"
            "    seeded_session.commit()\n"
            "    exact(seeded_session, {**DEFAULT, 'agent': 11})\n"
        )
    if kind == "broken":
        return (
            f"def {name}(seeded_connection):\n"
            "    exact(seeded_connection, DEFAULT)\n"
            "    with pytest.raises(sa.exc.IntegrityError):\n"
            "        seeded_connection.execute(NEW.values(id=1, name='dup', email='dup@x'))\n"
        )
    if kind == "leak_dbapi":
        return (
            f"def {name}(seeded_connection):\n"
            "    exact(seeded_connection, DEFAULT)\n"
            f"    seeded_connection.execute(NEW.values(id={new_id}, name='l', email='l{i}@x'))\n"
            "    seeded_connection.connection.dbapi_connection.commit()\n"
            "    seeded_connection.execute(sa.select(1))\n"
        )
    if kind == "leak_autocommit":
        return (
            f"def {name}(dbseed_engine):\n"
            "    with dbseed_engine.connect().execution_options(isolation_level='AUTOCOMMIT') as c:\n"
            "        exact(c, DEFAULT)\n"
            f"        c.execute(NEW.values(id={new_id}, name='l', email='l{i}@x'))\n"
        )
    if kind == "leak_engine":
        return (
            f"def {name}(dbseed_engine):\n"
            "    engine = sa.create_engine(dbseed_engine.url)\n"
            "    try:\n"
            "        with engine.begin() as c:\n"
            "            exact(c, DEFAULT)\n"
            f"            c.execute(NEW.values(id={new_id}, name='l', email='l{i}@x'))\n"
            "    finally:\n"
            "        engine.dispose()\n"
        )
    assert kind == "leak_sql"
    return (
        f"def {name}(seeded_connection):\n"
        "    exact(seeded_connection, DEFAULT)\n"
        f"    seeded_connection.execute(NEW.values(id={new_id}, name='l', email='l{i}@x'))\n"
        "    seeded_connection.exec_driver_sql('/* c */ COMMIT')\n"
        "    seeded_connection.execute(sa.select(1))\n"
    )


def _suite(n: int, seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    kinds = [MIX[i % len(MIX)] for i in range(n)]
    rng.shuffle(kinds)
    kinds.append("read")  # the last leak is noticed (and undone) by a test after it
    parts = [HEADER]
    parts += [_test(i, kind, rng) for i, kind in enumerate(kinds)]
    return "\n\n".join(parts), sum(k in LEAKS for k in kinds)


def _rebuilds(text: str) -> int:
    match = re.search(r"default data set rebuilt (\d+) time\(s\)", text)
    return int(match.group(1)) if match else 0


@pytest.mark.slow
@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_torture(
    project: pytest.Pytester,
    pg_server_url: object,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    driver: str,
) -> None:
    import sqlalchemy as sa

    from .conftest import server_url_text

    assert isinstance(pg_server_url, sa.URL)
    monkeypatch.setenv(
        "DBSEED_URL", server_url_text(pg_server_url.set(drivername=f"postgresql+{driver}"))
    )
    n = 300
    source, leaks = _suite(n, seed=workers * 7 + len(driver))
    project.makepyfile(test_generated=source)
    args = ["-p", "no:cacheprovider", "-q"]
    if workers:
        args += ["-n", str(workers)]
    result = project.runpytest_subprocess(*args, timeout=900)
    result.assert_outcomes(passed=n + 1)
    out = result.stdout.str()
    if workers:
        # Each worker undoes the leaks it ran, except one its own last test made.
        assert leaks - workers <= _rebuilds(out) <= leaks, out[-2000:]
    else:
        assert _rebuilds(out) == leaks, out[-2000:]
