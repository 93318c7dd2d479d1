"""One big Google plan's outputs: what the nightly batch holds and how long it takes.

    python benchmarks/bench_sync_outputs.py                 # 2,000 tasks over ~2.7 years
    python benchmarks/bench_sync_outputs.py --tasks 10000

The plan comes from `generate_plan.py`; it is seeded into the fake Sheets API
(tests/sync/fake_google.py, in this process) and synced once by the real job through
gspread over HTTP. Prints the Gantt's size, the cells and requests of the one
batchUpdate, its body in bytes against Google's 10 MB limit, the calls made and the
time taken: building the batch, and the whole plan against the fake.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plan import _HEADERS, _row, generate_plan  # noqa: E402

from pmkit.engine.errors import WriteRefusedError  # noqa: E402
from pmkit.outputs.gantt import tasks_shown  # noqa: E402
from sheets_sync.config import parse_config  # noqa: E402
from sheets_sync.evaluation import evaluate  # noqa: E402
from sheets_sync.job import SyncJob  # noqa: E402
from sheets_sync.sheets_plan import read_google_plan  # noqa: E402
from sheets_sync.sheets_writer import MAX_REQUEST_BYTES, build_write  # noqa: E402
from tests.sync.fake_google import FakeGoogle  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    args = parser.parse_args()
    plan = generate_plan(args.tasks)
    status = plan.settings.status_date
    tabs: dict[str, list[list[object]]] = {
        "Plan": [list(_HEADERS), *(_row(task) for task in plan.tasks)],
        "Settings": [["Setting", "Value"], ["Project", plan.name], ["Status Date", status]],
        "Holidays": [["Date", "Name"], *([h.day, h.name] for h in plan.holidays)],
    }
    with FakeGoogle() as google, tempfile.TemporaryDirectory() as folder:
        google.add_spreadsheet("benchkey0001", plan.name, tabs)
        config = parse_config(
            f'[google]\ncredentials = "anonymous"\nendpoint = "{google.url}"\n'
            f'[history]\ndatabase = "{Path(folder) / "history.sqlite"}"\n'
            '[[plans]]\nname = "big"\nspreadsheet = "benchkey0001"\n'
        )
        job = SyncJob(config, today=status)
        started = time.perf_counter()
        (outcome,) = job.run()
        wall = time.perf_counter() - started
        calls = [f"{r.method} {r.path.rsplit('/', 1)[-1]}" for r in google.log]
        book = google.spreadsheets["benchkey0001"]
        written = sum(
            1
            for sheet in book.sheets
            if sheet.title in {"Summary", "Schedule", "Flags", "Gantt", "History"}
            for cell in sheet.cells.values()
            if "userEnteredValue" in cell
        )

        client = job.client()
        read = read_google_plan(client, "benchkey0001", today=status)
        evaluation = evaluate(read.plan, config.plans[0], "sheets:benchkey0001", None, status)
        started = time.perf_counter()
        try:
            write = build_write(read.info, evaluation.sheets, evaluation.analysis)
        except WriteRefusedError as refused:
            print(f"refused: {refused}")
            return 0
        build_seconds = time.perf_counter() - started
    kinds = Counter(next(iter(request)) for request in write.requests)
    gantt = next(sheet for sheet in evaluation.sheets if sheet.name == "Gantt")
    header = gantt.rows[(gantt.header_row or 1) - 1].cells[5:]
    first, second = (cell.value for cell in header[:2])
    daily = isinstance(first, date) and isinstance(second, date) and (second - first).days == 1
    step = "days" if daily else "weeks"
    rows = [
        ("plan", f"{args.tasks:,} tasks, {plan.name}"),
        ("outcome", f"{outcome.stage.value} {outcome.message or ''}".strip()),
        ("Gantt", f"{write.gantt_tasks:,} of {tasks_shown(gantt):,} tasks × {len(header)} {step}"),
        ("cells holding a value (output tabs)", f"{written:,}"),
        ("grid cells of the output tabs", f"{write.cells:,}"),
        ("requests in the batch", f"{len(write.requests):,} ({_top(kinds)})"),
        (
            "batch body",
            f"{len(write.body) / 1e6:.2f} MB of Google's {MAX_REQUEST_BYTES / 1e6:.1f} MB",
        ),
        ("calls for the plan", f"{len(calls)}: {', '.join(calls)}"),
        ("building the batch", f"{build_seconds:.2f} s"),
        ("whole plan against the fake (read, analyse, write)", f"{wall:.2f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


def _top(kinds: Counter[str]) -> str:
    return ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common(5))


if __name__ == "__main__":
    raise SystemExit(main())
