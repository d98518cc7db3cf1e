"""Per-run, per-worker databases: named, created, marked as ours, and dropped.

A database we create carries a comment starting with :data:`MARK`. Dropping reads
it back from the server first, so a database that someone else made, or that was
made under the same name by hand, is never dropped, whichever process asks.
"""

from __future__ import annotations

import os
import re
import socket
import time

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from pytest_dbseed.errors import ConfigError, ProvisionError, mask_url
from pytest_dbseed.provision._process import pid_alive
from pytest_dbseed.provision._secrets import secret_engine
from pytest_dbseed.provision._server import at_exit, cancel_at_exit

__all__ = [
    "MARK",
    "database_name",
    "create_database",
    "drop_database",
    "is_ours",
    "reap_orphans",
]

MARK = "pytest-dbseed"
_PREFIX = "dbseed_"
_VALID = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_MAX = 63  # PostgreSQL's NAMEDATALEN - 1


def _clean(part: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", part.lower()).strip("_")


def database_name(run_id: str, worker: str | None = None, suffix: str | None = None) -> str:
    """A valid, lowercase database name ``dbseed_<run>_<worker>`` (at most 63 bytes).

    ``worker`` is the xdist worker id (``gw0``...) or None for a run without workers;
    ``suffix`` names one of that worker's further databases (``p3``: a plan's copy).
    """
    run = _clean(str(run_id)) or "run"
    who = _clean(worker) if worker else "main"
    who = who or "main"
    if suffix:
        who = f"{who}_{_clean(suffix) or 'x'}"
    room = _MAX - len(_PREFIX) - len(who) - 1
    return f"{_PREFIX}{run[: max(room, 1)]}_{who}"[:_MAX]


def _admin_engine(server_url: sa.URL) -> sa.Engine:
    return secret_engine(
        server_url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 10} if "psycopg" in server_url.get_driver_name() else {},
    )


def _check_name(name: str) -> None:
    if not _VALID.match(name):
        raise ConfigError(
            f"{name!r} is not a database name pytest-dbseed creates: use lowercase letters, "
            "digits and underscores, at most 63 characters, not starting with a digit "
            "(database_name() builds one)."
        )


def _fail(action: str, name: str, server_url: sa.URL, exc: Exception) -> ProvisionError:
    where = mask_url(server_url.render_as_string(hide_password=False))
    detail = mask_url(getattr(exc, "orig", exc)).strip().splitlines()
    return ProvisionError(
        f"could not {action} database {name!r} on {where}: {detail[0] if detail else exc}",
        remedies=("check that the server is running and that the user may CREATE DATABASE",),
    )


def _copy_files(conn: sa.Connection) -> bool:
    """Whether to copy the template's files instead of WAL-logging every block.

    FILE_COPY (PostgreSQL 15+) costs two checkpoints, which are nearly free on a
    server without fsync (our throwaway clusters) and expensive on a real one.
    """
    if (conn.dialect.server_version_info or (0,)) < (15,):
        return False
    return bool(conn.scalar(sa.text("SELECT current_setting('fsync')")) == "off")


def _pid_namespace() -> str:
    # Two containers may share a host name but not a pid namespace: a pid is only
    # meaningful inside its own namespace.
    try:
        return os.readlink("/proc/self/ns/pid").replace(" ", "")
    except OSError:
        return "-"


_COMMENT = re.compile(
    r"^" + re.escape(MARK) + r" pid=(?P<pid>\d+) host=(?P<host>\S+) ns=(?P<ns>\S+) "
    r"at=\d+ drop=exit\b"
)


def _key(server_url: sa.URL, name: str) -> tuple[str, str]:
    return (server_url.set(database="").render_as_string(hide_password=False), name)


