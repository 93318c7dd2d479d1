"""A done task's duration from its actual dates, when its Duration cell gives none.

A finished task's dates are facts: Microsoft Project takes a completed task's duration
from its actuals. So a task that is done (`Task.is_done`) with an Actual Start and an
Actual Finish on or after it does not need its Duration: when the cell is blank or
unreadable, pmkit schedules it on the working days of its actual dates, and the finding
at the cell is a warning (`duration-from-actuals`) saying so, not an error that holds
the plan back. A done task without both dates still needs its Duration. The same holds
for a done task's unreadable Duration in a Microsoft Project file.
"""

from __future__ import annotations

from dataclasses import replace

from pmkit.engine.figures import working_days
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan, Task
from pmkit.engine.workdays import WorkCalendar

__all__ = ["dated_by_actuals", "duration_from_actuals", "soften_findings"]


def dated_by_actuals(task: Task) -> bool:
    """Whether `task` is done with an Actual Start and an Actual Finish on or after it:
    its actual dates give its duration, whatever its Duration cell says."""
    start, finish = task.actual_start, task.actual_finish
    return task.is_done and start is not None and finish is not None and finish >= start


def duration_from_actuals(task: Task, calendar: WorkCalendar) -> int | None:
    """The working days of `task`'s actual dates, both counted (NETWORKDAYS), when they
    give its duration (`dated_by_actuals`); else None. At least 1: work done on days off
    only (a Saturday) still took a day, and is placed on the next working day as its
    actual dates are — not turned into a milestone."""
    if not dated_by_actuals(task):
        return None
    assert task.actual_start is not None
    assert task.actual_finish is not None
    return max(1, calendar.count_workdays(task.actual_start, task.actual_finish))


def soften_findings(plan: Plan) -> Plan:
    """`plan` with each Duration error of a task dated by its actuals turned into the
    warning that pmkit takes the duration from them. The error sits at the task's Duration
    (`Plan.location`): its cell in a workbook, the task itself in a Microsoft Project file,
    one rule for both. The finding keeps what was wrong, and says what pmkit did and what to
    enter where the plan came from.

    >>> # "Duration is blank; enter working days (0 for a milestone)" becomes
    >>> # "Duration is blank; the task is done, so pmkit takes its duration from its
    >>> # actual dates: 5 working days (type 5 to keep the plan complete)"
    """
    dated = {
        plan.location(task, "duration_days"): task
        for task in plan.tasks
        if task.duration_days is None and dated_by_actuals(task)
    }
    if not dated:
        return plan
    calendar = WorkCalendar.for_plan(plan)
    issues = list(plan.issues)
    for position, issue in enumerate(issues):
        task = dated.get(issue.location) if issue.location is not None else None
        if (
            task is None
            or issue.task_id != task.id
            or issue.code is not Code.BAD_DURATION
            or issue.severity is not Severity.ERROR
        ):
            continue
        days = duration_from_actuals(task, calendar)
        if days is None:
            continue
        wrong = issue.message.partition("; ")[0]  # what was wrong, without the old advice
        enter = (
            f"type {days}"
            if plan.project_file is None
            else f"give it a Duration of {working_days(days)} in Microsoft Project"
        )
        issues[position] = Issue(
            Severity.WARNING,
            Code.DURATION_FROM_ACTUALS,
            issue.location,
            issue.task_id,
            f"{wrong}; the task is done, so pmkit takes its duration from its actual "
            f"dates: {working_days(days)} ({enter} to keep the plan complete)",
        )
    return replace(plan, issues=tuple(issues))
