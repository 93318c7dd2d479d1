"""Plan health: the DCMA 14-point schedule assessment, in owner terms.

The checks and thresholds follow the US Defense Contract Management Agency's 14-Point
Schedule Assessment (DCMA, *Earned Value Management System (EVMS) Program Analysis
Pamphlet*, DCMA-EA PAM 200.1, 2012, section 4.2; first issued 2009): logic, leads,
lags, relationship types, hard constraints, high float, negative float, high duration,
invalid dates, resources, missed tasks, critical path test, critical path length index
(CPLI) and baseline execution index (BEI). Counts are over unfinished tasks (DCMA's
"incomplete tasks") and, for links, over the links into them. Durations and float are
working days; DCMA's 44-day limit is two working months.

Adaptations to an owner's spreadsheet (documented in docs/findings.md, "Plan health"):
* Logic: the tasks that open the project (no predecessor, starting on its first working
  day, on the forecast's first day after the status date, on their Start No Earlier Than
  or on their actual start) and close it (no successor, finishing on the project finish)
  are not open ends.
* Hard constraints: Must Start On, Must Finish On, Start No Later Than and Finish No
  Later Than (DCMA's list). Start and Finish No Earlier Than are soft, Deadline is not a
  constraint (as in Microsoft Project); a constraint type the reader could not read
  (unsupported-constraint) counts too.
* Resources: mapped to owners — unfinished tasks with no Owner (ownerless-task flags
  them one by one, so this check raises no extra flag).
* Critical path test: instead of delaying a task and rescheduling, check that the critical
  tasks form an unbroken chain of links that reaches the project finish.
* Negative float and missing owners raise no project-wide flag when they fail: the
  negative-float and ownerless-task flags already name each task.
* When part of the plan could not be scheduled, the checks that read the schedule
  (logic, float, invalid dates, the critical path, CPLI) cannot be judged: they are
  unknown (value and result None, `known` False) and so is the score — a partial plan
  never scores better than the whole one would. (Actual dates after the status date are
  errors of their own.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import compress

from pmkit.engine.days import TaskDays
from pmkit.engine.figures import is_above, is_below
from pmkit.engine.health_words import CHECK_CODES, health_note
from pmkit.engine.issues import Code
from pmkit.engine.model import ConstraintType, Link, LinkType, Plan, Task
from pmkit.engine.results import HealthCheck, HealthReport
from pmkit.engine.variance import WorkdayIndex

__all__ = ["DCMA_DURATION_DAYS", "HARD_CONSTRAINTS", "check_plan_health"]

HARD_CONSTRAINTS = frozenset(
    {
        ConstraintType.MUST_START_ON,
        ConstraintType.MUST_FINISH_ON,
        ConstraintType.START_NO_LATER_THAN,
        ConstraintType.FINISH_NO_LATER_THAN,
    }
)
"""DCMA's hard constraints: they hold a task against its links."""

DCMA_DURATION_DAYS = 44
"""DCMA's limit for high float and long tasks: 44 working days (two months)."""

_SHARE = 0.05  # DCMA: at most 5 % of tasks (logic, lags, constraints, float, duration, missed)
_NON_FS_SHARE = 0.10  # DCMA: at least 90 % of links finish-to-start
_INDEX = 0.95  # DCMA: CPLI and BEI at least 0.95


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _at_most(name: str, count: int, total: int, threshold: float, description: str) -> HealthCheck:
    """A share judged as shown: 5.04 % shows as "5 %" and passes a 5 % limit."""
    value = _share(count, total)
    if value is None:
        passed = None
    elif threshold == 0:
        passed = count == 0  # none allowed: one in ten thousand still fails
    else:
        passed = not is_above(value, threshold)
    return HealthCheck(name, value, threshold, passed, description)


