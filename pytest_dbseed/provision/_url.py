"""An existing server given by URL: checked, never started, stopped or written to here.

Only :func:`~pytest_dbseed.provision.create_database` writes to it, and only into
a new database of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from pytest_dbseed.errors import ConfigError, ProvisionError, mask_url, unencoded_password
from pytest_dbseed.provision._secrets import secret_engine
from pytest_dbseed.provision._server import Server

__all__ = ["UrlServer", "parse_url", "connect_url", "default_driver", "server_version"]

_psycopg3: bool | None = None


def _psycopg3_importable() -> bool:
    global _psycopg3
    if _psycopg3 is None:
        # A real import, not find_spec: psycopg 3 installed without a usable libpq is
        # "found" yet fails to import, and SQLAlchemy would fail the same way.
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _psycopg3 = False
        else:
            _psycopg3 = True
    return _psycopg3


def default_driver(url: sa.URL) -> sa.URL:
    """``url`` with a driver this installation has, for a bare ``postgresql://`` URL.

    SQLAlchemy 2.1 maps ``postgresql://`` to psycopg 3, which pytest-dbseed does not
    depend on; its dependency is psycopg2. A bare URL gets ``postgresql+psycopg2`` when
    psycopg 3 does not import. A URL naming its driver, or another database, is
    returned as it is. Every URL a user gives (``--dbseed-url``, ``DBSEED_URL``,
    ``dbseed seed --url``) goes through here.
    """
    if url.drivername == "postgresql" and not _psycopg3_importable():
        return url.set(drivername="postgresql+psycopg2")
    return url


class UrlServer(Server):
    """A server someone else runs; :meth:`stop` leaves it alone."""

    def __init__(self, url: sa.URL, version: str, given_database: str | None) -> None:
        super().__init__(url, "url", version, keep=True)
        self.given_database = given_database

    def describe(self) -> str:
        return f"url server PostgreSQL {self.version} at {self.address}"


def parse_url(url: str | sa.URL) -> sa.URL:
    """``url`` as a SQLAlchemy URL to PostgreSQL, or a :class:`ConfigError` saying why not."""
    problem = unencoded_password(url) if isinstance(url, str) else None
    if problem is not None:
        raise ConfigError(f"server URL: {problem}.")
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"server URL {mask_url(url)!r} is not a database URL. "
            "Fix: use the form postgresql://user:password@host:5432/postgres."
        ) from exc
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError(
            f"server URL {mask_url(parsed.render_as_string(False))!r} is not a "
            f"PostgreSQL URL (backend {parsed.get_backend_name()!r}); pytest-dbseed needs "
            "PostgreSQL. Fix: use the form postgresql://user:password@host:5432/postgres."
        )
    if parsed.get_driver_name() in ("asyncpg", "psycopg_async", "pg8000_async"):
        # Provisioning runs synchronously; keep the server, use the default driver.
        parsed = parsed.set(drivername="postgresql")
    return default_driver(parsed)


def server_version(url: sa.URL) -> str:
    """The version of the server at ``url`` (``"15.4"``), from a query on a new connection."""
    engine = secret_engine(
        url,
        poolclass=NullPool,
        connect_args={"connect_timeout": 5} if "psycopg" in url.get_driver_name() else {},
    )
    try:
        with engine.connect() as conn:
            return str(conn.scalar(sa.text("SHOW server_version"))).split()[0]
    finally:
        engine.dispose()


def connect_url(url: str | sa.URL) -> UrlServer:
    """Check that the server at ``url`` answers; the admin URL uses database ``postgres``."""
    parsed = parse_url(url)
    admin = parsed.set(database="postgres")
    try:
        version = server_version(admin)
    except sa.exc.DBAPIError as exc:
        text = mask_url(exc.orig).strip()
        if parsed.database and parsed.database != "postgres" and "does not exist" in text:
            # Some hosted servers have no "postgres" database: the given one serves as admin.
            admin = parsed
            try:
                version = server_version(admin)
            except sa.exc.DBAPIError as exc2:
                raise _unreachable(parsed, exc2) from exc2
        else:
            raise _unreachable(parsed, exc) from exc
    except sa.exc.SQLAlchemyError as exc:
        raise _unreachable(parsed, exc) from exc
    return UrlServer(admin, version, parsed.database)


def _unreachable(url: sa.URL, exc: Exception) -> ProvisionError:
    detail = mask_url(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return ProvisionError.unreachable(url.render_as_string(hide_password=False), first)
