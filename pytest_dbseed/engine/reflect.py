"""Read a live database into a ``MetaData`` worth seeding, and say what was left out.

::

    from pytest_dbseed.engine.reflect import reflect_database
    metadata, report = reflect_database(engine, schemas=["public", "sales"], exclude=["audit_log"])
    pytest_dbseed.seed(engine, metadata, counts={"customer": 10_000}, default=1000)

What is reflected (the *selection*): every ordinary and partitioned table of the searched
schemas. What is not, and is listed in :attr:`ReflectReport.skipped` instead:

* views and materialized views (they hold no rows of their own);
* partitions (``pg_class.relispartition``): rows go in through their partitioned parent;
* foreign tables (their rows live on another server);
* tables that belong to an extension (``spatial_ref_sys`` of PostGIS, ...);
* tables a migration framework owns (:data:`FRAMEWORK_TABLES`), unless asked for;
* tables named by ``exclude``.

A selected table that points at a table outside the selection (an excluded one, one in
another schema) needs that table in the ``MetaData`` to resolve its foreign key: such
tables are reflected too and listed in :attr:`ReflectReport.references`. They must not be
written: seed them with a count of 0, so children point at the rows already there.

PostgreSQL searches every schema of the current database but the system ones
(``pg_catalog``, ``information_schema``, ``pg_toast*``, ``pg_temp*``); other databases
(MariaDB, SQLite) search only the connection's own schema unless told otherwise, because
there a schema is another database. Tables of the connection's default schema
(``current_schema()``) keep unqualified names (``customer``), as in declared models; the
others are named ``schema.table``.

The module never writes: it reads the catalog and SQLAlchemy's reflection only.
"""

from __future__ import annotations

import difflib
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from pytest_dbseed.errors import ConfigError, SchemaError

__all__ = [
    "FRAMEWORK_TABLES",
    "SYSTEM_SCHEMAS",
    "Skipped",
    "Partition",
    "ReflectReport",
    "TableVanishedError",
    "framework_of",
    "is_system_schema",
    "reflect_database",
]

FRAMEWORK_TABLES: Mapping[str, str] = {
    "alembic_version": "Alembic",
    "django_migrations": "Django",
    "schema_migrations": "Rails (also golang-migrate, Ecto)",
    "ar_internal_metadata": "Rails",
    "flyway_schema_history": "Flyway",
    "databasechangelog": "Liquibase",
    "databasechangeloglock": "Liquibase",
    "_prisma_migrations": "Prisma",
    "knex_migrations": "Knex",
    "knex_migrations_lock": "Knex",
    "sequelizemeta": "Sequelize",
    "goose_db_version": "goose",
}
"""Tables a migration framework owns and reads to know the schema's version, by lower-case
name: seeding them would corrupt the migration history. The one list of them, for the
command line and for the plugin's Alembic databases alike."""

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
"""PostgreSQL's own schemas; ``pg_toast*`` and ``pg_temp*`` are system schemas too."""

_OTHER_SYSTEM_SCHEMAS = {
    "mysql": ("information_schema", "mysql", "performance_schema", "sys"),
    "mariadb": ("information_schema", "mysql", "performance_schema", "sys"),
    "sqlite": ("temp",),
}


def framework_of(table_name: str) -> str | None:
    """The migration framework that owns a table of this name, or None."""
    return FRAMEWORK_TABLES.get(table_name.lower())


def is_system_schema(name: str, dialect: str = "postgresql") -> bool:
    """True for a schema that belongs to the database system, not to an application."""
    if dialect == "postgresql":
        return name in SYSTEM_SCHEMAS or name.startswith("pg_toast") or name.startswith("pg_temp")
    return name.lower() in _OTHER_SYSTEM_SCHEMAS.get(dialect, ())


class TableVanishedError(SchemaError):
    """A table was dropped or renamed between reading the schema and using it."""


@dataclass(frozen=True)
class Skipped:
    """A relation that is not seeded, and why."""

    table: str
    """Its name as the engine would spell it (``name`` in the default schema, else
    ``schema.name``)."""
    reason: str
    """``framework``, ``partition``, ``foreign``, ``extension``, ``view``,
    ``materialized view`` or ``excluded``."""
    detail: str = ""
    """The framework, the parent of a partition, the extension, ..."""

    @property
    def why(self) -> str:
        """The reason in words: ``Alembic migrations``, ``partition of audit.event``, ..."""
        if self.reason == "framework":
            return f"{self.detail} migrations"
        if self.reason == "partition":
            return f"partition of {self.detail}"
        if self.reason == "extension":
            return f"extension {self.detail}"
        return self.reason


