"""Many plans at a glance: each plan's latest night, its slip trend, and people across plans.

Whoever looks after several clients' plans reads one *portfolio*: a line per plan
(`PlanLine`: its latest night's figures, the trend of its slip over its last nights, and
whether tonight's run reached it) and a line per person booked in the plans
(`PersonAcrossPlans`). The nightly job fills these from its history (`sheets_sync`);
`pmkit.outputs.portfolio` lays them out. Standard library only.

**The slip trend** is the project slip on each of the plan's last `TREND_NIGHTS` run
nights, oldest first, drawn as a row of blocks that reads the same in Google Sheets and
Excel (`▁▂▄█`: the lowest bar is 0 or the lowest slip, whichever is lower; the highest
bar the highest slip, or 0), and the change from the first known to the last known value.

**A person's load across plans.** People are matched by name across plans with
`pmkit.engine.model.owner_key` (capitals and spaces ignored) and named as most plans
spell them (`_spelling`). Each plan's Team sheet
gives the share of their week that plan has (its Capacity, 100 % when blank). For a week:

    load = Σ booked days (every plan) ÷ (their working days × min(whole week, Σ shares))

* *booked days*: each plan's working days booked for them that week
  (`pmkit.engine.workload`), added up;
* *working days*: the fewest working days any plan booking them that week counts for
  them (its work week less its holidays and the days off on its Team sheet), so a day off
  written on one client's Team sheet counts for all;
* *shares*: the Capacity of every plan they are in, added up and capped at their whole
  week — 100 %, or a team's largest Capacity in any plan (a vendor giving 300 % is three
  people's weeks): two plans giving 50 % each are their whole week, two giving 100 %
  each are still one week (the load then shows they are booked twice over), 20 % + 20 %
  is two days of a five-day week — the rest is work the plans do not see.

With no time to give in a week that has work booked (off all week, or every share 0 %),
the load is unknown (`None`) and over capacity, as in one plan's Workload.

**Partial bookings.** A plan with tasks that cannot be scheduled books nothing for them
(`PlanNight.bookings_partial` says which, and why; `partial_owners` whose they are): a
person owning such a task has a load of *at least* what is shown
(`PersonAcrossPlans.partial_plans`); the others that plan books are counted whole. When
whose they are is not all known (`PlanNight.missed_owners` is None: a row the plan's
reader left out, or a night an older pmkit recorded), they may be anyone's, and everyone
that plan books has a load of at least what is shown. That is one rule with a plan's own
Workload (`pmkit.engine.workload.work_missed`). Someone whose work there is all not
counted, and whom nothing books in the weeks shown, is listed too: their load cannot be
known (`PersonAcrossPlans.load_known`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from pmkit.engine.figures import working_days
from pmkit.engine.model import owner_key
from pmkit.engine.workload import work_missed

__all__ = [
    "PORTFOLIO_WEEKS",
    "SPARK_BLOCKS",
    "TREND_NIGHTS",
    "BookedWeek",
    "Outcome",
    "PersonAcrossPlans",
    "PlanBooking",
    "PlanLine",
    "PlanNight",
    "SlipTrend",
    "people_across_plans",
]

PORTFOLIO_WEEKS = 26
"""Weeks of people's load the portfolio shows (and the history keeps): half a year."""
TREND_NIGHTS = 7
"""How many of a plan's last run nights its slip trend shows."""
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
"""The eight heights of a trend's bars (Unicode block elements: every font draws them)."""
NO_VALUE = "·"
"""A night whose slip was unknown (a task could not be scheduled, or no baseline)."""


class Outcome(StrEnum):
    """What tonight's run did with a plan."""

    SYNCED = "synced"
    FAILED = "failed"
    REFUSED = "refused"  # writing would have replaced something of the owner's
    SKIPPED = "skipped"  # open in Excel: picked up the next night
    NOT_RUN = "not run"  # its config entry could not be listed tonight
    MISSING = "missing"  # its folder was listed tonight, without it


