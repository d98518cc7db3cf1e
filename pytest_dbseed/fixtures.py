"""Every fixture of the plugin; ``plugin.py`` imports them by name so pytest registers them.

Lifecycle, per run (and per xdist worker):

* ``dbseed_metadata`` loads the models once.
* ``dbseed_engine`` gets a server from :mod:`pytest_dbseed.provision`, creates a fresh
  database named after the run and the worker, creates the schema, and drops it all at
  the end (unless ``--dbseed-keep``).
* The default data set (``--seed-count`` rows per table) is seeded once and committed.
* Each test gets a connection inside an outer transaction that is rolled back afterwards.
  A test on the default plan pays only for BEGIN and ROLLBACK; a test whose ``seed``
  marker asks for other data clears the tables and seeds its plan *inside* that
  transaction, so the rollback restores the default data set.

SQLAlchemy, the engine and the provisioning are imported inside the fixtures: a run
that uses none of them pays nothing.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from pytest_dbseed.config import Settings, load_metadata
from pytest_dbseed.errors import ConfigError, DbseedError, mask_url
from pytest_dbseed.markers import MARKER_NAME, resolve_counts, seed_signature, spec_for_item

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from pytest_dbseed.engine.api import SeedReport
    from pytest_dbseed.engine.schema import SchemaGraph
    from pytest_dbseed.provision import Server

__all__ = [
    "NO_MODELS",
    "SEEDING_FIXTURES",
    "RunState",
    "RUN_KEY",
    "get_run",
    "ensure_server",
    "DbseedHandle",
    "dbseed_metadata",
    "dbseed_engine",
    "dbseed_lock_timeout",
    "seeded_connection",
    "seeded_session",
    "dbseed",
]

NO_MODELS = (
    "pytest-dbseed does not know your models: set `dbseed_models = pkg.module:Base` "
    "in the ini file, pass --dbseed-models=pkg.module:Base, or override the "
    "dbseed_metadata fixture in conftest.py"
)

SEEDING_FIXTURES = ("seeded_session", "seeded_connection", "dbseed")
"""Fixtures that seed data for a test; a ``seed`` marker needs one of them."""


@dataclass
class RunState:
    """What the plugin knows about this run (one per process: controller or worker)."""

    settings: Settings
    seed: int
    seed_source: str
    run_id: str
    worker: str | None
    metadata: Any = None
    """The models' MetaData once loaded (at collection time when ``dbseed_models`` is set)."""
    graphs: dict[int, SchemaGraph] = field(default_factory=dict)
    server_ticket: str | None = None
    """Under xdist, where to borrow the controller's server (None: get one ourselves)."""
    server: Server | None = None
    """The server of this run, once obtained (at collection time or by ``dbseed_engine``)."""
    server_error: str | None = None
    """Why no server could be had: every later attempt fails with it, none retries."""
    server_label: str | None = None
    database_label: str | None = None
    kept_database: str | None = None
    """With --dbseed-keep: the kept database's URL (password masked)."""
    keep_connect: str | None = None
    """With --dbseed-keep: how to connect to the kept database."""
    default_report: SeedReport | None = None
    default_seconds: float = 0.0
    test_seeds: int = 0
    test_rows: int = 0
    test_seconds: float = 0.0
    restores: int = 0
    models_error: str | None = None
    """Why the models could not be loaded at collection time (the run ends with it)."""
    dirty: bool = False
    """Something committed data outside a test's transaction: rebuild the default data."""
    seeding: bool = False
    """The plugin itself is writing committed data (default data set, rebuild)."""
    test_conn: Any = None
    """The running test's Connection (None between tests)."""
    test_marked: bool = False
    """The running test seeded its own data (TRUNCATE + inserts inside its transaction)."""
    test_executed: bool = False
    """The running test's connection has sent a statement since its BEGIN."""

    def graph(self, metadata: sa.MetaData) -> SchemaGraph:
        """The schema graph of ``metadata``, built once."""
        graph = self.graphs.get(id(metadata))
        if graph is None:
            from pytest_dbseed.engine.schema import build_schema

            graph = self.graphs[id(metadata)] = build_schema(metadata)
        return graph

    def summary(self) -> dict[str, Any]:
        """A JSON-able summary, sent from xdist workers to the controller."""
        rows = (
            {str(k): int(v) for k, v in self.default_report.rows.items()}
            if self.default_report
            else {}
        )
        return {
            "default_rows": rows,
            "default_seconds": self.default_seconds,
            "test_seeds": self.test_seeds,
            "test_rows": self.test_rows,
            "test_seconds": self.test_seconds,
            "restores": self.restores,
            "server": self.server_label,
            "database": self.database_label,
            "kept_database": self.kept_database,
            "keep_connect": self.keep_connect,
        }


