"""The loader behind ``dbseed seed`` and ``dbseed plan``: fill a real database, or draw the plan.

A run goes through the same steps whatever its source::

    request --select--> Selection --count--> fixed counts --prepare--> Prepared --write--> report
    (flags)   (models     (tables to seed,     (--rows, 0 for    (plan, rows there,    (engine's
               or a live   tables they only     tables not        checks: non-empty     seed(), one
               database)   point at)            written)          tables, privileges)   transaction)

Each step is a function of the one before, so the options still to come slot in without
touching the others: ``--like URL`` is another way to get the fixed counts; ``--jobs N``
and ``--shard I/N`` split the :class:`Prepared` plan's row ranges at the write step
(every value is a function of seed, table, column and row, so any range can be written on
its own); ``--output DIR`` swaps the database writer for files and skips the database
checks. A :class:`SeedRequest` holds only plain values, so it can be handed to a worker
process as it is.

Nothing here drops, truncates or deletes. A seed writes in one transaction: a refusal, an
error or Ctrl-C leaves every table as it was.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pytest_dbseed._load_errors import RefusedError, UsageError
from pytest_dbseed.config import engine_locale
from pytest_dbseed.engine.diagram import FORMATS, draw_plan, printable
from pytest_dbseed.errors import ConfigError, DbseedError, SchemaError, mask_url

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed.engine.api import SeedReport
    from pytest_dbseed.engine.planner import SeedPlan
    from pytest_dbseed.engine.reflect import ReflectReport
    from pytest_dbseed.engine.schema import SchemaGraph

__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "EXIT_INTERRUPTED",
    "Source",
    "SeedRequest",
    "PlanRequest",
    "Selection",
    "Prepared",
    "UsageError",
    "RefusedError",
    "run_seed",
    "prepare",
    "write",
    "run_plan",
    "TerminalProgress",
    "LineProgress",
    "FORMATS",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PROGRESS_EVERY = 5.0
"""Seconds between two progress lines of one table when the output is not a terminal."""


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Source:
    """Where the tables come from: the models, or the live database at ``url``."""

    url: str | None
    models: str | None = None
    schemas: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()

    @property
    def reflected(self) -> bool:
        return self.models is None


@dataclass(frozen=True)
class SeedRequest:
    """Everything ``dbseed seed`` was asked, validated, as plain values."""

    source: Source
    rows: tuple[tuple[str, int], ...] = ()
    default: int = 10
    seed: int = 0
    locale: tuple[str, ...] | None = None
    append: bool = False
    create_schema: bool = False
    json: bool = False
    jobs: int = 1
    shard: tuple[int, int] | None = None
    """(I, N) as given, I counted from 1."""
    output: str | None = None
    format: str | None = None
    like: str | None = None
    scale: float | None = None


@dataclass(frozen=True)
class PlanRequest:
    """Everything ``dbseed plan`` was asked."""

    source: Source
    rows: tuple[tuple[str, int], ...] = ()
    default: int = 10
    seed: int = 0
    format: str = "text"


@dataclass(frozen=True)
class Selection:
    """The tables of one run: those to seed, and those only pointed at."""

    metadata: sa.MetaData
    tables: tuple[str, ...]
    """Full names of the tables to seed."""
    references: Mapping[str, str]
    """Tables in the metadata that are not written, with the reason (children point at
    the rows already there)."""
    report: ReflectReport | None = None
    """What reflection read and skipped; None for models."""

    def skipped(self) -> list[tuple[str, str]]:
        """(table, why) of the relations left out, but for those still pointed at (they are
        in :attr:`references`)."""
        if self.report is None:
            return []
        return [(s.table, s.why) for s in self.report.skipped if s.table not in self.references]


@dataclass(frozen=True)
class Prepared:
    """A checked plan, ready to write."""

    graph: SchemaGraph
    plan: SeedPlan
    fixed: Mapping[str, int]
    """The counts the run fixes, by full name: ``--rows`` and 0 for every table not
    written."""
    existing: Mapping[str, int]
    """Rows already in each table of the metadata."""
    append: bool
    """The engine's append mode: children may point at rows already there."""
    rows: tuple[tuple[str, int], ...] = ()
    """``--rows``, and with ``--like`` the counts read there for the other tables."""
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """With ``--like``: the value sources shaped by its statistics, by table and column."""
    notes: tuple[str, ...] = ()
    profile: Any = None
    """With ``--like``: the statistics read there (``engine.profile.Profile``)."""

    @property
    def written(self) -> list[str]:
        return [t for t in self.plan.order if self.plan.counts.get(t, 0) > 0]

    def engine_counts(
        self, rows: Sequence[tuple[str, int]], references: Iterable[str]
    ) -> dict[str, int]:
        """``counts`` for the engine: ``--rows`` by the names given (a single-table
        subclass's name asks for rows of its kind), 0 for every table not written."""
        counts = {key: n for key, n in rows}
        counts.update({t: 0 for t in references})
        return counts


# --------------------------------------------------------------------------- connecting


def open_engine(url: str) -> sa.Engine:
    """An engine for ``url``, with a driver this installation has and a connect timeout."""
    import sqlalchemy as sa

    from pytest_dbseed.provision import default_driver

    try:
        parsed = default_driver(sa.make_url(url))
    except sa.exc.ArgumentError as exc:
        raise UsageError(f"--url {mask_url(url)!r} is not a database URL ({exc})") from None
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = 15
    try:
        return sa.create_engine(parsed, connect_args=connect_args)
    except sa.exc.NoSuchModuleError:
        raise UsageError(
            f"--url {mask_url(url)!r}: SQLAlchemy knows no database {parsed.drivername!r}; "
            "use e.g. postgresql+psycopg2://, mysql+pymysql:// or sqlite:///"
        ) from None
    except ImportError as exc:
        raise UsageError(
            f"--url {mask_url(url)!r} needs the driver {exc.name or parsed.drivername!r}, "
            "which is not installed; install it, or name an installed one in the URL "
            "(postgresql+psycopg2://, mysql+pymysql://)"
        ) from None


