"""The caller's counts and overrides, resolved to table full names.

Keys may be table names, full names, ``Table`` objects, mapped classes or class names.
A single-table subclass (``counts={Car: 3}``) asks for rows of its base table carrying
its polymorphic identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_dbseed.engine.schema import SchemaGraph
from pytest_dbseed.errors import ConfigError
from pytest_dbseed.spec import Rows, check_count

__all__ = ["resolve"]


def resolve(
    graph: SchemaGraph,
    counts: Mapping[Any, int | Rows] | None,
    overrides: Mapping[Any, Mapping[str, Any]] | None,
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """(count per table full name, overrides per table full name); raises on a bad key,
    count or column."""
    fixed: dict[str, int] = {}
    over: dict[str, dict[str, Any]] = {}
    for key, value in (counts or {}).items():
        table = graph.resolve(key)
        label = f"table {table.fullname!r}"
        if table.fullname in fixed:
            raise ConfigError(f"{label} is named twice in counts (as {key!r}); name it once")
        fixed[table.fullname] = check_count(label, value)
        if isinstance(value, Rows) and value.overrides:
            over.setdefault(table.fullname, {}).update(value.overrides)
        poly = graph.polymorphic.get(table.fullname)
        name = key if isinstance(key, str) else getattr(key, "__name__", None)
        if poly is not None and isinstance(name, str) and name in poly.single_classes:
            over.setdefault(table.fullname, {}).setdefault(poly.column, poly.single_classes[name])
    for key, cols in (overrides or {}).items():
        table = graph.resolve(key)
        for col in cols:
            table.column(col)
        over.setdefault(table.fullname, {}).update(cols)
    return fixed, over
