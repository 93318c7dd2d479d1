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

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate, compress
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from pmkit.engine.figures import format_day, format_percent, is_above, working_days
from pmkit.engine.issues import Code, Issue, Severity, new_location
from pmkit.engine.model import Plan, TeamMember, owner_key
from pmkit.engine.network import join_ids
from pmkit.engine.progress import TaskProgress
from pmkit.engine.team import find_team_flags
from pmkit.engine.variance import WorkdayIndex
from pmkit.engine.workdays import WorkCalendar
from pmkit.engine.workload import (
    OWNER_WEEK_DAYS,
    Overload,
    OwnerLoad,
    OwnerWeekAction,
    OwnerWeekTask,
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

_SortKey = tuple[int, int, int]
_OVERDUE = attrgetter("overdue")


class _Owner:
    """What the pass learns about one owner (mutable while counting)."""

    __slots__ = ("ends", "firsts", "member", "name", "slots", "week_tasks")

    def __init__(self, name: str, member: TeamMember | None) -> None:
        self.name = name
        self.member = member
        # each booked task: its first working-day index, the index after its last, its slot
        # (three lists rather than one of tuples: `Counter` takes a list as it is)
        self.firsts: list[int] = []
        self.ends: list[int] = []
        self.slots: list[int] = []
        self.week_tasks: list[tuple[_SortKey, OwnerWeekTask]] = []


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
    owners, used = _collect(plan, days, progress, first_free)
    issues = find_team_flags(plan, used)
    mondays, starts = _weeks(
        calendar, [owner for owner in owners.values() if owner.slots], first_free
    )
    loads = []
    overloads: list[Overload] = []
    for owner in owners.values():
        load = _owner_load(owner, index, starts)
        loads.append(load)
        stretches = _stretches(load)
        if not stretches:
            continue
        booked = _booked_in(owner, [(starts[s.first], starts[s.last + 1]) for s in stretches])
        overloads.extend(
            _overload(plan, days, owner, load, (mondays, starts), stretch, slots, unscheduled)
            for stretch, slots in zip(stretches, booked, strict=True)
        )
    issues.extend(overload.finding for overload in overloads)
    window = (calendar.date_at(first_free), calendar.date_at(first_free + OWNER_WEEK_DAYS - 1))
    partial = None
    if unscheduled is not None:
        partial = f"Workload partial: {unscheduled.what()}, so their work is not counted here"
    return Workload(mondays, tuple(loads), window, partial, tuple(overloads)), issues


# -- the pass over the tasks ------------------------------------------------------------------


def _collect(
    plan: Plan, days: TaskDays, progress: Mapping[str, TaskProgress], first_free: int
) -> tuple[dict[str, _Owner], set[str]]:
    """Owners in Team sheet order, then in Plan order, with their booked days and their
    week's tasks; and the key of every Owner the Plan names.

    `first_free` is the index of the first working day after the status date. The hot
    loop of the pass: a few comparisons of working-day indices and one tuple per task.
    """
    owners: dict[str, _Owner] = {m.key: _Owner(m.name, m) for m in plan.team}
    by_text: dict[str, _Owner] = {}  # an Owner cell's text → its owner: one lookup per task
    window_end = first_free + OWNER_WEEK_DAYS
    overdue_ids = set(compress(progress, map(_OVERDUE, progress.values())))
    item = _item_maker(plan, days)
    slot = -1
    for task, done, start, finish in zip(
        plan.tasks, days.done, days.forecast_start, days.forecast_finish, strict=True
    ):
        slot += 1
        name = task.owner
        if not name:
            continue
        owner = by_text.get(name)
        if owner is None:
            key = owner_key(name)
            owner = owners.get(key)
            if owner is None:
                owner = owners[key] = _Owner(name, None)
            by_text[name] = owner
        if start is None or finish is None or finish < first_free:
            # nothing to book after the status date, nor due in the next days: only overdue
            # (an overdue task is never done)
            if overdue_ids and task.id in overdue_ids:
                owner.week_tasks.append(item(OwnerWeekAction.OVERDUE, slot))
            continue
        if done:
            continue
        first, end = start, finish + 1  # its working days: [first, end)
        if not task.duration_days:  # a milestone: no work, but it may be due in the week
            end = first + 1
        elif end > first_free:  # a started task books only what is left after the status date
            owner.firsts.append(first if first > first_free else first_free)
            owner.ends.append(end)
            owner.slots.append(slot)
        if overdue_ids and task.id in overdue_ids:
            owner.week_tasks.append(item(OwnerWeekAction.OVERDUE, slot))
        elif first < window_end and end > first_free:
            action = OwnerWeekAction.FINISH if end <= window_end else OwnerWeekAction.WORK
            owner.week_tasks.append(item(action, slot))
    used = {owner_key(name) for name in by_text}
    return owners, used


def _item_maker(
    plan: Plan, days: TaskDays
) -> Callable[[OwnerWeekAction, int], tuple[_SortKey, OwnerWeekTask]]:
    """`item(action, slot)`: an entry of an owner's week and its sort key — overdue first
    (longest overdue first), then by forecast finish, then in plan order. What every
    entry shares (the sheet, the Owner column, the date table) is looked up once."""
    tasks, sheet = plan.tasks, plan.plan_sheet
    column = plan.columns.get("owner", plan.columns.get("id"))
    table, offset = days.dates, days.offset
    starts, finishes, critical = days.forecast_start, days.forecast_finish, days.critical
    baseline_finish, overdue = days.baseline_finish, OwnerWeekAction.OVERDUE

    def item(action: OwnerWeekAction, slot: int) -> tuple[_SortKey, OwnerWeekTask]:
        task = tasks[slot]
        begins, ends = starts[slot], finishes[slot]
        start = None if begins is None else table[begins + offset]
        finish = None if ends is None else table[ends + offset]
        due = baseline_finish[slot] or finish
        entry = OwnerWeekTask(
            task.id,
            task.name,
            action,
            due,
            start,
            finish,
            critical[slot],
            task.percent_complete,
            task.status,
            new_location(sheet, task.row or None, column),
        )
        when = (due if action is overdue else finish) or date.max
        return (0 if action is overdue else 1, when.toordinal(), slot), entry

    return item


def _weeks(
    calendar: WorkCalendar, booking: Sequence[_Owner], first_free: int
) -> tuple[tuple[date, ...], list[int]]:
    """The Mondays from the first week with work booked to the last, and the working-day
    index each week starts at (the first clipped to `first_free`) plus the one after."""
    if not booking:
        return (), []
    monday = calendar.date_at(min(min(owner.firsts) for owner in booking))
    monday -= timedelta(days=monday.weekday())
    last = calendar.date_at(max(max(owner.ends) for owner in booking) - 1)
    mondays: list[date] = []
    starts: list[int] = []
    while monday <= last:
        mondays.append(monday)
        starts.append(calendar.index_on_or_after(monday))
        monday += timedelta(days=7)
    starts.append(calendar.index_on_or_after(monday))
    starts[0] = max(starts[0], first_free)
    return tuple(mondays), starts


# -- per owner -----------------------------------------------------------------------------


def _owner_load(owner: _Owner, index: WorkdayIndex, starts: Sequence[int]) -> OwnerLoad:
    """Count the owner's tasks at work on each day, and add the days up per week."""
    count = len(starts) - 1
    booked = [0] * count
    if owner.slots:
        base = starts[0]
        changes = [0] * (starts[-1] - base + 1)
        for day, tasks in Counter(owner.firsts).items():
            changes[day - base] += tasks
        for day, tasks in Counter(owner.ends).items():
            changes[day - base] -= tasks
        # tasks at work on each day from `base` on, and their running total: a week's
        # booked days are the difference of the totals at its ends
        totals = [0, *accumulate(accumulate(changes))]
        booked = [totals[starts[k + 1] - base] - totals[starts[k] - base] for k in range(count)]
    free = [starts[k + 1] - starts[k] for k in range(count)]
    member = owner.member
    if member is not None and member.days_off and count:
        off: set[int] = set()
        for days in member.days_off:
            off.update(range(index.on_or_after(days.first), index.through(days.last)))
        for day in off:
            week = bisect_right(starts, day) - 1
            if 0 <= week < count:
                free[week] -= 1
    owner.week_tasks.sort(key=lambda entry: entry[0])
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
    for week in over:
        now = values[week]
        if stretches and stretches[-1].last == week - 1:
            first, _, peak, worst = stretches[-1]
            if worst is not None and (now is None or now > worst):
                peak, worst = week, now
            stretches[-1] = _Stretch(first, week, peak, worst)
        else:
            stretches.append(_Stretch(week, week, week, now))
    return stretches


def _booked_in(owner: _Owner, bounds: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The owner's tasks booked in each stretch (`bounds`: its first working-day index and
    the one after its last; the stretches in order, apart), as positions in the owner's
    lists (`_Owner.slots`), so in plan order.

    One pass over the owner's tasks, each finding the stretches it overlaps by bisection
    (rather than a scan of every task per stretch).
    """
    lows = [low for low, _ in bounds]
    highs = [high for _, high in bounds]
    booked: list[list[int]] = [[] for _ in bounds]
    for position, (first, end) in enumerate(zip(owner.firsts, owner.ends, strict=True)):
        # the stretches that end after the task starts and start before it ends
        for stretch in range(bisect_right(highs, first), bisect_left(lows, end)):
            booked[stretch].append(position)
    return booked


def _overload(  # noqa: PLR0917 - one stretch, and what it is measured against
    plan: Plan,
    days: TaskDays,
    owner: _Owner,
    load: OwnerLoad,
    weeks_of: tuple[Sequence[date], Sequence[int]],
    stretch: _Stretch,
    booked: Sequence[int],
    unscheduled: Unscheduled | None,
) -> Overload:
    """The `Overload` of a stretch of weeks over capacity, and its one finding.

    `weeks_of` holds the Mondays and the working-day index each week starts at; `booked`
    the owner's tasks in the stretch (`_booked_in`).
    """
    mondays, starts = weeks_of
    first_week, last_week, peak, peak_load = stretch
    low, high = starts[first_week], starts[last_week + 1]
    owned, firsts, is_critical = owner.slots, owner.firsts, days.critical
    slots = [owned[position] for position in booked]
    # Soon: it starts within the next working days, and a critical task is booked in it
    # within them (any task may be critical while part of the plan is unscheduled).
    soon_end = min(starts[0] + SOON_WORKING_DAYS, high)
    critical = [
        owned[position]
        for position in booked
        if firsts[position] < soon_end and is_critical[owned[position]]
    ]
    soon = low < soon_end and (unscheduled is not None or bool(critical))
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
    shown = [plan.tasks[slot].id for slot in slots[:_LISTED_TASKS]]
    listed = join_ids(shown, more=len(slots) - len(shown))
    what = (
        f"tasks {listed} overlap"
        if len(slots) > 1
        else f"task {listed} needs more days than they can give"
    )
    first_task = plan.tasks[slots[0]]
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
        tuple(plan.tasks[slot].id for slot in slots),
        tuple(plan.tasks[slot].id for slot in critical),
        finding,
    )


def _given(load: OwnerLoad, starts: Sequence[int], weeks: range) -> str:
    """` (capacity 50 %, 2 working days off)`: what shrinks what they can give, when
    anything does."""
    parts = []
    if load.capacity != 1.0:
        parts.append(f"capacity {format_percent(load.capacity)}")
    off = sum(starts[k + 1] - starts[k] - load.free_days[k] for k in weeks)
    if off:
        parts.append(f"{working_days(off)} off")
    return f" ({', '.join(parts)})" if parts else ""
