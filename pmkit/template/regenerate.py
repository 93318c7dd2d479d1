"""Regenerate the committed workbooks: `python -m pmkit.template [FOLDER]`.

The sample's baseline is found by scheduling its as-planned version with pmkit itself
(read back through `read_plan`, analysed with pure logic), never typed by hand.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from pmkit.engine.analysis import analyze
from pmkit.engine.issues import Severity
from pmkit.engine.variance import WorkdayIndex, slip_days
from pmkit.engine.workdays import WorkCalendar
from pmkit.reading import read_plan
from pmkit.template import TEMPLATE_FILE_NAME, write_template
from pmkit.template.builder import WorkbookContent, build_workbook
from pmkit.template.sample import (
    FINISHED_FORECASTS,
    as_planned_content,
    baseline_tasks,
    finished_content,
    sample_content,
)
from pmkit.template.saving import save_workbook, workbook_bytes

__all__ = [
    "FINISHED_SAMPLE_FILE_NAME",
    "SAMPLE_FILE_NAME",
    "TEMPLATES_FOLDER",
    "compute_sample_baseline",
    "finished_sample_bytes",
    "main",
    "sample_bytes",
    "write_finished_sample",
    "write_sample",
]

SAMPLE_FILE_NAME = "sample-plan.xlsx"
FINISHED_SAMPLE_FILE_NAME = "sample-plan-finished.xlsx"
TEMPLATES_FOLDER = Path(__file__).resolve().parents[2] / "templates"
"""`templates/` at the top of the source tree, where the committed files live."""


def compute_sample_baseline() -> dict[str, Mapping[str, object]]:
    """Task id → agreed start, finish, duration and cost, as pmkit schedules the agreed plan."""
    with tempfile.TemporaryDirectory() as folder:
        path = save_workbook(build_workbook(as_planned_content()), Path(folder) / "agreed.xlsx")
        plan = read_plan(path)
    result = analyze(plan)
    errors = [issue for issue in result.issues if issue.severity is Severity.ERROR]
    if errors:
        raise RuntimeError(f"the as-planned sample has errors: {errors}")
    baseline: dict[str, Mapping[str, object]] = {}
    for task in baseline_tasks():
        task_id = str(task["id"])
        scheduled = result.tasks[task_id]
        baseline[task_id] = {
            "duration_days": task.get("baseline_duration_days", task["duration_days"]),
            "start": scheduled.early_start,
            "finish": scheduled.early_finish,
            "cost": task.get("baseline_cost", task.get("budget")),
        }
    return baseline


def sample_bytes() -> bytes:
    """The sample plan workbook as .xlsx bytes."""
    return workbook_bytes(build_workbook(sample_content(compute_sample_baseline())))


def write_sample(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the sample plan to `path`; refuse to replace a file unless `overwrite`."""
    workbook = build_workbook(sample_content(compute_sample_baseline()))
    return save_workbook(workbook, path, overwrite=overwrite)


def finished_sample_content() -> WorkbookContent:
    """The finished sibling of the sample: every task done on the dates pmkit forecasts at
    the sample's status date, and a History sheet whose runs from that date on are the
    forecast pmkit makes (the earlier ones are sample data)."""
    baseline = compute_sample_baseline()
    with tempfile.TemporaryDirectory() as folder:
        path = save_workbook(build_workbook(sample_content(baseline)), Path(folder) / "s.xlsx")
        plan = read_plan(path)
    result = analyze(plan)
    forecast = {
        row.id: (row.forecast_start, row.forecast_finish)
        for row in result.tasks
        if row.forecast_start is not None and row.forecast_finish is not None
    }
    index = WorkdayIndex(WorkCalendar.for_plan(plan))
    agreed = result.summary.baseline_finish
    finish = result.summary.forecast_finish
    assert agreed is not None
    assert finish is not None
    runs = [*FINISHED_FORECASTS, (result.status_date, finish), (finish, finish)]
    history = tuple(
        MappingProxyType(
            {
                "run_date": day,
                "status": _rating(slip_days(index, forecast_day, agreed) or 0),
                "forecast_finish": forecast_day,
                "slip_days": slip_days(index, forecast_day, agreed),
            }
        )
        for day, forecast_day in runs
    )
    return finished_content(baseline, forecast, history)


def _rating(slip: int) -> str:
    """The colour the slip alone gave that night (the sample's tolerance is 3 days)."""
    return "Red" if slip > 3 else "Amber" if slip > 0 else "Green"


def finished_sample_bytes() -> bytes:
    """The finished sample workbook as .xlsx bytes."""
    return workbook_bytes(build_workbook(finished_sample_content()))


def write_finished_sample(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the finished sample (the close-out review's example) to `path`."""
    return save_workbook(build_workbook(finished_sample_content()), path, overwrite=overwrite)


def main(argv: Sequence[str] | None = None) -> int:
    """Write plan-template.xlsx and sample-plan.xlsx into FOLDER (default: templates/)."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else TEMPLATES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for written in (
        write_template(folder / TEMPLATE_FILE_NAME, overwrite=True),
        write_sample(folder / SAMPLE_FILE_NAME, overwrite=True),
        write_finished_sample(folder / FINISHED_SAMPLE_FILE_NAME, overwrite=True),
    ):
        print(f"wrote {written}")
    return 0
