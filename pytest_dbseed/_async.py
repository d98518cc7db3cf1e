"""The async fixtures' engines: the test's database through asyncpg or psycopg 3's async driver.

An async test reads data that is committed before it starts (the default data set, or a
plan's database, see :mod:`pytest_dbseed._plans`) through an ``AsyncConnection`` of its
own, inside a transaction that is rolled back afterwards. Its engine uses no pool: a
connection belongs to the event loop it was opened on, and each test may run on a loop
of its own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pytest_dbseed.errors import ConfigError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import AsyncEngine

    from pytest_dbseed._plans import Database

__all__ = ["ASYNC_DRIVERS", "missing_async_support", "async_engine"]

ASYNC_DRIVERS = ("asyncpg", "psycopg")
"""The async drivers, in the order tried when ``dbseed_async_driver`` names none."""

INSTALL = "pip install pytest-dbseed[async]"


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def missing_async_support(fixture: str, driver: str | None) -> str | None:
    """One sentence saying what ``fixture`` lacks to run (None: nothing)."""
    if not _importable("pytest_asyncio"):
        return (
            f"the {fixture} fixture needs pytest-asyncio to run async fixtures and tests, "
            f"which is not installed: {INSTALL}"
        )
    if not _importable("greenlet"):
        return (
            f"the {fixture} fixture needs SQLAlchemy's asyncio support (the greenlet "
            f"package), which is not installed: {INSTALL}"
        )
    wanted = (driver,) if driver else ASYNC_DRIVERS
    if driver is not None and driver not in ASYNC_DRIVERS:
        return (
            f"the dbseed_async_driver fixture returned {driver!r}; return one of "
            f"{', '.join(map(repr, ASYNC_DRIVERS))}, or None to use whichever is installed"
        )
    if not any(_importable(d) for d in wanted):
        names = " or ".join("psycopg 3" if d == "psycopg" else d for d in wanted)
        return (
            f"the {fixture} fixture needs an async PostgreSQL driver ({names}), and none "
            f"is installed: {INSTALL}"
        )
    return None


def _driver(driver: str | None) -> str:
    for name in (driver,) if driver else ASYNC_DRIVERS:
        if _importable(name):
            return name
    raise ConfigError(f"no async PostgreSQL driver is installed: {INSTALL}")


def _connect_args(driver: str, lock_timeout: str | None) -> dict[str, Any]:
    if not lock_timeout:
        return {}
    value = str(lock_timeout).replace(" ", "")
    if driver == "asyncpg":
        return {"server_settings": {"lock_timeout": value}}
    return {"options": f"-c lock_timeout={value}"}


def async_url(url: sa.URL, driver: str) -> sa.URL:
    """``url`` with the async driver ``driver`` (``postgresql+asyncpg``, ...)."""
    name = "postgresql+asyncpg" if driver == "asyncpg" else "postgresql+psycopg_async"
    return url.set(drivername=name)


def async_engine(db: Database, driver: str | None, lock_timeout: str | None) -> AsyncEngine:
    """The async engine of ``db`` (made once, watched by ``db``'s guard)."""
    if db.async_engine is None:
        from sqlalchemy.ext.asyncio import create_async_engine
        from sqlalchemy.pool import NullPool

        name = _driver(driver)
        engine = create_async_engine(
            async_url(db.url, name),
            poolclass=NullPool,
            connect_args=_connect_args(name, lock_timeout),
        )
        db.guard.watch(engine.sync_engine)
        db.async_engine = engine
    return db.async_engine
