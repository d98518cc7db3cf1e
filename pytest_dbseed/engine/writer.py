"""Bulk writes: COPY on PostgreSQL (psycopg2), executemany anywhere else.

Rows are produced in batches and streamed: the COPY reads text from a file-like
object that generates the next batch only when the server wants more, so memory
stays flat however many rows are written, and the client generates while the
server ingests.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import ipaddress
import json
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.generate import TableBuilder
from pytest_dbseed.engine.schema import ColumnInfo, ForeignKeyInfo, TableInfo
from pytest_dbseed.errors import ConstraintViolation, DbseedError, SchemaError

__all__ = [
    "write_table",
    "copy_chunks",
    "copy_driver",
    "Prefetch",
    "fill_deferred",
    "fix_sequences",
    "translate_error",
    "BATCH",
]

BATCH = 4096
"""Rows generated per step; a multiple of the RNG block size keeps blocks whole."""

_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _esc(text: str) -> str:
    if _ESCAPE.search(text) is None:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(_array_item(v) for v in value) + "}"
    text = _scalar_text(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _range_text(value: Any) -> str:
    lower = getattr(value, "lower", None)
    upper = getattr(value, "upper", None)
    bounds: str = getattr(value, "bounds", None) or getattr(value, "_bounds", None) or "[)"
    if getattr(value, "empty", False) or getattr(value, "isempty", False):
        return "empty"
    lo = "" if lower is None else '"' + _scalar_text(lower) + '"'
    hi = "" if upper is None else '"' + _scalar_text(upper) + '"'
    return f"{bounds[0]}{lo},{hi}{bounds[1]}"


def _scalar_text(value: Any) -> str:
    """PostgreSQL input text for one DBAPI-level value (before COPY escaping)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return f"{value.days} days {value.seconds} seconds {value.microseconds} microseconds"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(_array_item(v) for v in value) + "}"
    if isinstance(value, dict):
        if all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in value.items()):
            # hstore-shaped; JSON columns arrive here already serialised by SQLAlchemy
            return ", ".join(
                '"{}"=>{}'.format(
                    k.replace("\\", "\\\\").replace('"', '\\"'),
                    "NULL"
                    if v is None
                    else '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"',
                )
                for k, v in value.items()
            )
        return json.dumps(value)
    if isinstance(value, enum.Enum):
        return str(value.name)
    if isinstance(
        value,
        (
            ipaddress.IPv4Address,
            ipaddress.IPv6Address,
            ipaddress.IPv4Network,
            ipaddress.IPv6Network,
            ipaddress.IPv4Interface,
            ipaddress.IPv6Interface,
        ),
    ):
        return str(value)
    if hasattr(value, "lower") and hasattr(value, "upper"):
        return _range_text(value)
    return str(value)


ColumnFormatter = Callable[[list[Any]], list[str]]


def _formatter(col: ColumnInfo, dialect: sa.Dialect) -> ColumnFormatter:
    """A function from a column batch of generated Python values to COPY text fields.

    Whole columns at a time: the common types skip SQLAlchemy's bind processing (their
    processors only convert to what the text form already is) and escape a string
    column only when the column holds a character that needs it.
    """
    impl = col.type.dialect_impl(dialect)
    process = impl.bind_processor(dialect)
    base: sa.types.TypeEngine[Any] | None = impl
    if isinstance(base, sa.types.TypeDecorator):
        base = None  # user code in process_bind_param: always go through it
    null = "\\N"

    if isinstance(base, (sa.Integer, sa.Float, sa.Numeric)) and not isinstance(base, sa.Enum):

        def numbers(vals: list[Any]) -> list[str]:
            return [null if v is None else str(v) for v in vals]

        return numbers
    if isinstance(base, sa.Boolean):

        def bools(vals: list[Any]) -> list[str]:
            return [null if v is None else ("t" if v else "f") for v in vals]

        return bools
    if isinstance(base, sa.Uuid):

        def uuids(vals: list[Any]) -> list[str]:
            # PostgreSQL reads 32 hex digits without hyphens, at a quarter of str(UUID)'s cost.
            return [
                null if v is None else v if v.__class__ is str else f"{v.int:032x}" for v in vals
            ]

        return uuids
    if isinstance(base, (sa.DateTime, sa.Date, sa.Time)):

        def temporal(vals: list[Any]) -> list[str]:
            return [null if v is None else v.isoformat() for v in vals]

        return temporal
    if isinstance(base, sa.String) and not isinstance(base, sa.Enum) and process is None:

        def strings(vals: list[Any]) -> list[str]:
            out = [
                null if v is None else v if isinstance(v, str) else _scalar_text(v) for v in vals
            ]
            if _ESCAPE.search("".join(out).replace(null, "")) is None:
                return out
            return [v if v is null else _esc(v) for v in out]

        return strings

    text_of = _value_text(col.type, dialect)

    def general(vals: list[Any]) -> list[str]:
        return [null if v is None else _esc(text_of(v)) for v in vals]

    return general