def _connection_error(url: sa.URL, exc: BaseException) -> RefusedError:
    """One sentence for a connection that failed, never with the password."""
    where = mask_url(url.render_as_string(hide_password=False))
    text = str(getattr(exc, "orig", None) or exc)
    low = text.lower()
    host = f"{url.host or 'localhost'}:{url.port or 'default port'}"
    if "connection refused" in low:
        why = f"nothing accepts connections at {host} (connection refused); is a server running?"
    elif (
        "translate host name" in low
        or "name or service not known" in low
        or ("name resolution" in low or "nodename nor servname" in low)
    ):
        why = f"the host {url.host!r} is unknown; check the host name"
    elif "password authentication failed" in low or "access denied" in low:
        why = f"the server refused user {url.username!r}: wrong password or user name"
    elif "timeout" in low or "timed out" in low:
        why = f"no answer from {host}; check the host, the port and any firewall"
    elif ("database" in low and "does not exist" in low) or "unknown database" in low:
        why = f"database {url.database!r} does not exist on that server; create it first"
    elif "unable to open database file" in low:
        why = f"the SQLite file {url.database!r} cannot be opened (does its directory exist?)"
    else:
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        why = lines[0] if lines else type(exc).__name__
    return RefusedError(f"cannot connect to {where}: {mask_url(why)}")


@contextmanager
def connected(engine: sa.Engine) -> Iterator[sa.Connection]:
    import sqlalchemy as sa

    try:
        conn = engine.connect()
    except sa.exc.DBAPIError as exc:
        raise _connection_error(engine.url, exc) from None
    try:
        yield conn
    finally:
        conn.close()


# --------------------------------------------------------------------------- selecting


def select_tables(conn: sa.Connection | None, source: Source) -> Selection:
    """The tables of ``source``: reflected through ``conn``, or the models' tables."""
    if source.reflected:
        assert conn is not None
        from pytest_dbseed.engine.reflect import reflect_database

        metadata, report = reflect_database(
            conn, schemas=list(source.schemas) if source.schemas else None, exclude=source.exclude
        )
        return Selection(metadata, report.tables, dict(report.references), report)
    return _select_models(source)


def _select_models(source: Source) -> Selection:
    from pytest_dbseed.config import load_metadata

    assert source.models is not None
    metadata = load_metadata(source.models, Path.cwd(), label="--models")
    names = list(metadata.tables)
    chosen = list(names)
    references: dict[str, str] = {}
    if source.schemas:
        known = sorted({metadata.tables[n].schema or "(default)" for n in names})
        for s in source.schemas:
            if s not in known and not (s == "public" and "(default)" in known):
                raise UsageError(
                    f"--schema {s!r}: no table of the models is in that schema; "
                    f"their schemas: {', '.join(known)}"
                )
        wanted = set(source.schemas)
        chosen = []
        for n in names:
            schema = metadata.tables[n].schema
            if (schema in wanted) or (schema is None and ({"public", "(default)"} & wanted)):
                chosen.append(n)
            else:
                references[n] = f"schema {schema or 'default'} is not selected"
    for name in source.exclude:
        hit = [n for n in names if name in (n, metadata.tables[n].name, f"public.{n}")]
        if not hit:
            import difflib

            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UsageError(
                f"--exclude {name!r} names no table of the models.{hint} Tables: {', '.join(names)}"
            )
        for n in hit:
            if n in chosen:
                chosen.remove(n)
            references[n] = "excluded"
    return Selection(metadata, tuple(chosen), references, None)


# --------------------------------------------------------------------------- counting


def fixed_counts(
    selection: Selection, graph: SchemaGraph, rows: Sequence[tuple[str, int]]
) -> dict[str, int]:
    """The counts the run fixes: ``--rows`` by full name, and 0 for every table not written.

    A ``--rows`` naming a table that is skipped, excluded or outside the selection is a
    usage error saying so.
    """
    fixed: dict[str, int] = {}
    for key, n in rows:
        report = selection.report
        skipped = report.skipped_table(key) if report is not None else None
        if skipped is not None:
            raise UsageError(_rows_skipped(key, skipped.reason, skipped.detail))
        table = graph.resolve(key)  # an unknown name: SchemaError naming the closest
        full = table.fullname
        if full in selection.references:
            raise UsageError(
                f"--rows {key}={n}: table {full!r} is not seeded ({selection.references[full]}); "
                "remove it from --rows, or from --exclude / add its --schema"
            )
        if full in fixed:
            raise UsageError(f"--rows names table {full!r} twice (as {key!r}); name it once")
        fixed[full] = n
    for full in selection.references:
        fixed[full] = 0
    return fixed


def _rows_skipped(key: str, reason: str, detail: str) -> str:
    if reason == "excluded":
        return f"--rows {key!r}: that table is excluded (--exclude); drop one of the two"
    if reason == "partition":
        return (
            f"--rows {key!r} is a partition of {detail}; partitions are seeded through "
            f"their parent: use --rows {detail}=N"
        )
    if reason == "framework":
        return f"--rows {key!r} is {detail}'s migration table, never seeded"
    return f"--rows {key!r} is a {reason}, not a table; it is not seeded"


def existing_rows(conn: sa.Connection, metadata: sa.MetaData) -> dict[str, int]:
    """Rows in every table of ``metadata``: one EXISTS per table, batched, then an exact
    count of the tables that hold rows."""
    tables = list(metadata.tables.values())
    holding = _batched(conn, tables, lambda t: _exists(t))
    full = [t for t in tables if holding.get(t.fullname)]
    counts = {t.fullname: 0 for t in tables}
    counts.update(_batched(conn, full, lambda t: _count(t)))
    return counts


def _exists(table: sa.Table) -> Any:
    import sqlalchemy as sa

    return sa.select(sa.literal(1)).select_from(table).exists()


def _count(table: sa.Table) -> Any:
    import sqlalchemy as sa

    return sa.select(sa.func.count()).select_from(table).scalar_subquery()


def _batched(
    conn: sa.Connection, tables: list[sa.Table], column: Callable[[sa.Table], Any]
) -> dict[str, int]:
    import sqlalchemy as sa

    out: dict[str, int] = {}
    for lo in range(0, len(tables), 100):
        chunk = tables[lo : lo + 100]
        selects = [sa.select(sa.literal(i), column(t)) for i, t in enumerate(chunk)]
        stmt = selects[0] if len(selects) == 1 else sa.union_all(*selects)
        for i, value in conn.execute(stmt):
            out[chunk[int(i)].fullname] = int(value or 0)
    return out


# --------------------------------------------------------------------------- preparing


