"""Read a SQLAlchemy ``MetaData`` into an immutable graph of what seeding needs.

The graph is built once per metadata and never changes: tables with their
columns, keys, foreign keys (composite ones included), unique sets (unique
constraints, unique indexes and the primary key), CHECK constraints, and the
columns the database fills on its own (server defaults, identity, computed).

It works the same for declared models (DeclarativeBase, SQLModel) and for a
``MetaData`` reflected from a live database.
"""

from __future__ import annotations

import builtins
import enum
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.sql.schema import ColumnDefault, Computed, Identity

from pytest_dbseed.engine.types import column_kind, mutable_containers
from pytest_dbseed.errors import SchemaError

__all__ = [
    "ColumnInfo",
    "ForeignKeyInfo",
    "CheckInfo",
    "TableInfo",
    "SchemaGraph",
    "build_schema",
    "mapped_class_names",
    "Polymorphic",
    "coalescing_indexes",
    "ExclusionInfo",
    "exclusion_info",
    "with_exclusions",
]


@dataclass(frozen=True)
class ForeignKeyInfo:
    """One foreign key constraint, possibly over several columns."""

    name: str | None
    table: str
    """Full name of the referencing (child) table."""
    columns: tuple[str, ...]
    ref_table: str
    """Full name of the referenced (parent) table."""
    ref_columns: tuple[str, ...]
    nullable: bool
    """True when every referencing column accepts NULL, so the row can be written first
    and pointed at its parent later."""
    deferrable: bool
    unique: bool
    """True when the referencing columns are themselves unique: one child per parent."""

    @property
    def self_referencing(self) -> bool:
        return self.table == self.ref_table

    def describe(self) -> str:
        cols = ", ".join(self.columns)
        refs = ", ".join(self.ref_columns)
        label = f"{self.name} " if self.name else ""
        return f"foreign key {label}{self.table}({cols}) -> {self.ref_table}({refs})"


@dataclass(frozen=True)
class CheckInfo:
    """A CHECK constraint, as SQL text and (when declared in Python) as an expression."""

    name: str | None
    sqltext: str
    expression: Any = field(compare=False, hash=False, repr=False)
    """The SQLAlchemy clause when the constraint was declared with one, else a TextClause."""
    domain_column: str | None = None
    """Set for a CHECK inherited from a PostgreSQL domain: the column whose values the
    constraint's ``VALUE`` stands for."""


@dataclass(frozen=True)
class ColumnInfo:
    """One column and everything that bounds the values it may hold."""

    name: str
    key: str
    """The attribute key in the ``Table.c`` collection (usually equal to ``name``)."""
    type: sa.types.TypeEngine[Any] = field(compare=False, hash=False)
    nullable: bool
    primary_key: bool
    unique: bool
    """Unique on its own: a single-column unique constraint, unique index or primary key."""
    autoincrement: bool
    """An integer key the database numbers (SERIAL, IDENTITY or autoincrement)."""
    identity: bool
    identity_always: bool
    """GENERATED ALWAYS AS IDENTITY: values can only be supplied with OVERRIDING SYSTEM VALUE."""
    server_default: bool
    computed: bool
    client_default: bool
    """A Python-side ``default=`` exists; seeding still generates its own value."""
    length: int | None
    precision: int | None
    scale: int | None
    enum_values: tuple[str, ...] | None
    python_enum: builtins.type[enum.Enum] | None = field(compare=False, hash=False)
    foreign_keys: tuple[ForeignKeyInfo, ...] = ()
    domain: str | None = None
    """The PostgreSQL domain the column was declared with; ``type`` is then the domain's
    underlying type (its CHECK is in the table's ``checks``)."""
    sequence: str | None = None
    """The sequence that numbers the column (a declared ``Sequence`` or a reflected
    ``nextval(...)`` default), to move past supplied values. Identity columns leave it
    None: ``pg_get_serial_sequence`` finds theirs."""
    kind: str = "unsupported"
    """The column's kind (:func:`pytest_dbseed.engine.types.column_kind`), decided once."""
    base_type: sa.types.TypeEngine[Any] | None = field(
        default=None, compare=False, hash=False, repr=False
    )
    """The concrete type behind decorators and domains, of that kind."""
    container: str | None = None
    """``list``, ``dict`` or ``set`` when the ORM tracks the column with a mutable of that
    container (:func:`pytest_dbseed.engine.types.mutable_containers`): values must be one."""
    disjoint: bool = False
    """A range column an exclusion constraint keeps apart (``during WITH &&``): no two
    rows' ranges overlap (:class:`ExclusionInfo`)."""
    catalog_type: str | None = None
    """The type as the database names it (``format_type``: ``xml``, ``point``,
    ``vector(3)``, ``geometry(Point,4326)``), read for columns whose SQLAlchemy type the
    engine does not know (:func:`pytest_dbseed.engine.introspect.catalog_types`)."""

    @property
    def type_name(self) -> str:
        """The column's type for messages: the catalog's name when it was read."""
        return self.catalog_type or repr(self.type)

    @property
    def concrete_type(self) -> sa.types.TypeEngine[Any]:
        """:attr:`base_type`, or :attr:`type` for a column built without one."""
        return self.base_type if self.base_type is not None else self.type

    @property
    def database_fills(self) -> bool:
        """The database can give this column a value when the insert leaves it out."""
        return self.computed or self.autoincrement or self.identity or self.server_default


