"""Markdown for the reference pages, rendered from the code at build time.

Each ``render_*`` function returns the Markdown that replaces a ``<!-- dbseed:NAME -->``
line in a page (see ``dbseed_docs.py``). They read the plugin's option table
(``pytest_dbseed.config.OPTIONS``), the ``seed`` marker's signature, the fixtures the
plugin registers, the ``dbseed`` argument parser and the engine's type families and
column-name semantics, so the pages say what the installed code does.

Importable without MkDocs (``tests/test_docs.py`` calls these functions directly).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import decimal
import html
import inspect
import json
import os
import re
import textwrap
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- text


_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def unrole(text: str) -> str:
    """Sphinx cross-reference roles as inline code (the last part with a leading ``~``)."""

    def plain(match: re.Match[str]) -> str:
        tilde, target = match.group(1), match.group(2)
        return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"

    return _ROLE.sub(plain, text)


def rst_to_md(text: str) -> str:
    """A docstring's reST bits in Markdown: roles, ````literals```` and ``::`` blocks."""
    lines = unrole(inspect.cleandoc(text)).replace("``", "`").splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::"):
            head = line.rstrip()[:-2].rstrip()
            if head:
                out.append(head + ":")
            i += 1
            block: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" ")):
                block.append(lines[i])
                i += 1
            code = textwrap.dedent("\n".join(block)).strip("\n")
            out += ["", "```python", code, "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out).strip()


def _cell(text: object) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: object) -> str:
    """Inline code for a table cell, whatever characters ``text`` holds."""
    value = html.escape(" ".join(str(text).split())).replace("|", "&#124;")
    return f"<code>{value}</code>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    return rst_to_md(doc).split("\n\n", 1)[0]


# --------------------------------------------------------------------------- options


def _default_text(opt: Any) -> str:
    if getattr(opt, "is_flag", False):
        return "off" if not opt.default else "on"
    if opt.default is None:
        return ""
    return f"`{opt.default}`"


def _named_values(text: str) -> str:
    """``One of `BACKENDS`.`` with the values of the config module's tuple spelled out."""
    from pytest_dbseed import config

    def spell(match: re.Match[str]) -> str:
        value = getattr(config, match.group(1), None)
        if isinstance(value, tuple):
            return ", ".join(f"`{v}`" for v in value)
        return match.group(0)

    return re.sub(r"`([A-Z][A-Z_]+)`", spell, text)


def render_options() -> str:
    """Every option of ``pytest_dbseed.config.OPTIONS``: flag, ini key, environment, default."""
    from pytest_dbseed.config import OPTIONS

    rows = []
    for opt in OPTIONS:
        flag = opt.flag or ""
        if flag and opt.metavar and not opt.is_flag:
            flag = f"{flag}={opt.metavar}"
        accepts = _named_values(_first_paragraph(getattr(opt.parse, "__doc__", None)))
        rows.append(
            [
                _cell(f"`{flag}`") if flag else "",
                f"`{opt.ini}`" if opt.ini else "",
                f"`{opt.env}`" if opt.env else "",
                _default_text(opt),
                _cell(opt.help),
                _cell(accepts) if not opt.is_flag else "a flag; the ini key takes true/false",
            ]
        )
    known = {opt.flag for opt in OPTIONS} | {opt.ini for opt in OPTIONS}
    flags, inis = registered_options()
    for flag, help_text in flags.items():
        if flag not in known:
            rows.append([f"`{flag}`", "", "", "", _cell(help_text), ""])
    for ini, help_text in inis.items():
        if ini not in known:
            rows.append(["", f"`{ini}`", "", "", _cell(help_text), ""])
    return _table(["flag", "ini key", "environment", "default", "meaning", "value"], rows)


def registered_options() -> tuple[dict[str, str], dict[str, str]]:
    """({flag: help}, {ini key: help}) of what the plugin's ``pytest_addoption`` registers,
    so that an option added outside the option table still shows up."""
    import pytest

    from pytest_dbseed import plugin

    parser = pytest.Parser(_ispytest=True)
    plugin.pytest_addoption(parser)
    flags = {
        name: str(option.attrs().get("help", ""))
        for group in parser._groups
        for option in group.options
        for name in option.names()
        if name.startswith("--")
    }
    inis = {name: str(spec[0]) for name, spec in parser._inidict.items()}
    return flags, inis


