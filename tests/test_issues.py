"""The fast constructors of findings and task rows build exactly what the classes build."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from pmkit.engine.issues import (
    Code,
    Issue,
    Location,
    Severity,
    fast_constructor,
    new_issue,
    new_location,
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
    second: int


class _Swapped:
    """Fields in the wrong order: positional arguments would land in the wrong slots."""

    __slots__ = ("first", "second")

    def __init__(self, second: int, first: int) -> None:
        self.first = first
        self.second = second
        self.__class__ = _Pair  # type: ignore[assignment]  # noqa: PLE0237


class _Short:
    """A field missing: the object could not become a `_Pair`."""

    __slots__ = ("first",)

    def __init__(self, first: int) -> None:
        self.first = first


class _Right:
    __slots__ = ("first", "second")

    def __init__(self, first: int, second: int) -> None:
        self.first = first
        self.second = second
        self.__class__ = _Pair  # type: ignore[assignment]  # noqa: PLE0237


@pytest.mark.parametrize(
    ("writable", "chosen"),
    [
        pytest.param(_Right, _Right, id="agrees"),
        pytest.param(_Swapped, _Pair, id="argument-order-differs"),
        pytest.param(_Short, _Pair, id="slots-differ"),
    ],
)
def test_fast_constructor_falls_back_when_the_classes_disagree(
    writable: type, chosen: type
) -> None:
    """A writable twin that does not match the frozen class is never used."""
    assert fast_constructor(_Pair, writable) is chosen
