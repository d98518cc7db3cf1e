"""Row assembly: every column of a table for any range of rows, as column batches.

A :class:`TableBuilder` decides once, per table, where each column's values come
from (an override, a value generator, a key sequence, a parent's key through a
foreign key, a digit of a composite unique key) and then produces rows
``[start, stop)`` on demand. Everything is a function of (seed, table, row,
column), so a child can compute its parents' keys without reading them back.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine import values as V
from pytest_dbseed.engine.checks import Relation, TableChecks, analyse_checks
from pytest_dbseed.engine.planner import SeedPlan
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive, mix64
from pytest_dbseed.engine.schema import (
    ColumnInfo,
    ForeignKeyInfo,
    Polymorphic,
    SchemaGraph,
    TableInfo,
)
from pytest_dbseed.engine.types import int_type_limits
from pytest_dbseed.errors import ConfigError, PlanError, UniquenessError
from pytest_dbseed.spec import Fake

__all__ = ["Builders", "TableBuilder", "Override", "SELF_WINDOW"]

SELF_WINDOW = 4096
"""A self-referencing row points at one of this many rows before it (keeps lookups local)."""


Override = Any


def _int_limit(col: ColumnInfo) -> int:
    return int_type_limits(col.concrete_type)[1]


class KeySource:
    """The values of some columns of a table at arbitrary parent rows (absolute numbers)."""

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        """One list per key column, each holding the value at every row of ``rows``."""
        raise NotImplementedError


_WINDOW = 8192
"""Rows asked for in one call that lie this close together are generated as one range."""


class _BuiltKeys(KeySource):
    """Keys of rows this seed writes, computed from the parent's builder.

    Children ask for parents that lie close together (see ``_assignment``), so the
    usual call generates one short contiguous range of parent keys; scattered
    requests fall back to a bounded cache of whole blocks.
    """

    def __init__(self, builder: TableBuilder, columns: tuple[str, ...]) -> None:
        self.builder = builder
        self.columns = columns
        self.cache: OrderedDict[int, list[list[Any]]] = OrderedDict()
        self.fast: Callable[[int], Any] | None = None
        if len(columns) == 1:
            self.fast = builder.key_function(columns[0])

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        if not rows:
            return [[] for _ in self.columns]
        fast = self.fast
        if fast is not None:
            return [[fast(r) for r in rows]]
        lo, hi = min(rows), max(rows) + 1
        if hi - lo <= _WINDOW:
            cols = self.builder.key_columns(self.columns, lo, hi)
            return [[col[r - lo] for r in rows] for col in cols]
        out: list[list[Any]] = [[] for _ in self.columns]
        cache = self.cache
        for r in rows:
            block = r // BLOCK
            got = cache.get(block)
            if got is None:
                start = block * BLOCK
                stop = min(start + BLOCK, self.builder.start + self.builder.count)
                got = self.builder.key_columns(self.columns, start, stop)
                cache[block] = got
                if len(cache) > 256:
                    cache.popitem(last=False)
            else:
                cache.move_to_end(block)
            i = r - block * BLOCK
            for dest, col in zip(out, got):
                dest.append(col[i])
        return out


class _ExistingKeys(KeySource):
    """Keys already in the database (append mode); row i is the i-th key in key order."""

    def __init__(self, keys: list[tuple[Any, ...]], width: int) -> None:
        self.columns = [[k[i] for k in keys] for i in range(width)]

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        return [[col[r] for r in rows] for col in self.columns]


@dataclass
class _Parent:
    """Where a foreign key finds its parent rows: ``count`` rows numbered from ``start``."""

    source: KeySource
    start: int
    count: int


class TableBuilder:
    """Produces the column values of one table's rows."""

    def __init__(
        self,
        builders: Builders,
        table: TableInfo,
        count: int,
        start: int,
        id_offset: Mapping[str, int],
        overrides: Mapping[str, Override],
    ) -> None:
        self.builders = builders
        self.table = table
        self.count = count
        self.start = start
        self.id_offset = dict(id_offset)
        self.seed = builders.seed
        self.checks: TableChecks = analyse_checks(table)
        self.overrides = dict(overrides)
        for name in self.overrides:
            table.column(name)  # unknown column -> SchemaError naming the columns
        self.relations = list(self.checks.relations) + [
            rel
            for rel in V.implicit_relations(table)
            if rel.left not in self.overrides and rel.right not in self.overrides
        ]
        self._column_fn: dict[str, Callable[[int, int], list[Any]]] = {}
        self._fk_slots: dict[ForeignKeyInfo, Callable[[int, int], list[int | None]]] = {}
        self.written: list[ColumnInfo] = []
        self.later: list[ForeignKeyInfo] = []
        self._radix: list[tuple[int, Any]] = []

    def decide(self) -> None:
        """Choose each column's source; called once the builder is registered, so that
        self-references and deferred cycles can find it."""
        self._decide()

    # ------------------------------------------------------------------ deciding

    def _ctx(self, col: ColumnInfo, unique: bool = False) -> V.ColumnContext:
        return V.ColumnContext(
            table=self.table,
            column=col,
            seed=self.seed,
            locale=self.builders.locale,
            bounds=self.checks.columns.get(col.name),
            unique=unique,
        )

    def _where(self, col: ColumnInfo | None = None) -> str:
        if col is None:
            return f"table {self.table.fullname!r}"
        return f"column {self.table.fullname}.{col.name}"

    def _decide(self) -> None:
        table = self.table
        plan = self.builders.plan
        fk_cols: dict[str, ForeignKeyInfo] = {}
        # A column shared by two keys (tenant_id in both post -> tenant and
        # (tenant_id, user_id) -> user) follows the wider key, which implies the narrower.
        for fk in sorted(table.foreign_keys, key=lambda f: -len(f.columns)):
            if any(c in self.overrides for c in fk.columns):
                continue
            for c in fk.columns:
                if fk.self_referencing and c in _pinned(fk):
                    continue  # keeps the row's own value; see _self_pinned
                fk_cols.setdefault(c, fk)

        unique_cols: set[str] = set()
        for uset in table.unique_sets:
            if len(uset) == 1:
                unique_cols.add(uset[0])

        # Columns that are unique on their own, or made so to satisfy a composite set.
        satisfied_by: set[str] = set()
        radix_sets: list[tuple[str, ...]] = []
        for uset in table.unique_sets:
            if len(uset) == 1:
                continue
            if any(c in unique_cols for c in uset) or any(
                fk_cols.get(c) is not None and fk_cols[c].unique for c in uset
            ):
                continue
            free = [
                c
                for c in uset
                if c not in fk_cols
                and c not in self.overrides
                and V.finite_domain(self._ctx(table.column(c))) is None
            ]
            if free:
                unique_cols.add(free[0])
                satisfied_by.add(free[0])
                continue
            radix_sets.append(uset)

        radix_cols: dict[str, tuple[int, int]] = {}
        radix_fks: dict[ForeignKeyInfo, tuple[int, int]] = {}
        self._radix_offset: dict[int, int] = {}
        for set_index, uset in enumerate(radix_sets):
            if any(c in radix_cols or (c in fk_cols and fk_cols[c] in radix_fks) for c in uset):
                continue  # overlapping composite sets: the first one wins
            digits: list[tuple[int, Any]] = []
            for c in uset:
                maybe_fk = fk_cols.get(c)
                if maybe_fk is not None:
                    fk = maybe_fk
                    if fk in radix_fks:
                        continue
                    parent = self.builders.parent(fk)
                    radix_fks[fk] = (set_index, len(digits))
                    digits.append((parent.count, parent.start))
                    if isinstance(parent.source, _ExistingKeys):
                        # Combinations of parents already there: continue after the rows
                        # this table already has instead of repeating them.
                        self._radix_offset[set_index] = self.start
                elif c in self.overrides:
                    continue
                else:
                    domain = V.finite_domain(self._ctx(table.column(c)))
                    assert domain is not None
                    radix_cols[c] = (set_index, len(digits))
                    digits.append((len(domain), list(domain)))
            capacity = math.prod(size for size, _ in digits) if digits else 0
            used = self._radix_offset.get(set_index, 0)
            if used + self.count > capacity:
                already = f" ({used} of them used by rows already there)" if used else ""
                raise UniquenessError(
                    f"{self._where()}: {self.count} rows asked for, but the unique key "
                    f"({', '.join(uset)}) has only {capacity} distinct values "
                    f"({' x '.join(str(s) for s, _ in digits)}){already} (seed {self.seed}). "
                    f"Fix: ask for at most {capacity} rows, add parent rows, or override one "
                    "of these columns with values that are unique."
                )
            self._radix_digits_for(set_index, digits)

        # Foreign keys.
        for fk in dict.fromkeys(fk_cols.values()):
            if fk in radix_fks:
                set_index, pos = radix_fks[fk]
                self._fk_slots[fk] = self._radix_slot(set_index, pos)
            elif fk in plan.deferred:
                self.later.append(fk)
                self._fk_slots[fk] = _nulls
            else:
                self._fk_slots[fk] = self._assignment(fk)
        self._relations_on_keys(fk_cols, radix_fks)

        poly = self.builders.graph.polymorphic.get(table.fullname)
        for col in table.columns:
            name = col.name
            if col.computed:
                continue
            if name in self.overrides:
                self._column_fn[name] = self._override_fn(col, self.overrides[name])
            elif poly is not None and name == poly.column:
                self._column_fn[name] = self._discriminator(poly)
            elif name in fk_cols:
                fk = fk_cols[name]
                if fk.self_referencing and _pinned(fk):
                    self._column_fn[name] = self._self_pinned(fk, fk.columns.index(name))
                else:
                    self._column_fn[name] = self._fk_column(fk, fk.columns.index(name))
            elif name in radix_cols:
                set_index, pos = radix_cols[name]
                self._column_fn[name] = self._radix_value(set_index, pos)
            elif col.autoincrement and col.primary_key:
                self._column_fn[name] = self._int_key(col)
            elif col.database_fills and not col.primary_key and name not in unique_cols:
                continue  # server default / identity: the database fills it
            else:
                ctx = self._ctx(col, unique=name in unique_cols)
                gen = V.make_generator(ctx)
                if (
                    ctx.unique
                    and gen.capacity is not None
                    and self.start + self.count > gen.capacity
                ):
                    why = (
                        "made unique to satisfy a composite unique key"
                        if name in satisfied_by
                        else "unique"
                    )
                    room = max(gen.capacity - self.start, 0)
                    there = f" on top of {self.start} already there" if self.start else ""
                    raise UniquenessError(
                        f"{self._where(col)} is {why} but its type and constraints allow only "
                        f"{gen.capacity} distinct values, and {self.count} rows were asked "
                        f"for{there} (seed {self.seed}). Fix: ask for at most {room} "
                        f"{table.name!r} rows, or override {name!r} with distinct values."
                    )
                self._column_fn[name] = gen.batch
            self.written.append(col)

    def _relations_on_keys(
        self, fk_cols: Mapping[str, ForeignKeyInfo], radix_fks: Mapping[ForeignKeyInfo, Any]
    ) -> None:
        """Row relations (CHECK a <> b, a < b) that involve foreign key columns.

        Moving a key by arithmetic would point it at a row that does not exist, so a
        relation between a key and a plain column moves the plain column, and one between
        two keys into the same parent table is met by choosing the parents.
        """
        kept: list[Relation] = []
        for rel in self.relations:
            left_fk, right_fk = fk_cols.get(rel.left), fk_cols.get(rel.right)
            if left_fk is None:
                kept.append(rel)
            elif right_fk is None:
                kept.append(Relation(rel.right, _FLIP[rel.op], rel.left, rel.constraint))
            else:
                self._pair_parents(rel, left_fk, right_fk, radix_fks)
        self.relations = kept

    def _pair_parents(
        self,
        rel: Relation,
        left: ForeignKeyInfo,
        right: ForeignKeyInfo,
        radix_fks: Mapping[ForeignKeyInfo, Any],
    ) -> None:
        label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
        fix = (
            f"Fix: override {rel.left!r} and {rel.right!r} with values that satisfy it, "
            f"e.g. counts={{{self.table.name!r}: rows(N, {rel.left}=..., {rel.right}=...)}}."
        )
        parent = self.builders.parent(left)
        ordered = rel.op not in ("<>", "!=", "=")
        increasing = (
            len(left.columns) == 1
            and isinstance(parent.source, _BuiltKeys)
            and parent.source.fast is not None
        )
        if (
            left.ref_table != right.ref_table
            or left.ref_columns != right.ref_columns
            or left in radix_fks
            or right in radix_fks
            or left in self.later
            or right in self.later
            or (ordered and not increasing)
        ):
            raise PlanError(
                f"{self._where()}: the CHECK {label!r} compares two foreign keys in a way the "
                f"generator cannot choose parents for (seed {self.seed}). {fix}"
            )
        if self.count > 0 and parent.count < 2 and rel.op != "=":
            raise PlanError(
                f"{self._where()}: the CHECK {label!r} needs two different {left.ref_table!r} "
                f"rows but only {parent.count} is planned. Fix: ask for at least 2 "
                f"{left.ref_table!r} rows."
            )
        lo, hi = parent.start, parent.start + parent.count - 1
        raw_left, raw_right = self._fk_slots[left], self._fk_slots[right]
        cache: dict[tuple[int, int], tuple[list[int | None], list[int | None]]] = {}
        op = rel.op

        def pairs(start: int, stop: int) -> tuple[list[int | None], list[int | None]]:
            got = cache.get((start, stop))
            if got is not None:
                return got
            ls, rs = raw_left(start, stop), raw_right(start, stop)
            out_l: list[int | None] = []
            out_r: list[int | None] = []
            for a, b in zip(ls, rs):
                if a is not None and b is not None:
                    a, b = _meet(op, a, b, lo, hi)
                out_l.append(a)
                out_r.append(b)
            cache.clear()
            cache[(start, stop)] = (out_l, out_r)
            return out_l, out_r

        self._fk_slots[left] = lambda start, stop: pairs(start, stop)[0]
        self._fk_slots[right] = lambda start, stop: pairs(start, stop)[1]

    def _radix_digits_for(self, set_index: int, digits: list[tuple[int, Any]]) -> None:
        while len(self._radix) <= set_index:
            self._radix.append((0, None))
        self._radix[set_index] = (len(digits), digits)

    def _digits(self, set_index: int, row: int) -> list[int]:
        """Row -> distinct digits of a composite key: bijective for rows < product of sizes."""
        _, digits = self._radix[set_index]
        i = row - self.start + self._radix_offset.get(set_index, 0)
        out: list[int] = []
        salt = derive(self.seed, self.table.fullname, "radix", set_index)
        first = 0
        for k, (size, _) in enumerate(digits):
            if k == 0:
                first = i % size
                out.append(first)
                i //= size
            else:
                out.append((i % size + mix64(salt ^ first) % size) % size)
                i //= size
        return out

    def _radix_slot(self, set_index: int, pos: int) -> Callable[[int, int], list[int | None]]:
        first = self._radix[set_index][1][pos][1]  # the parent's first row of this seed

        def slots(start: int, stop: int) -> list[int | None]:
            return [first + self._digits(set_index, r)[pos] for r in range(start, stop)]

        return slots

    def _radix_value(self, set_index: int, pos: int) -> Callable[[int, int], list[Any]]:
        domain = self._radix[set_index][1][pos][1]

        def values(start: int, stop: int) -> list[Any]:
            return [domain[self._digits(set_index, r)[pos]] for r in range(start, stop)]

        return values

    def _int_key(self, col: ColumnInfo) -> Callable[[int, int], list[Any]]:
        offset = self.id_offset.get(col.name, 0)
        limit = _int_limit(col)
        if offset + self.start + self.count > limit:
            raise UniquenessError(
                f"{self._where(col)}: {self.count} more rows would number keys past "
                f"{limit}, the largest value its type holds. Fix: ask for fewer rows or "
                "use a wider integer type."
            )
        base = offset + 1 - self.start

        def values(start: int, stop: int) -> list[Any]:
            return list(range(base + start, base + stop))

        return values

    def key_function(self, column: str) -> Callable[[int], Any] | None:
        """A per-row function for a key column when one exists (integer sequences)."""
        col = self.table.column(column)
        if column in self.overrides or not (col.autoincrement and col.primary_key):
            return None
        if any(column in fk.columns for fk in self._fk_slots):
            return None
        base = self.id_offset.get(col.name, 0) + 1 - self.start
        return lambda r: base + r

    def _override_fn(self, col: ColumnInfo, value: Override) -> Callable[[int, int], list[Any]]:
        if isinstance(value, Fake):
            ctx = self._ctx(col, unique=col.unique)
            gen = V.provider_generator(ctx, value.provider, value.args, dict(value.kwargs))
            return gen.batch
        if callable(value):
            fn = value

            def call(start: int, stop: int) -> list[Any]:
                out = []
                for r in range(start, stop):
                    try:
                        out.append(fn(r))
                    except Exception as exc:
                        raise ConfigError(
                            f"the override for {self._where(col)} raised {exc!r} at row {r} "
                            f"(seed {self.seed}); an override callable takes the row's number "
                            "in its table (0 for the first row of an empty table) and returns "
                            "the value"
                        ) from exc
                return out

            return call
        if col.unique and self.count > 1 and not (value is None and col.nullable):
            raise UniquenessError(
                f"{self._where(col)} is unique but is overridden with the constant "
                f"{value!r} for {self.count} rows. Fix: override it with a callable, e.g. "
                f"lambda row: f'...{{row}}', or with fake(...)."
            )

        def const(start: int, stop: int) -> list[Any]:
            return [value] * (stop - start)

        return const

    # ------------------------------------------------------------ foreign keys

    def _assignment(self, fk: ForeignKeyInfo) -> Callable[[int, int], list[int | None]]:
        """Child row -> parent row number (absolute), or None for NULL."""
        parent = self.builders.parent(fk)
        p_start, p_count = parent.start, parent.count
        child_start, child_count = self.start, max(self.count, 1)
        nullable = fk.nullable
        base = derive(self.seed, self.table.fullname, "fk", *fk.columns)
        null_share = 0.1

        if fk.self_referencing:
            unique = fk.unique

            def self_slots(start: int, stop: int) -> list[int | None]:
                out: list[int | None] = []
                for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
                    rng = block_rng(base, block)
                    lo = max(start, block * BLOCK)
                    hi = min(stop, (block + 1) * BLOCK)
                    skip = lo - block * BLOCK
                    draws = [(rng.random(), rng.random()) for _ in range(hi - block * BLOCK)]
                    for r, (u, w) in zip(range(lo, hi), draws[skip:]):
                        i = r - p_start  # rows of this seed, counted from 0
                        if unique:
                            out.append(r - 1 if i > 0 else None)
                        elif i <= 0 or (nullable and u < 0.2):
                            out.append(None if nullable else r)
                        else:
                            back = 1 + int(w * min(i, SELF_WINDOW))
                            out.append(r - back)
                return out

            return self_slots

        if p_count <= 0:
            return _nulls

        if fk.unique:
            # Joined-table subclasses of one base take consecutive ranges of its rows, so
            # each base row belongs to at most one subclass (see _discriminator).
            offset = self._subclass_offset(fk.ref_table)

            def one_to_one(start: int, stop: int) -> list[int | None]:
                return [
                    p_start + offset + (r - child_start)
                    if offset + r - child_start < p_count
                    else None
                    for r in range(start, stop)
                ]

            return one_to_one

        # Child row i points near parent row i * P / C, uniformly inside a window of
        # parents: every parent gets a share of children, and one batch of children
        # touches only a few blocks of parent keys (no lookups scattered over the table).
        scale = p_count / child_count
        width = min(p_count, max(64, math.ceil(BLOCK * scale)))
        top = p_count - width

        def slots(start: int, stop: int) -> list[int | None]:
            out: list[int | None] = []
            half = width / 2
            for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
                rnd = block_rng(base, block).random
                b0 = block * BLOCK
                lo = max(start, b0)
                hi = min(stop, b0 + BLOCK)
                # Two draws per row of the block, whatever part of it is asked for.
                draws = [rnd() for _ in range(2 * (hi - b0))][2 * (lo - b0) :]
                firsts = [int((r - child_start) * scale - half) for r in range(lo, hi)]
                picks = [
                    p_start + (0 if f < 0 else top if f > top else f) + int(w * width)
                    for f, w in zip(firsts, draws[1::2])
                ]
                if nullable:
                    out.extend(None if u < null_share else p for p, u in zip(picks, draws[0::2]))
                else:
                    out.extend(picks)
            return out

        return slots

    def _fk_column(self, fk: ForeignKeyInfo, pos: int) -> Callable[[int, int], list[Any]]:
        slots_fn = self._fk_slots[fk]
        source = self.builders.parent(fk).source
        cache: dict[tuple[int, int], list[list[Any]]] = {}

        def values(start: int, stop: int) -> list[Any]:
            key = (start, stop)
            got = cache.get(key)
            if got is None:
                slots = slots_fn(start, stop)
                if None in slots:
                    present = [s for s in slots if s is not None]
                    cols = source.at(present)
                    got = []
                    for col in cols:
                        it = iter(col)
                        got.append([None if s is None else next(it) for s in slots])
                else:
                    got = source.at(slots)  # type: ignore[arg-type]
                cache.clear()
                cache[key] = got
            return got[pos]

        return values

    def _subclass_ranges(self, base: str) -> list[tuple[int, int, Any, str]]:
        """(first, stop, identity, table) of each joined subclass's share of base rows."""
        poly = self.builders.graph.polymorphic.get(base)
        out: list[tuple[int, int, Any, str]] = []
        first = 0
        for identity, child in poly.joined if poly is not None else ():
            n = self.builders.plan.counts.get(child, 0)
            out.append((first, first + n, identity, child))
            first += n
        return out

    def _subclass_offset(self, base: str) -> int:
        for first, _stop, _identity, child in self._subclass_ranges(base):
            if child == self.table.fullname:
                return first
        return 0

    def _discriminator(self, poly: Polymorphic) -> Callable[[int, int], list[Any]]:
        """Identities the ORM knows: a joined subclass's rows carry its identity, the other
        rows one of those stored in the base table alone."""
        ranges = self._subclass_ranges(self.table.fullname)
        own = poly.identities or tuple(identity for identity, _ in poly.joined)
        salt = derive(self.seed, self.table.fullname, "discriminator")

        def values(start: int, stop: int) -> list[Any]:
            out: list[Any] = []
            for r in range(start, stop):
                rel = r - self.start
                for first, end, identity, _child in ranges:
                    if first <= rel < end:
                        out.append(identity)
                        break
                else:
                    out.append(own[mix64(salt ^ r) % len(own)])
            return out

        return values

    def _self_pinned(self, fk: ForeignKeyInfo, pos: int) -> Callable[[int, int], list[Any]]:
        """A self-reference that shares columns with the key it points at, like
        (tenant_id, parent_id) -> (tenant_id, id): the shared columns keep the row's own
        values, so the row points at itself when the key is NOT NULL and at nothing when
        it is nullable."""
        ref = fk.ref_columns[pos]
        if fk.nullable:
            return _none_values

        def own(start: int, stop: int) -> list[Any]:
            return self._column_fn[ref](start, stop)

        return own

    def fill_later(self, fk: ForeignKeyInfo, start: int, stop: int) -> list[tuple[Any, ...] | None]:
        """Parent keys for a deferred foreign key (written NULL first, filled by UPDATE)."""
        slots = self._assignment(fk)(start, stop)
        source = self.builders.parent(fk).source
        present = [s for s in slots if s is not None]
        keys = iter(zip(*source.at(present)))
        return [None if s is None else next(keys) for s in slots]

    # ------------------------------------------------------------------ output

    def column_batch(self, start: int, stop: int) -> dict[str, list[Any]]:
        """Values of every written column for rows ``start`` to ``stop - 1``."""
        batch = {col.name: self._column_fn[col.name](start, stop) for col in self.written}
        if self.relations:
            V.apply_relations(self.table, batch, self.relations, start, self.seed)
        return batch

    def key_columns(self, columns: tuple[str, ...], start: int, stop: int) -> list[list[Any]]:
        """Values of ``columns`` (referenced by children) for rows ``start`` to ``stop - 1``."""
        if self.relations and any(
            rel.left in columns or rel.right in columns for rel in self.relations
        ):
            batch = self.column_batch(start, stop)
            return [batch[c] for c in columns]
        return [self._column_fn[c](start, stop) for c in columns]


