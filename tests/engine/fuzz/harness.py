"""Run one random schema through ``pytest_dbseed.seed`` and say what happened.

:func:`run_example` builds the schema in a transaction on a real PostgreSQL, seeds it,
checks the result, rolls everything back and does it again with the same seed, then
classifies the outcome:

``ok``
    exact counts, every row accepted by PostgreSQL (which holds every value to its declared
    length, precision, enum labels, NOT NULL and CHECKs), partitioned rows spread over the
    partitions, and the same values in every column both times.
``refused``
    a ``DbseedError`` before anything was written, whose message names a table, column or
    constraint and says "seed" and "Fix", for a request the schema plausibly cannot meet.
``refused_opaque``
    the database rejected a CHECK outside the forms the README promises (it has the last
    word on those), with a message naming it.
``wrong_refusal``
    a refusal although the schema clearly has room for the request.
``bad_message``
    a refusal whose message does not name what is wrong, the seed or the fix.
``db_rejected``
    the engine wrote rows PostgreSQL rejected (a ``ConstraintViolation``) for constraints it
    promises to satisfy.
``raw_error``
    any exception that is not a ``DbseedError``.
``hang``
    the seed ran longer than the timeout.
``wrong_data``
    the seed succeeded but the counts, partitions or determinism are wrong, or a refusal
    left rows behind.
``setup_error``
    the schema itself could not be created (a bug of the strategies, not of the engine).
"""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

import pytest_dbseed
from pytest_dbseed.errors import ConstraintViolation, DbseedError, SchemaError
from tests.engine.fuzz.spec import (
    CheckSpec,
    ColumnSpec,
    SchemaSpec,
    TableSpec,
    build_metadata,
    existing_rows_sql,
    partition_ddl,
    partition_names,
    quote,
)

__all__ = [
    "Outcome",
    "FAILURES",
    "run_example",
    "prepare_database",
    "signature",
    "seed_call",
    "clearly_feasible",
]

FAILURES = {"wrong_refusal", "bad_message", "db_rejected", "raw_error", "hang", "wrong_data"}
"""Outcome kinds that break the engine's promise."""


@dataclass
class Outcome:
    kind: str
    detail: str = ""
    error: str = ""
    """Exception type, for signatures."""
    trace: str = ""
    hashes: dict[tuple[str, str], str] = field(default_factory=dict)
    """(table, "") and (table, column) -> hash of the rows or values, for outcomes ``ok``."""

    @property
    def failed(self) -> bool:
        return self.kind in FAILURES

    names: list[str] = field(default_factory=list)
    """Identifiers of the schema, left out of the signature."""

    @property
    def signature(self) -> str:
        return signature(self.kind, self.error, self.detail, self.names)


def signature(kind: str, error: str, detail: str, names: list[str] | None = None) -> str:
    """The failure's class: kind, exception type and the message without names or numbers."""
    text = detail.splitlines()[0] if detail else ""
    if " @ " in text:  # what follows names tables and columns
        text = text[: text.index(" @ ")]
    for cut in ("Failing row contains", "Partition key of the failing row", "Key ("):
        if cut in text:
            text = text[: text.index(cut)] + "…"
    for name in sorted(names or [], key=len, reverse=True):
        if len(name) >= 8 or not re.fullmatch(r"[a-z0-9_]+", name):
            text = text.replace(name, "<name>")
    text = re.sub(r"'(?:[^']|'')*'", "'…'", text)
    text = re.sub(r'"(?:[^"]|"")*"', '"…"', text)
    text = re.sub(r"[^\s(),;:']+\.[^\s(),;:']+", "<t>", text)
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "⟨⟩", text)
    text = re.sub(r"\d+", "N", text)
    return f"{kind}: {error}: {text[:150]}"


def prepare_database(engine: sa.Engine) -> set[str]:
    """Create the extensions the strategies may use; return the ones available."""
    available: set[str] = set()
    for ext in ("citext", "hstore", "ltree", "btree_gist"):
        try:
            with engine.begin() as c:
                c.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {ext}"))
            available.add(ext)
        except sa.exc.DBAPIError:
            pass
    return available


