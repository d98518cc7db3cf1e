"""A seed plan as a picture: tables, their counts and the foreign keys between them.

:func:`draw_plan` turns a schema graph and its plan into a :class:`PlanDrawing`, which
renders as text, JSON, a Mermaid ``flowchart`` or a Graphviz ``digraph``. Every foreign
key is an edge from the referencing table to the referenced one, of one of four kinds:

* ``ordered``: the parent is written first (the common case);
* ``self``: a table pointing at itself; rows point at earlier rows;
* ``deferred``: a nullable key inside a cycle, written NULL and filled by UPDATE after
  every table is written;
* ``deferred-constraint``: a NOT NULL, DEFERRABLE key inside a cycle, written in the same
  transaction and checked at commit.

Names come from the database and may hold anything: quotes, spaces, backslashes,
newlines, control characters and any Unicode. Each format escapes them in its own way,
so a name can never break out of its label; node identifiers are generated (``t0``,
``t1``, ...), never taken from a name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_dbseed.engine.planner import SeedPlan
from pytest_dbseed.engine.schema import SchemaGraph

__all__ = ["PlanNode", "PlanEdge", "PlanDrawing", "draw_plan", "printable", "FORMATS"]

FORMATS = ("text", "json", "mermaid", "dot")

EDGE_KINDS = ("ordered", "self", "deferred", "deferred-constraint")


@dataclass(frozen=True)
class PlanNode:
    table: str
    count: int
    """Rows this seed writes."""
    position: int
    """1-based place in the insertion order."""
    reference: str | None = None
    """Why the table is not written (excluded, outside the searched schemas, ...), for a
    table present only because a written table points at it."""
    raised: str | None = None
    existing: int | None = None
    """Rows already in the table, when known."""


@dataclass(frozen=True)
class PlanEdge:
    name: str | None
    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    nullable: bool
    kind: str
    """One of :data:`EDGE_KINDS`."""

    def label(self, arrow: str = "->") -> str:
        """The key's columns, and the parent's when their names differ."""
        cols = ", ".join(self.columns)
        refs = ", ".join(self.ref_columns)
        return f"{cols} {arrow} {refs}" if self.columns != self.ref_columns else cols


@dataclass(frozen=True)
class PlanDrawing:
    seed: int
    nodes: tuple[PlanNode, ...]
    edges: tuple[PlanEdge, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    """(table, why) of relations left out of the plan (views, partitions, ...)."""
    title: str | None = None

    @property
    def total(self) -> int:
        return sum(n.count for n in self.nodes)

    @property
    def written(self) -> tuple[PlanNode, ...]:
        return tuple(n for n in self.nodes if n.count > 0)

    def render(self, fmt: str) -> str:
        if fmt == "text":
            return self.to_text()
        if fmt == "json":
            return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        if fmt == "mermaid":
            return self.to_mermaid()
        if fmt == "dot":
            return self.to_dot()
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "order": [n.table for n in self.nodes],
            "counts": {n.table: n.count for n in self.nodes},
            "raised": {n.table: n.raised for n in self.nodes if n.raised},
            "deferred": [_describe(e) for e in self.edges if e.kind == "deferred"],
            "deferred_constraints": [
                _describe(e) for e in self.edges if e.kind == "deferred-constraint"
            ],
            "total": self.total,
            "tables": [
                {
                    "table": n.table,
                    "position": n.position,
                    "count": n.count,
                    "reference": n.reference,
                    "raised": n.raised,
                    "existing": n.existing,
                }
                for n in self.nodes
            ],
            "foreign_keys": [
                {
                    "name": e.name,
                    "table": e.table,
                    "columns": list(e.columns),
                    "references": e.ref_table,
                    "ref_columns": list(e.ref_columns),
                    "nullable": e.nullable,
                    "kind": e.kind,
                }
                for e in self.edges
            ],
            "skipped": [{"table": t, "why": why} for t, why in self.skipped],
        }

    def to_text(self) -> str:
        p = printable
        written = self.written
        lines = [
            f"seed {self.seed}: {self.total:,} rows in {len(written)} tables"
            + (f" ({p(self.title)})" if self.title else "")
        ]
        width = max([len(p(n.table)) for n in self.nodes] + [5])
        by_child: dict[str, list[PlanEdge]] = {}
        for e in self.edges:
            by_child.setdefault(e.table, []).append(e)
        for n in self.nodes:
            note = ""
            if n.reference is not None:
                there = f"{n.existing:,} rows there, " if n.existing is not None else ""
                note = f"  (not written: {there}{n.reference})"
            elif n.raised:
                note = f"  (raised: {n.raised})"
            elif n.existing:
                note = f"  ({n.existing:,} rows there already)"
            lines.append(f"{n.position:>3}. {p(n.table):<{width}} {n.count:>12,}{note}")
            for e in by_child.get(n.table, []):
                mark = {
                    "ordered": "",
                    "self": "  [self: earlier rows]",
                    "deferred": "  [deferred: written NULL, filled by UPDATE]",
                    "deferred-constraint": "  [deferred constraint: NOT NULL, checked at commit]",
                }[e.kind]
                lines.append(f"       -> {p(e.ref_table)} ({p(e.label())}){mark}")
        if self.skipped:
            listed = ", ".join(f"{p(t)} ({p(why)})" for t, why in self.skipped)
            lines.append(f"skipped: {listed}")
        return "\n".join(lines) + "\n"

    def to_mermaid(self) -> str:
        ids = {n.table: f"t{i}" for i, n in enumerate(self.nodes)}
        lines = ["flowchart LR"]
        for n in self.nodes:
            label = f"{_mermaid_text(n.table)}<br/>{n.count:,} rows"
            if n.reference is not None:
                label = f"{_mermaid_text(n.table)}<br/>not written"
                if n.existing is not None:
                    label += f": {n.existing:,} rows there"
            lines.append(f'    {ids[n.table]}["{label}"]')
        for e in self.edges:
            arrow = {
                "ordered": "-->",
                "self": "-->",
                "deferred": "-.->",
                "deferred-constraint": "==>",
            }[e.kind]
            text = _mermaid_text(e.label("→"))
            if e.kind == "deferred":
                text += " (NULL, then UPDATE)"
            elif e.kind == "deferred-constraint":
                text += " (deferred to commit)"
            lines.append(f'    {ids[e.table]} {arrow}|"{text}"| {ids[e.ref_table]}')
        references = [ids[n.table] for n in self.nodes if n.reference is not None]
        if references:
            lines.append("    classDef reference stroke-dasharray: 5 5")
            lines.append(f"    class {','.join(references)} reference")
        return "\n".join(lines) + "\n"

    def to_dot(self) -> str:
        ids = {n.table: f"t{i}" for i, n in enumerate(self.nodes)}
        lines = [
            "digraph plan {",
            '  graph [rankdir=LR, fontname="Helvetica"];',
            '  node [shape=box, fontname="Helvetica"];',
            '  edge [fontname="Helvetica", fontsize=10];',
        ]
        if self.title:
            lines.append(f'  label="{_dot_text(self.title)}"; labelloc=t;')
        for n in self.nodes:
            if n.reference is not None:
                there = f": {n.existing:,} rows there" if n.existing is not None else ""
                label = f"{_dot_text(n.table)}\\nnot written{there}"
                lines.append(f'  {ids[n.table]} [label="{label}", style=dashed];')
            else:
                label = f"{_dot_text(n.table)}\\n{n.count:,} rows"
                lines.append(f'  {ids[n.table]} [label="{label}"];')
        for e in self.edges:
            attrs = [f'label="{_dot_text(e.label("→"))}"']
            if e.kind == "deferred":
                attrs[0] = f'label="{_dot_text(e.label("→"))}\\n(NULL, then UPDATE)"'
                attrs.append("style=dashed")
            elif e.kind == "deferred-constraint":
                attrs[0] = f'label="{_dot_text(e.label("→"))}\\n(deferred to commit)"'
                attrs.append("style=bold")
                attrs.append("color=red")
            lines.append(f"  {ids[e.table]} -> {ids[e.ref_table]} [{', '.join(attrs)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _describe(e: PlanEdge) -> str:
    label = f"{e.name} " if e.name else ""
    return (
        f"foreign key {label}{e.table}({', '.join(e.columns)}) -> "
        f"{e.ref_table}({', '.join(e.ref_columns)})"
    )


def printable(text: str) -> str:
    """``text`` with control and other invisible characters written as escapes, so a name
    cannot move the cursor, clear a terminal or start a new line."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    return "".join(out)


