"""Producing rows: a decided description and a row range -> column batches.

:class:`SeedRows` turns a :class:`~pytest_dbseed.engine.sources.SeedSources` into rows:
``rows.table(name).batch(start, stop)`` returns ``{column: [values of rows start..stop-1]}``
for the written columns. Every value is a function of (seed, table, column, row), so any
range can be produced in any order, in any process, with identical results; a child
computes its parents' keys by producing the parent's key columns for the rows it picked,
never by reading them back.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pytest_dbseed.engine import values as V
from pytest_dbseed.engine.bijections import coprime
from pytest_dbseed.engine.checks import COMPARISONS, analyse_checks
from pytest_dbseed.engine.ranks import ranked, reach
from pytest_dbseed.engine.records import Member, TableRecords, column_max_len
from pytest_dbseed.engine.records.follow import follow
from pytest_dbseed.engine.records.slugs import Follower
from pytest_dbseed.engine.rng import BLOCK, block_rng, derive, mix64
from pytest_dbseed.engine.schema import ForeignKeyInfo, SchemaGraph, TableInfo
from pytest_dbseed.engine.semantics import ANCHOR
from pytest_dbseed.engine.sources import (
    SELF_WINDOW,
    ZIPF_GROUP,
    AlwaysNull,
    Among,
    Apart,
    Ascending,
    Assignment,
    BuiltParent,
    Checked,
    ColumnSource,
    Constant,
    Cycling,
    DatabaseFills,
    Discriminator,
    ExistingParent,
    FromCallable,
    FromProvider,
    Generated,
    IntegerKey,
    KeyColumn,
    NoParent,
    OneToOne,
    Paired,
    ParentColumn,
    ParentRows,
    Polymorphic,
    RadixColumn,
    RadixDigit,
    RadixSet,
    Ranked,
    RecordField,
    SeedSources,
    SelfPinned,
    SelfTree,
    Spread,
    TableSources,
    Zipf,
)
from pytest_dbseed.engine.sources.nulls import row_branches
from pytest_dbseed.engine.sources.polymorphic import polymorphic_values
from pytest_dbseed.engine.sums import summed
from pytest_dbseed.engine.values.partitions import apply_partitions
from pytest_dbseed.errors import ConfigError, PlanError

__all__ = ["SeedRows", "TableRows", "Batch"]

Batch = dict[str, list[Any]]
"""Column name -> the values of consecutive rows."""

ColumnFn = Callable[[int, int], list[Any]]
SlotFn = Callable[[int, int], list[int | None]]

_WINDOW = 8192
"""Rows asked for in one call that lie this close together are generated as one range."""


class SeedRows:
    """The producer of every table of one decided seed."""

    def __init__(self, graph: SchemaGraph, sources: SeedSources) -> None:
        self.graph = graph
        self.sources = sources
        self.seed = sources.seed
        self._tables: dict[str, TableRows] = {}

    def table(self, name: str) -> TableRows:
        """The producer of one table (built on first use)."""
        got = self._tables.get(name)
        if got is None:
            got = self._tables[name] = TableRows(self, self.sources.table(name))
        return got

    def batch(self, table: str, start: int, stop: int) -> Batch:
        """Values of every written column of ``table`` for rows ``start`` to ``stop - 1``."""
        return self.table(table).batch(start, stop)

    def keys(self, parent: ParentRows) -> _KeySource:
        if isinstance(parent, ExistingParent):
            return _ExistingKeys(parent)
        return _BuiltKeys(self, parent)


class _KeySource:
    """The values of some columns of a table at arbitrary parent rows (absolute numbers)."""

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        """One list per key column, each holding the value at every row of ``rows``."""
        raise NotImplementedError


class _BuiltKeys(_KeySource):
    """Keys of rows this seed writes, computed by producing the parent's key columns.

    Children ask for parents that lie close together (see :class:`~.sources.Spread`), so
    the usual call generates one short contiguous range of parent keys; scattered
    requests fall back to a bounded cache of whole blocks. A single integer key column
    is a function of the row alone and is computed without producing anything.
    """

    def __init__(self, rows: SeedRows, parent: BuiltParent) -> None:
        self.rows = rows
        self.parent = parent
        self.columns = parent.columns
        self.cache: OrderedDict[int, list[list[Any]]] = OrderedDict()

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        if not rows:
            return [[] for _ in self.columns]
        base = self.parent.key_base
        if base is not None:
            return [[base + r for r in rows]]
        table = self.rows.table(self.parent.table)
        lo, hi = min(rows), max(rows) + 1
        if hi - lo <= _WINDOW:
            cols = table.key_columns(self.columns, lo, hi)
            return [[col[r - lo] for r in rows] for col in cols]
        out: list[list[Any]] = [[] for _ in self.columns]
        cache = self.cache
        for r in rows:
            block = r // BLOCK
            got = cache.get(block)
            if got is None:
                start = block * BLOCK
                got = table.key_columns(self.columns, start, min(start + BLOCK, table.stop))
                cache[block] = got
                if len(cache) > 256:
                    cache.popitem(last=False)
            else:
                cache.move_to_end(block)
            i = r - block * BLOCK
            for dest, col in zip(out, got):
                dest.append(col[i])
        return out


class _ExistingKeys(_KeySource):
    """Keys already in the database (append mode); row i is the i-th key in key order."""

    def __init__(self, parent: ExistingParent) -> None:
        width = len(parent.columns)
        self.columns = [[k[i] for k in parent.keys] for i in range(width)]

    def at(self, rows: Sequence[int]) -> list[list[Any]]:
        return [[col[r] for r in rows] for col in self.columns]


def _branch(salt: int, branches: Sequence[Sequence[str]], row: int) -> Sequence[str]:
    """The columns row ``row`` sets NULL for one NULL choice (its salt and branches)."""
    return branches[mix64(salt ^ row) % len(branches)]


def _circular_keys(table: TableRows, columns: tuple[str, ...], why: list[str]) -> PlanError:
    """The keys rows of ``table`` point at through a self-reference wait for the rows'
    own references: ``why`` (a CHECK, timeline, partition or NULL choice) moves the key
    columns in the same rows whose self-reference needs them first."""
    info = table.info
    refs = [fk for fk in info.foreign_keys if fk.self_referencing]
    names = ", ".join(repr(c) for c in columns)
    fk = ", ".join(c for fk in refs for c in fk.columns) or "its self-reference"
    return PlanError(
        f"table {info.fullname!r}: the values of {names} that its self-reference ({fk}) "
        f"points at are moved, row by row, by what the same rows choose ({', '.join(why)}), "
        f"so neither can be worked out first (seed {table.seed}). Fix: override {names} or "
        f"{fk!r} with values of your own, e.g. counts={{{info.name!r}: rows(N, "
        f"{columns[0]}=...)}}, or ask for 0 {info.name!r} rows."
    )


class TableRows:
    """Produces the column values of one table's rows, for any range."""

    def __init__(self, rows: SeedRows, sources: TableSources) -> None:
        self.rows = rows
        self.sources = sources
        self.info: TableInfo = rows.graph.tables[sources.table]
        self.seed = rows.seed
        self.start = sources.start
        self.count = sources.count
        self.stop = sources.stop
        self.written = sources.written
        self.relations = sources.relations
        made = {n for n, src in sources.columns if isinstance(src, Generated)}
        self._steered = tuple(s for s in self.info.steered if s[1] in made)
        """The partial coalesce indexes whose WHERE column this seed generates."""
        self._relation_bounds = {
            name: s.bounds
            for name, s in sources.columns
            if isinstance(s, Generated) and s.bounds is not None
        }
        self.timeline = sources.timeline
        self.partitioning = sources.partitioning
        self._radix = {r.set_index: r for r in sources.radix}
        self._slots: dict[tuple[ForeignKeyInfo, bool], SlotFn] = {}
        self._paired: dict[Paired, Callable[[int, int], tuple[list[Any], list[Any]]]] = {}
        self._fns: dict[str, ColumnFn] = {}
        self._keys: dict[ForeignKeyInfo, Callable[[int, int], list[list[Any]]]] = {}
        self._records: TableRecords | None = None
        self._nulls = _null_choices(self.info, sources, self.seed)
        self._why: dict[tuple[str, ...], list[str]] = {}
        self._batching: set[tuple[int, int]] = set()
        """Ranges whose whole rows ``key_columns`` is computing (a self-reference asks
        again for the same range only when its own values are what it waits for)."""

    # ------------------------------------------------------------------ output

    def batch(self, start: int, stop: int) -> Batch:
        """Values of every written column for rows ``start`` to ``stop - 1``."""
        batch = {name: self.column(name)(start, stop) for name in self.written}
        placed: set[str] = set()
        if self.partitioning is not None:
            apply_partitions(self.partitioning, batch, start)
            placed = self.partitioning.columns()
        if self.timeline is not None:
            V.apply_timeline(self.timeline, batch, start, placed)
        if self.relations:
            V.apply_relations(
                self.info, batch, self.relations, start, self.seed, self._relation_bounds
            )
        for salt, branches in self._nulls:
            for i in range(stop - start):
                for c in _branch(salt, branches, start + i):
                    batch[c][i] = None
        for column, where, value in self._steered:
            if column in batch and where in batch:
                # Out of the partial unique index coalesce(column, ...) WHERE ...: a NULL
                # there would repeat the value of another row's NULL.
                outside = [v is None for v in batch[column]]
                batch[where] = [value if o else w for o, w in zip(outside, batch[where])]
        return batch

    def _nulled(self, columns: tuple[str, ...], start: int, stop: int) -> list[bool]:
        """Per row of ``[start, stop)``: whether its NULL choice (:meth:`batch`) NULLs one
        of ``columns`` (a key filled later by UPDATE stays NULL in those rows)."""
        out = [False] * (stop - start)
        for salt, branches in self._nulls:
            if not any(set(b) & set(columns) for b in branches):
                continue
            for i in range(stop - start):
                out[i] = out[i] or bool(set(_branch(salt, branches, start + i)) & set(columns))
        return out

    def key_columns(self, columns: tuple[str, ...], start: int, stop: int) -> list[list[Any]]:
        """Values of ``columns`` (referenced by children) for rows ``start`` to ``stop - 1``."""
        why = _moving(self, columns)
        if why:
            if (start, stop) in self._batching:
                raise _circular_keys(self, columns, why)
            self._batching.add((start, stop))
            try:
                batch = self.batch(start, stop)
            finally:
                self._batching.discard((start, stop))
            return [batch[c] for c in columns]
        return [self.column(c)(start, stop) for c in columns]

    def fill_later(self, fk: ForeignKeyInfo, start: int, stop: int) -> list[tuple[Any, ...] | None]:
        """Parent keys for a deferred foreign key (written NULL first, filled by UPDATE)."""
        for key in self.sources.deferred:
            if key.fk == fk:
                break
        else:
            raise KeyError(f"{self.info.fullname}: {fk.describe()} is not deferred")
        source = self.rows.keys(key.parent)
        slots = self._chosen(key.fk, key.assignment, key.parent, later=True)(start, stop)
        nulled = self._nulled(fk.columns, start, stop)
        slots = [None if gone else s for s, gone in zip(slots, nulled)]
        present = [s for s in slots if s is not None]
        keys = iter(zip(*source.at(present)))
        return [None if s is None else next(keys) for s in slots]

    def parent_rows(self, fk: ForeignKeyInfo, start: int, stop: int) -> list[int | None]:
        """The parent row (absolute number) each row of ``[start, stop)`` points at along a
        foreign key written with the rows; None for NULL. These are the rows whose keys
        the rows hold: a CHECK on the key has replaced the parents it rejects."""
        key = self.sources.key(fk)
        return self._chosen(fk, key.assignment, key.parent)(start, stop)

    def column(self, name: str) -> ColumnFn:
        """``(start, stop) -> values`` of one column (written or a key column)."""
        fn = self._fns.get(name)
        if fn is None:
            fn = self._fns[name] = _last_range(self._column_fn(name, self.sources.source(name)))
        return fn

    # ------------------------------------------------------------------ columns

    def _column_fn(self, name: str, source: ColumnSource) -> ColumnFn:
        if isinstance(source, IntegerKey):
            base = source.base
            return lambda start, stop: list(range(base + start, base + stop))
        if isinstance(source, KeyColumn):
            return self._key_column(source.fk, source.position)
        if isinstance(source, SelfPinned):
            return self.column(source.column)
        if isinstance(source, ParentColumn):
            return self._parent_column(source)
        if isinstance(source, Ranked):
            return _ranked(self, source)
        if isinstance(source, Ascending):
            return _ascending(source)
        if isinstance(source, Apart):
            return _apart(source)
        if isinstance(source, (AlwaysNull, DatabaseFills)):
            return _nones
        if isinstance(source, RadixColumn):
            return self._radix_values(source)
        if isinstance(source, Cycling):
            dom, size, shift = source.domain, len(source.domain), source.shift
            return lambda start, stop: [dom[(r + shift) % size] for r in range(start, stop)]
        if isinstance(source, Constant):
            value = source.value
            return lambda start, stop: [value] * (stop - start)
        if isinstance(source, FromCallable):
            return self._callable(name, source.function)
        if isinstance(source, Discriminator):
            return self._discriminator(source)
        if isinstance(source, Polymorphic):
            return polymorphic_values(source)
        if isinstance(source, RecordField):
            return self._record_column(name)
        ctx = V.ColumnContext(
            table=self.info,
            column=self.info.column(name),
            seed=self.seed,
            locale=self.rows.sources.locale,
            providers=self.rows.sources.providers,
            bounds=source.bounds,
            unique=source.unique,
            appending=self.start > 0,
        )
        if isinstance(source, Generated) and (source.default or source.null_fraction != 0.1):
            ctx = replace(ctx, default=source.default, null_fraction=source.null_fraction)
        if isinstance(source, FromProvider):
            fake = source.fake
            return V.provider_generator(ctx, fake.provider, fake.args, dict(fake.kwargs)).batch
        assert isinstance(source, Generated)
        batch: ColumnFn = V.make_generator(ctx).batch
        if source.sums is not None:
            parts = {c: self.column(c) for c in source.sums.inputs}
            salt = derive(self.seed, self.info.fullname, "sum", name)
            batch = summed(source.sums, parts, batch, salt)
        elif source.follows and source.spelling:
            salt = derive(self.seed, self.info.fullname, "follow", name)
            batch = follow(source.spelling, self.column(source.follows), batch, salt)
        elif source.follows:
            batch = _slug(self, name, source, batch)
        elif source.first:
            batch = _led(batch, source.first, self.start, source.unique)
        return batch if source.null_from is None else _null_from(batch, source.null_from)

    def _parent_column(self, source: ParentColumn) -> ColumnFn:
        """The value of a column of the parent row ``source.fk`` points at."""
        key = self.sources.key(source.fk)
        slots_fn = self._chosen(source.fk, key.assignment, key.parent)
        keys = self.rows.keys(source.parent)

        def values(start: int, stop: int) -> list[Any]:
            slots = slots_fn(start, stop)
            found = iter(keys.at([s for s in slots if s is not None])[0])
            return [None if s is None else next(found) for s in slots]

        return values

    def _record_column(self, name: str) -> ColumnFn:
        """A field of the row's person, company or place (one record per row for all its
        member columns, built once per range)."""
        if self._records is None:
            members = {
                n: (Member(s.record, s.field, s.variant), s.unique, s.bounds, s.null_fraction)
                for n, s in self.sources.columns
                if isinstance(s, RecordField)
            }
            self._records = TableRecords(self.info, members, self.seed, self.rows.sources.locale)
        records = self._records
        return lambda start, stop: records.column(name, start, stop)

    def _callable(self, name: str, fn: Callable[[int], Any]) -> ColumnFn:
        where = f"column {self.info.fullname}.{name}"

        def call(start: int, stop: int) -> list[Any]:
            out = []
            for r in range(start, stop):
                try:
                    out.append(fn(r))
                except Exception as exc:
                    raise ConfigError(
                        f"the override for {where} raised {exc!r} at row {r} "
                        f"(seed {self.seed}); an override callable takes the row's number "
                        "in its table (0 for the first row of an empty table) and returns "
                        "the value"
                    ) from exc
            return out

        return call

    def _discriminator(self, source: Discriminator) -> ColumnFn:
        ranges, own, salt, first_row = source.ranges, source.own, source.salt, self.start

        def values(start: int, stop: int) -> list[Any]:
            out: list[Any] = []
            for r in range(start, stop):
                rel = r - first_row
                for first, end, identity in ranges:
                    if first <= rel < end:
                        out.append(identity)
                        break
                else:
                    out.append(own[mix64(salt ^ r) % len(own)])
            return out

        return values

    # ------------------------------------------------------------------ composite keys

    def _digits(self, radix: RadixSet, row: int) -> list[int]:
        """Row -> distinct digits of a composite key: bijective for rows < product of sizes."""
        i = row - self.start + radix.offset
        out: list[int] = []
        first = 0
        for k, size in enumerate(radix.sizes):
            if k == 0:
                first = i % size
                out.append(first)
            else:
                out.append((i % size + mix64(radix.salt ^ first) % size) % size)
            i //= size
        return out

    def _radix_values(self, source: RadixColumn) -> ColumnFn:
        radix, pos, domain = self._radix[source.set_index], source.position, source.domain

        def values(start: int, stop: int) -> list[Any]:
            return [domain[self._digits(radix, r)[pos]] for r in range(start, stop)]

        return values

    # ------------------------------------------------------------------ foreign keys

    def _key_column(self, fk: ForeignKeyInfo, pos: int) -> ColumnFn:
        keys = self._keys.get(fk)
        if keys is None:
            keys = self._keys[fk] = self._parent_keys(fk)
        return lambda start, stop: keys(start, stop)[pos]

    def _parent_keys(self, fk: ForeignKeyInfo) -> Callable[[int, int], list[list[Any]]]:
        """``(start, stop) -> one list per key column``: the chosen parents' keys."""
        key = self.sources.key(fk)
        source = self.rows.keys(key.parent)
        slots_fn = self._chosen(fk, key.assignment, key.parent)
        cache: dict[tuple[int, int], list[list[Any]]] = {}

        def values(start: int, stop: int) -> list[list[Any]]:
            got = cache.get((start, stop))
            if got is None:
                slots = slots_fn(start, stop)
                if None in slots:
                    cols = source.at([s for s in slots if s is not None])
                    got = []
                    for col in cols:
                        it = iter(col)
                        got.append([None if s is None else next(it) for s in slots])
                else:
                    got = source.at(slots)  # type: ignore[arg-type]
                cache.clear()
                cache[(start, stop)] = got
            return got

        return values

    def _chosen(
        self, fk: ForeignKeyInfo, assignment: Assignment, parent: ParentRows, later: bool = False
    ) -> SlotFn:
        """``(start, stop) -> parent row (absolute) or None`` along ``fk``: the rows whose
        keys the children hold, a CHECK on the key having replaced the parents it rejects
        (:func:`_admitted`). One function per key, shared by its values, the columns read
        from its parents and the rows a cycle written together must hold first; ``later``
        for a key filled later (written NULL first, its own entry)."""
        got = self._slots.get((fk, later))
        if got is None:
            if isinstance(assignment, Checked):
                checked = assignment
                own = None if checked.against is None else self.column(checked.against[1])
                source, led = self.rows.keys(parent), _led_rows(self, parent, checked.position)
                got = _admitted(self._assignment(checked.inner), checked, source, own, led)
            else:
                got = self._assignment(assignment)
            self._slots[fk, later] = got
        return got

    def _assignment(self, assignment: Assignment) -> SlotFn:
        """``(start, stop) -> parent row (absolute) or None`` for each child row."""
        if isinstance(assignment, Spread):
            return _spread(assignment)
        if isinstance(assignment, Zipf):
            return _zipf(assignment)
        if isinstance(assignment, SelfTree):
            return _self_tree(assignment)
        if isinstance(assignment, OneToOne):
            return _one_to_one(assignment)
        if isinstance(assignment, RadixDigit):
            return self._radix_slots(assignment)
        if isinstance(assignment, Paired):
            pairs = self._pairs(assignment)
            side = assignment.side
            return lambda start, stop: pairs(start, stop)[side]
        if isinstance(assignment, Among):
            inner, chosen = self._assignment(assignment.inner), assignment.rows
            return lambda start, stop: [
                None if s is None else chosen[s] for s in inner(start, stop)
            ]
        if isinstance(assignment, Checked):  # checked where the parents' keys are known
            return self._assignment(assignment.inner)
        assert isinstance(assignment, NoParent)
        return _nones

    def _radix_slots(self, digit: RadixDigit) -> SlotFn:
        radix, pos, first = self._radix[digit.set_index], digit.position, digit.first
        top, shift = digit.null_from, radix.offset - self.start
        if digit.rows is not None:
            listed = digit.rows
            return lambda start, stop: [
                None
                if top is not None and r + shift >= top
                else listed[self._digits(radix, r)[pos]]
                for r in range(start, stop)
            ]
        return lambda start, stop: [
            None if top is not None and r + shift >= top else first + self._digits(radix, r)[pos]
            for r in range(start, stop)
        ]

    def _pairs(self, paired: Paired) -> Callable[[int, int], tuple[list[Any], list[Any]]]:
        """Both sides of a :class:`~.sources.Paired` choice, computed once per range."""
        key = replace(paired, side=0)
        got = self._paired.get(key)
        if got is not None:
            return got
        raw_left, raw_right = self._assignment(paired.left), self._assignment(paired.right)
        op, lb, rb = paired.op, paired.left_base, paired.right_base
        left = (lb + paired.low, lb + paired.high)
        r_lo = paired.low if paired.right_low is None else paired.right_low
        r_hi = paired.high if paired.right_high is None else paired.right_high
        right = (rb + r_lo, rb + r_hi)
        cache: dict[tuple[int, int], tuple[list[Any], list[Any]]] = {}

        def pairs(start: int, stop: int) -> tuple[list[Any], list[Any]]:
            found = cache.get((start, stop))
            if found is not None:
                return found
            out_l: list[int | None] = []
            out_r: list[int | None] = []
            for a, b in zip(raw_left(start, stop), raw_right(start, stop)):
                if a is not None and b is not None:
                    ka, kb = _meet(op, lb + a, rb + b, left, right)
                    a, b = ka - lb, kb - rb
                out_l.append(a)
                out_r.append(b)
            cache.clear()
            cache[(start, stop)] = (out_l, out_r)
            return out_l, out_r

        self._paired[key] = pairs
        return pairs


