"""Deciding every column's source from the graph, the plan and what was read beforehand."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine import values as V
from pytest_dbseed.engine.checks import ColumnBounds, Relation, TableChecks, analyse_checks
from pytest_dbseed.engine.checks.model import meet
from pytest_dbseed.engine.planner import SeedPlan, naming_seed
from pytest_dbseed.engine.records.follow import COUNT
from pytest_dbseed.engine.rng import derive
from pytest_dbseed.engine.schema import (
    ColumnInfo,
    ForeignKeyInfo,
    SchemaGraph,
    TableInfo,
    coalescing_indexes,
)
from pytest_dbseed.engine.sources.checked import (
    aligned_pair,
    allowed_parents,
    beyond,
    first_key,
    key_bounds,
    key_nullable,
    key_span,
    listed_parent,
    one_each,
    pair_keys,
    place_relation,
    restricted,
    split,
)
from pytest_dbseed.engine.sources.content_types import (
    content_type_columns,
    content_type_pairs,
    modelled_tables,
)
from pytest_dbseed.engine.sources.description import (
    NO_GENERATOR,
    AlwaysNull,
    Apart,
    Ascending,
    Assignment,
    BuiltParent,
    Checked,
    ColumnSource,
    Constant,
    Cycling,
    DatabaseFills,
    DeferredKey,
    Discriminator,
    ExistingParent,
    ForeignKey,
    FromCallable,
    FromProvider,
    Generated,
    IntegerKey,
    KeyColumn,
    NoParent,
    OneToOne,
    ParentColumn,
    ParentRows,
    Polymorphic,
    PolyTarget,
    RadixColumn,
    RadixDigit,
    RadixSet,
    Ranked,
    SeedSources,
    SelfPinned,
    SelfTree,
    Spread,
    TableSources,
    Zipf,
)
from pytest_dbseed.engine.sources.fanout import (
    fanout_of,
    is_distribution,
    refuse_fanout,
    split_fanout,
    spread_over,
)
from pytest_dbseed.engine.sources.generic import CT_COLUMN, generic_columns, holds_keys
from pytest_dbseed.engine.sources.nulls import always_null, null_parent_key
from pytest_dbseed.engine.sources.permissions import permission_columns, permission_values
from pytest_dbseed.engine.sources.polymorphic import (
    class_name,
    pair_columns,
    polymorphic_pair,
    reach,
    usable_target,
)
from pytest_dbseed.engine.sources.projections import (
    Distinct,
    distinct_parents,
    free_column,
    inner_uniques,
    partial_uniques,
    projection,
    too_few_distinct,
    unique_within,
)
from pytest_dbseed.engine.sources.radix import plan_radix
from pytest_dbseed.engine.sources.records import record_sources
from pytest_dbseed.engine.sources.sums import sum_sources
from pytest_dbseed.engine.sources.wanted import (
    children_bounds,
    generated_fits,
    leading,
    narrowed,
    within_bounds,
)
from pytest_dbseed.engine.types import decimal_spec, int_type_limits
from pytest_dbseed.errors import ConfigError, DbseedError, PlanError, UniquenessError
from pytest_dbseed.spec import DEFAULT, Fake

"""A self-referencing row points at one of this many rows before it (keeps lookups local)."""


# =========================================================================== deciding


def fk_columns(table: TableInfo, overrides: Mapping[str, Any]) -> dict[str, ForeignKeyInfo]:
    """Column -> the foreign key that fills it (overridden keys are the override's).

    A column shared by two keys (tenant_id in both post -> tenant and (tenant_id, user_id)
    -> user) follows the wider key, which implies the narrower.
    """
    out: dict[str, ForeignKeyInfo] = {}
    for fk in sorted(table.foreign_keys, key=lambda f: -len(f.columns)):
        if any(c in overrides and not is_distribution(overrides[c]) for c in fk.columns):
            continue
        for c in fk.columns:
            if fk.self_referencing and c in _pinned(fk):
                continue  # keeps the row's own value (SelfPinned)
            out.setdefault(c, fk)
    return out


def _pinned(fk: ForeignKeyInfo) -> set[str]:
    """Columns of a self-reference that point at themselves (same name, same position)."""
    return {c for c, r in zip(fk.columns, fk.ref_columns) if c == r}


def keys_to_read(
    graph: SchemaGraph, plan: SeedPlan, overrides: Mapping[str, Mapping[str, Any]]
) -> tuple[ForeignKeyInfo, ...]:
    """Foreign keys whose parents this seed does not write: in append mode their children
    point at parent keys already in the database, read beforehand."""
    out: dict[ForeignKeyInfo, None] = {}
    for name in plan.order:
        table = graph.tables[name]
        for fk in dict.fromkeys(fk_columns(table, overrides.get(name, {})).values()):
            if not fk.self_referencing and plan.counts.get(fk.ref_table, 0) <= 0:
                out[fk] = None
    return tuple(out)


def decide_sources(
    graph: SchemaGraph,
    plan: SeedPlan,
    *,
    starts: Mapping[str, int] | None = None,
    id_offsets: Mapping[str, Mapping[str, int]] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    existing_keys: Mapping[ForeignKeyInfo, Sequence[tuple[Any, ...]]] | None = None,
    locale: str | Sequence[str] | None = None,
    providers: tuple[type, ...] = (),
    listed: Mapping[str, Mapping[str, tuple[Any, ...]]] | None = None,
    defaulted: Mapping[str, frozenset[str]] | None = None,
) -> SeedSources:
    """Decide the source of every column of every table of ``plan``.

    ``starts`` gives the rows already in each table (new rows are numbered after them),
    ``id_offsets`` the largest integer key already there per column, ``existing_keys``
    (append mode) the parent keys read for :func:`keys_to_read`; ``None`` means children
    only point at parents this seed writes. ``providers`` are Faker provider classes that
    ``fake(...)`` overrides may name; ``listed`` the columns list partitions pin to their
    values, per partitioned table, and ``defaulted`` those of them a DEFAULT partition
    also takes other values of. Raises the refusals a seed would raise.
    """
    ctx = _Seed(
        graph=graph,
        plan=plan,
        starts=starts or {},
        id_offsets=id_offsets or {},
        overrides=overrides or {},
        existing=existing_keys,
        locale=locale if locale is None or isinstance(locale, str) else tuple(locale),
        providers=tuple(providers),
        listed=listed or {},
        defaulted=defaulted or {},
    )
    try:
        tables = tuple(_TableDecider(ctx, name).decide() for name in plan.order)
    except PlanError as exc:
        refusal = naming_seed(exc, plan.seed)
        if refusal is exc:
            raise
        raise refusal from exc.__cause__
    return SeedSources(
        seed=plan.seed,
        locale=ctx.locale,
        order=plan.order,
        tables=tables,
        providers=ctx.providers,
    )


@dataclass(frozen=True)
class _Seed:
    graph: SchemaGraph
    plan: SeedPlan
    starts: Mapping[str, int]
    id_offsets: Mapping[str, Mapping[str, int]]
    overrides: Mapping[str, Mapping[str, Any]]
    existing: Mapping[ForeignKeyInfo, Sequence[tuple[Any, ...]]] | None
    locale: str | tuple[str, ...] | None
    providers: tuple[type, ...] = ()
    listed: Mapping[str, Mapping[str, tuple[Any, ...]]] = field(default_factory=dict)
    """Per partitioned table, the key columns its list partitions pin to their values."""
    defaulted: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per partitioned table, the listed columns a DEFAULT partition takes more values of."""
    read: dict[str, TableChecks] = field(default_factory=dict)
    floors: dict[tuple[str, str], ColumnBounds] = field(default_factory=dict)
    """Bounds an integer key takes from a CHECK against a foreign key (``id >= p_id``)."""
    asked: set[str] = field(default_factory=set)
    """Tables whose key values a child has already computed: their keys stay as they are."""
    distinct: dict[tuple[ForeignKeyInfo, tuple[str, ...]], Distinct] = field(default_factory=dict)
    """Per child key and its unique set inside it: how many parent rows differ there."""
    owed: dict[tuple[ForeignKeyInfo, tuple[str, ...]], tuple[int, str]] = field(
        default_factory=dict
    )
    """Child keys decided before their parent (a cycle): the rows that must differ there
    and the child's name, settled when the parent arranges its rows."""
    cycling: dict[tuple[str, str], Cycling] = field(default_factory=dict)
    """Parent columns that take their few values in turn for such children."""
    placed: dict[tuple[str, str], ColumnBounds] = field(default_factory=dict)
    """Parent key columns generated beyond the values a child's CHECK compares them with."""
    relying: dict[str, list[Relation]] = field(default_factory=dict)
    """Per table: the CHECKs between keys that those placements meet, checked once the
    table's own keys are final."""
    wanted: dict[str, dict[str, tuple[ColumnBounds, ...]]] = field(default_factory=dict)
    """Per table, what children's CHECKs ask of each column their foreign keys point at."""
    shaped: dict[tuple[str, str, ColumnBounds | None], ColumnBounds | None] = field(
        default_factory=dict
    )
    final: dict[tuple[str, str], ColumnBounds | None] = field(default_factory=dict)
    """The bounds a parent's column children's CHECKs point into was drawn within."""
    led: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    """Values the first rows of a generated column take (see :func:`leading`)."""
    nulled: dict[tuple[str, str], int] = field(default_factory=dict)
    """Unique columns NULL from this row on (their values run out): children pointing at
    them choose among the rows before it."""
    moved: set[tuple[str, str]] = field(default_factory=set)
    """Columns a row relation moves by arithmetic: their leading values and bounds are not
    the values they hold."""
    drawn: dict[tuple[str, str], tuple[V.ColumnGenerator, int]] = field(default_factory=dict)
    """Unique integer columns generated by a table decided earlier (a column of a composite
    primary key, an integer key this seed does not number): their generator and rows, the
    keys children's CHECKs compare with known before they are produced."""
    """A generated column's bounds: its own CHECKs and those of ``wanted`` that fit."""

    def checks(self, name: str) -> TableChecks:
        """A table's CHECK constraints, read once (none for a table this seed writes no rows
        of: CHECKs no row could pass are refused only when rows are asked for)."""
        got = self.read.get(name)
        if got is None:
            try:
                got = analyse_checks(self.graph.tables[name], self.plan.seed)
            except PlanError:
                if self.plan.counts.get(name, 0) > 0:
                    raise
                got = TableChecks()
            self.read[name] = got
        return got

    def from_children(self, name: str, column: str) -> tuple[ColumnBounds, ...]:
        got = self.wanted.get(name)
        if got is None:
            got = self.wanted[name] = children_bounds(
                self.graph, self.plan.counts, self.overrides, self.checks, name
            )
        return got.get(column, ())

    def key_start(self, name: str, col: ColumnInfo) -> int | None:
        """The first value of an integer key this seed numbers, past the keys already
        there and inside the table's CHECKs (``id >= 100``) and, where the run still fits,
        those of children on their foreign keys into it (``p_id BETWEEN 28 AND 155``);
        None when no run of keys fits (the key is generated like any column, or refused)."""
        offset = self.id_offsets.get(name, {}).get(col.name, 0)
        count = self.plan.counts.get(name, 0)
        own = self.floors.get((name, col.name)) or self.checks(name).columns.get(col.name)
        lowest, limit = int_type_limits(col.concrete_type)
        low = lowest if self.starts.get(name, 0) == 0 and offset == 0 else None
        extra = [_listed_as_run(b, offset + 1, count) for b in self.from_children(name, col.name)]
        if _kept_low(self, name, col.name):
            extra = []
        bounds = narrowed(
            own, extra, lambda b: first_key(b, offset + 1, count, limit, low) is not None
        )
        return first_key(bounds, offset + 1, count, limit, low)

    def column_bounds(
        self, ctx: V.ColumnContext, own: ColumnBounds | None, rows: int
    ) -> ColumnBounds | None:
        """The bounds a generated column is drawn within: ``own`` (the table's CHECKs)
        narrowed by those of :attr:`wanted` that leave room for ``rows`` rows."""
        name, column = ctx.table.fullname, ctx.column.name
        extra = self.from_children(name, column)
        if not extra:
            return own
        key = (name, column, own)
        if key not in self.shaped:
            alone = (column,) in ctx.table.unique_sets
            got = self.shaped[key] = narrowed(
                own, extra, lambda b: generated_fits(replace(ctx, bounds=b, unique=alone), rows)
            )
            if not ctx.appending:  # rows already there may hold the listed values
                self.led[name, column] = leading(
                    got, extra, rows, lambda b: V.finite_domain(replace(ctx, bounds=b))
                )
            self.final[name, column] = got
        return self.shaped[key]

    def parent(self, fk: ForeignKeyInfo) -> ParentRows:
        name = fk.ref_table
        count = self.plan.counts.get(name, 0)
        if count > 0 or fk.self_referencing or self.existing is None:
            nulled = self.nulled.get((name, fk.ref_columns[0]))
            if nulled is not None and len(fk.ref_columns) == 1:
                count = min(count, nulled)  # the rows past it hold NULL there
            return BuiltParent(
                name, fk.ref_columns, self.starts.get(name, 0), count, self._key_base(fk)
            )
        keys = tuple(tuple(k) for k in self.existing.get(fk, ()))
        return ExistingParent(name, fk.ref_columns, keys)

    def _key_base(self, fk: ForeignKeyInfo) -> int | None:
        """Where the parent's single integer key column starts, when it is one."""
        if len(fk.ref_columns) != 1:
            return None
        parent = self.graph.tables[fk.ref_table]
        over = self.overrides.get(parent.fullname, {})
        col = parent.column(fk.ref_columns[0])
        if col.name in over or not (col.autoincrement and col.primary_key):
            return None
        if col.name in fk_columns(parent, over):
            return None
        self.asked.add(parent.fullname)
        first = self.key_start(parent.fullname, col)
        return None if first is None else first - self.starts.get(parent.fullname, 0)


def _listed_as_run(b: ColumnBounds, first: int, count: int) -> ColumnBounds:
    """A child's CHECK listing the keys it may point at (``p_id IN (0)``) as a run of keys
    starting at one of them: the first listed from ``first`` on, else the last below it.
    A range too short for the run and outside the run from ``first`` (``p_id BETWEEN 0 AND
    0`` below keys numbered from 1, ``p_id BETWEEN 40 AND 40`` above keys 1..2, of a
    self-reference or another table) likewise: the run starts at its lowest key."""
    if b.allowed is None and isinstance(b.low, int) and isinstance(b.high, int):
        low = b.low if b.low_inclusive else b.low + 1
        high = b.high if b.high_inclusive else b.high - 1
        outside = high < first or low >= first + count
        if low <= high and high - low + 1 < count and outside:
            return replace(b, low=low, low_inclusive=True, high=low + count - 1,
                           high_inclusive=True)  # fmt: skip
        return b
    listed = sorted(v for v in b.allowed or () if isinstance(v, int) and not isinstance(v, bool))
    if not listed:
        return b
    start = next((v for v in listed if v >= first), listed[-1])
    return replace(b, allowed=None, low=start, high=start + max(count, 1) - 1)


def _kept_low(seed: _Seed, name: str, column: str) -> bool:
    """Whether a CHECK of the table keeps its numbered key below a foreign key
    (``CHECK (data_id > key)``): each row takes a parent whose key is above its own, so the
    key is numbered from its lowest, not moved up to where children's CHECKs ask
    (``extra_key >= 93``), which could leave no parent above it."""
    keys = fk_columns(seed.graph.tables[name], seed.overrides.get(name, {}))
    for rel in seed.checks(name).relations:
        for col, op, other in _both_ways(rel):
            fk = keys.get(other)
            if col == column and op in ("<", "<=") and fk is not None and not fk.self_referencing:
                return True
    return False


class _TableDecider:
    """Decides one table's sources (phases: keys, composite uniques, relations, columns)."""

    def __init__(self, seed: _Seed, name: str) -> None:
        self.seed = seed
        self.table = seed.graph.tables[name]
        self.count = seed.plan.counts.get(name, 0)
        self.start = seed.starts.get(name, 0)
        self.overrides = dict(seed.overrides.get(name, {}))
        for column in self.overrides:
            self.table.column(column)  # unknown column -> SchemaError naming the columns
        self.fanout = split_fanout(self.table, self.overrides)
        self.checks: TableChecks = seed.checks(name)
        self.relations: list[Relation] = list(self.checks.relations) + [
            rel
            for rel in V.implicit_relations(self.table)
            if rel.left not in self.overrides and rel.right not in self.overrides
        ]
        self.fk_cols = fk_columns(self.table, self.overrides)
        self.unique_cols = {s[0] for s in self.table.unique_sets if len(s) == 1}
        self.satisfied_by: set[str] = set()
        self.radix: list[RadixSet] = []
        self.radix_cols: dict[str, tuple[int, int, tuple[Any, ...]]] = {}
        self.radix_fks: dict[ForeignKeyInfo, RadixDigit] = {}
        self.assignments: dict[ForeignKeyInfo, Assignment] = {}
        self.parents: dict[ForeignKeyInfo, ParentRows] = {}
        self.deferred: list[DeferredKey] = []
        self.to_itself: dict[str, str] = {}
        """Self-reference columns a CHECK ties to the row itself: the column they copy
        (``CHECK (parent_id >= id)``), or "" for NULL."""
        self.poly: dict[str, Polymorphic] = {}
        """Columns of polymorphic pairs (``taggable_type``, ``taggable_id``)."""
        self.sequential: set[str] = set()
        """Unique integer columns numbered like a key, so a self-reference into them
        (pointing at earlier rows) meets ``CHECK (parent_code < code)``."""

    def where(self, col: ColumnInfo | None = None) -> str:
        if col is None:
            return f"table {self.table.fullname!r}"
        return f"column {self.table.fullname}.{col.name}"

    def context(self, col: ColumnInfo, unique: bool = False) -> V.ColumnContext:
        ctx = V.ColumnContext(
            table=self.table,
            column=col,
            seed=self.seed.plan.seed,
            locale=self.seed.locale,
            providers=self.seed.providers,
            unique=unique,
            appending=self.start > 0,
        )
        own = self.checks.columns.get(col.name)
        return replace(ctx, bounds=self.seed.column_bounds(ctx, own, self.start + self.count))

    def parent(self, fk: ForeignKeyInfo) -> ParentRows:
        got = self.parents.get(fk)
        if got is None:
            _floor_ahead(self.seed, self.table.fullname, fk)
            before = set(self.seed.asked)
            got = self.parents[fk] = self.seed.parent(fk)
            if fk.self_referencing:  # its own rows follow a moved key (_bound)
                self.seed.asked.intersection_update(before)
        return got

    def decide(self) -> TableSources:
        _exclusions_met(self)
        _split_keys(self)
        _rows_naming_tables(self)
        self._composite_uniques()
        _for_children(self)
        self._foreign_keys()
        self._relations_on_keys()
        columns = _column_sources(self)
        written = tuple(n for n, s in columns if not isinstance(s, DatabaseFills))
        timeline = V.timeline_for(
            self.table,
            generated={n for n, s in columns if isinstance(s, Generated) and not s.unique},
            written=written,
            checks=self.checks.relations,
            bounds=self.checks.columns,
            seed=self.seed.plan.seed,
            counted={n for n, s in columns if isinstance(s, Generated) and s.spelling == COUNT},
        )
        keys = tuple(
            ForeignKey(fk, self.assignments[fk], self.parent(fk))
            for fk in dict.fromkeys(self.fk_cols.values())
            if fk in self.assignments
        )
        return TableSources(
            table=self.table.fullname,
            count=self.count,
            start=self.start,
            columns=tuple(columns),
            written=written,
            keys=keys,
            deferred=tuple(self.deferred),
            relations=tuple(self.relations),
            radix=tuple(self.radix),
            overridden=frozenset(self.overrides),
            kept=frozenset(c.name for c in self.table.columns if _referenced(self, c)),
            timeline=timeline,
        )

    # ------------------------------------------------------------- composite uniques

    def _composite_uniques(self) -> None:
        """Composite unique keys: one free column made unique, else distinct digits."""
        radix_sets: list[tuple[str, ...]] = []
        fk_cols = self.fk_cols
        for uset in self.table.unique_sets:
            if len(uset) == 1:
                continue
            if _covered(self, uset) or not (uset := _past_one_to_one(self, uset)):
                continue
            # A column list partitions pin to their few values keeps no key distinct: it
            # is a digit over those values (and then stays as the digit made it).
            free = _free_members(self, uset)
            carried = _carried_by_key(self, uset, free)
            if carried is not None:
                radix_sets.append(carried)
                continue
            free = free or _unnarrowed(self, uset) or _rank_room(self, uset)
            if free:
                chosen = _roomiest(self, free)
                self.unique_cols.add(chosen)
                self.satisfied_by.add(chosen)
                continue
            radix_sets.append(uset)
        plan = plan_radix(
            radix_sets,
            fk_cols,
            self.overrides,
            self.table.fullname,
            (self.start, self.count, self.seed.plan.seed),
            lambda fk: _digit_parent(self, fk),
            lambda column: _domain(self, column),
        )
        self.radix, self.radix_cols, self.radix_fks = plan.sets, plan.columns, plan.keys
        _listed_digits(self)

    # ------------------------------------------------------------- foreign keys

    def _foreign_keys(self) -> None:
        for fk in dict.fromkeys(self.fk_cols.values()):
            if self.count > 0 and _null_parent(self, fk):
                self.assignments[fk] = NoParent()  # every parent key is NULL
            elif fk in self.radix_fks:
                if fk in self.fanout:
                    raise refuse_fanout(
                        self.table,
                        *self.fanout[fk],
                        "its parents are combined with the other "
                        "columns of a composite unique key to keep every row distinct",
                    )
                if fk in self.seed.plan.deferred:
                    # NULL first; the UPDATE gives each row its digit of the key.
                    self.assignments[fk] = NoParent()
                    self.deferred.append(DeferredKey(fk, self.radix_fks[fk], self.parent(fk)))
                else:
                    self.assignments[fk] = self.radix_fks[fk]
            elif fk in self.seed.plan.deferred:
                self.assignments[fk] = NoParent()
                self.deferred.append(DeferredKey(fk, self._assignment(fk), self.parent(fk)))
            else:
                self.assignments[fk] = _check_columns(self, fk, self._assignment(fk))

    def _assignment(self, fk: ForeignKeyInfo) -> Assignment:
        """How child rows pick their parent rows along ``fk``."""
        parent = self.parent(fk)
        salt = derive(self.seed.plan.seed, self.table.fullname, "fk", *fk.columns)
        if fk in self.fanout and (fk.self_referencing or fk.unique):
            why = "it points into its own table (a tree of earlier rows)"
            if not fk.self_referencing:
                why = "the foreign key is unique (one child per parent)"
            raise refuse_fanout(self.table, *self.fanout[fk], why)
        nullable = key_nullable(self.checks, fk)
        if fk.self_referencing:
            tree = SelfTree(salt, parent.start, fk.unique, nullable, self.count)
            return _self_tree(self, fk, tree)
        if self.count <= 0 or parent.count <= 0 or _unreachable(self, fk, nullable):
            return NoParent()  # no rows to point, or nothing to point at
        bounds = key_bounds(self.checks, fk)
        if fk.unique and bounds is None:
            # Joined-table subclasses of one base take consecutive ranges of its rows, so
            # each base row belongs to at most one subclass (see Discriminator).
            offset = _subclass_offset(self, fk.ref_table)
            one = OneToOne(parent.start, offset, parent.count, self.start)
            asked, found = (self.count, nullable), _distinct_known(self, fk)
            seed = self.seed.plan.seed
            return distinct_parents(self.table, fk, one, found, asked, self.where(), seed)
        dist = fanout_of(self.fanout, fk)
        known = _led(self.seed, fk.ref_table, fk.ref_columns[0]) if bounds else ()
        parent, rows = allowed_parents(fk, parent, bounds, self.where(), self.seed.plan.seed, known)
        if fk.unique:
            where, checked = self.where(), (self.seed.plan.seed, bounds)
            return one_each(fk, parent, rows, self.start, self.count, where, nullable, checked)
        over = parent if rows is None else listed_parent(parent, rows)
        if dist is None and rows is None and fk in self.seed.plan.together_keys:
            # Written together with its parent table, in steps: point only backwards.
            inner: Spread | Zipf = Spread(salt, over.start, over.count, self.start,
                                          max(self.count, 1), nullable, behind=True)  # fmt: skip
        else:
            inner = spread_over(dist, salt, over, self.start, self.count, nullable)
        return restricted(inner, rows, parent, bounds, nullable) if over.count else NoParent()

    def _subclass_ranges(self, base: str) -> list[tuple[int, int, Any, str]]:
        """(first, stop, identity, table) of each joined subclass's share of base rows."""
        poly = self.seed.graph.polymorphic.get(base)
        out: list[tuple[int, int, Any, str]] = []
        first = 0
        for identity, child in poly.joined if poly is not None else ():
            n = self.seed.plan.counts.get(child, 0)
            out.append((first, first + n, identity, child))
            first += n
        return out

    # ------------------------------------------------------------- relations on keys

    def _relations_on_keys(self) -> None:
        """Row relations (CHECK a <> b, a < b) that involve keys or unique columns.

        Moving a key by arithmetic would point it at a row that does not exist (or repeat
        a unique value), so the other column moves; a unique column compared with a foreign
        key is kept beyond every key the foreign key may take; two foreign keys are met by
        choosing their parents together (see :mod:`.checked`).
        """
        table, fixed = self.table, _fixed(self)
        numbered = {c.name for c in table.columns if c.autoincrement and c.primary_key}
        kept: list[Relation] = []
        for rel in self.relations:
            if _met_by_self_tree(self, rel):
                continue
            where, placed = place_relation(rel, self.fk_cols, fixed, numbered)
            if where == "pair":
                _pair_parents(self, placed, self.fk_cols[rel.left], self.fk_cols[rel.right])
            elif not (where in ("bound", "split") and _bound(self, where, placed)):
                if not (where == "bound" and _checked_against(self, placed)):
                    if where == "bound" and _always_null(self, placed.right):
                        continue  # NULL in every row: the CHECK holds
                    _refuse_moving_a_target(self, placed)
                    _refuse_moving_distinct(self, placed)
                    kept.append(placed)
        self.relations = _moving(self, kept)
        _still_placed(self)
        _self_refs_reachable(self)
        _self_trees_settled(self)

    # ------------------------------------------------------------- columns

    def _column(self, col: ColumnInfo) -> ColumnSource:
        name = col.name
        poly = self.seed.graph.polymorphic.get(self.table.fullname)
        if name in self.overrides:
            return self._override(col, self.overrides[name])
        if poly is not None and name == poly.column:
            return _discriminator(self, poly.identities or tuple(i for i, _ in poly.joined))
        if name in self.poly:
            return self.poly[name]
        shared = _shared_column(self, col) or _apart(self, col)
        if shared is not None:
            return shared
        if name in self.to_itself:
            copied = self.to_itself[name]
            return SelfPinned(copied) if copied else AlwaysNull()
        if name in self.fk_cols:
            fk = self.fk_cols[name]
            if fk.self_referencing and _pinned(fk):
                return (
                    AlwaysNull()
                    if fk.nullable
                    else SelfPinned(fk.ref_columns[fk.columns.index(name)])
                )
            return KeyColumn(fk, fk.columns.index(name))
        if name in self.radix_cols:
            set_index, pos, domain = self.radix_cols[name]
            return RadixColumn(set_index, pos, domain)
        if (self.table.fullname, name) in self.seed.cycling:
            return self.seed.cycling[self.table.fullname, name]
        if name in self.sequential and col.kind != "int":
            salt = derive(self.seed.plan.seed, self.table.fullname, "ascending", name)
            return Ascending(col.kind == "date", _is_aware(col), salt)
        if (col.autoincrement and col.primary_key) or name in self.sequential:
            return self._int_key(col)
        if col.kind == "unsupported" and (self.count == 0 or col.nullable):
            # No rows (only the tables seeded matter), or NULL the column accepts.
            return DatabaseFills(f"{NO_GENERATOR} (type {col.type_name})")
        if name in self.satisfied_by and (ranks := _ranked(self, col)) is not None:
            return ranks
        if col.primary_key or name in self.unique_cols:
            return self._generated(col)
        if col.database_fills and not col.server_default:
            return DatabaseFills("identity")
        if col.server_default:
            return _server_default_source(self, col)
        return self._generated(col)

    def _generated(
        self, col: ColumnInfo, default: tuple[Any, ...] = (), null_fraction: float | None = None
    ) -> Generated:
        ctx = self.context(col, unique=col.name in self.unique_cols)
        share = V.null_share(ctx) if null_fraction is None else null_fraction
        ctx = replace(ctx, default=default, null_fraction=share)
        if ctx.null_fraction and _referenced(self, col):
            # Children copy the parent's value: a NULL would break a NOT NULL child.
            ctx = replace(ctx, null_fraction=0.0)
        gen = V.make_generator(ctx)
        past = _past_existing(self, ctx, gen.capacity)
        if past is not None:
            ctx, gen = past
        null_from = None
        if (
            ctx.unique
            and gen.capacity is not None
            and self.start + self.count > gen.capacity
            and always_null(self.checks, (col.name,)) is None  # NULLs repeat freely
            and not _nulls_past_capacity(self, ctx)
        ):
            composite = col.name in self.satisfied_by
            why = "made unique to satisfy a composite unique key" if composite else "unique"
            room = max(gen.capacity - self.start, 0)
            there = f" on top of {self.start} already there" if self.start else ""
            raise UniquenessError(
                f"{self.where(col)} is {why} but its type and constraints allow only "
                f"{gen.capacity} distinct values{V.pattern_note(ctx.bounds)}, and "
                f"{self.count} rows were asked "
                f"for{there} (seed {self.seed.plan.seed}). Fix: ask for at most {room} "
                f"{self.table.name!r} rows, or override {col.name!r} with distinct values."
            )
        if ctx.unique and gen.capacity is not None and self.start + self.count > gen.capacity:
            null_from = gen.capacity  # NULLs never collide in a unique key
            self.seed.nulled[self.table.fullname, col.name] = null_from
        first = _leading_and_drawn(self, col, ctx, gen)
        return Generated(
            ctx.unique, ctx.bounds, ctx.default, ctx.null_fraction, first, null_from=null_from
        )

    def _int_key(self, col: ColumnInfo) -> IntegerKey | Generated:
        offset = self.seed.id_offsets.get(self.table.fullname, {}).get(col.name, 0)
        limit = int_type_limits(col.concrete_type)[1]
        if offset + self.start + self.count > limit:
            raise UniquenessError(
                f"{self.where(col)}: {self.count} more rows would number keys past "
                f"{limit}, the largest value its type holds. Fix: ask for fewer rows or "
                "use a wider integer type."
            )
        bounds = self.checks.columns.get(col.name)
        first = self.seed.key_start(self.table.fullname, col)
        if first is None and (not col.unique or (bounds and bounds.allowed is not None)):
            # the values a CHECK lists, or one column of a composite key: not a run of keys
            return self._generated(col)
        if first is None:
            return _without_a_run(self, col, offset)
        return IntegerKey(first - self.start)

    def _override(self, col: ColumnInfo, value: Any) -> ColumnSource:
        if value is DEFAULT:
            return _database_default(self, col)
        if isinstance(value, Fake):
            ctx = self.context(col, unique=col.unique)
            V.provider_generator(ctx, value.provider, value.args, dict(value.kwargs))
            return FromProvider(value, ctx.unique, ctx.bounds)
        if callable(value):
            return FromCallable(value)
        if col.unique and self.count > 1 and not (value is None and col.nullable):
            raise UniquenessError(
                f"{self.where(col)} is unique but is overridden with the constant "
                f"{value!r} for {self.count} rows. Fix: override it with a callable, e.g. "
                f"lambda row: f'...{{row}}', or with fake(...)."
            )
        return Constant(value)


def _discriminator(self: _TableDecider, own: tuple[Any, ...]) -> Discriminator:
    """Identities the ORM knows: a joined subclass's rows carry its identity, the other rows
    one of those stored in the base table alone."""
    ranges = tuple((a, b, ident) for a, b, ident, _ in self._subclass_ranges(self.table.fullname))
    salt = derive(self.seed.plan.seed, self.table.fullname, "discriminator")
    return Discriminator(ranges, own, salt)


def _polymorphic(self: _TableDecider) -> None:
    """Polymorphic pairs (``taggable_type`` + ``taggable_id``, no foreign key): each row
    names one of the other seeded tables with numbered integer keys and a key it holds
    (see :mod:`.polymorphic`)."""
    if self.count <= 0:
        return
    taken = {**self.fk_cols, **self.overrides, **self.checks.columns}
    for type_name, id_name in pair_columns(self.table, taken):
        targets = _poly_targets(self, self.table.column(type_name), self.table.column(id_name))
        if not targets:
            continue
        seed = self.seed.plan.seed
        kind, key = polymorphic_pair(targets, seed, self.table.fullname, type_name)
        enough = self.start + self.count <= reach(key)
        within = [u for u in self.table.unique_sets if len(u) > 1 and {type_name, id_name} & set(u)]
        if any(type_name in u and id_name not in u for u in within):
            continue  # a unique key over the class name alone: not a pair's to keep
        self.poly[type_name] = kind
        if enough or not within:
            self.poly[id_name] = key  # else the id is made unique like any column


def _rows_naming_tables(self: _TableDecider) -> None:
    """Columns whose rows name the schema's tables: polymorphic pairs, content types."""
    _polymorphic(self)
    _generic_relations(self)
    _content_types(self)
    _permissions(self)


def _names_models(self: _TableDecider) -> bool:
    return content_type_columns(self.table) is not None


def _content_types(self: _TableDecider) -> None:
    """A table shaped like Django's ``django_content_type``: its rows name the schema's
    models, then invented ones, each ``(app_label, model)`` once (see :mod:`.content_types`).
    Left to the generators when rows are there already or a column is overridden."""
    columns = content_type_columns(self.table)
    if columns is None or self.count <= 0 or self.start > 0:
        return
    mine = {c for t, c in self.seed.cycling if t == self.table.fullname}
    taken = (self.overrides, self.checks.columns, mine)
    if any(c in t for c in columns for t in taken):
        return
    pairs = content_type_pairs(self.seed.graph.tables.values(), self.count)
    for column, source in zip(columns, pairs):
        self.seed.cycling[self.table.fullname, column] = source


def _permissions(self: _TableDecider) -> None:
    """A table shaped like Django's permissions whose content types this seed writes:
    four permissions per model, each naming its content type's model (see
    :mod:`.permissions`). Left to the generators when anything else decides a column."""
    columns = permission_columns(self.table)
    if columns is None or self.count <= 0 or self.start > 0:
        return
    fk = self.fk_cols.get(columns[0])
    if fk is None or fk.ref_table != _content_types_written(self) or fk.self_referencing:
        return
    if fk in self.seed.plan.deferred or fk in self.fanout:
        return
    busy = (self.overrides, self.checks.columns, self.poly)
    if any(c in t for c in columns for t in busy):
        return
    if any(set(columns) & {r.left, r.right} for r in self.relations):
        return
    parent = self.parent(fk)
    ct_table = self.seed.graph.tables[fk.ref_table]
    if not isinstance(parent, BuiltParent) or parent.key_base is None or parent.start > 0:
        return
    if tuple(fk.ref_columns) != tuple(ct_table.primary_key):
        return
    models = content_type_pairs(self.seed.graph.tables.values(), parent.count)[1].domain
    values = permission_values(self.table, columns, models, parent.key_base, self.count)
    if values is None:
        return
    del self.fk_cols[columns[0]]
    self.seed.asked.add(fk.ref_table)  # its keys stay where these rows point
    for column, domain in zip(columns, values):
        self.seed.cycling[self.table.fullname, column] = Cycling(domain, 0)


def _poly_targets(self: _TableDecider, type_col: ColumnInfo, key: ColumnInfo) -> list[PolyTarget]:
    """The tables a polymorphic pair may point at, in plan order, one per class name."""
    seed, referenced = self.seed, {fk.ref_table for fk in self.fk_cols.values()}
    out: list[PolyTarget] = []
    names: set[str] = set()
    for name in seed.plan.order:
        table, count = seed.graph.tables[name], seed.plan.counts.get(name, 0)
        if name == self.table.fullname or name in referenced or class_name(table.name) in names:
            continue
        first = _numbered_from(self, name)
        if first is None or not usable_target(class_name(table.name), key, type_col, first, count):
            continue
        seed.asked.add(name)  # its keys stay where these rows point
        names.add(class_name(table.name))
        out.append(PolyTarget(name, class_name(table.name), first, count))
    return out


def _numbered_from(self: _TableDecider, name: str) -> int | None:
    """The first key of a seeded table with one integer key this seed numbers, or None."""
    seed = self.seed
    table, count = seed.graph.tables[name], seed.plan.counts.get(name, 0)
    pk = table.primary_key
    if count <= 0 or len(pk) != 1:
        return None
    col, over = table.column(pk[0]), seed.overrides.get(name, {})
    if not (col.autoincrement and col.kind == "int") or col.name in over:
        return None
    if col.name in fk_columns(table, over):
        return None
    return seed.key_start(name, col)


def _generic_relations(self: _TableDecider) -> None:
    """Django's generic relations (``content_type_id`` + ``object_id``): where the content
    types are those this seed writes, each row names the content type of one of the seeded
    tables with numbered integer keys and a key it holds (see :mod:`.generic`)."""
    if self.count <= 0 or not any(c.endswith(CT_COLUMN) for c in self.fk_cols):
        return
    for fk, obj in generic_columns(self.table, _content_types_written(self)):
        ct_col = fk.columns[0]
        busy = (self.overrides, self.radix_cols, self.poly, self.checks.columns)
        if any(c in t for c in (ct_col, obj.name) for t in busy[:3]) or ct_col in busy[3]:
            continue
        if fk in self.seed.plan.deferred or fk in self.fanout or fk.self_referencing:
            continue
        if any({ct_col, obj.name} & {r.left, r.right} for r in self.relations):
            continue
        targets = tuple(_generic_targets(self, fk, obj))
        if not targets:
            continue
        part = "id" if obj.kind == "int" else "text"
        salt = derive(self.seed.plan.seed, self.table.fullname, "generic", ct_col)
        kind, key = Polymorphic("type", targets, salt), Polymorphic(part, targets, salt)
        within = [u for u in self.table.unique_sets if len(u) > 1 and {ct_col, obj.name} & set(u)]
        if any(ct_col in u and obj.name not in u for u in within):
            continue  # a unique key over the content type alone: not a pair's to keep
        del self.fk_cols[ct_col]
        self.poly[ct_col] = kind
        if self.start + self.count <= reach(key) or not within:
            self.poly[obj.name] = key  # else the id is made unique like any column


def _content_types_written(self: _TableDecider) -> str:
    """The content-type table whose rows this seed names after the schema's models
    (:func:`_content_types`), or "" when there is none."""
    for name, table in self.seed.graph.tables.items():
        columns = content_type_columns(table)
        if columns is None or self.seed.starts.get(name, 0) > 0:
            continue
        made = [self.seed.cycling.get((name, c)) for c in columns]
        count = self.seed.plan.counts.get(name, 0)
        if count > 0 and made == list(content_type_pairs(self.seed.graph.tables.values(), count)):
            return name
    return ""


def _generic_targets(self: _TableDecider, fk: ForeignKeyInfo, obj: ColumnInfo) -> list[PolyTarget]:
    """The models a generic relation may point at: each seeded table of numbered integer
    keys named by a content type this seed writes, with that content type's key."""
    parent = self.parent(fk)
    if not isinstance(parent, BuiltParent) or parent.key_base is None or parent.start > 0:
        return []
    ct_table = self.seed.graph.tables[fk.ref_table]
    if tuple(fk.ref_columns) != tuple(ct_table.primary_key):
        return []
    models = list(modelled_tables(self.seed.graph.tables.values()).values())[: parent.count]
    out: list[PolyTarget] = []
    for i, name in enumerate(models):
        count = self.seed.plan.counts.get(name, 0)
        first = None if name == self.table.fullname else _numbered_from(self, name)
        bounds = self.checks.columns.get(obj.name)
        if first is None or not holds_keys(obj, bounds, first, first + count - 1):
            continue
        self.seed.asked.add(name)  # its keys stay where these rows point
        out.append(PolyTarget(name, parent.key_base + i, first, count))
    return out


def _covered(self: _TableDecider, uset: tuple[str, ...]) -> bool:
    """Whether a composite unique key holds already: one of its columns is unique alone,
    or a polymorphic pair inside it differs in every row (enough target rows)."""
    fk_cols = self.fk_cols
    if any(c in self.unique_cols for c in uset):
        return True
    if all((self.table.fullname, c) in self.seed.cycling for c in uset) and (
        _names_models(self) or permission_columns(self.table) is not None
    ):
        return True  # content types, permissions: each row another model (_content_types)
    for c in uset:  # one row per parent: the key's every column inside the unique key
        fk = fk_cols.get(c)
        if fk is not None and fk.unique and set(fk.columns) <= set(uset):
            return True
    for column, source in self.poly.items():
        pair = [c for c, s in self.poly.items() if s.salt == source.salt and c in uset]
        if source.part == "id" and column in uset and len(pair) == 2:
            return True  # kept only where the pair differs in every row (_polymorphic)
    return False


def _database_default(self: _TableDecider, col: ColumnInfo) -> DatabaseFills:
    """``DEFAULT``: the column is left out of the rows, for the database to fill."""
    if not (col.database_fills or col.nullable):
        raise ConfigError(
            f"{self.where(col)} is overridden with DEFAULT, but it is NOT NULL and the "
            "database has no default for it (no server default, identity or sequence). "
            f"Fix: give {col.name!r} a value (a constant, a callable or fake(...)), or "
            "add a server default to the column."
        )
    for child in self.seed.graph.children_of(self.table.fullname):
        if col.name in child.ref_columns and self.seed.plan.counts.get(child.table, 0) > 0:
            raise ConfigError(
                f"{self.where(col)} is overridden with DEFAULT, but rows of "
                f"{child.table!r} point at it ({child.describe()}), so the seed must "
                f"know its values. Fix: drop the DEFAULT override of {col.name!r}."
            )
    return DatabaseFills("DEFAULT override")


def _for_children(self: _TableDecider) -> None:
    """What children's keys into this table need of its rows, arranged before its columns."""
    _distinct_for_children(self)
    _place_for_children(self)


def _place_for_children(self: _TableDecider) -> None:
    """A child's CHECK comparing its key into this table with another key whose values are
    known ahead (``price_id > url_id``, ``url_id`` a self-reference into a numbered key):
    this table's key column generated beyond all of them, so whichever parent each child
    row takes meets it (children that combine their parents in a composite unique key
    cannot choose them to fit)."""
    graph, plan, me = self.seed.graph, self.seed.plan, self.table.fullname
    if self.start > 0 or self.count <= 0:
        return  # rows already there hold keys of their own
    for fk in graph.children_of(me):
        if fk.self_referencing or plan.counts.get(fk.table, 0) <= 0:
            continue
        for rel in self.seed.checks(fk.table).relations:
            for col, op, other in _both_ways(rel):
                if col in fk.columns and other not in fk.columns:
                    name = fk.ref_columns[fk.columns.index(col)]
                    span = _known_span(self.seed, fk.table, other, me)
                    if span is not None:
                        _place_beyond(self, name, op, span)


def _place_beyond(self: _TableDecider, name: str, op: str, span: tuple[int, int]) -> None:
    col = self.table.column(name)
    taken = set(self.overrides) | set(self.fk_cols) | set(self.radix_cols)
    if col.kind != "int" or not free_column(col, taken):
        return
    narrowed = beyond(self.checks.columns.get(name), op, span)
    if narrowed is None:
        return
    unique = name in self.unique_cols or col.unique
    capacity = V.make_generator(replace(self.context(col, unique), bounds=narrowed)).capacity
    if unique and capacity is not None and capacity < self.count:
        return
    self.checks = replace(self.checks, columns={**self.checks.columns, name: narrowed})
    self.seed.placed[self.table.fullname, name] = narrowed


def _known_span(seed: _Seed, child: str, column: str, deciding: str) -> tuple[int, int] | None:
    """The smallest and largest value ``child.column`` can take, known before ``child`` is
    decided: a single-column key into integer keys numbered by this seed (the child's own,
    through a self-reference, or another table's, which then keeps them as they are)."""
    table, over = seed.graph.tables[child], seed.overrides.get(child, {})
    fk = fk_columns(table, over).get(column)
    if fk is None or len(fk.columns) != 1 or fk.ref_table == deciding:
        return None
    before = set(seed.asked)
    parent = seed.parent(fk)
    if fk.self_referencing:  # checked again once the child's keys are final
        seed.asked.intersection_update(before)
    if not isinstance(parent, BuiltParent) or parent.key_base is None or parent.count <= 0:
        return None
    first = parent.key_base + parent.start
    return first, first + parent.count - 1


def _placed_by_parent(self: _TableDecider, rel: Relation) -> bool:
    """Whether a parent placed its key column beyond every value ``rel`` compares it with
    (:func:`_place_for_children`); checked again once this table's keys are final."""
    if _beyond_all(self, rel):
        self.seed.relying.setdefault(self.table.fullname, []).append(rel)
        return True
    return False


def _both_ways(rel: Relation) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    return (rel.left, rel.op, rel.right), (rel.right, _FLIP[rel.op], rel.left)


def _beyond_all(self: _TableDecider, rel: Relation) -> bool:
    for col, op, other in _both_ways(rel):
        fk = self.fk_cols.get(col)
        if fk is None or fk.self_referencing:
            continue
        bounds = self.seed.placed.get((fk.ref_table, fk.ref_columns[fk.columns.index(col)]))
        span = _known_span(self.seed, self.table.fullname, other, fk.ref_table)
        if bounds is not None and span is not None and beyond(bounds, op, span) == bounds:
            return True
    return False


def _still_placed(self: _TableDecider) -> None:
    """The keys a placement was measured against did not move since (``_bound``)."""
    for rel in self.seed.relying.pop(self.table.fullname, []):
        if not _beyond_all(self, rel):
            label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
            raise PlanError(
                f"{self.where()}: the CHECK {label!r} compares two foreign keys whose parents "
                "are chosen elsewhere (a composite unique key or a key filled later), and "
                "the keys they are compared with moved for another CHECK, so the generator "
                f"cannot meet both (seed {self.seed.plan.seed}). Fix: override {rel.left!r} "
                f"and {rel.right!r} with values that satisfy it, e.g. counts="
                f"{{{self.table.name!r}: rows(N, {rel.left}=..., {rel.right}=...)}}."
            )


def _distinct_for_children(self: _TableDecider) -> None:
    """Children whose unique key lies inside a composite foreign key into this table need
    parents that differ in the columns it points at: one of them made unique, or cycling
    through its few values (see :mod:`.projections`)."""
    graph, plan = self.seed.graph, self.seed.plan
    for fk in graph.children_of(self.table.fullname):
        if fk.self_referencing or plan.counts.get(fk.table, 0) <= 1:
            continue
        for uset in inner_uniques(graph.tables[fk.table], fk):
            got = self.seed.distinct[fk, uset] = _arrange_distinct(self, projection(fk, uset))
            _settle_owed(self, fk, uset, got)
        for part in partial_uniques(graph.tables[fk.table], fk):
            # combined with other columns in a composite unique key, whose digit is the
            # parent row (see _digit_parent)
            self.seed.distinct[fk, part] = _arrange_distinct(self, projection(fk, part))


def _distinct_known(
    self: _TableDecider, fk: ForeignKeyInfo
) -> Mapping[tuple[ForeignKeyInfo, tuple[str, ...]], Distinct]:
    """What the parent of ``fk`` arranged for this table's unique keys inside ``fk``; for
    a parent decided after this table (a cycle), every row taken to differ, owed by the
    parent (:func:`_settle_owed`)."""
    order = self.seed.plan.order
    if fk.ref_table not in order or order.index(fk.ref_table) < order.index(self.table.fullname):
        return self.seed.distinct
    owed = {(fk, u): Distinct(None) for u in inner_uniques(self.table, fk)}
    for key in owed:
        self.seed.owed[key] = (self.count, self.table.fullname)
    return {**self.seed.distinct, **owed}


def _settle_owed(
    self: _TableDecider, fk: ForeignKeyInfo, uset: tuple[str, ...], got: Distinct
) -> None:
    """Refuse when this table, decided after a child that took its rows to differ in the
    columns the child's unique key ``uset`` points at, cannot make that many differ."""
    owed = self.seed.owed.pop((fk, uset), None)
    if owed is None or got.rows is None or got.rows >= owed[0]:
        return
    count, child = owed
    name = self.seed.graph.tables[child].name
    seed = self.seed.plan.seed
    raise too_few_distinct(f"table {child!r}", name, count, fk, uset, got, seed)


def _past_one_to_one(self: _TableDecider, uset: tuple[str, ...]) -> tuple[str, ...]:
    """A composite unique key holding columns of a one-to-one foreign key (each row its own
    parent), not all of them: the key without those columns when the others alone have
    room for the rows (distinct there, distinct in the whole; the one-to-one key must not
    repeat its parents as a digit would), else () — its parents differing keep it, and its
    rows past them are NULL there."""
    ones = {c for c in uset if (fk := self.fk_cols.get(c)) is not None and fk.unique}
    if not ones:
        return uset
    rest = tuple(c for c in uset if c not in ones)
    room = 1
    for c in rest:
        fk = self.fk_cols.get(c)
        if fk is None:
            return rest  # a column of its own: room enough to be made unique
        room *= max(self.parent(fk).count, 0)
    return rest if rest and room >= self.start + self.count else ()


def _free_members(self: _TableDecider, uset: tuple[str, ...], narrowed: bool = True) -> list[str]:
    """The columns of a composite unique key with values enough to be made unique: not a
    key, override or pinned column, and no finite domain (``narrowed``: under the bounds
    children's CHECKs narrow it to, else under its own CHECKs)."""
    pinned = self.seed.listed.get(self.table.fullname, {})
    out = []
    for c in uset:
        if c in self.fk_cols or c in self.overrides or c in self.poly or c in pinned:
            continue
        ctx = self.context(self.table.column(c))
        if not narrowed:
            ctx = replace(ctx, bounds=self.checks.columns.get(c))
        if V.finite_domain(ctx) is None:
            out.append(c)
    return out


def _unnarrowed(self: _TableDecider, uset: tuple[str, ...]) -> list[str]:
    """A composite unique key of plain columns, each with few values only because children's
    CHECKs on their foreign keys narrowed it (``id <= 64``, ``part IN ('a', 'b')``), whose
    combinations are fewer than the rows: the column that kept the most values is made
    unique under its own CHECKs, the children's wish dropped for it (they choose among the
    parents they allow). Empty when the combinations suffice or no column has room."""
    if any(c in self.fk_cols for c in uset) or self.start > 0:
        return []
    domains = {c: V.finite_domain(self.context(self.table.column(c))) for c in uset}
    if any(d is None for d in domains.values()):
        return []
    if math.prod(len(d or ()) for d in domains.values()) >= self.count:
        return []
    roomy = [c for c in _free_members(self, uset, narrowed=False) if not _wished_by_held(self, c)]
    if not roomy:
        return []
    chosen = max(roomy, key=lambda c: len(domains[c] or ()))
    own = self.checks.columns.get(chosen)
    key = (self.table.fullname, chosen)
    self.seed.shaped[(key[0], key[1], own)] = self.seed.final[key] = own
    self.seed.led.pop(key, None)
    return [chosen]


def _wished_by_held(self: _TableDecider, column: str) -> bool:
    """Whether a child with rows in this seed holds a foreign key into ``column`` set (NOT
    NULL, or a CHECK keeps it set) under a CHECK on that key: it needs the parents' values
    inside its CHECK."""
    for fk in self.seed.graph.children_of(self.table.fullname):
        if column not in fk.ref_columns or self.seed.plan.counts.get(fk.table, 0) <= 0:
            continue
        bounds = self.seed.checks(fk.table).columns.get(fk.columns[fk.ref_columns.index(column)])
        if bounds is not None and (not fk.nullable or bounds.not_null):
            return True
    return False


def _digit_parent(self: _TableDecider, fk: ForeignKeyInfo) -> ParentRows:
    """The parent rows a digit of a composite unique key runs over: those that differ in
    the columns the key takes of a composite foreign key (:func:`_distinct_for_children`)."""
    got = _radix_parent(self, fk)
    rows = [d.rows for (k, _), d in self.seed.distinct.items() if k == fk and d.rows is not None]
    if not rows or not isinstance(got, BuiltParent):
        return got
    return replace(got, count=min([got.count, *rows]))


def _arrange_distinct(self: _TableDecider, columns: tuple[str, ...]) -> Distinct:
    if unique_within(self.table, columns, self.unique_cols):
        return Distinct(None)
    rows = self.start + self.count
    taken = set(self.overrides) | set(self.fk_cols) | set(self.radix_cols)
    taken |= {c for r in self.relations if not _held_by_bounds(self, r) for c in (r.left, r.right)}
    taken |= set(self.seed.graph.shared.get(self.table.fullname, {}))
    for name in columns:
        col = self.table.column(name)
        if not free_column(col, taken):
            continue
        domain = V.finite_domain(self.context(col))
        capacity = V.make_generator(self.context(col, unique=True)).capacity
        if capacity is None or capacity >= rows:
            self.unique_cols.add(name)
            return Distinct(None)
        if domain:
            shift = derive(self.seed.plan.seed, self.table.fullname, "cycling", name)
            self.seed.cycling[self.table.fullname, name] = Cycling(tuple(domain), shift)
            return Distinct(len(domain), f"{self.table.fullname}.{name} takes only "
                            f"{len(domain)} distinct values")  # fmt: skip
    cols = ", ".join(columns)
    return Distinct(1, f"the generator cannot keep ({cols}) distinct between its rows")


def _carried_by_key(
    self: _TableDecider, uset: tuple[str, ...], free: list[str]
) -> tuple[str, ...] | None:
    """A composite unique key whose free columns an ordering CHECK ties to a foreign key
    column they cannot be kept beyond (``ref > starts_part``, timestamps): made unique,
    such a column would be moved next to the key in each row and repeat. When the key holds
    every column of a foreign key with a parent row for each row, the columns of that
    foreign key alone (one parent per row) keep it distinct, and the others move freely."""
    if not free or any(not _ordered_against_key(self, c) for c in free):
        return None
    for fk in dict.fromkeys(self.fk_cols[c] for c in uset if c in self.fk_cols):
        if not set(fk.columns) <= set(uset) or fk.self_referencing:
            continue
        if fk in self.seed.plan.deferred or fk in self.fanout:
            continue
        if 0 < self.start + self.count <= self.parent(fk).count:
            return fk.columns
    return None


def _ordered_against_key(self: _TableDecider, name: str) -> bool:
    """Whether an ordering CHECK compares ``name`` with a foreign key column in a way no
    range of values can meet (:func:`_bound` keeps only numbers beyond integer keys)."""
    col = self.table.column(name)
    for rel in self.relations:
        if rel.op not in ("<", "<=", ">", ">=") or name not in (rel.left, rel.right):
            continue
        other = rel.right if rel.left == name else rel.left
        if other not in self.fk_cols or _held_by_bounds(self, rel):
            continue
        if col.kind not in _NUMERIC or self.table.column(other).kind != "int":
            return True
        fk = self.fk_cols[other]
        parent = self.parent(fk)
        numbered = isinstance(parent, BuiltParent) and parent.key_base is not None
        if len(fk.columns) > 1 or not (numbered or _generated_span(self, fk) is not None):
            return True  # no span of keys to keep the number beyond
    return False


def _held_by_bounds(self: _TableDecider, rel: Relation) -> bool:
    """Whether the bounds of its two columns already keep ``rel`` in every row (``part <=
    id``, both in the primary key, split on either side of a pivot by :func:`_split_keys`):
    no row's value moves for it, so either column may still be made unique."""
    if rel.op not in ("<", "<=", ">", ">="):
        return False
    lb, rb = self.checks.columns.get(rel.left), self.checks.columns.get(rel.right)
    if lb is None or rb is None:
        return False
    if rel.op in (">", ">="):
        lb, rb = rb, lb  # right < left, right <= left
    top, bottom = lb.high, rb.low
    if not all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
               for v in (top, bottom)):  # fmt: skip
        return False
    assert top is not None and bottom is not None
    if top != bottom:
        return bool(top < bottom)
    return rel.op in ("<=", ">=") or not (lb.high_inclusive and rb.low_inclusive)


