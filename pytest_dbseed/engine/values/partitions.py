"""Rows of a partitioned table land in its partitions, spread over them.

PostgreSQL stores a row of a partitioned table in the partition whose bounds hold its
partition key; a row no partition holds is rejected. The bounds are read from the catalog
(:func:`pytest_dbseed.engine.introspect.partition_trees`: ``pg_partition_tree``,
``pg_get_partkeydef``, ``pg_get_expr(relpartbound)``) and turned here into one
:class:`Leaf` per partition that stores rows: what it allows in each key column, from its
own bounds and those of every partitioned table above it (nested partitioning).

Rows go round the leaves in turn (from leaf ``salt mod L``): the ``k``-th round gives one
row to every leaf that still has room for a ``k``-th row. A leaf's room is the number of
distinct values its bounds hold of a unique key column (unbounded for an open end, a
DEFAULT or a HASH partition), times the distinct values of its *companions*: the other
columns of the composite unique key it keeps distinct, when those are few (``"Id" IN (3, 4,
9)`` beside the key ``bucket`` of ``PRIMARY KEY ("Id", bucket)``). So a narrow partition
gets as many rows as it holds and the others the rest; where a row goes is a function of its
number alone (:func:`place`). Its key columns get a value inside that leaf's bounds, derived
from the row alone (a range: a point of it, the ``k``-th one for a unique column, the ``k
mod room``-th with companions, which then take the ``k div room``-th combination of their
values; a list: one of its values); a DEFAULT or HASH partition keeps the generated value,
which lands in it or in another partition. A CHECK on a key column cuts each leaf's rule to
what it allows (:func:`_narrow`: the listed values it admits, the part of an integer or date
range inside its ends minus the values it excludes); a leaf left with nothing takes no
rows. Applied to every batch after the timeline and before CHECK relations.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.rng import derive, mix64
from pytest_dbseed.engine.schema import ColumnInfo, TableInfo
from pytest_dbseed.engine.values.partition_text import (
    TextRange,
    admits_text,
    holds_text,
    nth_text,
    text_range,
    text_room,
)

__all__ = [
    "PartitionNode",
    "Rule",
    "Leaf",
    "Partitioning",
    "partitioning_for",
    "apply_partitions",
    "key_columns",
    "leaf_rooms",
    "place",
    "listed_columns",
    "defaulted_columns",
    "uncovered_hash",
]


@dataclass(frozen=True)
class PartitionNode:
    """One relation of a partition tree, as the catalog describes it."""

    oid: int
    parent: int | None
    name: str
    leaf: bool
    bound: str | None
    """``FOR VALUES FROM (...) TO (...)``, ``FOR VALUES IN (...)``, ``FOR VALUES WITH
    (...)``, ``DEFAULT``; None for the root."""
    key: str | None
    """``RANGE (created)``, ``LIST (region)``, ``HASH (id)`` for a partitioned one."""


@dataclass(frozen=True)
class Rule:
    """What one partition allows in one key column: ``range`` (``low`` inclusive unless
    ``low_open``, ``high`` exclusive; None is unbounded), ``list`` (``values``) or ``any``."""

    kind: str
    low: Any = None
    high: Any = None
    low_open: bool = False
    values: tuple[Any, ...] = ()
    skip: tuple[Any, ...] = ()
    """Values inside an integer, date, timestamp or NUMERIC range a CHECK excludes (``NOT
    IN``, ``<>``), in order: no row takes them."""
    text: TextRange | None = None
    """The values a text range holds that fit the column and its CHECKs (a range over a
    text key column always has one, see :mod:`.partition_text`)."""


@dataclass(frozen=True)
class Leaf:
    name: str
    rules: tuple[tuple[str, Rule], ...]


@dataclass(frozen=True)
class Partitioning:
    """Where a table's rows go: its leaves, the kinds of the key columns, the unique ones."""

    table: str
    leaves: tuple[Leaf, ...]
    kinds: tuple[tuple[str, str], ...]
    unique: frozenset[str]
    scales: tuple[tuple[str, int], ...]
    salt: int
    rooms: tuple[int | None, ...] = ()
    """Rows each leaf holds (the fewest distinct values its bounds hold of a unique key
    column, times the combinations of its companions; None: no limit); empty when no leaf
    has a limit."""
    companions: tuple[tuple[str, tuple[tuple[str, tuple[Any, ...]], ...]], ...] = ()
    """A unique key column that keeps a composite unique key distinct alone -> the other
    columns of that key with their few values: in a leaf of limited room the key column
    repeats its values, and these columns make the rows' keys differ."""

    def columns(self) -> set[str]:
        """The key columns the leaves aim (those of a DEFAULT or HASH leaf stay as made)."""
        return {c for leaf in self.leaves for c, rule in leaf.rules if rule.kind != "any"}


