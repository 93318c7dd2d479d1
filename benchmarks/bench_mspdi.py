"""How long Microsoft Project XML takes to write and read back, on generated plans.

    python benchmarks/bench_mspdi.py                  # 1,000 and 10,000 tasks, best of 3
    python benchmarks/bench_mspdi.py --sizes 5000 --repeat 5

Prints one row per size: the file size, `write_mspdi` given an analysis (the
scheduling is not timed), and `read_mspdi` of that file. Figures are the best of
`--repeat` runs, in milliseconds of CPU time (the machine is shared).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan

import pmkit
from pmkit.mspdi import read_mspdi, write_mspdi


def best_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        timings.append((time.process_time() - start) * 1000)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'tasks':>7} {'file MB':>8} {'write ms':>9} {'read ms':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            plan = generate_plan(size)
            analysis = pmkit.analyze(plan)
            path = Path(folder) / f"plan-{size}.xml"
            write = best_ms(lambda a=analysis, p=path: write_mspdi(a, p), args.repeat)
            read = best_ms(lambda p=path: read_mspdi(p), args.repeat)
            megabytes = path.stat().st_size / 1e6
            print(f"{size:>7} {megabytes:>8.1f} {write:>9.0f} {read:>8.0f}")


if __name__ == "__main__":
    main()
