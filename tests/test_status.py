"""Red / amber / green with reasons, per project and per task, and the e-mail paragraph."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pmkit.engine.analysis import analyze
from pmkit.engine.days import TaskDays
from pmkit.engine.errors import TaskNotFoundError
from pmkit.engine.model import Plan, TaskStatus
from pmkit.engine.progress import TaskProgress
from pmkit.engine.results import TaskResult
from pmkit.engine.status import AMBER, GREEN, RED, rate_project, rate_task, task_status
from pmkit.engine.variance import EarnedValue, WorkdayIndex
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, plan_of, task

NO_VALUE = EarnedValue()


def result_row(task_id: str, critical: bool = True, slip: int | None = 0) -> TaskResult:
    return TaskResult(
        task_id, f"Task {task_id}", 1, MONDAY, MONDAY, MONDAY, MONDAY,
        0, 0, critical, MONDAY, MONDAY, MONDAY, slip,
    )  # fmt: skip


def owned_plan(**settings: Any) -> Plan:
    return plan_of(task("1", 1, owner="Ann"), task("2", 1, owner="Bob"), **settings)


def rate(
    plan: Plan,
    progress: dict[str, TaskProgress] | None = None,
    slip: int | None = 0,
    earned: EarnedValue = NO_VALUE,
    critical: bool = True,
) -> tuple[str | None, tuple[str, ...]]:
    rows = [result_row(t.id, critical) for t in plan.tasks]
    days = TaskDays.from_rows(plan, rows, WorkdayIndex(WorkCalendar(frozenset(range(5)))))
    status = rate_project(plan, days, progress or {}, slip, earned)
    return status.rating, status.reasons


@pytest.mark.parametrize(
    ("slip", "tolerance", "rating"),
    [
        pytest.param(0, 0, GREEN, id="on-time"),
        pytest.param(1, 0, RED, id="late"),
        pytest.param(3, 3, GREEN, id="within-tolerance"),
        pytest.param(None, 0, GREEN, id="no-baseline"),
    ],
)
def test_project_slip_against_tolerance(slip: int | None, tolerance: int, rating: str) -> None:
    """Red when the project slip exceeds Slip Tolerance Days."""
    assert rate(owned_plan(slip_tolerance_days=tolerance), slip=slip)[0] == rating


@pytest.mark.parametrize(
    ("spi", "cpi", "rating"),
    [
        pytest.param(1.0, 1.0, GREEN, id="on-plan"),
        pytest.param(0.94, 1.0, AMBER, id="spi-below-0.95"),
        pytest.param(1.0, 0.92, AMBER, id="cpi-below-0.95"),
        pytest.param(0.89, 1.0, RED, id="spi-below-0.9"),
        pytest.param(1.0, 0.85, RED, id="cpi-below-0.9"),
        pytest.param(0.95, 0.95, GREEN, id="0.95-is-not-below"),
        pytest.param(0.9, 1.0, AMBER, id="0.9-is-amber-not-red"),
    ],
)
def test_project_indices(spi: float, cpi: float, rating: str) -> None:
    """SPI or CPI below 0.9 is Red, below 0.95 Amber."""
    earned = EarnedValue(spi=spi, cpi=cpi)
    assert rate(owned_plan(), earned=earned)[0] == rating


def test_a_finished_task_that_missed_its_deadline_is_history() -> None:
    """A task done after its deadline no longer colours the project (it stays Red itself)."""
    plan = plan_of(task("1", 1, owner="Ann"), task("2", 1, owner="Bob", percent_complete=1.0))
    assert rate(plan, {"2": TaskProgress(deadline_missed=True)})[0] == GREEN


def test_missed_deadline_is_red_with_the_task_named() -> None:
    """A missed deadline makes the project Red and the reason names the task."""
    rating, reasons = rate(owned_plan(), {"2": TaskProgress(deadline_missed=True)})
    assert rating == RED
    assert reasons == ("Task 2 “Task 2” misses its deadline",)


@pytest.mark.parametrize(
    ("progress", "reason"),
    [
        pytest.param(
            TaskProgress(slipping=True), "1 critical task is behind its baseline: 1", id="slipping"
        ),
        pytest.param(TaskProgress(stalled=True), "1 critical task is stalled: 1", id="stalled"),
    ],
)
def test_critical_task_trouble_is_amber(progress: TaskProgress, reason: str) -> None:
    """A slipping or stalled critical task is Amber."""
    assert rate(owned_plan(), {"1": progress}) == (AMBER, (reason,))


def test_trouble_off_the_critical_path_stays_green() -> None:
    """The same trouble on a task with float does not change the project's colour."""
    assert rate(owned_plan(), {"1": TaskProgress(slipping=True)}, critical=False)[0] == GREEN


def test_ownerless_critical_task_is_amber() -> None:
    """An unfinished critical task with no owner is Amber."""
    plan = plan_of(task("1", 1, owner="Ann"), task("2", 1))
    assert rate(plan) == (AMBER, ("1 critical task has no owner: 2",))


@pytest.mark.parametrize(
    ("cpi", "reasons"),
    [
        pytest.param(0.948, (), id="0.948-shows-0.95-and-is-not-below"),
        pytest.param(
            0.944,
            ("CPI 0.94 — EUR 0.94 of work done for each EUR 1 spent (below 0.95)",),
            id="0.944-shows-0.94-and-is",
        ),
    ],
)
def test_an_index_is_judged_as_it_is_shown(cpi: float, reasons: tuple[str, ...]) -> None:
    """Two decimals everywhere, and the rule compares the shown value: a CPI of 0.948 is
    0.95 in the table and in the reasons, so it is not "below 0.95" anywhere; the reason
    explains the acronym at first use."""
    plan = owned_plan(currency="EUR")
    assert rate(plan, earned=EarnedValue(spi=1.0, cpi=cpi))[1] == reasons