def _self_trees_settled(self: _TableDecider) -> None:
    """A self-reference under a CHECK (``parent_code IN (0)``) decided while a relation
    could still move the column it points at (``CHECK (code < key)``), as a plain tree:
    once the relation is met by bounding the column instead (no row moves it), the tree
    is decided again so that rows point only at rows whose key passes."""
    for fk, got in list(self.assignments.items()):
        if not (fk.self_referencing and isinstance(got, SelfTree) and len(fk.columns) == 1):
            continue
        if fk in self.seed.plan.deferred or key_bounds(self.checks, fk) is None:
            continue
        if any(_moves(self, rel, fk.ref_columns[0]) for rel in self.relations):
            continue
        self.assignments[fk] = _self_tree(self, fk, got)


def _self_tree(self: _TableDecider, fk: ForeignKeyInfo, tree: SelfTree) -> Assignment:
    """A self-reference under a CHECK on it (``parent_id > 4``, ``parent_code IN ('a',
    'b')``): the tree where every row's key passes; else each row points at one of the
    rows whose key passes (one each when unique), NULL where none does (refused when NOT
    NULL). The keys are known when this seed numbers them or leads the column with the
    values a CHECK lists (:func:`~pytest_dbseed.engine.sources.wanted.leading`)."""
    bounds = key_bounds(self.checks, fk)
    parent = self.parent(fk)
    if bounds is None or not isinstance(parent, BuiltParent) or parent.count <= 0:
        return tree
    ref = fk.ref_columns[0]
    if any(ref in branch for nc in self.checks.null_choices for branch in nc.branches) or any(
        _moves(self, rel, ref) for rel in self.relations
    ):
        return tree  # the row's own CHECKs move the key: the database has the last word
    known: tuple[Any, ...] = ()
    if parent.key_base is not None and _unreachable(self, fk, tree.nullable):
        return NoParent()
    if parent.key_base is None:
        self.context(self.table.column(ref))  # decides the leading values
        if _unreachable(self, fk, tree.nullable):
            return NoParent()
        known = self.seed.led.get((self.table.fullname, ref), ())
        if not known:
            return tree
    where, seed = self.where(), self.seed.plan.seed
    within, rows = allowed_parents(fk, parent, bounds, where, seed, known)
    if rows is None and within == parent:
        return tree
    nullable = tree.nullable
    if rows == () or within.count <= 0:
        return NoParent()
    if fk.unique:
        return one_each(fk, within, rows, self.start, self.count, where, nullable, (seed, bounds))
    over = within if rows is None else listed_parent(within, rows)
    inner = spread_over(None, tree.salt, over, self.start, self.count, nullable)
    return restricted(inner, rows, within, bounds, nullable)


