"""How fast `pmkit.analyze` is beside a networkx CPM, on several plan shapes, and where its
time goes, stage by stage.

    python benchmarks/bench_analyze.py          # 10,000 and 100,000 tasks, every shape (~3 min)
    python benchmarks/bench_analyze.py --sizes 10000 --repeat 7 --shapes portfolio

The first table puts `analyze` beside the networkx CPM of `bench_engine.py` (the targets:
`analyze` at least 3 times faster than it at 10,000 tasks, at most 700 ms at 100,000). For
each shape and size the three take turns in every round — `analyze` (its findings are
grouped and worded when first read), `analyze` with every finding read, the networkx CPM —
so load from other processes hits them alike; each figure is the best round, in
milliseconds of this process's CPU time (the machine is shared: the minimum is the honest
one), and the load average is printed before and after.

The shapes start from benchmarks/generate_plan.py (sub-projects of ~400 tasks, ~1.7 links
per task, every task baselined and budgeted, progress on the first third of the timeline):

* portfolio — as generated;
* behind    — the same plan measured at half its timeline with the progress of a third:
              thousands of overdue, stalled and slipping tasks to flag and word;
* shuffled  — its rows in random order (the scheduler sorts them);
* chains    — each task keeps only its first predecessor (long thin chains, ahead of the
              baseline).

The second table times each stage of `analyze` on its own on the first shape (in the
order `analyze` runs them, each fed the previous stages' results), best of `--repeat` at
10,000 tasks (fewer at larger sizes, at least 2), CPU time without the cyclic collector
(as `analyze` runs), then how many times the first size the last one costs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import networkx_cpm
from generate_plan import SHAPES, generate_plan

from pmkit.engine.analysis import analyze, task_days
from pmkit.engine.findings import group_findings
from pmkit.engine.flags import find_governance_flags, find_scope_flags
from pmkit.engine.health import check_plan_health
from pmkit.engine.loads import compute_workload
from pmkit.engine.model import Plan
from pmkit.engine.progress import ProgressWords, find_waits, scan_progress
from pmkit.engine.results import TaskTable
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.scope import find_scope_changes
from pmkit.engine.status import rate_project, write_status_text
from pmkit.engine.unscheduled import find_unscheduled
from pmkit.engine.validation import validate_plan
from pmkit.engine.variance import (
    WorkdayIndex,
    compute_earned_value,
    plan_baselines,
    project_baseline_finish,
    slip_days,
)
from pmkit.engine.workdays import WorkCalendar


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in milliseconds of this process's CPU time.

    CPU time rather than wall time: on a shared machine other processes' load would
    otherwise show up as our time (the two agree on an idle machine).
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # as `analyze` runs: without the cyclic collector
        try:
            start = time.process_time()
            run()
            times.append((time.process_time() - start) * 1000)
        finally:
            gc.enable()
    return min(times)


def stages(plan: Plan, repeat: int) -> list[tuple[str, float]]:
    """Each pipeline stage timed on its own, with the inputs the earlier stages produce."""
    status = plan.settings.status_date
    assert status is not None
    calendar = WorkCalendar.for_plan(plan)
    index = WorkdayIndex(calendar)
    schedule = compute_schedule(plan, calendar, status)
    issues = [*validate_plan(plan, status), *schedule.issues]
    baselines = plan_baselines(plan)
    days = task_days(schedule, baselines, index)
    slots = days.slots
    rows = TaskTable.deferred(len(plan.tasks), lambda slot: days.row(slot, plan.tasks[slot]), slots)
    earned = compute_earned_value(plan, index, status, baselines, days.done)
    scope = find_scope_changes(plan, baselines, index)
    scan = scan_progress(plan, days, index, status)
    progress = scan.progress
    words = ProgressWords(plan, rows, index, status, days=days)
    finish = project_baseline_finish(plan)
    slip = slip_days(index, schedule.project_finish, finish)
    others = [*issues, *find_scope_flags(plan, scope), *find_governance_flags(plan, True)]
    measured = [
        ("schedule (calendar + CPM)", lambda: compute_schedule(plan, calendar, status)),
        (
            "validate",
            lambda: validate_plan(plan, status, days=schedule.days, baselines=baselines),
        ),
        ("what could not be scheduled", lambda: find_unscheduled(plan, schedule.tasks, issues)),
        ("baselines", lambda: plan_baselines(plan)),
        ("task days + slip", lambda: task_days(schedule, baselines, index)),
        (
            "earned value + earned schedule",
            lambda: compute_earned_value(plan, index, status, baselines, days.done),
        ),
        ("scope", lambda: find_scope_changes(plan, baselines, index)),
        ("progress flags: decide (scan)", lambda: scan_progress(plan, days, index, status)),
        (
            "workload (people)",
            lambda: compute_workload(
                plan,
                days,
                calendar,
                index,
                status_date=status,
                progress=progress,
                waits=find_waits(plan, days, scan.marks, scan.slipping),  # nothing answered yet
            ),
        ),
        (
            "scope + governance flags",
            lambda: (find_scope_flags(plan, scope), find_governance_flags(plan, True)),
        ),
        (
            "plan health (DCMA 14)",
            lambda: check_plan_health(
                plan,
                days,
                index,
                status,
                project_start=schedule.project_start,
                project_finish=schedule.project_finish,
                project_slip=slip,
                baselined=True,
            ),
        ),
        (
            "status + paragraph",
            lambda: write_status_text(
                plan,
                days,
                rate_project(plan, days, progress, slip, earned),
                status_date=status,
                slip=slip,
                forecast_finish=schedule.project_finish,
                baseline_finish=finish,
                earned=earned,
                critical_path=schedule.critical_path,
                slots=slots,
            ),
        ),
        (
            "(findings: group + word headlines, on first read)",
            lambda: group_findings(
                plan,
                rows,
                others,
                scan=replace(scan, waits=find_waits(plan, days, scan.marks, scan.slipping)),
                words=words,
                scope=scope,
                slot_of_id=slots,
                days=days,
            ),
        ),
        (
            "(task rows with dates, when every one is read)",
            lambda: list(
                TaskTable.deferred(
                    len(plan.tasks), lambda slot: days.row(slot, plan.tasks[slot]), slots
                )
            ),
        ),
    ]
    return [(name, best_of(repeat, run)) for name, run in measured]


def side_by_side(repeat: int, *runs: Callable[[], object]) -> list[float]:
    """The best CPU time in milliseconds of each of `runs`, taking turns in every round
    (a full collection before each; the collector as the run leaves it)."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, measured in zip(runs, times, strict=True):
            gc.collect()
            started = time.process_time()
            run()
            measured.append(time.process_time() - started)
    return [min(measured) * 1000 for measured in times]