@dataclass(frozen=True, slots=True)
class PlanNight:
    """One plan's figures on one night, as the history keeps them (None: not known).

    `status_reasons` say why the status is what it is; `problems` counts the findings
    that need a decision (errors and warnings, one per problem); `first_action` is the
    first line of the plan's "This week" list; `link` where the plan is (a Google Sheets
    URL or a workbook's path).
    """

    run_date: date
    status: str | None
    status_reasons: tuple[str, ...]
    baseline_finish: date | None
    forecast_finish: date | None
    slip: int | None
    forecast_unknown: str | None
    spi: float | None
    cpi: float | None
    unapproved_growth: float | None  # share of working days, unapproved
    approved_growth: float | None  # share of working days, approved
    problems: int
    errors: int
    first_action: str | None = None
    slip_tolerance_days: int = 0
    scope_threshold: float = 0.1
    link: str | None = None
    bookings_partial: str | None = None
    """Which tasks cannot be scheduled, so that the owners' booked weeks miss their work
    (`2 tasks cannot be scheduled until Plan!E5 is fixed`); None: every task counted."""
    partial_owners: tuple[str, ...] = ()
    """The owners of the tasks `bookings_partial` counts (a task with a blank Owner books
    no one's days, scheduled or not)."""
    partial_owners_known: bool | None = True
    """False: some of those tasks are on rows whose owner is not known (rows the plan's
    reader left out); None: the night was recorded before pmkit noted it."""
    bookings_known: bool = True
    """False: the night was recorded by an older pmkit, which did not note the work its
    bookings miss; they may be partial (`maybe_partial`), and whose is not known."""
    unapproved_growth_at_least: bool = False
    """A change's Duration could not be read: `unapproved_growth` is a minimum."""
    approved_growth_at_least: bool = False
    """An approved change's Duration could not be read: `approved_growth` is a minimum."""
    late_at_least: int | None = None
    """While `slip` is unknown: how late the project is at least (its agreed finish passed
    that many working days before the status date with work not done)."""

    @property
    def maybe_partial(self) -> bool:
        """The owners' booked weeks may miss work: said so, or not known."""
        return self.bookings_partial is not None or not self.bookings_known

    @property
    def missed_owners(self) -> tuple[str, ...] | None:
        """Whose work the booked weeks miss (`partial_owners`); None when that is not all
        known, so the work may be anyone's."""
        if self.bookings_known and self.partial_owners_known is True:
            return self.partial_owners
        return None


@dataclass(frozen=True, slots=True)
class SlipTrend:
    """A plan's slip on its last run nights, oldest first (None: unknown that night)."""

    slips: tuple[int | None, ...]

    @property
    def known(self) -> list[int]:
        return [slip for slip in self.slips if slip is not None]

    @property
    def blocks(self) -> str:
        """`▁▂▂▄▅▇█`: a bar per night, `·` where the slip was unknown; '' with no night."""
        known = self.known
        if not known:
            return NO_VALUE * len(self.slips)
        low, high = min(0, *known), max(0, *known)
        top = len(SPARK_BLOCKS) - 1
        bars = []
        for slip in self.slips:
            if slip is None:
                bars.append(NO_VALUE)
            elif high == low:
                bars.append(SPARK_BLOCKS[0])
            else:
                bars.append(SPARK_BLOCKS[round((slip - low) / (high - low) * top)])
        return "".join(bars)

    @property
    def change(self) -> int | None:
        """Last known slip − first known slip (None with fewer than two known nights)."""
        known = self.known
        return known[-1] - known[0] if len(known) >= 2 else None

    def words(self) -> str:
        """`6 working days worse`, `2 working days better`, `no change`, or why not known."""
        if len(self.slips) <= 1:
            return "first night" if self.slips else "no nights yet"
        change = self.change
        if change is None:
            return "not known"
        if change > 0:
            return f"{working_days(change)} worse"
        if change < 0:
            return f"{working_days(-change)} better"
        return "no change"


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One plan in the portfolio: its latest night (None: it never ran), the trend up to
    it, and tonight's outcome. `stale` when the latest night is before tonight."""

    name: str
    night: PlanNight | None
    trend: SlipTrend
    outcome: Outcome
    message: str | None = None
    stale: bool = False
    link: str | None = None

    @property
    def rank(self) -> tuple[int, bool, int, str]:
        """Worst first: Red, Amber, no status or no figures, Green; then a forecast that
        cannot be known (it may be later than any: never ranked as on time), then the
        most slip (a plan with no baseline has none to rank by)."""
        night = self.night
        status = night.status if night else None
        order = {"Red": 0, "Amber": 1, None: 2, "Green": 3}.get(status, 2)
        unknown = night is not None and night.forecast_unknown is not None
        slip = night.slip if night and night.slip is not None else 0
        return order, not unknown, -slip, self.name.casefold()


