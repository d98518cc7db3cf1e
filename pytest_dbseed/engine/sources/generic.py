"""Django's generic relations: ``content_type_id`` + ``object_id``, no foreign key on the id.

A ``GenericForeignKey`` stores a foreign key into ``django_content_type`` beside the key of
a row of the model that content type names (``object_id``, an integer or a string; the
admin log's ``object_id text``), with no foreign key the database could follow. When the
content types are those this seed writes (see :mod:`.content_types`), the first of them
name the schema's models in a known order, so deciding knows the table behind each of
their keys. Such a pair is then a polymorphic pair (see :mod:`.polymorphic`) whose type
column holds the key of the target's content type: row ``r`` takes pair ``p(r)`` of a
keyed permutation over every (table, row) of the targets, so the object id is a key that
table's rows really have, and no two rows share a pair while there are targets enough.
"""

from __future__ import annotations

from pytest_dbseed.engine.checks import ColumnBounds
from pytest_dbseed.engine.schema import ColumnInfo, ForeignKeyInfo, TableInfo
from pytest_dbseed.engine.types import int_type_limits

__all__ = ["CT_COLUMN", "generic_columns", "holds_keys"]

CT_COLUMN = "content_type_id"
_IDS = ("object_id", "object_pk")


def generic_columns(table: TableInfo, ct_table: str) -> list[tuple[ForeignKeyInfo, ColumnInfo]]:
    """``(foreign key into the content types, object id column)`` of each generic
    relation of ``table``: a one-column foreign key ``[<prefix>_]content_type_id`` into
    ``ct_table`` beside ``[<prefix>_]object_id`` (or ``object_pk``), no foreign key."""
    in_fks = {c for fk in table.foreign_keys for c in fk.columns}
    names = {c.name: c for c in table.columns if not c.computed}
    out = []
    for fk in table.foreign_keys:
        column = fk.columns[0]
        if len(fk.columns) != 1 or fk.ref_table != ct_table or not column.endswith(CT_COLUMN):
            continue
        prefix = column[: -len(CT_COLUMN)]
        if prefix and not prefix.endswith("_"):
            continue
        for name in (prefix + i for i in _IDS):
            col = names.get(name)
            if col is not None and col.kind in ("int", "str") and name not in in_fks:
                out.append((fk, col))
                break
    return out


def holds_keys(col: ColumnInfo, bounds: ColumnBounds | None, first: int, last: int) -> bool:
    """Whether the object id column takes every key ``first .. last`` (its type, its
    length, a range CHECK such as ``object_id >= 0``)."""
    if col.kind == "int":
        low, high = int_type_limits(col.concrete_type)
        if not low <= first <= last <= high:
            return False
    else:
        length = getattr(col.concrete_type, "length", None) or col.length
        if isinstance(length, int) and len(str(last)) > length:
            return False
    if bounds is None:
        return True
    if col.kind != "int" or bounds.allowed is not None or bounds.excluded:
        return False
    return bounds.admits(first) and bounds.admits(last)