def _split_keys(self: _TableDecider) -> None:
    """Two key or unique integer columns a CHECK compares (``part >= id``, both in the
    primary key) are kept in ranges on either side of a pivot (see :func:`split`), decided
    before a composite key counts the values of its columns, and within the bounds children's
    CHECKs ask of them (``hits_id BETWEEN 9 AND 109``) where a pivot still fits between
    them: children's bounds that do not fit are left out (the child is refused then, or
    chooses among the parents it can), never the CHECK."""
    keyed = {c.name for c in self.table.columns if c.primary_key or c.unique}
    keyed = (keyed | self.unique_cols) - set(self.fk_cols) - set(self.overrides)
    for rel in [*self.relations, *_wanted_relations(self)]:
        if rel.left not in keyed or rel.right not in keyed:
            continue
        left, right = self.table.column(rel.left), self.table.column(rel.right)
        if any(c.kind != "int" or (c.autoincrement and c.primary_key) for c in (left, right)):
            continue
        own = self.checks.columns.get(rel.left), self.checks.columns.get(rel.right)
        wide = self.context(left).bounds, self.context(right).bounds
        limits = int_type_limits(left.concrete_type)
        for lb, rb in ((wide[0], wide[1]), (own[0], wide[1]), (wide[0], own[1]), own):
            both = split(lb, rel.op, rb, limits)
            if both is not None:
                named = tuple(b.constraints + (rel.constraint,) if rel.constraint
                              and rel.constraint not in b.constraints else b.constraints
                              for b in both)  # fmt: skip
                kept = [replace(b, constraints=n) for b, n in zip(both, named)]
                columns = {**self.checks.columns, rel.left: kept[0], rel.right: kept[1]}
                self.checks = replace(self.checks, columns=columns)
                break