def check_plan_health(  # noqa: PLR0912, PLR0915 - the checks in one pass over tasks, not 14
    plan: Plan,
    days: TaskDays,
    index: WorkdayIndex,
    status_date: date,
    *,
    project_start: date | None,
    project_finish: date | None,
    project_slip: int | None,
    baselined: bool,
    fully_scheduled: bool = True,
    logic_finish: date | None = None,
) -> HealthReport:
    """Run the 14 checks over `plan` and its tasks' schedule (`days`, `pmkit.engine.days`).

    Each check's `value` is a share of tasks or links (0.05 = 5 %), except CPLI and BEI
    (ratios) and the critical path test (1 = pass, 0 = fail); `passed` is None when the
    check does not apply (no unfinished tasks, no links, no baseline), or when it reads
    the schedule and not every row was scheduled (`fully_scheduled` False; the module
    docstring). `logic_finish` is where the plan's logic ends, for the checks that read
    the logic (missing logic: the last task needs no successor; the critical path test):
    `project_finish` unless that is unknown because work dated in the past is not done
    (`forecast_passed`), when the logic still ends on the plan's last date.
    """
    tasks = plan.tasks
    # Whether a task is some link's predecessor: as the scheduler read the links when each
    # id is its own row's, else by id (the stage at 10,000 tasks 6.5 → 5.1 ms, at 100,000
    # 92 → 57 ms; marking them costs the scheduler 0.4 and 7 ms).
    followed: Sequence[int] | None = days.followed
    if followed is None or len(days.slots) != len(tasks):
        named_first = {link.predecessor for task in tasks for link in task.links}
        followed = [task.id in named_first for task in tasks]
    constrained = {
        issue.task_id
        for issue in plan.issues
        if issue.code is Code.UNSUPPORTED_CONSTRAINT and issue.task_id is not None
    }
    constrained.update(
        [
            task.id
            for task in tasks
            if task.constraint is not None and task.constraint in HARD_CONSTRAINTS
        ]
    )
    unfinished = links = open_ends = hard = 0
    high_float = negative = long_tasks = invalid = ownerless = 0
    due = missed = finished_by_now = 0
    finish_to_start = LinkType.FS
    unusual: list[Link] = []  # links with a lag or not finish-to-start: looked at after
    named: set[str] = set()  # the Owner texts known not to be blank (a plan has a few)
    anchors = _anchor_days(index, status_date, project_start)
    ends_on = project_finish if logic_finish is None else logic_finish
    last = None if ends_on is None else index.on_or_after(ends_on)
    after_status = index.through(status_date)  # a shown finish before it is by the status date
    for task, done, base_finish, begins, ends, total_float, finish, has_successor in zip(
        tasks,
        days.done,
        days.baseline_finish,
        days.early_start,
        days.early_finish,
        days.total_float,
        days.forecast_finish,
        followed,
        strict=True,
    ):
        actual_finish = task.actual_finish
        latest_actual = actual_finish or task.actual_start
        if latest_actual is not None and latest_actual > status_date:
            invalid += 1
        if base_finish is not None and base_finish <= status_date:
            due += 1
            if not done or (actual_finish is not None and actual_finish > base_finish):
                missed += 1
        if done:
            if actual_finish is None or actual_finish <= status_date:
                finished_by_now += 1
            continue
        unfinished += 1
        task_links = task.links
        opens = not task_links and not _anchored(task, begins, days, anchors)
        closes = not has_successor and ends != last
        if opens or closes:
            open_ends += 1
        links += len(task_links)
        for link in task_links:
            if link.lag_days or link.type is not finish_to_start:
                unusual.append(link)
        if constrained and task.id in constrained:
            hard += 1
        if total_float is not None:
            if total_float > DCMA_DURATION_DAYS:
                high_float += 1
            elif total_float < 0:
                negative += 1
        if (task.duration_days or 0) > DCMA_DURATION_DAYS:
            long_tasks += 1
        if finish is not None and finish < after_status:
            invalid += 1  # unfinished work forecast to be done by the end of the status date
        owner = task.owner
        if owner not in named:
            if owner and owner.strip():
                named.add(owner)
            else:
                ownerless += 1
    leads, lags, non_fs = _link_counts(unusual)
    checks = [
        _at_most("Missing logic", open_ends, unfinished, _SHARE, _LOGIC),
        _at_most("Leads", leads, links, 0.0, _LEADS),
        _at_most("Lags", lags, links, _SHARE, _LAGS),
        _at_most("Non-FS links", non_fs, links, _NON_FS_SHARE, _NON_FS),
        _at_most("Hard constraints", hard, unfinished, _SHARE, _HARD),
        _at_most("High float", high_float, unfinished, _SHARE, _HIGH_FLOAT),
        _at_most("Negative float", negative, unfinished, 0.0, _NEGATIVE),
        _at_most("Long tasks", long_tasks, unfinished, _SHARE, _LONG),
        _at_most("Invalid dates", invalid, len(tasks), 0.0, _INVALID),
        _at_most("Tasks without an owner", ownerless, unfinished, _SHARE, _OWNERS),
        _at_most(
            "Missed tasks", missed if baselined else 0, due if baselined else 0, _SHARE, _MISSED
        ),
        _critical_path_test(plan, days, anchors, last),
        _cpli(index, status_date, project_finish, project_slip, days),
        _bei(finished_by_now, due, baselined),
    ]
    if not fully_scheduled:
        checks = [_unknown(check) if check.name in _READS_SCHEDULE else check for check in checks]
    applicable = [c for c in checks if c.passed is not None]
    score = sum(1 for c in applicable if c.passed) / len(applicable) if applicable else None
    if not all(check.known for check in checks):
        score = None
    issues = tuple(
        health_note(plan, check)
        for check in checks
        if check.passed is False and check.name in CHECK_CODES
    )
    return HealthReport(tuple(checks), score, issues)


