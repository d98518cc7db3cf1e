"""What the plugin knows about a run, in one process (the controller or an xdist worker).

* :class:`RunInfo`: the settings, the seed and the ids, fixed in ``pytest_configure``.
* :class:`Models`: the models being seeded, loaded at most once, and their schema graphs.
* :class:`Run`: the above, the server (obtained at most once), the :class:`Stats` and
  the test database's :class:`TransactionGuard`; one per process, in ``config.stash``.

Importing this module costs no more than the plugin's entry point: SQLAlchemy, the
engine and the provisioning load when a run first needs them.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbseed._stats import Stats
from pytest_dbseed.config import (
    DEFAULT_SEED,
    PYTEST_WORDING,
    Settings,
    load_metadata,
    load_object,
    resolve,
    resolve_path,
)
from pytest_dbseed.errors import DbseedError, ProvisionError, mask_url

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed._transaction import TransactionGuard
    from pytest_dbseed.engine.schema import SchemaGraph
    from pytest_dbseed.provision import Server

__all__ = [
    "NO_MODELS",
    "RunInfo",
    "Models",
    "Run",
    "get_run",
    "find_run",
    "start_run",
    "server_failure",
]

SEED_CACHE_KEY = "dbseed/seed"

NO_MODELS = (
    "pytest-dbseed does not know your models: set `dbseed_models = pkg.module:Base` "
    "in the ini file, pass --dbseed-models=pkg.module:Base, or override the "
    "dbseed_metadata fixture in conftest.py (or build the schema with dbseed_alembic or "
    "an overridden dbseed_create_schema fixture, and what it creates is seeded)"
)


@dataclass(frozen=True)
class RunInfo:
    """The run's settings, seed and ids: the same in every process of the run."""

    settings: Settings
    seed: int
    seed_source: str
    """Where the seed came from: ``fixed``, ``random``, ``last run's``, the xdist controller."""
    run_id: str
    worker: str | None
    """The xdist worker id (``gw0``...), None in a run without workers (or the controller)."""
    server_ticket: str | None = None
    """Under xdist, where to borrow the controller's server (None: get one ourselves)."""

    @classmethod
    def from_config(cls, config: pytest.Config) -> RunInfo:
        """Resolve the options and the seed; xdist workers take the controller's seed and run id.

        Raises :class:`pytest.UsageError` for a bad setting.
        """
        settings = resolve(config)
        workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
        if workerinput is None:
            seed, source = _resolve_seed(config, settings.seed, settings.sources.get("seed"))
            return cls(settings, seed, source, uuid.uuid4().hex[:8], None)
        if "dbseed_seed" in workerinput:
            # Every worker uses the controller's seed, so every worker builds the same data.
            seed, source = int(workerinput["dbseed_seed"]), "from the xdist controller"
        else:
            seed, source = _resolve_seed(config, settings.seed, settings.sources.get("seed"))
        return cls(
            settings,
            seed,
            source,
            str(workerinput.get("dbseed_run") or uuid.uuid4().hex[:8]),
            str(workerinput.get("workerid", "gw")),
            workerinput.get("dbseed_server"),
        )

    @property
    def database(self) -> str:
        """The name of this process's test database: ``dbseed_<run>_<worker>``."""
        from pytest_dbseed.provision import database_name

        return database_name(self.run_id, self.worker)

    @property
    def repeat(self) -> str:
        """The option that gives this run's seed again: ``--dbseed-seed=N``, or
        ``--randomly-seed=N`` when the seed is pytest-randomly's."""
        if self.seed_source == RANDOMLY:
            return f"--randomly-seed={self.seed}"
        return f"--dbseed-seed={self.seed}"

    @property
    def models_label(self) -> str:
        if self.settings.models:
            return self.settings.models
        if self.settings.alembic:
            return "reflected from the migrated database"
        return "from the dbseed_metadata fixture"


RANDOMLY = "pytest-randomly's"
"""The seed source of a run that takes pytest-randomly's seed."""


def randomly_seed(config: pytest.Config) -> int | None:
    """pytest-randomly's seed for this run, when the plugin is active (and has set it)."""
    if not config.pluginmanager.hasplugin("randomly"):
        return None
    seed = getattr(config.option, "randomly_seed", None)
    # Before pytest-randomly's own pytest_configure it still holds "default" or "last".
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _resolve_seed(
    config: pytest.Config, wanted: int | str, given: str | None = None
) -> tuple[int, str]:
    """The run's seed and where it came from. ``given`` says where ``wanted`` came from:
    ``default`` (no --dbseed-seed, no dbseed_seed) takes pytest-randomly's seed if active."""
    cache = getattr(config, "cache", None)
    from_randomly = randomly_seed(config) if given in (None, "default") else None
    if from_randomly is not None:
        seed, source = from_randomly, RANDOMLY
    elif wanted == "random":
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


_REFLECT = "dbseed_reflected"
"""``MetaData.info`` key of the MetaData filled by reflection: False until filled."""


