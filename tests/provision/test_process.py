"""The one liveness check behind every cleanup: running, gone, and zombies."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from pytest_dbseed.provision._process import pid_alive, start_time


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_this_process_and_a_running_child_are_alive() -> None:
    assert pid_alive(os.getpid())
    child = _sleeper()
    try:
        assert pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_zombie_is_not_alive() -> None:
    child = _sleeper()
    try:
        child.kill()
        # Not reaped yet (no wait()): the child is a zombie, signal 0 still reaches it.
        deadline = time.monotonic() + 10
        while pid_alive(child.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(child.pid, 0)  # the pid is still taken: a zombie, not a free pid
        assert not pid_alive(child.pid)
    finally:
        child.wait()


def test_a_reaped_process_and_impossible_pids_are_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not pid_alive(child.pid)
    assert not pid_alive(0)
    assert not pid_alive(-1)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="start times come from /proc")
def test_start_time_tells_processes_apart() -> None:
    child = _sleeper()
    try:
        mine, theirs = start_time(os.getpid()), start_time(child.pid)
        assert mine is not None and theirs is not None and mine != theirs
        assert start_time(os.getpid()) == mine
    finally:
        child.kill()
        child.wait()
