"""Every fixture of the plugin; ``plugin.py`` imports them by name so pytest registers them.

Lifecycle, per run (and per xdist worker):

* ``dbseed_metadata`` loads the models once (or, without models, reflects the test
  database once its schema is built by Alembic or an overridden ``dbseed_create_schema``).
* ``dbseed_engine`` gets a server from :mod:`pytest_dbseed.provision`, creates a fresh
  database named after the run and the worker, has ``dbseed_create_schema`` build the
  schema, and drops it all at the end (unless ``--dbseed-keep``). A
  :class:`~pytest_dbseed._transaction.TransactionGuard` watches its engine from then on.
* The default data set (``--seed-count`` rows per table) is seeded once and committed
  (:class:`~pytest_dbseed._data.DefaultData`).
* Each test gets a connection inside an outer transaction that is rolled back afterwards.
  A test on the default plan pays only for BEGIN and ROLLBACK. A test whose ``seed``
  marker asks for other data runs the same way on its plan's own database, seeded once
  per run (:mod:`pytest_dbseed._plans`); a plan that cannot be kept is seeded *inside*
  the test's transaction after emptying the tables, so the rollback restores the
  default data set. Data that outlives a test is noticed: the default data set is
  rebuilt before the next test, a plan's database dropped.
* The async fixtures open an async connection of their own on the same committed data
  (:mod:`pytest_dbseed._async`).

SQLAlchemy, the engine and the provisioning are imported inside the fixtures: a run
that uses none of them pays nothing.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from pytest_dbseed._handle import DbseedHandle
from pytest_dbseed._run import NO_MODELS, get_run
from pytest_dbseed.errors import ConfigError, DbseedError, interruption, mask_url
from pytest_dbseed.markers import MARKER_NAME, resolve_counts, spec_for_item

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from pytest_dbseed._data import DefaultData, Overrides
    from pytest_dbseed._plans import PlanCache, TestData
    from pytest_dbseed.engine.api import SeedReport

__all__ = [
    "dbseed_metadata",
    "dbseed_create_schema",
    "dbseed_engine",
    "dbseed_lock_timeout",
    "dbseed_overrides",
    "dbseed_async_driver",
    "seeded_connection",
    "seeded_session",
    "async_seeded_connection",
    "async_seeded_session",
    "dbseed",
]

ASYNC_FIXTURES = ("async_seeded_session", "async_seeded_connection")
SEEDING_FIXTURES = ("seeded_session", "seeded_connection", "dbseed", *ASYNC_FIXTURES)
"""Fixtures that seed data for a test; a ``seed`` marker needs one of them."""


def uses_own_fixture(item: object, name: str) -> bool:
    """True when ``item`` gets fixture ``name`` from this module, not from an override."""
    info = getattr(item, "_fixtureinfo", None)
    defs = getattr(info, "name2fixturedefs", {}).get(name) if info else None
    if not defs:
        return False
    func = getattr(defs[-1], "func", None)
    return getattr(func, "__module__", "") == __name__


def reflects_schema(item: object, alembic: bool) -> bool:
    """Without models, is ``item``'s schema built by something that is not ``create_all``
    (Alembic, an overridden ``dbseed_create_schema``), so the database can be reflected?"""
    if alembic:
        return True
    info = getattr(item, "_fixtureinfo", None)
    names = getattr(info, "name2fixturedefs", {}) if info else {}
    return "dbseed_create_schema" in names and not uses_own_fixture(item, "dbseed_create_schema")


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
        # The same problem met by many tests (no server, a default data set that cannot
        # be seeded) is shown in full once; the plugin shortens the others' reports.
        exc.dbseed_problem = mask_url(message)  # type: ignore[attr-defined]
        raise


@pytest.fixture(scope="session")
def dbseed_metadata(request: pytest.FixtureRequest) -> sa.MetaData:
    """The SQLAlchemy ``MetaData`` being seeded, loaded from ``dbseed_models``.

    Override this fixture in conftest.py to seed anything else, e.g.::

        @pytest.fixture(scope="session")
        def dbseed_metadata():
            from myapp.models import Base
            return Base.metadata

    Without models, when the schema is built by Alembic (``dbseed_alembic``) or by an
    overridden ``dbseed_create_schema``, the test database is reflected once it is built:
    every table but the migration tool's own (``alembic_version``) is seeded.
    """
    run = get_run(request.config)
    models = run.models
    if not models.spec:
        item = getattr(request, "_pyfuncitem", None)
        if not reflects_schema(item, bool(run.info.settings.alembic)):
            _fail(NO_MODELS)
        # Filled by dbseed_engine, by reflection, once the schema is built.
        return models.to_reflect()
    try:
        return models.load()
    except ConfigError as exc:
        _fail(str(exc))


SchemaBuilder = Callable[["sa.Engine"], object]
"""What ``dbseed_create_schema`` returns: called once with the test database's Engine."""


