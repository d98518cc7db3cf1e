"""NULL choices (CHECKs met row by row by choosing which columns are NULL) and the keys
children point at: a column a child copies is left set, unless a CHECK keeps it NULL in
every row; a NOT NULL foreign key into such a column is refused."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pytest_dbseed.engine.checks import NullChoice, TableChecks
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.errors import PlanError

__all__ = ["row_branches", "always_null", "null_parent_key"]


def row_branches(
    choice: NullChoice, free: Collection[str], kept: Collection[str]
) -> tuple[tuple[str, ...], ...]:
    """The branches of ``choice`` rows take: their NULL columns are ``free`` (written by
    the generator, not overridden), and none is ``kept`` (children point at it) unless
    every branch NULLs one (the CHECK keeps it NULL: children get NULL or are refused)."""
    branches = tuple(b for b in choice.branches if set(b) <= set(free))
    keeping = tuple(b for b in branches if not set(b) & set(kept))
    return keeping or branches


def always_null(checks: TableChecks, columns: Collection[str]) -> str | None:
    """The NULL choice (its constraint) that keeps one of ``columns`` NULL in every row."""
    for choice in checks.null_choices:
        if choice.branches and all(set(b) & set(columns) for b in choice.branches):
            return choice.constraint
    return None


def null_parent_key(
    fk: ForeignKeyInfo,
    parent: TableChecks,
    parent_overrides: Mapping[str, Any],
    nullable: bool,
    child: str,
    seed: int,
    why: str = "",
) -> bool:
    """Whether every parent key ``fk`` could point at is NULL (a CHECK of the parent keeps
    a referenced column NULL in every row): the children's key is NULL then. Refused
    when it may not be (``nullable`` false: NOT NULL, or a CHECK keeps it set; ``why``
    tells how, when not by NOT NULL)."""
    if any(c in parent_overrides for c in fk.ref_columns):
        return False
    constraint = always_null(parent, fk.ref_columns)
    if constraint is None:
        return False
    if not nullable:
        raise PlanError(
            f"table {fk.table!r}: {fk.describe()} may not be NULL{why}, but the CHECK "
            f"{constraint} of {fk.ref_table!r} keeps {', '.join(fk.ref_columns)} NULL in "
            f"every row, so no parent row has a key to point at (seed {seed}). Fix: fix the "
            f"constraint, override {', '.join(map(repr, fk.ref_columns))} of {fk.ref_table!r} "
            f"with values it accepts, or ask for {'1' if why else 'no'} {child!r} "
            f"row{'' if why else 's'} (counts={{{child!r}: {1 if why else 0}}})."
        )
    return True