RUN_KEY = pytest.StashKey[RunState]()


def get_run(config: pytest.Config) -> RunState:
    """The run's :class:`RunState` (set up by the plugin in ``pytest_configure``)."""
    return config.stash[RUN_KEY]


def ensure_server(run: RunState) -> Server:
    """This run's server: obtained once, then the same object every time.

    Under xdist it is borrowed from the controller (one server for all workers);
    otherwise it comes from ``--dbseed-backend`` / ``--dbseed-url``. Raises
    :class:`~pytest_dbseed.errors.DbseedError` with a masked message when none can be
    had, and raises the same again on later calls instead of trying anew.
    """
    if run.server is not None:
        return run.server
    if run.server_error is not None:
        raise DbseedError(run.server_error)
    from pytest_dbseed import provision

    settings = run.settings
    try:
        if run.server_ticket:
            server: Server = provision.borrow_server(run.server_ticket)
        else:
            server = provision.start_server(
                settings.effective_backend, settings.url, keep=settings.keep
            )
    except DbseedError as exc:
        run.server_error = mask_url(f"pytest-dbseed could not get a PostgreSQL server: {exc}")
        raise DbseedError(run.server_error) from None
    run.server = server
    run.server_label = server.describe()
    return server


def _fail(message: str) -> NoReturn:
    __tracebackhide__ = True
    # pytrace=False: a configuration problem deserves one sentence, not a traceback
    # repeated under every test.
    try:
        pytest.fail(mask_url(message), pytrace=False)
    except pytest.fail.Exception as exc:
        # Called from an except block, the message already says what the caught error
        # said: do not print that one again as "During handling of ...".
        exc.__suppress_context__ = True
        raise


@pytest.fixture(scope="session")
def dbseed_metadata(request: pytest.FixtureRequest) -> sa.MetaData:
    """The SQLAlchemy ``MetaData`` being seeded, loaded from ``dbseed_models``.

    Override this fixture in conftest.py to seed anything else, e.g.::

        @pytest.fixture(scope="session")
        def dbseed_metadata():
            from myapp.models import Base
            return Base.metadata
    """
    run = get_run(request.config)
    if run.metadata is not None:
        return run.metadata  # type: ignore[no-any-return]
    if not run.settings.models:
        _fail(NO_MODELS)
    try:
        run.metadata = load_metadata(str(run.settings.models), request.config.rootpath)
    except ConfigError as exc:
        _fail(str(exc))
    return run.metadata  # type: ignore[no-any-return]


LOCK_TIMEOUT = "15s"
"""How long a ``dbseed_engine`` connection waits for a lock before failing (default).

In a test with a ``seed`` marker, the test's transaction holds ACCESS EXCLUSIVE locks
(TRUNCATE) on every table until the rollback; another connection touching those tables
would wait forever (and Ctrl-C cannot interrupt a wait inside libpq).
"""

# A statement that ends the transaction behind SQLAlchemy's back: exec_driver_sql("COMMIT").
_ENDS_TRANSACTION = re.compile(r"(?:^|;)\s*(?:commit|end)\b", re.IGNORECASE)
_LOCK_NOT_AVAILABLE = "55P03"


def _engine_options(db_url: sa.URL, lock_timeout: str | None) -> dict[str, Any]:
    if lock_timeout and db_url.get_driver_name() in ("psycopg2", "psycopg", "psycopg2cffi"):
        # Sent with the startup packet: no extra round trip per connection.
        value = str(lock_timeout).replace(" ", "")
        return {"connect_args": {"options": f"-c lock_timeout={value}"}}
    return {}


@pytest.fixture(scope="session")
def dbseed_lock_timeout() -> str | None:
    """How long a ``dbseed_engine`` connection waits for a lock: ``"15s"``.

    PostgreSQL's ``lock_timeout`` syntax (``"500ms"``, ``"1min"``). Override it in
    conftest.py to wait longer, or return None to wait forever as PostgreSQL does.
    """
    return LOCK_TIMEOUT


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


