"""The ``dbseed`` fixture's value: what a test's data set holds, and more rows on demand.

Public as :class:`pytest_dbseed.DbseedHandle`, for annotations::

    def test_report(dbseed: pytest_dbseed.DbseedHandle) -> None:
        assert dbseed.count(User) == 10
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pytest_dbseed.engine.api import SeedReport
    from pytest_dbseed.engine.schema import SchemaGraph

__all__ = ["DbseedHandle", "AddRows"]


class AddRows(Protocol):
    """Seeds more rows in the test's transaction from marker-style arguments.

    Given by the fixture (:func:`pytest_dbseed._data.add_rows`), so that this module
    imports nothing of the plugin: ``pytest_dbseed`` exports the handle, and type
    checkers follow that import.
    """

    def __call__(
        self, *counts_dicts: Mapping[Any, Any], only: bool, **counts: Any
    ) -> SeedReport: ...


class DbseedHandle:
    """The test's seeding handle (the ``dbseed`` fixture).

    ``counts`` maps table full names to the rows the test's data set holds (what was
    seeded plus what :meth:`add` added); ``seed`` is the seed of this run; ``report``
    is the :class:`~pytest_dbseed.SeedReport` of the data the test started with;
    ``connection`` is the test's ``Connection`` (the one ``seeded_connection`` gives)
    and ``metadata`` the ``MetaData`` being seeded.
    """

    def __init__(
        self,
        connection: sa.Connection,
        metadata: sa.MetaData,
        graph: SchemaGraph,
        report: SeedReport,
        seed: int,
        *,
        add_rows: AddRows,
    ) -> None:
        self.connection = connection
        self.metadata = metadata
        self.report = report
        self.seed = seed
        self._graph = graph
        self._add_rows = add_rows
        self.counts: dict[str, int] = {name: 0 for name in graph.tables}
        self.counts.update(report.rows)
        self.added: list[SeedReport] = []
        """Reports of every :meth:`add` call, in order."""

    def count(self, key: object) -> int:
        """Rows seeded in a table named by table name, full name, class name, Table or class."""
        return self.counts[self._graph.resolve(key).fullname]

    def add(self, *counts_dicts: Mapping[Any, Any], only: bool = True, **counts: Any) -> SeedReport:
        """Seed more rows inside the test's transaction: ``dbseed.add(User=5)``.

        Same keys and values as the ``seed`` marker. The rows come after the ones already
        there and may point at existing parents. Other tables get no rows except parents
        the new rows need (``only=True``, the default); with ``only=False`` they get
        ``--seed-count`` more rows each. Flush a session's pending objects first if
        they matter.
        """
        report = self._add_rows(*counts_dicts, only=only, **counts)
        for name, n in report.rows.items():
            self.counts[name] = self.counts.get(name, 0) + n
        self.added.append(report)
        return report

    def __repr__(self) -> str:
        seeded = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        return f"<dbseed seed={self.seed} {seeded}>"
