"""The workload: booked days per owner and week against what they can give, hand-checked.

Every plan here works Mon–Fri from Mon 2 Mar 2026 with the forecast on; the status date
is Fri 27 Feb, so the first working day after it is Mon 2 Mar unless a test says
otherwise. Week of 2 Mar = Mon 2 … Fri 6; week of 9 Mar = Mon 9 … Fri 13.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from pmkit import read_plan
from pmkit.engine.analysis import analyze, task_days
from pmkit.engine.booking import book_tasks, live_slots, week_starts
from pmkit.engine.days import TaskDays
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.loads import compute_workload
from pmkit.engine.model import DaysOff, Plan, Task, TaskStatus, TeamMember, owner_key
from pmkit.engine.progress import scan_progress
from pmkit.engine.results import Analysis
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.variance import WorkdayIndex, plan_baselines
from pmkit.engine.workdays import WorkCalendar
from pmkit.engine.workload import OwnerLoad, OwnerWeekAction
from pmkit.outputs.workload import week_task_sentence
from pmkit.template.regenerate import write_sample
from pmkit.template.sample import FEATURE_TASKS
from tests.builders import MONDAY, plan_of, task
from tests.strategies import staffed_plans

FRIDAY_BEFORE = date(2026, 2, 27)
WEEK_1, WEEK_2, WEEK_3 = date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)
COLUMNS = {"id": 1, "name": 2, "owner": 3, "duration_days": 4, "predecessors": 5}


def owned(task_id: str, duration: int | None, owner: str = "Sam", **fields: Any) -> Task:
    return task(task_id, duration, fields.pop("after", ""), owner=owner, **fields)


def staffed(
    *tasks: Task,
    team: tuple[TeamMember, ...] = (),
    status: date = FRIDAY_BEFORE,
    **settings: Any,
) -> Plan:
    plan = plan_of(*tasks, status=status, forecast=True, **settings)
    return replace(plan, team=team, columns=COLUMNS)


def sam(analysis: Analysis, name: str = "Sam") -> OwnerLoad:
    found = analysis.workload.owner(name)
    assert found is not None
    return found


def loads(owner: OwnerLoad) -> list[float | None]:
    return [owner.load(week) for week in range(len(owner.booked_days))]


def overloads(analysis: Analysis) -> list[Issue]:
    """The per-stretch overloaded-owner findings (the details of the grouped ones)."""
    return [issue for issue in analysis.cell_issues() if issue.code is Code.OVERLOADED_OWNER]


# -- the arithmetic -------------------------------------------------------------------------


def test_a_task_spanning_two_weeks_books_its_days_in_each() -> None:
    """An 8-day task from Mon 2 Mar books 5 days in its first week and 3 in its second."""
    analysis = analyze(staffed(owned("A", 8)))
    assert analysis.workload.weeks == (WEEK_1, WEEK_2)
    assert sam(analysis).booked_days == (5, 3)
    assert loads(sam(analysis)) == [1.0, 0.6]


def test_overlapping_tasks_add_up() -> None:
    """Three tasks in the same week (3 + 2 + 2 days) book 7 of 5 days: 140 %."""
    analysis = analyze(staffed(owned("A", 3), owned("B", 2), owned("C", 2)))
    assert sam(analysis).booked_days == (7,)
    assert loads(sam(analysis)) == [pytest.approx(1.4)]


def test_a_holiday_is_neither_booked_nor_free() -> None:
    """Wed 4 Mar off: a 5-day task runs Mon, Tue, Thu, Fri and Mon 9; the first week
    gives 4 days and books 4 (100 %), the second books 1 of 5 (20 %)."""
    analysis = analyze(staffed(owned("A", 5), holidays=[date(2026, 3, 4)]))
    owner = sam(analysis)
    assert (owner.booked_days, owner.free_days) == ((4, 1), (4, 5))
    assert loads(owner) == [1.0, 0.2]


def test_days_off_shrink_what_the_owner_can_give_not_what_is_booked() -> None:
    """Sam off Thu 5 and Fri 6: the 5-day task still books 5 days (the schedule assumes
    someone works them) against 3 free: 166.7 %, over capacity."""
    team = (TeamMember("Sam", days_off=(DaysOff(date(2026, 3, 5), date(2026, 3, 6)),)),)
    analysis = analyze(staffed(owned("A", 5), team=team))
    owner = sam(analysis)
    assert (owner.booked_days, owner.free_days) == ((5,), (3,))
    assert owner.is_over(0)
    [finding] = overloads(analysis)
    assert "is booked 166.7 % in the week of Mon 2 Mar 2026 (2 working days off)" in (
        finding.message
    )


def test_half_capacity_doubles_the_load() -> None:
    """At 50 % capacity a full week's task is 200 % of what Sam can give."""
    analysis = analyze(staffed(owned("A", 5), team=(TeamMember("Sam", capacity=0.5),)))
    assert loads(sam(analysis)) == [2.0]
    [finding] = overloads(analysis)
    assert "(capacity 50 %)" in finding.message


