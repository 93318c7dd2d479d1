"""Who carries how much work, week by week, and what each owner has in hand in the next days.

`Analysis.workload` is a `Workload`: the working weeks of the forecast (Mondays) and, per
owner, the working days booked in each week against what they can give it, and their
week's tasks (`OwnerWeekTask`: what to finish or work on in the next `OWNER_WEEK_DAYS`
working days). Not the project's "This week" list (`Analysis.this_week`,
`pmkit.engine.actions`), which holds problems to act on. `pmkit.engine.loads.compute_workload`
fills it; the Workload sheet, the JSON and the morning digest read it.

**The measure.** For an owner and a working week:

    load = booked days ÷ (free days × capacity)

* *booked days*: for every task the owner owns that is not done, has a duration and is
  scheduled, the working days of its forecast (forecast start to forecast finish, on the
  plan's calendar: the Work Week less Holidays) that fall in the week and after the status
  date. A task is taken to need its owner for each of its working days, so two tasks on
  the same day book two days.
* *free days*: the plan's working days of the week after the status date, less the
  owner's Days Off (Team sheet).
* *capacity*: the owner's share of their working week for this project (Team sheet,
  100 % when blank or not listed).

A task on a day its owner is off still books that day: the schedule assumes someone does
the work then, so a day off under a task shows as load the owner cannot give. An owner
with no free time in a week (off all week, or capacity 0 %) and work booked in it has no
load figure (`None`) and is over capacity. The load is over capacity when its shown
value (one decimal of a percent, `pmkit.engine.figures.is_above`) is above 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pmkit.engine.figures import format_day, format_percent, is_above, join_words
from pmkit.engine.frozen import fast_constructor
from pmkit.engine.issues import Issue, Location
from pmkit.engine.model import TaskStatus, owner_key

__all__ = [
    "EMPTY_WORKLOAD",
    "OWNER_WEEK_DAYS",
    "Overload",
    "OwnerLoad",
    "OwnerWeekAction",
    "OwnerWeekTask",
    "Workload",
    "new_owner_week_task",
    "stretch_words",
    "work_missed",
]

OWNER_WEEK_DAYS = 5
"""Each owner's week's tasks cover this many working days after the status date."""


class OwnerWeekAction(StrEnum):
    """What an owner should do about a task in the coming working days."""

    OVERDUE = "overdue"  # past the day it was due and not done
    FINISH = "finish"  # forecast to finish within the next working days
    WORK = "work"  # worked on in the next working days, finishing later


@dataclass(frozen=True, slots=True)
class OwnerWeekTask:
    """One task in an owner's week (`OwnerLoad.week_tasks`).

    `due` is the date the owner is held to: the baseline finish, else the forecast
    finish (for an overdue task, the day it was due). `start` and `finish` are the
    forecast dates (None when the task cannot be scheduled). An overdue task that cannot
    start until a late task before it moves (`lateness.waiting_on`, as its finding says)
    has that task's id in `waiting_on` and its Owner in `waiting_owner` (None: it has
    none); both are None otherwise. `finish_at_earliest`: the forecast is unknown because
    work dated in the past is not done (`forecast_passed`), so `finish` is only the
    earliest the task can finish (moving that work on can only make it later).
    `percent_complete` is None when it cannot be read, `percent_unread_at` then its cell
    (`progress.unread_percents`): pmkit does not know how far the task is.
    """

    task_id: str
    name: str
    action: OwnerWeekAction
    due: date | None
    start: date | None
    finish: date | None
    critical: bool
    percent_complete: float | None
    status: TaskStatus | None
    location: Location
    waiting_on: str | None = None
    waiting_owner: str | None = None
    finish_at_earliest: bool = False
    percent_unread_at: Location | None = None

    def to_json(self) -> dict[str, Any]:
        waiting = self.waiting_on
        return {
            "task": self.task_id,
            "name": self.name,
            "action": self.action.value,
            "due": _iso(self.due),
            "start": _iso(self.start),
            "finish": _iso(self.finish),
            "finish_at_earliest": self.finish_at_earliest,
            "critical": self.critical,
            "percent_complete": self.percent_complete,
            "status": self.status.value if self.status else None,
            "cell": str(self.location),
            "waiting_on": None
            if waiting is None
            else {"task": waiting, "owner": self.waiting_owner},
        }


new_owner_week_task = fast_constructor(OwnerWeekTask)
"""`OwnerWeekTask(...)`, faster (`pmkit.engine.frozen`): a late plan's weeks hold thousands."""


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """One owner's weeks, aligned with `Workload.weeks`, and their week's tasks.

    `booked_days[k]` and `free_days[k]` are week k's booked working days and the days the
    owner is not off (see the module's measure); `on_team` says the name is on the Team
    sheet (else capacity is the default 100 % and there is no email).
    """

    name: str
    email: str | None
    capacity: float
    on_team: bool
    booked_days: tuple[int, ...]
    free_days: tuple[int, ...]
    week_tasks: tuple[OwnerWeekTask, ...]

    @property
    def key(self) -> str:
        return owner_key(self.name)

    def load(self, week: int) -> float | None:
        """Booked ÷ what they can give in week `week` (0 when nothing is booked); None when
        work is booked in a week they cannot give any time to."""
        booked = self.booked_days[week]
        if not booked:
            return 0.0
        giving = self.free_days[week] * self.capacity
        return booked / giving if giving > 0 else None

    def is_over(self, week: int) -> bool:
        """Over capacity in week `week`: the shown load is above 100 %, or work is booked
        when they cannot give any time."""
        load = self.load(week)
        return load is None or is_above(load, 1.0)

    def to_json(self, weeks: tuple[date, ...]) -> dict[str, Any]:
        return {
            "owner": self.name,
            "email": self.email,
            "capacity": self.capacity,
            "on_team": self.on_team,
            "weeks": [
                {
                    "week": monday.isoformat(),
                    "booked_days": self.booked_days[k],
                    "free_days": self.free_days[k],
                    "load": self.load(k),
                    "over": self.is_over(k),
                }
                for k, monday in enumerate(weeks)
            ],
            "week_tasks": [task.to_json() for task in self.week_tasks],
        }