@dataclass(frozen=True, slots=True)
class BookedWeek:
    """One person in one plan, one week: working days booked, and the days they have."""

    monday: date
    booked_days: int
    free_days: int


@dataclass(frozen=True, slots=True)
class PlanBooking:
    """One person as one plan sees them: their share of the week there, and their weeks
    with work booked."""

    plan: str
    owner: str
    capacity: float
    weeks: tuple[BookedWeek, ...]


@dataclass(frozen=True, slots=True)
class PersonAcrossPlans:
    """One person across every plan naming them, on the weeks of `people_across_plans`.

    `booked_days[k]` and `free_days[k]` are week k's booked days (all plans) and working
    days (the fewest any plan booking them counts; 0 when none books them); `share` is
    their shares added up, capped at their whole week (1, or a team's largest share);
    `by_plan` each plan's booked days per week; `partial_plans` the plans whose bookings
    may miss some of their work (they own a task there that cannot be scheduled, or are
    booked there and whose those tasks are is not all known, `work_missed`): their load
    is then at least what is shown. Someone who owns such work and has nothing booked in
    these weeks is listed all the same (`load_known` False), with no `share` when no plan
    books them at all.
    """

    name: str
    plans: tuple[str, ...]
    share: float | None
    booked_days: tuple[int, ...]
    free_days: tuple[int, ...]
    by_plan: tuple[tuple[str, tuple[int, ...]], ...]
    partial_plans: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return owner_key(self.name)

    @property
    def load_known(self) -> bool:
        """False: nothing is booked for them in these weeks, and work of theirs cannot be
        scheduled yet (`partial_plans`): how loaded they are cannot be known."""
        return any(self.booked_days) or not self.partial_plans

    def load(self, week: int) -> float | None:
        """Booked ÷ what they can give in week `week` (0 when nothing is booked); None when
        work is booked and they have no time to give."""
        booked = self.booked_days[week]
        if not booked:
            return 0.0
        giving = self.free_days[week] * (self.share or 0.0)
        return booked / giving if giving > 0 else None