# --------------------------------------------------------------------------- marker


_HELPERS = ("rows", "fake", "DEFAULT", "skewed", "uniform")


def render_marker() -> str:
    """The ``seed`` marker: its help text, signature, parameters and the value helpers."""
    from pytest_dbseed import spec
    from pytest_dbseed.markers import MARKER_HELP, MARKER_NAME, seed_signature

    head, _, rest = MARKER_HELP.partition("): ")
    head += ")"
    parts = [
        "```",
        f"@pytest.mark.{head}",
        "```",
        "",
        f"`pytest --markers` says: *{_cell(rest)}*",
        "",
    ]
    rows = []
    for param in inspect.signature(seed_signature).parameters.values():
        if param.kind is param.VAR_POSITIONAL:
            name, what = f"*{param.name}", "dicts mapping a model, table name or `Table` to a count"
        elif param.kind is param.VAR_KEYWORD:
            name, what = f"**{param.name}", "class or table name = a count"
        else:
            name, what = param.name, f"keyword, default `{param.default!r}`"
        rows.append([f"`{name}`", what])
    parts += [_table(["parameter", "takes"], rows), ""]
    parts += [
        f"A count is an `int >= 0` or `rows(n, column=override, ...)`, in "
        f"`@pytest.mark.{MARKER_NAME}`, `dbseed.add()` and `seed(counts=...)` alike; "
        "these build counts and overrides (all importable from `pytest_dbseed`):",
        "",
    ]
    helper_rows = []
    for name in _HELPERS:
        obj = getattr(spec, name)
        if inspect.isfunction(obj):
            sig = f"{name}{_plain_signature(obj)}"
            text = _first_paragraph(obj.__doc__)
            returned = getattr(spec, str(inspect.signature(obj).return_annotation), None)
            if text.startswith(f"`{name}(") and isinstance(returned, type):
                # The function's docstring is an example: say first what it makes.
                text = f"{_first_paragraph(returned.__doc__)} E.g. {text}"
        else:
            sig = name
            text = _first_paragraph(_attribute_doc(spec, name))
        helper_rows.append([f"`{_cell(sig)}`", _cell(text)])
    parts.append(_table(["name", "what it is"], helper_rows))
    return "\n".join(parts)


def _plain_signature(fn: Callable[..., Any]) -> str:
    """``(count, **overrides)``: the parameters without annotations."""
    sig = inspect.signature(fn)
    params = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


def _attribute_doc(module: Any, name: str) -> str | None:
    """The docstring written under ``NAME = ...`` in a module's source."""
    source = inspect.getsource(module)
    match = re.search(rf'^{name}\b[^\n]*=.*?\n"""(.*?)"""', source, re.S | re.M)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- fixtures


def _fixture_info(obj: Any) -> tuple[str, str, Callable[..., Any]] | None:
    """(name, scope, function) of a pytest fixture definition, or None for anything else."""
    marker = getattr(obj, "_fixture_function_marker", None)  # pytest >= 8.4
    if marker is not None:
        function = obj._get_wrapped_function()
    else:
        marker = getattr(obj, "_pytestfixturefunction", None)  # older pytest
        function = obj
    if marker is None:
        return None
    name = marker.name or getattr(obj, "name", None) or function.__name__
    return name, str(marker.scope or "function"), function


def fixtures() -> list[tuple[str, str, str]]:
    """(name, scope, docstring) of every public fixture the plugin registers."""
    from pytest_dbseed import plugin

    found = []
    for value in vars(plugin).values():
        info = _fixture_info(value)
        if info is not None and not info[0].startswith("_"):
            name, scope, function = info
            found.append((name, scope, inspect.getdoc(function) or ""))
    return found