@dataclass(frozen=True)
class Partition:
    """One partition of a partitioned table: rows reach it through ``root``."""

    table: str
    parent: str
    """The table it is directly attached to (a partition may itself be partitioned)."""
    root: str
    """The top partitioned table, the one that is seeded."""
    bound: str
    """Its bound as PostgreSQL prints it: ``FOR VALUES FROM ('2024-01-01') TO (...)``,
    ``FOR VALUES IN (...)``, ``FOR VALUES WITH (modulus 4, remainder 0)`` or ``DEFAULT``."""


@dataclass(frozen=True)
class ReflectReport:
    """What :func:`reflect_database` read, what it left out and why."""

    dialect: str
    default_schema: str | None
    schemas: tuple[str, ...]
    """The schemas searched, by their real names (the default one included)."""
    tables: tuple[str, ...]
    """The selection: tables to seed, by the names the engine uses."""
    references: Mapping[str, str] = field(default_factory=dict)
    """Tables reflected only because a selected table points at them, and why they are
    not in the selection (``excluded``, ``framework``, ``outside the schemas``, ...). Seed
    them with 0 rows."""
    skipped: tuple[Skipped, ...] = ()
    partitions: Mapping[str, tuple[Partition, ...]] = field(default_factory=dict)
    """Partitioned table -> its partitions (at every level), in name order."""
    partition_keys: Mapping[str, str] = field(default_factory=dict)
    """Partitioned table -> its key as PostgreSQL prints it (``RANGE (happened_on)``)."""
    not_reflected: tuple[str, ...] = ()
    """What the database has and SQLAlchemy's reflection does not carry, per table, in
    words: exclusion constraints, triggers, row security, partial and expression unique
    indexes, types it did not recognise. Seeding may still meet them."""
    seconds: float = 0.0

    def skipped_because(self, reason: str) -> tuple[Skipped, ...]:
        return tuple(s for s in self.skipped if s.reason == reason)

    def skipped_table(self, name: str) -> Skipped | None:
        """The entry of a skipped relation, by its engine name or ``schema.name``."""
        for s in self.skipped:
            if name in (s.table, self.qualified(s.table)):
                return s
        return None

    def qualified(self, table: str) -> str:
        """``table`` with its schema spelled out (``public.customer``)."""
        if self.default_schema and "." not in table:
            return f"{self.default_schema}.{table}"
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "dialect": self.dialect,
            "schemas": list(self.schemas),
            "tables": list(self.tables),
            "references": dict(self.references),
            "skipped": [
                {"table": s.table, "reason": s.reason, "detail": s.detail} for s in self.skipped
            ],
            "partitions": {
                parent: [{"table": p.table, "parent": p.parent, "bound": p.bound} for p in parts]
                for parent, parts in self.partitions.items()
            },
            "partition_keys": dict(self.partition_keys),
            "not_reflected": list(self.not_reflected),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Relation:
    schema: str
    name: str
    kind: str
    """``table``, ``partitioned``, ``view``, ``materialized view`` or ``foreign``."""
    parent: tuple[str, str] | None = None
    """(schema, name) of the table a partition is attached to."""
    bound: str | None = None
    partition_key: str | None = None
    extension: str | None = None


_PG_RELATIONS = """
SELECT n.nspname, c.relname, c.relkind, c.relispartition,
       pn.nspname, pc.relname,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
           AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' LIMIT 1)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY(:schemas)
ORDER BY n.nspname, c.relname
"""

_PG_SCHEMAS = """
SELECT nspname FROM pg_namespace
WHERE nspname NOT IN ('pg_catalog', 'information_schema')
  AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'
ORDER BY nspname
"""

_PG_KINDS = {
    "r": "table",
    "p": "partitioned",
    "v": "view",
    "m": "materialized view",
    "f": "foreign",
}

# What SQLAlchemy's reflection does not carry, read from the catalog for the report.
_PG_NOT_REFLECTED = """
SELECT n.nspname, c.relname, 'exclusion constraint ' || quote_ident(con.conname) || ' '
       || pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype = 'x' AND n.nspname = ANY(:schemas)
UNION ALL
SELECT n.nspname, c.relname, 'trigger ' || quote_ident(t.tgname)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY(:schemas)
UNION ALL
SELECT n.nspname, c.relname, 'row level security'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relrowsecurity AND n.nspname = ANY(:schemas)
ORDER BY 1, 2, 3
"""