def test_red_reasons_come_before_amber_ones() -> None:
    """Reasons list the Red causes first, then the Amber ones."""
    earned = EarnedValue(spi=0.93, cpi=1.0)
    rating, reasons = rate(owned_plan(slip_tolerance_days=0), slip=2, earned=earned)
    assert rating == RED
    assert reasons[0].startswith("The project finishes 2 working days after the agreed date")
    assert reasons[1].startswith("SPI 0.93 — 93 % of the work planned by now is done")


@pytest.mark.parametrize(
    ("progress", "critical", "owner", "rating"),
    [
        pytest.param(TaskProgress(), True, "Ann", GREEN, id="fine"),
        pytest.param(TaskProgress(deadline_missed=True), False, "Ann", RED, id="deadline"),
        pytest.param(TaskProgress(negative_float=True), False, "Ann", RED, id="negative-float"),
        pytest.param(TaskProgress(slipping=True), True, "Ann", RED, id="critical-slip"),
        pytest.param(TaskProgress(slipping=True), False, "Ann", AMBER, id="slip-with-float"),
        pytest.param(TaskProgress(overdue=True), False, "Ann", AMBER, id="overdue"),
        pytest.param(TaskProgress(stalled=True), True, "Ann", AMBER, id="stalled"),
        pytest.param(TaskProgress(), False, None, AMBER, id="ownerless"),
    ],
)
def test_task_rule(progress: TaskProgress, critical: bool, owner: str | None, rating: str) -> None:
    """Per task: Red for deadlines, negative float, critical slip; Amber for the rest."""
    subject = task("1", 3, owner=owner)
    row = result_row("1", critical, slip=2 if progress.slipping else 0)
    assert rate_task(subject, row, progress, 0).rating == rating


def test_finished_task_without_owner_is_green() -> None:
    """A finished task needs no owner any more."""
    subject = task("1", 3, status=TaskStatus.DONE)
    assert rate_task(subject, result_row("1"), TaskProgress(), 0).rating == GREEN


def late_plan() -> Plan:
    """Design (critical) is half done on Wednesday; the build after it moves two days, and
    the owner counts any day behind as late (Slip Tolerance Days 0)."""
    return plan_of(
        task(
            "1",
            3,
            name="Design",
            owner="Ann",
            actual_start=MONDAY,
            percent_complete=0.5,
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 4),
            budget=300.0,
            actual_cost=200.0,
        ),
        task(
            "2",
            2,
            "1",
            name="Build",
            owner="Bob",
            baseline_start=date(2026, 3, 5),
            baseline_finish=date(2026, 3, 6),
            budget=200.0,
        ),
        status=date(2026, 3, 4),
        forecast=True,
        currency="EUR",
        slip_tolerance_days=0,
    )


def test_status_paragraph_for_a_late_project() -> None:
    """The paragraph says how late, why, forecast against agreed, money, and the colour."""
    text = analyze(late_plan()).summary.status_text
    assert text.startswith(
        "The project finishes 2 working days after the agreed date, mainly because task 1 "
        "“Design” is 2 working days behind its baseline. Forecast finish is Tue 10 Mar 2026 "
        "against the agreed Fri 6 Mar 2026."
    )
    assert "EUR 200 has been spent of a EUR 500 budget" in text
    assert "Status on Wed 4 Mar 2026: Red" in text


def test_status_paragraph_without_baseline() -> None:
    """Without a baseline the paragraph says lateness cannot be measured yet."""
    plan = plan_of(task("1", 3, owner="Ann"), status=date(2026, 2, 27), forecast=True)
    text = analyze(plan).summary.status_text
    assert "has no baseline yet, so lateness cannot be measured" in text
    assert "forecast to finish on Wed 4 Mar 2026" in text


def test_task_status_of_an_analysis() -> None:
    """`task_status` rates one task of an analysed plan; an unknown id raises TaskNotFoundError."""
    result = analyze(late_plan())
    assert task_status(result, "1").rating == RED
    assert "on the critical path" in task_status(result, "1").reasons[0]
    with pytest.raises(TaskNotFoundError):
        task_status(result, "99")


def test_summary_status_and_reasons() -> None:
    """The summary carries the rating and its reasons."""
    summary = analyze(late_plan()).summary
    assert summary.status == RED
    assert summary.status_reasons[0] == (
        "The project finishes 2 working days after the agreed date (tolerance 0 working days)"
    )


def test_status_paragraph_when_nothing_can_be_scheduled() -> None:
    """With a baseline but no forecast (errors everywhere) the paragraph says what to fix."""
    plan = plan_of(task("1", None, owner="Ann", baseline_finish=date(2026, 3, 6)), status=MONDAY)
    text = analyze(plan).summary.status_text
    assert text.startswith(
        "Forecast unknown: 1 task cannot be scheduled until Plan!A2 is fixed, so lateness "
        "cannot be measured; the agreed finish is Fri 6 Mar 2026."
    )


def test_status_paragraph_does_not_repeat_the_lateness() -> None:
    """The closing sentence gives the colour and the other reasons, not the slip again."""
    summary = analyze(late_plan()).summary
    closing = summary.status_text.split("Status on ")[1]
    assert "after the agreed date" not in closing
    assert summary.status_reasons[0].startswith("The project finishes")
    assert closing.startswith("Wed 4 Mar 2026: Red")
    for reason in summary.status_reasons[1:3]:
        assert reason in closing
