"""One seed from start to end: read the database, plan, decide, produce and write.

:func:`prepare` does everything that needs no writing: it reads what the database already
holds (:mod:`.introspect`), plans the counts and order (:mod:`.planner`) and decides every
column's source (:mod:`.sources`). :func:`write` produces and writes the rows of a
prepared seed (:mod:`.rows`, :mod:`.writer`), then fills deferred keys and moves
sequences. :func:`run_seed` is both, timed, as :func:`pytest_dbseed.seed` runs it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine import values as V
from pytest_dbseed.engine.introspect import (
    Existing,
    PartitionTrees,
    catalog_types,
    domain_lengths,
    exclusion_constraints,
    existing_parent_keys,
    existing_rows,
    partition_trees,
    table_triggers,
    without_partition_clones,
)
from pytest_dbseed.engine.planner import SeedPlan, make_plan, refuse_together
from pytest_dbseed.engine.results import Progress, SeedReport
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import SchemaGraph, TableInfo
from pytest_dbseed.engine.sources import (
    NO_GENERATOR,
    ColumnSource,
    DatabaseFills,
    Generated,
    IntegerKey,
    RecordField,
    SeedSources,
    decide_sources,
    keys_to_read,
)
from pytest_dbseed.engine.values.partitions import (
    Partitioning,
    defaulted_columns,
    leaf_rooms,
    listed_columns,
    partitioning_for,
    uncovered_hash,
)
from pytest_dbseed.engine.writer import (
    Prefetch,
    advance_sequences,
    copy_chunks,
    copy_driver,
    fill_deferred,
    fix_sequences,
    is_driver_error,
    translate_error,
    write_table,
    write_together,
)
from pytest_dbseed.errors import DbseedError, PlanError, UniquenessError, interruption

__all__ = ["SeedRequest", "Prepared", "prepare", "write", "run_seed", "decide_offline"]


@dataclass(frozen=True)
class SeedRequest:
    """What to seed: counts and overrides already resolved to table full names."""

    graph: SchemaGraph
    counts: Mapping[str, int] = field(default_factory=dict)
    """Caller-fixed counts; tables not named get ``default``."""
    default: int = 10
    seed: int = 0
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    locale: str | Sequence[str] | None = None
    providers: tuple[type, ...] = ()
    """Faker provider classes that ``fake(...)`` overrides may name."""
    append: bool = False
    """Children may point at parent rows already in the database."""
    progress: Progress | None = None
    empty: bool = False
    """Plan as for empty tables whatever the database holds (every shard and every file
    numbers its rows alike); only ``references`` keep their rows for children."""
    references: Mapping[str, int] = field(default_factory=dict)
    """With ``empty``: tables not written -> the rows they hold, which children point at."""


@dataclass(frozen=True)
class Prepared:
    """A seed decided against a database, ready to be produced and written."""

    graph: SchemaGraph
    """The schema graph, completed with what only the database knows (domain lengths)."""
    plan: SeedPlan
    sources: SeedSources
    triggers: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Table written -> the (trigger, function) pairs that fire on its inserts."""
    partitions: frozenset[str] = frozenset()
    """Tables that are partitions of another (written through it)."""


def prepare(conn: sa.Connection, request: SeedRequest) -> Prepared:
    """Read the database, plan and decide; writes nothing. Raises every refusal."""
    graph = domain_lengths(conn, exclusion_constraints(conn, request.graph))
    existing = Existing({}, {}) if request.empty else existing_rows(conn, graph)
    held = {t: n for t, n in request.references.items() if n > 0} if request.empty else {}
    graph = catalog_types(conn, graph)
    trees = partition_trees(conn, graph)
    graph = without_partition_clones(graph, trees)
    # Partitions get their rows through the partitioned table, not as tables of their own.
    counts = {**{name: 0 for name in trees.partitions}, **request.counts}
    plan = make_plan(
        graph,
        counts,
        request.default,
        request.seed,
        existing=existing.counts if request.append else held or None,
    )
    if plan.together and copy_driver(conn) is None:
        refuse_together(plan, f"this seed writes through {conn.dialect.name}+{conn.dialect.driver}")
    parent_keys = None
    if request.append or held:
        parent_keys = existing_parent_keys(
            conn, graph, keys_to_read(graph, plan, request.overrides)
        )
    sources = decide_sources(
        graph,
        plan,
        starts=existing.counts,
        id_offsets=existing.max_keys,
        overrides=request.overrides,
        existing_keys=parent_keys,
        locale=request.locale,
        providers=request.providers,
        listed={
            name: listed_columns(graph.tables[name], oid, trees.trees[name])
            for name, oid in trees.oids.items()
            if name not in trees.partitions and name in graph.tables
        },
        defaulted={
            name: defaulted_columns(graph.tables[name], oid, trees.trees[name])
            for name, oid in trees.oids.items()
            if name not in trees.partitions and name in graph.tables
        },
    )
    sources = _partitioned(graph, plan, sources, trees, request.overrides)
    triggers = table_triggers(conn, graph, [n for n in plan.order if plan.counts.get(n, 0) > 0])
    return Prepared(graph, plan, sources, triggers, trees.partitions)