def _watch_commits(engine: sa.Engine, run: RunState) -> None:
    """Mark the default data dirty whenever data is committed outside a test's transaction.

    Covers code under test that opens its own connection (``with engine.begin()``,
    a Session bound to ``dbseed_engine``) and raw ``COMMIT`` statements. The test's
    own connection is checked when the test ends (see :func:`_end_test`).
    """
    from sqlalchemy import event

    def on_commit(conn: sa.Connection) -> None:
        if run.seeding or conn is run.test_conn or run.dirty:
            return
        if _has_written(conn):
            run.dirty = True

    def before_execute(
        conn: sa.Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if conn is run.test_conn:
            run.test_executed = True
        if not run.seeding and _ENDS_TRANSACTION.search(statement):
            run.dirty = True

    def on_error(ctx: sa.engine.ExceptionContext) -> None:
        orig = ctx.original_exception
        code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
        if (
            code != _LOCK_NOT_AVAILABLE
            or "lock timeout" not in str(orig)
            or not run.test_marked
            or ctx.connection is run.test_conn
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

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "handle_error", on_error)


def _metadata_of(value: object) -> sa.MetaData:
    """What ``dbseed_metadata`` returned, as a MetaData: a declarative base is fine too."""
    import sqlalchemy as sa

    __tracebackhide__ = True
    if isinstance(value, sa.MetaData):
        return value
    md = getattr(value, "metadata", None)
    if isinstance(md, sa.MetaData):
        return md
    _fail(
        f"the dbseed_metadata fixture returned {value!r} ({type(value).__name__}), which is "
        "not a MetaData: return Base.metadata (or the declarative base, or SQLModel)"
    )


def _create_schema(engine: sa.Engine, metadata: sa.MetaData) -> None:
    import sqlalchemy as sa

    schemas = sorted({t.schema for t in metadata.tables.values() if t.schema})
    with engine.begin() as conn:
        for name in schemas:
            conn.execute(sa.schema.CreateSchema(name, if_not_exists=True))
        metadata.create_all(conn)


@pytest.fixture(scope="session")
def dbseed_engine(
    request: pytest.FixtureRequest, dbseed_metadata: sa.MetaData, dbseed_lock_timeout: str | None
) -> Iterator[sa.Engine]:
    """The ``Engine`` of this run's test database, with the schema created.

    The database is created fresh on the server chosen by ``--dbseed-backend`` /
    ``--dbseed-url``, named after the run and the xdist worker, and dropped at the end
    of the run unless ``--dbseed-keep`` is given. It holds no rows until a seeding
    fixture (``seeded_session``, ``seeded_connection``, ``dbseed``) is used.

    Its connections give up waiting for a lock after ``dbseed_lock_timeout``: in a
    test with a ``seed`` marker the test's transaction locks every table, so code under
    test must use ``seeded_session`` / ``seeded_connection``, not a connection of its
    own. Data committed through a connection of its own is noticed, and the default
    data set is rebuilt before the next test.
    """
    import sqlalchemy as sa

    from pytest_dbseed import provision

    run = get_run(request.config)
    settings = run.settings
    metadata = _metadata_of(dbseed_metadata)
    try:
        server = ensure_server(run)
    except DbseedError as exc:
        _fail(str(exc))
    name = provision.database_name(run.run_id, run.worker)
    # Only a server someone else runs outlives us: there, drop what a killed run of
    # ours left behind, and have our database dropped even on SIGTERM.
    foreign = server.backend == "url"
    if foreign:
        provision.reap_orphans(server.url)
    try:
        db_url = provision.create_database(
            server.url, name, drop_at_exit=foreign and not settings.keep
        )
    except Exception as exc:
        if not settings.keep:
            server.stop()
        _fail(f"pytest-dbseed could not create the test database {name!r}: {exc}")
    run.database_label = name
    engine = sa.create_engine(db_url, **_engine_options(db_url, dbseed_lock_timeout))
    try:
        try:
            _create_schema(engine, metadata)
        except Exception as exc:
            _fail(f"pytest-dbseed could not create the schema in database {name!r}: {exc}")
        _watch_commits(engine, run)
        yield engine
    finally:
        engine.dispose()
        if settings.keep:
            run.kept_database = db_url.render_as_string(hide_password=True)
            run.keep_connect = server.connect_hint(name)
        else:
            try:
                provision.drop_database(server.url, name)
            finally:
                server.stop()


def _truncate(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Empty every table of ``metadata`` inside ``conn``'s transaction.

    TRUNCATE is transactional in PostgreSQL, RESTART IDENTITY included, so the
    outer rollback brings the default data set (and the sequences) back.
    """
    tables = list(metadata.sorted_tables)
    if not tables:
        return
    prep = conn.dialect.identifier_preparer
    names = ", ".join(prep.format_table(t) for t in tables)
    conn.exec_driver_sql(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE")


def _seed_default(run: RunState, engine: sa.Engine, metadata: sa.MetaData) -> SeedReport:
    from pytest_dbseed.engine.api import seed

    settings = run.settings
    start = time.perf_counter()
    run.seeding = True
    try:
        report = seed(
            engine,
            metadata,
            counts=None,
            default=settings.count,
            seed=run.seed,
            locale=settings.locale_arg,
        )
    except DbseedError as exc:
        _fail(
            f"pytest-dbseed could not seed the default data set "
            f"({settings.count} rows per table, seed {run.seed}): {exc}"
        )
    finally:
        run.seeding = False
    run.default_seconds += time.perf_counter() - start
    return report


def _restore_default(run: RunState, engine: sa.Engine, metadata: sa.MetaData) -> None:
    # Something committed data outside a test's transaction: it is in the database for
    # good. Rebuild the default data set so the next test sees exactly what it expects.
    run.seeding = True
    try:
        with engine.begin() as conn:
            _truncate(conn, metadata)
    finally:
        run.seeding = False
    run.default_report = _seed_default(run, engine, metadata)
    run.restores += 1
    run.dirty = False


@pytest.fixture(scope="session")
def _dbseed_default(
    request: pytest.FixtureRequest, dbseed_engine: sa.Engine, dbseed_metadata: sa.MetaData
) -> SeedReport:
    """Seed the default data set once per run and commit it."""
    run = get_run(request.config)
    metadata = _metadata_of(dbseed_metadata)
    if run.dirty:
        # A test using dbseed_engine alone committed rows before any data was seeded.
        _restore_default(run, dbseed_engine, metadata)
    else:
        run.default_report = _seed_default(run, dbseed_engine, metadata)
    assert run.default_report is not None
    return run.default_report


class DbseedHandle:
    """The test's seeding handle (the ``dbseed`` fixture).

    ``counts`` maps table full names to the rows the test's data set holds (what was
    seeded plus what :meth:`add` added); ``seed`` is the seed of this run; ``report``
    is the :class:`~pytest_dbseed.SeedReport` of the data the test started with.
    """

    def __init__(
        self,
        connection: sa.Connection,
        metadata: sa.MetaData,
        graph: SchemaGraph,
        report: SeedReport,
        seed: int,
        locale: str | list[str] | None,
        default_count: int = 0,
    ) -> None:
        self.connection = connection
        self.metadata = metadata
        self.report = report
        self.seed = seed
        self._graph = graph
        self._locale = locale
        self._default_count = default_count
        self.counts: dict[str, int] = {name: 0 for name in graph.tables}
        self.counts.update(report.rows)
        self.added: list[SeedReport] = []
        """Reports of every :meth:`add` call, in order."""

    def count(self, key: object) -> int:
        """Rows seeded in a table named by table name, full name, class name, Table or class."""
        return self.counts[self._graph.resolve(key).fullname]

    def add(self, *counts_dicts: Mapping[Any, Any], only: bool = True, **counts: Any) -> SeedReport:
        """Seed more rows inside the test's transaction: ``dbseed.add(User=5)``.

        Same keys and values as the ``seed`` marker. The rows come after the ones already
        there and may point at existing parents. Other tables get no rows except parents
        the new rows need (``only=True``, the default); with ``only=False`` they get
        ``--seed-count`` more rows each. Flush a session's pending objects first if
        they matter.
        """
        from pytest_dbseed.engine.api import seed

        spec = seed_signature(*counts_dicts, only=only, **counts)
        resolved = resolve_counts(spec.counts, self._graph)
        report = seed(
            self.connection,
            self.metadata,
            counts=resolved,
            default=0 if spec.only else self._default_count,
            seed=self.seed,
            locale=self._locale,
            append=True,
        )
        for name, n in report.rows.items():
            self.counts[name] = self.counts.get(name, 0) + n
        self.added.append(report)
        return report

    def __repr__(self) -> str:
        seeded = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        return f"<dbseed seed={self.seed} {seeded}>"


@pytest.fixture
def _dbseed_test(
    request: pytest.FixtureRequest,
    dbseed_engine: sa.Engine,
    dbseed_metadata: sa.MetaData,
    _dbseed_default: SeedReport,
) -> Iterator[DbseedHandle]:
    """One test's connection, outer transaction and data set (shared by the three fixtures)."""
    from pytest_dbseed.engine.api import seed

    run = get_run(request.config)
    dbseed_metadata = _metadata_of(dbseed_metadata)
    try:
        graph = run.graph(dbseed_metadata)
        spec = spec_for_item(request.node.iter_markers(MARKER_NAME))
        counts = resolve_counts(spec.counts, graph)
    except DbseedError as exc:
        _fail(f"@pytest.mark.{MARKER_NAME} on {request.node.nodeid}: {exc}")
    if run.dirty:
        _restore_default(run, dbseed_engine, dbseed_metadata)
    conn = dbseed_engine.connect()
    trans = conn.begin()
    run.test_conn, run.test_marked, run.test_executed = conn, not spec.is_default, False
    try:
        if spec.is_default:
            assert run.default_report is not None
            report = run.default_report
        else:
            default = 0 if spec.only else run.settings.count
            start = time.perf_counter()
            _truncate(conn, dbseed_metadata)
            try:
                report = seed(
                    conn,
                    dbseed_metadata,
                    counts=counts,
                    default=default,
                    seed=run.seed,
                    locale=run.settings.locale_arg,
                )
            except DbseedError as exc:
                _fail(
                    f"@pytest.mark.{MARKER_NAME} on {request.node.nodeid}: could not seed "
                    f"this test's data (seed {run.seed}): {exc}"
                )
            run.test_seconds += time.perf_counter() - start
            run.test_seeds += 1
            run.test_rows += report.total
        yield DbseedHandle(
            conn,
            dbseed_metadata,
            graph,
            report,
            run.seed,
            run.settings.locale_arg,
            default_count=run.settings.count,
        )
    finally:
        _end_test(run, conn, trans)


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


def _end_test(run: RunState, conn: sa.Connection, trans: sa.RootTransaction) -> None:
    executed = run.test_executed
    run.test_conn, run.test_marked, run.test_executed = None, False, False
    if trans.is_active and executed and _committed_behind_our_back(conn):
        run.dirty = True
    if trans.is_active:
        try:
            trans.rollback()
        except Exception:
            # The test broke the connection itself; throw it away rather than hand a
            # half-dead one to the next test.
            conn.invalidate()
            run.dirty = True
    else:
        # The test ended our transaction (commit, or closing the connection). A
        # rollback would not undo a commit, so rebuild before the next test.
        run.dirty = True
    conn.close()


@pytest.fixture
def seeded_connection(_dbseed_test: DbseedHandle) -> sa.Connection:
    """A Core ``Connection`` on the seeded data, inside a transaction rolled back after the test.

    Without a ``seed`` marker the data is the default set (``--seed-count`` rows per
    table), seeded once per run; with one, the marker's plan.
    """
    return _dbseed_test.connection


def _session_class(metadata: sa.MetaData) -> type[Session]:
    """``sqlmodel.Session`` (with ``.exec()``) for SQLModel models, else SQLAlchemy's."""
    # Only look if the models already imported sqlmodel: never import it ourselves.
    sqlmodel = sys.modules.get("sqlmodel")
    base = getattr(sqlmodel, "SQLModel", None) if sqlmodel is not None else None
    if base is not None and metadata is getattr(base, "metadata", None):
        return sqlmodel.Session  # type: ignore[union-attr,no-any-return]
    from sqlalchemy.orm import Session

    return Session


@pytest.fixture
def seeded_session(_dbseed_test: DbseedHandle) -> Iterator[Session]:
    """A SQLAlchemy ``Session`` on the seeded data, rolled back after the test.

    For SQLModel models (``SQLModel.metadata``) it is a ``sqlmodel.Session``, so
    ``seeded_session.exec(select(Hero))`` works.

    It joins the test's transaction with savepoints
    (``join_transaction_mode="create_savepoint"``), so ``session.commit()`` in code
    under test is safe: nothing outlives the test.
    """
    session = _session_class(_dbseed_test.metadata)(
        bind=_dbseed_test.connection, join_transaction_mode="create_savepoint"
    )
    try:
        yield session
    finally:
        try:
            session.close()
        except Exception:
            # A session broken by the test must not hide the outer rollback.
            pass


@pytest.fixture
def dbseed(_dbseed_test: DbseedHandle) -> DbseedHandle:
    """The test's seeding handle: ``.counts``, ``.count(Model)``, ``.seed``, ``.report``,
    and ``.add(Model=n)`` to seed more rows inside the test."""
    return _dbseed_test
