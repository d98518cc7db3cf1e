"""What a user writes to ask for rows: ``rows()``, ``fake()``, ``DEFAULT``, ``skewed()``,
``uniform()``, and their checks.

A leaf: it imports nothing but the standard library and :mod:`pytest_dbseed.errors`, so
that the ``seed`` marker can be validated without loading the engine (and SQLAlchemy),
and the engine and the marker share one definition of a count, an override and a seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pytest_dbseed.errors import ConfigError

__all__ = [
    "DEFAULT",
    "Fake",
    "Rows",
    "Skewed",
    "Uniform",
    "Distribution",
    "DEFAULT_DISTRIBUTION",
    "fake",
    "rows",
    "skewed",
    "uniform",
    "check_distribution",
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


@dataclass(frozen=True)
class Uniform:
    """Children spread evenly over their parents: every parent gets about the same number."""

    def __repr__(self) -> str:
        return "pytest_dbseed.uniform()"


@dataclass(frozen=True)
class Skewed:
    """Zipf-like fan-out: a few parents get many children and many parents get few.

    ``s`` > 0 sets how skewed: among every 1024 parents, the k-th busiest gets a share
    proportional to about ``k ** -s`` of their children. With the default 0.8 a fifth of
    the parents hold about 60% of the children and the busiest has about 50 times the
    average; 1.1 is close to the classic 80/20.
    """

    s: float = 0.8

    def __repr__(self) -> str:
        return f"pytest_dbseed.skewed(s={self.s!r})"


Distribution = Uniform | Skewed
"""How the rows of a child table spread over the rows of a parent, along one foreign key."""

DEFAULT_DISTRIBUTION: Final = Skewed()
"""The fan-out of a foreign key given none: mildly skewed, like real data."""


def uniform() -> Uniform:
    """Override a foreign key column so its rows spread evenly over the parents:
    ``rows(1000, user_id=uniform())``."""
    return Uniform()


def skewed(s: float = 0.8) -> Skewed:
    """Override a foreign key column with a Zipf-like spread over the parents:
    ``rows(1000, user_id=skewed(1.1))`` gives a few users most of the orders."""
    return Skewed(s)


_MAX_SKEW = 10.0


def check_distribution(where: str, value: Distribution) -> Distribution:
    """``value`` if its parameters make sense, else ConfigError naming ``where``."""
    __tracebackhide__ = True
    if isinstance(value, Skewed):
        s = value.s
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s):
            raise ConfigError(
                f"{where}: skewed(s={s!r}) needs a number for s; use e.g. skewed(s=1.1) "
                f"(larger is more skewed, 0.8 is the default)"
            )
        if not 0 < s <= _MAX_SKEW:
            raise ConfigError(
                f"{where}: skewed(s={s!r}) needs 0 < s <= {_MAX_SKEW:g}; use e.g. "
                "skewed(s=1.1), or uniform() for an even spread"
            )
    return value


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
