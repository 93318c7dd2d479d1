"""The Schedule table as plain values, fast: `PM_SCHEDULE` spills it on every recalculation.

The report's `build_schedule_sheet` makes a styled `Cell` per value, which costs about
a second at 10,000 tasks; a cell function needs only the values. This builds exactly
the values of that sheet (same columns, same order — a test holds them equal) straight
from the analysis. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmkit import Analysis, Task, TaskResult
from pmkit.frontend import SCHEDULE_COLUMNS, Value

__all__ = ["excel_id", "schedule_values"]

SCHEDULE_HEADER: tuple[str, ...] = tuple(name for name, _, _ in SCHEDULE_COLUMNS)


def excel_id(value: Value) -> Value:
    """Task ids that are whole numbers go back as numbers, so lookups match the Plan."""
    if isinstance(value, str) and value.isdigit() and len(value) < 16:
        return int(value)
    return value


def schedule_values(analysis: Analysis) -> list[list[Value]]:
    """The Schedule sheet's header and rows, as values; numeric ids as numbers."""
    rows: list[list[Value]] = [list(SCHEDULE_HEADER)]
    for task, result in _pairs(analysis):
        done = task is not None and task.is_done
        status = task.status.value if task and task.status else ("Done" if done else None)
        rows.append(
            [
                excel_id(result.id),
                result.name,
                task.phase if task else None,
                task.owner if task else None,
                result.duration,
                task.percent_complete if task else None,
                status,
                result.forecast_start,
                result.forecast_finish,
                result.baseline_finish,
                result.slip,
                result.total_float,
                result.free_float,
                "Yes" if result.critical and not done else None,
                task.deadline if task else None,
                result.early_start,
                result.early_finish,
                result.late_start,
                result.late_finish,
            ]
        )
    return rows


def _pairs(analysis: Analysis) -> Iterator[tuple[Task | None, TaskResult]]:
    tasks = analysis.plan.tasks
    if len(tasks) == len(analysis.tasks):
        yield from zip(tasks, analysis.tasks, strict=True)
        return
    by_id = analysis.plan.task_by_id()
    for result in analysis.tasks:
        yield by_id.get(result.id), result