def _ranked(table: TableRows, source: Ranked) -> ColumnFn:
    """A column numbering the rows of each parent (:class:`Ranked`)."""
    fk, first = source.fk, source.first - table.start
    if fk is None:
        return lambda start, stop: list(range(first + start, first + stop))
    a = table.sources.key(fk).assignment
    assert isinstance(a, (Spread, Zipf))
    return ranked(lambda lo, hi: table.parent_rows(fk, lo, hi), reach(a), source.first)


def _last_range(fn: ColumnFn) -> ColumnFn:
    """``fn``, keeping the values of the last range asked for: columns that follow or add
    up others ask for their leaders' values of the range the batch asks for too. A copy
    each time (a batch changes its lists in place)."""
    last: list[tuple[tuple[int, int], Sequence[Any]]] = []

    def values(start: int, stop: int) -> list[Any]:
        got = last[0] if last else None  # one read: another thread may replace it
        if got is None or got[0] != (start, stop):
            got = ((start, stop), fn(start, stop))
            last[:] = [got]
        return list(got[1])

    return values


def _moving(table: TableRows, columns: tuple[str, ...]) -> list[str]:
    """What moves ``columns`` after they are generated (:meth:`TableRows.batch`), in words. A
    relation moves its left column only (V.apply_relations): a key on its right
    (``CHECK (value <= id)``, the plain ``value`` moving) keeps its own values."""
    got = table._why.get(columns)
    if got is not None:
        return got
    wanted = set(columns)
    why = [
        f"the CHECK {rel.constraint or f'{rel.left} {rel.op} {rel.right}'!r}"
        for rel in table.relations
        if rel.left in wanted
    ]
    if table.timeline is not None and table.timeline.columns() & wanted:
        why.append("a timeline ordering its dates")
    if table.partitioning is not None and table.partitioning.columns() & wanted:
        why.append("the partition each row falls in")
    if any(c in wanted for _, branches in table._nulls for b in branches for c in b):
        choices = analyse_checks(table.info).null_choices
        named = [nc.constraint for nc in choices if any(wanted & set(b) for b in nc.branches)]
        why.append(f"the NULL choice of {', '.join(repr(n) for n in named) or 'a CHECK'}")
    table._why[columns] = why
    return why


