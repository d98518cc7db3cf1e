"""Value generators: column type + column name + table context -> realistic values.

Contract used by the rest of the engine:

* ``make_generator(ctx)`` returns a :class:`ColumnGenerator` for one column.
* ``gen.batch(start, stop)`` returns the Python values of rows ``start`` to
  ``stop - 1``. The value of a row depends only on (seed, table, column, row):
  ``batch(0, 10)[5] == batch(5, 6)[0]``, whatever was generated before.
* With ``ctx.unique`` the values are distinct for distinct rows by construction
  (not by retrying), and ``gen.capacity`` is how many distinct values exist
  (``None``: more than any request). Asking a unique generator for a row
  ``>= capacity`` is a caller error; the planner refuses such requests up front.
* ``finite_domain(ctx)`` lists every value a column can hold when that list is
  small (booleans, enums, IN lists, narrow integer ranges), else ``None``.
* ``provider_generator(ctx, "provider")`` is a Faker provider as a per-column override.
* ``timeline_for(table, ...)`` / ``apply_timeline(...)`` make a row's instants run forward
  (``created`` before ``updated``, ``ordered`` before ``shipped``, in every encoding);
  ``implicit_relations(table)`` / ``apply_relations(...)`` keep CHECK relations and
  ``max_price >= min_price`` style orderings true within each row.
* ``server_default(table, column)`` says what a column's server default means for it.

Values are the natural Python objects of each type (``int``, ``Decimal``,
``datetime``, ``uuid.UUID``, ``bytes``, ``dict``, ``list``, ``Range``...); enum columns get
the strings stored in the database; INET/CIDR/MACADDR/BIT get their text forms.

How it is fast: randomness comes per block of :data:`~pytest_dbseed.engine.rng.BLOCK`
rows from :func:`~pytest_dbseed.engine.rng.block_rng`, one list per block; Faker is
only used to fill small cached pools (see :mod:`pytest_dbseed.engine.pools`).

Layout: :mod:`.base` holds the generator shapes, the dispatch by column kind and the
registry of builders; each family module (:mod:`.numbers`, :mod:`.text`,
:mod:`.temporal`, :mod:`.network`, :mod:`.identifiers`, :mod:`.structured`) registers the
kinds it builds. :mod:`.providers` serves ``fake(...)`` overrides, :mod:`.relations` row
relations, :mod:`.timeline` a row's instants (named by :mod:`.time_names`),
:mod:`.natural` the natural ranges of small numbers, :mod:`.defaults` server defaults and
:mod:`.containers` pickled and mutable-container values.
A new type family is a new module registering its kinds, imported below.
"""

from __future__ import annotations

from pytest_dbseed.engine.values import (  # noqa: F401 - each registers its kinds
    containers,
    identifiers,
    network,
    numbers,
    pgtypes,
    structured,
    temporal,
    text,
)
from pytest_dbseed.engine.values.base import (
    SUPPORTED_TYPES,
    ColumnContext,
    ColumnGenerator,
    Override,
    finite_domain,
    holds_null,
    make_generator,
    null_share,
)
from pytest_dbseed.engine.values.defaults import ServerDefault, server_default
from pytest_dbseed.engine.values.patterned import pattern_note
from pytest_dbseed.engine.values.providers import provider_generator
from pytest_dbseed.engine.values.relations import apply_relations, implicit_relations
from pytest_dbseed.engine.values.timeline import Timeline, apply_timeline, timeline_for

__all__ = [
    "ColumnContext",
    "ColumnGenerator",
    "Override",
    "make_generator",
    "finite_domain",
    "holds_null",
    "null_share",
    "provider_generator",
    "implicit_relations",
    "apply_relations",
    "SUPPORTED_TYPES",
    "ServerDefault",
    "server_default",
    "Timeline",
    "timeline_for",
    "apply_timeline",
    "pattern_note",
]
