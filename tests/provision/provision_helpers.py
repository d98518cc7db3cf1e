"""Helpers for provisioning tests: child Python processes and liveness checks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pytest_dbseed.provision._process import pid_alive

ROOT = Path(__file__).resolve().parents[2]
EXISTING_URL = os.environ.get(
    "DBSEED_TEST_EXISTING_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python that imports this checkout of pytest_dbseed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTEST_XDIST_WORKER", None)
    env.update(extra)
    return env


def spawn(code: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """Start ``python -c code args...`` with output piped."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**env),
    )


def run(
    code: str, *args: str, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code args...`` to completion."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=child_env(**env),
        timeout=timeout,
    )


def first_json_line(proc: subprocess.Popen[str]) -> dict[str, object]:
    """The JSON object a child prints once its server is up."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"child printed nothing; stderr:\n{err}")
    data = json.loads(line)
    assert isinstance(data, dict)
    return data


def process_gone(pid: int, wait: float = 20.0) -> bool:
    """True once ``pid`` no longer runs (zombies count as gone)."""
    deadline = time.monotonic() + wait
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def port_open(host: str, port: int) -> bool:
    """True if something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False
