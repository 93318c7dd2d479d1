"""The safety net of the reader: pmkit's dates against the dates Project stored in the file.

A file written by Microsoft Project carries each task's scheduled Start and Finish. The
plan as read is scheduled once more here, and every task whose days differ from Project's
(and that no other finding already explains) gets a `differs-from-project` warning
naming both, so no date is ever silently different from the vendor's: resource calendars
and work, times of day, or a setting pmkit does not read are the usual causes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar
from pmkit.mspdi.days import DayRules
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.outline import OutlineRow
from pmkit.mspdi.scheduling_fields import instant

__all__ = ["stored_date_differences"]


def stored_date_differences(
    document: ProjectDocument,
    rows: Sequence[OutlineRow],
    plan: Plan,
    rules: DayRules,
    *,
    settings_lost: bool = False,
) -> list[Issue]:
    """A warning for each task whose start or finish is not the one Project stored.

    `settings_lost`: pmkit wrote the file and its settings field was removed since; the
    warnings then name that as the likely reason.
    """
    explained = {issue.task_id for issue in plan.issues if issue.code is Code.DIFFERS_FROM_PROJECT}
    if None in explained:  # a project-wide reason (scheduled from the finish) covers all
        return []
    status = plan.settings.status_day()  # as the analysis measures it
    schedule = compute_schedule(plan, WorkCalendar.for_plan(plan), status)
    tasks = plan.task_by_id()
    why = (
        "pmkit's settings were removed from this file (see the warning on Project), the "
        "likely reason"
        if settings_lost
        else "the file does not say why (resources' calendars or work, times of day, or a "
        "setting pmkit does not read)"
    )
    issues: list[Issue] = []
    for row in rows:
        task = tasks.get(row.id)
        mine = schedule.tasks.get(row.id)
        if row.summary or task is None or mine is None or row.id in explained:
            continue
        start, finish = (
            instant(document, row.element, "Start"),
            instant(document, row.element, "Finish"),
        )
        if start is None or finish is None:
            continue
        if task.duration_days == 0:
            # A milestone's moment is the end of one day or the start of the next: Project's
            # is named the way pmkit's sits (docs/scheduling.md), so the days match only when
            # the moments do (Wed 17:00 is Wed for a milestone a finish placed, else Thu).
            rule = rules.finish_day if mine.at_day_end else rules.start_day
            theirs = (rule(start), rule(finish))
        else:
            theirs = (rules.start_day(start), rules.finish_day(finish))
        ours = (mine.early_start, mine.early_finish)
        if mine.as_late_as_possible:
            ours = (mine.late_start, mine.late_finish)
        if ours != theirs:
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.DIFFERS_FROM_PROJECT,
                    row.location,
                    row.id,
                    f"{row.label} runs {_span(*theirs)} in Microsoft Project "
                    f"but {_span(*ours)} in pmkit; {why}: check its dates",
                )
            )
    return issues


def _span(start: date, finish: date) -> str:
    if start == finish:
        return f"on {format_day(start)}"
    return f"from {format_day(start)} to {format_day(finish)}"