@pytest.fixture(scope="session")
def dbseed_create_schema(
    request: pytest.FixtureRequest, dbseed_metadata: sa.MetaData
) -> SchemaBuilder:
    """How the test database's schema is built: a function called once with its ``Engine``.

    By default ``alembic upgrade head`` when ``dbseed_alembic`` is set, else the models'
    ``create_all`` (and ``CREATE SCHEMA`` for the schemas they name). Override it in
    conftest.py for any other way; without ``dbseed_models`` the database it builds is
    then reflected and seeded::

        @pytest.fixture(scope="session")
        def dbseed_create_schema():
            def create(engine):
                with engine.begin() as conn:
                    conn.exec_driver_sql(Path("schema.sql").read_text())
            return create

    The function must commit what it creates; it runs on an empty database the plugin
    made, never on one of yours.
    """
    run = get_run(request.config)
    alembic = run.alembic_path
    if alembic is not None:
        from pytest_dbseed._alembic import alembic_upgrade

        return functools.partial(alembic_upgrade, path=alembic)
    from pytest_dbseed._schema_build import create_schema

    return functools.partial(create_schema, metadata=_metadata_of(dbseed_metadata))


LOCK_TIMEOUT = "15s"
"""How long a ``dbseed_engine`` connection waits for a lock before failing (default).

In a test with a ``seed`` marker, the test's transaction holds ACCESS EXCLUSIVE locks
(TRUNCATE) on every table until the rollback; another connection touching those tables
would wait forever (and Ctrl-C cannot interrupt a wait inside libpq).
"""


def _engine_options(db_url: sa.URL, lock_timeout: str | None) -> dict[str, Any]:
    if lock_timeout and db_url.get_driver_name() in ("psycopg2", "psycopg", "psycopg2cffi"):
        # Sent with the startup packet: no extra round trip per connection.
        value = str(lock_timeout).replace(" ", "")
        return {"connect_args": {"options": f"-c lock_timeout={value}"}}
    return {}


def _database_lock_timeout(engine: sa.Engine, lock_timeout: str | None) -> None:
    """Every connection to the test database gives up waiting for a lock after a while.

    Also connections that code under test opens itself (an async engine of its own, say),
    which ``dbseed_engine``'s connect options cannot reach: never a hang.
    """
    if not lock_timeout or engine.dialect.name != "postgresql":
        return
    value = str(lock_timeout).replace(" ", "").replace("'", "")
    prep = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"ALTER DATABASE {prep.quote(str(engine.url.database))} SET lock_timeout = '{value}'"
        )


@pytest.fixture(scope="session")
def dbseed_lock_timeout() -> str | None:
    """How long a ``dbseed_engine`` connection waits for a lock: ``"15s"``.

    PostgreSQL's ``lock_timeout`` syntax (``"500ms"``, ``"1min"``). Override it in
    conftest.py to wait longer, or return None to wait forever as PostgreSQL does.
    """
    return LOCK_TIMEOUT


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