def reflect_database(
    bind: sa.Engine | sa.Connection,
    schemas: Sequence[str] | None = None,
    exclude: Iterable[str] = (),
    *,
    include_framework: bool = False,
) -> tuple[sa.MetaData, ReflectReport]:
    """Reflect the tables worth seeding from a live database.

    ``schemas`` limits the search to these schemas (real names; the default schema may be
    among them); None searches every application schema (PostgreSQL) or the connection's
    own (other databases). ``exclude`` names tables to leave out, each as ``table`` (in any
    searched schema) or ``schema.table``. ``include_framework`` keeps the tables of
    migration frameworks (:data:`FRAMEWORK_TABLES`), skipped by default.

    Returns the ``MetaData`` (the selection plus the tables it points at, see
    :attr:`ReflectReport.references`) and a :class:`ReflectReport`. Raises
    :class:`ConfigError` for a schema that does not exist or an ``exclude`` that names no
    table (both naming the closest names), and :class:`TableVanishedError` when a table is
    dropped while it is read. Reads only; writes nothing.
    """
    if isinstance(bind, sa.Engine):
        with bind.connect() as conn:
            return _reflect(conn, schemas, tuple(exclude), include_framework)
    if isinstance(bind, sa.Connection):
        return _reflect(bind, schemas, tuple(exclude), include_framework)
    raise ConfigError(
        f"reflect_database() needs a SQLAlchemy Engine or Connection, got {type(bind).__name__}"
    )


@dataclass
class _Selection:
    """Relations sorted into what is seeded and what is skipped, with partitions found."""

    skipped: list[Skipped] = field(default_factory=list)
    selected: dict[str | None, list[str]] = field(default_factory=dict)
    partitions: dict[str, list[Partition]] = field(default_factory=dict)
    partition_keys: dict[str, str] = field(default_factory=dict)


def _searched_schemas(
    conn: sa.Connection, insp: Any, schemas: Sequence[str] | None, default: str | None
) -> list[Any]:
    dialect = conn.dialect.name
    available = _schema_names(conn, insp, dialect)
    searched: list[Any]
    if schemas is None:
        if dialect == "postgresql":
            searched = [s for s in available if not is_system_schema(s, dialect)]
        else:
            searched = [default] if default else [None]
    else:
        searched = _check_schemas(list(dict.fromkeys(schemas)), available, default, dialect)
    # The default schema first: its tables are the likeliest targets of foreign keys.
    searched.sort(key=lambda s: (s != default, s or ""))
    return searched


def _select(
    relations: Sequence[Any],
    excluded: Any,
    include_framework: bool,
    default: str | None,
    engine_name: Callable[[str | None, str], str],
) -> _Selection:
    out = _Selection()
    by_key = {(r.schema, r.name): r for r in relations}
    for rel in relations:
        full = engine_name(rel.schema, rel.name)
        if rel.kind in ("view", "materialized view", "foreign"):
            out.skipped.append(Skipped(full, rel.kind))
            continue
        if rel.extension:
            out.skipped.append(Skipped(full, "extension", rel.extension))
            continue
        if rel.parent is not None:
            root = rel.parent
            while by_key.get(root) is not None and by_key[root].parent is not None:
                root = by_key[root].parent
            root_name = engine_name(*root)
            parent_name = engine_name(*rel.parent)
            out.skipped.append(Skipped(full, "partition", parent_name))
            out.partitions.setdefault(root_name, []).append(
                Partition(full, parent_name, root_name, rel.bound or "")
            )
            continue
        framework = framework_of(rel.name)
        if framework and not include_framework:
            out.skipped.append(Skipped(full, "framework", framework))
            continue
        if (rel.schema, rel.name) in excluded:
            out.skipped.append(Skipped(full, "excluded"))
            continue
        if rel.partition_key:
            out.partition_keys[full] = rel.partition_key
        out.selected.setdefault(None if rel.schema == default else rel.schema, []).append(rel.name)
    return out


