"""Slip and earned value: how far the plan has drifted from the baseline, in days and money.

Slip is counted in working days (positive = late). Earned value follows the standard
definitions (PMI, *Practice Standard for Earned Value Management*; Microsoft Project's
BCWS/BCWP/ACWP fields), with planned value spread evenly over each task's baseline
working days and the status date counted as worked (status is taken at the end of that
day). Earned schedule follows Walt Lipke, "Schedule is Different", *The Measurable News*,
March 2003: ES = C + (EV − PV_C) / (PV_C+1 − PV_C), SPI(t) = ES / AT, and the forecast
duration IEAC(t) = PD / SPI(t), all in working days.

Every figure is None when it cannot be computed: no baseline (nothing is invented), no
cost entered, or a division by zero.

A task with earned value whose Actual Cost is blank has an unknown cost, not a zero (a 0
typed in Actual Cost is a known zero). Cost performance — CV, CPI and what derives from
it (`COST_FIGURES`) — is measured on the work whose cost is known: CPI = Σ EV of the tasks
with an Actual Cost ÷ Σ their Actual Cost. When no task with earned value has one, those
figures are unknown (`EarnedValue.cost_unknown`, `NO_ACTUAL_COST` says why). AC stays the
sum of the costs entered; `EarnedValue.uncosted` names the tasks it leaves out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import reduce
from itertools import accumulate, compress
from operator import add, sub, truediv
from typing import Any, cast

from pmkit.engine.figures import half_up
from pmkit.engine.model import Plan
from pmkit.engine.workdays import WorkCalendar

__all__ = [
    "COST_FIGURES",
    "NO_ACTUAL_COST",
    "NO_EARNED_VALUE",
    "Baselines",
    "EarnedValue",
    "TaskEarnedValue",
    "WorkdayIndex",
    "agreed_start",
    "compute_earned_value",
    "counted_back",
    "earned_schedule",
    "earned_value_figures",
    "has_baseline",
    "missing_cost_words",
    "plan_baselines",
    "planned_as_scheduled",
    "project_baseline_finish",
    "slip_days",
    "task_earned_values",
]


class WorkdayIndex:
    """Dates as working-day counts on the plan's calendar, so differences are subtractions.

    `through(d)` is the number of working days up to and including `d` (it grows by one
    on each working day), and `on_or_after(d)` is the calendar's index of `d`, or of the
    next working day when `d` is not one. Working days from `a` to `b` inclusive are
    `through(b) - on_or_after(a)`; slip from baseline finish `b` to forecast finish `f` is
    `on_or_after(f) - on_or_after(b)` (`WorkCalendar.workdays_between`: Friday → Monday = 1).
    """

    __slots__ = ("calendar", "on_or_after", "through")

    on_or_after: Callable[[date], int]
    through: Callable[[date], int]

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        # the calendar's remembered answers (`WorkCalendar.on_or_after`), which the
        # scheduler has filled for the dates of the plan already
        self.on_or_after = calendar.on_or_after
        self.through = calendar.through

    def is_working(self, day: date) -> bool:
        return self.calendar.is_working(day)

    def count(self, first: date, last: date) -> int:
        """Working days from `first` to `last` inclusive (0 when `last` is before `first`)."""
        return max(self.through(last) - self.on_or_after(first), 0)


@dataclass(frozen=True, slots=True)
class Baselines:
    """Each task's baseline by Plan slot (`plan.tasks[slot]`), column by column: the Plan's
    Baseline column where it is filled, else the Baseline sheet's row of the same id."""

    start: Sequence[date | None]
    finish: Sequence[date | None]
    duration_days: Sequence[int | None]
    cost: Sequence[float | None]


def plan_baselines(plan: Plan) -> Baselines:
    """The baseline of every task of `plan` (`Baselines`): a column at a time, then the
    Baseline sheet's values where a Plan cell is blank."""
    tasks = plan.tasks
    start = [task.baseline_start for task in tasks]
    finish = [task.baseline_finish for task in tasks]
    duration = [task.baseline_duration_days for task in tasks]
    cost = [task.baseline_cost for task in tasks]
    snapshot = plan.baseline.by_id() if plan.baseline is not None else None
    if snapshot:
        for slot, task in enumerate(tasks):
            frozen = snapshot.get(task.id)
            if frozen is None:
                continue
            if start[slot] is None:
                start[slot] = frozen.start
            if finish[slot] is None:
                finish[slot] = frozen.finish
            if duration[slot] is None:
                duration[slot] = frozen.duration_days
            if cost[slot] is None:
                cost[slot] = frozen.cost
    return Baselines(start, finish, duration, cost)


