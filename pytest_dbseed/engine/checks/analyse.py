"""A table's CHECK constraints read into a :class:`~.model.TableChecks`, with the refusals."""

from __future__ import annotations

from dataclasses import replace

from pytest_dbseed.engine.checks.interpret import (
    _Alt,
    _Conflict,
    _conjuncts,
    _Interpreter,
    _product,
    _show,
    null_branches,
)
from pytest_dbseed.engine.checks.lexer import _tokenize, _Unsupported
from pytest_dbseed.engine.checks.model import ColumnBounds, NullChoice, TableChecks
from pytest_dbseed.engine.checks.parser import _Parser
from pytest_dbseed.engine.checks.reach import implied_bounds
from pytest_dbseed.engine.schema import CheckInfo, TableInfo, coalescing_indexes
from pytest_dbseed.errors import PlanError


def check_names(table: TableInfo) -> dict[str, str]:
    """Map each CHECK constraint's label (its name, else its SQL) to its SQL text."""
    return {_label(c): c.sqltext for c in table.checks}


def analyse_checks(table: TableInfo, seed: int | None = None) -> TableChecks:
    """Read ``table``'s CHECK constraints into per-column bounds and row relations.

    Raises :class:`PlanError` when understood bounds contradict each other (naming
    ``seed``, the seed being planned, when given).
    """
    state: list[_Alt] = [_Alt()]
    nulls: list[tuple[CheckInfo, str, list[tuple[set[str], set[str]]]]] = []
    unsupported: list[str] = []
    constraint_columns: dict[str, tuple[str, ...]] = {}
    for check in table.checks:
        label = _label(check)
        interp = _Interpreter(table, check, label)
        try:
            node = _Parser(check.sqltext).parse()
        except _Unsupported:
            unsupported.append(label)
            _add_columns(constraint_columns, label, _mentioned_columns(table, check))
            continue
        partial = False
        for conjunct in _conjuncts(node):
            branches = null_branches(conjunct, interp)
            if branches is not None:
                nulls.append((check, label, branches))
                continue
            alts = interp.interpret(conjunct)
            if alts is None:
                partial = True
                continue
            merged, clash = _product(state, alts)
            if not merged:
                raise _contradiction(table, check, label, clash, seed)
            state = merged
        if partial:
            unsupported.append(label)
        _add_columns(constraint_columns, label, _mentioned_columns(table, check))
    fitting: list[_Alt] = []
    conflict: _Conflict | None = None
    for alt in state:
        try:
            fitting.append(_fit_columns(table, alt))
        except _Conflict as exc:
            conflict = conflict or exc
    if not fitting:
        assert conflict is not None
        source = next((c for c in table.checks if _label(c) == conflict.source), table.checks[0])
        raise _contradiction(table, source, _label(source), conflict, seed)
    chosen = fitting[0]
    columns = {name: b.freeze() for name, b in chosen.cols.items() if not b.empty()}
    columns = implied_bounds(table, columns, tuple(chosen.rels))
    choices = _null_choices(table, columns, seed, nulls)
    return TableChecks(
        columns=columns,
        relations=tuple(chosen.rels),
        unsupported=tuple(unsupported),
        null_choices=choices,
        constraint_columns=constraint_columns,
    )


_Branches = list[tuple[set[str], set[str]]]
_MAX_BRANCHES = 32


def _null_choices(
    table: TableInfo,
    columns: dict[str, ColumnBounds],
    seed: int | None,
    found: list[tuple[CheckInfo, str, _Branches]],
) -> tuple[NullChoice, ...]:
    """CHECKs about which columns are NULL, met together: the branches each allows (those
    the columns' own NOT NULL and the value CHECKs leave open) are combined over shared
    columns (only consistent combinations). A group with a combination needing no NULL has
    every row take it (its columns get ``not_null``); the others become choices made row
    by row."""
    forced = {name for name, b in columns.items() if b.not_null}
    groups: list[tuple[list[str], _Branches]] = []
    for check, label, branches in found:
        possible = _open_branches(table, check, label, branches, forced, seed)
        labels = [label]
        for other in [g for g in groups if _columns_of(g[1]) & _columns_of(possible)]:
            groups.remove(other)
            labels = other[0] + labels
            possible = _combined(other[1], possible)
            if not possible:
                detail = f"no row can pass it together with {', '.join(other[0])}"
                raise _contradiction(table, check, label, _Conflict(None, detail, label), seed)
        groups.append((labels, possible))
    out = []
    for labels, possible in groups:
        name = " + ".join(labels)
        plain = next((p for n, p in possible if not n), None)
        if plain is not None:
            _keep_values(columns, plain, name)
            continue
        _keep_values(columns, set().union(*(p for _, p in possible)), name)
        out.append(NullChoice(name, tuple(tuple(sorted(n)) for n, _ in possible)))
    return tuple(out)


