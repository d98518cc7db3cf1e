"""Bounds a comparison of two columns implies for each of them.

``CHECK (id < currency)`` with ``currency NUMERIC(1, 1)`` (at most 0.9) leaves ``id`` no
value above 0, whatever the row: the relation holds only where ``id`` lies below the
largest value ``currency`` may take. Such implied bounds are added to the columns' own,
so that keys and unique columns are generated where the other column can still pass
them, or refused up front when no value is left.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pytest_dbseed.engine.checks.model import ColumnBounds, Relation
from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.types import decimal_spec, int_type_limits

__all__ = ["implied_bounds"]

_NUMBERS = ("int", "decimal", "float")
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def implied_bounds(
    table: TableInfo, columns: dict[str, ColumnBounds], relations: tuple[Relation, ...]
) -> dict[str, ColumnBounds]:
    """``columns`` with each side of an ordering relation between two numeric columns
    kept where the other side can still meet it (two passes, for short chains)."""
    out = dict(columns)
    for _ in range(2):
        for rel in relations:
            if rel.op not in _FLIP:
                continue
            for left, op, right in (
                (rel.left, rel.op, rel.right),
                (rel.right, _FLIP[rel.op], rel.left),
            ):
                narrowed = _narrowed(table, out, left, op, right, rel.constraint)
                if narrowed is not None:
                    out[left] = narrowed
    return out


def _reach(table: TableInfo, bounds: ColumnBounds | None, name: str) -> tuple[Any, bool, Any, bool]:
    """(lowest, reached, highest, reached): the values ``name`` may hold (None: unbounded),
    from its CHECKs and its type (an integer's range, a NUMERIC's precision)."""
    low: Any = None
    high: Any = None
    low_in = high_in = True
    col = table.column(name)
    if col.kind == "int":
        low, high = int_type_limits(col.concrete_type)
    elif col.kind == "decimal":
        precision, scale = decimal_spec(col.concrete_type, False)
        if precision is not None:
            high = Decimal(10 ** (precision - scale)) - Decimal(1).scaleb(-scale)
            low = -high
    if bounds is not None:
        if bounds.allowed:
            return min(bounds.allowed), True, max(bounds.allowed), True
        if bounds.low is not None and (low is None or bounds.low >= low):
            low, low_in = bounds.low, bounds.low_inclusive
        if bounds.high is not None and (high is None or bounds.high <= high):
            high, high_in = bounds.high, bounds.high_inclusive
    return low, low_in, high, high_in


def _typed(col_kind: str, value: Any) -> Any:
    if col_kind == "float":
        return float(value)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _narrowed(
    table: TableInfo,
    columns: dict[str, ColumnBounds],
    left: str,
    op: str,
    right: str,
    constraint: str | None,
) -> ColumnBounds | None:
    """The bounds of ``left`` that ``left op right`` implies, when they narrow them."""
    kind = table.column(left).kind
    if kind not in _NUMBERS or table.column(right).kind not in _NUMBERS:
        return None
    own = columns.get(left) or ColumnBounds()
    if own.allowed is not None:
        return None
    low, low_in, high, high_in = _reach(table, columns.get(right), right)
    # An integer's own type already holds it there: only a tighter bound is news.
    own_low, own_high = int_type_limits(table.column(left).concrete_type)
    label = own.constraints + (constraint or f"{left} {op} {right}",)
    if op in ("<", "<=") and high is not None:
        # Strictly below the highest value ``right`` reaches, or up to it.
        strict = op == "<" or not high_in
        if kind == "int":
            top = math.ceil(high) - 1 if strict else math.floor(high)
            if top < (own_high if own.high is None else own.high):
                return replace(own, high=int(top), high_inclusive=True, constraints=label)
        elif own.high is None or high < own.high:
            top = _typed(kind, high)
            return replace(own, high=top, high_inclusive=not strict, constraints=label)
    if op in (">", ">=") and low is not None:
        strict = op == ">" or not low_in
        if kind == "int":
            bottom = math.floor(low) + 1 if strict else math.ceil(low)
            if bottom > (own_low if own.low is None else own.low):
                return replace(own, low=int(bottom), low_inclusive=True, constraints=label)
        elif own.low is None or low > own.low:
            bottom = _typed(kind, low)
            return replace(own, low=bottom, low_inclusive=not strict, constraints=label)
    return None
