"""pytest-dbseed's pytest entry point: options, the ``seed`` marker, hooks and reporting.

Fixtures live in :mod:`pytest_dbseed.fixtures` and are imported here by name so pytest
registers them. Loading this module imports only pytest and the standard library;
SQLAlchemy, Faker, the engine and the provisioning load when a test first needs them.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbseed.config import DEFAULT_SEED, add_options, load_metadata, resolve
from pytest_dbseed.errors import ConfigError, DbseedError, mask_url
from pytest_dbseed.fixtures import (
    NO_MODELS,
    RUN_KEY,
    SEEDING_FIXTURES,
    RunState,
    _dbseed_default,
    _dbseed_test,
    dbseed,
    dbseed_engine,
    dbseed_lock_timeout,
    dbseed_metadata,
    ensure_server,
    seeded_connection,
    seeded_session,
)
from pytest_dbseed.markers import MARKER_HELP, MARKER_NAME

if TYPE_CHECKING:
    from pytest_dbseed.provision import Server, ServerBroker

__all__ = [
    "dbseed",
    "dbseed_engine",
    "dbseed_lock_timeout",
    "dbseed_metadata",
    "seeded_connection",
    "seeded_session",
    "_dbseed_default",
    "_dbseed_test",
]

SEED_CACHE_KEY = "dbseed/seed"
_DB_FIXTURES = frozenset((*SEEDING_FIXTURES, "dbseed_engine", "dbseed_metadata"))


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def _resolve_seed(config: pytest.Config, wanted: int | str) -> tuple[int, str]:
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None and "dbseed_seed" in workerinput:
        # xdist workers use the controller's seed so every worker builds the same data.
        return int(workerinput["dbseed_seed"]), "from the xdist controller"
    cache = getattr(config, "cache", None)
    if wanted == "random":
        seed, source = random.Random().getrandbits(32), "random"
    elif wanted == "last":
        if cache is None:
            raise pytest.UsageError(
                "--dbseed-seed=last reads the previous seed from pytest's cache, which is "
                "disabled (-p no:cacheprovider); give the seed as an integer instead"
            )
        last = cache.get(SEED_CACHE_KEY, None)
        if isinstance(last, int):
            seed, source = last, "last run's"
        else:
            seed, source = DEFAULT_SEED, "no previous run recorded: default"
    else:
        seed, source = int(wanted), "fixed"
    if cache is not None:
        cache.set(SEED_CACHE_KEY, seed)
    return seed, source


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    settings = resolve(config)
    seed, source = _resolve_seed(config, settings.seed)
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None:
        run_id = str(workerinput.get("dbseed_run") or uuid.uuid4().hex[:8])
        worker: str | None = str(workerinput.get("workerid", "gw"))
    else:
        run_id, worker = uuid.uuid4().hex[:8], None
    run = RunState(settings=settings, seed=seed, seed_source=source, run_id=run_id, worker=worker)
    if workerinput is not None:
        run.server_ticket = workerinput.get("dbseed_server")
    config.stash[RUN_KEY] = run
    config.stash[_WORKER_SUMMARIES] = []


_USAGE_ERROR = "dbseed_usage_error"
"""workeroutput key: the usage error an xdist worker met (the controller raises it)."""
_WORKER_SUMMARIES = pytest.StashKey[list[dict[str, Any]]]()
_BROKER = pytest.StashKey["ServerBroker | None"]()
_HEADER_SHOWN = pytest.StashKey[bool]()


def _broker(config: pytest.Config) -> ServerBroker | None:
    """xdist controller: the broker lending one server to every worker, made once.

    Only for backends that start a server: with ``url`` each worker connects itself.
    Nothing starts here; the first worker that needs the server starts it (in this
    process, which stops it when the run ends).
    """
    if _BROKER in config.stash:
        return config.stash[_BROKER]
    run = config.stash[RUN_KEY]
    broker = None
    if run.settings.effective_backend != "url":
        from pytest_dbseed.provision import ServerBroker, start_server

        s = run.settings
        broker = ServerBroker(lambda: start_server(s.effective_backend, s.url, keep=s.keep))
    config.stash[_BROKER] = broker
    return broker


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller: hand the seed, the run id and the shared server to every worker."""
    run = node.config.stash[RUN_KEY]
    node.workerinput["dbseed_seed"] = run.seed
    node.workerinput["dbseed_run"] = run.run_id
    broker = _broker(node.config)
    if broker is not None:
        node.workerinput["dbseed_server"] = broker.ticket


