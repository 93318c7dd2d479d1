"""The reader's fast Task and Link builders make exactly what the dataclasses make."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import date
from typing import Any

import pytest

from pmkit.engine.model import Link, LinkType, Task, TaskStatus
from pmkit.reading.task_builder import new_link, new_task


def test_fast_path_is_on() -> None:
    """The twin classes still match Task's and Link's fields, so the fast path is used."""
    assert new_task is not Task
    assert new_link is not Link


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(("3",), id="defaults"),
        pytest.param(("T-1", LinkType.SS, -2, True), id="every-field"),
    ],
)
def test_builds_the_same_link(values: tuple[Any, ...]) -> None:
    """Same type, fields, equality, hash and text as `Link(...)`, and frozen."""
    full = Link(*values)
    fast = new_link(*values)
    assert type(fast) is Link
    assert fast == full
    assert hash(fast) == hash(full)
    assert str(fast) == str(full)
    with pytest.raises(FrozenInstanceError):
        fast.lag_days = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(("1", "Design", 5), id="required-only"),
        pytest.param(
            (
                "7",
                "Build",
                3,
                9,
                "Phase 1",
                "Ana",
                (Link("1"),),
                date(2026, 3, 2),
                date(2026, 4, 1),
                0.5,
                date(2026, 3, 3),
                None,
                100.0,
                40.0,
                TaskStatus.DONE,
                date(2026, 3, 9),
                "CR-1",
                date(2026, 3, 2),
                date(2026, 3, 6),
                5,
                90.0,
                "note",
            ),
            id="every-field",
        ),
    ],
)
def test_builds_the_same_task(values: tuple[object, ...]) -> None:
    """Same type, fields, equality and hash as the dataclass's own constructor, and frozen."""
    full = Task(*values)  # type: ignore[arg-type]
    fast = new_task(*(getattr(full, field.name) for field in fields(Task)))
    assert type(fast) is Task
    assert fast == full
    assert hash(fast) == hash(full)
    with pytest.raises(FrozenInstanceError):
        fast.name = "other"  # type: ignore[misc]
