"""Split a prepared seed into row ranges and run them on worker processes.

Every value is a function of (seed, table, column, row), so a table's rows can be cut
into ranges produced and written apart, in any process, and the rows are the same as
one writer's. This module decides the ranges (:func:`plan_tasks`): tables grouped in
*levels* (a table's level is above every parent it points at), each level's tables cut
into ranges, deferred keys filled last. :class:`Runner` runs the levels in order — a
barrier between two levels — each level's tasks on a pool of processes (or in this
process for one job). What a task does with its rows is a :class:`Sink`: the database
(:class:`DatabaseSink`, COPY in its own transaction, committed when the range is written)
or files (:mod:`.files`).

Workers are started with ``forkserver`` (``spawn`` where that is missing), never
``fork``: a forked driver connection or thread would be shared with the parent.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pytest_dbseed.engine.planner import SeedPlan
from pytest_dbseed.engine.rows import SeedRows, TableRows
from pytest_dbseed.engine.schema import ForeignKeyInfo, SchemaGraph
from pytest_dbseed.engine.sources import SeedSources
from pytest_dbseed.engine.writer.write import BATCH

__all__ = [
    "Task",
    "Done",
    "Sink",
    "Payload",
    "Runner",
    "levels",
    "shard_range",
    "split_range",
    "plan_tasks",
    "self_referencing",
    "parents_of",
    "MIN_RANGE",
]

MIN_RANGE = 4 * BATCH
"""Fewest rows one task writes when a table is cut for several jobs."""

RANGES_PER_JOB = 4
"""Ranges of a table per job: a job that is slowed down holds up the level less."""


@dataclass(frozen=True)
class Task:
    """Rows ``[start, stop)`` of ``table``: written (``fk is None``) or, for a deferred
    key (index ``fk`` of ``plan.deferred``), pointed at their parents."""

    table: str
    start: int
    stop: int
    part: int
    """Position of the range among the table's ranges of this run (file names)."""
    fk: int | None = None


@dataclass(frozen=True)
class Done:
    """A finished task: rows written (or updated) and the seconds it took."""

    task: Task
    rows: int
    seconds: float


@dataclass(frozen=True)
class Payload:
    """What a worker needs to produce any range: pickled once per worker."""

    graph: SchemaGraph
    plan: SeedPlan
    sources: SeedSources


class Sink(Protocol):
    """Where a worker puts its ranges; built in the worker by a picklable factory."""

    def rows(self, rows: TableRows, task: Task) -> int: ...

    def deferred(self, rows: TableRows, fk: ForeignKeyInfo, task: Task) -> int: ...

    def close(self) -> None: ...


SinkFactory = Callable[[Payload], Sink]


# --------------------------------------------------------------------------- ranges


def split_range(start: int, stop: int, parts: int) -> list[tuple[int, int]]:
    """``[start, stop)`` in at most ``parts`` consecutive ranges, each a whole number of
    batches but the last; empty ranges are left out."""
    n = stop - start
    if n <= 0:
        return []
    parts = max(1, min(parts, math.ceil(n / BATCH)))
    size = math.ceil(math.ceil(n / parts) / BATCH) * BATCH
    return [(lo, min(lo + size, stop)) for lo in range(start, stop, size)]


def shard_range(start: int, stop: int, index: int, count: int) -> tuple[int, int]:
    """The ``index``-th (0-based) of ``count`` ranges of ``[start, stop)``; every shard
    computes the same cut, so the shards together cover the rows exactly once."""
    n = stop - start
    size = math.ceil(math.ceil(n / count) / BATCH) * BATCH if n > 0 else 0
    lo = min(start + index * size, stop)
    return lo, min(lo + size, stop)


def self_referencing(graph: SchemaGraph, plan: SeedPlan, table: str) -> bool:
    """Whether rows of ``table`` point at earlier rows of the same table when written:
    such a table is written as one range (a later range needs the earlier committed)."""
    return any(
        fk.self_referencing and not plan.is_deferred(fk) for fk in graph.tables[table].foreign_keys
    )


def parents_of(graph: SchemaGraph, plan: SeedPlan, table: str) -> list[str]:
    """Tables of this seed whose rows ``table``'s rows point at when written."""
    out: list[str] = []
    for fk in graph.tables[table].foreign_keys:
        parent = fk.ref_table
        if fk.self_referencing or plan.is_deferred(fk) or fk in plan.deferred_constraints:
            continue
        if plan.counts.get(parent, 0) > 0 and parent not in out:
            out.append(parent)
    return out


def levels(graph: SchemaGraph, plan: SeedPlan) -> list[list[str]]:
    """The written tables by level, each in plan order: a table's level is one above the
    highest of the parents it points at, so a level only needs the levels before it."""
    level: dict[str, int] = {}
    for name in plan.order:
        if plan.counts.get(name, 0) <= 0:
            continue
        level[name] = 1 + max((level.get(p, -1) for p in parents_of(graph, plan, name)), default=-1)
    out: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for name, n in level.items():
        out[n].append(name)
    return out


