"""CHECK constraints in their simple forms, turned into bounds the generators respect.

A CHECK constraint arrives as SQL text: either as SQLAlchemy renders a declared
constraint (``price > 0``, ``status IN ('a', 'b')``) or as PostgreSQL prints it
back on reflection (``((price > (0)::numeric))``, ``status::text = ANY
(ARRAY[...]::text[])``). A small tokenizer and recursive-descent parser read that
text into an expression tree; an interpreter then turns the tree into a
*sufficient* condition: per-column bounds plus column-against-column relations
such that any row inside them passes the constraint.

The interpretation is deliberately partial. A constraint (or a conjunct of one)
that is not understood never raises: it is listed in
:attr:`TableChecks.unsupported`, values are generated as usual, and the database
has the last word. Only bounds that are understood and contradict each other
(``qty > 10 AND qty < 5``) raise :class:`~pytest_dbseed.errors.PlanError`, since
no generated row could ever pass.

Layout: :mod:`.lexer` (text -> tokens), :mod:`.parser` (tokens -> tree), :mod:`.interpret`
(tree -> bounds and relations), :mod:`.analyse` (a table's constraints combined, with the
refusals), :mod:`.model` (the results the rest of the engine reads).
"""

from __future__ import annotations

from pytest_dbseed.engine.checks.analyse import analyse_checks, check_names
from pytest_dbseed.engine.checks.model import (
    COMPARISONS,
    ColumnBounds,
    NullChoice,
    Relation,
    TableChecks,
)

__all__ = [
    "COMPARISONS",
    "ColumnBounds",
    "NullChoice",
    "Relation",
    "TableChecks",
    "analyse_checks",
    "check_names",
]
