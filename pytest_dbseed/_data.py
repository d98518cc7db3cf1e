"""The data the tests see: the default data set, and a test's own data.

The default data set (``--seed-count`` rows per table) is seeded once per test database
and committed; it is rebuilt when the :class:`~pytest_dbseed._transaction.TransactionGuard`
says data outlived a test. A test whose ``seed`` marker asks for other data gets its plan
seeded once into a database of its own (:mod:`pytest_dbseed._plans`, through
:func:`seed_plan`), or, when the plan cannot be kept, empties the tables and seeds its plan
inside its own transaction (:func:`seed_own_data`), so its rollback brings the default data
set back.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_dbseed.errors import DbseedError
from pytest_dbseed.markers import resolve_counts, seed_signature

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed._run import RunInfo
    from pytest_dbseed._stats import Stats
    from pytest_dbseed._transaction import TransactionGuard
    from pytest_dbseed.engine.api import SeedReport
    from pytest_dbseed.engine.schema import SchemaGraph

__all__ = [
    "Extras",
    "DefaultData",
    "seed_plan",
    "seed_own_data",
    "add_rows",
    "truncate",
    "frozen_counts",
    "check_room",
    "Progress",
    "merge_overrides",
]

Overrides = Mapping[str, Mapping[str, Any]]
"""``{table full name: {column: override}}``: the ``dbseed_overrides`` fixture, resolved."""

_SMALL = 200_000
"""Below this many rows (at most) a seed needs no estimate: it fits, and it is quick."""
_PROGRESS_AFTER = 3.0
"""Seconds of seeding the default data set before progress is shown."""


def check_room(
    metadata: sa.MetaData,
    counts: Mapping[str, Any] | None,
    default: int,
    seed: int,
    data_dir: Path | None,
    what: str,
) -> int:
    """Refuse a seed that cannot fit on the server's disk; return the rows it will write.

    ``data_dir`` is the data directory of a server this run started (None for a server
    someone else runs: its disk cannot be seen from here, and nothing is refused).
    Raises :class:`~pytest_dbseed.errors.DbseedError` with the estimate.
    """
    named = dict(counts or {})
    bound = sum(int(getattr(v, "count", v)) for v in named.values())
    bound += default * max(len(metadata.tables) - len(named), 0)
    if bound <= _SMALL:
        return bound
    from pytest_dbseed.engine.api import plan
    from pytest_dbseed.engine.size import estimate, human_bytes

    planned = plan(metadata, counts=named or None, default=default, seed=seed)
    guess = estimate(metadata, planned.counts)
    if data_dir is not None:
        try:
            free = shutil.disk_usage(data_dir).free
        except OSError:
            return guess.rows
        if guess.bytes > free:
            biggest = sorted(guess.per_table.items(), key=lambda kv: -kv[1])[:3]
            tables = ", ".join(f"{n} {human_bytes(b)}" for n, b in biggest)
            raise DbseedError(
                f"{what} would write {guess.describe()} ({tables}), more than the "
                f"{human_bytes(free)} free on the disk of the server's data directory "
                f"{data_dir}. Fix: ask for fewer rows (--seed-count, or the seed marker's "
                "counts), or point DBSEED_TMPDIR at a disk with more room."
            )
    return guess.rows


class Progress:
    """``progress(table, done, total)`` for a long seed: a line on stderr now and then.

    Silent for the first few seconds, so that a quick seed prints nothing.
    """

    def __init__(self, total: int, write: Callable[[str], None], label: str) -> None:
        self._total = max(total, 1)
        self._write = write
        self._label = label
        self._start = time.monotonic()
        self._shown = 0.0
        self._done: dict[str, int] = {}

    def __call__(self, table: str, done: int, total: int) -> None:
        self._done[table] = done
        now = time.monotonic()
        if now - self._start < _PROGRESS_AFTER or now - self._shown < 1.0:
            return
        self._shown = now
        rows = sum(self._done.values())
        self._write(
            f"dbseed: {self._label}: {rows:,} of {self._total:,} rows "
            f"({min(rows / self._total, 1):.0%}), table {table} {done:,}/{total:,}, "
            f"{now - self._start:.0f}s"
        )

    def finish(self) -> None:
        if self._shown:
            self._write(
                f"dbseed: {self._label}: done in {time.monotonic() - self._start:.1f}s"
            )


@dataclass(frozen=True)
class Extras:
    """What every seed of the run adds to its plan, beyond counts and the seed."""

    providers: tuple[type, ...] = ()
    """Faker provider classes of ``dbseed_providers``."""
    frozen: Mapping[str, str] = field(default_factory=dict)
    """Tables never seeded nor emptied (``alembic_version``...), with the reason."""
    overrides: Overrides = field(default_factory=dict)
    """``dbseed_overrides``, by table full name: under every plan, a plan's own win."""


