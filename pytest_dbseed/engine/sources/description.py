"""The frozen description of a seed: one source per column, parents and assignments.

Plain frozen dataclasses that name tables and columns (no SQLAlchemy objects), so that a
description compares by value and pickles (apart from user callables in overrides).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine.checks import ColumnBounds, Relation
from pytest_dbseed.engine.schema import ForeignKeyInfo
from pytest_dbseed.engine.values.partitions import Partitioning
from pytest_dbseed.engine.values.timeline import Timeline
from pytest_dbseed.spec import Fake

SELF_WINDOW = 4096

ZIPF_GROUP = 1024
"""Parents per group of a :class:`Zipf` fan-out: one batch of children touches at most two
groups, so parent keys are looked up in one short range."""


# =========================================================================== parents


@dataclass(frozen=True)
class BuiltParent:
    """Parent rows this seed writes: ``count`` rows of ``table`` numbered from ``start``."""

    table: str
    columns: tuple[str, ...]
    start: int
    count: int
    key_base: int | None = None
    """For a single integer key column numbered by this seed: its value at row ``r`` is
    ``key_base + r``, computed without producing the parent's rows."""


@dataclass(frozen=True)
class ExistingParent:
    """Parent keys already in the database (append mode): row ``i`` is ``keys[i]``."""

    table: str
    columns: tuple[str, ...]
    keys: tuple[tuple[Any, ...], ...]

    @property
    def start(self) -> int:
        return 0

    @property
    def count(self) -> int:
        return len(self.keys)


ParentRows = BuiltParent | ExistingParent


# =========================================================================== assignments
# Child row -> parent row number (absolute) or None for NULL.


@dataclass(frozen=True)
class Spread:
    """Child row i points near parent row i * P / C, uniformly inside a window of parents."""

    salt: int
    parent_start: int
    parent_count: int
    child_start: int
    child_count: int
    nullable: bool
    behind: bool = False
    """Only parents before the child's proportional position (row ``i`` points below
    ``i * P / C``): a cycle written together, in steps, points at rows already written."""


@dataclass(frozen=True)
class Zipf:
    """Zipf-like fan-out: parents in groups of up to :data:`ZIPF_GROUP`; each group gets an
    equal, contiguous share of the children, and inside it the k-th busiest parent (a keyed
    permutation of the group) gets a share proportional to about ``(k + 1) ** -s``."""

    salt: int
    parent_start: int
    parent_count: int
    child_start: int
    child_count: int
    nullable: bool
    s: float


@dataclass(frozen=True)
class OneToOne:
    """Child row i takes parent row ``offset + i``: one child per parent."""

    parent_start: int
    offset: int
    parent_count: int
    child_start: int


@dataclass(frozen=True)
class SelfTree:
    """A self-reference: each row points at one of the :data:`SELF_WINDOW` rows before it."""

    salt: int
    first: int
    unique: bool
    nullable: bool
    count: int = 0
    """Rows of this seed: a NOT NULL unique self-reference is one ring (row ``first``
    points at the last row, every other row at the one before it)."""


@dataclass(frozen=True)
class NoParent:
    """NULL in every row (no parent rows, or a key filled later by UPDATE)."""


@dataclass(frozen=True)
class RadixDigit:
    """The parent is one digit of a composite unique key made distinct by construction."""

    set_index: int
    position: int
    first: int
    null_from: int | None = None
    """A nullable key: NULL from this combination on, once the key's parents are all
    combined (a NULL member keeps a unique key satisfied)."""
    rows: tuple[int, ...] | None = None
    """Only these parent rows may be chosen (a CHECK on the key: ``p_id IN (...)``): the
    digit is a position in ``rows`` (``first`` is 0), not a parent row."""


@dataclass(frozen=True)
class Paired:
    """Two keys chosen together to satisfy a CHECK between them (``a_id < b_id``).

    The left key's parent rows are ``low..high``, the right key's ``right_low..right_high``
    (the same when both keys point into one table); a key's value is its ``base`` plus
    the parent row, so rows are compared as the keys they stand for.
    """

    op: str
    low: int
    high: int
    left: Assignment
    right: Assignment
    side: int
    """0: this key is the left side of ``left op right``, 1: the right side."""
    right_low: int | None = None
    right_high: int | None = None
    left_base: int = 0
    right_base: int = 0


