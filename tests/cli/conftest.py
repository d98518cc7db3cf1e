"""Fixtures for the ``dbseed`` command's tests: a fresh, empty database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from ..models import SOURCE


@pytest.fixture
def target_url(pg_server_url: sa.URL) -> Iterator[sa.URL]:
    """URL of a new empty database, dropped after the test.

    It always carries a password, so tests can check that the output masks it
    (a server with trust authentication ignores it).
    """
    name = f"dbseed_cli_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = pg_server_url.set(database=name)
    if not url.password:
        url = url.set(password="s3cret-pw")
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def models_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A directory holding the test models (tests/models.py) as ``shop_models.py``, made the
    current directory."""
    (tmp_path / "shop_models.py").write_text(SOURCE.read_text())
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    import sys

    sys.modules.pop("shop_models", None)


def run_sql(url: sa.URL, *scripts: str) -> None:
    """Run DDL scripts as they are (a raw cursor: ``%`` in them is no placeholder)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            for script in scripts:
                cursor.execute(script)
    finally:
        engine.dispose()


def has_extension(url: sa.URL, name: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(
                conn.scalar(
                    sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = :n"),
                    {"n": name},
                )
            )
    finally:
        engine.dispose()


@pytest.fixture
def realistic_url(target_url: sa.URL) -> sa.URL:
    """A database as an application made it: several schemas, an enum, a domain, a
    partitioned table, views, Alembic's and Django's tables, and rows in ``country``."""
    from tests.cli.schemas import REALISTIC

    run_sql(target_url, REALISTIC)
    return target_url


@pytest.fixture
def hostile_url(target_url: sa.URL) -> sa.URL:
    """Tables and columns named with quotes, spaces, backslashes, a newline, Unicode."""
    from tests.cli.schemas import HOSTILE

    run_sql(target_url, HOSTILE)
    return target_url


@pytest.fixture
def mariadb_url() -> Iterator[sa.URL]:
    """A fresh database on the MariaDB/MySQL at $DBSEED_TEST_MYSQL_URL (default
    127.0.0.1:3306, root); skipped when none answers."""
    import os

    pytest.importorskip("pymysql")
    base = sa.make_url(
        os.environ.get("DBSEED_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
    )
    admin = sa.create_engine(base)
    try:
        with admin.connect():
            pass
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"no MariaDB/MySQL server reachable at {base}: {exc.orig}")
    name = f"dbseed_cli_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE `{name}`"))
    try:
        yield base.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()
