"""`compute_workload`: each owner's booked days per working week, their week's tasks,
and the `overloaded-owner` findings (with the Team sheet's own findings, `team.py`).

The measure is defined in `pmkit.engine.workload`. One pass over the tasks turns each
owned task's forecast into a span of working-day indices (`WorkdayIndex`); per owner, the
days its tasks start and end are counted (`Counter`, in C), a running sum gives the tasks
at work on each day, and slices of it add up to weeks. A 10,000-task plan costs one tuple
per task in Python, not a loop over its days or weeks.

**One finding per overload.** An owner over capacity in consecutive weeks is one
`overloaded-owner` finding for the whole stretch, naming its peak week and every task
booked in it: one person and one stretch of time is one conversation ("move something or
hand it over"), however many weeks and tasks it spans (and `pmkit.engine.findings`
groups one owner's stretches into one finding, each a detail). Each is also an
`Overload` record, from which the "This week" list words its action. It is a warning when it starts
within the next `SOON_WORKING_DAYS` working days and holds a critical task (a slip there
moves the project's finish; when the forecast is unknown, so is which tasks are
critical, and any overload that soon is a warning); otherwise a note.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate, count, repeat
from operator import add, itemgetter, sub
from typing import TYPE_CHECKING, NamedTuple, cast

from pmkit.engine.figures import format_day, format_percent, is_above, working_days
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan, TeamMember, owner_key
from pmkit.engine.network import join_ids
from pmkit.engine.owner_weeks import WeekEntry, collect_week_tasks
from pmkit.engine.progress import TaskProgress
from pmkit.engine.team import find_team_flags
from pmkit.engine.variance import WorkdayIndex
from pmkit.engine.workdays import WorkCalendar
from pmkit.engine.workload import (
    OWNER_WEEK_DAYS,
    Overload,
    OwnerLoad,
    Workload,
    stretch_words,
)

if TYPE_CHECKING:
    from pmkit.engine.days import TaskDays
    from pmkit.engine.unscheduled import Unscheduled

__all__ = ["SOON_WORKING_DAYS", "compute_workload"]

SOON_WORKING_DAYS = 10
"""An overload starting within this many working days after the status date is "soon"."""
_LISTED_TASKS = 8

_FIRST = itemgetter(0)


class _Owner:
    """An owner, their number (the position of their load in `Workload.owners`) and their
    week's tasks with their sort keys (filled while collecting)."""

    __slots__ = ("member", "name", "number", "week_tasks")

    def __init__(self, name: str, member: TeamMember | None, number: int) -> None:
        self.name = name
        self.member = member
        self.number = number
        self.week_tasks: list[WeekEntry] = []


class _Booked(NamedTuple):
    """The tasks that book their owner's days — not done, with a duration, an Owner and a
    forecast that ends after the status date — in plan order, a column each."""

    slots: list[int]
    owners: list[int]
    """Each task's owner, by number (`_Owner.number`)."""
    firsts: list[int]
    """Its first booked working-day index: its start, or the first day after the status
    date for a started task (it books only what is left)."""
    ends: list[int]
    """The index after its last working day."""


def compute_workload(
    plan: Plan,
    days: TaskDays,
    calendar: WorkCalendar,
    index: WorkdayIndex,
    *,
    status_date: date,
    progress: Mapping[str, TaskProgress],
    unscheduled: Unscheduled | None = None,
) -> tuple[Workload, list[Issue]]:
    """Each owner's load per week and week's tasks, and the findings about people.

    `days` are the tasks' schedule and baseline (`pmkit.engine.days`); `progress` the
    progress pass's flags (for overdue); `unscheduled` what could not be scheduled (the
    loads are then partial).
    """
    first_free = index.through(status_date)
    names = [task.owner for task in plan.tasks]
    owners, by_text = _owners(plan, names)
    issues = find_team_flags(plan, names, days.done)
    live = _live(days, first_free)
    booked = _book(plan, days, names, by_text, live=live, first_free=first_free)
    collect_week_tasks(
        plan,
        days,
        names,
        {name: owner.week_tasks for name, owner in by_text.items()},
        live=live,
        progress=progress,
        first_free=first_free,
    )
    mondays, starts = _weeks(calendar, days, booked, first_free)
    if not booked.slots:  # no work booked, no weeks
        loads = [_owner_load(owner, [], index, starts) for owner in owners]
        overloads = []
    else:
        axis = _Axis(starts, len(owners), booked)
        booked_days = _booked_days(booked, axis, starts)
        loads = [_owner_load(owner, booked_days[owner.number], index, starts) for owner in owners]
        found = [
            (owner, stretch)
            for owner, load in zip(owners, loads, strict=True)
            for stretch in _stretches(load)
        ]
        bounds = [
            (owner.number, starts[stretch.first], starts[stretch.last + 1])
            for owner, stretch in found
        ]
        context = _context(plan, days, booked, (mondays, starts), unscheduled)
        members, soon = _booked_in(booked, axis, bounds, context.soon)
        overloads = [
            _overload(context, owner, loads[owner.number], stretch, (positions, soon_ones))
            for (owner, stretch), positions, soon_ones in zip(found, members, soon, strict=True)
        ]
    issues.extend(overload.finding for overload in overloads)
    window = (calendar.date_at(first_free), calendar.date_at(first_free + OWNER_WEEK_DAYS - 1))
    partial = None
    if unscheduled is not None:
        partial = f"Workload partial: {unscheduled.what()}, so their work is not counted here"
    return Workload(mondays, tuple(loads), window, partial, tuple(overloads)), issues


