"""A random schema as plain data, and how to build it in PostgreSQL.

A :class:`SchemaSpec` is JSON-serialisable (so a failing example can be written to a file
and replayed) and knows how to become a SQLAlchemy ``MetaData`` (the declared models), the
extra DDL that ``create_all`` cannot express (partitions), the rows that are already in the
tables before seeding, and the ``counts`` of the seed call.

Nothing here knows about Hypothesis: :mod:`tests.engine.fuzz.strategies` draws specs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

__all__ = [
    "ColumnSpec",
    "ForeignKeySpec",
    "IndexSpec",
    "ExclusionSpec",
    "CheckSpec",
    "PartitionSpec",
    "TableSpec",
    "SchemaSpec",
    "TYPES",
    "quote",
    "build_metadata",
    "ddl_text",
    "partition_ddl",
    "existing_rows_sql",
]


def quote(name: str) -> str:
    """A PostgreSQL quoted identifier for any name."""
    return '"' + name.replace('"', '""') + '"'


def _cut(name: str) -> str:
    while len(name.encode()) > 63:
        name = name[:-1]
    return name


def literal(value: object) -> str:
    """A SQL literal for the simple values used in CHECKs, defaults and existing rows."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class TextBox(sa.types.TypeDecorator[str]):
    """A TypeDecorator over a bounded string, as applications write them."""

    impl = sa.String(40)
    cache_ok = True


class CatalogType(sa.types.UserDefinedType[str]):
    """A PostgreSQL type SQLAlchemy has no class for (``xml``, ``point``, ``ltree``): the
    engine reads it from the catalog."""

    cache_ok = True

    def __init__(self, name: str) -> None:
        self.name = name

    def get_col_spec(self, **kw: Any) -> str:
        return self.name


TypeFactory = Callable[[list[Any]], sa.types.TypeEngine[Any]]

# key -> (factory from the spec's type arguments, SQL kind used by the strategies)
TYPES: dict[str, tuple[TypeFactory, str]] = {
    "integer": (lambda a: sa.Integer(), "int"),
    "smallint": (lambda a: sa.SmallInteger(), "int"),
    "bigint": (lambda a: sa.BigInteger(), "int"),
    "numeric": (lambda a: sa.Numeric(a[0], a[1]), "num"),
    "float": (lambda a: sa.Float(), "float"),
    "real": (lambda a: pg.REAL(), "float"),
    "double": (lambda a: sa.Double(), "float"),
    "varchar": (lambda a: sa.String(a[0]), "text"),
    "text": (lambda a: sa.Text(), "text"),
    "unicode": (lambda a: sa.Unicode(a[0]), "text"),
    "char": (lambda a: sa.CHAR(a[0]), "text"),
    "citext": (lambda a: pg.CITEXT(), "text"),
    "typedecorator": (lambda a: TextBox(), "text"),
    "boolean": (lambda a: sa.Boolean(), "bool"),
    "date": (lambda a: sa.Date(), "date"),
    "timestamp": (lambda a: sa.DateTime(), "ts"),
    "timestamptz": (lambda a: sa.DateTime(timezone=True), "ts"),
    "time": (lambda a: sa.Time(), "other"),
    "timetz": (lambda a: sa.Time(timezone=True), "other"),
    "interval": (lambda a: pg.INTERVAL(), "other"),
    "bytea": (lambda a: sa.LargeBinary(), "other"),
    "enum": (lambda a: sa.Enum(*a[1], name=a[0], schema=a[2]), "enum"),
    "json": (lambda a: sa.JSON(), "other"),
    "jsonb": (lambda a: pg.JSONB(), "other"),
    "uuid": (lambda a: sa.Uuid(), "uuid"),
    "int_array": (lambda a: pg.ARRAY(sa.Integer()), "other"),
    "text_array": (lambda a: pg.ARRAY(sa.String(20)), "other"),
    "inet": (lambda a: pg.INET(), "other"),
    "cidr": (lambda a: pg.CIDR(), "other"),
    "macaddr": (lambda a: pg.MACADDR(), "other"),
    "macaddr8": (lambda a: pg.MACADDR8(), "other"),
    "money": (lambda a: pg.MONEY(), "other"),
    "bit": (lambda a: pg.BIT(a[0]), "other"),
    "varbit": (lambda a: pg.BIT(a[0], varying=True), "other"),
    "tsvector": (lambda a: pg.TSVECTOR(), "other"),
    "hstore": (lambda a: pg.HSTORE(), "other"),
    "int4range": (lambda a: pg.INT4RANGE(), "other"),
    "int8range": (lambda a: pg.INT8RANGE(), "other"),
    "numrange": (lambda a: pg.NUMRANGE(), "other"),
    "daterange": (lambda a: pg.DATERANGE(), "other"),
    "tsrange": (lambda a: pg.TSRANGE(), "other"),
    "tstzrange": (lambda a: pg.TSTZRANGE(), "other"),
    "int4multirange": (lambda a: pg.INT4MULTIRANGE(), "other"),
    "int8multirange": (lambda a: pg.INT8MULTIRANGE(), "other"),
    "nummultirange": (lambda a: pg.NUMMULTIRANGE(), "other"),
    "datemultirange": (lambda a: pg.DATEMULTIRANGE(), "other"),
    "tsmultirange": (lambda a: pg.TSMULTIRANGE(), "other"),
    "tstzmultirange": (lambda a: pg.TSTZMULTIRANGE(), "other"),
    "domain": (
        lambda a: pg.DOMAIN(a[0], sa.String(a[1]), schema=a[2], check=a[3]),
        "text",
    ),
    **{
        name: ((lambda a, n=name: CatalogType(n)), "other")
        for name in ("xml", "point", "line", "lseg", "box", "path", "polygon", "circle")
    },
    "tsquery": (lambda a: CatalogType("tsquery"), "other"),
    "ltree": (lambda a: CatalogType("ltree"), "other"),
}