def _wanted_relations(self: _TableDecider) -> list[Relation]:
    """Children's CHECKs between two columns of one composite foreign key into this table
    (``city_id >= city_part``), as relations between the columns they point at: kept by
    every row where two key columns can be split (:func:`_split_keys`), so that any parent
    row passes; else the children pick the parents that do (:func:`_within_key`)."""
    out: list[Relation] = []
    if self.start > 0:
        return out  # rows already there hold keys of their own
    for fk in self.seed.graph.children_of(self.table.fullname):
        over = self.seed.overrides.get(fk.table, {})
        if fk.self_referencing or self.seed.plan.counts.get(fk.table, 0) <= 0:
            continue
        if any(c in over for c in fk.columns):
            continue
        ref = dict(zip(fk.columns, fk.ref_columns))
        for rel in self.seed.checks(fk.table).relations:
            if rel.left in ref and rel.right in ref and rel.left != rel.right:
                out.append(Relation(ref[rel.left], rel.op, ref[rel.right]))
    return out


def _fixed(self: _TableDecider) -> set[str]:
    """Columns a row relation never moves by arithmetic: keys, unique columns and digits of
    a composite unique key (the other side of the relation moves, see :func:`place_relation`)."""
    fixed = set(self.fk_cols) | self.unique_cols | set(self.radix_cols)
    return fixed | {c.name for c in self.table.columns if c.primary_key or c.unique}


