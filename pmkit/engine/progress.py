"""Progress flags: slipping, overdue, deadline-missed, negative-float, stalled and ownerless.

Two steps, so that a large plan pays for sentences only where someone reads them:

* `scan_progress` decides, in one pass of cheap comparisons, which flags each task
  raises (`ProgressScan`: the flags by task, and the marks by Plan slot);
* `ProgressWords` writes a flagged task's findings (`Issue`s, with their sentences).

`find_progress_flags` does both for every task. `pmkit.analyze` scans every task but
words only the tasks whose findings an owner reads first (the grouped findings'
headlines); the findings folded into them are worded when their details are read
(`pmkit.engine.findings`).

Severity follows the tiers of docs/findings.md: lateness (slipping, overdue) on the
critical path is a warning, off it a note — and while part of the plan cannot be
scheduled (`critical_known` False) no task is known to be critical; a missed deadline of
an unfinished task, negative float and a stalled task are warnings (a deadline missed by
a finished task is history: a note); a task with no owner is a warning when it is
critical or overdue, else a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from itertools import product
from typing import NamedTuple

from pmkit.engine.days import TaskDays
from pmkit.engine.figures import DAY_TEXTS, WORKING_DAYS_TEXTS, half_up, working_days
from pmkit.engine.health import HARD_CONSTRAINTS
from pmkit.engine.issues import Code, Issue, Location, Severity, new_issue, new_location
from pmkit.engine.lateness import Waits
from pmkit.engine.model import Plan, Task, TaskStatus
from pmkit.engine.results import TaskResult
from pmkit.engine.variance import WorkdayIndex

__all__ = [
    "NO_PROGRESS_FLAGS",
    "WAITING",
    "DeadlineMiss",
    "Figures",
    "Mark",
    "ProgressScan",
    "ProgressWords",
    "TaskProgress",
    "deadline_miss",
    "deadline_misses",
    "deadline_passed",
    "find_progress_flags",
    "find_waits",
    "is_stalled",
    "last_sign_of_life",
    "late_date_holders",
    "late_owner_words",
    "percent_words",
    "scan_progress",
    "unread_percents",
    "waiting_words",
]


def last_sign_of_life(task: Task, unchanged_since: Mapping[str, date] | None) -> date | None:
    """The latest evidence that someone touched the task: Last Update, or the nightly history."""
    seen = unchanged_since.get(task.id) if unchanged_since else None
    if task.last_update is None:
        return seen
    if seen is None:
        return task.last_update
    return max(task.last_update, seen)


def is_stalled(task: Task, status_date: date, stalled_after_days: int, since: date | None) -> bool:
    """In progress and nothing heard for more than `stalled_after_days` calendar days.

    "In progress" is the Status column, or — when Status is blank — a started, unfinished
    task. Without any evidence (no Last Update, no history) a task is never called stalled.
    """
    if since is None or task.is_done:
        return False
    in_progress = task.status is TaskStatus.IN_PROGRESS or (task.status is None and task.is_started)
    return in_progress and (status_date - since).days > stalled_after_days


class DeadlineMiss(NamedTuple):
    """How many working days a task misses its deadline by (`deadline_miss`); `at_least`
    when it is not done and its dates ended before the status date, so the status date is
    the earliest it can finish."""

    days: int
    at_least: bool = False

    def words(self) -> str:
        """`8 working days`, or `at least 147 working days`."""
        return f"{'at least ' if self.at_least else ''}{working_days(self.days)}"


def deadline_miss(
    finish: date,
    deadline: date,
    index: WorkdayIndex,
    status_date: date | None = None,
    *,
    dates_passed: bool = False,
) -> DeadlineMiss:
    """The working days `finish` misses `deadline` by, at least 1. For an unfinished task,
    `status_date`: a finish before it has passed (Move Unfinished Work Past Status Date
    No), and the task cannot finish before the first working day from the status date
    (the scan's `before_status`), so that is what it misses by, at least. `dates_passed`:
    the plan's dates assume work dated before the status date was done (`forecast_passed`),
    so a finish after it is the earliest the task can finish, and the miss is at least."""
    if status_date is not None and finish < status_date:
        # working days up to and including that first working day, less those to the deadline
        late = index.on_or_after(status_date) + 1 - index.through(deadline)
        return DeadlineMiss(max(late, 1), at_least=True)
    return DeadlineMiss(
        max(index.through(finish) - index.through(deadline), 1),
        at_least=dates_passed and status_date is not None,
    )


def late_date_holders(tasks: Iterable[Task]) -> str:
    """What in a plan can hold a task's late dates before its early ones (negative float),
    in words: "deadline", "constraint" (a hard one: Must Start / Finish On, Start / Finish
    No Later Than), "fixed date" (Fixed Dates, a manually scheduled task in Project), or
    those the plan has, joined ("deadline or fixed date"); "deadline" when it has none.

    So a task that must gain days names what it must gain them for, and never a deadline
    in a plan that has none (a vendor's plan of manually scheduled tasks).
    """
    deadline = constraint = fixed = False
    for task in tasks:
        deadline = deadline or task.deadline is not None
        constraint = constraint or (
            task.constraint in HARD_CONSTRAINTS and task.constraint_date is not None
        )
        fixed = fixed or (task.fixed_dates and task.start_no_earlier_than is not None)
    words = [
        word
        for word, present in (
            ("deadline", deadline),
            ("constraint", constraint),
            ("fixed date", fixed),
        )
        if present
    ] or ["deadline"]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} or {words[-1]}"


def deadline_passed(task: Task, status_date: date | None) -> bool:
    """An unfinished task whose deadline is before the status date: no days found on the
    work before it can meet that deadline any more; only a later deadline can."""
    deadline = task.deadline
    return (
        status_date is not None
        and deadline is not None
        and deadline < status_date
        and not task.is_done
    )


class TaskProgress(NamedTuple):
    """What the progress pass learned about one task (the status rules reuse it).

    A NamedTuple: thousands are built per analysis, and a tuple is built faster than a
    frozen dataclass (immutable all the same).
    """

    slipping: bool = False
    overdue: bool = False
    deadline_missed: bool = False
    negative_float: bool = False
    stalled: bool = False


NO_PROGRESS_FLAGS = TaskProgress()

WAITING = "; it is waiting on "
"""What an overdue task's sentence says before the late task it waits on
(`lateness.waiting_on`): `…; it is waiting on task 11 “Build” (late, owned by Ann)`."""


def unread_percents(plan: Plan) -> dict[str, Location]:
    """Task id → its % Complete cell, for each task whose % Complete cannot be read (an
    error at that cell: `abc`, a formula error; in a Microsoft Project file a
    `bad-percent` finding about the task). pmkit counts such a task as 0 % done
    (`Task.percent_complete`), but what an owner reads about it says the % Complete
    cannot be read, and where (`percent_words`), never "0 % done"."""
    issues = plan.issues
    if plan.project_file is not None:
        return {
            issue.task_id: issue.location
            for issue in issues
            if issue.code is Code.BAD_PERCENT
            and issue.task_id is not None
            and issue.location is not None
        }
    column = plan.columns.get("percent_complete")
    if column is None:
        return {}
    sheet, error = plan.plan_sheet, Severity.ERROR
    at_row = {
        where.row: where
        for issue in issues
        if issue.severity is error
        and (where := issue.location) is not None
        and where.row is not None
        and where.column == column
        and where.sheet == sheet
    }
    if not at_row:
        return {}
    return {task.id: at_row[task.row] for task in plan.tasks if task.row in at_row}


def percent_words(task: Task, unread: Location | None, done: str = "done") -> str:
    """How far a task is, as a finding or an owner's week says it: `40 % done` (`done`:
    the word after the %), or `% Complete at Plan!F7 cannot be read` when its % Complete
    cannot be read (`unread`, its cell: `unread_percents`)."""
    if unread is not None:
        return f"% Complete at {unread} cannot be read"
    return f"{half_up(task.percent_complete * 100)} % {done}"


def waiting_words(task: Task) -> str:
    """`task 11 “Build” (late, owned by Ann)`: the late task another waits on, and who can
    move it."""
    return f"{task.label('task')} ({late_owner_words(task.owner)})"


def late_owner_words(owner: str | None) -> str:
    """`late, owned by Ann` (`late, with no owner`): what the words of a task that waits
    on a late one say about that task, in brackets (`waiting_words`, and each owner's
    week's `waiting on task 11 (late, owned by Ann)`)."""
    owner = (owner or "").strip()
    return f"late, owned by {owner}" if owner else "late, with no owner"


# Every combination of the five flags, built once: the progress pass looks its answer up
# instead of building one per task (a NamedTuple's constructor is a Python call; this
# saves about a sixth of the pass on a late plan, where most tasks raise something).
_EVERY_PROGRESS = {flags: TaskProgress(*flags) for flags in product((False, True), repeat=5)}
_BY_CODE = [
    _EVERY_PROGRESS[bool(code & 1), bool(code & 2), bool(code & 4), bool(code & 8), bool(code & 16)]
    for code in range(32)
]
"""The same flags by a number whose bits are slipping (1), overdue (2), deadline missed
(4), negative float (8) and stalled (16): the scan adds a bit per flag it raises."""

Figures = tuple[date | None, date | None, int | None, bool | None, int | None]
"""A task's forecast finish, baseline finish, slip, critical flag and total float, as its
row shows them (`ProgressWords.figures`)."""

Mark = tuple[TaskProgress, bool, date | None]
"""A flagged task's flags, whether it has no owner, and its last sign of life (stalled)."""


@dataclass(frozen=True, slots=True)
class ProgressScan:
    """Which tasks raise what: `progress` by task id (the five flags, for the status
    rules), `marks` by Plan slot (also a missing owner), in plan order."""

    progress: dict[str, TaskProgress]
    marks: dict[int, Mark]
    slipping: list[int]
    """Slots of the slipping tasks."""
    deadlines: list[int]
    """Slots of the tasks that miss (or missed) their deadline."""
    waits: Waits
    """What each task waits on (`lateness.waiting_on`): the late task before it (of those
    this scan finds late, `_late_slots`) that it cannot start without."""


def find_waits(
    plan: Plan, days: TaskDays, marks: Mapping[int, Mark], slipping: Iterable[int]
) -> Waits:
    """What each task waits on (`lateness.Waits`), the late tasks being those of a scan's
    `marks` and `slipping` slots (`_late_slots`, found on the first question)."""
    return Waits(
        plan.tasks,
        days.forecast_finish,
        days.slots,
        partial(_late_slots, marks, slipping),
        days.done,
    )


def _late_slots(marks: Mapping[int, Mark], slipping: Iterable[int]) -> set[int]:
    """The slots of the late tasks, from a scan's `marks` and `slipping` slots: unfinished,
    and overdue or slipping (a finished task raises at most its missed deadline)."""
    late = set(slipping)
    late.update(slot for slot, mark in marks.items() if mark[0].overdue)
    return late


def scan_progress(  # noqa: PLR0912, PLR0915 - one pass over the tasks, hot at 100k
    plan: Plan,
    days: TaskDays,
    index: WorkdayIndex,
    status_date: date,
    unchanged_since: Mapping[str, date] | None = None,
) -> ProgressScan:
    """Decide every task's progress flags (cheap comparisons of working-day indices only;
    no sentences). `days` are the tasks' schedule and baseline (`pmkit.engine.days`)."""
    settings = plan.settings
    tolerance = settings.slip_tolerance_days
    stalled_after = settings.stalled_after_days
    progress: dict[str, TaskProgress] = {}
    marks: dict[int, Mark] = {}
    slipping_slots: list[int] = []
    deadline_slots: list[int] = []
    by_code = _BY_CODE
    only_missed, nothing = by_code[4], by_code[0]
    through = index.through
    before_status = index.on_or_after(status_date)  # a shown finish before it is in the past
    # a Last Update before this is over the limit (`is_stalled`), so only such tasks are
    # asked whether they are stalled (None: the limit reaches past the calendar, ask all)
    stale_before = _days_before(status_date, stalled_after)
    blank = _BlankOwners()  # owner text → names nobody: each distinct name stripped once
    slot = -1
    for task, done, finish, slip, base_finish, total_float in zip(
        plan.tasks,
        days.done,
        days.forecast_finish,
        days.slip,
        days.baseline_finish,
        days.total_float,
        strict=True,
    ):
        slot += 1
        deadline = task.deadline
        missed = deadline is not None and finish is not None and finish >= through(deadline)
        if done:  # a finished task raises at most its missed deadline
            if missed:
                progress[task.id] = only_missed
                deadline_slots.append(slot)
                marks[slot] = (only_missed, False, None)
            continue
        if deadline is not None and finish is not None and finish < before_status:
            # its dates have passed (not moved past the status date): it cannot finish
            # before the status date, so a deadline before that is missed (`deadline_miss`)
            missed = before_status >= through(deadline)
        # the flags as bits of `_BY_CODE`'s index, each added only when it is raised
        code = 1 if slip is not None and slip > tolerance else 0  # slipping
        if base_finish is not None:
            if base_finish < status_date:
                code += 2  # overdue against the baseline
        elif finish is not None and finish < before_status:
            code += 2  # overdue against the forecast
        if missed:
            code += 4
        if total_float is not None and total_float < 0:
            code += 8  # negative float
        ownerless = blank[task.owner]
        since = task.last_update  # `last_sign_of_life` without the nightly history
        if unchanged_since:
            since = last_sign_of_life(task, unchanged_since)
            if is_stalled(task, status_date, stalled_after, since):
                code += 16
        elif (
            since is not None
            and (stale_before is None or since < stale_before)
            and is_stalled(task, status_date, stalled_after, since)
        ):
            code += 16
        if code:
            flags = by_code[code]
            progress[task.id] = flags
            if code & 1:
                slipping_slots.append(slot)
            if missed:
                deadline_slots.append(slot)
        elif ownerless:
            flags = nothing
        else:
            continue
        marks[slot] = (flags, ownerless, since)
    waits = find_waits(plan, days, marks, slipping_slots)
    return ProgressScan(progress, marks, slipping_slots, deadline_slots, waits)


def _days_before(day: date, count: int) -> date | None:
    """`count` calendar days before `day`, or None when that is outside the calendar."""
    try:
        return day - timedelta(days=count)
    except OverflowError:
        return None


class _BlankOwners(dict[str | None, bool]):
    """Whether an Owner cell names nobody (blank, or only spaces), worked out once per
    distinct text: thousands of tasks share a few owners."""

    __slots__ = ()

    def __missing__(self, owner: str | None) -> bool:
        blank = self[owner] = not owner or not owner.strip()
        return blank


class ProgressWords:
    """The findings of flagged tasks, with their sentences (a task at a time, or many)."""

    def __init__(
        self,
        plan: Plan,
        rows: Sequence[TaskResult],
        index: WorkdayIndex,
        status_date: date,
        *,
        critical_known: bool = True,
        days: TaskDays | None = None,
        waits: Waits | None = None,
        dates_passed: bool = False,
    ) -> None:
        self.plan = plan
        # the plan's dates assume work dated in the past was done (`forecast_passed`): an
        # unfinished task's finish is the earliest it can be (`deadline_miss`)
        self.dates_passed = dates_passed
        # what each task waits on (`ProgressScan.waits`): an overdue task that has not
        # started names the late task it waits on (`lateness.waiting_on`)
        self.waits = waits
        self.rows = rows
        # the same tasks' figures by slot (what `pmkit.analyze` passes): wording a finding
        # then reads them there, and builds no row
        self.days = days
        self.index = index
        self.status_date = status_date
        self.critical_known = critical_known
        self.tasks = plan.tasks
        self.sheet = plan.plan_sheet
        self.project = plan.project_file
        self.stalled_after = plan.settings.stalled_after_days
        columns = plan.columns
        fallback = columns.get("id")
        # one attribute per column a finding points at: read once per task, not looked up
        self.baseline_finish_column = columns.get("baseline_finish", fallback)
        self.percent_column = columns.get("percent_complete", fallback)
        self.deadline_column = columns.get("deadline", fallback)
        self.duration_column = columns.get("duration_days", fallback)
        self.last_update_column = columns.get("last_update", fallback)
        self.owner_column = columns.get("owner", fallback)
        self._held_by: str | None = None
        self._unread_percents: dict[str, Location] | None = None

    @property
    def unread_percents(self) -> dict[str, Location]:
        """The tasks whose % Complete cannot be read (`unread_percents`), found when the
        first overdue finding is worded."""
        if self._unread_percents is None:
            self._unread_percents = unread_percents(self.plan)
        return self._unread_percents

    @property
    def held_by(self) -> str:
        """What holds the late dates of the tasks that must gain days (`late_date_holders`),
        found when the first such finding is worded."""
        if self._held_by is None:
            self._held_by = late_date_holders(self.tasks)
        return self._held_by

    def issues(self, slots: Iterable[tuple[int, Mark]]) -> list[Issue]:
        """The findings of the given (slot, mark) pairs, in that order."""
        found: list[Issue] = []
        add = found.extend
        words = self.task_issues
        for slot, mark in slots:
            add(words(slot, mark))
        return found

    def figures(self, slot: int) -> Figures:
        """A task's figures as its row shows them (`TaskDays.row`), read from `days` when
        given."""
        days = self.days
        if days is None:
            row = self.rows[slot]
            return (
                row.forecast_finish,
                row.baseline_finish,
                row.slip,
                row.critical,
                row.total_float,
            )
        if days.early_finish[slot] is None:  # not scheduled: a row with no dates
            return None, days.baseline_finish[slot], None, None, None
        finish = days.forecast_finish[slot]
        assert finish is not None  # a scheduled task has every index
        return (
            days.dates[finish + days.offset],
            days.baseline_finish[slot],
            days.slip[slot],
            days.critical[slot],
            days.total_float[slot],
        )

    def task_issues(self, slot: int, mark: Mark) -> list[Issue]:
        """One flagged task's findings: slipping, overdue, deadline, float, stalled, owner."""
        flags, ownerless, since = mark
        task = self.tasks[slot]
        finish, base_finish, slip, critical, total_float = self.figures(slot)
        sheet = self.sheet
        issue, location = new_issue, new_location
        warning, note = Severity.WARNING, Severity.INFO
        day_text, days_text = DAY_TEXTS, WORKING_DAYS_TEXTS
        found: list[Issue] = []
        add = found.append
        task_id = task.id
        label = task.label()
        where = task.row or None
        late_tier = warning if self.critical_known and critical else note
        if flags.slipping:
            assert slip is not None
            add(
                issue(
                    late_tier,
                    Code.SLIPPING_TASK,
                    location(sheet, where, self.baseline_finish_column),
                    task_id,
                    f"{label} is {days_text[slip]} behind its baseline: forecast to finish "
                    f"{day_text[finish]} against {day_text[base_finish]}"
                    if finish and base_finish
                    else f"{label} is {days_text[slip]} behind its baseline",
                )
            )
        if flags.overdue:
            due = base_finish if base_finish is not None else finish
            assert due is not None
            held = None if self.waits is None else self.waits.get(slot)
            waiting = "" if held is None else WAITING + waiting_words(self.tasks[held])
            add(
                issue(
                    late_tier,
                    Code.OVERDUE_TASK,
                    location(sheet, where, self.percent_column),
                    task_id,
                    f"{label} was due to finish on {day_text[due]} and is not done "
                    f"({percent_words(task, self.unread_percents.get(task_id), 'complete')})"
                    f"{waiting}",
                )
            )
        deadline = task.deadline
        if flags.deadline_missed:
            assert deadline is not None
            assert finish is not None
            done = task.is_done
            status = None if done else self.status_date
            miss = deadline_miss(
                finish, deadline, self.index, status, dates_passed=self.dates_passed
            )
            if done:
                when = f"finished {day_text[finish]}"
            elif finish < self.status_date:  # its dates have passed: the status date is known
                when = f"not done on {day_text[self.status_date]}, the status date,"
            elif miss.at_least:  # work before it dated in the past: its date is the earliest
                when = f"dated to finish {day_text[finish]} at the earliest"
            else:
                when = f"forecast to finish {day_text[finish]}"
            add(
                issue(
                    note if done else warning,
                    Code.DEADLINE_MISSED,
                    location(sheet, where, self.deadline_column),
                    task_id,
                    f"{label} {'missed' if done else 'misses'} its deadline by {miss.words()}: "
                    f"{when} against its deadline {day_text[deadline]}",
                )
            )
        # its own deadline passed: no days gained can meet it, and the deadline says so
        if flags.negative_float and not (
            flags.deadline_missed and deadline_passed(task, self.status_date)
        ):
            assert total_float is not None
            add(
                issue(
                    warning,
                    Code.NEGATIVE_FLOAT,
                    location(
                        sheet, where, self.deadline_column if deadline else self.duration_column
                    ),
                    task_id,
                    f"{label} must gain {days_text[-total_float]} "
                    + (
                        "to meet its deadline"
                        if flags.deadline_missed
                        else f"for the {self.held_by} after it to be met"
                    ),
                )
            )
        if flags.stalled:
            assert since is not None
            limit = self.stalled_after
            add(
                issue(
                    warning,
                    Code.STALLED_TASK,
                    location(sheet, where, self.last_update_column),
                    task_id,
                    f"{label} is in progress but nothing has changed since {day_text[since]} "
                    f"({(self.status_date - since).days} days, over the {limit}-day limit)",
                )
            )
        if ownerless:
            add(
                issue(
                    warning if flags.overdue or (self.critical_known and critical) else note,
                    Code.OWNERLESS_TASK,
                    location(sheet, where, self.owner_column),
                    task_id,
                    f"{label} has no owner; name the person or vendor who answers for finishing it",
                )
            )
        if self.project is not None and found:  # a Project file's task, as Project shows it
            at = self.project.location(task_id, task.name)
            return [replace(finding, location=at) for finding in found]
        return found


def find_progress_flags(
    plan: Plan,
    rows: Sequence[TaskResult],
    index: WorkdayIndex,
    status_date: date,
    unchanged_since: Mapping[str, date] | None = None,
    *,
    critical_known: bool = True,
) -> tuple[list[Issue], dict[str, TaskProgress]]:
    """Every progress finding of `plan`, worded, and the flags by task id.

    `rows[i]` is the result row of `plan.tasks[i]`. Returns the issues (in plan order)
    and, for each task that raised any of the five `TaskProgress` flags, which ones.
    """
    days = TaskDays.from_rows(plan, rows, index)
    scan = scan_progress(plan, days, index, status_date, unchanged_since)
    words = ProgressWords(
        plan,
        rows,
        index,
        status_date,
        critical_known=critical_known,
        days=days,
        waits=scan.waits,
    )
    return words.issues(scan.marks.items()), scan.progress


def deadline_misses(
    plan: Plan,
    days: TaskDays,
    index: WorkdayIndex,
    scan: ProgressScan,
    status_date: date,
    *,
    dates_passed: bool = False,
) -> dict[str, DeadlineMiss]:
    """Unfinished task id → how many working days it misses its deadline by
    (`deadline_miss`; `dates_passed`: at least that, `forecast_passed`)."""
    late: dict[str, DeadlineMiss] = {}
    for slot in scan.deadlines:
        task, finish = plan.tasks[slot], days.date_of(days.forecast_finish[slot])
        if days.done[slot]:
            continue
        if task.deadline is not None and finish is not None:
            late.setdefault(
                task.id,
                deadline_miss(finish, task.deadline, index, status_date, dates_passed=dates_passed),
            )
    return late