def _led_rows(table: TableRows, parent: ParentRows, position: int) -> range:
    """The parent's first rows, when its key column leads with values children's
    CHECKs list (:attr:`~.sources.Generated.first`): where a child whose key is checked
    when produced looks first for a parent the CHECK admits (a parent decided after the
    child, in a cycle, could not list them for it)."""
    if not isinstance(parent, BuiltParent) or parent.count <= 0:
        return range(0)
    source = table.rows.sources.table(parent.table).source(parent.columns[position])
    if not isinstance(source, Generated) or not source.first:
        return range(0)
    return range(parent.start, parent.start + min(len(source.first), parent.count))


_ORIGIN = _dt.datetime(2015, 1, 1)


def _slug(table: TableRows, name: str, source: Generated, own: ColumnFn) -> ColumnFn:
    """A slug spelled from the row's title (``source.follows``), ``own`` where that is NULL."""
    titles = table.column(source.follows)
    leader = table.sources.source(source.follows)
    col = table.info.column(name)
    slugs = Follower(source.unique, column_max_len(col, source.bounds),
                     strip=isinstance(leader, Generated) and leader.unique,
                     nullable=col.nullable and source.null_fraction > 0,
                     min_len=(source.bounds.min_length or 0) if source.bounds else 0)  # fmt: skip

    def values(start: int, stop: int) -> list[Any]:
        return slugs.follow(titles(start, stop), lambda: own(start, stop), start)

    return values


