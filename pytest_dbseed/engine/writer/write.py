"""Bulk writes: COPY on PostgreSQL (psycopg2, psycopg), executemany anywhere else.

Rows are produced in batches and streamed: the COPY reads text from a file-like object
that produces the next batch only when the server wants more, so memory stays flat
however many rows are written, and the client produces while the server ingests. Every
entry point takes a table's producer (:class:`~pytest_dbseed.engine.rows.TableRows`) and
a row range, ``[start, stop)``, the whole table by default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.rows import Batch, TableRows
from pytest_dbseed.engine.schema import ForeignKeyInfo, TableInfo
from pytest_dbseed.engine.sources import DatabaseFills, IntegerKey
from pytest_dbseed.engine.writer.copytext import ColumnFormatter, formatter
from pytest_dbseed.errors import ConfigError, interruption

__all__ = [
    "BATCH",
    "Progress",
    "copy_driver",
    "copy_chunks",
    "Prefetch",
    "write_table",
    "fill_deferred",
    "fix_sequences",
    "advance_sequences",
]

BATCH = 4096
"""Rows produced per step; a multiple of the RNG block size keeps blocks whole."""

Progress = Callable[[int], None]
"""Called with the number of rows of the range written so far."""


def _range(rows: TableRows, start: int | None, stop: int | None) -> tuple[int, int]:
    return (rows.start if start is None else start), (rows.stop if stop is None else stop)


def _ident(name: str) -> str:
    """A PostgreSQL identifier quoted for raw SQL sent without parameters (COPY): the
    dialect's own quoting doubles ``%`` for the driver's parameter syntax, which COPY
    would then read literally."""
    return '"' + name.replace('"', '""') + '"'


def _copy_table(table: TableInfo) -> str:
    schema = table.table.schema
    return (_ident(schema) + "." if schema else "") + _ident(table.name)


def _batches(
    rows: TableRows, start: int, stop: int, progress: Progress | None
) -> Iterator[tuple[int, int, Batch]]:
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        yield lo, hi, rows.batch(lo, hi)
        if progress is not None:
            progress(hi - start)


def copy_driver(conn: sa.Connection) -> str | None:
    """The PostgreSQL driver whose COPY support is used, or None for executemany."""
    if conn.dialect.name != "postgresql":
        return None
    driver = conn.dialect.driver
    return driver if driver in ("psycopg2", "psycopg") else None


def copy_chunks(
    rows: TableRows, dialect: sa.Dialect, start: int | None = None, stop: int | None = None
) -> Iterator[tuple[str, int]]:
    """COPY text of rows ``[start, stop)``, one batch at a time, with the rows done so far."""
    start, stop = _range(rows, start, stop)
    names = list(rows.written)
    fmts = [formatter(rows.info.column(n), dialect) for n in names]
    overridden = [n in rows.sources.overridden for n in names]
    checked = any(overridden)
    for _lo, hi, batch in _batches(rows, start, stop, None):
        if checked:
            columns = [
                _checked(rows, n, f, batch[n]) if o else f(batch[n])
                for f, n, o in zip(fmts, names, overridden)
            ]
        else:
            columns = [f(batch[n]) for f, n in zip(fmts, names)]
        yield "\n".join(map("\t".join, zip(*columns))) + "\n", hi - start


def _checked(rows: TableRows, name: str, fmt: ColumnFormatter, values: list[Any]) -> list[str]:
    """Text of an overridden column: a value of the wrong type is the override's fault."""
    try:
        return fmt(values)
    except (TypeError, ValueError, AttributeError) as exc:
        col = rows.info.column(name)
        raise ConfigError(
            f"the override for column {rows.info.fullname}.{name} gave a value its type "
            f"({col.type!r}) cannot hold: {type(exc).__name__}: {exc} (seed {rows.seed}). "
            "Fix: make the override return values of the column's type."
        ) from exc