# -- the passes over the tasks ----------------------------------------------------------------


def _owners(plan: Plan, names: list[str | None]) -> tuple[list[_Owner], dict[str, _Owner]]:
    """The owners, in Team sheet order then in Plan order, and each Owner cell's text → its
    owner (one lookup per distinct text, not per task: a plan has a few owners)."""
    owners: dict[str, _Owner] = {
        member.key: _Owner(member.name, member, number) for number, member in enumerate(plan.team)
    }
    by_text: dict[str, _Owner] = {}
    for name in dict.fromkeys(names):  # the distinct texts, in order of first use
        if not name:
            continue
        key = owner_key(name)
        owner = owners.get(key)
        if owner is None:
            owner = owners[key] = _Owner(name, None, len(owners))
        by_text[name] = owner
    return list(owners.values()), by_text


def _live(days: TaskDays, first_free: int) -> list[int]:
    """The slots of the scheduled tasks not done whose forecast ends on or after
    `first_free` (the first working day after the status date): the only ones that can
    book time, or be in an owner's week other than as overdue. Integers only: no task is
    read."""
    return [
        slot
        for slot, start, finish, done in zip(
            count(), days.forecast_start, days.forecast_finish, days.done
        )
        if finish is not None and finish >= first_free and start is not None and not done
    ]


def _book(
    plan: Plan,
    days: TaskDays,
    names: list[str | None],
    by_text: Mapping[str, _Owner],
    *,
    live: list[int],
    first_free: int,
) -> _Booked:
    """The booked tasks (`_Booked`) among the `live` ones: those with an Owner and a
    duration."""
    tasks = plan.tasks
    # `live` tasks are scheduled: their forecast indices are known
    begins = cast("Sequence[int]", days.forecast_start)
    finishes = cast("Sequence[int]", days.forecast_finish)
    slots = [slot for slot in live if names[slot] and tasks[slot].duration_days]
    number_of = {name: owner.number for name, owner in by_text.items()}
    return _Booked(
        slots,
        [number_of[names[slot]] for slot in slots],  # type: ignore[index]
        [first if (first := begins[slot]) > first_free else first_free for slot in slots],
        [finishes[slot] + 1 for slot in slots],
    )


def _weeks(
    calendar: WorkCalendar, days: TaskDays, booked: _Booked, first_free: int
) -> tuple[tuple[date, ...], list[int]]:
    """The Mondays from the first week with work booked to the last, and the working-day
    index each week starts at (the first clipped to `first_free`) plus the one after.

    A Monday's index is found by bisection in the schedule's table of working days
    (`TaskDays.dates`, one date per index) when the table holds it, else by the calendar.
    """
    if not booked.slots:
        return (), []
    monday = calendar.date_at(min(booked.firsts))
    monday -= timedelta(days=monday.weekday())
    last = calendar.date_at(max(booked.ends) - 1)
    mondays: list[date] = []
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    table, offset = days.dates, days.offset
    starts = []
    for day in [*mondays, monday]:
        at = bisect_left(table, day)  # the first working day on or after `day`, if listed
        if at < len(table) and (at > 0 or table[0] == day):
            starts.append(at - offset)
        else:
            starts.append(calendar.index_on_or_after(day))
    starts[0] = max(starts[0], first_free)
    return tuple(mondays), starts


class _Axis:
    """One axis of working days for all owners: owner `n`'s day `d` at `n * width + d -
    base`, where `base` is the first day of the first week and `width` spans every week.
    An owner's tasks all start and end within their stretch of the axis."""

    __slots__ = ("shifts", "size", "task_shifts", "width")

    def __init__(self, starts: Sequence[int], owner_count: int, booked: _Booked) -> None:
        base = starts[0]
        self.width = starts[-1] - base + 1
        self.shifts = [number * self.width - base for number in range(owner_count)]
        """What to add to an owner's day (by owner number) to place it on the axis."""
        self.task_shifts = [self.shifts[number] for number in booked.owners]
        """The same for each booked task's owner (by position in `booked`)."""
        self.size = owner_count * self.width