def _partitioned(
    graph: SchemaGraph,
    plan: SeedPlan,
    sources: SeedSources,
    trees: PartitionTrees,
    overrides: Mapping[str, Mapping[str, Any]],
) -> SeedSources:
    """Sources of partitioned tables (and partitions asked for) with the partitions their
    rows are spread over; a table no partition can hold rows of is refused."""
    if not trees.oids:
        return sources
    tables = list(sources.tables)
    for i, table in enumerate(tables):
        name = table.table
        if name not in trees.oids or table.count <= 0:
            continue
        info = graph.tables[name]
        columns = dict(table.columns)
        unique = frozenset(s[0] for s in info.unique_sets if len(s) == 1) | {
            n for n, src in columns.items() if isinstance(src, Generated) and src.unique
        }
        # Foreign keys, composite-key digits and overrides keep their values (the database
        # says so if one has no partition); generated values and numbered keys are aimed.
        aimed = frozenset(
            n for n, src in columns.items() if isinstance(src, (Generated, RecordField, IntegerKey))
        )
        checks = {
            n: src.bounds
            for n, src in columns.items()
            if isinstance(src, Generated) and src.bounds is not None
        }
        try:
            partitioning = partitioning_for(
                info, trees.oids[name], trees.trees[name], plan.seed, unique, aimed,
                checks=checks,
            )  # fmt: skip
            partners = _companions(graph, info, columns, partitioning, plan.seed)
            if partners:
                partitioning = partitioning_for(
                    info, trees.oids[name], trees.trees[name], plan.seed, unique, aimed,
                    partners, checks,
                )  # fmt: skip
        except ValueError:
            continue  # an expression key: the database places the rows (or says why not)
        if not partitioning.leaves:
            raise PlanError(
                f"table {name!r} is partitioned but has no partition to hold rows, so none "
                f"of the {table.count} rows asked for can be stored (seed {plan.seed}). "
                f"Fix: create a partition (CREATE TABLE ... PARTITION OF {info.name} FOR "
                "VALUES ...) or a DEFAULT one, or ask for 0 rows of it."
            )
        gap = uncovered_hash(trees.oids[name], trees.trees[name])
        if gap is not None:
            node, modulus, missing = gap
            shown = ", ".join(map(str, missing[:8])) + (", ..." if len(missing) > 8 else "")
            raise PlanError(
                f"table {name!r}: {node} is partitioned by HASH but no partition holds the "
                f"remainders {shown} of modulus {modulus}, so rows hashing there cannot be "
                f"stored (seed {plan.seed}). Fix: create the missing partitions (CREATE TABLE "
                f"... PARTITION OF {node} FOR VALUES WITH (MODULUS {modulus}, REMAINDER "
                f"{missing[0]})), or ask for 0 rows of {info.name!r}."
            )
        _refuse_crowded(partitioning, table.start + table.count, name, plan.seed)
        if partitioning.columns() & set(overrides.get(name, {})):
            continue  # overridden key columns: the override says where rows go
        tables[i] = replace(table, partitioning=partitioning)
    return replace(sources, tables=tuple(tables))


def _companions(
    graph: SchemaGraph,
    info: TableInfo,
    columns: Mapping[str, ColumnSource],
    partitioning: Partitioning,
    seed: int,
) -> dict[str, tuple[tuple[str, tuple[Any, ...]], ...]]:
    """Partition key columns made unique only to keep one composite unique key distinct
    -> the other columns of that key with their few values (see
    :attr:`Partitioning.companions`): generated, not unique, with a finite domain, aimed at
    by no partition bound, and no foreign key into the table takes any column of the key."""
    singles = {s[0] for s in info.unique_sets if len(s) == 1}
    out: dict[str, tuple[tuple[str, tuple[Any, ...]], ...]] = {}
    aimed = partitioning.columns()
    referenced = {c for fk in graph.children_of(info.fullname) for c in fk.ref_columns}
    for column in sorted(partitioning.unique & aimed - singles - referenced):
        sets = [s for s in info.unique_sets if column in s]
        src = columns.get(column)
        if len(sets) != 1 or not (isinstance(src, Generated) and src.unique):
            continue
        partners: list[tuple[str, tuple[Any, ...]]] = []
        for other in sets[0]:
            got = columns.get(other)
            if other == column:
                continue
            if not isinstance(got, Generated) or got.unique or got.first or other in aimed:
                break
            ctx = V.ColumnContext(info, info.column(other), seed, bounds=got.bounds)
            domain = V.finite_domain(ctx)
            if not domain:
                break
            partners.append((other, tuple(domain)))
        else:
            out[column] = tuple(partners)
    return out


