"""Hypothesis strategies for random PostgreSQL schemas shaped like real ones.

``schemas(profile)`` draws a :class:`~tests.engine.fuzz.spec.SchemaSpec`: 1-8 tables with
every column type the README lists, hostile identifiers, foreign keys of every shape
(chains, diamonds, self-references, nullable and NOT NULL cycles, composite keys, keys into
unique non-PK columns), unique constraints and unique indexes (also expression and partial
ones, over foreign keys and small domains), CHECKs of the promised forms and some the
engine cannot understand, server defaults, partitions, rows already in the tables, and
counts from 0 to 300.

A :class:`Profile` switches feature families on and off. ``FULL`` has everything;
``SUITE`` leaves out the families the engine is known to get wrong today (each one has an
``xfail(strict=True)`` regression example in ``tests/engine/realworld``), so that the run in
the test suite is a real test that stays green. Whoever fixes a family switches it on in
``SUITE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.engine.fuzz.spec import (
    CheckSpec,
    ColumnSpec,
    ExclusionSpec,
    ForeignKeySpec,
    IndexSpec,
    PartitionSpec,
    SchemaSpec,
    TableSpec,
    quote,
)

__all__ = ["Profile", "FULL", "SUITE", "schemas"]


@dataclass(frozen=True)
class Profile:
    max_tables: int = 8
    max_count: int = 300
    hostile_names: bool = True
    percent_names: bool = True
    """Identifiers containing ``%``."""
    partitions: bool = True
    expression_indexes: bool = True
    column_checks: bool = True
    """CHECKs attached to a column instead of the table."""
    not_null_cycles: bool = True
    opaque_checks: bool = True
    fk_checks: bool = True
    """CHECKs comparing a foreign key with another column."""
    fk_checks_on_plain_keys: bool = True
    """CHECKs on foreign keys into keys the seed does not number (``key integer PRIMARY
    KEY``, uuid, text): which parents they allow is known only once the parents exist."""
    key_checks: bool = True
    """CHECKs on primary key columns."""
    null_checks: bool = True
    """IS [NOT] NULL CHECKs."""
    server_defaults: bool = True
    existing_rows: bool = True
    semantic_uniques: bool = True
    """Unique constraints over columns with pool-backed names (name, status, title, ...)."""
    shared_fk_uniques: bool = True
    """Several composite unique constraints sharing a foreign key column."""
    composite_fks: bool = True
    float_checks: bool = True
    small_domain_uniques: bool = True
    self_references: bool = True
    timestamp_keys: bool = True
    reflect: bool = True
    extension_types: bool = True
    fk_to_nullable_unique: bool = True
    """Foreign keys into a nullable unique column of the parent."""
    fixed_parents: bool = True
    or_ranges: bool = True
    exclusions: bool = True
    """Exclusion constraints over ranges and spans of two columns."""
    colcol_on_keys: bool = True
    """Column-against-column CHECKs over unique, key or foreign key columns."""
    pattern_checks: bool = True
    """Regular-expression and LIKE CHECKs on text columns (``slug ~ '^[a-z0-9-]+$'``)."""
    """``x < a OR x > b`` CHECKs (the capacity of a unique column is read from one branch)."""
    """Counts for tables that others reference (refusals for too few parents)."""


FULL = Profile()

SUITE = Profile(
    max_tables=5,
    max_count=120,
    opaque_checks=False,  # the database has the last word on them
    small_domain_uniques=False,  # refusals whose justification the harness can only guess
    # Off in the suite for now: drawing them shifts its fixed examples onto a case it fails
    # on main already (a composite foreign key's refusal); bench/fuzz_schemas.py draws them.
    pattern_checks=False,
)

PLAIN_NAMES = [
    "id_ext",
    "code",
    "amount",
    "price",
    "qty",
    "score",
    "rank",
    "level",
    "total",
    "balance",
    "note",
    "label",
    "ref",
    "value",
    "weight",
    "height",
    "size",
    "starts",
    "ends",
    "flag",
    "data",
    "payload",
    "extra",
    "hits",
    "position",
]
SEMANTIC_NAMES = [
    "email",
    "name",
    "first_name",
    "last_name",
    "username",
    "phone",
    "city",
    "country",
    "status",
    "title",
    "description",
    "slug",
    "url",
    "created_at",
    "updated_at",
    "is_active",
    "currency",
    "color",
    "company",
    "zip",
    "birth_date",
    "token",
]
RESERVED = ["select", "user", "order", "group", "table", "from", "where", "check", "default"]
HOSTILE = [
    "with space",
    'quo"te',
    "it's",
    "tab\there",
    "ünïcødé",
    "Mixed Case",
    "日本語",
    "semi;colon",
    "dash-ed",
    "dot.ted",
    "(paren)",
    "back\\slash",
]
PERCENT = ["50%", "%(name)s", "%s", "100%%"]

TYPE_KEYS = [
    "integer",
    "smallint",
    "bigint",
    "numeric",
    "float",
    "real",
    "double",
    "varchar",
    "text",
    "unicode",
    "char",
    "typedecorator",
    "boolean",
    "date",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "interval",
    "bytea",
    "enum",
    "json",
    "jsonb",
    "uuid",
    "int_array",
    "text_array",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "bit",
    "varbit",
    "tsvector",
    "int4range",
    "int8range",
    "numrange",
    "daterange",
    "tsrange",
    "tstzrange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "datemultirange",
    "tsmultirange",
    "tstzmultirange",
    "domain",
    "xml",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "tsquery",
]
EXTENSION_TYPE_KEYS = ["citext", "hstore", "ltree"]


def _safe(name: str) -> str:
    """An ASCII tag for type names derived from a table name."""
    return "".join(ch for ch in name if ch.isascii() and ch.isalnum())[:20] + f"{len(name)}"


def _fit(name: str, suffix: str = "") -> str:
    """Cut a name to PostgreSQL's 63 bytes, keeping ``suffix`` (what makes it distinct)."""
    while len((name + suffix).encode()) > 63:
        name = name[:-1]
    return name + suffix