def _reflect_selected(
    conn: sa.Connection, selected: Mapping[str | None, list[str]], default: str | None
) -> tuple[sa.MetaData, list[str]]:
    """Reflect the selected tables; returns the metadata and the types it did not know."""
    metadata = sa.MetaData()
    unrecognised: list[str] = []
    with _search_path(conn, default), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", sa.exc.SAWarning)
        for schema in sorted(selected, key=lambda s: (s is not None, s or "")):
            try:
                metadata.reflect(
                    conn, schema=schema, only=selected[schema], views=False, resolve_fks=True
                )
            except (sa.exc.NoSuchTableError, sa.exc.InvalidRequestError) as exc:
                raise TableVanishedError(
                    f"a table of schema {schema or default!r} was dropped or renamed while "
                    f"the schema was read ({_first_line(exc)}); nothing was written. "
                    "Run the command again."
                ) from exc
    for w in caught:
        if issubclass(w.category, sa.exc.SAWarning):
            unrecognised.append(str(w.message))
        else:  # pragma: no cover - not ours to swallow
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return metadata, unrecognised


def _references(
    metadata: sa.MetaData,
    chosen: set[str],
    skipped: Sequence[Skipped],
    searched: Sequence[Any],
    default: str | None,
) -> dict[str, str]:
    """Tables reflected only because seeded tables point at them, with the reason."""
    reasons = {s.table: s.reason for s in skipped}
    references: dict[str, str] = {}
    for full, table in metadata.tables.items():
        if full in chosen:
            continue
        real_schema = table.schema or default
        if full in reasons:
            why = reasons[full]
        elif real_schema not in searched:
            why = f"schema {real_schema} is not searched"
        else:  # pragma: no cover - every reflected table was selected or skipped
            why = "not selected"
        references[full] = why
    return references


def _reflect(
    conn: sa.Connection,
    schemas: Sequence[str] | None,
    exclude: tuple[str, ...],
    include_framework: bool,
) -> tuple[sa.MetaData, ReflectReport]:
    began = time.perf_counter()
    dialect = conn.dialect.name
    insp = sa.inspect(conn)
    default = insp.default_schema_name
    searched = _searched_schemas(conn, insp, schemas, default)
    relations = _relations(conn, insp, dialect, searched)

    def engine_name(schema: str | None, name: str) -> str:
        return name if schema is None or schema == default else f"{schema}.{name}"

    excluded = _match_excludes(exclude, relations, engine_name)
    sel = _select(relations, excluded, include_framework, default, engine_name)
    metadata, unrecognised = _reflect_selected(conn, sel.selected, default)
    selection = [
        engine_name(schema, name) for schema, names in sel.selected.items() for name in names
    ]
    chosen = set(selection)
    references = _references(metadata, chosen, sel.skipped, searched, default)
    order = [t for t in metadata.tables if t in chosen]
    not_reflected = _not_reflected(conn, dialect, metadata, searched, engine_name, chosen)
    not_reflected.extend(_short_warning(m) for m in unrecognised)
    report = ReflectReport(
        dialect=dialect,
        default_schema=default,
        schemas=tuple(s for s in searched if s is not None),
        tables=tuple(order),
        references=references,
        skipped=tuple(sel.skipped),
        partitions={k: tuple(v) for k, v in sorted(sel.partitions.items())},
        partition_keys=sel.partition_keys,
        not_reflected=tuple(dict.fromkeys(not_reflected)),
        seconds=time.perf_counter() - began,
    )
    return metadata, report


@contextmanager
def _search_path(conn: sa.Connection, default: str | None) -> Iterator[None]:
    """Narrow PostgreSQL's search_path to the default schema while reflecting.

    PostgreSQL prints a foreign key's target without its schema when that schema is on
    the search_path, and SQLAlchemy then names the target as if it were in the default
    schema. With only the default schema on the path, every other target is qualified,
    so each table is reflected once, under one name.
    """
    if conn.dialect.name != "postgresql":
        yield
        return
    old = conn.execute(sa.text("SELECT current_setting('search_path')")).scalar_one()
    conn.execute(
        sa.text("SELECT set_config('search_path', coalesce(quote_ident(:s), ''), false)"),
        {"s": default},
    )
    try:
        yield
    finally:
        try:
            conn.execute(sa.text("SELECT set_config('search_path', :p, false)"), {"p": old})
        except sa.exc.DBAPIError:  # pragma: no cover - an aborted transaction undoes it
            pass


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _short_warning(message: str) -> str:
    return message.split("\n")[0].rstrip(".")


