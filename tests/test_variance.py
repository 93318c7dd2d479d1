"""Slip in working days, baselines from columns or the snapshot, and "no baseline" honesty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.analysis import analyze
from pmkit.engine.model import (
    BaselineSnapshot,
    BaselineTask,
    Plan,
    Settings,
    Task,
    TaskStatus,
    done_flags,
)
from pmkit.engine.variance import (
    WorkdayIndex,
    compute_earned_value,
    has_baseline,
    plan_baselines,
    project_baseline_finish,
    slip_days,
)
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, plan_of, task
from tests.strategies import plans

CALENDAR = WorkCalendar(frozenset(range(5)), [date(2026, 3, 10)])


@pytest.mark.parametrize(
    ("forecast", "baseline", "slip"),
    [
        pytest.param(date(2026, 3, 6), date(2026, 3, 6), 0, id="on-time"),
        pytest.param(date(2026, 3, 9), date(2026, 3, 6), 1, id="friday-to-monday-is-one"),
        pytest.param(date(2026, 3, 11), date(2026, 3, 9), 1, id="holiday-not-counted"),
        pytest.param(date(2026, 3, 5), date(2026, 3, 9), -2, id="early-is-negative"),
        pytest.param(date(2026, 3, 9), date(2026, 3, 7), 0, id="saturday-baseline-is-monday"),
        pytest.param(None, date(2026, 3, 9), None, id="unscheduled"),
        pytest.param(date(2026, 3, 9), None, None, id="no-baseline"),
    ],
)
def test_slip_days(forecast: date | None, baseline: date | None, slip: int | None) -> None:
    """Slip counts working days like WorkCalendar.workdays_between; None when a date is missing."""
    assert slip_days(WorkdayIndex(CALENDAR), forecast, baseline) == slip


@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.dates(date(2020, 1, 1), date(2030, 12, 31))
)
def test_index_agrees_with_the_calendar(first: date, last: date) -> None:
    """WorkdayIndex counts and differences equal the calendar's own (any two dates)."""
    index = WorkdayIndex(CALENDAR)
    assert slip_days(index, last, first) == CALENDAR.workdays_between(first, last)
    expected = CALENDAR.count_workdays(first, last) if first <= last else 0
    assert index.count(first, last) == expected


def test_baseline_columns_win_over_the_snapshot() -> None:
    """Each baseline figure comes from the Plan's Baseline column, else from the snapshot."""
    frozen = BaselineTask("1", "A", 5, date(2026, 3, 2), date(2026, 3, 6), 500.0)
    plan = plan_of(task("1", 5, baseline_finish=date(2026, 3, 9)), task("2", 3))
    base = plan_baselines(replace(plan, baseline=BaselineSnapshot(MONDAY, (frozen,))))
    assert base.finish == [date(2026, 3, 9), None]
    assert base.start == [date(2026, 3, 2), None]
    assert base.cost == [500.0, None]
    assert base.duration_days == [5, None]


def test_project_baseline_finish_includes_removed_tasks() -> None:
    """The agreed finish is the latest baseline finish, removed tasks' included."""
    plan = plan_of(task("1", 2, baseline_finish=date(2026, 3, 3)))
    snapshot = BaselineSnapshot(
        MONDAY, (BaselineTask("9", "Gone", 1, None, date(2026, 3, 20), None),)
    )
    assert project_baseline_finish(plan) == date(2026, 3, 3)
    assert project_baseline_finish(replace(plan, baseline=snapshot)) == date(2026, 3, 20)
    assert has_baseline(replace(plan, baseline=snapshot))
    assert not has_baseline(plan_of("A:1"))


def test_no_baseline_invents_nothing() -> None:
    """Without a baseline only AC (a fact) is reported; every value figure is None."""
    plan = plan_of(task("1", 3, budget=300.0, percent_complete=0.5, actual_cost=120.0))
    status = date(2026, 3, 3)
    baselines = plan_baselines(plan)
    result = compute_earned_value(
        plan, WorkdayIndex(CALENDAR), status, baselines, done_flags(plan.tasks)
    )
    assert result.ac == 120.0
    for name in ("bac", "pv", "ev", "sv", "cv", "spi", "cpi", "eac", "tcpi", "earned_schedule"):
        assert getattr(result, name) is None, name


