"""Input text of the PostgreSQL types SQLAlchemy does not know (no database needed)."""

from __future__ import annotations

import random
import re

import pytest

from pytest_dbseed.engine.values.pgtypes import _text_of, catalog_generates


@pytest.mark.parametrize(
    ("catalog_type", "pattern"),
    [
        ("vector(3)", r"\[[0-9.]+(,[0-9.]+){2}\]"),
        ("public.vector(5)", r"\[[0-9.]+(,[0-9.]+){4}\]"),
        ("geometry(Point,4326)", r"SRID=4326;POINT\(-?[0-9.]+ -?[0-9.]+\)"),
        ("geometry(PointZ,4326)", r"SRID=4326;POINT Z\((-?[0-9.]+ ){2}[0-9.]+\)"),
        ("geometry", r"POINT\(-?[0-9.]+ -?[0-9.]+\)"),
        ("geography", r"SRID=4326;POINT\(.*\)"),
        ("geometry(MultiPolygon,3857)", r"SRID=3857;MULTIPOLYGON\(\(\(.*\)\)\)"),
        ("point", r"\(-?[0-9.]+,-?[0-9.]+\)"),
        ("circle", r"<\(.*\),[0-9]+>"),
        ("ltree", r"[a-z]+(\.[a-z]+)*"),
    ],
)
def test_catalog_type_text(catalog_type: str, pattern: str) -> None:
    text = _text_of(catalog_type)
    assert text is not None
    rng = random.Random(3)
    for _ in range(20):
        assert re.fullmatch(pattern, text(rng)), text(rng)


@pytest.mark.parametrize("catalog_type", ["pg_lsn", "txid_snapshot", "geometry(Tin,4326)"])
def test_types_without_a_generator(catalog_type: str) -> None:
    assert not catalog_generates(catalog_type)
