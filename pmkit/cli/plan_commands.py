"""`pmkit validate` and `pmkit schedule`: read a plan, print what pmkit finds."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pmkit.cli.common import (
    Subcommands,
    add_format_option,
    add_status_date_option,
    json_line,
    single_line,
    write_json,
)
from pmkit.cli.findings_text import write_issues_text, write_this_week
from pmkit.engine.analysis import analyze
from pmkit.engine.collector import collector_paused
from pmkit.engine.figures import format_day
from pmkit.engine.results import (
    Analysis,
    TaskResult,
    action_json,
    issue_json,
    task_json_lines,
)
from pmkit.outputs.plain_text import csv_field
from pmkit.outputs.schedule import critical_mark
from pmkit.reading import read_plan

__all__ = ["register", "write_findings_text", "write_schedule_json"]

TASK_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "duration",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
    "forecast_start",
    "forecast_finish",
    "baseline_finish",
    "slip",
)


def register(subcommands: Subcommands) -> None:
    validate = subcommands.add_parser(
        "validate",
        help="check a plan workbook and list every problem at its cell",
        description="Check a plan and list every problem at its cell. "
        "Exit status: 0 no errors, 1 the plan has errors, 2 the file cannot be used.",
    )
    validate.add_argument("plan", type=Path, help="plan workbook (.xlsx, .xlsm) or Project XML")
    add_format_option(validate, "text", "json")
    add_status_date_option(validate)
    validate.add_argument(
        "--details",
        action="store_true",
        help="under each finding, list the per-cell findings it groups",
    )
    validate.set_defaults(run=run_validate)

    schedule = subcommands.add_parser(
        "schedule",
        help="print the schedule: dates, float, critical path and slip",
        description="Schedule a plan and print every task's dates, float and slip. "
        "Exit status: 0 no errors, 1 the plan has errors (output still printed), "
        "2 the file cannot be used.",
    )
    schedule.add_argument("plan", type=Path, help="plan workbook (.xlsx, .xlsm) or Project XML")
    add_status_date_option(schedule)
    add_format_option(schedule, "text", "json", "csv")
    schedule.set_defaults(run=run_schedule)


def run_validate(args: argparse.Namespace) -> int:
    analysis = analyze(read_plan(args.plan), args.status_date)
    if args.format == "json":
        write_json(
            {
                "project": {
                    "name": analysis.summary.name,
                    "this_week": [action_json(action) for action in analysis.this_week],
                },
                "issues": [issue_json(issue) for issue in analysis.issues],
            },
            sys.stdout,
        )
    else:
        if analysis.summary.forecast_unknown:  # "No tasks yet: …", as `pmkit report` says
            print(f"{analysis.summary.forecast_unknown}.")
        write_findings_text(analysis, sys.stdout, details=args.details)
    return _exit_status(analysis)


def write_findings_text(analysis: Analysis, out: TextIO, *, details: bool = False) -> None:
    """The "This week" list, then every finding, most urgent first."""
    write_this_week(analysis.this_week, analysis.issues, out)
    if analysis.issues:
        out.write("\nAll findings, most urgent first:\n")
        write_issues_text(analysis.issues, out, details=details)


def run_schedule(args: argparse.Namespace) -> int:
    analysis = analyze(read_plan(args.plan), args.status_date)
    if args.format == "json":
        write_schedule_json(analysis, sys.stdout)
    elif args.format == "csv":
        write_tasks_csv(analysis.tasks, sys.stdout)
    else:
        write_schedule_text(analysis, sys.stdout)
    return _exit_status(analysis)


def write_schedule_json(analysis: Analysis, out: TextIO) -> None:
    """`analysis.to_json()` as `json_text` lays it out, written fast: the task rows a
    column at a time, each finding encoded as it is made (its dicts gone at once), without
    the collector, which would otherwise walk the whole analysis again and again."""
    with collector_paused():
        issues = [json_line(issue_json(issue)) for issue in analysis.issues]
        rows = {"tasks": task_json_lines(analysis.tasks), "issues": issues}
        write_json(analysis.to_json(rows=False), out, rows)


def _exit_status(analysis: Analysis) -> int:
    return 1 if analysis.has_errors else 0


def write_tasks_csv(tasks: Sequence[TaskResult], out: TextIO) -> None:
    """The task fields, one row per task; text that a spreadsheet would run is neutralised."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TASK_FIELDS)
    for task in tasks:
        row = task.to_json()
        writer.writerow(["" if row[name] is None else csv_field(row[name]) for name in TASK_FIELDS])


def write_schedule_text(analysis: Analysis, out: TextIO) -> None:
    """An aligned plain-text table an owner can read in a terminal or an e-mail."""
    headers = ("ID", "Task", "Days", "Start", "Finish", "Float", "Critical", "Slip")
    done = {task.id for task in analysis.plan.tasks if task.is_done}
    rows = [
        (
            task.id,
            _clip(task.name, 40),
            _text(task.duration),
            _text(task.forecast_start),
            _text(task.forecast_finish),
            _text(task.total_float),
            (critical_mark(task, done=task.id in done) or "").lower(),
            _text(task.slip),
        )
        for task in analysis.tasks
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    summary = analysis.summary
    status = summary.status or "none yet"
    out.write(f"{summary.name}: status {status} on {format_day(summary.status_date)}\n")
    if summary.forecast_unknown:
        out.write(f"{summary.forecast_unknown}. Agreed finish {_text(summary.baseline_finish)}\n\n")
    else:
        out.write(
            f"Forecast finish {_text(summary.forecast_finish)}, agreed finish "
            f"{_text(summary.baseline_finish)}, slip {_text(summary.slip)} working days\n\n"
        )
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(
        "\nDays and float in working days. Float: how far a task can slip before the finish "
        "moves (below zero: it must gain that many days for a deadline). Slip: working "
        "days behind the baseline.\n"
    )
    if summary.critical_path:
        out.write(f"Critical path: {', '.join(summary.critical_path)}\n")
    elif summary.critical_path is None and analysis.plan.tasks:
        out.write(
            "Critical path: unknown until every task can be scheduled (so are each task's "
            "float and whether it is critical).\n"
        )
    out.write("\n")
    write_findings_text(analysis, out)


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, date):
        return format_day(value)
    return str(value)


def _clip(text: str, width: int) -> str:
    """`text` on one line (`single_line`), cut to `width` with `…`."""
    text = single_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"
