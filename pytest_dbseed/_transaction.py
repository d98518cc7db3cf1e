"""Each test's transaction on the test database, and every commit that escapes it.

:class:`TransactionGuard` stands between the tests and the test database's engine,
the way pytest-django's database blocker stands between tests and Django's
connections. It imports SQLAlchemy only when one is made (by ``dbseed_engine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pytest_dbseed.errors import DbseedError
from pytest_dbseed.markers import MARKER_NAME

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["TransactionGuard"]

# A statement that ends the transaction behind SQLAlchemy's back: exec_driver_sql("COMMIT").
_ENDS_TRANSACTION = re.compile(r"(?:^|;)\s*(?:commit|end)\b", re.IGNORECASE)
_LOCK_NOT_AVAILABLE = "55P03"


class TransactionGuard:
    """Begins each test's transaction, watches what escapes it, and ends it.

    * :meth:`begin` opens the test's connection and its outer transaction;
      :meth:`end` rolls it back and closes the connection.
    * Data committed while a test runs (through another connection of the engine, as
      code under test with a connection or Session of its own does, or a ``COMMIT``
      sent as SQL), a test that ends the outer transaction itself or commits on the
      driver's connection, and a connection broken by the test: each leaves data the
      rollback cannot undo. :attr:`needs_rebuild` then says so, until :meth:`rebuilt`.
    * Inside :meth:`plugin_writes`, commits are the plugin's own (the default data set)
      and go unnoticed.
    * While a test that seeded its own data runs, its transaction holds locks on every
      table: another connection that gives up waiting (``lock_timeout``) raises a
      :class:`~pytest_dbseed.errors.DbseedError` that says what to do instead.

    One guard per engine; :meth:`close` stops watching.
    """

    def __init__(self, engine: sa.Engine) -> None:
        from sqlalchemy import event

        self.engine = engine
        self._engines: list[sa.Engine] = []
        self._conn: sa.Connection | None = None
        self._others: list[sa.Connection] = []
        """The test's further connections (an async fixture's), watched like ``_conn``."""
        self.away: str | None = None
        """While a test's data is in another database (a plan's copy): its name."""
        self._trans: sa.RootTransaction | None = None
        self._own_data = False
        self._executed = False
        self._writing = False
        self._escaped = False
        self._log = False
        self._listeners = (
            ("commit", self._on_commit),
            ("before_cursor_execute", self._before_execute),
            ("handle_error", self._on_error),
        )
        self.watch(engine)
        # Any engine at all: code under test may make one of its own on the test database.
        event.listen(type(engine), "handle_error", self._on_foreign_error)
        event.listen(type(engine), "before_cursor_execute", self._foreign_execute)

    def watch(self, engine: sa.Engine) -> None:
        """Watch another engine on the same database too (an ``AsyncEngine``'s sync engine)."""
        from sqlalchemy import event

        for name, listener in self._listeners:
            event.listen(engine, name, listener)
        self._engines.append(engine)

    def close(self) -> None:
        """Stop watching the engines."""
        from sqlalchemy import event

        every: tuple[tuple[str, Any], ...] = (
            ("handle_error", self._on_foreign_error),
            ("before_cursor_execute", self._foreign_execute),
        )
        for name, listener in every:
            if event.contains(type(self.engine), name, listener):
                event.remove(type(self.engine), name, listener)
        for engine in self._engines:
            for name, listener in self._listeners:
                if event.contains(engine, name, listener):
                    event.remove(engine, name, listener)
        self._engines = []

    # -- what escaped ------------------------------------------------------------------

    def watch_tables(self, metadata: sa.MetaData) -> bool:
        """Have the database itself record committed writes to ``metadata``'s tables.

        See :mod:`pytest_dbseed._writelog`: this catches commits the engine's events
        cannot see (the driver's own commit, AUTOCOMMIT, another engine, another
        process). False when the database refused it; the events still watch.
        """
        from pytest_dbseed import _writelog

        with self.plugin_writes():
            self._log = _writelog.install(self.engine, metadata)
        return self._log

    def data_committed(self) -> bool:
        """Whether data outlived a test: what the events saw, or what the database logged.

        One query on a pooled connection when nothing was seen yet.
        """
        if self._escaped or not self._log:
            return self._escaped
        from pytest_dbseed import _writelog

        with self.engine.connect() as conn:
            self._escaped = _writelog.has_writes(conn)
        return self._escaped

    def forget_writes(self) -> None:
        """The plugin's own writes are done (the default data set): clear the log."""
        if not self._log:
            return
        from pytest_dbseed import _writelog

        with self.plugin_writes(), self.engine.begin() as conn:
            _writelog.clear(conn)

    @property
    def needs_rebuild(self) -> bool:
        """Data outlived a test (or was committed between tests): rebuild the default set."""
        return self._escaped

    def escaped(self) -> None:
        """Data outlived the test in a way only its fixture saw (an async transaction ended)."""
        self._escaped = True

    def own(self, conn: sa.Connection) -> None:
        """``conn`` is the running test's too (an async fixture's connection, synchronously)."""
        self._others.append(conn)

    def disown(self, conn: sa.Connection) -> None:
        self._others = [c for c in self._others if c is not conn]

    def _is_test(self, conn: sa.Connection) -> bool:
        return conn is self._conn or any(conn is c for c in self._others)

    def rebuilt(self) -> None:
        """The default data set was rebuilt: nothing has escaped since."""
        self._escaped = False

    @contextmanager
    def plugin_writes(self) -> Iterator[None]:
        """The plugin itself commits data here (the default data set): do not count it."""
        self._writing = True
        try:
            yield
        finally:
            self._writing = False

    # -- one test ----------------------------------------------------------------------

    @property
    def connection(self) -> sa.Connection | None:
        """The running test's connection (None between tests)."""
        return self._conn

    def begin(self, *, own_data: bool = False) -> sa.Connection:
        """Open the test's connection and outer transaction.

        ``own_data``: the test seeds data of its own in that transaction (a ``seed``
        marker), which then locks every table until :meth:`end`.
        """
        if self._conn is not None:
            raise RuntimeError("a test transaction is already open; end() it first")
        conn = self.engine.connect()
        try:
            self._trans = conn.begin()
        except BaseException:
            conn.close()
            raise
        self._conn, self._own_data, self._executed = conn, own_data, False
        return conn

    def end(self) -> None:
        """Roll the test back and close its connection; note what outlived the rollback."""
        conn, trans, executed = self._conn, self._trans, self._executed
        self._conn, self._trans, self._own_data, self._executed = None, None, False, False
        if conn is None or trans is None:
            return
        try:
            if trans.is_active and executed and _committed_behind_our_back(conn):
                self._escaped = True
            if trans.is_active:
                try:
                    trans.rollback()
                except Exception:
                    # The test broke the connection itself; throw it away rather than
                    # hand a half-dead one to the pool.
                    conn.invalidate()
                    self._escaped = True
            else:
                # The test ended our transaction (commit, or closing the connection). A
                # rollback would not undo a commit.
                self._escaped = True
        finally:
            conn.close()

    # -- the engine's events -----------------------------------------------------------

    def _on_commit(self, conn: sa.Connection) -> None:
        if self._writing or self._is_test(conn) or self._escaped:
            return
        if _has_written(conn):
            self._escaped = True

    def _before_execute(
        self,
        conn: sa.Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if conn is self._conn:
            self._executed = True
        if self.away is not None and not self._writing and not self._is_test(conn):
            raise DbseedError(
                "a connection of dbseed_engine was used while the running test's data is in "
                f"database {self.away!r}: the test's @pytest.mark.{MARKER_NAME} plan was "
                "seeded once into a database of its own, and dbseed_engine would see the "
                "default data set instead. Fix: have the code under test use the "
                "seeded_session or seeded_connection fixture (or async_seeded_session, "
                "dbseed.connection) instead of opening its own connection on dbseed_engine."
            )
        if not self._writing and _ENDS_TRANSACTION.search(statement):
            self._escaped = True

    def _on_error(self, ctx: sa.engine.ExceptionContext) -> None:
        orig = ctx.original_exception
        code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
        if (
            code != _LOCK_NOT_AVAILABLE
            or "lock timeout" not in str(orig)
            or not self._own_data
            or (ctx.connection is not None and self._is_test(ctx.connection))
        ):
            return
        raise DbseedError(
            "a connection of dbseed_engine waited dbseed_lock_timeout for a lock and gave up "
            f"({str(orig).strip().splitlines()[0]}). The running test has a "
            f"@pytest.mark.{MARKER_NAME} marker: its data was seeded inside the test's "
            "transaction, which holds locks on every table until the test ends, so a "
            "second connection cannot use those tables. Fix: have the code under test use "
            "the seeded_session or seeded_connection fixture (or dbseed.connection) "
            "instead of opening its own connection on dbseed_engine."
        ) from orig


    def _is_foreign(self, engine: sa.Engine | None) -> bool:
        """``engine`` is not one we watch, but it is on our database."""
        if engine is None or any(engine is e for e in self._engines):
            return False
        url, ours = engine.url, self.engine.url
        return (url.database, url.host, url.port) == (ours.database, ours.host, ours.port)

    def _foreign_execute(
        self,
        conn: sa.Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if self.away is None or not self._is_foreign(conn.engine):
            return
        raise DbseedError(
            "a connection to the test database that is not the test's own was used while the "
            f"running test's data is in database {self.away!r}: the test's "
            f"@pytest.mark.{MARKER_NAME} plan was seeded once into a database of its own, and "
            "this connection would see the default data set instead. Fix: have the code under "
            "test use the seeded_session or seeded_connection fixture (async code: "
            "async_seeded_session or async_seeded_connection) instead of an engine of its own."
        )

    def _on_foreign_error(self, ctx: sa.engine.ExceptionContext) -> None:
        """A lock wait given up on an engine we do not watch, on the test database."""
        if not self._is_foreign(ctx.engine):
            return
        orig = ctx.original_exception
        code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
        if code != _LOCK_NOT_AVAILABLE and "lock timeout" not in str(orig):
            return
        if not self._own_data:
            return
        raise DbseedError(
            "a connection to the test database that is not the test's own waited "
            f"dbseed_lock_timeout for a lock and gave up ({str(orig).strip().splitlines()[0]}). "
            f"The running test has a @pytest.mark.{MARKER_NAME} marker whose data was seeded "
            "inside the test's transaction, which holds locks on every table until the test "
            "ends. Fix: have the code under test use the seeded_session or seeded_connection "
            "fixture (async code: async_seeded_session or async_seeded_connection) instead "
            "of an engine of its own."
        ) from orig


def _has_written(conn: sa.Connection) -> bool:
    """Whether ``conn``'s open transaction wrote anything (has a transaction id)."""
    try:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute("SELECT txid_current_if_assigned()")
            row = cursor.fetchone()
        finally:
            cursor.close()
    except Exception:
        return True  # Cannot tell: rebuilding is always safe.
    return row is not None and row[0] is not None


def _committed_behind_our_back(conn: sa.Connection) -> bool:
    """The DBAPI connection has no open transaction although SQLAlchemy's is active.

    That is what ``seeded_connection.connection.dbapi_connection.commit()`` leaves.
    """
    try:
        dbapi = conn.connection.dbapi_connection
        status = dbapi.info.transaction_status  # type: ignore[union-attr]
    except Exception:
        return False
    return int(status) == 0  # IDLE in psycopg2 and psycopg 3 (libpq's PQTRANS_IDLE)