def planned_as_scheduled(
    baselines: Baselines, starts: Sequence[date | None], finishes: Sequence[date | None]
) -> Baselines:
    """`baselines` for planned value: a task with no baseline finish (added since the
    baseline) is planned on its scheduled dates (`starts`, `finishes` by slot; None: not
    scheduled, no PV). Its budget counts in BAC and EV, so without PV of its own, work
    added and under way would read as the project running ahead (SPI above 1 at the end
    of a late project)."""
    if None not in baselines.finish:
        return baselines
    start, finish = list(baselines.start), list(baselines.finish)
    for slot in [slot for slot, day in enumerate(finish) if day is None]:
        start[slot], finish[slot] = starts[slot], finishes[slot]
    return replace(baselines, start=start, finish=finish)


def has_baseline(plan: Plan) -> bool:
    """True when the plan has a baseline: a baseline date (start or finish) in the Plan's
    Baseline columns or on the Baseline sheet.

    A Baseline Cost or Duration alone is not a baseline, nor is a Baseline sheet whose
    rows hold no dates: there is no agreed schedule to measure against.
    """
    if _snapshot_has_dates(plan):
        return True
    return any(t.baseline_finish is not None or t.baseline_start is not None for t in plan.tasks)


def _snapshot_has_dates(plan: Plan) -> bool:
    snapshot = plan.baseline
    return snapshot is not None and any(
        t.start is not None or t.finish is not None for t in snapshot.tasks
    )


def project_baseline_finish(plan: Plan) -> date | None:
    """The agreed finish: the latest baseline finish of the Plan rows and of the snapshot."""
    finishes = [t.baseline_finish for t in plan.tasks if t.baseline_finish is not None]
    if plan.baseline is not None:
        finishes.extend(t.finish for t in plan.baseline.tasks if t.finish is not None)
    return max(finishes, default=None)


def slip_days(
    index: WorkdayIndex, forecast_finish: date | None, baseline: date | None
) -> int | None:
    """Forecast finish minus baseline finish in working days (positive = late), or None."""
    if forecast_finish is None or baseline is None:
        return None
    return index.on_or_after(forecast_finish) - index.on_or_after(baseline)


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """Earned-value figures at the status date; money in the plan's currency, time in working days.

    `actual_time` (AT) and `planned_duration` (PD) are the earned-schedule inputs: working
    days from the baseline start to the status date and to the baseline finish.
    `uncosted` are the ids of the tasks with earned value and a blank Actual Cost, in plan
    order: `ac` leaves them out, and the cost figures (`COST_FIGURES`) are measured without
    them; `cost_unknown` is True when no task with earned value has an Actual Cost (those
    figures are then None).
    """

    bac: float | None = None
    pv: float | None = None
    ev: float | None = None
    ac: float | None = None
    sv: float | None = None
    cv: float | None = None
    spi: float | None = None
    cpi: float | None = None
    eac: float | None = None
    eac_atypical: float | None = None
    eac_combined: float | None = None
    etc: float | None = None
    vac: float | None = None
    tcpi: float | None = None
    earned_schedule: float | None = None
    spi_t: float | None = None
    forecast_duration: float | None = None
    actual_time: float | None = None
    planned_duration: float | None = None
    uncosted: tuple[str, ...] = ()
    cost_unknown: bool = False

    def why_unknown(self, name: str) -> str | None:
        """Why the figure named `name` (a field) is unknown when it is for want of an Actual
        Cost (`NO_ACTUAL_COST`: a cost figure when no work done has one), else None."""
        return NO_ACTUAL_COST if self.cost_unknown and name in COST_FIGURES else None

    def to_json(self) -> dict[str, float | None]:
        """The figures `pmkit schedule --format json` prints, flat in its project object
        (docs/command-line.md): every one but the earned-schedule inputs AT and PD (the
        tasks `ac` leaves out are the missing-actual-cost finding's)."""
        return {name: getattr(self, name) for name in _FIELD_NAMES if name not in _NOT_IN_JSON}


