"""The ways of getting a PostgreSQL server, named once for every front end.

The pytest option (``--dbseed-backend``), the ``dbseed up --backend`` choices and
:func:`pytest_dbseed.provision.start_server` all take their names from here. A leaf:
it imports nothing, so the cheap plugin entry point may use it.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["Backend", "BACKENDS", "STARTING_BACKENDS"]

Backend = Literal["auto", "docker", "local", "url"]
"""``auto``: url if given, else Docker, else local binaries, else bundled ones."""

BACKENDS: tuple[Backend, ...] = get_args(Backend)

STARTING_BACKENDS: tuple[Backend, ...] = tuple(b for b in BACKENDS if b != "url")
"""The backends that start a server of their own (``url`` uses one that runs already)."""