class Prefetch:
    """Produces the COPY text of a seed's tables, in order, on a background thread.

    The drivers release the GIL while they wait on the server, so the next batches are
    produced while PostgreSQL parses rows, updates indexes and runs the foreign key
    checks it queues until the end of each COPY. The queue is short, so memory stays
    flat; the thread stops as soon as the writer gives up. An exception raised while
    producing is handed to the writer, which raises it in place of the COPY's own error.
    """

    def __init__(
        self, jobs: Sequence[tuple[str, Callable[[], Iterator[tuple[str, int]]]]], depth: int = 4
    ) -> None:
        import queue
        import threading

        self._jobs = list(jobs)
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._full = queue.Full
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dbseed-generate", daemon=True)
        self._thread.start()

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except self._full:
                continue
        return False

    def _run(self) -> None:
        try:
            for name, make in self._jobs:
                for chunk in make():
                    if not self._put((name, chunk)):
                        return
                if not self._put((name, None)):
                    return
        except BaseException as exc:  # handed to the writer, which raises it
            self._put(("", exc))

    def chunks(self, name: str) -> Iterator[tuple[str, int]]:
        while True:
            got, item = self._queue.get()
            if isinstance(item, BaseException):
                raise item
            if got != name:  # pragma: no cover - tables are consumed in job order
                raise RuntimeError(f"expected rows of {name!r}, got rows of {got!r}")
            if item is None:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        while not self._queue.empty():
            self._queue.get_nowait()
        self._thread.join()