def test_done_tasks_carry_no_load() -> None:
    """A task marked Done books nothing, wherever the schedule puts it."""
    analysis = analyze(staffed(owned("A", 5, status=TaskStatus.DONE), owned("B", 2)))
    assert sam(analysis).booked_days == (2,)


def test_a_started_task_books_only_what_is_left_after_the_status_date() -> None:
    """Status Wed 4 Mar, a 5-day task started Mon 2 and 40 % done: 3 days are left, Thu 5,
    Fri 6 and Mon 9; the first week gives only Thu and Fri (100 %), the next 1 of 5."""
    started = owned("A", 5, actual_start=MONDAY, percent_complete=0.4)
    analysis = analyze(staffed(started, status=date(2026, 3, 4)))
    owner = sam(analysis)
    assert (owner.booked_days, owner.free_days) == ((2, 1), (2, 5))


def test_work_booked_while_away_all_week_has_no_load_figure_and_is_over() -> None:
    """Off the whole week with 3 days of work: no figure (nothing to divide by), over."""
    team = (TeamMember("Sam", days_off=(DaysOff(WEEK_1, date(2026, 3, 6)),)),)
    analysis = analyze(staffed(owned("A", 3), team=team))
    owner = sam(analysis)
    assert owner.load(0) is None
    assert owner.is_over(0)
    [finding] = overloads(analysis)
    assert "has work booked in the week of Mon 2 Mar 2026 but no time to give" in finding.message


def test_milestones_book_nothing() -> None:
    """A milestone is a checkpoint: no working days booked."""
    analysis = analyze(staffed(owned("A", 2), owned("M", 0, after="A")))
    assert sam(analysis).booked_days == (2,)


def test_unscheduled_tasks_leave_the_workload_partial() -> None:
    """A task with no duration cannot be scheduled: the others still count, and the
    workload says it is partial and what to fix."""
    analysis = analyze(staffed(owned("A", 3), owned("B", None)))
    assert sam(analysis).booked_days == (3,)
    partial = analysis.workload.partial
    assert partial is not None
    assert partial.startswith("Workload partial: 1 task cannot be scheduled until Plan!D3")


def test_names_match_whatever_their_capitals_and_spaces() -> None:
    """`sam  PATEL` on the Plan is Sam Patel of the Team sheet: one owner, her capacity."""
    team = (TeamMember("Sam Patel", capacity=0.5),)
    analysis = analyze(
        staffed(owned("A", 2, owner="sam  PATEL"), owned("B", 2, owner="Sam Patel"), team=team)
    )
    [owner] = analysis.workload.owners
    assert (owner.name, owner.booked_days, owner.capacity) == ("Sam Patel", (4,), 0.5)


