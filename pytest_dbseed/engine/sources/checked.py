"""What CHECK constraints decide about keys: integer keys that start where a CHECK lets
them, parents chosen inside a CHECK on the foreign key, relations placed on the column
that may move, and two foreign keys compared by a CHECK chosen together.

Keys cannot be moved after they are produced (children would point at rows that do not
exist, unique values would repeat), so every CHECK that touches a key is met here, when
the sources are decided, or refused before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from pytest_dbseed.engine.checks import COMPARISONS, ColumnBounds, Relation, TableChecks
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.engine.sources.description import (
    Among,
    Assignment,
    BuiltParent,
    Checked,
    ExistingParent,
    OneToOne,
    Paired,
    ParentRows,
    Spread,
    Zipf,
)
from pytest_dbseed.errors import PlanError

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}
_LISTED = 100_000
"""Parent rows listed one by one when a CHECK excludes some keys of a range."""


# --------------------------------------------------------------------------- integer keys


def first_key(
    bounds: ColumnBounds | None,
    first: int,
    count: int,
    limit: int,
    lowest: int | None = None,
) -> int | None:
    """The first value of ``count`` consecutive integer keys from ``first`` on, all inside
    ``bounds`` (``id >= 100``, ``id <> 1``); None when no such run fits below ``limit``
    or the bounds list the allowed values (``IN``), which a run does not follow. With
    ``lowest`` (an empty table: no key to collide with) a run that does not fit above
    ``first`` may end at the CHECK's upper bound instead (``id < 48`` and 67 rows)."""
    if bounds is None:
        return first
    if bounds.allowed is not None:
        return None
    low = lowest if lowest is not None else first
    if bounds.low is not None:
        low = max(low, _int_at_least(bounds.low, bounds.low_inclusive))
    v = max(first, low)
    top = limit
    if bounds.high is not None:
        top = min(top, _int_at_most(bounds.high, bounds.high_inclusive))
    excluded = sorted(e for e in bounds.excluded if isinstance(e, int))
    for e in excluded:
        if v <= e < v + count:
            v = e + 1
    if v + count - 1 <= top or count <= 0:
        return v
    if lowest is None:
        return None
    v = top - count + 1
    for e in reversed(excluded):
        if v <= e <= v + count - 1:
            v = e - count
    return v if v >= low else None


def _int_at_least(value: Any, inclusive: bool) -> int:
    k = math.ceil(value)
    return k + 1 if k == value and not inclusive else int(k)


def _int_at_most(value: Any, inclusive: bool) -> int:
    k = math.floor(value)
    return k - 1 if k == value and not inclusive else int(k)


# --------------------------------------------------------------------------- parents


def key_bounds(checks: TableChecks, fk: ForeignKeyInfo) -> ColumnBounds | None:
    """What a CHECK asks of a single-column foreign key's value (beyond NOT NULL)."""
    if len(fk.columns) != 1:
        return None
    b = checks.columns.get(fk.columns[0])
    if b is None or replace(b, not_null=False, constraints=()) == ColumnBounds():
        return None
    return b


def key_nullable(checks: TableChecks, fk: ForeignKeyInfo) -> bool:
    """A nullable foreign key may be NULL unless a CHECK says ``IS NOT NULL``."""
    return fk.nullable and not any(
        checks.columns[c].not_null for c in fk.columns if c in checks.columns
    )


def allowed_parents(
    fk: ForeignKeyInfo,
    parent: ParentRows,
    bounds: ColumnBounds | None,
    where: str,
    seed: int,
    known: tuple[Any, ...] = (),
) -> tuple[ParentRows, tuple[int, ...] | None]:
    """The parent rows a CHECK on the key lets children choose (``p_id > 3``, ``p_id IN
    (...)``): the parent narrowed to a range of rows, or the rows listed one by one.

    Keys of parents this seed numbers (``key_base + row``), keys read from the database and
    ``known``, the keys of the parent's first rows (set for such CHECKs, see
    :func:`~pytest_dbseed.engine.sources.wanted.leading`), are known here; other keys are
    left as they are (the database has the last word).
    """
    if bounds is None or parent.count <= 0:
        return parent, None
    if isinstance(parent, ExistingParent):
        rows = tuple(i for i, k in enumerate(parent.keys) if bounds.admits(k[0]))
        return parent, _some(rows, fk, parent, bounds, where, seed)
    base = parent.key_base
    if base is None and known:
        first = known[: parent.count]
        rows = tuple(parent.start + i for i, v in enumerate(first) if bounds.admits(v))
        return parent, _some(rows, fk, parent, bounds, where, seed)
    if base is None:
        return parent, None
    lo, hi = parent.start, parent.start + parent.count - 1
    if bounds.allowed is not None:
        wanted = sorted(v - base for v in bounds.allowed if isinstance(v, int))
        rows = tuple(r for r in wanted if lo <= r <= hi)
        return parent, _some(rows, fk, parent, bounds, where, seed)
    if bounds.low is not None:
        lo = max(lo, _int_at_least(bounds.low, bounds.low_inclusive) - base)
    if bounds.high is not None:
        hi = min(hi, _int_at_most(bounds.high, bounds.high_inclusive) - base)
    if lo > hi:
        return parent, _some((), fk, parent, bounds, where, seed)
    if any(isinstance(e, int) and lo <= e - base <= hi for e in bounds.excluded):
        if hi - lo < _LISTED:
            rows = tuple(r for r in range(lo, hi + 1) if bounds.admits(base + r))
            return parent, _some(rows, fk, parent, bounds, where, seed)
    return replace(parent, start=lo, count=hi - lo + 1), None