EXTENSION_TYPES = {"citext": "citext", "hstore": "hstore", "ltree": "ltree"}
"""Types that need an extension in the database."""


@dataclass
class ColumnSpec:
    name: str
    type: str
    args: list[Any] = field(default_factory=list)
    nullable: bool = True
    primary_key: bool = False
    autoincrement: bool = False
    unique: bool = False
    server_default: str | None = None
    check: str | None = None
    """A CHECK attached to the column itself (``Column(..., CheckConstraint(...))``)."""
    domain: int | None = None
    """How many distinct values the column can take, when the strategy made it small."""

    @property
    def kind(self) -> str:
        return TYPES[self.type][1]


@dataclass
class ForeignKeySpec:
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    name: str
    deferrable: bool = False
    initially_deferred: bool = False
    use_alter: bool = False


@dataclass
class IndexSpec:
    name: str
    columns: list[str]
    unique: bool = True
    expression: str | None = None
    """A function over the first column for an expression index: ``lower``, ``upper``, ..."""
    where: str | None = None
    """SQL of a partial index predicate."""


@dataclass
class ExclusionSpec:
    """``EXCLUDE USING gist (equal WITH =, ..., ranged WITH &&)``."""

    name: str
    ranged: list[str]
    """One range column, or the (start, end) columns of a span: ``tsrange(start, end)``."""
    equal: list[str] = field(default_factory=list)


_SPANS = {"timestamp": "tsrange", "timestamptz": "tstzrange", "date": "daterange"}


@dataclass
class CheckSpec:
    name: str
    sql: str
    understood: bool = True
    """False for CHECKs outside the forms the README promises."""
    restrictive: bool = False
    """True when a value generator that ignores the CHECK is likely to break it."""


@dataclass
class PartitionSpec:
    kind: str  # "range" | "list" | "hash"
    column: str
    bounds: list[list[Any]] = field(default_factory=list)
    """range: [from, to] pairs; list: value lists; hash: [modulus]."""
    default: bool = False


@dataclass
class TableSpec:
    name: str
    columns: list[ColumnSpec]
    foreign_keys: list[ForeignKeySpec] = field(default_factory=list)
    uniques: list[list[str]] = field(default_factory=list)
    indexes: list[IndexSpec] = field(default_factory=list)
    checks: list[CheckSpec] = field(default_factory=list)
    partition: PartitionSpec | None = None
    existing: int = 0
    """Rows inserted before seeding (only for tables the strategy made simple enough)."""
    existing_keys: list[int] = field(default_factory=list)
    """Explicit values of an integer primary key for the existing rows."""
    exclusions: list[ExclusionSpec] = field(default_factory=list)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


