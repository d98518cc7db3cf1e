"""The :class:`Server` handle shared by every backend, and the process-wide cleanup.

Cleanup has to survive three kinds of ending: a normal exit (``atexit``), Ctrl-C
(Python raises ``KeyboardInterrupt``, which unwinds through fixtures and then
``atexit``, so no SIGINT handler is installed and pytest keeps its own Ctrl-C
handling), and SIGTERM/SIGHUP, whose default action would kill the interpreter
without running ``atexit``. For those a handler stops every live server and then
hands the signal on to whatever handler was there before.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import weakref
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import mask_url

__all__ = ["Server", "stop_all", "at_exit", "cancel_at_exit"]

_live: weakref.WeakSet[Server] = weakref.WeakSet()
# Other cleanups (dropping a database on a server we do not own), run before any
# server is stopped: the database needs its server to be dropped.
_cleanups: dict[object, Callable[[], None]] = {}
# Re-entrant: a signal handler may run stop_all() while the main thread is inside stop().
_lock = threading.RLock()
_installed = False
_previous: dict[int, Any] = {}


class Server:
    """A PostgreSQL server obtained by :func:`~pytest_dbseed.provision.start_server`.

    ``url`` is an admin URL to the ``postgres`` database (it carries the password:
    print it only through :func:`pytest_dbseed.errors.mask_url` or :meth:`describe`).
    ``backend`` says what was actually used: ``docker``, ``local``, ``embedded`` or
    ``url``. ``version`` is the server's version, such as ``"15.19"``.

    Use it as a context manager or call :meth:`stop` (idempotent). A server started
    with ``keep=True`` is left running by :meth:`stop`, data included.
    """

    def __init__(self, url: sa.URL, backend: str, version: str, *, keep: bool = False) -> None:
        self.url: sa.URL = url
        self.backend: str = backend
        self.version: str = version
        self.keep: bool = keep
        self._stopped = False

    # -- description -------------------------------------------------------------------

    @property
    def safe_url(self) -> str:
        """The admin URL with its password replaced by ``***``."""
        return mask_url(self.url.render_as_string(hide_password=False))

    @property
    def address(self) -> str:
        """``host:port``, or the host alone when the URL leaves the port to the driver."""
        host = self.url.host or "localhost"
        return f"{host}:{self.url.port}" if self.url.port is not None else host

    def describe(self) -> str:
        """One line for a report header, password masked."""
        return f"{self.backend} PostgreSQL {self.version} at {self.address}"

    def connect_hint(self, database: str | None = None) -> str:
        """How a person connects to this server, to ``database`` (password masked)."""
        return f"psql {self._psql_url(database)}"

    def _psql_url(self, database: str | None = None) -> str:
        # psql does not understand SQLAlchemy's "+driver" suffix.
        plain = self.url.set(drivername="postgresql")
        if database:
            plain = plain.set(database=database)
        return mask_url(plain.render_as_string(hide_password=False))

    @property
    def pgpass_file(self) -> str | None:
        """A libpq password file for this server, if it has one (``PGPASSFILE=...``)."""
        return None

    def stop_command(self) -> str | None:
        """The shell command that stops and removes a kept server (None: not ours)."""
        return None

    # -- life --------------------------------------------------------------------------

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` has run."""
        return self._stopped

    def stop(self) -> None:
        """Stop and remove the server unless it was started with ``keep=True``.

        Safe to call more than once, from a signal handler, and at exit.
        """
        with _lock:
            if self._stopped:
                return
            self._stopped = True
        _live.discard(self)
        if not self.keep:
            self._shutdown()

    def _shutdown(self) -> None:
        """Backend-specific teardown; called at most once."""

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Server {self.describe()}>"


def register(server: Server) -> None:
    """Have ``server`` stopped at exit, on SIGTERM and on SIGHUP."""
    _install_handlers()
    _live.add(server)


def at_exit(key: object, cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` at exit, on SIGTERM and on SIGHUP, unless cancelled first."""
    _install_handlers()
    with _lock:
        _cleanups[key] = cleanup


def cancel_at_exit(key: object) -> None:
    """Forget the cleanup registered under ``key`` (it ran, or is no longer wanted)."""
    with _lock:
        _cleanups.pop(key, None)


def stop_all() -> None:
    """Run the registered cleanups, then stop every server this process started."""
    with _lock:
        pending = list(_cleanups.items())
        _cleanups.clear()
    for _key, cleanup in pending:
        try:
            cleanup()
        except Exception:  # noqa: BLE001 - best effort while the process is ending
            pass
    for server in list(_live):
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - best effort while the process is ending
            pass


def _install_handlers() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    atexit.register(stop_all)
    if threading.current_thread() is not threading.main_thread():
        # signal.signal only works in the main thread; atexit still covers normal ends.
        return
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            _previous[signum] = signal.signal(signum, _on_signal)
        except (ValueError, OSError):
            continue


def _on_signal(signum: int, frame: FrameType | None) -> None:
    stop_all()
    previous = _previous.get(signum, signal.SIG_DFL)
    if callable(previous):
        chained: Callable[[int, FrameType | None], Any] = previous
        chained(signum, frame)
        return
    if previous == signal.SIG_IGN:
        return
    # Default action: die of the same signal, so the exit status tells the truth.
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
