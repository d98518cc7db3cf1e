"""Markdown helpers of the docs hooks: reST docstrings in Markdown, table cells, tables."""

from __future__ import annotations

import html
import inspect
import re
import textwrap
from collections.abc import Iterable, Sequence

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


def cell(text: object) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text: object) -> str:
    """Inline code for a table cell, whatever characters ``text`` holds."""
    value = html.escape(" ".join(str(text).split())).replace("|", "&#124;")
    return f"<code>{value}</code>"


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def first_paragraph(doc: str | None) -> str:
    if not doc:
        return ""
    return rst_to_md(doc).split("\n\n", 1)[0]
