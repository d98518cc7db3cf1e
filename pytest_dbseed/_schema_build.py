"""Building a database's schema from the models: the plugin's test database and
``dbseed seed --create-schema`` go through the same function.

A builder is any ``builder(engine, metadata)`` that creates what is missing and
commits it; :func:`create_schema` is the one used today (``CREATE SCHEMA IF NOT
EXISTS`` for every schema the tables name, then ``MetaData.create_all``). Another
way (``alembic upgrade head``, or a project's own function) fits the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["SchemaBuilder", "create_schema", "missing_tables"]

SchemaBuilder = Callable[["sa.Engine", "sa.MetaData"], None]
"""Creates the schema of ``metadata`` in the database of ``engine`` (what is missing only)."""


def create_schema(engine: sa.Engine, metadata: sa.MetaData) -> None:
    """Create the schemas the tables live in and every missing table, in one transaction.

    Only ``CREATE ... IF NOT EXISTS`` and ``create_all(checkfirst=True)``: nothing that
    exists is changed, dropped or emptied.
    """
    import sqlalchemy as sa

    schemas = sorted({t.schema for t in metadata.tables.values() if t.schema})
    with engine.begin() as conn:
        for name in schemas:
            conn.execute(sa.schema.CreateSchema(name, if_not_exists=True))
        metadata.create_all(conn, checkfirst=True)


def missing_tables(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    """Tables of ``metadata`` the database of ``engine`` does not have (reads only)."""
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    known: dict[str | None, set[str]] = {}
    missing = []
    for table in metadata.sorted_tables:
        if table.schema not in known:
            try:
                known[table.schema] = set(insp.get_table_names(schema=table.schema)) | set(
                    insp.get_view_names(schema=table.schema)
                )
            except sa.exc.DBAPIError:
                known[table.schema] = set()  # the schema does not exist
        if table.name not in known[table.schema]:
            missing.append(table.key)
    return missing
