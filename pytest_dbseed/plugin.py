"""pytest-dbseed's pytest entry point: options, the ``seed`` marker, hooks and reporting.

Fixtures live in :mod:`pytest_dbseed.fixtures` and are imported here by name so pytest
registers them. Loading this module imports only pytest and the standard library;
SQLAlchemy, Faker, the engine and the provisioning load when a test first needs them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbseed._run import (
    NO_MODELS,
    Run,
    RunInfo,
    find_run,
    get_run,
    server_failure,
    start_run,
)
from pytest_dbseed._stats import Stats
from pytest_dbseed.config import add_options, unknown_locale
from pytest_dbseed.errors import ConfigError, DbseedError, mask_url
from pytest_dbseed.fixtures import (  # noqa: F401 - private fixtures, registered by import
    SEEDING_FIXTURES,
    _dbseed_data,
    _dbseed_default,
    _dbseed_engine_ready,
    _dbseed_overrides,
    _dbseed_plans,
    _dbseed_test,
    async_seeded_connection,
    async_seeded_session,
    dbseed,
    dbseed_async_driver,
    dbseed_create_schema,
    dbseed_engine,
    dbseed_lock_timeout,
    dbseed_metadata,
    dbseed_overrides,
    reflects_schema,
    seeded_connection,
    seeded_session,
    uses_own_fixture,
)
from pytest_dbseed.markers import MARKER_HELP, MARKER_NAME

if TYPE_CHECKING:
    from pytest_dbseed.provision import Server, ServerBroker

__all__ = [
    "async_seeded_connection",
    "async_seeded_session",
    "dbseed",
    "dbseed_async_driver",
    "dbseed_create_schema",
    "dbseed_engine",
    "dbseed_lock_timeout",
    "dbseed_metadata",
    "dbseed_overrides",
    "seeded_connection",
    "seeded_session",
]

_DB_FIXTURES = frozenset(
    (*SEEDING_FIXTURES, "dbseed_engine", "dbseed_metadata", "dbseed_create_schema")
)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


_USAGE_ERROR = "dbseed_usage_error"
"""workeroutput key: the usage error an xdist worker met (the controller raises it)."""
_WORKER_STATS = pytest.StashKey[list[Stats]]()
"""xdist controller: each worker's statistics, as it reported them."""
_BROKER = pytest.StashKey["ServerBroker | None"]()
_HEADER_SHOWN = pytest.StashKey[bool]()
_PROBLEMS = pytest.StashKey[dict[str, str]]()
"""Each problem a fixture failed with (its full text) -> where it was shown in full."""
_IN_HEADER = "the dbseed line of the header"


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # trylast: pytest-randomly has chosen its seed (config.option.randomly_seed) by then.
    config.addinivalue_line("markers", MARKER_HELP)
    start_run(config)
    config.stash[_WORKER_STATS] = []


