"""Markdown for "What is generated", produced by the engine when the site is built.

The first values of every column type and of every column-name semantic (each produced
offline, as ``pytest_dbseed.seed(..., seed=0)`` would write them), a row of coherent
records, and the engine's own tables of names: semantics vocabulary, natural ranges and
the order of times in a row.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_text import cell, code, md_table  # noqa: E402 - beside this file

# --------------------------------------------------------------------------- values


_SAMPLES = 3
_WIDTH = 60


def show(value: Any) -> str:
    """A generated value as it reads in a table cell, shortened to about 60 characters."""
    if value is None:
        text = "NULL"
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ", timespec="seconds")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, dt.timedelta):
        text = str(value)
    elif isinstance(value, bytes | bytearray | memoryview):
        text = "\\x" + bytes(value).hex()
    elif isinstance(value, decimal.Decimal | uuid.UUID):
        text = str(value)
    elif isinstance(value, dict | list | tuple | set | frozenset):
        try:
            text = json.dumps(
                sorted(value, key=str) if isinstance(value, set | frozenset) else value,
                default=show,
                ensure_ascii=False,
            )
        except TypeError:
            text = repr(value)
    elif hasattr(value, "lower") and hasattr(value, "upper") and hasattr(value, "bounds"):
        bounds = value.bounds or "[)"
        text = f"{bounds[0]}{show(value.lower)},{show(value.upper)}{bounds[1]}"
    else:
        text = str(value)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _produce(metadata: Any, seed: int = 0) -> dict[str, dict[str, list[Any]]]:
    """Rows 0.._SAMPLES-1 of every table of ``metadata``, as the engine would write them."""
    from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
    from pytest_dbseed.engine.rows import SeedRows
    from pytest_dbseed.engine.schema import build_schema

    graph = build_schema(metadata)
    request = SeedRequest(graph=graph, counts={}, default=_SAMPLES, seed=seed)
    _plan, sources = decide_offline(request)
    producer = SeedRows(graph, sources)
    return {t.fullname: producer.batch(t.fullname, 0, _SAMPLES) for t in metadata.sorted_tables}


def _type_samples() -> list[tuple[str, Any]]:
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    return [
        ("Integer", sa.Integer()),
        ("SmallInteger", sa.SmallInteger()),
        ("BigInteger", sa.BigInteger()),
        ("Numeric(10, 2)", sa.Numeric(10, 2)),
        ("Float", sa.Float()),
        ("postgresql.MONEY", pg.MONEY()),
        ("Boolean", sa.Boolean()),
        ("String(40)", sa.String(40)),
        ("String(8)", sa.String(8)),
        ("Text", sa.Text()),
        ("Enum('draft', 'sent', 'paid')", sa.Enum("draft", "sent", "paid", name="doc_state")),
        ("Date", sa.Date()),
        ("DateTime", sa.DateTime()),
        ("DateTime(timezone=True)", sa.DateTime(timezone=True)),
        ("Time", sa.Time()),
        ("Interval", sa.Interval()),
        ("LargeBinary", sa.LargeBinary()),
        ("Uuid", sa.Uuid()),
        ("JSON", sa.JSON()),
        ("postgresql.JSONB", pg.JSONB()),
        ("ARRAY(Integer)", sa.ARRAY(sa.Integer())),
        ("ARRAY(String(20))", sa.ARRAY(sa.String(20))),
        ("PickleType", sa.PickleType()),
        ("postgresql.INET", pg.INET()),
        ("postgresql.CIDR", pg.CIDR()),
        ("postgresql.MACADDR", pg.MACADDR()),
        ("postgresql.MACADDR8", pg.MACADDR8()),
        ("postgresql.BIT(8)", pg.BIT(8)),
        ("postgresql.BIT(varying=True)", pg.BIT(16, varying=True)),
        ("postgresql.TSVECTOR", pg.TSVECTOR()),
        ("postgresql.HSTORE", pg.HSTORE()),
        ("postgresql.INT4RANGE", pg.INT4RANGE()),
        ("postgresql.INT8RANGE", pg.INT8RANGE()),
        ("postgresql.NUMRANGE", pg.NUMRANGE()),
        ("postgresql.DATERANGE", pg.DATERANGE()),
        ("postgresql.TSRANGE", pg.TSRANGE()),
        ("postgresql.TSTZRANGE", pg.TSTZRANGE()),
        ("postgresql.INT4MULTIRANGE", pg.INT4MULTIRANGE()),
        ("postgresql.DATEMULTIRANGE", pg.DATEMULTIRANGE()),
    ]


def render_types() -> str:
    """One row per column type: the engine's kind for it and the first generated values."""
    import sqlalchemy as sa

    from pytest_dbseed.engine.semantics import detect
    from pytest_dbseed.engine.types import column_kind

    samples = _type_samples()
    metadata = sa.MetaData()
    columns = [sa.Column("id", sa.Integer, primary_key=True)]
    for i, (_label, coltype) in enumerate(samples):
        name = f"c{i}_x"
        kind = column_kind(coltype)[0]
        # A neutral name: no column-name meaning may colour the values of its type.
        assert detect("sample", name, kind, getattr(coltype, "length", None)) is None, name
        columns.append(sa.Column(name, coltype, nullable=False))
    sa.Table("sample", metadata, *columns)
    batch = _produce(metadata)["sample"]
    rows = []
    for i, (label, coltype) in enumerate(samples):
        values = batch[f"c{i}_x"]
        rows.append(
            [
                f"`{label}`",
                f"`{column_kind(coltype)[0]}`",
                "<br>".join(code(show(v)) for v in values),
            ]
        )
    return md_table(["column type", "kind", f"first {_SAMPLES} values (seed 0)"], rows)