def _null_from(values: ColumnFn, top: int) -> ColumnFn:
    """``values``, NULL in the rows from ``top`` on (:attr:`~.sources.Generated.null_from`)."""

    def capped(start: int, stop: int) -> list[Any]:
        if stop <= top:
            return values(start, stop)
        below = values(start, top) if start < top else []
        return below + [None] * (stop - max(start, top))

    return capped


def _ascending(a: Ascending) -> ColumnFn:
    """Row r: a day after row r - 1 (dates), or 60 to 119 seconds after it (timestamps)."""
    if a.date:
        first = _dt.date(1990, 1, 1).toordinal()
        return lambda start, stop: [_dt.date.fromordinal(first + r) for r in range(start, stop)]
    origin = _ORIGIN.replace(tzinfo=_dt.timezone.utc) if a.aware else _ORIGIN
    salt, delta = a.salt, _dt.timedelta

    def values(start: int, stop: int) -> list[Any]:
        return [origin + delta(seconds=60 * r + mix64(salt ^ r) % 60) for r in range(start, stop)]

    return values


def _apart(a: Apart) -> ColumnFn:
    """Row r: a start in points ``8r .. 8r + 3`` and an end one to four points later."""
    salt, end, low = a.salt, a.end, a.first
    if a.kind == "date":
        first = ANCHOR.date().toordinal() - 730
        if isinstance(low, _dt.date):
            first = max(first, low.toordinal() + 1)  # past the bound: open or closed

        def point(i: int) -> Any:
            return _dt.date.fromordinal(first + i)
    elif a.kind in ("int", "decimal"):
        shift = max(0, math.floor(low) + 1) if isinstance(low, (int, Decimal)) else 0

        def point(i: int) -> Any:
            return shift + i if a.kind == "int" else Decimal(shift + i)
    else:
        origin = ANCHOR - _dt.timedelta(days=730)
        origin = origin.replace(tzinfo=_dt.timezone.utc) if a.aware else origin
        if isinstance(low, _dt.datetime) and (low.tzinfo is None) == (origin.tzinfo is None):
            origin = max(origin, low + _dt.timedelta(minutes=15))

        def point(i: int) -> Any:
            return origin + _dt.timedelta(minutes=15 * i)

    def values(start: int, stop: int) -> list[Any]:
        out = []
        for r in range(start, stop):
            mixed = mix64(salt ^ r)
            lo = 8 * r + mixed % 4
            out.append(point(lo + 1 + (mixed >> 2) % 4 if end else lo))
        return out

    return values