def _broker(config: pytest.Config) -> ServerBroker | None:
    """xdist controller: the broker lending one server to every worker, made once.

    Only for backends that start a server: with ``url`` each worker connects itself.
    Nothing starts here; the first worker that needs the server starts it (in this
    process, which stops it when the run ends).
    """
    if _BROKER in config.stash:
        return config.stash[_BROKER]
    s = get_run(config).info.settings
    broker = None
    if s.effective_backend != "url":
        from pytest_dbseed.provision import ServerBroker, start_server

        broker = ServerBroker(lambda: start_server(s.effective_backend, s.url, keep=s.keep))
    config.stash[_BROKER] = broker
    return broker


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller: hand the seed, the run id and the shared server to every worker."""
    info = get_run(node.config).info
    node.workerinput["dbseed_seed"] = info.seed
    node.workerinput["dbseed_run"] = info.run_id
    broker = _broker(node.config)
    if broker is not None:
        node.workerinput["dbseed_server"] = broker.ticket


def _needs_server(config: pytest.Config, items: list[pytest.Item]) -> bool:
    # Runs that only list tests or fixtures never touch a database.
    for flag in ("collectonly", "setupplan", "showfixtures", "show_fixtures_per_test"):
        if config.getoption(flag, False):
            return False
    if get_run(config).usage_error is not None:
        # pytest calls pytest_collection_finish even after a collection error: a run
        # that is about to stop on broken models must not start a server first.
        return False
    # fixturenames is the whole closure: seeded_session and friends pull dbseed_engine in.
    return any("dbseed_engine" in getattr(i, "fixturenames", ()) for i in items)


def _server_line(info: RunInfo, server: Server, *, for_workers: bool = False) -> str:
    """``dbseed: backend local, PostgreSQL 15.4 at 127.0.0.1:PORT, ...`` (masked)."""
    from pytest_dbseed.provision import database_name

    where = f"PostgreSQL {server.version} at {server.address}"
    if for_workers:
        where += " (shared by the xdist workers)"
        database = f"databases {database_name(info.run_id, 'gw')}* (one per worker)"
    else:
        database = f"database {info.database}"
    parts = [
        f"backend {server.backend}",
        where,
        database,
        f"models {info.models_label}",
        f"seed {info.seed}",
    ]
    return mask_url("dbseed: " + ", ".join(parts))


def pytest_report_collectionfinish(config: pytest.Config, items: list[pytest.Item]) -> str | None:
    """After "collected N items": get the server now (if a test needs one) and show it.

    The server obtained here is the one ``dbseed_engine`` uses later; a run whose
    tests need no database starts none.
    """
    if hasattr(config, "workerinput") or not _needs_server(config, items):
        return None
    run = get_run(config)
    try:
        server = run.server()
    except DbseedError as exc:
        # Shown here in full: every test that needs the server points at this line.
        config.stash.setdefault(_PROBLEMS, {})[mask_url(str(exc))] = _IN_HEADER
        return f"dbseed: {exc}"
    return _server_line(run.info, server)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """xdist worker: borrow the shared server before telling the controller we collected.

    The controller then has the server when the first worker reports, and shows it.
    """
    config = session.config
    if not hasattr(config, "workerinput") or not _needs_server(config, session.items):
        return
    try:
        get_run(config).server()
    except DbseedError:
        pass  # Remembered: every test that needs the server fails with this message.


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """xdist controller: show the shared server once, as soon as a worker started it."""
    config = node.config
    broker = config.stash.get(_BROKER, None)
    if broker is None or config.stash.get(_HEADER_SHOWN, False):
        return
    if broker.server is not None:
        line = _server_line(get_run(config).info, broker.server, for_workers=True)
    elif broker.error is not None:
        line = f"dbseed: {server_failure(broker.error)}"
    else:
        return
    config.stash[_HEADER_SHOWN] = True
    tr = config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        tr.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop what this process started: the run's server, and (controller) the shared one."""
    run = find_run(config)
    server = run.server_if_started if run is not None else None
    try:
        if server is not None:
            # No-op for a borrowed or existing server, and for --dbseed-keep.
            server.stop()
    finally:
        broker = config.stash.get(_BROKER, None)
        if broker is not None:
            broker.close()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: collect each worker's statistics, end on a usage error.

    A worker that found a configuration problem (broken models) reports it here; the
    run ends with that one message, as it does without xdist.
    """
    output = getattr(node, "workeroutput", None) or {}
    problem = output.get(_USAGE_ERROR)
    if problem:
        raise pytest.UsageError(str(problem))
    stats = output.get("dbseed")
    if stats:
        node.config.stash[_WORKER_STATS].append(Stats.from_dict(json.loads(stats)))


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    run = find_run(session.config)
    if workeroutput is not None and run is not None:
        # A JSON string of builtins: all that execnet carries.
        workeroutput["dbseed"] = json.dumps(run.stats.to_dict())


def pytest_report_header(config: pytest.Config) -> str:
    info = get_run(config).info
    s = info.settings
    parts = [
        f"seed {info.seed} ({info.seed_source}; repeat with {info.repeat})",
        f"backend {s.effective_backend}",
    ]
    if s.url:
        parts.append(f"url {mask_url(s.url)}")
    parts.append(f"models {info.models_label}")
    parts.append(f"seed-count {s.count}")
    return "dbseed: " + ", ".join(parts)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Check the models and the locale once for the whole run, before any test starts."""
    users = [i for i in items if _DB_FIXTURES.intersection(getattr(i, "fixturenames", ()))]
    if not users:
        return
    problem = _run_problem(get_run(config), users)
    if problem is None:
        return
    run = get_run(config)
    run.usage_error = problem
    workeroutput: dict[str, Any] | None = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker cannot end the run itself (the controller would see a crashed
        # worker and lose the message): hand the message to the controller.
        workeroutput[_USAGE_ERROR] = problem
    raise pytest.UsageError(problem)


def _run_problem(run: Run, users: list[pytest.Item]) -> str | None:
    """What stops the whole run before any test: models, Alembic, providers, the locale."""
    settings = run.info.settings
    default_schema = any(uses_own_fixture(i, "dbseed_create_schema") for i in users)
    alembic = run.alembic_path
    try:
        if alembic is not None and default_schema:
            from pytest_dbseed._alembic import check_alembic

            check_alembic(alembic)
        own = [i for i in users if uses_own_fixture(i, "dbseed_metadata")]
        if own and not run.models.spec:
            # Without models, a schema built by Alembic or an overridden
            # dbseed_create_schema is reflected.
            if not all(reflects_schema(i, alembic is not None) for i in own):
                return NO_MODELS
        elif own:
            run.models.load()
        if settings.providers:
            run.providers()
    except ConfigError as exc:
        return f"pytest-dbseed: {exc}"
    locale = unknown_locale(settings.locale)
    if locale is not None:
        return f"pytest-dbseed: --dbseed-locale / dbseed_locale: {locale}"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Only a marker written on the test itself is a mistake without a seeding fixture:
    # a module's or class's pytestmark also reaches its plain unit tests, which then
    # simply seed nothing.
    own = getattr(item, "own_markers", ())
    if not any(m.name == MARKER_NAME for m in own):
        return
    if not set(SEEDING_FIXTURES).intersection(getattr(item, "fixturenames", ())):
        pytest.fail(
            f"@pytest.mark.{MARKER_NAME} on {item.nodeid} seeds nothing without a seeding "
            "fixture: request seeded_session (ORM Session), seeded_connection (Core "
            "Connection), dbseed (the seeding handle), async_seeded_session or "
            "async_seeded_connection",
            pytrace=False,
        )


def _headline(problem: str, width: int = 160) -> str:
    line = problem.strip().splitlines()[0] if problem.strip() else problem
    return line if len(line) <= width else line[: width - 3] + "..."


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A problem that many tests share is shown in full once; the others point at it."""
    outcome = yield
    excinfo = call.excinfo
    problem = getattr(excinfo.value, "dbseed_problem", None) if excinfo is not None else None
    if not isinstance(problem, str):
        return
    seen = item.config.stash.setdefault(_PROBLEMS, {})
    first = seen.setdefault(problem, item.nodeid)
    if first == item.nodeid:
        return
    report = outcome.get_result()
    report.longrepr = (
        f"pytest-dbseed: the same error as {'in ' if first != _IN_HEADER else ''}{first} "
        f"(shown there in full): {_headline(problem)}"
    )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    run = find_run(config)
    if run is None:
        return
    stats = run.stats
    workers = config.stash.get(_WORKER_STATS, [])
    if workers:
        # The controller seeds nothing: what the workers did is the run's.
        stats = Stats()
        for worker in workers:
            stats = stats.merge(worker)
    if not stats.anything:
        return
    tr = terminalreporter
    tr.write_sep("-", "dbseed")
    tr.write_line(f"seed {run.info.seed}; server: {', '.join(stats.servers) or '-'}")
    rows = stats.default_rows
    if rows:
        seeders = stats.default_seeders
        per = f"once in each of {seeders} workers" if seeders > 1 else "once"
        tr.write_line(
            f"default data set: {len(rows)} tables, {sum(rows.values())} rows, "
            f"seeded {per} in {stats.default_seconds:.2f}s"
        )
        tr.write_line("  " + ", ".join(f"{name}={n}" for name, n in rows.items()))
    if stats.test_seeds:
        tr.write_line(
            f"tests with their own data: {stats.test_seeds}, {stats.test_rows} rows "
            f"seeded in {stats.test_seconds:.2f}s"
        )
    if stats.plans_seeded:
        tr.write_line(
            f"marker plans: {stats.plans_seeded} seeded once each into a database of their "
            f"own ({stats.plan_rows} rows in {stats.plan_seconds:.2f}s), reused by "
            f"{stats.plan_reuses} more test(s)"
        )
    if stats.restores:
        after = ""
        if stats.leaked_after:
            shown = ", ".join(stats.leaked_after[:5])
            more = len(stats.leaked_after) - 5
            after = f" (after {shown}{f' and {more} more' if more > 0 else ''})"
        tr.write_line(
            f"default data set rebuilt {stats.restores} time(s) after a test committed "
            f"data outside its transaction{after}"
        )
    if rows or stats.test_seeds or stats.plans_seeded:
        tr.write_line(f"time spent seeding: {stats.seeding_seconds:.2f}s")
    for url in stats.kept:
        tr.write_line(mask_url(f"database kept: {url}"))
    if stats.keep_connect:
        tr.write_line(mask_url(f"connect: {stats.keep_connect}"))