class Models:
    """The models named by ``dbseed_models``: imported at most once, graphs built once."""

    def __init__(self, spec: str | None, rootpath: Path | None) -> None:
        self.spec = spec
        self._rootpath = rootpath
        self.metadata: sa.MetaData | None = None
        self._graphs: dict[int, tuple[sa.MetaData, SchemaGraph]] = {}
        self._references: dict[str, str] = {}

    def to_reflect(self) -> sa.MetaData:
        """Without models: the MetaData to seed, empty until :meth:`reflect` fills it."""
        if self.metadata is None:
            import sqlalchemy as sa

            self.metadata = sa.MetaData(info={_REFLECT: False})
        return self.metadata

    def reflecting(self, metadata: object) -> bool:
        """Is ``metadata`` the one of :meth:`to_reflect`, still to be filled?"""
        md = self.metadata
        return md is not None and metadata is md and md.info.get(_REFLECT) is False

    def reflect(self, engine: sa.Engine) -> None:
        """Fill the MetaData of :meth:`to_reflect` from the test database, once its schema
        is built. Migration frameworks' tables (``alembic_version``...) are left out;
        tables only pointed at are kept, never seeded (:meth:`frozen`)."""
        from pytest_dbseed.engine.reflect import reflect_database

        target = self.to_reflect()
        reflected, report = reflect_database(engine)
        for table in reflected.sorted_tables:
            table.to_metadata(target)
        self._references = dict(report.references)
        target.info[_REFLECT] = True

    def frozen(self, metadata: sa.MetaData) -> dict[str, str]:
        """Tables of ``metadata`` never seeded nor emptied, by name, with the reason:
        migration frameworks' own tables, and tables a reflection only points at."""
        from pytest_dbseed.engine.reflect import framework_of

        out: dict[str, str] = {}
        for key, table in metadata.tables.items():
            owner = framework_of(table.name)
            if owner is not None:
                out[key] = f"it belongs to {owner} migrations"
            elif key in self._references and metadata is self.metadata:
                out[key] = f"it is only referenced ({self._references[key]})"
        return out

    def load(self) -> sa.MetaData:
        """The MetaData ``dbseed_models`` names (raises ConfigError when it does not import)."""
        if self.metadata is None:
            if not self.spec:
                raise ValueError("no dbseed_models to load")
            self.metadata = load_metadata(self.spec, self._rootpath)
        return self.metadata

    def graph(self, metadata: sa.MetaData) -> SchemaGraph:
        """The schema graph of ``metadata`` (any MetaData, not only ours), built once."""
        known = self._graphs.get(id(metadata))
        if known is None:
            from pytest_dbseed.engine.schema import build_schema

            # The MetaData is kept with its graph: its id must not be reused meanwhile.
            known = self._graphs[id(metadata)] = (metadata, build_schema(metadata))
        return known[1]


def server_failure(exc: DbseedError) -> str:
    """The one line a run shows when it gets no server, in the plugin's words."""
    text = exc.render(PYTEST_WORDING) if isinstance(exc, ProvisionError) else str(exc)
    return mask_url(f"pytest-dbseed could not get a PostgreSQL server: {text}")


class Run:
    """Everything the plugin holds for one run in one process."""

    def __init__(self, info: RunInfo, rootpath: Path | None = None) -> None:
        self.info = info
        self.models = Models(info.settings.models, rootpath)
        self.stats = Stats()
        self.guard: TransactionGuard | None = None
        """Watches the test database's engine (set by ``dbseed_engine``)."""
        self.usage_error: str | None = None
        """Why the run cannot go on (broken models, unknown locale); it ends with this."""
        self._server: Server | None = None
        self._server_error: str | None = None
        self._rootpath = rootpath
        self._providers: tuple[type, ...] | None = None

    @property
    def alembic_path(self) -> Path | None:
        """The ``dbseed_alembic`` alembic.ini as an absolute path, or None."""
        given = self.info.settings.alembic
        return resolve_path(given, self._rootpath) if given else None

    def providers(self) -> tuple[type, ...]:
        """The ``dbseed_providers`` classes, imported once (raises ConfigError naming the path)."""
        if self._providers is None:
            from pytest_dbseed.engine.api import check_providers

            label = "dbseed_providers"
            loaded = tuple(
                load_object(path, self._rootpath, label) for path in self.info.settings.providers
            )
            for path, obj in zip(self.info.settings.providers, loaded):
                check_providers([obj], f"{label} {path!r}")
            self._providers = loaded
        return self._providers

    @property
    def server_if_started(self) -> Server | None:
        """The server, if one was obtained."""
        return self._server

    def server(self) -> Server:
        """This run's server: obtained once, then the same object every time.

        Under xdist it is borrowed from the controller (one server for all workers);
        otherwise it comes from ``--dbseed-backend`` / ``--dbseed-url``. Raises
        :class:`~pytest_dbseed.errors.DbseedError` with one masked line when none can be
        had, and the same again on later calls instead of trying anew.
        """
        if self._server is not None:
            return self._server
        if self._server_error is not None:
            raise DbseedError(self._server_error)
        from pytest_dbseed import provision

        settings = self.info.settings
        try:
            if self.info.server_ticket:
                server: Server = provision.borrow_server(self.info.server_ticket)
            else:
                server = provision.start_server(
                    settings.effective_backend, settings.url, keep=settings.keep
                )
        except DbseedError as exc:
            self._server_error = server_failure(exc)
            raise DbseedError(self._server_error) from None
        self._server = server
        self.stats.add_server(server.describe())
        return server

    def guard_for(self, engine: sa.Engine) -> TransactionGuard:
        """The guard watching ``engine`` (made now for an engine ``dbseed_engine`` did not make)."""
        if self.guard is None or self.guard.engine is not engine:
            from pytest_dbseed._transaction import TransactionGuard

            self.guard = TransactionGuard(engine)
        return self.guard


_RUN = pytest.StashKey[Run]()


def get_run(config: pytest.Config) -> Run:
    """The run of this process (made by the plugin in ``pytest_configure``)."""
    return config.stash[_RUN]


def find_run(config: pytest.Config) -> Run | None:
    """The run, or None when ``pytest_configure`` did not get to make one."""
    return config.stash.get(_RUN, None)


def start_run(config: pytest.Config) -> Run:
    """Make this process's run from the configuration and keep it in ``config.stash``."""
    run = config.stash[_RUN] = Run(RunInfo.from_config(config), config.rootpath)
    return run
