"""Who carries how much work, week by week, and what each owner has in hand this week.

`Analysis.workload` is a `Workload`: the working weeks of the forecast (Mondays) and, per
owner, the working days booked in each week against what they can give it, and their
"this week" list. `pmkit.engine.loads.compute_workload` fills it; the Workload sheet,
the JSON and the morning digest read it.

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
value, rounded to a whole percent, is above 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pmkit.engine.issues import Location
from pmkit.engine.model import TaskStatus, owner_key

__all__ = [
    "EMPTY_WORKLOAD",
    "THIS_WEEK_DAYS",
    "OwnerLoad",
    "ThisWeekAction",
    "ThisWeekItem",
    "Workload",
    "shown_percent",
]

THIS_WEEK_DAYS = 5
"""The "this week" list covers this many working days after the status date."""


def shown_percent(load: float) -> int:
    """A load as it is shown (a whole percent): comparisons are made on this value."""
    return round(load * 100)


class ThisWeekAction(StrEnum):
    """What an owner should do about a task this week."""

    OVERDUE = "overdue"  # past the day it was due and not done
    FINISH = "finish"  # forecast to finish within the next working days
    WORK = "work"  # worked on in the next working days, finishing later


@dataclass(frozen=True, slots=True)
class ThisWeekItem:
    """One task on an owner's "this week" list.

    `due` is the date the owner is held to: the baseline finish, else the forecast
    finish (for an overdue task, the day it was due). `start` and `finish` are the
    forecast dates (None when the task cannot be scheduled).
    """

    task_id: str
    name: str
    action: ThisWeekAction
    due: date | None
    start: date | None
    finish: date | None
    critical: bool
    percent_complete: float
    status: TaskStatus | None
    location: Location

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task_id,
            "name": self.name,
            "action": self.action.value,
            "due": _iso(self.due),
            "start": _iso(self.start),
            "finish": _iso(self.finish),
            "critical": self.critical,
            "percent_complete": self.percent_complete,
            "status": self.status.value if self.status else None,
            "cell": str(self.location),
        }


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """One owner's weeks, aligned with `Workload.weeks`, and their "this week" list.

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
    this_week: tuple[ThisWeekItem, ...]

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
        return load is None or shown_percent(load) > 100

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
            "this_week": [item.to_json() for item in self.this_week],
        }


@dataclass(frozen=True, slots=True)
class Workload:
    """Every owner's load per working week, from the week after the status date on.

    `weeks` are Mondays, from the first week with work booked to the last (empty when
    nothing is booked); `this_week` is the span of the "this week" lists (the next
    `THIS_WEEK_DAYS` working days after the status date). `partial` is None when every
    task could be scheduled; otherwise it says that the loads miss the work of the tasks
    that could not, and which cells to fix.
    """

    weeks: tuple[date, ...]
    owners: tuple[OwnerLoad, ...]
    this_week: tuple[date, date] | None
    partial: str | None = None

    def owner(self, name: str) -> OwnerLoad | None:
        """The owner called `name` (capitals and spaces do not matter), if any."""
        key = owner_key(name)
        return next((owner for owner in self.owners if owner.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """The `workload` object of `pmkit schedule --format json` (docs/findings.md)."""
        return {
            "weeks": [monday.isoformat() for monday in self.weeks],
            "this_week": [day.isoformat() for day in self.this_week] if self.this_week else None,
            "partial": self.partial,
            "owners": [owner.to_json(self.weeks) for owner in self.owners],
        }


EMPTY_WORKLOAD = Workload((), (), None)
"""The workload of a plan whose tasks have no owners (and of analyses built by hand)."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
