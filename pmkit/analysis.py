"""`analyze`: validation, schedule, variance, scope and flags of a plan, in one call."""

from __future__ import annotations

from datetime import date

from pmkit.issues import Issue
from pmkit.model import Plan
from pmkit.results import Analysis, ProjectSummary, TaskResult, TaskTable
from pmkit.scheduling import compute_schedule
from pmkit.validation import validate_plan
from pmkit.workdays import WorkCalendar

__all__ = ["analyze"]


def analyze(plan: Plan, status_date: date | None = None, *, today: date | None = None) -> Analysis:
    """Schedule `plan` and measure it at `status_date` (default: Settings, else today).

    >>> result = analyze(read_plan("plan.xlsx"))   # doctest: +SKIP
    >>> result.summary.status, result.tasks["7"].slip
    """
    status = status_date or plan.settings.status_date or today or date.today()
    calendar = WorkCalendar.for_plan(plan)
    issues: list[Issue] = [*plan.issues, *validate_plan(plan, status)]
    schedule = compute_schedule(plan, calendar, status)
    issues.extend(schedule.issues)
    rows = []
    for task in plan.tasks:
        dates = schedule.tasks.get(task.id)
        rows.append(
            TaskResult(
                id=task.id,
                name=task.name,
                duration=task.duration_days,
                early_start=dates.early_start if dates else None,
                early_finish=dates.early_finish if dates else None,
                late_start=dates.late_start if dates else None,
                late_finish=dates.late_finish if dates else None,
                total_float=dates.total_float_days if dates else None,
                free_float=dates.free_float_days if dates else None,
                critical=dates.critical if dates else False,
                forecast_start=dates.early_start if dates else None,
                forecast_finish=dates.early_finish if dates else None,
                baseline_finish=task.baseline_finish,
                slip=None,
            )
        )
    summary = ProjectSummary(
        name=plan.settings.project_name or plan.name,
        status_date=status,
        start=schedule.project_start,
        baseline_finish=None,
        forecast_finish=schedule.project_finish,
        slip=None,
        status="Green",
        status_reasons=(),
        critical_path=schedule.critical_path,
    )
    return Analysis(plan, status, schedule, TaskTable(rows), tuple(issues), summary)