def _moves(self: _TableDecider, rel: Relation, column: str) -> bool:
    """Whether meeting ``rel`` may move or narrow ``column``, a key rows point at: not when
    the other side is a plain column, which moves instead (``CHECK (key > hits)``)."""
    if column not in (rel.left, rel.right):
        return False
    other = rel.right if rel.left == column else rel.left
    return other in _fixed(self)


def _check_columns(self: _TableDecider, fk: ForeignKeyInfo, got: Assignment) -> Assignment:
    """A CHECK on one column of a composite foreign key (``value_id IN (4)``) that not
    every parent row is known to pass (the parent could not take the child's bounds, or a
    relation of its own moves the column): each child's parent is checked when produced,
    another one taken (NULL when none passes and the key may be NULL)."""
    if len(fk.columns) < 2 or not isinstance(got, (Spread, Zipf, OneToOne)):
        return got
    for pos, (column, ref) in enumerate(zip(fk.columns, fk.ref_columns)):
        b = self.checks.columns.get(column)
        if b is None or replace(b, not_null=False, constraints=()) == ColumnBounds():
            continue
        theirs = self.seed.final.get((fk.ref_table, ref))
        if (fk.ref_table, ref) not in self.seed.moved and within_bounds(theirs, b):
            continue
        return Checked(got, replace(b, not_null=False), key_nullable(self.checks, fk), None, pos)
    return got


def _moving(self: _TableDecider, kept: list[Relation]) -> list[Relation]:
    """The relations met by moving their left column in each row, recorded as moving it."""
    self.seed.moved.update((self.table.fullname, rel.left) for rel in kept)
    return kept


def _pair_parents(
    self: _TableDecider, rel: Relation, left: ForeignKeyInfo, right: ForeignKeyInfo
) -> None:
    """Both keys of a CHECK comparing two foreign keys, chosen together (see
    :func:`.checked.pair_keys`)."""
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    later = {d.fk for d in self.deferred}
    if self.count <= 0 or _placed_by_parent(self, rel) or _never_set(self, left, right):
        return
    if left == right and (_parent_holds(self, rel, left) or _within_key(self, rel, left)):
        return
    if {left, right} & (set(self.radix_fks) | later) or left == right:
        raise PlanError(
            f"{self.where()}: the CHECK {label!r} compares two foreign keys whose parents "
            "are chosen elsewhere (a composite unique key or a key filled later), so the "
            f"generator cannot choose them together (seed {self.seed.plan.seed}). Fix: "
            f"override {rel.left!r} and {rel.right!r} with values that satisfy it, e.g. "
            f"counts={{{self.table.name!r}: rows(N, {rel.left}=..., {rel.right}=...)}}."
        )
    sides = tuple((fk, self.parent(fk), self.assignments[fk]) for fk in (left, right))
    if aligned_pair(rel, sides):
        return  # one row each, in step: the keys already compare as the CHECK asks
    try:
        self.assignments[left], self.assignments[right] = pair_keys(
            rel, sides, self.where(), self.seed.plan.seed, self.table.name
        )
    except PlanError:
        # No pair of parents is known to pass: a key that may be NULL is, and the
        # CHECK holds (as for a CHECK no parent of one key passes); else refused.
        nulled = _nullable_alone(self, right) or _nullable_alone(self, left)
        if nulled is None:
            raise
        self.assignments[nulled] = NoParent()


def _nullable_alone(self: _TableDecider, fk: ForeignKeyInfo) -> ForeignKeyInfo | None:
    """``fk`` when it may be NULL in every row: nullable, no CHECK keeping it set or
    choosing its NULLs row by row, no other column of the table copying it."""
    if not key_nullable(self.checks, fk) or fk in self.radix_fks or fk in self.fanout:
        return None
    chosen = {c for nc in self.checks.null_choices for b in nc.branches for c in b}
    if chosen & set(fk.columns) or any(c in self.overrides or c in self.poly for c in fk.columns):
        return None
    others = {c for other in self.table.foreign_keys if other != fk for c in other.columns}
    if others & set(fk.columns):
        return None
    if any(_referenced(self, self.table.column(c)) for c in fk.columns):
        return None  # a child copies it, maybe into a NOT NULL column
    return fk


def _led(seed: _Seed, table: str, column: str) -> tuple[Any, ...]:
    """The values the first rows of ``table.column`` take, unless a relation moves them."""
    return () if (table, column) in seed.moved else seed.led.get((table, column), ())


def _domain(self: _TableDecider, column: str) -> tuple[Any, ...]:
    """The values a digit of a composite unique key runs over: a column list partitions
    pin runs over their values, and over generated ones a DEFAULT partition takes (none of
    the listed: a row lands in the partition its value names)."""
    domain = V.finite_domain(self.context(self.table.column(column)))
    if domain is not None:
        return tuple(domain)
    listed = tuple(self.seed.listed.get(self.table.fullname, {}).get(column, ()))
    if column not in self.seed.defaulted.get(self.table.fullname, frozenset()):
        return listed
    gen = V.make_generator(self.context(self.table.column(column), unique=True))
    rows = self.start + self.count
    wanted = rows if gen.capacity is None else min(rows, gen.capacity)
    try:
        more = dict.fromkeys(v for v in gen.batch(0, wanted) if v is not None)
    except TypeError:  # an unhashable value: not a key
        return listed
    taken = set(listed)
    own = [v for v in more if v not in taken]
    # The listed values spread among the others: rows of every partition, whatever run of
    # the digit's values the rows take.
    step = (len(own) + len(listed)) / len(listed)
    for j, v in enumerate(listed):
        own.insert(int(j * step), v)
    return tuple(own)


def _radix_parent(self: _TableDecider, fk: ForeignKeyInfo) -> ParentRows:
    """The parent rows a key that is one digit of a composite unique key counts over: those
    whose keys a CHECK on the key lets it point at (``p_id BETWEEN 2 AND 9``), or the
    positions of the rows it lists (``p_code IN ('a', 'b')``, see :func:`_listed_digits`)."""
    parent, rows = _radix_rows(self, fk)
    return parent if rows is None else listed_parent(parent, rows)


def _radix_rows(
    self: _TableDecider, fk: ForeignKeyInfo
) -> tuple[ParentRows, tuple[int, ...] | None]:
    """The parent narrowed by a CHECK on ``fk``, or the parent and the rows it allows one by
    one; keys this seed numbers, else the values the parent's first rows lead with."""
    parent = self.parent(fk)
    bounds = key_bounds(self.checks, fk)
    if bounds is None or not isinstance(parent, BuiltParent):
        return parent, None
    ref = fk.ref_columns[0]
    if fk.self_referencing:
        self.context(self.table.column(ref))  # decides the leading values and bounds
    if _unreachable(self, fk, key_nullable(self.checks, fk)):
        return parent, ()  # no key the parent may hold passes: NULL (refused if NOT NULL)
    known: tuple[Any, ...] = ()
    if parent.key_base is None:
        known = self.seed.led.get((fk.ref_table, ref), ())
        if not known:
            return parent, None
    return allowed_parents(fk, parent, bounds, self.where(), self.seed.plan.seed, known)


def _listed_digits(self: _TableDecider) -> None:
    """Digits over parent rows a CHECK lists one by one map their positions to those rows."""
    for fk, digit in self.radix_fks.items():
        rows = _radix_rows(self, fk)[1]
        if rows is not None:
            self.radix_fks[fk] = replace(digit, first=0, rows=rows)


def _unreachable(self: _TableDecider, fk: ForeignKeyInfo, nullable: bool) -> bool:
    """Whether a CHECK on a column of ``fk`` excludes every value the parent's own CHECKs
    let its column hold (``fk IN ('a', 'b')`` into ``CHECK (length(code) >= 2)``): True
    when the key may be NULL (it always is), refused when it may not."""
    for column, ref in zip(fk.columns, fk.ref_columns):
        child = self.checks.columns.get(column)
        # The bounds the parent's column was generated within, else its own CHECKs (a
        # numbered key: ``id > 9`` beside a child's ``p_id < 0``).
        theirs = self.seed.final.get((fk.ref_table, ref))
        if theirs is None:
            theirs = self.seed.checks(fk.ref_table).columns.get(ref)
        if child is not None and _unmet_patterns(self, fk, child, theirs):
            theirs = theirs or ColumnBounds()
        elif child is None or theirs is None or meet(theirs, replace(child, not_null=False)):
            continue
        if nullable or self.count <= 0:
            return True
        own = ", ".join(child.constraints) or "a CHECK"
        their = ", ".join(theirs.constraints) or "its CHECKs"
        fix = f"make the two CHECKs agree, or override {column!r} with keys of parents it allows"
        declared = self.seed.checks(fk.ref_table).columns.get(ref)
        if declared is not None and meet(declared, replace(child, not_null=False)) is None:
            # The parent's own CHECK: no number of rows and no override has such a key.
            fix = (
                f"change one of the two CHECKs so that they overlap, or ask for 0 "
                f"{self.table.fullname!r} rows; no number of rows helps, and no override "
                f"does: every {column!r} must be a {fk.ref_table}.{ref} that {their} allows"
            )
        raise PlanError(
            f"{self.where()}: the CHECK {own} on {column!r} allows no value that "
            f"{fk.ref_table}.{ref} may hold under {their}, so {fk.describe()} has no parent "
            f"row to point at (seed {self.seed.plan.seed}). Fix: {fix}."
        )
    return False


def _unmet_patterns(
    self: _TableDecider, fk: ForeignKeyInfo, child: ColumnBounds, theirs: ColumnBounds | None
) -> bool:
    """Whether a child's pattern CHECK on a key (``p_code LIKE 'x%'``) is one the parent's
    values this seed makes were not made to meet: no parent row is known to match it."""
    if not child.patterns or not isinstance(self.parent(fk), BuiltParent):
        return False
    made = theirs.patterns if theirs is not None else ()
    return any(p not in made for p in child.patterns if not p.negated)


def _shared_column(self: _TableDecider, col: ColumnInfo) -> ParentColumn | None:
    """A column a joined subclass shares with its parent table: the parent row's value."""
    got = self.seed.graph.shared.get(self.table.fullname, {}).get(col.name)
    if got is None:
        return None
    upper, name = got
    pcol = self.seed.graph.tables[upper].column(name)
    over = self.seed.overrides.get(upper, {}).get(name)
    if (
        pcol.database_fills
        or pcol.computed
        or over is DEFAULT
        or (pcol.nullable and not col.nullable)
    ):
        return None
    for fk, assignment in self.assignments.items():
        parent = self.parent(fk)
        if fk.ref_table == upper and isinstance(assignment, OneToOne):
            if isinstance(parent, BuiltParent):
                return ParentColumn(fk, replace(parent, columns=(name,), key_base=None))
    return None


