"""The documentation site: generated reference pages say what the code does, the strict
build passes, and the tutorial's example project runs as the tutorial says."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TUTORIAL = ROOT / "examples" / "tutorial"


def _hook_module(name: str) -> ModuleType:
    """A module of docs/_hooks, loaded from its file as MkDocs loads the hooks."""
    spec = importlib.util.spec_from_file_location(name, DOCS / "_hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    """docs/_hooks/reference_gen.py: options, marker, fixtures, CLI, recipes."""
    return _hook_module("reference_gen")


@pytest.fixture(scope="module")
def values() -> ModuleType:
    """docs/_hooks/generated_gen.py: what the engine generates."""
    return _hook_module("generated_gen")


def test_options_page_lists_every_option_of_the_option_table(gen: ModuleType) -> None:
    from pytest_dbseed.config import OPTIONS

    page = gen.render_options()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    for opt, row in zip(OPTIONS, rows):
        if opt.flag:
            assert f"`{opt.flag}" in row
        if opt.ini:
            assert f"`{opt.ini}`" in row
        if opt.env:
            assert f"`{opt.env}`" in row
    assert "`auto`, `docker`, `local`, `url`" in page  # BACKENDS spelled out
    # Whatever pytest_addoption registers is on the page, in the option table or not.
    flags, inis = gen.registered_options()
    assert flags and inis
    for flag in flags:
        assert f"`{flag}" in page, flag
    for ini in inis:
        assert f"`{ini}`" in page, ini


def test_fixtures_page_has_every_public_fixture_with_its_docstring(gen: ModuleType) -> None:
    from pytest_dbseed import plugin

    found = {name: (scope, doc) for name, scope, doc in gen.fixtures()}
    assert set(plugin.__all__) <= set(found)
    assert found["dbseed_engine"][0] == "session"
    assert found["seeded_session"][0] == "function"
    page = gen.render_fixtures()
    for name in found:
        assert f"## `{name}` {{#{name}}}" in page
    # The reST literal block of dbseed_metadata's docstring became a fenced block.
    assert '```python\n@pytest.fixture(scope="session")\ndef dbseed_metadata():' in page


def test_marker_page_shows_the_signature_and_every_parameter(gen: ModuleType) -> None:
    import inspect

    from pytest_dbseed.markers import seed_signature

    page = gen.render_marker()
    assert "@pytest.mark.seed(*counts: dict, only=False, **counts)" in page
    for name in inspect.signature(seed_signature).parameters:
        assert f"{name}`" in page
    for helper in ("rows(count, **overrides)", "fake(provider, *args, **kwargs)", "skewed(s=0.8)"):
        assert helper in page


def test_cli_page_has_every_command_and_flag(gen: ModuleType) -> None:
    from pytest_dbseed.cli import build_parser

    page = gen.render_cli()
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert f"## `dbseed {name}`" in page
        for action in command._actions:
            for flag in action.option_strings:
                assert f"<code>{flag}" in page or f", {flag}" in page, (name, flag)


def test_types_page_generates_every_type_and_none_is_unsupported(values: ModuleType) -> None:
    page = values.render_types()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert len(rows) == len(values._type_samples())
    assert "`unsupported`" not in page
    # Three values per type, none of them NULL: the columns are NOT NULL.
    assert all(row.count("<code>") == 3 for row in rows)
    assert "NULL" not in page


def test_records_example_shows_one_person_per_row(values: ModuleType) -> None:
    page = values.render_records()
    rows = [line for line in page.splitlines() if line.startswith("| <code>")]
    assert len(rows) == 3
    for row in rows:
        cells = re.findall(r"<code>(.*?)</code>", row)
        first, last, email = cells[1].lower(), cells[2].lower(), cells[3]
        assert first.split()[0] in email or last.split()[-1] in email, row


def test_semantics_page_lists_every_semantic_with_a_detected_example(values: ModuleType) -> None:
    from pytest_dbseed.engine.semantics import SEMANTICS, detect

    page = values.render_semantics()
    for name in SEMANTICS:
        assert f"| `{name}` |" in page
    examples = values.semantic_examples()
    # Every example column really is detected as its semantic.
    for name, (table, column, kind, length) in examples.items():
        coltype = values._column_type(kind, length)
        assert detect(table, column, kind, getattr(coltype, "length", None)).name == name
    assert len(examples) >= 0.95 * len(SEMANTICS)


def test_natural_ranges_and_timeline_come_from_the_engine_tables(values: ModuleType) -> None:
    from pytest_dbseed.engine.values import natural, time_names

    ranges = values.render_natural()
    for name in natural._EXACT:
        assert f"`{name}`" in ranges
    assert "| `…_ms`, `…_millis`, `…_msec`, `…_milliseconds` | 1 to 60,000 |" in ranges
    timeline = values.render_timeline()
    for role, after in time_names.BEFORE.items():
        assert f"| `{role}` |" in timeline
        assert ", ".join(f"`{a}`" for a in after) in timeline


def test_rst_in_docstrings_becomes_markdown(gen: ModuleType) -> None:
    text = _hook_module("markdown_text").rst_to_md(
        """Use :func:`resolve` or :class:`~pytest_dbseed.errors.ConfigError`, ``x``::

            seed(engine)

        Done."""
    )
    assert text == ("Use `resolve` or `ConfigError`, `x`:\n\n```python\nseed(engine)\n```\n\nDone.")


def test_recipes_index_lists_every_recipe_page(gen: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "recipes").mkdir()
    (tmp_path / "recipes" / "index.md").write_text("# Recipes\n")
    (tmp_path / "recipes" / "alpha.md").write_text("# Alpha things\n\nDo alpha. Then more.\n")
    (tmp_path / "loading-at-scale.md").write_text("# At scale\n\nBig loads.\n")
    listing = gen.render_recipes(tmp_path)
    assert listing.splitlines() == [
        "- [Alpha things](alpha.md): Do alpha.",
        "- [At scale](../loading-at-scale.md): Big loads.",
    ]
    real = gen.render_recipes(DOCS)
    for page in (DOCS / "recipes").glob("*.md"):
        if page.name != "index.md":
            assert f"]({page.name})" in real


def test_recipe_pages_missing_from_the_nav_are_added_to_it(tmp_path: Path) -> None:
    hooks = _hook_module("dbseed_docs")
    (tmp_path / "recipes").mkdir()
    for name in ("index.md", "xdist.md", "alembic.md"):
        (tmp_path / "recipes" / name).write_text(f"# {name[:-3].title()} page\n")
    (tmp_path / "loading-at-scale.md").write_text("# Loading at scale\n")
    nav = [
        {"Home": "index.md"},
        {"How-to recipes": ["recipes/index.md", {"xdist": "recipes/xdist.md"}]},
    ]
    config = hooks.on_config({"docs_dir": str(tmp_path), "nav": nav})
    assert config["nav"][1]["How-to recipes"] == [
        "recipes/index.md",
        {"xdist": "recipes/xdist.md"},
        {"Alembic page": "recipes/alembic.md"},
        {"Loading at scale": "loading-at-scale.md"},
    ]
    with pytest.raises(ValueError, match="unknown placeholder <!-- dbseed:nope -->"):

        class Page:
            class file:
                src_uri = "x.md"

        hooks.on_page_markdown("<!-- dbseed:nope -->", Page(), config, None)


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        pytest.importorskip(module, reason="the docs extra is not installed")
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    options = (site / "reference" / "options" / "index.html").read_text()
    assert "--dbseed-seed" in options and "DBSEED_URL" in options
    api = (site / "reference" / "api" / "index.html").read_text()
    assert 'id="pytest_dbseed.seed"' in api and 'id="pytest_dbseed.DbseedHandle.add"' in api
    tutorial = (site / "tutorial" / "index.html").read_text()
    # The example's files are included as they are (highlighted, so split into spans).
    assert "ck_product_price_positive" in tutorial and "revenue_by_customer" in tutorial
    assert "--8&lt;--" not in tutorial and "--8<--" not in tutorial
    assert "<!-- dbseed:" not in "".join(p.read_text() for p in site.rglob("*.html"))


@pytest.mark.slow
def test_the_tutorial_project_runs_as_the_tutorial_says(pg_server_url: sa.URL) -> None:
    env = dict(
        os.environ,
        DBSEED_URL=pg_server_url.render_as_string(hide_password=False),
        COLUMNS="80",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly",
         "--seed-count=50", "-W", "ignore::DeprecationWarning"],
        cwd=TUTORIAL, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "5 passed" in proc.stdout

    # The summary the tutorial shows is what pytest prints (times aside; the server line
    # depends on the backend).
    def norm(line: str) -> str:
        return re.sub(r"\d+\.\d+s\b", "N.NNs", line.strip())

    printed = {norm(line) for line in proc.stdout.splitlines()}
    page = (DOCS / "tutorial.md").read_text()
    block = re.search(r"The terminal\s+summary says.*?```\n(.*?)```", page, re.S)
    assert block is not None, "the tutorial's summary block is gone: update this test"
    shown = [line for line in block[1].splitlines() if not line.startswith("seed ")]
    assert len(shown) >= 4
    for line in shown:
        assert norm(line) in printed, (
            f"docs/tutorial.md shows {line!r}, which pytest no longer prints: update the "
            f"tutorial from this run:\n{proc.stdout[-1500:]}"
        )
