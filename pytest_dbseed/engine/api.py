"""The engine's public API: ``seed()`` and ``plan()``.

Usable without pytest::

    import pytest_dbseed
    report = pytest_dbseed.seed(engine, Base.metadata, counts={"user": 100}, default=10, seed=42)
    print(report.rows)

A thin façade: counts and overrides are resolved by :mod:`.counts`, the seed is run by
:mod:`.orchestrate`; see ``docs/architecture.md`` for the layers below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.engine.counts import resolve
from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline, run_seed
from pytest_dbseed.engine.reflect import framework_of
from pytest_dbseed.engine.results import Plan, Progress, SeedReport
from pytest_dbseed.engine.schema import SchemaGraph, build_schema
from pytest_dbseed.errors import ConfigError, interruption
from pytest_dbseed.spec import DEFAULT, Fake, Rows, check_count, check_seed, fake, rows

__all__ = [
    "Rows",
    "Fake",
    "DEFAULT",
    "rows",
    "fake",
    "SeedReport",
    "Plan",
    "seed",
    "plan",
    "Progress",
    "check_providers",
]


def check_providers(providers: Iterable[Any] | None, where: str = "providers=") -> tuple[type, ...]:
    """``providers`` as a tuple of Faker provider classes, else ConfigError naming ``where``.

    A provider class is a subclass of ``faker.providers.BaseProvider``; its public methods
    become names ``fake(...)`` accepts, e.g. ``fake("acme_sku")``.
    """
    if providers is None:
        return ()
    if isinstance(providers, (str, type)):
        providers = [providers]
    from faker.providers import BaseProvider

    out: list[type] = []
    for provider in providers:
        if isinstance(provider, str):
            raise ConfigError(
                f"{where}: {provider!r} is a string; pass the provider class itself "
                "(from acme.fakes import SkuProvider; providers=[SkuProvider])"
            )
        if not (isinstance(provider, type) and issubclass(provider, BaseProvider)):
            raise ConfigError(
                f"{where}: {provider!r} is not a Faker provider class; give a subclass of "
                "faker.providers.BaseProvider (the class, not an instance)"
            )
        out.append(provider)
    return tuple(out)


def plan(
    metadata: sa.MetaData,
    counts: Mapping[Any, int | Rows] | None = None,
    default: int = 10,
    seed: int = 0,
    *,
    providers: Iterable[type] | None = None,
) -> Plan:
    """What :func:`seed` would write with these arguments into empty tables, without a
    database. Requests :func:`seed` would refuse (uniqueness, capacity, unsupported types)
    are refused here too."""
    graph = build_schema(metadata)
    fixed, over = resolve(graph, counts, None)
    _leave_framework_tables(graph, fixed)
    request = SeedRequest(
        graph=graph,
        counts=fixed,
        default=check_count("the default", default),
        seed=check_seed(seed),
        overrides=over,
        providers=check_providers(providers),
    )
    # Deciding every column's source runs the same checks as a real seed.
    p, _sources = decide_offline(request)
    return Plan(
        order=p.order,
        counts=dict(p.counts),
        raised=dict(p.raised),
        deferred=tuple(fk.describe() for fk in p.deferred),
        seed=p.seed,
    )


def _leave_framework_tables(graph: SchemaGraph, fixed: dict[str, int]) -> None:
    """A migration framework's own table (``alembic_version``, ``django_migrations``...)
    in the metadata, as ``MetaData.reflect`` leaves it, gets no rows unless counts name it:
    rows in it would be a migration history that never happened."""
    for name, table in graph.tables.items():
        if name not in fixed and framework_of(table.name) is not None:
            fixed[name] = 0


def seed(
    bind: sa.Engine | sa.Connection,
    metadata: sa.MetaData,
    counts: Mapping[Any, int | Rows] | None = None,
    default: int = 10,
    seed: int = 0,
    overrides: Mapping[Any, Mapping[str, Any]] | None = None,
    locale: str | list[str] | None = None,
    *,
    append: bool = False,
    progress: Progress | None = None,
    providers: Iterable[type] | None = None,
) -> SeedReport:
    """Seed ``metadata``'s tables through ``bind`` and report what was written.

    ``counts`` maps a table name, ``Table``, mapped class or class name to a count or
    :class:`Rows`; tables not named get ``default`` rows (0 leaves them empty except for
    parents the named rows need; a migration framework's own table, ``alembic_version``
    or ``django_migrations``, only when named). ``overrides`` maps a table to
    ``{column: override}``;
    :data:`DEFAULT` leaves a column to the database. Given an ``Engine`` it commits its
    own transaction; given a ``Connection`` it writes inside the caller's transaction and
    never commits. With ``append=True`` children may point at parents already in the
    database (used to seed more rows inside a test); either way, new rows are numbered
    after the rows already there, so unique values and keys do not collide with an
    earlier seed. ``providers`` are Faker provider classes whose methods ``fake(...)``
    overrides may name (``fake("acme_sku")``); their values are as reproducible as
    Faker's own, provided they draw from the provider's ``self.random_*`` methods.
    """
    graph = build_schema(metadata)
    fixed, over = resolve(graph, counts, overrides)
    _leave_framework_tables(graph, fixed)
    request = SeedRequest(
        graph=graph,
        counts=fixed,
        default=check_count("the default", default),
        seed=check_seed(seed),
        overrides=over,
        locale=locale,
        providers=check_providers(providers),
        append=append,
        progress=progress,
    )
    try:
        if isinstance(bind, sa.Engine):
            with bind.begin() as conn:
                return run_seed(conn, request)
        if isinstance(bind, sa.Connection):
            # A savepoint, so that a refused or failed seed leaves the caller's transaction
            # as it was: usable, and without half of a seed in it.
            with bind.begin_nested():
                return run_seed(bind, request)
    except Exception as exc:
        # Ctrl-C in the middle of a command leaves the driver busy: the rollback then
        # fails ("another command is already in progress") and would replace the interrupt.
        interrupt = interruption(exc)
        if interrupt is not None:
            raise interrupt from None
        raise
    raise ConfigError(
        f"seed() needs a SQLAlchemy Engine or Connection, got {type(bind).__name__}; "
        "for a Session pass session.connection()"
    )
