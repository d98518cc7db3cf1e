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
