"""Progress and governance flags: slipping, overdue, deadline, float, stalled, risks, baseline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from pmkit.engine.analysis import analyze
from pmkit.engine.figures import format_day, format_money
from pmkit.engine.flags import find_governance_flags
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import CharterItem, ConstraintType, Plan, Risk, Task, TaskStatus
from pmkit.engine.progress import find_progress_flags
from pmkit.engine.results import TaskResult
from pmkit.engine.status import task_status
from pmkit.engine.variance import WorkdayIndex
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, plan_of, task

STATUS = date(2026, 3, 20)  # a Friday
INDEX = WorkdayIndex(WorkCalendar(frozenset(range(5))))


def row(
    task_id: str,
    finish: date | None = date(2026, 3, 27),
    baseline: date | None = None,
    slip: int | None = None,
    total_float: int | None = 0,
    critical: bool = False,
) -> TaskResult:
    return TaskResult(
        task_id, f"Task {task_id}", 1, MONDAY, finish, MONDAY, finish,
        total_float, 0, critical, MONDAY, finish, baseline, slip,
    )  # fmt: skip


def progress_flags(
    tasks: list[Task],
    rows: list[TaskResult],
    unchanged_since: dict[str, date] | None = None,
    **settings: Any,
) -> list[Issue]:
    plan = plan_of(*tasks, **settings)
    issues, _ = find_progress_flags(plan, rows, INDEX, STATUS, unchanged_since)
    return issues


def codes(issues: list[Issue]) -> list[Code]:
    return [issue.code for issue in issues]


@pytest.mark.parametrize(
    ("slip", "tolerance", "done", "flagged"),
    [
        pytest.param(3, 0, False, True, id="late"),
        pytest.param(3, 3, False, False, id="within-tolerance"),
        pytest.param(4, 3, False, True, id="past-tolerance"),
        pytest.param(3, 0, True, False, id="finished-late-is-history"),
        pytest.param(-2, 0, False, False, id="early"),
    ],
)
def test_slipping_task(slip: int, tolerance: int, done: bool, flagged: bool) -> None:
    """An unfinished task whose slip exceeds Slip Tolerance Days is slipping."""
    tasks = [task("1", 5, percent_complete=1.0 if done else 0.0)]
    rows = [row("1", baseline=date(2026, 3, 23), slip=slip)]
    found = progress_flags(tasks, rows, slip_tolerance_days=tolerance)
    assert (Code.SLIPPING_TASK in codes(found)) is flagged


def test_slipping_message_names_both_dates() -> None:
    """The sentence gives the slip and both finishes, in words an owner reads: a task is
    *behind its baseline* (the name every front end gives a task's slip)."""
    rows = [row("1", finish=date(2026, 3, 27), baseline=date(2026, 3, 24), slip=3)]
    found = progress_flags([task("1", 5)], rows, slip_tolerance_days=0)
    (issue,) = [i for i in found if i.code is Code.SLIPPING_TASK]
    assert issue.message == (
        "Task 1 “Task 1” is 3 working days behind its baseline: "
        "forecast to finish Fri 27 Mar 2026 against Tue 24 Mar 2026"
    )


@pytest.mark.parametrize(
    ("critical", "critical_known", "severity"),
    [
        pytest.param(True, True, Severity.WARNING, id="critical-is-a-warning"),
        pytest.param(False, True, Severity.INFO, id="off-the-critical-path-is-a-note"),
        pytest.param(True, False, Severity.INFO, id="criticality-unknown-is-a-note"),
    ],
)
def test_lateness_is_a_warning_only_on_the_critical_path(
    critical: bool, critical_known: bool, severity: Severity
) -> None:
    """Slipping and overdue are warnings on the critical path (the finish moves with them)
    and notes off it (worth knowing); while part of the plan is unscheduled nothing is
    known to be critical."""
    rows = [row("1", baseline=date(2026, 3, 19), slip=4, critical=critical)]
    plan = plan_of(task("1", 5, owner="Ann"))
    found, _ = find_progress_flags(plan, rows, INDEX, STATUS, critical_known=critical_known)
    assert {(i.code, i.severity) for i in found} == {
        (Code.SLIPPING_TASK, severity),
        (Code.OVERDUE_TASK, severity),
    }


@pytest.mark.parametrize(
    ("critical", "baseline", "severity"),
    [
        pytest.param(True, date(2026, 3, 27), Severity.WARNING, id="critical"),
        pytest.param(False, date(2026, 3, 19), Severity.WARNING, id="overdue"),
        pytest.param(False, date(2026, 3, 27), Severity.INFO, id="neither-is-a-note"),
    ],
)
def test_a_task_without_owner_is_a_warning_when_critical_or_overdue(
    critical: bool, baseline: date, severity: Severity
) -> None:
    """Nobody answering for critical or overdue work needs the owner now; a task later in
    the plan with some float can wait: a note."""
    rows = [row("1", baseline=baseline, slip=0, critical=critical)]
    found = progress_flags([task("1", 5)], rows)
    (ownerless,) = [i for i in found if i.code is Code.OWNERLESS_TASK]
    assert (ownerless.severity, ownerless.task_id) == (severity, "1")


def test_done_tasks_need_no_owner() -> None:
    """A blank owner is flagged on unfinished tasks only (a blank of spaces is blank)."""
    tasks = [
        task("1", owner=None),
        task("2", owner="  "),
        task("3", owner=None, actual_start=MONDAY, actual_finish=MONDAY),
        task("4", owner=None, percent_complete=1.0),
    ]
    rows = [row(task_id, baseline=date(2026, 3, 27), slip=0) for task_id in "1234"]
    found = progress_flags(tasks, rows)
    assert [(i.code, i.task_id) for i in found] == [
        (Code.OWNERLESS_TASK, "1"),
        (Code.OWNERLESS_TASK, "2"),
    ]


@pytest.mark.parametrize(
    ("baseline", "percent", "flagged"),
    [
        pytest.param(date(2026, 3, 19), 0.4, True, id="due-yesterday"),
        pytest.param(STATUS, 0.4, False, id="due-today"),
        pytest.param(date(2026, 3, 19), 1.0, False, id="done"),
    ],
)
def test_overdue_task(baseline: date, percent: float, flagged: bool) -> None:
    """Unfinished with its baseline finish before the status date: overdue."""
    found = progress_flags(
        [task("1", 5, percent_complete=percent)], [row("1", baseline=baseline, slip=0)]
    )
    assert (Code.OVERDUE_TASK in codes(found)) is flagged


def test_overdue_without_baseline_uses_the_scheduled_finish() -> None:
    """With no baseline, a schedule that leaves unfinished work in the past is overdue."""
    found = progress_flags([task("1", 5)], [row("1", finish=date(2026, 3, 18))])
    assert Code.OVERDUE_TASK in codes(found)


@pytest.mark.parametrize(
    ("done", "words", "severity"),
    [
        pytest.param(
            False, "misses its deadline by 3 working days: forecast to finish", Severity.WARNING,
            id="forecast-is-a-warning",
        ),
        pytest.param(
            True, "missed its deadline by 3 working days: finished", Severity.INFO,
            id="done-is-history-a-note",
        ),
    ],
)  # fmt: skip
def test_deadline_missed(done: bool, words: str, severity: Severity) -> None:
    """A finish after the Deadline is flagged at the Deadline cell with the days it is
    *missed by*; a deadline a finished task missed is history (a note)."""
    tasks = [task("1", 5, deadline=date(2026, 3, 24), percent_complete=1.0 if done else 0.0)]
    (issue,) = [i for i in progress_flags(tasks, [row("1")]) if i.code is Code.DEADLINE_MISSED]
    assert str(issue.location) == "Plan!E2"
    assert issue.severity is severity
    assert issue.message == (
        f"Task 1 “Task 1” {words} Fri 27 Mar 2026 against its deadline Tue 24 Mar 2026"
    )


def test_negative_float() -> None:
    """Negative total float on an unfinished task is flagged, as the working days it must
    gain (never as "-2 days of float"); zero is not."""
    found = progress_flags(
        [task("1", 5, owner="Ann"), task("2", 5, owner="Ann")],
        [row("1", total_float=-2), row("2", total_float=0)],
    )
    assert [(i.code, i.task_id) for i in found] == [(Code.NEGATIVE_FLOAT, "1")]
    assert found[0].message.endswith("must gain 2 working days for the deadline after it to be met")


def _in_progress(
    last_update: date | None, status: TaskStatus | None = TaskStatus.IN_PROGRESS
) -> Task:
    return task(
        "1", 30, status=status, last_update=last_update, actual_start=MONDAY, percent_complete=0.2
    )


@pytest.mark.parametrize(
    ("subject", "unchanged_since", "flagged"),
    [
        pytest.param(_in_progress(STATUS - timedelta(days=15)), None, True, id="15-days"),
        pytest.param(
            _in_progress(STATUS - timedelta(days=14)), None, False, id="14-days-is-the-limit"
        ),
        pytest.param(_in_progress(None), None, False, id="no-evidence"),
        pytest.param(
            _in_progress(None), {"1": STATUS - timedelta(days=20)}, True, id="history-only"
        ),
        pytest.param(
            _in_progress(STATUS - timedelta(days=30)),
            {"1": STATUS - timedelta(days=3)},
            False,
            id="history-saw-a-change",
        ),
        pytest.param(
            _in_progress(STATUS - timedelta(days=30), status=None),
            None,
            True,
            id="started-no-status",
        ),
        pytest.param(
            _in_progress(STATUS - timedelta(days=30), status=TaskStatus.ON_HOLD),
            None,
            False,
            id="on-hold-is-not-stalled",
        ),
    ],
)
def test_stalled_task(
    subject: Task, unchanged_since: dict[str, date] | None, flagged: bool
) -> None:
    """In progress with no sign of life (Last Update or nightly history) for over 14 days."""
    found = progress_flags([subject], [row("1")], unchanged_since)
    assert (Code.STALLED_TASK in codes(found)) is flagged


def test_stalled_after_days_setting() -> None:
    """Stalled After Days from Settings replaces the default 14."""
    subject = _in_progress(STATUS - timedelta(days=8))
    assert Code.STALLED_TASK in codes(progress_flags([subject], [row("1")], stalled_after_days=7))


def _plan_with(*risks: Risk, charter: tuple[CharterItem, ...] = (CharterItem("Launch"),)) -> Plan:
    return replace(plan_of("A:1"), risks=risks, charter=charter)


@pytest.mark.parametrize(
    ("risk", "flagged"),
    [
        pytest.param(Risk("R1", "Vendor late", 4, 4, row=2), True, id="16-open-unmitigated"),
        pytest.param(Risk("R1", "Vendor late", 5, 3, row=2), True, id="15-is-enough"),
        pytest.param(Risk("R1", "Vendor late", 4, 3, row=2), False, id="12-is-low"),
        pytest.param(Risk("R1", "Vendor late", 5, 5, is_open=False, row=2), False, id="closed"),
        pytest.param(
            Risk("R1", "Vendor late", 5, 5, mitigation="Second vendor", row=2),
            False,
            id="mitigated",
        ),
        pytest.param(
            Risk("R1", "Vendor late", 5, 5, mitigation="  ", row=2), True, id="blank-mitigation"
        ),
        pytest.param(Risk("R1", "Vendor late", None, 5, row=2), False, id="unscored"),
    ],
)
def test_unmitigated_risk(risk: Risk, flagged: bool) -> None:
    """An open risk scoring 15 or more with no mitigation written down is flagged at its row."""
    found = find_governance_flags(_plan_with(risk), baselined=True)
    assert [str(i.location) for i in found if i.code is Code.UNMITIGATED_RISK] == (
        ["Risks!2:2"] if flagged else []
    )


def test_no_baseline_and_no_charter_are_info() -> None:
    """Missing baseline and empty charter are information, not warnings."""
    found = find_governance_flags(_plan_with(charter=()), baselined=False)
    assert {(i.code, i.severity) for i in found} == {
        (Code.NO_BASELINE, Severity.INFO),
        (Code.NO_CHARTER, Severity.INFO),
    }


def test_format_day() -> None:
    """Dates in sentences read as `Fri 6 Mar 2026`."""
    assert format_day(date(2026, 3, 6)) == "Fri 6 Mar 2026"


def test_analyze_passes_history_to_the_stalled_check() -> None:
    """`analyze(..., unchanged_since=...)` flags a task unchanged in the nightly history."""
    subject = task(
        "1", 30, status=TaskStatus.IN_PROGRESS, actual_start=MONDAY, percent_complete=0.1
    )
    plan = plan_of(subject, status=STATUS, forecast=True)
    assert Code.STALLED_TASK not in {i.code for i in analyze(plan).issues}
    flagged = analyze(plan, unchanged_since={"1": MONDAY})
    assert Code.STALLED_TASK in {i.code for i in flagged.issues}


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        pytest.param(2400.0, "USD", "USD 2,400", id="whole-with-currency"),
        pytest.param(2400.5, "EUR", "EUR 2,401", id="half-rounds-up-as-the-sheet-shows"),
        pytest.param(2400.49, "EUR", "EUR 2,400", id="below-half-rounds-down"),
        pytest.param(-2400.5, "EUR", "EUR -2,401", id="negative-half-away-from-zero"),
        pytest.param(1234567.0, None, "1,234,567", id="no-currency"),
    ],
)
def test_money_reads_in_whole_units_as_the_sheets_show_it(
    amount: float, currency: str | None, text: str
) -> None:
    """Money in a sentence: thousands separated, whole units rounded half away from zero,
    exactly as the report's `#,##0` cells show the same amount."""
    assert format_money(amount, currency) == text


