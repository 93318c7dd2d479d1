"""The column-at-a-time passes agree with the plain per-task rule, bit for bit.

Earned value, scope and the progress scan read a column at a time and skip what a column
says cannot apply (`pmkit.engine.variance`, `scope`, `progress`). Each test here writes
the rule the straightforward way — one loop over the tasks, as the docstrings state it —
and checks the fast pass gives exactly the same answer on odd plans: blank and reversed
baseline dates, weekend milestones, missing costs, shares above 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.analysis import task_days
from pmkit.engine.days import TaskDays
from pmkit.engine.issues import Code
from pmkit.engine.model import (
    BaselineSnapshot,
    BaselineTask,
    ChangeRequest,
    Decision,
    Plan,
    Settings,
    Task,
    TaskStatus,
    done_flags,
)
from pmkit.engine.progress import (
    Mark,
    ProgressWords,
    TaskProgress,
    is_stalled,
    last_sign_of_life,
    scan_progress,
)
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.scope import ChangeKind, ScopeChange, find_scope_changes
from pmkit.engine.variance import (
    COST_FIGURES,
    EarnedValue,
    WorkdayIndex,
    compute_earned_value,
    earned_schedule,
    earned_value_figures,
    has_baseline,
    plan_baselines,
)
from pmkit.engine.workdays import WorkCalendar
from tests.strategies import plans

MONDAY = date(2026, 3, 2)
CALENDAR = WorkCalendar(frozenset(range(5)), [date(2026, 3, 11)])

days_in = st.integers(-10, 60).map(lambda offset: MONDAY + timedelta(days=offset))
maybe_day = st.none() | days_in
money = st.none() | st.sampled_from([0.0, 0.1, 100.0, 333.3, 1e6, 7.77])


@st.composite
def odd_tasks(draw: st.DrawFn, number: int) -> Task:
    """A task whose baseline and progress columns may be blank, reversed or out of range."""
    return Task(
        id=str(number),
        name=f"Task {number}",
        duration_days=draw(st.none() | st.integers(0, 12)),
        percent_complete=draw(st.sampled_from([0.0, -0.5, 0.25, 0.5, 1.0, 1.5])),
        actual_finish=draw(st.none() | st.just(MONDAY)),
        status=draw(st.none() | st.sampled_from(list(TaskStatus))),
        budget=draw(money),
        actual_cost=draw(money),
        baseline_start=draw(maybe_day),
        baseline_finish=draw(maybe_day),
        baseline_duration_days=draw(st.none() | st.integers(-1, 12)),
        baseline_cost=draw(money),
        change_request=draw(st.sampled_from([None, "CR-1", "CR-2", "CR-9", ""])),
    )


@st.composite
def odd_plans(draw: st.DrawFn) -> Plan:
    count = draw(st.integers(0, 12))
    tasks = tuple(draw(odd_tasks(number)) for number in range(1, count + 1))
    snapshot = None
    if draw(st.booleans()):
        rows = tuple(
            BaselineTask(str(n), f"Old {n}", 3, draw(maybe_day), draw(maybe_day), draw(money))
            for n in draw(st.lists(st.integers(1, 15), max_size=6, unique=True))
        )
        snapshot = BaselineSnapshot(MONDAY, rows)
    changes = (
        ChangeRequest("CR-1", decision=Decision.APPROVED),
        ChangeRequest("CR-2", decision=Decision.PENDING),
    )
    return Plan(
        "odd", tasks, settings=Settings(status_date=MONDAY), baseline=snapshot, changes=changes
    )


def earned_value_task_by_task(
    plan: Plan, index: WorkdayIndex, status_date: date, done: Sequence[bool]
) -> EarnedValue:
    """Earned value with one loop over the tasks (`compute_earned_value`'s docstring)."""
    baselines = plan_baselines(plan)
    status = index.through(status_date)
    costs = [task.actual_cost for task in plan.tasks]
    ac = sum(filter(None, costs), 0.0) if costs.count(None) < len(costs) else None
    bac = ev = pv = costed_ev = 0.0
    uncosted: list[str] = []
    earning = 0  # tasks with earned value
    valued = False
    baselined = plan.baseline is not None and any(
        row.start is not None or row.finish is not None for row in plan.baseline.tasks
    )
    spreads: list[tuple[int, int, float]] = []
    for slot, task in enumerate(plan.tasks):
        value = baselines.cost[slot] if baselines.cost[slot] is not None else task.budget
        if value is None:
            continue
        valued = True
        bac += value
        start, finish_day = baselines.start[slot], baselines.finish[slot]
        baselined = baselined or start is not None or finish_day is not None
        earned = None
        if done[slot]:
            earned = value
        elif task.percent_complete > 0.0:
            earned = value * min(task.percent_complete, 1.0)
        if earned is not None:
            ev += earned
            if task.actual_cost is not None:  # a cost known, a typed 0 included
                costed_ev += earned
            elif earned > 0:
                uncosted.append(task.id)
            earning += earned > 0
        if finish_day is None:
            continue
        finish = index.through(finish_day)
        if start is None or start > finish_day:
            first = finish - max(baselines.duration_days[slot] or 1, 1)
        else:
            first = index.on_or_after(start)
        if finish - first <= 0:
            first = finish - 1
        days = finish - first
        spreads.append((first, days, value))
        if status >= finish:
            pv += value
        elif status > first:
            pv += value * (status - first) / days
    if not baselined or not valued:
        return EarnedValue(ac=ac)
    figures = earned_value_figures(bac, pv if spreads else None, ev, ac, costed_ev)
    if uncosted:
        unknown = len(uncosted) == earning  # no task with earned value has a cost
        blank: dict[str, Any] = dict.fromkeys(COST_FIGURES) if unknown else {}
        figures = replace(figures, uncosted=tuple(uncosted), cost_unknown=unknown, **blank)
    if not spreads:
        return figures
    origin = min(first for first, _, _ in spreads)
    periods = max(first + days for first, days, _ in spreads) - origin
    rate = [0.0] * (periods + 1)
    for first, days, value in spreads:
        rate[first - origin] += value / days
        rate[first - origin + days] -= value / days
    cumulative, total, running = [0.0], 0.0, 0.0
    for step in rate[:periods]:
        running += step
        total += running
        cumulative.append(total)
    es = earned_schedule(cumulative, ev)
    actual_time = float(status - origin)
    spi_t = es / actual_time if es is not None and actual_time > 0 else None
    return replace(
        figures,
        earned_schedule=es,
        spi_t=spi_t,
        forecast_duration=periods / spi_t if spi_t else None,
        actual_time=actual_time,
        planned_duration=float(periods),
    )


@settings(max_examples=150, deadline=None)
@given(odd_plans(), days_in)
def test_earned_value_equals_the_task_by_task_rule(plan: Plan, status: date) -> None:
    """compute_earned_value gives exactly the figures of one loop over the tasks."""
    index = WorkdayIndex(CALENDAR)
    done = done_flags(plan.tasks)
    fast = compute_earned_value(plan, index, status, plan_baselines(plan), done)
    assert fast == earned_value_task_by_task(plan, index, status, done)


def scope_task_by_task(plan: Plan, index: WorkdayIndex) -> tuple[object, ...]:
    """Scope growth with one loop over the tasks (`find_scope_changes`'s docstring): the
    changes, the baseline's days and cost, the growth figures and the unknown requests."""
    baselines = plan_baselines(plan)
    snapshot = plan.baseline.by_id() if plan.baseline is not None else None
    decisions = {change.id: change.decision for change in plan.changes}
    unknown = [t.id for t in plan.tasks if t.change_request not in (None, *decisions)]
    if not has_baseline(plan):
        return [], 0, 0.0, (None, None, None, None), unknown
    changes, base_days, base_cost = [], 0, 0.0
    extra = {True: [0, 0.0], False: [0, 0.0]}
    for slot, task in enumerate(plan.tasks):
        start, finish = baselines.start[slot], baselines.finish[slot]
        base, cost = baselines.duration_days[slot], baselines.cost[slot]
        decision = decisions.get(task.change_request) if task.change_request is not None else None
        listed = task.id in snapshot if snapshot else finish is not None or base is not None
        duration = task.duration_days or 0
        if not listed:
            kind, days, money = ChangeKind.ADDED, duration, task.budget or 0.0
        else:
            if base is None:
                base = duration if start is None or finish is None else index.count(start, finish)
            base_days += base
            base_cost += cost or 0.0
            days = max(duration - base, 0)
            money = 0.0
            if task.budget is not None and cost is not None and task.budget > cost:
                money = task.budget - cost
            if days == 0 and money == 0:
                continue
            kind = ChangeKind.GROWN
        approved = decision is Decision.APPROVED
        extra[approved][0] += days
        extra[approved][1] += money
        request = task.change_request
        changes.append(
            ScopeChange(
                task.id,
                task.name,
                kind,
                approved,
                request,
                days,
                money,
                task.row,
                decision,
                days_unknown=task.duration_days is None,  # days nobody knows: counted as 0
            )
        )
    present = {task.id for task in plan.tasks}
    for row in (snapshot or {}).values():
        if row.id not in present:
            base_days += row.duration_days or 0
            base_cost += row.cost or 0.0
            days, money = -(row.duration_days or 0), -(row.cost or 0.0)
            changes.append(
                ScopeChange(row.id, row.name, ChangeKind.REMOVED, False, None, days, money, row.row)
            )
    growth = tuple(
        value / total if total > 0 else None
        for approved in (False, True)
        for value, total in zip(extra[approved], (base_days, base_cost), strict=True)
    )
    return changes, base_days, base_cost, growth, unknown


@settings(max_examples=150, deadline=None)
@given(odd_plans())
def test_scope_equals_the_task_by_task_rule(plan: Plan) -> None:
    """find_scope_changes finds exactly the changes and growth of one loop over the tasks."""
    index = WorkdayIndex(CALENDAR)
    fast = find_scope_changes(plan, plan_baselines(plan), index)
    changes, days, cost, growth, unknown = scope_task_by_task(plan, index)
    assert list(fast.changes) == changes
    assert (fast.baseline_days, fast.baseline_cost) == (days, cost) or not has_baseline(plan)
    figures = (fast.growth_days, fast.growth_cost)
    assert (*figures, fast.approved_growth_days, fast.approved_growth_cost) == growth
    assert [issue.task_id for issue in fast.issues] == unknown
    assert all(issue.code is Code.UNKNOWN_CHANGE_REQUEST for issue in fast.issues)


@st.composite
def progressed_plans(draw: st.DrawFn) -> tuple[Plan, date, dict[str, date] | None]:
    """A scheduled plan with baselines, owners (some blank), updates and progress."""
    plan = draw(plans(max_tasks=10, deadlines=True, actuals=True))
    tasks = []
    for task in plan.tasks:
        tasks.append(
            replace(
                task,
                owner=draw(st.sampled_from([None, "", "  ", "Sam", "Ann"])),
                last_update=draw(maybe_day),
                status=draw(st.none() | st.sampled_from(list(TaskStatus))),
                percent_complete=draw(st.sampled_from([0.0, 0.5, 1.0])),
                baseline_finish=draw(maybe_day),
                duration_days=task.duration_days if draw(st.integers(0, 9)) else None,
            )
        )
    history = draw(st.none() | st.dictionaries(st.sampled_from(["1", "2", "3"]), days_in))
    return replace(plan, tasks=tuple(tasks)), draw(days_in), history


def scan_task_by_task(
    plan: Plan, days: TaskDays, index: WorkdayIndex, status: date, history: dict[str, date] | None
) -> tuple[dict[str, TaskProgress], dict[int, Mark], list[int], list[int]]:
    """The progress flags with one loop over the tasks, each rule as docs/findings.md says."""
    settings = plan.settings
    progress, marks, slipping, deadlines = {}, {}, [], []
    for slot, task in enumerate(plan.tasks):
        finish, slip = days.forecast_finish[slot], days.slip[slot]
        ends = finish  # unfinished, it cannot finish before the status date
        if finish is not None and not days.done[slot]:
            ends = max(finish, index.on_or_after(status))
        missed = bool(task.deadline and ends is not None and ends >= index.through(task.deadline))
        if days.done[slot]:
            flags, ownerless, since = TaskProgress(deadline_missed=missed), False, None
        else:
            base, total_float = days.baseline_finish[slot], days.total_float[slot]
            since = last_sign_of_life(task, history)
            overdue = (
                base < status
                if base is not None
                else finish is not None and finish < index.on_or_after(status)
            )
            flags = TaskProgress(
                slip is not None and slip > settings.slip_tolerance_days,
                overdue,
                missed,
                total_float is not None and total_float < 0,
                is_stalled(task, status, settings.stalled_after_days, since),
            )
            ownerless = not (task.owner or "").strip()
        if any(flags):
            progress[task.id] = flags
            slipping += [slot] if flags.slipping else []
            deadlines += [slot] if missed else []
        if any(flags) or ownerless:
            marks[slot] = (flags, ownerless, since)
    return progress, marks, slipping, deadlines


@settings(max_examples=150, deadline=None)
@given(progressed_plans())
def test_progress_scan_equals_the_task_by_task_rule(
    case: tuple[Plan, date, dict[str, date] | None],
) -> None:
    """scan_progress raises exactly the flags of one loop over the tasks."""
    plan, status, history = case
    index = WorkdayIndex(CALENDAR)
    schedule = compute_schedule(plan, CALENDAR, status)
    days = task_days(schedule, plan_baselines(plan), index)
    scan = scan_progress(plan, days, index, status, history)
    expected = scan_task_by_task(plan, days, index, status, history)
    assert (scan.progress, scan.marks, scan.slipping, scan.deadlines) == expected


@settings(max_examples=100, deadline=None)
@given(progressed_plans())
def test_progress_words_read_from_days_equal_those_read_from_rows(
    case: tuple[Plan, date, dict[str, date] | None],
) -> None:
    """Worded from the schedule's lists (`days`), a finding reads as from the task's row."""
    plan, status, history = case
    index = WorkdayIndex(CALENDAR)
    days = task_days(compute_schedule(plan, CALENDAR, status), plan_baselines(plan), index)
    rows = [days.row(slot, task) for slot, task in enumerate(plan.tasks)]
    by_rows = ProgressWords(plan, rows, index, status)
    by_days = ProgressWords(plan, rows, index, status, days=days)
    assert [by_days.figures(slot) for slot in range(len(rows))] == [
        by_rows.figures(slot) for slot in range(len(rows))
    ]
    marks = scan_progress(plan, days, index, status, history).marks.items()
    assert by_days.issues(marks) == by_rows.issues(marks)
