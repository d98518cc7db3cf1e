"""One exception hierarchy for everything pytest-dbseed refuses or fails at.

Every message names what is wrong (table, column, constraint, option), the seed
when data generation is involved, and how to fix it. Passwords never appear:
build messages that mention a URL with :func:`mask_url`.
"""

from __future__ import annotations

import re

__all__ = [
    "DbseedError",
    "ConfigError",
    "SchemaError",
    "PlanError",
    "UniquenessError",
    "CycleError",
    "UnsupportedTypeError",
    "ConstraintViolation",
    "ProvisionError",
    "mask_url",
]


class DbseedError(Exception):
    """Base class of every error raised by pytest-dbseed."""


class ConfigError(DbseedError):
    """A bad option, count, override or models path given by the user."""


class SchemaError(DbseedError):
    """The models or reflected schema cannot be read into a seeding plan."""


class PlanError(DbseedError):
    """The requested counts cannot be satisfied by the schema."""


class UniquenessError(PlanError):
    """More rows were asked for than a unique constraint has distinct values."""


class CycleError(PlanError):
    """Tables reference each other through NOT NULL foreign keys that are not deferrable."""


class UnsupportedTypeError(PlanError):
    """A column type has no generator and no override was given."""


class ConstraintViolation(DbseedError):
    """The database rejected generated rows (a CHECK, unique or foreign key constraint)."""


class ProvisionError(DbseedError):
    """A PostgreSQL server could not be started, reached or prepared."""


_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?=@)")


def mask_url(text: object) -> str:
    """Return ``text`` with the password of every URL in it replaced by ``***``.

    Works on a bare URL or on any message that quotes one, such as a driver's
    error text.
    """
    return _URL_PASSWORD.sub(lambda m: m.group("head") + "***", str(text))
