"""What a user writes to ask for rows: ``rows()``, ``fake()``, ``DEFAULT``, and their checks.

A leaf: it imports nothing but the standard library and :mod:`pytest_dbseed.errors`, so
that the ``seed`` marker can be validated without loading the engine (and SQLAlchemy),
and the engine and the marker share one definition of a count, an override and a seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pytest_dbseed.errors import ConfigError

__all__ = [
    "DEFAULT",
    "Fake",
    "Rows",
    "fake",
    "rows",
    "check_count",
    "check_seed",
    "label_of",
]


class _Default:
    """The type of :data:`DEFAULT`: one instance, compared by identity, kept by pickling."""

    _instance: _Default | None = None

    def __new__(cls) -> _Default:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "pytest_dbseed.DEFAULT"

    def __reduce__(self) -> str:
        return "DEFAULT"


DEFAULT: Final = _Default()
"""As an override, hands the column back to the database: the column is not written,
so it gets its server default, its identity or sequence value, or NULL when it has none.
A NOT NULL column the database cannot fill is refused up front."""


@dataclass(frozen=True)
class Fake:
    """A per-column override naming a Faker provider: ``fake("company_email")``."""

    provider: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def fake(provider: str, *args: Any, **kwargs: Any) -> Fake:
    """Override a column with a Faker provider, e.g. ``fake("date_between", start_date="-1y")``."""
    return Fake(provider, args, dict(kwargs))


@dataclass(frozen=True)
class Rows:
    """A row count with per-column overrides, for ``counts`` values and the ``seed`` marker.

    An override is a constant, a callable ``f(row: int) -> value``, :func:`fake` naming a
    Faker provider, or :data:`DEFAULT` to leave the column to the database. ``row`` is the
    row's number in its table: 0 for the first row written into an empty table, continuing
    after the rows already there. Values of an overridden unique column are the override's
    to keep distinct.
    """

    count: int
    overrides: Mapping[str, Any] = field(default_factory=dict)


def rows(count: int, **overrides: Any) -> Rows:
    """``rows(100, email=fake("company_email"), plan="pro", score=lambda i: i % 5)``."""
    return Rows(count, dict(overrides))


def label_of(key: object) -> str:
    """How a count's key (a name, a ``Table``, a mapped class) is named in messages."""
    if isinstance(key, str):
        return key
    name = getattr(key, "__name__", None) or getattr(key, "fullname", None)
    return str(name) if name else repr(key)


def check_count(where: str, value: object) -> int:
    """The row count of ``value`` (an int >= 0 or ``rows(n >= 0, ...)``), else ConfigError.

    ``where`` names what the count is for in the message (``'User'``, ``table 'user'``).
    """
    __tracebackhide__ = True
    count = value.count if isinstance(value, Rows) else value
    if isinstance(count, bool) or not isinstance(count, int):
        raise ConfigError(
            f"count for {where} is {value!r} ({type(value).__name__}); use an integer >= 0 "
            f"or pytest_dbseed.rows(n, column=...): a whole number of rows, not {count!r}"
        )
    if count < 0:
        raise ConfigError(
            f"count for {where} is {count}, which is negative; use an integer >= 0, got "
            f"{count} (0 leaves the table empty)"
        )
    return count


def check_seed(seed: object) -> int:
    """The seed, when it is an integer; else ConfigError."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ConfigError(f"seed must be an integer, got {seed!r}")
    return seed