def _null_choices(
    info: TableInfo, sources: TableSources, seed: int
) -> tuple[tuple[int, tuple[tuple[str, ...], ...]], ...]:
    """The CHECKs that let each row choose its NULL columns (:class:`~.checks.NullChoice`):
    a salt and the branches rows take (:func:`~.sources.nulls.row_branches`)."""
    if not info.checks or sources.count <= 0:
        return ()
    free = set(sources.written) - set(sources.overridden)
    out = []
    for choice in analyse_checks(info).null_choices:
        branches = row_branches(choice, free, sources.kept)
        if branches:
            out.append((derive(seed, info.fullname, "nulls", choice.constraint), branches))
    return tuple(out)


_TESTS = COMPARISONS

_SEARCH = 4096
"""Parent rows tried after a chosen one whose key a CHECK on the foreign key rejects."""


def _admitted(
    slots_fn: SlotFn,
    checked: Checked,
    source: _KeySource,
    own: ColumnFn | None = None,
    led: range = range(0),
) -> SlotFn:
    """Parent rows whose keys ``checked.bounds`` admit (and that meet the row's own value
    of ``checked.against``, and ``checked.between`` among their own columns): a rejected
    one is replaced by one of ``led`` (the parent's first rows, leading with the values a
    CHECK lists) that is admitted, else by the next parent row (cyclically) that is, else
    NULL (or kept, for the database to name the constraint, when the key is NOT NULL). A
    unique key (one child per parent) takes no other parent: NULL, or kept."""
    inner = checked.inner
    first, count = inner.parent_start, inner.parent_count
    if isinstance(inner, OneToOne):
        count = 0  # another parent is another child's
    admits, at = checked.bounds.admits, checked.position
    test = _TESTS[checked.against[0]] if checked.against else None
    between = [(i, _TESTS[op], j) for i, op, j in checked.between]
    keys: dict[int, list[Any]] = {}

    def key(row: int) -> list[Any]:
        got = keys.get(row)
        if got is None:
            if len(keys) > 1_000_000:
                keys.clear()
            got = keys[row] = [c[0] for c in source.at([row])]
        return got

    def ok(row: int, mine: Any) -> bool:
        k = key(row)
        if not all(k[i] is None or k[j] is None or t(k[i], k[j]) for i, t, j in between):
            return False
        return bool(admits(k[at]) and (test is None or mine is None or test(k[0], mine)))

    def slots(start: int, stop: int) -> list[int | None]:
        out: list[int | None] = []
        mine = own(start, stop) if own is not None else [None] * (stop - start)
        for s, value in zip(slots_fn(start, stop), mine):
            if s is None or ok(s, value):
                out.append(s)
                continue
            found = _among_led(led, s, ok, value, (first, count)) if count else None
            for k in range(1, min(count, _SEARCH) if found is None else 0):
                candidate = first + (s - first + k) % count
                if ok(candidate, value):
                    found = candidate
                    break
            out.append(found if found is not None or checked.nullable else s)
        return out

    return slots