@dataclass(frozen=True)
class Among:
    """Only some parent rows may be chosen (a CHECK restricting the key: ``p_id IN (...)``):
    ``inner`` spreads the children over positions ``0..len(rows) - 1``, each standing for
    the parent row at that position of ``rows``."""

    inner: Spread | Zipf | OneToOne
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Checked:
    """A CHECK on the key whose parents' keys are only known when produced (text, UUID or
    generated keys: ``country_code IN ('US', 'CA')``): a child whose chosen parent's key
    the bounds do not admit takes the next parent row that they admit (NULL when none does
    and the key may be NULL)."""

    inner: Spread | Zipf | OneToOne
    bounds: ColumnBounds
    nullable: bool
    against: tuple[str, str] | None = None
    """``(op, column)``: the parent's key must also be ``op`` the row's own value of an
    integer key this seed numbers (``CHECK (id <= parent_id)``)."""
    position: int = 0
    """The column of a composite key ``bounds`` apply to (``against`` applies to the
    first)."""
    between: tuple[tuple[int, str, int], ...] = ()
    """``(i, op, j)``: columns of a composite key the parent's key must also meet between
    themselves, ``key[i] op key[j]`` (``CHECK (city_id >= city_part)``)."""


Assignment = (
    Spread | Zipf | OneToOne | SelfTree | NoParent | RadixDigit | Paired | Among | Checked
)


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key written with the rows: its assignment and where its parents are."""

    fk: ForeignKeyInfo
    assignment: Assignment
    parent: ParentRows


@dataclass(frozen=True)
class DeferredKey:
    """A foreign key written NULL first and pointed at its parents by UPDATE afterwards."""

    fk: ForeignKeyInfo
    assignment: Assignment
    parent: ParentRows


@dataclass(frozen=True)
class RadixSet:
    """A composite unique key whose rows are distinct digit combinations."""

    set_index: int
    sizes: tuple[int, ...]
    offset: int
    """Combinations already used by rows there before (parents already in the database)."""
    salt: int


# =========================================================================== columns


@dataclass(frozen=True)
class IntegerKey:
    """An integer key numbered by the seed: ``base + row``."""

    base: int


@dataclass(frozen=True)
class KeyColumn:
    """Column ``position`` of the parent key chosen for ``fk``."""

    fk: ForeignKeyInfo
    position: int


@dataclass(frozen=True)
class SelfPinned:
    """A column shared by a self-reference and the key it points at: the row's own value
    of ``column``."""

    column: str


@dataclass(frozen=True)
class ParentColumn:
    """A joined-table subclass's column mapped together with a column of its parent table:
    that column's value in the parent row ``fk`` chose (``parent.columns`` is that one)."""

    fk: ForeignKeyInfo
    parent: BuiltParent


@dataclass(frozen=True)
class Ascending:
    """Instants growing with the row (a day per row for dates, a minute and less than one
    more for timestamps): a self-reference into the column, pointing at earlier rows,
    meets ``CHECK (parent_at < at)``."""

    date: bool
    aware: bool
    salt: int


@dataclass(frozen=True)
class Ranked:
    """An integer column that with ``fk``'s columns makes a composite unique key
    (``UNIQUE (order_id, line_no)``): the row's rank among the rows pointing at the same
    parent, from ``first`` (1, 2, 3... per parent; rows with a NULL parent take
    ``first``), ``fk``'s assignment being a :class:`Spread` or a :class:`Zipf`. Without
    ``fk``: ``first`` on, numbered with the rows (distinct in the whole table)."""

    fk: ForeignKeyInfo | None
    first: int


@dataclass(frozen=True)
class Apart:
    """One end of the span an exclusion constraint keeps apart from row to row
    (``EXCLUDE USING gist (tsrange(starts_at, ends_at) WITH &&)``): row ``r`` starts in
    its own window of eight points (15 minutes for timestamps, days for dates, units for
    numbers) and ends in it, so later rows hold later spans and none overlap."""

    end: bool
    kind: str
    """``datetime``, ``date``, ``int`` or ``decimal``."""
    aware: bool
    salt: int
    first: Any = None
    """The lowest start a CHECK allows (``starts_at >= '2026-01-01'``), when later than the
    windows' usual first point."""


