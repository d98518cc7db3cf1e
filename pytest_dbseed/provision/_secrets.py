"""Engines whose connect errors never show the password.

SQLAlchemy turns a URL into keyword arguments (``password`` among them) and the drivers
into a conninfo string (``password=...``); both sit in the local variables of the
frames a failed connect passes through, which pytest prints with ``-l`` and which
debuggers and error reporters show. :func:`secret_engine` makes every connection
through a ``creator`` that holds the password in an object whose repr hides it, and
turns a driver's connect error into one of the same class whose text is masked and
whose traceback starts above the driver.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import mask_url

__all__ = ["Hidden", "secret_engine"]


class Hidden:
    """A secret value; its repr (and str) never shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__


def _masked(exc: Exception, password: Hidden, dbapi: Any) -> Exception:
    text = mask_url(str(exc))
    if password.reveal():
        text = text.replace(password.reveal(), "***")
    error_class = getattr(dbapi, "Error", None)
    if error_class is not None and isinstance(exc, error_class):
        try:
            return type(exc)(text)  # type: ignore[no-any-return]
        except Exception:  # an exception class that takes other arguments
            pass
        return dbapi.OperationalError(text)  # type: ignore[no-any-return]
    return dbapi.InterfaceError(f"{type(exc).__name__}: {text}")  # type: ignore[no-any-return]


def secret_engine(url: sa.URL, **kwargs: Any) -> sa.Engine:
    """``sqlalchemy.create_engine(url, **kwargs)``, with the password kept out of sight.

    ``engine.url`` still carries the password (its repr masks it), so code that makes
    an engine of its own from it still connects.
    """
    if not url.password:
        return sa.create_engine(url, **kwargs)
    probe = sa.create_engine(url, **kwargs)
    dialect = probe.dialect
    dbapi = dialect.loaded_dbapi
    cargs, cparams = dialect.create_connect_args(probe.url)
    probe.dispose()
    params = {**cparams, **kwargs.pop("connect_args", {})}
    password = Hidden(str(params.pop("password", "") or ""))
    args = tuple(cargs)

    def creator() -> Any:
        failure: Exception | None = None
        try:
            if password.reveal():
                return dialect.connect(*args, **params, password=password.reveal())
            return dialect.connect(*args, **params)
        except Exception as exc:
            # Built here, raised outside the except block: the driver's frames (and their
            # conninfo) stay out of the traceback, and the original is not its context.
            failure = _masked(exc, password, dbapi)
        raise failure

    return sa.create_engine(url, creator=creator, **kwargs)
