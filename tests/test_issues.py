"""The fast constructors (`pmkit.engine.frozen`) build exactly what the classes build."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from pmkit.engine.frozen import fast_constructor
from pmkit.engine.issues import (
    Code,
    Issue,
    Location,
    Severity,
    new_issue,
    new_location,
    severity_counts,
)
from pmkit.engine.results import TaskResult, new_task_result

DAY = date(2026, 3, 6)
ROW_FIELDS = ("7", "Build", 3, DAY, DAY, DAY, DAY, 0, 1, True, DAY, DAY, None, 2)


@pytest.mark.parametrize(
    ("fast", "cls", "values"),
    [
        pytest.param(new_location, Location, ("Plan", 7, 6), id="location"),
        pytest.param(new_location, Location, ("Risks", None, None), id="location-sheet-only"),
        pytest.param(
            new_issue,
            Issue,
            (Severity.WARNING, Code.SLIPPING_TASK, Location("Plan", 7, 2), "7", "late"),
            id="issue",
        ),
        pytest.param(new_task_result, TaskResult, ROW_FIELDS, id="task-result"),
    ],
)
def test_fast_constructor_builds_what_the_class_builds(
    fast: Any, cls: type, values: tuple[Any, ...]
) -> None:
    """Same type, fields, equality, hash and repr as the class's own constructor."""
    built, expected = fast(*values), cls(*values)
    assert type(built) is cls
    assert built == expected
    assert hash(built) == hash(expected)
    assert repr(built) == repr(expected)


@pytest.mark.parametrize(
    ("fast", "values", "field"),
    [
        pytest.param(new_location, ("Plan", 7, 6), "row", id="location"),
        pytest.param(
            new_issue,
            (Severity.INFO, Code.LAGS, None, None, "lags"),
            "message",
            id="issue",
        ),
        pytest.param(new_task_result, ROW_FIELDS, "slip", id="task-result"),
    ],
)
def test_fast_constructor_objects_stay_frozen(
    fast: Any, values: tuple[Any, ...], field: str
) -> None:
    """An object from a fast constructor refuses assignment like any frozen dataclass."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(fast(*values), field, None)


@dataclasses.dataclass(frozen=True, slots=True)
class _Pair:
    first: int
    second: int = 2


@dataclasses.dataclass(frozen=True, slots=True)
class _Listed:
    items: list[int] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(self.value)


@dataclasses.dataclass(frozen=True)
class _Unslotted:
    value: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Named:
    value: int
    label: str = dataclasses.field(default="", kw_only=True)


def test_fast_constructor_takes_the_class_defaults() -> None:
    """Arguments left out take the dataclass's defaults, by position or by name."""
    new_pair = fast_constructor(_Pair)
    assert new_pair is not _Pair
    assert new_pair(1) == _Pair(1)
    assert new_pair(first=3, second=4) == _Pair(3, 4)
    assert type(new_pair(1)) is _Pair


@pytest.mark.parametrize(
    "cls",
    [
        pytest.param(_Listed, id="default-factory"),
        pytest.param(_Checked, id="post-init"),
        pytest.param(_Unslotted, id="no-slots"),
        pytest.param(_Named, id="keyword-only"),
    ],
)
def test_fast_constructor_is_the_class_where_a_twin_would_differ(cls: type) -> None:
    """A class whose constructor does more than store its fields is built by itself."""
    assert fast_constructor(cls) is cls


def test_severity_counts_counts_every_severity() -> None:
    """Each severity is counted once per finding, and a severity with none counts 0."""
    found = [
        Issue(Severity.WARNING, Code.MISSING_NAME, None, None, "no name"),
        Issue(Severity.ERROR, Code.BAD_DURATION, None, "1", "bad"),
        Issue(Severity.WARNING, Code.MISSING_NAME, None, None, "no name"),
    ]
    assert severity_counts(found) == {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 0}
    assert severity_counts(()) == dict.fromkeys(Severity, 0)