@dataclass(frozen=True, slots=True)
class Overload:
    """A stretch of consecutive weeks an owner is booked over capacity, and its one
    `overloaded-owner` finding (`pmkit.engine.loads`).

    `weeks` are its Mondays; `peak_load` is the worst week's load (None: work booked in a
    week they cannot give any time to); `task_ids` the tasks booked in it, in plan order;
    `critical_ids` the critical ones booked within the next working days, which make it
    a warning.
    """

    owner: str
    weeks: tuple[date, ...]
    peak_week: date
    peak_load: float | None
    task_ids: tuple[str, ...]
    critical_ids: tuple[str, ...]
    finding: Issue

    @property
    def when(self) -> str:
        """`the week of Mon 13 Apr 2026`, `3 weeks from the week of Mon 13 Apr 2026`."""
        return stretch_words(self.weeks)

    @property
    def summary(self) -> str:
        """The stretch in a few words, for a finding that groups an owner's stretches:
        `the week of Mon 30 Mar 2026 at 133.3 % (task 30)`, `2 weeks from the week of
        Mon 11 May 2026, up to 200 % (tasks 31 and 32)`."""
        if self.peak_load is None:
            how = " with no time to give"
        elif len(self.weeks) == 1:
            how = f" at {format_percent(self.peak_load)}"
        else:
            how = f", up to {format_percent(self.peak_load)}"
        ids = self.task_ids
        tasks = (
            f"task {ids[0]}" if len(ids) == 1 else f"tasks {join_words(ids[:8], more=len(ids) - 8)}"
        )
        return f"{self.when}{how} ({tasks})"


