"""No server process or data directory outlives the run, however it ends.

Each test starts a real child Python that starts a real cluster, ends it one way
(normal end, exception, Ctrl-C, SIGTERM, SIGKILL) and checks what is left.

Every test owns its cluster directory (``DBSEED_TMPDIR``, inherited by its children):
another run's sweep of leftovers, or another test's, never sees this test's clusters,
so "left behind" and "cleaned up" mean this test's doing alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_dbseed.provision._binaries import find_installed

from .provision_helpers import child_env, first_json_line, process_gone, run, spawn

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_installed() is None, reason="no installed PostgreSQL server binaries"),
]



@pytest.fixture(autouse=True)
def own_cluster_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cluster directory of this test's own, for its children too.

    Not under pytest's tmp_path: as root, the server runs as an unprivileged user who
    cannot enter pytest's private temporary directories.
    """
    path = Path(tempfile.mkdtemp(prefix="dbseed-lifecycle-"))
    os.chmod(path, 0o755)
    monkeypatch.setenv("DBSEED_TMPDIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_the_child_uses_the_tests_own_cluster_directory(
    own_cluster_dir: Path, clean_kill: list[int]
) -> None:
    proc, pid, cluster = _start("exit", clean_kill)
    assert proc.wait(60) == 0
    assert own_cluster_dir in cluster.parents


CHILD = """
import json, sys, time
from pytest_dbseed.provision import start_server
mode = sys.argv[1]
if mode == "chained":
    import signal
    def previous(signum, frame):
        print("previous handler ran", flush=True)
        sys.exit(7)
    signal.signal(signal.SIGTERM, previous)
server = start_server("local")
print(json.dumps({"pid": server.pid, "cluster": str(server.cluster)}), flush=True)
if mode == "exit":
    sys.exit(0)
if mode == "error":
    raise RuntimeError("boom in the test run")
while True:
    time.sleep(0.05)
"""


def _start(mode: str, clean_kill: list[int]) -> tuple[subprocess.Popen[str], int, Path]:
    proc = spawn(CHILD, mode)
    clean_kill.append(proc.pid)
    info = first_json_line(proc)
    pid = int(str(info["pid"]))
    clean_kill.append(pid)
    return proc, pid, Path(str(info["cluster"]))


def _assert_cleaned(pid: int, cluster: Path) -> None:
    assert process_gone(pid), f"postmaster {pid} still runs"
    assert not cluster.exists(), f"{cluster} was left behind"


def test_normal_exit_without_stop_cleans_up(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("exit", clean_kill)
    assert proc.wait(60) == 0
    _assert_cleaned(pid, cluster)


def test_uncaught_error_cleans_up(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("error", clean_kill)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "boom in the test run" in err
    _assert_cleaned(pid, cluster)


def test_ctrl_c_cleans_up(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("wait", clean_kill)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "KeyboardInterrupt" in err
    _assert_cleaned(pid, cluster)


def test_sigterm_cleans_up_and_dies_of_sigterm(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("wait", clean_kill)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGTERM
    _assert_cleaned(pid, cluster)


def test_sigterm_chains_to_the_previous_handler(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("chained", clean_kill)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert "previous handler ran" in out
    assert proc.returncode == 7
    _assert_cleaned(pid, cluster)


def test_sigkill_leftovers_are_removed_by_the_next_start(clean_kill: list[int]) -> None:
    proc, pid, cluster = _start("wait", clean_kill)
    proc.kill()
    proc.wait(30)
    # Nothing could clean up: the orphan server and its directory are still there.
    assert not process_gone(pid, wait=0.5)
    assert cluster.is_dir()
    result = run(
        """
        from pytest_dbseed.provision import start_server
        with start_server("local"):
            pass
        """
    )
    assert result.returncode == 0, result.stderr
    _assert_cleaned(pid, cluster)


def test_pytest_ctrl_c_still_reports_and_cleans_up(tmp_path: Path, clean_kill: list[int]) -> None:
    """Our signal handling leaves pytest's own KeyboardInterrupt report intact."""
    (tmp_path / "test_slow.py").write_text(
        textwrap.dedent(
            """
            import json, time, pytest
            from pytest_dbseed.provision import start_server

            @pytest.fixture(scope="session")
            def server():
                with start_server("local") as s:
                    yield s

            def test_waits(server):
                print(json.dumps({"pid": server.pid, "cluster": str(server.cluster)}), flush=True)
                while True:
                    time.sleep(0.05)
            """
        )
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-s",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:dbseed",
            str(tmp_path / "test_slow.py"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env=child_env(),
    )
    clean_kill.append(proc.pid)
    assert proc.stdout is not None
    info = None
    for line in proc.stdout:
        if line.startswith("{"):
            import json

            info = json.loads(line)
            break
    assert info is not None
    clean_kill.append(int(info["pid"]))
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    assert "KeyboardInterrupt" in out
    assert proc.returncode == 2  # pytest's ExitCode.INTERRUPTED
    _assert_cleaned(int(info["pid"]), Path(info["cluster"]))