def _refuse_shut(partitioning: Partitioning, rows: int, name: str, seed: int) -> None:
    """Refuse a table whose CHECKs allow no value any of its partitions holds."""
    columns = sorted(
        {c for leaf in partitioning.leaves for c, r in leaf.rules if r.kind == "list"
         and not r.values}  # fmt: skip
    )
    shown = ", ".join(map(repr, columns))
    leaves = ", ".join(leaf.name for leaf in partitioning.leaves)
    raise PlanError(
        f"table {name!r}: its CHECK constraints allow no value of {shown} that the bounds "
        f"of its partitions ({leaves}) hold, so none of the {rows} rows asked for can be "
        f"stored (seed {seed}). Fix: add a partition (or a DEFAULT one) holding values the "
        f"CHECK allows, change the CHECK, or ask for 0 rows of {name!r}."
    )


def _refuse_crowded(partitioning: Partitioning, rows: int, name: str, seed: int) -> None:
    """Refuse ``rows`` rows when every leaf holds a limited number of distinct values of a
    unique key column and all of them together hold fewer."""
    rooms = partitioning.rooms
    if not rooms or any(r is None for r in rooms) or sum(r or 0 for r in rooms) >= rows:
        return
    total = sum(r or 0 for r in rooms)
    if total == 0:
        _refuse_shut(partitioning, rows, name, seed)
    column = next(
        c
        for c in sorted(partitioning.unique & partitioning.columns())
        if any(room is not None for _, room in leaf_rooms(partitioning, c))
    )
    held = ", ".join(
        f"{leaf.name} {room}" for leaf, room in zip(partitioning.leaves, rooms, strict=True)
    )
    partners = [c for c, _ in dict(partitioning.companions).get(column, ())]
    if partners:
        key = ", ".join([column, *partners])
        what = (
            f"the unique key ({key}) must differ between rows, but the bounds of the "
            f"partitions of {column!r}, with the values {', '.join(map(repr, partners))} "
            f"can take, hold only {total} of its keys"
        )
    else:
        what = (
            f"column {column!r} must be unique, but the bounds of its partitions hold only "
            f"{total} of its values"
        )
    raise UniquenessError(
        f"table {name!r}: {what} ({held}) and {rows} rows were asked "
        f"for (seed {seed}). Fix: ask for at most {total} rows, widen a partition or add "
        f"one (a DEFAULT partition has room for any number), or override {column!r}."
    )


def decide_offline(request: SeedRequest) -> tuple[SeedPlan, SeedSources]:
    """Plan and decide as for empty tables, without a database (``plan()``)."""
    plan = make_plan(request.graph, request.counts, request.default, request.seed)
    sources = decide_sources(
        request.graph,
        plan,
        overrides=request.overrides,
        locale=request.locale,
        providers=request.providers,
    )
    return plan, sources


def run_seed(conn: sa.Connection, request: SeedRequest) -> SeedReport:
    """Seed through ``conn`` (inside the caller's transaction) and report what was written."""
    began = time.perf_counter()
    prepared = prepare(conn, request)
    written = write(conn, prepared, request.progress)
    by_triggers = _trigger_rows(conn, prepared, written)
    return SeedReport(
        rows=written,
        raised=dict(prepared.plan.raised),
        seconds=time.perf_counter() - began,
        seed=prepared.plan.seed,
        order=prepared.plan.order,
        notes=_notes(prepared)
        + tuple(
            f"triggers inserted {n} rows into {name!r} beside the rows asked for"
            for name, n in by_triggers.items()
        ),
        trigger_rows=by_triggers,
    )


def _trigger_rows(
    conn: sa.Connection, prepared: Prepared, written: Mapping[str, int]
) -> dict[str, int]:
    """Rows that triggers of the written tables inserted, per table of the models."""
    if not prepared.triggers:
        return {}
    out: dict[str, int] = {}
    for name in prepared.plan.order:
        if name in prepared.partitions:
            continue  # its rows came through the partitioned table
        t = prepared.graph.tables[name].table
        now = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        extra = now - prepared.sources.table(name).start - written.get(name, 0)
        if extra > 0:
            out[name] = extra
    return out


