"""pmkit's scheduler against MPXJ's Java CPM scheduler (`org.mpxj.cpm.MicrosoftScheduler`).

    pip install mpxj JPype1          # MPXJ's jars; its Python package needs JPype1 too
    python benchmarks/bench_mpxj.py                      # 1k and 10k tasks
    python benchmarks/bench_mpxj.py --sizes 1000 10000 100000 --repeat 5

Java 11+ must be on PATH (or JAVA_HOME set). Without mpxj, JPype1 or a JVM the script
says so in one line and exits 0 — it is an optional comparison, not part of the suite.

For each size it generates the benchmark plan (benchmarks/generate_plan.py) with the
progress stripped (no % complete, no actual dates, no deadlines, Move Unfinished Work =
No), so both schedulers see the bare logic: durations in working days, FS/SS/FF/SF links
with working-day and elapsed-day lags, Start No Earlier Than dates, a Mon–Fri calendar
with the plan's holidays, and the project start. It builds the same network as an MPXJ
`ProjectFile` once (not timed), warms the JVM up, then times, best of --repeat with the
two taking turns in this one process:

* pmkit: `compute_schedule(plan, WorkCalendar.for_plan(plan), status)` (calendar included);
* MPXJ: `MicrosoftScheduler().schedule(project, start)` (one call into the JVM).

Then it cross-checks the answers: every task's early and late start/finish as dates.
MPXJ works in times of day (08:00–17:00, 8 h days): a finish at 17:00 is that day's
date, and a milestone after a finish sits at 17:00 of the predecessor's last day, which
is the "day S−1" convention of docs/scheduling.md, so the dates compare one to one.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan

from pmkit.engine.model import LinkType, Plan
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar

_RELATION_NAMES = {
    LinkType.FS: "FINISH_START",
    LinkType.SS: "START_START",
    LinkType.FF: "FINISH_FINISH",
    LinkType.SF: "START_FINISH",
}
_FIELDS = ("early_start", "early_finish", "late_start", "late_finish")


def start_jvm() -> str | None:
    """Start the JVM with MPXJ's jars; the reason it cannot, in one line, or None."""
    try:
        import jpype
        import mpxj  # noqa: F401 (puts MPXJ's jars on the class path)
    except ImportError as exc:
        return f"bench_mpxj: skipped, {exc.name} is not installed (pip install mpxj JPype1)"
    try:
        jpype.startJVM()
        jpype.JClass("org.mpxj.cpm.MicrosoftScheduler")
    except Exception as exc:  # JVMNotFoundException, a missing class: any reason says skip
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"bench_mpxj: skipped, no JVM with MPXJ could start ({first_line})"
    return None


def bare_logic(plan: Plan) -> Plan:
    """`plan` without progress or deadlines: the pure network both schedulers can share."""
    tasks = tuple(
        replace(
            task,
            percent_complete=0.0,
            actual_start=None,
            actual_finish=None,
            status=None,
            deadline=None,
        )
        for task in plan.tasks
    )
    settings = replace(plan.settings, move_unfinished_work=False)
    return replace(plan, tasks=tasks, settings=settings)


def mpxj_project(plan: Plan) -> Any:
    """The plan as an MPXJ ProjectFile: tasks, links, SNET constraints and the calendar."""
    from java.time import LocalDate, LocalDateTime
    from org.mpxj import (
        ConstraintType,
        Duration,
        ProjectFile,
        Relation,
        RelationType,
        TimeUnit,
    )

    project = ProjectFile()
    calendar = project.addDefaultBaseCalendar()  # Mon–Fri 08:00–12:00, 13:00–17:00
    project.setDefaultCalendar(calendar)
    for holiday in plan.holidays:
        calendar.addCalendarException(LocalDate.of(*holiday.day.timetuple()[:3]))
    zero = Duration.getInstance(0, TimeUnit.DAYS)
    relation_types = {kind: getattr(RelationType, name) for kind, name in _RELATION_NAMES.items()}
    by_id: dict[str, Any] = {}
    for task in plan.tasks:
        item = project.addTask()
        item.setName(task.name)
        days = Duration.getInstance(float(task.duration_days or 0), TimeUnit.DAYS)
        item.setDuration(days)
        item.setRemainingDuration(days)
        item.setActualDuration(zero)
        item.setMilestone(not task.duration_days)
        if task.start_no_earlier_than is not None:
            item.setConstraintType(ConstraintType.START_NO_EARLIER_THAN)
            item.setConstraintDate(
                LocalDateTime.of(*task.start_no_earlier_than.timetuple()[:3], 8, 0)
            )
        by_id[task.id] = item
    for task in plan.tasks:
        for link in task.links:
            unit = TimeUnit.ELAPSED_DAYS if link.elapsed else TimeUnit.DAYS
            by_id[task.id].addPredecessor(
                Relation.Builder()
                .predecessorTask(by_id[link.predecessor])
                .type(relation_types[link.type])
                .lag(Duration.getInstance(float(link.lag_days), unit))
            )
    return project, by_id