def _some(
    rows: tuple[int, ...],
    fk: ForeignKeyInfo,
    parent: ParentRows,
    bounds: ColumnBounds,
    where: str,
    seed: int,
) -> tuple[int, ...]:
    if rows or fk.nullable:
        return rows
    label = ", ".join(bounds.constraints) or "a CHECK"
    column = fk.columns[0]
    fix = (
        f"ask for more {parent.table!r} rows, or override {column!r} with keys of parents "
        "it allows"
    )
    below = _numbered_above(parent, bounds)
    if below is not None:
        ref = f"{parent.table}.{fk.ref_columns[0]}"
        fix = (
            f"the seed numbers {ref} from {below} on, above every key the CHECK allows, so "
            f"no number of rows helps: override {ref} with keys that include one it allows, "
            f"or override {column!r} with keys of existing parents it allows"
        )
    raise PlanError(
        f"{where}: the CHECK {label} on {column!r} allows none of the {parent.count} "
        f"{parent.table!r} rows its foreign key could point at (seed {seed}). Fix: {fix}."
    )


def _numbered_above(parent: ParentRows, bounds: ColumnBounds) -> int | None:
    """The first key of a parent this seed numbers, when it is above every key ``bounds``
    allows (``p_id BETWEEN 0 AND 0`` into keys numbered from 1); None otherwise."""
    if not isinstance(parent, BuiltParent) or parent.key_base is None:
        return None
    first = parent.key_base + parent.start
    if bounds.allowed is not None:
        listed = [v for v in bounds.allowed if isinstance(v, int)]
        top = max(listed) if listed else None
    else:
        top = None if bounds.high is None else _int_at_most(bounds.high, bounds.high_inclusive)
    return first if top is not None and top < first else None


def restricted(
    inner: Spread | Zipf,
    rows: tuple[int, ...] | None,
    parent: ParentRows,
    bounds: ColumnBounds | None,
    nullable: bool,
) -> Assignment:
    """``inner`` (spread over positions of ``rows``) mapped to those rows; checked against
    the bounds while producing when the parents' keys are not known yet."""
    if rows is not None:
        return Among(inner, rows)
    if bounds is not None and isinstance(parent, BuiltParent) and parent.key_base is None:
        return Checked(inner, bounds, nullable)
    return inner


def listed_parent(parent: ParentRows, rows: tuple[int, ...]) -> BuiltParent:
    """The positions ``0..len(rows) - 1`` a spread of children runs over."""
    return BuiltParent(parent.table, parent.columns, 0, len(rows))


def one_each(
    fk: ForeignKeyInfo,
    parent: ParentRows,
    rows: tuple[int, ...] | None,
    start: int,
    count: int,
    where: str,
    nullable: bool,
    checked: tuple[int, ColumnBounds | None],
) -> Assignment:
    """A unique foreign key under a CHECK: one child per allowed parent, refused when there
    are fewer allowed parents than NOT NULL children. ``checked`` is (seed, the CHECK's
    bounds): where the parents' keys are known only when produced, each child's key is
    checked against them then (NULL when it fails and may be)."""
    seed, bounds = checked
    over = parent if rows is None else listed_parent(parent, rows)
    if over.count < count and not nullable:
        raise PlanError(
            f"{where}: {count} rows asked for, but {fk.describe()} is unique and its CHECK "
            f"allows only {over.count} of the {parent.table!r} rows (seed {seed}). Fix: ask "
            f"for at most "
            f"{over.count} rows, add {parent.table!r} rows the CHECK allows, or override "
            f"{fk.columns[0]!r}."
        )
    inner = OneToOne(over.start, 0, over.count, start)
    if rows is not None:
        return Among(inner, rows)
    if bounds is not None and isinstance(parent, BuiltParent) and parent.key_base is None:
        return Checked(inner, bounds, nullable)
    return inner


