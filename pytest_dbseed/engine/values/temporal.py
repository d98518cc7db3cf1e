"""Timestamps, dates, times and intervals around the fixed anchor of generated data."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

from pytest_dbseed.engine.bijections import affine, perm_rows
from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.semantics import (
    ANCHOR,
)
from pytest_dbseed.engine.values.base import (
    _UTC,
    BUILDERS,
    ColumnContext,
    ColumnGenerator,
    _Block,
    _cap,
    _int_limits,
    _Rows,
    _semantic,
    _soft,
    _where,
)
from pytest_dbseed.errors import ConfigError

# =========================================================================== time


def _to_datetime(value: Any, aware: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        return None
    if aware and dt.tzinfo is None:
        dt = dt.replace(tzinfo=_UTC)
    if not aware and dt.tzinfo is not None:
        dt = dt.astimezone(_UTC).replace(tzinfo=None)
    return dt


def _time_range(
    ctx: ColumnContext, bounds: ColumnBounds, kind: str, aware: bool, unit: int
) -> tuple[datetime, int, int, int, int]:
    """(origin, lo, hi, soft_lo, soft_hi) in ``unit`` seconds from the origin."""
    origin = ANCHOR.replace(tzinfo=_UTC) if aware else ANCHOR
    sem = _semantic(ctx, kind, None)
    days = sem.days if sem is not None and sem.days is not None else (-2 * 365.25, 0.0)
    soft_lo = int(days[0] * 86400) // unit
    soft_hi = int(days[1] * 86400) // unit
    # Hard limits: year 1 .. 9999 in Python; kept to 1900 .. 2200 so values stay sane.
    lo = int((datetime(1900, 1, 1) - ANCHOR).total_seconds()) // unit
    hi = int((datetime(2200, 1, 1) - ANCHOR).total_seconds()) // unit
    low = _to_datetime(bounds.low, aware)
    high = _to_datetime(bounds.high, aware)
    if low is not None:
        s = (low - origin).total_seconds() / unit
        lo = max(lo, math.ceil(s) + (0 if bounds.low_inclusive or math.ceil(s) != s else 1))
    if high is not None:
        s = (high - origin).total_seconds() / unit
        hi = min(hi, math.floor(s) - (0 if bounds.high_inclusive or math.floor(s) != s else 1))
    if lo > hi:
        raise ConfigError(
            f"column {_where(ctx)}: no {kind} lies between {bounds.low!r} and {bounds.high!r}; "
            f"(seed {ctx.seed}). Fix: change the constraint or give the column an override"
        )
    return origin, lo, hi, soft_lo, soft_hi


def _tiered(lo: int, hi: int, a: int, b: int, key: int, make: Any) -> ColumnGenerator:
    """Distinct values of ``[lo, hi]`` by row: the first rows take every value of the
    realistic window ``[a, b]`` (in a keyed order), later rows the rest of the range, so
    a unique timestamp stays plausible for as many rows as the window has seconds."""
    n, w = hi - lo + 1, b - a + 1
    rest, left = n - w, a - lo
    m1, c1 = affine(w, key)
    m2, c2 = affine(max(rest, 1), key ^ 0x5DEECE66D)

    def value(r: int) -> Any:
        if r < w:
            return make(a + (m1 * r + c1) % w)
        j = (m2 * (r - w) + c2) % rest
        return make(lo + j if j < left else b + 1 + j - left)

    return _Rows(lambda start, stop: [value(r) for r in range(start, stop)], _cap(n))


def _gen_datetime(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    aware = bool(getattr(t, "timezone", False))
    origin, lo, hi, slo, shi = _time_range(ctx, bounds, "datetime", aware, 1)
    td = timedelta
    a, b = _soft(lo, hi, slo, shi)
    if ctx.unique:
        return _tiered(lo, hi, a, b, base, lambda s: origin + td(seconds=s))
    span = b - a + 1
    first = int(origin.replace(tzinfo=_UTC).timestamp()) + a
    if aware and first >= 86400:
        # From an epoch integer in C: a third of ``origin + timedelta(seconds=...)``.
        # (Kept to positive timestamps, which every platform converts.)
        fromts = datetime.fromtimestamp
        utc = _UTC

        def fill_ts(rng: Any, n: int) -> list[Any]:
            r = rng.random
            return [fromts(first + int(r() * span), utc) for _ in range(n)]

        return _Block(base, fill_ts)
    start = origin + td(seconds=a)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [start + td(0, int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_date(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    _, lo, hi, slo, shi = _time_range(ctx, bounds, "date", False, 86400)
    anchor = ANCHOR.date().toordinal()
    fromordinal = date.fromordinal
    a, b = _soft(lo, hi, slo, shi)
    if ctx.unique:
        return _tiered(lo, hi, a, b, base, lambda d: fromordinal(anchor + d))
    span = b - a + 1
    first = anchor + a

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [fromordinal(first + int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_time(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    tz = _UTC if getattr(t, "timezone", False) else None
    lo, hi = 0, 86399
    low, high = bounds.low, bounds.high
    if isinstance(low, time):
        lo = low.hour * 3600 + low.minute * 60 + low.second + (0 if bounds.low_inclusive else 1)
    if isinstance(high, time):
        hi = high.hour * 3600 + high.minute * 60 + high.second - (0 if bounds.high_inclusive else 1)

    def mk(s: int) -> time:
        return time(s // 3600, s // 60 % 60, s % 60, tzinfo=tz)

    if ctx.unique:
        n = hi - lo + 1
        return _Rows(perm_rows(n, base, lambda i: mk(lo + i)), n)
    span = hi - lo + 1

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [mk(lo + int(r() * span)) for _ in range(n)]

    return _Block(base, fill)


def _gen_interval(ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int) -> ColumnGenerator:
    td = timedelta
    if ctx.unique:
        n = 100 * 365 * 86400
        return _Rows(perm_rows(n, base, lambda i: td(seconds=i)), n)

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [td(seconds=int(r() * 30 * 86400)) for _ in range(n)]

    return _Block(base, fill)


_EPOCH_ANCHOR = int(ANCHOR.replace(tzinfo=_UTC).timestamp())


def epoch_ints(
    ctx: ColumnContext, t: Any, bounds: ColumnBounds, base: int, unit: int
) -> ColumnGenerator:
    """Instants as integers, ``unit`` per second since 1970 (epoch seconds, milliseconds,
    microseconds), in the window a timestamp column of the same name gets."""
    lo, hi = _int_limits(ctx, t, bounds)
    sem = _semantic(ctx, "datetime", None)
    days = sem.days if sem is not None and sem.days is not None else (-2 * 365.25, 0.0)
    soft_lo = (_EPOCH_ANCHOR + int(days[0] * 86400)) * unit
    soft_hi = (_EPOCH_ANCHOR + int(days[1] * 86400)) * unit
    a, b = _soft(max(lo, 0), hi, soft_lo, soft_hi)
    if ctx.unique:
        return _tiered(lo, hi, a, b, base, lambda v: v)
    span = b - a + 1

    def fill(rng: Any, n: int) -> list[Any]:
        r = rng.random
        return [a + int(r() * span) for _ in range(n)]

    return _Block(base, fill)


BUILDERS.update(
    {
        "datetime": _gen_datetime,
        "date": _gen_date,
        "time": _gen_time,
        "interval": _gen_interval,
    }
)
