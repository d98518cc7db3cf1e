"""The ``dbseed`` command's two kinds of refusal, shared by the loader's modules."""

from __future__ import annotations

from pytest_dbseed.errors import ConfigError, DbseedError

__all__ = ["UsageError", "RefusedError"]


class UsageError(ConfigError):
    """The flags ask for something that cannot be done (exit code 2)."""


class RefusedError(DbseedError):
    """The database, or a check made before writing, refused the seed (exit code 1)."""
