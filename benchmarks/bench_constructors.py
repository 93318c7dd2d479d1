"""Does each fast constructor (`pmkit.engine.frozen.fast_constructor`) pay for itself?

    python benchmarks/bench_constructors.py
    python benchmarks/bench_constructors.py --repeat 9

For each frozen dataclass built in bulk, builds as many objects as a 10,000-task plan
needs, once through the class and once through its fast constructor (turns taken, best of
`--repeat`, with the cyclic collector paused as `read_plan` and `analyze` run), and prints
both and the time saved. The rule (docs/architecture.md): keep the fast constructor where
it saves about a millisecond or more at 10,000 tasks; elsewhere the class is built as it is.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from dataclasses import astuple
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan

import pmkit
from pmkit.engine.frozen import fast_constructor
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Link, Task
from pmkit.engine.results import ScheduledTask, TaskResult

DAY = date(2026, 3, 6)


def _time(build: Callable[..., object], values: list[tuple[object, ...]]) -> float:
    gc.disable()
    try:
        started = time.perf_counter()
        for args in values:
            build(*args)
        return (time.perf_counter() - started) * 1000
    finally:
        gc.enable()


def sites(size: int) -> list[tuple[str, type, list[tuple[object, ...]]]]:
    """(what, class, the arguments of every object a plan of `size` tasks builds)."""
    plan = generate_plan(size)
    links = {str(link): link for task in plan.tasks for link in task.links}
    analysis = pmkit.analyze(plan)
    cells = analysis.cell_issues()
    worded = [issue for issue in cells if issue.location is not None]
    row = ("7", "Build", 3, DAY, DAY, DAY, DAY, 0, 1, True, DAY, DAY, None, 2)
    return [
        ("Task: one per Plan row (read_plan)", Task, [astuple(task) for task in plan.tasks]),
        (
            "Link: one per distinct Predecessors token (read_plan)",
            Link,
            [astuple(link) for link in links.values()],
        ),
        ("TaskResult: one per task (Analysis.tasks)", TaskResult, [row] * size),
        (
            "ScheduledTask: one per task (Schedule.tasks)",
            ScheduledTask,
            [("7", DAY, DAY, DAY, DAY, 0, 1, True)] * size,
        ),
        (
            "Issue: one per per-cell finding, every one read",
            Issue,
            [(i.severity, i.code, i.location, i.task_id, i.message) for i in cells],
        ),
        (
            "Location: one per per-cell finding, every one read",
            Location,
            [(i.location.sheet, i.location.row, i.location.column) for i in worded if i.location],
        ),
        (
            "Issue: headline findings only (analyze + read the list)",
            Issue,
            [(Severity.WARNING, Code.SLIPPING_TASK, None, "7", "late")] * len(analysis.issues),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"{'objects built for a plan of ' + format(args.size, ',') + ' tasks':<58}"
          f"{'count':>8}{'class':>10}{'fast':>9}{'saved':>9}")  # fmt: skip
    for what, cls, values in sites(args.size):
        fast = fast_constructor(cls)
        plain_ms, fast_ms = [], []
        for _ in range(args.repeat):
            plain_ms.append(_time(cls, values))
            fast_ms.append(_time(fast, values))
        plain, quick = min(plain_ms), min(fast_ms)
        print(
            f"{what:<58}{len(values):>8,}{plain:>7.1f} ms{quick:>6.1f} ms{plain - quick:>6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