def mpxj_dates(by_id: dict[str, Any]) -> dict[str, tuple[tuple[date, int], ...]]:
    """Each task's early and late start/finish from MPXJ, as (date, hour of day)."""
    return {
        task_id: tuple(
            (
                date.fromordinal(_EPOCH_ORDINAL + int(moment.toLocalDate().toEpochDay())),
                int(moment.getHour()),
            )
            for moment in (
                item.getEarlyStart(),
                item.getEarlyFinish(),
                item.getLateStart(),
                item.getLateFinish(),
            )
        )
        for task_id, item in by_id.items()
    }


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def best_of(repeat: int, *runs: Callable[[], object]) -> list[float]:
    """Best wall time in milliseconds of each of `runs`, taking turns, over `repeat` rounds."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, measured in zip(runs, times, strict=True):
            gc.collect()
            started = time.perf_counter()
            run()
            measured.append(time.perf_counter() - started)
    return [min(measured) * 1000 for measured in times]


def compare(  # noqa: PLR0912 - one tally per date kind, read top to bottom
    plan: Plan, schedule: Schedule, theirs: dict[str, tuple[tuple[date, int], ...]]
) -> tuple[Counter[str], Counter[str], list[str]]:
    """Per date, how many tasks agree (as dates and as instants); the differences by kind.

    Both answers become instants in working-day indices (08:00 on working day i is i,
    17:00 is i + 1; pmkit's shown finish is the end of its day, and so is a milestone's
    day when it follows a finish, docs/scheduling.md). A date that differs at the same instant is
    only named differently. A different instant is a root when no predecessor (early
    dates) or successor (late dates) is off too; the rest follow from a root.
    """
    calendar = WorkCalendar.for_plan(plan)
    agree: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    tasks = {task.id: task for task in plan.tasks}
    successors: dict[str, list[str]] = {task_id: [] for task_id in tasks}
    for task in plan.tasks:
        for link in task.links:
            successors[link.predecessor].append(task.id)
    off: dict[str, set[str]] = {"early": set(), "late": set()}
    for task_id, moments in theirs.items():
        task, ours = tasks[task_id], schedule.tasks[task_id]
        mine = tuple(getattr(ours, field) for field in _FIELDS)
        agree["all four dates"] += mine == tuple(day for day, _ in moments)
        # docs/scheduling.md: a milestone after a finish (FS or FF) shows the day before its index.
        end_of_day = not task.duration_days and any(
            link.type in (LinkType.FS, LinkType.FF) for link in task.links
        )
        for field, a, (b, hour) in zip(_FIELDS, mine, moments, strict=True):
            side = field.split("_", maxsplit=1)[0]
            is_finish = field.endswith("finish") and bool(task.duration_days)
            ours_at = calendar.index_on_or_after(a) + (end_of_day or is_finish)
            theirs_at = calendar.index_on_or_after(b) + (hour >= 12)
            agree[field] += a == b
            agree[f"{field} instant"] += ours_at == theirs_at
            if ours_at != theirs_at:
                off[side].add(task_id)
            elif a != b:
                if not task.duration_days:
                    name = "milestone on a day boundary"
                elif not calendar.is_working(b):
                    name = "MPXJ starts on the non-working day of a Start No Earlier Than"
                else:
                    name = "unexplained"
                kinds[f"same instant, another day, {side} dates: {name}"] += 1
    elapsed_out = {link.predecessor for task in plan.tasks for link in task.links if link.elapsed}
    samples = []
    for side, neighbours in (
        ("early", lambda task_id: [link.predecessor for link in tasks[task_id].links]),
        ("late", lambda task_id: successors[task_id]),
    ):
        for task_id in sorted(off[side], key=int):
            if any(other in off[side] for other in neighbours(task_id)):
                kinds[f"another instant, {side} dates: follows from a root below"] += 1
                continue
            task = tasks[task_id]
            cause = "unexplained"
            if side == "early" and any(link.elapsed for link in task.links):
                cause = "elapsed lag on a link into it"
            elif side == "late" and task_id in elapsed_out:
                cause = "elapsed lag on a link out of it"
            elif side == "early" and task.start_no_earlier_than is not None:
                cause = "Start No Earlier Than"
            kinds[f"another instant, {side} dates: root, {cause}"] += 1
            if len(samples) < 12 or cause == "unexplained":
                sample = _root(task, schedule, theirs[task_id], side, successors[task_id])
                samples.append(f"{sample} [{cause}]")
    return agree, kinds, samples


def _root(
    task: Any,
    schedule: Schedule,
    moments: tuple[tuple[date, int], ...],
    side: str,
    successors: list[str],
) -> str:
    """One root disagreement, with what it hangs on."""
    ours = schedule.tasks[task.id]
    index = 0 if side == "early" else 2
    links = " ".join(str(link) for link in task.links) or "no links"
    return (
        f"  task {task.id} ({task.duration_days} d; {links}; SNET {task.start_no_earlier_than};"
        f" successors {' '.join(successors) or 'none'}) {side} start/finish:"
        f" pmkit {getattr(ours, _FIELDS[index])} {getattr(ours, _FIELDS[index + 1])},"
        f" MPXJ {_moment(moments[index])} {_moment(moments[index + 1])}"
    )


def _same_instant(
    calendar: WorkCalendar, ours: date, end_of_day: bool, theirs: date, hour: int
) -> bool:
    """pmkit's milestone day (its end or its start) and MPXJ's moment are the same instant."""
    if end_of_day:  # 17:00 on `ours` is 08:00 on the next working day
        return hour < 12 and theirs == calendar.add_workdays(ours, 1)
    return hour >= 12 and ours == calendar.add_workdays(theirs, 1)


def _moment(moment: tuple[date, int]) -> str:
    return f"{moment[0]} {moment[1]:02d}:00"


_LEGEND = """
How to read the differences (instants: 08:00 of working day i is i, 17:00 is i + 1):
* same instant, another day: only the name of the day differs. A milestone on a day
  boundary: MPXJ keeps times of day, pmkit names whole days (docs/scheduling.md: a milestone after
  a finish shows the day that just ended; otherwise the day it starts), so 17:00 Friday
  and 08:00 Monday are one instant named twice. MPXJ also starts a task on the Saturday
  or Sunday of a Start No Earlier Than at 08:00 (work begins Monday either way), where
  pmkit, like Microsoft Project, names the next working day.