def _booked_days(booked: _Booked, axis: _Axis, starts: Sequence[int]) -> list[list[int]]:
    """Each owner's booked working days in each week (`starts`: the index each week starts
    at, and the one after the last).

    On one axis for all owners (`_Axis`), +1 where each task starts and -1 after it ends;
    a running sum of that is the tasks at work on each day, a second one lets the days of
    a week add up by one subtraction. One pass over the tasks, two steps each; the running
    sums run in C (`accumulate`), and the first is back to 0 where each owner's days end.
    """
    changes = [0] * axis.size
    for first, end, shift in zip(booked.firsts, booked.ends, axis.task_shifts, strict=True):
        changes[first + shift] += 1
        changes[end + shift] -= 1
    totals = [0, *accumulate(accumulate(changes))]
    booked_days = []
    for shift in axis.shifts:
        at = [totals[start + shift] for start in starts]
        booked_days.append(list(map(sub, at[1:], at[:-1])))
    return booked_days


# -- per owner -----------------------------------------------------------------------------


def _owner_load(
    owner: _Owner, booked: list[int], index: WorkdayIndex, starts: Sequence[int]
) -> OwnerLoad:
    """The owner's `OwnerLoad`: their booked days per week (`_booked_days`), the days they
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


class _Stretch(NamedTuple):
    """Consecutive weeks over capacity (positions in `Workload.weeks`), and the worst."""

    first: int
    last: int
    peak: int
    peak_load: float | None


def _stretches(load: OwnerLoad) -> list[_Stretch]:
    """The owner's runs of consecutive weeks over capacity, each with its peak week."""
    capacity = load.capacity
    # `OwnerLoad.load` and `is_over`, inline: this runs for every owner and week
    values = [
        (booked / (free * capacity) if free * capacity > 0 else None) if booked else 0.0
        for booked, free in zip(load.booked_days, load.free_days, strict=True)
    ]
    # over 100 % as shown; a load above 100.1 % is, one at or below 100 % is not
    over = [
        k
        for k, value in enumerate(values)
        if value is None or (value > 1.0 and (value > 1.001 or is_above(value, 1.0)))
    ]
    stretches: list[_Stretch] = []
    if not over:
        return stretches
    first = peak = over[0]
    worst = values[first]
    last = first
    for week in over[1:]:  # plain integers while a run lasts: one `_Stretch` per run
        now = values[week]
        if week == last + 1:
            if worst is not None and (now is None or now > worst):
                peak, worst = week, now
        else:
            stretches.append(_Stretch(first, last, peak, worst))
            first = peak = week
            worst = now
        last = week
    stretches.append(_Stretch(first, last, peak, worst))
    return stretches


def _booked_in(
    booked: _Booked, axis: _Axis, stretches: Sequence[tuple[int, int, int]], soon: list[int]
) -> tuple[list[list[int]], list[list[int]]]:
    """The tasks booked in each stretch (`stretches`: each stretch's owner number, first
    working-day index and the index after its last, by owner then in time), as positions
    in `booked`, so in plan order.

    On the axis of `_booked_days` (`_Axis`) the stretches of all owners are one sorted
    run of bounds. Two step tables over the axis give, for a task's first day, how many
    stretches end on or before it (`bisect_right` of their ends) and, for the day after its
    last, how many start before it (`bisect_left` of their starts): it is booked in the
    stretches between. One pass over the tasks, two lookups each. The same for the few
    tasks at `soon` positions (`_Context.soon`), apart.
    """
    shifts, size = axis.shifts, axis.size
    ended: list[int] = []
    started: list[int] = []
    for stretch, (number, low, high) in enumerate(stretches):
        ended.extend(repeat(stretch, high + shifts[number] - len(ended)))
        started.extend(repeat(stretch, low + shifts[number] + 1 - len(started)))
    ended.extend(repeat(len(stretches), size - len(ended)))
    started.extend(repeat(len(stretches), size - len(started)))
    afters = [ended[first] for first in map(add, booked.firsts, axis.task_shifts)]
    befores = [started[end] for end in map(add, booked.ends, axis.task_shifts)]
    members: list[list[int]] = [[] for _ in stretches]
    spanning = []
    for position, after, before in zip(count(), afters, befores):
        if after < before:
            members[after].append(position)
            if before > after + 1:  # a task over a gap between stretches: rare
                spanning.append(position)
    for position in spanning:
        for stretch in range(afters[position] + 1, befores[position]):
            insort(members[stretch], position)
    soon_members: list[list[int]] = [[] for _ in stretches]
    for position in soon:
        for stretch in range(afters[position], befores[position]):
            soon_members[stretch].append(position)
    return members, soon_members