def _notes(prepared: Prepared) -> tuple[str, ...]:
    """Columns of the seeded tables left NULL because no generator knows their type."""
    out: list[str] = []
    for name in prepared.plan.order:
        table = prepared.sources.table(name)
        if table.count <= 0:
            continue
        for column, source in table.columns:
            if isinstance(source, DatabaseFills) and source.why.startswith(NO_GENERATOR):
                col = prepared.graph.tables[name].column(column)
                out.append(
                    f"{name}.{column} ({col.type_name}) has no generator: left NULL. "
                    f"Override it (rows(..., {column}=...)) to give it values."
                )
    return tuple(out)


class _Current:
    """The table being written, for error messages."""

    table: TableInfo | None = None


def write(
    conn: sa.Connection, prepared: Prepared, progress: Progress | None = None
) -> dict[str, int]:
    """Produce and write every table of ``prepared``; returns rows written per table.

    Driver errors become :class:`~pytest_dbseed.errors.DbseedError` messages naming the
    table, constraint and seed; any other exception is a bug and propagates as it is.
    """
    producer = SeedRows(prepared.graph, prepared.sources)
    current = _Current()
    prefetch = _prefetch(conn, prepared, producer)
    try:
        return _write_all(conn, prepared, producer, progress, prefetch, current)
    except DbseedError:
        raise
    except Exception as exc:
        _reraise_interrupt(exc)
        # COPY runs on the raw driver connection, so its errors arrive unwrapped.
        if isinstance(exc, sa.exc.DBAPIError) or is_driver_error(exc):
            raise translate_error(
                exc, current.table, prepared.plan.seed, conn.dialect.name, prepared.triggers
            ) from exc
        raise
    finally:
        if prefetch is not None:
            prefetch.close()


def _reraise_interrupt(exc: BaseException) -> None:
    """Ctrl-C that a driver reported as its own error is Ctrl-C, not a rejected row."""
    interrupt = interruption(exc)
    if interrupt is not None:
        raise interrupt from None


def _prefetch(conn: sa.Connection, prepared: Prepared, producer: SeedRows) -> Prefetch | None:
    """COPY text produced ahead on a thread, when the driver supports COPY."""
    tables = [producer.table(name) for name in prepared.plan.order]  # built on this thread
    if copy_driver(conn) is None:
        return None
    together = {n for group in prepared.plan.together for n in group}
    jobs: list[tuple[str, Callable[[], Any]]] = [
        (rows.info.fullname, partial(copy_chunks, rows, conn.dialect))
        for rows in tables
        if rows.count > 0 and rows.written and rows.info.fullname not in together
    ]
    return Prefetch(jobs) if jobs else None


def _write_all(
    conn: sa.Connection,
    prepared: Prepared,
    producer: SeedRows,
    progress: Progress | None,
    prefetch: Prefetch | None,
    current: _Current,
) -> dict[str, int]:
    plan = prepared.plan
    deferring = bool(plan.deferred_constraints) and conn.dialect.name == "postgresql"
    if deferring:
        conn.execute(sa.text("SET CONSTRAINTS ALL DEFERRED"))
    if prepared.triggers:
        # Rows triggers insert take key numbers after the ones the seed supplies.
        for name in plan.order:
            advance_sequences(conn, producer.table(name))
    written: dict[str, int] = {}
    groups = {n: group for group in plan.together for n in group}
    for name in plan.order:
        rows = producer.table(name)
        current.table = rows.info
        if name in groups:
            if name == groups[name][0]:
                tables = [producer.table(n) for n in groups[name]]
                written.update(write_together(conn, tables, plan.together_keys, progress))
            continue
        tick = None
        if progress is not None:
            progress(name, 0, rows.count)
            tick = _ticker(progress, name, rows.count)
        prefetched = prefetch is not None and rows.count > 0 and bool(rows.written)
        chunks = prefetch.chunks(name) if prefetch is not None and prefetched else None
        written[name] = write_table(conn, rows, tick, chunks)
    for fk in plan.deferred:
        rows = producer.table(fk.table)
        current.table = rows.info
        fill_deferred(conn, rows, fk)
    for name in plan.order:
        current.table = prepared.graph.tables[name]
        fix_sequences(conn, producer.table(name))
    current.table = None
    if deferring or _deferrable_written(prepared, written, conn.dialect.name):
        # Checks of deferred constraints run now, while errors are still translated,
        # not at COMMIT as a raw IntegrityError.
        conn.execute(sa.text("SET CONSTRAINTS ALL IMMEDIATE"))
    return written


def _deferrable_written(prepared: Prepared, written: dict[str, int], dialect: str) -> bool:
    """Some table written to has a DEFERRABLE foreign key (checked at COMMIT, maybe)."""
    if dialect != "postgresql":
        return False
    tables = prepared.graph.tables
    return any(
        fk.deferrable for name, n in written.items() if n for fk in tables[name].foreign_keys
    )


def _ticker(progress: Progress, table: str, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        progress(table, done, total)

    return tick
