"""CHECK constraints in their simple forms, turned into bounds the generators respect.

(Interface placeholder: the full parser lands with the CHECK solver.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pytest_dbseed.engine.schema import TableInfo

__all__ = ["ColumnBounds", "Relation", "TableChecks", "analyse_checks"]


@dataclass(frozen=True)
class ColumnBounds:
    """What CHECK constraints allow for one column. ``None`` means unbounded."""

    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True
    allowed: tuple[Any, ...] | None = None
    """An IN list (or a set of equalities joined by OR): the only values allowed."""
    excluded: tuple[Any, ...] = ()
    """Values ruled out by ``<>`` / ``NOT IN``."""
    min_length: int | None = None
    max_length: int | None = None
    not_null: bool = False


@dataclass(frozen=True)
class Relation:
    """A comparison between two columns of the same row: ``left op right`` (op in < <= > >= = <>)."""

    left: str
    op: str
    right: str
    constraint: str | None = None


@dataclass(frozen=True)
class TableChecks:
    columns: dict[str, ColumnBounds] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    unsupported: tuple[str, ...] = ()
    """Names (or SQL text) of constraints not understood: values are generated and the
    database has the last word."""


def analyse_checks(table: TableInfo) -> TableChecks:
    """Read ``table``'s CHECK constraints into per-column bounds and row relations."""
    return TableChecks(unsupported=tuple(c.name or c.sqltext for c in table.checks))
