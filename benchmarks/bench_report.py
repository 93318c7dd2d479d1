"""How long `pmkit report` takes end to end, and where the time goes.

    python benchmarks/bench_report.py                 # 10,000 tasks
    python benchmarks/bench_report.py --sizes 1000 10000 --repeat 3

For each size: read (`read_plan`), analyze, build the output sheets (typed data),
then the two ways of writing — the default report copy (the whole plan workbook plus
the output sheets) and `--in-place` — each through the safe writer (openpyxl load,
render, save to a temporary file, package inventory before and after, rename), and the
command line end to end. Figures are the best of `--repeat` runs (the machine is shared).
The budget from issue 3: the whole `pmkit report` ≤ 5 s at 10,000 tasks.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan, write_workbook

import pmkit
from pmkit.cli import main as cli_main
from pmkit.outputs import build_output_sheets
from pmkit.report import write_report
from pmkit.report.parts import inventory

BUDGET_SECONDS = 5.0


def _best(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def bench(tasks: int, repeat: int, folder: Path) -> list[tuple[str, float]]:
    plan_path = write_workbook(generate_plan(tasks), folder / f"plan-{tasks}.xlsx")
    plan = pmkit.read_plan(plan_path)
    analysis = pmkit.analyze(plan)
    in_place = folder / f"in-place-{tasks}.xlsx"
    shutil.copy(plan_path, in_place)
    return [
        ("read_plan", _best(repeat, lambda: pmkit.read_plan(plan_path))),
        ("analyze", _best(repeat, lambda: pmkit.analyze(plan))),
        ("build output sheets (typed data)", _best(repeat, lambda: build_output_sheets(analysis))),
        ("package inventory (one file)", _best(repeat, lambda: inventory(plan_path))),
        ("write_report: new report copy", _best(repeat, lambda: write_report(analysis))),
        (
            "read + analyze + write_report --in-place",
            _best(
                repeat,
                lambda: write_report(pmkit.analyze(pmkit.read_plan(in_place)), in_place=True),
            ),
        ),
        (
            "pmkit report PLAN (command line, end to end)",
            _best(repeat, lambda: cli_main(["report", str(plan_path)])),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            rows = bench(size, args.repeat, Path(tmp))
            print(f"\npmkit report, {size:,} tasks (best of {args.repeat})")
            print(f"{'step':<48}{'seconds':>10}")
            for name, seconds in rows:
                print(f"{name:<48}{seconds:>10.3f}")
            end_to_end = rows[-1][1]
            verdict = "within" if end_to_end <= BUDGET_SECONDS else "OVER"
            print(f"{'budget (issue 3)':<48}{BUDGET_SECONDS:>10.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
