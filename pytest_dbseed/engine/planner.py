"""Plan a seed before writing anything: per-table counts, insertion order, cycle breaking.

* Counts: the caller's counts for named tables, the default for the others. A
  parent is raised when its children need more of it (a NOT NULL foreign key into
  an empty table, a one-to-one key, a composite unique key over parents); a count
  the caller fixed is never changed: the request is refused instead.
* Order: parents before children along every foreign key that can be ordered.
  Self-references point at earlier rows of the same table and need no ordering.
  A cycle is broken at its nullable foreign keys: those are written as NULL and
  filled by UPDATE once every table is written. A cycle of NOT NULL keys is broken at
  its DEFERRABLE constraints, checked at commit; what is left of it (NOT NULL keys that
  are not deferrable) is written together: one statement per batch inserts the rows of
  every table of the cycle (PostgreSQL checks the keys at the end of the statement).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pytest_dbseed.engine.checks import analyse_checks
from pytest_dbseed.engine.schema import ForeignKeyInfo, SchemaGraph
from pytest_dbseed.errors import CycleError, PlanError, UniquenessError

__all__ = ["SeedPlan", "make_plan", "naming_seed", "refuse_together", "FANOUT"]

FANOUT = 10
"""Children per parent assumed when a parent must be created for children that need one."""


@dataclass(frozen=True)
class SeedPlan:
    order: tuple[str, ...]
    counts: Mapping[str, int]
    fixed: frozenset[str]
    raised: Mapping[str, str]
    deferred: tuple[ForeignKeyInfo, ...]
    """Nullable foreign keys written as NULL and filled by UPDATE after all tables."""
    deferred_constraints: tuple[ForeignKeyInfo, ...]
    """NOT NULL foreign keys inside a cycle, checked at commit (SET CONSTRAINTS ... DEFERRED)."""
    seed: int
    together: tuple[tuple[str, ...], ...] = ()
    """Tables of a NOT NULL, non-deferrable cycle: their rows are inserted by one statement
    per batch (consecutive in ``order``)."""
    together_keys: tuple[ForeignKeyInfo, ...] = ()
    """The foreign keys inside those cycles."""

    def is_deferred(self, fk: ForeignKeyInfo) -> bool:
        return fk in self.deferred


def _describe_cycle(names: list[str]) -> str:
    return " -> ".join([*names, names[0]])


def refuse_together(plan: SeedPlan, why: str) -> None:
    """Refuse a plan with a NOT NULL, non-deferrable cycle where one statement cannot
    write it (``why``: which database or driver)."""
    for group in plan.together:
        if not any(plan.counts.get(n, 0) > 0 for n in group):
            continue
        inner = [fk for fk in plan.together_keys if fk.table in group]
        listed = "; ".join(fk.describe() for fk in inner)
        raise CycleError(
            f"tables {_describe_cycle(list(group))} reference each other through NOT NULL "
            f"foreign keys that are not deferrable ({listed}); PostgreSQL accepts such rows "
            f"when one statement inserts them, but {why} (seed {plan.seed}). Fix: make one of "
            "these foreign keys nullable, declare one DEFERRABLE (ForeignKey(..., "
            "deferrable=True)), or seed through psycopg2 or psycopg on PostgreSQL."
        )


def _strongly_connected(nodes: list[str], edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns components in reverse topological order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp: list[str] = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    comp.append(item)
                    if item == node:
                        break
                out.append(comp)
    return out


@dataclass
class _Order:
    order: list[str]
    deferred: list[ForeignKeyInfo]
    deferred_constraints: list[ForeignKeyInfo]
    together: list[list[str]]
    together_keys: list[ForeignKeyInfo]


def _order(graph: SchemaGraph) -> _Order:
    """Insertion order and how each cycle is broken (see the module's docstring)."""
    names = list(graph.tables)
    position = {n: i for i, n in enumerate(names)}
    fks = [fk for t in graph.tables.values() for fk in t.foreign_keys if not fk.self_referencing]
    out = _Order([], [], [], [], [])
    # Edges child -> parent ("child depends on parent").
    active = list(fks)
    while True:
        deps: dict[str, set[str]] = {n: set() for n in names}
        for fk in active:
            deps[fk.table].add(fk.ref_table)
        comps = [c for c in _strongly_connected(names, deps) if len(c) > 1]
        if not comps:
            break
        for comp in comps:
            members = set(comp)
            inner = [fk for fk in active if fk.table in members and fk.ref_table in members]
            null_first = [fk for fk in inner if _null_first(graph, fk)]
            broken = null_first or [fk for fk in inner if fk.deferrable and not fk.nullable]
            broken = broken or [fk for fk in inner if fk.deferrable]
            if broken and null_first:
                out.deferred.extend(broken)
            elif broken:
                out.deferred_constraints.extend(broken)
            else:
                broken = inner
                out.together.append(sorted(comp, key=position.__getitem__))
                out.together_keys.extend(inner)
            for fk in broken:
                active.remove(fk)
    out.order = _sorted(names, active, out.together)
    return out


def _null_first(graph: SchemaGraph, fk: ForeignKeyInfo) -> bool:
    """Whether a cycle may be broken at ``fk``: written NULL first, filled by UPDATE. Not
    when a CHECK needs its columns set (``fk_id IS NOT NULL``, ``num_nonnulls(fk_id, x) =
    1``: the row would be rejected when it is inserted) or compares them with another
    column (``x <= fk_id``: met against the key the row is written with, not the one an
    UPDATE gives it later)."""
    return _may_be_null(graph, fk, compared=True)


def _may_be_null(graph: SchemaGraph, fk: ForeignKeyInfo, compared: bool = False) -> bool:
    """Whether rows may hold NULL in ``fk``: it is nullable and no CHECK needs its columns
    set (with ``compared``, nor compares them with another column)."""
    if not fk.nullable:
        return False
    table = graph.tables[fk.table]
    if not table.checks:
        return True
    try:
        checks = analyse_checks(table)
    except PlanError:
        return True  # refused with the table's own message when its sources are decided
    bounds = checks.columns
    seen = {c for r in checks.relations for c in (r.left, r.right)} if compared else set()
    return not any((c in bounds and bounds[c].not_null) or c in seen for c in fk.columns)


def _sorted(names: list[str], active: list[ForeignKeyInfo], together: list[list[str]]) -> list[str]:
    """Kahn's algorithm, stable with respect to metadata order; the tables of a group
    written together are one node, placed when every parent of each of them is."""
    position = {n: i for i, n in enumerate(names)}
    node = {n: n for n in names}
    members: dict[str, list[str]] = {n: [n] for n in names}
    for group in together:
        for n in group:
            node[n] = group[0]
            members.pop(n, None)
        members[group[0]] = group
    remaining: dict[str, set[str]] = {n: set() for n in members}
    for fk in active:
        child, parent = node[fk.table], node[fk.ref_table]
        if child != parent:
            remaining[child].add(parent)
    order: list[str] = []
    ready = [n for n in members if not remaining[n]]
    placed: set[str] = set()
    while ready:
        ready.sort(key=position.__getitem__)
        head = ready.pop(0)
        order.extend(members[head])
        placed.add(head)
        for n in members:
            if n not in placed and n not in ready and head in remaining[n]:
                remaining[n].discard(head)
                if not remaining[n]:
                    ready.append(n)
    return order


def make_plan(
    graph: SchemaGraph,
    counts: Mapping[str, int],
    default: int,
    seed: int,
    *,
    existing: Mapping[str, int] | None = None,
) -> SeedPlan:
    """Plan a seed. ``counts`` maps table full names to caller-fixed counts.

    ``existing`` gives rows already in tables (append mode): parents with existing rows
    do not need to be raised for children that can point at those rows.
    """
    try:
        return _make_plan(graph, counts, default, seed, existing or {})
    except PlanError as exc:
        raise naming_seed(exc, seed) from None


def naming_seed(exc: PlanError, seed: int) -> PlanError:
    """The same refusal, naming the seed before its fix (unchanged when it does)."""
    text = str(exc)
    if f"seed {seed}" in text:
        return exc
    head, sep, fix = text.partition(" Fix:")
    head = head.rstrip(".")
    return type(exc)(f"{head} (seed {seed}).{sep}{fix}")


def _make_plan(
    graph: SchemaGraph,
    counts: Mapping[str, int],
    default: int,
    seed: int,
    existing: Mapping[str, int],
) -> SeedPlan:
    ordered = _order(graph)
    order = ordered.order
    planned: dict[str, int] = {name: counts.get(name, default) for name in graph.tables}
    fixed = frozenset(counts)
    raised: dict[str, str] = {}

    def available(name: str) -> int:
        return planned[name] + existing.get(name, 0)

    def raise_to(parent: str, need: int, why: str, refusal: str) -> None:
        if available(parent) >= need:
            return
        if parent in fixed:
            raise PlanError(refusal)
        planned[parent] = need - existing.get(parent, 0)
        raised[parent] = why

    def usable(name: str) -> int:
        # Children pick among this seed's new parent rows when there are any, else
        # among the rows already there (append mode).
        return planned[name] if planned[name] > 0 else existing.get(name, 0)

    # Children first, so that raising a parent can in turn raise the grandparents; again
    # until nothing changes, because a cycle can need a table raised after its turn.
    held = frozenset(  # nullable keys a CHECK keeps set need parents like NOT NULL ones
        fk for t in graph.tables.values() for fk in t.foreign_keys if fk.nullable
        and not fk.self_referencing and not _may_be_null(graph, fk)
    )  # fmt: skip
    for _round in range(len(order) + 2):
        before = dict(planned)
        _raise_parents(graph, order, planned, (fixed, held), raised, available, usable, raise_to)
        _inheritance(graph, planned, fixed, raised)
        if planned == before:
            break

    return SeedPlan(
        order=tuple(order),
        counts={name: planned[name] for name in order},
        fixed=fixed,
        raised=raised,
        deferred=tuple(ordered.deferred),
        deferred_constraints=tuple(ordered.deferred_constraints),
        seed=seed,
        together=tuple(tuple(g) for g in ordered.together),
        together_keys=tuple(ordered.together_keys),
    )


def _inheritance(
    graph: SchemaGraph, planned: dict[str, int], fixed: frozenset[str], raised: dict[str, str]
) -> None:
    """Rows of joined-table subclasses each need their own row of the base table."""
    for base, poly in graph.polymorphic.items():
        children = [child for _identity, child in poly.joined if child in planned]
        need = sum(planned[c] for c in children)
        if not children:
            continue
        if not poly.identities and base not in fixed and planned[base] > need > 0:
            # An abstract base holds only its subclasses' rows.
            planned[base] = need
            continue
        if planned[base] >= need:
            continue
        if base in fixed:
            shares = ", ".join(f"{c}={planned[c]}" for c in children)
            raise PlanError(
                f"table {base!r} is fixed at {planned[base]} rows but its joined-table "
                f"subclasses need {need} ({shares}), one base row each. Fix: ask for at "
                f"least {need} {base!r} rows, or for fewer subclass rows."
            )
        planned[base] = need
        raised[base] = f"its joined-table subclasses need {need} rows ({', '.join(children)})"


def _raise_parents(
    graph: SchemaGraph,
    order: list[str],
    planned: dict[str, int],
    limits: tuple[frozenset[str], frozenset[ForeignKeyInfo]],
    raised: dict[str, str],
    available: Callable[[str], int],
    usable: Callable[[str], int],
    raise_to: Callable[[str, int, str, str], None],
) -> None:
    """One pass over the tables, children first, raising the parents they need. ``limits``:
    the tables whose counts the caller fixed, and the nullable keys a CHECK keeps set."""
    fixed, held = limits
    for name in reversed(order):
        table = graph.tables[name]
        n = planned[name]
        if n <= 0:
            continue
        for fk in table.foreign_keys:
            if fk.self_referencing or (fk.nullable and fk not in held):
                continue
            parent = fk.ref_table
            if fk.unique:
                # One child per parent: only parents written by this seed are free.
                if planned[parent] < n:
                    if parent in fixed:
                        raise PlanError(
                            f"table {name!r} asks for {n} rows but {fk.describe()} is "
                            f"one-to-one and {parent!r} is fixed at {planned[parent]} new "
                            f"rows. Fix: ask for at most {planned[parent]} {name!r} rows, or "
                            f"for at least {n} {parent!r} rows."
                        )
                    planned[parent] = n
                    raised[parent] = (
                        f"{n} rows of {name!r} each need their own row here "
                        f"({fk.describe()} is unique)"
                    )
            elif available(parent) == 0:
                raise_to(
                    parent,
                    max(1, math.ceil(n / FANOUT)),
                    f"{n} rows of {name!r} need parents ({fk.describe()} is "
                    f"{'kept set by a CHECK' if fk.nullable else 'NOT NULL'})",
                    f"table {name!r} asks for {n} rows, each needing a parent through "
                    f"{fk.describe()}, but {parent!r} is fixed at 0 rows. Fix: ask for at "
                    f"least 1 {parent!r} row, or 0 {name!r} rows.",
                )

        _raise_for_combinations(graph, name, n, planned, fixed, raised, usable)


def _raise_for_combinations(
    graph: SchemaGraph,
    name: str,
    n: int,
    planned: dict[str, int],
    fixed: frozenset[str],
    raised: dict[str, str],
    usable: Callable[[str], int],
) -> None:
    """Composite unique sets made only of foreign keys (association tables): the number of
    distinct parent combinations bounds the row count, so parents are raised to allow it."""
    table = graph.tables[name]
    fk_by_col = {c: fk for fk in table.foreign_keys for c in fk.columns}
    for uset in table.unique_sets:
        if len(uset) < 2 or not all(c in fk_by_col for c in uset):
            continue
        fks_in = list(dict.fromkeys(fk_by_col[c] for c in uset))
        if any(fk.nullable or fk.self_referencing for fk in fks_in):
            continue
        parents = [fk.ref_table for fk in fks_in]
        product = math.prod(usable(p) for p in parents)
        if product >= n:
            continue
        flexible = [p for p in parents if p not in fixed]
        if not flexible:
            sizes = ", ".join(f"{p}={usable(p)}" for p in parents)
            raise UniquenessError(
                f"table {name!r} asks for {n} rows but its unique key "
                f"({', '.join(uset)}) combines parents {sizes}, which allow only "
                f"{product} distinct combinations. Fix: ask for at most {product} "
                f"{name!r} rows or for more parent rows."
            )
        others = math.prod(usable(p) for p in parents if p not in flexible)
        per = math.ceil((n / max(others, 1)) ** (1 / len(flexible)))
        for p in flexible:
            if planned[p] < per:
                planned[p] = per
                raised[p] = f"{n} rows of {name!r} need distinct ({', '.join(uset)}) combinations"