def _among_led(
    led: range, s: int, ok: Callable[[int, Any], bool], mine: Any, within: tuple[int, int]
) -> int | None:
    """The first of ``led`` (from the one ``s`` falls on, cyclically) that ``ok`` admits
    for the row's own value ``mine``, among the parent rows ``within`` (first, count)."""
    first, count = within
    rows = [r for r in led if first <= r < first + count]
    for k in range(min(len(rows), _SEARCH) if rows else 0):
        candidate = rows[(s + k) % len(rows)]
        if ok(candidate, mine):
            return candidate
    return None


def _nones(start: int, stop: int) -> list[Any]:
    return [None] * (stop - start)


def _spread(a: Spread) -> SlotFn:
    """Child row i points near parent row i * P / C, uniformly inside a window of parents:
    every parent gets a share of children, and one batch of children touches only a few
    blocks of parent keys (no lookups scattered over the table)."""
    p_start, p_count, child_start, nullable, base = (
        a.parent_start, a.parent_count, a.child_start, a.nullable, a.salt
    )  # fmt: skip
    scale = p_count / a.child_count
    width = min(p_count, max(64, math.ceil(BLOCK * scale)))
    top = p_count - width
    null_share = 0.1
    shift = width if a.behind else width / 2

    def slots(start: int, stop: int) -> list[int | None]:
        out: list[int | None] = []
        for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            rnd = block_rng(base, block).random
            b0 = block * BLOCK
            lo = max(start, b0)
            hi = min(stop, b0 + BLOCK)
            # Two draws per row of the block, whatever part of it is asked for.
            draws = [rnd() for _ in range(2 * (hi - b0))][2 * (lo - b0) :]
            firsts = [int((r - child_start) * scale - shift) for r in range(lo, hi)]
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