@dataclass(frozen=True)
class ExclusionInfo:
    """An exclusion constraint: no two rows may match on every member under its operator
    (``EXCLUDE USING gist (room_id WITH =, during WITH &&)``). Rows that differ on one
    member never conflict, so generated rows meet it through one member: ``disjoint``, a
    range column whose ranges never overlap from row to row (rooms then repeat freely);
    else ``unique``, the columns compared with ``=`` kept unique together; else neither,
    and seeding more than one row is refused unless an override decides a member."""

    name: str | None
    members: tuple[tuple[str | None, str, str], ...]
    """(column, or None for an expression; the member as written; its operator)."""
    definition: str
    disjoint: str | None = None
    apart: tuple[str, str] | None = None
    """(start, end) columns of a range built from two columns (``tsrange(starts_at,
    ends_at) WITH &&``): the spans they make never overlap from row to row."""
    unique: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return self.disjoint is not None or self.apart is not None or bool(self.unique)

    def describe(self) -> str:
        return f"{self.name!r} ({self.definition})" if self.name else f"({self.definition})"


@dataclass(frozen=True)
class TableInfo:
    """One table: columns in declaration order plus its constraints."""

    name: str
    schema: str | None
    fullname: str
    table: sa.Table = field(compare=False, hash=False, repr=False)
    columns: tuple[ColumnInfo, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeyInfo, ...]
    unique_sets: tuple[tuple[str, ...], ...]
    """Every set of columns whose values must be unique together, primary key first."""
    checks: tuple[CheckInfo, ...]
    exclusions: tuple[ExclusionInfo, ...] = ()
    """Exclusion constraints, each with the way generated rows meet it."""
    steered: tuple[tuple[str, str, Any], ...] = ()
    """(column, where column, value): a partial unique index holds ``coalesce(column,
    ...)`` only in rows its ``WHERE`` (a test of the where column) takes; a row whose
    column is NULL gets that value in the where column, which keeps it out of the index
    (two NULLs there would be one value)."""

    def column(self, name: str) -> ColumnInfo:
        for col in self.columns:
            if col.name == name or col.key == name:
                return col
        raise SchemaError(
            f"table {self.fullname!r} has no column {name!r}; "
            f"its columns are: {', '.join(c.name for c in self.columns)}"
        )

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Polymorphic:
    """ORM inheritance rooted at one table: the values its discriminator may take.

    Rows of the base table must carry an identity the ORM knows, and a row of a
    joined-table subclass needs a base row carrying that subclass's identity.
    """

    column: str
    """The discriminator (``polymorphic_on``) column of the base table."""
    identities: tuple[Any, ...]
    """Identities of rows that live in the base table alone (the base class, when it has
    one, and single-table subclasses)."""
    joined: tuple[tuple[Any, str], ...]
    """(identity, table) of each joined-table subclass whose table points at the base."""
    single_classes: Mapping[str, Any] = field(default_factory=dict)
    """Single-table subclass name -> identity: counts given for such a class are rows of
    the base table carrying that identity."""


