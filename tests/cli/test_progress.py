"""The progress displays, driven by a fake clock."""

from __future__ import annotations

import io

from pytest_dbseed.loader import LineProgress, TerminalProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_terminal_redraws_one_line_per_table_with_rate_and_eta() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = TerminalProgress(stream, ["agent", "user"], clock=clock, width=200)
    bar("agent", 0, 1000)
    clock.now += 1
    bar("agent", 250, 1000)
    clock.now += 0.01
    bar("agent", 260, 1000)  # too soon after the last redraw: skipped
    clock.now += 1
    bar("agent", 1000, 1000)
    clock.now += 1  # the server finishes the COPY
    bar("user", 0, 10)
    clock.now += 0.5
    bar("user", 10, 10)
    bar.finish()
    screen = stream.getvalue()
    redraws = screen.split("\r\x1b[K")[1:]
    assert redraws[1] == "[1/2] agent  250/1,000 (25%)  250 rows/s  ETA 0:03"
    assert not any("260/1,000" in r for r in redraws)
    assert "[1/2] agent  1,000 rows in 3.01s  (332 rows/s)\n" in redraws
    assert redraws[-1] == "[2/2] user  10 rows in 0.50s  (20 rows/s)\n"
    assert screen.count("\n") == 2  # one finished line per table
    assert round(bar.seconds["agent"], 2) == 3.01 and bar.seconds["user"] == 0.5
    assert bar.rows == {"agent": 1000, "user": 10}


def test_terminal_lines_fit_the_width_and_names_cannot_move_the_cursor() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = TerminalProgress(stream, ["a\x1b[2Jb" + "x" * 80], clock=clock, width=40)
    bar("a\x1b[2Jb" + "x" * 80, 0, 5)
    clock.now += 1
    bar("a\x1b[2Jb" + "x" * 80, 5, 5)
    bar.finish()
    for line in stream.getvalue().split("\r\x1b[K")[1:]:
        assert len(line.rstrip("\n")) <= 39
        assert "\x1b" not in line
    assert "a\\x1b[2Jb" in stream.getvalue()


def test_plain_lines_at_the_end_of_each_table_and_every_few_seconds() -> None:
    stream, clock = io.StringIO(), Clock()
    log = LineProgress(stream, ["big", "small"], clock=clock, every=5)
    log("big", 0, 1_000_000)
    for second in range(1, 21):
        clock.now += 1
        log("big", second * 50_000, 1_000_000)
    clock.now += 1  # the server finishes the COPY
    log("small", 0, 3)
    log("small", 3, 3)
    log.finish()
    assert stream.getvalue().splitlines() == [
        "[1/2] big: 250,000/1,000,000 rows (25%), 50,000 rows/s, ETA 0:15",
        "[1/2] big: 500,000/1,000,000 rows (50%), 50,000 rows/s, ETA 0:10",
        "[1/2] big: 750,000/1,000,000 rows (75%), 50,000 rows/s, ETA 0:05",
        "[1/2] big: 1,000,000 rows in 21.00s (47,619 rows/s)",
        "[2/2] small: 3 rows in 0.00s",
    ]


def test_tables_with_no_rows_are_not_shown() -> None:
    stream = io.StringIO()
    log = LineProgress(stream, ["a"], clock=Clock())
    log("ref", 0, 0)
    log("a", 0, 2)
    log("a", 2, 2)
    log.finish()
    assert stream.getvalue().splitlines() == ["[1/1] a: 2 rows in 0.00s"]


def test_a_table_written_beside_another_is_timed_from_when_its_rows_began() -> None:
    """A parallel load writes the tables of one level together but shows them in order:
    the second one, done by the time it is shown, is timed from when its ranges began
    (before: 0.00s and an absurd rate)."""
    stream, clock = io.StringIO(), Clock()
    log = LineProgress(stream, ["users", "audit", "projects"], clock=clock, every=60)
    log.begin("users")
    log("users", 0, 10)
    clock.now += 1
    log("users", 10, 10)
    log.begin("audit")
    log.begin("projects")
    log("audit", 0, 20)
    clock.now += 4
    log("audit", 20, 20)
    log("projects", 30, 30)  # finished meanwhile
    log.finish()
    assert log.seconds == {"users": 1.0, "audit": 4.0, "projects": 4.0}
    assert stream.getvalue().splitlines()[-1] == "[3/3] projects: 30 rows in 4.00s (8 rows/s)"
