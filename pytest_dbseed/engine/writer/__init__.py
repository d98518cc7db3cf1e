"""Writing rows: COPY text formatting (:mod:`.copytext`), COPY and executemany writes with
deferred keys and sequences (:mod:`.write`), driver error translation (:mod:`.errors`)."""

from __future__ import annotations

from pytest_dbseed.engine.writer.errors import is_driver_error, translate_error
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
    "translate_error",
    "is_driver_error",
]