def test_no_cost_entered_leaves_money_figures_empty() -> None:
    """A baselined plan with no costs at all has dates but no money figures."""
    plan = plan_of(task("1", 3, baseline_start=MONDAY, baseline_finish=date(2026, 3, 4)))
    baselines = plan_baselines(plan)
    result = compute_earned_value(
        plan, WorkdayIndex(CALENDAR), date(2026, 3, 3), baselines, done_flags(plan.tasks)
    )
    assert result.bac is None
    assert result.ac is None
    assert result.pv is None


def test_pv_before_start_and_after_finish() -> None:
    """PV is 0 before the baseline start and the whole cost from the baseline finish on."""
    row = task(
        "1", 2, budget=200.0, baseline_start=date(2026, 3, 4), baseline_finish=date(2026, 3, 5)
    )
    plan = plan_of(row)
    baselines = plan_baselines(plan)
    index = WorkdayIndex(CALENDAR)
    assert (
        compute_earned_value(plan, index, date(2026, 3, 3), baselines, done_flags(plan.tasks)).pv
        == 0.0
    )
    assert (
        compute_earned_value(plan, index, date(2026, 3, 4), baselines, done_flags(plan.tasks)).pv
        == 100.0
    )
    assert (
        compute_earned_value(plan, index, date(2026, 3, 5), baselines, done_flags(plan.tasks)).pv
        == 200.0
    )
    assert (
        compute_earned_value(plan, index, date(2026, 4, 1), baselines, done_flags(plan.tasks)).pv
        == 200.0
    )


def test_pv_without_baseline_start_counts_back_the_baseline_duration() -> None:
    """With only Baseline Finish and Baseline Duration, the spread ends on the finish."""
    row = task("1", 4, budget=400.0, baseline_finish=date(2026, 3, 5), baseline_duration_days=4)
    plan = plan_of(row)
    baselines = plan_baselines(plan)
    pv = compute_earned_value(
        plan, WorkdayIndex(CALENDAR), date(2026, 3, 3), baselines, done_flags(plan.tasks)
    ).pv
    assert pv == pytest.approx(200.0)


def test_status_done_earns_the_whole_budget() -> None:
    """A task marked Done earns its whole budget even when % Complete was left blank."""
    row = task("1", 2, budget=100.0, status=TaskStatus.DONE, baseline_finish=MONDAY)
    plan = plan_of(row)
    baselines = plan_baselines(plan)
    assert (
        compute_earned_value(
            plan, WorkdayIndex(CALENDAR), MONDAY, baselines, done_flags(plan.tasks)
        ).ev
        == 100.0
    )


def test_added_task_counts_in_bac_and_ev_but_not_pv() -> None:
    """A task added after the baseline has no baseline dates: its budget is in BAC, not in PV."""
    plan = plan_of(
        task("1", 1, budget=100.0, baseline_start=MONDAY, baseline_finish=MONDAY),
        task("2", 1, budget=50.0, percent_complete=1.0),
    )
    baselines = plan_baselines(plan)
    result = compute_earned_value(
        plan, WorkdayIndex(CALENDAR), date(2026, 3, 9), baselines, done_flags(plan.tasks)
    )
    assert result.bac == 150.0
    assert result.pv == 100.0
    assert result.ev == 50.0


def _late_plan() -> Plan:
    tasks = (
        Task(
            "1",
            "Design",
            3,
            row=2,
            owner="Ann",
            actual_start=MONDAY,
            percent_complete=0.5,
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 4),
            baseline_cost=300.0,
            budget=300.0,
            actual_cost=200.0,
        ),
        task(
            "2",
            2,
            "1",
            owner="Bob",
            budget=200.0,
            baseline_start=date(2026, 3, 5),
            baseline_finish=date(2026, 3, 6),
            baseline_cost=200.0,
        ),
    )
    return Plan("late", tasks, settings=Settings(status_date=date(2026, 3, 4)))


