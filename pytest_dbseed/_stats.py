"""What the plugin seeded and where, for the terminal summary.

Each process (a run without xdist, or each xdist worker) keeps one :class:`Stats`.
A worker sends its own to the controller as a plain dict through xdist's
``workeroutput`` (:meth:`Stats.to_dict`, :meth:`Stats.from_dict`); the controller
adds them up with :meth:`Stats.merge` and reports the sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = ["Stats"]


@dataclass
class Stats:
    """Seeding counts and times of one process, or of a whole run once merged."""

    default_rows: dict[str, int] = field(default_factory=dict)
    """Rows per table of the default data set, in insertion order (the same everywhere)."""
    default_seconds: float = 0.0
    """Time spent seeding the default data set, rebuilds included."""
    default_seeders: int = 0
    """Processes that seeded the default data set: each xdist worker seeds its own."""
    test_seeds: int = 0
    """Tests that seeded data of their own (a ``seed`` marker)."""
    test_rows: int = 0
    test_seconds: float = 0.0
    plans_seeded: int = 0
    """Marker plans seeded into a database of their own (each then reused)."""
    plan_rows: int = 0
    plan_seconds: float = 0.0
    plan_reuses: int = 0
    """Tests that ran on a plan database seeded earlier in the run."""
    restores: int = 0
    """Times the default data set was rebuilt after data outlived a test."""
    leaked_after: list[str] = field(default_factory=list)
    """The tests after which data outlived its transaction (one per rebuild, if known)."""
    servers: list[str] = field(default_factory=list)
    """The servers used, described (password masked), each once."""
    kept: list[str] = field(default_factory=list)
    """With ``--dbseed-keep``: the URLs (password masked) of the databases kept."""
    keep_connect: str | None = None
    """With ``--dbseed-keep``: how to connect to a kept database."""

    # -- recording, in the process that does the work ----------------------------------

    def add_server(self, description: str) -> None:
        if description not in self.servers:
            self.servers.append(description)

    def record_default(
        self, rows: Mapping[str, int], seconds: float, *, rebuilt: bool, after: str | None = None
    ) -> None:
        """The default data set was seeded (or, ``rebuilt``, seeded again after ``after``)."""
        self.default_rows = {str(name): int(n) for name, n in rows.items()}
        self.default_seconds += seconds
        self.default_seeders = 1
        if rebuilt:
            self.restores += 1
            if after:
                self.leaked_after.append(after)

    def record_test(self, total_rows: int, seconds: float) -> None:
        """A test seeded ``total_rows`` rows of its own."""
        self.test_seeds += 1
        self.test_rows += total_rows
        self.test_seconds += seconds

    def record_plan(self, total_rows: int, seconds: float) -> None:
        """A marker plan was seeded into a database of its own."""
        self.plans_seeded += 1
        self.plan_rows += total_rows
        self.plan_seconds += seconds

    def record_plan_reuse(self) -> None:
        self.plan_reuses += 1

    def record_kept(self, url: str, connect: str) -> None:
        self.kept.append(url)
        self.keep_connect = self.keep_connect or connect

    # -- reporting ---------------------------------------------------------------------

    @property
    def seeding_seconds(self) -> float:
        return self.default_seconds + self.test_seconds + self.plan_seconds

    @property
    def anything(self) -> bool:
        """Whether there is anything to report: a server was used or data seeded."""
        return bool(self.servers or self.default_rows or self.test_seeds or self.plans_seeded)

    def merge(self, other: Stats) -> Stats:
        """Both processes' statistics together (a new object; neither is changed).

        Every process seeds the same default data set, so its rows are shown once;
        one server shared by every worker is listed once; one way in to the kept
        databases is enough.
        """
        servers = list(self.servers)
        servers += [s for s in other.servers if s not in servers]
        return Stats(
            default_rows=dict(other.default_rows or self.default_rows),
            default_seconds=self.default_seconds + other.default_seconds,
            default_seeders=self.default_seeders + other.default_seeders,
            test_seeds=self.test_seeds + other.test_seeds,
            test_rows=self.test_rows + other.test_rows,
            test_seconds=self.test_seconds + other.test_seconds,
            plans_seeded=self.plans_seeded + other.plans_seeded,
            plan_rows=self.plan_rows + other.plan_rows,
            plan_seconds=self.plan_seconds + other.plan_seconds,
            plan_reuses=self.plan_reuses + other.plan_reuses,
            restores=self.restores + other.restores,
            leaked_after=[*self.leaked_after, *other.leaked_after],
            servers=servers,
            kept=[*self.kept, *other.kept],
            keep_connect=self.keep_connect or other.keep_connect,
        )

    # -- plain data, for xdist's workeroutput ------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Builtins only (str, int, float, list, dict, None): what execnet carries."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stats:
        """The :class:`Stats` that :meth:`to_dict` gave; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        stats = cls(**{k: v for k, v in data.items() if k in known})
        stats.default_rows = {str(k): int(v) for k, v in stats.default_rows.items()}
        return stats
