"""Fan-out: how the rows of a child table spread over their parents along one foreign key.

A user picks a distribution per foreign key with ``pytest_dbseed.uniform()`` or
``pytest_dbseed.skewed(s)`` as the override of one of its columns; a key given none gets
:data:`~pytest_dbseed.spec.DEFAULT_DISTRIBUTION`. Deciding only records which one and
its parameters (:class:`~.description.Spread` or :class:`~.description.Zipf`);
:mod:`pytest_dbseed.engine.rows` turns them into parent rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_dbseed.engine.schema import ForeignKeyInfo, TableInfo
from pytest_dbseed.engine.sources.description import ParentRows, Spread, Zipf
from pytest_dbseed.errors import ConfigError
from pytest_dbseed.spec import (
    DEFAULT_DISTRIBUTION,
    Distribution,
    Skewed,
    Uniform,
    check_distribution,
)

__all__ = ["is_distribution", "split_fanout", "spread_over", "refuse_fanout"]


def is_distribution(value: object) -> bool:
    """True for ``uniform()`` and ``skewed(...)``: a fan-out, not a value override."""
    return isinstance(value, (Uniform, Skewed))


def split_fanout(
    table: TableInfo, overrides: dict[str, Any]
) -> dict[ForeignKeyInfo, tuple[str, Distribution]]:
    """Take the fan-out distributions out of ``overrides`` (in place), validated, keyed by
    the foreign key they choose parents for (with the column they were given on)."""
    out: dict[ForeignKeyInfo, tuple[str, Distribution]] = {}
    for name in [n for n, v in overrides.items() if is_distribution(v)]:
        dist = overrides.pop(name)
        col = table.column(name)
        where = f"column {table.fullname}.{col.name}"
        check_distribution(where, dist)
        if not col.foreign_keys:
            raise ConfigError(
                f"{where} is overridden with {dist!r}, but it is not a foreign key: uniform() "
                "and skewed() choose how child rows spread over their parents. Put it on a "
                "foreign key column, e.g. rows(1000, user_id=skewed(1.1))."
            )
        for fk in col.foreign_keys:
            before = out.get(fk)
            if before is not None and before[1] != dist:
                raise ConfigError(
                    f"{where} is overridden with {dist!r} but {before[0]!r} of the same "
                    f"{fk.describe()} with {before[1]!r}; give the foreign key one distribution"
                )
            out[fk] = (col.name, dist)
    return out


def refuse_fanout(table: TableInfo, column: str, dist: Distribution, why: str) -> ConfigError:
    """The error for a distribution on a foreign key whose parents are not spread."""
    return ConfigError(
        f"column {table.fullname}.{column} is overridden with {dist!r}, but {why}, so there "
        "is no spread to choose. Fix: drop the override of "
        f"{column!r}."
    )


def spread_over(
    dist: Distribution | None,
    salt: int,
    parent: ParentRows,
    child_start: int,
    child_count: int,
    nullable: bool,
) -> Spread | Zipf:
    """The assignment of ``child_count`` rows from ``child_start`` to ``parent``'s rows."""
    chosen = DEFAULT_DISTRIBUTION if dist is None else dist
    count = max(child_count, 1)
    if isinstance(chosen, Skewed):
        return Zipf(salt, parent.start, parent.count, child_start, count, nullable, float(chosen.s))
    return Spread(salt, parent.start, parent.count, child_start, count, nullable)


def fanout_of(
    fanout: Mapping[ForeignKeyInfo, tuple[str, Distribution]], fk: ForeignKeyInfo
) -> Distribution | None:
    got = fanout.get(fk)
    return None if got is None else got[1]
