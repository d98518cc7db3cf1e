"""Flask-SQLAlchemy 3: make ``db.session`` the test's seeded session.

::

    from pytest_dbseed.flask_sqlalchemy import use_session

    @pytest.fixture
    def client(app, seeded_session):
        with use_session(db, seeded_session):
            yield app.test_client()

Inside the block, ``db.session`` in every app context (every request of the test client,
every ``app.app_context()``) is ``seeded_session``: code under test reads the seeded rows,
and its ``db.session.commit()`` releases a savepoint of the test's transaction, which is
rolled back after the test. As in production, Flask-SQLAlchemy closes the session when an
app context ends: work a request did not commit is rolled back, and objects loaded before
the request are detached (query them again).

No dependency: this module imports neither Flask nor Flask-SQLAlchemy; it replaces the
registry of the ``scoped_session`` that ``db.session`` is, and puts it back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pytest_dbseed.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["use_session"]


class _OneSession:
    """A ``scoped_session`` registry that always holds the same session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self) -> Session:
        return self.session

    def has(self) -> bool:
        return True

    def set(self, obj: Session) -> None:
        if obj is not self.session:
            raise ConfigError(
                "db.session is the seeded session inside use_session(): code under test "
                "cannot install another one"
            )

    def clear(self) -> None:
        # db.session.remove() (the end of an app context) closed the session; it stays
        # the one db.session gives, reopened on next use inside the test's transaction.
        pass


@contextmanager
def use_session(db: Any, session: Session) -> Iterator[Session]:
    """Within the block, Flask-SQLAlchemy's ``db.session`` is ``session`` (e.g.
    ``seeded_session``) in every app context; the original is restored afterwards."""
    scoped = getattr(db, "session", None)
    registry = getattr(scoped, "registry", None)
    if registry is None or not hasattr(scoped, "remove"):
        raise ConfigError(
            f"use_session() needs a Flask-SQLAlchemy extension (db = SQLAlchemy()) whose "
            f"db.session is a scoped_session; got {type(db).__name__}"
        )
    assert scoped is not None
    scoped.registry = _OneSession(session)
    try:
        yield session
    finally:
        scoped.registry = registry
