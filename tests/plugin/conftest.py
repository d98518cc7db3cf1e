"""Helpers for the plugin's tests: every run goes through ``pytester`` in a subprocess.

Each pytester project gets the test suite's models (``tests/models.py``, as
``models.py``), an ini file naming it, and the server the test session already has
(``DBSEED_URL``), so no pytester run starts a cluster of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

# Imported before pytester snapshots sys.modules: a test whose body imports the ORM first
# (through sqlmodel) would have it removed at teardown, and SQLAlchemy 2.0 refuses a
# second import ("Type <class 'object'> is already registered").
import sqlalchemy.orm  # noqa: F401

from ..models import SOURCE

MODELS = SOURCE.read_text()
"""The project's test models (tests/models.py), written into every pytester project."""

HELPERS = '''
import hashlib

import sqlalchemy as sa

from models import Agent, Balance, Base, PaymentHistory, User


def count(conn, model):
    return conn.scalar(sa.select(sa.func.count()).select_from(model.__table__))


def counts(conn):
    return {t.name: count_table(conn, t) for t in Base.metadata.sorted_tables}


def count_table(conn, table):
    return conn.scalar(sa.select(sa.func.count()).select_from(table))


def digest(conn):
    """A hash of every row of every table, in key order: equal digests, equal data."""
    h = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()
'''


def server_url_text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture
def project(
    pytester: pytest.Pytester, pg_server_url: sa.URL, monkeypatch: pytest.MonkeyPatch
) -> Iterator[pytest.Pytester]:
    """A pytester project wired to the session's server: models, helpers and an ini file."""
    pytester.makepyfile(models=MODELS, dbhelpers=HELPERS)
    pytester.makeini(
        """
        [pytest]
        dbseed_models = models:Base
        addopts = --strict-markers -p no:randomly
        asyncio_default_fixture_loop_scope = function
        """
    )
    monkeypatch.setenv("DBSEED_URL", server_url_text(pg_server_url))
    # Also for tests that write an ini of their own: pytest-randomly (installed for its own
    # tests, which remove this) would otherwise choose every run's seed.
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:randomly")
    # The subprocess must import the models module from the project directory.
    monkeypatch.setenv("PYTHONPATH", _pythonpath(pytester))
    yield pytester


def _pythonpath(pytester: pytest.Pytester) -> str:
    import os

    parts = [str(pytester.path)]
    if os.environ.get("PYTHONPATH"):
        parts.append(os.environ["PYTHONPATH"])
    return os.pathsep.join(parts)