@dataclass
class SchemaSpec:
    schema: str
    tables: list[TableSpec]
    counts: dict[str, int]
    default: int
    seed: int
    reflect: bool = False
    extensions: list[str] = field(default_factory=list)

    def table(self, name: str) -> TableSpec:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> SchemaSpec:
        data = json.loads(text)
        tables = []
        for t in data.pop("tables"):
            t["columns"] = [ColumnSpec(**c) for c in t["columns"]]
            t["foreign_keys"] = [ForeignKeySpec(**f) for f in t["foreign_keys"]]
            t["indexes"] = [IndexSpec(**i) for i in t["indexes"]]
            t["checks"] = [CheckSpec(**c) for c in t["checks"]]
            t["exclusions"] = [ExclusionSpec(**e) for e in t.get("exclusions", [])]
            if t["partition"] is not None:
                t["partition"] = PartitionSpec(**t["partition"])
            tables.append(TableSpec(**t))
        return cls(tables=tables, **data)

    def names(self) -> set[str]:
        """Every table, column, constraint and index name of the schema."""
        out: set[str] = set()
        for t in self.tables:
            out.add(t.name)
            out.update(c.name for c in t.columns)
            out.update(f.name for f in t.foreign_keys)
            out.update(i.name for i in t.indexes)
            out.update(c.name for c in t.checks)
            out.update(e.name for e in t.exclusions)
        return out


def build_metadata(spec: SchemaSpec) -> tuple[sa.MetaData, dict[str, sa.Table]]:
    """The declared models of ``spec``: a ``MetaData`` in the spec's schema."""
    md = sa.MetaData(schema=spec.schema)
    tables: dict[str, sa.Table] = {}
    for position, t in enumerate(spec.tables):
        items: list[Any] = []
        for c in t.columns:
            type_ = TYPES[c.type][0](c.args)
            col_args: list[Any] = []
            if c.check is not None:
                col_args.append(sa.CheckConstraint(c.check))
            items.append(
                sa.Column(
                    c.name,
                    type_,
                    *col_args,
                    nullable=c.nullable,
                    primary_key=c.primary_key,
                    autoincrement=c.autoincrement if c.primary_key else "auto",
                    unique=c.unique or None,
                    server_default=sa.text(c.server_default) if c.server_default else None,
                )
            )
        for i, u in enumerate(t.uniques):
            items.append(sa.UniqueConstraint(*u, name=_cut(f"uq{position}_{i}_{t.name}")))
        for ch in t.checks:
            items.append(sa.CheckConstraint(sa.text(ch.sql), name=ch.name))
        kwargs: dict[str, Any] = {}
        if t.partition is not None:
            # SQLAlchemy passes this text to the driver unescaped: double a '%'.
            column = quote(t.partition.column).replace("%", "%%")
            kwargs["postgresql_partition_by"] = f"{t.partition.kind.upper()} ({column})"
        table = sa.Table(t.name, md, *items, **kwargs)
        for ix in t.indexes:
            exprs: list[Any] = [table.c[n] for n in ix.columns]
            if ix.expression == "coalesce":
                exprs[0] = sa.func.coalesce(exprs[0], "")
            elif ix.expression is not None:
                exprs[0] = getattr(sa.func, ix.expression)(exprs[0])
            sa.Index(
                ix.name,
                *exprs,
                unique=ix.unique,
                postgresql_where=sa.text(ix.where) if ix.where else None,
            )
        for ex in t.exclusions:
            table.append_constraint(_exclusion(t, table, ex))
        tables[t.name] = table
    # Foreign keys once every table exists, naming columns by object: a table called
    # "dot.ted" cannot be spelled in a "schema.table.column" string.
    for t in spec.tables:
        for f in t.foreign_keys:
            target = tables[f.ref_table]
            tables[t.name].append_constraint(
                sa.ForeignKeyConstraint(
                    f.columns,
                    [target.c[rc] for rc in f.ref_columns],
                    name=f.name,
                    deferrable=f.deferrable or None,
                    initially="DEFERRED" if f.initially_deferred else None,
                    use_alter=f.use_alter,
                )
            )
    return md, tables