def create_database(
    server_url: sa.URL, name: str, *, drop_at_exit: bool = False, template: str | None = None
) -> sa.URL:
    """Create the empty database ``name`` on the server and return its URL.

    With ``template``, the new database is a copy of that one (which must be a database
    pytest-dbseed created, with no one connected to it).

    Refuses a name that already exists (it may belong to someone else). The new
    database is marked as created by pytest-dbseed, so only such databases can be
    dropped by :func:`drop_database`.

    With ``drop_at_exit=True`` the database is also dropped when this process ends
    without dropping it (exit, SIGTERM, SIGHUP), and one left behind by a process that
    was killed outright is dropped by :func:`reap_orphans` on a later run.
    """
    _check_name(name)
    if template is not None:
        _check_name(template)
    engine = _admin_engine(server_url)
    mark = f"{MARK} pid={os.getpid()} host={socket.gethostname()}"
    if drop_at_exit:
        mark += f" ns={_pid_namespace()} at={int(time.time())} drop=exit"
    else:
        mark += f" at={int(time.time())}"
    try:
        with engine.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if exists:
                raise ProvisionError(
                    f"database {name!r} already exists on "
                    f"{mask_url(server_url.render_as_string(hide_password=False))}; "
                    "pytest-dbseed never reuses a database it may not own",
                    remedies=("use another run id", "drop it yourself if it is a leftover"),
                )
            # template0: a template1 that someone is connected to would make this fail.
            source = f'"{template}"' if template else "template0"
            create = f'CREATE DATABASE "{name}" TEMPLATE {source}'
            if _copy_files(conn):
                create += " STRATEGY FILE_COPY"
            try:
                if template is not None:
                    conn.exec_driver_sql(create)  # a copy keeps the template's encoding
                else:
                    try:
                        conn.exec_driver_sql(create + " ENCODING 'UTF8'")
                    except sa.exc.DBAPIError as exc:
                        if "encoding" not in str(exc.orig).lower():
                            raise
                        conn.exec_driver_sql(create)
                safe = mark.replace("'", "")
                conn.exec_driver_sql(f"COMMENT ON DATABASE \"{name}\" IS '{safe}'")
            except (KeyboardInterrupt, SystemExit):
                # Interrupted around CREATE DATABASE: the name was free a moment ago and
                # carries this run's id, so whatever exists under it now is ours.
                _drop_interrupted(server_url, name)
                raise
    except sa.exc.SQLAlchemyError as exc:
        raise _fail("create", name, server_url, exc) from exc
    finally:
        engine.dispose()
    if drop_at_exit:
        at_exit(_key(server_url, name), lambda: drop_database(server_url, name))
    return server_url.set(database=name)


def _drop_interrupted(server_url: sa.URL, name: str) -> None:
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as conn:
            force = (conn.dialect.server_version_info or (0,)) >= (13,)
            conn.exec_driver_sql(
                f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else "")
            )
    except Exception:
        pass  # Best effort: reap_orphans finds it on a later run.
    finally:
        engine.dispose()


def reap_orphans(server_url: sa.URL) -> list[str]:
    """Drop databases left behind by pytest-dbseed processes of this host that died.

    Only databases created with ``drop_at_exit=True`` whose mark names this host
    and this pid namespace, and whose creating process no longer exists, are
    dropped; anything else (another host's, a kept database, one we did not make)
    is left alone. Returns the names dropped. Errors are swallowed: reaping is a
    courtesy, never a reason to fail a run.
    """
    host, ns = socket.gethostname(), _pid_namespace()
    dead: list[str] = []
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname LIKE 'dbseed\\_%'"
                )
            ).all()
    except sa.exc.SQLAlchemyError:
        return []
    finally:
        engine.dispose()
    for datname, comment in rows:
        m = _COMMENT.match(str(comment or ""))
        if m is None or m["host"] != host or m["ns"] != ns or pid_alive(int(m["pid"])):
            continue
        if not _VALID.match(str(datname)):
            continue
        try:
            drop_database(server_url, str(datname))
        except ProvisionError:
            continue
        dead.append(str(datname))
    return dead


def is_ours(server_url: sa.URL, name: str) -> bool | None:
    """True if ``name`` exists and was created by pytest-dbseed; None if it does not exist."""
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = :n"
                ),
                {"n": name},
            ).first()
    finally:
        engine.dispose()
    if row is None:
        return None
    return bool(row[0]) and str(row[0]).startswith(MARK)


def drop_database(server_url: sa.URL, name: str) -> None:
    """Drop ``name`` if pytest-dbseed created it; a database that is gone is fine.

    Raises :class:`ProvisionError` for a database that exists but that
    pytest-dbseed did not create: it is left untouched.
    """
    _check_name(name)
    cancel_at_exit(_key(server_url, name))
    try:
        ours = is_ours(server_url, name)
        if ours is None:
            return
        if not ours:
            raise ProvisionError(
                f"refusing to drop database {name!r} on "
                f"{mask_url(server_url.render_as_string(hide_password=False))}: "
                "pytest-dbseed did not create it",
                remedies=("drop it yourself if you mean to",),
            )
        engine = _admin_engine(server_url)
        try:
            with engine.connect() as conn:
                if (conn.dialect.server_version_info or (0,)) >= (13,):
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                else:
                    conn.execute(
                        sa.text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = :n AND pid <> pg_backend_pid()"
                        ),
                        {"n": name},
                    )
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            engine.dispose()
    except sa.exc.SQLAlchemyError as exc:
        raise _fail("drop", name, server_url, exc) from exc