class _Context(NamedTuple):
    """What every stretch's `Overload` is measured against."""

    plan: Plan
    days: TaskDays
    booked: _Booked
    ids: Sequence[str]
    """The id of each booked task (by position in `booked`)."""
    soon: list[int]
    """The positions of the critical booked tasks that start within the next
    `SOON_WORKING_DAYS` working days (few: only they can make a stretch a warning)."""
    mondays: Sequence[date]
    starts: Sequence[int]
    """The working-day index each week starts at, and the one after the last."""
    unscheduled: Unscheduled | None


def _context(
    plan: Plan,
    days: TaskDays,
    booked: _Booked,
    weeks_of: tuple[Sequence[date], Sequence[int]],
    unscheduled: Unscheduled | None,
) -> _Context:
    mondays, starts = weeks_of
    tasks, critical, slots = plan.tasks, days.critical, booked.slots
    soon_end = starts[0] + SOON_WORKING_DAYS
    return _Context(
        plan,
        days,
        booked,
        [tasks[slot].id for slot in slots],
        [
            position
            for position, first in enumerate(booked.firsts)
            if first < soon_end and critical[slots[position]]
        ],
        mondays,
        starts,
        unscheduled,
    )


def _overload(
    context: _Context,
    owner: _Owner,
    load: OwnerLoad,
    stretch: _Stretch,
    booked_in: tuple[list[int], list[int]],
) -> Overload:
    """The `Overload` of a stretch of weeks over capacity, and its one finding.

    `booked_in` holds the tasks booked in the stretch and those of them in
    `_Context.soon`, as positions in `booked`, in order (`_booked_in`).
    """
    positions, soon_ones = booked_in
    plan, mondays, starts, booked = context.plan, context.mondays, context.starts, context.booked
    first_week, last_week, peak, peak_load = stretch
    low, high = starts[first_week], starts[last_week + 1]
    owned, firsts = booked.slots, booked.firsts
    # Soon: it starts within the next working days, and a critical task is booked in it
    # within them (any task may be critical while part of the plan is unscheduled).
    soon_end = min(starts[0] + SOON_WORKING_DAYS, high)
    critical = [owned[position] for position in soon_ones if firsts[position] < soon_end]
    soon = low < soon_end and (context.unscheduled is not None or bool(critical))
    weeks = range(first_week, last_week + 1)
    stretch_mondays = tuple(mondays[first_week : last_week + 1])
    when = stretch_words(stretch_mondays)
    if peak_load is None:
        how = (
            f"has work booked in {when} but no time to give in the week of "
            f"{format_day(mondays[peak])} (days off, or 0 % capacity)"
        )
    elif len(weeks) == 1:
        how = f"is booked {format_percent(peak_load)} in {when}"
    else:
        how = (
            f"is booked over capacity for {when}, up to {format_percent(peak_load)} "
            f"in the week of {format_day(mondays[peak])}"
        )
    # the ids in C: `itemgetter` of several positions gives a tuple, of one the id itself
    ids = (
        itemgetter(*positions)(context.ids) if len(positions) > 1 else (context.ids[positions[0]],)
    )
    shown = ids[:_LISTED_TASKS]
    listed = join_ids(shown, more=len(ids) - len(shown))
    what = (
        f"tasks {listed} overlap"
        if len(ids) > 1
        else f"task {listed} needs more days than they can give"
    )
    tasks = plan.tasks
    first_task = tasks[owned[positions[0]]]
    finding = Issue(
        Severity.WARNING if soon else Severity.INFO,
        Code.OVERLOADED_OWNER,
        plan.location(first_task, "owner"),
        first_task.id,
        f"{owner.name} {how}{_given(load, starts, weeks)}: {what}",
    )
    return Overload(
        owner.name,
        stretch_mondays,
        mondays[peak],
        peak_load,
        ids,
        tuple([tasks[slot].id for slot in critical]),
        finding,
    )


def _given(load: OwnerLoad, starts: Sequence[int], weeks: range) -> str:
    """` (capacity 50 %, 2 working days off)`: what shrinks what they can give, when
    anything does."""
    parts = []
    if load.capacity != 1.0:
        parts.append(f"capacity {format_percent(load.capacity)}")
    off = starts[weeks.stop] - starts[weeks.start] - sum(load.free_days[weeks.start : weeks.stop])
    if off:
        parts.append(f"{working_days(off)} off")
    return f" ({', '.join(parts)})" if parts else ""
