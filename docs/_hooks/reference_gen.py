"""Markdown for the reference pages, rendered from the code at build time.

Each ``render_*`` function returns the Markdown that replaces a ``<!-- dbseed:NAME -->``
line in a page (see ``dbseed_docs.py``): the plugin's option table
(``pytest_dbseed.config.OPTIONS``), the ``seed`` marker's signature, the fixtures the
plugin registers and the ``dbseed`` argument parser; ``generated_gen`` renders what the
engine generates. The pages say what the installed code does.

Importable without MkDocs (``tests/test_docs.py`` calls these functions directly).
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generated_gen  # noqa: E402 - beside this file
from markdown_text import cell, code, first_paragraph, md_table, rst_to_md, unrole  # noqa: E402

__all__ = ["RENDERERS", "fixtures", "recipe_pages", "registered_options", "render_recipes",
           "rst_to_md", "unrole"]  # fmt: skip


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
        accepts = _named_values(first_paragraph(getattr(opt.parse, "__doc__", None)))
        rows.append(
            [
                cell(f"`{flag}`") if flag else "",
                f"`{opt.ini}`" if opt.ini else "",
                f"`{opt.env}`" if opt.env else "",
                _default_text(opt),
                cell(opt.help),
                cell(accepts) if not opt.is_flag else "a flag; the ini key takes true/false",
            ]
        )
    known = {opt.flag for opt in OPTIONS} | {opt.ini for opt in OPTIONS}
    flags, inis = registered_options()
    for flag, help_text in flags.items():
        if flag not in known:
            rows.append([f"`{flag}`", "", "", "", cell(help_text), ""])
    for ini, help_text in inis.items():
        if ini not in known:
            rows.append(["", f"`{ini}`", "", "", cell(help_text), ""])
    return md_table(["flag", "ini key", "environment", "default", "meaning", "value"], rows)


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
        f"`pytest --markers` says: *{cell(rest)}*",
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
    parts += [md_table(["parameter", "takes"], rows), ""]
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
            text = first_paragraph(obj.__doc__)
            returned = getattr(spec, str(inspect.signature(obj).return_annotation), None)
            if text.startswith(f"`{name}(") and isinstance(returned, type):
                # The function's docstring is an example: say first what it makes.
                text = f"{first_paragraph(returned.__doc__)} E.g. {text}"
        else:
            sig = name
            text = first_paragraph(_attribute_doc(spec, name))
        helper_rows.append([f"`{cell(sig)}`", cell(text)])
    parts.append(md_table(["name", "what it is"], helper_rows))
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
        md_table(
            ["fixture", "scope", "gives"],
            ([f"[`{n}`](#{n})", s, cell(first_paragraph(d))] for n, s, d in found),
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
        rows.append([code(name), shown, cell(_expand(action, parser.prog))])
    return rows


def render_cli() -> str:
    """``dbseed`` and each subcommand: description, usage and arguments, from the parser."""
    from pytest_dbseed.cli import build_parser

    with _columns(88):
        parser = build_parser()
        parts = [
            cell(parser.description or ""),
            "",
            "```console",
            parser.format_usage().strip(),
            "```",
            "",
        ]
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        helps = {c.dest: c.help for c in sub._choices_actions}
        parts.append(
            md_table(
                ["command", "does"],
                ([f"[`dbseed {n}`](#dbseed-{n})", cell(helps.get(n, ""))] for n in sub.choices),
            )
        )
        parts += ["", md_table(["argument", "default", "meaning"], _argument_rows(parser)), ""]
        for name, command in sub.choices.items():
            parts += [
                f"## `dbseed {name}` {{#dbseed-{name}}}",
                "",
                cell(command.description or helps.get(name, "")),
                "",
                "```console",
                command.format_usage().strip(),
                "```",
                "",
                md_table(["argument", "default", "meaning"], _argument_rows(command)),
                "",
            ]
    return "\n".join(parts)


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
    **generated_gen.RENDERERS,
}