@dataclass(frozen=True)
class SchemaGraph:
    """Every table of a metadata, keyed by full name, in metadata order."""

    tables: Mapping[str, TableInfo]
    metadata: sa.MetaData = field(compare=False, hash=False, repr=False)
    class_names: Mapping[str, str] = field(default_factory=dict)
    """Mapped class name -> table full name, when the models are ORM classes."""
    polymorphic: Mapping[str, Polymorphic] = field(default_factory=dict)
    """Base table full name -> its ORM inheritance, for mapped class hierarchies."""
    shared: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    """Joined-table subclass table -> {column: (parent table, column)}: one attribute of
    the class mapped onto both tables (``column_property(Column(...), Base.x)``), so a
    row and its parent row hold the same value."""

    def parents_of(self, fullname: str) -> tuple[ForeignKeyInfo, ...]:
        return self.tables[fullname].foreign_keys

    def children_of(self, fullname: str) -> tuple[ForeignKeyInfo, ...]:
        return tuple(
            fk for t in self.tables.values() for fk in t.foreign_keys if fk.ref_table == fullname
        )

    def names(self) -> list[str]:
        """Every name a caller may use for a table: table names, full names, class names."""
        out: set[str] = set()
        for t in self.tables.values():
            out.update({t.name, t.fullname})
        out.update(self.class_names)
        return sorted(out)

    def resolve(self, key: object) -> TableInfo:
        """Find a table by name, full name, mapped class name, ``Table`` or mapped class.

        Raises :class:`SchemaError` naming the closest known name on a typo.
        """
        table = key if isinstance(key, sa.Table) else _table_of_class(key)
        if table is not None:
            # By full name, so that a declared class also finds its table in a metadata
            # reflected from the database.
            found = self.tables.get(table.fullname)
            if found is None:
                what = repr(table.fullname)
                if key is not table:
                    what = f"{key!r} (table {table.fullname!r})"
                raise SchemaError(
                    f"{what} is not part of the metadata being seeded; seed the metadata "
                    "it belongs to, or name one of: " + ", ".join(self.names())
                )
            return found
        if not isinstance(key, str):
            raise SchemaError(
                f"{key!r} is not a table name, a Table or a mapped class; "
                "name tables by their table name or their model class"
            )
        if key in self.tables:
            return self.tables[key]
        if key.startswith("public.") and key[7:] in self.tables:
            return self.tables[key[7:]]  # the default schema, spelled out
        if key in self.class_names:
            return self.tables[self.class_names[key]]
        matches = [t for t in self.tables.values() if t.name == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise SchemaError(
                f"table name {key!r} exists in several schemas "
                f"({', '.join(t.fullname for t in matches)}); use the schema-qualified name"
            )
        folded = {
            full
            for t in self.tables.values()
            for full in [t.fullname]
            if key.lower() in (t.name.lower(), t.fullname.lower())
        }
        folded.update(full for n, full in self.class_names.items() if n.lower() == key.lower())
        if len(folded) == 1:
            return self.tables[folded.pop()]
        import difflib

        close = difflib.get_close_matches(key, self.names(), n=1, cutoff=0.6)
        if not close:
            close = difflib.get_close_matches(
                key.lower(), [n.lower() for n in self.names()], n=1, cutoff=0.6
            )
            close = [n for n in self.names() if close and n.lower() == close[0]][:1]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise SchemaError(
            f"unknown table or model {key!r}.{hint} Known names: {', '.join(self.names())}"
        )


def _table_of_class(key: object) -> sa.Table | None:
    """The table a mapped class (declarative, imperative or SQLModel) is mapped onto."""
    if not isinstance(key, type):
        return None
    table = getattr(key, "__table__", None)
    if isinstance(table, sa.Table):
        return table
    try:
        mapper: Any = sa.inspect(key, raiseerr=False)
    except Exception:  # pragma: no cover - inspection of an odd class
        return None
    local = getattr(mapper, "local_table", None)
    return local if isinstance(local, sa.Table) else None


def mapped_class_names(metadata: sa.MetaData) -> dict[str, str]:
    """Map the names of ORM classes mapped onto ``metadata``'s tables to table full names.

    Looks through SQLAlchemy's registries of mappers, so it also finds classes
    when only the ``MetaData`` was handed over.
    """
    names: dict[str, str] = {}
    try:
        from sqlalchemy.orm import mapperlib

        registries = list(mapperlib._mapper_registries)
    except Exception:  # pragma: no cover - SQLAlchemy internals moved
        return names
    tables = set(metadata.tables.values())
    for reg in registries:
        for mapper in list(reg.mappers):
            local = mapper.local_table
            if isinstance(local, sa.Table) and local in tables:
                names.setdefault(mapper.class_.__name__, local.fullname)
    return names


def _mappers(metadata: sa.MetaData) -> list[Any]:
    try:
        from sqlalchemy.orm import mapperlib

        registries = list(mapperlib._mapper_registries)
    except Exception:  # pragma: no cover - SQLAlchemy internals moved
        return []
    tables = set(metadata.tables.values())
    return [m for reg in registries for m in list(reg.mappers) if m.local_table in tables]


def polymorphic_tables(metadata: sa.MetaData) -> dict[str, Polymorphic]:
    """The ORM inheritance hierarchies mapped onto ``metadata``, by base table."""
    found: dict[str, dict[str, Any]] = {}
    for mapper in _mappers(metadata):
        column = mapper.polymorphic_on
        base = getattr(column, "table", None)
        if not isinstance(base, sa.Table) or base.fullname not in metadata.tables:
            continue
        entry = found.setdefault(
            base.fullname, {"column": column.name, "own": [], "joined": [], "single": {}}
        )
        identity = mapper.polymorphic_identity
        if identity is None:
            continue
        local = mapper.local_table
        if local is base:
            entry["own"].append(identity)
            if mapper.inherits is not None:
                entry["single"][mapper.class_.__name__] = identity
        elif isinstance(local, sa.Table) and any(
            fk.column.table is base for fk in local.foreign_keys
        ):
            entry["joined"].append((identity, local.fullname))
    return {
        name: Polymorphic(
            column=e["column"],
            identities=tuple(sorted(set(e["own"]), key=str)),
            joined=tuple(sorted(set(e["joined"]), key=lambda p: p[1])),
            single_classes=dict(e["single"]),
        )
        for name, e in found.items()
        if e["own"] or e["joined"]
    }


def shared_columns(metadata: sa.MetaData) -> dict[str, dict[str, tuple[str, str]]]:
    """Columns of a joined-table subclass mapped together with a column of its parent
    table (other than the key joining the two), by subclass table."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for mapper in _mappers(metadata):
        local, upper = mapper.local_table, getattr(mapper.inherits, "local_table", None)
        if not isinstance(upper, sa.Table) or local is upper:
            continue
        joining = {fk.parent for fk in local.foreign_keys if fk.column.table is upper}
        for prop in mapper.column_attrs:
            mine = [c for c in prop.columns if getattr(c, "table", None) is local]
            theirs = [c for c in prop.columns if getattr(c, "table", None) is upper]
            if mine and theirs and mine[0] not in joining:
                pair = (upper.fullname, theirs[0].name)
                out.setdefault(local.fullname, {})[mine[0].name] = pair
    return out


def build_schema(metadata: sa.MetaData) -> SchemaGraph:
    """Read ``metadata`` into a :class:`SchemaGraph`.

    Tables come in dependency order where one exists; cycles between tables are the
    planner's business, so SQLAlchemy's warning about them is not repeated here.
    """
    if not isinstance(metadata, sa.MetaData):
        raise SchemaError(
            f"expected a SQLAlchemy MetaData, got {type(metadata).__name__}; "
            "pass Base.metadata (or SQLModel.metadata)"
        )
    if not metadata.tables:
        raise SchemaError(
            "the metadata has no tables: import the modules that declare the models "
            "before seeding, or reflect the database with MetaData.reflect(bind)"
        )
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Cannot correctly sort tables")
            ordered = list(metadata.sorted_tables)
    except (sa.exc.NoReferencedTableError, sa.exc.NoReferencedColumnError) as exc:
        raise SchemaError(
            f"a foreign key points outside the metadata being seeded: {exc}. "
            "Import the model that declares the referenced table, or drop the foreign key"
        ) from exc
    tables = {t.fullname: _table_info(t) for t in ordered}
    containers = mutable_containers(_mappers(metadata))
    if containers:
        tables = {name: _with_containers(info, containers) for name, info in tables.items()}
    return SchemaGraph(
        tables=tables,
        metadata=metadata,
        class_names=mapped_class_names(metadata),
        polymorphic=polymorphic_tables(metadata),
        shared=shared_columns(metadata),
    )


def _with_containers(info: TableInfo, containers: Mapping[tuple[str, str], str]) -> TableInfo:
    columns = tuple(
        replace(c, container=containers[(info.fullname, c.name)])
        if (info.fullname, c.name) in containers
        else c
        for c in info.columns
    )
    return replace(info, columns=columns)


def _column_names(item: Any) -> tuple[str, ...]:
    return tuple(c.name for c in item.columns)


def _ordered(constraints: Iterable[_C]) -> list[_C]:
    """SQLAlchemy keeps constraints in a set; a fixed order keeps seeding reproducible."""

    def key(cons: _C) -> tuple[str, str, tuple[str, ...], str]:
        name = cons.name if isinstance(cons.name, str) else ""
        text = str(getattr(cons, "sqltext", ""))
        return (type(cons).__name__, name, _column_names(cons), text)

    return sorted(constraints, key=key)


_C = TypeVar("_C", bound=sa.Constraint)


def _unique_sets(table: sa.Table) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = []
    pk = tuple(c.name for c in table.primary_key.columns)
    if pk:
        sets.append(pk)
    for cons in _ordered(table.constraints):
        if isinstance(cons, sa.UniqueConstraint):
            cols = tuple(c.name for c in cons.columns)
            if cols and cols not in sets:
                sets.append(cols)
    for col in table.columns:
        if col.unique and (col.name,) not in sets:
            sets.append((col.name,))
    for index in sorted(table.indexes, key=lambda i: (str(i.name), _column_names(i))):
        if not index.unique:
            continue
        members = _index_columns(table, index)
        if members and members not in sets:
            sets.append(members)
    return sets


def _index_columns(table: sa.Table, index: sa.Index) -> tuple[str, ...] | None:
    """The columns a unique index keeps unique, when each of its members is a column or
    a column under an expression that keeps distinct values distinct (``lower(email)``,
    ``upper(code)``, ``coalesce(a, '')``, ``(name)::text``). None for an index over an
    expression that may map distinct values together (``created_at::date``, ``a || b``).

    A partial index (``WHERE deleted_at IS NULL``) is kept as if it held every row: values
    unique everywhere are unique in the rows it covers."""
    names: list[str] = []
    for member in index.expressions:
        if isinstance(member, sa.Column):
            name: str | None = member.name
        else:
            name = _expression_column(table, _expression_text(member))
        if name is None:
            return None
        if name not in names:
            names.append(name)
    return tuple(names)


def _coalesced(table: sa.Table) -> set[str]:
    """Columns a unique index holds under ``coalesce(col, ...)``: NULL is a value there."""
    return set(coalescing_indexes(table))


def coalescing_indexes(table: sa.Table) -> dict[str, str]:
    """Column -> the unique index holding it under ``coalesce(col, ...)`` (its name, and
    ``WHERE ...`` when partial: the index is kept as if it held every row). A partial
    index rows with a NULL there are steered out of is not one (see :func:`steered`)."""
    out: dict[str, str] = {}
    for index, where, name in _coalescing(table):
        if _steer(table, where) is None:
            out.setdefault(name, str(index.name) + (f" WHERE {where}" if where else ""))
    return out


def steered(table: sa.Table) -> tuple[tuple[str, str, Any], ...]:
    """:attr:`TableInfo.steered`: the columns partial unique indexes hold under
    ``coalesce(col, ...)`` whose ``WHERE`` tests one column a row can be steered out by."""
    out: dict[str, tuple[str, str, Any]] = {}
    held = _coalesced(table)
    for _index, where, name in _coalescing(table):
        how = _steer(table, where)
        if how is not None and name not in held:
            out.setdefault(name, (name, *how))
    return tuple(out.values())


def _coalescing(table: sa.Table) -> list[tuple[sa.Index, str | None, str]]:
    """(unique index, its WHERE text or None, column) per column an index holds under
    ``coalesce(col, ...)``."""
    out: list[tuple[sa.Index, str | None, str]] = []
    for index in sorted(table.indexes, key=lambda i: str(i.name)):
        if not index.unique:
            continue
        where = index.dialect_options["postgresql"].get("where")
        where = where if where is None or isinstance(where, str) else _expression_text(where)
        for member in index.expressions:
            if isinstance(member, sa.Column):
                continue
            text = _expression_text(member)
            name = _expression_column(table, text)
            if name is not None and text.lstrip("( ").lower().startswith("coalesce"):
                out.append((index, where, name))
    return out


_WHERE_BOOL = re.compile(
    r"(NOT\s+)?\(*\s*(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)\s*\)*"
    r"(?:\s*(=|IS)\s*(true|false))?",
    re.IGNORECASE,
)
_WHERE_SET = re.compile(r"(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)\s+IS\s+NOT\s+NULL", re.I)


def _steer(table: sa.Table, where: str | None) -> tuple[str, Any] | None:
    """(where column, value) that keeps a row out of a partial index ``WHERE where``: a
    boolean column tested (``active``, ``NOT active``, ``active = true``) takes the other
    value, a nullable column tested ``IS NOT NULL`` takes NULL. None when the test is
    another, or the column is a key's, a CHECK's, computed or the database's own."""
    if not where:
        return None
    text = where.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    found = _WHERE_SET.fullmatch(text)
    got = _WHERE_BOOL.fullmatch(text) if found is None else None
    if found is None and got is None:
        return None
    word = (found or got).group(1 if found else 2)  # type: ignore[union-attr]
    name = word[1:-1].replace('""', '"') if word.startswith('"') else word
    if name not in table.c:
        return None
    col = table.c[name]
    keys = {c.name for s in _unique_sets(table) for c in map(table.c.get, s) if c is not None}
    checked = any(
        isinstance(c, sa.CheckConstraint) and re.search(rf"\b{re.escape(name)}\b", str(c.sqltext))
        for c in [*table.constraints, *col.constraints]
    )
    if name in keys or col.foreign_keys and not found or checked or col.computed is not None:
        return None
    if found is not None:
        return (name, None) if col.nullable and not col.primary_key else None
    assert got is not None
    if not isinstance(col.type, sa.Boolean):
        return None
    inside = (got.group(4) or "true").lower() == "true"
    return name, (not inside) if got.group(1) is None else inside


def _expression_text(expression: Any) -> str:
    text = getattr(expression, "text", None)
    if isinstance(text, str):
        return text
    from sqlalchemy.dialects import postgresql

    try:
        compiled = expression.compile(
            dialect=postgresql.dialect(paramstyle="named"),  # type: ignore[no-untyped-call]
            compile_kwargs={"literal_binds": True},
        )
        return str(compiled)
    except Exception:  # pragma: no cover - an expression no compiler renders
        return ""


# Functions that keep distinct generated values distinct: the engine's text values never
# differ only by case or by surrounding blanks.
_KEEPS_DISTINCT = {"lower", "upper", "coalesce", "btrim", "trim", "ltrim", "rtrim", "text"}
_TEXT_CASTS = {"text", "varchar", "character varying", "citext", "bpchar", "character", "name"}
_CAST = re.compile(r"::\s*([a-z_][a-z_ ]*)(\(\s*\d+\s*\))?(\[\])?", re.IGNORECASE)
_IDENT = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)')


