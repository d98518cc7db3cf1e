"""Files instead of a database: what a seed would load, and the psql script that loads it.

Each table's rows of a run (one shard, or all of them) go to one file in ``DIR``: CSV
(``--format csv``, loaded with ``\\copy ... WITH (FORMAT csv)``) or a COPY statement with
its rows in PostgreSQL's text format (``--format sql``, run with ``\\ir``). Keys written
later (a cycle broken with a nullable key) go to a ``.keys`` file of primary key and
parent key pairs. ``DIR/load.sql`` loads every shard's files in foreign-key order in one
transaction, fills those keys and moves the sequences; it is the same for every shard, so
a job array writing into one directory writes it identically each time.

Workers write a range to a part file; :func:`merge_parts` joins a table's parts in row
order once its level is done.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.dialects import postgresql

from pytest_dbseed.engine.parallel import Payload, Task
from pytest_dbseed.engine.planner import SeedPlan
from pytest_dbseed.engine.rows import TableRows
from pytest_dbseed.engine.schema import ForeignKeyInfo, SchemaGraph, TableInfo
from pytest_dbseed.engine.sources import DatabaseFills
from pytest_dbseed.engine.writer.copytext import formatter
from pytest_dbseed.engine.writer.write import BATCH, copy_chunks

__all__ = [
    "FORMATS",
    "FileTarget",
    "FileSink",
    "merge_parts",
    "copy_header",
    "load_script",
    "file_name",
    "text_to_csv",
]

FORMATS = ("csv", "sql")

# Named parameters: the preparer then leaves ``%`` in names alone, as psql reads them.
_DIALECT = postgresql.dialect(paramstyle="named")  # type: ignore[no-untyped-call]
_UNESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "\\": "\\"}


def _stem(table: TableInfo) -> str:
    name = table.fullname if "." in table.fullname else f"{table.schema or 'public'}.{table.name}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def file_name(
    table: TableInfo, fmt: str, shard: tuple[int, int], fk: ForeignKeyInfo | None = None
) -> str:
    """The file of a table's rows (or of a deferred key's pairs) of one shard."""
    stem = _stem(table)
    if fk is not None:
        stem += "." + re.sub(r"[^A-Za-z0-9_]", "_", "_".join(fk.columns)) + ".keys"
    index, count = shard
    if count > 1:
        stem += f".{index + 1:04d}-of-{count:04d}"
    return f"{stem}.{'csv' if fk is not None else fmt}"


def _csv_field(v: str) -> str:
    if v == "\\N":
        return ""
    if "\\" in v:
        v = _UNESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), v)
        return '"' + v.replace('"', '""') + '"'
    if v == "" or "," in v or '"' in v or "\n" in v or "\r" in v:
        return '"' + v.replace('"', '""') + '"'
    return v


def text_to_csv(chunk: str) -> str:
    """COPY text lines as CSV lines: NULL unquoted and empty, the empty string quoted."""
    out = []
    for line in chunk.split("\n"):
        if line:
            out.append(",".join(map(_csv_field, line.split("\t"))))
    return "\n".join(out) + "\n" if out else ""


def _columns(names: Iterable[str]) -> str:
    prep = _DIALECT.identifier_preparer
    return ", ".join(prep.quote(n) for n in names)


def _qualified(table: TableInfo) -> str:
    return _DIALECT.identifier_preparer.format_table(table.table)


@dataclass(frozen=True)
class FileTarget:
    """Picklable factory of a worker's :class:`FileSink`."""

    directory: str
    format: str
    shard: tuple[int, int] = (0, 1)

    def __call__(self, payload: Payload) -> FileSink:
        return FileSink(self)


class FileSink:
    """Writes every range to its own part file (``<file>.part-NNNNN``)."""

    def __init__(self, target: FileTarget) -> None:
        self.target = target
        self.dir = Path(target.directory)

    def part(self, name: str, task: Task) -> Path:
        return self.dir / f"{name}.part-{task.part:05d}"

    def rows(self, rows: TableRows, task: Task) -> int:
        table = rows.info
        path = self.part(file_name(table, self.target.format, self.target.shard), task)
        chunks = (text for text, _done in copy_chunks(rows, _DIALECT, task.start, task.stop))
        with open(path, "w", encoding="utf-8", newline="") as f:
            if self.target.format == "csv":
                for text in chunks:
                    f.write(text_to_csv(text))
            else:
                for text in chunks:
                    f.write(text)
        return task.stop - task.start

    def deferred(self, rows: TableRows, fk: ForeignKeyInfo, task: Task) -> int:
        table = rows.info
        path = self.part(file_name(table, "csv", self.target.shard, fk), task)
        written = 0
        with open(path, "w", encoding="utf-8", newline="") as f:
            for text, n in _key_pairs(rows, fk, task.start, task.stop):
                f.write(text_to_csv(text))
                written += n
        return written

    def close(self) -> None:
        return None


