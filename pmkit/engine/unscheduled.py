"""Which Plan rows the schedule could not place, and which cells hold it up.

The project forecast finish, slip and everything derived from them are known only when
every row of the plan was scheduled from what the owner wrote (docs/findings.md, "Truth
first"). A row counts as unscheduled when the scheduler left it out (a bad or blank
Duration, an unknown predecessor, a self-link, a loop, a repeated ID, or a predecessor
that is itself unscheduled), when the reader left it out (no ID, a repeated ID, nothing
but formulas saved without their values — a task whose cells pmkit cannot read), or when
it was placed without a cell the schedule needs (a Predecessors, Start No Earlier Than,
Constraint, Constraint Date, Fixed Dates, Actual Start or Actual Finish cell that could
not be read — an uncalculated formula too —
or an Actual Finish before the Actual Start, which is left out as unreadable). Its finish
might be anywhere, so the project's finish cannot be known: the answer is "unknown", with
the cells to fix — the root causes only, not every task they hold up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pmkit.engine.actual_durations import dated_by_actuals
from pmkit.engine.figures import format_day, join_words
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan

if TYPE_CHECKING:
    from pmkit.engine.days import ScheduleDays
    from pmkit.engine.results import Analysis

__all__ = [
    "FORECAST_UNKNOWN_PREFIX",
    "NO_TASKS",
    "Unscheduled",
    "find_unscheduled",
    "forecast_passed",
    "holds_back",
    "unscheduled_causes",
]

FORECAST_UNKNOWN_PREFIX = "Forecast unknown: "
"""How every sentence saying why the forecast cannot be known begins."""
NO_TASKS = "No tasks yet: fill in the Plan sheet, one row per task (ID, Task, Duration)"
"""What a plan with no tasks says instead of a status or a forecast."""

_BLOCKING = frozenset(
    {
        Code.BAD_DURATION,
        Code.BAD_PREDECESSOR,
        Code.UNKNOWN_PREDECESSOR,
        Code.SELF_DEPENDENCY,
        Code.DEPENDENCY_CYCLE,
        Code.DUPLICATE_ID,
        Code.MISSING_ID,
        Code.BEYOND_CALENDAR,
        Code.ACTUAL_FINISH_BEFORE_START,
    }
)
"""Errors that keep a row out of the schedule, or place it without one of its links (or,
an Actual Finish before the Actual Start, without its Actual Finish)."""
_UNREADABLE = frozenset(
    {
        Code.BAD_DATE,
        Code.BAD_VALUE,
        Code.BAD_NUMBER,
        Code.FORMULA_ERROR,
        Code.UNCALCULATED_FORMULA,
    }
)
"""Errors that leave a cell unread: they matter when the cell is one the schedule needs.
(The rows of nothing but uncalculated formulas are one such finding, at the first row's
ID cell: the ID is one of those cells.)"""
_SCHEDULE_FIELDS = (
    "id",
    "duration_days",
    "predecessors",
    "start_no_earlier_than",
    "constraint",
    "constraint_date",
    "fixed_dates",
    "actual_start",
    "actual_finish",
)
_LISTED_CELLS = 3


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """Plan rows the schedule lacks (`count`), the findings that hold them back (`causes`)
    and the cells to fix (`cells`: `Plan!E5`, or `task 7` where a cause has no cell).
    `slots` are the positions in `Plan.tasks` of those the plan holds (a row the reader
    left out has none)."""

    count: int
    causes: tuple[Issue, ...]
    cells: tuple[str, ...]
    slots: tuple[int, ...] = ()
    rows_without_id: tuple[str, ...] = ()
    """The counted rows that have no ID of their own (`row 5 repeating ID 3`, `row 9 with
    no ID`): on no output sheet, so the sentence names them."""

    def sentence(self) -> str:
        """`Forecast unknown: 34 tasks cannot be scheduled until Plan!E5 is fixed`."""
        return f"{FORECAST_UNKNOWN_PREFIX}{self.what()}"

    def what(self) -> str:
        """`34 tasks cannot be scheduled until Plan!E5 is fixed`: what, and what to fix;
        `8 tasks cannot be scheduled (among them row 5 repeating ID 3) until …` when some
        are rows with no ID of their own. Every place that counts them says this."""
        tasks = f"{self.count} task{'' if self.count == 1 else 's'}"
        named = self.rows_without_id
        if named:  # every counted task is a row the plan does not hold, or only some
            among = "among them " if self.slots else ""
            listed = join_words(list(named[:_LISTED_CELLS]), more=len(named) - _LISTED_CELLS)
            tasks += f" cannot be scheduled ({among}{listed})"
        else:
            tasks += " cannot be scheduled"
        return tasks + self.until()

    @property
    def uncalculated(self) -> bool:
        """Every cell to fix holds a formula never calculated (none is another error's, or a
        Duration left blank), so the fix is to open the file in Excel and save it."""
        causes = self.causes
        return (
            bool(causes)
            and all(cause.code is Code.UNCALCULATED_FORMULA for cause in causes)
            and len(self.cells) == len(dict.fromkeys(map(_where, causes)))
        )

    def until(self) -> str:
        """` until Plan!E5 is fixed`: what to fix for any of them (` (see the Flags
        sheet)` when no cell says; ` until the file is opened in Excel and saved, so that
        Plan!A5 is calculated` when every one holds a formula never calculated)."""
        if not self.cells:
            return " (see the Flags sheet)"
        shown = join_words(list(self.cells[:_LISTED_CELLS]), more=len(self.cells) - _LISTED_CELLS)
        be = "is" if len(self.cells) == 1 else "are"
        if self.uncalculated:
            return f" until the file is opened in Excel and saved, so that {shown} {be} calculated"
        return f" until {shown} {be} fixed"


def forecast_passed(
    plan: Plan, finish: date | None, status_date: date, days: ScheduleDays
) -> str | None:
    """Why the forecast is unknown when every row was scheduled but unfinished work is
    dated on or before the status date: that day has passed, so those dates are not when
    the work will finish. It happens when Move Unfinished Work Past Status Date is No (a
    Microsoft Project file's dates are pure logic): the sentence says to record the
    progress, or to let pmkit move the work on. None when no unfinished work is dated in
    the past (`days`: the schedule's, by slot).

    Pure logic is the plan's dates, not a forecast (SPEC: only Yes forecasts): once a task
    not done is dated to finish by the status date, the dates after it assume it was, so
    the plan's finish is no forecast either — in a workbook set to No as in a plan read
    from a Microsoft Project file (whose No is the import's, to keep Project's dates, and
    which a workbook imported from it keeps).

    When the plan's finish, `finish`, itself has passed: `Forecast unknown: the plan's
    dates end on Wed 4 Mar 2026, which has passed with 2 tasks not done (record their
    progress, or set Move Unfinished Work Past Status Date to Yes on the Settings sheet)`.
    When only some work has: `Forecast unknown: tasks 1 and 2 are not done and dated to
    finish by the status date, so the dates after them are not a forecast (record their
    progress, or …)`.
    """
    done = days.done
    if finish is not None and finish <= status_date:
        left = done.count(False)
        if not left:
            return None
        what = (
            f"the plan's dates end on {format_day(finish)}, which has passed with {left} "
            f"task{'' if left == 1 else 's'} not done"
        )
        return f"{FORECAST_UNKNOWN_PREFIX}{what} ({_record_progress(plan, left)})"
    if plan.settings.move_unfinished_work:  # Yes: unfinished work is never dated in the past
        return None
    date_of, finishes = days.date_of, days.forecast_finish
    behind = [
        plan.tasks[slot].id
        for slot, end in enumerate(finishes)
        if not done[slot]
        and end is not None
        and (day := date_of(end)) is not None
        and day <= status_date
    ]
    if not behind:
        return None
    listed = join_words(behind[:_LISTED_CELLS], more=len(behind) - _LISTED_CELLS)
    tasks, them = (
        (f"task {listed} is", "it") if len(behind) == 1 else (f"tasks {listed} are", "them")
    )
    return (
        f"{FORECAST_UNKNOWN_PREFIX}{tasks} not done and dated to finish by the status date, "
        f"so the dates after {them} are not a forecast ({_record_progress(plan, len(behind))})"
    )


def _record_progress(plan: Plan, tasks: int) -> str:
    """What to do about the `tasks` unfinished tasks dated in the past: record their (its)
    progress, or (Move Unfinished Work Past Status Date No) let pmkit move them on."""
    fix = f"record {'its' if tasks == 1 else 'their'} progress"
    if plan.settings.move_unfinished_work:
        return fix
    where = "on the Settings sheet"
    if plan.project_file is not None:  # the setting is in the workbook an import writes
        fix += f", or import {plan.project_file.name} with pmkit import and"
        where = "on the workbook's Settings sheet"
    else:
        fix += ", or"
    return f"{fix} set Move Unfinished Work Past Status Date to Yes {where}"


def find_unscheduled(
    plan: Plan, scheduled: Mapping[str, object], issues: Iterable[Issue]
) -> Unscheduled | None:
    """The rows of `plan` missing from `scheduled` (task id → dates), or None when none is.

    `issues` are every finding so far (reading, validation, scheduling); the errors among
    them that hold a row back are its causes. A plan built in code may carry a Duration
    that was never read (None) without a finding: its cell is named all the same.
    """
    columns = _schedule_columns(plan)
    causes = [
        issue
        for issue in issues
        if issue.severity is Severity.ERROR and _holds_back(issue, plan, columns)
    ]
    # Scheduled ids are plan ids: as many as the tasks means every id once, every task placed.
    if not causes and len(scheduled) == len(plan.tasks) and not plan.unread_rows:
        return None
    first_slot: dict[str, int] = {}
    missing: set[object] = set()
    for slot, task in enumerate(plan.tasks):
        if first_slot.setdefault(task.id, slot) != slot or task.id not in scheduled:
            missing.add(slot)
    rows = {task.row: slot for slot, task in enumerate(plan.tasks) if task.row}
    explained = {_row_of(issue, plan, rows, first_slot) for issue in causes}
    missing |= explained
    # rows the reader could not read at all: each may be a task (one finding names them)
    missing.update(("row", row) for row in plan.unread_rows)
    cells = dict.fromkeys(_where(issue) for issue in causes)
    slots = sorted(slot for slot in missing if isinstance(slot, int))
    for slot in slots:
        task = plan.tasks[slot]
        days = task.duration_days
        if slot not in explained and (
            (days is None and not dated_by_actuals(task)) or (days is not None and days < 0)
        ):
            location = plan.location(task, "duration_days")
            cells.setdefault(str(location) if task.row else f"task {task.id}", None)
    return Unscheduled(
        len(missing),
        tuple(causes),
        tuple(cells),
        tuple(slots),
        _rows_without_id(plan, causes),
    )


def unscheduled_causes(analysis: Analysis, task_id: str) -> tuple[Issue, ...]:
    """Why task `task_id` cannot be scheduled: the per-cell errors that hold it back —
    its own row's first, then those of the tasks it waits for that cannot be scheduled
    either, nearest first. Empty when it was scheduled (or no finding explains it).

    A row left out for repeating an ID is not the reason the task keeping the ID waits:
    only the findings on a task's own row (or about it, where a finding has no row) count.
    """
    plan = analysis.plan
    tasks = plan.tasks
    slots: dict[str, int] = {}
    for slot, task in enumerate(tasks):
        slots.setdefault(task.id, slot)
    start = slots.get(task_id)
    rows = analysis.tasks
    if start is None or rows[start].forecast_finish is not None:
        return ()
    columns = _schedule_columns(plan)
    by_row: dict[int, list[Issue]] = {}
    by_task: dict[str, list[Issue]] = {}
    for issue in analysis.cell_issues():
        if issue.severity is not Severity.ERROR or not _holds_back(issue, plan, columns):
            continue
        where = issue.location
        if where is not None and where.row is not None:
            by_row.setdefault(where.row, []).append(issue)
        elif issue.task_id is not None:
            by_task.setdefault(issue.task_id, []).append(issue)
    found: list[Issue] = []
    seen, frontier = {start}, [start]
    while frontier:  # breadth first: the nearest causes first, each task once (loops too)
        following: list[int] = []
        for slot in frontier:
            task = tasks[slot]
            found += by_row.get(task.row, []) if task.row else []
            found += by_task.get(task.id, [])
            for link in task.links:
                before = slots.get(link.predecessor)
                if (
                    before is not None
                    and before not in seen
                    and rows[before].forecast_finish is None
                ):
                    seen.add(before)
                    following.append(before)
        frontier = following
    return tuple(dict.fromkeys(found))


def holds_back(issue: Issue, plan: Plan) -> bool:
    """Whether an error keeps a row out of the schedule, or places it without a cell the
    schedule needs (the project's forecast is then unknown, module docstring)."""
    return issue.severity is Severity.ERROR and _holds_back(issue, plan, _schedule_columns(plan))


def _schedule_columns(plan: Plan) -> set[int]:
    return {plan.columns[name] for name in _SCHEDULE_FIELDS if name in plan.columns}


def _holds_back(issue: Issue, plan: Plan, columns: set[int]) -> bool:
    """Only a finding about the plan's tasks: a change request with no CR ID, or a Days
    Impact that is not a number of days, leaves the schedule whole."""
    where = issue.location
    if where is not None and where.sheet != plan.plan_sheet:
        return False
    if issue.code in _BLOCKING:
        return True
    return issue.code in _UNREADABLE and where is not None and where.column in columns


def _row_of(
    issue: Issue, plan: Plan, rows: Mapping[int, int], first_slot: Mapping[str, int]
) -> object:
    """The task slot an issue is about, or a key for a row the reader left out of the plan."""
    where = issue.location
    if where is not None and where.sheet == plan.plan_sheet and where.row is not None:
        slot = rows.get(where.row)
        return slot if slot is not None else ("row", where.row)
    if issue.task_id is not None and issue.task_id in first_slot:
        return first_slot[issue.task_id]
    return ("issue", id(issue))


def _rows_without_id(plan: Plan, causes: Iterable[Issue]) -> tuple[str, ...]:
    """The rows whose ID cell keeps them out (`row 5 repeating ID 3`), each once."""
    id_column = plan.columns.get("id")
    named: dict[int, str] = {}
    for issue in causes:
        where = issue.location
        if where is None or where.row is None or where.row in named:
            continue
        if issue.code is Code.DUPLICATE_ID and issue.task_id is not None:
            named[where.row] = f"row {where.row} repeating ID {issue.task_id}"
        elif issue.code is Code.MISSING_ID:
            named[where.row] = f"row {where.row} with no ID"
        elif issue.code is Code.UNCALCULATED_FORMULA and where.row in plan.unread_rows:
            named[where.row] = _unread_words(plan.unread_rows)
        elif id_column is not None and where.column == id_column:
            named[where.row] = f"row {where.row} with an ID pmkit cannot use"
    return tuple(named[row] for row in sorted(named))


def _unread_words(rows: tuple[int, ...]) -> str:
    """`rows 5 to 8 of formulas never calculated` (`3 rows of …, from row 5 to row 9`
    when others lie between them)."""
    first, last = rows[0], rows[-1]
    if len(rows) == 1:
        return f"row {first} of formulas never calculated"
    if last - first + 1 == len(rows):
        return f"rows {first} to {last} of formulas never calculated"
    return f"{len(rows):,} rows of formulas never calculated, from row {first} to row {last}"


def _where(issue: Issue) -> str:
    where = issue.location
    if where is not None and (where.row is not None or where.place is not None):
        return str(where)
    if issue.task_id is not None:
        return f"task {issue.task_id}"
    return str(where) if where is not None else "the Plan sheet"
