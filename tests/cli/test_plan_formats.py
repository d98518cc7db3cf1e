"""``dbseed plan``: the plan as text, JSON, a Mermaid flowchart and Graphviz dot."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from pytest_dbseed.cli import PLAN_FORMATS, main
from pytest_dbseed.engine.diagram import FORMATS, printable
from tests.cli.schemas import HOSTILE_TABLES
from tests.cli.test_seed_reflected import every_table


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


# --------------------------------------------------------------- a Mermaid flowchart reader

_NODE = re.compile(r'^    (t\d+)\["([^"]*)"\]$')
_EDGE = re.compile(r'^    (t\d+) (-->|-\.->|==>)\|"([^"]*)"\| (t\d+)$')
_CLASSDEF = re.compile(r"^    classDef reference stroke-dasharray: 5 5$")
_CLASS = re.compile(r"^    class (t\d+(?:,t\d+)*) reference$")
_ENTITY = re.compile(r"#(\w+);")
_NAMED = {"quot": '"', "amp": "&", "lt": "<", "gt": ">"}


def _decode(label: str) -> str:
    """A Mermaid label as it is shown: entity codes decoded."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code)) if code.isdigit() else _NAMED[code]

    return _ENTITY.sub(one, label)


def _check_label(label: str) -> None:
    bare = label.replace("<br/>", "")
    assert not re.search(r"[<>`|\"]", bare), f"unescaped character in label {label!r}"
    assert "#" not in _ENTITY.sub("", bare), f"a # that is no entity in {label!r}"


def read_mermaid(source: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str, str]]]:
    """Nodes (id -> label lines, decoded) and edges (from, arrow, label, to) of the
    flowchart subset ``dbseed plan`` writes; any other line fails the test."""
    lines = source.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    nodes: dict[str, list[str]] = {}
    edges: list[tuple[str, str, str, str]] = []
    for line in lines[1:]:
        if m := _NODE.match(line):
            _check_label(m.group(2))
            assert m.group(1) not in nodes, f"node {m.group(1)} declared twice"
            nodes[m.group(1)] = [_decode(part) for part in m.group(2).split("<br/>")]
        elif m := _EDGE.match(line):
            _check_label(m.group(3))
            src, arrow, label, dst = m.groups()
            assert src in nodes and dst in nodes, f"edge between undeclared nodes: {line!r}"
            edges.append((src, arrow, _decode(label), dst))
        elif _CLASSDEF.match(line):
            pass
        elif m := _CLASS.match(line):
            assert all(i in nodes for i in m.group(1).split(","))
        else:
            raise AssertionError(f"not a flowchart statement: {line!r}")
    return nodes, edges


# --------------------------------------------------------------- tests


def test_the_two_lists_of_formats_agree() -> None:
    assert PLAN_FORMATS == FORMATS


def test_plan_url_text_shows_counts_keys_and_deferrals_and_writes_nothing(realistic_url) -> None:
    before = every_table(realistic_url)
    code, out, err = run("plan", "--url", text(realistic_url), "--exclude", "country",
                         "--count", "7", "--rows", "sales.order_line=70")  # fmt: skip
    assert code == 0, err
    assert every_table(realistic_url) == before
    assert out.startswith("seed 0: 119 rows in 8 tables (reflected from ")
    assert "***" in out and str(realistic_url.password) not in out
    assert re.search(r"\d+\. sales\.order_line +70\n", out)
    assert "country" in out and "(not written: 3 rows there, excluded)" in out
    assert "-> sales.order (last_order_id -> id)  [deferred: written NULL, filled by UPDATE]" in out
    assert (
        "-> sales.member (lead_id -> id)  [deferred constraint: NOT NULL, checked at commit]" in out
    )
    assert "-> customer (referrer_id -> id)  [self: earlier rows]" in out
    assert "-> sales.order_line (order_id, line_no)" in out
    assert "skipped: audit.event_2024 (partition of audit.event)" in out
    assert "alembic_version (Alembic migrations)" in out


def test_plan_notes_tables_a_seed_would_refuse(realistic_url) -> None:
    code, out, _ = run("plan", "--url", text(realistic_url))
    assert code == 0
    assert (
        "note: these tables hold rows, so dbseed seed refuses them without --append: country (3 rows)"
        in out
    )