def _link_counts(unusual: list[Link]) -> tuple[int, int, int]:
    """Leads (negative lag), lags (positive lag) and links other than finish-to-start among
    `unusual` (the links into unfinished tasks that have a lag or another type: most have
    neither, so the loop over the tasks only sets these aside)."""
    leads = lags = non_fs = 0
    finish_to_start = LinkType.FS
    for link in unusual:
        lag = link.lag_days
        if lag < 0:
            leads += 1
        elif lag > 0:
            lags += 1
        if link.type is not finish_to_start:
            non_fs += 1
    return leads, lags, non_fs


_READS_SCHEDULE = frozenset(
    {
        "Missing logic",
        "High float",
        "Negative float",
        "Invalid dates",
        "Critical path test",
        "Critical path length index",
    }
)
"""The checks that read dates or float from the schedule."""


def _unknown(check: HealthCheck) -> HealthCheck:
    return replace(check, value=None, passed=None, known=False)


def _critical_path_test(
    plan: Plan, days: TaskDays, anchors: frozenset[int], finish: int | None
) -> HealthCheck:
    """DCMA check 12, as a static test: a delay on the critical path must move the finish.

    DCMA delays a critical task and checks that the finish moves by as much; that holds
    when the critical tasks form an unbroken chain of links into the project finish. So:
    walk back from the unfinished critical tasks that finish on the project finish (the
    working-day index `finish`) through their critical predecessors; every task where the
    chain begins must be anchored (it starts on the project start, has started, starts on
    the first working day after the status date, or sits on its Start No Earlier Than).
    No critical task on the finish, or a chain that begins on a floating date, fails.
    """
    tasks, early_finish, is_critical = plan.tasks, days.early_finish, days.critical
    critical_slots = list(compress(range(len(tasks)), is_critical))
    if finish is None or not critical_slots:
        return HealthCheck("Critical path test", None, 1.0, None, _CPT)
    slot_of: Mapping[str, int] = days.slots
    if len(slot_of) != len(tasks):  # a repeated id: the last critical row of each id
        slot_of = {tasks[slot].id: slot for slot in critical_slots}
        is_critical = [True] * len(tasks)  # `slot_of` holds only critical tasks
    # else each id is its task's own (`TaskDays.slots`): no table of the critical ids to build
    stack = [slot for slot in critical_slots if early_finish[slot] == finish]
    passed = bool(stack)
    seen: set[int] = set()
    while stack and passed:
        slot = stack.pop()
        if slot in seen:
            continue
        seen.add(slot)
        task = tasks[slot]
        drivers = [
            driver
            for link in task.links
            if (driver := slot_of.get(link.predecessor)) is not None and is_critical[driver]
        ]
        if drivers:
            stack.extend(drivers)
            continue
        passed = _anchored(task, days.early_start[slot], days, anchors)
    return HealthCheck("Critical path test", 1.0 if passed else 0.0, 1.0, passed, _CPT)


