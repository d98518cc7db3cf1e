"""Column-name semantics: what a column's name says it holds, and how to fill it.

``detect(table, column, kind, max_len)`` reads a column name (snake_case or
camelCase, with the table as context) and returns a :class:`Semantic`: how to
produce realistic values for it, gated by the column's kind of type (a ``price``
is only a price in a numeric column) and by its length (an email needs room).

Two halves, kept apart so that either can grow alone:

* what to fill: :mod:`.catalog` (``SEMANTICS``, each a :class:`Semantic`) and the value
  sources it uses, :mod:`.fills` (built on the Faker pools of
  :mod:`pytest_dbseed.engine.pools`);
* detection: :mod:`.names` (splitting names), :mod:`.vocabulary` (which names mean which
  semantic) and :mod:`.detect` (candidates, short forms, the choice).
"""

from __future__ import annotations

from pytest_dbseed.engine.semantics.catalog import SEMANTICS
from pytest_dbseed.engine.semantics.detect import detect
from pytest_dbseed.engine.semantics.model import ANCHOR, Env, Fill, RowFn, Semantic
from pytest_dbseed.engine.semantics.names import singular, split_name, table_word
from pytest_dbseed.engine.semantics.vocabulary import PERSON_ROLES

__all__ = [
    "ANCHOR",
    "Env",
    "Fill",
    "PERSON_ROLES",
    "RowFn",
    "Semantic",
    "SEMANTICS",
    "detect",
    "split_name",
    "singular",
    "table_word",
]