def _needs_server(config: pytest.Config, items: list[pytest.Item]) -> bool:
    # Runs that only list tests or fixtures never touch a database.
    for flag in ("collectonly", "setupplan", "showfixtures", "show_fixtures_per_test"):
        if config.getoption(flag, False):
            return False
    if config.stash[RUN_KEY].models_error is not None:
        # pytest calls pytest_collection_finish even after a collection error: a run
        # that is about to stop on broken models must not start a server first.
        return False
    # fixturenames is the whole closure: seeded_session and friends pull dbseed_engine in.
    return any("dbseed_engine" in getattr(i, "fixturenames", ()) for i in items)


def _server_line(run: RunState, server: Server, *, for_workers: bool = False) -> str:
    """``dbseed: backend local, PostgreSQL 15.4 at 127.0.0.1:PORT, ...`` (masked)."""
    from pytest_dbseed.provision import database_name

    s = run.settings
    where = f"PostgreSQL {server.version} at {server.url.host}:{server.url.port}"
    if for_workers:
        where += " (shared by the xdist workers)"
        database = f"databases {database_name(run.run_id, 'gw')}* (one per worker)"
    else:
        database = f"database {database_name(run.run_id, run.worker)}"
    parts = [
        f"backend {server.backend}",
        where,
        database,
        f"models {s.models or 'from the dbseed_metadata fixture'}",
        f"seed {run.seed}",
    ]
    return mask_url("dbseed: " + ", ".join(parts))


def pytest_report_collectionfinish(config: pytest.Config, items: list[pytest.Item]) -> str | None:
    """After "collected N items": get the server now (if a test needs one) and show it.

    The server obtained here is the one ``dbseed_engine`` uses later; a run whose
    tests need no database starts none.
    """
    if hasattr(config, "workerinput") or not _needs_server(config, items):
        return None
    run = config.stash[RUN_KEY]
    try:
        server = ensure_server(run)
    except DbseedError as exc:
        return f"dbseed: {exc}"
    return _server_line(run, server)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """xdist worker: borrow the shared server before telling the controller we collected.

    The controller then has the server when the first worker reports, and shows it.
    """
    config = session.config
    if not hasattr(config, "workerinput") or not _needs_server(config, session.items):
        return
    try:
        ensure_server(config.stash[RUN_KEY])
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
        line = _server_line(config.stash[RUN_KEY], broker.server, for_workers=True)
    elif broker.error is not None:
        line = mask_url(f"dbseed: pytest-dbseed could not get a PostgreSQL server: {broker.error}")
    else:
        return
    config.stash[_HEADER_SHOWN] = True
    tr = config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        tr.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop what this process started: the run's server, and (controller) the shared one."""
    run = config.stash.get(RUN_KEY, None)
    try:
        if run is not None and run.server is not None:
            # No-op for a borrowed or existing server, and for --dbseed-keep.
            run.server.stop()
    finally:
        broker = config.stash.get(_BROKER, None)
        if broker is not None:
            broker.close()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: collect each worker's seeding summary, end on a usage error.

    A worker that found a configuration problem (broken models) reports it here; the
    run ends with that one message, as it does without xdist.
    """
    output = getattr(node, "workeroutput", None) or {}
    problem = output.get(_USAGE_ERROR)
    if problem:
        raise pytest.UsageError(str(problem))
    summary = output.get("dbseed")
    if summary:
        node.config.stash[_WORKER_SUMMARIES].append(json.loads(summary))


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    run = session.config.stash.get(RUN_KEY, None)
    if workeroutput is not None and run is not None:
        # A JSON string: execnet only carries plain builtins, and a report's mappings
        # need not be plain dicts of ints.
        workeroutput["dbseed"] = json.dumps(run.summary(), default=str)


def pytest_report_header(config: pytest.Config) -> str:
    run = config.stash[RUN_KEY]
    s = run.settings
    parts = [
        f"seed {run.seed} ({run.seed_source}; repeat with --dbseed-seed={run.seed})",
        f"backend {s.effective_backend}",
    ]
    if s.url:
        parts.append(f"url {mask_url(s.url)}")
    parts.append(f"models {s.models or 'from the dbseed_metadata fixture'}")
    parts.append(f"seed-count {s.count}")
    return "dbseed: " + ", ".join(parts)


def _uses_default_metadata(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = getattr(info, "name2fixturedefs", {}).get("dbseed_metadata") if info else None
    if not defs:
        return False
    func = getattr(defs[-1], "func", None)
    return getattr(func, "__module__", "") == "pytest_dbseed.fixtures"


def _locale_problem(locales: tuple[str, ...] | None) -> str | None:
    """Why ``--dbseed-locale`` is unusable, or None (checked once, not in every test)."""
    if not locales:
        return None
    import difflib

    from faker.config import AVAILABLE_LOCALES

    for locale in locales:
        if locale.replace("-", "_") not in AVAILABLE_LOCALES:
            close = difflib.get_close_matches(locale, AVAILABLE_LOCALES, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            return (
                f"pytest-dbseed: --dbseed-locale / dbseed_locale: {locale!r} is not a Faker "
                f"locale.{hint} Use e.g. en_US, de_DE or fr_FR (comma separated for several)"
            )
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Check the models and the locale once for the whole run, before any test starts."""
    users = [i for i in items if _DB_FIXTURES.intersection(getattr(i, "fixturenames", ()))]
    if not users:
        return
    run = config.stash[RUN_KEY]
    needs_models = any(_uses_default_metadata(i) for i in users)
    problem = None
    if run.settings.models and run.metadata is None and needs_models:
        try:
            run.metadata = load_metadata(run.settings.models, config.rootpath)
        except ConfigError as exc:
            problem = f"pytest-dbseed: {exc}"
    elif not run.settings.models and needs_models:
        problem = NO_MODELS
    if problem is None:
        problem = _locale_problem(run.settings.locale)
    if problem is None:
        return
    run.models_error = problem
    workeroutput: dict[str, Any] | None = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker cannot end the run itself (the controller would see a crashed
        # worker and lose the message): hand the message to the controller.
        workeroutput[_USAGE_ERROR] = problem
    raise pytest.UsageError(problem)


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
            "Connection) or dbseed (the seeding handle)",
            pytrace=False,
        )


