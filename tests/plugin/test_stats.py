"""The plugin's statistics: recorded per process, merged on the xdist controller."""

from __future__ import annotations

import json

from pytest_dbseed._stats import Stats


def _worker(server: str, *, restores: int = 0, kept: str | None = None) -> Stats:
    stats = Stats()
    stats.add_server(server)
    stats.add_server(server)  # the same server twice is listed once
    stats.record_default({"agent": 3, "user": 3}, 0.25, rebuilt=False)
    for _ in range(restores):
        stats.record_default({"agent": 3, "user": 3}, 0.5, rebuilt=True)
    stats.record_test(40, 0.125)
    if kept:
        stats.record_kept(kept, f"psql {kept}")
    return stats


def test_recording_counts_seeds_rows_and_time() -> None:
    stats = _worker("local PostgreSQL 15", restores=2)
    assert stats.servers == ["local PostgreSQL 15"]
    assert stats.default_rows == {"agent": 3, "user": 3}
    assert stats.default_seeders == 1 and stats.restores == 2
    assert stats.default_seconds == 1.25
    assert (stats.test_seeds, stats.test_rows, stats.test_seconds) == (1, 40, 0.125)
    assert stats.seeding_seconds == 1.375
    assert stats.anything and not Stats().anything


def test_merge_adds_up_workers_and_lists_shared_things_once() -> None:
    a = _worker("shared server", restores=1, kept="postgresql://u:***@h/db_gw0")
    b = _worker("shared server", kept="postgresql://u:***@h/db_gw1")
    c = _worker("another server")
    total = a.merge(b).merge(c)
    assert total.default_rows == {"agent": 3, "user": 3}  # the same data set, shown once
    assert total.default_seeders == 3
    assert total.default_seconds == 0.25 * 3 + 0.5
    assert (total.test_seeds, total.test_rows, total.restores) == (3, 120, 1)
    assert total.servers == ["shared server", "another server"]
    assert total.kept == ["postgresql://u:***@h/db_gw0", "postgresql://u:***@h/db_gw1"]
    assert total.keep_connect == "psql postgresql://u:***@h/db_gw0"  # one way in is enough
    # merge() makes a new object: the workers' own stay as they were.
    assert a.test_seeds == 1 and a.servers == ["shared server"] and len(a.kept) == 1


def test_merging_nothing_changes_nothing() -> None:
    a = _worker("s", restores=1)
    assert Stats().merge(a) == a == a.merge(Stats())


def test_the_plain_dict_survives_json_as_xdist_carries_it() -> None:
    a = _worker("s", restores=1, kept="postgresql://h/db")
    data = json.loads(json.dumps(a.to_dict()))
    assert Stats.from_dict(data) == a
    # From a newer or older plugin, unknown keys are ignored and missing ones default.
    assert Stats.from_dict({"test_seeds": 2, "from_the_future": 1}) == Stats(test_seeds=2)


def test_plans_are_counted_and_merged() -> None:
    a, b = Stats(), Stats()
    a.record_plan(100, 0.5)
    a.record_plan_reuse()
    a.record_plan_reuse()
    b.record_plan(50, 0.25)
    assert a.anything and a.seeding_seconds == 0.5
    total = Stats.from_dict(json.loads(json.dumps(a.merge(b).to_dict())))
    assert (total.plans_seeded, total.plan_rows, total.plan_seconds, total.plan_reuses) == (
        2, 150, 0.75, 2)
