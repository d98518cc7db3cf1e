"""A throwaway PostgreSQL cluster started from server binaries on this machine.

Layout: one base directory per calling uid (``<tmp>/pytest-dbseed-<uid>``, mode
0755 so an unprivileged server user can traverse it when we are root), and one
cluster directory per server inside it, holding ``owner.json`` (who started it),
``data/``, ``sock/`` (private Unix socket directory), ``server.log`` and
``pgpass``. A cluster whose owner process is gone (killed with SIGKILL) is stopped
and removed by the next start, unless it was kept on purpose. ``pg-<key>/``
directories beside them are readable copies of binaries the server user could not
reach (see ``_relocate``); they are kept for later runs, and removed once their
source is gone or changed and no cluster runs from them.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import ProvisionError, Remedy
from pytest_dbseed.provision._binaries import BUNDLE_DIST, Binaries
from pytest_dbseed.provision._process import pid_alive, start_time
from pytest_dbseed.provision._relocate import copy_target, ensure_copy, sweep_copies
from pytest_dbseed.provision._server import Server, register

__all__ = ["LocalServer", "start_local", "sweep_leftovers", "base_dir"]

SUPERUSER = "postgres"
READY_TIMEOUT = 60.0
_PORT_ATTEMPTS = 5
# Test data is throwaway: durability only costs time here.
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "jit": "off",
    "logging_collector": "off",
}


_WRITABLE_TMPDIR = "point TMPDIR or DBSEED_TMPDIR at a writable directory"
_TRAVERSABLE_TMPDIR = (
    "point TMPDIR or DBSEED_TMPDIR at a directory every user can traverse (such as /tmp)"
)
# Binaries that are there but do not run: name others, or install working ones.
_OTHER_BINARIES = (Remedy.GIVE_BINDIR, Remedy.INSTALL_BINARIES, Remedy.INSTALL_EMBEDDED)


# -- who runs the server ----------------------------------------------------------------


@dataclass(frozen=True)
class _RunAs:
    """The account the server runs as: ourselves, or an unprivileged user when root."""

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]
    switch: bool

    def popen_kwargs(self) -> dict[str, Any]:
        if not self.switch:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": list(self.groups)}


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _server_user() -> _RunAs:
    if not _is_root():
        uid = os.getuid() if hasattr(os, "getuid") else -1
        gid = os.getgid() if hasattr(os, "getgid") else -1
        return _RunAs("", uid, gid, (), False)
    import grp
    import pwd

    wanted = os.environ.get("DBSEED_PG_USER")
    names = [wanted] if wanted else ["postgres", "nobody"]
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid == 0:
            continue
        groups = tuple(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)
        return _RunAs(name, entry.pw_uid, entry.pw_gid, groups, True)
    raise ProvisionError(
        "PostgreSQL refuses to run as root and no unprivileged user to run it as was found "
        f"(tried {', '.join(names)})",
        remedies=(
            "create one (useradd --system postgres)",
            "set DBSEED_PG_USER to an existing non-root user",
            "run as a non-root user",
        ),
    )


def _blocking_dir(path: Path, who: _RunAs) -> Path | None:
    """The first directory on ``path`` that ``who`` cannot enter, if any."""
    if not who.switch:
        return None
    gids = {who.gid, *who.groups}
    current = Path(os.path.abspath(path))
    for directory in [*reversed(current.parents), current]:
        try:
            st = os.stat(directory)
        except OSError:
            return directory
        if st.st_uid == who.uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid in gids:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            return directory
    return None


def _usable_by(bindir: Path, who: _RunAs) -> bool:
    """True if ``who`` can reach ``bindir`` and run ``initdb`` and ``postgres`` in it."""
    if not who.switch:
        return True
    if _blocking_dir(bindir, who) is not None:
        return False
    gids = {who.gid, *who.groups}
    for name in ("initdb", "postgres"):
        try:
            st = os.stat(bindir / name)
        except OSError:
            return False
        if st.st_uid == who.uid:
            bits = stat.S_IXUSR
        elif st.st_gid in gids:
            bits = stat.S_IXGRP
        else:
            bits = stat.S_IXOTH
        if not st.st_mode & bits:
            return False
    return True


# -- the per-uid base directory and leftovers -----------------------------------------


def base_dir(workdir: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding this uid's clusters (created, checked for ownership)."""
    parent = Path(workdir or os.environ.get("DBSEED_TMPDIR") or tempfile.gettempdir())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = parent / f"pytest-dbseed-{uid}"
    try:
        base.mkdir(mode=0o755 if _is_root() else 0o700, exist_ok=True)
        st = os.lstat(base)
    except OSError as exc:
        raise ProvisionError(
            f"cannot create the cluster directory {base}: {exc.strerror}",
            remedies=(_WRITABLE_TMPDIR,),
        ) from exc
    if (
        stat.S_ISLNK(st.st_mode)
        or not stat.S_ISDIR(st.st_mode)
        or (hasattr(os, "getuid") and st.st_uid != uid)
    ):
        raise ProvisionError(
            f"{base} exists but is not a directory owned by uid {uid}; refusing to use it",
            remedies=("remove it", "point TMPDIR or DBSEED_TMPDIR elsewhere"),
        )
    if _is_root():
        # An unprivileged server user must be able to traverse into its cluster.
        os.chmod(base, 0o755)
    return base