def _merge(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "default_rows": {},
        "default_seconds": 0.0,
        "test_seeds": 0,
        "test_rows": 0,
        "test_seconds": 0.0,
        "restores": 0,
        "servers": [],
        "kept": [],
        "keep_connect": None,
        "processes": 0,
    }
    for s in summaries:
        if s["default_rows"]:
            out["processes"] += 1
            # Every process seeds the same default data set: show it once.
            out["default_rows"] = s["default_rows"]
        out["default_seconds"] += s["default_seconds"]
        for key in ("test_seeds", "test_rows", "test_seconds", "restores"):
            out[key] += s[key]
        if s.get("server") and s["server"] not in out["servers"]:
            out["servers"].append(s["server"])
        if s.get("kept_database"):
            out["kept"].append(s["kept_database"])
            # One server for every worker: one way in is enough.
            out["keep_connect"] = out["keep_connect"] or s.get("keep_connect")
    return out


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    summaries = config.stash.get(_WORKER_SUMMARIES, []) or [run.summary()]
    m = _merge(summaries)
    if not (m["servers"] or m["default_rows"] or m["test_seeds"]):
        return
    tr = terminalreporter
    tr.write_sep("-", "dbseed")
    tr.write_line(f"seed {run.seed}; server: {', '.join(m['servers']) or '-'}")
    rows: dict[str, int] = m["default_rows"]
    if rows:
        per = f"once in each of {m['processes']} workers" if m["processes"] > 1 else "once"
        tr.write_line(
            f"default data set: {len(rows)} tables, {sum(rows.values())} rows, "
            f"seeded {per} in {m['default_seconds']:.2f}s"
        )
        tr.write_line("  " + ", ".join(f"{name}={n}" for name, n in rows.items()))
    if m["test_seeds"]:
        tr.write_line(
            f"tests with their own data: {m['test_seeds']}, {m['test_rows']} rows "
            f"seeded in {m['test_seconds']:.2f}s"
        )
    if m["restores"]:
        tr.write_line(
            f"default data set rebuilt {m['restores']} time(s) after a test committed "
            "data outside its transaction"
        )
    if rows or m["test_seeds"]:
        tr.write_line(f"time spent seeding: {m['default_seconds'] + m['test_seconds']:.2f}s")
    for url in m["kept"]:
        tr.write_line(mask_url(f"database kept: {url}"))
    if m["keep_connect"]:
        tr.write_line(mask_url(f"connect: {m['keep_connect']}"))
