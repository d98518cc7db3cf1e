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
    inputs = spec.inputs
    value = _share(spec, inputs) if spec.formula == "share" else _total(spec, inputs)

    def values(start: int, stop: int) -> list[Any]:
        cols = [parts[c](start, stop) for c in inputs]
        mine = own(start, stop)
        out: list[Any] = []
        for r, m, row in zip(range(start, stop), mine, zip(*cols)):
            v = None if m is None else value(row, m, salt ^ r)
            out.append(m if v is None else make(v, m))
        return out

    return values


def _num(value: Any) -> Decimal | None:
    if type(value) is Decimal:
        return value
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (Decimal, int)):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


Row = tuple[Any, ...]


def _product(row: Row, count: int) -> Decimal | None:
    if count == 1:
        return _num(row[0])
    base = Decimal(1)
    for i in range(count):
        f = _num(row[i])
        if f is None:
            return None
        base *= f
    return base


def _total(spec: Sum, inputs: tuple[str, ...]) -> Callable[[Row, Any, int], Decimal | None]:
    """``product(factors) * (1 - percent / 100) + added - taken`` of a row's parts, None
    where a factor is missing (the own value stays)."""
    n = len(spec.factors)
    added = [inputs.index(c) for c in spec.added]
    taken = [inputs.index(c) for c in spec.taken]
    percent = inputs.index(spec.percent) if spec.percent else -1

    def value(row: Row, mine: Any, key: int) -> Decimal | None:
        base = _product(row, n)
        if base is None:
            return None
        if percent >= 0:
            pct = _num(row[percent])
            if pct is not None:
                base -= base * pct / _HUNDRED
        for i in added:
            base += _num(row[i]) or 0
        for i in taken:
            base -= _num(row[i]) or 0
        return base

    return value


def _share(spec: Sum, inputs: tuple[str, ...]) -> Callable[[Row, Any, int], Decimal | None]:
    """The row's rate (a fraction, or a percent above 1) of ``product(factors)`` or, with
    no rate column, ``low`` to ``high`` percent of it chosen by the row's hash; None where
    the column's own value is NULL or zero (no tax, no discount)."""
    n = len(spec.factors)
    rate_at = inputs.index(spec.rate) if spec.rate else -1
    span = (spec.high - spec.low) * 100 + 1

    def value(row: Row, mine: Any, key: int) -> Decimal | None:
        own = _num(mine)
        if own is None or own == 0:
            return None
        base = _product(row, n)
        if base is None:
            return None
        rate = _num(row[rate_at]) if rate_at >= 0 else None
        if rate is None:
            rate = Decimal(spec.low * 100 + mix64(key) % span) / 10000
        elif rate > 1:
            rate /= _HUNDRED
        return base * rate

    return value


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