def merge_overrides(
    base: Overrides | None, counts: Mapping[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """``base`` (every plan's overrides) under a plan's own ``rows(..., column=...)``."""
    merged = {name: dict(cols) for name, cols in (base or {}).items()}
    for name, value in (counts or {}).items():
        own = getattr(value, "overrides", None)
        if own:
            merged.setdefault(name, {}).update(own)
    return merged


NO_EXTRAS = Extras()


def truncate(
    conn: sa.Connection, metadata: sa.MetaData, keep: Mapping[str, str] | None = None
) -> None:
    """Empty every table of ``metadata`` but those in ``keep`` inside ``conn``'s transaction.

    TRUNCATE is transactional in PostgreSQL, RESTART IDENTITY included, so a rollback
    brings the rows (and the sequences) back. ``keep``: tables never emptied (a migration
    tool's ``alembic_version``), see :meth:`~pytest_dbseed._run.Models.frozen`.
    """
    tables = [t for t in metadata.sorted_tables if t.key not in (keep or {})]
    if not tables:
        return
    prep = conn.dialect.identifier_preparer
    names = ", ".join(prep.format_table(t) for t in tables)
    conn.exec_driver_sql(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE")


def frozen_counts(
    counts: Mapping[str, Any] | None, frozen: Mapping[str, str]
) -> dict[str, Any] | None:
    """``counts`` with 0 rows for every table that is never seeded (``frozen``).

    Raises :class:`DbseedError` when ``counts`` asks for rows in one of them.
    """
    out = dict(counts or {})
    for name, why in frozen.items():
        asked = out.get(name, 0)
        if getattr(asked, "count", asked) != 0:
            raise DbseedError(
                f"table {name!r} is never seeded ({why}): leave it out of the counts"
            )
        out[name] = 0
    return out or None


class DefaultData:
    """The default data set of one test database: seeded once, rebuilt when it must be."""

    def __init__(
        self,
        engine: sa.Engine,
        metadata: sa.MetaData,
        guard: TransactionGuard,
        info: RunInfo,
        stats: Stats,
        extras: Extras = NO_EXTRAS,
    ) -> None:
        self.engine = engine
        self.metadata = metadata
        self.guard = guard
        self.extras = extras
        self._info = info
        self._stats = stats
        self._report: SeedReport | None = None
        self._last_test: str | None = None
        self.data_dir: Path | None = None
        """The data directory of a server this run started: seeds that cannot fit are refused."""
        self.show: Callable[[str], None] | None = None
        """Where progress lines go (stderr, past pytest's capture); None: nowhere."""

    def ready(self, test: str | None = None) -> SeedReport:
        """The report of the default data set, seeding or rebuilding it first if need be.

        ``test`` names the test about to run: when the next one finds data committed
        outside its transaction, the summary says after which test that was.

        Raises :class:`~pytest_dbseed.errors.DbseedError` saying what could not be seeded.
        """
        if self._report is None or self.guard.data_committed():
            self._build()
        self._last_test = test
        assert self._report is not None
        return self._report

    def _build(self) -> None:
        from pytest_dbseed.engine.api import seed

        settings = self._info.settings
        # Data committed outside a test's transaction (before any data was seeded, too)
        # is in the database for good: start again from empty tables.
        rebuild = self.guard.needs_rebuild
        with self.guard.plugin_writes():
            if rebuild:
                with self.engine.begin() as conn:
                    truncate(conn, self.metadata, self.extras.frozen)
            start = time.perf_counter()
            try:
                rows = check_room(
                    self.metadata,
                    frozen_counts(None, self.extras.frozen),
                    settings.count,
                    self._info.seed,
                    self.data_dir,
                    f"the default data set (--seed-count={settings.count})",
                )
                progress = (
                    Progress(rows, self.show, "seeding the default data set")
                    if self.show is not None
                    else None
                )
                report = seed(
                    self.engine,
                    self.metadata,
                    counts=frozen_counts(None, self.extras.frozen),
                    default=settings.count,
                    seed=self._info.seed,
                    overrides=merge_overrides(self.extras.overrides, None),
                    locale=settings.locale_arg,
                    providers=self.extras.providers,
                    progress=progress,
                )
                if progress is not None:
                    progress.finish()
            except DbseedError as exc:
                raise DbseedError(
                    f"could not seed the default data set ({settings.count} rows per table, "
                    f"seed {self._info.seed}): {exc}"
                ) from exc
        self.guard.forget_writes()
        self.guard.rebuilt()
        self._report = report
        self._stats.record_default(
            report.rows,
            time.perf_counter() - start,
            rebuilt=rebuild,
            after=self._last_test if rebuild else None,
        )


def seed_plan(
    conn: sa.Connection,
    metadata: sa.MetaData,
    counts: Mapping[str, Any],
    *,
    only: bool,
    info: RunInfo,
    extras: Extras = NO_EXTRAS,
    data_dir: Path | None = None,
) -> SeedReport:
    """Seed a test's plan into empty tables, inside ``conn``'s transaction.

    Tables ``counts`` does not name get ``--seed-count`` rows, or (``only``) none but the
    parents the named rows need. Tables in ``extras.frozen`` are not seeded.
    ``extras.overrides`` apply to every table; the plan's own ``rows(..., column=...)``
    win over them.
    """
    from pytest_dbseed.engine.api import seed

    settings = info.settings
    fixed = frozen_counts(counts, extras.frozen)
    # A plan that cannot fit on the server's disk is refused before anything is written.
    default = 0 if only else settings.count
    check_room(metadata, fixed, default, info.seed, data_dir, "this test's data")
    return seed(
        conn,
        metadata,
        counts=fixed,
        default=0 if only else settings.count,
        seed=info.seed,
        overrides=merge_overrides(extras.overrides, counts),
        locale=settings.locale_arg,
        providers=extras.providers,
    )


def seed_own_data(
    conn: sa.Connection,
    metadata: sa.MetaData,
    counts: Mapping[str, Any],
    *,
    only: bool,
    info: RunInfo,
    stats: Stats,
    extras: Extras = NO_EXTRAS,
    data_dir: Path | None = None,
) -> SeedReport:
    """Replace the default data set by a test's plan, inside ``conn``'s transaction.

    Tables in ``extras.frozen`` are neither emptied nor seeded. A plan that cannot fit
    in ``data_dir`` is refused.
    """
    frozen_counts(counts, extras.frozen)  # refuse rows for a frozen table before emptying
    start = time.perf_counter()
    truncate(conn, metadata, extras.frozen)
    report = seed_plan(
        conn, metadata, counts, only=only, info=info, extras=extras, data_dir=data_dir
    )
    stats.record_test(report.total, time.perf_counter() - start)
    return report


def add_rows(
    conn: sa.Connection,
    metadata: sa.MetaData,
    graph: SchemaGraph,
    info: RunInfo,
    extras: Extras,
    *counts_dicts: Mapping[Any, Any],
    only: bool = True,
    **counts: Any,
) -> SeedReport:
    """``dbseed.add(...)``: more rows after the ones there, in ``conn``'s transaction.

    Same arguments as the ``seed`` marker. Tables not named get none but the parents
    the new rows need, or (``only=False``) ``--seed-count`` more each.
    """
    from pytest_dbseed.engine.api import seed

    spec = seed_signature(*counts_dicts, only=only, **counts)
    resolved = resolve_counts(spec.counts, graph)
    return seed(
        conn,
        metadata,
        counts=frozen_counts(resolved, extras.frozen),
        overrides=merge_overrides(extras.overrides, resolved),
        default=0 if spec.only else info.settings.count,
        seed=info.seed,
        locale=info.settings.locale_arg,
        append=True,
        providers=extras.providers,
    )
