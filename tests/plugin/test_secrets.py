"""No password in any output: masks, reprs, and a server that dies in the middle of a run.

The end-to-end test starts a throwaway cluster of its own (the project's local
backend), gives the run a role whose password holds every character a URL cares
about, kills the server half-way through, and looks for the password in everything
the run printed or wrote: stdout, stderr with ``--tb=long -l``, the log file and
``.pytest_cache``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.config import Settings, parse_url
from pytest_dbseed.errors import mask_url

PASSWORD = "p@ss:w/o%rd?#x"
ENCODED = urllib.parse.quote(PASSWORD, safe="")
# Pieces long enough to be the password and nothing else.
FRAGMENTS = (PASSWORD, ENCODED, "w/o%rd?#x", "p@ss:w", "o%25rd")

needs_binaries = pytest.mark.skipif(
    shutil.which("initdb") is None and not Path("/usr/lib/postgresql").is_dir(),
    reason="no PostgreSQL server binaries for the local backend",
)


def _leaks(text: str) -> list[str]:
    return [f for f in FRAGMENTS if f in text]


# -- masking -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"postgresql://u:{PASSWORD}@db.example/app",
        f"postgresql+psycopg2://u:{PASSWORD}@db.example:5432/app?sslmode=require",
        f"connect to postgresql://u:{ENCODED}@h/db failed",
        f"url='postgresql://u:{PASSWORD}@h/db', backend='url'",
    ],
)
def test_mask_url_hides_everything_between_user_and_host(text: str) -> None:
    masked = mask_url(text)
    assert not _leaks(masked), masked
    assert "u:***@" in masked
    assert ("db.example" in masked) or ("@h/db" in masked)


def test_mask_url_hides_libpq_keyword_passwords() -> None:
    for text in (
        f"host=h port=5 user=u password={PASSWORD} dbname=d",
        "host=h password='it''s secret' dbname=d",
        f'conninfo = "host=h password={PASSWORD} dbname=d"',
    ):
        masked = mask_url(text)
        assert not _leaks(masked) and "secret" not in masked, masked
        assert "password=***" in masked


def test_mask_url_leaves_urls_without_password_alone() -> None:
    for text in ("postgresql://u@h/db", "postgresql://h:5432/db", "see https://e.x/a@b"):
        assert mask_url(text) == text


def test_an_unencoded_password_is_refused_with_how_to_encode_it() -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError) as info:
        parse_url(f"postgresql://u:{PASSWORD}@db.example/app")
    message = str(info.value)
    assert not _leaks(message), message
    assert "percent-encode" in message and "urllib.parse.quote" in message
    assert "postgresql://u:***@db.example/app" in message
    # Encoded, the same password is accepted as it is.
    good = f"postgresql://u:{ENCODED}@db.example/app"
    assert parse_url(good) == good
    assert sa.make_url(good).password == PASSWORD


def test_settings_and_their_containers_mask_the_url_in_repr() -> None:
    from pytest_dbseed._run import RunInfo

    settings = Settings(url=f"postgresql://u:{ENCODED}@h/db")
    info = RunInfo(settings, 0, "fixed", "abcd", None)
    for obj in (settings, info, [settings], {"s": settings}, settings.url):
        assert not _leaks(repr(obj)), repr(obj)
    assert settings.url.endswith("@h/db") and ENCODED in str(settings.url)
    assert dataclasses.replace(settings, count=3).url == settings.url
    assert "***" in repr(settings)


# -- a server that dies mid-run --------------------------------------------------------

TESTS = """
import os, signal, time
import pytest
import sqlalchemy as sa
from dbhelpers import count
from models import User


def test_before(seeded_session):
    assert count(seeded_session, User) == 10


@pytest.mark.seed(User=3, only=True)
def test_before_marked(seeded_connection):
    assert count(seeded_connection, User) == 3


def test_kill_the_server(dbseed_engine):
    os.kill(int(os.environ["SECRET_TEST_POSTMASTER"]), signal.SIGQUIT)
    time.sleep(1.0)


def test_after_session(seeded_session):
    assert count(seeded_session, User) == 10


@pytest.mark.seed(User=3, only=True)
def test_after_marked(dbseed):
    assert dbseed.count(User) == 3


def test_after_engine(dbseed_engine):
    with dbseed_engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))

"""


@pytest.fixture
def own_cluster() -> Iterator[tuple[sa.URL, int]]:
    """A throwaway cluster of this test's own, with a role whose password needs encoding."""
    from pytest_dbseed.provision import start_server

    workdir = Path(tempfile.mkdtemp(prefix="dbseed-secrets-"))
    os.chmod(workdir, 0o755)
    server = start_server("local", workdir=str(workdir))
    try:
        admin = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            quoted = PASSWORD.replace("'", "''").replace("%", "%%")
            conn.exec_driver_sql(
                f"CREATE ROLE dbseed_secret LOGIN CREATEDB PASSWORD '{quoted}'"
            )
        admin.dispose()
        url = server.url.set(username="dbseed_secret", password=PASSWORD)
        yield url, int(getattr(server, "pid", 0))
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.slow
@needs_binaries
@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_a_server_dying_mid_run_prints_no_password(
    project: pytest.Pytester,
    own_cluster: tuple[sa.URL, int],
    monkeypatch: pytest.MonkeyPatch,
    driver: str,
) -> None:
    url, postmaster = own_cluster
    assert postmaster > 0
    given = url.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)
    assert ENCODED in given
    monkeypatch.setenv("DBSEED_URL", given)
    monkeypatch.setenv("SECRET_TEST_POSTMASTER", str(postmaster))
    project.makepyfile(test_dying=TESTS)
    log = project.path / "run.log"
    result = project.runpytest_subprocess(
        "--tb=long",
        "-l",
        "-vv",
        "-rA",
        "-p",
        "cacheprovider",
        "--log-level=DEBUG",
        f"--log-file={log}",
        "--log-file-level=DEBUG",
        timeout=300,
    )
    out = "\n".join(result.outlines + result.errlines)
    Path(os.environ.get("SECRET_TEST_DUMP", "/dev/null")).write_text(out)
    # Three tests after the kill fail to set up, and the database cannot be dropped.
    result.assert_outcomes(passed=3, errors=4)
    assert not _leaks(out), [line for line in out.splitlines() if _leaks(line)][:20]
    written = [p for p in project.path.rglob("*") if p.is_file()]
    assert log in written and any(".pytest_cache" in str(p) for p in written)
    for path in written:
        if path.suffix == ".pyc":
            continue
        text = path.read_text(errors="replace")
        assert not _leaks(text), f"{path} holds the password"
    # The failures still say what happened.
    assert "Connection refused" in out or "connection refused" in out.lower()