def _expression_column(table: sa.Table, text: str) -> str | None:
    """The one column ``text`` (an index member) is a distinct-keeping function of."""
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    for match in _CAST.finditer(text):
        if match.group(1).strip().lower() not in _TEXT_CASTS or match.group(2):
            return None  # a cast to another type, or one that may cut values short
    text = _CAST.sub(" ", text)
    if not re.fullmatch(r"[\w\s\"$.,()']*", re.sub(r'"(?:[^"]|"")+"', '"q"', text)):
        return None  # an operator (a % 10, a || b) may map distinct values together
    found: set[str] = set()
    for match in _IDENT.finditer(text):
        quoted, bare = match.groups()
        word = quoted.replace('""', '"') if quoted is not None else bare
        after = text[match.end() :].lstrip()
        if after.startswith("("):
            if quoted is not None or word.lower() not in _KEEPS_DISTINCT:
                return None
        elif after.startswith("."):
            continue  # a table qualifier: account.address
        elif word in table.c:
            found.add(table.c[word].name)
        elif quoted is None and word.lower() in ("null", "true", "false"):
            continue
        else:
            return None
    return found.pop() if len(found) == 1 else None


def _domain_of(coltype: sa.types.TypeEngine[Any]) -> Any:
    """The PostgreSQL DOMAIN behind a column type, if any."""
    try:
        from sqlalchemy.dialects.postgresql import DOMAIN
    except ImportError:  # pragma: no cover - SQLAlchemy without the type
        return None
    return coltype if isinstance(coltype, DOMAIN) else None


