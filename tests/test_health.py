"""Plan health after the DCMA 14-point assessment: each check, its threshold, its flag."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

import pmkit
from pmkit.engine.analysis import analyze, task_days
from pmkit.engine.days import TaskDays
from pmkit.engine.health import check_plan_health
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import ConstraintType, Plan, Task
from pmkit.engine.results import Analysis, HealthCheck, TaskResult
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.variance import WorkdayIndex, plan_baselines
from pmkit.engine.workdays import WorkCalendar
from pmkit.template.regenerate import TEMPLATES_FOLDER
from tests.builders import MONDAY, plan_of, task
from tests.strategies import broken_plans, plans

BEFORE_START = date(2026, 2, 27)


def owned(task_id: str, duration: int, predecessors: str = "", **fields: Any) -> Task:
    return task(task_id, duration, predecessors, owner="Ann", **fields)


def healthy() -> list[Task]:
    return [owned("A", 3), owned("B", 2, "A"), owned("C", 1, "B")]


def run(*tasks: Task, status: date = BEFORE_START, **settings: Any) -> Analysis:
    return analyze(plan_of(*tasks, status=status, **settings))


def check(result: Analysis, name: str) -> HealthCheck:
    (found,) = [c for c in result.summary.health if c.name == name]
    return found


def test_a_clean_chain_passes_every_check_that_applies() -> None:
    """A linked, owned, short chain passes; baseline checks do not apply without a baseline."""
    result = run(*healthy())
    names = [c.name for c in result.summary.health]
    assert len(names) == 14
    failed = [c.name for c in result.summary.health if c.passed is False]
    assert failed == []
    assert check(result, "Baseline execution index").passed is None
    assert check(result, "Missed tasks").passed is None
    assert result.summary.health_score == 1.0


def test_every_check_says_what_it_checks_as_a_sentence() -> None:
    """The Summary's "What it checks" column sits beside "What it means" columns whose
    entries are sentences: each of the 14 descriptions starts with a capital and ends with
    a full stop, as they do."""
    descriptions = [c.description for c in run(*healthy()).summary.health]
    assert len(descriptions) == 14
    assert all(text[:1].isupper() and text.endswith(".") for text in descriptions)


@pytest.mark.parametrize(
    ("extra", "name", "value", "code"),
    [
        pytest.param(owned("D", 1), "Missing logic", 0.25, Code.MISSING_LOGIC, id="dangling-task"),
        pytest.param(owned("D", 1, "AFS-1"), "Leads", 1 / 3, Code.LEADS, id="lead"),
        pytest.param(owned("D", 1, "A,CFS+2"), "Lags", 1 / 4, Code.LAGS, id="lag"),
        pytest.param(
            owned("D", 1, "A,CSS"), "Non-FS links", 1 / 4, Code.NON_FS_LINKS, id="start-to-start"
        ),
        pytest.param(owned("D", 45, "A"), "Long tasks", 0.25, Code.LONG_TASKS, id="long-task"),
    ],
)
def test_a_failing_check_raises_one_note(extra: Task, name: str, value: float, code: Code) -> None:
    """One structural problem fails its check against DCMA's threshold and raises its code,
    as a note: plan health is advice about how the plan is built, worth knowing."""
    result = run(*healthy(), extra)
    found = check(result, name)
    assert found.value == pytest.approx(value)
    assert found.passed is False
    issues = [i for i in result.cell_issues() if i.code is code]
    assert len(issues) == 1
    assert issues[0].severity is Severity.INFO
    assert issues[0].task_id is None


def test_high_float_over_44_days() -> None:
    """A short task beside a 60-day one has over 44 days of float: high float fails."""
    tasks = [owned("A", 1), owned("B", 60, "A"), owned("C", 1, "A"), owned("D", 1, "B,C")]
    result = run(*tasks)
    assert check(result, "High float").value == pytest.approx(0.25)
    assert Code.HIGH_FLOAT in {i.code for i in result.cell_issues()}


def test_negative_float_check_has_no_extra_flag() -> None:
    """A deadline that cannot be met fails the negative-float check; the per-task flag says it."""
    tasks = [owned("A", 5), owned("B", 5, "A", deadline=date(2026, 3, 9))]
    result = run(*tasks)
    assert check(result, "Negative float").passed is False
    negative = [i for i in result.cell_issues() if i.code is Code.NEGATIVE_FLOAT]
    assert negative
    assert all(i.task_id is not None for i in negative)


def test_hard_constraints_are_must_and_no_later_than_constraints() -> None:
    """Must Start On and Finish No Later Than count as hard; Finish No Earlier Than does not."""
    plan = plan_of(*healthy(), status=BEFORE_START)
    kinds = (ConstraintType.MUST_START_ON, ConstraintType.FINISH_NO_EARLIER_THAN, None)
    tasks = tuple(
        replace(task, constraint=kind, constraint_date=date(2030, 1, 7) if kind else None)
        for task, kind in zip(plan.tasks, kinds, strict=True)
    )
    result = analyze(replace(plan, tasks=tasks))
    assert check(result, "Hard constraints").value == pytest.approx(1 / 3)


def test_hard_constraints_come_from_the_reader() -> None:
    """Hard constraints are the tasks the reader reported as unsupported-constraint."""
    plan = plan_of(*healthy(), status=BEFORE_START)
    flagged = Issue(
        Severity.WARNING, Code.UNSUPPORTED_CONSTRAINT, Location("Plan", 2), "A", "Must Start On"
    )
    result = analyze(replace(plan, issues=(flagged,)))
    assert check(result, "Hard constraints").value == pytest.approx(1 / 3)
    assert Code.HARD_CONSTRAINTS in {i.code for i in result.cell_issues()}


def test_invalid_dates_actual_after_status() -> None:
    """An actual date after the status date is an invalid date (DCMA threshold 0)."""
    tasks = [
        owned("A", 3, actual_start=MONDAY, actual_finish=date(2026, 3, 4)),
        owned("B", 2, "A"),
        owned("C", 1, "B"),
    ]
    result = run(*tasks, status=date(2026, 3, 3))
    assert check(result, "Invalid dates").value == pytest.approx(1 / 3)
    assert Code.INVALID_DATES in {i.code for i in result.cell_issues()}


def test_invalid_dates_unfinished_work_in_the_past() -> None:
    """Without moving unfinished work, a not-started task scheduled before today is invalid."""
    result = run(*healthy(), status=date(2026, 3, 10))
    assert check(result, "Invalid dates").passed is False
    moved = run(*healthy(), status=date(2026, 3, 10), forecast=True)
    assert check(moved, "Invalid dates").passed is True


def baselined_plan(done_a: bool) -> Plan:
    """A three-task chain baselined to finish Mon 2 – Wed 4, C on Fri 6 March."""
    return plan_of(
        owned(
            "A",
            1,
            baseline_start=MONDAY,
            baseline_finish=MONDAY,
            percent_complete=1.0 if done_a else 0.0,
            actual_start=MONDAY if done_a else None,
            actual_finish=MONDAY if done_a else None,
        ),
        owned("B", 1, "A", baseline_start=date(2026, 3, 3), baseline_finish=date(2026, 3, 3)),
        owned("C", 1, "B", baseline_start=date(2026, 3, 6), baseline_finish=date(2026, 3, 6)),
        status=date(2026, 3, 4),
        forecast=True,
    )


def test_missed_tasks_and_bei() -> None:
    """Two tasks were due by the status date; one is done: BEI 0.5, missed tasks 50 %."""
    result = analyze(baselined_plan(done_a=True))
    assert check(result, "Baseline execution index").value == pytest.approx(0.5)
    assert check(result, "Missed tasks").value == pytest.approx(0.5)
    codes = {i.code for i in result.cell_issues()}
    assert {Code.LOW_BEI, Code.MISSED_TASKS} <= codes


def test_cpli_from_the_slip() -> None:
    """CPLI = (remaining critical length − slip) / remaining length; below 0.95 fails."""
    result = analyze(baselined_plan(done_a=False))
    summary = result.summary
    assert summary.slip == 1  # C moves from Fri 6 to Mon 9 March
    remaining = 3  # Thu 5, Fri 6, Mon 9 March after the Wednesday status date
    assert check(result, "Critical path length index").value == pytest.approx(
        (remaining - 1) / remaining
    )
    assert Code.LOW_CPLI in {i.code for i in result.cell_issues()}


def test_critical_path_test_passes_on_a_linked_chain() -> None:
    """Critical tasks linked from the start into the finish pass the critical path test."""
    result = run(*healthy())
    assert check(result, "Critical path test").passed is True
    assert result.summary.critical_path == ("A", "B", "C")


def test_health_score_is_the_share_passed() -> None:
    """The score counts only checks that apply: passed over applicable."""
    result = run(*healthy(), owned("D", 45))  # dangling and long: two failures
    applicable = [c for c in result.summary.health if c.passed is not None]
    passed = [c for c in applicable if c.passed]
    assert result.summary.health_score == pytest.approx(len(passed) / len(applicable))
    assert (result.summary.health_score or 0.0) < 1.0


def test_ownerless_tasks_check_raises_no_extra_flag() -> None:
    """Missing owners fail the resources check (mapped to owners) without a project-wide flag."""
    result = run(task("A", 3), task("B", 2, "A"))
    assert check(result, "Tasks without an owner").value == 1.0
    assert check(result, "Tasks without an owner").passed is False
    assert all(i.task_id is not None for i in result.cell_issues() if i.code is Code.OWNERLESS_TASK)


def _rows_for(plan: Plan, starts: dict[str, date], finish: date) -> list[TaskResult]:
    """Every task critical, starting on `starts[id]` and finishing on `finish`."""
    rows = []
    for t in plan.tasks:
        start = starts[t.id]
        dates = (start, finish, start, finish, 0, 0, True, start, finish, None, None)
        rows.append(TaskResult(t.id, t.name, t.duration_days, *dates))
    return rows


@pytest.mark.parametrize(
    ("start", "passed"),
    [
        pytest.param(MONDAY, True, id="anchored-on-the-project-start"),
        pytest.param(date(2026, 3, 5), True, id="first-day-after-the-status-date"),
        pytest.param(date(2026, 3, 11), False, id="floating-start-breaks-the-chain"),
    ],
)
def test_critical_path_test_needs_an_anchored_chain(start: date, passed: bool) -> None:
    """The chain into the finish must begin at the project start, the status date or an actual."""
    plan = plan_of(owned("A", 3), status=date(2026, 3, 4))
    finish = date(2026, 3, 20)
    rows = _rows_for(plan, {"A": start}, finish)
    index = WorkdayIndex(WorkCalendar(frozenset(range(5))))
    report = check_plan_health(
        plan,
        TaskDays.from_rows(plan, rows, index),
        index,
        date(2026, 3, 4),
        project_start=MONDAY,
        project_finish=finish,
        project_slip=None,
        baselined=False,
    )
    (found,) = [c for c in report.checks if c.name == "Critical path test"]
    assert found.passed is passed
    assert (Code.CRITICAL_PATH_TEST in {i.code for i in report.issues}) is not passed


def test_critical_path_test_fails_when_nothing_critical_reaches_the_finish() -> None:
    """Critical tasks that all end before the project finish cannot be what drives it."""
    plan = plan_of(owned("A", 3), status=date(2026, 3, 4))
    rows = _rows_for(plan, {"A": MONDAY}, date(2026, 3, 4))
    index = WorkdayIndex(WorkCalendar(frozenset(range(5))))
    report = check_plan_health(
        plan,
        TaskDays.from_rows(plan, rows, index),
        index,
        date(2026, 3, 4),
        project_start=MONDAY,
        project_finish=date(2026, 3, 20),
        project_slip=None,
        baselined=False,
    )
    (found,) = [c for c in report.checks if c.name == "Critical path test"]
    assert (found.value, found.passed) == (0.0, False)


@pytest.mark.parametrize(
    ("start", "status"),
    [
        pytest.param(None, date(2026, 3, 6), id="forecast-from-the-status-date"),
        pytest.param(date(2026, 3, 1), date(2026, 2, 27), id="project-start-on-a-sunday"),
    ],
)
def test_the_task_opening_the_project_is_not_missing_logic(
    start: date | None, status: date
) -> None:
    """A chain whose first task starts where nothing else can drive it (the first working
    day of the project, or the forecast's first day after the status date) has no open end."""
    plan = plan_of("A:3", "B:2<A", "C:1<B", start=start, status=status, forecast=True)
    result = analyze(plan)
    logic = next(check for check in result.summary.health if check.name == "Missing logic")
    assert logic.value == 0
    assert Code.MISSING_LOGIC not in {issue.code for issue in result.cell_issues()}


def _health_both_ways(plan: Plan) -> tuple[Any, Any]:
    """Plan health of `plan` as `analyze` feeds it, and again without the schedule's
    id → slot table (`TaskDays.slots`), which sends every lookup down the slow path."""
    status = plan.settings.status_date
    assert status is not None
    calendar = WorkCalendar.for_plan(plan)
    index = WorkdayIndex(calendar)
    schedule = compute_schedule(plan, calendar, status)
    days = task_days(schedule, plan_baselines(plan), index)

    def health(days: TaskDays) -> Any:
        return check_plan_health(
            plan,
            days,
            index,
            status,
            project_start=schedule.project_start,
            project_finish=schedule.project_finish,
            project_slip=None,
            baselined=True,
        )

    return health(days), health(replace(days, slots={}))


@settings(max_examples=150, deadline=None)
@given(
    plans(deadlines=True, constraints=True, actuals=True, hard_constraints=True)
    | plans(actuals=True).flatmap(broken_plans)
)
def test_health_is_the_same_whether_ids_are_looked_up_or_collected(plan: Plan) -> None:
    """The critical path test looks critical predecessors up in the schedule's id table
    when every id is unique, and builds its own table of critical ids otherwise; the
    open ends read which tasks are a predecessor as the scheduler read the links
    (`ScheduleDays.followed`), or collect the ids named: both ways reach the same
    verdicts, and so the same report."""
    fast, slow = _health_both_ways(plan)
    assert fast == slow


def test_an_owner_of_spaces_is_no_owner() -> None:
    """An Owner cell holding only spaces is as good as an empty one, for every task that
    has it (the check sorts out each distinct text once)."""
    result = run(owned("A", 3), task("B", 2, "A", owner="  "), task("C", 1, "B", owner="  "))
    found = check(result, "Tasks without an owner")
    assert found.value == pytest.approx(2 / 3)


def test_the_plan_health_note_counts_what_the_summary_says_it_counts() -> None:
    """The sample fails checks; the plan-health note counts every failed check except the
    ones whose description says each task is flagged on its own (negative float, owners),
    so an owner can square the note with the Summary's Fail cells."""
    analysis = pmkit.analyze(pmkit.read_plan(TEMPLATES_FOLDER / "sample-plan.xlsx"))
    failed = [check for check in analysis.summary.health if check.passed is False]
    on_their_own = [check for check in failed if "flagged on its own" in check.description]
    assert on_their_own  # the sample has tasks with negative float
    (note,) = [issue for issue in analysis.issues if issue.code is Code.PLAN_HEALTH]
    assert note.message.startswith(f"Plan health: {len(failed) - len(on_their_own)} checks fail")
