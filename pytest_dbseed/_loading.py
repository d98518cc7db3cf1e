"""``--jobs``, ``--shard`` and ``--output``: a decided seed written as row ranges.

The engine cuts the seed into levels of row ranges (:mod:`pytest_dbseed.engine.parallel`);
this module decides the seed the way ``dbseed seed`` does, picks the sink (the database,
or files with ``load.sql``), waits for the other shards' parents, shows progress in table
order and, when a run stops half way, says which tables hold the rows already committed.

Ranges commit on their own (a level's rows must be visible to the next level's jobs, which
run in other transactions), so a run stopped by an error or Ctrl-C keeps the ranges that
were committed; the message names those tables and their rows. One job without
``--shard`` never comes here: it writes in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pytest_dbseed._load_errors import RefusedError, UsageError
from pytest_dbseed.errors import DbseedError

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed.engine.orchestrate import Prepared as EnginePrepared
    from pytest_dbseed.engine.parallel import Done, SinkFactory, Task

__all__ = ["Ranges", "decide", "RangedRun", "ShardWait", "write_files", "SHARD_WAIT"]

SHARD_WAIT = 3600.0
"""Seconds a shard waits for the other shards to write the parents it needs."""

SHARD_SAY_EVERY = 30.0


@dataclass(frozen=True)
class Ranges:
    """How the rows are cut: jobs on this machine, and which shard of all machines."""

    jobs: int = 1
    shard: tuple[int, int] = (0, 1)
    """(index, count), the index 0-based."""
    output: str | None = None
    format: str = "csv"

    @property
    def sharded(self) -> bool:
        return self.shard[1] > 1


def decide(
    conn: sa.Connection,
    metadata: sa.MetaData,
    counts: Mapping[str, int],
    *,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    profile: Any = None,
    references: Mapping[str, int] | None = None,
    default: int,
    seed: int,
    locale: Any,
    append: bool,
    empty: bool,
) -> EnginePrepared:
    """The engine's decided seed, as ``seed()`` decides it. ``empty`` plans as for empty
    tables whatever the database holds: every shard, and every file, numbers the rows
    alike; the tables not written (``references``: their rows) keep their rows, and
    children point at those."""
    from pytest_dbseed.engine.counts import resolve
    from pytest_dbseed.engine.orchestrate import Prepared, SeedRequest, prepare
    from pytest_dbseed.engine.schema import build_schema

    graph = build_schema(metadata)
    fixed, over = resolve(graph, dict(counts), dict(overrides or {}))
    request = SeedRequest(
        graph=graph, counts=fixed, default=default, seed=seed, overrides=over, locale=locale,
        append=append and not empty, empty=empty, references=dict(references or {}),
    )  # fmt: skip
    decided = prepare(conn, request)
    if profile is not None:
        from pytest_dbseed.engine.profile import with_null_shares

        shaped = with_null_shares(decided.sources, decided.graph, profile)
        decided = Prepared(decided.graph, decided.plan, shaped)
    return decided


@dataclass
class RangedRun:
    """Runs a decided seed's ranges and keeps count of the rows each table got."""

    prepared: EnginePrepared
    ranges: Ranges
    progress: Callable[[str, int, int], None]
    tasks: list[list[Task]] = field(init=False)
    totals: dict[str, int] = field(init=False)
    done: dict[str, int] = field(init=False)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        from pytest_dbseed.engine.parallel import plan_tasks, table_totals

        p = self.prepared
        self.tasks = plan_tasks(p.graph, p.plan, p.sources, self.ranges.jobs, self.ranges.shard)
        self.totals = dict(table_totals(self.tasks))
        self.done = {t: 0 for t in self.totals}
        self._tables = list(self.totals)
        self._at = 0

    def run(
        self, make_sink: SinkFactory, before_level: Callable[[int, Sequence[Task]], None] | None
    ) -> None:
        from pytest_dbseed.engine.parallel import Payload, Runner

        p = self.prepared
        payload = Payload(p.graph, p.plan, p.sources)
        begin = getattr(self.progress, "begin", None)

        def starting(i: int, tasks: Sequence[Task]) -> None:
            if before_level is not None:
                before_level(i, tasks)
            if begin is not None and self.ranges.jobs > 1:  # tables of a level run together
                for task in tasks:
                    begin(task.table)

        runner = Runner(payload, make_sink, self.ranges.jobs, self._done, starting)
        began = time.perf_counter()
        self._show()
        runner.run(self.tasks)
        self.seconds = time.perf_counter() - began

    def _done(self, done: Done) -> None:
        if done.task.fk is None:
            self.done[done.task.table] += done.rows
        self._show()

    def _show(self) -> None:
        """Progress in table order: a table is shown once the tables before it are done."""
        while self._at < len(self._tables):
            table = self._tables[self._at]
            n, total = self.done[table], self.totals[table]
            self.progress(table, n, total)
            if n < total:
                return
            self._at += 1

    def holding(self) -> str:
        """The tables that hold committed rows of this run, for a message."""
        from pytest_dbseed.engine.diagram import printable

        held = [(t, n) for t, n in self.done.items() if n > 0]
        if not held:
            return "no range was committed, so every table is as it was"
        listed = ", ".join(f"{printable(t)} ({n:,} of {self.totals[t]:,} rows)" for t, n in held)
        return (
            f"every range commits on its own, so these tables keep the rows committed "
            f"before it stopped: {listed}; the other tables are as they were"
        )