def _schema_names(conn: sa.Connection, insp: sa.Inspector, dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [row[0] for row in conn.execute(sa.text(_PG_SCHEMAS))]
    return [s for s in insp.get_schema_names() if not is_system_schema(s, dialect)]


def _check_schemas(
    wanted: list[str], available: list[str], default: str | None, dialect: str
) -> list[str]:
    out: list[str] = []
    for name in wanted:
        if is_system_schema(name, dialect):
            raise ConfigError(
                f"--schema {name!r} is a system schema; its tables are the database's own, "
                f"not seeded. Schemas here: {', '.join(available) or 'none'}"
            )
        if name in available:
            out.append(name)
            continue
        folded = [s for s in available if s.lower() == name.lower()]
        if len(folded) == 1:
            out.append(folded[0])
            continue
        close = difflib.get_close_matches(name, available, n=3, cutoff=0.5)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ConfigError(
            f"schema {name!r} does not exist in this database.{hint} "
            f"Its schemas: {', '.join(available) or 'none'}"
        )
    return out


def _relations(
    conn: sa.Connection, insp: sa.Inspector, dialect: str, schemas: list[str]
) -> list[_Relation]:
    if dialect == "postgresql":
        rows = conn.execute(sa.text(_PG_RELATIONS), {"schemas": list(schemas)}).all()
        out = []
        for schema, name, kind, is_part, pschema, pname, bound, key, ext in rows:
            out.append(
                _Relation(
                    schema=schema,
                    name=name,
                    kind=_PG_KINDS[kind],
                    parent=(pschema, pname) if is_part and pname else None,
                    bound=bound,
                    partition_key=key,
                    extension=ext,
                )
            )
        return out
    found: list[_Relation] = []
    for schema in schemas:
        arg = None if schema == insp.default_schema_name else schema
        for name in insp.get_table_names(arg):
            found.append(_Relation(schema, name, "table"))
        for name in insp.get_view_names(arg):
            found.append(_Relation(schema, name, "view"))
    found.sort(key=lambda r: (r.schema or "", r.name))
    return found


def _match_excludes(
    names: tuple[str, ...],
    relations: list[_Relation],
    engine_name: Any,
) -> set[tuple[str, str]]:
    """(schema, name) of every relation named by ``names``; a name matching nothing is
    refused with the closest names."""
    out: set[tuple[str, str]] = set()
    spellings: dict[str, set[tuple[str, str]]] = {}
    for rel in relations:
        key = (rel.schema, rel.name)
        for spelled in {rel.name, f"{rel.schema}.{rel.name}", engine_name(rel.schema, rel.name)}:
            spellings.setdefault(spelled, set()).add(key)
    folded: dict[str, set[tuple[str, str]]] = {}
    for spelled, keys in spellings.items():
        folded.setdefault(spelled.lower(), set()).update(keys)
    for name in names:
        hit = spellings.get(name) or folded.get(name.lower())
        if hit:
            out.update(hit)
            continue
        known = sorted({engine_name(r.schema, r.name) for r in relations})
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        if not close:
            close = difflib.get_close_matches(name, sorted(spellings), n=3, cutoff=0.6)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        listed = ", ".join(known[:40]) + (", ..." if len(known) > 40 else "")
        raise ConfigError(
            f"--exclude {name!r} names no table in the searched schemas.{hint} "
            f"Tables: {listed or 'none'}"
        )
    return out


def _not_reflected(
    conn: sa.Connection,
    dialect: str,
    metadata: sa.MetaData,
    schemas: list[str],
    engine_name: Any,
    chosen: set[str],
) -> list[str]:
    notes: list[str] = []
    if dialect == "postgresql":
        rows = conn.execute(sa.text(_PG_NOT_REFLECTED), {"schemas": list(schemas)}).all()
        for schema, name, what in rows:
            full = engine_name(schema, name)
            if full in chosen:
                notes.append(f"{full}: {what}")
    for full, table in metadata.tables.items():
        if full not in chosen:
            continue
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if not index.unique:
                continue
            where = (
                index.dialect_options["postgresql"].get("where")
                if dialect == "postgresql"
                else None
            )
            if where is not None:
                notes.append(
                    f"{full}: partial unique index {index.name} (WHERE {where}) is treated as "
                    "unique over all rows"
                )
            elif len(index.expressions) != len(index.columns):
                notes.append(f"{full}: unique index {index.name} over an expression is not tracked")
    return notes
