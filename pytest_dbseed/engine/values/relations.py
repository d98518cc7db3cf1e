"""Row relations kept true in every row: relations read from CHECK constraints, and the
orderings numeric column names imply (``max_price >= min_price``).

Orderings of time (``updated_at`` after ``created_at``, in any encoding) are the
timeline's (:mod:`.timeline`): it computes the later instant from the earlier one, with a
realistic gap, before the relations here are applied.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from pytest_dbseed.engine.checks import COMPARISONS, ColumnBounds, Relation
from pytest_dbseed.engine.rng import derive, mix64
from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.semantics import (
    split_name,
)
from pytest_dbseed.engine.types import decimal_spec, int_type_limits
from pytest_dbseed.engine.values.base import _UTC
from pytest_dbseed.engine.values.timeline import time_columns

# =========================================================================== relations

_LATER: dict[str, tuple[str, ...]] = {
    "updated": ("created", "inserted"),
    "modified": ("created", "inserted"),
    "changed": ("created",),
    "deleted": ("created",),
    "archived": ("created",),
    "cancelled": ("created", "ordered"),
    "canceled": ("created", "ordered"),
    "published": ("created",),
    "paid": ("created", "ordered", "issued"),
    "shipped": ("ordered", "paid", "created"),
    "delivered": ("shipped",),
    "resolved": ("created", "opened"),
    "closed": ("opened", "created"),
    "completed": ("started", "created"),
    "finished": ("started",),
    "ended": ("started",),
    "ends": ("starts",),
    "end": ("start",),
    "expires": ("created", "issued", "starts"),
    "to": ("from",),
    "until": ("from", "since"),
    "max": ("min",),
    "maximum": ("minimum",),
    "last": ("first",),
    "latest": ("earliest",),
    "checkout": ("checkin",),
    "departure": ("arrival",),
}
_ORDERED_KINDS = {"int": "num", "decimal": "num", "float": "num", "money": "num"}


def implicit_relations(table: TableInfo) -> list[Relation]:
    """Orderings a table's numeric column names imply: ``max_price >= min_price``,
    ``range_end >= range_start``, ``page_to >= page_from``...

    Only pairs whose names differ in one word and whose types compare are returned; time
    columns (epoch and split-date integers included) belong to the timeline.
    """
    cols = []
    timed = time_columns(table)
    for c in table.columns:
        if c.computed or c.foreign_keys or c.name in timed:
            continue
        family = _ORDERED_KINDS.get(c.kind)
        if family is None:
            continue
        tokens = split_name(c.name)
        cols.append((c.name, tuple(tokens), family))
    out: list[Relation] = []
    for name, toks, fam in cols:
        for other, otoks, ofam in cols:
            if other == name or fam != ofam or len(toks) != len(otoks):
                continue
            diff = [i for i in range(len(toks)) if toks[i] != otoks[i]]
            if len(diff) == 1 and otoks[diff[0]] in _LATER.get(toks[diff[0]], ()):
                if fam == "num" and toks[diff[0]] not in ("max", "maximum", "to", "until", "end"):
                    continue
                out.append(Relation(left=name, op=">=", right=other, constraint=None))
    return out


_OPS = COMPARISONS


def apply_relations(
    table: TableInfo,
    batch: dict[str, list[Any]],
    relations: Sequence[Relation],
    start: int,
    seed: int,
    bounds: Mapping[str, ColumnBounds] | None = None,
) -> None:
    """Fix rows of ``batch`` (column name -> values of rows ``start``...) in place so every
    ``left op right`` holds, by moving ``left`` a little past ``right`` (by the least step
    when a longer move would leave the column's own ``bounds``).

    The move is type-aware (a ``timedelta`` for timestamps, days for dates, the
    column's scale for decimals) and a function of the row, so any row range gives
    the same result. Rows where either side is NULL are left alone.
    """
    rels = [r for r in relations if r.left in batch and r.right in batch and r.op in _OPS]
    if not rels:
        return
    keys = {(r.left, r.right): derive(seed, table.fullname, "relation", r.left, r.right)
            for r in rels}  # fmt: skip
    limits = {r.left: _upper_limit(table, r.left) for r in rels}
    units = {r.left: _unit(table, r.left) for r in rels}
    nullable = {r.left for r in rels if r.constraint and _nullable(table, r.left)}
    for _ in range(3):  # chains (a >= b >= c) settle in a few passes
        changed = False
        for rel in rels:
            test = _OPS[rel.op]
            left, right = batch[rel.left], batch[rel.right]
            key = keys[(rel.left, rel.right)]
            unit, limit, own = units[rel.left], limits[rel.left], (bounds or {}).get(rel.left)
            for i, (lv, rv) in enumerate(zip(left, right, strict=False)):
                if lv is None or rv is None:
                    continue
                rv = _zoned(lv, _align(lv, rv, rel.op), rel.op)
                try:
                    if test(lv, rv):
                        continue
                except TypeError:
                    continue
                frac = mix64(key ^ (start + i)) / 18446744073709551616.0
                if unit is not None and isinstance(lv, Decimal):
                    lv = lv.quantize(unit)  # a default written as 0 moves by 0.1 too
                new = _moved(lv, rv, rel.op, frac, limit)
                if new is not None and own is not None and not _admitted(own, new):
                    new = _moved(lv, rv, rel.op, 0.0, limit)
                if new is not None or rel.left in nullable:
                    left[i] = new  # NULL passes a CHECK when no value of the type does
                    changed = True
        if not changed:
            break


def _admitted(bounds: ColumnBounds, value: Any) -> bool:
    try:
        return bounds.admits(value)
    except TypeError:
        return True


def _nullable(table: TableInfo, column: str) -> bool:
    try:
        return table.column(column).nullable
    except Exception:
        return False


def _unit(table: TableInfo, column: str) -> Decimal | None:
    """The step of a NUMERIC column's scale (0.1 for NUMERIC(1, 1))."""
    try:
        col = table.column(column)
    except Exception:
        return None
    if col.kind != "decimal":
        return None
    precision, scale = decimal_spec(col.concrete_type, False)
    return None if precision is None else Decimal(1).scaleb(-scale)


def _upper_limit(table: TableInfo, column: str) -> Decimal | None:
    try:
        col = table.column(column)
    except Exception:
        return None
    kind, t = col.kind, col.concrete_type
    if kind == "decimal":
        precision, scale = decimal_spec(t, False)
        if precision is not None:
            return Decimal(10) ** (precision - scale)
    if kind == "int":
        return Decimal(int_type_limits(t)[1])
    return None


def _align(lv: Any, rv: Any, op: str) -> Any:
    """Make a date comparable with a timestamp on the other side, the way PostgreSQL
    compares them: the date is its midnight. A timestamp facing a date column becomes the
    day that ``date op day`` holds on exactly when ``date op timestamp`` does (the next day
    for ``>=`` and ``<`` past midnight: ``'2024-12-27' >= '2024-12-27 22:40'`` is false)."""
    if isinstance(lv, datetime) and isinstance(rv, date) and not isinstance(rv, datetime):
        return datetime(rv.year, rv.month, rv.day)  # a timestamptz side: see _zoned
    if isinstance(rv, datetime) and isinstance(lv, date) and not isinstance(lv, datetime):
        if rv.tzinfo is not None:  # the date's midnight is in the session's time zone
            rv = rv.astimezone(_UTC).replace(tzinfo=None)
            if op in (">", ">=", "<", "<="):
                rv += _ZONE_MARGIN if op in (">", ">=") else -_ZONE_MARGIN
        day = rv.date()
        if op in (">=", "<") and rv != datetime(day.year, day.month, day.day):
            day += timedelta(days=1)
        return day
    return rv


_ZONE_MARGIN = timedelta(hours=15)
"""PostgreSQL compares a timestamp with a timestamptz in the session's time zone (UTC-12 to
UTC+14): a value kept this far past the other meets the relation in any of them."""


def _zoned(lv: Any, rv: Any, op: str) -> Any:
    """A timestamptz compared with a timestamp (or the reverse) as the left side's kind,
    moved by :data:`_ZONE_MARGIN` the way the relation asks (an equality is met in UTC)."""
    if not (isinstance(lv, datetime) and isinstance(rv, datetime)):
        return rv
    if (lv.tzinfo is None) == (rv.tzinfo is None):
        return rv
    if lv.tzinfo is None:
        rv = rv.astimezone(_UTC).replace(tzinfo=None)
    else:
        rv = rv.replace(tzinfo=_UTC)
    if op in ("<", "<="):
        return rv - _ZONE_MARGIN
    if op in (">", ">="):
        return rv + _ZONE_MARGIN
    return rv


def _moved(lv: Any, rv: Any, op: str, frac: float, limit: Decimal | None) -> Any:
    if op in ("=", "=="):
        return rv
    if isinstance(lv, Decimal) and isinstance(rv, int) and not isinstance(rv, bool):
        # A NUMERIC past a whole number moves by its own scale (0.1 past 0), not by 1.
        rv = Decimal(rv).quantize(_step(lv))
    strict = op in (">", "<", "<>", "!=")
    sign = -1 if op in ("<", "<=") else 1
    new: Any
    if isinstance(rv, datetime):
        secs = int(frac * 30 * 86400) or (1 if strict else 0)
        new = rv + sign * timedelta(seconds=secs)
    elif isinstance(rv, date):
        days = int(frac * 30) or (1 if strict else 0)
        new = rv + sign * timedelta(days=days)
    elif isinstance(rv, timedelta):
        new = rv + sign * timedelta(seconds=int(frac * 3600) or (1 if strict else 0))
    elif isinstance(rv, bool):
        return (not rv) if strict else rv
    elif isinstance(rv, int):
        delta = int(abs(rv) * frac * 0.5) or (1 if strict else 0)
        new = rv + sign * delta
    elif isinstance(rv, Decimal):
        step = _step(rv)
        dd = (abs(rv) * Decimal(frac) / 2).quantize(step)
        if strict and dd == 0:
            dd = step
        new = rv + sign * dd
    elif isinstance(rv, float):
        fd = abs(rv) * frac * 0.5
        if strict and fd == 0:
            fd = 1e-6 * (1 + abs(rv))
        new = rv + sign * fd
    elif isinstance(rv, time):
        base = datetime.combine(date(2000, 1, 1), rv)
        moved = base + sign * timedelta(seconds=int(frac * 3600) or (1 if strict else 0))
        new = moved.timetz() if moved.date() == base.date() else rv
        if strict and new == rv:
            return None
    elif isinstance(rv, str):
        if strict:
            return rv + "a" if sign > 0 else None
        return rv
    else:
        return None
    if isinstance(new, (float, Decimal)) and isinstance(lv, (int, Decimal)):
        new = _typed_like(lv, new, rv, sign, strict)
    if limit is not None and isinstance(new, (int, Decimal)) and abs(Decimal(new)) >= limit:
        # Near the end of the type: the smallest move that still meets the relation.
        least = rv
        if strict and isinstance(rv, int):
            least = rv + sign
        elif strict and isinstance(rv, Decimal):
            least = rv + sign * _step(rv)
        return least if abs(Decimal(least)) < limit and (least != rv or not strict) else None
    if isinstance(lv, date) and not isinstance(lv, datetime) and isinstance(new, datetime):
        return new.date()
    return new


def _step(value: Decimal) -> Decimal:
    """The unit of the last digit of ``value`` (0.01 for 3.14)."""
    exp = value.as_tuple().exponent
    return Decimal(1).scaleb(exp if isinstance(exp, int) else 0)


def _typed_like(lv: int | Decimal, new: float | Decimal, rv: Any, sign: int, strict: bool) -> Any:
    """A value moved past a fractional ``rv`` rounded to what the left column holds (a whole
    number for an integer column, its scale for a NUMERIC), away from ``rv``."""
    if isinstance(lv, bool):
        return new
    if isinstance(lv, int):
        whole = math.ceil(new) if sign > 0 else math.floor(new)
        return whole + sign if strict and whole == rv else whole
    step = _step(lv)
    exact = Decimal(repr(new)) if isinstance(new, float) else new
    moved = exact.quantize(step, ROUND_CEILING if sign > 0 else ROUND_FLOOR)
    return moved + sign * step if strict and moved == rv else moved
