"""What an MSPDI task says about how Microsoft Project schedules it, and what pmkit says back.

Read here: constraints of every type, manually scheduled tasks (their entered start
becomes Fixed Dates on a Start No Earlier Than), manually scheduled summaries (their start
holds the tasks beneath them), leveling delays, and % complete as precise as Project's
actual duration. What pmkit cannot reproduce is named task by task with the reason, as a
`differs-from-project` warning: `pmkit import` prints it and the Flags sheet shows it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import ConstraintType, Delay, LinkType, Task
from pmkit.mspdi.days import DayRules, whole_days_nearest
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.outline import OutlineRow
from pmkit.mspdi.values import (
    ELAPSED_FORMATS,
    minutes_from_iso_duration,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
)

__all__ = [
    "CONSTRAINT_TYPES",
    "ReadConstraint",
    "instant",
    "manual_start",
    "manual_summary_floors",
    "precise_percent",
    "project_differences",
    "read_constraint",
    "read_leveling_delay",
    "task_differences",
]

CONSTRAINT_TYPES: Mapping[int, ConstraintType] = {
    0: ConstraintType.AS_SOON_AS_POSSIBLE,
    1: ConstraintType.AS_LATE_AS_POSSIBLE,
    2: ConstraintType.MUST_START_ON,
    3: ConstraintType.MUST_FINISH_ON,
    4: ConstraintType.START_NO_EARLIER_THAN,
    5: ConstraintType.START_NO_LATER_THAN,
    6: ConstraintType.FINISH_NO_EARLIER_THAN,
    7: ConstraintType.FINISH_NO_LATER_THAN,
}
"""MSPDI `ConstraintType` codes."""
_LISTED = 10

# (Start No Earlier Than, other constraint, its date, findings)
ReadConstraint = tuple[date | None, ConstraintType | None, date | None, list[Issue]]


def instant(document: ProjectDocument, element: ET.Element, name: str) -> datetime | None:
    """A date-time of the file; Microsoft Project writes "no date" as a year past 2149."""
    value = parse_datetime(document.text(element, name) or "")
    if value is None or value.year >= 2149 or value.year < 1900:
        return None
    return value


def _issue(severity: Severity, code: Code, row: OutlineRow, message: str) -> Issue:
    return Issue(severity, code, row.location, row.id, message)


def read_constraint(
    document: ProjectDocument,
    row: OutlineRow,
    *,
    duration: int | None,
    rules: DayRules,
) -> ReadConstraint:
    """The task's constraint: a start date is the day it begins, a finish date the day it
    ends. A milestone's finish date is the day it is shown on: Finish No Earlier Than and
    Must Finish On place it at the start of that day (docs/scheduling.md: a milestone a
    constraint places shows day S), Finish No Later Than holds it back to the end of it;
    Project's moment is named so (17:00 is the next working day, or that day)."""
    code = parse_int(document.text(row.element, "ConstraintType")) or 0
    when = instant(document, row.element, "ConstraintDate")
    kind = CONSTRAINT_TYPES.get(code)
    if kind is None:
        label = f"type {code}"
        return (
            None,
            None,
            None,
            [_unsupported(row, label, when, "it is read as As Soon As Possible")],
        )
    if kind is ConstraintType.AS_SOON_AS_POSSIBLE:
        return None, None, None, []
    if kind is ConstraintType.AS_LATE_AS_POSSIBLE:
        return None, kind, None, []
    if when is None:
        return (
            None,
            None,
            None,
            [_unsupported(row, kind.value, None, "it has no date, so it is left out")],
        )
    at_end = kind is ConstraintType.FINISH_NO_LATER_THAN if duration == 0 else kind.on_finish
    day = rules.finish_day(when) if at_end else rules.start_day(when)
    if kind is ConstraintType.START_NO_EARLIER_THAN:
        return day, None, None, []
    return None, kind, day, []


def _unsupported(row: OutlineRow, label: str, when: datetime | None, outcome: str) -> Issue:
    on = f" {format_day(when.date())}" if when else ""
    return _issue(
        Severity.WARNING,
        Code.UNSUPPORTED_CONSTRAINT,
        row,
        f"{row.label} has the constraint {label}{on}; {outcome}",
    )


def manual_start(document: ProjectDocument, row: OutlineRow, rules: DayRules) -> date | None:
    """The start a manually scheduled task was given, or None for an automatic one."""
    if not parse_bool(document.text(row.element, "Manual")):
        return None
    entered = instant(document, row.element, "ManualStart") or instant(
        document, row.element, "Start"
    )
    return rules.start_day(entered) if entered else None


def manual_summary_floors(
    document: ProjectDocument, rows: Sequence[OutlineRow], rules: DayRules
) -> dict[int, tuple[date, OutlineRow]]:
    """For each task beneath a manually scheduled summary: the latest such summary start.

    Microsoft Project starts the automatic tasks of a manual summary no earlier than the
    summary's own start (the SNET it is read as).
    """
    floors: dict[int, tuple[date, OutlineRow]] = {}
    open_summaries: list[tuple[OutlineRow, date | None]] = []
    for row in rows:
        while open_summaries and open_summaries[-1][0].level >= row.level:
            open_summaries.pop()
        if row.summary:
            open_summaries.append((row, manual_start(document, row, rules)))
            continue
        bounds = [(start, summary) for summary, start in open_summaries if start is not None]
        if bounds:
            floors[row.uid] = max(bounds, key=lambda bound: bound[0])
    return floors