def key_span(parent: ParentRows, assignment: Assignment) -> tuple[int, int] | None:
    """Smallest and largest integer key children of ``assignment`` may point at."""
    if isinstance(assignment, Among):
        rows: Collection[int] = assignment.rows
    elif isinstance(assignment, OneToOne) and assignment.parent_count > 0:
        first = assignment.parent_start
        rows = range(first, first + assignment.parent_count)
    elif isinstance(assignment, (Spread, Zipf)) and assignment.parent_count > 0:
        first = assignment.parent_start
        rows = range(first, first + assignment.parent_count)
    else:
        return None
    if not rows:
        return None
    if isinstance(parent, ExistingParent):
        keys = [parent.keys[r][0] for r in rows]
        if len(parent.columns) != 1 or not all(isinstance(k, int) for k in keys):
            return None
        return min(keys), max(keys)
    if parent.key_base is None:
        return None
    return parent.key_base + min(rows), parent.key_base + max(rows)


# --------------------------------------------------------------------------- relations


def place_relation(
    rel: Relation,
    keys: Mapping[str, ForeignKeyInfo],
    fixed: Collection[str],
    numbered: Collection[str] = (),
) -> tuple[str, Relation]:
    """Where a row relation is met: ``("pair", rel)`` two foreign keys chosen together,
    ``("bound", rel)`` the left column kept beyond every value the right one (a foreign
    key, or an integer key this seed numbers) may take, ``("split", rel)`` two unique
    columns kept in ranges that do not meet, ``("move", rel)`` the left column moved by
    arithmetic.

    A foreign key, a primary key and a unique column never move (children or uniqueness
    would break): the other side does, the relation turned around if need be.
    """
    left_fk, right_fk = rel.left in keys, rel.right in keys
    flipped = Relation(rel.right, _FLIP[rel.op], rel.left, rel.constraint)
    if left_fk and right_fk:
        return "pair", rel
    if left_fk:
        return ("bound" if rel.right in fixed else "move"), flipped
    if right_fk:
        return ("bound" if rel.left in fixed else "move"), rel
    if rel.left in fixed and rel.right not in fixed:
        return "move", flipped
    if rel.left in fixed and rel.right in fixed:
        if rel.right in numbered and rel.left not in numbered:
            return "bound", rel
        if rel.left in numbered and rel.right not in numbered:
            return "bound", flipped
        return "split", rel
    return "move", rel