NO_EARNED_VALUE = EarnedValue()
"""Every figure unknown: the earned value of an analysis built by hand."""
_FIELD_NAMES = tuple(field.name for field in fields(EarnedValue))
_NOT_IN_JSON = frozenset({"actual_time", "planned_duration", "uncosted", "cost_unknown"})

COST_FIGURES = frozenset({"cv", "cpi", "eac", "eac_atypical", "eac_combined", "etc", "vac", "tcpi"})
"""The `EarnedValue` fields that measure cost performance: measured on the work whose
cost is known, unknown when none is (`EarnedValue.cost_unknown`)."""
NO_ACTUAL_COST = "no Actual Cost recorded for the work done; type what was spent in Actual Cost"
"""Why the cost figures are unknown when no task with earned value has an Actual Cost."""


def missing_cost_words(uncosted: Sequence[str]) -> str | None:
    """`3 tasks with work done have no Actual Cost`: what the shown AC leaves out
    (`EarnedValue.uncosted`), or None when it leaves out nothing.

    >>> missing_cost_words(("4",))
    '1 task with work done has no Actual Cost'
    """
    count = len(uncosted)
    if not count:
        return None
    if count == 1:
        return "1 task with work done has no Actual Cost"
    return f"{count:,} tasks with work done have no Actual Cost"


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def earned_value_figures(
    bac: float | None,
    pv: float | None,
    ev: float | None,
    ac: float | None,
    costed_ev: float | None = None,
) -> EarnedValue:
    """The standard figures from BAC, PV, EV and AC (PMBOK Guide; Microsoft Project fields).

    SV = EV − PV, CV = EV − AC, SPI = EV / PV, CPI = EV / AC, EAC = BAC / CPI,
    EAC (atypical) = AC + (BAC − EV), EAC (CPI × SPI) = AC + (BAC − EV) / (CPI · SPI),
    ETC = EAC − AC, VAC = BAC − EAC, TCPI = (BAC − EV) / (BAC − AC) — None once no work
    is left (BAC − EV shows as 0): there is no pace to keep (a finished project read −0.00).

    `costed_ev` is the EV of the tasks whose Actual Cost is recorded (default: all of
    `ev`): the cost figures (`COST_FIGURES`) take it for EV, so AC is set against the
    work it paid for (module docstring).

    >>> earned_value_figures(200.0, 125.0, 125.0, 150.0).tcpi
    1.5
    >>> earned_value_figures(200.0, 125.0, 125.0, 50.0, costed_ev=75.0).cpi
    1.5
    >>> earned_value_figures(200.0, 200.0, 200.0, 230.0).tcpi is None
    True
    """
    spi = _ratio(ev, pv)
    ev_cost = ev if costed_ev is None else costed_ev
    cpi = _ratio(ev_cost, ac)
    eac = _ratio(bac, cpi)
    remaining = _minus(bac, ev_cost)
    eac_atypical = None if ac is None or remaining is None else ac + remaining
    combined = _ratio(remaining, None if cpi is None or spi is None else cpi * spi)
    eac_combined = None if ac is None or combined is None else ac + combined
    return EarnedValue(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=_minus(ev, pv),
        cv=_minus(ev_cost, ac),
        spi=spi,
        cpi=cpi,
        eac=eac,
        eac_atypical=eac_atypical,
        eac_combined=eac_combined,
        etc=_minus(eac, ac),
        vac=_minus(bac, eac),
        tcpi=None if not half_up(remaining or 0.0) else _ratio(remaining, _minus(bac, ac)),
    )