def _nulls(start: int, stop: int) -> list[int | None]:
    return [None] * (stop - start)


def _none_values(start: int, stop: int) -> list[Any]:
    return [None] * (stop - start)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}


def _meet(op: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """Two parent rows in [lo, hi] made to satisfy ``a op b`` (row order = key order)."""
    if op == "=":
        return a, a
    if op in ("<>", "!="):
        if a == b:
            b = a + 1 if a < hi else a - 1
        return a, b
    if op in (">", ">="):
        b, a = _meet(_FLIP[op], b, a, lo, hi)
        return a, b
    if a > b:
        a, b = b, a
    if op == "<" and a == b:
        if b < hi:
            b += 1
        else:
            a -= 1
    return a, b


def _pinned(fk: ForeignKeyInfo) -> set[str]:
    """Columns of a self-reference that point at themselves (same name, same position)."""
    return {c for c, r in zip(fk.columns, fk.ref_columns) if c == r}


class Builders:
    """All table builders of one seed, created in insertion order."""

    def __init__(
        self,
        graph: SchemaGraph,
        plan: SeedPlan,
        *,
        starts: Mapping[str, int],
        id_offsets: Mapping[str, Mapping[str, int]],
        overrides: Mapping[str, Mapping[str, Override]],
        existing_keys: Callable[[ForeignKeyInfo], list[tuple[Any, ...]]] | None,
        locale: str | Sequence[str] | None,
    ) -> None:
        self.graph = graph
        self.plan = plan
        self.seed = plan.seed
        self.locale = locale
        self.starts = starts
        self.id_offsets = id_offsets
        self.overrides = overrides
        self.existing_keys = existing_keys
        self.tables: dict[str, TableBuilder] = {}
        self._parents: dict[ForeignKeyInfo, _Parent] = {}
        # Build in an order where every parent exists before its children; tables in a
        # deferred cycle are built first, lazily, when a child asks.
        for name in plan.order:
            self.builder(name)

    def builder(self, name: str) -> TableBuilder:
        got = self.tables.get(name)
        if got is None:
            table = self.graph.tables[name]
            got = TableBuilder(
                self,
                table,
                self.plan.counts.get(name, 0),
                self.starts.get(name, 0),
                self.id_offsets.get(name, {}),
                self.overrides.get(name, {}),
            )
            self.tables[name] = got
            got.decide()
        return got

    def parent(self, fk: ForeignKeyInfo) -> _Parent:
        got = self._parents.get(fk)
        if got is not None:
            return got
        name = fk.ref_table
        count = self.plan.counts.get(name, 0)
        if count > 0 or fk.self_referencing or self.existing_keys is None:
            builder = self.builder(name)
            got = _Parent(_BuiltKeys(builder, fk.ref_columns), builder.start, count)
        else:
            keys = self.existing_keys(fk)
            got = _Parent(_ExistingKeys(keys, len(fk.ref_columns)), 0, len(keys))
        self._parents[fk] = got
        return got
