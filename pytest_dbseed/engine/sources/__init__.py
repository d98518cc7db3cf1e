"""Deciding where every column's values come from: a pure step, no I/O, no database.

:func:`decide_sources` takes the schema graph, the plan, the rows already in the tables,
the overrides and the parent keys read beforehand (append mode), and returns a frozen
:class:`SeedSources`: for every table its count, first row, written columns and one
source per column (an integer key sequence, a foreign key with its assignment of parents,
a digit of a composite unique key, an override, the ORM discriminator, a value generator,
or the database). Requests that cannot be met (uniqueness capacity, a CHECK between two
keys no choice of parents satisfies, a DEFAULT on a column nothing fills) are refused here,
before anything is written.

The description refers to tables and columns by name and holds only plain values (and
the user's override callables), so it pickles: :mod:`pytest_dbseed.engine.rows` produces
any row range of it, in any order and in any process, with the same result.
"""

from __future__ import annotations

from pytest_dbseed.engine.sources.decide import decide_sources, fk_columns, keys_to_read
from pytest_dbseed.engine.sources.description import (
    NO_GENERATOR,
    SELF_WINDOW,
    ZIPF_GROUP,
    AlwaysNull,
    Among,
    Apart,
    Ascending,
    Assignment,
    BuiltParent,
    Checked,
    ColumnSource,
    Constant,
    Cycling,
    DatabaseFills,
    DeferredKey,
    Discriminator,
    ExistingParent,
    ForeignKey,
    FromCallable,
    FromProvider,
    Generated,
    IntegerKey,
    KeyColumn,
    NoParent,
    OneToOne,
    Paired,
    ParentColumn,
    ParentRows,
    RadixColumn,
    RadixDigit,
    RadixSet,
    RecordField,
    SeedSources,
    SelfPinned,
    SelfTree,
    Spread,
    TableSources,
    Zipf,
)

__all__ = [
    "SeedSources",
    "TableSources",
    "BuiltParent",
    "ExistingParent",
    "ParentRows",
    "Spread",
    "Zipf",
    "OneToOne",
    "ParentColumn",
    "SelfTree",
    "NoParent",
    "RadixDigit",
    "Paired",
    "Among",
    "Checked",
    "Assignment",
    "ForeignKey",
    "DeferredKey",
    "RadixSet",
    "IntegerKey",
    "KeyColumn",
    "SelfPinned",
    "AlwaysNull",
    "Apart",
    "Ascending",
    "RadixColumn",
    "Cycling",
    "Constant",
    "FromCallable",
    "FromProvider",
    "Discriminator",
    "Generated",
    "RecordField",
    "DatabaseFills",
    "ColumnSource",
    "decide_sources",
    "keys_to_read",
    "fk_columns",
    "SELF_WINDOW",
    "NO_GENERATOR",
    "ZIPF_GROUP",
]