@st.composite
def identifiers(draw: st.DrawFn, profile: Profile, semantic: bool = True) -> str:
    # per name: plain or semantic mostly, reserved words 5%, hostile 4%, '%' 1%
    roll = draw(st.integers(0, 99))
    if profile.percent_names and roll == 0:
        pool = PERCENT
    elif profile.hostile_names and roll <= 4:
        pool = HOSTILE
    elif profile.hostile_names and roll <= 9:
        pool = RESERVED
    elif semantic and roll % 2 == 0:
        pool = SEMANTIC_NAMES
    else:
        pool = PLAIN_NAMES
    name = draw(st.sampled_from(pool))
    if profile.hostile_names and draw(st.integers(0, 15)) == 0:
        name = _fit(name + "_" + "x" * 63)
    return name


class _Names:
    """Unique names inside one table (PostgreSQL folds nothing: quoted names are exact)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> str:
        base, n = name, 1
        while name in self.used:
            name = _fit(f"{base[:55]}_{n}")
            n += 1
        self.used.add(name)
        return name


@st.composite
def columns(
    draw: st.DrawFn, profile: Profile, schema: str, table: str, names: _Names, index: int
) -> ColumnSpec:
    keys = list(TYPE_KEYS)
    if profile.extension_types:
        keys += EXTENSION_TYPE_KEYS
    type_ = draw(st.sampled_from(keys))
    args: list[Any] = []
    if type_ == "numeric":
        p = draw(st.integers(1, 12))
        args = [p, draw(st.integers(0, min(p, 4)))]
    elif type_ in ("varchar", "unicode", "char"):
        args = [draw(st.sampled_from([1, 2, 5, 12, 50, 255]))]
    elif type_ in ("bit", "varbit"):
        args = [draw(st.integers(1, 16))]
    elif type_ == "enum":
        n = draw(st.integers(1, 5))
        args = [f"en_{_safe(table)}_{index}", [f"v{i}" for i in range(n)], schema]
    elif type_ == "domain":
        length = draw(st.sampled_from([8, 30, 100]))
        args = [f"dom_{_safe(table)}_{index}", length, schema, None]
        if draw(st.booleans()):
            args[3] = "length(VALUE) >= 2"
    name = names.take(draw(identifiers(profile)))
    col = ColumnSpec(name=name, type=type_, args=args, nullable=draw(st.booleans()))
    if type_ == "boolean":
        col.domain = 2
    elif type_ == "enum":
        col.domain = len(args[1])
    elif type_ in ("char", "varchar", "unicode") and args[0] == 1:
        col.domain = 60
    elif type_ == "numeric" and args[0] - args[1] <= 2:
        col.domain = 2 * 10 ** args[0] - 1
    if profile.server_defaults and draw(st.integers(0, 5)) == 0:
        col.server_default = _default_for(col)
        if col.type in ("varchar", "unicode", "char") and args[0] < 7:
            col.server_default = None
    return col


def _default_for(col: ColumnSpec) -> str | None:
    return {
        "int": "0",
        "num": "0",
        "float": "0",
        "bool": "true",
        "ts": "now()",
        "date": "CURRENT_DATE",
        "uuid": "gen_random_uuid()",
    }.get(col.kind, "'pending'" if col.type in ("text", "varchar") else None)


@st.composite
def checks(
    draw: st.DrawFn,
    profile: Profile,
    table: TableSpec,
    n: int,
    plain_fks: frozenset[str] = frozenset(),
) -> list[CheckSpec]:
    """CHECKs of the promised forms (and, in FULL, some the engine cannot understand).
    ``plain_fks``: foreign key columns into keys the seed does not number."""
    out: list[CheckSpec] = []
    used: set[str] = set()  # one constraining CHECK per column: the CHECKs never contradict
    for i in range(n):
        cname = _fit(f"ck_{i}_{table.name}")
        candidates = [
            c
            for c in table.columns
            if (not c.primary_key or profile.key_checks)
            and (profile.fk_checks or not _is_fk(table, c.name))
            and (profile.fk_checks_on_plain_keys or c.name not in plain_fks)
        ]
        free = [c for c in candidates if c.name not in used]
        nums = [
            c
            for c in free
            if c.kind in ("int", "num") or (c.kind == "float" and profile.float_checks)
        ]
        texts = [c for c in free if c.kind == "text" and c.type != "domain"]
        dates = [c for c in free if c.kind in ("date", "ts")]
        forms = []
        if nums:
            forms += ["cmp", "between", "in", "andor"]
        if texts:
            forms += ["length", "text_in"]
        patterned = [c for c in texts if c.type in ("text", "varchar", "unicode")]
        if patterned and profile.pattern_checks:
            forms.append("pattern")
        if not profile.colcol_on_keys:
            keyish = {n for u in table.uniques for n in u} | {
                c.name for c in table.columns if c.unique or c.primary_key or _is_fk(table, c.name)
            }
            pair_nums = [c for c in nums if c.name not in keyish]
            pair_dates = [c for c in dates if c.name not in keyish]
        else:
            pair_nums, pair_dates = nums, dates
        if len(pair_nums) >= 2 or len(pair_dates) >= 2:
            forms.append("colcol")
        if profile.null_checks and len(candidates) >= 2:
            forms.append("null")
        if profile.opaque_checks and nums:
            forms.append("opaque")
        if not forms:
            break
        form = draw(st.sampled_from(forms))
        sql: str
        understood, restrictive = True, False
        if form in ("cmp", "between", "in", "andor", "opaque"):
            c = draw(st.sampled_from(nums))
            q = quote(c.name)
            hi = _int_high(c)
            if form == "cmp":
                op = draw(st.sampled_from([">", ">=", "<", "<=", "<>"]))
                k = draw(st.integers(0, min(hi, 100)))
                if op in ("<", "<=") and k == 0 and c.kind == "num":
                    k = 1
                sql = f"{q} {op} {k}"
            elif form == "between":
                lo = draw(st.integers(0, min(hi, 50)))
                top = min(hi, lo + draw(st.integers(0, 200)))
                sql = f"{q} BETWEEN {lo} AND {top}"
                if c.kind == "int" or c.args[1:] == [0]:
                    c.domain = min(c.domain or 10**9, top - lo + 1)
            elif form == "in":
                values = sorted(
                    set(draw(st.lists(st.integers(0, min(hi, 9)), min_size=1, max_size=4)))
                )
                sql = f"{q} IN ({', '.join(map(str, values))})"
                c.domain = min(c.domain or 10**9, len(values))
            elif form == "andor":
                a, b = draw(st.integers(0, min(hi, 20))), draw(st.integers(0, min(hi, 20)))
                lo, hi2 = min(a, b), max(a, b)
                sql = draw(
                    st.sampled_from(
                        [
                            f"({q} >= {lo} AND {q} <= {hi2})",
                            f"({q} < {lo} OR {q} > {hi2})"
                            if lo > 0 and profile.or_ranges
                            else f"{q} >= 0",
                            f"NOT ({q} < {lo})",
                        ]
                    )
                )
                if " AND " in sql and (c.kind == "int" or c.args[1:] == [0]):
                    c.domain = min(c.domain or 10**9, hi2 - lo + 1)
            else:
                understood = False
                sql, restrictive = draw(
                    st.sampled_from([(f"abs({q}) >= 0", False), (f"({q} % 2) = 0", True)])
                    if c.kind == "int"
                    else st.sampled_from([(f"abs({q}) >= 0", False), (f"round({q}) = {q}", True)])
                )
        elif form == "length":
            c = draw(st.sampled_from(texts))
            k = draw(st.integers(0, 3))
            fn = draw(st.sampled_from(["length", "char_length"]))
            sql = f"{fn}({quote(c.name)}) >= {k}"
            if c.type in ("char", "varchar", "unicode") and c.args[0] < k:
                sql = f"{fn}({quote(c.name)}) <= {c.args[0]}"
        elif form == "text_in":
            c = draw(st.sampled_from(texts))
            vals = ["a", "b", "c"][: draw(st.integers(1, 3))]
            sql = f"{quote(c.name)} IN ({', '.join(repr(v) for v in vals)})"
            c.domain = min(c.domain or 10**9, len(vals))
        elif form == "pattern":
            c = draw(st.sampled_from(patterned))
            q = quote(c.name)
            sql = draw(
                st.sampled_from(
                    [
                        f"{q} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'",
                        f"{q} ~* '^[a-f0-9]*$'",
                        f"{q} ~ '^\\w+$'",
                        f"{q} !~ '\\s'",
                        f"{q} NOT LIKE '% %'",
                        f"{q} LIKE 'x%'",
                        f"{q}::text ~ '^(ab|cd|[0-9]{{1,3}})+$'",
                    ]
                )
            )
        elif form == "colcol":
            pool = pair_nums if len(pair_nums) >= 2 else pair_dates
            left, right = draw(
                st.lists(st.sampled_from(pool), min_size=2, max_size=2, unique_by=lambda c: c.name)
            )
            op = draw(st.sampled_from(["<=", ">=", "<", ">"]))
            sql = f"{quote(left.name)} {op} {quote(right.name)}"
        else:
            left, right = draw(
                st.lists(
                    st.sampled_from(candidates), min_size=2, max_size=2, unique_by=lambda c: c.name
                )
            )
            qa, qb = quote(left.name), quote(right.name)
            restrictive = not left.nullable and not right.nullable
            sql = draw(
                st.sampled_from(
                    [
                        f"{qa} IS NOT NULL",
                        f"({qa} IS NULL AND {qb} IS NOT NULL) OR ({qa} IS NOT NULL AND {qb} IS NULL)",
                        f"{qa} IS NULL OR {qb} IS NOT NULL",
                        f"num_nonnulls({qa}, {qb}) = 1",
                        f"num_nulls({qa}, {qb}) <= 1",
                    ]
                )
            )
            restrictive = restrictive and (" AND " in sql or "num_nonnulls" in sql)
        if form != "null":
            used.update(c.name for c in table.columns if quote(c.name) in sql)
        out.append(CheckSpec(name=cname, sql=sql, understood=understood, restrictive=restrictive))
    return out


def _int_high(c: ColumnSpec) -> int:
    if c.type == "numeric":
        precision, scale = int(c.args[0]), int(c.args[1])
        return max(0, int(10 ** (precision - scale)) - 1)
    if c.type == "smallint":
        return 32767
    return 10**6


_RANGES = {"int4range", "int8range", "numrange", "daterange", "tsrange", "tstzrange"}
_RANGES |= {r.replace("range", "multirange") for r in _RANGES}
_EQUAL_TYPES = {"smallint", "integer", "bigint", "text", "uuid", "date"}


def _exclusion(draw: Any, table: TableSpec) -> None:
    """An exclusion constraint over a range column or a span of two columns of one type,
    beside maybe one column compared with ``=``; none of them a key, unique or CHECKed."""
    checked = " ".join(ch.sql for ch in table.checks)
    busy = {m for u in table.uniques for m in u} | {m for i in table.indexes for m in i.columns}

    def free(c: ColumnSpec) -> bool:
        return not (
            c.primary_key
            or c.unique
            or c.check
            or c.name in busy
            or _is_fk(table, c.name)
            or quote(c.name) in checked
        )

    ranged = [[c.name] for c in table.columns if c.type in _RANGES and free(c)]
    for kind in ("timestamp", "timestamptz", "date"):
        same = [c.name for c in table.columns if c.type == kind and free(c)]
        if len(same) >= 2:
            ranged.append(same[:2])
    if not ranged:
        return
    chosen = draw(st.sampled_from(ranged))
    equal = [
        c.name
        for c in table.columns
        if c.name not in chosen
        and (c.type in _EQUAL_TYPES or _is_fk(table, c.name))
        and len([f for f in table.foreign_keys if c.name in f.columns and len(f.columns) > 1]) == 0
    ]
    members = [draw(st.sampled_from(equal))] if equal and draw(st.booleans()) else []
    name = _fit(f"ex_{table.name[:40]}_{len(table.exclusions)}")
    table.exclusions.append(ExclusionSpec(name=name, ranged=chosen, equal=members))


def _is_fk(table: TableSpec, column: str) -> bool:
    return any(column in f.columns for f in table.foreign_keys)


@st.composite
def tables(
    draw: st.DrawFn, profile: Profile, schema: str, index: int, earlier: list[TableSpec]
) -> TableSpec:
    taken = {t.name for t in earlier}
    tname = draw(identifiers(profile))
    while tname in taken:
        tname = _fit(f"{tname[:55]}_{index}")
    names = _Names()
    cols: list[ColumnSpec] = []
    pk_kind = draw(
        st.sampled_from(["serial", "serial", "bigint", "plain_int", "uuid", "text", "composite"])
    )
    if pk_kind == "composite":
        second = draw(
            st.sampled_from(
                ["smallint", "varchar"] + (["timestamp"] if profile.timestamp_keys else [])
            )
        )
        cols.append(
            ColumnSpec(name=names.take("id"), type="integer", nullable=False, primary_key=True)
        )
        cols.append(
            ColumnSpec(
                name=names.take("part"),
                type=second,
                args=[12] if second == "varchar" else [],
                nullable=False,
                primary_key=True,
            )
        )
    else:
        type_, args, auto = {
            "serial": ("integer", [], True),
            "bigint": ("bigint", [], True),
            "plain_int": ("integer", [], False),
            "uuid": ("uuid", [], False),
            "text": ("varchar", [20], False),
        }[pk_kind]
        cols.append(
            ColumnSpec(
                name=names.take(draw(st.sampled_from(["id", "key", f"{tname[:20]}_id", "Id"]))),
                type=type_,
                args=args,
                nullable=False,
                primary_key=True,
                autoincrement=auto,
            )
        )
    for i in range(draw(st.integers(0, 6))):
        cols.append(draw(columns(profile, schema, tname, names, i)))
    if draw(st.integers(0, 3)) == 0:
        # an alternate key that foreign keys may point at
        cols.append(
            ColumnSpec(
                name=names.take("alt_code"),
                type=draw(st.sampled_from(["integer", "varchar"])),
                args=[30],
                nullable=draw(st.booleans()),
                unique=True,
            )
        )
        if cols[-1].type == "integer":
            cols[-1].args = []
    table = TableSpec(name=tname, columns=cols)

    # foreign keys into earlier tables (chains and diamonds) and into itself
    parents = list(earlier)
    for parent in parents:
        if draw(st.integers(0, 2)) != 0:
            continue
        _add_fk(draw, profile, table, parent, names, schema)
    if profile.self_references and draw(st.integers(0, 5)) == 0:
        _add_fk(draw, profile, table, table, names, schema, self_ref=True)

    # unique constraints (also over foreign keys and small domains) and unique indexes
    plain = [c for c in table.columns if not c.primary_key and c.kind not in ("other",)]
    for _ in range(draw(st.integers(0, 2))):
        if not plain:
            break
        members = draw(
            st.lists(st.sampled_from(plain), min_size=1, max_size=3, unique_by=lambda c: c.name)
        )
        if not profile.small_domain_uniques and any(m.domain for m in members):
            continue
        if not profile.semantic_uniques and any(m.name in SEMANTIC_NAMES for m in members):
            continue
        if not profile.shared_fk_uniques:
            fk_cols = {m.name for m in members if _is_fk(table, m.name)}
            if any(fk_cols & set(u) for u in table.uniques):
                continue
        if members[0].kind in ("float",):
            continue
        names_ = [m.name for m in members]
        if names_ not in table.uniques:
            table.uniques.append(names_)
    texts = [c for c in plain if c.kind == "text" and c.type not in ("citext",)]
    if texts and draw(st.integers(0, 3)) == 0:
        c = draw(st.sampled_from(texts))
        expression = None
        if profile.expression_indexes:
            expression = draw(st.sampled_from([None, "lower", "upper", "coalesce"]))
        where = None
        if draw(st.booleans()):
            others = [o for o in table.columns if o.nullable and o.name != c.name]
            if others:
                where = f"{quote(draw(st.sampled_from(others)).name)} IS NULL"
        left_out = (not profile.semantic_uniques and c.name in SEMANTIC_NAMES) or (
            not profile.small_domain_uniques and c.domain
        )
        if not left_out:
            table.indexes.append(
                IndexSpec(
                    name=_fit(f"ix{index}_{tname[:40]}_{c.name[:10]}"),
                    columns=[c.name],
                    expression=expression,
                    where=where,
                )
            )

    by_name = {t.name: t for t in [*earlier, table]}
    plain_fks = frozenset(
        c
        for f in table.foreign_keys
        if not all(p.autoincrement for p in by_name[f.ref_table].columns if p.primary_key)
        for c in f.columns
    )
    table.checks = draw(checks(profile, table, draw(st.integers(0, 3)), plain_fks))
    if profile.column_checks:
        ints = [
            c
            for c in table.columns
            if c.type in ("smallint", "integer") and not c.primary_key and not _is_fk(table, c.name)
        ]
        ints = [c for c in ints if not any(quote(c.name) in ch.sql for ch in table.checks)]
        if ints and draw(st.integers(0, 3)) == 0:
            c = draw(st.sampled_from(ints))
            c.check = f"{quote(c.name)} BETWEEN 0 AND 60"
            c.domain = min(c.domain or 10**9, 61)

    if (
        profile.existing_rows
        and not table.foreign_keys
        and not table.checks
        and pk_kind in ("serial", "plain_int")
        and not table.indexes
        and not table.uniques
        and not any(c.unique or c.check for c in table.columns)
    ):
        simple = all(
            c.nullable or c.type in ("integer", "smallint", "bigint", "text", "boolean")
            for c in table.columns
            if not c.primary_key
        )
        if simple and draw(st.integers(0, 3)) == 0:
            keys = draw(st.lists(st.integers(1, 40), min_size=1, max_size=5, unique=True))
            table.existing_keys = sorted(keys)
            table.existing = len(keys)
    return table


def _add_fk(
    draw: st.DrawFn,
    profile: Profile,
    table: TableSpec,
    parent: TableSpec,
    names: _Names,
    schema: str,
    self_ref: bool = False,
    cycle: bool = False,
) -> None:
    targets: list[list[ColumnSpec]] = []
    pk = [c for c in parent.columns if c.primary_key]
    if len(pk) == 1 or profile.composite_fks:
        targets.append(pk)
    targets += [
        [c]
        for c in parent.columns
        if c.unique and not c.primary_key and (profile.fk_to_nullable_unique or not c.nullable)
    ]
    if not targets:
        return
    target = draw(st.sampled_from(targets))
    # NOT NULL self-references too: the first row has to point at itself
    nullable = True if (cycle and not profile.not_null_cycles) else draw(st.booleans())
    fk_cols = []
    for rc in target:
        fk_cols.append(
            ColumnSpec(
                name=names.take(_fit(f"{parent.name[:30]}_{rc.name[:20]}")),
                type={"serial": "integer"}.get(rc.type, rc.type),
                args=list(rc.args),
                nullable=nullable,
            )
        )
    if self_ref and len(target) > 1:
        # composite self-references keep to one column of the key
        return
    table.columns.extend(fk_cols)
    deferrable = cycle and draw(st.booleans())
    table.foreign_keys.append(
        ForeignKeySpec(
            columns=[c.name for c in fk_cols],
            ref_table=parent.name,
            ref_columns=[c.name for c in target],
            name=_fit(f"fk_{table.name[:25]}_{parent.name[:25]}", f"_{len(table.foreign_keys)}"),
            deferrable=deferrable,
            initially_deferred=deferrable and draw(st.booleans()),
            use_alter=cycle,
        )
    )
    if profile.composite_fks is False and len(fk_cols) > 1:
        return
    if draw(st.integers(0, 5)) == 0 and profile.shared_fk_uniques:
        # a one-to-one relation: the foreign key is unique
        table.uniques.append([c.name for c in fk_cols])


def _partition(draw: st.DrawFn, table: TableSpec, names: _Names) -> None:
    shape = draw(st.sampled_from(["range", "range_int", "range_tstz", "list", "hash"]))
    kind = shape.split("_")[0]
    pk = [c for c in table.columns if c.primary_key]
    bounds: list[list[Any]]
    if shape == "range":
        col = ColumnSpec(
            name=names.take("created_on"), type="date", nullable=False, primary_key=True
        )
        years = sorted(draw(st.lists(st.integers(2015, 2035), min_size=2, max_size=5, unique=True)))
        bounds = [[f"{a}-01-01", f"{b}-01-01"] for a, b in zip(years, years[1:])]
    elif shape == "range_int":
        col = ColumnSpec(
            name=names.take("bucket"), type="integer", nullable=False, primary_key=True
        )
        cuts = sorted(set(draw(st.lists(st.integers(-50, 500), min_size=1, max_size=4))))
        ends: list[Any] = ["MINVALUE"] * draw(st.booleans()) + cuts
        ends += ["MAXVALUE"] * draw(st.booleans())
        if len(ends) < 2:
            ends.append(ends[-1] + 10 if isinstance(ends[-1], int) else 0)
        bounds = [[a, b] for a, b in zip(ends, ends[1:])]
    elif shape == "range_tstz":
        col = ColumnSpec(
            name=names.take("happened_at"), type="timestamptz", nullable=False, primary_key=True
        )
        months = sorted(draw(st.lists(st.integers(1, 12), min_size=2, max_size=4, unique=True)))
        bounds = [
            [f"2025-{a:02d}-01 00:00+00", f"2025-{b:02d}-01 00:00+00"]
            for a, b in zip(months, months[1:])
        ]
    elif kind == "list":
        col = ColumnSpec(
            name=names.take("region"), type="varchar", args=[10], nullable=False, primary_key=True
        )
        regions = ["eu", "us", "apac", "latam"][: draw(st.integers(1, 4))]
        bounds = [[r] for r in regions]
    else:
        col = pk[0]
        n = draw(st.integers(2, 4))
        bounds = [[n, r] for r in range(n)]
    if col not in table.columns:
        table.columns.append(col)
    table.uniques = []
    table.indexes = []
    for c in table.columns:
        c.unique = False
    table.partition = PartitionSpec(
        kind=kind, column=col.name, bounds=bounds, default=kind != "hash" and draw(st.booleans())
    )


@st.composite
def schemas(draw: st.DrawFn, profile: Profile = FULL) -> SchemaSpec:
    """A random schema, its counts and the seed call's arguments."""
    schema = "fz"
    if profile.hostile_names and draw(st.integers(0, 7)) == 0:
        schema = draw(
            st.sampled_from(
                ["fz schema", 'fz"q', "fzé"] + (["fz%"] if profile.percent_names else [])
            )
        )
    n = draw(st.integers(1, profile.max_tables))
    built: list[TableSpec] = []
    for i in range(n):
        built.append(draw(tables(profile, schema, i, built)))
    # cycles: a foreign key from an earlier table to a later one
    if n >= 2 and draw(st.integers(0, 3)) == 0:
        a, b = draw(
            st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True).map(sorted)
        )
        built[a].existing_keys, built[a].existing = [], 0  # its rows would have no parent
        names = _Names()
        names.used = {c.name for c in built[a].columns}
        _add_fk(draw, profile, built[a], built[b], names, schema, cycle=True)
    if profile.partitions:
        referenced = {f.ref_table for t in built for f in t.foreign_keys}
        for t in built:
            if t.name in referenced or t.existing_keys or draw(st.integers(0, 3)) != 0:
                continue
            if any(f.use_alter for f in t.foreign_keys):
                continue
            names = _Names()
            names.used = {c.name for c in t.columns}
            _partition(draw, t, names)
    if profile.exclusions:
        for t in built:
            if t.partition is None and not t.existing and draw(st.integers(0, 4)) == 0:
                _exclusion(draw, t)
    counts: dict[str, int] = {}
    referenced = {f.ref_table for t in built for f in t.foreign_keys if f.ref_table != t.name}
    for t in built:
        if not profile.fixed_parents and t.name in referenced:
            continue
        if draw(st.booleans()):
            counts[t.name] = draw(st.integers(0, profile.max_count))
    default = draw(st.integers(0, 20))
    extensions = sorted(
        {c.type for t in built for c in t.columns if c.type in ("citext", "hstore", "ltree")}
        | {"btree_gist" for t in built for e in t.exclusions if e.equal}
    )
    spec = SchemaSpec(
        schema=schema,
        tables=built,
        counts=counts,
        default=default,
        seed=draw(st.integers(0, 2**31 - 1)),
        reflect=profile.reflect and draw(st.integers(0, 3)) == 0,
        extensions=extensions,
    )
    return spec