def _open_branches(
    table: TableInfo,
    check: CheckInfo,
    label: str,
    branches: _Branches,
    forced: set[str],
    seed: int | None,
) -> _Branches:
    """The branches of one CHECK whose NULL columns may be NULL (nullable, and no value
    CHECK keeps them non-NULL); a refusal when none is left."""
    possible = [(n, p) for n, p in branches if all(table.column(c).nullable for c in n)]
    if not possible:
        held = sorted({c for n, _ in branches for c in n if not table.column(c).nullable})
        names = ", ".join(repr(c) for c in held)
        detail = f"every way of passing it needs a NOT NULL column to be NULL ({names})"
        fix = None
        if not set(held) & set(coalescing_indexes(table.table)):  # else: said why
            fix = (
                f"Fix: make {'one of ' if len(held) > 1 else ''}{names} nullable or change the "
                f"constraint, or ask for 0 {table.name!r} rows; no override helps: a NOT NULL "
                "column takes no NULL"
            )
        conflict = _Conflict(None, detail, label)
        raise _contradiction(table, check, label, conflict, seed, fix=fix, alone=True)
    possible = [(n, p) for n, p in possible if not n & forced]
    if not possible:
        detail = "every way of passing it needs a column another CHECK keeps non-NULL to be NULL"
        raise _contradiction(table, check, label, _Conflict(None, detail, label), seed)
    return possible


def _combined(left: _Branches, right: _Branches) -> _Branches:
    """The consistent combinations of two groups' branches, those needing the fewest NULLs
    first, without repeats."""
    out: _Branches = []
    for n1, p1 in left:
        for n2, p2 in right:
            n, p = n1 | n2, p1 | p2
            if not n & p and (n, p) not in out:
                out.append((n, p))
    out.sort(key=lambda b: len(b[0]))
    return out[:_MAX_BRANCHES]


def _columns_of(branches: _Branches) -> set[str]:
    return set().union(*(n | p for n, p in branches))


def _keep_values(columns: dict[str, ColumnBounds], names: set[str], label: str) -> None:
    """``names`` always get a value (``not_null``), in place."""
    for name in sorted(names):
        b = columns.get(name) or ColumnBounds()
        named = b.constraints if label in b.constraints else (*b.constraints, label)
        columns[name] = replace(b, not_null=True, constraints=named)


def _add_columns(found: dict[str, tuple[str, ...]], label: str, names: tuple[str, ...]) -> None:
    # One domain CHECK applies to every column of that domain, under one name.
    found[label] = tuple(dict.fromkeys(found.get(label, ()) + names))


def _fit_columns(table: TableInfo, alt: _Alt) -> _Alt:
    """Bounds checked against what the columns themselves allow (length, enum labels)."""
    out = _Alt({k: v.copy() for k, v in alt.cols.items()}, list(alt.rels))
    for name, b in out.cols.items():
        col = table.column(name)
        source = b.sources[-1] if b.sources else None
        if col.length is not None and b.min_len is not None and b.min_len > col.length:
            raise _Conflict(
                name,
                f"column {name!r} would need a length of at least {b.min_len} but holds "
                f"at most {col.length} characters",
                source,
            )
        if b.allowed is not None:
            before = list(b.allowed)
            if col.length is not None:
                b.allowed = [v for v in b.allowed if not isinstance(v, str) or len(v) <= col.length]
            if col.enum_values is not None:
                b.allowed = [v for v in b.allowed if v in col.enum_values]
            if not b.allowed:
                raise _Conflict(
                    name,
                    f"none of the values allowed for column {name!r} ({_show(before)}) fits "
                    "the column's own type",
                    source,
                )
    return out


def _label(check: CheckInfo) -> str:
    return check.name or check.sqltext


def _mentioned_columns(table: TableInfo, check: CheckInfo) -> tuple[str, ...]:
    try:
        words = {t.text for t in _tokenize(check.sqltext) if t.kind in ("ident", "qident")}
    except _Unsupported:
        words = set()
    lowered = {w.lower() for w in words}
    domain = getattr(check, "domain_column", None)
    return tuple(
        c.name
        for c in table.columns
        if c.name in words or c.name.lower() in lowered or (domain == c.name)
    )


def _contradiction(
    table: TableInfo,
    check: CheckInfo,
    label: str,
    conflict: _Conflict | None,
    seed: int | None = None,
    fix: str | None = None,
    alone: bool = False,
) -> PlanError:
    """The refusal of a CHECK no row can pass; ``alone``: whatever the other CHECKs say."""
    detail = f": {conflict.detail}" if conflict else ""
    column = conflict.column if conflict else None
    others = ""
    if len(table.checks) > 1 and not alone:
        others = " together with the table's other CHECK constraints"
    if fix is None and column:
        fix = (
            f"Fix: fix the constraint, or give column {column!r} an override with a value the "
            f"database accepts, e.g. counts={{{table.name!r}: rows(N, {column}=...)}}"
        )
    elif fix is None:
        fix = (
            "Fix: fix the constraint, or give its columns overrides with values the database "
            "accepts"
        )
    shown = label if label == check.sqltext else f"{label} ({check.sqltext})"
    where = "" if seed is None else f" (seed {seed})"
    held = coalescing_indexes(table.table)
    for name in _mentioned_columns(table, check):
        if name in held:
            # The column was made NOT NULL for that index: say why.
            detail += (
                f" ({name!r} is kept set in every row by the unique index {held[name]} over "
                f"coalesce({name}, ...), where NULL is a value only one row may hold)"
            )
    return PlanError(
        f"table {table.fullname!r}: CHECK constraint {shown} cannot be satisfied{others}"
        f"{detail}. No generated row could pass it{where}. {fix}."
    )
