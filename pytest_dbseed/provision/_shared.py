"""One server for several processes: started on first demand, lent out, stopped by its owner.

The owner (pytest-xdist's controller) makes a :class:`ServerBroker` and hands its
:attr:`~ServerBroker.ticket` to the other processes (the workers). The first
:func:`borrow_server` call starts the server *in the owner's process*, so the
server lives exactly as long as the run: its cleanup at exit, on Ctrl-C and on
SIGTERM is the owner's, and a worker that ends early takes nothing down with it.
A run in which no process asks starts no server at all.

The broker listens on 127.0.0.1 only and answers a process that presents the
ticket's secret token; the answer carries the admin URL, password included.
"""

from __future__ import annotations

import hmac
import json
import secrets
import socket
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, DbseedError, ProvisionError, mask_url
from pytest_dbseed.provision._server import Server, _install_handlers

__all__ = ["ServerBroker", "SharedServer", "borrow_server"]

BORROW_TIMEOUT = 900.0
"""Seconds a borrower waits: a first Docker pull may take minutes."""
_MAX_LINE = 1 << 16
_AGAIN = "it may have ended; run again"
_ENDED = ProvisionError("the run that owns the shared server has ended", remedies=("run again",))


# Stands for the database in the connect hint sent to borrowers, who each name their own.
_DATABASE = "__dbseed_database__"


class SharedServer(Server):
    """A server another process owns and stops; :meth:`stop` here leaves it running."""

    def __init__(
        self,
        url: sa.URL,
        backend: str,
        version: str,
        description: str,
        hint: str,
        data_dir: str | None = None,
    ) -> None:
        super().__init__(url, backend, version, keep=True)
        self._description = description
        self._hint = hint
        self.shared = True
        self.data_dir = data_dir
        """The owner's data directory, when it is on this machine (a local cluster)."""

    def describe(self) -> str:
        return self._description

    def connect_hint(self, database: str | None = None) -> str:
        return self._hint.replace(_DATABASE, database or "postgres")


def _data_dir(server: Server) -> str | None:
    found = getattr(server, "data_dir", None)
    return str(found) if found else None


class ServerBroker:
    """Start one server on the first request (from any process) and lend it out.

    ``start`` is called at most once, in a thread of this process; its result, or
    the :class:`~pytest_dbseed.errors.DbseedError` it raised, is what every
    borrower gets. :meth:`close` stops listening and stops the server (unless it
    was started with ``keep=True``).
    """

    def __init__(self, start: Callable[[], Server]) -> None:
        # start() runs in a helper thread, where signal handlers cannot be installed:
        # install them now, from the thread creating the broker.
        _install_handlers()
        self._start = start
        self._lock = threading.Lock()
        self._server: Server | None = None
        self._error: DbseedError | None = None
        self._token = secrets.token_hex(16)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._closed = False
        host, port = self._sock.getsockname()[:2]
        self.ticket = f"{host}:{port}:{self._token}"
        """What a borrower needs (host, port, secret): pass it to :func:`borrow_server`."""
        self._thread = threading.Thread(target=self._serve, name="dbseed-broker", daemon=True)
        self._thread.start()

    @property
    def server(self) -> Server | None:
        """The server, once started."""
        return self._server

    @property
    def error(self) -> DbseedError | None:
        """Why the server could not be started, if it could not."""
        return self._error

    def obtain(self) -> Server:
        """The server, started on the first call; raises the start's error on every call."""
        with self._lock:
            if self._server is None and self._error is None:
                try:
                    self._server = self._start()
                except DbseedError as exc:
                    self._error = exc
                except Exception as exc:  # noqa: BLE001 - handed to every borrower
                    self._error = ProvisionError(
                        f"starting the shared server failed: {type(exc).__name__}: {exc}"
                    )
            if self._error is not None:
                raise self._error
            assert self._server is not None
            return self._server

    def close(self) -> None:
        """Stop lending and stop the server (kept if it was started with ``keep=True``)."""
        with self._lock:
            self._closed = True
            server = self._server
        try:
            # shutdown() wakes the thread blocked in accept(); close() alone would not
            # on Linux, and the socket would go on accepting.
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        self._thread.join(5)
        if server is not None:
            server.stop()

    # -- the listening thread ------------------------------------------------------------

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            threading.Thread(
                target=self._answer, args=(conn,), name="dbseed-broker-client", daemon=True
            ).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(10)
                token = _read_line(conn).strip()
                if not hmac.compare_digest(token.encode(), self._token.encode()):
                    return
                conn.settimeout(None)
                reply: dict[str, Any]
                if self._closed:
                    reply = _refusal(_ENDED)
                else:
                    try:
                        server = self.obtain()
                    except DbseedError as exc:
                        reply = _refusal(exc)
                    else:
                        reply = {
                            "ok": True,
                            "url": server.url.render_as_string(hide_password=False),
                            "backend": server.backend,
                            "version": server.version,
                            "describe": server.describe(),
                            "connect_hint": server.connect_hint(_DATABASE),
                            "data_dir": _data_dir(server),
                        }
                conn.sendall(json.dumps(reply).encode() + b"\n")
            except OSError:
                return


def _refusal(exc: DbseedError) -> dict[str, Any]:
    """The answer to a borrower when there is no server: the error, facts included."""
    reply: dict[str, Any] = {"ok": False, "kind": type(exc).__name__, "message": mask_url(exc)}
    if isinstance(exc, ProvisionError):
        # The borrower renders the facts in its own front end's words.
        reply["facts"] = exc.to_dict()
    return reply


def _read_line(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n") and len(data) < _MAX_LINE:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace")


def borrow_server(ticket: str, timeout: float = BORROW_TIMEOUT) -> SharedServer:
    """The server of the :class:`ServerBroker` that issued ``ticket``, started if need be.

    Raises the owner's :class:`~pytest_dbseed.errors.ConfigError` or
    :class:`~pytest_dbseed.errors.ProvisionError` when it could not start one.
    """
    host, port, token = ticket.rsplit(":", 2)
    try:
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(token.encode() + b"\n")
            conn.settimeout(timeout)
            line = _read_line(conn)
    except OSError as exc:
        raise ProvisionError(
            f"cannot reach the process that owns the shared server ({host}:{port}): {exc}",
            remedies=(_AGAIN,),
        ) from exc
    try:
        reply = json.loads(line)
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        raise ProvisionError(
            f"the process that owns the shared server ({host}:{port}) gave no answer",
            remedies=(_AGAIN,),
        )
    if not reply.get("ok"):
        if reply.get("kind") == "ConfigError":
            raise ConfigError(str(reply.get("message")))
        facts = reply.get("facts")
        if isinstance(facts, dict):
            raise ProvisionError.from_dict(facts)
        raise ProvisionError(str(reply.get("message")))
    return SharedServer(
        sa.make_url(str(reply["url"])),
        str(reply["backend"]),
        str(reply["version"]),
        str(reply["describe"]),
        str(reply["connect_hint"]),
        str(reply["data_dir"]) if reply.get("data_dir") else None,
    )