def key_columns(key: str) -> tuple[str, list[str]] | None:
    """(strategy, column names) of ``RANGE (a, "B c")``; None for a key with expressions."""
    match = re.fullmatch(r"\s*(\w+)\s*\((.*)\)\s*", key)
    if match is None:
        return None
    names: list[str] = []
    for part in _split(match.group(2)):
        quoted = re.fullmatch(r'"((?:[^"]|"")+)"', part)
        if quoted is not None:
            names.append(quoted.group(1).replace('""', '"'))
        elif re.fullmatch(r"[a-z_][a-z0-9_$]*", part):
            names.append(part)
        else:
            return None  # an expression (lower(a), date_trunc(...)) or a collation
    return match.group(1).upper(), names


def _split(text: str) -> list[str]:
    """Top-level comma-separated parts of ``text`` (quotes and parentheses respected)."""
    parts, depth, quote, cur = [], 0, "", ""
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = ""  # a doubled quote re-opens at once: same text
        elif ch in "'\"":
            quote, cur = ch, cur + ch
        elif ch == "(":
            depth, cur = depth + 1, cur + ch
        elif ch == ")":
            depth, cur = depth - 1, cur + ch
        elif ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


_MIN, _MAX = "MINVALUE", "MAXVALUE"


def _literal(token: str, kind: str) -> Any:
    """The Python value of one bound literal for a column of ``kind``."""
    upper = token.upper()
    if upper in (_MIN, _MAX):
        return upper
    if upper == "NULL":
        return None
    match = re.fullmatch(r"'((?:[^']|'')*)'(?:::[\w\s\"]+)?", token)
    text = match.group(1).replace("''", "'") if match else token
    try:
        if kind == "int":
            return int(text)
        if kind == "decimal":
            return Decimal(text)
        if kind == "float":
            return float(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
        if kind == "bool":
            return text.lower() in ("true", "t", "1", "yes")
        if kind == "uuid":
            return uuid.UUID(text)
    except (ValueError, InvalidOperation):
        raise ValueError(f"bound {token} is not a value of kind {kind}") from None
    return text


def _bound_rules(bound: str, key: str, kinds: Mapping[str, str]) -> list[tuple[str, Rule]]:
    """What ``bound`` (of a partition of a table partitioned by ``key``) allows per column."""
    parsed = key_columns(key)
    if parsed is None:
        raise ValueError(f"the partition key {key} is an expression")
    strategy, columns = parsed
    text = bound.strip()
    if text.upper() == "DEFAULT" or strategy == "HASH":
        return [(c, Rule("any")) for c in columns]
    ranged = re.fullmatch(r"FOR VALUES FROM \((.*)\) TO \((.*)\)", text, re.DOTALL)
    if ranged is not None:
        lows = [_literal(t, kinds[c]) for t, c in zip(_split(ranged.group(1)), columns)]
        highs = [_literal(t, kinds[c]) for t, c in zip(_split(ranged.group(2)), columns)]
        return _range_rules(columns, lows, highs)
    listed = re.fullmatch(r"FOR VALUES IN \((.*)\)", text, re.DOTALL)
    if listed is not None:
        values = tuple(_literal(t, kinds[columns[0]]) for t in _split(listed.group(1)))
        return [(columns[0], Rule("list", values=values))]
    raise ValueError(f"partition bound {bound} is not understood")


def _range_rules(columns: list[str], lows: list[Any], highs: list[Any]) -> list[tuple[str, Rule]]:
    """A multi-column range ``(a1, b1) <= (x, y) < (a2, b2)``: ``x`` strictly between
    ``a1`` and ``a2`` leaves ``y`` free; ``a1 == a2`` pins ``x`` and bounds ``y``."""
    first, lo, hi = columns[0], lows[0], highs[0]
    low = None if lo == _MIN else lo
    high = None if hi == _MAX else hi
    if len(columns) == 1:
        return [(first, Rule("range", low, high))]
    if low is not None and low == high:
        rest = _range_rules(columns[1:], lows[1:], highs[1:])
        return [(first, Rule("list", values=(low,))), *rest]
    rest_free = all(v == _MIN for v in lows[1:])
    return [(first, Rule("range", low, high, low_open=not rest_free and low is not None))] + [
        (c, Rule("any")) for c in columns[1:]
    ]


def partitioning_for(
    table: TableInfo,
    oid: int,
    nodes: Sequence[PartitionNode],
    seed: int,
    unique: frozenset[str],
    aimed: frozenset[str] | None = None,
    companions: Mapping[str, tuple[tuple[str, tuple[Any, ...]], ...]] | None = None,
    checks: Mapping[str, ColumnBounds] | None = None,
) -> Partitioning:
    """The leaves rows of ``table`` (the relation ``oid`` of the tree ``nodes``) go to;
    only the columns in ``aimed`` (all by default) are given values inside the bounds,
    and inside what ``checks`` (CHECK bounds by column) allows of them; ``companions`` as
    :attr:`Partitioning.companions`. Raises ValueError with the reason when the bounds
    cannot be aimed at."""
    by_oid = {n.oid: n for n in nodes}
    kinds = {c.name: c.kind for c in table.columns}
    infos = {c.name: c for c in table.columns}
    below = _descendants(oid, nodes)
    leaves: list[Leaf] = []
    for node in nodes:
        if not node.leaf or node.oid not in below:
            continue
        rules: dict[str, Rule] = {}
        cur = node
        while cur.parent is not None and cur.bound is not None:
            parent = by_oid[cur.parent]
            for column, rule in _bound_rules(cur.bound, parent.key or "", kinds):
                if column not in kinds:
                    raise ValueError(f"partition key column {column!r} is not in the models")
                rules.setdefault(column, rule)  # the innermost bound is the narrowest
            cur = parent
        if node.parent == oid and (node.bound or "").strip().upper() == "DEFAULT":
            rules.update(_beside_siblings(by_oid[oid], nodes, kinds, unique))
        if aimed is not None:
            rules = {c: r if c in aimed else Rule("any") for c, r in rules.items()}
        rules = {c: _narrow(r, (checks or {}).get(c), infos[c]) for c, r in rules.items()}
        leaves.append(Leaf(node.name, tuple(sorted(rules.items()))))
    scales = tuple((c.name, c.scale or 0) for c in table.columns if c.kind == "decimal")
    got = Partitioning(
        table=table.fullname,
        leaves=tuple(leaves),
        kinds=tuple(sorted(kinds.items())),
        unique=unique,
        scales=scales,
        salt=derive(seed, table.fullname, "partitions") % 1_000_003,
        companions=tuple(sorted((c, v) for c, v in (companions or {}).items() if v)),
    )
    rooms = tuple(_leaf_room(got, leaf) for leaf in got.leaves)
    return got if all(r is None for r in rooms) else replace(got, rooms=rooms)


def _narrow(rule: Rule, bounds: ColumnBounds | None, column: ColumnInfo) -> Rule:
    """``rule`` cut to what a CHECK allows of its column: a list keeps the values the CHECK
    admits (case-insensitively for citext), a range the values a CHECK lists inside it; an
    integer, date, timestamp or NUMERIC range its part inside the CHECK's ends, minus the
    values it excludes (``skip``); a text range the values of :func:`text_range`. Nothing
    left: an empty list (a leaf no row can go to)."""
    kind = column.kind
    fold = kind == "str" and type(column.concrete_type).__name__.upper() == "CITEXT"
    if rule.kind == "any" or (bounds is None and kind != "str"):
        return rule
    if rule.kind == "list":
        return replace(rule, values=tuple(v for v in rule.values if _admits(bounds, v, fold)))
    if bounds is not None and bounds.allowed is not None:
        inside = [v for v in bounds.allowed if _inside(rule, v, fold)]
        return Rule("list", values=tuple(v for v in inside if _admits(bounds, v, fold)))
    if kind == "str":
        shortest, longest = (bounds.min_length, bounds.max_length) if bounds else (None, None)
        top = [n for n in (column.length, longest) if n is not None]
        lengths = (shortest or 0, min(top) if top else None)
        low, high = _text_end(rule.low), _text_end(rule.high)
        got = text_range(low, high, rule.low_open, lengths, bounds, fold)
        return Rule("list") if got is None else replace(rule, text=got)
    if kind not in _STEPPED or bounds is None:
        return rule
    return _cut(rule, bounds, kind, column.scale or 0)


_STEPPED = ("int", "date", "datetime", "decimal")


def _text_end(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _inside(rule: Rule, value: Any, fold: bool) -> bool:
    """Whether ``value`` lies inside the range ``rule``."""
    try:
        v, low, high = (value, rule.low, rule.high)
        if fold and isinstance(value, str):
            v, low, high = value.lower(), _fold(low), _fold(high)
        if low is not None and (v < low or (rule.low_open and v == low)):
            return False
        return high is None or v < high
    except TypeError:
        return False


def _fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _step(kind: str, scale: int) -> Any:
    """The distance between two values :func:`_choose` gives a column of ``kind``."""
    if kind == "int":
        return 1
    if kind == "date":
        return dt.timedelta(days=1)
    if kind == "datetime":
        return dt.timedelta(seconds=1)
    return Decimal(1).scaleb(-scale)


def _cut(rule: Rule, bounds: ColumnBounds, kind: str, scale: int) -> Rule:
    """An integer, date, timestamp or NUMERIC range inside a CHECK's ends, minus the values
    it excludes. Values of a timestamp or NUMERIC range run from its low end by a step (a
    second, the scale): an inclusive high end of the CHECK stays out unless it is one of
    them."""
    one = _step(kind, scale)
    low = rule.low + one if rule.low is not None and rule.low_open else rule.low
    high = rule.high
    try:
        if bounds.low is not None:
            b = bounds.low if bounds.low_inclusive else bounds.low + one
            low = b if low is None else max(low, b)
        if bounds.high is not None:
            b = bounds.high
            if bounds.high_inclusive and (kind in ("int", "date") or _on_grid(low, b, one)):
                b = b + one
            high = b if high is None else min(high, b)
        if low is not None and high is not None and low >= high:
            return Rule("list")
        skip = tuple(
            sorted(
                e for e in set(bounds.excluded)
                if _same_kind(e, kind) and (low is None or e >= low)
                and (high is None or e < high) and (low is None or _on_grid(low, e, one))
            )
        )  # fmt: skip
    except (TypeError, InvalidOperation):
        return rule
    got = Rule("range", low, high, skip=skip)
    return Rule("list") if _room(got, kind, scale) == 0 else got


def _on_grid(low: Any, value: Any, step: Any) -> bool:
    """Whether ``value`` is ``low`` plus a whole number of ``step``."""
    if low is None:
        return False
    if isinstance(step, dt.timedelta):
        return bool((value - low) % step == dt.timedelta(0))
    return bool((Decimal(value) - Decimal(low)) % Decimal(step) == 0)


def _same_kind(value: Any, kind: str) -> bool:
    if isinstance(value, bool):
        return False
    if kind == "int":
        return isinstance(value, int)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "datetime":
        return isinstance(value, dt.datetime)
    return isinstance(value, (int, Decimal))


def _admits(bounds: ColumnBounds | None, value: Any, fold: bool = False) -> bool:
    if isinstance(value, str):
        return admits_text(bounds, value, fold)
    try:
        return bounds is None or bounds.admits(value)
    except TypeError:
        return True


def _beside_siblings(
    parent: PartitionNode,
    nodes: Sequence[PartitionNode],
    kinds: Mapping[str, str],
    unique: frozenset[str],
) -> dict[str, Rule]:
    """Where a DEFAULT partition of ``parent`` puts a unique range key column: past the
    highest (or below the lowest) bound of its siblings, so that no generated value lands in
    a sibling beside the values aimed there (a value no sibling holds is the DEFAULT's)."""
    parsed = key_columns(parent.key or "")
    if parsed is None or parsed[0] != "RANGE" or len(parsed[1]) != 1:
        return {}
    column = parsed[1][0]
    if column not in unique or kinds.get(column) not in ("int", "date", "datetime", "decimal"):
        return {}
    lows, highs = [], []
    for sibling in nodes:
        if sibling.parent != parent.oid or (sibling.bound or "").strip().upper() == "DEFAULT":
            continue
        for c, rule in _bound_rules(sibling.bound or "", parent.key or "", kinds):
            if c == column and rule.kind == "range":
                lows.append(rule.low)
                highs.append(rule.high)
    if not highs:
        return {}
    if all(h is not None for h in highs):
        return {column: Rule("range", low=max(highs))}
    if all(lo is not None for lo in lows):
        return {column: Rule("range", high=min(lows))}
    return {}


def listed_columns(
    table: TableInfo, oid: int, nodes: Sequence[PartitionNode]
) -> dict[str, tuple[Any, ...]]:
    """Key columns list partitions pin to their few values (``FOR VALUES IN ('eu')``), with
    those values: no column to make a composite unique key distinct with alone (its values
    are few, and its rows must land in the partitions; see :func:`defaulted_columns`)."""
    try:
        got = partitioning_for(table, oid, nodes, 0, frozenset())
    except ValueError:
        return {}
    out: dict[str, dict[Any, None]] = {}
    for leaf in got.leaves:
        for column, rule in leaf.rules:
            if rule.kind == "list":
                out.setdefault(column, {}).update(dict.fromkeys(rule.values))
    return {c: tuple(v) for c, v in out.items()}


def defaulted_columns(
    table: TableInfo, oid: int, nodes: Sequence[PartitionNode]
) -> frozenset[str]:
    """The columns of :func:`listed_columns` some leaf takes any other value of (a DEFAULT
    partition beside the list partitions): not limited to the listed values."""
    try:
        got = partitioning_for(table, oid, nodes, 0, frozenset())
    except ValueError:
        return frozenset()
    listed = listed_columns(table, oid, nodes)
    return frozenset(
        c
        for c in listed
        if any(dict(leaf.rules).get(c, Rule("any")).kind != "list" for leaf in got.leaves)
    )


def uncovered_hash(oid: int, nodes: Sequence[PartitionNode]) -> tuple[str, int, list[int]] | None:
    """A table below ``oid`` partitioned by HASH whose partitions leave some remainders
    without one (a row hashing there has nowhere to go, and a HASH table has no DEFAULT):
    (its name, the largest modulus, the remainders of that modulus not covered)."""
    below = _descendants(oid, nodes)
    for node in nodes:
        if node.oid not in below or node.leaf or not (node.key or "").upper().startswith("HASH"):
            continue
        parts = []
        for child in nodes:
            if child.parent != node.oid or child.bound is None:
                continue
            got = re.search(r"modulus (\d+), remainder (\d+)", child.bound, re.IGNORECASE)
            if got is not None:
                parts.append((int(got.group(1)), int(got.group(2))))
        top = max((m for m, _ in parts), default=1)
        held = {r for r in range(top) if any(r % m == k for m, k in parts)}
        if len(held) < top:
            return node.name, top, [r for r in range(top) if r not in held]
    return None


def _descendants(oid: int, nodes: Sequence[PartitionNode]) -> set[int]:
    out, frontier = {oid}, [oid]
    while frontier:
        cur = frontier.pop()
        for n in nodes:
            if n.parent == cur and n.oid not in out:
                out.add(n.oid)
                frontier.append(n.oid)
    return out


# =========================================================================== producing

_SPAN = {"int": 1000, "date": 365, "datetime": 365 * 86400, "decimal": 1000, "float": 1000.0}


def apply_partitions(p: Partitioning, batch: dict[str, list[Any]], start: int) -> None:
    """Put every row of ``batch`` (rows ``start``...) in a leaf, in place."""
    leaves = p.leaves
    if not leaves:
        return
    kinds = dict(p.kinds)
    scales = dict(p.scales)
    size = len(next(iter(batch.values()), []))
    columns = p.columns() & set(batch)
    if not columns:
        return
    companions = dict(p.companions)
    rounds = _rounds(p)
    for i in range(size):
        row = start + i
        at, pick = _place(p, rounds, row)
        leaf = leaves[at]
        h = mix64(row ^ (p.salt << 20))
        for column, rule in leaf.rules:
            if rule.kind == "any" or column not in columns:
                continue
            unique = column in p.unique
            scale = scales.get(column, 0)
            k = pick if unique else h
            if unique and column in companions:
                k = _combine(companions[column], batch, i, (rule, kinds[column], scale), pick)
            values = batch[column]
            values[i] = _choose(rule, kinds[column], values[i], k, scale, unique)


def _combine(
    partners: tuple[tuple[str, tuple[Any, ...]], ...],
    batch: dict[str, list[Any]],
    i: int,
    where: tuple[Rule, str, int],
    pick: int,
) -> int:
    """The pick of a unique key column that shares a leaf's room with its companions: the
    ``pick``-th row of the leaf takes value ``pick mod room`` of the column and the
    ``pick div room``-th combination of the companions' values (set here in ``batch``),
    each digit turned by an amount the column's value decides: rows with the same value
    still differ in the combination, and the first round is not all the first values."""
    room = _room(*where)
    if room is None:
        return pick  # an open end: the column alone keeps the rows apart
    point, rest = pick % room, pick // room
    for position, (column, domain) in enumerate(partners):
        n = len(domain)
        if column in batch:
            batch[column][i] = domain[(rest + mix64(point * 31 + position)) % n]
        rest //= n
    return point


def place(p: Partitioning, row: int) -> tuple[int, int]:
    """(the leaf row ``row`` goes to, its number among that leaf's rows)."""
    return _place(p, _rounds(p), row)


def _rounds(p: Partitioning) -> tuple[tuple[int, int, int, tuple[int, ...]], ...]:
    """The spans of rounds with the same leaves: (first row, first round, last round + 1 or
    -1 for no end, the leaves in turn). Leaf ``(j + salt) mod L`` is the ``j``-th in turn."""
    n = len(p.leaves)
    turn = [(j + p.salt) % n for j in range(n)]
    rooms = p.rooms or (None,) * n
    ends = sorted({r for r in rooms if r is not None})
    out: list[tuple[int, int, int, tuple[int, ...]]] = []
    row = first = 0
    for end in [*ends, -1]:
        active = tuple(i for i in turn if _holds(rooms[i], first))
        if not active:
            break
        out.append((row, first, end, active))
        if end < 0:
            break
        row, first = row + (end - first) * len(active), end
    return tuple(out)


def _holds(room: int | None, rows: int) -> bool:
    return room is None or room > rows


def _place(
    p: Partitioning, rounds: tuple[tuple[int, int, int, tuple[int, ...]], ...], row: int
) -> tuple[int, int]:
    for first_row, first, end, active in rounds:
        span = (end - first) * len(active) if end >= 0 else -1
        if span < 0 or row < first_row + span:
            offset = row - first_row
            return active[offset % len(active)], first + offset // len(active)
    # Beyond every leaf's room (refused up front, see leaf_rooms): round robin again.
    n = len(p.leaves)
    return (row + p.salt) % n, row // n


def leaf_rooms(p: Partitioning, column: str) -> tuple[tuple[str, int | None], ...]:
    """The distinct values of the unique ``column`` each leaf's bounds hold (None: no limit)."""
    kind = dict(p.kinds).get(column, "")
    scale = dict(p.scales).get(column, 0)
    out: list[tuple[str, int | None]] = []
    for leaf in p.leaves:
        rules = [r for c, r in leaf.rules if c == column and r.kind != "any"]
        room = _room(rules[0], kind, scale) if rules else None
        out.append((leaf.name, None if room is None else room * _combinations(p, column)))
    return tuple(out)


def _combinations(p: Partitioning, column: str) -> int:
    """How many combinations of values the companions of ``column`` take (1: none)."""
    out = 1
    for _, domain in dict(p.companions).get(column, ()):
        out *= len(domain)
    return out


def _leaf_room(p: Partitioning, leaf: Leaf) -> int | None:
    """The rows ``leaf`` holds: the fewest values its bounds hold of a unique key column."""
    kinds, scales = dict(p.kinds), dict(p.scales)
    rooms = [
        (_room(rule, kinds.get(c, ""), scales.get(c, 0)), _combinations(p, c))
        for c, rule in leaf.rules
        if c in p.unique and rule.kind != "any"
    ]
    known = [r * times for r, times in rooms if r is not None]
    if any(r.kind == "list" and not r.values for _, r in leaf.rules):
        return 0  # a CHECK keeps every value of the leaf out: no row goes there
    return min(known) if known else None


def _room(rule: Rule, kind: str, scale: int) -> int | None:
    """Distinct values :func:`_choose` gives a unique column inside ``rule``'s bounds."""
    if rule.kind == "list":
        return len(rule.values)
    if rule.text is not None:
        return text_room(rule.text)
    low, high = rule.low, rule.high
    if low is None or high is None or kind not in _STEPPED:
        return None  # an open end: room enough
    opened = 1 if rule.low_open else 0
    if kind == "int":
        n = int(high - low)
    elif kind == "date":
        n = int((high - low).days)
    elif kind == "datetime":
        n = int((high - low).total_seconds())
    else:
        n = int((Decimal(high) - Decimal(low)) / Decimal(1).scaleb(-scale))
    return max(max(n - opened, 1) - len(rule.skip), 0)


def _choose(
    rule: Rule, kind: str, current: Any, pick: int, scale: int, unique: bool = False
) -> Any:
    if rule.kind == "list":
        return rule.values[pick % len(rule.values)] if rule.values else current
    low, high = rule.low, rule.high
    if rule.text is not None:
        return _in_text_range(rule.text, current, pick, unique)
    span = _SPAN.get(kind)
    if span is None or (low is None and high is None and current is not None):
        return current
    # An open end (MINVALUE, MAXVALUE): a span of values, wide enough for a unique column.
    days = dt.timedelta(days=36500 if unique else 365)
    if unique and kind in ("int", "decimal"):
        span = 1_000_000_000
    if low is None:
        low = high - (days if kind in ("date", "datetime") else span)
    if high is None:
        high = low + (days if kind in ("date", "datetime") else span)
    if kind == "int":
        lo = low + (1 if rule.low_open else 0)
        return lo + _nth(max(high - lo, 1), pick, [e - lo for e in rule.skip])
    if kind == "date":
        lo = low + dt.timedelta(days=1 if rule.low_open else 0)
        steps = _nth(max((high - lo).days, 1), pick, [(e - lo).days for e in rule.skip])
        return lo + dt.timedelta(days=steps)
    if kind == "datetime":
        return _in_time_range(rule, low, high, pick)
    if kind == "decimal":
        step = Decimal(1).scaleb(-scale)
        lo = Decimal(low) + (step if rule.low_open else 0)
        steps = max(int((Decimal(high) - lo) / step), 1)
        skip = [(e - lo) / step for e in rule.skip]
        return (lo + step * _nth(steps, pick, [int(e) for e in skip if e == int(e)])).quantize(
            step
        )
    frac = (pick % 1_000_000) / 1_000_000
    return float(low) + frac * (float(high) - float(low)) + (1e-9 if rule.low_open else 0)


def _nth(n: int, pick: int, skip: list[int]) -> int:
    """Offset ``pick mod m`` among the ``m`` offsets ``0 .. n - 1`` not in ``skip``."""
    skip = [e for e in skip if 0 <= e < n]
    if len(skip) >= n:
        return pick % n  # every one is excluded: the database has the last word
    v = pick % (n - len(skip))
    for e in skip:
        if e <= v:
            v += 1
    return v


def _in_time_range(rule: Rule, low: Any, high: Any, pick: int) -> Any:
    # Bounds of a timestamptz key carry their offset, those of a timestamp key none: the
    # value follows them.
    lo = low + dt.timedelta(seconds=1 if rule.low_open else 0)
    seconds = max(int((high - lo).total_seconds()), 1)
    skip = [(e - lo).total_seconds() for e in rule.skip]
    return lo + dt.timedelta(seconds=_nth(seconds, pick, [int(e) for e in skip if e == int(e)]))


def _in_text_range(text: TextRange, current: Any, pick: int, unique: bool) -> Any:
    """A value of ``text``: the ``pick``-th for a unique column (distinct picks, distinct
    values); else the generated one when it is one of them, or one chosen by ``pick``."""
    if not unique and holds_text(text, current):
        return current
    return nth_text(text, pick)