@dataclass(frozen=True)
class AlwaysNull:
    """NULL in every row."""


@dataclass(frozen=True)
class RadixColumn:
    """A plain column that is one digit of a composite unique key: ``domain[digit]``."""

    set_index: int
    position: int
    domain: tuple[Any, ...]


@dataclass(frozen=True)
class Cycling:
    """The few values a column may take, each in turn: row ``r`` holds
    ``domain[(r + shift) % len(domain)]``, so any ``len(domain)`` consecutive rows differ
    (children whose unique key lies inside a composite foreign key find parents that
    differ there, see :mod:`.projections`)."""

    domain: tuple[Any, ...]
    shift: int


@dataclass(frozen=True)
class Constant:
    """An override with one value for every row."""

    value: Any


@dataclass(frozen=True)
class FromCallable:
    """An override ``f(row) -> value``."""

    function: Callable[[int], Any]


@dataclass(frozen=True)
class FromProvider:
    """An override naming a Faker provider (``fake(...)``)."""

    fake: Fake
    unique: bool
    bounds: ColumnBounds | None


@dataclass(frozen=True)
class Discriminator:
    """The ORM's polymorphic identity: joined subclasses' shares of rows carry theirs."""

    ranges: tuple[tuple[int, int, Any], ...]
    """(first, stop, identity) of each joined subclass, in rows of this seed from 0."""
    own: tuple[Any, ...]
    salt: int


@dataclass(frozen=True)
class PolyTarget:
    """A table a polymorphic pair may point at: its class name (or, for a Django generic
    relation, the key of its content type) and its keys this seed writes,
    ``first .. first + count - 1``."""

    table: str
    name: str | int
    first: int
    count: int


@dataclass(frozen=True)
class Polymorphic:
    """One column of a polymorphic pair: ``part`` is ``type`` (the class name or content
    type), ``id`` (the key) or ``text`` (the key spelled in a string column)."""

    part: str
    targets: tuple[PolyTarget, ...]
    salt: int


@dataclass(frozen=True)
class Sum:
    """Money of the row that adds up (see :mod:`pytest_dbseed.engine.sources.sums`).

    ``total``: ``product(factors) * (1 - percent / 100) + sum(added) - sum(taken)``, a
    row's total from its subtotal, tax, fees and discount, or a line's amount from its
    quantity and unit price. ``share``: a part of ``product(factors)``, the row's
    ``rate`` (a fraction, or a percent above 1) of it or, without one, ``low`` to
    ``high`` percent of it chosen per row; kept as the column's own value where that is
    NULL or zero (no tax, no discount).

    A value that does not fit the column (``floor`` .. ``ceiling``, its precision, its
    CHECK's bounds) leaves the row its own value."""

    formula: str
    factors: tuple[str, ...]
    added: tuple[str, ...] = ()
    taken: tuple[str, ...] = ()
    percent: str = ""
    rate: str = ""
    low: int = 5
    high: int = 25
    scale: int | None = 2
    """Decimal places of the column's values (0 for integers), None for floats."""
    floor: Any = None
    ceiling: Any = None

    @property
    def inputs(self) -> tuple[str, ...]:
        extra = tuple(c for c in (self.percent, self.rate) if c)
        return (*self.factors, *self.added, *self.taken, *extra)


@dataclass(frozen=True)
class Generated:
    """A value generator (:func:`pytest_dbseed.engine.values.make_generator`)."""

    unique: bool
    bounds: ColumnBounds | None
    default: tuple[Any, ...] = ()
    """``(value,)``: the server default, mixed in as the most common value."""
    null_fraction: float = 0.1
    """Share of NULLs when the column is nullable (0 when a server default fills it)."""
    first: tuple[Any, ...] = ()
    """Values of the first rows this seed writes, before the generator's: those a child's
    CHECK on a foreign key into the column lists (``region IN ('eu', 'us')``)."""
    follows: str = ""
    """A column of the row whose values this one follows: a slug spelled from the row's
    title or name (see :mod:`pytest_dbseed.engine.records.slugs`, the generator's value
    where that is NULL), or as ``spelling`` says."""
    spelling: str = ""
    """How the column follows ``follows`` when not as a slug (see
    :mod:`pytest_dbseed.engine.records.follow`): a flag another implies, a message."""
    null_from: int | None = None
    """A nullable unique column whose type and CHECKs allow fewer values than rows: NULL
    from this row on (the generator's values are distinct below it; NULLs never collide)."""
    sums: Sum | None = None
    """Money of the row this column adds up from (its own values where it cannot)."""


