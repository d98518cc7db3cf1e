"""A row's timeline: instants that run forward, in whatever encoding the columns use.

Deciding (:func:`timeline_for`) reads the table's time columns — timestamps, dates, times
of day, epoch integers and dates split over year/month/day columns — as points with a
role (:mod:`.time_names`), and links each point to the point it follows (``updated``
after ``created``, ``shipped`` after ``ordered``, ``hire`` after ``birth``...).

Producing (:func:`apply_timeline`) computes every linked point from its predecessor's
value in the same row plus a gap drawn for that row (minutes to months for an update,
days for a shipment, a week or two for a required date, 18 years and more for a hire
after a birth), clamped into the point's CHECK and type bounds, and encodes it back. A
NULL stays NULL (an open ``ended_at`` means still running); when the predecessor is NULL
the one before it is used. Dates split over several columns are made valid (a day that
exists in its month and year, no day without its month). Every value is a function of
the row's own values and its number, so any row range gives the same result.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds, Relation
from pytest_dbseed.engine.records.follow import count_column
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.semantics import ANCHOR, split_name
from pytest_dbseed.engine.types import int_type_limits
from pytest_dbseed.engine.values.time_names import (
    PAST_ROLES,
    ROW_CREATED_GAP,
    Gap,
    before_roles,
    epoch_unit,
    gap_for,
    part_order,
    row_created_follows,
    split_part,
    time_name,
)

__all__ = ["TimePoint", "TimeLink", "Timeline", "timeline_for", "apply_timeline", "time_columns"]

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1)
_EPOCH_TZ = datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_ORD = date(1970, 1, 1).toordinal()
_ANCHOR_TS = (ANCHOR - _EPOCH).total_seconds()
_SECOND = timedelta(seconds=1)
_MIN_TS = (datetime(1, 1, 2) - _EPOCH).total_seconds()
_MAX_TS = (datetime(9999, 12, 30) - _EPOCH).total_seconds()
_TWO64 = 18446744073709551616.0


@dataclass(frozen=True)
class TimePoint:
    """One instant of a row: one column, or the parts of a split date (``parts`` names
    the part each column holds). ``encoding`` is ``datetime``, ``datetime_tz``, ``date``,
    ``epoch`` (``unit`` per second), ``split`` or ``clock`` (a time of day, seconds since
    midnight). ``low``/``high``: the bounds of its type and CHECKs, in the same seconds."""

    label: str
    columns: tuple[str, ...]
    encoding: str
    role: str | None = None
    subject: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    unit: int = 1
    low: float | None = None
    high: float | None = None
    nullable: tuple[bool, ...] = ()
    aware: bool = False

    @property
    def clock(self) -> bool:
        return self.encoding == "clock"


@dataclass(frozen=True)
class TimeLink:
    """Point ``later`` comes ``gap`` after the first non-NULL of the points ``earlier``
    (its predecessor, then the predecessor's own, ...) in every row."""

    later: int
    earlier: tuple[int, ...]
    gap: Gap
    salt: int
    once: str = ""
    """A count column (``sign_in_count``): where it is 1 the point is its predecessor's
    instant (a user who signed in once signed in last when they signed in now)."""


@dataclass(frozen=True)
class Timeline:
    """A table's time points, the links between them (in the order they are computed)
    and the columns of split dates left as they are (overridden)."""

    points: tuple[TimePoint, ...]
    links: tuple[TimeLink, ...]
    fixed: frozenset[str] = frozenset()
    covers: tuple[TimeLink, ...] = ()
    """An update after every other thing the row records (``updated_at`` after a
    ``locked_at`` or a ``current_sign_in_at``): computed once the links are; the point
    ``later`` is moved a gap past the latest of ``earlier`` where it is before it."""

    def columns(self) -> set[str]:
        return {c for p in self.points for c in p.columns}


# =========================================================================== deciding


def _seconds(value: Any) -> float | None:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return (value - _EPOCH_TZ).total_seconds()
        return (value - _EPOCH).total_seconds()
    if isinstance(value, date):
        return float((value.toordinal() - _EPOCH_ORD) * 86400)
    if isinstance(value, time):
        return float(value.hour * 3600 + value.minute * 60 + value.second)
    return None


def _bounds(b: ColumnBounds | None, scale: float = 1.0) -> tuple[float | None, float | None]:
    if b is None:
        return None, None
    lo, hi = b.low, b.high
    low = float(lo) / scale if isinstance(lo, (int, float)) else _seconds(lo)
    high = float(hi) / scale if isinstance(hi, (int, float)) else _seconds(hi)
    if low is not None and not b.low_inclusive:
        low += 1.0 / scale if isinstance(lo, (int, float)) else 1.0
    if high is not None and not b.high_inclusive:
        high -= 1.0 / scale if isinstance(hi, (int, float)) else 1.0
    return low, high


def _narrow(a: float | None, b: float | None, fn: Callable[[float, float], float]) -> float | None:
    return b if a is None else a if b is None else fn(a, b)


def _single(table: TableInfo, col: ColumnInfo, bounds: ColumnBounds | None) -> TimePoint | None:
    """The point of one timestamp, date, time-of-day or epoch-integer column, or None."""
    kind = col.kind
    name = time_name(table.name, col.name)
    aware = bool(getattr(col.concrete_type, "timezone", False))
    point = TimePoint(col.name, (col.name,), "", name.role, name.subject,
                      nullable=(col.nullable,), aware=aware)  # fmt: skip
    if kind in ("datetime", "date"):
        low, high = _bounds(bounds)
        encoding = "date" if kind == "date" else "datetime_tz" if aware else "datetime"
        return replace(point, encoding=encoding, low=low, high=high)
    if kind == "time":
        low, high = _bounds(bounds)
        return replace(point, encoding="clock", low=_narrow(low, 0.0, max),
                       high=_narrow(high, 86399.0, min))  # fmt: skip
    if kind == "int":
        unit = epoch_unit(table.name, col.name, col.concrete_type)
        if unit is None:
            return None
        t_lo, t_hi = int_type_limits(col.concrete_type)
        low, high = _bounds(bounds, unit)
        return replace(point, encoding="epoch", unit=unit, low=_narrow(low, t_lo / unit, max),
                       high=_narrow(high, t_hi / unit, min))  # fmt: skip
    return None


def _split_points(
    table: TableInfo, usable: Collection[str], bounds: Mapping[str, ColumnBounds]
) -> list[TimePoint]:
    groups: dict[tuple[str, ...], dict[str, ColumnInfo]] = {}
    names: dict[tuple[str, ...], Any] = {}
    for col in table.columns:
        if col.kind != "int" or col.name not in usable:
            continue
        part = split_part(table.name, col.name)
        if part is None or part.part is None:
            continue
        groups.setdefault(part.stem, {}).setdefault(part.part, col)
        names.setdefault(part.stem, part)
    out: list[TimePoint] = []
    for stem, found in groups.items():
        if not ("year" in found or {"month", "day"} <= set(found)):
            continue
        parts = part_order(list(found))
        cols = tuple(found[p].name for p in parts)
        low = high = None
        if "year" in found:
            y_lo, y_hi = _bounds(bounds.get(found["year"].name))
            low = None if y_lo is None else _seconds(date(max(1, int(y_lo)), 1, 1))
            high = None if y_hi is None else _seconds(date(min(9999, int(y_hi)), 12, 31))
        name = names[stem]
        out.append(
            TimePoint(
                label="_".join(stem) + "_*" if stem else "year/month/day",
                columns=cols,
                encoding="split",
                role=name.role if "year" in found else None,
                subject=name.subject,
                parts=tuple(parts),
                low=low,
                high=high,
                nullable=tuple(found[p].nullable for p in parts),
            )
        )
    return out


def time_columns(table: TableInfo) -> set[str]:
    """Columns that are time points of some encoding (integers included)."""
    points = [_single(table, c, None) for c in table.columns if not c.foreign_keys]
    names = {c for p in points if p is not None for c in p.columns}
    names |= {c for p in _split_points(table, table.column_names, {}) for c in p.columns}
    return names


def _contradicted(later: TimePoint, earlier: TimePoint, checks: Sequence[Relation]) -> bool:
    """A CHECK orders the two the other way (or makes them equal): the CHECK wins."""
    for rel in checks:
        if rel.left in later.columns and rel.right in earlier.columns:
            if rel.op in ("<", "<=", "=", "=="):
                return True
        if rel.left in earlier.columns and rel.right in later.columns:
            if rel.op in (">", ">=", "=", "=="):
                return True
    return False


def timeline_for(
    table: TableInfo,
    *,
    generated: Collection[str],
    written: Collection[str],
    checks: Sequence[Relation] = (),
    bounds: Mapping[str, ColumnBounds] | None = None,
    seed: int = 0,
    counted: Collection[str] = (),
) -> Timeline | None:
    """The time points of ``table`` and how they follow each other, or None.

    ``written``: columns whose values the rows carry (a point can be followed);
    ``generated``: columns the generator fills freely (a point can be computed);
    ``counted``: counts of an activity made to agree with its instants (``sign_in_count``
    beside ``current_sign_in_at``: 1 puts the last sign-in at the current one).
    """
    bounds = bounds or {}
    usable = [c for c in table.columns if not c.computed and not c.foreign_keys]
    points = [
        p
        for c in usable
        if c.name in written
        for p in [_single(table, c, bounds.get(c.name))]
        if p is not None
    ]
    points += _split_points(table, {c.name for c in usable if c.name in written}, bounds)
    if not points:
        return None
    links = _links(table, points, set(generated), checks, seed, set(counted))
    fixed = frozenset(c for p in points for c in p.columns if c not in generated)
    if not links and not any(p.encoding == "split" for p in points):
        return None
    covers = _covers(table, points, set(generated), checks, seed, links)
    return Timeline(tuple(points), tuple(links), fixed, covers)


def _covers(
    table: TableInfo,
    points: list[TimePoint],
    generated: set[str],
    checks: Sequence[Relation],
    seed: int,
    links: list[TimeLink],
) -> tuple[TimeLink, ...]:
    """Updates that come after the other past points of their subject, and the row's own
    updates after the points of a subject that follow the row's creation (no point follows
    an update, so moving it moves nothing else)."""
    followed = {j for link in links for j in link.earlier[:1]}
    out: list[TimeLink] = []
    for i, p in enumerate(points):
        if p.role != "updated" or i in followed or not all(c in generated for c in p.columns):
            continue
        others = tuple(
            j
            for j, q in enumerate(points)
            if j != i and q.role in PAST_ROLES and q.role not in _LIFE and q.role != "updated"
            and q.clock == p.clock
            and (q.subject == p.subject
                 or not p.subject and row_created_follows(q.role or "", q.subject, table.name))
            and not _contradicted(p, q, checks)
        )  # fmt: skip
        if others:
            salt = derive(seed, table.fullname, "timeline-cover", p.label)
            out.append(TimeLink(i, others, gap_for("updated", clock=p.clock), salt))
    return tuple(out)


_LIFE = frozenset(("birth", "hire", "death", "termination"))
"""Roles of a person's life, not of the row's: an update need not come after them."""


def _links(
    table: TableInfo,
    points: list[TimePoint],
    generated: set[str],
    checks: Sequence[Relation],
    seed: int,
    counted: Collection[str] = (),
) -> list[TimeLink]:
    index: dict[tuple[str, tuple[str, ...], bool], list[int]] = {}
    for i, p in enumerate(points):
        if p.role is not None:
            index.setdefault((p.role, p.subject, p.clock), []).append(i)

    def predecessor(i: int) -> int | None:
        """The first role ``i`` follows that the table has; of several points with that
        role (a timestamp and a split date), the one of the same encoding."""
        p = points[i]
        for role in before_roles(p.role or "", table.name):
            found = [
                j
                for j in index.get((role, p.subject, p.clock), ())
                if j != i and not _contradicted(p, points[j], checks)
            ]
            if found:
                same = [j for j in found if points[j].encoding == p.encoding]
                return (same or found)[0]
        return _row_created(p, i)

    def _row_created(p: TimePoint, i: int) -> int | None:
        """The row's own creation, for a point of a subject with no earlier point."""
        if not row_created_follows(p.role or "", p.subject, table.name):
            return None
        found = [
            j
            for j in index.get(("created", (), p.clock), ())
            if j != i and not _contradicted(p, points[j], checks)
        ]
        same = [j for j in found if points[j].encoding == p.encoding]
        return next(iter(same or found), None)

    out: list[tuple[int, TimeLink]] = []
    for i, p in enumerate(points):
        if p.role is None or not all(c in generated for c in p.columns):
            continue
        chain: list[int] = []
        j = predecessor(i)
        while j is not None and j not in chain and j != i:
            chain.append(j)
            j = predecessor(j)
        if chain:
            salt = derive(seed, table.fullname, "timeline", p.label)
            gap = gap_for(p.role, points[chain[0]].role, p.clock)
            if points[chain[0]].subject != p.subject and p.role in PAST_ROLES and not p.clock:
                gap = ROW_CREATED_GAP
            once = _once(table, p, points[chain[0]], counted)
            out.append((len(chain), TimeLink(i, tuple(chain), gap, salt, once)))
    return [link for _, link in sorted(out, key=lambda x: x[0])]


def _once(table: TableInfo, later: TimePoint, earlier: TimePoint, counted: Collection[str]) -> str:
    """The count of the activity ``later`` (``current_sign_in_at``) records after
    ``earlier`` (``last_sign_in_at``), an integer column made to agree with it, or ""."""
    if (later.role, earlier.role) != ("current", "last") or len(later.columns) != 1:
        return ""
    name = count_column(split_name(later.columns[0]))
    found = {c.name.lower(): c for c in table.columns if c.name in counted}
    col = found.get(name)
    return col.name if col is not None and col.kind == "int" else ""


# =========================================================================== producing


def _decode(p: TimePoint, cols: list[list[Any]]) -> list[float | None]:
    """The point's values in a batch -> seconds (None when NULL or not a valid instant)."""
    enc, col = p.encoding, cols[0]
    if enc == "datetime_tz":
        return [None if v is None else v.timestamp() for v in col]
    if enc == "datetime":
        origin, second = _EPOCH, _SECOND
        return [None if v is None else (v - origin) / second for v in col]
    if enc == "date":
        first = _EPOCH_ORD
        return [None if v is None else float((v.toordinal() - first) * 86400) for v in col]
    if enc == "epoch":
        unit = p.unit
        return [None if v is None else v / unit for v in col]
    if enc == "clock":
        return [None if v is None else float(v.hour * 3600 + v.minute * 60 + v.second) for v in col]
    where = {part: i for i, part in enumerate(p.parts)}
    return [_split_seconds(cols, where, k) for k in range(len(col))]


def _split_seconds(cols: list[list[Any]], where: dict[str, int], k: int) -> float | None:
    got = {part: cols[i][k] for part, i in where.items()}
    if got.get("year") is None:
        return None
    try:
        dt = datetime(int(got["year"]), int(got.get("month") or 1), int(got.get("day") or 1),
                      int(got.get("hour") or 0), int(got.get("minute") or 0),
                      int(got.get("second") or 0))  # fmt: skip
    except (ValueError, TypeError, OverflowError):
        return None
    return (dt - _EPOCH).total_seconds()


def _encode(p: TimePoint, xs: list[float]) -> list[Any]:
    """Seconds -> values of the point (one per column: tuples for split dates), rounded up
    to the column's resolution, so a value is never before the instant it came from."""
    enc, ceil = p.encoding, math.ceil
    if enc == "datetime_tz":
        fromts, utc, origin = datetime.fromtimestamp, _UTC, _EPOCH_TZ
        return [fromts(ceil(x), utc) if x >= 0 else origin + timedelta(seconds=ceil(x))
                for x in xs]  # fmt: skip
    if enc == "datetime":
        return [_EPOCH + timedelta(0, ceil(x)) for x in xs]
    if enc == "date":
        fromord, first = date.fromordinal, _EPOCH_ORD
        return [fromord(first + ceil(x / 86400)) for x in xs]
    if enc == "epoch":
        unit = p.unit
        return [ceil(x * unit) for x in xs]
    if enc == "clock":
        tz = _UTC if p.aware else None
        out = []
        for x in xs:
            sec = min(86399, ceil(x))
            out.append(time(sec // 3600, sec // 60 % 60, sec % 60, tzinfo=tz))
        return out
    parts = p.parts
    stamps = [_EPOCH + timedelta(0, ceil(x)) for x in xs]
    return [tuple(getattr(dt, part) for part in parts) for dt in stamps]


def _fractions(salt: int, start: int, n: int) -> list[float]:
    """One uniform draw per row, from seeded blocks of rows (any range, same draws)."""
    out: list[float] = []
    row, stop = start, start + n
    while row < stop:
        block = row // BLOCK
        rnd = block_rng(salt, block).random
        first = block * BLOCK
        end = min(stop, first + BLOCK)
        draws = [rnd() for _ in range(end - first)]
        out.extend(draws[row - first :])
        row = end
    return out


def _gaps(gap: Gap, bases: list[float], fs: list[float], clock: bool) -> list[float]:
    """The gap after each base instant (``fs``: one uniform draw per row)."""
    low, high = gap.low, gap.high
    if not clock and not gap.past:
        if gap.log and low > 0:
            ratio = high / low
            return [low * ratio**f for f in fs]
        width = high - low
        return [low + width * f for f in fs]
    return [_draw(gap, b, f, clock) for b, f in zip(bases, fs)]


def _draw(gap: Gap, base: float, f: float, clock: bool) -> float:
    low, high = gap.low, gap.high
    if clock:
        high = min(high, 86399.0 - base)
    elif gap.past and base < _ANCHOR_TS:
        high = min(high, _ANCHOR_TS - base)
    if high <= 0:
        return 0.0
    if low > high:
        low = high / 2
    if gap.log and low > 0:
        return float(low * (high / low) ** f)
    return low + (high - low) * f


def apply_timeline(
    timeline: Timeline,
    batch: dict[str, list[Any]],
    start: int,
    placed: Collection[str] = (),
) -> None:
    """Make the rows of ``batch`` (rows ``start``...) follow ``timeline`` (in place).

    ``placed``: columns whose values stay (a partition key put inside its partition's
    range). A point they hold is not moved after its predecessor; its predecessor is
    moved before it instead (``created_at`` a gap before a partition's ``updated_at``), and
    the points after it follow it as usual.
    """
    points = timeline.points
    if not all(c in batch for p in points for c in p.columns):
        return  # not a full batch of the table: nothing to follow
    for p in points:
        if p.encoding == "split":
            _cohere(p, batch, timeline.fixed)
    cache: dict[int, list[float | None]] = {}

    def instants(i: int) -> list[float | None]:
        got = cache.get(i)
        if got is None:
            got = cache[i] = _decode(points[i], [batch[c] for c in points[i].columns])
        return got

    held = {i for i, p in enumerate(points) if set(p.columns) & set(placed)}
    for link in reversed(timeline.links):
        back = link.earlier[0]
        if link.later in held and back not in held:
            _follow(points[back], link, [instants(link.later)], batch, start, sign=-1.0)
            cache.pop(back, None)
            held.add(back)
    for link in timeline.links:
        if link.later in held:
            continue
        _follow(points[link.later], link, [instants(j) for j in link.earlier], batch, start)
        cache.pop(link.later, None)
    for link in timeline.covers:
        if link.later not in held:
            _cover(points[link.later], link, instants(link.later),
                   [instants(j) for j in link.earlier], batch, start)  # fmt: skip
            cache.pop(link.later, None)


def _cover(
    p: TimePoint,
    link: TimeLink,
    own: list[float | None],
    others: list[list[float | None]],
    batch: dict[str, list[Any]],
    start: int,
) -> None:
    """Move ``p`` a gap past the latest of ``others`` in the rows where it is before it."""
    latest: list[float | None] = []
    for k, mine in enumerate(own):
        seen = [o[k] for o in others if o[k] is not None]
        top = max(seen) if seen else None  # type: ignore[type-var]
        latest.append(None if mine is None or top is None or mine >= top else top)
    if any(x is not None for x in latest):
        _follow(p, link, [latest], batch, start)


def _follow(
    p: TimePoint,
    link: TimeLink,
    chain: list[list[float | None]],
    batch: dict[str, list[Any]],
    start: int,
    sign: float = 1.0,
) -> None:
    """Recompute point ``p`` from the first non-NULL predecessor of each row (with
    ``sign`` -1: from its successor, a gap before it)."""
    cols = [batch[c] for c in p.columns]
    present = cols[p.parts.index("year")] if p.encoding == "split" else cols[0]
    first = chain[0]
    if len(chain) > 1:
        first = [next((c[k] for c in chain if c[k] is not None), None) for k in range(len(first))]
    rows = [k for k, (own, b) in enumerate(zip(present, first)) if not (own is None or b is None)]
    if not rows:
        return
    fs = _fractions(link.salt, start, len(present))
    bases: list[float] = [first[k] for k in rows]  # type: ignore[misc]
    gaps = _gaps(link.gap, bases, [fs[k] for k in rows], p.clock)
    counts = batch.get(link.once) if link.once else None
    if counts is not None:
        gaps = [0.0 if counts[k] == 1 else g for k, g in zip(rows, gaps)]
    low = _MIN_TS if p.low is None else max(p.low, _MIN_TS)
    high = _MAX_TS if p.high is None else min(p.high, _MAX_TS)
    # Bounds win over the order: a value is clamped into them.
    xs = [x if low <= x <= high else (low if x < low else high)
          for x in (b + sign * g for b, g in zip(bases, gaps))]  # fmt: skip
    values = _encode(p, xs)
    if len(cols) == 1:
        col = cols[0]
        for k, v in zip(rows, values):
            col[k] = v
        return
    for k, parts in zip(rows, values):
        for col, v in zip(cols, parts):
            if col[k] is not None:  # keep the row's own NULLs (a year without its month)
                col[k] = v


def _cohere(p: TimePoint, batch: dict[str, list[Any]], fixed: frozenset[str]) -> None:
    """A split date that exists: no part without the larger ones (when it may be NULL),
    no day past the end of its month."""
    where = {part: i for i, part in enumerate(p.parts)}
    cols = [batch[c] for c in p.columns]
    free = [c not in fixed and n for c, n in zip(p.columns, p.nullable)]
    order = [where[part] for part in p.parts]
    for k in range(len(cols[0])):
        seen_null = False
        for i in order:
            if seen_null and free[i]:
                cols[i][k] = None
            elif cols[i][k] is None:
                seen_null = True
        if "day" in where and "month" in where and p.columns[where["day"]] not in fixed:
            day, month = cols[where["day"]][k], cols[where["month"]][k]
            if day is None or month is None or not 1 <= month <= 12:
                continue
            year = cols[where["year"]][k] if "year" in where else None
            last = calendar.monthrange(year if isinstance(year, int) and 1 <= year <= 9999
                                       else 2000, month)[1]  # fmt: skip
            if day > last:
                cols[where["day"]][k] = last