def _past_existing(
    self: _TableDecider, ctx: V.ColumnContext, capacity: int | None
) -> tuple[V.ColumnContext, V.ColumnGenerator] | None:
    """A unique integer column of a table with rows: values above the largest one
    there (read beforehand), when that leaves room for the rows asked for."""
    top = self.seed.id_offsets.get(self.table.fullname, {}).get(ctx.column.name)
    if not ctx.unique or top is None or self.start <= 0 or ctx.column.kind != "int":
        return None
    bounds = ctx.bounds or ColumnBounds()
    if bounds.allowed is not None or (bounds.low is not None and bounds.low > top):
        return None
    raised = replace(ctx, bounds=replace(bounds, low=top + 1, low_inclusive=True))
    gen = V.make_generator(raised)
    if gen.capacity is not None and self.start + self.count > gen.capacity:
        return None  # no room above: keep the values numbered after the rows there
    return raised, gen


def _exclusions_met(self: _TableDecider) -> None:
    """Refuse an exclusion constraint no generated member keeps apart (``box WITH &&``)
    when rows could meet under it, unless an override decides one of its columns."""
    if self.start + self.count < 2:
        return
    for ex in self.table.exclusions:
        columns = [c for c, _, _ in ex.members if c is not None]
        if ex.met or set(columns) & set(self.overrides):
            continue
        members = ", ".join(f"{text} WITH {op}" for _, text, op in ex.members)
        target = f"{columns[0]!r}" if columns else "the columns it compares"
        raise PlanError(
            f"{self.where()}: the exclusion constraint {ex.describe()} is beyond what the "
            f"generator keeps apart: it holds only ranges compared with && (a range column, or "
            f"a range of two columns such as tsrange(starts_at, ends_at)) and columns compared "
            f"with =, and here it compares {members} (seed {self.seed.plan.seed}). Fix: "
            f"override {target} with values no two rows match on under that operator (a "
            f"callable f(row)), e.g. counts={{{self.table.name!r}: rows(N, "
            f"{columns[0] if columns else '<column>'}=...)}}, or ask for at most one row."
        )


def _apart(self: _TableDecider, col: ColumnInfo) -> Apart | None:
    """The end of a span an exclusion constraint keeps apart that ``col`` is, if any."""
    for ex in self.table.exclusions:
        if ex.apart is not None and col.name in ex.apart and col.name not in self.fk_cols:
            salt = derive(self.seed.plan.seed, self.table.fullname, "apart", *ex.apart)
            low = self.checks.columns.get(ex.apart[0])
            first = None if low is None else low.low
            return Apart(col.name == ex.apart[1], col.kind, _is_aware(col), salt, first)
    return None


def _is_aware(col: ColumnInfo) -> bool:
    return bool(getattr(col.concrete_type, "timezone", False))


def _without_a_run(self: _TableDecider, col: ColumnInfo, offset: int) -> Generated:
    """A unique integer key whose CHECK leaves no run of keys for the rows: drawn among the
    values the CHECK allows when they are enough (``id <> 5`` below ``id <= 10``), else
    refused, saying how many it allows."""
    bounds = self.checks.columns.get(col.name)
    assert bounds is not None
    capacity = V.make_generator(self.context(col, unique=True)).capacity
    if self.start == 0 and (capacity is None or capacity >= self.count):
        return self._generated(col)
    where, checks = self.where(col), ", ".join(bounds.constraints)
    if self.start == 0:
        raise UniquenessError(
            f"{where}: its CHECK {checks} allows only {capacity} distinct keys, and "
            f"{self.count} rows were asked for (seed {self.seed.plan.seed}). Fix: ask for at "
            f"most {capacity} {self.table.name!r} rows, or widen the CHECK."
        )
    raise UniquenessError(
        f"{where}: its CHECK {checks} leaves no run of {self.count} keys from {offset + 1} "
        f"on (seed {self.seed.plan.seed}). Fix: ask for fewer {self.table.name!r} rows, or "
        f"override {col.name!r} with distinct values the CHECK allows."
    )


def _nulls_past_capacity(self: _TableDecider, ctx: V.ColumnContext) -> bool:
    """Whether a unique column whose type and CHECKs allow fewer values than rows may hold
    NULL in the rows past them (NULLs never collide in a unique key): it may hold NULL, no
    rows are there yet (their values are not ours), rows of this seed point at it only
    through one-column keys decided after it (they then choose among the rows with a
    value, see :attr:`_Seed.nulled`), and no CHECK ties it to another column (one about it
    alone holds for NULL)."""
    col = ctx.column
    if not V.holds_null(ctx) or self.start > 0 or _pointed_at_before(self, col):
        return False
    checks = self.checks
    for name, names in checks.constraint_columns.items():
        if col.name in names and (len(set(names)) > 1 or name in checks.unsupported):
            return False
    if any(col.name in b for nc in checks.null_choices for b in nc.branches):
        return False
    return not _nulls_not_distinct(self.table.table, col.name)


def _nulls_not_distinct(table: sa.Table, name: str) -> bool:
    """Whether a unique constraint or index over ``name`` says NULLS NOT DISTINCT (PG 15)."""
    items: list[sa.UniqueConstraint | sa.Index] = [
        c for c in table.constraints if isinstance(c, sa.UniqueConstraint)
    ]
    items += [ix for ix in table.indexes if ix.unique]
    for item in items:
        options = item.dialect_options["postgresql"]
        if options.get("nulls_not_distinct") and name in item.columns:
            return True
    return False


def _pointed_at_before(self: _TableDecider, col: ColumnInfo) -> bool:
    """Whether rows of this seed point at ``col`` through a key that cannot keep to the
    rows before its NULLs: a composite, self-referencing or one-to-one key, or a table
    decided first."""
    order = self.seed.plan.order
    here = order.index(self.table.fullname)
    for fk in self.seed.graph.children_of(self.table.fullname):
        if col.name not in fk.ref_columns or self.seed.plan.counts.get(fk.table, 0) <= 0:
            continue
        if len(fk.columns) != 1 or fk.self_referencing or order.index(fk.table) < here:
            return True
        if fk.unique:
            return True  # one child per parent: the rows past the values would not do
    return False


def _referenced(self: _TableDecider, col: ColumnInfo) -> bool:
    """Whether rows of this seed point at ``col`` through a foreign key."""
    for fk in self.seed.graph.children_of(self.table.fullname):
        if col.name in fk.ref_columns and self.seed.plan.counts.get(fk.table, 0) > 0:
            return True
    return False


def _subclass_offset(self: _TableDecider, base: str) -> int:
    """Where this joined subclass's share of the base table's rows starts."""
    for first, _stop, _identity, child in self._subclass_ranges(base):
        if child == self.table.fullname:
            return first
    return 0


def _roomiest(self: _TableDecider, free: list[str]) -> str:
    """The column made unique to keep a composite unique key distinct: the first of
    ``free`` with a value for every row, else the one with the most values."""
    need, best, most = self.start + self.count, free[0], -1
    for name in free:
        try:
            capacity = V.make_generator(self.context(self.table.column(name), True)).capacity
        except DbseedError:
            continue  # refused with its own message if it is chosen
        if capacity is None or capacity >= need:
            return name
        if capacity > most:
            best, most = name, capacity
    return best


def _ranked(self: _TableDecider, col: ColumnInfo) -> Ranked | None:
    """An integer column made unique to keep a composite unique key of a foreign key's
    columns and it distinct (``UNIQUE (order_id, line_no)``), when nothing else decides
    its values: numbered 1, 2, 3... among the rows pointing at the same parent (from the
    CHECK's lower bound when it has one, ``line_no >= 0``), else 1..N with the rows (when
    the parents are chosen in a way that gives no ranks cheaply); above the largest
    value already there in a table with rows. None (generated as any unique column) when
    a CHECK ties it to other columns or leaves no room for the numbers. The unique key
    may hold columns of foreign keys other than one whole key: 1..N then."""
    name, checks = col.name, self.checks
    if not _numbers_key(self, name) or col.kind != "int" or col.unique or col.primary_key:
        return None
    if _referenced(self, col):
        return None
    if name in self.sequential or any(name in (r.left, r.right) for r in self.relations):
        return None
    for constraint, names in checks.constraint_columns.items():
        if name in names and (len(set(names)) > 1 or constraint in checks.unsupported):
            return None
    if any(name in b for nc in checks.null_choices for b in nc.branches):
        return None
    own = checks.columns.get(name)
    if own is not None and (own.allowed is not None or own.excluded):
        return None
    low = None if own is None else own.low
    first = low if isinstance(low, int) and low >= 0 else 1
    if self.start > 0:
        top = self.seed.id_offsets.get(self.table.fullname, {}).get(name)
        if top is None:
            return None  # the values there are unknown
        first = max(first, top + 1)
    high = int_type_limits(col.concrete_type)[1]
    if own is not None and isinstance(own.high, int):
        high = min(high, own.high)
    if first + self.count - 1 > high:
        return None
    fk = _ranking_key(self, name)
    assignment = None if fk is None else self.assignments.get(fk)
    return Ranked(fk if isinstance(assignment, (Spread, Zipf)) else None, first)


def _rank_room(self: _TableDecider, uset: tuple[str, ...]) -> list[str]:
    """The integer column of a unique key of a foreign key's columns and it whose CHECK
    leaves few values (``line_no BETWEEN 1 AND 400``) but one for every row: made unique
    (numbered per parent, :func:`_ranked`) rather than a digit combined with the key."""
    need = self.start + self.count
    for name in uset:
        if name in self.fk_cols or not _numbers_key(self, name):
            continue
        col = self.table.column(name)
        domain = V.finite_domain(self.context(col)) if col.kind == "int" else None
        if domain is not None and len(domain) >= need:
            return [name]
    return []


def _numbers_key(self: _TableDecider, name: str) -> bool:
    """Whether ``name`` is in one unique key only, with foreign key columns alone
    (``UNIQUE (flight_id, boarding_no)``, ``flight_id`` part of a composite foreign key)."""
    sets = [u for u in self.table.unique_sets if name in u]
    if len(sets) != 1 or len(sets[0]) < 2 or name in self.overrides:
        return False
    return all(c in self.fk_cols for c in sets[0] if c != name)


def _ranking_key(self: _TableDecider, name: str) -> ForeignKeyInfo | None:
    """The foreign key whose columns and ``name`` are the one unique key ``name`` is in,
    written with the rows (not filled later, not into the table itself)."""
    sets = [u for u in self.table.unique_sets if name in u]
    if len(sets) != 1 or len(sets[0]) < 2 or name in self.overrides:
        return None
    rest = set(sets[0]) - {name}
    fks = {self.fk_cols.get(c) for c in rest}
    fk = next(iter(fks)) if len(fks) == 1 else None
    if fk is None or set(fk.columns) != rest or fk.self_referencing:
        return None
    if fk in self.seed.plan.deferred or fk in self.radix_fks:
        return None
    if any(_nulls_not_distinct(self.table.table, c) for c in sets[0]):
        return None
    return fk


def _null_parent(self: _TableDecider, fk: ForeignKeyInfo) -> bool:
    """Whether a CHECK of the parent keeps every key ``fk`` could point at NULL."""
    name, seed = fk.ref_table, self.seed
    nullable = key_nullable(self.checks, fk)
    over = seed.overrides.get(name, {})
    why = ""
    coalesced = coalescing_indexes(self.table.table)
    held = [c for c in fk.columns if c in coalesced and self.table.table.c[c].nullable]
    if held:
        why = (
            f" (the unique index {coalesced[held[0]]} holds coalesce({held[0]}, ...): a second"
            " NULL would repeat a value there, and the index is kept as if it held every row)"
        )
    checks = seed.checks(name)
    return null_parent_key(fk, checks, over, nullable, self.table.name, seed.plan.seed, why)


def _met_by_self_tree(self: _TableDecider, rel: Relation) -> bool:
    """A CHECK between a self-reference and the column it points at (``parent_id < id``,
    ``parent_code <> code``): rows point at earlier rows, so a column numbered with the
    rows meets it without moving anything. Refused when no order of rows can. A unique
    NOT NULL self-reference never above the key (``key >= ref``, ``ref`` unique) points
    each row at itself: the ring of earlier rows sends the first row to the last one."""
    sides = ((rel.left, rel.right, rel.op), (rel.right, rel.left, _FLIP[rel.op]))
    found = [
        (fk, fk_col, other, op)
        for fk_col, other, op in sides
        if (fk := self.fk_cols.get(fk_col)) is not None
        and fk.self_referencing
        and fk_col in fk.columns
        and fk.ref_columns[fk.columns.index(fk_col)] == other
    ]
    if not found:
        return False
    fk, fk_col, other, op = found[0]
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    where = f"{self.where()}: the CHECK {label!r} compares {fk_col!r} with {other!r}"
    fix = (
        f"Fix: override {fk_col!r} and {other!r} with values that satisfy it, e.g. "
        f"counts={{{self.table.name!r}: rows(N, {fk_col}=..., {other}=...)}}."
    )
    seed = self.seed.plan.seed
    if op in ("=", ">=") and len(fk.columns) == 1:
        self.to_itself[fk_col] = other  # every row points at itself
        return True
    nullable = key_nullable(self.checks, fk)
    if op == ">" and nullable:
        self.to_itself[fk_col] = ""  # only NULL meets it: rows point at earlier rows
        return True
    if op == "<=" and fk.unique and not nullable and len(fk.columns) == 1:
        # one row each, NOT NULL, never a larger key: a permutation that never moves up
        # is the identity, so every row points at itself
        self.to_itself[fk_col] = other
        return True
    if op not in ("<", "<=", "<>", "!="):
        raise PlanError(
            f"{where}, the column its self-reference points at, but rows point at earlier "
            f"rows, whose {other!r} is smaller (seed {seed}). {fix}"
        )
    if op != "<=" and not nullable and self.count > 0:
        raise PlanError(
            f"{where}, the column it points at, and {fk_col!r} is NOT NULL: rows point at "
            f"earlier rows and the first one has none but itself (seed {seed}). Fix: make "
            f"{fk_col!r} nullable, or override {fk_col!r} and {other!r} with values that "
            "satisfy it."
        )
    col = self.table.column(other)
    if col.autoincrement and col.primary_key and other not in self.overrides:
        return True
    bounds = self.checks.columns.get(other)
    taken = other in self.overrides or other in self.fk_cols or other in self.radix_cols
    if col.kind not in ("int", "datetime", "date") or taken or (
        bounds is not None
        and (bounds.allowed is not None or bounds.excluded or bounds.high is not None
             or (bounds.low is not None and bounds.low > 1))
    ):  # fmt: skip
        raise PlanError(
            f"{where}, the column its self-reference points at, which the generator cannot "
            f"number in row order (seed {seed}). {fix}"
        )
    self.sequential.add(other)
    return True