@pytest.fixture(scope="session")
def dbseed_engine(
    request: pytest.FixtureRequest,
    dbseed_metadata: sa.MetaData,
    dbseed_create_schema: SchemaBuilder,
    dbseed_lock_timeout: str | None,
) -> Iterator[sa.Engine]:
    """The ``Engine`` of this run's test database, with the schema built by
    ``dbseed_create_schema``.

    The database is created fresh on the server chosen by ``--dbseed-backend`` /
    ``--dbseed-url``, named after the run and the xdist worker, and dropped at the end
    of the run unless ``--dbseed-keep`` is given. A test that uses it sees the default
    data set, as every fixture that reaches the test database does.

    Its connections (and any other connection to its database) give up waiting for a
    lock after ``dbseed_lock_timeout``: in a test whose ``seed`` marker is seeded inside
    its transaction, that transaction locks every table; in a test whose plan has a
    database of its own, this engine would see the default data set and refuses. Code
    under test must use ``seeded_session`` / ``seeded_connection``, not a connection of
    its own. Data committed through a connection of its own is noticed, and the default
    data set is rebuilt before the next test.
    """

    from pytest_dbseed import provision

    run = get_run(request.config)
    settings = run.info.settings
    if not callable(dbseed_create_schema):
        _fail(
            f"the dbseed_create_schema fixture returned {dbseed_create_schema!r}, which is "
            "not callable: return a function that takes the Engine and builds the schema"
        )
    try:
        server = run.server()
    except DbseedError as exc:
        _fail(str(exc))
    name = run.info.database
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
    engine: sa.Engine | None = None
    try:
        # Inside the try: Ctrl-C from here on still drops the database.
        engine = provision.secret_engine(db_url, **_engine_options(db_url, dbseed_lock_timeout))
        try:
            _database_lock_timeout(engine, dbseed_lock_timeout)
            dbseed_create_schema(engine)
        except ConfigError as exc:
            _fail(f"pytest-dbseed could not build the schema of database {name!r}: {exc}")
        except Exception as exc:
            _fail(f"pytest-dbseed could not create the schema in database {name!r}: {exc}")
        if run.models.reflecting(dbseed_metadata):
            try:
                run.models.reflect(engine)
            except DbseedError as exc:
                _fail(f"pytest-dbseed could not read the schema of database {name!r}: {exc}")
        guard = run.guard_for(engine)
        # After reflection: a reflected MetaData holds its tables only now.
        guard.watch_tables(_metadata_of(dbseed_metadata))
        try:
            yield engine
        finally:
            guard.close()
            run.guard = None
    finally:
        if engine is not None:
            engine.dispose()
        if settings.keep:
            run.stats.record_kept(
                db_url.render_as_string(hide_password=True), server.connect_hint(name)
            )
        else:
            try:
                provision.drop_database(server.url, name)
            finally:
                server.stop()


@pytest.fixture(scope="session")
def dbseed_overrides() -> dict[Any, dict[str, Any]]:
    """Overrides applied under every plan: ``{model or table: {column: override}}``.

    Empty by default. Override it in conftest.py to fix a column for the default data
    set, every marker and ``dbseed.add()``; a marker's own ``rows(n, column=...)``
    wins over it::

        @pytest.fixture(scope="session")
        def dbseed_overrides():
            return {User: {"country": "DE"}, "payment_history": {"currency": fake("currency_code")}}
    """
    return {}


@pytest.fixture(scope="session")
def _dbseed_overrides(
    request: pytest.FixtureRequest, dbseed_metadata: sa.MetaData, dbseed_overrides: object
) -> Overrides:
    """``dbseed_overrides`` checked against the schema, keyed by table full name."""
    from collections.abc import Mapping

    if not dbseed_overrides:
        return {}
    fix = (
        "Fix: return {model or table name: {column name: override}} from the "
        "dbseed_overrides fixture in conftest.py, naming only tables and columns of the models"
    )
    if not isinstance(dbseed_overrides, Mapping):
        _fail(f"the dbseed_overrides fixture returned a {type(dbseed_overrides).__name__}. {fix}")
    graph = get_run(request.config).models.graph(_metadata_of(dbseed_metadata))
    out: dict[str, dict[str, Any]] = {}
    for key, cols in dbseed_overrides.items():
        try:
            table = graph.resolve(key)
            if not isinstance(cols, Mapping):
                raise ConfigError(f"the value for {key!r} is a {type(cols).__name__}, not a dict")
            for col in cols:
                table.column(str(col))
        except DbseedError as exc:
            _fail(f"the dbseed_overrides fixture: {exc}. {fix}")
        out.setdefault(table.fullname, {}).update({str(c): v for c, v in cols.items()})
    return out


