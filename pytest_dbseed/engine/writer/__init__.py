"""Writing rows: COPY text formatting (:mod:`.copytext`), COPY and executemany writes with
deferred keys and sequences (:mod:`.write`), NOT NULL cycles in one statement per batch
(:mod:`.together`), driver error translation (:mod:`.errors`)."""

from __future__ import annotations

from pytest_dbseed.engine.writer.errors import is_driver_error, translate_error
from pytest_dbseed.engine.writer.together import write_together
from pytest_dbseed.engine.writer.write import (
    BATCH,
    Prefetch,
    advance_sequences,
    copy_chunks,
    copy_driver,
    fill_deferred,
    fix_sequences,
    write_table,
)

__all__ = [
    "BATCH",
    "Prefetch",
    "copy_chunks",
    "copy_driver",
    "fill_deferred",
    "fix_sequences",
    "advance_sequences",
    "write_table",
    "write_together",
    "translate_error",
    "is_driver_error",
]
