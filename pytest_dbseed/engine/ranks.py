"""Ranks of child rows among the rows pointing at the same parent (1, 2, 3... per
parent), for any range of rows.

A row's rank is the number of rows before it with the same parent. Both fan-outs keep
locality (:func:`pytest_dbseed.engine.rows._spread`, ``_zipf``): from a row on, rows point
only at parents from some ``floor`` on, and only rows from some ``lo`` on point at
those. Counting the parents of rows ``lo`` to ``start`` thus gives the ranks of rows from
``start``, whatever range is asked for first; consecutive ranges carry the counts on.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pytest_dbseed.engine.rng import BLOCK
from pytest_dbseed.engine.sources.description import ZIPF_GROUP, Spread, Zipf

SlotFn = Callable[[int, int], list[int | None]]
Reach = Callable[[int], tuple[int, int]]


def reach(a: Spread | Zipf) -> Reach:
    """``row -> (floor, lo)``: the lowest parent row (absolute) rows from ``row`` on point
    at, and the first row that may point at a parent from ``floor`` on."""
    if isinstance(a, Zipf):
        return _zipf_reach(a)
    scale = a.parent_count / a.child_count
    width = min(a.parent_count, max(64, math.ceil(BLOCK * scale)))
    top = a.parent_count - width
    shift = width if a.behind else width / 2

    def low(r: int) -> int:  # the first parent (relative) row r may point at
        f = int((r - a.child_start) * scale - shift)
        return 0 if f < 0 else top if f > top else f

    def at(row: int) -> tuple[int, int]:
        floor = low(row)
        lo, hi = a.child_start, max(row, a.child_start)
        while lo < hi:  # the first row whose window reaches past floor
            mid = (lo + hi) // 2
            if low(mid) + width > floor:
                hi = mid
            else:
                lo = mid + 1
        return a.parent_start + floor, lo

    return at


def _zipf_reach(a: Zipf) -> Reach:
    groups = -(-a.parent_count // ZIPF_GROUP)
    c_count = a.child_count

    def at(row: int) -> tuple[int, int]:
        i = min(max(row - a.child_start, 0), c_count - 1)
        g = i * groups // c_count
        return a.parent_start + g * a.parent_count // groups, a.child_start - (
            -g * c_count // groups
        )

    return at


def ranked(slots: SlotFn, where: Reach, first: int) -> Callable[[int, int], list[int]]:
    """``(start, stop) -> first + rank`` of each row among the rows before it with the
    same parent (``slots``: the parent row of each row, None for NULL: ``first``)."""
    state: list[tuple[int, dict[int, int]]] = []

    def values(start: int, stop: int) -> list[int]:
        if start >= stop:
            return []
        got = state[0] if state else None
        if got is not None and got[0] == start:
            counts = dict(got[1])
        else:
            lo = where(start)[1]
            counts = {}
            for s in slots(lo, start) if lo < start else ():
                if s is not None:
                    counts[s] = counts.get(s, 0) + 1
        out = []
        for s in slots(start, stop):
            if s is None:
                out.append(first)
                continue
            k = counts.get(s, 0)
            counts[s] = k + 1
            out.append(first + k)
        floor = where(stop)[0]
        state[:] = [(stop, {p: k for p, k in counts.items() if p >= floor})]
        return out

    return values