def people_across_plans(
    bookings: Iterable[PlanBooking],
    first_week: date,
    max_weeks: int,
    partial: Mapping[str, Iterable[str] | None] | None = None,
) -> tuple[tuple[date, ...], tuple[PersonAcrossPlans, ...]]:
    """The weeks (Mondays from the first with work booked in or after `first_week`'s,
    through the last booked, at most `max_weeks`) and every person booked in them, most
    plans first, then by name; then everyone who owns work that cannot be scheduled and
    has nothing booked in those weeks, whose load cannot be known (`load_known`).
    `partial` maps each plan whose bookings are partial to the owners of the work it
    cannot book (`PlanNight.missed_owners`; None: not all known, so it may be the work
    of anyone it books)."""
    missed = {
        plan: None if owners is None else tuple(owners) for plan, owners in (partial or {}).items()
    }
    monday = first_week - timedelta(days=first_week.weekday())
    grouped: dict[str, list[PlanBooking]] = {}
    for booking in bookings:
        grouped.setdefault(owner_key(booking.owner), []).append(booking)
    booked = [
        week.monday
        for found in grouped.values()
        for booking in found
        for week in booking.weeks
        if week.booked_days and week.monday >= monday
    ]
    mondays: tuple[date, ...] = ()
    if booked:
        start, last = min(booked), max(booked)
        count = min(max_weeks, (last - start).days // 7 + 1)
        mondays = tuple(start + timedelta(days=7 * k) for k in range(count))
    position = {monday: k for k, monday in enumerate(mondays)}
    people = []
    unknown = []
    for found in grouped.values():
        person = _person(found, position, len(mondays))
        person = replace(person, partial_plans=_partial_plans(person, missed))
        if any(person.booked_days):
            people.append(person)
        elif person.partial_plans:
            unknown.append(person)
    named = {person.key for person in (*people, *unknown)}
    owners = {owner_key(name): name for names in missed.values() for name in names or ()}
    blank = (0,) * len(mondays)
    for key, name in owners.items():
        if key not in named:  # no plan books them any day: their work is all not counted
            person = PersonAcrossPlans(name, (), None, blank, blank, ())
            unknown.append(replace(person, partial_plans=_partial_plans(person, missed)))
    people.sort(key=lambda p: (-len(p.plans), p.name.casefold()))
    unknown.sort(key=lambda p: p.name.casefold())
    return mondays, (*people, *unknown)


def _partial_plans(
    person: PersonAcrossPlans, missed: Mapping[str, tuple[str, ...] | None]
) -> tuple[str, ...]:
    """The plans whose bookings may miss `person`'s work (`work_missed`); work whose owner
    is not known may be that of anyone the plan books."""
    return tuple(
        sorted(
            (
                plan
                for plan, owners in missed.items()
                if (owners is not None or plan in person.plans) and work_missed(owners, person.name)
            ),
            key=str.casefold,
        )
    )


def _person(
    bookings: Sequence[PlanBooking], position: dict[date, int], count: int
) -> PersonAcrossPlans:
    bookings = sorted(bookings, key=lambda booking: booking.plan.casefold())
    booked = [0] * count
    free: list[int | None] = [None] * count
    by_plan: dict[str, list[int]] = {}
    for booking in bookings:
        days = by_plan.setdefault(booking.plan, [0] * count)
        for week in booking.weeks:
            k = position.get(week.monday)
            if k is None or not week.booked_days:
                continue
            days[k] += week.booked_days
            booked[k] += week.booked_days
            earlier = free[k]
            free[k] = week.free_days if earlier is None else min(earlier, week.free_days)
    capacities = [booking.capacity for booking in _one_per_plan(bookings)]
    # Their whole week: one person's, or the largest team a plan says they give (300 %).
    share = min(max(1.0, *capacities), sum(capacities))
    plans = tuple(sorted(by_plan, key=str.casefold))
    return PersonAcrossPlans(
        name=_spelling(bookings),
        plans=plans,
        share=share,
        booked_days=tuple(booked),
        free_days=tuple(0 if days is None else days for days in free),
        by_plan=tuple((plan, tuple(by_plan[plan])) for plan in plans),
    )


def _spelling(bookings: Sequence[PlanBooking]) -> str:
    """How to write a person's name: as most plans write it; on a tie, a spelling with
    capitals and small letters (`Dana Reyes`, not `dana reyes` or `DANA REYES`), then
    the first plan's (by name)."""
    names = [booking.owner for booking in bookings]
    counts = Counter(names)
    return max(
        names,
        key=lambda name: (counts[name], name != name.lower() and name != name.upper()),
    )


def _one_per_plan(bookings: Sequence[PlanBooking]) -> list[PlanBooking]:
    """A person's bookings, one per plan (a plan names each person once; kept safe)."""
    seen: dict[str, PlanBooking] = {}
    for booking in bookings:
        seen.setdefault(booking.plan, booking)
    return list(seen.values())