def _bound(self: _TableDecider, where: str, rel: Relation) -> bool:
    """``lng > p_id`` (``lng`` unique): ``lng`` above every key ``p_id`` may take;
    ``a > b`` (both unique, integers, floats or NUMERICs): ``a`` and ``b`` in ranges on
    either side of a whole-number pivot."""
    col, other = self.table.column(rel.left), self.table.column(rel.right)
    numbered = col.autoincrement and col.primary_key
    if col.kind not in _NUMERIC or other.kind not in (_NUMERIC if where == "split" else ("int",)):
        return False
    if numbered and (where == "split" or rel.right not in self.fk_cols):
        return False
    columns = dict(self.checks.columns)
    if where == "split":
        limits = _shared_limits(col, other)
        both = split(columns.get(rel.left), rel.op, columns.get(rel.right), limits)
        if both is None or (other.autoincrement and other.primary_key):
            return False
        columns[rel.left], columns[rel.right] = both
    else:
        fk = self.fk_cols.get(rel.right)
        if fk is not None:
            span = key_span(self.parent(fk), self.assignments.get(fk, NoParent()))
            span = span or _generated_span(self, fk) or _drawn_span(self, rel, fk)
        else:
            first = _key_above(self, rel, other)
            span = None if first is None else (first, first + max(self.count, 1) - 1)
        narrowed = None if span is None else beyond(columns.get(rel.left), rel.op, span)
        if narrowed is None or span is None:
            return False
        if numbered and self.table.fullname in self.seed.asked:
            # children already number their parents from the key as it is (_floor_ahead)
            floor = self.seed.floors.get((self.table.fullname, rel.left))
            return floor is not None and beyond(floor, rel.op, span) == floor
        columns[rel.left] = narrowed
        if numbered:
            self.seed.floors[(self.table.fullname, rel.left)] = narrowed
            _renumber_self_references(self)
    self.checks = replace(self.checks, columns=columns)
    return True


_NUMERIC = ("int", "float", "decimal")
"""Kinds a pivot splits (:func:`split`): an integer, a float or a NUMERIC column kept on
one side of a whole number, the other column on the other side."""


def _shared_limits(*cols: ColumnInfo) -> tuple[int, int]:
    """The whole numbers every one of ``cols`` holds: an integer type's range, a NUMERIC's
    precision, a float's 2**53 (every whole number below it exact)."""
    low, high = -(2**53), 2**53
    for col in cols:
        if col.kind == "int":
            lo, hi = int_type_limits(col.concrete_type)
        elif col.kind == "decimal":
            precision, scale = decimal_spec(col.concrete_type, False)
            if precision is None:
                continue
            hi = 10 ** (precision - scale) - 1
            lo = -hi
        else:
            continue
        low, high = max(low, lo), min(high, hi)
    return low, high


def _key_above(self: _TableDecider, rel: Relation, key: ColumnInfo) -> int | None:
    """The first value of the numbered ``key`` that ``col <= key`` keeps ``col`` below
    (``CHECK (alt_code <= id)``, ``col`` unique), raised where that leaves ``col`` no room
    for its rows inside its own CHECKs and those of the keys pointing at it (``CHECK
    (select_alt_code > 24)`` on a self-reference: ``id`` numbered from 34 for 10 rows, so
    that ``alt_code`` takes distinct values in 25..34). Not raised once children number
    this table's keys (the key is final then)."""
    name, rows = self.table.fullname, self.count
    first = self.seed.key_start(name, key)
    if first is None or rel.op not in ("<", "<=") or name in self.seed.asked or self.start:
        return first
    own = self.checks.columns.get(rel.left)
    for wanted in ((own, *self.seed.from_children(name, rel.left)), (own,)):
        lows = [_int_at_least(b) for b in wanted if b is not None and isinstance(b.low, int)]
        if not lows:
            continue
        need = max(lows) + rows - (1 if rel.op == "<=" else 0)
        if need <= first:
            return first
        was = self.seed.floors.get((name, key.name))
        floor = was or self.checks.columns.get(key.name) or ColumnBounds()
        self.seed.floors[name, key.name] = replace(floor, low=need, low_inclusive=True)
        got = self.seed.key_start(name, key)
        if got is not None:
            _renumber_self_references(self)
            return got
        self.seed.floors.pop((name, key.name))
        if was is not None:
            self.seed.floors[name, key.name] = was
    return first


def _self_refs_reachable(self: _TableDecider) -> None:
    """A self-reference under a CHECK (``select_alt_code > 24``) into a column a relation
    bounded beyond it (``alt_code <= id`` with ``id`` numbered 1..N: ``alt_code <= 1``): no
    row holds a key it may point at, so it is NULL in every row, or refused when NOT NULL."""
    for fk in dict.fromkeys(self.fk_cols.values()):
        bounds = key_bounds(self.checks, fk)
        theirs = self.checks.columns.get(fk.ref_columns[0])
        if not fk.self_referencing or bounds is None or theirs is None or self.count <= 0:
            continue
        if meet(theirs, replace(bounds, not_null=False)) is not None:
            continue
        if key_nullable(self.checks, fk):
            self.assignments[fk] = NoParent()
            self.deferred = [d for d in self.deferred if d.fk != fk]
            continue
        _refuse_unreachable_self(self, fk, bounds, theirs)


def _refuse_unreachable_self(
    self: _TableDecider, fk: ForeignKeyInfo, bounds: ColumnBounds, theirs: ColumnBounds
) -> None:
    """The refusal of :func:`_self_refs_reachable`: the table's own CHECKs, or the one range
    a relation placed the column in for every row (``alt_code > "Id"``, ``"Id"`` numbered
    1..162: ``alt_code >= 163``), which rows that differ might not need."""
    column, ref, seed = fk.columns[0], fk.ref_columns[0], self.seed.plan.seed
    own = ", ".join(bounds.constraints) or "a CHECK"
    declared = self.seed.checks(self.table.fullname).columns.get(ref)
    rels = [r for r in self.checks.relations if ref in (r.left, r.right)]
    placed = ", ".join(dict.fromkeys(r.constraint or f"{r.left} {r.op} {r.right}" for r in rels))
    if not placed or (declared is not None and meet(declared, replace(bounds, not_null=False))
                      is None):  # fmt: skip
        held = ", ".join(dict.fromkeys(theirs.constraints)) or "its CHECKs"
        raise PlanError(
            f"{self.where()}: the CHECK {own} on {column!r} allows no value {ref!r} may hold "
            f"under {held}, so {fk.describe()} has no row to point at (seed {seed}). Fix: "
            f"make {column!r} nullable, or change the CHECKs so that they overlap."
        )
    raise PlanError(
        f"{self.where()}: to meet {placed} the generator keeps {ref!r} {_span_text(theirs)} "
        f"in every row, beyond every value it is compared with, and the CHECK {own} on "
        f"{column!r} allows none of those, so {fk.describe()} has no row to point at (seed "
        f"{seed}). Rows could differ (some with {ref!r} inside {own}), but the generator "
        f"gives {ref!r} one range for all rows. Fix: make {column!r} nullable, or override "
        f"{ref!r} and {column!r} with values that satisfy every CHECK, e.g. counts="
        f"{{{self.table.name!r}: rows(N, {ref}=..., {column}=...)}}."
    )


def _span_text(b: ColumnBounds) -> str:
    """``from 163``, ``up to 1``, ``between 2 and 9``: the range a column is drawn within."""
    low = None if b.low is None else _int_at_least(b) if isinstance(b.low, int) else b.low
    high = b.high
    if isinstance(high, int) and not b.high_inclusive:
        high -= 1
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"from {low} on"
    return f"up to {high}" if high is not None else "in its range"


def _int_at_least(b: ColumnBounds) -> int:
    assert isinstance(b.low, int)
    return b.low if b.low_inclusive else b.low + 1


