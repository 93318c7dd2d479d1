"""How long reading a plan workbook takes: python-calamine against openpyxl, and read_plan.

    python benchmarks/bench_read.py                 # 10,000 tasks
    python benchmarks/bench_read.py --sizes 10000 100000 --repeat 3

Prints one table per size: the raw sheet read by each library, the parts of
`pmkit.read_plan` (safety checks, calamine, formula-error scan, building the plan) and
its total, and the cost of the optional full DOCTYPE scan of the sheet XML. Figures are
the best of `--repeat` runs (the machine is shared, so the minimum is the honest one).
Workbooks are generated once into a temporary folder by benchmarks/generate_plan.py.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_plan, write_workbook

import pmkit
from pmkit.reading import plan_from_grids
from pmkit.reading.safety import check_workbook_file
from pmkit.reading.workbook import open_workbook


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """The fastest of `repeat` runs in milliseconds: wall clock, and this process's CPU time.

    On a shared machine the CPU time is the steadier figure (other jobs stretch the wall
    clock); calamine uses one thread, so the two agree on a quiet machine.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls) * 1000, min(cpus) * 1000


def calamine_read(path: Path) -> object:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name("Plan").to_python()


def openpyxl_read(path: Path) -> object:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book["Plan"].iter_rows(values_only=True))
    book.close()
    return rows


def safety_only(path: Path) -> object:
    archive = check_workbook_file(path)
    archive.close()
    return archive


def grids_only(path: Path) -> object:
    with open_workbook(path) as workbook:
        return workbook.grid("Plan")


def full_doctype_scan(path: Path) -> object:
    """What scanning the whole sheet XML for `<!DOCTYPE` would cost (not done: see safety.py)."""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as stream:
        tail = b""
        while chunk := stream.read(4 * 2**20):
            if b"<!DOCTYPE" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def bench(size: int, folder: Path, repeat: int) -> list[tuple[str, tuple[float, float]]]:
    path = folder / f"plan-{size}.xlsx"
    if not path.exists():
        write_workbook(generate_plan(size), path)
    with open_workbook(path) as workbook:
        sheets = {"Plan": workbook.grid("Plan")}
    size_mb = path.stat().st_size / 2**20
    rows: list[tuple[str, tuple[float, float]]] = [
        (f"workbook size (MB), {size:,} tasks", (size_mb, size_mb)),
        ("python-calamine: open + Plan sheet values", best_of(repeat, lambda: calamine_read(path))),
    ]
    if size <= 20_000 or "--openpyxl-large" in sys.argv:
        rows.append(
            (
                "openpyxl (read-only): Plan sheet values",
                best_of(repeat, lambda: openpyxl_read(path)),
            )
        )
    parts: list[tuple[str, Callable[[], object]]] = [
        ("read_plan: safety checks (zip directory, XML prologs)", lambda: safety_only(path)),
        ("read_plan: open + grid (calamine, formula-error scan)", lambda: grids_only(path)),
        ("read_plan: grid -> Plan (cells, links, tasks)", lambda: plan_from_grids("p", sheets)),
        ("read_plan: total", lambda: pmkit.read_plan(path)),
        ("read_plan + analyze", lambda: pmkit.analyze(pmkit.read_plan(path))),
        ("(not done) full DOCTYPE scan of the sheet XML", lambda: full_doctype_scan(path)),
    ]
    rows += [(name, best_of(repeat, run)) for name, run in parts]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=None, help="keep workbooks here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            rows = bench(size, folder, args.repeat)
            width = max(len(name) for name, _ in rows)
            print(f"\n{'measure':<{width}}  {'wall ms':>9}  {'CPU ms':>9}")
            print(f"{'-' * width}  {'-' * 9}  {'-' * 9}")
            for name, (wall, cpu) in rows:
                print(f"{name:<{width}}  {wall:9.1f}  {cpu:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
