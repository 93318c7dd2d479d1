"""`compute_workload`: each owner's booked days per working week, their week's tasks,
and the `overloaded-owner` findings (with the Team sheet's own findings, `team.py`).

The measure is defined in `pmkit.engine.workload`. The pass runs in steps, each over
integer columns rather than task objects where it can: which tasks book whose days and
how many days a week that makes (`pmkit.engine.booking`), each owner's week's tasks
(`pmkit.engine.owner_weeks`), and the stretches over capacity with their findings
(`pmkit.engine.overloads`). Owners are numbered in Team sheet order, then in Plan order;
an Owner cell's text is looked up once per distinct text, not per task.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date
from operator import itemgetter, sub
from typing import TYPE_CHECKING

from pmkit.engine.booking import Axis, book_tasks, booked_days, live_slots, week_starts
from pmkit.engine.issues import Issue
from pmkit.engine.lateness import Waits
from pmkit.engine.model import Plan, TeamMember, owner_key
from pmkit.engine.overloads import (
    booked_in,
    find_overload,
    find_stretches,
    overload_context,
)
from pmkit.engine.owner_weeks import WeekEntry, collect_week_tasks
from pmkit.engine.progress import TaskProgress
from pmkit.engine.team import find_team_flags
from pmkit.engine.variance import WorkdayIndex
from pmkit.engine.workdays import WorkCalendar
from pmkit.engine.workload import OWNER_WEEK_DAYS, OwnerLoad, Workload

if TYPE_CHECKING:
    from pmkit.engine.days import TaskDays
    from pmkit.engine.unscheduled import Unscheduled

__all__ = ["compute_workload"]

_FIRST = itemgetter(0)


class _Owner:
    """An owner, their number (the position of their load in `Workload.owners`) and their
    week's tasks with their sort keys (filled while collecting)."""

    __slots__ = ("member", "name", "number", "week_tasks")

    def __init__(self, name: str, member: TeamMember | None) -> None:
        self.name = name
        self.member = member
        self.number = 0
        self.week_tasks: list[WeekEntry] = []


def compute_workload(
    plan: Plan,
    days: TaskDays,
    calendar: WorkCalendar,
    index: WorkdayIndex,
    *,
    status_date: date,
    progress: Mapping[str, TaskProgress],
    waits: Waits,
    unscheduled: Unscheduled | None = None,
    dates_passed: bool = False,
) -> tuple[Workload, list[Issue]]:
    """Each owner's load per week and week's tasks, and the findings about people.

    `days` are the tasks' schedule and baseline (`pmkit.engine.days`); `progress` and
    `waits` the progress pass's flags (for overdue) and what each task waits on
    (`ProgressScan`); `unscheduled` what could not be scheduled (the loads are then
    partial); `dates_passed` that work dated in the past is not done, so the week's
    finishes are the earliest they can be (`forecast_passed`).
    """
    first_free = index.through(status_date)
    names = [task.owner for task in plan.tasks]
    owners, by_text = _owners(plan, names)
    issues = find_team_flags(plan, names, days.done)
    live = live_slots(days, first_free)
    number_of = {name: tuple(owner.number for owner in people) for name, people in by_text.items()}
    booked = book_tasks(plan, days, names, number_of, live=live, first_free=first_free)
    collect_week_tasks(
        plan,
        days,
        names,
        {name: [owner.week_tasks for owner in people] for name, people in by_text.items()},
        live=live,
        progress=progress,
        waits=waits,
        first_free=first_free,
        critical_known=unscheduled is None,
        dates_passed=dates_passed,
    )
    mondays, starts = week_starts(calendar, days, booked, first_free)
    if not booked.slots:  # no work booked, no weeks
        loads = [_owner_load(owner, [], index, starts) for owner in owners]
        overloads = []
    else:
        axis = Axis(starts, len(owners), booked)
        weeks_booked = booked_days(booked, axis, starts)
        loads = [_owner_load(owner, weeks_booked[owner.number], index, starts) for owner in owners]
        found = [
            (owner, stretch)
            for owner, load in zip(owners, loads, strict=True)
            for stretch in find_stretches(load)
        ]
        bounds = [
            (owner.number, starts[stretch.first], starts[stretch.last + 1])
            for owner, stretch in found
        ]
        context = overload_context(plan, days, booked, (mondays, starts), unscheduled)
        members, soon = booked_in(booked, axis, bounds, context.soon)
        overloads = [
            find_overload(context, loads[owner.number], stretch, (positions, soon_ones))
            for (owner, stretch), positions, soon_ones in zip(found, members, soon, strict=True)
        ]
    issues.extend(overload.finding for overload in overloads)
    window = (calendar.date_at(first_free), calendar.date_at(first_free + OWNER_WEEK_DAYS - 1))
    not_counted: str | None = None
    not_counted_owners: tuple[str, ...] = ()
    owners_known = True
    if unscheduled is not None:
        not_counted = unscheduled.what()
        not_counted_owners = tuple(
            dict.fromkeys(
                owner.name
                for slot in unscheduled.slots
                if (name := names[slot]) and name in by_text
                for owner in by_text[name]
            )
        )
        # a row the reader left out (no ID, a repeated ID) has no slot: whose is not known
        owners_known = unscheduled.count == len(unscheduled.slots)
    workload = Workload(
        mondays,
        tuple(loads),
        window,
        not_counted,
        tuple(overloads),
        not_counted_owners,
        owners_known,
    )
    return workload, issues


# -- the passes over the tasks ----------------------------------------------------------------


def _owners(
    plan: Plan, names: list[str | None]
) -> tuple[list[_Owner], dict[str, tuple[_Owner, ...]]]:
    """The owners, in Team sheet order then in Plan order, and each Owner cell's text → the
    owners it names (`model.OwnerNames`: `Sam, Priya` is both when both are on the Team
    sheet); one lookup per distinct text, not per task: a plan has a few owners."""
    # a name listed twice on the Team sheet: the later row, in the place of the first
    owners: dict[str, _Owner] = {member.key: _Owner(member.name, member) for member in plan.team}
    by_text: dict[str, tuple[_Owner, ...]] = {}
    people_of = plan.owner_names()
    for text in dict.fromkeys(names):  # the distinct texts, in order of first use
        if not text:
            continue
        people = []
        for name in people_of(text):
            key = owner_key(name)
            owner = owners.get(key)
            if owner is None:
                owner = owners[key] = _Owner(name.strip(), None)
            people.append(owner)
        if people:
            by_text[text] = tuple(people)
    for number, owner in enumerate(owners.values()):
        owner.number = number
    return list(owners.values()), by_text


def _owner_load(
    owner: _Owner, booked: list[int], index: WorkdayIndex, starts: Sequence[int]
) -> OwnerLoad:
    """The owner's `OwnerLoad`: their booked days per week (`booked_days`), the days they
    can give, and their week's tasks in order."""
    count = len(starts) - 1
    free = list(map(sub, starts[1:], starts[:-1]))
    member = owner.member
    if member is not None and member.days_off and count:
        off: set[int] = set()
        for days in member.days_off:
            off.update(range(index.on_or_after(days.first), index.through(days.last)))
        for day in off:
            week = bisect_right(starts, day) - 1
            if 0 <= week < count:
                free[week] -= 1
    owner.week_tasks.sort(key=_FIRST)
    return OwnerLoad(
        name=owner.name,
        email=member.email if member else None,
        capacity=member.capacity if member else 1.0,
        on_team=member is not None,
        booked_days=tuple(booked),
        free_days=tuple(free),
        week_tasks=tuple(item for _, item in owner.week_tasks),
    )