def _anchor_days(index: WorkdayIndex, status_date: date, start: date | None) -> frozenset[int]:
    """The working days a task may start on with nothing driving it: the project's first
    working day, and the first working day after the status date (where the forecast puts
    work not yet started)."""
    days = {index.through(status_date)}  # `through` counts the day itself: this is the next
    if start is not None:
        days.add(index.on_or_after(start))
    return frozenset(days)


def _anchored(task: Task, begins: int | None, days: TaskDays, anchors: frozenset[int]) -> bool:
    """Whether a task with no driving link starts where it should (`begins`, its shown
    start's working-day index): on an anchor day, on its Start No Earlier Than, or on the
    day it really started."""
    return (
        begins is None
        or task.actual_start is not None
        or begins in anchors
        or days.date_of(begins) == task.start_no_earlier_than
    )


def _cpli(
    index: WorkdayIndex,
    status_date: date,
    finish: date | None,
    slip: int | None,
    days: TaskDays,
) -> HealthCheck:
    """DCMA check 13: CPLI = (remaining critical path length + total float) / length.

    Total float is the margin to the agreed finish: −slip with a baseline, else the
    lowest float of a critical task (negative when a deadline cannot be met).
    """
    if finish is None:
        return HealthCheck("Critical path length index", None, _INDEX, None, _CPLI)
    length = index.through(finish) - index.through(status_date)
    if length <= 0:
        return HealthCheck("Critical path length index", None, _INDEX, None, _CPLI)
    if slip is not None:
        margin = -slip
    else:
        floats = [
            value
            for value, critical in zip(days.total_float, days.critical, strict=True)
            if critical and value is not None
        ]
        margin = min(floats, default=0)
    value = (length + margin) / length
    return HealthCheck(
        "Critical path length index", value, _INDEX, not is_below(value, _INDEX), _CPLI
    )


def _bei(finished: int, due: int, baselined: bool) -> HealthCheck:
    """DCMA check 14: BEI = tasks finished / tasks whose baseline finish is on or before today."""
    if not baselined or due == 0:
        return HealthCheck("Baseline execution index", None, _INDEX, None, _BEI)
    value = finished / due
    return HealthCheck("Baseline execution index", value, _INDEX, not is_below(value, _INDEX), _BEI)


_LOGIC = "Unfinished tasks with no predecessor or no successor hide what drives the dates."
_LEADS = "Links with negative lag (leads) let work start before what it depends on is done."
_LAGS = "Links with lag hide waiting time that belongs in a task of its own."
_NON_FS = "Most links should be finish-to-start; other types make the path hard to follow."
_HARD = "Hard date constraints from Microsoft Project override the logic."
_HIGH_FLOAT = "Tasks with over 44 working days of float are probably missing links."
_NEGATIVE = (
    "Tasks with negative float cannot meet a deadline as planned (each is flagged on its "
    "own, so the plan-health note does not count this check)."
)
_LONG = "Tasks longer than 44 working days are hard to track; split them."
_INVALID = "Actual dates after the status date, or unfinished work forecast in the past."
_OWNERS = (
    "Every unfinished task needs someone who owns its finish line (each is flagged on its "
    "own, so the plan-health note does not count this check)."
)
_MISSED = "Tasks that should have finished by their baseline finish but did not."
_CPT = "The critical tasks link up, unbroken, to the project finish."
_CPLI = "How achievable the agreed finish is: below 1 the critical path must speed up."
_BEI = "Tasks finished against tasks the baseline said would be finished by now."
