"""Value generators: column type + column name + table context -> realistic values.

(Interface placeholder: the generators land with the values module.)

Contract used by the rest of the engine:

* ``make_generator(ctx)`` returns a :class:`ColumnGenerator` for one column.
* ``gen.batch(start, stop)`` returns the Python values of rows ``start`` to
  ``stop - 1``. The value of a row depends only on (seed, table, column, row):
  ``batch(0, 10)[5] == batch(5, 6)[0]``, whatever was generated before.
* With ``ctx.unique`` the values are distinct for distinct rows by construction
  (not by retrying), and ``gen.capacity`` is how many distinct values exist
  (``None``: more than any request). Asking a unique generator for a row
  ``>= capacity`` is a caller error; the planner refuses such requests up front.
* ``finite_domain(ctx)`` lists every value a column can hold when that list is
  small (booleans, enums, IN lists, narrow integer ranges), else ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo

__all__ = ["ColumnContext", "ColumnGenerator", "make_generator", "finite_domain", "Override"]


@dataclass(frozen=True)
class ColumnContext:
    table: TableInfo
    column: ColumnInfo
    seed: int
    locale: str | Sequence[str] | None = None
    bounds: ColumnBounds | None = None
    unique: bool = False
    null_fraction: float = 0.1
    """Share of NULLs in a nullable column (never in NOT NULL, unique-by-construction keeps
    NULLs too since NULLs never collide)."""


class ColumnGenerator(Protocol):
    capacity: int | None

    def batch(self, start: int, stop: int) -> list[Any]: ...


Override = Any
"""A per-column override: a constant, a callable ``f(row: int) -> value``, or
``fake("provider")`` naming a Faker provider."""


def make_generator(ctx: ColumnContext) -> ColumnGenerator:
    raise NotImplementedError


def finite_domain(ctx: ColumnContext) -> Sequence[Any] | None:
    raise NotImplementedError


def _unused(_: Callable[..., Any]) -> None:  # keeps imports used until the module lands
    return None