def work_missed(missed_owners: Iterable[str] | None, name: str) -> bool:
    """Whether work that cannot be scheduled, which no booked week counts, is `name`'s —
    so their load is at least what is shown (`≥`) on the Workload and the People sheets
    alike. `missed_owners` owns that work (names matched as owners are, `owner_key`);
    None: whose it is not all known, so it may be anyone's."""
    return missed_owners is None or owner_key(name) in {owner_key(o) for o in missed_owners}


def stretch_words(mondays: Sequence[date]) -> str:
    """A stretch of weeks in words: `the week of Mon 13 Apr 2026`, `3 weeks from the week
    of Mon 13 Apr 2026`."""
    first = f"the week of {format_day(mondays[0])}"
    return first if len(mondays) == 1 else f"{len(mondays)} weeks from {first}"


@dataclass(frozen=True, slots=True)
class Workload:
    """Every owner's load per working week, from the week after the status date on.

    `weeks` are Mondays, from the first week with work booked to the last (empty when
    nothing is booked); `owner_week` is the first and last day of the owners' week's tasks
    (the next `OWNER_WEEK_DAYS` working days after the status date). `not_counted` is
    None when every task could be scheduled; otherwise it says which tasks could not, and
    which cells to fix (`2 tasks cannot be scheduled until Plan!E5 is fixed`): the loads
    miss their work, and `not_counted_owners` names their owners — all of them, unless
    `not_counted_owners_known` is False: some of that work is on rows the reader left out
    (no ID, a repeated ID), whose Owner is not known; the loads of those owners are at
    least what is shown (`at_least`). `overloads` are the stretches of weeks over
    capacity, each with its finding.
    """

    weeks: tuple[date, ...]
    owners: tuple[OwnerLoad, ...]
    owner_week: tuple[date, date] | None
    not_counted: str | None = None
    overloads: tuple[Overload, ...] = ()
    not_counted_owners: tuple[str, ...] = ()
    not_counted_owners_known: bool = True

    @property
    def missed_owners(self) -> tuple[str, ...] | None:
        """Whose work the loads miss (`not_counted_owners`; none when every task could be
        scheduled); None when that is not all known, so it may be anyone's."""
        if self.not_counted is None:
            return ()
        return self.not_counted_owners if self.not_counted_owners_known else None

    def at_least(self, owner: OwnerLoad) -> bool:
        """Whether `owner`'s loads are at least what is shown (`work_missed`): they own
        work that cannot be scheduled, or may."""
        return self.not_counted is not None and work_missed(self.missed_owners, owner.name)

    @property
    def partial(self) -> str | None:
        """`Workload partial: 2 tasks cannot be scheduled until Plan!E5 is fixed, so their
        work is not counted here`, or None when every task could be scheduled."""
        if self.not_counted is None:
            return None
        return f"Workload partial: {self.not_counted}, so their work is not counted here"

    def names(self) -> dict[str, str]:
        """Each owner's key (`model.owner_key`) → their name as shown: the Team sheet's
        spelling, else the Plan's first."""
        return {owner.key: owner.name for owner in self.owners}

    def owner(self, name: str) -> OwnerLoad | None:
        """The owner called `name` (capitals and spaces do not matter), if any."""
        key = owner_key(name)
        return next((owner for owner in self.owners if owner.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """The `workload` object of `pmkit schedule --format json` (docs/findings.md)."""
        return {
            "weeks": [monday.isoformat() for monday in self.weeks],
            "owner_week": [day.isoformat() for day in self.owner_week] if self.owner_week else None,
            "partial": self.partial,
            "owners": [
                {**owner.to_json(self.weeks), "at_least": self.at_least(owner)}
                for owner in self.owners
            ],
        }


EMPTY_WORKLOAD = Workload((), (), None)
"""The workload of a plan whose tasks have no owners (and of analyses built by hand)."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