class ShardWait:
    """Before a level, wait until the other shards have committed the parents it needs.

    A table's parents must hold all their planned rows; a table pointing at its own
    earlier rows waits for the shards before it; deferred keys wait for every table.
    """

    def __init__(
        self,
        engine: sa.Engine,
        prepared: EnginePrepared,
        err: IO[str],
        timeout: float = SHARD_WAIT,
        poll: float = 1.0,
    ) -> None:
        self.engine = engine
        self.prepared = prepared
        self.err = err
        self.timeout = timeout
        self.poll = poll

    def needs(self, tasks: Sequence[Task]) -> dict[str, int]:
        from pytest_dbseed.engine.parallel import parents_of, self_referencing

        graph, plan = self.prepared.graph, self.prepared.plan
        out: dict[str, int] = {}

        def need(table: str, rows: int) -> None:
            out[table] = max(out.get(table, 0), rows)

        for task in tasks:
            if task.fk is not None:
                for name, n in plan.counts.items():
                    if n > 0:
                        need(name, n)
                continue
            for parent in parents_of(graph, plan, task.table):
                need(parent, plan.counts[parent])
            if self_referencing(graph, plan, task.table) and task.start > 0:
                need(task.table, task.start)
        return out

    def __call__(self, level: int, tasks: Sequence[Task]) -> None:
        needs = self.needs(tasks)
        if not needs:
            return
        began = time.monotonic()
        said = began
        while True:
            have = self._counts(list(needs))
            short = {t: (have[t], n) for t, n in needs.items() if have[t] < n}
            if not short:
                return
            now = time.monotonic()
            listed = ", ".join(f"{t} {h:,}/{n:,} rows" for t, (h, n) in short.items())
            if now - began > self.timeout:
                raise RefusedError(
                    f"waited {self.timeout:.0f}s for the other shards to write {listed}; "
                    "start every shard (--shard I/N for I = 1..N) against the same database, "
                    "or load them one level at a time"
                )
            if now - said >= SHARD_SAY_EVERY:
                said = now
                self.err.write(f"waiting for the other shards: {listed}\n")
                self.err.flush()
            time.sleep(self.poll)

    def _counts(self, tables: list[str]) -> dict[str, int]:
        import sqlalchemy as sa

        graph = self.prepared.graph
        out = {}
        with self.engine.connect() as conn:
            for name in tables:
                table = graph.tables[name].table
                out[name] = int(
                    conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                )
        return out


def fix_all_sequences(conn: sa.Connection, prepared: EnginePrepared) -> None:
    """Move every sequence past the keys written (by every shard, as the table holds)."""
    from pytest_dbseed.engine.rows import SeedRows
    from pytest_dbseed.engine.writer import fix_sequences

    producer = SeedRows(prepared.graph, prepared.sources)
    for name in prepared.plan.order:
        if prepared.plan.counts.get(name, 0) > 0:
            fix_sequences(conn, producer.table(name))


def write_files(run: RangedRun, directory: Path) -> list[str]:
    """Run ``run`` into files in ``directory``; returns the names written, load.sql last."""
    from pytest_dbseed.engine.files import (
        FileTarget,
        copy_header,
        file_name,
        load_script,
        merge_parts,
    )

    p, ranges = run.prepared, run.ranges
    files: dict[str, str | None] = {}
    written: dict[str, tuple[str, ...]] = {}
    overridden: dict[str, frozenset[str]] = {}
    for name in p.plan.order:
        t = p.sources.table(name)
        if t.count <= 0:
            continue
        info = p.graph.tables[name]
        written[name] = tuple(t.written)
        overridden[name] = frozenset(t.overridden)
        header = copy_header(info, t.written) if ranges.format == "sql" else None
        files[file_name(info, ranges.format, ranges.shard)] = header
    for fk in p.plan.deferred:
        files[file_name(p.graph.tables[fk.table], "csv", ranges.shard, fk)] = None
    script = load_script(p.graph, p.plan, written, ranges.format, ranges.shard[1], overridden)
    _refuse_overwrite(directory, files, script)
    run.run(FileTarget(str(directory), ranges.format, ranges.shard), None)
    merge_parts(directory, files)
    (directory / "load.sql").write_text(script, encoding="utf-8")
    return [*files, "load.sql"]


def _refuse_overwrite(directory: Path, files: Mapping[str, str | None], script: str) -> None:
    """Never overwrite a file: only ``load.sql`` may be there, as another shard wrote it."""
    there = [n for n in files if (directory / n).exists()]
    script_path = directory / "load.sql"
    if script_path.exists() and script_path.read_text(encoding="utf-8") != script:
        there.append("load.sql (of another seed)")
    if there:
        raise UsageError(
            f"--output {str(directory)!r} already holds {', '.join(there[:5])}; nothing was "
            "written. Give an empty or new directory (files are never overwritten)"
        )


def stopped(run: RangedRun | None, exc: BaseException) -> BaseException:
    """``exc`` with the tables that hold committed rows added to its message."""
    if run is None or isinstance(exc, KeyboardInterrupt) or not isinstance(exc, DbseedError):
        return exc
    try:
        return type(exc)(f"{str(exc).rstrip('. ')}; {run.holding()}")
    except TypeError:  # pragma: no cover - an error class with other arguments
        return exc
