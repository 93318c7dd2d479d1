"""Realistic large plans for benchmarks: model objects, and the same plan as an .xlsx workbook.

A plan of N tasks is a portfolio of sub-projects of ~400 tasks each, started a few weeks
apart (a single network of 100,000 tasks would run for centuries). Inside a sub-project
each task follows 1–3 recent tasks: ~1.7 links per task, 85 % finish-to-start and the
rest SS/FF/SF, 10 % with lags (a fifth of those elapsed), 5 % milestones, holidays, a
few deadlines and Start No Earlier Than dates. The first third of the timeline is done
or in progress; every task has a baseline and a budget, and some grew since, under an
approved change or not, so variance and scope have work to do.

    python benchmarks/generate_plan.py 10000 plan-10k.xlsx
    python benchmarks/generate_plan.py 10000 plan-10k.xlsx --shape chains

Shapes (`SHAPES`) reshape the generated plan:

* portfolio — as generated;
* behind    — measured at half its timeline with the progress of a third: thousands of
              overdue, stalled and slipping tasks to flag and word;
* shuffled  — its rows in random order;
* chains    — each task keeps only its first predecessor (long thin chains).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pmkit.engine.model import (
    ChangeRequest,
    CharterItem,
    Decision,
    Holiday,
    Link,
    LinkType,
    Plan,
    Risk,
    Settings,
    Task,
    TaskStatus,
)
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar

__all__ = ["SHAPES", "cached_workbook", "generate_plan", "write_workbook"]

PROJECT_START = date(2026, 1, 5)
SUBPROJECT_TASKS = 400
_OWNERS = ("Alex", "Sam", "Priya", "Jordan", "WebCo Ltd", "NetServ", "Maria", "Chen")
_PHASES = ("Discovery", "Design", "Build", "Test", "Launch")
_VERBS = ("Draft", "Review", "Build", "Configure", "Test", "Migrate", "Approve", "Train", "Deploy")
_THINGS = ("homepage", "catalogue", "payments", "CRM link", "mail server", "backups", "reports")


def _holidays(first_year: int, last_year: int) -> list[date]:
    days = []
    for year in range(first_year, last_year + 1):
        days += [date(year, 1, 1), date(year, 5, 1), date(year, 12, 25), date(year, 12, 26)]
        days.append(date(year, 8, 1) + timedelta(days=(7 - date(year, 8, 1).weekday()) % 7))
    return days


def _links(rng: random.Random, local: int, base: int) -> tuple[Link, ...]:
    """1–3 links to recent tasks of the same sub-project (mean 1.7)."""
    if local == 0:
        return ()
    roll = rng.random()
    count = 1 if roll < 0.45 else 2 if roll < 0.85 else 3
    window = list(range(max(0, local - 12), local))
    links = []
    for source in rng.sample(window, min(count, len(window))):
        kind = LinkType.FS
        if rng.random() >= 0.85:
            kind = rng.choice((LinkType.SS, LinkType.FF, LinkType.SF))
        lag, elapsed = 0, False
        if rng.random() < 0.10:
            lag = rng.choice((-2, -1, 1, 2, 3, 5))
            elapsed = rng.random() < 0.2
        links.append(Link(str(base + source + 1), kind, lag, elapsed))
    return tuple(links)


def generate_plan(task_count: int, seed: int = 1) -> Plan:
    """A plan of `task_count` tasks, the same for the same seed."""
    rng = random.Random(seed)
    tasks: list[Task] = []
    subprojects = max(1, round(task_count / SUBPROJECT_TASKS))
    for number in range(task_count):
        project, local = divmod(number, SUBPROJECT_TASKS) if subprojects > 1 else (0, number)
        project = min(project, subprojects - 1)
        local = number - project * SUBPROJECT_TASKS
        base = project * SUBPROJECT_TASKS
        milestone = rng.random() < 0.05 or number == task_count - 1
        duration = 0 if milestone else rng.choice((1, 1, 2, 2, 3, 3, 5, 5, 8, 10, 15, 20))
        snet = None
        if local == 0:
            snet = PROJECT_START + timedelta(weeks=2 * project)
        elif rng.random() < 0.02:
            snet = PROJECT_START + timedelta(weeks=2 * project, days=rng.randrange(0, 200))
        tasks.append(
            Task(
                id=str(number + 1),
                name=f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} {number + 1}",
                duration_days=duration,
                row=number + 2,
                phase=_PHASES[min(4, local * 5 // SUBPROJECT_TASKS)],
                owner=None if rng.random() < 0.03 else rng.choice(_OWNERS),
                links=_links(rng, local, base),
                start_no_earlier_than=snet,
                budget=float(duration * rng.choice((400, 600, 800, 1200))),
            )
        )
    last_year = PROJECT_START.year + 3 + task_count // 20_000
    holidays = tuple(
        Holiday(day, "Public holiday") for day in _holidays(PROJECT_START.year, last_year)
    )
    changes = (
        ChangeRequest(
            "CR-1", "Extra payment provider", "Owner", PROJECT_START, Decision.APPROVED, 5, 4000
        ),
        ChangeRequest(
            "CR-2", "Second language", "Sales", PROJECT_START, Decision.PENDING, 10, 9000
        ),
    )
    plan = Plan(
        name=f"Generated plan ({task_count} tasks)",
        tasks=tuple(tasks),
        settings=Settings(project_name=f"Portfolio {task_count}", project_start=PROJECT_START),
        holidays=holidays,
        changes=changes,
        risks=(
            Risk("R1", "Vendor goes quiet", 4, 4, "Alex", None),
            Risk("R2", "Data loss in migration", 3, 5, "Sam", "Trial migration first"),
        ),
        charter=(CharterItem("Relaunch the shop", "Online orders", "+20 %", "Owner"),),
        columns={name: number for number, name in enumerate(_FIELDS, start=1)},
    )
    return _with_progress_and_baseline(plan, rng)


def _with_progress_and_baseline(plan: Plan, rng: random.Random) -> Plan:
    """Baseline = the plan as first scheduled; then some growth and progress up to a third."""
    calendar = WorkCalendar.for_plan(plan)
    schedule = compute_schedule(plan, calendar, PROJECT_START).tasks
    finish = max(item.early_finish for item in schedule.values())
    status = PROJECT_START + (finish - PROJECT_START) / 3
    tasks = []
    for task in plan.tasks:
        dates = schedule[task.id]
        cost = task.budget
        changes: dict[str, object] = {
            "baseline_start": dates.early_start,
            "baseline_finish": dates.early_finish,
            "baseline_duration_days": task.duration_days,
            "baseline_cost": cost,
        }
        roll = rng.random()
        if roll < 0.05 and task.duration_days:
            grown = (task.duration_days or 0) + rng.randint(1, 5)
            changes["duration_days"] = grown
            changes["budget"] = (cost or 0) * grown / (task.duration_days or 1)
            changes["change_request"] = "CR-1" if roll < 0.02 else None
        if roll > 0.97:
            changes["deadline"] = dates.early_finish - timedelta(days=rng.choice((0, 3, 10)))
        if dates.early_finish < status:
            changes |= {
                "actual_start": dates.early_start,
                "actual_finish": dates.early_finish,
                "percent_complete": 1.0,
                "status": TaskStatus.DONE,
                "actual_cost": (cost or 0) * rng.uniform(0.9, 1.3),
                "last_update": dates.early_finish,
            }
        elif dates.early_start <= status:
            done = min(
                0.95,
                (status - dates.early_start).days
                / max(1, (dates.early_finish - dates.early_start).days + 1),
            )
            changes |= {
                "actual_start": dates.early_start,
                "percent_complete": round(done, 2),
                "status": TaskStatus.IN_PROGRESS,
                "actual_cost": (cost or 0) * done * rng.uniform(0.9, 1.4),
                "last_update": status - timedelta(days=rng.choice((1, 3, 30))),
            }
        tasks.append(replace(task, **changes))  # type: ignore[arg-type]
    settings = replace(plan.settings, status_date=status)
    return replace(plan, tasks=tuple(tasks), settings=settings)


def _behind(plan: Plan) -> Plan:
    """The plan measured at half its timeline, its progress still that of a third."""
    status, start = plan.settings.status_date, plan.settings.project_start
    assert status is not None
    assert start is not None
    later = start + (status - start) * 3 / 2
    return replace(plan, settings=replace(plan.settings, status_date=later))


def _shuffled(plan: Plan) -> Plan:
    """The plan with its rows in random order (the same order every run), each task a new
    object made in that order, as a reader makes them."""
    tasks = list(plan.tasks)
    random.Random(7).shuffle(tasks)
    return replace(plan, tasks=tuple(replace(task) for task in tasks))


def _chains(plan: Plan) -> Plan:
    """Each task with only its first predecessor."""
    return replace(plan, tasks=tuple(replace(task, links=task.links[:1]) for task in plan.tasks))


SHAPES: dict[str, Callable[[Plan], Plan]] = {
    "portfolio": lambda plan: plan,
    "behind": _behind,
    "shuffled": _shuffled,
    "chains": _chains,
}
"""Plan shapes for the benchmarks, each from the generated plan (the module docstring)."""


# -- the workbook ---------------------------------------------------------------------------

_FIELDS = (
    "id",
    "name",
    "phase",
    "owner",
    "duration",
    "predecessors",
    "start_no_earlier_than",
    "deadline",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "budget",
    "actual_cost",
    "status",
    "last_update",
    "change_request",
    "baseline_start",
    "baseline_finish",
    "baseline_duration",
    "baseline_cost",
)
_HEADERS = (
    "ID",
    "Task",
    "Phase",
    "Owner",
    "Duration",
    "Predecessors",
    "Start No Earlier Than",
    "Deadline",
    "% Complete",
    "Actual Start",
    "Actual Finish",
    "Budget",
    "Actual Cost",
    "Status",
    "Last Update",
    "Change Request",
    "Baseline Start",
    "Baseline Finish",
    "Baseline Duration",
    "Baseline Cost",
)


def _row(task: Task) -> list[object]:
    return [
        int(task.id),
        task.name,
        task.phase,
        task.owner,
        task.duration_days,
        ", ".join(str(link) for link in task.links) or None,
        task.start_no_earlier_than,
        task.deadline,
        task.percent_complete,
        task.actual_start,
        task.actual_finish,
        task.budget,
        None if task.actual_cost is None else round(task.actual_cost, 2),
        task.status.value if task.status else None,
        task.last_update,
        task.change_request,
        task.baseline_start,
        task.baseline_finish,
        task.baseline_duration_days,
        task.baseline_cost,
    ]


def write_workbook(plan: Plan, path: Path) -> Path:
    """Write `plan` as an owner's workbook (openpyxl in write-only mode; dates as real dates)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(list(_HEADERS))
    date_columns = {i for i, name in enumerate(_HEADERS) if name in _DATE_HEADERS}
    percent_column = _HEADERS.index("% Complete")
    for task in plan.tasks:
        values: list[Any] = _row(task)
        for column in date_columns:
            if values[column] is not None:
                cell = WriteOnlyCell(sheet, values[column])
                cell.number_format = "yyyy-mm-dd"
                values[column] = cell
        cell = WriteOnlyCell(sheet, values[percent_column])
        cell.number_format = "0%"
        values[percent_column] = cell
        sheet.append(values)
    settings = book.create_sheet("Settings")
    settings.append(["Setting", "Value"])
    settings.append(["Project", plan.settings.project_name])
    settings.append(["Project Start", plan.settings.project_start])
    settings.append(["Status Date", plan.settings.status_date])
    settings.append(["Work Week", "Mon-Fri"])
    settings.append(["Move Unfinished Work Past Status Date", "Yes"])
    holidays = book.create_sheet("Holidays")
    holidays.append(["Date", "Name"])
    for holiday in plan.holidays:
        holidays.append([holiday.day, holiday.name])
    changes = book.create_sheet("Changes")
    changes.append(
        ["CR ID", "Description", "Requested By", "Date", "Decision", "Days Impact", "Cost Impact"]
    )
    for change in plan.changes:
        changes.append(
            [
                change.id,
                change.description,
                change.requested_by,
                change.requested_on,
                change.decision.value,
                change.days_impact,
                change.cost_impact,
            ]
        )
    risks = book.create_sheet("Risks")
    risks.append(["ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Status"])
    for risk in plan.risks:
        risks.append(
            [
                risk.id,
                risk.description,
                risk.likelihood,
                risk.impact,
                risk.owner,
                risk.mitigation,
                "Open",
            ]
        )
    charter = book.create_sheet("Charter")
    charter.append(["Goal", "Success Measure", "Target", "Owner"])
    for item in plan.charter:
        charter.append([item.goal, item.success_measure, item.target, item.owner])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


_DATE_HEADERS = frozenset(
    {
        "Start No Earlier Than",
        "Deadline",
        "Actual Start",
        "Actual Finish",
        "Last Update",
        "Baseline Start",
        "Baseline Finish",
    }
)


def cached_workbook(name: str, plan: Callable[[], Plan]) -> Path:
    """The plan `plan()` makes, as the workbook `name` in benchmarks/.data: written the first
    time (generation is deterministic), through a temporary file, in a folder git ignores."""
    data = Path(__file__).resolve().parent / ".data"
    data.mkdir(exist_ok=True)
    ignore = data / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    path = data / name
    if not path.exists():
        with tempfile.TemporaryDirectory(dir=data) as folder:
            write_workbook(plan(), Path(folder) / name).replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tasks", type=int, help="number of tasks")
    parser.add_argument("out", type=Path, help="the .xlsx to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="portfolio")
    args = parser.parse_args(argv)
    write_workbook(SHAPES[args.shape](generate_plan(args.tasks, args.seed)), args.out)
    print(f"wrote {args.out} ({args.tasks} tasks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
