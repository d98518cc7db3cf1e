"""Producing money that adds up: a :class:`~pytest_dbseed.engine.sources.Sum` column's
values from its parts' batches (decided in :mod:`pytest_dbseed.engine.sources.sums`).

Each row's value is a function of its parts' values in that row, the column's own value
(kept where the sum does not fit, and NULL where that is NULL) and, for a share without
a rate column, a hash of (salt, row): any range of rows gives the same values.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pytest_dbseed.engine.rng import mix64
from pytest_dbseed.engine.sources import Sum

__all__ = ["summed"]

Batch = Callable[[int, int], list[Any]]
_HUNDRED = Decimal(100)


def summed(spec: Sum, parts: dict[str, Batch], own: Batch, salt: int) -> Batch:
    """The values of rows ``start .. stop`` of a column adding up as ``spec`` says."""
    make = _encoder(spec)

    def values(start: int, stop: int) -> list[Any]:
        got = {c: parts[c](start, stop) for c in spec.inputs}
        mine = own(start, stop)
        out: list[Any] = []
        for i, r in enumerate(range(start, stop)):
            value = None
            if mine[i] is not None:
                row = {c: got[c][i] for c in spec.inputs}
                value = _value(spec, row, mine[i], mix64(salt ^ r))
            out.append(mine[i] if value is None else make(value, mine[i]))
        return out

    return values


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _value(spec: Sum, row: dict[str, Any], mine: Any, h: int) -> Decimal | None:
    """The row's exact value, None where a factor is missing (the own value stays)."""
    base = Decimal(1)
    for c in spec.factors:
        f = _num(row[c])
        if f is None:
            return None
        base *= f
    if spec.formula == "share":
        own = _num(mine)
        if own is None or own == 0:
            return None
        rate = _num(row[spec.rate]) if spec.rate else None
        if rate is None:
            span = spec.high - spec.low
            rate = (Decimal(spec.low * 100 + h % (span * 100 + 1))) / 10000
        elif rate > 1:
            rate /= _HUNDRED
        return base * rate
    if spec.percent:
        pct = _num(row[spec.percent])
        if pct is not None:
            base -= base * pct / _HUNDRED
    for c in spec.added:
        base += _num(row[c]) or 0
    for c in spec.taken:
        base -= _num(row[c]) or 0
    return base


def _encoder(spec: Sum) -> Callable[[Decimal, Any], Any]:
    """Exact value -> the column's value (rounded to its scale), or its own value where
    that does not fit its range."""
    scale, floor, ceiling = spec.scale, spec.floor, spec.ceiling
    if scale is None:

        def as_float(value: Decimal, mine: Any) -> Any:
            v = float(round(value, 2)) if spec.formula == "share" else float(value)
            return v if floor <= v <= ceiling else mine

        return as_float
    unit = Decimal(1).scaleb(-scale)

    def as_decimal(value: Decimal, mine: Any) -> Any:
        v = value.quantize(unit, rounding=ROUND_HALF_UP)
        if not floor <= v <= ceiling:
            return mine
        return int(v) if isinstance(mine, int) else v

    return as_decimal