* another instant, root, elapsed lag on a link into it (SF/FF with `ed`): MPXJ first
  turns the predecessor's instant into the successor's start, then adds the calendar
  days to that start; pmkit adds them to the link's instant (docs/scheduling.md), so a weekend
  inside the lag counts in one and not in the other.
* another instant, root, elapsed lag on a link out of it (late dates): MPXJ's backward
  pass subtracts the calendar days and rounds to working time, which is not the inverse
  of its forward step; pmkit's late date is the latest its own forward rule accepts.
* follows from a root: a successor (early) or predecessor (late) of a root moved with it.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    reason = start_jvm()
    if reason is not None:
        print(reason)
        return 0
    from java.time import LocalDateTime
    from org.mpxj.cpm import MicrosoftScheduler

    rows, checks = [], []
    for size in args.sizes:
        plan = bare_logic(generate_plan(size))
        start = plan.settings.project_start or date(2026, 1, 5)
        status = plan.settings.status_date or start
        project, by_id = mpxj_project(plan)
        start_at = LocalDateTime.of(start.year, start.month, start.day, 8, 0)

        def ours(plan: Plan = plan, status: date = status) -> Schedule:
            return compute_schedule(plan, WorkCalendar.for_plan(plan), status)

        scheduler = MicrosoftScheduler()

        def theirs(project: Any = project, start_at: Any = start_at, run: Any = scheduler) -> None:
            run.schedule(project, start_at)

        for _ in range(3 if size >= 100_000 else 10):  # let the JIT compile the hot paths
            theirs()
        pmkit_ms, mpxj_ms = best_of(args.repeat, ours, theirs)
        rows.append((size, pmkit_ms, mpxj_ms))
        theirs()
        checks.append((size, len(by_id), *compare(plan, ours(), mpxj_dates(by_id))))

    print(f"{'tasks':>8} {'pmkit ms':>10} {'MPXJ ms':>10} {'MPXJ / pmkit':>13}")
    for size, pmkit_ms, mpxj_ms in rows:
        print(f"{size:>8,} {pmkit_ms:>10.1f} {mpxj_ms:>10.1f} {mpxj_ms / pmkit_ms:>12.1f}x")
    print()
    for size, total, agree, kinds, samples in checks:
        counts = ", ".join(f"{field} {agree[field]:,}" for field in (*_FIELDS, "all four dates"))
        instants = ", ".join(f"{field} {agree[field + ' instant']:,}" for field in _FIELDS)
        print(f"{size:,} tasks, out of {total:,}, dates that agree: {counts}")
        print(f"  and instants that agree: {instants}")
        for kind, count in kinds.most_common():
            print(f"  {count:>5,} {kind}")
        if samples:
            print("  the roots of the other disagreements (a sample):")
            print("\n".join(samples))
    print(_LEGEND)
    return 0


if __name__ == "__main__":
    sys.exit(main())