def seed_call(spec: SchemaSpec) -> str:
    """The seed call of an example, as Python an engineer can paste."""
    counts = ", ".join(f"{t!r}: {n}" for t, n in spec.counts.items())
    return (
        f"pytest_dbseed.seed(conn, metadata, counts={{{counts}}}, default={spec.default}, "
        f"seed={spec.seed})  # tables named by Table object; "
        f"{'reflected' if spec.reflect else 'declared'} models"
    )


def _driver_execute(conn: sa.Connection, sql: str) -> None:
    """Run SQL on the driver's cursor, so that ``%`` in identifiers is never a placeholder."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _build(conn: sa.Connection, spec: SchemaSpec) -> tuple[sa.MetaData, dict[str, sa.Table]]:
    for ext in spec.extensions:
        _driver_execute(conn, f"CREATE EXTENSION IF NOT EXISTS {ext}")
    _driver_execute(conn, f"CREATE SCHEMA {quote(spec.schema)}")
    md, tables = build_metadata(spec)
    md.create_all(conn)
    for sql in partition_ddl(spec) + existing_rows_sql(spec):
        _driver_execute(conn, sql)
    if spec.reflect:
        md = sa.MetaData(schema=spec.schema)
        md.reflect(conn, schema=spec.schema)
        tables = {name: md.tables[f"{spec.schema}.{name}"] for name in tables}
    return md, tables


def _table_sql(spec: SchemaSpec, name: str) -> str:
    return f"{quote(spec.schema)}.{quote(name)}"


def _physical_counts(conn: sa.Connection, spec: SchemaSpec) -> dict[str, int]:
    out = {}
    for t in spec.tables:
        out[t.name] = int(
            conn.exec_driver_sql(
                f"SELECT count(*) FROM {_table_sql(spec, t.name)}".replace("%", "%%")
            ).scalar_one()
        )
    return out


def _hashes(conn: sa.Connection, spec: SchemaSpec) -> dict[tuple[str, str], str]:
    """A hash of every table's rows and of each of its columns' values."""
    out = {}
    for t in spec.tables:
        parts = ["md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), ''))"]
        for c in t.columns:
            q = "x." + quote(c.name)
            parts.append(f"md5(coalesce(string_agg({q}::text, E'\\n' ORDER BY {q}::text), ''))")
        sql = f"SELECT {', '.join(parts)} FROM {_table_sql(spec, t.name)} x"
        row = conn.exec_driver_sql(sql.replace("%", "%%")).one()
        out[(t.name, "")] = str(row[0])
        for c, h in zip(t.columns, row[1:]):
            out[(t.name, c.name)] = str(h)
    return out


def clearly_feasible(spec: SchemaSpec) -> bool:
    """Whether the request obviously fits the schema, so that a refusal is wrong.

    A heuristic on what the strategies know they built: small domains (booleans, enums,
    IN lists, narrow numerics) in unique sets, fixed parent counts, CHECKs that are
    restrictive or not understood.
    """
    counts = {t.name: spec.counts.get(t.name, spec.default) for t in spec.tables}
    # a parent may be raised to the count of its largest child
    most = max(counts.values(), default=0)
    for t in spec.tables:
        if any(ch.restrictive or not ch.understood for ch in t.checks):
            return False
        if _null_facts(t)[0] or _strict_self_order(t) or _checks_on_both_ends(spec, t):
            return False
        if _disjoint_self_reference(t) or _beyond_precision(t):
            return False
        if _self_reference_below_a_capped_column(t) or _below_rows_already_there(spec, t):
            return False
        need = counts[t.name] if t.name in spec.counts else max(counts[t.name], most)
        if need == 0:
            continue
        if t.partition is not None and not t.partition.bounds and not t.partition.default:
            return False  # a partitioned table without partitions holds no rows
        fk_parent = {c: f.ref_table for f in t.foreign_keys for c in f.columns}
        # a key column holds its parent's values: a small domain there bounds it here
        fk_domain = {
            c: spec.table(f.ref_table).column(r).domain
            for f in t.foreign_keys
            for c, r in zip(f.columns, f.ref_columns)
        }
        for f in t.foreign_keys:
            if all(not t.column(c).nullable for c in f.columns):
                if spec.counts.get(f.ref_table) == 0 and spec.table(f.ref_table).existing == 0:
                    return False
                if _null_facts(spec.table(f.ref_table))[1] & set(f.ref_columns):
                    return False  # no parent row has a key to point at
        sets = [list(u) for u in t.uniques]
        sets += [[c.name] for c in t.columns if c.unique]
        sets += [ix.columns for ix in t.indexes if ix.unique]
        sets.append([c.name for c in t.columns if c.primary_key])
        for members in sets:
            if _nulls_past_values(spec, t, members):
                continue
            capacity = 1
            for m in members:
                col = t.column(m)
                if m in fk_parent and fk_parent[m] in spec.counts and fk_parent[m] != t.name:
                    size = spec.counts[fk_parent[m]] + spec.table(fk_parent[m]).existing
                else:
                    size = _domain(t, col)
                if fk_domain.get(m) is not None:
                    size = min(size, fk_domain[m] or 1)
                capacity *= max(size, 1)
            if capacity < 2 * (need + t.existing) + 2:
                return False
    return True


_NAME = r'"((?:[^"]|"")*)"'
_NULL_TEST = rf"{_NAME} IS (NOT )?NULL"


def _null_branches(sql: str) -> list[tuple[set[str], set[str]]] | None:
    """A CHECK of the strategies' NULL forms as its ways of passing: (NULL columns, non-NULL
    columns) per branch; None for any other CHECK."""
    pair = re.fullmatch(
        rf"(num_nonnulls\({_NAME}, {_NAME}\) = 1|num_nulls\({_NAME}, {_NAME}\) <= 1)", sql
    )
    if pair:
        names = [n.replace('""', '"') for n in pair.groups()[1:] if n is not None]
        a, b = names
        either: list[tuple[set[str], set[str]]] = [({a}, {b}), ({b}, {a})]
        return either if sql.startswith("num_nonnulls") else [(set(), {a, b}), *either]
    rest = re.sub(_NULL_TEST, "", sql)
    if re.sub(r"\bAND\b|\bOR\b|[() ]", "", rest):
        return None
    out = []
    for branch in sql.split(" OR "):
        tests = [(n.replace('""', '"'), bool(neg)) for n, neg in re.findall(_NULL_TEST, branch)]
        nulls = {n for n, neg in tests if not neg}
        present = {n for n, neg in tests if neg}
        if not nulls & present:
            out.append((nulls, present))
    return out


def _checks_on_both_ends(spec: SchemaSpec, t: TableSpec) -> bool:
    """A NOT NULL foreign key column a CHECK bounds, into a column its parent's CHECKs bound
    too: whether any value passes both is the engine's to judge (``fk < 0`` into ``id >
    13`` cannot)."""
    for f in t.foreign_keys:
        if f.ref_table == t.name or any(t.column(c).nullable for c in f.columns):
            continue
        parent = spec.table(f.ref_table)
        for c, r in zip(f.columns, f.ref_columns):
            if any(quote(c) in ch.sql for ch in t.checks) and any(
                quote(r) in ch.sql for ch in parent.checks
            ):
                return True
    return False


def _disjoint_self_reference(t: TableSpec) -> bool:
    """A NOT NULL self-reference whose CHECKs keep it out of every key a row may hold
    (``parent_id < 0`` beside ``id > 9``): no row has a key to point at, however many."""
    for f in t.foreign_keys:
        if f.ref_table != t.name or len(f.columns) != 1 or t.column(f.columns[0]).nullable:
            continue
        fk, key = t.column(f.columns[0]), t.column(f.ref_columns[0])
        if fk.type not in _INTEGERS or key.type not in _INTEGERS:
            continue
        (lo_a, hi_a, in_a), (lo_b, hi_b, in_b) = _int_range(t, fk), _int_range(t, key)
        lo, hi = max(lo_a, lo_b), min(hi_a, hi_b)
        listed = in_a if in_b is None else in_b if in_a is None else in_a & in_b
        if lo > hi or (listed is not None and not any(lo <= v <= hi for v in listed)):
            return True
    return False


def _beyond_precision(t: TableSpec) -> bool:
    """A ``NUMERIC(p)`` / ``NUMERIC(p, 0)`` column whose CHECKs allow no value of ``p``
    digits (``NUMERIC(1, 0)`` with ``c > 9``): a contradiction the engine refuses, as it
    does for every column type, though NULL would pass in a nullable column."""
    for col in t.columns:
        if col.type != "numeric" or not col.args or any(col.args[1:2]):
            continue
        top = 10 ** int(col.args[0]) - 1
        lo, hi, listed = _int_range(t, col)
        lo, hi = max(lo, -top), min(hi, top)
        if lo > hi or (listed is not None and not any(lo <= v <= hi for v in listed)):
            return True
    return False


def _self_reference_below_a_capped_column(t: TableSpec) -> bool:
    """A NOT NULL self-reference with a floor (``code_ref > 24``) into a column a CHECK keeps
    below another one that has a ceiling (``alt_code <= id``, ``id <= 20``): whether the
    rows fit between them is the engine's to judge."""
    for f in t.foreign_keys:
        if f.ref_table != t.name or len(f.columns) != 1 or t.column(f.columns[0]).nullable:
            continue
        if _int_range(t, t.column(f.columns[0]))[0] == -_UNBOUNDED:
            continue
        key = re.escape(quote(f.ref_columns[0]))
        for ch in t.checks:
            m = re.fullmatch(rf"\(?(?:{key} <=? {_NAME}|{_NAME} >=? {key})\)?", ch.sql.strip())
            other = next((g for g in m.groups() if g is not None), None) if m else None
            name = None if other is None else other.replace('""', '"')
            if name is not None and any(c.name == name for c in t.columns):
                if _int_range(t, t.column(name))[1] != _UNBOUNDED:
                    return True
    return False


