"""Fixtures for provisioning tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from .provision_helpers import EXISTING_URL, port_open


@pytest.fixture(scope="session")
def existing_url() -> sa.URL:
    """The server already running on this machine (url backend tests); skip if absent."""
    url = sa.make_url(EXISTING_URL)
    if not port_open(url.host or "127.0.0.1", url.port or 5432):
        pytest.skip(f"no PostgreSQL answers at {url.host}:{url.port} for url-backend tests")
    return url


@pytest.fixture
def clean_kill() -> Iterator[list[int]]:
    """Pids to SIGKILL at teardown, for tests whose assertions failed mid-way."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
