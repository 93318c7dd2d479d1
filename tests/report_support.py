"""Hand-built analyses for the report tests: they need no reader, scheduler or variance."""

from __future__ import annotations

from datetime import date, timedelta

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Plan, Settings, Task, TaskStatus
from pmkit.engine.ordering import sort_issues
from pmkit.engine.results import (
    Analysis,
    HealthCheck,
    ProjectSummary,
    Schedule,
    ScheduledTask,
    TaskResult,
    TaskTable,
)
from pmkit.engine.variance import EarnedValue
from pmkit.outputs.cells import Cell, OutputSheet, Role

STATUS_DATE = date(2026, 3, 13)
START = date(2026, 3, 2)
COLUMNS = {"id": 1, "name": 2, "owner": 4, "duration_days": 5, "deadline": 8}


def _workday(n: int) -> date:
    """The n-th working day (Mon-Fri) from START."""
    weeks, rest = divmod(n, 5)
    return START + timedelta(days=7 * weeks + rest)


def sample_analysis(*, baseline: bool = True, tasks: int = 6, currency: str = "USD") -> Analysis:
    """A chain of tasks: the first done, the second late and critical, the rest ahead."""
    plan_tasks = []
    results = []
    scheduled = {}
    for i in range(tasks):
        task_id = str(i + 1)
        start_day, duration = 3 * i, 3 if i % 4 else 0 if i == tasks - 1 else 3
        finish_day = start_day + max(duration, 1) - 1
        slip = 2 if i == 1 else 0
        task = Task(
            id=task_id,
            name=f"Task {task_id}" if i != 1 else "Build product pages with a long name",
            duration_days=duration,
            row=i + 2,
            phase="Build" if i % 2 else "Design",
            owner=None if i == 2 else "Vendor",
            percent_complete=1.0 if i == 0 else 0.5 if i == 1 else 0.0,
            status=TaskStatus.DONE if i == 0 else TaskStatus.IN_PROGRESS if i == 1 else None,
            budget=1000.0 * (i + 1),
            baseline_start=_workday(start_day) if baseline else None,
            baseline_finish=_workday(finish_day - slip) if baseline else None,
            baseline_cost=1000.0 * (i + 1) if baseline else None,
        )
        plan_tasks.append(task)
        critical = i > 0
        results.append(
            TaskResult(
                id=task_id,
                name=task.name,
                duration=duration,
                early_start=_workday(start_day),
                early_finish=_workday(finish_day),
                late_start=_workday(start_day),
                late_finish=_workday(finish_day),
                total_float=0 if critical else 4,
                free_float=0,
                critical=critical,
                forecast_start=_workday(start_day),
                forecast_finish=_workday(finish_day),
                baseline_finish=task.baseline_finish,
                slip=slip if baseline else None,
            )
        )
        scheduled[task_id] = ScheduledTask(
            task_id,
            _workday(start_day),
            _workday(finish_day),
            _workday(start_day),
            _workday(finish_day),
            0,
            0,
            critical,
        )
    plan = Plan(
        name="Website relaunch",
        tasks=tuple(plan_tasks),
        settings=Settings(status_date=STATUS_DATE, currency=currency),
        columns=COLUMNS,
    )
    issues = sort_issues([
        Issue(Severity.INFO, Code.NO_CHARTER, Location("Charter"), None, "No charter yet."),
        Issue(
            Severity.WARNING,
            Code.OWNERLESS_TASK,
            plan.location(plan_tasks[min(2, tasks - 1)], "owner"),
            "3",
            "Task 3 has no owner.",
        ),
        Issue(
            Severity.ERROR,
            Code.UNKNOWN_PREDECESSOR,
            Location("Plan", 4, 6),
            "2",
            "Predecessor 99 is not a task ID in this plan.",
        ),
        Issue(
            Severity.WARNING,
            Code.SLIPPING_TASK,
            Location("Plan", 3, 9),
            "2",
            "Task 2 is 2 working days behind its baseline.",
        ),
    ])  # fmt: skip
    finish = results[-1].forecast_finish
    critical_path = tuple(r.id for r in results if r.critical)
    summary = ProjectSummary(
        name="Website relaunch",
        status_date=STATUS_DATE,
        start=START,
        baseline_finish=_workday(3 * tasks - 3) if baseline else None,
        forecast_finish=finish,
        slip=2 if baseline else None,
        status="Red" if baseline else "Amber",
        status_reasons=("the project finishes 2 working days after the agreed date",),
        critical_path=critical_path,
        earned_value=EarnedValue(
            bac=21000.0,
            pv=5000.0,
            ev=2000.0,
            ac=2600.0,
            sv=-3000.0,
            cv=-600.0,
            spi=0.4,
            cpi=0.77,
            eac=27300.0,
        )
        if baseline
        else EarnedValue(),
        scope_growth_days=0.05 if baseline else None,
        scope_growth_cost=0.0 if baseline else None,
        approved_growth_days=0.0 if baseline else None,
        approved_growth_cost=0.0 if baseline else None,
        health=(
            HealthCheck(
                "Missing logic", 0.0, 0.05, True, "Tasks with no predecessor or successor."
            ),
            HealthCheck("Long tasks", 0.2, 0.05, False, "Tasks longer than 44 working days."),
            HealthCheck("BEI", None, 0.95, None, "Baseline execution index."),
        ),
        health_score=0.5,
        status_text=(
            "The project is 2 working days late, mainly because Build product pages "
            "is running behind."
            if baseline
            else ""
        ),
        currency=currency,
    )
    schedule = Schedule(scheduled, START, finish, critical_path)
    return Analysis(plan, STATUS_DATE, schedule, TaskTable(results), issues, summary)


FIGURE_HEADERS = frozenset({"Value", "Threshold", "Agreed", "Actual"})
"""The Summary's columns of figures of mixed kinds, by their headers: key figures,
earned value, scope, plan health, and the close-out's agreed and actual."""


def summary_figures(summary: OutputSheet) -> list[tuple[int, int, Cell]]:
    """(row, column, cell), 1-based, of each header and filled cell of the Summary's
    columns of figures (`FIGURE_HEADERS`) and of the plan-health score, found by where
    they sit: under such a header, down to the next heading."""
    found: list[tuple[int, int, Cell]] = []
    columns: list[int] = []
    for r, row in enumerate(summary.rows, start=1):
        cells = row.cells
        if row.role is Role.HEADER:
            columns = [c for c, cell in enumerate(cells, start=1) if cell.value in FIGURE_HEADERS]
        elif row.role is not Role.BODY:
            columns = []
        elif cells[0].value == "Score":
            found.append((r, 2, cells[1]))
            continue
        found += [(r, c, cells[c - 1]) for c in columns if cells[c - 1].value is not None]
    return found
