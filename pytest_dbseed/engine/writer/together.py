"""Tables of a NOT NULL, non-deferrable foreign-key cycle, written together.

No insertion order exists for such tables, and no constraint can be deferred; but
PostgreSQL checks a foreign key at the end of the statement that inserted the rows, and a
statement may insert into several tables: ``WITH s0 AS (INSERT INTO a ...) INSERT INTO b
...``. So every batch of the cycle's rows is COPYed into temporary staging tables (the
written columns only, no constraints), then moved into the real tables by one such
statement. A batch takes, for each table, a share of its rows proportional to its count,
widened until every row it holds points at parent rows of the same batch or an earlier one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.rows import TableRows
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.engine.writer.write import (
    BATCH,
    _copy,
    _copy_table,
    _ident,
    copy_chunks,
    copy_driver,
)

__all__ = ["write_together", "together_steps"]

Ticker = Callable[[str, int, int], None]
"""Called with a table's name, its rows written so far and its total."""

_STAGE = "_dbseed_together_{}"


def together_steps(
    tables: Sequence[TableRows], keys: Sequence[ForeignKeyInfo]
) -> Iterator[dict[str, tuple[int, int]]]:
    """Row ranges ``{table: (start, stop)}`` of each statement: together they cover every
    row once, and a row of a step points (along ``keys``) only at parent rows of that step
    or of an earlier one."""
    by_name = {t.info.fullname: t for t in tables}
    # Self-references too: a ring of rows points at the last one.
    keys = [*keys, *(fk for t in tables for fk in t.info.foreign_keys if fk.self_referencing)]
    links = [
        (fk.table, fk, fk.ref_table)
        for fk in keys
        if fk.table in by_name and fk.ref_table in by_name and _written_key(by_name[fk.table], fk)
    ]
    steps = max((math.ceil(t.count / BATCH) for t in tables), default=0)
    done = {n: t.start for n, t in by_name.items()}
    scanned = {fk: by_name[c].start for c, fk, _p in links}
    need = {fk: 0 for _c, fk, _p in links}
    for k in range(1, steps + 1):
        target = {
            n: max(done[n], t.start + math.ceil(k * t.count / steps)) for n, t in by_name.items()
        }
        changed = True
        while changed:
            changed = False
            for child, fk, parent in links:
                hi = target[child]
                if scanned[fk] < hi:
                    slots = by_name[child].parent_rows(fk, scanned[fk], hi)
                    top = max((s for s in slots if s is not None), default=-1) + 1
                    need[fk], scanned[fk] = max(need[fk], top), hi
                if need[fk] > target[parent]:
                    target[parent] = min(need[fk], by_name[parent].stop)
                    changed = True
        if target != done:
            yield {n: (done[n], target[n]) for n in by_name}
        done = target


def _written_key(rows: TableRows, fk: ForeignKeyInfo) -> bool:
    return any(key.fk == fk for key in rows.sources.keys)


def write_together(
    conn: sa.Connection,
    tables: Sequence[TableRows],
    keys: Sequence[ForeignKeyInfo],
    progress: Ticker | None = None,
) -> dict[str, int]:
    """Write every row of ``tables`` (a cycle of ``keys``) in statements that each insert
    into all of them; returns rows written per table."""
    driver = copy_driver(conn)
    assert driver is not None, "the planner refuses cycles written together without COPY"
    live = [t for t in tables if t.count > 0 and t.written]
    stages = {t.info.fullname: _ident(_STAGE.format(i)) for i, t in enumerate(live)}
    raw: Any = conn.connection.dbapi_connection
    for t in live:
        cols = ", ".join(_ident(n) for n in t.written)
        stage = stages[t.info.fullname]
        # The session's own temporary table, left over by a seed that failed outside a
        # transaction (autocommit); pg_temp holds nothing of anyone else's.
        _execute(raw, f"DROP TABLE IF EXISTS pg_temp.{stage}")
        _execute(
            raw,
            f"CREATE TEMPORARY TABLE {stage} AS "
            f"SELECT {cols} FROM {_copy_table(t.info)} WITH NO DATA",
        )
    written = {t.info.fullname: 0 for t in tables}
    for step in together_steps(live, keys):
        moving = [t for t in live if step[t.info.fullname][0] < step[t.info.fullname][1]]
        for t in moving:
            lo, hi = step[t.info.fullname]
            chunks = copy_chunks(t, conn.dialect, lo, hi)
            _copy(conn, t, chunks, None, driver, target=stages[t.info.fullname])
        _execute(raw, _statement(moving, stages))
        _execute(raw, f"TRUNCATE {', '.join(stages[t.info.fullname] for t in moving)}")
        for t in moving:
            lo, hi = step[t.info.fullname]
            written[t.info.fullname] += hi - lo
            if progress is not None:
                progress(t.info.fullname, written[t.info.fullname], t.count)
    if stages:
        _execute(raw, f"DROP TABLE {', '.join(stages.values())}")
    return written


def _statement(moving: Sequence[TableRows], stages: dict[str, str]) -> str:
    """``WITH s0 AS (INSERT INTO a ... SELECT ... FROM stage0), ... INSERT INTO z ...``."""
    inserts = []
    for t in moving:
        cols = ", ".join(_ident(n) for n in t.written)
        inserts.append(
            f"INSERT INTO {_copy_table(t.info)} ({cols}) "
            f"SELECT {cols} FROM {stages[t.info.fullname]}"
        )
    ctes = ", ".join(f"s{i} AS ({sql})" for i, sql in enumerate(inserts[:-1]))
    return (f"WITH {ctes} " if ctes else "") + inserts[-1]


def _execute(raw: Any, sql: str) -> None:
    """On the driver's cursor, without parameters: ``%`` and ``:`` in names stay as they are."""
    with raw.cursor() as cur:
        cur.execute(sql)