def _exclusion(t: TableSpec, table: sa.Table, ex: ExclusionSpec) -> pg.ExcludeConstraint:
    members: list[Any] = [(table.c[c], "=") for c in ex.equal]
    if len(ex.ranged) == 1:
        members.append((table.c[ex.ranged[0]], "&&"))
    else:
        start, end = ex.ranged
        span = getattr(sa.func, _SPANS[t.column(start).type])
        members.append((span(table.c[start], table.c[end]), "&&"))
    return pg.ExcludeConstraint(*members, name=ex.name, using="gist")


def partition_names(spec: SchemaSpec, name: str) -> list[str]:
    """Names of the partitions of table ``name``: the bounded ones in order, then DEFAULT.

    Cut to fit 63 bytes; a cut name also carries the table's position, so that two tables
    whose names share their first characters never get the same partition names.
    """
    t = spec.table(name)
    if t.partition is None:
        return []
    stem = name if len(name) <= 50 else f"{name[:46]}_{spec.tables.index(t)}"
    names = [f"{stem}_p{i}" for i in range(len(t.partition.bounds))]
    if t.partition.default:
        names.append(f"{stem}_pdef")
    return names


def partition_ddl(spec: SchemaSpec) -> list[str]:
    """``CREATE TABLE ... PARTITION OF`` statements for the partitioned tables."""
    out = []
    for t in spec.tables:
        p = t.partition
        if p is None:
            continue
        parent = f"{quote(spec.schema)}.{quote(t.name)}"
        names = partition_names(spec, t.name)
        for i, b in enumerate(p.bounds):
            part = quote(names[i])
            if p.kind == "range":
                ends = [v if v in ("MINVALUE", "MAXVALUE") else literal(v) for v in b]
                bound = f"FROM ({ends[0]}) TO ({ends[1]})"
            elif p.kind == "list":
                bound = "IN (" + ", ".join(literal(v) for v in b) + ")"
            else:
                bound = f"WITH (MODULUS {b[0]}, REMAINDER {b[1]})"
            out.append(
                f"CREATE TABLE {quote(spec.schema)}.{part} PARTITION OF {parent} FOR VALUES {bound}"
            )
        if p.default:
            part = quote(names[-1])
            out.append(f"CREATE TABLE {quote(spec.schema)}.{part} PARTITION OF {parent} DEFAULT")
    return out


def existing_rows_sql(spec: SchemaSpec) -> list[str]:
    """INSERTs of the rows already in tables before the seed."""
    out = []
    for t in spec.tables:
        if not t.existing_keys:
            continue
        cols = [c for c in t.columns if c.primary_key or not c.nullable]
        names = ", ".join(quote(c.name) for c in cols)
        rows = []
        for i, key in enumerate(t.existing_keys):
            values = []
            for c in cols:
                if c.primary_key:
                    values.append(str(key))
                elif c.kind == "int":
                    values.append(str(i))
                elif c.kind == "bool":
                    values.append("true")
                else:
                    values.append(literal(f"e{i}"))
            rows.append("(" + ", ".join(values) + ")")
        out.append(
            f"INSERT INTO {quote(spec.schema)}.{quote(t.name)} ({names}) VALUES " + ", ".join(rows)
        )
    return out


def ddl_text(spec: SchemaSpec) -> str:
    """The whole schema as PostgreSQL DDL, for people reading a failing example."""
    md, _ = build_metadata(spec)
    statements: list[str] = []

    def collect(sql: Any, *args: Any, **kwargs: Any) -> None:
        # No parameters in DDL: the driver's doubled '%' is not part of the SQL.
        statements.append(str(sql.compile(dialect=mock.dialect)).strip().replace("%%", "%"))

    mock = sa.create_mock_engine(sa.make_url("postgresql+psycopg2://"), collect)
    md.create_all(mock, checkfirst=False)
    parts = [f"CREATE SCHEMA {quote(spec.schema)};"]
    parts += [f"CREATE EXTENSION IF NOT EXISTS {e};" for e in spec.extensions]
    parts += [s + ";" for s in statements]
    parts += [s + ";" for s in partition_ddl(spec)]
    parts += [s + ";" for s in existing_rows_sql(spec)]
    return "\n".join(parts) + "\n"