@pytest.mark.parametrize(
    ("status", "progress", "flagged"),
    [
        pytest.param(date(2026, 12, 7), {}, True, id="months-later-nothing-started"),
        pytest.param(date(2026, 6, 10), {}, False, id="within-stalled-after-days"),
        pytest.param(date(2026, 12, 7), {"percent_complete": 0.1}, False, id="one-started"),
        pytest.param(date(2026, 12, 7), {"actual_start": date(2026, 6, 1)}, False, id="dated"),
    ],
)
def test_nothing_started_long_after_the_project_start_is_flagged(
    status: date, progress: dict[str, Any], flagged: bool
) -> None:
    """Project Start Mon 1 Jun 2026, no baseline: without this flag the plan read Green
    while the forecast quietly moved all the work past the status date."""
    plan = plan_of(
        task("A", 5, owner="Ann", **progress),
        task("B", 3, "A", owner="Ann"),
        start=date(2026, 6, 1),
        forecast=True,
    )
    found = [i for i in analyze(plan, status).issues if i.code is Code.NOT_STARTED]
    assert [i.message.split(" (")[0] for i in found] == (
        ["Nothing has started, though the Project Start was Mon 1 Jun 2026"] if flagged else []
    )
    if flagged:
        assert "so every task is forecast after the status date; record what" in found[0].message


