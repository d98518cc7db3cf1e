"""Integers, decimals, money and floats: inside the type's range and the CHECK bounds,
realistic by name (a ``price``, an ``age``)."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from decimal import Decimal
from itertools import repeat
from typing import Any

from pytest_dbseed.engine.bijections import perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.types import decimal_spec, is_real
from pytest_dbseed.engine.values.base import (
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _cap,
    _Excluding,
    _int_limits,
    _next_allowed,
    _num,
    _Rows,
    _semantic,
    _skip_excluded,
    _soft,
    _where,
)
from pytest_dbseed.engine.values.natural import Natural, natural
from pytest_dbseed.engine.values.temporal import epoch_ints
from pytest_dbseed.engine.values.time_names import epoch_unit
from pytest_dbseed.errors import ConfigError

_ROOM = 10_000
"""A unique number starts at its semantic's realistic low end only when the CHECKs leave at
least this many values above it (else the whole allowed range is the capacity)."""


def _gen_int(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    lo, hi = _int_limits(ctx, t, bounds)
    ex = _skip_excluded(lo, hi, bounds.excluded)
    if ctx.unique and (ctx.column.primary_key or ctx.column.autoincrement):
        return _key_ints(lo, hi, ex)
    unit = epoch_unit(ctx.table.name, ctx.column.name, t)
    if unit is not None:
        epochs = epoch_ints(ctx, t, bounds, base, unit)
        return _Excluding(epochs, ex, ctx.unique) if ex else epochs
    nat = natural(ctx.table.name, ctx.column.name, "int")
    if ctx.unique and nat is not None and nat.codes:
        return _low_codes(max(lo, min(hi, int(nat.low))), hi, ex)
    if ctx.unique:
        sem = _semantic(ctx, "int", None)
        if sem is not None and sem.numeric is not None and hi - int(sem.numeric[0]) >= _ROOM:
            # The realistic low end, when the CHECK leaves room above it.
            lo = max(lo, int(sem.numeric[0]))
            ex = [e for e in ex if e >= lo]
        n = hi - lo + 1 - len(ex)

        def at(i: int) -> int:
            v = lo + i
            for e in ex:
                if e <= v:
                    v += 1
            return v

        return _Rows(perm_rows(n, base, at), _cap(n))
    if nat is not None:
        got = _natural_ints(nat, lo, hi, set(ex), base)
        if got is not None:
            return got
    sem = _semantic(ctx, "int", None)
    soft = (int(sem.numeric[0]), int(sem.numeric[1])) if sem and sem.numeric else (1, 10000)
    a, b = _soft(lo, hi, *soft)
    span = b - a + 1
    exset = set(ex)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        vals = [a + int(r() * span) for _ in range(n)]
        if exset:
            vals = [_next_allowed(v, a, b, exset) if v in exset else v for v in vals]
        return vals

    return _Block(base, fill)


def _key_ints(lo: int, hi: int, ex: list[int]) -> ColumnGenerator:
    """A key numbered 1, 2, 3... up to ``hi``, then 0, -1, -2... down to ``lo`` (a CHECK
    capping it low, ``id < 24``, still leaves the integers below 1), minus ``ex``; from
    ``hi`` down when that is below 1 (``id < currency`` with ``currency <= 0.9``)."""
    start = 1 if lo <= 1 <= hi else min(hi, max(lo, 1))
    up = [e for e in ex if e >= start]
    down = sorted((e for e in ex if e < start), reverse=True)
    n_up = hi - start + 1 - len(up)

    def seq(r: int) -> int:
        if r < n_up:
            v = start + r
            for e in up:
                if e <= v:
                    v += 1
            return v
        v = start - 1 - (r - n_up)
        for e in down:
            if e >= v:
                v -= 1
        return v

    def rows(s: int, e: int) -> list[Any]:
        if not ex and e <= n_up:
            return list(range(start + s, start + e))
        return [seq(r) for r in range(s, e)]

    return _Rows(rows, _cap(n_up + start - lo - len(down)))


def _low_codes(lo: int, hi: int, ex: list[int]) -> ColumnGenerator:
    """Unique codes of a category (``type`` in a unique key): row ``r`` takes the ``r``-th
    allowed value from ``lo`` on, so the codes grow only as far as the rows need."""
    ex = [e for e in ex if e >= lo]

    def rows(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            v = lo + r
            for e in ex:
                if e <= v:
                    v += 1
            out.append(v)
        return out

    return _Rows(rows, _cap(hi - lo + 1 - len(ex)))


def _natural_ints(
    nat: Natural, lo: int, hi: int, ex: set[int], base: int
) -> ColumnGenerator | None:
    """Integers of a natural range (:mod:`.natural`) inside ``[lo, hi]`` minus ``ex``;
    None when the bounds leave none of its choices."""
    if nat.choices or nat.flag is not None:
        p = nat.flag if nat.flag is not None else 0.5
        pairs = nat.choices or ((1, p), (0, 1 - p))
        kept = [(v, w) for v, w in pairs if lo <= v <= hi and v not in ex]
        if not kept and nat.codes:  # the codes from the lowest value the CHECKs allow
            shifted = [(lo + i, w) for i, (_, w) in enumerate(pairs)]
            kept = [(v, w) for v, w in shifted if v <= hi and v not in ex]
        if not kept:
            return None
        values, weights = [v for v, _ in kept], [w for _, w in kept]
        return _Block(base, lambda rng, n: rng.choices(values, weights, k=n), len(values))
    a, b = _soft(lo, hi, int(nat.low), int(nat.high))
    span = b - a + 1
    q = nat.geometric
    if q is not None:
        log_q = math.log(q)

        def counts(rng: Any, n: int) -> list[Any]:
            r = rng.random
            vals = [min(b, a + int(math.log(1.0 - r()) / log_q)) for _ in range(n)]
            return [_next_allowed(v, a, b, ex) if v in ex else v for v in vals] if ex else vals

        return _Block(base, counts)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        vals = [a + int(r() * span) for _ in range(n)]
        return [_next_allowed(v, a, b, ex) if v in ex else v for v in vals] if ex else vals

    return _Block(base, fill)


def _numeric_range(ctx: ColumnContext, kind: str, fallback: tuple[float, float, int]) -> Any:
    """(low, high, decimals) of a decimal or float column: natural range, semantic, fallback."""
    nat = natural(ctx.table.name, ctx.column.name, kind)
    if nat is not None:
        return nat.low, nat.high, nat.decimals
    sem = _semantic(ctx, kind, None)
    return sem.numeric if sem is not None and sem.numeric is not None else fallback


def _make_decimal(scale: int, exact: bool) -> Callable[[int], Decimal]:
    if exact:
        return lambda u: Decimal(f"{u}E-{scale}") if scale else Decimal(u)
    neg = -scale
    return lambda u: Decimal(u).scaleb(neg)


def _make_decimals(scale: int, exact: bool) -> Callable[[list[int]], list[Decimal]]:
    """:func:`_make_decimal` over a whole list, the per-value steps mapped in C."""
    if not scale:
        return lambda units: list(map(Decimal, units))
    if exact:
        suffix = f"E-{scale}"
        return lambda units: list(map(Decimal, [f"{u}{suffix}" for u in units]))
    neg = -scale
    scaleb = Decimal.scaleb
    return lambda units: list(map(scaleb, map(Decimal, units), repeat(neg, len(units))))


def _gen_decimal(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    return _decimal_gen(ctx, t, bounds, base, money=False)


def _gen_money(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    return _decimal_gen(ctx, t, bounds, base, money=True)


def _wanted(bounds: ColumnBounds) -> str:
    """The range ``bounds`` keep, in words (``> 9``, ``>= 2 and < 5``)."""
    ends = []
    if bounds.low is not None:
        ends.append(f"{'>=' if bounds.low_inclusive else '>'} {bounds.low}")
    if bounds.high is not None:
        ends.append(f"{'<=' if bounds.high_inclusive else '<'} {bounds.high}")
    return "values " + " and ".join(ends) if ends else "no value"


def _decimal_gen(
    ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int, money: bool
) -> ColumnGenerator:
    precision, scale = decimal_spec(t, money)
    unit = Decimal(1).scaleb(-scale)
    top = 10 ** (precision if precision is not None else 18 + scale) - 1
    lo_u, hi_u = -top, top
    low, high = _num(bounds.low), _num(bounds.high)
    if low is not None:
        u = math.ceil(low / unit)
        if not bounds.low_inclusive and u * unit == low:
            u += 1
        lo_u = max(lo_u, u)
    if high is not None:
        u = math.floor(high / unit)
        if not bounds.high_inclusive and u * unit == high:
            u -= 1
        hi_u = min(hi_u, u)
    if lo_u > hi_u:
        largest = Decimal(top).scaleb(-scale)
        raise ConfigError(
            f"column {_where(ctx)}: its CHECKs ask for {_wanted(bounds)}, but a "
            f"NUMERIC({precision},{scale}) holds values from -{largest} to {largest}, so none "
            f"passes (seed {ctx.seed}). Fix: change the CHECK or widen the column's precision, "
            "or override the column (NULL, when it is nullable)."
        )
    make = _make_decimal(scale, exact=precision is None or precision > 27)
    make_all = _make_decimals(scale, exact=precision is None or precision > 27)
    exset = {int(Decimal(str(e)) / unit) for e in bounds.excluded if _num(e) is not None}
    kind = "money" if money else "decimal"
    sem = _semantic(ctx, kind, None)
    if ctx.unique:
        if sem is not None and sem.numeric is not None:
            sem_u = int(Decimal(str(sem.numeric[0])) / unit)
            lo_u = max(lo_u, sem_u) if hi_u - sem_u >= _ROOM else lo_u
        ex = sorted(e for e in exset if lo_u <= e <= hi_u)
        n = hi_u - lo_u + 1 - len(ex)

        def at(i: int) -> Decimal:
            v = lo_u + i
            for e in ex:
                if e <= v:
                    v += 1
            return make(v)

        return _Rows(perm_rows(n, base, at), _cap(n))
    soft_lo, soft_hi, decimals = _numeric_range(ctx, kind, (1, 10000, 2))
    a, b = _soft(lo_u, hi_u, int(Decimal(str(soft_lo)) / unit), int(Decimal(str(soft_hi)) / unit))
    step = 10 ** max(0, scale - int(decimals))
    span = b - a + 1

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        if step > 1:
            units = [a + int(r() * span) // step * step for _ in range(n)]
            units = [u if u >= a else u + step if u + step <= b else a for u in units]
        else:
            units = [a + int(r() * span) for _ in range(n)]
        if exset:
            units = [_next_allowed(u, a, b, exset) if u in exset else u for u in units]
        return make_all(units)

    return _Block(base, fill)


def _gen_float(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    real = is_real(t)
    limit = 3.0e38 if real else 1.0e300
    lo, hi = -limit, limit
    low, high = _num(bounds.low), _num(bounds.high)
    lo_f = float(low) if low is not None else lo
    hi_f = float(high) if high is not None else hi
    sem = _semantic(ctx, "float", None)
    if ctx.unique:
        # Whole numbers are exact in a float (2**24 in REAL): distinct rows stay distinct
        # after the round trip through the database.
        ilo = math.ceil(lo_f) + (0 if bounds.low_inclusive or math.ceil(lo_f) != lo_f else 1)
        ihi = math.floor(hi_f) - (0 if bounds.high_inclusive or math.floor(hi_f) != hi_f else 1)
        exact = 2**24 if real else 2**53
        ilo, ihi = max(ilo, -exact), min(ihi, exact)
        if sem is not None and sem.numeric is not None and ihi - int(sem.numeric[0]) >= _ROOM:
            ilo = max(ilo, int(sem.numeric[0]))
        if ilo > ihi:
            raise ConfigError(
                f"column {_where(ctx)}: cannot make distinct floats between {bounds.low!r} and "
                f"{bounds.high!r} (seed {ctx.seed}). Fix: give the column an override"
            )
        n = ihi - ilo + 1
        return _Rows(perm_rows(n, base, lambda i: float(ilo + i)), _cap(n))
    soft_lo, soft_hi, decimals = _numeric_range(ctx, "float", (0.0, 1000.0, 2))
    a, b = max(lo_f, float(soft_lo)), min(hi_f, float(soft_hi))
    if a > b or (a == b and lo_f < hi_f):
        # The realistic range lies outside the allowed one (or only touches it).
        a, b = (
            (lo_f, min(hi_f, lo_f + 1000.0)) if soft_lo < lo_f else (max(lo_f, hi_f - 1000), hi_f)
        )
    width = b - a
    d = int(decimals)
    excluded = {float(e) for e in bounds.excluded if _num(e) is not None}
    low_open = not bounds.low_inclusive and low is not None
    high_open = not bounds.high_inclusive and high is not None
    # A REAL keeps about 7 digits: a value is tested as the database will store it.
    stored = _float32 if real and (low is not None or high is not None) else _same

    def bad(v: float) -> bool:
        return (
            v < lo_f or v > hi_f or (low_open and v == lo_f) or (high_open and v == hi_f)
            or v in excluded
        )  # fmt: skip

    mid = _inside(stored, bad, a, b, lo_f, hi_f)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        vals = stored([round(a + r() * width, d) for _ in range(n)])
        return [mid if bad(v) else v for v in vals]

    return _Block(base, fill)


def _float32(values: list[float]) -> list[float]:
    return array("f", values).tolist()


def _same(values: list[float]) -> list[float]:
    return values


def _inside(
    stored: Callable[[list[float]], list[float]],
    bad: Callable[[float], bool],
    a: float,
    b: float,
    lo: float,
    hi: float,
) -> float:
    """A value strictly inside the allowed range, as stored: what a rejected value becomes."""
    for x, y in ((a, b), (lo, hi), (lo, b), (a, hi)):
        for frac in (0.5, 0.25, 0.75, 0.125, 0.875, 0.01, 0.99):
            (v,) = stored([x + (y - x) * frac])
            if not bad(v):
                return v
    return (a + b) / 2


BUILDERS.update(
    {
        "int": _gen_int,
        "decimal": _gen_decimal,
        "money": _gen_money,
        "float": _gen_float,
    }
)