def _below_rows_already_there(spec: SchemaSpec, t: TableSpec) -> bool:
    """A NOT NULL key a CHECK keeps at or below the keys of the parent's rows already there
    (``p_id IN (4, 5, 6)`` into keys 5, 18, 40): new parents are numbered after those rows,
    and a seed that does not append points only at new ones."""
    for f in t.foreign_keys:
        if len(f.columns) != 1 or t.column(f.columns[0]).nullable or f.ref_table == t.name:
            continue
        parent = spec.table(f.ref_table)
        if not parent.existing:
            continue
        top = max(parent.existing_keys or [parent.existing])
        _lo, hi, listed = _int_range(t, t.column(f.columns[0]))
        if min(hi, max(listed) if listed else hi) <= top:
            return True
    return False


_INTEGERS = {"integer", "smallint", "bigint"}
_UNBOUNDED = 2**63


def _int_range(t: TableSpec, col: ColumnSpec) -> tuple[int, int, set[int] | None]:
    """(lowest, highest, the listed values or None) the strategies' simple CHECKs on one
    integer column allow (``c > 9``, ``c BETWEEN 2 AND 5``, ``c IN (0, 3)``, ``NOT (c < 4)``,
    ``(c >= 2 AND c <= 9)``); other CHECKs are left out (they only narrow)."""
    q = re.escape(quote(col.name))
    lo, hi, listed = -_UNBOUNDED, _UNBOUNDED, None
    sqls = [ch.sql.strip() for ch in t.checks] + ([col.check] if col.check else [])
    for sql in sqls:
        if m := re.fullmatch(rf"{q} (<=|>=|<|>) (-?\d+)", sql):
            op, k = m.group(1), int(m.group(2))
            if op.startswith(">"):
                lo = max(lo, k + (op == ">"))
            else:
                hi = min(hi, k - (op == "<"))
        elif m := re.fullmatch(rf"NOT \({q} < (-?\d+)\)", sql):
            lo = max(lo, int(m.group(1)))
        elif m := re.fullmatch(
            rf"{q} BETWEEN (-?\d+) AND (-?\d+)|\({q} >= (-?\d+) AND {q} <= (-?\d+)\)", sql
        ):
            a, b = (int(g) for g in m.groups() if g is not None)
            lo, hi = max(lo, a), min(hi, b)
        elif m := re.fullmatch(rf"{q} IN \(([-\d, ]+)\)", sql):
            values = {int(v) for v in m.group(1).split(",")}
            listed = values if listed is None else listed & values
    return lo, hi, listed


