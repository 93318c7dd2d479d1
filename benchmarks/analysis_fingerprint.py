"""Everything `analyze` says, as text, for generated plans of every shape and the bundled
workbooks: write it before and after a change that must not change what pmkit says (a
speed change), and compare the two files byte for byte.

    python benchmarks/analysis_fingerprint.py /tmp/before.txt     # on the code before
    python benchmarks/analysis_fingerprint.py /tmp/after.txt      # on the change
    cmp /tmp/before.txt /tmp/after.txt

Each plan is analysed at its status date, 40 days later, and with Move Unfinished Work
flipped; the text holds the JSON, every finding with its details, the This week list, the
close-out, workload, scope, progress, health, summary, every task row and the critical
path (about 59,000 lines, a few seconds).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import SHAPES, generate_plan

import pmkit
from pmkit.engine.model import Plan

ROOT = Path(__file__).resolve().parent.parent


def said(name: str, plan: Plan, status_date: date | None = None) -> list[str]:
    """The lines of everything `analyze` says about `plan`."""
    result = pmkit.analyze(plan, status_date)
    lines = [f"== {name}", json.dumps(result.to_json(), default=str, sort_keys=True, indent=0)]
    for issue in result.issues:
        lines.append(repr(issue))
        lines.extend(f"  {cell!r}" for cell in issue.cells())
    lines.extend(f"A {action!r}" for action in result.this_week)
    lines.extend(
        repr(part)
        for part in (
            result.close_out,
            result.workload,
            result.scope,
            sorted(result.progress.items()),
            result.health,
            result.summary,
        )
    )
    lines.extend(repr(row) for row in result.tasks)
    lines.append(repr(result.schedule.critical_path))
    return lines


def fingerprint() -> list[str]:
    lines: list[str] = []
    for size, seed in ((600, 1), (2000, 3)):
        base = generate_plan(size, seed=seed)
        for shape, make in SHAPES.items():
            plan = make(base)
            status = plan.settings.status_date
            assert status is not None
            flipped = replace(
                plan.settings, move_unfinished_work=not plan.settings.move_unfinished_work
            )
            lines += said(f"{shape} {size}", plan)
            lines += said(f"{shape} {size} later", plan, status + timedelta(days=40))
            lines += said(f"{shape} {size} forecast flipped", replace(plan, settings=flipped))
    for path in sorted((ROOT / "templates").glob("*.xlsx")):
        lines += said(path.name, pmkit.read_plan(path))
    return lines


def main(argv: list[str] | None = None) -> int:
    (out,) = sys.argv[1:] if argv is None else argv
    lines = fingerprint()
    Path(out).write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(lines):,} lines in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
