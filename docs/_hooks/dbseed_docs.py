"""MkDocs hooks of the pytest-dbseed site (``hooks:`` in mkdocs.yml).

* ``on_config``: snippets are included from the repository root; recipe pages the nav
  does not list yet (``docs/recipes/*.md``, and ``docs/loading-at-scale.md``) are added
  to the "How-to recipes" section, so a new recipe needs no edit of mkdocs.yml and a
  missing one breaks nothing.
* ``on_page_markdown``: a line ``<!-- dbseed:NAME -->`` is replaced by the Markdown
  ``reference_gen.RENDERERS[NAME]`` renders from the code (options, marker, fixtures,
  CLI; and from ``generated_gen``: types, records, semantics, natural ranges, times),
  or by the list of recipes for ``<!-- dbseed:recipes -->``. An unknown NAME fails the
  build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_gen  # noqa: E402 - beside this file, importable once the path is set

_PLACEHOLDER = re.compile(r"^<!-- dbseed:([a-z_-]+) -->$", re.M)
_RECIPES_SECTION = "How-to recipes"


def _listed(nav: Any) -> set[str]:
    pages: set[str] = set()
    if isinstance(nav, str):
        pages.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            pages |= _listed(value)
    elif isinstance(nav, list):
        for item in nav:
            pages |= _listed(item)
    return pages


def on_config(config: Any) -> Any:
    docs_dir = Path(config["docs_dir"])
    # Snippets (`--8<-- "examples/..."`) are paths from the repository root, wherever
    # mkdocs runs from.
    config_file = config.get("config_file_path")
    snippets = config.get("mdx_configs", {}).get("pymdownx.snippets")
    if config_file and snippets is not None:
        snippets["base_path"] = [str(Path(config_file).resolve().parent)]
    nav = config.get("nav")
    if not nav:
        return config
    section = next(
        (item for item in nav if isinstance(item, dict) and _RECIPES_SECTION in item), None
    )
    if section is None:
        return config
    listed = _listed(nav)
    for page in reference_gen.recipe_pages(docs_dir):
        if page not in listed:
            section[_RECIPES_SECTION].append({reference_gen._title(docs_dir / page): page})
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    docs_dir = Path(config["docs_dir"])

    def render(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "recipes":
            return reference_gen.render_recipes(docs_dir)
        renderer = reference_gen.RENDERERS.get(name)
        if renderer is None:
            raise ValueError(
                f"{page.file.src_uri}: unknown placeholder <!-- dbseed:{name} -->; known: "
                f"recipes, {', '.join(reference_gen.RENDERERS)}"
            )
        return renderer()

    return _PLACEHOLDER.sub(render, markdown)