def earned_schedule(cumulative_pv: Sequence[float], ev: float) -> float | None:
    """Lipke's earned schedule: the time at which the plan expected today's EV.

    `cumulative_pv[k]` is the planned value after k periods (`cumulative_pv[0]` = 0).
    ES = C + (EV − PV_C) / (PV_C+1 − PV_C) where C is the last period with PV_C ≤ EV.

    >>> earned_schedule([0, 10, 30, 60, 100], 45)
    2.5
    """
    if len(cumulative_pv) < 2:
        return None
    periods = len(cumulative_pv) - 1
    whole = bisect_right(cumulative_pv, ev) - 1  # C: the last k with PV_k <= EV
    if whole < 0:
        return 0.0
    # EV exactly on a plateau of equal PV values: credit the earliest period that reached it
    while whole > 0 and cumulative_pv[whole - 1] == ev:
        whole -= 1
    if whole >= periods:
        return float(periods)
    step = cumulative_pv[whole + 1] - cumulative_pv[whole]
    return whole + (ev - cumulative_pv[whole]) / step if step > 0 else float(whole)


def compute_earned_value(
    plan: Plan,
    index: WorkdayIndex,
    status_date: date,
    baselines: Baselines,
    done: Sequence[bool],
) -> EarnedValue:
    """Earned value of `plan` at the end of `status_date`, or only AC when there is no
    baseline (`earned_values` without the tasks' shares)."""
    return earned_values(plan, index, status_date, baselines, done)[0]


def task_earned_values(
    plan: Plan,
    index: WorkdayIndex,
    status_date: date,
    baselines: Baselines,
    done: Sequence[bool],
) -> TaskEarnedValue:
    """Each task's PV and EV at the end of `status_date` (`TaskEarnedValue`), as
    `earned_values` adds them up: where the project's SPI and CPI come from."""
    return earned_values(plan, index, status_date, baselines, done)[1]()


def earned_values(
    plan: Plan,
    index: WorkdayIndex,
    status_date: date,
    baselines: Baselines,
    done: Sequence[bool],
) -> tuple[EarnedValue, Callable[[], TaskEarnedValue]]:
    """Earned value of `plan` at the end of `status_date`, or only AC when there is no
    baseline; and each task's share of it (`TaskEarnedValue`), made when asked for from
    the same columns (the low-spi and low-cpi findings ask only when they are made).

    `baselines` are the tasks' baselines (`plan_baselines`), `done` their `Task.is_done`
    (`model.done_flags`), by slot. BAC = Σ baseline
    cost, else budget; PV spreads each baseline cost evenly over the task's baseline
    working days (a task with no baseline dates contributes no PV here: `analyze` first
    plans work added since the baseline on its scheduled dates, `planned_as_scheduled`);
    EV = Σ (baseline cost, else budget) × % complete; AC = Σ actual cost. The cost figures
    set AC against the EV of the tasks with an Actual Cost (module docstring).

    Every pass is a column at a time (a comprehension reading one attribute, which
    CPython 3.11 runs faster than `map(attrgetter(...))`; `map`, `compress`), and every
    sum adds its terms in plan order, one at a time (`reduce`), as a loop over the tasks
    would: the figures are the same to the last bit on every Python version.
    """
    status = index.through(status_date)
    tasks = plan.tasks
    actual_costs = [task.actual_cost for task in tasks]
    costs_seen = actual_costs.count(None) < len(actual_costs)
    ac = sum(filter(None, actual_costs), 0.0)
    planned = _task_values(plan, baselines)
    columns: list[Sequence[Any]] = [
        planned,
        done,
        [task.percent_complete for task in tasks],
        baselines.start,
        baselines.finish,
        baselines.duration_days,
        actual_costs,
        range(len(tasks)),
    ]
    if None in planned:  # only the tasks with a value count
        has_value = [value is not None for value in planned]
        columns = [list(compress(column, has_value)) for column in columns]
    values, dones, percents, base_starts, base_finishes, base_durations, costs, slots = columns
    any_planned = bool(values)
    bac = sum(values, 0.0)
    # a baseline date on some task (or on the Baseline sheet) is a baseline
    baselined = _snapshot_has_dates(plan) or any(
        start is not None or finish is not None
        for start, finish in zip(base_starts, base_finishes, strict=True)
    )
    # a task with no share adds nothing (not even a zero)
    earning = _earning(dones, percents)
    shares = _earned(
        compress(values, earning), compress(dones, earning), compress(percents, earning)
    )
    ev = reduce(add, shares, 0.0)
    # the work whose cost is known: a blank Actual Cost is unknown, a typed 0 a known zero
    share_costs = list(compress(costs, earning))
    costed_ev, uncosted = ev, ()
    if None in share_costs:  # some work done has no Actual Cost (few plans: the slow way)
        share_slots = compress(slots, earning)
        costed_ev = reduce(
            add, [v for v, cost in zip(shares, share_costs, strict=True) if cost is not None], 0.0
        )
        uncosted = tuple(
            tasks[slot].id
            for slot, v, cost in zip(share_slots, shares, share_costs, strict=True)
            if v > 0 and cost is None
        )
    spread = _spread(index, values, base_starts, base_finishes, base_durations)
    by_now: list[float] = []
    pv = None
    if spread is not None:
        by_now = _planned_by(spread, status)
        pv = reduce(add, by_now, 0.0)

    def by_task() -> TaskEarnedValue:
        earned: list[float | None] = [None] * len(tasks)
        planned_now: list[float | None] = [None] * len(tasks)
        for slot in slots:  # a task with a value has earned 0 at least
            earned[slot] = 0.0
        for slot, share in zip(compress(slots, earning), shares, strict=True):
            earned[slot] = share
        spread_slots = (slot for slot, end in zip(slots, base_finishes, strict=True) if end)
        for slot, value in zip(spread_slots, by_now, strict=False):
            planned_now[slot] = value
        return TaskEarnedValue(planned_now, earned)

    actual = ac if costs_seen else None
    if not baselined or not any_planned:
        return EarnedValue(ac=actual), by_task
    figures = earned_value_figures(bac, pv, ev, actual, costed_ev)
    if uncosted:
        # no task with earned value has a cost: cost performance is unknown, not measured
        # on the spending of tasks that earned nothing
        unknown = len(uncosted) == sum(1 for value in shares if value > 0)
        blank: dict[str, Any] = dict.fromkeys(COST_FIGURES) if unknown else {}
        figures = replace(figures, uncosted=uncosted, cost_unknown=unknown, **blank)
    if spread is None:
        return figures, by_task
    return _with_earned_schedule(figures, spread, status, ev), by_task


