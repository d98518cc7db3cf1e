"""Composite unique keys made distinct by construction: each row's number is written in a
mixed radix whose digits pick the parents and the values of the key's columns.

Row ``i`` of a set with sizes ``(s0, s1, ...)`` has digits ``i % s0``, then the next ones
shifted by a hash of the first (:meth:`pytest_dbseed.engine.rows.TableRows._digits`): the
combinations are distinct for ``i < s0 * s1 * ...``. Two unique keys sharing members
(``(challenge_id, user_id)`` and ``(challenge_id, team_id)``) are written with the shared
members first and the same salt, so those digits are the same in both, and each key is
distinct as long as its own product allows. A key with a nullable foreign key whose parent
table gets no rows is met by NULLs, and so are rows past the last combination.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_dbseed.engine.rng import derive
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.engine.sources.description import (
    ExistingParent,
    ParentRows,
    RadixDigit,
    RadixSet,
)
from pytest_dbseed.errors import UniquenessError

__all__ = ["RadixPlan", "plan_radix"]

Member = str | ForeignKeyInfo
"""A plain column of a unique key, or the foreign key that fills some of its columns."""


@dataclass
class RadixPlan:
    """The composite keys of one table written as digits."""

    sets: list[RadixSet] = field(default_factory=list)
    columns: dict[str, tuple[int, int, tuple[Any, ...]]] = field(default_factory=dict)
    """Plain column -> (set index, digit position, its values)."""
    keys: dict[ForeignKeyInfo, RadixDigit] = field(default_factory=dict)


@dataclass(frozen=True)
class _Table:
    name: str
    start: int
    count: int
    seed: int
    parent: Callable[[ForeignKeyInfo], ParentRows]
    domain: Callable[[str], tuple[Any, ...]]


def plan_radix(
    usets: Sequence[tuple[str, ...]],
    fk_cols: Mapping[str, ForeignKeyInfo],
    overrides: Mapping[str, Any],
    table: str,
    counts: tuple[int, int, int],
    parent: Callable[[ForeignKeyInfo], ParentRows],
    domain: Callable[[str], tuple[Any, ...]],
) -> RadixPlan:
    """Digits for the composite unique keys ``usets`` of ``table``; ``counts`` is (first
    row, rows asked for, seed). Refuses a key with fewer combinations than rows."""
    t = _Table(table, counts[0], counts[1], counts[2], parent, domain)
    members = [
        list(dict.fromkeys(fk_cols.get(c, c) for c in u if c in fk_cols or c not in overrides))
        for u in usets
    ]
    out = RadixPlan()
    for group in _groups(members):
        if any(_met_by_nulls(t, members[i]) for i in group):
            # A NULL member satisfies a key; a group shares members, so build the others.
            group = [i for i in group if not _met_by_nulls(t, members[i])]
            if not group:
                continue
        ordered = _shared_first([members[i] for i in group])
        existing = any(
            isinstance(m, ForeignKeyInfo) and isinstance(parent(m), ExistingParent)
            for i in group
            for m in members[i]
        )
        # Combinations of parents already there: continue after the rows this table
        # already has instead of repeating them.
        offset = t.start if existing else 0
        salt = derive(t.seed, t.name, "radix", group[0])
        for k, i in enumerate(group):
            order = ordered[k] if ordered is not None else members[i]
            if ordered is None and k > 0 and _built(out, order):
                continue  # overlapping keys that share no common core: the first one wins
            own = salt if ordered is not None else derive(t.seed, t.name, "radix", i)
            _build(out, t, i, usets[i], order, offset, own)
    return out


def _met_by_nulls(t: _Table, members: list[Member]) -> bool:
    return any(
        isinstance(m, ForeignKeyInfo) and m.nullable and t.parent(m).count <= 0 for m in members
    )


def _groups(members: list[list[Member]]) -> list[list[int]]:
    """Indexes of keys that share members (transitively), in order."""
    group_of = list(range(len(members)))

    def find(i: int) -> int:
        while group_of[i] != i:
            i = group_of[i]
        return i

    for i in range(len(members)):
        for j in range(i):
            if set(members[i]) & set(members[j]):
                group_of[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(members)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _shared_first(sets: list[list[Member]]) -> list[list[Member]] | None:
    """Each key with the members all of them share first (in one order), when every two of
    them share exactly those; None when they overlap otherwise."""
    if len(sets) == 1:
        return sets
    core = set(sets[0]).intersection(*map(set, sets[1:]))
    for a in range(len(sets)):
        for b in range(a):
            if set(sets[a]) & set(sets[b]) != core:
                return None
    head = [m for m in sets[0] if m in core]
    return [head + [m for m in s if m not in core] for s in sets]


def _built(out: RadixPlan, members: list[Member]) -> bool:
    return any(
        m in out.keys if isinstance(m, ForeignKeyInfo) else m in out.columns for m in members
    )


def _build(
    out: RadixPlan,
    t: _Table,
    set_index: int,
    uset: tuple[str, ...],
    members: list[Member],
    offset: int,
    salt: int,
) -> None:
    sizes: list[int] = []
    for m in members:
        if isinstance(m, ForeignKeyInfo):
            parent = t.parent(m)
            if m not in out.keys:  # else: a digit shared with a key built before
                out.keys[m] = RadixDigit(set_index, len(sizes), parent.start)
            sizes.append(parent.count)
        else:
            values = t.domain(m)
            if m not in out.columns:
                out.columns[m] = (set_index, len(sizes), values)
            sizes.append(len(values))
    capacity = math.prod(sizes) if sizes else 0
    spare = [m for m in members if isinstance(m, ForeignKeyInfo) and m.nullable]
    if offset + t.count > capacity and spare:
        # Rows past the last combination get NULL in a nullable member.
        out.keys[spare[0]] = replace(out.keys[spare[0]], null_from=capacity)
    elif offset + t.count > capacity:
        already = f" ({offset} of them used by rows already there)" if offset else ""
        raise UniquenessError(
            f"table {t.name!r}: {t.count} rows asked for, but the unique key "
            f"({', '.join(uset)}) has only {capacity} distinct values "
            f"({' x '.join(str(s) for s in sizes)}){already} (seed {t.seed}). "
            f"Fix: ask for at most {max(capacity - offset, 0)} rows, add parent rows, or "
            "override one of these columns with values that are unique."
        )
    out.sets.append(RadixSet(set_index, tuple(sizes), offset, salt))