def test_plan_json(realistic_url) -> None:
    code, out, err = run("plan", "--url", text(realistic_url), "--exclude", "country",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    plan = json.loads(out)
    assert plan["counts"]["country"] == 0 and plan["counts"]["customer"] == 10
    assert plan["order"].index("customer") < plan["order"].index("sales.order")
    kinds = {(fk["table"], fk["references"]): fk["kind"] for fk in plan["foreign_keys"]}
    assert kinds[("customer", "sales.order")] == "deferred"
    assert kinds[("sales.team", "sales.member")] == "deferred-constraint"
    assert kinds[("sales.member", "sales.team")] == "deferred-constraint"
    assert kinds[("customer", "customer")] == "self"
    assert kinds[("sales.order", "customer")] == "ordered"
    shipment = next(fk for fk in plan["foreign_keys"] if fk["table"] == "sales.shipment")
    assert shipment["columns"] == ["order_id", "line_no"]
    country = next(t for t in plan["tables"] if t["table"] == "country")
    assert country == {"table": "country", "position": country["position"], "count": 0,
                       "reference": "excluded", "raised": None, "existing": 3}  # fmt: skip
    assert {"table": "alembic_version", "why": "Alembic migrations"} in plan["skipped"]
    assert plan["total"] == sum(plan["counts"].values())
    assert len(plan["deferred"]) == 1 and len(plan["deferred_constraints"]) == 2
    code, again, _ = run("plan", "--url", text(realistic_url), "--exclude", "country", "--json")
    assert json.loads(again) == plan


def test_plan_mermaid_is_a_flowchart_with_every_table_and_key(realistic_url) -> None:
    code, out, err = run("plan", "--url", text(realistic_url), "--exclude", "country",
                         "--format", "mermaid")  # fmt: skip
    assert code == 0, err
    nodes, edges = read_mermaid(out)
    by_name = {lines[0]: node for node, lines in nodes.items()}
    assert set(by_name) == {"country", "customer", "audit.event", "sales.product", "sales.order",
                            "sales.order_line", "sales.shipment", "sales.team", "sales.member"}  # fmt: skip
    assert nodes[by_name["customer"]][1] == "10 rows"
    assert nodes[by_name["country"]][1] == "not written: 3 rows there"
    arrows = {(s, d): (a, label) for s, a, label, d in edges}
    assert arrows[(by_name["customer"], by_name["sales.order"])] == (
        "-.->",
        "last_order_id → id (NULL, then UPDATE)",
    )
    assert arrows[(by_name["sales.team"], by_name["sales.member"])][0] == "==>"
    assert arrows[(by_name["sales.order"], by_name["customer"])] == ("-->", "customer_id → id")
    assert f"class {by_name['country']} reference" in out


def test_plan_dot_parses_with_graphviz(realistic_url) -> None:
    code, out, err = run("plan", "--url", text(realistic_url), "--exclude", "country",
                         "--format", "dot")  # fmt: skip
    assert code == 0, err
    assert out.startswith("digraph plan {\n") and out.endswith("}\n")
    ids = set(re.findall(r"^  (t\d+) \[label=", out, re.M))
    assert len(ids) == 9
    for src, dst in re.findall(r"^  (t\d+) -> (t\d+) \[", out, re.M):
        assert src in ids and dst in ids
    assert "style=dashed" in out and "style=bold" in out
    texts = _svg_texts(out)
    if texts is not None:
        assert "sales.order_line" in texts and "not written: 3 rows there" in texts


def _svg_texts(dot_source: str) -> list[str] | None:
    """The texts Graphviz draws for ``dot_source``, or None without Graphviz."""
    if shutil.which("dot") is None:
        return None
    done = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode(), capture_output=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    root = ET.fromstring(done.stdout)
    return [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_hostile_names_render_safely_in_every_format(hostile_url) -> None:
    shown = [printable(name) for name in HOSTILE_TABLES]
    assert "new\\x0aline" in shown  # the newline is written as an escape, never printed

    code, out, err = run("plan", "--url", text(hostile_url), "--format", "text")
    assert code == 0, err
    assert "\x1b" not in out and "\r" not in out
    for name in shown:
        assert name in out
    assert len(out.splitlines()) == 1 + len(HOSTILE_TABLES) + 6  # header, tables, 6 keys

    code, out, err = run("plan", "--url", text(hostile_url), "--format", "json")
    assert code == 0, err
    assert set(json.loads(out)["counts"]) == set(HOSTILE_TABLES)

    code, out, err = run("plan", "--url", text(hostile_url), "--format", "mermaid")
    assert code == 0, err
    nodes, edges = read_mermaid(out)
    assert sorted(lines[0] for lines in nodes.values()) == sorted(shown)
    labels = {label for _, _, label, _ in edges}
    assert 'wé"ird_id → id' in labels and "--> → id" in labels and "] → id" in labels

    code, out, err = run("plan", "--url", text(hostile_url), "--format", "dot")
    assert code == 0, err
    texts = _svg_texts(out)
    if texts is None:
        pytest.skip("Graphviz (dot) is not installed: the dot output was not rendered")
    for name in shown:
        assert name in texts, name
    assert 'wé"ird_id → id' in texts and "--> → id" in texts


def test_hostile_names_are_seeded_too(hostile_url) -> None:
    code, _, err = run("seed", "--url", text(hostile_url), "--count", "4")
    assert code == 0, err
    engine = sa.create_engine(hostile_url)
    try:
        with engine.connect() as conn:
            got = conn.scalar(sa.text('SELECT count(*) FROM "My Schema"."naïve ünïcode 表"'))
            assert got == 4
    finally:
        engine.dispose()
    assert "new\\x0aline: 4 rows" in err and "new\nline" not in err


def test_plan_models_in_every_format(models_dir) -> None:
    code, out, err = run(
        "plan", "--models", "shop_models:Base", "--rows", "User=20", "--format", "mermaid"
    )
    assert code == 0, err
    nodes, edges = read_mermaid(out)
    assert {lines[0] for lines in nodes.values()} == {
        "agent",
        "user",
        "payment_history",
        "balance",
        "profile",
        "team",
        "membership",
    }
    assert len(edges) == 7
    code, out, _ = run("plan", "--models", "shop_models:Base", "--format", "dot")
    assert code == 0 and out.startswith("digraph plan {")
    code, out, _ = run("plan", "--models", "shop_models:Base", "--format", "text")
    assert code == 0 and "-> agent (agent_id -> id)" in out


def test_json_and_another_format_conflict(models_dir) -> None:
    code, _, err = run("plan", "--models", "shop_models:Base", "--json", "--format", "dot")
    assert code == 2 and "--json and --format dot ask for two formats" in err


def test_plan_needs_models_or_a_url(monkeypatch) -> None:
    monkeypatch.delenv("DBSEED_URL", raising=False)
    code, _, err = run("plan")
    assert code == 2 and "dbseed plan needs --models IMPORT, or --url URL" in err


def test_plan_takes_url_or_models_not_both(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["plan", "--url", "postgresql://x/y", "--models", "m"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