def _key_pairs(
    rows: TableRows, fk: ForeignKeyInfo, start: int, stop: int
) -> Iterator[tuple[str, int]]:
    table = rows.info
    pk = table.primary_key
    sources = dict(rows.sources.columns)
    if not pk or any(c not in sources or isinstance(sources[c], DatabaseFills) for c in pk):
        return
    fmts = [formatter(table.column(c), _DIALECT) for c in (*pk, *fk.columns)]
    for lo in range(start, stop, BATCH):
        hi = min(lo + BATCH, stop)
        keys = rows.fill_later(fk, lo, hi)
        pks = [rows.column(c)(lo, hi) for c in pk]
        picked = [j for j, key in enumerate(keys) if key is not None]
        if not picked:
            continue
        columns = [[p[j] for j in picked] for p in pks]
        columns += [[keys[j][i] for j in picked] for i in range(len(fk.columns))]  # type: ignore[index]
        texts = [f(c) for f, c in zip(fmts, columns)]
        yield "\n".join(map("\t".join, zip(*texts))) + "\n", len(picked)


def copy_header(table: TableInfo, written: Iterable[str]) -> str:
    """The COPY statement that starts a ``.sql`` file of the table's rows."""
    return f"COPY {_qualified(table)} ({_columns(written)}) FROM stdin;\n"


def merge_parts(directory: str | os.PathLike[str], files: Mapping[str, str | None]) -> None:
    """Join every ``<name>.part-*`` in part order into ``<name>`` (after its header, and
    with the end-of-data line when there is one); the parts are removed."""
    root = Path(directory)
    for name, header in files.items():
        parts = sorted(root.glob(f"{_glob_escape(name)}.part-*"))
        with open(root / name, "wb") as out:
            if header is not None:
                out.write(header.encode())
            for part in parts:
                with open(part, "rb") as f:
                    while block := f.read(1 << 20):
                        out.write(block)
                part.unlink()
            if header is not None:
                out.write(b"\\.\n")


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def load_script(
    graph: SchemaGraph,
    plan: SeedPlan,
    written: dict[str, tuple[str, ...]],
    fmt: str,
    shards: int,
    overridden: dict[str, frozenset[str]],
) -> str:
    """``load.sql``: every table's files (all shards) in plan order, one transaction."""
    lines = [
        "-- Written by dbseed seed --output; run from this directory: psql -f load.sql",
        "\\set ON_ERROR_STOP on",
        "BEGIN;",
        "SET CONSTRAINTS ALL DEFERRED;",
    ]
    for name in plan.order:
        if plan.counts.get(name, 0) <= 0 or name not in written:
            continue
        table = graph.tables[name]
        cols = _columns(written[name])
        for i in range(shards):
            f = file_name(table, fmt, (i, shards))
            if fmt == "csv":
                lines.append(f"\\copy {_qualified(table)} ({cols}) FROM '{f}' WITH (FORMAT csv)")
            else:
                lines.append(f"\\ir {f}")
    for n, fk in enumerate(plan.deferred):
        lines.extend(_fill_lines(graph.tables[fk.table], fk, n, shards))
    for name in plan.order:
        if plan.counts.get(name, 0) > 0:
            lines.extend(_sequence_lines(graph.tables[name], overridden.get(name, frozenset())))
    lines.append("SET CONSTRAINTS ALL IMMEDIATE;")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def _fill_lines(table: TableInfo, fk: ForeignKeyInfo, n: int, shards: int) -> list[str]:
    pk = table.primary_key
    if not pk:
        return []
    prep = _DIALECT.identifier_preparer
    temp = f"dbseed_keys_{n}"
    pick = [f"{prep.quote(table.column(c).name)} AS k{i}" for i, c in enumerate(pk)]
    pick += [f"{prep.quote(table.column(c).name)} AS f{i}" for i, c in enumerate(fk.columns)]
    source = f"SELECT {', '.join(pick)} FROM {_qualified(table)}"
    out = [f"CREATE TEMP TABLE {temp} AS {source} WITH NO DATA;"]
    for i in range(shards):
        out.append(
            f"\\copy {temp} FROM '{file_name(table, 'csv', (i, shards), fk)}' WITH (FORMAT csv)"
        )
    sets = ", ".join(
        f"{prep.quote(table.column(c).name)} = d.f{i}" for i, c in enumerate(fk.columns)
    )
    where = " AND ".join(f"t.{prep.quote(table.column(c).name)} = d.k{i}" for i, c in enumerate(pk))
    out.append(f"UPDATE {_qualified(table)} AS t SET {sets} FROM {temp} AS d WHERE {where};")
    out.append(f"DROP TABLE {temp};")
    return out


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sequence_lines(table: TableInfo, overridden: frozenset[str]) -> list[str]:
    out = []
    q = _qualified(table)
    for col in table.columns:
        if not (col.autoincrement and col.primary_key) or col.name in overridden:
            continue
        c = _DIALECT.identifier_preparer.quote(col.name)
        seq = f"pg_get_serial_sequence({_lit(q)}, {_lit(col.name)})"
        out.append(
            f"SELECT setval({seq}, GREATEST((SELECT coalesce(max({c}), 0) FROM {q}), 1), "
            f"(SELECT count(*) > 0 FROM {q})) WHERE {seq} IS NOT NULL;"
        )
    return out