class _CopySource:
    """File-like object handed to psycopg2's copy_expert: produces on read()."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> str:
        try:
            return next(self.chunks, "")
        except BaseException as exc:
            # The driver turns this into a cancelled COPY; keep the real error to re-raise.
            self.error = exc
            raise


def write_table(
    conn: sa.Connection,
    rows: TableRows,
    progress: Progress | None = None,
    chunks: Iterator[tuple[str, int]] | None = None,
    start: int | None = None,
    stop: int | None = None,
) -> int:
    """Write rows ``[start, stop)`` of a table (all of them by default); returns how many.

    On PostgreSQL ``chunks`` may carry COPY text produced ahead (see :class:`Prefetch`).
    """
    start, stop = _range(rows, start, stop)
    if stop <= start:
        return 0
    table = rows.info
    if not rows.written:
        # Every column is filled by the database: insert default rows.
        default_row = table.table.insert()  # rendered as INSERT ... DEFAULT VALUES
        for _ in range(stop - start):
            conn.execute(default_row)
        return stop - start
    driver = copy_driver(conn)
    if driver is not None:
        text = chunks or copy_chunks(rows, conn.dialect, start, stop)
        _copy(conn, rows, text, progress, driver)
    else:
        insert = table.table.insert()
        keys = {n: table.table.c[table.column(n).key].key for n in rows.written}
        for _lo, _hi, batch in _batches(rows, start, stop, progress):
            names = list(batch)
            params = [dict(zip((keys[n] for n in names), r)) for r in zip(*batch.values())]
            try:
                conn.execute(insert, params)
            except sa.exc.StatementError as exc:
                if isinstance(exc, sa.exc.DBAPIError) or not rows.sources.overridden:
                    raise
                # SQLAlchemy could not bind a value: only an override supplies foreign ones.
                raise ConfigError(
                    f"a value for table {table.fullname!r} could not be sent: {exc.orig!r} "
                    f"(seed {rows.seed}). Fix: make the overrides of "
                    f"{', '.join(sorted(rows.sources.overridden))} return values of their "
                    "columns' types."
                ) from exc
    return stop - start


def _copy(
    conn: sa.Connection,
    rows: TableRows,
    chunks: Iterator[tuple[str, int]],
    progress: Progress | None,
    driver: str,
    target: str | None = None,
) -> None:
    """COPY ``chunks`` into the table of ``rows`` (or into ``target``, a quoted name)."""
    collist = ", ".join(_ident(n) for n in rows.written)
    sql = f"COPY {target or _copy_table(rows.info)} ({collist}) FROM STDIN"

    def texts() -> Iterator[str]:
        for text, done in chunks:
            yield text
            if progress is not None:
                progress(done)

    raw: Any = conn.connection.dbapi_connection
    if driver == "psycopg":
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for text in texts():
                copy.write(text)
        return
    source = _CopySource(texts())
    with raw.cursor() as cur:
        try:
            cur.copy_expert(sql, source, size=1 << 20)
        except Exception as exc:
            if source.error is not None:
                raise source.error from None
            # Ctrl-C on entering read(), before its body ran: psycopg2 names no exception.
            stopped = interruption(exc)
            if stopped is not None:
                raise stopped from None
            raise


def fill_deferred(
    conn: sa.Connection,
    rows: TableRows,
    fk: ForeignKeyInfo,
    start: int | None = None,
    stop: int | None = None,
) -> int:
    """Point a foreign key written as NULL at real parent rows; returns rows updated."""
    start, stop = _range(rows, start, stop)
    table = rows.info
    pk = table.primary_key
    if not pk or stop <= start:
        return 0
    sources = dict(rows.sources.columns)
    if any(c not in sources or isinstance(sources[c], DatabaseFills) for c in pk):
        return 0  # keys the database numbers: no way to address the rows
    t = table.table
    stmt = (
        t.update()
        .where(
            sa.and_(
                *(t.c[table.column(c).key] == sa.bindparam(f"_pk_{i}") for i, c in enumerate(pk))
            )
        )
        .values({table.column(c).key: sa.bindparam(f"_fk_{i}") for i, c in enumerate(fk.columns)})
    )
    updated = 0
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        keys = rows.fill_later(fk, lo, hi)
        pks = [rows.column(c)(lo, hi) for c in pk]
        params = []
        for j, key in enumerate(keys):
            if key is None:
                continue
            row = {f"_pk_{i}": pks[i][j] for i in range(len(pk))}
            row.update({f"_fk_{i}": key[i] for i in range(len(fk.columns))})
            params.append(row)
        if params:
            conn.execute(stmt, params)
            updated += len(params)
    return updated


def fix_sequences(conn: sa.Connection, rows: TableRows) -> None:
    """Move sequences past the keys this seed supplied (PostgreSQL serial/identity)."""
    if conn.dialect.name != "postgresql" or rows.count <= 0:
        return
    table = rows.info
    t = table.table
    for col in table.columns:
        if not (col.autoincrement and col.primary_key) or col.name in rows.sources.overridden:
            continue
        # Built from SQLAlchemy constructs and parameters: any identifier PostgreSQL
        # accepts (quotes, %, colons) reaches the server as written.
        seq = conn.execute(
            sa.select(sa.func.pg_get_serial_sequence(_copy_table(table), col.name))
        ).scalar()
        if seq is None:
            continue
        column = t.c[col.key]
        top = sa.select(sa.func.coalesce(sa.func.max(column), 0)).scalar_subquery()
        some = sa.select(sa.func.count() > 0).select_from(t).scalar_subquery()
        conn.execute(sa.select(sa.func.setval(seq, sa.func.greatest(top, 1), some)))


def advance_sequences(conn: sa.Connection, rows: TableRows) -> None:
    """Move a table's key sequences past the keys this seed will supply, before anything
    is written: rows a trigger inserts into the table meanwhile take later numbers instead
    of the ones the seed's rows are about to use (PostgreSQL serial/identity)."""
    if conn.dialect.name != "postgresql" or rows.count <= 0:
        return
    table = rows.info
    for col in table.columns:
        source = dict(rows.sources.columns).get(col.name)
        if not (col.autoincrement and col.primary_key) or not isinstance(source, IntegerKey):
            continue
        top = source.base + rows.stop - 1
        seq = conn.execute(
            sa.select(sa.func.pg_get_serial_sequence(_copy_table(table), col.name))
        ).scalar()
        if seq is None or top < 1:
            continue
        conn.execute(_ADVANCE, {"s": seq, "top": top})


_ADVANCE = sa.text(
    "SELECT setval(CAST(:s AS regclass), GREATEST(coalesce("
    "pg_sequence_last_value(CAST(:s AS regclass)), 0), :top))"
)
