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

from pytest_dbseed._backends import BACKENDS
from pytest_dbseed.errors import Attempt, ConfigError, ProvisionError
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
from pytest_dbseed.provision._secrets import secret_engine
from pytest_dbseed.provision._server import Server, stop_all
from pytest_dbseed.provision._shared import ServerBroker, SharedServer, borrow_server
from pytest_dbseed.provision._url import connect_url, default_driver

__all__ = [
    "BACKENDS",
    "DEFAULT_IMAGE",
    "Server",
    "secret_engine",
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


def _locate_binaries(bindir: str | None) -> tuple[Binaries | None, list[Attempt]]:
    """Server binaries for the local backend, and what was tried before finding them."""
    if bindir is not None:
        found = inspect_bindir(bindir)
        if found is None:
            raise ProvisionError(
                f"bindir {bindir!r} does not hold PostgreSQL's initdb and postgres executables",
                remedies=("give the directory printed by `pg_config --bindir`, or none at all",),
            )
        return found, []
    places: list[str] = []
    found = find_installed(places)
    if found is not None:
        return found, []
    tried = [Attempt("local", "no initdb and postgres found", tuple(places))]
    found = find_bundled()
    if found is None:
        tried.append(Attempt("embedded", f"{BUNDLE_DIST} is not installed"))
    return found, tried


def find_binaries(bindir: str | None = None) -> Binaries:
    """Server binaries for the local backend: ``bindir``, else installed, else bundled.

    Raises :class:`~pytest_dbseed.errors.ProvisionError` listing every place looked at.
    """
    found, tried = _locate_binaries(bindir)
    if found is None:
        raise ProvisionError.no_binaries(tried)
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
            f"backend {backend!r} is not a backend; valid ones: {', '.join(BACKENDS)}."
        )
    if backend == "url":
        if not url:
            raise ConfigError(
                "the url backend needs a server URL, "
                "e.g. postgresql://user:password@127.0.0.1:5432/postgres."
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
    tried = [Attempt("url", "none given")]
    if os.environ.get("DBSEED_NO_DOCKER"):
        tried.append(Attempt("docker", "skipped (DBSEED_NO_DOCKER is set)"))
    else:
        ok, why = docker_available()
        if ok:
            return start_docker(image, keep=keep)
        tried.append(Attempt("docker", why))
    binaries, binaries_tried = _locate_binaries(bindir)
    if binaries is None:
        raise ProvisionError.nothing_worked([*tried, *binaries_tried])
    return start_local(binaries, keep=keep, port=port, workdir=workdir)