def render_fixtures() -> str:
    """A summary table and one section per fixture, from the fixtures' docstrings."""
    found = fixtures()
    parts = [
        _table(
            ["fixture", "scope", "gives"],
            ([f"[`{n}`](#{n})", s, _cell(_first_paragraph(d))] for n, s, d in found),
        ),
        "",
    ]
    for name, scope, doc in found:
        parts += [f"## `{name}` {{#{name}}}", "", f"*scope: {scope}*", "", rst_to_md(doc), ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- CLI


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    # argparse wraps to the terminal's width: fix it so the page does not depend on it.
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def _expand(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" not in text:
        return text
    values = dict(vars(action), prog=prog)
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


def _argument_rows(parser: argparse.ArgumentParser) -> list[list[str]]:
    rows = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            takes = action.nargs != 0
            if takes:
                meta = action.metavar or (
                    "{" + ",".join(map(str, action.choices)) + "}"
                    if action.choices
                    else action.dest.upper()
                )
                name = f"{name} {meta}"
        else:
            name = str(action.metavar or action.dest)
        default = action.default
        shown = (
            ""
            if default in (None, False, [], argparse.SUPPRESS)
            or isinstance(action, argparse._HelpAction | argparse._VersionAction)
            else f"`{default}`"
        )
        rows.append([_code(name), shown, _cell(_expand(action, parser.prog))])
    return rows


def render_cli() -> str:
    """``dbseed`` and each subcommand: description, usage and arguments, from the parser."""
    from pytest_dbseed.cli import build_parser

    with _columns(88):
        parser = build_parser()
        parts = [
            _cell(parser.description or ""),
            "",
            "```console",
            parser.format_usage().strip(),
            "```",
            "",
        ]
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        helps = {c.dest: c.help for c in sub._choices_actions}
        parts.append(
            _table(
                ["command", "does"],
                ([f"[`dbseed {n}`](#dbseed-{n})", _cell(helps.get(n, ""))] for n in sub.choices),
            )
        )
        parts += ["", _table(["argument", "default", "meaning"], _argument_rows(parser)), ""]
        for name, command in sub.choices.items():
            parts += [
                f"## `dbseed {name}` {{#dbseed-{name}}}",
                "",
                _cell(command.description or helps.get(name, "")),
                "",
                "```console",
                command.format_usage().strip(),
                "```",
                "",
                _table(["argument", "default", "meaning"], _argument_rows(command)),
                "",
            ]
    return "\n".join(parts)


# --------------------------------------------------------------------------- generated values


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
                "<br>".join(_code(show(v)) for v in values),
            ]
        )
    return _table(["column type", "kind", f"first {_SAMPLES} values (seed 0)"], rows)


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
    rows = ([_code(show(batch[n][i])) for n in names] for i in range(_SAMPLES))
    return header + "\n\n" + _table([f"`{n}`" for n in names], rows)


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