def make_prepared(
    selection: Selection,
    graph: SchemaGraph,
    fixed: Mapping[str, int],
    default: int,
    seed: int,
    existing: Mapping[str, int] | None,
    append: bool,
    empty: bool = False,
) -> Prepared:
    """The plan the engine will follow. With rows already in the database the engine runs
    in append mode (children may point at them), and so does this plan; ``empty`` plans
    as for empty tables whatever they hold (shards and files)."""
    from pytest_dbseed.engine.planner import make_plan

    existing = dict(existing or {})
    engine_append = not empty and (append or any(existing.values()))
    planned_on: dict[str, int] | None = existing if engine_append else None
    if empty:
        # Shards and files number every written table from 0; only the tables that are
        # not written keep their rows, for children to point at.
        planned_on = {t: existing.get(t, 0) for t in selection.references} or None
    plan = make_plan(graph, dict(fixed), default, seed, existing=planned_on)
    return Prepared(graph, plan, dict(fixed), existing, engine_append)


def check_references(
    selection: Selection,
    graph: SchemaGraph,
    fixed: Mapping[str, int],
    default: int,
    existing: Mapping[str, int],
    written: Sequence[str] | None = None,
) -> None:
    """Refuse a table that will be written and needs parents (a NOT NULL foreign key) in
    a table that is not written and is empty. ``written`` is the plan's list once known;
    before planning, the tables asked for more than 0 rows."""
    names = (
        written
        if written is not None
        else [t for t in selection.tables if fixed.get(t, default) > 0]
    )
    for name in names:
        for fk in graph.tables[name].foreign_keys:
            parent = fk.ref_table
            if fk.self_referencing or fk.nullable or parent not in selection.references:
                continue
            if existing.get(parent, 0) == 0:
                raise RefusedError(
                    f"table {name!r} needs rows of {parent!r} ({fk.describe()} is NOT NULL), "
                    f"but {parent!r} is not seeded ({selection.references[parent]}) and is "
                    f"empty; nothing was written. Seed it too, fill it first, or pass "
                    f"--rows {name}=0"
                )


def check_target(
    conn: sa.Connection, selection: Selection, prepared: Prepared, append: bool
) -> None:
    """Refuse before anything is written: tables holding rows (unless ``append``), tables
    not written that children need and that are empty, missing privileges."""
    existing = prepared.existing
    written = prepared.written
    check_references(selection, prepared.graph, prepared.fixed, 0, existing, written)
    if not append:
        full = [(t, existing[t]) for t in written if existing.get(t, 0) > 0]
        if full:
            listed = ", ".join(f"{t} ({n:,} rows)" for t, n in full)
            raise RefusedError(
                f"refusing to write into tables that already hold rows: {listed}; nothing "
                "was written. Pass --append to add rows after them, or --exclude those tables"
            )
    if conn.dialect.name == "postgresql":
        _check_privileges(conn, prepared, written)


