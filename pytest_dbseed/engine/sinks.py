"""Where a worker's ranges go: the database, each range a COPY in its own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.parallel import Payload, Task
from pytest_dbseed.engine.rows import TableRows
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.engine.writer import (
    Prefetch,
    copy_chunks,
    copy_driver,
    fill_deferred,
    is_driver_error,
    translate_error,
    write_table,
)
from pytest_dbseed.errors import DbseedError

__all__ = ["DatabaseTarget", "DatabaseSink"]


@dataclass(frozen=True)
class DatabaseTarget:
    """Picklable factory of a worker's :class:`DatabaseSink`: the URL, password and all."""

    url: str
    connect_args: tuple[tuple[str, Any], ...] = ()

    def __call__(self, payload: Payload) -> DatabaseSink:
        return DatabaseSink(self, payload)


class DatabaseSink:
    """One connection per worker; every range is written and committed on its own."""

    def __init__(self, target: DatabaseTarget, payload: Payload) -> None:
        self.engine = sa.create_engine(
            target.url, poolclass=sa.pool.NullPool, connect_args=dict(target.connect_args)
        )
        self.conn = self.engine.connect()
        self.seed = payload.plan.seed

    def rows(self, rows: TableRows, task: Task) -> int:
        conn = self.conn
        with self._translated(rows):
            with conn.begin():
                if copy_driver(conn) is None:
                    return write_table(conn, rows, start=task.start, stop=task.stop)
                make = partial(copy_chunks, rows, conn.dialect, task.start, task.stop)
                prefetch = Prefetch([(task.table, make)])
                try:
                    return write_table(
                        conn, rows, None, prefetch.chunks(task.table), task.start, task.stop
                    )
                finally:
                    prefetch.close()

    def deferred(self, rows: TableRows, fk: ForeignKeyInfo, task: Task) -> int:
        with self._translated(rows), self.conn.begin():
            return fill_deferred(self.conn, rows, fk, task.start, task.stop)

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()

    @contextmanager
    def _translated(self, rows: TableRows) -> Iterator[None]:
        """Driver errors of a range as the engine's one-sentence errors (picklable)."""
        try:
            yield
        except DbseedError:
            raise
        except Exception as exc:
            if isinstance(exc, sa.exc.DBAPIError) or is_driver_error(exc):
                error = translate_error(exc, rows.info, self.seed, self.conn.dialect.name)
                raise error from None
            raise
