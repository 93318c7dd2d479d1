"""The scheduler's and the validator's column-at-a-time reading agrees with the rules row by
row: `done_flags` with `Task.is_done`, a repeated id's later row with an empty row, the
column tests of `validate_plan` with its checks on every row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.issues import Issue
from pmkit.engine.model import ConstraintType, Link, Plan, Task, TaskStatus, done_flags
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.validation import _check_task, validate_plan
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, plan_of, task
from tests.strategies import PLAN_START, plans

STATUS = MONDAY + timedelta(days=14)


def schedule_of(plan: Plan, status: date = STATUS) -> Schedule:
    return compute_schedule(plan, WorkCalendar.for_plan(plan), status)


@given(
    st.lists(
        st.builds(
            Task,
            id=st.just("T"),
            name=st.just("T"),
            duration_days=st.just(1),
            actual_finish=st.none() | st.just(MONDAY),
            percent_complete=st.sampled_from([0.0, 0.5, 0.999, 1.0, 1.5, -0.5]),
            status=st.none() | st.sampled_from(list(TaskStatus)),
        ),
        max_size=8,
    )
)
def test_done_flags_agree_with_is_done(tasks: list[Task]) -> None:
    """The column form of the "is done" rule answers as `Task.is_done` does, task by task."""
    assert done_flags(tasks) == [item.is_done for item in tasks]


def test_a_repeated_ids_later_row_is_read_as_an_empty_row() -> None:
    """Nothing on the later row of a repeated id reaches the schedule: not its Start No
    Earlier Than or actual start (which would set the project start), deadline, progress,
    constraint or links."""
    later_row = task(
        "A",
        3,
        "B",
        start_no_earlier_than=MONDAY - timedelta(days=30),
        actual_start=MONDAY - timedelta(days=20),
        deadline=MONDAY,
        percent_complete=0.5,
        constraint=ConstraintType.MUST_START_ON,
        constraint_date=MONDAY,
    )
    full = plan_of("A:2", "B:3<A", "C:1<B", later_row, start=None, forecast=True)
    bare = replace(full, tasks=(*full.tasks[:3], Task("A", "Task A", 3, row=5)))
    expected, found = schedule_of(bare), schedule_of(full)
    assert found.project_start == expected.project_start == STATUS
    assert dict(found.tasks) == dict(expected.tasks)
    assert found.critical_path == expected.critical_path
    assert found.issues == expected.issues


_TASK_IDS = ("1", "2", "3", " ")


@st.composite
def untidy_plans(draw: st.DrawFn) -> Plan:
    """Plans whose rows may hold any finding `validate_plan` gives: blank or repeated ids,
    blank names, unknown and self predecessors, actual dates in the future or reversed,
    constraints without dates and dates without constraints, Fixed Dates without a start."""
    day = st.none() | st.integers(-5, 25).map(lambda shift: PLAN_START + timedelta(days=shift))
    tasks = []
    for row in range(2, 2 + draw(st.integers(1, 6))):
        predecessors = draw(st.lists(st.sampled_from(("1", "2", "3", "4", "1.0", "x")), max_size=2))
        tasks.append(
            Task(
                id=draw(st.sampled_from(_TASK_IDS)),
                name=draw(st.sampled_from(("Work", "", "  "))),
                duration_days=1,
                row=row,
                links=tuple(Link(predecessor) for predecessor in predecessors),
                actual_start=draw(day),
                actual_finish=draw(day),
                start_no_earlier_than=draw(day),
                constraint=draw(st.none() | st.sampled_from(list(ConstraintType))),
                constraint_date=draw(day),
                fixed_dates=draw(st.booleans()),
            )
        )
    return Plan("untidy", tuple(tasks), columns={"id": 1, "name": 2, "predecessors": 3})


def every_rows_findings(plan: Plan, status: date) -> list[Issue]:
    """`validate_plan` without its column tests: the checks of every row, in row order."""
    first_row: dict[str, int] = {}
    for slot, item in enumerate(plan.tasks):
        if item.id.strip():
            first_row.setdefault(item.id, slot)
    issues: list[Issue] = []
    folded: dict[str, str] = {}
    for item in plan.tasks:
        _check_task(plan, item, first_row, folded, status_date=status, issues=issues)
    return issues


@settings(max_examples=300, deadline=None)
@given(untidy_plans() | plans(6, actuals=True, constraints=True, fixed=True))
def test_column_tests_never_hide_a_finding(plan: Plan) -> None:
    """Skipping the rows whose columns hold nothing to find loses no finding and adds none,
    reading the links or taking the scheduler's word for them (`ScheduleDays.broken_links`)."""
    status = PLAN_START + timedelta(days=10)
    expected = every_rows_findings(plan, status)
    assert validate_plan(plan, status) == expected
    days = compute_schedule(plan, WorkCalendar.for_plan(plan), status).days
    assert validate_plan(plan, status, days=days) == expected
