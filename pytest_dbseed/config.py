"""The plugin's options: one table of definitions, typed parsers, precedence in one place.

Every option has a command-line flag in the ``dbseed`` group and an ini twin; some
also read an environment variable. :func:`resolve` applies the precedence
*command line > ini > environment > default* for all of them, so no other module
ever looks at ``config.getoption`` or ``os.environ`` for a dbseed setting.

This module imports only the standard library and pytest: ``pytest --help`` must
stay cheap.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbseed._backends import BACKENDS
from pytest_dbseed.errors import (
    ConfigError,
    Remedy,
    SecretUrl,
    Wording,
    mask_url,
    unencoded_password,
)

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = [
    "BACKENDS",
    "PYTEST_WORDING",
    "DEFAULT_COUNT",
    "DEFAULT_SEED",
    "Option",
    "OPTIONS",
    "Settings",
    "add_options",
    "resolve",
    "parse_count",
    "parse_plan_cache",
    "DEFAULT_PLAN_CACHE",
    "parse_seed",
    "parse_backend",
    "parse_locale",
    "engine_locale",
    "unknown_locale",
    "parse_url",
    "parse_models",
    "parse_bool",
    "parse_path",
    "parse_providers",
    "load_metadata",
    "load_object",
    "resolve_path",
]

DEFAULT_COUNT = 10
DEFAULT_PLAN_CACHE = 8
"""How many marker plans keep a seeded database of their own at a time (per worker)."""
DEFAULT_SEED = 0
"""A fixed default: the same data on every run until the user asks for another seed."""


def _bad(message: str) -> argparse.ArgumentTypeError:
    # argparse prints an ArgumentTypeError's text as is; a ValueError would be reported
    # with the parser function's name instead of our explanation.
    return argparse.ArgumentTypeError(message)


def parse_count(text: str) -> int:
    """A row count: an integer >= 0."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise _bad(f"{text!r} is not a row count (an integer >= 0)") from None
    if value < 0:
        raise _bad(f"{text!r} is negative; a row count is an integer >= 0")
    return value