@pytest.mark.parametrize(
    ("held", "gain", "words"),
    [
        pytest.param(
            {"fixed_dates": True, "start_no_earlier_than": date(2026, 3, 5)},
            "1 working day",
            "fixed date",
            id="fixed-dates",
        ),
        pytest.param(
            {"constraint": ConstraintType.MUST_START_ON, "constraint_date": date(2026, 3, 5)},
            "2 working days",
            "constraint",
            id="must-start-on",
        ),
    ],
)
def test_negative_float_names_what_holds_the_dates_after_it(
    held: dict[str, Any], gain: str, words: str
) -> None:
    """A (Mon 2 – Fri 6 Mar) before B, which is held on Thu 5 Mar by fixed dates (a
    manually scheduled task in Project) or a Must Start On: neither the finding nor the
    This week action speaks of a deadline, which the plan does not have."""
    plan = plan_of(
        task("A", 5, owner="Ann", row=2),
        task("B", 1, "A", owner="Ann", row=3, **held),
        status=MONDAY,
    )
    analysis = analyze(plan, MONDAY)
    (finding,) = [i for i in analysis.cell_issues() if i.code is Code.NEGATIVE_FLOAT]
    assert finding.message == f"Task A “Task A” must gain {gain} for the {words} after it to be met"
    (action,) = [a for a in analysis.this_week if a.finding.code is Code.NEGATIVE_FLOAT]
    assert action.why == f"Otherwise the {words} after it cannot be met."
    assert f"must gain {gain} for a {words} to be met" in task_status(analysis, "A").reasons