def _regclass_text(table: sa.Table) -> str:
    """A table's name as text a ``regclass`` cast reads back (sent as a parameter, so
    without the ``%`` doubling of the dialect's own quoting)."""

    def ident(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    return (ident(table.schema) + "." if table.schema else "") + ident(table.name)


def _check_privileges(conn: sa.Connection, prepared: Prepared, written: list[str]) -> None:
    import sqlalchemy as sa

    prep = conn.dialect.identifier_preparer
    graph = prepared.graph
    names = {t: _regclass_text(graph.tables[t].table) for t in written}
    updated = {fk.table for fk in prepared.plan.deferred}
    rows = conn.execute(
        sa.text(
            "SELECT t, has_table_privilege(t, 'INSERT'), has_table_privilege(t, 'UPDATE') "
            "FROM unnest(CAST(:t AS text[])) AS x(t)"
        ),
        {"t": list(names.values())},
    ).all()
    by_name = {v: k for k, v in names.items()}
    missing: list[str] = []
    for qualified, can_insert, can_update in rows:
        table = by_name[qualified]
        if not can_insert:
            missing.append(f"INSERT on {table}")
        if table in updated and not can_update:
            missing.append(f"UPDATE on {table}")
    pairs = [
        (names[t], c.name)
        for t in written
        for c in graph.tables[t].columns
        if c.autoincrement and c.primary_key
    ]
    if pairs:
        seqs = conn.execute(
            sa.text(
                "SELECT t, s, has_sequence_privilege(s, 'UPDATE') FROM ("
                "SELECT t, pg_get_serial_sequence(t, c) AS s "
                "FROM unnest(CAST(:t AS text[]), CAST(:c AS text[])) AS x(t, c)) y "
                "WHERE s IS NOT NULL"
            ),
            {"t": [p[0] for p in pairs], "c": [p[1] for p in pairs]},
        ).all()
        missing.extend(f"UPDATE on sequence {s}" for _t, s, ok in seqs if not ok)
    if missing:
        role = conn.execute(sa.text("SELECT current_user")).scalar_one()
        raise RefusedError(
            f"role {role!r} lacks {', '.join(missing)}; nothing was written. Grant them "
            f"(e.g. GRANT INSERT ON ALL TABLES IN SCHEMA public TO {prep.quote(role)}) or "
            "connect as a role that has them"
        )


# --------------------------------------------------------------------------- progress


class _Progress:
    """The engine's ``progress(table, done, total)`` callback, timing every table.

    A table starts at its first call (or when :meth:`begin` says its ranges started, in a
    parallel load where tables of one level run together) and ends when the next one
    starts (its COPY has then been ingested) or when :meth:`finish` is called.
    """

    def __init__(
        self,
        stream: IO[str],
        tables: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.tables = [t for t in tables]
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}
        self._current: str | None = None
        self._started = 0.0
        self._done = 0
        self._total = 0
        self._began: dict[str, float] = {}

    def begin(self, table: str) -> None:
        """``table``'s rows start being written now, though it is shown later."""
        self._began.setdefault(table, self.clock())

    def __call__(self, table: str, done: int, total: int) -> None:
        now = self.clock()
        if table != self._current:
            self._end(now)
            if total <= 0:
                return
            started = min(now, self._began.get(table, now))
            self._current, self._started, self._total = table, started, total
        self._done = done
        self.update(table, done, total, now - self._started)

    def _end(self, now: float) -> None:
        if self._current is None:
            return
        table, seconds = self._current, max(now - self._started, 0.0)
        self.seconds[table] = seconds
        self.rows[table] = self._total
        self._current = None
        self.ended(table, self._total, seconds)

    def finish(self) -> None:
        """The writing is over: close the last table."""
        self._end(self.clock())

    def abandon(self) -> None:
        """The writing stopped half way: end the display without reporting the table."""
        self._current = None

    def index(self, table: str) -> str:
        if table in self.tables:
            width = len(str(len(self.tables)))
            return f"[{self.tables.index(table) + 1:>{width}}/{len(self.tables)}] "
        return ""

    def update(self, table: str, done: int, total: int, elapsed: float) -> None:
        raise NotImplementedError

    def ended(self, table: str, rows: int, seconds: float) -> None:
        raise NotImplementedError


def _rate(rows: float, seconds: float) -> float:
    return rows / seconds if seconds > 0 else 0.0


def _speed(rows: int, seconds: float, sep: str) -> str:
    return f"{sep}({_rate(rows, seconds):,.0f} rows/s)" if seconds > 0 else ""


def _clock_text(seconds: float) -> str:
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TerminalProgress(_Progress):
    """A live line per table, redrawn in place: rows done/total, rows/s and an ETA."""

    def __init__(
        self,
        stream: IO[str],
        tables: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
        width: int | None = None,
    ) -> None:
        super().__init__(stream, tables, clock)
        self.width = width
        self._drawn = 0.0
        self._open = False

    def _columns(self) -> int:
        if self.width is not None:
            return self.width
        import shutil

        return shutil.get_terminal_size((100, 24)).columns

    def _draw(self, text: str, final: bool) -> None:
        limit = max(self._columns() - 1, 20)
        if len(text) > limit:
            text = text[: limit - 1] + "…"
        self.stream.write("\r\x1b[K" + text + ("\n" if final else ""))
        self.stream.flush()
        self._open = not final

    def update(self, table: str, done: int, total: int, elapsed: float) -> None:
        now = self.clock()
        if 0 < done < total and now - self._drawn < 0.1:
            return  # more than ten redraws a second only cost time
        self._drawn = now
        rate = _rate(done, elapsed)
        pct = 100 * done / total if total else 100
        eta = f"ETA {_clock_text((total - done) / rate)}" if rate > 0 and done < total else "ETA -"
        self._draw(
            f"{self.index(table)}{printable(table)}  {done:,}/{total:,} ({pct:.0f}%)  "
            f"{rate:,.0f} rows/s  {eta}",
            final=False,
        )

    def ended(self, table: str, rows: int, seconds: float) -> None:
        self._draw(
            f"{self.index(table)}{printable(table)}  {rows:,} rows in {seconds:.2f}s"
            f"{_speed(rows, seconds, '  ')}",
            final=True,
        )

    def abandon(self) -> None:
        super().abandon()
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


class LineProgress(_Progress):
    """Plain lines for logs: one per table when it ends, one every few seconds meanwhile."""

    def __init__(
        self,
        stream: IO[str],
        tables: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
        every: float = PROGRESS_EVERY,
    ) -> None:
        super().__init__(stream, tables, clock)
        self.every = every
        self._said = 0.0

    def update(self, table: str, done: int, total: int, elapsed: float) -> None:
        if done == 0:
            self._said = elapsed
            return
        if done >= total or elapsed - self._said < self.every:
            return
        self._said = elapsed
        rate = _rate(done, elapsed)
        eta = f", ETA {_clock_text((total - done) / rate)}" if rate > 0 else ""
        self.stream.write(
            f"{self.index(table)}{printable(table)}: {done:,}/{total:,} rows "
            f"({100 * done / total:.0f}%), {rate:,.0f} rows/s{eta}\n"
        )
        self.stream.flush()

    def ended(self, table: str, rows: int, seconds: float) -> None:
        self.stream.write(
            f"{self.index(table)}{printable(table)}: {rows:,} rows in {seconds:.2f}s"
            f"{_speed(rows, seconds, ' ')}\n"
        )
        self.stream.flush()


def progress_for(stream: IO[str], tables: Sequence[str]) -> _Progress:
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty() and os.environ.get("TERM") != "dumb":
        return TerminalProgress(stream, tables)
    return LineProgress(stream, tables)


# --------------------------------------------------------------------------- interrupts


@contextmanager
def _cancel_on_interrupt(conn: sa.Connection) -> Iterator[threading.Event]:
    """Make Ctrl-C stop a statement the server is still running.

    Python raises KeyboardInterrupt only between bytecodes, so a long COPY end, UPDATE or
    executemany would run on. The signal's wake-up byte reaches a watcher thread at once,
    which asks the server to cancel the statement; the driver then returns, and the
    KeyboardInterrupt follows. The returned event is set when that happened.
    """
    fired = threading.Event()
    raw = getattr(conn.connection, "dbapi_connection", None)
    cancel = getattr(raw, "cancel", None) or getattr(raw, "interrupt", None)
    if (
        not callable(cancel)
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield fired
        return
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        previous = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    except ValueError:  # pragma: no cover - not the main thread after all
        os.close(r)
        os.close(w)
        yield fired
        return
    stop = threading.Event()

    def watch() -> None:
        import select

        while not stop.is_set():
            ready, _, _ = select.select([r], [], [], 0.2)
            if not ready:
                continue
            data = os.read(r, 64)
            if int(signal.SIGINT) in data and not fired.is_set():
                fired.set()
                try:
                    cancel()
                except Exception:  # pragma: no cover - nothing left to cancel
                    pass

    watcher = threading.Thread(target=watch, name="dbseed-interrupt", daemon=True)
    watcher.start()
    try:
        yield fired
    finally:
        stop.set()
        watcher.join()
        signal.set_wakeup_fd(previous)
        os.close(r)
        os.close(w)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Let a COMMIT finish: a Ctrl-C while it runs would leave us unsure whether it did."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# --------------------------------------------------------------------------- seeding


@dataclass(frozen=True)
class _Outcome:
    selection: Selection
    prepared: Prepared
    report: SeedReport
    progress: _Progress


def run_seed(
    request: SeedRequest,
    out: IO[str],
    err: IO[str],
    *,
    create_schema: Callable[[sa.Engine, sa.MetaData], None] | None = None,
) -> int:
    """``dbseed seed``: returns the exit code; every refusal is one sentence on ``err``."""
    state: dict[str, Any] = {"schema_created": False}
    return _guarded("seed", err, lambda: _seed(request, out, err, create_schema, state), state)


def _seed(
    request: SeedRequest,
    out: IO[str],
    err: IO[str],
    create_schema: Callable[[sa.Engine, sa.MetaData], None] | None,
    state: dict[str, Any],
) -> int:
    source = request.source
    assert source.url is not None
    check_ranges(request)
    if request.create_schema and source.reflected:
        raise UsageError(
            "--create-schema needs --models: a reflected database already has its tables"
        )
    engine = open_engine(source.url)
    try:
        selection: Selection | None = None
        if not source.reflected:
            selection = select_tables(None, source)
            if request.create_schema:
                if create_schema is None:  # pragma: no cover - the command always passes it
                    raise UsageError("--create-schema is not available here")
                with _translated(engine, False):
                    create_schema(engine, selection.metadata)
                state["schema_created"] = True
        ranges = _ranges(request, engine, err)
        if ranges is not None:
            try:
                return _seed_ranged(request, ranges, engine, selection, out, err, state)
            except _OneTransaction as why:
                err.write(f"note: {why}\n")
        # One transaction from the first read to the commit: the counts lock the tables
        # against DROP, and a refusal, an error or Ctrl-C rolls everything back.
        with connected(engine) as conn, _cancel_on_interrupt(conn) as fired:
            trans = conn.begin()
            try:
                with _translated(engine, source.reflected):
                    selection, prepared = prepare(conn, request, selection)
                    progress = progress_for(err, prepared.written)
                    report = write(conn, selection, prepared, request, progress)
                with _sigint_ignored():
                    trans.commit()
                state["committed"] = True
            except BaseException:
                state["fired"] = fired.is_set()
                if trans.is_active:
                    trans.rollback()
                raise
    finally:
        engine.dispose()
    outcome = _Outcome(selection, prepared, report, progress)
    if request.json:
        _seed_json(outcome, request, engine.url, out)
    else:
        _seed_text(outcome, engine.url, out)
    return EXIT_OK


def prepare(
    conn: sa.Connection,
    request: SeedRequest,
    selection: Selection | None = None,
    *,
    empty: bool = False,
    files: bool = False,
) -> tuple[Selection, Prepared]:
    """Select, count, plan and check, reading only: what :func:`write` will write.

    ``empty`` plans as for empty tables (a shard: the other shards' rows may be there);
    ``files`` checks nothing about writing (``--output`` never writes to the database)."""
    from pytest_dbseed.engine.schema import build_schema

    if selection is None:
        selection = select_tables(conn, request.source)
    _refuse_nothing(selection, conn.engine.url)
    graph = build_schema(selection.metadata)
    rows = request.rows
    overrides: dict[str, dict[str, Any]] = {}
    notes: tuple[str, ...] = ()
    profile = None
    if request.like is not None:
        rows, overrides, notes, profile = _like(request, selection, graph)
    fixed = fixed_counts(selection, graph, rows)
    existing = existing_rows(conn, selection.metadata)
    check_references(selection, graph, fixed, request.default, existing)
    prepared = make_prepared(
        selection, graph, fixed, request.default, request.seed, existing, request.append, empty
    )
    prepared = replace(prepared, rows=rows, overrides=overrides, notes=notes, profile=profile)
    if not files:
        check_target(conn, selection, prepared, request.append or empty)
    return selection, prepared


def _like(
    request: SeedRequest, selection: Selection, graph: SchemaGraph
) -> tuple[tuple[tuple[str, int], ...], dict[str, dict[str, Any]], tuple[str, ...], Any]:
    """--like URL: counts (scaled), value sources and the statistics read there."""
    from pytest_dbseed.engine.profile import (
        NoStatistics,
        profile_counts,
        profile_overrides,
        read_profile,
    )

    assert request.like is not None
    like = open_engine(request.like)
    where = mask_url(like.url.render_as_string(hide_password=False))
    if like.dialect.name != "postgresql":
        raise UsageError(f"--like {where}: statistics are read from PostgreSQL only")
    try:
        with connected(like) as conn:
            trans = conn.begin()
            try:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                profile = read_profile(conn, graph)
            except NoStatistics as exc:
                raise RefusedError(
                    f"--like {where} has no statistics for the tables to seed ({exc}): "
                    "they were never analyzed. Run ANALYZE in that database (it updates "
                    "only its statistics) and try again"
                ) from None
            except sa_errors() as exc:
                raise RefusedError(f"--like {where}: {_first_line(exc)}") from exc
            finally:
                trans.rollback()
    finally:
        like.dispose()
    given = {graph.resolve(key).fullname for key, _n in request.rows}
    tables = [t for t in selection.tables if t not in given]
    counts = profile_counts(graph, profile, tables, request.scale or 1.0)
    rows = tuple(request.rows) + tuple(counts.items())
    overrides = profile_overrides(graph, profile, list(selection.tables), request.seed)
    shaped = sum(len(c) for c in overrides.values())
    notes = (
        f"shaped like {where}: the counts of {len(counts)} tables (scale "
        f"{request.scale or 1.0:g}) and the values of {shaped} columns follow its statistics",
    ) + tuple(
        f"{printable(t)}: no statistics in --like (never analyzed); planned as without it"
        for t in profile.unanalyzed
        if t in selection.tables
    )
    return rows, overrides, notes, profile


def sa_errors() -> tuple[type[BaseException], ...]:
    import sqlalchemy as sa

    return (sa.exc.DBAPIError,)


def write(
    conn: sa.Connection,
    selection: Selection,
    prepared: Prepared,
    request: SeedRequest,
    progress: _Progress,
) -> SeedReport:
    """Write the prepared plan through ``conn``, inside the caller's transaction."""
    from pytest_dbseed.engine.api import seed as engine_seed

    locale = engine_locale(request.locale)
    if prepared.profile is not None:
        return _write_profiled(conn, selection, prepared, request, progress)
    try:
        report = engine_seed(
            conn,
            selection.metadata,
            counts=prepared.engine_counts(prepared.rows, selection.references),
            default=request.default,
            seed=request.seed,
            overrides=prepared.overrides or None,
            locale=locale,
            append=prepared.append,
            progress=progress,
        )
    except BaseException:
        progress.abandon()
        raise
    progress.finish()
    return report


def _decided(
    conn: sa.Connection,
    selection: Selection,
    prepared: Prepared,
    request: SeedRequest,
    *,
    empty: bool,
    references: dict[str, int] | None,
) -> Any:
    """The engine's decision for what ``prepare`` made of the request."""
    from pytest_dbseed._loading import decide

    return decide(
        conn,
        selection.metadata,
        prepared.engine_counts(prepared.rows, selection.references),
        overrides=prepared.overrides,
        profile=prepared.profile,
        references=references,
        default=request.default,
        seed=request.seed,
        locale=engine_locale(request.locale),
        append=prepared.append,
        empty=empty,
    )


def _write_profiled(
    conn: sa.Connection,
    selection: Selection,
    prepared: Prepared,
    request: SeedRequest,
    progress: _Progress,
) -> SeedReport:
    """--like in one transaction: the engine's steps, with the profiled NULL shares."""
    from pytest_dbseed.engine.orchestrate import write as engine_write
    from pytest_dbseed.engine.results import SeedReport

    began = time.perf_counter()
    decided = _decided(conn, selection, prepared, request, empty=False, references=None)
    try:
        written = engine_write(conn, decided, progress)
    except BaseException:
        progress.abandon()
        raise
    progress.finish()
    plan = decided.plan
    return SeedReport(
        rows=written,
        raised=dict(plan.raised),
        seconds=time.perf_counter() - began,
        seed=plan.seed,
        order=plan.order,
    )


def _refuse_nothing(selection: Selection, url: sa.URL) -> None:
    if selection.tables:
        return
    where = mask_url(url.render_as_string(hide_password=False))
    report = selection.report
    if report is None:
        raise RefusedError("nothing to seed: every table of the models is excluded")
    schemas = ", ".join(report.schemas) or "none"
    skipped = ""
    if report.skipped:
        skipped = "; skipped: " + ", ".join(
            f"{printable(s.table)} ({s.why})" for s in report.skipped[:20]
        )
    raise RefusedError(
        f"nothing to seed: {where} has no tables to fill in schemas {schemas}{skipped}. "
        "Run the migrations first, or pass --models IMPORT --create-schema"
    )


@contextmanager
def _translated(engine: sa.Engine, reflected: bool) -> Iterator[None]:
    """Database errors as one sentence: privileges, vanished tables, the rest."""
    import sqlalchemy as sa

    from pytest_dbseed.engine.reflect import TableVanishedError

    try:
        yield
    except TableVanishedError:
        raise
    except DbseedError as exc:
        cause = exc.__cause__
        state = _sqlstate(cause) if cause is not None else None
        if state == "42501":
            raise RefusedError(_permission_sentence(cause)) from exc
        if state in ("42P01", "1146") and reflected:
            raise _vanished(cause) from exc
        raise
    except sa.exc.DBAPIError as exc:
        state = _sqlstate(exc)
        if state == "42501":
            raise RefusedError(_permission_sentence(exc)) from exc
        if state in ("42P01", "1146"):
            if reflected:
                raise _vanished(exc) from exc
            raise UsageError(
                f"a table of the models does not exist in the database "
                f"({_first_line(exc)}); create it first with --create-schema (CREATE only), "
                "or migrate the database"
            ) from exc
        if isinstance(exc, sa.exc.OperationalError) and exc.connection_invalidated:
            raise _connection_error(engine.url, exc) from exc
        raise RefusedError(f"the database refused: {_first_line(exc)}") from exc


def _sqlstate(exc: BaseException | None) -> str | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if isinstance(code, str):
        return code
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):
        return {1142: "42501", 1146: "1146"}.get(args[0], str(args[0]))
    if orig is not None and "no such table" in str(orig):
        return "42P01"
    return None


def _first_line(exc: BaseException | None) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return mask_url(text[0]) if text else type(exc).__name__


def _permission_sentence(exc: BaseException | None) -> str:
    return (
        f"the database refused: {_first_line(exc)}; nothing was written. Grant the role "
        "SELECT and INSERT on the tables to seed, or connect as a role that has them"
    )


def _vanished(exc: BaseException | None) -> DbseedError:
    from pytest_dbseed.engine.reflect import TableVanishedError

    return TableVanishedError(
        f"a table was dropped or renamed after the schema was read ({_first_line(exc)}); "
        "nothing was written. Run the command again to read the schema as it is now"
    )


def _seed_rows(outcome: _Outcome) -> list[tuple[str, int, float | None]]:
    chosen = set(outcome.selection.tables)
    out = []
    for table, n in outcome.report.rows.items():
        if table not in chosen and n == 0:
            continue
        out.append((table, n, outcome.progress.seconds.get(table)))
    return out


def _seed_text(outcome: _Outcome, url: sa.URL, out: IO[str]) -> None:
    report = outcome.report
    where = mask_url(url.render_as_string(hide_password=False))
    rows = _seed_rows(outcome)
    out.write(
        f"seeded {where} (seed {report.seed}) in {report.seconds:.2f}s: {report.total:,} rows "
        f"in {sum(1 for _, n, _ in rows if n)} tables, "
        f"{_rate(report.total, report.seconds):,.0f} rows/s\n"
    )
    width = max([len(printable(t)) for t, _, _ in rows] + [5])
    out.write(f"  {'table':<{width}}  {'rows':>12}  {'seconds':>8}  {'rows/s':>10}\n")
    for table, n, secs in rows:
        s = f"{secs:8.2f}" if secs is not None else f"{'-':>8}"
        r = f"{_rate(n, secs):10,.0f}" if secs else f"{'-':>10}"
        out.write(f"  {printable(table):<{width}}  {n:>12,}  {s}  {r}\n")
    out.write(
        f"  {'total':<{width}}  {report.total:>12,}  {report.seconds:8.2f}  "
        f"{_rate(report.total, report.seconds):10,.0f}\n"
    )
    for table, why in report.raised.items():
        out.write(f"note: {printable(table)}: raised, {why}\n")
    for note in outcome.prepared.notes:
        out.write(f"note: {note}\n")
    for note in report.notes:
        out.write(f"note: {printable(note)}\n")
    refs = outcome.selection.references
    if refs:
        listed = ", ".join(
            f"{printable(t)} ({why}; {outcome.prepared.existing.get(t, 0):,} rows there)"
            for t, why in refs.items()
        )
        out.write(f"not written: {listed}\n")
    skipped = outcome.selection.skipped()
    if skipped:
        out.write("skipped: " + ", ".join(f"{printable(t)} ({w})" for t, w in skipped) + "\n")


def _seed_json(
    outcome: _Outcome,
    request: SeedRequest,
    url: sa.URL,
    out: IO[str],
    extra: Mapping[str, Any] | None = None,
) -> None:
    report = outcome.report
    sel = outcome.selection
    rows = _seed_rows(outcome)
    data: dict[str, Any] = {
        "url": mask_url(url.render_as_string(hide_password=False)),
        "source": "reflected" if sel.report is not None else "models",
        "seed": report.seed,
        "append": request.append,
        "seconds": round(report.seconds, 3),
        "total": report.total,
        "rows_per_second": round(_rate(report.total, report.seconds), 1),
        "rows": {t: n for t, n, _ in rows},
        "tables": {
            t: {
                "rows": n,
                "seconds": round(secs, 3) if secs is not None else None,
                "rows_per_second": round(_rate(n, secs), 1) if secs else None,
            }
            for t, n, secs in rows
        },
        "raised": dict(report.raised),
        "notes": list(outcome.prepared.notes) + list(report.notes),
        "trigger_rows": dict(report.trigger_rows),
        "references": {
            t: {"why": why, "rows": outcome.prepared.existing.get(t, 0)}
            for t, why in sel.references.items()
        },
        "skipped": [],
    }
    if sel.report is not None:
        data["schemas"] = list(sel.report.schemas)
        data["skipped"] = [
            {"table": s.table, "reason": s.reason, "detail": s.detail} for s in sel.report.skipped
        ]
        data["not_reflected"] = list(sel.report.not_reflected)
        data["reflect_seconds"] = round(sel.report.seconds, 3)
    data.update(extra or {})
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


# --------------------------------------------------------------------------- ranges


class _OneTransaction(Exception):
    """The ranged run cannot be used here; the reason is a note, then one transaction."""


def check_ranges(request: SeedRequest) -> None:
    """Flags of --jobs, --shard and --output that cannot go together (exit code 2)."""
    if request.jobs < 1:
        raise UsageError(
            f"--jobs {request.jobs}: the number of jobs must be 1 or more (one process each)"
        )
    if request.shard is not None:
        i, n = request.shard
        if n < 1 or not 1 <= i <= n:
            raise UsageError(
                f"--shard {i}/{n}: I must be between 1 and N (the first of 2 shards is 1/2)"
            )
    if request.scale is not None and request.like is None:
        raise UsageError(f"--scale {request.scale:g} needs --like URL (whose counts it scales)")
    if request.format is not None and request.output is None:
        raise UsageError(f"--format {request.format} needs --output DIR (files to write)")
    if request.append and (request.output is not None or request.shard is not None):
        flag = "--output" if request.output is not None else "--shard"
        raise UsageError(
            f"--append cannot be combined with {flag}: shards and files number the rows as "
            "for empty tables, the same on every machine"
        )
    if request.output is not None and request.create_schema:
        raise UsageError(
            "--create-schema writes to --url, and --output writes nothing there; "
            "create the tables where load.sql will run"
        )


def _ranges(request: SeedRequest, engine: sa.Engine, err: IO[str]) -> Any:
    """The ranges of this run, or None for one transaction (one job, no shard, no files)."""
    from pytest_dbseed._loading import Ranges
    from pytest_dbseed.engine.writer import copy_driver

    shard = (0, 1)
    if request.shard is not None:
        shard = (request.shard[0] - 1, request.shard[1])
    name = engine.dialect.name
    jobs = request.jobs
    if request.output is not None:
        if name != "postgresql":
            raise UsageError(
                f"--output writes PostgreSQL COPY files and a psql load.sql; --url is "
                f"{name}: give a PostgreSQL --url to read the schema from"
            )
        return Ranges(jobs, shard, request.output, request.format or "csv")
    if jobs > 1:
        with connected(engine) as conn:
            has_copy = copy_driver(conn) is not None
        if not has_copy:
            err.write(
                f"note: --jobs {jobs}: parallel jobs write with PostgreSQL's COPY; {name} "
                "is written by one job (executemany)\n"
            )
            jobs = 1
    if jobs == 1 and shard[1] == 1:
        return None
    return Ranges(jobs, shard)


def _seed_ranged(
    request: SeedRequest,
    ranges: Any,
    engine: sa.Engine,
    selection: Selection | None,
    out: IO[str],
    err: IO[str],
    state: dict[str, Any],
) -> int:
    """A seed cut in row ranges: jobs, a shard, or files."""
    from pytest_dbseed._loading import RangedRun

    files = ranges.output is not None
    empty = files or ranges.sharded
    source = request.source
    with connected(engine) as conn:
        trans = conn.begin()
        try:
            if files:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            with _translated(engine, source.reflected):
                selection, prepared = prepare(conn, request, selection, empty=empty, files=files)
                if prepared.plan.together and files:
                    raise UsageError(
                        "--output: a cycle of NOT NULL foreign keys that are not deferrable "
                        f"({_cycle_keys(prepared)}) is written by one statement into all its "
                        "tables, which files loaded one by one cannot do; seed into the "
                        "database instead, or declare one of the keys DEFERRABLE"
                    )
                if (prepared.plan.deferred_constraints or prepared.plan.together) and not files:
                    _one_transaction(prepared, ranges)
                references = {t: prepared.existing.get(t, 0) for t in selection.references}
                decided = _decided(
                    conn, selection, prepared, request, empty=empty, references=references
                )
        finally:
            trans.rollback()
    progress = progress_for(err, prepared.written)
    run = RangedRun(decided, ranges, progress)
    if ranges.sharded and not files:
        _check_shard(run, prepared)
    state["run"], state["files"] = run, files
    names = _run_ranges(run, engine, source.reflected, err, files)
    from pytest_dbseed.engine.results import SeedReport

    report = SeedReport(
        rows={t: run.done.get(t, 0) for t in decided.plan.order},
        raised=dict(decided.plan.raised),
        seconds=run.seconds,
        seed=decided.plan.seed,
        order=decided.plan.order,
    )
    outcome = _Outcome(selection, prepared, report, progress)
    where = mask_url(engine.url.render_as_string(hide_password=False))
    if request.json:
        extra = {"jobs": ranges.jobs, "shard": list(request.shard) if request.shard else None}
        if files:
            extra.update(output=str(ranges.output), format=ranges.format, files=names)
        _seed_json(outcome, request, engine.url, out, extra)
        return EXIT_OK
    if files:
        out.write(
            f"wrote {len(names)} files to {ranges.output} (schema read from {where}, nothing "
            f"written there); load them with: cd {ranges.output} && psql -f load.sql\n"
        )
    _seed_text(outcome, engine.url, out)
    how = f"{ranges.jobs} jobs" if ranges.jobs > 1 else "1 job"
    if ranges.sharded:
        how += f", shard {ranges.shard[0] + 1} of {ranges.shard[1]}"
    if not files:
        out.write(f"note: {how}; every range was committed on its own\n")
    return EXIT_OK


def _cycle_keys(prepared: Prepared) -> str:
    plan = prepared.plan
    return "; ".join(fk.describe() for fk in (*plan.deferred_constraints, *plan.together_keys))


def _one_transaction(prepared: Prepared, ranges: Any) -> None:
    listed = _cycle_keys(prepared)
    if ranges.sharded:
        raise UsageError(
            f"--shard: the tables of a cycle of NOT NULL keys ({listed}) must be "
            "written in one transaction; use --output DIR --shard I/N and load.sql instead"
        )
    raise _OneTransaction(
        f"--jobs {ranges.jobs}: a cycle of NOT NULL keys ({listed}) must be "
        "written in one transaction; writing with one job"
    )


def _check_shard(run: Any, prepared: Prepared) -> None:
    """Refuse a shard whose rows cannot all be missing: a table holds more rows than the
    other shards write (rows from before, or this shard already loaded)."""
    plan = run.prepared.plan
    for table, mine in run.totals.items():
        there = prepared.existing.get(table, 0)
        others = plan.counts.get(table, 0) - mine
        if there > others:
            raise RefusedError(
                f"table {table!r} holds {there:,} rows, more than the other shards write "
                f"({others:,}): this shard was loaded already, or the table held rows "
                "before; nothing was written. Shards load into empty tables"
            )


def _run_ranges(
    run: Any, engine: sa.Engine, reflected: bool, err: IO[str], files: bool
) -> list[str]:
    from pytest_dbseed._loading import ShardWait, fix_all_sequences, stopped, write_files

    names: list[str] = []
    try:
        with _translated(engine, reflected):
            if files:
                directory = Path(run.ranges.output)
                _check_directory(directory)
                names = write_files(run, directory)
            else:
                from pytest_dbseed.engine.sinks import DatabaseTarget

                target = DatabaseTarget(
                    engine.url.render_as_string(hide_password=False), _connect_args(engine)
                )
                wait = ShardWait(engine, run.prepared, err) if run.ranges.sharded else None
                run.run(target, wait)
                with connected(engine) as conn, conn.begin():
                    fix_all_sequences(conn, run.prepared)
    except BaseException as exc:
        run.progress.abandon()
        new = stopped(run, exc)
        if new is exc:
            raise
        raise new from exc
    run.progress.finish()
    return names


def _connect_args(engine: sa.Engine) -> tuple[tuple[str, Any], ...]:
    if engine.dialect.name == "postgresql" and "connect_timeout" not in engine.url.query:
        return (("connect_timeout", 15),)
    return ()


def _check_directory(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--output {str(directory)!r} is a file; give a directory")
    directory.mkdir(parents=True, exist_ok=True)


# --------------------------------------------------------------------------- planning


def run_plan(request: PlanRequest, out: IO[str], err: IO[str]) -> int:
    """``dbseed plan``: the plan in the asked format; writes nothing anywhere."""
    return _guarded("plan", err, lambda: _plan(request, out), {})


def _plan(request: PlanRequest, out: IO[str]) -> int:
    from pytest_dbseed.engine.schema import build_schema

    source = request.source
    if source.reflected:
        assert source.url is not None
        engine = open_engine(source.url)
        try:
            with connected(engine) as conn:
                trans = conn.begin()
                try:
                    if conn.dialect.name == "postgresql":
                        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                    with _translated(engine, True):
                        selection = select_tables(conn, source)
                        _refuse_nothing(selection, engine.url)
                        existing = existing_rows(conn, selection.metadata)
                finally:
                    trans.rollback()
        finally:
            engine.dispose()
        title = f"reflected from {mask_url(engine.url.render_as_string(hide_password=False))}"
    else:
        selection = select_tables(None, source)
        existing = None
        title = f"models {source.models}"
    graph = build_schema(selection.metadata)
    fixed = fixed_counts(selection, graph, request.rows)
    if existing is not None:
        check_references(selection, graph, fixed, request.default, existing)
    prepared = make_prepared(
        selection, graph, fixed, request.default, request.seed, existing, False
    )
    if not prepared.append:
        # Deciding every column's source, as a seed would, refuses what a seed would refuse.
        from pytest_dbseed.engine.api import plan as engine_plan

        engine_plan(
            selection.metadata, counts=dict(fixed), default=request.default, seed=request.seed
        )
    drawing = draw_plan(
        graph,
        prepared.plan,
        references=selection.references,
        existing=existing,
        skipped=selection.skipped(),
        title=title,
    )
    text = drawing.render(request.format)
    out.write(text)
    if request.format == "text" and existing:
        full = [(t, existing[t]) for t in prepared.written if existing.get(t, 0) > 0]
        if full:
            listed = ", ".join(f"{printable(t)} ({n:,} rows)" for t, n in full)
            out.write(
                "note: these tables hold rows, so dbseed seed refuses them without "
                f"--append: {listed}\n"
            )
    return EXIT_OK


# --------------------------------------------------------------------------- errors


def _guarded(command: str, err: IO[str], body: Callable[[], int], state: Mapping[str, Any]) -> int:
    """Run a command: every failure is one line on ``err`` and an exit code."""
    import sqlalchemy as sa

    from pytest_dbseed.engine.reflect import TableVanishedError

    def say(text: str) -> None:
        err.write(f"dbseed {command}: {mask_url(text)}\n")
        err.flush()

    try:
        return body()
    except KeyboardInterrupt:
        say(_interrupted(state))
        return EXIT_INTERRUPTED
    except TableVanishedError as exc:
        if state.get("fired"):
            say(_interrupted(state))
            return EXIT_INTERRUPTED
        say(str(exc))
        return EXIT_FAILED
    except (UsageError, ConfigError, SchemaError) as exc:
        if state.get("fired"):
            say(_interrupted(state))
            return EXIT_INTERRUPTED
        say(f"error: {exc}")
        return EXIT_USAGE
    except RefusedError as exc:
        if state.get("fired"):
            say(_interrupted(state))
            return EXIT_INTERRUPTED
        say(str(exc))
        return EXIT_FAILED
    except DbseedError as exc:
        if state.get("fired"):
            say(_interrupted(state))
            return EXIT_INTERRUPTED
        say(f"{type(exc).__name__}: {exc}")
        return EXIT_FAILED
    except sa.exc.SQLAlchemyError as exc:
        if state.get("fired"):
            say(_interrupted(state))
            return EXIT_INTERRUPTED
        say(f"database error: {_first_line(exc)}")
        return EXIT_FAILED


def _interrupted(state: Mapping[str, Any]) -> str:
    run = state.get("run")
    if run is not None:
        if state.get("files"):
            return "interrupted; the files written so far are incomplete (load.sql is written last)"
        return f"interrupted; the jobs were stopped: {run.holding()}"
    if state.get("committed"):
        return "interrupted after the commit: the rows were written"
    if state.get("schema_created"):
        return (
            "interrupted; no rows were written (the transaction was rolled back; "
            "the tables --create-schema made stay)"
        )
    return "interrupted; nothing was written (the transaction was rolled back)"