def parse_plan_cache(text: str) -> int:
    """How many plan databases to keep: an integer >= 0 (0 turns the cache off)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise _bad(f"{text!r} is not a number of databases (an integer >= 0; 0 = off)") from None
    if value < 0:
        raise _bad(f"{text!r} is negative; use an integer >= 0 (0 turns the cache off)")
    return value


def parse_seed(text: str) -> int | str:
    """An integer seed, or ``random`` (a new one), or ``last`` (the previous run's)."""
    value = str(text).strip()
    if value in ("random", "last"):
        return value
    try:
        return int(value)
    except ValueError:
        raise _bad(f"{text!r} is not an integer or the string 'random' or 'last'") from None


def parse_backend(text: str) -> str:
    """One of :data:`BACKENDS`."""
    value = str(text).strip().lower()
    if value not in BACKENDS:
        raise _bad(f"{text!r} is not a backend; choose one of {', '.join(BACKENDS)}")
    return value


def parse_locale(text: str) -> tuple[str, ...]:
    """One Faker locale or several separated by commas: ``en_US`` or ``de_DE,fr_FR``."""
    parts = tuple(p.strip() for p in str(text).split(",") if p.strip())
    if not parts:
        raise _bad(f"{text!r} names no locale; use e.g. en_US or de_DE,fr_FR")
    return parts


def engine_locale(locales: tuple[str, ...] | None) -> str | list[str] | None:
    """Parsed locales (:func:`parse_locale`) in the form the engine and Faker take."""
    if not locales:
        return None
    return locales[0] if len(locales) == 1 else list(locales)


def unknown_locale(locales: tuple[str, ...] | None) -> str | None:
    """The first of ``locales`` Faker does not know, with the closest known ones; or None.

    Imports Faker: call it once per run, not while parsing options.
    """
    if not locales:
        return None
    import difflib

    from faker.config import AVAILABLE_LOCALES

    for locale in locales:
        if locale.replace("-", "_") not in AVAILABLE_LOCALES:
            close = difflib.get_close_matches(locale, AVAILABLE_LOCALES, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            return (
                f"{locale!r} is not a Faker locale.{hint} Use e.g. en_US, de_DE or fr_FR "
                "(comma separated for several)"
            )
    return None


def parse_url(text: str) -> str:
    """A SQLAlchemy URL of a PostgreSQL server: ``postgresql://user:pw@host:5432/postgres``."""
    value = str(text).strip()
    if "://" not in value:
        raise _bad(
            f"{mask_url(value)!r} is not a database URL; "
            "expected e.g. postgresql://user:password@host:5432/postgres"
        )
    problem = unencoded_password(value)
    if problem is not None:
        raise _bad(problem)
    return SecretUrl(value)


def parse_models(text: str) -> str:
    """An import path: ``pkg.module:Base``, ``pkg.module:metadata`` or ``pkg.module``."""
    value = str(text).strip()
    module, _, attr = value.partition(":")
    if (
        not module
        or not all(p.isidentifier() for p in module.split("."))
        or (attr and not all(p.isidentifier() for p in attr.split(".")))
    ):
        raise _bad(
            f"{text!r} is not an import path; expected pkg.module:Base, "
            "pkg.module:metadata or pkg.module"
        )
    return value


def parse_bool(text: str) -> bool:
    """``true/false``, ``yes/no``, ``on/off``, ``1/0``."""
    value = str(text).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise _bad(f"{text!r} is not a boolean; use true or false")


def parse_path(text: str) -> str:
    """A file path (absolute, or relative to the rootdir): ``alembic.ini``, ``db/alembic.ini``."""
    value = str(text).strip()
    if not value:
        raise _bad("an empty path; give the path of a file, e.g. alembic.ini")
    return value


def parse_providers(text: str) -> tuple[str, ...]:
    """Import paths of Faker provider classes, separated by commas, spaces or new lines:
    ``acme.fakes:SkuProvider`` or ``acme.fakes.SkuProvider``."""
    parts = tuple(p for p in str(text).replace(",", " ").split() if p)
    for part in parts:
        module, colon, attr = part.partition(":")
        names = module.split(".") + (attr.split(".") if colon else [])
        if not all(n.isidentifier() for n in names) or (not colon and len(names) < 2):
            raise _bad(
                f"{part!r} is not the import path of a class; expected "
                "pkg.module:ProviderClass or pkg.module.ProviderClass"
            )
    return parts


def resolve_path(value: str, rootpath: Path | None) -> Path:
    """``value`` as an absolute path: relative paths are relative to ``rootpath`` (the
    pytest rootdir), else to the current directory."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = (rootpath or Path.cwd()) / path
    return path


@dataclass(frozen=True)
class Option:
    """One setting: its flag, ini key, environment variable, parser and default."""

    dest: str
    flag: str | None
    """None for a setting that only an ini key holds (a list, like ``dbseed_providers``)."""
    ini: str | None
    env: str | None
    parse: Callable[[str], Any]
    default: Any
    help: str
    metavar: str | None = None
    is_flag: bool = False
    ini_type: str = "string"
    """How pytest reads the ini key: ``string``, or ``linelist`` for a list."""


OPTIONS: tuple[Option, ...] = (
    Option(
        "dbseed_count",
        "--seed-count",
        "seed_count",
        None,
        parse_count,
        DEFAULT_COUNT,
        f"rows per table when a test names no count (default {DEFAULT_COUNT})",
        "N",
    ),
    Option(
        "dbseed_models",
        "--dbseed-models",
        "dbseed_models",
        None,
        parse_models,
        None,
        "where the models are: pkg.module:Base, pkg.module:metadata or pkg.module",
        "IMPORT",
    ),
    Option(
        "dbseed_url",
        "--dbseed-url",
        "dbseed_url",
        "DBSEED_URL",
        parse_url,
        None,
        "use this existing PostgreSQL server (admin URL) instead of starting one; env DBSEED_URL",
        "URL",
    ),
    Option(
        "dbseed_backend",
        "--dbseed-backend",
        "dbseed_backend",
        None,
        parse_backend,
        "auto",
        "how to get a server: auto (url if given, else Docker, else a local throwaway "
        "cluster, else bundled binaries), docker, local or url (default auto)",
        "{" + ",".join(BACKENDS) + "}",
    ),
    Option(
        "dbseed_seed",
        "--dbseed-seed",
        "dbseed_seed",
        None,
        parse_seed,
        DEFAULT_SEED,
        f"seed of the fake data: an integer, 'random' or 'last' (default {DEFAULT_SEED}); "
        "the seed in use is printed in the report header",
        "INT|random|last",
    ),
    Option(
        "dbseed_locale",
        "--dbseed-locale",
        "dbseed_locale",
        None,
        parse_locale,
        None,
        "Faker locale(s), comma separated, e.g. en_US or de_DE,fr_FR",
        "LOCALE",
    ),
    Option(
        "dbseed_plan_cache",
        "--dbseed-plan-cache",
        "dbseed_plan_cache",
        None,
        parse_plan_cache,
        DEFAULT_PLAN_CACHE,
        "marker plans kept as a seeded database each, reused by every test with the same "
        f"plan (least recently used dropped first; 0 = off; default {DEFAULT_PLAN_CACHE})",
        "N",
    ),
    Option(
        "dbseed_keep",
        "--dbseed-keep",
        "dbseed_keep",
        None,
        parse_bool,
        False,
        "keep the test database (and server) after the run and print how to connect",
        is_flag=True,
    ),
    Option(
        "dbseed_alembic",
        "--dbseed-alembic",
        "dbseed_alembic",
        None,
        parse_path,
        None,
        "build the test database's schema with `alembic upgrade head` from this alembic.ini "
        "(relative to the rootdir) instead of create_all; without models, the migrated "
        "database is reflected and seeded",
        "PATH",
    ),
    Option(
        "dbseed_providers",
        None,
        "dbseed_providers",
        None,
        parse_providers,
        (),
        "Faker provider classes to add, usable as fake('method'): import paths "
        "pkg.module:ProviderClass, separated by spaces, commas or new lines",
        ini_type="linelist",
    ),
)


PYTEST_WORDING = Wording(
    remedies={
        Remedy.GIVE_URL: "pass --dbseed-url or set DBSEED_URL to a PostgreSQL server you own",
        Remedy.CHECK_URL: "check host, port, user and password in --dbseed-url / DBSEED_URL",
        Remedy.UNSET_URL: "leave --dbseed-url / DBSEED_URL unset to have a server started",
        Remedy.USE_LOCAL: "use --dbseed-backend=local (installed or bundled PostgreSQL binaries)",
    },
    labels={"url": "--dbseed-url / DBSEED_URL"},
)
"""How the plugin words a :class:`~pytest_dbseed.errors.ProvisionError`: its own options."""


def add_options(parser: pytest.Parser) -> None:
    """Register every option in the ``dbseed`` group, each with its ini twin."""
    group = parser.getgroup("dbseed", "pytest-dbseed: seeded PostgreSQL databases")
    for opt in OPTIONS:
        if opt.flag is None:
            pass
        elif opt.is_flag:
            group.addoption(
                opt.flag, action="store_true", dest=opt.dest, default=None, help=opt.help
            )
        else:
            # default=None tells "not given on the command line" apart from a given value.
            group.addoption(
                opt.flag,
                dest=opt.dest,
                default=None,
                type=opt.parse,
                metavar=opt.metavar,
                help=opt.help,
            )
        if opt.ini:
            help_text = f"{opt.help} (ini twin of {opt.flag})" if opt.flag else opt.help
            if opt.is_flag:
                parser.addini(opt.ini, help_text, type="bool", default=None)
            else:
                parser.addini(opt.ini, help_text, type=opt.ini_type, default=None)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    """Every dbseed option, resolved. ``sources`` says where each value came from."""

    count: int = DEFAULT_COUNT
    models: str | None = None
    url: str | None = None
    backend: str = "auto"
    seed: int | str = DEFAULT_SEED
    locale: tuple[str, ...] | None = None
    keep: bool = False
    plan_cache: int = DEFAULT_PLAN_CACHE
    alembic: str | None = None
    """The ``dbseed_alembic`` path as given (see :func:`resolve_path`)."""
    providers: tuple[str, ...] = ()
    """Import paths of Faker provider classes (``dbseed_providers``)."""
    sources: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Kept as a SecretUrl: the repr of these settings (and of anything holding them,
        # as pytest's -l shows) masks the password.
        if self.url is not None and not isinstance(self.url, SecretUrl):
            object.__setattr__(self, "url", SecretUrl(self.url))

    @property
    def effective_backend(self) -> str:
        """``auto`` with a URL given means ``url``: an explicit server always wins."""
        if self.backend == "auto" and self.url:
            return "url"
        return self.backend

    @property
    def locale_arg(self) -> str | list[str] | None:
        """The locale in the form the engine takes."""
        return engine_locale(self.locale)


_FIELD = {
    "dbseed_count": "count",
    "dbseed_models": "models",
    "dbseed_url": "url",
    "dbseed_backend": "backend",
    "dbseed_seed": "seed",
    "dbseed_locale": "locale",
    "dbseed_keep": "keep",
    "dbseed_plan_cache": "plan_cache",
    "dbseed_alembic": "alembic",
    "dbseed_providers": "providers",
}


def _ini_value(config: pytest.Config, opt: Option) -> Any:
    if not opt.ini:
        return None
    try:
        raw = config.getini(opt.ini)
    except (ValueError, pytest.UsageError) as exc:
        # pytest's own bool parsing refuses e.g. "maybe" without naming the key.
        raise pytest.UsageError(
            f"ini option {opt.ini}: {exc}; use true or false"
            if opt.is_flag
            else f"ini option {opt.ini}: {exc}"
        ) from None
    if raw is None or raw == "" or raw == []:
        return None
    if opt.is_flag:
        return bool(raw)
    if isinstance(raw, list):
        raw = " ".join(str(item) for item in raw)
    try:
        return opt.parse(str(raw))
    except argparse.ArgumentTypeError as exc:
        raise pytest.UsageError(f"ini option {opt.ini}: {exc}") from None


def _env_value(opt: Option, environ: Mapping[str, str]) -> Any:
    if not opt.env:
        return None
    raw = environ.get(opt.env)
    if raw is None or raw.strip() == "":
        return None
    try:
        return opt.parse(raw)
    except argparse.ArgumentTypeError as exc:
        raise pytest.UsageError(f"environment variable {opt.env}: {exc}") from None


def resolve(config: pytest.Config, environ: Mapping[str, str] | None = None) -> Settings:
    """Resolve every option: command line > ini > environment > default.

    Raises :class:`pytest.UsageError` naming the ini key or environment variable
    that holds a bad value (bad flags are already refused by argparse).
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for opt in OPTIONS:
        name = _FIELD[opt.dest]
        cli = config.getoption(opt.dest, default=None) if opt.flag else None
        if cli is not None and not (opt.is_flag and cli is False):
            values[name], sources[name] = cli, f"command line {opt.flag}"
            continue
        ini = _ini_value(config, opt)
        if ini is not None and not (opt.is_flag and ini is False):
            values[name], sources[name] = ini, f"ini option {opt.ini}"
            continue
        envv = _env_value(opt, env)
        if envv is not None:
            values[name], sources[name] = envv, f"environment variable {opt.env}"
            continue
        values[name], sources[name] = opt.default, "default"
    if values["backend"] == "url" and not values["url"]:
        raise pytest.UsageError(
            "--dbseed-backend=url needs a server: give --dbseed-url, the dbseed_url ini "
            "option or the DBSEED_URL environment variable"
        )
    return Settings(sources=sources, **values)


def load_metadata(
    spec: str, rootpath: Path | None = None, label: str = "dbseed_models"
) -> sa.MetaData:
    """Import ``spec`` and return the ``MetaData`` it names.

    ``pkg.module:Base`` (anything with a ``.metadata``), ``pkg.module:metadata`` or a
    bare module holding exactly one metadata (a declarative base, SQLModel, or a
    ``MetaData``). When the module is not importable as is, ``rootpath`` (the pytest
    rootdir, or the current directory for the command line) is tried, so a project's
    own models import without installing the project.

    Raises :class:`ConfigError` saying what failed to import or what was found;
    ``label`` names the setting in messages (``dbseed_models``, ``--models``).
    """
    import sqlalchemy as sa

    module_name, _, attr = spec.partition(":")
    module = _import(module_name, spec, rootpath, label)
    if attr:
        obj: Any = module
        for part in attr.split("."):
            if not hasattr(obj, part):
                found = sorted(n for n in dir(module) if not n.startswith("_"))
                raise ConfigError(
                    f"{label} {spec!r}: module {module_name!r} has no attribute "
                    f"{attr!r}; it defines: {', '.join(found[:30])}"
                )
            obj = getattr(obj, part)
        md = obj if isinstance(obj, sa.MetaData) else getattr(obj, "metadata", None)
        if not isinstance(md, sa.MetaData):
            raise ConfigError(
                f"{label} {spec!r}: {attr!r} is a {type(obj).__name__}, not a "
                "declarative base or a MetaData; point at Base (pkg.module:Base) or at a "
                "MetaData (pkg.module:metadata)"
            )
        return md
    found_md: list[sa.MetaData] = []
    for value in vars(module).values():
        md = value if isinstance(value, sa.MetaData) else getattr(value, "metadata", None)
        if (
            isinstance(value, type | sa.MetaData)
            and isinstance(md, sa.MetaData)
            and md.tables
            and not any(md is m for m in found_md)
        ):
            found_md.append(md)
    if len(found_md) == 1:
        return found_md[0]
    if not found_md:
        raise ConfigError(
            f"{label} {spec!r}: module {module_name!r} holds no MetaData with tables; "
            "point at the declarative base, e.g. "
            f"{module_name}:Base, or import the models in that module"
        )
    raise ConfigError(
        f"{label} {spec!r}: module {module_name!r} holds {len(found_md)} different "
        "MetaData objects; name the one to seed, e.g. "
        f"{module_name}:Base or {module_name}:metadata"
    )


def _import(module_name: str, spec: str, rootpath: Path | None, label: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        top = module_name.split(".")[0]
        if rootpath is None or not (
            missing == top or module_name.startswith(missing + ".") or missing == module_name
        ):
            raise ConfigError(
                f"{label} {spec!r} does not import: {exc}. "
                "Check the path and that its dependencies are installed"
            ) from exc
    except Exception as exc:
        raise ConfigError(f"{label} {spec!r} does not import: {type(exc).__name__}: {exc}") from exc
    root = str(rootpath)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        return importlib.import_module(module_name)
    except Exception as exc:
        raise ConfigError(
            f"{label} {spec!r} does not import (also tried from {root}): "
            f"{type(exc).__name__}: {exc}. Check the module path"
        ) from exc


def load_object(path: str, rootpath: Path | None, label: str) -> Any:
    """Import ``pkg.module:Name`` or ``pkg.module.Name`` and return the object it names.

    Tried from ``rootpath`` too, like the models. Raises :class:`ConfigError` naming
    ``label`` (the setting) and ``path`` when the module does not import or lacks the name.
    """
    if ":" in path:
        module_name, _, attr = path.partition(":")
    else:
        module_name, _, attr = path.rpartition(".")
    module = _import(module_name, path, rootpath, label)
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ConfigError(
                f"{label} {path!r}: module {module_name!r} has no attribute {attr!r}; "
                "check the class name"
            )
        obj = getattr(obj, part)
    return obj