def test_owners_come_in_team_order_then_as_the_plan_names_them() -> None:
    """Team sheet order first (everyone on it, busy or not), then the others."""
    team = (TeamMember("Zoe"), TeamMember("Sam"))
    analysis = analyze(staffed(owned("A", 2, owner="Ann"), owned("B", 2), team=team))
    assert [owner.name for owner in analysis.workload.owners] == ["Zoe", "Sam", "Ann"]
    assert [owner.on_team for owner in analysis.workload.owners] == [True, True, False]


# -- one finding per overload -------------------------------------------------------------------


def test_an_overload_is_one_finding_whatever_the_number_of_tasks() -> None:
    """Three tasks overlapping in one week: one finding naming all three."""
    analysis = analyze(staffed(owned("A", 3), owned("B", 2), owned("C", 2)))
    [finding] = overloads(analysis)
    assert finding.message == (
        "Sam is booked 140 % in the week of Mon 2 Mar 2026: tasks A, B and C overlap"
    )
    assert (finding.task_id, str(finding.location)) == ("A", "Plan!C2")


def test_a_task_that_ends_the_week_before_is_not_in_the_overload() -> None:
    """A task finishing on the Friday before an overloaded week is not named in it, nor is
    one starting the Monday after it; the two tasks in it are."""
    analysis = analyze(
        staffed(
            owned("A", 5),
            owned("B", 5, after="A"),
            owned("C", 5, after="A"),
            owned("D", 5, after="B, C"),
        )
    )
    assert [overload.task_ids for overload in analysis.workload.overloads] == [("B", "C")]


def test_consecutive_weeks_over_capacity_are_one_finding() -> None:
    """Two 10-day tasks side by side: 200 % for two weeks, one finding with its peak."""
    analysis = analyze(staffed(owned("A", 10), owned("B", 10)))
    [finding] = overloads(analysis)
    assert finding.message == (
        "Sam is booked over capacity for 2 weeks from the week of Mon 2 Mar 2026, up to "
        "200 % in the week of Mon 2 Mar 2026: tasks A and B overlap"
    )


def test_separate_stretches_are_one_finding_with_a_detail_each() -> None:
    """Over in week 1, fine in week 2, over in week 3: a finding per stretch, grouped into
    one finding about the person (one root cause) with a reason per stretch."""
    later = date(2026, 3, 16)
    analysis = analyze(
        staffed(
            owned("A", 5),
            owned("B", 5),
            owned("C", 5, start_no_earlier_than=later),
            owned("D", 5, start_no_earlier_than=later),
        )
    )
    assert [f.message.split(":")[0] for f in overloads(analysis)] == [
        "Sam is booked 200 % in the week of Mon 2 Mar 2026",
        "Sam is booked 200 % in the week of Mon 16 Mar 2026",
    ]
    [grouped] = [f for f in analysis.issues if f.code is Code.OVERLOADED_OWNER]
    assert grouped.message == (
        "Sam is over capacity in 2 stretches of weeks: the week of Mon 2 Mar 2026 at 200 % "
        "(tasks A and B); the week of Mon 16 Mar 2026 at 200 % (tasks C and D)"
    )
    assert len(grouped.reasons) == 2
    assert list(grouped.details) == overloads(analysis)


@pytest.mark.parametrize(
    ("critical", "starts", "severity"),
    [
        pytest.param(True, MONDAY, Severity.WARNING, id="critical-and-soon"),
        pytest.param(False, MONDAY, Severity.INFO, id="soon-but-not-critical"),
        pytest.param(True, date(2026, 3, 23), Severity.INFO, id="critical-but-later"),
    ],
)
def test_an_overload_is_a_warning_only_when_critical_work_is_at_stake_soon(
    critical: bool, starts: date, severity: Severity
) -> None:
    """Warning when it starts within 10 working days and books a critical task in them."""
    # X (Tom's, 30 days) is the critical path unless Sam's pair sits on it (after X's start)
    tail = "P" if critical else ""
    tasks = [
        owned("P", 5, start_no_earlier_than=starts),
        owned("Q", 5, start_no_earlier_than=starts),
        owned("X", 2 if critical else 30, owner="Tom"),
    ]
    if critical:
        tasks.append(owned("Z", 1, owner="Tom", after=tail))
    analysis = analyze(staffed(*tasks))
    [finding] = overloads(analysis)
    assert analysis.tasks["P"].critical is critical
    assert finding.severity is severity