def _pinned_partition_key(t: TableSpec) -> bool:
    """An integer partition key a CHECK pins to one value (``id >= 9 AND id <= 9``): every
    row lands in the one partition that value names."""
    if t.partition is None:
        return False
    col = next((c for c in t.columns if c.name == t.partition.column), None)
    if col is None or col.type not in ("integer", "bigint", "smallint"):
        return False
    lo, hi, listed = _int_range(t, col)
    return lo == hi or (listed is not None and len({v for v in listed if lo <= v <= hi}) <= 1)


def _strict_self_order(t: TableSpec) -> bool:
    """A NOT NULL self-reference a CHECK orders strictly against the key it points at
    (``parent_key > key``): the row with the largest (smallest) key has nothing to point at."""
    for f in t.foreign_keys:
        if f.ref_table != t.name or len(f.columns) != 1 or not _always_set(t, f.columns[0]):
            continue
        fk, key = (re.escape(quote(n)) for n in (f.columns[0], f.ref_columns[0]))
        pattern = rf"\(?({fk} [<>] {key}|{key} [<>] {fk})\)?"
        if any(re.fullmatch(pattern, ch.sql.strip()) for ch in t.checks):
            return True
    return False


def _always_set(t: TableSpec, name: str) -> bool:
    """Whether every row sets ``name``: NOT NULL, or a CHECK ``"name" IS NOT NULL``."""
    if not t.column(name).nullable:
        return True
    return any(ch.sql.strip() == f"{quote(name)} IS NOT NULL" for ch in t.checks)