_Spread = tuple[list[float], list[int], list[int], list[int]]
"""The baseline cost of the tasks with a baseline finish over their baseline working days,
column by column: (cost, first, finish, days), where the task works days first+1 .. finish
(working-day indices: `WorkdayIndex.through`) and days = finish - first is at least 1."""


def _task_values(plan: Plan, baselines: Baselines) -> list[float | None]:
    """The value each task is measured against, by slot: its baseline cost, else its
    budget (read only when some baseline cost is missing); None: neither."""
    planned: list[float | None] = list(baselines.cost)
    if None in planned:
        planned = [
            cost if cost is not None else budget
            for cost, budget in zip(planned, [task.budget for task in plan.tasks], strict=True)
        ]
    return planned


def _earning(dones: Iterable[bool], percents: Iterable[float]) -> list[bool]:
    """Which tasks have earned something: done, or a % Complete above 0."""
    return [finished or percent > 0.0 for finished, percent in zip(dones, percents, strict=True)]


def _earned(
    values: Iterable[float], dones: Iterable[bool], percents: Iterable[float]
) -> list[float]:
    """What each earning task (`_earning`) has earned: all of its value when done, else
    its share complete (held between 0 and 1)."""
    return [
        value if finished else value * (percent if percent < 1.0 else 1.0)
        for value, finished, percent in zip(values, dones, percents, strict=True)
    ]


