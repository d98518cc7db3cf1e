"""Building the test database with ``alembic upgrade head`` (``--dbseed-alembic``).

Alembic runs in this process through its Python API, against the test database only:
``sqlalchemy.url`` is set to the test database's URL, and ``config.attributes["connection"]``
holds a connection to it for an ``env.py`` that takes one. Afterwards the test database
must carry the head revision in ``alembic_version``; an ``env.py`` that connected somewhere
else is refused with a message instead of seeding an empty database.

Everything a migration can get wrong is one :class:`~pytest_dbseed.errors.ConfigError`
naming the option, the revision and the fix. Alembic is imported only here, and only when
the option is set.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_dbseed.errors import ConfigError, mask_url

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["OPTION", "check_alembic", "alembic_upgrade"]

OPTION = "--dbseed-alembic / dbseed_alembic"


def check_alembic(path: Path) -> None:
    """Refuse, before any database is made, a path that is no file or a missing Alembic."""
    if not path.is_file():
        where = "is a directory" if path.is_dir() else "does not exist"
        raise ConfigError(
            f"{OPTION}: {path} {where}; give the path of your alembic.ini, relative to the "
            "rootdir or absolute"
        )
    try:
        import alembic  # noqa: F401
    except ImportError:
        raise ConfigError(
            f"{OPTION} needs Alembic, which is not installed: pip install alembic "
            "(or pip install 'pytest-dbseed[alembic]')"
        ) from None


def alembic_upgrade(engine: sa.Engine, path: Path) -> None:
    """Run ``alembic upgrade head`` from the alembic.ini at ``path`` on ``engine``'s database.

    Runs from the ini's directory (as ``alembic`` is run by hand) and leaves the logging
    configuration as it was (an ``env.py`` usually calls ``logging.config.fileConfig``).
    Raises :class:`ConfigError` naming the failing revision and its error.
    """
    check_alembic(path)
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    url = engine.url.render_as_string(hide_password=False)
    with _in_directory(path.parent), _logging_kept():
        cfg = Config(str(path))
        # ConfigParser interpolation: a % in the password must be doubled.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        try:
            script = ScriptDirectory.from_config(cfg)
            heads = set(script.get_heads())
        except CommandError as exc:
            raise ConfigError(f"{OPTION} {path}: Alembic refused it: {exc}") from None
        try:
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:
            raise ConfigError(_failure(path, script, exc)) from None
    current = _current_heads(engine)
    if current != heads:
        raise ConfigError(
            f"{OPTION} {path}: `alembic upgrade head` left the test database at "
            f"{_revisions(current)} instead of {_revisions(heads)}: its env.py connects "
            "somewhere else; make env.py use config.get_main_option('sqlalchemy.url') or "
            "config.attributes['connection']"
        )


def _failure(path: Path, script: Any, exc: BaseException) -> str:
    """The one sentence for a failed upgrade: which revision, what error, what to do."""
    error = mask_url(_first_line(exc))
    revision = _failing_revision(script, exc)
    if revision is None:
        return (
            f"{OPTION} {path}: `alembic upgrade head` failed outside any migration "
            f"(in env.py or the configuration): {error}; check that `alembic upgrade head` "
            "runs on an empty database"
        )
    doc = f' "{revision.doc}"' if getattr(revision, "doc", "") else ""
    return (
        f"{OPTION} {path}: migration {revision.revision}{doc} "
        f"({Path(revision.path).name}) failed: {error}; fix that migration (`alembic "
        "upgrade head` on an empty database shows the same error)"
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _failing_revision(script: Any, exc: BaseException) -> Any:
    """The revision whose script file is the innermost frame of ``exc``'s traceback."""
    try:
        by_file = {Path(rev.path).resolve(): rev for rev in script.walk_revisions()}
    except Exception:
        return None
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        rev = by_file.get(Path(frame.filename).resolve())
        if rev is not None:
            found = rev
    return found


def _current_heads(engine: sa.Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _revisions(revs: set[str]) -> str:
    return ", ".join(sorted(revs)) if revs else "no revision"


@contextmanager
def _in_directory(directory: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def _logging_kept() -> Iterator[None]:
    """Undo what ``fileConfig`` in an env.py does to loggers pytest and the app already have."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    loggers = {
        name: (lg.disabled, lg.level, list(lg.handlers), lg.propagate)
        for name, lg in logging.Logger.manager.loggerDict.items()
        if isinstance(lg, logging.Logger)
    }
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, lg in logging.Logger.manager.loggerDict.items():
            if not isinstance(lg, logging.Logger):
                continue
            if name in loggers:
                lg.disabled, lg.level, lg.handlers[:], lg.propagate = loggers[name]
            else:
                lg.handlers[:] = []
