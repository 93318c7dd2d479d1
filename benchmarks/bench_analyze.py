"""How long `pmkit.analyze` takes, stage by stage: validation, schedule, flags, workload ….

    python benchmarks/bench_analyze.py          # 10,000 and 100,000 tasks (about a minute)
    python benchmarks/bench_analyze.py --sizes 1000 10000 --repeat 7

Prints one table, a column per size: each stage of the pipeline run on its own (in the
order `analyze` runs them, each fed the previous stages' results), `analyze` end to end
(its findings are grouped and worded when first read) and `analyze` with every finding
read, then how many times the first size the last one costs (the targets: 60 ms at
10,000 tasks, 700 ms at 100,000, under 12 times). Figures are the best of `--repeat`
runs at 10,000 tasks (fewer at larger sizes, at least 2), in milliseconds of CPU time:
the machine is shared, so the minimum is the honest one. Plans come from
benchmarks/generate_plan.py: every task baselined and budgeted, a third of the timeline
done, some growth approved and some not.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan

from pmkit.engine.analysis import analyze, task_rows
from pmkit.engine.findings import group_findings
from pmkit.engine.flags import find_governance_flags, find_scope_flags
from pmkit.engine.health import check_plan_health
from pmkit.engine.lateness import task_slots
from pmkit.engine.loads import compute_workload
from pmkit.engine.model import Plan
from pmkit.engine.progress import ProgressWords, find_progress_flags, scan_progress
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.scope import find_scope_changes
from pmkit.engine.status import rate_project, write_status_text
from pmkit.engine.validation import validate_plan
from pmkit.engine.variance import (
    WorkdayIndex,
    compute_earned_value,
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
    baselines, rows = task_rows(plan, schedule, index)
    earned = compute_earned_value(plan, index, status, baselines)
    scope = find_scope_changes(plan, baselines)
    scan = scan_progress(plan, rows, status)
    progress = scan.progress
    words = ProgressWords(plan, rows, index, status)
    finish = project_baseline_finish(plan)
    slip = slip_days(index, schedule.project_finish, finish)
    others = [
        *validate_plan(plan, status),
        *schedule.issues,
        *find_scope_flags(plan, scope),
        *find_governance_flags(plan, True),
    ]
    slots = task_slots(plan)
    rating = rate_project(plan, rows, progress, slip, earned)
    measured = [
        ("validate", lambda: validate_plan(plan, status)),
        ("schedule (calendar + CPM)", lambda: compute_schedule(plan, calendar, status)),
        ("task rows + slip", lambda: task_rows(plan, schedule, index)),
        (
            "earned value + earned schedule",
            lambda: compute_earned_value(plan, index, status, baselines),
        ),
        ("scope", lambda: find_scope_changes(plan, baselines)),
        ("progress flags: decide (scan)", lambda: scan_progress(plan, rows, status)),
        (
            "workload (people)",
            lambda: compute_workload(
                plan, rows, calendar, index, status_date=status, progress=progress
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
                rows,
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
                rows,
                rate_project(plan, rows, progress, slip, earned),
                status_date=status,
                slip=slip,
                forecast_finish=schedule.project_finish,
                baseline_finish=finish,
                earned=earned,
            ),
        ),
        (
            "findings: group + word headlines (on first read)",
            lambda: group_findings(
                plan, rows, others, scan=scan, words=words, scope=scope, slot_of_id=slots
            ),
        ),
        (
            "(every progress finding worded, for comparison)",
            lambda: find_progress_flags(plan, rows, index, status),
        ),
    ]
    del rating
    return [(name, best_of(repeat, run)) for name, run in measured]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs at 10,000 tasks")
    args = parser.parse_args(argv)
    columns: list[tuple[str, dict[str, float]]] = []
    findings: list[str] = []
    for size in args.sizes:
        repeat = max(2, min(args.repeat, round(args.repeat * 10_000 / size)))
        plan = generate_plan(size)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