def _enum_info(
    coltype: sa.types.TypeEngine[Any],
) -> tuple[tuple[str, ...] | None, type[enum.Enum] | None]:
    base = coltype
    if isinstance(base, sa.types.TypeDecorator):
        base = base.impl_instance
    if isinstance(base, sa.Enum):
        py_enum = base.enum_class
        return tuple(base.enums), py_enum
    return None, None


def _int_attr(obj: object, name: str) -> int | None:
    value = getattr(obj, name, None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _nextval_sequence(default: object) -> str | None:
    """The sequence named by a ``nextval('name'::regclass)`` server default."""
    arg = getattr(default, "arg", None)
    text = getattr(arg, "text", arg)
    if not isinstance(text, str):
        return None
    match = _NEXTVAL.search(text)
    return match.group(1).replace('""', '"') if match else None


_NEXTVAL = re.compile(r"nextval\(\s*'((?:[^']|'')+)'(?:::regclass)?\s*\)", re.IGNORECASE)


def _render_check(cons: sa.CheckConstraint) -> str:
    """SQL text of a CHECK, with bound values inlined (``qty > 3``, not ``qty > :qty_1``)."""
    sqltext = cons.sqltext
    if isinstance(sqltext, sa.TextClause):
        return sqltext.text
    from sqlalchemy.dialects import postgresql

    dialects: tuple[sa.Dialect | None, ...] = (
        postgresql.psycopg2.dialect(),  # type: ignore[no-untyped-call]
        None,
    )
    for dialect in dialects:
        try:
            return str(sqltext.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        except Exception:
            continue
    try:  # pragma: no cover - a clause no compiler renders with literals
        return str(sqltext)
    except Exception:  # pragma: no cover
        return repr(sqltext)


def _foreign_keys(table: sa.Table, unique_sets: list[tuple[str, ...]]) -> list[ForeignKeyInfo]:
    fks: list[ForeignKeyInfo] = []
    # coalesce(col, '') in a unique index: a second NULL would repeat a value there, so
    # the key is not one a cycle can be broken at by writing it NULL.
    coalesced = _coalesced(table)
    for cons in _ordered(table.foreign_key_constraints):
        cols = tuple(c.name for c in cons.columns)
        try:
            ref = cons.referred_table
            ref_cols = tuple(el.column.name for el in cons.elements)
        except Exception as exc:
            raise SchemaError(
                f"table {table.fullname!r}: foreign key on ({', '.join(cols)}) points at a "
                f"table or column that is not in the metadata ({exc}); import that model too"
            ) from exc
        # Unique when some unique set lies inside the key columns: each key value then
        # occurs at most once, so a parent has at most one child (one-to-one).
        fk_unique = any(set(s) <= set(cols) for s in unique_sets)
        fks.append(
            ForeignKeyInfo(
                name=cons.name if isinstance(cons.name, str) else None,
                table=table.fullname,
                columns=cols,
                ref_table=ref.fullname,
                ref_columns=ref_cols,
                nullable=all(
                    bool(c.nullable) and not c.primary_key and c.name not in coalesced
                    for c in cons.columns
                ),
                deferrable=bool(cons.deferrable),
                unique=fk_unique,
            )
        )
    return fks


def _domain_check(col: sa.Column[Any], domain: Any) -> CheckInfo | None:
    """The CHECK a PostgreSQL domain carries, as a check on ``col``."""
    if domain is None or domain.check is None:
        return None
    text = getattr(domain.check, "text", None)
    return CheckInfo(
        # PostgreSQL's own name for an unnamed domain CHECK.
        name=domain.constraint_name
        if isinstance(domain.constraint_name, str)
        else f"{domain.name}_check",
        sqltext=text if isinstance(text, str) else str(domain.check),
        expression=domain.check,
        domain_column=col.name,
    )


def _column_info(
    table: sa.Table, col: sa.Column[Any], single_unique: set[str], fks: list[ForeignKeyInfo]
) -> ColumnInfo:
    identity = isinstance(col.identity, Identity)
    computed = isinstance(col.computed, Computed)
    domain = _domain_of(col.type)
    coltype: sa.types.TypeEngine[Any] = domain.data_type if domain is not None else col.type
    enum_values, py_enum = _enum_info(coltype)
    kind, base_type = column_kind(coltype)
    server_sequence: str | None = None
    if col.server_default is not None and not identity and not computed:
        server_sequence = _nextval_sequence(col.server_default)
    sequence = server_sequence
    if isinstance(col.default, sa.Sequence):
        # SQLAlchemy calls a declared Sequence from its INSERT statements; the column
        # has no default in the database, so COPY must be given its values.
        seq = col.default
        sequence = f"{seq.schema}.{seq.name}" if seq.schema else seq.name
    nullable = bool(col.nullable) and not col.primary_key
    if domain is not None:
        nullable = nullable and not domain.not_null
    return ColumnInfo(
        name=col.name,
        key=col.key,
        type=coltype,
        nullable=nullable,
        primary_key=col.primary_key,
        unique=col.name in single_unique,
        autoincrement=col is table.autoincrement_column or identity or server_sequence is not None,
        identity=identity,
        identity_always=identity and bool(col.identity and col.identity.always),
        # A nextval() default is the column's numbering, reported as autoincrement
        # and sequence, so that declared and reflected serials read the same.
        server_default=col.server_default is not None
        and not computed
        and not identity
        and server_sequence is None,
        computed=computed,
        client_default=isinstance(col.default, ColumnDefault),
        length=_int_attr(coltype, "length"),
        precision=_int_attr(coltype, "precision"),
        scale=_int_attr(coltype, "scale"),
        enum_values=enum_values,
        python_enum=py_enum,
        foreign_keys=tuple(fk for fk in fks if col.name in fk.columns),
        domain=domain.name if domain is not None else None,
        sequence=sequence,
        kind=kind,
        base_type=base_type,
    )


def exclusion_info(
    table: sa.Table,
    name: str | None,
    members: Iterable[tuple[str | None, str, str]],
    definition: str,
) -> ExclusionInfo:
    """An exclusion constraint of ``table`` with the member generated rows meet it by:
    a range column compared with ``&&`` that is no foreign key, else the plain columns
    compared with ``=``."""
    listed = tuple(members)
    fk_columns = {fk.parent.name for fk in table.foreign_keys}
    disjoint = next(
        (
            c
            for c, _, op in listed
            if c is not None
            and op == "&&"
            and c in table.c
            and c not in fk_columns
            and column_kind(table.c[c].type)[0] in ("range", "multirange")
        ),
        None,
    )
    apart = None
    if disjoint is None:
        apart = next(
            (
                pair
                for c, text, op in listed
                if c is None and op == "&&"
                for pair in [_spanned(table, text)]
                if pair is not None and not set(pair) & fk_columns
            ),
            None,
        )
    equal = tuple(dict.fromkeys(c for c, _, op in listed if c is not None and op == "="))
    met_otherwise = disjoint is not None or apart is not None
    return ExclusionInfo(name, listed, definition, disjoint, apart, () if met_otherwise else equal)


_SPAN_IDENT = r'"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*'
_SPAN = re.compile(
    rf"\s*(?:\w+\.)?(tsrange|tstzrange|daterange|int4range|int8range|numrange)\s*\(\s*"
    rf"((?:(?:{_SPAN_IDENT})\.)*(?:{_SPAN_IDENT}))\s*,\s*((?:(?:{_SPAN_IDENT})\.)*(?:{_SPAN_IDENT}))"
    rf"\s*(?:,\s*'[\[\]()]{{2}}'(?:::text)?\s*)?\)\s*",
    re.IGNORECASE,
)
_SPAN_KINDS = {"datetime", "date", "int", "decimal"}


def _spanned(table: sa.Table, text: str) -> tuple[str, str] | None:
    """The (start, end) columns of a range built from two columns: ``tsrange(a, b)``."""
    match = _SPAN.fullmatch(text)
    if match is None:
        return None
    names = []
    for qualified in match.group(2, 3):
        ident = re.findall(_SPAN_IDENT, qualified)[-1]  # "schema".table.column: the column
        name = ident[1:-1].replace('""', '"') if ident.startswith('"') else ident
        if name not in table.c or column_kind(table.c[name].type)[0] not in _SPAN_KINDS:
            return None
        names.append(table.c[name].name)
    return (names[0], names[1]) if names[0] != names[1] else None


def _declared_exclusions(table: sa.Table) -> list[ExclusionInfo]:
    """The ``postgresql.ExcludeConstraint`` objects declared on ``table``."""
    from sqlalchemy.dialects.postgresql import ExcludeConstraint

    out: list[ExclusionInfo] = []
    for cons in _ordered(table.constraints):
        if not isinstance(cons, ExcludeConstraint):
            continue
        members: list[tuple[str | None, str, str]] = []
        for expr, _name, op in cons._render_exprs:
            if isinstance(expr, sa.Column):
                members.append((expr.name, expr.name, str(op)))
            else:
                members.append((None, _expression_text(expr), str(op)))
        text = ", ".join(f"{m} WITH {op}" for _, m, op in members)
        name = cons.name if isinstance(cons.name, str) else None
        out.append(exclusion_info(table, name, members, f"EXCLUDE USING {cons.using} ({text})"))
    return out


def with_exclusions(info: TableInfo, exclusions: Iterable[ExclusionInfo]) -> TableInfo:
    """``info`` read again with the exclusion constraints the database has beside those
    the models declare (reflection does not carry them), keeping what was read since."""
    known = {e.name for e in info.exclusions}
    extra = [e for e in exclusions if e.name is None or e.name not in known]
    if not extra:
        return info
    again = _table_info(info.table, extra)
    kept = {c.name: c for c in info.columns}
    columns = tuple(
        replace(
            kept[c.name],
            disjoint=c.disjoint,
            unique=c.unique,
            nullable=c.nullable,
            foreign_keys=c.foreign_keys,
        )
        if c.name in kept
        else c
        for c in again.columns
    )
    return replace(again, columns=columns)


def _table_info(table: sa.Table, extra: Iterable[ExclusionInfo] = ()) -> TableInfo:
    exclusions = [*_declared_exclusions(table), *extra]
    unique_sets = _unique_sets(table)
    for ex in exclusions:
        if ex.unique and ex.unique not in unique_sets:
            unique_sets.append(ex.unique)
    disjoint = {ex.disjoint for ex in exclusions if ex.disjoint}
    single_unique = {s[0] for s in unique_sets if len(s) == 1}
    fks = _foreign_keys(table, unique_sets)
    columns: list[ColumnInfo] = []
    checks: list[CheckInfo] = []
    for col in table.columns:
        info = _column_info(table, col, single_unique, fks)
        if col.name in disjoint:
            info = replace(info, disjoint=True)
        if info.nullable and col.name in _coalesced(table):
            # coalesce(col, '') in a unique index: two NULLs would be one value there.
            info = replace(info, nullable=False)
        columns.append(info)
        domain_check = _domain_check(col, _domain_of(col.type))
        if domain_check is not None:
            checks.append(domain_check)
    # A CheckConstraint given to a Column lives in that column's constraints, not the
    # table's; the database enforces both alike.
    column_checks = [
        c for col in table.columns for c in col.constraints if c not in table.constraints
    ]
    for constraint in _ordered([*table.constraints, *column_checks]):
        if isinstance(constraint, sa.CheckConstraint):
            checks.append(
                CheckInfo(
                    name=constraint.name if isinstance(constraint.name, str) else None,
                    sqltext=_render_check(constraint),
                    expression=constraint.sqltext,
                )
            )
    return TableInfo(
        name=table.name,
        schema=table.schema,
        fullname=table.fullname,
        table=table,
        columns=tuple(columns),
        primary_key=tuple(c.name for c in table.primary_key.columns),
        foreign_keys=tuple(fks),
        unique_sets=tuple(unique_sets),
        checks=tuple(checks),
        exclusions=tuple(exclusions),
        steered=steered(table),
    )
