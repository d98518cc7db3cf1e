"""pytest-dbseed: a real PostgreSQL full of believable fake data for every test.

The names below are imported lazily so that loading the pytest plugin costs
almost nothing when a run does not use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "seed",
    "plan",
    "rows",
    "fake",
    "Rows",
    "Fake",
    "DEFAULT",
    "skewed",
    "uniform",
    "SeedReport",
    "Plan",
    "DbseedError",
    "DbseedHandle",
    "__version__",
]

if TYPE_CHECKING:
    from pytest_dbseed._handle import DbseedHandle
    from pytest_dbseed.engine.api import Plan, SeedReport, plan, seed
    from pytest_dbseed.errors import DbseedError
    from pytest_dbseed.spec import DEFAULT, Fake, Rows, fake, rows, skewed, uniform

_LAZY = {
    "seed": "pytest_dbseed.engine.api",
    "plan": "pytest_dbseed.engine.api",
    "rows": "pytest_dbseed.spec",
    "fake": "pytest_dbseed.spec",
    "Rows": "pytest_dbseed.spec",
    "Fake": "pytest_dbseed.spec",
    "SeedReport": "pytest_dbseed.engine.api",
    "Plan": "pytest_dbseed.engine.api",
    "DbseedError": "pytest_dbseed.errors",
    "DEFAULT": "pytest_dbseed.spec",
    "DbseedHandle": "pytest_dbseed._handle",
    "skewed": "pytest_dbseed.spec",
    "uniform": "pytest_dbseed.spec",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_dbseed' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
