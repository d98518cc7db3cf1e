"""Marker plans seeded once each into a database of their own, reused by every test.

A test whose ``seed`` marker asks for other data than the default set used to empty the
tables and seed its plan inside its own transaction (tens of milliseconds for a few
thousand rows). Most suites repeat a few plans many times, so :class:`PlanCache` keeps
one database per plan (its *key*: counts, overrides, ``only``, seed, locale), seeded
and committed the first time the plan is asked for:

* a *template* is made once per test database: a copy of it (``CREATE DATABASE ...
  TEMPLATE``) with every table emptied, so whatever built the schema is there too;
* each plan is a copy of the template, seeded with the plan's data and committed;
* a test on the plan runs inside a transaction on that database that is rolled back, the
  way a test on the default data set does, watched by a
  :class:`~pytest_dbseed._transaction.TransactionGuard` of its own; a plan whose data
  outlived a test is dropped, and seeded again when next asked for;
* at most ``size`` plans are kept (``dbseed_plan_cache``): the least recently used one is
  dropped first. All are dropped when the run ends, and on a server someone else runs
  they are marked to be dropped at exit (and reaped after a ``kill -9``) like the test
  database itself.

A plan that cannot be keyed (a callable override may hold state) is not kept, and
:func:`plan_key` says so by returning None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from pytest_dbseed import spec
from pytest_dbseed.errors import ProvisionError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import AsyncEngine

    from pytest_dbseed._stats import Stats
    from pytest_dbseed._transaction import TransactionGuard
    from pytest_dbseed.engine.api import SeedReport

__all__ = ["Database", "PlanCache", "TestData", "plan_key"]

_PLAIN = (type(None), bool, int, float, str, bytes, decimal.Decimal, dt.date, dt.time,
          dt.timedelta, uuid.UUID)


class _NotKeyable(Exception):
    pass


def _freeze(value: object) -> Hashable:
    """A hashable stand-in for an override that gives the same data each time, or raise."""
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if value is spec.DEFAULT:
        return ("DEFAULT",)
    if isinstance(value, spec.Fake):
        kwargs = tuple(sorted((k, _freeze(v)) for k, v in value.kwargs.items()))
        return ("fake", value.provider, tuple(_freeze(a) for a in value.args), kwargs)
    if isinstance(value, (spec.Uniform, spec.Skewed)):
        return value
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_freeze(v) for v in value))
    if isinstance(value, spec.Rows):
        overrides = tuple(sorted((k, _freeze(v)) for k, v in value.overrides.items()))
        return ("rows", value.count, overrides)
    # A callable (it may count its calls), or anything else we cannot compare by value.
    raise _NotKeyable


def plan_key(counts: Mapping[str, Any], *, only: bool, seed: int, locale: object) -> Hashable:
    """The key of a marker plan (``counts`` by table full name), or None if it has none."""
    try:
        frozen = tuple(sorted((name, _freeze(value)) for name, value in counts.items()))
        where = _freeze(tuple(locale) if isinstance(locale, list) else locale)
    except _NotKeyable:
        return None
    return (frozen, only, seed, where)


@dataclasses.dataclass
class Database:
    """A database holding a test's data, committed: the test database or a plan's copy."""

    name: str
    url: sa.URL
    engine: sa.Engine
    guard: TransactionGuard
    report: SeedReport | None = None
    """What was seeded in it (None for the test database: the default set's report)."""
    one_off: bool = False
    """Made for one test only (a plan that cannot be kept): dropped after it."""
    async_engine: AsyncEngine | None = None
    """Made by the async fixtures when first needed."""

    def dispose(self) -> None:
        self.guard.close()
        self.engine.dispose()
        if self.async_engine is not None:
            # NullPool: no connection to close on an event loop.
            self.async_engine.sync_engine.dispose()
            self.async_engine = None


@dataclasses.dataclass(frozen=True)
class TestData:
    """Where one test's data is, and what it holds."""

    __test__ = False  # not a test class, whatever pytest's collection thinks of the name

    db: Database
    report: SeedReport
    counts: Mapping[str, Any]
    """The plan's counts by table full name (empty: the default data set)."""
    only: bool
    seed_here: bool
    """The plan is not in ``db`` yet: seed it inside the test's transaction."""


class PlanCache:
    """At most ``size`` plan databases of one test database, least recently used dropped first."""

    def __init__(
        self,
        main: Database,
        server_url: sa.URL,
        metadata: sa.MetaData,
        *,
        frozen: Mapping[str, str] | None = None,
        size: int,
        drop_at_exit: bool,
        make_engine: Callable[[sa.URL], sa.Engine],
        stats: Stats,
    ) -> None:
        self.main = main
        self.size = size
        self._server_url = server_url
        self._metadata = metadata
        self._frozen = dict(frozen or {})
        self._drop_at_exit = drop_at_exit
        self._make_engine = make_engine
        self._stats = stats
        self._plans: OrderedDict[Hashable, Database] = OrderedDict()
        self._template: str | None = None
        self._made = 0

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def __len__(self) -> int:
        return len(self._plans)

    def names(self) -> list[str]:
        """The plan databases kept now, least recently used first."""
        return [db.name for db in self._plans.values()]

    def get(self, key: Hashable) -> Database | None:
        """The kept database of plan ``key`` (now the most recently used), or None."""
        db = self._plans.get(key)
        if db is not None:
            self._plans.move_to_end(key)
        return db

    def build(
        self,
        key: Hashable | None,
        seed_into: Callable[[sa.Connection], SeedReport],
    ) -> Database | None:
        """A new database for a plan, seeded by ``seed_into`` and committed.

        Kept under ``key`` (dropping the least recently used plan if the cache is full),
        or with ``key`` None made for one test (:attr:`Database.one_off`). None when no
        copy can be made now (someone else is connected to the test database).
        Raises what ``seed_into`` raises, after dropping the new database.
        """
        from pytest_dbseed import provision
        from pytest_dbseed._transaction import TransactionGuard

        template = self._template or self._make_template()
        if template is None:
            return None
        self._made += 1
        name = f"{self.main.name}_p{self._made}"
        url = provision.create_database(
            self._server_url, name, drop_at_exit=self._drop_at_exit, template=template
        )
        engine = self._make_engine(url)
        db = Database(name, url, engine, TransactionGuard(engine), one_off=key is None)
        try:
            start = time.perf_counter()
            with db.guard.plugin_writes(), engine.begin() as conn:
                db.report = seed_into(conn)
            self._stats.record_plan(db.report.total, time.perf_counter() - start)
        except BaseException:
            self.drop(db)
            raise
        if key is not None:
            self._plans[key] = db
            while len(self._plans) > self.size:
                _, oldest = self._plans.popitem(last=False)
                self.drop(oldest)
        return db

    def forget(self, db: Database) -> None:
        """Drop a plan database whose data outlived a test (or a one-off one)."""
        for key, kept in list(self._plans.items()):
            if kept is db:
                del self._plans[key]
        self.drop(db)

    def drop(self, db: Database) -> None:
        from pytest_dbseed import provision

        db.dispose()
        provision.drop_database(self._server_url, db.name)

    def close(self) -> None:
        """Drop every plan database and the template."""
        from pytest_dbseed import provision

        if self.main.async_engine is not None:
            self.main.async_engine.sync_engine.dispose()
            self.main.async_engine = None
        try:
            while self._plans:
                _, db = self._plans.popitem(last=False)
                self.drop(db)
        finally:
            if self._template is not None:
                provision.drop_database(self._server_url, self._template)
                self._template = None

    def _make_template(self) -> str | None:
        """Copy the test database with every table emptied (None: it is in use now)."""
        import sqlalchemy as sa

        from pytest_dbseed import provision
        from pytest_dbseed._data import truncate

        main = self.main
        # A copy needs the test database to itself: return our idle connections first.
        main.engine.dispose()
        if main.async_engine is not None:
            main.async_engine.sync_engine.dispose()
        if _others_connected(self._server_url, main.name):
            return None
        name = f"{main.name}_t"
        try:
            url = provision.create_database(
                self._server_url, name, drop_at_exit=self._drop_at_exit, template=main.name
            )
        except ProvisionError:
            return None  # someone connected meanwhile: try again next time
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.begin() as conn:
                truncate(conn, self._metadata, self._frozen)
        except BaseException:
            engine.dispose()
            provision.drop_database(self._server_url, name)
            raise
        engine.dispose()
        self._template = name
        return name


def _others_connected(server_url: sa.URL, name: str) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine(server_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            n = conn.scalar(
                sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
    finally:
        engine.dispose()
    return bool(n)
