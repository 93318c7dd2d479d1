"""addin.cache: the LRU, and one analysis for many cells on an unchanged table."""

from __future__ import annotations

from datetime import datetime

import pytest

from addin import answers, functions
from addin.cache import LruCache, content_key


def test_lru_keeps_the_most_recent() -> None:
    """Past `max_entries`, the least recently used entry goes first."""
    cache: LruCache[str] = LruCache(2)
    cache.get_or_compute("a", lambda: "A")
    cache.get_or_compute("b", lambda: "B")
    cache.get_or_compute("a", lambda: "never")  # a is now the most recent
    cache.get_or_compute("c", lambda: "C")
    assert cache.get_or_compute("a", lambda: "again") == "A"
    assert cache.get_or_compute("b", lambda: "recomputed") == "recomputed"
    assert len(cache) == 2


def test_a_failed_computation_is_not_cached() -> None:
    """An exception stores nothing, so the next call tries again."""
    cache: LruCache[int] = LruCache(2)

    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        cache.get_or_compute("k", fail)
    assert cache.get_or_compute("k", lambda: 1) == 1


def test_max_entries_must_be_positive() -> None:
    """A cache that can hold nothing is a mistake."""
    with pytest.raises(ValueError, match="at least 1"):
        LruCache(0)


def test_equal_tables_have_equal_keys() -> None:
    """Fresh copies of one table (as Excel sends each call) share a key; a change does not."""
    table: list[list[object]] = [["ID", "Task", "Duration"], [1.0, "A", 2.0]]
    copy = [list(row) for row in table]
    changed: list[list[object]] = [["ID", "Task", "Duration"], [1.0, "A", 3.0]]
    as_tuples = [tuple(map(tuple, t)) for t in (table, copy, changed)]
    keys = [content_key(t) for t in as_tuples]
    assert keys[0] == keys[1] != keys[2]


def test_a_thousand_cells_schedule_the_plan_once() -> None:
    """1,000 PM_SLIP calls on fresh copies of one table analyse it once."""
    answers._CACHE.clear()
    header = ["ID", "Task", "Duration", "Predecessors", "Baseline Finish"]
    rows = [[float(i), f"T{i}", 2.0, str(i - 1) if i > 1 else None, None] for i in range(1, 51)]
    status = datetime(2026, 3, 2)
    for call in range(1_000):
        table = [list(header), *(list(row) for row in rows)]
        functions.PM_FLOAT(table, float(call % 50 + 1), status)
    assert answers._CACHE.misses == 1
    assert answers._CACHE.hits == 999


def test_a_changed_cell_is_a_new_analysis() -> None:
    """Editing one cell of the plan gives a fresh answer, not a stale one."""
    answers._CACHE.clear()
    table: list[list[object]] = [["ID", "Task", "Duration"], [1.0, "A", 2.0], [2.0, "B", 3.0]]
    status = datetime(2026, 2, 27)
    first = functions.PM_FORECAST_FINISH(table, None, status)
    table[2][2] = 8.0
    second = functions.PM_FORECAST_FINISH(table, None, status)
    assert second > first
    assert answers._CACHE.misses == 2
