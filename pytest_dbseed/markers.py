"""The ``seed`` marker: its signature, validated once into a frozen spec.

``@pytest.mark.seed(User=100, Agent=5)`` / ``@pytest.mark.seed({"public.user": rows(3)})``
/ ``@pytest.mark.seed(Payment=20, only=True)``.

Validation is in two steps. :func:`validate_seed_marker` checks the shape of the
arguments (counts are ints >= 0 or ``rows(...)``) without knowing the models;
:func:`resolve_counts` maps every key to a table of the schema being seeded and
lists the known names (and the closest one) on a typo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pytest_dbseed import spec
from pytest_dbseed.errors import ConfigError

if TYPE_CHECKING:
    import pytest

    from pytest_dbseed.engine.schema import SchemaGraph

__all__ = [
    "MARKER_NAME",
    "MARKER_HELP",
    "SeedSpec",
    "seed_signature",
    "validate_seed_marker",
    "spec_for_item",
    "resolve_counts",
    "check_count",
]

MARKER_NAME = "seed"
MARKER_HELP = (
    "seed(*counts: dict, only=False, **counts): seed this test's database with these rows. "
    "Keys are mapped class names or table names, values a row count (int >= 0) or "
    "pytest_dbseed.rows(n, column=override, ...); tables not named get --seed-count rows, "
    "or stay empty except for parents the named rows need when only=True. "
    "Needs the seeded_session, seeded_connection or dbseed fixture."
)


@dataclass(frozen=True)
class SeedSpec:
    """A validated ``seed`` marker: counts per key (as written) and ``only``."""

    counts: Mapping[Any, Any] = field(default_factory=lambda: MappingProxyType({}))
    only: bool = False

    @property
    def is_default(self) -> bool:
        """True when the test sees the session's default data set unchanged."""
        return not self.counts and not self.only


def check_count(key: object, value: object) -> None:
    """Refuse anything but an int >= 0 or ``rows(n >= 0, ...)`` for ``key``."""
    __tracebackhide__ = True
    spec.check_count(repr(spec.label_of(key)), value)


def seed_signature(*counts_dicts: Mapping[Any, Any], only: bool = False, **counts: Any) -> SeedSpec:
    """The marker's signature: ``seed(*counts_dicts, only=False, **counts)``."""
    __tracebackhide__ = True
    merged: dict[Any, Any] = {}
    for pos, mapping in enumerate(counts_dicts):
        if not isinstance(mapping, Mapping):
            raise ConfigError(
                f"positional argument {pos + 1} is a {type(mapping).__name__}; positional "
                "arguments must be dicts mapping a model or table to a count, e.g. "
                "seed({'public.user': 5}) or seed(User=5)"
            )
        merged.update(mapping)
    merged.update(counts)
    if not isinstance(only, bool):
        raise ConfigError(f"only={only!r} must be True or False")
    for key, value in merged.items():
        check_count(key, value)
    return SeedSpec(counts=MappingProxyType(merged), only=only)


def validate_seed_marker(mark: pytest.Mark) -> SeedSpec:
    """Validate one ``seed`` marker into a :class:`SeedSpec` (raises :class:`ConfigError`)."""
    __tracebackhide__ = True
    return seed_signature(*mark.args, **mark.kwargs)


def spec_for_item(marks: Iterable[pytest.Mark]) -> SeedSpec:
    """Merge a test's ``seed`` markers, closest first (function beats class beats module).

    Counts from a farther marker apply unless a closer one names the same key;
    ``only`` comes from the closest marker.
    """
    specs = [validate_seed_marker(m) for m in marks]
    if not specs:
        return SeedSpec()
    merged: dict[Any, Any] = {}
    for one in reversed(specs):
        merged.update(one.counts)
    return SeedSpec(counts=MappingProxyType(merged), only=specs[0].only)


def resolve_counts(spec_counts: Mapping[Any, Any], graph: SchemaGraph) -> dict[str, Any]:
    """Map every key to its table's full name (raises the schema's error on a typo).

    Two keys naming the same table (``User`` and ``"user"``) are refused: which count
    wins would be a guess.
    """
    out: dict[str, Any] = {}
    seen: dict[str, object] = {}
    for key, value in spec_counts.items():
        fullname = graph.resolve(key).fullname
        if fullname in out:
            raise ConfigError(
                f"{spec.label_of(seen[fullname])!r} and {spec.label_of(key)!r} both name table "
                f"{fullname!r}; give its count once"
            )
        out[fullname] = value
        seen[fullname] = key
    return out
