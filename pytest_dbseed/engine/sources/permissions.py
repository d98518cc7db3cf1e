"""Django's permissions: four per model, named after the model their content type names.

Django creates ``add_<model>``, ``change_<model>``, ``delete_<model>`` and ``view_<model>``
for every model, each pointing at the model's content type and labelled ``Can add
<model>``. A table with a one-column foreign key ``content_type_id``, a string column
``codename`` unique together with it (and, often, a string ``name``) is such a table. When
its content types are those this seed writes (see :mod:`.content_types`), the seed knows
the model each of their keys names, so row ``r`` takes content type ``r // 4`` and verb
``r % 4``: a permission whose codename, label and content type agree, each pair once.
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_dbseed.engine.records.families import column_max_len
from pytest_dbseed.engine.schema import TableInfo

__all__ = ["PERMISSION_VERBS", "permission_columns", "permission_values"]

PERMISSION_VERBS = ("add", "change", "delete", "view")
_CT, _CODE, _LABEL = "content_type_id", "codename", "name"


def permission_columns(table: TableInfo) -> tuple[str, ...] | None:
    """``(content_type_id, codename[, name])`` when ``table`` is shaped like Django's
    permissions: no other unique key touches those columns."""
    names = {c.name: c for c in table.columns if not c.computed}
    code, ct = names.get(_CODE), names.get(_CT)
    if code is None or ct is None or code.kind != "str":
        return None
    fks = [fk for fk in table.foreign_keys if _CT in fk.columns]
    if len(fks) != 1 or fks[0].columns != (_CT,):
        return None
    label = names.get(_LABEL)
    columns = (_CT, _CODE) if label is None or label.kind != "str" else (_CT, _CODE, _LABEL)
    touching = [set(u) for u in table.unique_sets if set(u) & set(columns)]
    if touching != [{_CT, _CODE}]:
        return None
    return columns


def permission_values(
    table: TableInfo, columns: Sequence[str], models: Sequence[str], key_base: int, rows: int
) -> list[tuple[object, ...]] | None:
    """The values of ``columns`` (see :func:`permission_columns`) for ``rows`` rows, one
    tuple per column: content type ``key_base + r // 4`` (whose model is ``models[r //
    4]``), codename and label of verb ``r % 4``. None when the content types are too few
    or a value does not fit its column."""
    if rows > len(PERMISSION_VERBS) * len(models):
        return None
    keys: list[object] = []
    codes: list[object] = []
    labels: list[object] = []
    for r in range(rows):
        i, v = divmod(r, len(PERMISSION_VERBS))
        verb, model = PERMISSION_VERBS[v], models[i]
        keys.append(key_base + i)
        codes.append(f"{verb}_{model}")
        labels.append(f"Can {verb} {model}")
    out = [tuple(keys), tuple(codes), tuple(labels)][: len(columns)]
    for name, values in zip(columns[1:], out[1:]):
        room = column_max_len(table.column(name), None)
        if room is not None and any(len(str(v)) > room for v in values):
            return None
    return out
