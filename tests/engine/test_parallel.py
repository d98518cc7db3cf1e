"""The cut of a seed into levels and ranges: every row exactly once, parents first."""

from __future__ import annotations

import pytest

from pytest_dbseed.engine.orchestrate import SeedRequest, decide_offline
from pytest_dbseed.engine.parallel import (
    levels,
    parents_of,
    plan_tasks,
    shard_range,
    split_range,
    table_totals,
)
from pytest_dbseed.engine.schema import build_schema
from pytest_dbseed.engine.writer import BATCH
from tests.models import Base


@pytest.mark.parametrize("n", [0, 1, BATCH - 1, BATCH, 3 * BATCH + 5, 1_000_003])
@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_ranges_cover_every_row_once(n: int, parts: int) -> None:
    got = split_range(10, 10 + n, parts)
    assert [r for lo, hi in got for r in range(lo, hi)] == list(range(10, 10 + n))
    assert len(got) <= parts
    assert all((lo - 10) % BATCH == 0 for lo, _hi in got)


@pytest.mark.parametrize("n", [0, 5, BATCH * 3, 999_999])
@pytest.mark.parametrize("shards", [1, 2, 3, 8])
def test_shards_cover_every_row_once(n: int, shards: int) -> None:
    rows = [r for i in range(shards) for r in range(*shard_range(0, n, i, shards))]
    assert rows == list(range(n))


def test_levels_put_parents_first_and_tasks_cover_the_plan() -> None:
    graph = build_schema(Base.metadata)
    plan, sources = decide_offline(SeedRequest(graph=graph, counts={"payment_history": 90_000}))
    tiers = levels(graph, plan)
    where = {t: i for i, tier in enumerate(tiers) for t in tier}
    for table in where:
        for parent in parents_of(graph, plan, table):
            assert where[parent] < where[table]
    for shards in (1, 3):
        totals: dict[str, int] = {}
        for i in range(shards):
            for t, n in table_totals(plan_tasks(graph, plan, sources, 2, (i, shards))).items():
                totals[t] = totals.get(t, 0) + n
        assert totals == {t: n for t, n in plan.counts.items() if n > 0}
    # "user" points at itself (manager_id): one range, whatever the jobs.
    tasks = [t for tier in plan_tasks(graph, plan, sources, 4) for t in tier]
    assert len([t for t in tasks if t.table == "user" and t.fk is None]) == 1
    assert len([t for t in tasks if t.table == "payment_history"]) > 1