def render_records() -> str:
    """The first rows of a table of people with a place and times: one record per row."""
    import sqlalchemy as sa

    metadata = sa.MetaData()
    table = sa.Table(
        "customer",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(50), nullable=False),
        sa.Column("last_name", sa.String(50), nullable=False),
        sa.Column("email", sa.String(120), nullable=False, unique=True),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("postal_code", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    batch = _produce(metadata)["customer"]
    names = [c.name for c in table.columns if c.name in batch]
    header = "\n".join(
        [
            "```python",
            'sa.Table("customer", metadata, sa.Column("id", sa.Integer, primary_key=True),',
            *(
                f'         sa.Column("{c.name}", {_type_text(c.type)}, nullable=False'
                + (", unique=True" if c.unique else "")
                + "),"
                for c in table.columns
                if c.name != "id"
            ),
            ")",
            "```",
        ]
    )
    rows = ([code(show(batch[n][i])) for n in names] for i in range(_SAMPLES))
    return header + "\n\n" + md_table([f"`{n}`" for n in names], rows)


def _type_text(coltype: Any) -> str:
    length = getattr(coltype, "length", None)
    name = type(coltype).__name__
    return f"sa.{name}({length})" if length else f"sa.{name}"


# --------------------------------------------------------------------------- semantics


def _kind_type(kind: str) -> Any:
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql as pg

    return {
        "str": lambda: sa.String(255),
        "int": sa.Integer,
        "float": sa.Float,
        "decimal": lambda: sa.Numeric(14, 6),
        "money": pg.MONEY,
        "date": sa.Date,
        "datetime": sa.DateTime,
        "bool": sa.Boolean,
        "inet": pg.INET,
        "macaddr": pg.MACADDR,
        "tsvector": pg.TSVECTOR,
    }[kind]()


_KIND_ORDER = ("str", "int", "decimal", "float", "money", "datetime", "date", "bool",
               "inet", "macaddr", "tsvector")  # fmt: skip


def _names_by_semantic() -> dict[str, list[tuple[str, str, int | None]]]:
    """Per semantic, (table, column, string length) examples the vocabulary maps to it."""
    from pytest_dbseed.engine.semantics import vocabulary as V

    out: dict[str, list[tuple[str, str, int | None]]] = {}

    def add(sem: str, table: str, column: str, length: int | None = None) -> None:
        out.setdefault(sem, []).append((table, column, length))

    for compact, sems in V._EXACT.items():
        for sem in sems:
            add(sem, "record", compact)
    for word, sem in V._LAST.items():
        add(sem, "record", f"main_{word}")
    for word, rules in V._IN_TABLE.items():
        for words, sem in rules:
            for table in sorted(words):
                add(sem, table, word)
    for qualifier, sem in V._NAME_CONTEXT.items():
        add(sem, "record", f"{qualifier}_name")
        add(sem, qualifier, "name")
    for word, sem in V._TIME_WORDS.items():
        add(sem, "record", f"{word}_at")
    for length, sem in V._ID_BY_LENGTH:
        add(sem, "record", "external_id", length)
    for word in sorted(V._ORDER_WORDS):
        add("order_status", word, "status")
    for word in sorted(V._PAYMENT_WORDS):
        add("payment_status", word, "status")
    add("name", "record", "name")
    for prefix in sorted(V._FLAG_PREFIX):
        add("flag", "record", f"{prefix}_featured")
    for word in sorted(V._FLAG_TRUE):
        add("flag_mostly_true", "record", f"is_{word}")
    for word in sorted(V._FLAG_FALSE):
        add("flag_rarely_true", "record", f"is_{word}")
    for long_form, forms in V._SHORT_FORMS.items():
        for limit, short in forms:
            add(short, "record", long_form.replace("_", ""), limit)
    for word, unit in V._UNITS.items():
        add(f"measure_{unit}", "record", f"size_{word}")
        add(f"height_{unit}", "record", f"height_{word}")
    return out


def _column_type(kind: str, length: int | None) -> Any:
    import sqlalchemy as sa

    return sa.String(length) if kind == "str" and length is not None else _kind_type(kind)


def _detected(
    table: str, column: str, length: int | None, kinds: frozenset[str], want: str
) -> str | None:
    """The kind under which ``table.column`` is detected as ``want``, if any."""
    from pytest_dbseed.engine.semantics import detect

    for kind in (k for k in _KIND_ORDER if k in kinds):
        coltype = _column_type(kind, length)
        sem = detect(table, column, kind, getattr(coltype, "length", None))
        if sem is not None and sem.name == want:
            return kind
    return None


def _source_text(sem: Any) -> str:
    if sem.provider:
        return f"Faker `{sem.provider}`"
    if sem.words:
        head = ", ".join(str(w) for w in sem.words[:4])
        more = ", …" if len(sem.words) > 4 else ""
        return f"one of {len(sem.words)}: {head}{more}"
    if sem.numeric:
        low, high, places = sem.numeric
        return f"{_number(low)} to {_number(high)}{_decimals(places)}"
    if sem.days:
        low, high = sem.days
        return f"{low:+.0f} to {high:+.0f} days around 2025-01-01"
    if sem.bool_p is not None:
        return f"true in {sem.bool_p:.0%} of rows"
    return "composed"


def semantic_examples() -> dict[str, tuple[str, str, str, int | None]]:
    """Per semantic a (table, column, kind, length) the engine detects as that semantic."""
    from pytest_dbseed.engine.semantics import SEMANTICS

    names = _names_by_semantic()
    found: dict[str, tuple[str, str, str, int | None]] = {}
    for name, sem in SEMANTICS.items():
        for table, column, length in names.get(name, []):
            kind = _detected(table, column, length, sem.kinds, name)
            if kind is not None:
                found[name] = (table, column, kind, length)
                break
    return found


def _semantic_samples(
    examples: dict[str, tuple[str, str, str, int | None]],
) -> dict[str, list[Any]]:
    """The first values of each example column, each in a table of its own."""
    import sqlalchemy as sa

    metadata = sa.MetaData()
    where: dict[str, tuple[str, str]] = {}
    for i, (name, (table, column, kind, length)) in enumerate(examples.items()):
        # The table's own word carries the context (``ip_addresses.address``).
        full = f"t{i}_{table}"
        sa.Table(
            full,
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(column, _column_type(kind, length), nullable=False),
        )
        where[name] = (full, column)
    produced = _produce(metadata)
    return {name: produced[t][c] for name, (t, c) in where.items()}


def render_semantics() -> str:
    """The catalogue of column-name semantics: kinds, values, a name that means it, examples."""
    from pytest_dbseed.engine.semantics import SEMANTICS

    examples = semantic_examples()
    samples = _semantic_samples(examples)
    rows = []
    for name, sem in SEMANTICS.items():
        kinds = ", ".join(k for k in _KIND_ORDER if k in sem.kinds)
        example = examples.get(name)
        if example is None:
            where = "(by shape only)"
            values = ""
        else:
            table, column, _kind, length = example
            where = f"`{column}`" if table == "record" else f"`{table}.{column}`"
            if length is not None:
                where += f" `String({length})`"
            values = "<br>".join(code(show(v)) for v in samples[name])
        min_len = f"{sem.min_length}" if "str" in sem.kinds and sem.min_length > 1 else ""
        rows.append([f"`{name}`", kinds, cell(_source_text(sem)), min_len, where, values])
    return f"{len(SEMANTICS)} semantics.\n\n" + md_table(
        ["semantic", "kinds", "values from", "shortest String", "e.g. column", "first values"],
        rows,
    )


def render_vocabulary() -> str:
    """Which words pick a semantic: exact names, last words, context, flags and times."""
    from pytest_dbseed.engine.semantics import vocabulary as V

    def words(items: Iterable[str]) -> str:
        return ", ".join(f"`{w}`" for w in sorted(items))

    by_sem: dict[str, list[str]] = {}
    for compact, sems in V._EXACT.items():
        by_sem.setdefault(sems[0], []).append(compact)
    last_by_sem: dict[str, list[str]] = {}
    for word, sem in V._LAST.items():
        last_by_sem.setdefault(sem, []).append(word)
    parts = [
        "### Whole names",
        "",
        "A column's words joined without separators (`first_name`, `firstName` and "
        "`FirstName` are all `firstname`) are looked up first:",
        "",
        md_table(
            ["semantic", "column names"], ([f"`{s}`", words(n)] for s, n in sorted(by_sem.items()))
        ),
        "",
        "### Last words",
        "",
        "Otherwise the last word of a longer name decides (`billing_city`, `unit_price`):",
        "",
        md_table(
            ["semantic", "last word"],
            ([f"`{s}`", words(n)] for s, n in sorted(last_by_sem.items())),
        ),
        "",
        "### Generic words, read in context",
        "",
        "A generic column word means what its table (or its own qualifier) is about; "
        "the first rule whose words meet the table's words wins:",
        "",
        md_table(
            ["column word", "table words", "semantic"],
            (
                [f"`{word}`", cell(words(ws)), f"`{sem}`"]
                for word, rules in V._IN_TABLE.items()
                for ws, sem in rules
            ),
        ),
        "",
        "and, failing that, what the sibling columns are about:",
        "",
        md_table(
            ["column word", "sibling words", "semantic"],
            (
                [f"`{word}`", cell(words(ws)), f"`{sem}`"]
                for word, rules in V._NEAR.items()
                for ws, sem in rules
            ),
        ),
        "",
        "### `name` columns",
        "",
        "A `name` column (or `<qualifier>_name`) means what its qualifier or table is:",
        "",
        md_table(
            ["qualifier or table", "semantic"],
            _grouped(V._NAME_CONTEXT.items(), words),
        ),
        "",
        "### Identifiers by length",
        "",
        "A string `*_id` / `*_uuid` column of exactly this length holds this identifier; "
        "longer or unbounded ones a hyphenated UUID:",
        "",
        md_table(["length", "semantic"], ([str(n), f"`{s}`"] for n, s in V._ID_BY_LENGTH)),
        "",
        "### Short columns",
        "",
        "A name whose usual value does not fit the column gets its code form:",
        "",
        md_table(
            ["semantic", "up to length", "becomes"],
            (
                [f"`{sem}`", str(limit), f"`{short}`"]
                for sem, forms in V._SHORT_FORMS.items()
                for limit, short in forms
            ),
        ),
        "",
        "### Units",
        "",
        "A numeric column whose last word is a unit holds a measurement of that unit's "
        "magnitude (`weight_kg`, `length_mm`; a height in its own range, `height_cm`); "
        f"the units {words(V._UNITS.keys() - V._BARE_UNITS)} need a measured word before "
        f"them ({words(V._MEASURED)}):",
        "",
        md_table(["words", "unit"], _grouped(V._UNITS.items(), words)),
        "",
        "### Person roles",
        "",
        "A string column whose last word names a person's role holds a full name, each "
        f"role a person of its own: {words(V.PERSON_ROLES)}.",
        "",
        "### Flags",
        "",
        "A boolean column is a flag when its first word is one of "
        f"{words(V._FLAG_PREFIX)}; it is mostly true when a word is one of "
        f"{words(V._FLAG_TRUE)}, rarely true when one is one of {words(V._FLAG_FALSE)}.",
        "",
        "### Times",
        "",
        "A date or timestamp column ending in one of "
        f"{words(V._TIME_SUFFIX)} (or of a single word) is placed by its first time word:",
        "",
        md_table(["semantic", "words"], _grouped(V._TIME_WORDS.items(), words)),
    ]
    return "\n".join(parts)


def _grouped(
    pairs: Iterable[tuple[str, str]], words: Callable[[Iterable[str]], str]
) -> list[list[str]]:
    by_sem: dict[str, list[str]] = {}
    for word, sem in pairs:
        by_sem.setdefault(sem, []).append(word)
    return [[words(ws), f"`{sem}`"] for sem, ws in sorted(by_sem.items())]


def _number(value: float) -> str:
    if not float(value).is_integer():
        return f"{value:g}"
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"


def _decimals(places: int) -> str:
    return f", {places} decimal{'s' if places > 1 else ''}" if places else ""


def _natural_text(nat: Any) -> str:
    if nat.choices:
        top = max(nat.choices, key=lambda c: c[1])[0]
        return f"one of {len(nat.choices)} values, {top} most often"
    text = f"{_number(nat.low)} to {_number(nat.high)}{_decimals(nat.decimals)}"
    if nat.geometric is not None:
        text += ", mostly 0"
    return text


def render_natural() -> str:
    """Small numbers by name: the ranges of ``values/natural.py`` (whole names, last words,
    units of durations, date parts, counts, integer flags)."""
    from pytest_dbseed.engine.values import natural as N

    def grouped(table: dict[str, Any], fmt: Callable[[str], str]) -> list[list[str]]:
        by_range: dict[str, list[str]] = {}
        for name, nat in table.items():
            by_range.setdefault(_natural_text(nat), []).append(fmt(name))
        return [[", ".join(names), cell(text)] for text, names in by_range.items()]

    def listed(words: Iterable[str]) -> str:
        return ", ".join(f"`{w}`" for w in sorted(words))

    parts = ", ".join(f"{name} {low}–{high}" for name, (low, high) in N._PARTS.items())
    birth, past, other = (_natural_text(N._year(role, ())) for role in ("birth", "start", None))
    counts = _natural_text(N.natural("record", "item_count", "int"))
    plain_duration = _natural_text(N.natural("record", "timeout", "int"))
    return "\n".join(
        [
            "An integer column whose whole name is one of these (words joined) gets values "
            "in the natural range; a decimal or float one too, for the fractional ranges and "
            "those up to 100:",
            "",
            md_table(["column names", "values"], grouped(N._EXACT, lambda n: f"`{n}`")),
            "",
            "and so do longer names ending in one of these words (`star_rating`, "
            "`discount_pct`, `login_attempts`):",
            "",
            md_table(["last word", "values"], grouped(N._LAST, lambda n: f"`…_{n}`")),
            "",
            "An integer length of time (a name with one of "
            f"{listed(N._DURATION_WORDS)}, or ending in a unit) is sized by its unit "
            f"({plain_duration} without one):",
            "",
            md_table(["unit word", "values"], grouped(N._DURATIONS, lambda n: f"`…_{n}`")),
            "",
            f"Integer parts of a date split over columns: {parts} (a valid date with its "
            f"month and year); years {birth} for a birth, {past} for what already "
            f"happened, {other} otherwise. Integer counts (a name ending in "
            f"{listed(N._COUNTS)}) are {counts}.",
            "",
            "Integer flags are 0 or 1: a one-word name among "
            f"{listed(N._FLAG_WORDS)}, a name starting with {listed(N._FLAG_PREFIX)}, or "
            "ending in `flag`; 1 as often as the boolean flag of that name would be true, "
            "and rarely for a name with one of "
            f"{listed(N._RARE_FLAGS)}.",
        ]
    )


def _duration(seconds: float) -> str:
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600),
                       ("minutes", 60)):  # fmt: skip
        if seconds >= size:
            value = seconds / size
            return f"{value:g} {unit if value != 1 else unit[:-1]}"
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


