"""Read a SQLAlchemy ``MetaData`` into an immutable graph of what seeding needs.

The graph is built once per metadata and never changes: tables with their
columns, keys, foreign keys (composite ones included), unique sets (unique
constraints, unique indexes and the primary key), CHECK constraints, and the
columns the database fills on its own (server defaults, identity, computed).

It works the same for declared models (DeclarativeBase, SQLModel) and for a
``MetaData`` reflected from a live database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.schema import ColumnDefault, Computed, Identity

from pytest_dbseed.errors import SchemaError

__all__ = [
    "ColumnInfo",
    "ForeignKeyInfo",
    "CheckInfo",
    "TableInfo",
    "SchemaGraph",
    "build_schema",
    "mapped_class_names",
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
    python_enum: type[enum.Enum] | None = field(compare=False, hash=False)
    foreign_keys: tuple[ForeignKeyInfo, ...] = ()

    @property
    def database_fills(self) -> bool:
        """The database can give this column a value when the insert leaves it out."""
        return self.computed or self.autoincrement or self.identity or self.server_default


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
class SchemaGraph:
    """Every table of a metadata, keyed by full name, in metadata order."""

    tables: Mapping[str, TableInfo]
    metadata: sa.MetaData = field(compare=False, hash=False, repr=False)
    class_names: Mapping[str, str] = field(default_factory=dict)
    """Mapped class name -> table full name, when the models are ORM classes."""

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
        """Find a table by name, full name, mapped class name, ``Table`` or mapped class."""
        table = getattr(key, "__table__", None)
        if isinstance(key, sa.Table):
            table = key
        if isinstance(table, sa.Table):
            found = self.tables.get(table.fullname)
            if found is None:
                raise SchemaError(
                    f"table {table.fullname!r} is not part of the metadata being seeded"
                )
            return found
        if not isinstance(key, str):
            raise SchemaError(
                f"{key!r} is not a table name, a Table or a mapped class; "
                "name tables by their table name or their model class"
            )
        if key in self.tables:
            return self.tables[key]
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
        lowered = {n.lower(): n for n in self.names()}
        if key.lower() in lowered:
            return self.resolve(lowered[key.lower()])
        import difflib

        close = difflib.get_close_matches(key, self.names(), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise SchemaError(
            f"unknown table or model {key!r}.{hint} Known names: {', '.join(self.names())}"
        )


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


def build_schema(metadata: sa.MetaData) -> SchemaGraph:
    """Read ``metadata`` into a :class:`SchemaGraph`."""
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
    tables = {t.fullname: _table_info(t) for t in metadata.sorted_tables}
    return SchemaGraph(tables=tables, metadata=metadata, class_names=mapped_class_names(metadata))


def _unique_sets(table: sa.Table) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = []
    pk = tuple(c.name for c in table.primary_key.columns)
    if pk:
        sets.append(pk)
    for cons in table.constraints:
        if isinstance(cons, sa.UniqueConstraint):
            cols = tuple(c.name for c in cons.columns)
            if cols and cols not in sets:
                sets.append(cols)
    for col in table.columns:
        if col.unique and (col.name,) not in sets:
            sets.append((col.name,))
    for index in table.indexes:
        if not index.unique:
            continue
        cols = tuple(c.name for c in index.columns)
        # An expression index (lower(email)) has no plain columns; values unique in the
        # column itself rarely collide under such an expression, so it is not tracked.
        if cols and len(cols) == len(index.expressions) and cols not in sets:
            sets.append(cols)
    return sets


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


def _table_info(table: sa.Table) -> TableInfo:
    fks: list[ForeignKeyInfo] = []
    unique_sets = _unique_sets(table)
    single_unique = {s[0] for s in unique_sets if len(s) == 1}
    for cons in table.foreign_key_constraints:
        cols = tuple(c.name for c in cons.columns)
        try:
            ref = cons.referred_table
        except Exception as exc:
            raise SchemaError(
                f"table {table.fullname!r}: foreign key on ({', '.join(cols)}) points at a "
                f"table that is not in the metadata ({exc}); import that model too"
            ) from exc
        ref_cols = tuple(el.column.name for el in cons.elements)
        fk_unique = any(set(s) <= set(cols) for s in unique_sets)
        fks.append(
            ForeignKeyInfo(
                name=cons.name if isinstance(cons.name, str) else None,
                table=table.fullname,
                columns=cols,
                ref_table=ref.fullname,
                ref_columns=ref_cols,
                nullable=all(table.c[c].nullable for c in cols),
                deferrable=bool(cons.deferrable),
                unique=fk_unique,
            )
        )

    pk_cols = tuple(c.name for c in table.primary_key.columns)
    auto_col = table.autoincrement_column
    columns: list[ColumnInfo] = []
    for col in table.columns:
        identity = isinstance(col.identity, Identity)
        computed = isinstance(col.computed, Computed)
        enum_values, py_enum = _enum_info(col.type)
        columns.append(
            ColumnInfo(
                name=col.name,
                key=col.key,
                type=col.type,
                nullable=bool(col.nullable) and not col.primary_key,
                primary_key=col.primary_key,
                unique=col.name in single_unique,
                autoincrement=col is auto_col or identity,
                identity=identity,
                identity_always=identity and bool(col.identity and col.identity.always),
                server_default=col.server_default is not None and not computed and not identity,
                computed=computed,
                client_default=isinstance(col.default, ColumnDefault),
                length=_int_attr(col.type, "length"),
                precision=_int_attr(col.type, "precision"),
                scale=_int_attr(col.type, "scale"),
                enum_values=enum_values,
                python_enum=py_enum,
                foreign_keys=tuple(fk for fk in fks if col.name in fk.columns),
            )
        )

    checks: list[CheckInfo] = []
    for cons in table.constraints:
        if isinstance(cons, sa.CheckConstraint):
            try:
                text = str(cons.sqltext)
            except Exception:  # pragma: no cover - exotic clause that will not render
                text = repr(cons.sqltext)
            checks.append(
                CheckInfo(
                    name=cons.name if isinstance(cons.name, str) else None,
                    sqltext=text,
                    expression=cons.sqltext,
                )
            )

    return TableInfo(
        name=table.name,
        schema=table.schema,
        fullname=table.fullname,
        table=table,
        columns=tuple(columns),
        primary_key=pk_cols,
        foreign_keys=tuple(fks),
        unique_sets=tuple(unique_sets),
        checks=tuple(checks),
    )


def iter_columns(tables: Iterable[TableInfo]) -> Iterable[tuple[TableInfo, ColumnInfo]]:
    for t in tables:
        for c in t.columns:
            yield t, c
