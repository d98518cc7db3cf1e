"""A record, in the test database itself, of every write that was committed.

Watching connections cannot see every road to the database: a commit on the driver's
connection, an ``AUTOCOMMIT`` connection, a second engine made from
``dbseed_engine.url``, a ``COMMIT`` hidden behind a comment, ``psql`` in another
terminal. The database sees them all. A statement-level trigger on every seeded table
inserts one row into ``_dbseed.writes`` per writing statement; that row is part of the
writing transaction, so it exists afterwards only if the write was committed. A test's
own writes are rolled back with it. "Is there any row?" is then one cheap query: the
table holds rows only after data outlived its transaction (the plugin clears it after
seeding the default data set).

Inserts never wait on each other, so the log adds no lock between connections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["SCHEMA", "install", "has_writes", "clear"]

SCHEMA = "_dbseed"
_TABLE = f"{SCHEMA}.writes"
_TRIGGER = "dbseed_note_write"

_FUNCTION = f"""
CREATE FUNCTION {SCHEMA}.note_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {_TABLE} (relation) VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
    RETURN NULL;
END
$$
"""


def install(engine: sa.Engine, metadata: sa.MetaData) -> bool:
    """Create the log and a trigger on every table of ``metadata``; False if it cannot be.

    Only tables that exist as plain or partitioned tables get the trigger (a model
    mapped onto a view does not). A database where this is refused (no privilege to
    create a schema or a trigger) falls back to watching connections only.
    """
    import sqlalchemy as sa

    if engine.dialect.name != "postgresql":
        return False
    prep = engine.dialect.identifier_preparer
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            conn.exec_driver_sql(
                f"CREATE TABLE IF NOT EXISTS {_TABLE} "
                "(at timestamptz NOT NULL DEFAULT now(), relation text)"
            )
            conn.exec_driver_sql(_FUNCTION)
            for table in metadata.sorted_tables:
                name = prep.format_table(table)
                kind = conn.scalar(
                    sa.text(
                        "SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass(:n)"
                    ),
                    {"n": name},
                )
                if kind not in ("r", "p"):
                    continue
                conn.exec_driver_sql(
                    f"CREATE TRIGGER {_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {name} FOR EACH STATEMENT EXECUTE PROCEDURE {SCHEMA}.note_write()"
                )
    except sa.exc.DBAPIError:
        return False
    return True


def has_writes(conn: sa.Connection) -> bool:
    """Whether a write to a seeded table was committed since the log was last cleared."""
    return bool(conn.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {_TABLE})").scalar())


def clear(conn: sa.Connection) -> None:
    """Forget the writes so far (after the plugin's own, committed with ``conn``)."""
    conn.exec_driver_sql(f"DELETE FROM {_TABLE}")
