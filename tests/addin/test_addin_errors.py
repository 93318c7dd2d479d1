"""addin.errors: exceptions become one short cell message, never a traceback."""

from __future__ import annotations

import inspect

import pytest

from addin.errors import answers_in_cells, cell_message
from pmkit.engine.errors import ArgumentError, TaskNotFoundError


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        pytest.param(
            TaskNotFoundError("task 99 is not in the plan"),
            "PM_SLIP: task 99 is not in the plan",
            id="pmkit-error",
        ),
        pytest.param(
            ArgumentError("status_date:   'x'\n is not a date"),
            "PM_SLIP: status_date: 'x' is not a date",
            id="whitespace-collapsed",
        ),
        pytest.param(
            ZeroDivisionError("division by zero"),
            "PM_SLIP: unexpected internal error (ZeroDivisionError); please report it "
            "with the workbook",
            id="bug",
        ),
        pytest.param(
            RecursionError(),
            "PM_SLIP: the plan is too large to compute in Excel; use `pmkit report` instead",
            id="too-deep",
        ),
    ],
)
def test_cell_message(error: Exception, expected: str) -> None:
    """Each kind of failure reads as a sentence prefixed with the function's name."""
    assert cell_message("PM_SLIP", error) == expected


def test_long_messages_are_cut() -> None:
    """A cell message stays short enough to read."""
    message = cell_message("PM_X", ArgumentError("word " * 200))
    assert len(message) <= 400
    assert message.endswith("…")


def test_decorator_keeps_the_signature_and_cleans_the_docstring() -> None:
    """xlwings sees the real arguments; Excel's wizard gets one clean paragraph."""

    @answers_in_cells("PM_DEMO")
    def demo(plan: object, task_id: object = None) -> object:
        """First line.

        Second paragraph.
        """
        raise TaskNotFoundError(f"task {task_id} is not in the plan")

    assert list(inspect.signature(demo).parameters) == ["plan", "task_id"]
    assert demo.__doc__ == "First line. Second paragraph."
    assert demo([], 5) == "PM_DEMO: task 5 is not in the plan"
    assert demo([], task_id=6) == "PM_DEMO: task 6 is not in the plan"  # Python callers