def test_analyze_fills_slip_per_task_and_for_the_project() -> None:
    """Forecast past the status date, slip per task and for the project, in working days."""
    result = analyze(_late_plan())
    design, build = result.tasks["1"], result.tasks["2"]
    assert design.baseline_finish == date(2026, 3, 4)
    assert design.forecast_finish == date(2026, 3, 6)
    assert design.slip == 2
    assert build.slip == 2
    assert result.summary.baseline_finish == date(2026, 3, 6)
    assert result.summary.forecast_finish == date(2026, 3, 10)
    assert result.summary.slip == 2


def test_analyze_project_earned_value() -> None:
    """The summary carries the earned-value figures of the plan at its status date."""
    summary = analyze(_late_plan()).summary.earned_value
    assert summary.bac == 500.0
    assert summary.pv == pytest.approx(300.0)
    assert summary.ev == pytest.approx(150.0)
    assert summary.ac == 200.0
    assert summary.spi == pytest.approx(0.5)
    assert summary.cpi == pytest.approx(0.75)
    assert summary.earned_schedule == pytest.approx(1.5)
    assert summary.spi_t == pytest.approx(0.5)
    assert summary.forecast_duration == pytest.approx(10.0)


def _baselined_on_itself(plan: Plan, costs: list[float]) -> Plan:
    """The plan with its own pure-logic schedule frozen as the baseline, and a budget each."""
    pure = analyze(replace(plan, settings=replace(plan.settings, move_unfinished_work=False)))
    tasks = []
    for t, cost in zip(plan.tasks, costs, strict=False):
        row = pure.tasks[t.id]
        tasks.append(
            replace(
                t,
                budget=cost,
                baseline_cost=cost,
                baseline_start=row.early_start,
                baseline_finish=row.early_finish,
                baseline_duration_days=t.duration_days,
            )
        )
    return replace(plan, tasks=tuple(tasks))


@settings(max_examples=40, deadline=None)
@given(
    plans(max_tasks=10, deadlines=True, actuals=True),
    st.lists(st.floats(0, 10_000, allow_nan=False), min_size=10, max_size=10),
    st.integers(-10, 60),
)
def test_figures_stay_in_range_on_any_plan(plan: Plan, costs: list[float], offset: int) -> None:
    """On any plan: PV between 0 and BAC, ES between 0 and the planned duration, a colour."""
    baselined = _baselined_on_itself(plan, costs)
    status = MONDAY + timedelta(days=offset)
    summary = analyze(baselined, status).summary
    assert summary.status in {"Green", "Amber", "Red"}
    earned = summary.earned_value
    if earned.bac is not None and earned.pv is not None:
        assert -1e-6 <= earned.pv <= earned.bac + 1e-6
    if earned.earned_schedule is not None:
        planned = earned.planned_duration
        assert planned is not None
        assert -1e-9 <= earned.earned_schedule <= planned + 1e-9
    for check in summary.health:
        if check.value is not None and check.name not in {
            "Critical path length index",
            "Critical path test",
        }:
            assert 0.0 <= check.value <= 1.0 or check.name == "Baseline execution index"


@settings(max_examples=30, deadline=None)
@given(plans(max_tasks=10))
def test_a_plan_measured_against_itself_has_no_slip(plan: Plan) -> None:
    """Baselined on its own schedule and untouched, every task and the project slip 0 days."""
    baselined = _baselined_on_itself(plan, [100.0] * len(plan.tasks))
    result = analyze(baselined)
    assert result.summary.slip in {0, None}
    assert all(row.slip in {0, None} for row in result.tasks)
    assert result.summary.scope_growth_days in {0.0, None}


@settings(max_examples=30, deadline=None)
@given(plans(max_tasks=8), st.integers(0, 40), st.integers(0, 40))
def test_pv_never_falls_as_time_passes(plan: Plan, first: int, second: int) -> None:
    """Planned value at a later status date is never below an earlier one."""
    baselined = _baselined_on_itself(plan, [100.0] * len(plan.tasks))
    early, late = sorted((first, second))
    pv_early = analyze(baselined, MONDAY + timedelta(days=early)).summary.earned_value.pv or 0.0
    pv_late = analyze(baselined, MONDAY + timedelta(days=late)).summary.earned_value.pv or 0.0
    assert pv_late >= pv_early - 1e-9
