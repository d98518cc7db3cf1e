"""Where the database comes from: a throwaway local cluster, Docker, or a given server.

Usable without pytest (the ``dbseed`` command uses it too)::

    from pytest_dbseed.provision import start_server, create_database, database_name

    with start_server() as server:              # auto: url, docker, local, bundled
        url = create_database(server.url, database_name("run1", "gw0"))
        ...

Backends:

``url``
    an existing server; nothing is started, and only databases created by
    :func:`create_database` are ever written to or dropped.
``docker``
    testcontainers' ``PostgresContainer`` (image configurable).
``local``
    ``initdb`` + ``postgres`` from installed binaries, else from the bundled ones
    of the ``embedded`` extra (reported as backend ``embedded``).
``auto``
    url if given, else docker if a daemon answers within a second, else local.

Several processes (pytest-xdist workers) share one started server through a
:class:`ServerBroker` in the process that owns it, and :func:`borrow_server`.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, ProvisionError, mask_url
from pytest_dbseed.provision._binaries import (
    BUNDLE_DIST,
    Binaries,
    bundled_dirs,
    find_bundled,
    find_installed,
    inspect_bindir,
)
from pytest_dbseed.provision._databases import (
    create_database,
    database_name,
    drop_database,
    is_ours,
    reap_orphans,
)
from pytest_dbseed.provision._docker import DEFAULT_IMAGE, docker_available, start_docker
from pytest_dbseed.provision._local import base_dir, start_local, sweep_leftovers
from pytest_dbseed.provision._server import Server, stop_all
from pytest_dbseed.provision._shared import ServerBroker, SharedServer, borrow_server
from pytest_dbseed.provision._url import connect_url, default_driver

__all__ = [
    "BACKENDS",
    "DEFAULT_IMAGE",
    "Server",
    "ServerBroker",
    "SharedServer",
    "borrow_server",
    "start_server",
    "create_database",
    "drop_database",
    "database_name",
    "default_driver",
    "is_ours",
    "reap_orphans",
    "docker_available",
    "find_binaries",
    "bundled_dirs",
    "sweep_leftovers",
    "base_dir",
    "stop_all",
]

BACKENDS = ("auto", "docker", "local", "url")

_FIXES = (
    "pass --dbseed-url / DBSEED_URL pointing at a PostgreSQL you own",
    "start Docker (the docker backend uses testcontainers)",
    "install PostgreSQL server binaries (e.g. apt-get install postgresql), or set "
    "DBSEED_PG_BINDIR to their directory",
    "pip install 'pytest-dbseed[embedded]' for bundled PostgreSQL binaries",
)


def find_binaries(bindir: str | None = None, tried: list[str] | None = None) -> Binaries:
    """Server binaries for the local backend: ``bindir``, else installed, else bundled."""
    tried = tried if tried is not None else []
    if bindir is not None:
        found = inspect_bindir(bindir)
        if found is None:
            raise ProvisionError(
                f"bindir {bindir!r} does not hold PostgreSQL's initdb and postgres executables. "
                "Fix: pass the directory printed by `pg_config --bindir`, or leave it unset."
            )
        return found
    found = find_installed(tried) or find_bundled(tried)
    if found is None:
        raise ProvisionError(
            "no PostgreSQL server binaries found (looked at: "
            + "; ".join(tried)
            + "). Fix: "
            + "; or ".join(_FIXES[2:])
            + "."
        )
    return found


def start_server(
    backend: str = "auto",
    url: str | sa.URL | None = None,
    *,
    image: str | None = None,
    bindir: str | None = None,
    keep: bool = False,
    port: int | None = None,
    workdir: str | None = None,
) -> Server:
    """Get a PostgreSQL server, ready (it has answered a real query).

    ``backend`` is ``auto``, ``docker``, ``local`` or ``url``; ``url`` is the
    existing server for the ``url`` backend (and makes ``auto`` choose it).
    ``image`` is the Docker image, ``bindir`` the directory of ``initdb`` and
    ``postgres`` for the local backend, ``port`` a fixed port for the local cluster
    (default: a free one), ``workdir`` the parent of its data directory (default:
    ``DBSEED_TMPDIR`` or the temp directory). With ``keep=True`` :meth:`Server.stop`
    leaves the server and its data running.

    Raises :class:`~pytest_dbseed.errors.ConfigError` for a bad option and
    :class:`~pytest_dbseed.errors.ProvisionError` when no server can be had.
    """
    if backend not in BACKENDS:
        raise ConfigError(
            f"--dbseed-backend={backend!r} is not a backend; valid ones: {', '.join(BACKENDS)}."
        )
    if backend == "url":
        if not url:
            raise ConfigError(
                "--dbseed-backend=url needs a server URL. Fix: pass --dbseed-url or set "
                "DBSEED_URL, e.g. postgresql://user:password@127.0.0.1:5432/postgres."
            )
        return connect_url(url)
    if backend == "docker":
        return start_docker(image, keep=keep)
    if backend == "local":
        return start_local(find_binaries(bindir), keep=keep, port=port, workdir=workdir)
    return _auto(url, image=image, bindir=bindir, keep=keep, port=port, workdir=workdir)


def _auto(
    url: str | sa.URL | None,
    *,
    image: str | None,
    bindir: str | None,
    keep: bool,
    port: int | None,
    workdir: str | None,
) -> Server:
    if url:
        return connect_url(url)
    tried: list[str] = ["--dbseed-url / DBSEED_URL: not set"]
    if os.environ.get("DBSEED_NO_DOCKER"):
        tried.append("docker: skipped (DBSEED_NO_DOCKER is set)")
    else:
        ok, why = docker_available()
        if ok:
            return start_docker(image, keep=keep)
        tried.append(f"docker: {why}")
    binaries_tried: list[str] = []
    try:
        binaries = find_binaries(bindir, binaries_tried)
    except ProvisionError:
        tried.append("local binaries: none in " + "; ".join(binaries_tried))
        raise ConfigError(
            "no way to get a PostgreSQL server. Tried: "
            + " | ".join(tried)
            + ". Fix: "
            + "; or ".join(_FIXES)
            + "."
        ) from None
    return start_local(binaries, keep=keep, port=port, workdir=workdir)


# Imported for re-export only: keep the names reachable for type checkers.
_ = (mask_url, BUNDLE_DIST)