def _value_text(t: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Callable[[Any], str]:
    """PostgreSQL input text of one non-NULL value of type ``t`` (before COPY escaping).

    Built from the column type rather than from what the driver's bind processors
    return, because those return driver adapter objects (binary, JSON, range
    wrappers) that have no text form of their own.
    """
    from sqlalchemy.dialects.postgresql import HSTORE
    from sqlalchemy.dialects.postgresql.ranges import AbstractMultiRange, AbstractRange

    if isinstance(t, sa.types.TypeDecorator):
        inner = _value_text(t.impl_instance, dialect)
        if type(t).process_bind_param is sa.types.TypeDecorator.process_bind_param:
            return inner
        bind = t.process_bind_param

        def decorated(v: Any) -> str:
            v = bind(v, dialect)
            return "\\N" if v is None else inner(v)

        return decorated
    if isinstance(t, sa.ARRAY):
        item = _value_text(t.item_type, dialect)

        def element(v: Any) -> str:
            if v is None:
                return "NULL"
            if isinstance(v, (list, tuple)):
                return "{" + ",".join(element(x) for x in v) + "}"
            return '"' + item(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

        return lambda v: "{" + ",".join(element(x) for x in v) + "}"
    if isinstance(t, AbstractMultiRange):
        return lambda v: "{" + ",".join(_range_text(r) for r in v) + "}"
    if isinstance(t, AbstractRange):
        return _range_text
    if isinstance(t, HSTORE):
        return _scalar_text
    if isinstance(t, sa.JSON):
        dumps = getattr(dialect, "_json_serializer", None) or json.dumps
        return lambda v: str(dumps(v))
    if isinstance(t, sa.Enum):
        to_db = getattr(t, "_db_value_for_elem", None)
        if to_db is None:  # pragma: no cover - SQLAlchemy internals moved
            return _scalar_text

        def enum_text(v: Any) -> str:
            return str(to_db(v))

        return enum_text
    if isinstance(t, sa.LargeBinary):
        return lambda v: "\\x" + bytes(v).hex()
    return _scalar_text


def _quote(dialect: sa.Dialect, table: TableInfo) -> str:
    prep = dialect.identifier_preparer
    return prep.format_table(table.table)


class _CopySource:
    """File-like object handed to psycopg2's copy_expert: generates on read()."""

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


def _batches(
    builder: TableBuilder, progress: Callable[[int], None] | None
) -> Iterator[tuple[int, int, dict[str, list[Any]]]]:
    start, stop = builder.start, builder.start + builder.count
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        yield lo, hi, builder.column_batch(lo, hi)
        if progress is not None:
            progress(hi - start)


def copy_driver(conn: sa.Connection) -> str | None:
    """The PostgreSQL driver whose COPY support is used, or None for executemany."""
    if conn.dialect.name != "postgresql":
        return None
    driver = conn.dialect.driver
    return driver if driver in ("psycopg2", "psycopg") else None


def copy_chunks(builder: TableBuilder, dialect: sa.Dialect) -> Iterator[tuple[str, int]]:
    """COPY text of ``builder``'s rows, one batch at a time, with the rows done so far."""
    cols = builder.written
    fmts = [_formatter(c, dialect) for c in cols]
    names = [c.name for c in cols]
    start = builder.start
    for _lo, hi, batch in _batches(builder, None):
        columns = [f(batch[n]) for f, n in zip(fmts, names)]
        yield "\n".join(map("\t".join, zip(*columns))) + "\n", hi - start


class Prefetch:
    """Generates the COPY text of a seed's tables, in order, on a background thread.

    The drivers release the GIL while they wait on the server, so the next batches are
    generated while PostgreSQL parses rows, updates indexes and runs the foreign key
    checks it queues until the end of each COPY. The queue is short, so memory stays
    flat; the thread stops as soon as the writer gives up.
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


def write_table(
    conn: sa.Connection,
    builder: TableBuilder,
    progress: Callable[[int], None] | None = None,
    chunks: Iterator[tuple[str, int]] | None = None,
) -> int:
    """Write all rows of ``builder``; returns the number of rows written.

    On PostgreSQL ``chunks`` may carry COPY text generated ahead (see :class:`Prefetch`).
    """
    if builder.count <= 0:
        return 0
    table = builder.table
    cols = builder.written
    if not cols:
        # Every column is filled by the database: insert default rows.
        stmt = sa.text(f"INSERT INTO {_quote(conn.dialect, table)} DEFAULT VALUES")
        for _ in range(builder.count):
            conn.execute(stmt)
        return builder.count
    driver = copy_driver(conn)
    if driver is not None:
        _copy(conn, builder, chunks or copy_chunks(builder, conn.dialect), progress, driver)
    else:
        insert = table.table.insert()
        keys = {c.name: table.table.c[c.key].key for c in cols}
        for _lo, _hi, batch in _batches(builder, progress):
            names = list(batch)
            rows = [dict(zip((keys[n] for n in names), r)) for r in zip(*batch.values())]
            conn.execute(insert, rows)
    return builder.count


def _copy(
    conn: sa.Connection,
    builder: TableBuilder,
    chunks: Iterator[tuple[str, int]],
    progress: Callable[[int], None] | None,
    driver: str,
) -> None:
    dialect = conn.dialect
    prep = dialect.identifier_preparer
    collist = ", ".join(prep.quote(c.name) for c in builder.written)
    sql = f"COPY {_quote(dialect, builder.table)} ({collist}) FROM STDIN"

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
        except Exception:
            if source.error is not None:
                raise source.error from None
            raise


def fill_deferred(conn: sa.Connection, builder: TableBuilder, fk: ForeignKeyInfo) -> int:
    """Point a foreign key written as NULL at real parent rows; returns rows updated."""
    table = builder.table
    pk = table.primary_key
    if not pk or builder.count <= 0:
        return 0
    t = table.table
    updated = 0
    pk_fns = [builder._column_fn.get(c) for c in pk]
    if any(fn is None for fn in pk_fns):
        return 0
    stmt = (
        t.update()
        .where(
            sa.and_(
                *(t.c[table.column(c).key] == sa.bindparam(f"_pk_{i}") for i, c in enumerate(pk))
            )
        )
        .values({table.column(c).key: sa.bindparam(f"_fk_{i}") for i, c in enumerate(fk.columns)})
    )
    for lo in range(builder.start, builder.start + builder.count, BATCH):
        hi = min(lo + BATCH, builder.start + builder.count)
        keys = builder.fill_later(fk, lo, hi)
        pks = [fn(lo, hi) for fn in pk_fns if fn is not None]
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


def fix_sequences(conn: sa.Connection, builder: TableBuilder) -> None:
    """Move sequences past the keys this seed supplied (PostgreSQL serial/identity)."""
    if conn.dialect.name != "postgresql" or builder.count <= 0:
        return
    table = builder.table
    qualified = _quote(conn.dialect, table)
    for col in table.columns:
        if not (col.autoincrement and col.primary_key) or col.name in builder.overrides:
            continue
        seq = conn.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": qualified, "c": col.name}
        ).scalar()
        if seq is None:
            continue
        colq = conn.dialect.identifier_preparer.quote(col.name)
        conn.execute(
            sa.text(
                f"SELECT setval(:s, GREATEST((SELECT coalesce(max({colq}), 0) "
                f"FROM {qualified}), 1), (SELECT count(*) > 0 FROM {qualified}))"
            ),
            {"s": seq},
        )


_FIXES = {
    "23503": "a foreign key points at a row that does not exist: if {col} is overridden, "
    "make the override return keys of rows that exist",
    "23502": "a NOT NULL column got NULL: override {col} with a value",
    "23505": "a value is repeated: rows already in the table or an override returning the "
    "same value twice; override {col} with distinct values (a callable f(row))",
    "23514": "the generator does not understand this CHECK: override {col} with values that "
    "satisfy it (a constant, a callable f(row) or fake('provider'))",
}
_SCHEMA_FIXES = {
    "42703": "the table in the database does not match the models (a column is missing); "
    "migrate the database, or seed with the models it was created from",
    "42P01": "a table of the models does not exist in the database; create the schema first",
}
_DATA_FIX = "a value does not fit the column's type: check the override of {col}"


def _sqlstate(orig: BaseException) -> str | None:
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if isinstance(code, str):
        return code
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):  # MySQL / MariaDB error numbers
        return {1452: "23503", 1451: "23503", 1048: "23502", 1062: "23505", 4025: "23514",
                3819: "23514"}.get(args[0])  # fmt: skip
    return None


def translate_error(
    exc: BaseException, table: TableInfo | None, seed: int, dialect: str = "postgresql"
) -> DbseedError:
    """Turn a driver error into a message naming the table, constraint, seed and fix."""
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    constraint = getattr(diag, "constraint_name", None)
    column = getattr(diag, "column_name", None)
    tname = getattr(diag, "table_name", None) or (table.fullname if table else "?")
    primary = getattr(diag, "message_primary", None) or str(orig).splitlines()[0]
    detail = getattr(diag, "message_detail", None)
    state = _sqlstate(orig) or ""
    col = repr(column) if column else "the column"
    if state in _SCHEMA_FIXES:
        return SchemaError(
            f"table {tname!r}: {primary} (seed {seed}). Fix: {_SCHEMA_FIXES[state]}."
        )
    if state in _FIXES:
        hint = _FIXES[state].format(col=col)
    elif state.startswith("22"):
        hint = _DATA_FIX.format(col=col)
    else:
        hint = f"override {col} with values the database accepts"
    server = {"postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB", "mariadb": "MariaDB"}
    what = f" ({constraint!r})" if constraint else ""
    col_hint = f", column {column!r}" if column else ""
    message = (
        f"{server.get(dialect, dialect)} rejected generated rows for table {tname!r}"
        f"{col_hint}{what}: {primary}{'; ' + detail if detail else ''} (seed {seed}). "
        f"Fix: {hint}, e.g. counts={{{tname!r}: rows(N, {column or '<column>'}=...)}}."
    )
    return ConstraintViolation(message)