def _null_facts(t: TableSpec) -> tuple[bool, set[str]]:
    """What the NULL CHECKs of ``t`` leave together, propagated from its NOT NULL columns:
    whether no row can pass them all (every branch of one needs a column NULL that must be
    set, or set that must be NULL: a refusal may well be right), and the columns they keep
    NULL in every row (``num_nonnulls(id, code) = 1`` with ``id`` NOT NULL)."""
    kept = {c.name for c in t.columns if not c.nullable or c.primary_key}
    # A unique index over coalesce(col, ''): NULL is a value there, held by one row only.
    kept |= {ix.columns[0] for ix in t.indexes if ix.unique and ix.expression == "coalesce"}
    always: set[str] = set()
    found = [b for ch in t.checks if (b := _null_branches(ch.sql)) is not None]
    for _ in range(len(found) + 1):
        before = (len(kept), len(always))
        for branches in found:
            open_ = [(n, p) for n, p in branches if not n & kept and not p & always]
            if not open_:
                return True, always
            always |= set.intersection(*(n for n, _ in open_))
            kept |= set.intersection(*(p for _, p in open_))
        if kept & always:
            return True, always
        if (len(kept), len(always)) == before:
            break
    return False, always


def _nulls_past_values(spec: SchemaSpec, t: TableSpec, members: list[str]) -> bool:
    """A unique key of one nullable column, in a table without rows, that no foreign key
    fills or points at and no CHECK ties to another column nor keeps set, and no unique
    index holds under ``coalesce``: rows past its values hold NULL, which never collides."""
    if len(members) != 1 or t.existing:
        return False
    col = t.column(members[0])
    if not col.nullable or col.primary_key or any(col.name in f.columns for f in t.foreign_keys):
        return False
    for other in spec.tables:
        if any(f.ref_table == t.name and col.name in f.ref_columns for f in other.foreign_keys):
            return False
    for ix in t.indexes:
        if col.name in ix.columns and ix.expression == "coalesce":
            return False
    for ch in [*t.checks, *([CheckSpec("", col.check)] if col.check else [])]:
        named = set(re.findall(_NAME, ch.sql))
        if quote(col.name)[1:-1] in named and (len(named) > 1 or "NOT NULL" in ch.sql):
            return False
    return True