def _load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def compare(sizes: list[int], shapes: list[str], repeat: int) -> None:
    """The first table: `analyze` beside the networkx CPM, per shape and size."""
    print(
        f"\nanalyze beside a networkx CPM, ms of CPU time, best of interleaved rounds ({_load()})"
    )
    head = ("shape", "tasks", "analyze", "+ every finding", "networkx CPM", "networkx / analyze")
    print(f"  {head[0]:<10}{head[1]:>8}{head[2]:>10}{head[3]:>17}{head[4]:>14}{head[5]:>20}")
    for size in sizes:
        base = generate_plan(size)
        rounds = max(2, min(repeat, round(repeat * 10_000 / size)))
        for shape in shapes:
            plan = SHAPES[shape](base)
            calendar = WorkCalendar.for_plan(plan)
            analyzed, every, networkx = side_by_side(
                rounds,
                lambda plan=plan: analyze(plan),  # type: ignore[misc]
                lambda plan=plan: len(analyze(plan).issues),  # type: ignore[misc]
                lambda plan=plan, calendar=calendar: networkx_cpm(plan, calendar),  # type: ignore[misc]
            )
            print(
                f"  {shape:<10}{size:>8,}{analyzed:>10.1f}{every:>17.1f}{networkx:>14.1f}"
                f"{networkx / analyzed:>19.1f}x",
                flush=True,
            )
    print(f"  ({_load()})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="rounds at 10,000 tasks")
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--no-stages", action="store_true", help="only the first table")
    args = parser.parse_args(argv)
    compare(args.sizes, args.shapes, args.repeat)
    if not args.no_stages:
        print_stages(args.sizes, SHAPES[args.shapes[0]], args.repeat)
    return 0


def print_stages(sizes: list[int], shape: Callable[[Plan], Plan], repeat_at_10k: int) -> None:
    """The second table: each stage of `analyze` on its own, a column per size."""
    columns: list[tuple[str, dict[str, float]]] = []
    findings: list[str] = []
    for size in sizes:
        repeat = max(2, min(repeat_at_10k, round(repeat_at_10k * 10_000 / size)))
        plan = shape(generate_plan(size))
        result = analyze(plan)
        rows = dict(stages(plan, repeat))
        rows["sum of stages"] = sum(ms for name, ms in rows.items() if not name.startswith("("))
        rows["analyze end to end"] = best_of(repeat, lambda plan=plan: analyze(plan))  # type: ignore[misc]
        rows["analyze + read every finding"] = best_of(
            repeat,
            lambda plan=plan: len(analyze(plan).issues),  # type: ignore[misc]
        )
        columns.append((f"{size:,} (best of {repeat})", rows))
        findings.append(
            f"{len(result.issues):,} grouping {len(result.cell_issues()):,} at {size:,} tasks"
        )
    names = list(columns[0][1])
    width = max(len(name) for name in names) + 2
    heads = [head for head, _ in columns]
    ratio = len(columns) > 1
    print(f"\nanalyze, ms of CPU time per stage, by plan size (findings: {'; '.join(findings)})")
    print(
        f"  {'':<{width}}"
        + "".join(f"{head:>20}" for head in heads)
        + ("   ratio" if ratio else "")
    )
    for name in names:
        figures = [rows[name] for _, rows in columns]
        line = f"  {name:<{width}}" + "".join(f"{ms:20.1f}" for ms in figures)
        if ratio and figures[0] > 0:
            line += f"{figures[-1] / figures[0]:7.1f}x"
        print(line)


if __name__ == "__main__":
    sys.exit(main())