def plan_tasks(
    graph: SchemaGraph,
    plan: SeedPlan,
    sources: SeedSources,
    jobs: int,
    shard: tuple[int, int] = (0, 1),
) -> list[list[Task]]:
    """The tasks of this run, by level; the last level fills the deferred keys.

    With ``shard=(i, n)`` only the ``i``-th of ``n`` ranges of every table is written;
    that range is then cut again for the ``jobs``.
    """
    out: list[list[Task]] = []
    for tables in levels(graph, plan):
        tasks: list[Task] = []
        for name in tables:
            tasks.extend(_table_tasks(graph, plan, sources, name, jobs, shard))
        out.append(tasks)
    fills: list[Task] = []
    for i, fk in enumerate(plan.deferred):
        t = sources.table(fk.table)
        lo, hi = shard_range(t.start, t.stop, *shard)
        for part, (a, b) in enumerate(split_range(lo, hi, jobs * RANGES_PER_JOB)):
            fills.append(Task(fk.table, a, b, part, fk=i))
    if fills:
        out.append(fills)
    return [level for level in out if level]


def _table_tasks(
    graph: SchemaGraph,
    plan: SeedPlan,
    sources: SeedSources,
    name: str,
    jobs: int,
    shard: tuple[int, int],
) -> list[Task]:
    t = sources.table(name)
    lo, hi = shard_range(t.start, t.stop, *shard)
    if hi <= lo:
        return []
    parts = 1
    if jobs > 1 and not self_referencing(graph, plan, name):
        parts = max(1, min(jobs * RANGES_PER_JOB, (hi - lo) // MIN_RANGE))
    return [Task(name, a, b, part) for part, (a, b) in enumerate(split_range(lo, hi, parts))]


# --------------------------------------------------------------------------- workers


class _Worker:
    """One process's producer and sink."""

    def __init__(self, payload: Payload, make_sink: SinkFactory) -> None:
        self.payload = payload
        self.producer = SeedRows(payload.graph, payload.sources)
        self.sink = make_sink(payload)

    def run(self, task: Task) -> Done:
        began = time.perf_counter()
        rows = self.producer.table(task.table)
        if task.fk is None:
            n = self.sink.rows(rows, task)
        else:
            n = self.sink.deferred(rows, self.payload.plan.deferred[task.fk], task)
        return Done(task, n, time.perf_counter() - began)


_WORKER: _Worker | None = None


def _init_worker(blob: bytes, main: int) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (it stops the pool)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _orphan_watch(main)
    payload, make_sink = pickle.loads(blob)
    _WORKER = _Worker(payload, make_sink)


def _orphan_watch(main: int, every: float = 0.5) -> None:
    """Exit when the command that started this worker is gone (killed without a chance to
    stop the pool): the range in flight is then rolled back by the server instead of being
    finished by an orphan."""
    import threading

    def gone() -> bool:
        try:
            os.kill(main, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # pragma: no cover - a pid reused by another user
            return True
        try:
            with open(f"/proc/{main}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except (OSError, IndexError):
            return False

    def watch() -> None:
        while True:
            time.sleep(every)
            if gone():
                os._exit(1)

    threading.Thread(target=watch, name="dbseed-orphan-watch", daemon=True).start()


def _run_task(task: Task) -> Done:
    assert _WORKER is not None
    return _WORKER.run(task)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pytest_dbseed.engine.parallel"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux


class Runner:
    """Runs the levels of tasks in order, each on ``jobs`` processes (in this process for
    one job), calling ``on_done`` in this process as every task ends.

    ``before_level(i, tasks)`` runs before level ``i`` starts (a sharded load waits there
    for the other shards' parents). An exception of a task, or a KeyboardInterrupt,
    stops the pool at once: tasks in flight are abandoned (their transactions roll back
    when their connections close).
    """

    def __init__(
        self,
        payload: Payload,
        make_sink: SinkFactory,
        jobs: int,
        on_done: Callable[[Done], None],
        before_level: Callable[[int, Sequence[Task]], None] | None = None,
    ) -> None:
        self.payload = payload
        self.make_sink = make_sink
        self.jobs = jobs
        self.on_done = on_done
        self.before_level = before_level

    def run(self, task_levels: Sequence[Sequence[Task]]) -> None:
        if self.jobs <= 1:
            self._run_here(task_levels)
        else:
            self._run_pool(task_levels)

    def _levels(self, task_levels: Sequence[Sequence[Task]]) -> Iterator[Sequence[Task]]:
        for i, tasks in enumerate(task_levels):
            if self.before_level is not None:
                self.before_level(i, tasks)
            yield tasks

    def _run_here(self, task_levels: Sequence[Sequence[Task]]) -> None:
        worker = _Worker(self.payload, self.make_sink)
        try:
            for tasks in self._levels(task_levels):
                for task in tasks:
                    self.on_done(worker.run(task))
        finally:
            worker.sink.close()

    def _run_pool(self, task_levels: Sequence[Sequence[Task]]) -> None:
        blob = pickle.dumps((self.payload, self.make_sink))
        ctx = _context()
        pool = ctx.Pool(self.jobs, initializer=_init_worker, initargs=(blob, os.getpid()))
        ok = False
        try:
            for tasks in self._levels(task_levels):
                for done in pool.imap_unordered(_run_task, tasks):
                    self.on_done(done)
            ok = True
        finally:
            # Workers close their connections when they exit: after the last commit, or
            # (terminated) in the middle of a range, which the server then rolls back.
            if ok:
                pool.close()
            else:
                pool.terminate()
            pool.join()


def table_totals(task_levels: Sequence[Sequence[Task]]) -> Mapping[str, int]:
    """Rows each table gets written by these tasks (deferred fills not counted)."""
    out: dict[str, int] = {}
    for tasks in task_levels:
        for t in tasks:
            if t.fk is None:
                out[t.table] = out.get(t.table, 0) + t.stop - t.start
    return out
