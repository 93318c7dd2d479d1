"""`pmkit report` and `pmkit baseline`: write the report workbook, freeze the baseline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.cli.common import Subcommands, add_status_date_option
from pmkit.cli.findings_text import write_this_week
from pmkit.engine.analysis import analyze
from pmkit.engine.errors import ArgumentError
from pmkit.engine.figures import format_day
from pmkit.engine.schema import REPORT_SHEETS, WORKBOOK_SUFFIXES
from pmkit.reading import read_plan

if TYPE_CHECKING:
    from pmkit.report import SaveResult

__all__ = ["register"]

_SHEETS = f"{', '.join(REPORT_SHEETS[:-1])} and {REPORT_SHEETS[-1]}"


def register(subcommands: Subcommands) -> None:
    report = subcommands.add_parser(
        "report",
        help=f"write the report workbook: {_SHEETS} sheets",
        description="Analyze a plan and write the report workbook: a copy of the plan "
        f"with the output sheets ({', '.join(REPORT_SHEETS)}; default "
        "PLAN-report.xlsx "
        "beside the plan). --in-place writes those sheets into the plan itself, after a "
        "backup, and refuses if anything else in the workbook would be lost. pmkit "
        "replaces only sheets it wrote itself (docs/report.md). "
        "Exit status: 0 written, 1 written but the plan has errors, 2 nothing written.",
    )
    report.add_argument(
        "plan", type=Path, help="plan workbook (.xlsx or .xlsm), or Microsoft Project XML"
    )
    where = report.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", help="where to write")
    where.add_argument(
        "--in-place",
        action="store_true",
        help="rewrite only the output sheets of PLAN itself (after a backup PLAN.bak.xlsx)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="replace an existing OUT.xlsx that is not a report pmkit wrote",
    )
    add_status_date_option(report)
    report.set_defaults(run=run_report)

    baseline = subcommands.add_parser(
        "baseline",
        help="freeze the current forecast as the baseline (Set baseline)",
        description="Freeze the current forecast as the agreed plan: fills Baseline "
        "Start/Finish/Duration/Cost in the Plan and writes the Baseline sheet with the "
        "date. Writes the plan itself (after a backup PLAN.bak.xlsx) unless -o is given. "
        "A plan that already has a baseline needs --force; the old baseline is then kept "
        "as a numbered sheet (Baseline 1, Baseline 2, ...).",
    )
    baseline.add_argument("plan", type=Path, help="plan workbook (.xlsx or .xlsm)")
    target = baseline.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", help="write a copy")
    target.add_argument(
        "--in-place", action="store_true", help="write the plan itself (the default)"
    )
    baseline.add_argument(
        "--force",
        action="store_true",
        help="replace an existing baseline (kept as history), and an existing OUT.xlsx",
    )
    add_status_date_option(baseline)
    baseline.set_defaults(run=run_baseline)


def run_report(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every `pmkit` command imports this module to build
    # its parser, and openpyxl is for the commands that write a workbook.
    from pmkit.report import write_report

    path: Path = args.plan
    if path.suffix.lower() == ".xml":
        if args.in_place:
            raise ArgumentError("--in-place needs a workbook; a Project XML plan gets a new report")
        if args.output is not None and args.output.suffix.lower() != ".xlsx":
            raise ArgumentError(f"the output name must end in .xlsx, got {str(args.output)!r}")
    plan = read_plan(path)
    if path.suffix.lower() != ".xml":
        _check_suffixes(path, args.output)
    analysis = analyze(plan, args.status_date)
    saved = write_report(analysis, args.output, in_place=args.in_place, force=args.force)
    summary = analysis.summary
    slip = {"unknown": "slip unknown", "no baseline": "no baseline yet, so no slip"}.get(
        summary.slip_words(), summary.slip_words()
    )
    print(f"Wrote the report to {saved.path} (status {summary.status or 'none yet'}; {slip}).")
    if summary.forecast_unknown:
        print(f"{summary.forecast_unknown}.")
    write_this_week(analysis.this_week, analysis.issues, sys.stdout)
    _print_save_notes(saved, path)
    return 1 if analysis.has_errors else 0


def run_baseline(args: argparse.Namespace) -> int:
    from pmkit.report import set_baseline
    from pmkit.report.baseline import baseline_takes_in

    path: Path = args.plan
    if path.suffix.lower() == ".xml":
        raise ArgumentError(
            f"{path.name} is a Microsoft Project file, and a baseline is set in a plan "
            f"workbook: run pmkit import {path.name} -o {path.stem}.xlsx, then pmkit "
            f"baseline {path.stem}.xlsx"
        )
    plan = read_plan(path)
    _check_suffixes(path, args.output)
    analysis = analyze(plan, args.status_date)
    result = set_baseline(analysis, args.output, force=args.force, overwrite=args.force)
    update = result.update
    summary = analysis.summary
    finish = summary.forecast_unknown or (
        f"finish {format_day(summary.forecast_finish)}" if summary.forecast_finish else "no finish"
    )
    print(
        f"Set baseline {update.number} in {result.saved.path}: "
        f"{len({c.row for c in update.cells})} tasks; {finish}."
    )
    if update.archive_as or update.archive:
        kept = update.archive_as or (update.archive.name if update.archive else "")
        print(f"The previous baseline is kept as sheet '{kept}'.")
        taken = baseline_takes_in(analysis)
        if taken:
            print(f"It takes in as agreed {taken}.")
    _print_save_notes(result.saved, path)
    return 1 if analysis.has_errors else 0


def _check_suffixes(plan: Path, output: Path | None) -> None:
    if plan.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise ArgumentError(
            f"{plan.name}: reports and baselines are written into Excel workbooks (.xlsx or .xlsm)"
        )
    if output is None:
        return
    suffix = output.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise ArgumentError(f"the output name must end in .xlsx or .xlsm, got {str(output)!r}")
    if suffix == ".xlsm" and plan.suffix.lower() != ".xlsm":
        raise ArgumentError("only a macro workbook (.xlsm) plan can be written as .xlsm")
    if output.resolve() == plan.resolve():
        raise ArgumentError("-o names the plan itself; use --in-place to write into the plan")


def _print_save_notes(saved: SaveResult, plan: Path) -> None:
    if saved.backup is not None:
        print(f"The workbook as it was is saved as {saved.backup}.")
    if saved.not_kept:
        print(
            f"note: the copy lacks {', '.join(saved.not_kept)} (the Excel library pmkit "
            f"uses cannot keep them); {plan.name} itself is unchanged.",
            file=sys.stderr,
        )