# -- each owner's week --------------------------------------------------------------------


def test_an_overload_soon_on_critical_work_is_on_the_this_week_list() -> None:
    """A warning overload is an action for the owner: free up time in that week, because
    the critical task booked in it moves the finish if it waits."""
    tasks = [owned("P", 5, name="Pack"), owned("Q", 5), owned("X", 2, owner="Tom")]
    tasks.append(owned("Z", 1, owner="Tom", after="P"))
    analysis = analyze(staffed(*tasks))
    [action] = [a for a in analysis.this_week if a.finding.code is Code.OVERLOADED_OWNER]
    assert (action.who, str(action.where)) == ("Sam", "Plan!C2")
    assert action.what == (
        "Free up time in the week of Mon 2 Mar 2026: hand part of tasks P and Q to someone "
        "else, or move what can wait"
    )
    assert action.why == (
        "They are booked 200 % of what they can give in the week of Mon 2 Mar 2026, and "
        "task P “Pack” is on the critical path: the finish moves if it waits."
    )


def test_an_overload_is_not_folded_into_its_first_tasks_finding() -> None:
    """The overload stands at the Owner cell of its first task, which is also late: two
    findings, one about the task and one about the person."""
    status = date(2026, 3, 4)
    tasks = (
        owned("A", 5, baseline_start=date(2026, 2, 23), baseline_finish=date(2026, 2, 27)),
        owned("B", 5),
    )
    analysis = analyze(staffed(*tasks, status=status))
    codes = sorted(issue.code.value for issue in analysis.issues if issue.task_id == "A")
    assert "overloaded-owner" in codes
    assert len(codes) == 2


def test_owners_week_lists_overdue_first_then_by_finish() -> None:
    """Status Wed 4 Mar: two overdue tasks (the longest overdue first), then what finishes
    in the next five working days, then what is worked on and finishes later."""
    status = date(2026, 3, 4)
    tasks = (
        owned("LONG", 10),
        owned("SOON", 2),
        owned("LATE2", 3, baseline_finish=date(2026, 3, 3)),
        owned("LATE1", 3, baseline_finish=date(2026, 3, 2)),
        owned("DONE", 1, status=TaskStatus.DONE),
        owned("M", 0, after="SOON"),
    )
    analysis = analyze(staffed(*tasks, status=status))
    listed = [(item.task_id, item.action) for item in sam(analysis).week_tasks]
    assert listed == [
        ("LATE1", OwnerWeekAction.OVERDUE),
        ("LATE2", OwnerWeekAction.OVERDUE),
        ("SOON", OwnerWeekAction.FINISH),
        ("M", OwnerWeekAction.FINISH),
        ("LONG", OwnerWeekAction.WORK),
    ]
    assert analysis.workload.owner_week == (date(2026, 3, 5), date(2026, 3, 11))
    assert sam(analysis).week_tasks[0].location == Location("Plan", 5, 3)


def test_owners_week_does_not_call_a_task_critical_while_part_of_the_plan_is_unscheduled() -> None:
    """With a row that cannot be scheduled the critical path is unknown (the Schedule
    says so): an owner's week does not mark a task critical either, nor the digest."""
    status = date(2026, 3, 4)
    whole = analyze(staffed(owned("A", 10), status=status))
    assert [item.critical for item in sam(whole).week_tasks] == [True]
    analysis = analyze(staffed(owned("A", 10), owned("B", None), status=status))
    assert analysis.tasks["A"].critical is None
    (item,) = sam(analysis).week_tasks
    assert item.task_id == "A"
    assert not item.critical
    assert "critical" not in week_task_sentence(item, "Sam")