# Characters Mermaid gives a meaning inside a quoted label, written as its entity codes.
_MERMAID_CODES = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "|": "#124;",
    "\\": "#92;",
}


def _mermaid_text(text: str) -> str:
    return "".join(_MERMAID_CODES.get(ch, ch) for ch in printable(text))


def _dot_text(text: str) -> str:
    """Text for a double-quoted DOT string. Backslashes are doubled so that Graphviz's
    label escapes (``\\N``, ``\\l``, ...) in a name stay literal, and ``&`` is written
    as an entity because Graphviz decodes entities (``&amp;``) in labels."""
    return printable(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def draw_plan(
    graph: SchemaGraph,
    plan: SeedPlan,
    *,
    references: Mapping[str, str] | None = None,
    existing: Mapping[str, int] | None = None,
    skipped: Iterable[tuple[str, str]] = (),
    title: str | None = None,
) -> PlanDrawing:
    """The drawing of ``plan`` over ``graph``.

    ``references`` names tables that are not written (and why); ``existing`` gives rows
    already in tables, when known; ``skipped`` lists (table, why) of relations left out.
    """
    references = dict(references or {})
    existing = dict(existing or {})
    deferred = set(plan.deferred)
    constraints = set(plan.deferred_constraints)
    nodes = tuple(
        PlanNode(
            table=name,
            count=plan.counts.get(name, 0),
            position=i,
            reference=references.get(name),
            raised=plan.raised.get(name),
            existing=existing.get(name),
        )
        for i, name in enumerate(plan.order, 1)
    )
    edges: list[PlanEdge] = []
    for name in plan.order:
        for fk in graph.tables[name].foreign_keys:
            if fk.self_referencing:
                kind = "self"
            elif fk in deferred:
                kind = "deferred"
            elif fk in constraints:
                kind = "deferred-constraint"
            else:
                kind = "ordered"
            edges.append(
                PlanEdge(
                    name=fk.name,
                    table=fk.table,
                    columns=fk.columns,
                    ref_table=fk.ref_table,
                    ref_columns=fk.ref_columns,
                    nullable=fk.nullable,
                    kind=kind,
                )
            )
    return PlanDrawing(
        seed=plan.seed, nodes=nodes, edges=tuple(edges), skipped=tuple(skipped), title=title
    )
