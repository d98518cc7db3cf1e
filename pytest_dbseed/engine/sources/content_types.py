"""Django's content types: ``django_content_type (app_label, model)`` names real models.

Django keeps one row per installed model in ``django_content_type``, with its app's label
and the model's lower-cased class name (``('auth', 'user')``, ``('shop', 'orderitem')``);
the admin log, permissions and generic relations point at these rows. A table with string
columns ``app_label`` and ``model``, unique together, is such a table: its first rows name
the models of the seeded schema, read from the table names as Django makes them
(``<app_label>_<model>``; Django's own apps by their known tables), then invented models
of invented apps, each pair once. Many-to-many tables Django creates itself (a key and two
foreign keys, unique together) are no models and have no content type.
"""

from __future__ import annotations

from collections.abc import Iterable

from pytest_dbseed.engine.reflect import framework_of
from pytest_dbseed.engine.schema import TableInfo
from pytest_dbseed.engine.sources.description import Cycling

__all__ = ["content_type_columns", "content_type_pairs", "model_of", "modelled_tables"]

_DJANGO_TABLES = {
    "django_content_type": ("contenttypes", "contenttype"),
    "django_session": ("sessions", "session"),
    "django_admin_log": ("admin", "logentry"),
    "django_site": ("sites", "site"),
    "django_flatpage": ("flatpages", "flatpage"),
    "django_redirect": ("redirects", "redirect"),
}
"""Django's contrib models whose tables do not follow ``<app_label>_<model>``."""

_APPS = (
    "accounts", "blog", "billing", "catalog", "cms", "core", "crm", "events", "forum",
    "inventory", "notifications", "payments", "reports", "shipping", "support", "wiki",
)  # fmt: skip
_MODELS = (
    "article", "comment", "customer", "invoice", "page", "payment", "profile", "report",
    "setting", "subscription", "ticket", "address", "attachment", "message", "note", "event",
)  # fmt: skip


def content_type_columns(table: TableInfo) -> tuple[str, str] | None:
    """``(app_label, model)`` when ``table`` is shaped like Django's content types."""
    names = {c.name: c for c in table.columns}
    app, model = names.get("app_label"), names.get("model")
    if app is None or model is None or app.kind != "str" or model.kind != "str":
        return None
    if not any(set(u) == {"app_label", "model"} for u in table.unique_sets):
        return None
    return "app_label", "model"


def _auto_m2m(table: TableInfo) -> bool:
    """A many-to-many table Django creates: its key and two foreign keys, unique together."""
    keys = {c for fk in table.foreign_keys for c in fk.columns}
    others = [c.name for c in table.columns if c.name not in keys]
    return (
        len(table.foreign_keys) == 2
        and len(keys) == 2
        and others == list(table.primary_key)
        and any(set(u) == keys for u in table.unique_sets)
    )


def model_of(table: TableInfo) -> tuple[str, str] | None:
    """The ``(app_label, model)`` a table of a Django project stands for, or None."""
    name = table.name.lower()
    if name in _DJANGO_TABLES:
        return _DJANGO_TABLES[name]
    app, _, model = name.partition("_")
    if not app or not model or framework_of(name) or _auto_m2m(table):
        return None
    return app, model.replace("_", "")


def modelled_tables(tables: Iterable[TableInfo]) -> dict[tuple[str, str], str]:
    """The schema's models, in the order their content types are numbered (the first
    content type names the first of them), each with the table it stands for."""
    out: dict[tuple[str, str], str] = {}
    for table in tables:
        pair = model_of(table)
        if pair is not None:
            out.setdefault(pair, table.fullname)
    return out


def content_type_pairs(tables: Iterable[TableInfo], rows: int) -> tuple[Cycling, Cycling]:
    """The app labels and model names of ``rows`` content types, in parallel: the schema's
    models first, then invented ones (never of an app the schema has)."""
    real = list(modelled_tables(tables))
    taken = {a for a, _ in real}
    # Invented apps the schema does not have; when it has every one, apps of their own.
    apps = [a for a in _APPS if a not in taken] or [f"{a}_extra" for a in _APPS]
    pairs = list(real)
    k = 0
    while len(pairs) < rows:
        app, model = apps[(k // len(_MODELS)) % len(apps)], _MODELS[k % len(_MODELS)]
        lap = k // (len(apps) * len(_MODELS))
        pairs.append((app, model + (str(lap + 1) if lap else "")))
        k += 1
    return (
        Cycling(tuple(a for a, _ in pairs), 0),
        Cycling(tuple(m for _, m in pairs), 0),
    )