def _domain(t: TableSpec, col: ColumnSpec) -> int:
    """How many values ``col`` may take: what the strategy recorded, narrowed by a range
    CHECK on a NUMERIC with a fractional scale (``payload NUMERIC(4, 1)`` between 7 and 15
    holds 81 values) and by list partitions without a DEFAULT one (the values they list),
    which the strategy does not count."""
    size = col.domain if col.domain is not None else 10**9
    part = t.partition
    if part is not None and part.kind == "list" and part.column == col.name and not part.default:
        size = min(size, len({v for values in part.bounds for v in values}))  # pinned to them
    if part is not None and part.kind == "range" and part.column == col.name and not part.default:
        spans = [b for b in part.bounds if all(isinstance(v, int) for v in b)]
        if len(spans) == len(part.bounds):  # integer ranges (MINVALUE/MAXVALUE: unbounded)
            size = min(size, sum(max(hi - lo, 0) for lo, hi in spans))
    if col.type in _INTEGERS:
        lo, hi, listed = _int_range(t, col)
        if listed is not None:
            size = min(size, len([v for v in listed if lo <= v <= hi]))
        elif lo != -_UNBOUNDED and hi != _UNBOUNDED:
            size = min(size, max(hi - lo + 1, 0))
    if col.type != "numeric" or len(col.args) < 2 or not col.args[1]:
        return size
    q = re.escape('"' + col.name.replace('"', '""') + '"')
    for ch in t.checks:
        found = re.fullmatch(rf"{q} BETWEEN (\d+) AND (\d+)", ch.sql) or re.fullmatch(
            rf"\({q} >= (\d+) AND {q} <= (\d+)\)", ch.sql
        )
        if found:
            lo, hi = int(found.group(1)), int(found.group(2))
            size = min(size, max(hi - lo, 0) * 10 ** int(col.args[1]) + 1)
    return size


def check_form(sql: str) -> str:
    """A CHECK's SQL without its column names and constants: its form."""
    sql = re.sub(r'"(?:[^"]|"")*"', "c", sql)
    sql = re.sub(r"'[^']*'", "'s'", sql)
    return re.sub(r"\d+", "N", sql)


def _violated_check(message: str, spec: SchemaSpec) -> CheckSpec | None:
    # PostgreSQL quotes the name without doubling a quote inside it (ck_0_quo"te): look
    # for each CHECK's own name (the longest that fits) rather than parse it out.
    found = [
        (t.name in message, len(ch.name), ch)
        for t in spec.tables
        for ch in t.checks
        if f'violates check constraint "{ch.name}"' in message
    ]
    return max(found, key=lambda f: f[:2])[2] if found else None


def _names_something(message: str, spec: SchemaSpec) -> bool:
    return any(n and n in message for n in spec.names()) or spec.schema in message


def _run_with_timeout(fn: Callable[[], Any], timeout: float, on_timeout: Callable[[], None]) -> Any:
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        on_timeout()
        thread.join(5)
        raise TimeoutError(f"seed() ran longer than {timeout:.0f}s")
    if "error" in box:
        raise box["error"]
    return box.get("result")


def _once(engine: sa.Engine, spec: SchemaSpec, timeout: float) -> Outcome:
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            try:
                md, tables = _build(conn, spec)
            except Exception as exc:  # noqa: BLE001 - a strategy bug, reported as such
                return Outcome(
                    "setup_error",
                    str(exc).splitlines()[0],
                    type(exc).__name__,
                    traceback.format_exc(),
                )
            before = _physical_counts(conn, spec)
            counts = {tables[name]: n for name, n in spec.counts.items()}
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()

            def cancel() -> None:
                with engine.connect() as other:
                    other.exec_driver_sql(f"SELECT pg_cancel_backend({int(pid)})")

            try:
                report = _run_with_timeout(
                    lambda: pytest_dbseed.seed(
                        conn, md, counts=counts, default=spec.default, seed=spec.seed
                    ),
                    timeout,
                    cancel,
                )
            except TimeoutError as exc:
                return Outcome("hang", str(exc), "TimeoutError")
            except DbseedError as exc:
                return _refusal(conn, spec, before, exc)
            except Exception as exc:  # noqa: BLE001 - classified
                return Outcome(
                    "raw_error",
                    str(exc).splitlines()[0] if str(exc) else "",
                    type(exc).__name__,
                    traceback.format_exc(),
                )
            return _verify(conn, spec, tables, before, report)
        finally:
            trans.rollback()


