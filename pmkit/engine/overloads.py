"""The `overloaded-owner` findings: each owner's stretches of consecutive weeks over
capacity, the tasks booked in each, and its `Overload` record (`pmkit.engine.loads`).

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

from bisect import insort
from collections.abc import Sequence
from datetime import date
from itertools import count, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from pmkit.engine.booking import Axis, Booked
from pmkit.engine.figures import format_day, format_percent, is_above, join_words, working_days
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan
from pmkit.engine.workload import Overload, OwnerLoad, stretch_words

if TYPE_CHECKING:
    from pmkit.engine.days import TaskDays
    from pmkit.engine.unscheduled import Unscheduled

__all__ = [
    "SOON_WORKING_DAYS",
    "OverloadContext",
    "Stretch",
    "booked_in",
    "find_overload",
    "find_stretches",
    "overload_context",
]

SOON_WORKING_DAYS = 10
"""An overload starting within this many working days after the status date is "soon"."""
_LISTED_TASKS = 8


class Stretch(NamedTuple):
    """Consecutive weeks over capacity (positions in `Workload.weeks`), and the worst."""

    first: int
    last: int
    peak: int
    peak_load: float | None


def find_stretches(load: OwnerLoad) -> list[Stretch]:
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
    stretches: list[Stretch] = []
    if not over:
        return stretches
    first = peak = over[0]
    worst = values[first]
    last = first
    for week in over[1:]:  # plain integers while a run lasts: one `Stretch` per run
        now = values[week]
        if week == last + 1:
            if worst is not None and (now is None or now > worst):
                peak, worst = week, now
        else:
            stretches.append(Stretch(first, last, peak, worst))
            first = peak = week
            worst = now
        last = week
    stretches.append(Stretch(first, last, peak, worst))
    return stretches


def booked_in(
    booked: Booked, axis: Axis, stretches: Sequence[tuple[int, int, int]], soon: list[int]
) -> tuple[list[list[int]], list[list[int]]]:
    """The tasks booked in each stretch (`stretches`: each stretch's owner number, first
    working-day index and the index after its last, by owner then in time), as positions
    in `booked`, so in plan order.

    On the axis of `booked_days` (`Axis`) the stretches of all owners are one sorted
    run of bounds. Two step tables over the axis give, for a task's first day, how many
    stretches end on or before it (`bisect_right` of their ends) and, for the day after its
    last, how many start before it (`bisect_left` of their starts): it is booked in the
    stretches between. One pass over the tasks, two lookups each. The same for the few
    tasks at `soon` positions (`OverloadContext.soon`), apart.
    """
    shifts, size = axis.shifts, axis.size
    ended: list[int] = []
    started: list[int] = []
    for stretch, (number, low, high) in enumerate(stretches):
        ended.extend(repeat(stretch, high + shifts[number] - len(ended)))
        started.extend(repeat(stretch, low + shifts[number] + 1 - len(started)))
    ended.extend(repeat(len(stretches), size - len(ended)))
    started.extend(repeat(len(stretches), size - len(started)))
    afters = [ended[first] for first in axis.firsts]
    befores = [started[end] for end in axis.ends]
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


class OverloadContext(NamedTuple):
    """What every stretch's `Overload` is measured against."""

    plan: Plan
    days: TaskDays
    booked: Booked
    soon: list[int]
    """The positions of the critical booked tasks that start within the next
    `SOON_WORKING_DAYS` working days (few: only they can make a stretch a warning)."""
    mondays: Sequence[date]
    starts: Sequence[int]
    """The working-day index each week starts at, and the one after the last."""
    unscheduled: Unscheduled | None


def overload_context(
    plan: Plan,
    days: TaskDays,
    booked: Booked,
    weeks_of: tuple[Sequence[date], Sequence[int]],
    unscheduled: Unscheduled | None,
) -> OverloadContext:
    mondays, starts = weeks_of
    critical, slots = days.critical, booked.slots
    soon_end = starts[0] + SOON_WORKING_DAYS
    return OverloadContext(
        plan,
        days,
        booked,
        [
            position
            for position, first in enumerate(booked.firsts)
            if first < soon_end and critical[slots[position]]
        ],
        mondays,
        starts,
        unscheduled,
    )


def find_overload(
    context: OverloadContext,
    load: OwnerLoad,
    stretch: Stretch,
    members: tuple[list[int], list[int]],
) -> Overload:
    """The `Overload` of a stretch of weeks over capacity, and its one finding.

    `members` holds the tasks booked in the stretch and those of them in
    `OverloadContext.soon`, as positions in `booked`, in order (`booked_in`).
    """
    positions, soon_ones = members
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
    ids = itemgetter(*positions)(booked.ids) if len(positions) > 1 else (booked.ids[positions[0]],)
    shown = ids[:_LISTED_TASKS]
    listed = join_words(shown, more=len(ids) - len(shown))
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
        f"{load.name} {how}{_given(load, starts, weeks)}: {what}",
    )
    return Overload(
        load.name,
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
