"""Which tasks book their owners' days, and how many days each owner has booked in each
week (`pmkit.engine.loads`; the measure is defined in `pmkit.engine.workload`).

Everything here is integers: the schedule's working-day indices by Plan slot
(`TaskDays`), the booked tasks as columns (`Booked`), and one axis of working days for
all owners (`Axis`) on which a task's start and end are two steps. A 10,000-task plan
costs a few passes over integer lists and one loop of two steps a task — not a loop
over a task's days or weeks, nor an object per task.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate, count
from operator import add, sub
from typing import TYPE_CHECKING, NamedTuple, cast

from pmkit.engine.model import Plan
from pmkit.engine.workdays import WorkCalendar

if TYPE_CHECKING:
    from pmkit.engine.days import TaskDays

__all__ = ["Axis", "Booked", "book_tasks", "booked_days", "live_slots", "week_starts"]


class Booked(NamedTuple):
    """The tasks that book their owner's days — not done, with a duration, an Owner and a
    forecast that ends after the status date — in plan order, a column each. A task whose
    Owner names several people (`model.OwnerNames`) is booked once for each of them, in
    full, as Microsoft Project books each assigned resource at 100 % units."""

    slots: list[int]
    owners: list[int]
    """Each task's owner, by number: the position of their load in `Workload.owners`."""
    firsts: list[int]
    """Its first booked working-day index: its start, or the first day after the status
    date for a started task (it books only what is left)."""
    ends: list[int]
    """The index after its last working day."""
    ids: list[str]
    """Its id (read with its duration, while the task is at hand)."""


def live_slots(days: TaskDays, first_free: int) -> list[int]:
    """The slots of the scheduled tasks not done whose forecast ends on or after
    `first_free` (the first working day after the status date): the only ones that can
    book time, or be in an owner's week other than as overdue. Integers only: no task is
    read."""
    return [
        slot
        for slot, start, finish, done in zip(
            count(), days.forecast_start, days.forecast_finish, days.done
        )
        if not done and finish is not None and finish >= first_free and start is not None
    ]


def book_tasks(
    plan: Plan,
    days: TaskDays,
    names: list[str | None],
    number_of: Mapping[str, tuple[int, ...]],
    *,
    live: list[int],
    first_free: int,
) -> Booked:
    """The booked tasks (`Booked`) among the `live` ones (`live_slots`): those with an
    Owner (`names`, by slot; `number_of` gives each Owner text the numbers of the owners
    it names) and a duration."""
    tasks = plan.tasks
    # `live` tasks are scheduled: their forecast indices are known
    begins = cast("Sequence[int]", days.forecast_start)
    finishes = cast("Sequence[int]", days.forecast_finish)
    slots = [slot for slot in live if names[slot] in number_of and tasks[slot].duration_days]
    numbers = [number_of[names[slot]] for slot in slots]  # type: ignore[index]
    if any(len(people) > 1 for people in numbers):  # a shared task books each of them
        slots = [slot for slot, people in zip(slots, numbers, strict=True) for _ in people]
        owners = [number for people in numbers for number in people]
    else:
        owners = [people[0] for people in numbers]
    ids = [tasks[slot].id for slot in slots]
    return Booked(
        slots,
        owners,
        [first if (first := begins[slot]) > first_free else first_free for slot in slots],
        [finishes[slot] + 1 for slot in slots],
        ids,
    )


def week_starts(
    calendar: WorkCalendar, days: TaskDays, booked: Booked, first_free: int
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


class Axis:
    """One axis of working days for all owners: owner `n`'s day `d` at `n * width + d -
    base`, where `base` is the first day of the first week and `width` spans every week.
    An owner's tasks all start and end within their stretch of the axis."""

    __slots__ = ("ends", "firsts", "shifts", "size", "width")

    def __init__(self, starts: Sequence[int], owner_count: int, booked: Booked) -> None:
        base = starts[0]
        self.width = starts[-1] - base + 1
        self.shifts = [number * self.width - base for number in range(owner_count)]
        """What to add to an owner's day (by owner number) to place it on the axis."""
        shifts = [self.shifts[number] for number in booked.owners]
        self.firsts = list(map(add, booked.firsts, shifts))
        """Each booked task's first day on the axis (by position in `booked`)."""
        self.ends = list(map(add, booked.ends, shifts))
        """The day after its last, on the axis."""
        self.size = owner_count * self.width


def booked_days(booked: Booked, axis: Axis, starts: Sequence[int]) -> list[list[int]]:
    """Each owner's booked working days in each week (`starts`: the index each week starts
    at, and the one after the last).

    On one axis for all owners (`Axis`), +1 where each task starts and -1 after it ends;
    a running sum of that is the tasks at work on each day, a second one lets the days of
    a week add up by one subtraction. One pass over the tasks, two steps each; the running
    sums run in C (`accumulate`), and the first is back to 0 where each owner's days end.
    """
    changes = [0] * axis.size
    for first, end in zip(axis.firsts, axis.ends, strict=True):
        changes[first] += 1
        changes[end] -= 1
    totals = [0, *accumulate(accumulate(changes))]
    booked_days = []
    for shift in axis.shifts:
        at = [totals[start + shift] for start in starts]
        booked_days.append(list(map(sub, at[1:], at[:-1])))
    return booked_days