def split(
    left: ColumnBounds | None, op: str, right: ColumnBounds | None, limits: tuple[int, int]
) -> tuple[ColumnBounds, ColumnBounds] | None:
    """Two unique integer columns with ``left op right`` in every row: ``left`` kept above
    (or below) a pivot and ``right`` on the other side, each a range of its own."""
    if op not in ("<", "<=", ">", ">="):
        return None
    if op in ("<", "<="):
        got = split(right, _FLIP[op], left, limits)
        return None if got is None else (got[1], got[0])
    lb, rb = left or ColumnBounds(), right or ColumnBounds()
    if lb.allowed is not None or rb.allowed is not None:
        return None
    top = limits[1] if lb.high is None else _int_at_most(lb.high, lb.high_inclusive)
    bottom = limits[0] if rb.low is None else _int_at_least(rb.low, rb.low_inclusive)
    low = limits[0] if lb.low is None else _int_at_least(lb.low, lb.low_inclusive)
    high = limits[1] if rb.high is None else _int_at_most(rb.high, rb.high_inclusive)
    pivot = max(low, min(top, 1 if bottom <= 0 else (bottom + top) // 2 + 1))
    if pivot - 1 < bottom or pivot > top:
        return None
    return (
        replace(lb, low=pivot, low_inclusive=True),
        replace(rb, high=min(high, pivot - 1), high_inclusive=True),
    )


def beyond(bounds: ColumnBounds | None, op: str, span: tuple[int, int]) -> ColumnBounds | None:
    """``bounds`` narrowed so that ``column op key`` holds for every key of ``span``; None
    when the operator does not order (``=``, ``<>``)."""
    lo, hi = span
    b = bounds or ColumnBounds()
    if op in (">", ">="):
        low = hi + 1 if op == ">" else hi
        if b.low is None or b.low < low or (b.low == low and not b.low_inclusive):
            return replace(b, low=low, low_inclusive=True)
        return b
    if op in ("<", "<="):
        high = lo - 1 if op == "<" else lo
        if b.high is None or b.high > high or (b.high == high and not b.high_inclusive):
            return replace(b, high=high, high_inclusive=True)
        return b
    return None


def pair_keys(
    rel: Relation,
    sides: tuple[tuple[ForeignKeyInfo, ParentRows, Assignment], ...],
    where: str,
    seed: int,
    table: str,
) -> tuple[Paired, Paired]:
    """Both keys of ``a_id op b_id`` chosen together: into one parent table or two, as
    long as the keys compared are known (integer keys this seed numbers) or only need
    to differ inside one table."""
    (left, lparent, lraw), (right, rparent, rraw) = sides
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    fix = (
        f"Fix: override {rel.left!r} and {rel.right!r} with values that satisfy it, "
        f"e.g. counts={{{table!r}: rows(N, {rel.left}=..., {rel.right}=...)}}."
    )
    same = left.ref_table == right.ref_table and left.ref_columns == right.ref_columns
    spans = [_rows_of(lraw), _rows_of(rraw)]
    bases = [_base(lparent), _base(rparent)]
    if isinstance(lraw, Among) or isinstance(rraw, Among):
        raise PlanError(
            f"{where}: the CHECK {label!r} compares two foreign keys, and another CHECK lists "
            f"the parents one of them may take, so the generator cannot choose both "
            f"(seed {seed}). {fix}"
        )
    if None in spans or (None in bases and not (same and rel.op in ("<>", "!="))):
        raise PlanError(
            f"{where}: the CHECK {label!r} compares two foreign keys whose parents' keys are "
            f"not numbered by this seed, so the generator cannot choose parents that satisfy "
            f"it (seed {seed}). {fix}"
        )
    (l_lo, l_hi), (r_lo, r_hi) = spans[0] or (0, 0), spans[1] or (0, 0)
    lb, rb = bases[0] or 0, bases[1] or 0
    if not _feasible(rel.op, (lb + l_lo, lb + l_hi), (rb + r_lo, rb + r_hi)):
        raise PlanError(
            f"{where}: the CHECK {label!r} cannot hold for any pair of the planned "
            f"{left.ref_table!r} and {right.ref_table!r} rows (seed {seed}). Fix: ask for "
            f"more parent rows, or {fix[5:]}"
        )
    out = [Paired(rel.op, l_lo, l_hi, lraw, rraw, side, r_lo, r_hi, lb, rb) for side in (0, 1)]
    return out[0], out[1]


def aligned_pair(
    rel: Relation, sides: tuple[tuple[ForeignKeyInfo, ParentRows, Assignment], ...]
) -> bool:
    """Whether two one-to-one keys into parents this seed numbers already meet ``a_id op
    b_id`` in every row: row ``r`` points at parent row ``offset + r`` of each, so their
    keys differ by the same amount in every row."""
    (_, lparent, lraw), (_, rparent, rraw) = sides
    if not (isinstance(lraw, OneToOne) and isinstance(rraw, OneToOne)):
        return False
    lb, rb = _base(lparent), _base(rparent)
    if lb is None or rb is None or rel.op not in COMPARISONS:
        return False
    left = lb + lraw.parent_start + lraw.offset - lraw.child_start
    right = rb + rraw.parent_start + rraw.offset - rraw.child_start
    return bool(COMPARISONS[rel.op](left, right))


def _rows_of(assignment: Assignment) -> tuple[int, int] | None:
    if isinstance(assignment, (Spread, Zipf)) and assignment.parent_count > 0:
        first = assignment.parent_start
        return first, first + assignment.parent_count - 1
    return None


def _base(parent: ParentRows) -> int | None:
    return parent.key_base if isinstance(parent, BuiltParent) else None


def _feasible(op: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    (l_lo, l_hi), (r_lo, r_hi) = left, right
    if op == "=":
        return max(l_lo, r_lo) <= min(l_hi, r_hi)
    if op in ("<>", "!="):
        return not (l_lo == l_hi == r_lo == r_hi)
    if op == "<":
        return l_lo < r_hi
    if op == "<=":
        return l_lo <= r_hi
    if op == ">":
        return l_hi > r_lo
    return l_hi >= r_lo
