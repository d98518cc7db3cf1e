"""Whether a process still runs: the one answer every cleanup of the provisioning asks for.

A cluster, a database or a copy of binaries left behind is removed only when the
process that made it is gone. A zombie (a process that has exited but that its parent
has not reaped yet) is gone: it serves no connection and will never write again, and
waiting for its parent to reap it could take forever.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

__all__ = ["pid_alive", "start_time"]


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, where /proc has them."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: split after the last ')'.
    return raw.rsplit(")", 1)[1].split()


def _ps_says_zombie(pid: int) -> bool:
    """Where there is no /proc (macOS, the BSDs): ask ps."""
    try:
        state = subprocess.run(
            ["ps", "-o", "state=", "-p", str(pid)], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return False  # cannot tell: count it as running, the safe side for a cleanup
    return state.startswith("Z")


def pid_alive(pid: int) -> bool:
    """True if process ``pid`` exists and has not exited (a zombie has exited).

    A process of another user counts as running: it cannot be signalled, but it exists.
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    fields = _stat_fields(pid)
    if fields is not None:
        return fields[0] != "Z"
    if Path("/proc/self/stat").exists():
        return False  # /proc works and no longer lists it: it ended between the two looks
    return not _ps_says_zombie(pid)


def start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid``, which tells a reused pid apart (None off Linux)."""
    fields = _stat_fields(pid)
    return fields[19] if fields and len(fields) > 19 else None