def _planned_by(spread: _Spread, status: int) -> list[float]:
    """Each spread task's planned value by the end of working day `status` (an index,
    `WorkdayIndex.through`): all of it once its baseline finish is past, else its share
    so far."""
    return [
        value if status >= finish else value * (status - first) / days if status > first else 0.0
        for value, first, finish, days in zip(*spread, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class TaskEarnedValue:
    """Each task's share of the earned value at the status date, by slot (`plan.tasks`):
    `planned` its planned value by then (PV; None when it has no baseline finish to
    spread it to), `earned` its earned value (EV; None when it has neither Baseline
    Cost nor Budget), as `compute_earned_value` adds them up; what it spent is its
    `Task.actual_cost`."""

    planned: Sequence[float | None]
    earned: Sequence[float | None]


def _spread(
    index: WorkdayIndex,
    values: Sequence[float],
    base_starts: Sequence[date | None],
    base_finishes: Sequence[date | None],
    base_durations: Sequence[int | None],
) -> _Spread | None:
    """Each valued task's baseline working days (`_Spread`), or None when no task has a
    baseline finish. The dates become indices a column at a time (the calendar's
    remembered answers); only tasks with no (usable) Baseline Start take a slower path."""
    if None in base_finishes:  # only the tasks with a baseline finish are spread
        has_finish = [finish is not None for finish in base_finishes]
        if not any(has_finish):
            return None
        values = list(compress(values, has_finish))
        base_starts = list(compress(base_starts, has_finish))
        base_finishes = list(compress(base_finishes, has_finish))
        base_durations = list(compress(base_durations, has_finish))
    if not base_finishes:
        return None
    dated = cast("Sequence[date]", base_finishes)  # none is None (above)
    finishes: list[int] = list(map(index.through, dated))
    days: list[int] = []
    if None not in base_starts:
        firsts = list(map(index.on_or_after, cast("Sequence[date]", base_starts)))
        days = list(map(sub, finishes, firsts))
    # a Baseline Start after the Baseline Finish leaves no working day in between (its
    # index is at least the finish's), and so does a weekend milestone: only then is the
    # slower rule below needed
    if not days or min(days) <= 0:
        # working days before the baseline start; with no (usable) Baseline Start, count
        # back the baseline duration
        on_or_after = index.on_or_after
        firsts = [
            counted_back(finish, duration)
            if start is None or start > base_finish
            else on_or_after(start)
            for start, base_finish, finish, duration in zip(
                base_starts, dated, finishes, base_durations, strict=True
            )
        ]
        days = list(map(sub, finishes, firsts))
        if min(days) <= 0:
            # no working day in between (a milestone on a weekend): due on the day before
            firsts = [
                first if length > 0 else finish - 1
                for first, finish, length in zip(firsts, finishes, days, strict=True)
            ]
            days = [length if length > 0 else 1 for length in days]
    return list(values), firsts, finishes, days


def counted_back(finish: int, duration_days: int | None) -> int:
    """Where the baseline working days of a task with no (usable) Baseline Start begin:
    its Baseline Duration (at least one day) counted back from its baseline finish.
    `finish` is the finish's `WorkdayIndex.through`; the task works days first+1 ..
    finish (`_Spread`), the first of them the calendar's working day of index `first`."""
    return finish - max(duration_days or 1, 1)


def agreed_start(index: WorkdayIndex, finish: date, duration_days: int) -> date:
    """The first working day of a task agreed to finish on `finish` after `duration_days`
    working days, when no Baseline Start says when it was to begin: counted back as
    planned value counts it (`counted_back`)."""
    return index.calendar.date_at(counted_back(index.through(finish), duration_days))


def _with_earned_schedule(
    figures: EarnedValue, spread: _Spread, status: int, ev: float
) -> EarnedValue:
    """Add ES, SPI(t) and the forecast duration, in working days from the baseline start."""
    values, firsts, finishes, days = spread
    origin = min(firsts)
    periods = max(finishes) - origin  # every task's first + days is its finish
    # planned value earned on each working day, then its running total (difference array);
    # each day's rate adds its terms in plan order, as one loop over the tasks would
    rate = [0.0] * (periods + 1)
    for first, finish, per_day in zip(firsts, finishes, map(truediv, values, days), strict=True):
        rate[first - origin] += per_day
        rate[finish - origin] -= per_day
    daily = list(accumulate(rate[:periods]))
    cumulative = [0.0, *accumulate(daily)]
    actual_time = float(status - origin)
    es = earned_schedule(cumulative, ev)
    spi_t = _ratio(es, actual_time) if actual_time > 0 else None
    return replace(
        figures,
        earned_schedule=es,
        spi_t=spi_t,
        forecast_duration=_ratio(float(periods), spi_t),
        actual_time=actual_time,
        planned_duration=float(periods),
    )
