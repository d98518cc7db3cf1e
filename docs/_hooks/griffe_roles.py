"""A griffe extension (mkdocs.yml, mkdocstrings options): reST in docstrings as Markdown.

The package's docstrings use ``:func:`resolve``` roles, ````literals```` and ``::``
literal blocks (they read well in ``help()`` and editors); the API pages render them
through ``markdown_text.rst_to_md`` as inline code and fenced blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import griffe

sys.path.insert(0, str(Path(__file__).resolve().parent))

from markdown_text import rst_to_md  # noqa: E402 - beside this file


class ReSTToMarkdown(griffe.Extension):
    """Rewrites every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rst_to_md(obj.docstring.value)