@dataclass(frozen=True)
class RecordField:
    """One field of a record the row describes (a person, a company, a place), built per
    row by :class:`pytest_dbseed.engine.records.TableRecords` from the row's own number:
    every ``person`` field of a row belongs to one person."""

    record: str
    """``person``, ``company`` or ``place``; ``person:sender`` for a second one."""
    field: str
    """``email``, ``first_name``, ``city``...: what of the record the column holds."""
    variant: int
    """0 for the first column of this field in the record (a second email differs)."""
    unique: bool
    bounds: ColumnBounds | None
    null_fraction: float = 0.1
    """Share of NULLs when the column is nullable."""


NO_GENERATOR = "no generator for its type"
"""How the ``why`` of a :class:`DatabaseFills` starts for a column of a type without a
generator, left out of the rows (NULL, or a table not seeded)."""


@dataclass(frozen=True)
class DatabaseFills:
    """Not written: the database fills it (server default, identity, computed, DEFAULT)."""

    why: str


ColumnSource = (
    IntegerKey
    | KeyColumn
    | SelfPinned
    | ParentColumn
    | Ascending
    | Ranked
    | Apart
    | AlwaysNull
    | RadixColumn
    | Cycling
    | Constant
    | FromCallable
    | FromProvider
    | Discriminator
    | Polymorphic
    | Generated
    | RecordField
    | DatabaseFills
)


# =========================================================================== description


@dataclass(frozen=True)
class TableSources:
    """Everything needed to produce any range of one table's rows."""

    table: str
    count: int
    start: int
    columns: tuple[tuple[str, ColumnSource], ...]
    """Every column with its source, in table order."""
    written: tuple[str, ...]
    """Columns given values by the seed, in table order (the others are the database's)."""
    keys: tuple[ForeignKey, ...]
    deferred: tuple[DeferredKey, ...]
    relations: tuple[Relation, ...]
    """Row relations (``left op right``) applied to every batch."""
    radix: tuple[RadixSet, ...]
    overridden: frozenset[str]
    """Columns with an override (their sequences are the caller's business)."""
    kept: frozenset[str] = frozenset()
    """Columns rows of this seed point at through a foreign key: a NULL choice leaves them
    set unless its CHECK keeps them NULL in every row (see :func:`.nulls.row_branches`)."""
    timeline: Timeline | None = None
    """How the row's instants follow each other, applied to every batch before
    ``relations`` (CHECK relations have the last word)."""
    partitioning: Partitioning | None = None
    """The partitions of a partitioned table rows are spread over (their key columns
    aimed inside each one's bounds), applied after the timeline, before ``relations``."""

    @property
    def stop(self) -> int:
        return self.start + self.count

    def source(self, column: str) -> ColumnSource:
        for name, source in self.columns:
            if name == column:
                return source
        raise KeyError(f"{self.table}.{column} has no source")

    def key(self, fk: ForeignKeyInfo) -> ForeignKey:
        for key in self.keys:
            if key.fk == fk:
                return key
        raise KeyError(f"{self.table}: {fk.describe()} is not written with the rows")


@dataclass(frozen=True)
class SeedSources:
    """The decided sources of every table of one seed."""

    seed: int
    locale: str | tuple[str, ...] | None
    order: tuple[str, ...]
    tables: tuple[TableSources, ...]
    providers: tuple[type, ...] = ()
    """Faker provider classes ``fake(...)`` overrides may name (``seed(providers=...)``)."""

    def table(self, name: str) -> TableSources:
        for table in self.tables:
            if table.table == name:
                return table
        raise KeyError(name)