def _parent_holds(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> bool:
    """Whether a CHECK between two columns of one composite foreign key (``p_part <= p_id``)
    is one the parent's own CHECKs keep for the columns they point at (``id >= part``):
    every parent row then passes it."""
    ref = dict(zip(fk.columns, fk.ref_columns))
    left, right = ref.get(rel.left), ref.get(rel.right)
    for theirs in self.seed.checks(fk.ref_table).relations:
        if (theirs.left, theirs.op, theirs.right) == (left, rel.op, right):
            return True
        if (theirs.left, _FLIP[theirs.op], theirs.right) == (right, rel.op, left):
            return True
    return False


def _within_key(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> bool:
    """A CHECK between two columns of one composite foreign key (``city_id >= city_part``)
    filters the parent rows a child may point at: each row takes a parent whose key passes
    (checked when produced, NULL when none does and the key may be NULL). Refused up front
    when the parent's own CHECKs let no row pass; False when the parents are chosen where
    they cannot be filtered (a digit of a composite unique key)."""
    if fk in self.radix_fks:
        return False
    later = next((i for i, d in enumerate(self.deferred) if d.fk == fk), None)
    got = self.assignments[fk] if later is None else self.deferred[later].assignment
    if isinstance(got, NoParent):
        return True  # NULL in every row
    pos = (fk.columns.index(rel.left), rel.op, fk.columns.index(rel.right))
    nullable = key_nullable(self.checks, fk)
    if isinstance(got, Checked):
        got = replace(got, between=(*got.between, pos))
    elif isinstance(got, (Spread, Zipf, OneToOne)):
        got = Checked(got, ColumnBounds(), nullable, between=(pos,))
    else:
        return False
    if _no_parent_passes(self, rel, fk):
        if not nullable:
            _refuse_within_key(self, rel, fk)
        got = NoParent()
    if later is None:
        self.assignments[fk] = got
    else:
        self.deferred[later] = replace(self.deferred[later], assignment=got)
    return True


_CONTRARY = {
    "<": (">=", ">", "="), "<=": (">",), ">": ("<=", "<", "="), ">=": ("<",),
    "=": ("<", ">", "<>", "!="), "<>": ("=",), "!=": ("=",),
}  # fmt: skip


def _no_parent_passes(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> bool:
    """Whether the parent's own CHECKs keep ``rel`` (between two columns of ``fk``) from
    holding for any of its rows: a relation of its own saying the contrary
    (``id < part``), or bounds that do not overlap the right way."""
    ref = dict(zip(fk.columns, fk.ref_columns))
    left, right = ref[rel.left], ref[rel.right]
    for theirs in self.seed.checks(fk.ref_table).relations:
        for a, op, b in _both_ways(theirs):
            if (a, b) == (left, right) and op in _CONTRARY[rel.op]:
                return True
    spans: list[tuple[float, float]] = []
    for column in (left, right):
        got = self.seed.final.get((fk.ref_table, column))
        got = got or self.seed.checks(fk.ref_table).columns.get(column)
        if got is None or not all(isinstance(v, (int, float)) for v in (got.low, got.high)):
            return False
        spans.append((got.low, got.high))
    (l_lo, l_hi), (r_lo, r_hi) = spans
    return {
        "<": l_lo >= r_hi, "<=": l_lo > r_hi, ">": l_hi <= r_lo, ">=": l_hi < r_lo,
        "=": l_hi < r_lo or r_hi < l_lo,
    }.get(rel.op, False)  # fmt: skip


def _refuse_within_key(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> None:
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    raise PlanError(
        f"{self.where()}: the CHECK {label!r} compares two columns of {fk.describe()}, and "
        f"the CHECKs of {fk.ref_table!r} let none of its rows pass it, so the NOT NULL key "
        f"has no parent to point at (seed {self.seed.plan.seed}). Fix: change one of the "
        f"CHECKs so that they agree, or make {rel.left!r} and {rel.right!r} nullable."
    )


def _never_set(self: _TableDecider, *fks: ForeignKeyInfo) -> bool:
    """Whether one of ``fks`` is NULL in every row (no parent rows to point at): a CHECK
    comparing it holds."""
    return any(
        isinstance(self.assignments.get(fk), NoParent)
        and isinstance(self.parent(fk), BuiltParent)
        and self.parent(fk).count <= 0
        for fk in fks
    )


def _generated_span(self: _TableDecider, fk: ForeignKeyInfo) -> tuple[int, int] | None:
    """Smallest and largest value a parent's generated integer key may take, read from the
    bounds it is drawn within (``CHECK (alt_code BETWEEN 2 AND 20)``)."""
    parent = self.parent(fk)
    if len(fk.ref_columns) != 1 or not isinstance(parent, BuiltParent) or parent.count <= 0:
        return None
    key = (fk.ref_table, fk.ref_columns[0])
    if key in self.seed.moved:
        return None
    b = self.seed.final.get(key) or self.seed.checks(fk.ref_table).columns.get(key[1])
    if b is None:
        return None
    if b.allowed is not None:
        listed = [v for v in b.allowed if isinstance(v, int)]
        return (min(listed), max(listed)) if listed else None
    if isinstance(b.low, int) and isinstance(b.high, int):
        return b.low, b.high
    return None


def _leading_and_drawn(
    self: _TableDecider, col: ColumnInfo, ctx: V.ColumnContext, gen: V.ColumnGenerator
) -> tuple[Any, ...]:
    """The values the first rows of the generated ``col`` take (:attr:`_Seed.led`). The
    generator of a unique integer column that rows of this seed alone hold (none there
    before, no leading values, never NULL) is kept for :func:`_drawn_span`."""
    first = self.seed.led.get((self.table.fullname, col.name), ())
    if ctx.unique and col.kind == "int" and not first and not ctx.null_fraction:
        if self.start == 0 and not ctx.appending and self.count > 0:
            self.seed.drawn[self.table.fullname, col.name] = (gen, self.count)
    return first


def _drawn_span(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> tuple[int, int] | None:
    """Smallest and largest of the keys ``rel.right`` may point at, when a table decided
    earlier generated them (:func:`_leading_and_drawn`, a column of a composite key or an
    integer key this seed does not number), so that ``rel.left`` (unique, not numbered, no
    child's CHECK asking values of it) is kept beyond all of them and every parent meets
    it (``CHECK (ia_id < alt_code)``, ``ia_id`` NOT NULL: a row whose ``alt_code`` lies below
    every parent's key had none to point at). None when that leaves too few values."""
    col = self.table.column(rel.left)
    span = _drawn_range(self, rel, fk) if self.count > 0 else None
    if span is None:
        return None
    if col.autoincrement and col.primary_key:
        # a numbered key, as beyond a numbered parent's keys (key_span): its run moves,
        # within children's CHECKs on keys into it where they still fit (key_start)
        return span if _run_fits_beyond(self, col, rel.op, span) else None
    if self.seed.from_children(self.table.fullname, rel.left):
        return None
    own = self.checks.columns.get(rel.left)
    if _leaves_room(self, col, beyond(own, rel.op, span)):
        return span
    # Too few values beyond them all: beyond the least one, so that every row has a parent
    # that meets it, and each row picks such a parent (:func:`_checked_against`).
    least = beyond(own, rel.op, (span[0], span[0]) if rel.op in (">", ">=") else (span[1],) * 2)
    if least is not None and _leaves_room(self, col, least):
        self.checks = replace(self.checks, columns={**self.checks.columns, rel.left: least})
    return None


def _drawn_range(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> tuple[int, int] | None:
    """Smallest and largest value of the parent column ``rel.right`` points at, when a table
    decided earlier generated it (:func:`_leading_and_drawn`); None when not known."""
    key = (fk.ref_table, fk.ref_columns[fk.columns.index(rel.right)])
    got = self.seed.drawn.get(key)
    if got is None or key in self.seed.moved:
        return None
    values = got[0].batch(0, got[1])
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    return min(values), max(values)


def _run_fits_beyond(self: _TableDecider, col: ColumnInfo, op: str, span: tuple[int, int]) -> bool:
    """Whether the numbered ``col`` still takes a run of keys (:meth:`_Seed.key_start`) once
    kept beyond every value of ``span`` (``"Id" < created_at_id``: below the least)."""
    name = self.table.fullname
    narrowed = beyond(self.checks.columns.get(col.name), op, span)
    if narrowed is None or name in self.seed.asked:
        return False
    was = self.seed.floors.get((name, col.name))
    self.seed.floors[name, col.name] = narrowed
    try:
        return self.seed.key_start(name, col) is not None
    finally:
        self.seed.floors.pop((name, col.name))
        if was is not None:
            self.seed.floors[name, col.name] = was


def _leaves_room(self: _TableDecider, col: ColumnInfo, b: ColumnBounds | None) -> bool:
    """Whether an integer ``col`` drawn within ``b`` still takes a distinct value per row."""
    if b is None or col.kind != "int":
        return b is not None
    low, high = _shared_limits(col)
    if b.low is not None:
        low = max(low, math.ceil(b.low) if b.low_inclusive else math.floor(b.low) + 1)
    if b.high is not None:
        high = min(high, math.floor(b.high) if b.high_inclusive else math.ceil(b.high) - 1)
    return high - low + 1 >= self.count


def _floor_ahead(seed: _Seed, me: str, fk: ForeignKeyInfo) -> None:
    """A table decided later whose key children number now (a key filled later, in a
    cycle): its own CHECKs placing that key beyond a foreign key's (``CHECK (id >
    code_id)``, see :func:`_bound`) are applied first, the key final from then on."""
    name, order = fk.ref_table, seed.plan.order
    if fk.self_referencing or name in seed.asked or len(fk.ref_columns) != 1:
        return
    if name not in order or me not in order or order.index(name) <= order.index(me):
        return
    over = seed.overrides.get(name, {})
    key = seed.graph.tables[name].column(fk.ref_columns[0])
    if not (key.autoincrement and key.primary_key) or key.name in over:
        return
    keys = fk_columns(seed.graph.tables[name], over)
    for rel in seed.checks(name).relations:
        for col, op, other in _both_ways(rel):
            fk2 = keys.get(other)
            if col != key.name or fk2 is None or len(fk2.columns) != 1 or fk2.self_referencing:
                continue
            up = seed.parent(fk2)
            if not isinstance(up, BuiltParent) or up.key_base is None or up.count <= 0:
                continue
            first = up.key_base + up.start
            was = seed.floors.get((name, key.name))
            narrowed = beyond(was or seed.checks(name).columns.get(key.name), op,
                              (first, first + up.count - 1))  # fmt: skip
            if narrowed is None:
                continue
            seed.floors[name, key.name] = narrowed
            if seed.key_start(name, key) is None:  # no room: as it was
                seed.floors.pop((name, key.name))
                if was is not None:
                    seed.floors[name, key.name] = was


def _renumber_self_references(self: _TableDecider) -> None:
    """The key moved (``CHECK (id > code_id)``): self-references point at it as it is now."""
    for fk in [fk for fk in self.parents if fk.self_referencing]:
        self.parents[fk] = self.seed.parent(fk)
    self.deferred = [
        replace(d, parent=self.parent(d.fk)) if d.fk.self_referencing else d for d in self.deferred
    ]


def _checked_against(self: _TableDecider, rel: Relation) -> bool:
    """``id <= p_id`` (``id`` numbered by this seed, or a unique column nothing else moves)
    with ``p_id``'s parents' keys known only when produced: each row picks a parent whose
    key meets its own ``id``. ``p_id`` may be the first column of a composite key."""
    col, fk = self.table.column(rel.left), self.fk_cols.get(rel.right)
    steady = (col.autoincrement and col.primary_key) or (
        col.name in self.unique_cols | {c.name for c in self.table.columns if c.unique}
        and col.name not in self.fk_cols | self.radix_cols
        and sum(col.name in (r.left, r.right) for r in self.relations) == 1
    )
    if fk is None or fk.columns[0] != rel.right or not steady:
        return False  # each parent's first key column is the one compared (rows._admitted)
    got = self.assignments.get(fk)
    inner = got.inner if isinstance(got, Checked) else got
    # one child per parent: checked too when the key is numbered (moving it would break
    # the rows that point at it), NULL where the parent does not meet it
    one = isinstance(inner, OneToOne) and col.autoincrement and col.primary_key
    if not (isinstance(inner, (Spread, Zipf)) or one) or rel.op not in _FLIP_OP:
        return False
    assert isinstance(inner, (Spread, Zipf, OneToOne))
    against = (_FLIP_OP[rel.op], rel.left)
    if col.autoincrement and col.primary_key and _above_every_parent(self, rel, fk):
        if not key_nullable(self.checks, fk) and self.count > 0:
            _refuse_against(self, rel, fk)
        self.assignments[fk] = NoParent()
        return True
    if col.autoincrement and col.primary_key and not key_nullable(self.checks, fk):
        _refuse_rows_without_parent(self, rel, fk, inner)
    if isinstance(got, Checked):
        self.assignments[fk] = replace(got, against=against)
    else:
        nullable = key_nullable(self.checks, fk)
        self.assignments[fk] = Checked(inner, ColumnBounds(), nullable, against)
    return True


def _above_every_parent(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> bool:
    """Whether ``key op p_id`` (``key`` numbered by this seed) fails in every row: the
    parent's CHECKs keep ``p_id`` at or below the first key (``key < p_id``), or above the
    last (``key > p_id``)."""
    first = self.seed.key_start(self.table.fullname, self.table.column(rel.left))
    ref = (fk.ref_table, fk.ref_columns[0])
    theirs = self.seed.final.get(ref) or self.seed.checks(fk.ref_table).columns.get(ref[1])
    if first is None or theirs is None:
        return False
    last = first + max(self.count, 1) - 1
    high, low = theirs.high, theirs.low
    if rel.op in ("<", "<=") and isinstance(high, (int, float)):
        return high < first or (high == first and (rel.op == "<" or not theirs.high_inclusive))
    if rel.op in (">", ">=") and isinstance(low, (int, float)):
        return low > last or (low == last and (rel.op == ">" or not theirs.low_inclusive))
    return False


def _refuse_against(self: _TableDecider, rel: Relation, fk: ForeignKeyInfo) -> None:
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    raise PlanError(
        f"{self.where()}: the CHECK {label!r} compares the numbered key {rel.left!r} with "
        f"{rel.right!r} of {fk.describe()}, and the CHECKs of {fk.ref_table!r} keep every "
        f"parent key on the wrong side of the keys {rel.left!r} takes, so the NOT NULL key "
        f"has no parent to point at (seed {self.seed.plan.seed}). Fix: change one of the "
        f"CHECKs so that they overlap, or make {rel.right!r} nullable."
    )


def _refuse_rows_without_parent(
    self: _TableDecider, rel: Relation, fk: ForeignKeyInfo, inner: Assignment
) -> None:
    """``key op p_id`` (``key`` numbered by this seed, ``p_id`` NOT NULL) met row by row
    (:func:`_checked_against`) where the parent keys are known (numbered, or generated by a
    table decided earlier) and some rows' keys lie beyond all of them: those rows have no
    parent to point at (``"Id" < created_at_id`` with ``"Id"`` up to 295 and ``id`` up to
    291), refused before anything is written."""
    first = self.seed.key_start(self.table.fullname, self.table.column(rel.left))
    span = key_span(self.parent(fk), inner) if len(fk.columns) == 1 else None
    span = span or _drawn_range(self, rel, fk)
    if first is None or span is None or self.count <= 0 or rel.op not in _ORDERS:
        return
    last = first + self.count - 1
    lo, hi = span
    bad = {
        "<": (max(first, hi), last), "<=": (max(first, hi + 1), last),
        ">": (first, min(last, lo)), ">=": (first, min(last, lo - 1)),
    }[rel.op]  # fmt: skip
    if bad[0] > bad[1]:
        return
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    n, ref = bad[1] - bad[0] + 1, fk.ref_columns[fk.columns.index(rel.right)]
    more = "more" if rel.op in ("<", "<=") else "fewer"
    raise PlanError(
        f"{self.where()}: the CHECK {label!r} compares the numbered key {rel.left!r} "
        f"({first}..{last}) with {rel.right!r} of {fk.describe()}, whose parent rows hold "
        f"{ref!r} {lo}..{hi} only, so {n} row(s) ({rel.left} {bad[0]}..{bad[1]}) have no "
        f"parent that meets it and the NOT NULL key has nowhere to point (seed "
        f"{self.seed.plan.seed}). Fix: ask for {more} {fk.ref_table!r} rows or fewer "
        f"{self.table.name!r} rows, make {rel.right!r} nullable, or override {rel.right!r} "
        f"with values that satisfy it."
    )


_ORDERS = ("<", "<=", ">", ">=")

_FLIP_OP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "<>"}


def _always_null(self: _TableDecider, column: str) -> bool:
    """A nullable foreign key column with no parent rows, NULL in every row (not a key
    filled later by UPDATE)."""
    fk = self.fk_cols.get(column)
    if fk is None or not key_nullable(self.checks, fk) or fk in {d.fk for d in self.deferred}:
        return False
    return isinstance(self.assignments.get(fk), NoParent)


def _refuse_moving_a_target(self: _TableDecider, rel: Relation) -> None:
    """A column its own table's rows point at through a NOT NULL key cannot be moved to
    meet a CHECK: each row's key would depend on the row it points at, and so on to the
    first row. No rows, nothing to refuse."""
    if self.count <= 0:
        return
    for fk in self.table.foreign_keys:
        if (
            fk.self_referencing
            and not key_nullable(self.checks, fk)
            and rel.left in fk.ref_columns
            and rel.left not in fk.columns
        ):
            label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
            raise PlanError(
                f"{self.where()}: the CHECK {label!r} compares {rel.left!r}, which rows of "
                f"the same table point at ({fk.describe()}), with {rel.right!r}; the "
                f"generator cannot meet it without changing the keys it points at (seed "
                f"{self.seed.plan.seed}). Fix: override {rel.right!r} or {rel.left!r} with "
                f"values that satisfy it, e.g. counts={{{self.table.name!r}: "
                f"rows(N, {rel.right}=...)}}."
            )


def _refuse_moving_distinct(self: _TableDecider, rel: Relation) -> None:
    """An ordering CHECK (``code >= p_part``) met by moving ``rel.left``, a column whose
    values must differ between rows (unique, or made unique or a digit for a composite
    unique key), when the other side cannot move either (a key, a unique column): each
    row's value would be moved next to the other column's, and values would repeat."""
    left = rel.left
    distinct = self.unique_cols | set(self.radix_cols)
    distinct |= {c.name for c in self.table.columns if c.unique}
    distinct |= {s[0] for s in self.table.unique_sets if len(s) == 1}
    if self.count <= 0 or rel.op not in ("<", "<=", ">", ">=") or left in self.overrides:
        return
    if left not in distinct:
        return
    if left in self.satisfied_by or left in self.radix_cols:
        keys = [s for s in self.table.unique_sets if left in s and len(s) > 1]
        why = f"keeps the unique key ({', '.join(keys[0])}) distinct" if keys else "is unique"
    else:
        why = "is unique"
    other = "a foreign key column" if rel.right in self.fk_cols else "a key or unique column"
    label = rel.constraint or f"{rel.left} {rel.op} {rel.right}"
    beyond_parents, fewer = _too_many_for_key(self, left)
    raise PlanError(
        f"{self.where()}: the CHECK {label!r} compares {left!r}, which {why}, with "
        f"{rel.right!r}, {other} the generator cannot move; meeting it would move "
        f"{left!r} next to {rel.right!r} in each row and repeat its values{beyond_parents} "
        f"(seed {self.seed.plan.seed}). Fix: {fewer}override {left!r} with distinct values "
        f"that satisfy the CHECK, e.g. counts={{{self.table.name!r}: rows(N, "
        f"{left}=lambda row: ...)}}."
    )


def _too_many_for_key(self: _TableDecider, name: str) -> tuple[str, str]:
    """Why a foreign key inside the unique key holding ``name`` could not keep it distinct
    alone (:func:`_carried_by_key`): more rows than parents. ("", "") when none could."""
    for uset in self.table.unique_sets:
        if name not in uset or len(uset) < 2:
            continue
        for fk in dict.fromkeys(self.fk_cols[c] for c in uset if c in self.fk_cols):
            n = self.parent(fk).count - self.start
            if set(fk.columns) <= set(uset) and not fk.self_referencing and self.count > n:
                return (
                    f", and the {self.count} rows asked for are more than the {n} "
                    f"{fk.ref_table!r} rows that {fk.describe()} could keep it distinct with "
                    "on its own, one row each",
                    f"ask for at most {n} {self.table.name!r} rows, add {fk.ref_table!r} rows, "
                    "or ",
                )
    return "", ""


def _server_default_source(decider: _TableDecider, col: ColumnInfo) -> ColumnSource:
    """A column with a server default is generated like any other, its default mixed in
    as the most common value; a default the engine cannot imitate stays the database's
    (see :mod:`pytest_dbseed.engine.values.defaults`)."""
    default = V.server_default(decider.table, col, decider.checks.columns.get(col.name))
    if default.action == "database" or col.kind == "unsupported":
        why = default.why or f"its type {col.type_name} has no generator"
        return DatabaseFills(f"server default: {why}")
    mixed = (default.value,) if default.action == "mix" else ()
    return decider._generated(col, mixed, 0.0 if default.always_set else None)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}


def _column_sources(self: _TableDecider) -> list[tuple[str, ColumnSource]]:
    """Every written column's source: its own, then records, followers and sums."""
    columns = [(col.name, self._column(col)) for col in self.table.columns if not col.computed]
    columns = record_sources(self.table, columns, self.start, self.count, self.seed.plan.seed)
    return sum_sources(self.table, columns, _moved_later(self))


def _moved_later(self: _TableDecider) -> set[str]:
    """Columns whose values a batch changes after making them: those of a CHECK relation
    (``a <= b``) or a NULL choice (money adding up from them would no longer add up)."""
    moved = {c for r in [*self.relations, *self.checks.relations] for c in (r.left, r.right)}
    for choice in self.checks.null_choices:
        moved.update(c for b in choice.branches for c in b)
    return moved