def _zipf_scale(size: int, s: float) -> float:
    """The inverse CDF of the density ``(x + 1) ** -s`` on ``[0, size)`` is
    ``(1 + y * scale) ** (1 / (1 - s)) - 1`` (``exp(y * scale) - 1`` when ``s`` is 1)."""
    e = 1.0 - s
    if abs(e) < 1e-9:
        return math.log(size + 1)
    return float((size + 1) ** e - 1.0)


def _zipf(a: Zipf) -> SlotFn:
    """Zipf-like fan-out with the locality of :func:`_spread`.

    Parents form ``groups`` groups of up to :data:`ZIPF_GROUP`; children, in row order,
    form as many equal contiguous groups, so a batch of children touches one or two
    groups of parents. Inside a group the children are shuffled (a keyed affine
    permutation), placed at stratified positions ``y = (j + u) / n`` and mapped through
    the inverse CDF to a rank, and the rank to a parent by a keyed permutation of the
    group: the shares are exact up to rounding and the busy parents are scattered.
    """
    p_count, c_count, salt, nullable = a.parent_count, a.child_count, a.salt, a.nullable
    groups = -(-p_count // ZIPF_GROUP)
    log = abs(1.0 - a.s) < 1e-9
    power = 1.0 if log else 1.0 / (1.0 - a.s)
    exp = math.exp
    null_share = 0.1

    def group(g: int) -> tuple[int, int, int, int, int, int, int, int, float]:
        first = -(-g * c_count // groups)
        n = max(1, -(-(g + 1) * c_count // groups) - first)
        p0 = g * p_count // groups
        size = (g + 1) * p_count // groups - p0
        key = mix64(salt ^ g)
        scale = _zipf_scale(size, a.s) / n
        return (first, n, coprime(key >> 8, n), key % n, a.parent_start + p0, size,
                coprime(key >> 24, size), (key >> 40) % size, scale)  # fmt: skip

    def picks(g: int, i: int, us: list[float]) -> list[int]:
        first, n, mul, off, p0, size, pmul, poff, scale = group(g)
        top = size - 1
        ks = range(i - first, i - first + len(us))
        if log:
            ranks = [int(exp(((mul * k + off) % n + u) * scale)) - 1 for k, u in zip(ks, us)]
        else:
            ranks = [int((1.0 + ((mul * k + off) % n + u) * scale) ** power) - 1
                     for k, u in zip(ks, us)]  # fmt: skip
        return [p0 + (pmul * (top if k > top else k) + poff) % size for k in ranks]

    def slots(start: int, stop: int) -> list[int | None]:
        out: list[int | None] = []
        for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            rnd = block_rng(salt, block).random
            b0 = block * BLOCK
            lo, hi = max(start, b0), min(stop, b0 + BLOCK)
            draws = [rnd() for _ in range(2 * (hi - b0))][2 * (lo - b0) :]
            r = lo
            while r < hi:
                i = min(max(r - a.child_start, 0), c_count - 1)
                g = i * groups // c_count
                end = min(hi, a.child_start + -(-(g + 1) * c_count // groups))
                if end <= r:
                    end = hi
                chosen = picks(g, i, draws[2 * (r - lo) + 1 : 2 * (end - lo) : 2])
                if nullable:
                    nulls = draws[2 * (r - lo) : 2 * (end - lo) : 2]
                    out.extend(None if v < null_share else p for p, v in zip(chosen, nulls))
                else:
                    out.extend(chosen)
                r = end
        return out

    return slots


def _self_tree(a: SelfTree) -> SlotFn:
    """Each row points at one of the rows before it (NULL or itself for the first)."""
    base, p_start, unique, nullable = a.salt, a.first, a.unique, a.nullable
    ring = None if nullable else p_start + a.count - 1

    def slots(start: int, stop: int) -> list[int | None]:
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
                    out.append(r - 1 if i > 0 else ring)
                elif i <= 0 or (nullable and u < 0.2):
                    out.append(None if nullable else r)
                else:
                    out.append(r - (1 + int(w * min(i, SELF_WINDOW))))
        return out

    return slots


def _one_to_one(a: OneToOne) -> SlotFn:
    p_start, offset, p_count, child_start = a.parent_start, a.offset, a.parent_count, a.child_start

    def slots(start: int, stop: int) -> list[int | None]:
        return [
            p_start + offset + (r - child_start) if offset + r - child_start < p_count else None
            for r in range(start, stop)
        ]

    return slots


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}


def _meet(
    op: str, a: int, b: int, left: tuple[int, int], right: tuple[int, int]
) -> tuple[int, int]:
    """Two keys, ``a`` in ``left`` and ``b`` in ``right`` (inclusive ranges of key values),
    made to satisfy ``a op b``; kept when they already do, swapped when that does."""
    if op in (">", ">="):
        b, a = _meet(_FLIP[op], b, a, right, left)
        return a, b
    (l_lo, l_hi), (r_lo, r_hi) = left, right
    if op == "=":
        if r_lo <= a <= r_hi:
            return a, a
        if l_lo <= b <= l_hi:
            return b, b
        both = max(l_lo, r_lo)
        return both, both
    if op in ("<>", "!="):
        if a != b:
            return a, b
        if b < r_hi or b > r_lo:
            return a, b + 1 if b < r_hi else b - 1
        return (a + 1 if a < l_hi else a - 1), b
    strict = 1 if op == "<" else 0
    if a + strict <= b:
        return a, b
    if l_lo <= b <= l_hi and r_lo <= a <= r_hi and b + strict <= a:
        return b, a
    if a + strict <= r_hi:  # room above a: b among the keys there
        low = max(a + strict, r_lo)
        return a, low + (b - r_lo) % (r_hi - low + 1)
    high = min(b - strict, l_hi)
    if high >= l_lo:  # room below b: a among the keys there
        return l_lo + (a - l_lo) % (high - l_lo + 1), b
    return l_lo, r_hi


def _led(inner: ColumnFn, first: tuple[Any, ...], start: int, unique: bool) -> ColumnFn:
    """``inner`` with the rows from ``start`` on taking the values of ``first``.

    For a unique column, a later row whose own value is one of ``first`` takes instead a
    value ``inner`` gave a row that now holds one of ``first``: every row keeps a distinct
    value, and each row's value still depends on its number alone (ranges agree).
    """
    k = len(first)
    swap: dict[Any, Any] = {}
    if unique:
        displaced = inner(start, start + k)
        listed = set(first)
        held = set(displaced)
        swap = dict(
            zip(
                (v for v in first if v not in held),
                (v for v in displaced if v is not None and v not in listed),
            )
        )

    def values(lo: int, hi: int) -> list[Any]:
        out = inner(lo, hi)
        if swap:
            out = [swap.get(v, v) if v is not None else v for v in out]
        for r in range(max(lo, start), min(hi, start + k)):
            out[r - lo] = first[r - start]
        return out

    return values