def test_the_sample_plan_shows_its_overloads(tmp_path: Path) -> None:
    """The sample: Priya's days off under a critical task next week (a warning), the
    agency over its three people in the week of 20 Apr and Sam at half time (notes)."""
    analysis = analyze(read_plan(write_sample(tmp_path / "sample.xlsx")))
    found = {(f.severity, f.task_id, f.message.split(":")[0]) for f in overloads(analysis)}
    assert found == {
        (
            Severity.WARNING,
            FEATURE_TASKS["overloaded-soon"][0],
            "Priya Shah is booked 166.7 % in the week of Mon 6 Apr 2026 (2 working days off)",
        ),
        (
            Severity.INFO,
            "15",
            "Brightline Web is booked 113.3 % in the week of Mon 20 Apr 2026 (capacity 300 %)",
        ),
        (
            Severity.INFO,
            "30",
            "Sam Patel is booked 133.3 % in the week of Mon 30 Mar 2026 (capacity 50 %)",
        ),
        (
            Severity.INFO,
            FEATURE_TASKS["overloaded-later"][0],
            "Sam Patel is booked over capacity for 2 weeks from the week of Mon 11 May 2026, "
            "up to 200 % in the week of Mon 18 May 2026 (capacity 50 %)",
        ),
    }


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(staffed_plans())
def test_booked_days_are_the_forecast_days_after_the_status_date(plan: Plan) -> None:
    """Each owner's booked days, over all weeks, are the working days of their unfinished
    tasks' forecasts after the status date, counted day by day on the calendar."""
    analysis = analyze(plan)
    calendar = WorkCalendar.for_plan(plan)
    assert plan.settings.status_date is not None
    first_free = calendar.next_working(plan.settings.status_date + timedelta(days=1))
    expected: dict[str, int] = {}
    for item in plan.tasks:
        result = analysis.tasks.get(item.id)
        if not item.owner or item.is_done or not item.duration_days or result is None:
            continue
        if result.forecast_start is None or result.forecast_finish is None:
            continue
        start = max(result.forecast_start, first_free)
        days = calendar.count_workdays(start, result.forecast_finish)
        key = owner_key(item.owner)
        expected[key] = expected.get(key, 0) + max(days, 0)
    booked = {owner.key: sum(owner.booked_days) for owner in analysis.workload.owners}
    assert {k: v for k, v in booked.items() if v} == {k: v for k, v in expected.items() if v}


@settings(max_examples=150, deadline=None)
@given(staffed_plans())
def test_one_finding_per_run_of_weeks_over_capacity(plan: Plan) -> None:
    """Each owner has exactly one overloaded-owner finding per run of consecutive weeks
    over capacity, and none without one."""
    analysis = analyze(plan)
    for owner in analysis.workload.owners:
        over = [owner.is_over(week) for week in range(len(owner.booked_days))]
        runs = sum(1 for k, is_over in enumerate(over) if is_over and (k == 0 or not over[k - 1]))
        mine = [f for f in overloads(analysis) if f.message.startswith(f"{owner.name} ")]
        assert len(mine) == runs


@settings(max_examples=150, deadline=None)
@given(staffed_plans())
def test_an_overload_lists_the_tasks_booked_in_its_weeks(plan: Plan) -> None:
    """An overload names, in plan order, every unfinished task of its owner with a booked
    working day in its weeks (counted day by day on the calendar), and no other."""
    analysis = analyze(plan)
    calendar = WorkCalendar.for_plan(plan)
    assert plan.settings.status_date is not None
    first_free = calendar.next_working(plan.settings.status_date + timedelta(days=1))
    for overload in analysis.workload.overloads:
        first_day, last_day = overload.weeks[0], overload.weeks[-1] + timedelta(days=6)
        expected = []
        for item in plan.tasks:
            result = analysis.tasks[item.id]
            if not item.owner or owner_key(item.owner) != owner_key(overload.owner):
                continue
            if item.is_done or not item.duration_days:
                continue
            if result.forecast_start is None or result.forecast_finish is None:
                continue
            start = max(result.forecast_start, first_free, first_day)
            if calendar.count_workdays(start, min(result.forecast_finish, last_day)) > 0:
                expected.append(item.id)
        assert list(overload.task_ids) == expected