def _refusal(
    conn: sa.Connection, spec: SchemaSpec, before: dict[str, int], exc: DbseedError
) -> Outcome:
    message = str(exc)
    name = type(exc).__name__
    trace = traceback.format_exc()
    try:
        after = _physical_counts(conn, spec)
    except sa.exc.DBAPIError as err:
        return Outcome("wrong_data", f"transaction unusable after the refusal: {err}", name, trace)
    if after != before:
        return Outcome(
            "wrong_data", f"a refusal left rows behind: {before} -> {after}; {message}", name, trace
        )
    if not ("seed" in message and "Fix" in message and _names_something(message, spec)):
        return Outcome("bad_message", message, name, trace)
    if isinstance(exc, ConstraintViolation):
        violated = _violated_check(message, spec)
        if violated is not None and (not violated.understood or violated.restrictive):
            return Outcome("refused_opaque", message, name, trace)
        if violated is not None:
            name += f"[CHECK {check_form(violated.sql)}]"
        return Outcome("db_rejected", message, name, trace)
    # The schema was created from these very models a moment ago: it cannot mismatch. A
    # negative capacity, or a refusal of 0 rows, is wrong whatever the schema.
    nonsense = re.search(r"only -\d+ distinct", message) or " and 0 rows were asked" in message
    if isinstance(exc, SchemaError) or nonsense or clearly_feasible(spec):
        return Outcome("wrong_refusal", message, name, trace)
    return Outcome("refused", message, name, trace)


def _verify(
    conn: sa.Connection,
    spec: SchemaSpec,
    tables: dict[str, sa.Table],
    before: dict[str, int],
    report: Any,
) -> Outcome:
    after = _physical_counts(conn, spec)
    rows: dict[str, int] = {}
    for name, table in tables.items():
        rows[name] = int(report.rows.get(table.fullname, 0))
    part_rows = {}
    if spec.reflect:
        for key, n in report.rows.items():
            part_rows[key.split(".", 1)[-1]] = int(n)
    problems = []
    for t in spec.tables:
        expected = before[t.name] + rows[t.name]
        parts = partition_names(spec, t.name)
        seeded_parts = sum(part_rows.get(p, 0) for p in parts)
        if seeded_parts:
            problems.append(f"{seeded_parts} rows written through its partition tables @ {t.name}")
        expected += seeded_parts
        if after[t.name] != expected:
            problems.append(
                f"{after[t.name]} rows in the table, the report says {expected} @ {t.name}"
            )
        if t.name in spec.counts and rows[t.name] != spec.counts[t.name]:
            problems.append(f"asked for {spec.counts[t.name]}, wrote {rows[t.name]} @ {t.name}")
        if t.name not in spec.counts and rows[t.name] < spec.default:
            problems.append(f"default {spec.default}, wrote {rows[t.name]} @ {t.name}")
        if t.partition is not None and rows[t.name] >= 40 and len(t.partition.bounds) >= 2:
            spread = conn.exec_driver_sql(
                f"SELECT count(DISTINCT tableoid) FROM {_table_sql(spec, t.name)}".replace(
                    "%", "%%"
                )
            ).scalar_one()
            if int(spread) < 2 and not _pinned_partition_key(t):
                p = t.partition
                problems.append(
                    f"{rows[t.name]} rows all in one partition of a {p.kind} partitioning"
                    f"{' with a DEFAULT partition' if p.default else ''} @ {t.name}"
                )
    if problems:
        return Outcome("wrong_data", "; ".join(problems), "check")
    return Outcome("ok", "", "", hashes=_hashes(conn, spec))


def run_example(engine: sa.Engine, spec: SchemaSpec, timeout: float = 30.0) -> Outcome:
    """Seed ``spec`` twice with its seed, each time in a fresh schema, and classify."""
    outcome = _twice(engine, spec, timeout)
    outcome.names = sorted(spec.names() | {spec.schema})
    return outcome


def _twice(engine: sa.Engine, spec: SchemaSpec, timeout: float) -> Outcome:
    first = _once(engine, spec, timeout)
    if first.kind != "ok":
        return first
    second = _once(engine, spec, timeout)
    if second.kind != "ok":
        return Outcome(
            "wrong_data",
            f"second seed with the same seed: {second.kind}: {second.detail}",
            second.error,
            second.trace,
        )
    differ = sorted(k for k in first.hashes if first.hashes[k] != second.hashes.get(k))
    if differ:
        columns = [spec.table(t).column(c) for t, c in differ if c]
        kinds = sorted(
            {c.type + (f" DEFAULT {c.server_default}" if c.server_default else "") for c in columns}
        )
        where = ", ".join(f"{t}.{c}" for t, c in differ if c) or ", ".join(t for t, _ in differ)
        return Outcome(
            "wrong_data",
            f"same seed, different values in columns of type {'; '.join(kinds)} @ {where}",
            "determinism",
        )
    return first