@pytest.fixture(scope="session")
def _dbseed_default(
    request: pytest.FixtureRequest,
    dbseed_engine: sa.Engine,
    dbseed_metadata: sa.MetaData,
    _dbseed_overrides: Overrides,
) -> DefaultData:
    """The default data set of the test database, seeded once per run and committed."""
    from pytest_dbseed._data import DefaultData, Extras
    from pytest_dbseed._schema_build import missing_tables

    run = get_run(request.config)
    metadata = _metadata_of(dbseed_metadata)
    missing = missing_tables(dbseed_engine, metadata)
    if missing:
        alembic = run.alembic_path
        builder = f"alembic upgrade head ({alembic})" if alembic else "dbseed_create_schema"
        _fail(
            f"pytest-dbseed: the models name tables that {builder} did not create: "
            f"{', '.join(missing[:10])}; add them to the schema (a new migration) or leave "
            "them out of the models"
        )
    try:
        extras = Extras(run.providers(), run.models.frozen(metadata), _dbseed_overrides)
    except ConfigError as exc:
        _fail(f"pytest-dbseed: {exc}")
    data = DefaultData(
        dbseed_engine,
        metadata,
        run.guard_for(dbseed_engine),
        run.info,
        run.stats,
        extras,
    )
    data.data_dir = _data_dir(run.server_if_started)
    data.show = _stderr_writer(request.config)
    _ready(data)
    return data


def _data_dir(server: object) -> Path | None:
    """The data directory of a server this run (or its xdist controller) started, if any."""
    found = getattr(server, "data_dir", None)
    return Path(found) if found else None


def _stderr_writer(config: pytest.Config) -> Callable[[str], None]:
    """Write a line to the real stderr, past pytest's capturing (progress of a long seed)."""
    capman = config.pluginmanager.getplugin("capturemanager")

    def write(line: str) -> None:
        if capman is not None:
            with capman.global_and_fixture_disabled():
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
        else:
            sys.stderr.write(line + "\n")

    return write


@pytest.fixture(scope="session")
def _dbseed_plans(
    request: pytest.FixtureRequest,
    _dbseed_default: DefaultData,
    dbseed_lock_timeout: str | None,
) -> Iterator[PlanCache]:
    """The marker plans seeded into databases of their own, dropped at the end of the run."""

    from pytest_dbseed._plans import Database, PlanCache

    run = get_run(request.config)
    engine = _dbseed_default.engine
    server = run.server_if_started
    server_url = server.url if server is not None else engine.url.set(database="postgres")
    foreign = server is None or server.backend == "url"
    main = Database(str(engine.url.database), engine.url, engine, _dbseed_default.guard)

    def make_engine(url: sa.URL) -> sa.Engine:
        from pytest_dbseed import provision

        return provision.secret_engine(url, **_engine_options(url, dbseed_lock_timeout))

    cache = PlanCache(
        main,
        server_url,
        _dbseed_default.metadata,
        frozen=_dbseed_default.extras.frozen,
        size=run.info.settings.plan_cache,
        drop_at_exit=foreign and not run.info.settings.keep,
        make_engine=make_engine,
        stats=run.stats,
    )
    try:
        yield cache
    finally:
        cache.close()


def _ready(data: DefaultData, test: str | None = None) -> SeedReport:
    """The default data set, rebuilt first if data outlived the previous test."""
    __tracebackhide__ = True
    import sqlalchemy as sa

    try:
        return data.ready(test)
    except DbseedError as exc:
        _fail(f"pytest-dbseed {exc}")
    except sa.exc.DBAPIError as exc:
        interrupt = interruption(exc)
        if interrupt is not None:
            raise interrupt from None
        # The server went away or refused us: one line, not the driver's traceback.
        _fail(
            "pytest-dbseed could not reach the test database to check the default data set: "
            f"{str(exc.orig).strip()}"
        )