# -- the fast paths agree with the slow ones ---------------------------------------------------


def test_a_name_listed_twice_on_the_team_sheet_is_one_owner() -> None:
    """Sam on two Team rows is one owner, with the later row's capacity, in the place of
    the first; the others keep their own loads."""
    team = (TeamMember("Sam", capacity=1.0), TeamMember("Ann"), TeamMember("sam", capacity=0.5))
    analysis = analyze(staffed(owned("A", 3), owned("B", 2, owner="Ann"), team=team))
    listed = [(o.name, o.booked_days, o.capacity) for o in analysis.workload.owners]
    assert listed == [("sam", (3,), 0.5), ("Ann", (2,), 1.0)]


def test_an_overdue_id_on_two_rows_is_in_each_owners_week() -> None:
    """Two rows share the id A and are both past their baseline finish: each is in its
    owner's week as overdue (a repeated id is found row by row, not looked up once)."""
    due = date(2026, 3, 2)
    tasks = (owned("A", 3, baseline_finish=due), owned("A", 3, owner="Ann", baseline_finish=due))
    analysis = analyze(staffed(*tasks, status=date(2026, 3, 4)))
    for name in ("Sam", "Ann"):
        listed = [(item.task_id, item.action) for item in sam(analysis, name).week_tasks]
        assert listed == [("A", OwnerWeekAction.OVERDUE)]


def _workload_inputs(plan: Plan) -> tuple[Any, ...]:
    """What `analyze` feeds `compute_workload`, for `plan`."""
    status = plan.settings.status_date
    assert status is not None
    calendar = WorkCalendar.for_plan(plan)
    index = WorkdayIndex(calendar)
    days = task_days(compute_schedule(plan, calendar, status), plan_baselines(plan), index)
    return calendar, index, days, scan_progress(plan, days, index, status)


@settings(max_examples=150, deadline=None)
@given(staffed_plans())
def test_the_workload_is_the_same_without_the_schedules_id_table(plan: Plan) -> None:
    """Overdue tasks are looked up in the schedule's id → slot table when every id is
    unique; found by a pass over the tasks without it, the workload is the same."""
    calendar, index, days, scan = _workload_inputs(plan)
    status = plan.settings.status_date
    assert status is not None

    def workload(days: TaskDays) -> Any:
        return compute_workload(
            plan,
            days,
            calendar,
            index,
            status_date=status,
            progress=scan.progress,
            waits=scan.waits,
        )

    assert workload(days) == workload(replace(days, slots={}))


@settings(max_examples=150, deadline=None)
@given(staffed_plans())
def test_week_starts_read_from_the_schedules_dates_are_the_calendars(plan: Plan) -> None:
    """Each week's first working-day index, found by bisection in the schedule's date
    table, is the calendar's own `index_on_or_after` of its Monday."""
    calendar, index, days, _ = _workload_inputs(plan)
    status = plan.settings.status_date
    assert status is not None
    first_free = index.through(status)
    names = [item.owner for item in plan.tasks]
    number_of = {name: (0,) for name in names if name}
    live = live_slots(days, first_free)
    booked = book_tasks(plan, days, names, number_of, live=live, first_free=first_free)
    mondays, starts = week_starts(calendar, days, booked, first_free)
    expected = [calendar.index_on_or_after(monday) for monday in mondays]
    if mondays:
        expected.append(calendar.index_on_or_after(mondays[-1] + timedelta(days=7)))
        expected[0] = max(expected[0], first_free)
    assert starts == expected