def _owner_alive(owner: dict[str, Any]) -> bool:
    pid = int(owner.get("pid", 0))
    if not pid_alive(pid):
        return False
    started = owner.get("start")
    return started is None or start_time(pid) in (None, started)


def _is_our_postmaster(pid: int, data: Path) -> bool:
    """True if ``pid`` is a postgres process serving ``data`` (guards against pid reuse)."""
    if not pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        try:
            cmdline = subprocess.run(
                ["ps", "-p", str(pid), "-o", "command="],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return False
    return "postgres" in cmdline and str(data) in cmdline


def _postmaster_pid(data: Path) -> int:
    try:
        return int((data / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return 0


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.02)
    return not pid_alive(pid)


def _kill_foreign(pid: int) -> None:
    """Stop a postmaster that is not our child: immediate shutdown, then SIGKILL."""
    for sig, wait in ((signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if _wait_gone(pid, wait):
            return


def _read_owner(cluster: Path) -> dict[str, Any]:
    try:
        data = json.loads((cluster / "owner.json").read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        match = re.match(r"(\d+)-", cluster.name)
        return {"pid": int(match.group(1))} if match else {}


def sweep_leftovers(base: Path) -> list[Path]:
    """Stop and remove clusters whose owner process is gone; return what was removed.

    Copies of binaries (``pg-<key>``) whose source is gone or changed go too, unless
    a remaining cluster runs from them.
    """
    removed: list[Path] = []
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    in_use: list[Path] = []
    for cluster in entries:
        if not cluster.is_dir() or not re.match(r"\d+-", cluster.name):
            continue
        owner = _read_owner(cluster)
        if owner.get("keep") or _owner_alive(owner):
            if owner.get("bindir"):
                in_use.append(Path(str(owner["bindir"])))
            continue
        data = cluster / "data"
        for pid in {int(owner.get("postmaster", 0)), _postmaster_pid(data)}:
            if _is_our_postmaster(pid, data):
                _kill_foreign(pid)
        shutil.rmtree(cluster, ignore_errors=True)
        if not cluster.exists():
            removed.append(cluster)
        elif owner.get("bindir"):
            in_use.append(Path(str(owner["bindir"])))
    sweep_copies(base, in_use)
    return removed


# -- the server -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _tail(path: Path, lines: int = 12) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return "\n".join("    " + line for line in text[-lines:])


class LocalServer(Server):
    """A cluster this process initialised and started; removed at stop unless kept."""

    def __init__(
        self,
        *,
        url: sa.URL,
        version: str,
        binaries: Binaries,
        cluster: Path,
        process: subprocess.Popen[bytes],
        keep: bool,
    ) -> None:
        super().__init__(url, "embedded" if binaries.bundled else "local", version, keep=keep)
        self.binaries = binaries
        self.cluster = cluster
        self.data_dir = cluster / "data"
        self.process = process
        self.pid = process.pid

    def describe(self) -> str:
        where = f"{self.url.host}:{self.url.port}"
        source = (
            f"{BUNDLE_DIST}, {self.binaries.bindir}"
            if self.binaries.bundled
            else str(self.binaries.bindir)
        )
        if self.binaries.copied_from is not None:
            source += f", copied from {self.binaries.copied_from}"
        return f"{self.backend} cluster PostgreSQL {self.version} at {where} ({source})"

    def connect_hint(self, database: str | None = None) -> str:
        db = database or "postgres"
        return (
            f"PGPASSFILE={self.pgpass_file} psql -h {self.url.host} -p {self.url.port} "
            f"-U {self.url.username} {db}   (URL: {self._psql_url(db)}; "
            f"stop and remove it with: {self.stop_command()})"
        )

    @property
    def pgpass_file(self) -> str | None:
        return str(self.cluster / "pgpass")

    def stop_command(self) -> str:
        # SIGINT is PostgreSQL's fast shutdown; the directory holds data and pgpass. It is
        # removed once the server has exited: a server still shutting down writes files
        # into a directory being removed, which then stays.
        return (
            f"kill -INT {self.pid} && while kill -0 {self.pid} 2>/dev/null; do sleep 0.1; "
            f"done; rm -rf {self.cluster}"
        )

    def _shutdown(self) -> None:
        _stop_process(self.process)
        shutil.rmtree(self.cluster, ignore_errors=True)


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    # SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, no waiting.
    for sig, wait in ((signal.SIGINT, 15.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _run_initdb(
    binaries: Binaries, cluster: Path, who: _RunAs, password: str, env: dict[str, str]
) -> None:
    pwfile = cluster / "pwfile"
    pwfile.write_text(password + "\n")
    os.chmod(pwfile, 0o600)
    if who.switch:
        os.chown(pwfile, who.uid, who.gid)
    base_cmd = [
        binaries.exe("initdb"),
        "-D",
        str(cluster / "data"),
        "-U",
        SUPERUSER,
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "--encoding=UTF8",
        "--no-sync",
    ]
    try:
        # C.UTF-8 sorts like C but knows UTF-8 characters; fall back to C where it is missing.
        for locale in ("C.UTF-8", "C"):
            result = subprocess.run(
                [*base_cmd, f"--locale={locale}"],
                cwd=cluster,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=120,
                **who.popen_kwargs(),
            )
            if result.returncode == 0:
                return
            output = (result.stdout + result.stderr).strip()
            if "locale" in output and locale != "C":
                shutil.rmtree(cluster / "data", ignore_errors=True)
                continue
            raise ProvisionError(
                f"initdb failed (exit {result.returncode}) with {binaries.bindir} in {cluster}:",
                detail="\n".join("    " + line for line in output.splitlines()[-12:]),
                remedies=(
                    "check that the data directory is writable by the server user "
                    f"{who.name or 'running the tests'} and that the binaries are complete",
                ),
            )
    except OSError as exc:
        raise ProvisionError(
            f"cannot run initdb from {binaries.bindir}: {exc}",
            remedies=_OTHER_BINARIES,
        ) from exc
    finally:
        pwfile.unlink(missing_ok=True)


def _connect_ready(url: sa.URL, data: Path) -> str | None:
    """The server version if our server answers a real query, else None."""
    import psycopg2

    try:
        conn = psycopg2.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname=url.database,
            connect_timeout=2,
        )
    except psycopg2.OperationalError:
        return None
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT current_setting('server_version'), current_setting('data_directory')"
            )
            row = cur.fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    version, data_directory = str(row[0]), str(row[1])
    if os.path.realpath(data_directory) != os.path.realpath(data):
        # Another server answered on that port: never mistake it for ours.
        raise _ForeignServer(data_directory)
    return version.split()[0]


class _ForeignServer(Exception):
    """Another PostgreSQL answered on the port chosen for ours."""


def _start_postmaster(
    binaries: Binaries, cluster: Path, who: _RunAs, port: int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    cmd = [binaries.exe("postgres"), "-D", str(cluster / "data")]
    settings = {**_SETTINGS, "port": str(port), "unix_socket_directories": str(cluster / "sock")}
    for key, value in settings.items():
        cmd += ["-c", f"{key}={value}"]
    log = open(cluster / "server.log", "ab")  # noqa: SIM115 - handed to the child
    try:
        return subprocess.Popen(
            cmd,
            cwd=cluster,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Own session: a Ctrl-C in the terminal reaches us, and we stop the server.
            start_new_session=True,
            **who.popen_kwargs(),
        )
    except OSError as exc:
        raise ProvisionError(
            f"cannot start {binaries.exe('postgres')}: {exc}", remedies=_OTHER_BINARIES
        ) from exc
    finally:
        log.close()


def _write_owner(cluster: Path, **fields: Any) -> None:
    tmp = cluster / "owner.json.tmp"
    tmp.write_text(json.dumps(fields))
    os.replace(tmp, cluster / "owner.json")


def start_local(
    binaries: Binaries,
    *,
    keep: bool = False,
    port: int | None = None,
    workdir: str | os.PathLike[str] | None = None,
    timeout: float = READY_TIMEOUT,
) -> LocalServer:
    """Initialise and start a throwaway cluster from ``binaries``; ready when it answers."""
    who = _server_user()
    base = base_dir(workdir)
    sweep_leftovers(base)
    blocked = _blocking_dir(base, who)
    if blocked is not None:
        raise ProvisionError(
            f"the server user {who.name!r} cannot reach the data directory under {base}: "
            f"{blocked} is not searchable by it",
            remedies=(_TRAVERSABLE_TMPDIR, f"chmod o+x {blocked}"),
        )
    copy: tuple[Path, list[Path], Path] | None = None
    if not _usable_by(binaries.bindir, who):
        # Common when root runs tests from a virtualenv under /root or a mktemp -d
        # directory: the server user cannot reach the binaries, so it gets a copy.
        target, binaries, sources, root = copy_target(
            binaries, base, lambda p: _blocking_dir(p, who)
        )
        copy = (target, sources, root)
    if port is not None and _port_taken(port):
        raise ProvisionError(
            f"port {port} on 127.0.0.1 is already in use by another process",
            remedies=("choose another port", "give none, to have a free one picked"),
        )

    cluster = base / f"{os.getpid()}-{secrets.token_hex(4)}"
    cluster.mkdir(mode=0o700)
    # The bindir is recorded before any copy is made, so a concurrent sweep keeps it.
    _write_owner(
        cluster,
        pid=os.getpid(),
        start=start_time(os.getpid()),
        keep=keep,
        bindir=str(binaries.bindir),
    )
    try:
        if copy is not None:
            ensure_copy(*copy)
            blocked = _blocking_dir(binaries.bindir, who)
            if blocked is not None:
                raise ProvisionError(
                    f"the server user {who.name!r} cannot run the binaries copied to "
                    f"{binaries.bindir}: {blocked} is not searchable by it",
                    remedies=(_TRAVERSABLE_TMPDIR,),
                )
        (cluster / "sock").mkdir(mode=0o700)
        if who.switch:
            for path in (cluster, cluster / "sock"):
                os.chown(path, who.uid, who.gid)
        password = secrets.token_urlsafe(18)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        if binaries.library_path:
            # Absolute rpaths of a copied installation still point at the unreachable original.
            paths = [str(p) for p in binaries.library_path]
            if env.get("LD_LIBRARY_PATH"):
                paths.append(env["LD_LIBRARY_PATH"])
            env["LD_LIBRARY_PATH"] = os.pathsep.join(paths)
        if who.switch:
            import pwd

            env.update(HOME=pwd.getpwuid(who.uid).pw_dir or "/", USER=who.name, LOGNAME=who.name)
        _run_initdb(binaries, cluster, who, password, env)
        server = _launch(binaries, cluster, who, password, env, port, keep, timeout)
    except BaseException:
        shutil.rmtree(cluster, ignore_errors=True)
        raise
    pgpass = cluster / "pgpass"
    pgpass.write_text(f"127.0.0.1:{server.url.port}:*:{SUPERUSER}:{password}\n")
    os.chmod(pgpass, 0o600)
    _write_owner(
        cluster,
        pid=os.getpid(),
        start=start_time(os.getpid()),
        keep=keep,
        postmaster=server.pid,
        port=server.url.port,
        bindir=str(binaries.bindir),
    )
    register(server)
    return server


def _launch(
    binaries: Binaries,
    cluster: Path,
    who: _RunAs,
    password: str,
    env: dict[str, str],
    port: int | None,
    keep: bool,
    timeout: float,
) -> LocalServer:
    attempts = 1 if port is not None else _PORT_ATTEMPTS
    log = cluster / "server.log"
    for _ in range(attempts):
        chosen = port if port is not None else _free_port()
        url = sa.URL.create(
            "postgresql+psycopg2",
            username=SUPERUSER,
            password=password,
            host="127.0.0.1",
            port=chosen,
            database="postgres",
        )
        process = _start_postmaster(binaries, cluster, who, chosen, env)
        try:
            version = _wait_ready(process, url, cluster / "data", log, timeout)
        except BaseException:
            _stop_process(process)
            raise
        if version is not None:
            return LocalServer(
                url=url,
                version=version,
                binaries=binaries,
                cluster=cluster,
                process=process,
                keep=keep,
            )
        # The port was taken between choosing and binding it: another try.
        if port is not None:
            break
    raise ProvisionError(
        f"port {port if port is not None else '(several free ones)'} on 127.0.0.1 could not be "
        "bound: another process took it:",
        detail=_tail(log),
        remedies=("choose another port", "give none, to have a free one picked"),
    )


def _first_arg(process: subprocess.Popen[bytes]) -> str:
    args = process.args
    return str(args[0]) if isinstance(args, (list, tuple)) else str(args)


def _wait_ready(
    process: subprocess.Popen[bytes], url: sa.URL, data: Path, log: Path, timeout: float
) -> str | None:
    """Version once the server answers; None when it exited because the port was taken."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        code = process.poll()
        if code is not None:
            text = _tail(log, 40)
            if "Address already in use" in text or "could not create any TCP/IP sockets" in text:
                return None
            raise ProvisionError(
                f"PostgreSQL ({_first_arg(process)}) exited with code {code} while starting "
                f"(data directory {data}):",
                detail=_tail(log),
                remedies=("read the log above; check shared memory limits and the binaries",),
            )
        try:
            version = _connect_ready(url, data)
        except _ForeignServer:
            return None
        if version is not None:
            return version
        if time.monotonic() > deadline:
            raise ProvisionError(
                f"PostgreSQL did not answer a query within {timeout:.0f} s at "
                f"127.0.0.1:{url.port} (data directory {data}):",
                detail=_tail(log),
                remedies=("check the log above; the machine may be overloaded",),
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 0.1)
