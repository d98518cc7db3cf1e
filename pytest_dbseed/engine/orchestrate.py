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
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.introspect import domain_lengths, existing_parent_keys, existing_rows
from pytest_dbseed.engine.planner import SeedPlan, make_plan
from pytest_dbseed.engine.results import Progress, SeedReport
from pytest_dbseed.engine.rows import SeedRows
from pytest_dbseed.engine.schema import SchemaGraph, TableInfo
from pytest_dbseed.engine.sources import SeedSources, decide_sources, keys_to_read
from pytest_dbseed.engine.writer import (
    Prefetch,
    copy_chunks,
    copy_driver,
    fill_deferred,
    fix_sequences,
    is_driver_error,
    translate_error,
    write_table,
)
from pytest_dbseed.errors import DbseedError, interruption

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


@dataclass(frozen=True)
class Prepared:
    """A seed decided against a database, ready to be produced and written."""

    graph: SchemaGraph
    """The schema graph, completed with what only the database knows (domain lengths)."""
    plan: SeedPlan
    sources: SeedSources


def prepare(conn: sa.Connection, request: SeedRequest) -> Prepared:
    """Read the database, plan and decide; writes nothing. Raises every refusal."""
    graph = domain_lengths(conn, request.graph)
    existing = existing_rows(conn, graph)
    plan = make_plan(
        graph,
        request.counts,
        request.default,
        request.seed,
        existing=existing.counts if request.append else None,
    )
    parent_keys = None
    if request.append:
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
    )
    return Prepared(graph, plan, sources)


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
    return SeedReport(
        rows=written,
        raised=dict(prepared.plan.raised),
        seconds=time.perf_counter() - began,
        seed=prepared.plan.seed,
        order=prepared.plan.order,
    )


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
    except sa.exc.DBAPIError as exc:
        _reraise_interrupt(exc)
        raise translate_error(exc, current.table, prepared.plan.seed, conn.dialect.name) from exc
    except Exception as exc:
        _reraise_interrupt(exc)
        # COPY runs on the raw driver connection, so its errors arrive unwrapped.
        if is_driver_error(exc):
            raise translate_error(
                exc, current.table, prepared.plan.seed, conn.dialect.name
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
    jobs: list[tuple[str, Callable[[], Any]]] = [
        (rows.info.fullname, partial(copy_chunks, rows, conn.dialect))
        for rows in tables
        if rows.count > 0 and rows.written
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
    written: dict[str, int] = {}
    for name in plan.order:
        rows = producer.table(name)
        current.table = rows.info
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
    if deferring:
        conn.execute(sa.text("SET CONSTRAINTS ALL IMMEDIATE"))
    return written


def _ticker(progress: Progress, table: str, total: int) -> Callable[[int], None]:
    def tick(done: int) -> None:
        progress(table, done, total)

    return tick