def _main_kind(kinds: frozenset[str]) -> str:
    return next(k for k in _KIND_ORDER if k in kinds)


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
            values = "<br>".join(_code(show(v)) for v in samples[name])
        min_len = f"{sem.min_length}" if "str" in sem.kinds and sem.min_length > 1 else ""
        rows.append([f"`{name}`", kinds, _cell(_source_text(sem)), min_len, where, values])
    return f"{len(SEMANTICS)} semantics.\n\n" + _table(
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
        _table(
            ["semantic", "column names"], ([f"`{s}`", words(n)] for s, n in sorted(by_sem.items()))
        ),
        "",
        "### Last words",
        "",
        "Otherwise the last word of a longer name decides (`billing_city`, `unit_price`):",
        "",
        _table(
            ["semantic", "last word"],
            ([f"`{s}`", words(n)] for s, n in sorted(last_by_sem.items())),
        ),
        "",
        "### Generic words, read in context",
        "",
        "A generic column word means what its table (or its own qualifier) is about; "
        "the first rule whose words meet the table's words wins:",
        "",
        _table(
            ["column word", "table words", "semantic"],
            (
                [f"`{word}`", _cell(words(ws)), f"`{sem}`"]
                for word, rules in V._IN_TABLE.items()
                for ws, sem in rules
            ),
        ),
        "",
        "and, failing that, what the sibling columns are about:",
        "",
        _table(
            ["column word", "sibling words", "semantic"],
            (
                [f"`{word}`", _cell(words(ws)), f"`{sem}`"]
                for word, rules in V._NEAR.items()
                for ws, sem in rules
            ),
        ),
        "",
        "### `name` columns",
        "",
        "A `name` column (or `<qualifier>_name`) means what its qualifier or table is:",
        "",
        _table(
            ["qualifier or table", "semantic"],
            _grouped(V._NAME_CONTEXT.items(), words),
        ),
        "",
        "### Identifiers by length",
        "",
        "A string `*_id` / `*_uuid` column of exactly this length holds this identifier; "
        "longer or unbounded ones a hyphenated UUID:",
        "",
        _table(["length", "semantic"], ([str(n), f"`{s}`"] for n, s in V._ID_BY_LENGTH)),
        "",
        "### Short columns",
        "",
        "A name whose usual value does not fit the column gets its code form:",
        "",
        _table(
            ["semantic", "up to length", "becomes"],
            (
                [f"`{sem}`", str(limit), f"`{short}`"]
                for sem, forms in V._SHORT_FORMS.items()
                for limit, short in forms
            ),
        ),
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
        _table(["semantic", "words"], _grouped(V._TIME_WORDS.items(), words)),
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
        return [[", ".join(names), _cell(text)] for text, names in by_range.items()]

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
            _table(["column names", "values"], grouped(N._EXACT, lambda n: f"`{n}`")),
            "",
            "and so do longer names ending in one of these words (`star_rating`, "
            "`discount_pct`, `login_attempts`):",
            "",
            _table(["last word", "values"], grouped(N._LAST, lambda n: f"`…_{n}`")),
            "",
            "An integer length of time (a name with one of "
            f"{listed(N._DURATION_WORDS)}, or ending in a unit) is sized by its unit "
            f"({plain_duration} without one):",
            "",
            _table(["unit word", "values"], grouped(N._DURATIONS, lambda n: f"`…_{n}`")),
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
        + _table(["role", "words", "comes after (nearest first)", "gap"], rows)
        + "\n\nIn travel tables (a table named for a "
        + ", ".join(f"`{w}`" for w in sorted(T._TRAVEL_WORDS))
        + ") the departure comes first. A nullable later column stays NULL in some rows "
        "(an open `ended_at`); a CHECK relation between two columns wins over what the "
        "names imply."
    )


# --------------------------------------------------------------------------- recipes


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def _summary(path: Path) -> str:
    """The first sentence of the first paragraph of prose after the title."""
    paragraph: list[str] = []
    seen_title = in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
            if paragraph:
                break
            continue
        if in_code:
            continue
        if line.startswith("# "):
            seen_title = True
            continue
        if not seen_title:
            continue
        if line.strip() and not line.startswith(("#", "!!!", "|", "<!--", "    ")):
            paragraph.append(line.strip())
        elif paragraph:
            break
    text = " ".join(paragraph)
    return re.split(r"(?<=[.:])\s", text, maxsplit=1)[0]


def recipe_pages(docs_dir: Path) -> list[str]:
    """Every recipe page (``recipes/*.md`` but the index, and ``loading-at-scale.md``)."""
    pages = sorted(
        p.relative_to(docs_dir).as_posix()
        for p in (docs_dir / "recipes").glob("*.md")
        if p.name != "index.md"
    )
    if (docs_dir / "loading-at-scale.md").is_file():
        pages.append("loading-at-scale.md")
    return pages


def render_recipes(docs_dir: Path) -> str:
    """A list of the recipe pages present, each with its title and first sentence."""
    items = []
    for page in recipe_pages(docs_dir):
        path = docs_dir / page
        link = Path(os.path.relpath(path, docs_dir / "recipes")).as_posix()
        items.append(f"- [{_title(path)}]({link}): {_summary(path)}")
    return "\n".join(items)


RENDERERS: dict[str, Callable[[], str]] = {
    "options": render_options,
    "marker": render_marker,
    "fixtures": render_fixtures,
    "cli": render_cli,
    "types": render_types,
    "records": render_records,
    "natural": render_natural,
    "timeline": render_timeline,
    "semantics": render_semantics,
    "vocabulary": render_vocabulary,
}