def render_timeline() -> str:
    """Time runs forward: the roles of ``values/time_names.py``, what each follows, the gap."""
    from pytest_dbseed.engine.values import time_names as T

    words: dict[str, list[str]] = {}
    for word, role in T.ROLE_WORDS.items():
        words.setdefault(role, []).append(word)
    rows = []
    for role, role_words in words.items():
        after = T.BEFORE.get(role, ())
        gap = T.GAPS.get(role)
        rows.append(
            [
                f"`{role}`",
                ", ".join(f"`{w}`" for w in role_words),
                ", ".join(f"`{a}`" for a in after) or "—",
                f"{_duration(gap.low)} to {_duration(gap.high)}" if gap and after else "",
            ]
        )
    return (
        "A date, timestamp or epoch column takes a role from a word of its name; within a "
        "row, a column comes after the first of the roles it follows that the table has "
        "(with the same subject: `trial_starts_at` / `trial_ends_at`), by a gap drawn per "
        "row:\n\n"
        + md_table(["role", "words", "comes after (nearest first)", "gap"], rows)
        + "\n\nIn travel tables (a table named for a "
        + ", ".join(f"`{w}`" for w in sorted(T._TRAVEL_WORDS))
        + ") the departure comes first. A nullable later column stays NULL in some rows "
        "(an open `ended_at`); a CHECK relation between two columns wins over what the "
        "names imply."
    )


RENDERERS: dict[str, Callable[[], str]] = {
    "types": render_types,
    "records": render_records,
    "natural": render_natural,
    "timeline": render_timeline,
    "semantics": render_semantics,
    "vocabulary": render_vocabulary,
}
