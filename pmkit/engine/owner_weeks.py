"""Each owner's week's tasks (`OwnerLoad.week_tasks`, `pmkit.engine.workload`): what each
owner should finish, work on or catch up with in the next `OWNER_WEEK_DAYS` working days.

An entry is a task with an Owner that is overdue (past the day it was due and not done),
or not done and forecast to be worked on in the window: finishing in it (`finish`: a
milestone sitting in it, or a task ending by its last day) or going on after it (`work`).
An owner's entries are listed overdue first (longest overdue first), then by forecast
finish, then in plan order. An overdue entry that waits on a late task before it
(`lateness.waiting_on`, as its finding says) names that task and its owner.

A late plan has thousands of entries, so they are built in one loop without a call per
entry besides the two constructors (`new_owner_week_task`, `new_location`), and ordered
by one integer each rather than a tuple: `(rank, day, slot)` folded into
`(rank * DAYS + day) * tasks + slot`, which sorts the same.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence, Sequence
from datetime import date
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, cast

from pmkit.engine.issues import new_location
from pmkit.engine.model import Plan
from pmkit.engine.progress import TaskProgress, unread_percents
from pmkit.engine.workload import (
    OWNER_WEEK_DAYS,
    OwnerWeekAction,
    OwnerWeekTask,
    new_owner_week_task,
)

if TYPE_CHECKING:
    from pmkit.engine.days import TaskDays
    from pmkit.engine.lateness import Waits

__all__ = ["WeekEntry", "collect_week_tasks"]

WeekEntry = tuple[int, OwnerWeekTask]
"""An entry of an owner's week, and the integer it is listed by (smallest first)."""

_DAYS = date.max.toordinal() + 1  # more than any date's ordinal
_OVERDUE_AT = TaskProgress._fields.index("overdue")
_OVERDUE = itemgetter(_OVERDUE_AT)  # the flag, read in C


def collect_week_tasks(
    plan: Plan,
    days: TaskDays,
    names: Sequence[str | None],
    weeks: Mapping[str, Sequence[MutableSequence[WeekEntry]]],
    *,
    live: Sequence[int],
    progress: Mapping[str, TaskProgress],
    waits: Waits,
    first_free: int,
    critical_known: bool = True,
    dates_passed: bool = False,
) -> None:
    """Add each task's entry to its owners' weeks: `names` are the tasks' Owner texts, and
    `weeks` maps each to the lists of entries of the owners it names (`model.OwnerNames`;
    to sort by their first item).

    `live` are the slots of the scheduled tasks not done whose forecast ends on or after
    `first_free` (the first working day after the status date); `progress` the progress
    pass's flags (for overdue), `waits` what each task waits on (`ProgressScan.waits`).
    `critical_known` False (a row could not be scheduled): no entry is marked critical,
    as no task row is (`TaskDays.row`). `dates_passed` (work dated in the past is not
    done, `forecast_passed`): each entry's finish is the earliest it can be.
    """
    done, begins, finishes = days.done, days.forecast_start, days.forecast_finish
    chosen: list[tuple[int, OwnerWeekAction]] = []
    overdue = _overdue_slots(plan, days, progress)
    late = OwnerWeekAction.OVERDUE
    for slot in overdue:
        finish = finishes[slot]
        if done[slot] and finish is not None and finish >= first_free and begins[slot] is not None:
            continue  # done, and forecast after the status date: in nobody's week
        chosen.append((slot, late))
    window_end = first_free + OWNER_WEEK_DAYS
    skip = set(overdue)
    tasks = plan.tasks
    # `live` tasks are scheduled: their forecast indices are known
    live_begins, live_finishes = cast("Sequence[int]", begins), cast("Sequence[int]", finishes)
    for slot in [slot for slot in live if live_begins[slot] < window_end]:
        if slot in skip:
            continue
        if tasks[slot].duration_days:
            end = live_finishes[slot] + 1
        else:  # a milestone: due in the window when it sits in it
            end = live_begins[slot] + 1
            if end <= first_free:
                continue
        chosen.append((slot, OwnerWeekAction.FINISH if end <= window_end else OwnerWeekAction.WORK))
    _add_entries(
        plan,
        days,
        weeks,
        names,
        chosen,
        waits,
        critical_known=critical_known,
        dates_passed=dates_passed,
    )


def _add_entries(  # noqa: PLR0917 (the plan, its days, the weeks, and what goes in them)
    plan: Plan,
    days: TaskDays,
    weeks: Mapping[str, Sequence[MutableSequence[WeekEntry]]],
    names: Sequence[str | None],
    chosen: Sequence[tuple[int, OwnerWeekAction]],
    waits: Waits,
    *,
    critical_known: bool,
    dates_passed: bool,
) -> None:
    """Build the entries of the `chosen` tasks (slot, action) with an Owner, each with the
    integer it is listed by, into their owners' weeks; an overdue entry names the late task
    it waits on (`waits`); none is marked critical unless `critical_known`, and each finish
    is the earliest it can be when `dates_passed`."""
    tasks, sheet, project = plan.tasks, plan.plan_sheet, plan.project_file
    column = plan.columns.get("owner", plan.columns.get("id"))
    unread_at = unread_percents(plan)  # whose % Complete cannot be read: not "0 % done"
    table, offset = days.dates, days.offset
    critical = days.critical if critical_known else [False] * len(plan.tasks)
    starts, finishes, baseline_finish = (
        days.forecast_start,
        days.forecast_finish,
        days.baseline_finish,
    )
    count, late, last = len(tasks), OwnerWeekAction.OVERDUE, date.max
    for slot, action in chosen:
        name = names[slot]
        if not name or name not in weeks:
            continue
        task = tasks[slot]
        begins, ends = starts[slot], finishes[slot]
        start = None if begins is None else table[begins + offset]
        finish = None if ends is None else table[ends + offset]
        due = baseline_finish[slot] or finish
        held = waits.get(slot) if action is late else None
        holder = None if held is None else tasks[held]
        entry = new_owner_week_task(
            task.id,
            task.name,
            action,
            due,
            start,
            finish,
            critical[slot],
            None if (unread := unread_at.get(task.id)) is not None else task.percent_complete,
            task.status,
            new_location(sheet, task.row or None, column)
            if project is None
            else project.location(task.id, task.name),
            None if holder is None else holder.id,
            None if holder is None else (holder.owner or "").strip() or None,
            dates_passed and finish is not None,
            unread,
        )
        # overdue by the day it was due, the others after them by forecast finish
        day = (due or last).toordinal() if action is late else _DAYS + (finish or last).toordinal()
        for week in weeks[name]:
            week.append((day * count + slot, entry))


def _overdue_slots(plan: Plan, days: TaskDays, progress: Mapping[str, TaskProgress]) -> list[int]:
    """The slots of the overdue tasks, in plan order: looked up by id when every task has
    an id of its own (`TaskDays.slots`), else found by a pass over the tasks."""
    overdue = set(compress(progress, map(_OVERDUE, progress.values())))
    if not overdue:
        return []
    tasks, slot_of = plan.tasks, days.slots
    if len(slot_of) == len(tasks):
        ids = list(overdue)
        slots = [slot_of.get(task_id) for task_id in ids]
        if None not in slots:
            found: list[int] = slots  # type: ignore[assignment]
            if [tasks[slot].id for slot in found] == ids:
                return sorted(found)
    return [slot for slot, task in enumerate(tasks) if task.id in overdue]
