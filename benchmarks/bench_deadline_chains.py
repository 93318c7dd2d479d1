"""What a deadline on every task of one long chain costs the grouping of findings.

    python benchmarks/bench_deadline_chains.py                    # 1,000 to 10,000 tasks
    python benchmarks/bench_deadline_chains.py --sizes 1000 4000 --repeat 5

Each plan is one chain of N one-day tasks, each linked finish-to-start to the one before
it and each with a deadline of 3 March 2026, the project starting on 2 March: every task
misses its deadline, and every deadline is driven by the whole chain before it (the case
of an owner who puts a deadline on every row). Prints, for each N, the best of `--repeat`
runs of `analyze` and of reading its findings and this week's actions (the findings are
grouped and worded when first read: that is where each deadline's chain is followed), in
milliseconds of this process's CPU time, then of every problem's action (what the morning
digests send: `problem_actions`). Before the chains were shared (docs/findings.md, Speed)
the second and third figures grew with N².
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import date

from pmkit.engine.actions import problem_actions
from pmkit.engine.analysis import Analysis, analyze
from pmkit.engine.model import Link, LinkType, Plan, Settings, Task


def chain_plan(size: int) -> Plan:
    """One chain of `size` one-day tasks, each with a deadline it misses."""
    deadline = date(2026, 3, 3)
    tasks = tuple(
        Task(
            str(i),
            f"T{i}",
            1,
            row=i + 2,
            links=(Link(str(i - 1), LinkType.FS, 0),) if i else (),
            deadline=deadline,
        )
        for i in range(size)
    )
    start = date(2026, 3, 2)
    return Plan("chain", tasks, Settings(project_start=start, status_date=start))


def read_findings(result: Analysis) -> int:
    """Group and word the findings and this week's actions; how many findings."""
    list(result.this_week)
    return len(result.issues)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'tasks':>7} {'analyze ms':>11} {'findings ms':>12} {'findings':>9} {'actions ms':>11}")
    for size in args.sizes:
        plan = chain_plan(size)
        best_analyze = best_findings = best_actions = float("inf")
        count = 0
        for _ in range(args.repeat):
            gc.collect()
            started = time.process_time()
            result = analyze(plan)
            middle = time.process_time()
            count = read_findings(result)
            ended = time.process_time()
            problem_actions(result)
            acted = time.process_time()
            best_analyze = min(best_analyze, (middle - started) * 1000)
            best_findings = min(best_findings, (ended - middle) * 1000)
            best_actions = min(best_actions, (acted - ended) * 1000)
        print(
            f"{size:>7,} {best_analyze:>11.0f} {best_findings:>12.0f} {count:>9,}"
            f" {best_actions:>11.0f}"
        )


if __name__ == "__main__":
    main()