@pytest.fixture(autouse=True)
def _dbseed_engine_ready(request: pytest.FixtureRequest) -> None:
    """A test that reaches the test database only through ``dbseed_engine`` sees the
    default data set too, whatever ran before it, in whatever order or worker.

    Costs nothing for a test that does not use the database.
    """
    names = request.fixturenames
    if "dbseed_engine" not in names or {"_dbseed_test", "_dbseed_data"}.intersection(names):
        return
    data: DefaultData = request.getfixturevalue("_dbseed_default")
    _ready(data, request.node.nodeid)


@pytest.fixture
def _dbseed_data(
    request: pytest.FixtureRequest,
    dbseed_metadata: sa.MetaData,
    _dbseed_default: DefaultData,
    _dbseed_plans: PlanCache,
) -> Iterator[TestData]:
    """Where this test's data is: the default data set, a plan's database, or to be seeded."""
    from pytest_dbseed._data import seed_plan
    from pytest_dbseed._plans import TestData, plan_key

    run = get_run(request.config)
    info = run.info
    metadata = _metadata_of(dbseed_metadata)
    where = f"@pytest.mark.{MARKER_NAME} on {request.node.nodeid}"
    try:
        graph = run.models.graph(metadata)
        spec = spec_for_item(request.node.iter_markers(MARKER_NAME))
        counts = resolve_counts(spec.counts, graph)
    except DbseedError as exc:
        _fail(f"{where}: {exc}")
    report = _ready(_dbseed_default, request.node.nodeid)
    cache = _dbseed_plans
    if spec.is_default:
        yield TestData(cache.main, report, counts, spec.only, seed_here=False)
        return
    key = None
    if cache.enabled:
        key = plan_key(counts, only=spec.only, seed=info.seed, locale=info.settings.locale_arg)
    committed = bool(set(ASYNC_FIXTURES).intersection(request.fixturenames))
    db = cache.get(key) if key is not None else None
    if db is not None:
        run.stats.record_plan_reuse()
    elif key is not None or committed:
        seed_into = functools.partial(
            seed_plan, metadata=metadata, counts=counts, only=spec.only, info=info,
            extras=_dbseed_default.extras,
        )
        try:
            db = cache.build(key, seed_into)
        except DbseedError as exc:
            _fail(f"{where}: could not seed this test's data (seed {info.seed}): {exc}")
    if db is None:
        if committed:
            _fail(
                f"{where}: an async fixture needs the test's data committed in a copy of the "
                f"test database, and {cache.main.name!r} cannot be copied while other "
                "connections to it are open: close the engines of your own on it"
            )
        yield TestData(cache.main, report, counts, spec.only, seed_here=True)
        return
    assert db.report is not None
    cache.main.guard.away = db.name
    try:
        yield TestData(db, db.report, counts, spec.only, seed_here=False)
    finally:
        cache.main.guard.away = None
        if db.one_off or db.guard.needs_rebuild:
            cache.forget(db)


@pytest.fixture
def _dbseed_test(
    request: pytest.FixtureRequest,
    dbseed_metadata: sa.MetaData,
    _dbseed_data: TestData,
    _dbseed_default: DefaultData,
) -> Iterator[DbseedHandle]:
    """One test's connection, outer transaction and data set (shared by the three fixtures)."""
    from pytest_dbseed._data import add_rows, seed_own_data

    run = get_run(request.config)
    info = run.info
    metadata = _metadata_of(dbseed_metadata)
    data = _dbseed_data
    report = data.report
    guard = data.db.guard
    conn = guard.begin(own_data=data.seed_here)
    try:
        if data.seed_here:
            try:
                report = seed_own_data(
                    conn,
                    metadata,
                    data.counts,
                    only=data.only,
                    info=info,
                    stats=run.stats,
                    extras=_dbseed_default.extras,
                    data_dir=_dbseed_default.data_dir,
                )
            except DbseedError as exc:
                _fail(
                    f"@pytest.mark.{MARKER_NAME} on {request.node.nodeid}: could not seed this "
                    f"test's data (seed {info.seed}): {exc}"
                )
        yield DbseedHandle(
            conn,
            metadata,
            run.models.graph(metadata),
            report,
            info.seed,
            add_rows=functools.partial(
                add_rows, conn, metadata, run.models.graph(metadata), info,
                _dbseed_default.extras,
            ),
        )
    finally:
        guard.end()


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