def read_leveling_delay(
    document: ProjectDocument, row: OutlineRow, rules: DayRules
) -> tuple[Delay | None, list[Issue]]:
    """`LevelingDelay` (tenths of a minute) in whole elapsed or working days."""
    tenths = parse_float(document.text(row.element, "LevelingDelay")) or 0.0
    if tenths <= 0:
        return None, []
    code = parse_int(document.text(row.element, "LevelingDelayFormat")) or 8
    elapsed = code in ELAPSED_FORMATS
    minutes = tenths / 10
    days = minutes / (24 * 60) if elapsed else rules.days_from_minutes(minutes)
    whole = whole_days_nearest(days)
    issues = []
    if abs(whole - days) > 1e-6:
        issues.append(
            _issue(
                Severity.WARNING,
                Code.DIFFERS_FROM_PROJECT,
                row,
                f"{row.label} has a leveling delay of {days:g} days, read as "
                f"{whole}; its dates may differ from Microsoft Project's by part of a day",
            )
        )
    return (Delay(whole, elapsed) if whole > 0 else None), issues


def precise_percent(document: ProjectDocument, element: ET.Element, percent: float) -> float:
    """% complete as Project's actual duration gives it (2 of 15 days: 13.3 %, shown 13 %;
    1 of 401 days of a started task: 0.25 %, shown 0 %), when the two agree; the shown
    percentage otherwise."""
    if not 0 <= percent < 100 or instant(document, element, "ActualStart") is None:
        return percent
    actual = minutes_from_iso_duration(document.text(element, "ActualDuration") or "")
    total = minutes_from_iso_duration(document.text(element, "Duration") or "")
    if actual is None or not total or total <= 0 or not 0 <= actual <= total:
        return percent
    precise = 100 * actual / total
    return precise if abs(precise - percent) < 0.5 + 1e-9 else percent


# -- what pmkit cannot reproduce ------------------------------------------------------------


def task_differences(
    document: ProjectDocument,
    row: OutlineRow,
    rules: DayRules,
    extra_working_days: frozenset[date],
) -> list[Issue]:
    """Why this task's dates will differ from Microsoft Project's, one warning per reason."""
    element = row.element
    notes: list[Issue] = []
    task_calendar = parse_int(document.text(element, "CalendarUID"))
    project_calendar = parse_int(document.text(document.root, "CalendarUID"))
    if task_calendar not in (None, -1, project_calendar):
        notes.append(
            _issue(
                Severity.WARNING,
                Code.DIFFERS_FROM_PROJECT,
                row,
                f"{row.label} has its own calendar in Microsoft Project; pmkit "
                "schedules every task on the project calendar, so its dates may differ",
            )
        )
    start = instant(document, element, "Start")
    finish = instant(document, element, "Finish")
    if extra_working_days and start is not None and finish is not None:
        worked = sorted(d for d in extra_working_days if start.date() <= d <= finish.date())
        if worked:
            notes.append(
                _issue(
                    Severity.WARNING,
                    Code.DIFFERS_FROM_PROJECT,
                    row,
                    f"{row.label} works on {_days(worked)}, a day off made "
                    "working by a calendar exception; pmkit keeps it a day off, so this task "
                    "and those after it finish later than in Microsoft Project",
                )
            )
    if parse_bool(document.text(element, "IsSubproject")):
        name = document.text(element, "SubprojectName") or "another file"
        notes.append(
            _issue(
                Severity.WARNING,
                Code.DIFFERS_FROM_PROJECT,
                row,
                f"{row.label} is an inserted project ({name}); its tasks are not "
                "in this file, so they are not scheduled and tasks linked to it may differ",
            )
        )
    return notes


def _days(days: Sequence[date]) -> str:
    shown = [format_day(day) for day in days[:_LISTED]]
    more = len(days) - _LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def project_differences(document: ProjectDocument, tasks: Sequence[Task]) -> list[Issue]:
    """Project-wide options that make pmkit's dates differ, naming the tasks they touch."""
    root = document.root
    notes: list[Issue] = []
    if document.text(root, "ScheduleFromStart") == "0":
        notes.append(
            Issue(
                Severity.WARNING,
                Code.DIFFERS_FROM_PROJECT,
                document.location(),
                None,
                "The project is scheduled from its finish date in Microsoft Project; pmkit "
                "schedules forward from the project start, so every task's dates may differ",
            )
        )
    if document.text(root, "HonorConstraints") == "0":
        hard = [t.id for t in tasks if t.constraint is not None and t.constraint.dated]
        if hard:
            notes.append(
                Issue(
                    Severity.WARNING,
                    Code.DIFFERS_FROM_PROJECT,
                    document.location(),
                    hard[0],
                    "Microsoft Project lets links move tasks past their constraint dates in "
                    "this file (its option to always honour constraint dates is off); pmkit "
                    f"honours the constraints, so tasks {_ids(hard)} may differ",
                )
            )
    if document.text(root, "SplitsInProgressTasks") == "0":
        late = _started_out_of_sequence(tasks)
        if late:
            notes.append(
                Issue(
                    Severity.WARNING,
                    Code.DIFFERS_FROM_PROJECT,
                    document.location(),
                    late[0],
                    "Microsoft Project does not split in-progress tasks in this file; pmkit "
                    "moves the remaining work of tasks started out of sequence after their "
                    f"predecessors, so tasks {_ids(late)} may differ",
                )
            )
    return notes


def _started_out_of_sequence(tasks: Sequence[Task]) -> list[str]:
    done = {task.id for task in tasks if task.is_done}
    return [
        task.id
        for task in tasks
        if task.actual_start is not None
        and not task.is_done
        and any(link.type is LinkType.FS and link.predecessor not in done for link in task.links)
    ]


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def working_days_between(rules: DayRules, first: date, last: date) -> int:
    """Working days from `first` to `last`, both included (0 when `last` is before `first`)."""
    count, day = 0, first
    while day <= last and count <= 100_000:
        count += rules.is_working(day)
        day += timedelta(days=1)
    return count
