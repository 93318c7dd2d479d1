"""The reading and writing edges in one interleaved run, on several plan shapes.

    python benchmarks/bench_edges.py                          # this checkout
    python benchmarks/bench_edges.py --before /tmp/pmkit-main # and another, in the same rounds
    python benchmarks/bench_edges.py --shapes portfolio --repeat 2

Measures, per shape (benchmarks/generate_plan.py: every task baselined and budgeted,
progress on the first third of the timeline; shapes portfolio, behind, shuffled, chains):

* `read_plan` at 10,000 tasks beside python-calamine's raw read of the same Plan sheet
  (open, parse, values): the target is at most 2 times;
* `pmkit schedule --format text` and `--format json` at 50,000 tasks: JSON no slower;
* `pmkit baseline --force` at 10,000 tasks (on a fresh copy each time): at most 5 s.

Every measure runs in its own Python process, from the checkout given (`--before DIR`
puts DIR first on the path: make one with `git archive main | tar -x -C DIR`). Each round
runs every measure of every shape for each checkout in turn, so load from other processes
hits them alike; a figure is the best round. The reads are timed inside the process (CPU
time, the two reads taking turns); the commands by the CPU time (user + system) the
process used, start-up included, and its peak memory, run as from an owner's shell
(buffered output, compiled modules kept). The load average is printed before and after.
Workbooks are generated once into benchmarks/.data.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
READ_TASKS, SCHEDULE_TASKS, BASELINE_TASKS = 10_000, 50_000, 10_000
SHAPES = ("portfolio", "behind", "shuffled", "chains")
_NOT_AN_OWNERS = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")
"""Settings of this machine's sessions that an owner's shell does not have: unbuffered
output (a write per piece of JSON) and no compiled modules (a second of start-up)."""


def workbook(shape: str, size: int) -> Path:
    """The generated plan of `shape` as .xlsx in benchmarks/.data (written once)."""
    sys.path.insert(0, str(HERE))
    from generate_plan import SHAPES as RESHAPE
    from generate_plan import cached_workbook, generate_plan

    return cached_workbook(
        f"edges-{shape}-{size}.xlsx", lambda: RESHAPE[shape](generate_plan(size))
    )


# -- in the measured process --------------------------------------------------------------


def read_worker(path: Path, repeat: int) -> None:
    """Print the best CPU milliseconds of calamine's raw read and of read_plan, in turns."""
    import python_calamine

    import pmkit

    def calamine() -> object:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_name("Plan").to_python()

    runs: dict[str, Callable[[], object]] = {
        "calamine": calamine,
        "read_plan": lambda: pmkit.read_plan(path),
    }
    for run in runs.values():  # once untimed: the modules each imports on first use
        run()
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.process_time()
            run()
            best[name] = min(best[name], (time.process_time() - started) * 1000)
    print(json.dumps(best))


# -- the measuring process ----------------------------------------------------------------


def run_child(argv: list[str], tree: Path) -> tuple[float, float, float, str]:
    """CPU seconds (user + system), wall seconds and peak MB of one process run from the
    checkout `tree` (first on its path, and its folder); and the start of its output."""
    path = [str(tree), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    for name in _NOT_AN_OWNERS:
        env.pop(name, None)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        command = [sys.executable, *argv]
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=tree)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time and memory
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed: {err.read().decode().strip()}")
        out.seek(0)
        head = out.read(4096).decode(errors="replace")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, head


def measures(shape: str, tree: Path, repeat: int) -> dict[str, tuple[float, ...]]:
    """One round of every measure of `shape` with the checkout `tree`."""
    found: dict[str, tuple[float, ...]] = {}
    read = workbook(shape, READ_TASKS)
    *_, output = run_child([__file__, "--worker", str(read), "--repeat", str(repeat)], tree)
    best = json.loads(output)
    found["calamine raw read, 10k (ms CPU)"] = (best["calamine"],)
    found["read_plan, 10k (ms CPU)"] = (best["read_plan"],)
    big = workbook(shape, SCHEDULE_TASKS)
    for kind in ("text", "json"):
        cpu, wall, memory, _ = run_child(
            ["-m", "pmkit", "schedule", str(big), "--format", kind], tree
        )
        found[f"pmkit schedule --format {kind}, 50k (s)"] = (cpu, wall, memory)
    source = workbook(shape, BASELINE_TASKS)
    with tempfile.TemporaryDirectory(dir=source.parent) as folder:
        copy = Path(folder) / "plan.xlsx"
        shutil.copyfile(source, copy)
        cpu, wall, memory, _ = run_child(["-m", "pmkit", "baseline", str(copy), "--force"], tree)
    found["pmkit baseline --force, 10k (s)"] = (cpu, wall, memory)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--repeat", type=int, default=3, help="rounds (and reads per round)")
    parser.add_argument("--before", type=Path, help="another checkout, measured in turn")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        read_worker(args.worker, args.repeat)
        return 0
    trees = {"this": HERE.parent}
    if args.before is not None:
        trees["before"] = args.before.resolve()
    for shape in args.shapes:  # generate first, outside the timed rounds
        for size in {READ_TASKS, SCHEDULE_TASKS, BASELINE_TASKS}:
            workbook(shape, size)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    best: dict[tuple[str, str, str], tuple[float, ...]] = {}
    for _ in range(args.repeat):
        for shape in args.shapes:
            for label, tree in trees.items():
                for name, figures in measures(shape, tree, args.repeat).items():
                    key = (shape, name, label)
                    best[key] = min(best.get(key, figures), figures)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    _print(best, args.shapes, list(trees))
    return 0


def _print(
    best: dict[tuple[str, str, str], tuple[float, ...]], shapes: list[str], labels: list[str]
) -> None:
    names = sorted({name for _, name, _ in best}, key=_order)
    width = max(len(name) for name in names) + 2
    heading = "".join(f"{label:>34}" for label in labels)
    for shape in shapes:
        print(f"\n{shape}\n{'measure':<{width}}{heading}")
        for name in names:
            cells = []
            for label in labels:
                figures = best[(shape, name, label)]
                if len(figures) == 1:
                    cells.append(f"{figures[0]:>34.1f}")
                else:
                    cpu, wall, memory = figures
                    cells.append(f"{f'{cpu:.2f} CPU, {wall:.2f} wall, {memory:.0f} MB':>34}")
            print(f"{name:<{width}}{''.join(cells)}")
        for label in labels:
            ratio = (
                best[(shape, "read_plan, 10k (ms CPU)", label)][0]
                / best[(shape, "calamine raw read, 10k (ms CPU)", label)][0]
            )
            json_cpu = best[(shape, "pmkit schedule --format json, 50k (s)", label)][0]
            text_cpu = best[(shape, "pmkit schedule --format text, 50k (s)", label)][0]
            print(
                f"  {label}: read_plan / calamine {ratio:.2f}×; "
                f"schedule json / text {json_cpu / text_cpu:.2f}× (CPU)"
            )


def _order(name: str) -> int:
    for number, start in enumerate(("calamine", "read_plan", "pmkit schedule", "pmkit base")):
        if name.startswith(start):
            return number
    return 9


if __name__ == "__main__":
    raise SystemExit(main())