@pytest.fixture(scope="session")
def dbseed_async_driver() -> str | None:
    """The driver of the async fixtures: ``"asyncpg"``, ``"psycopg"`` (psycopg 3), or None.

    None (the default) takes asyncpg if it is installed, else psycopg 3. Override it in
    conftest.py to choose.
    """
    return None


def _async_fixture(func: Any) -> Any:
    """An async fixture for pytest-asyncio (strict or auto mode), if it is installed."""
    try:
        import pytest_asyncio
    except ImportError:
        name = func.__name__

        @functools.wraps(func)
        def missing(*args: Any, **kwargs: Any) -> NoReturn:
            from pytest_dbseed._async import missing_async_support

            _fail(missing_async_support(name, None) or f"the {name} fixture cannot run")

        return pytest.fixture(missing)
    return pytest_asyncio.fixture(func)


async def _async_connection(
    request: pytest.FixtureRequest, data: TestData, name: str
) -> Any:
    """The test's ``AsyncConnection`` and outer transaction, as an async generator."""
    from pytest_dbseed._async import async_engine, missing_async_support

    driver = request.getfixturevalue("dbseed_async_driver")
    problem = missing_async_support(name, driver)
    if problem is not None:
        _fail(problem)
    engine = async_engine(data.db, driver, request.getfixturevalue("dbseed_lock_timeout"))
    guard = data.db.guard
    conn = await engine.connect()
    trans = await conn.begin()
    guard.own(conn.sync_connection)  # type: ignore[arg-type]
    return conn, trans


async def _async_end(data: TestData, conn: Any, trans: Any) -> None:
    guard = data.db.guard
    try:
        if trans.is_active:
            try:
                await trans.rollback()
            except Exception:
                await conn.invalidate()
                guard.escaped()
        else:
            # The test committed (or closed) the outer transaction: a rollback cannot undo it.
            guard.escaped()
    finally:
        guard.disown(conn.sync_connection)
        await conn.close()


@_async_fixture
async def async_seeded_connection(
    request: pytest.FixtureRequest, _dbseed_data: TestData
) -> Any:
    """An ``AsyncConnection`` on the seeded data, inside a transaction rolled back after the test.

    The same data and ``seed`` marker as ``seeded_connection``, through asyncpg or psycopg
    3's async driver (``dbseed_async_driver``). Needs pytest-asyncio (strict or auto mode).
    """
    conn, trans = await _async_connection(request, _dbseed_data, "async_seeded_connection")
    try:
        yield conn
    finally:
        await _async_end(_dbseed_data, conn, trans)


def _async_session_class(metadata: sa.MetaData) -> Any:
    """``sqlmodel``'s ``AsyncSession`` (with ``.exec()``) for SQLModel models, else SQLAlchemy's."""
    sqlmodel = sys.modules.get("sqlmodel")
    base = getattr(sqlmodel, "SQLModel", None) if sqlmodel is not None else None
    if base is not None and metadata is getattr(base, "metadata", None):
        from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession

        return SQLModelAsyncSession
    from sqlalchemy.ext.asyncio import AsyncSession

    return AsyncSession


@_async_fixture
async def async_seeded_session(
    request: pytest.FixtureRequest, _dbseed_data: TestData, dbseed_metadata: sa.MetaData
) -> Any:
    """An ``AsyncSession`` on the seeded data, rolled back after the test.

    The same data and marker as ``seeded_session``; it joins the test's transaction with
    savepoints, so ``await session.commit()`` in code under test is safe.
    """
    conn, trans = await _async_connection(request, _dbseed_data, "async_seeded_session")
    session = _async_session_class(_metadata_of(dbseed_metadata))(
        bind=conn, join_transaction_mode="create_savepoint"
    )
    try:
        yield session
    finally:
        try:
            await session.close()
        except Exception:
            pass
        await _async_end(_dbseed_data, conn, trans)
