"""`pmkit demo`: the sample plan → report workbook, and a readable summary, no setup."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from pmkit.cli.common import Subcommands
from pmkit.engine.actions import count_sentence
from pmkit.engine.analysis import analyze
from pmkit.engine.closeout import CloseOut
from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.figures import format_day, format_money, format_ratio, working_days
from pmkit.engine.results import Analysis, ProjectSummary
from pmkit.engine.variance import EarnedValue, missing_cost_words
from pmkit.outputs import status_paragraph
from pmkit.outputs.summary import BAC_MEANS
from pmkit.reading import read_plan

if TYPE_CHECKING:
    from pmkit.report import SaveResult

__all__ = ["register"]

DEFAULT_FOLDER = Path("pmkit-demo")
_STATUS_STYLES = {
    "Red": "bold white on red",
    "Amber": "bold black on yellow",
    "Green": "bold white on green",
}
_SEVERITY_STYLES = {"error": "red", "warning": "yellow", "info": "blue"}


def register(subcommands: Subcommands) -> None:
    demo = subcommands.add_parser(
        "demo",
        help="try pmkit on the bundled sample plan: report workbook and summary",
        description="Write the sample plan (an online shop relaunch, half way through) into "
        "a working folder, analyze it, write its report workbook and print a summary. "
        "--finished shows the same project once it is over: the close-out review.",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_FOLDER,
        metavar="DIR",
        help=f"working folder (default ./{DEFAULT_FOLDER}/); created if missing",
    )
    demo.add_argument(
        "--finished",
        action="store_true",
        help="the sample project once every task is done: the close-out review",
    )
    demo.set_defaults(run=run_demo, styled_output=True)  # the sample plan, drawn by rich


def run_demo(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every `pmkit` command imports this module to build
    # its parser, and openpyxl is for the commands that write a workbook.
    from pmkit.report import write_report
    from pmkit.template.regenerate import (
        FINISHED_SAMPLE_FILE_NAME,
        SAMPLE_FILE_NAME,
        write_finished_sample,
        write_sample,
    )
    from pmkit.template.saving import unsaved_since_written

    folder: Path = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    name = FINISHED_SAMPLE_FILE_NAME if args.finished else SAMPLE_FILE_NAME
    target = folder / name
    if os.path.lexists(target) and not unsaved_since_written(target):
        raise WriteRefusedError(
            f"{target} was saved since pmkit demo wrote it, so it may hold your own work; "
            "nothing was written. Rename it to keep it, or run pmkit demo --dir with "
            "another folder"
        )
    write = write_finished_sample if args.finished else write_sample
    plan = write(target, overwrite=True)
    analysis = analyze(read_plan(plan))
    saved = write_report(analysis)
    print_summary(Console(), analysis, saved, plan)
    return 0


def print_summary(console: Console, analysis: Analysis, saved: SaveResult, plan: Path) -> None:
    """The terminal summary: status and why, the close-out review once the project is
    over, the "This week" list, key figures and earned value, each explained."""
    s = analysis.summary
    shown = s.status or "no status yet"
    status = f"[{_STATUS_STYLES.get(shown, 'bold')}] {shown} [/]"
    console.print(Panel(status_paragraph(s), title=f"{s.name}: {status}", title_align="left"))
    if analysis.close_out is not None:
        console.print(_close_out(analysis.close_out, s.currency))
    console.print(_this_week(analysis))
    console.print(_figures(s))
    if s.earned_value.bac is not None:
        console.print(_earned_value(s))
    console.print(f"Plan:   [bold]{plan}[/]")
    console.print(f"Report: [bold]{saved.path}[/]  (open it in Excel or LibreOffice)")


def _this_week(analysis: Analysis) -> Table:
    table = Table(
        title=f"This week — {count_sentence(analysis.issues, len(analysis.this_week))} "
        "(all on the Flags sheet)",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("Who")
    table.add_column("What to do, and why")
    table.add_column("Where")
    for number, action in enumerate(analysis.this_week, start=1):
        style = _SEVERITY_STYLES[action.finding.severity.value]
        table.add_row(
            str(number),
            f"[{style}]{action.who}[/]",
            f"{action.what}.\n[dim]{action.why}[/]" if action.why else action.what,
            str(action.where or ""),
        )
    if not analysis.this_week:
        table.add_row("", "", "Nothing needs you this week.", "")
    return table


def _figures(s: ProjectSummary) -> Table:
    table = Table(title="Key figures", title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for reason in s.status_reasons:
        table.add_row("Why", reason)
    table.add_row("Slip", s.slip_words())
    finish = "Finished on" if s.finished else "Forecast finish"
    table.add_row(finish, "unknown" if s.forecast_unknown else _day(s.forecast_finish))
    table.add_row("Agreed finish", _day(s.baseline_finish))
    table.add_row("Status date", _day(s.status_date))
    return table


def _earned_value(s: ProjectSummary) -> Table:
    currency, e = s.currency, s.earned_value
    table = Table(
        title="Earned value: is the work worth what it cost, and is it on pace?",
        title_justify="left",
    )
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("What it means")
    rows = (
        ("BAC, budget at completion", _money(e.bac, currency), BAC_MEANS),
        ("PV, planned value", _money(e.pv, currency), "work that should be done by now, at cost"),
        ("EV, earned value", _money(e.ev, currency), "work actually done, at its agreed cost"),
        ("AC, actual cost", _money(e.ac, currency), _spent(e)),
        (
            "SPI, schedule performance",
            _ratio(e.spi),
            "EV ÷ PV: the share of the work planned by now that is done",
        ),
        (
            "CPI, cost performance",
            _ratio(e.cpi),
            "EV ÷ AC: work done for each unit of money spent",
        ),
        (
            "EAC, estimate at completion",
            _money(e.eac, currency),
            "BAC ÷ CPI: the likely final cost",
        ),
        (
            "VAC, variance at completion",
            _money(e.vac, currency),
            "BAC − EAC: below zero, the overrun",
        ),
    )
    for row in rows:
        table.add_row(*row)
    return table


def _close_out(review: CloseOut, currency: str | None) -> Table:
    table = Table(title="Close-out review: agreed and actual", title_justify="left")
    table.add_column("")
    table.add_column("Agreed")
    table.add_column("Actual")
    table.add_column("What it means")
    table.add_row(
        "Finish",
        _day(review.agreed_finish),
        _day(review.actual_finish),
        "no baseline"
        if review.finish_slip is None
        else f"{working_days(abs(review.finish_slip))} "
        + ("after" if review.finish_slip > 0 else "before")
        + " the agreed date"
        if review.finish_slip
        else "on the agreed date",
    )
    gap = review.cost_gap
    table.add_row(
        "Cost",
        _money(review.agreed_cost, currency),
        _money(review.actual_cost, currency),
        (missing_cost_words(review.uncosted) or "—")
        if gap is None
        else f"{_money(abs(gap), currency)} {'over' if gap > 0 else 'under'}",
    )
    table.add_row(
        "Scope, approved",
        _changes(review.approved_changes),
        f"{working_days(review.approved_days)}, {_money(review.approved_cost, currency)}",
        "added with an approved change request",
    )
    table.add_row(
        "Scope, not approved",
        _changes(review.unapproved_changes),
        f"{working_days(review.unapproved_days)}, {_money(review.unapproved_cost, currency)}",
        "added or grown with no approved change request",
    )
    if review.removed:  # the agreed cost still holds their money, as the Summary says
        table.add_row(
            "Scope, removed",
            _changes(review.removed_changes),
            f"{working_days(review.removed_days)}, {_money(review.removed_cost, currency)}",
            "agreed, then dropped",
        )
    if review.forecasts:
        first, last = review.forecasts[0], review.forecasts[-1]
        table.add_row(
            "Forecast",
            f"{_day(first.forecast_finish)} on {_day(first.run_date)}",
            f"{_day(last.forecast_finish)} on {_day(last.run_date)}",
            f"{len(review.forecasts)} nightly runs on the History sheet",
        )
    for measure in review.measures:
        met = "not confirmed" if measure.met is None else "Yes" if measure.met else "No"
        table.add_row(
            "Goal", measure.goal, f"Met? {met}", f"{measure.measure or ''}: {measure.target or ''}"
        )
    return table


def _day(value: object) -> str:
    from datetime import date

    return format_day(value) if isinstance(value, date) else "—"


def _spent(figures: EarnedValue) -> str:
    """What AC is: the money spent so far, or what is recorded and what it leaves out."""
    missing = missing_cost_words(figures.uncosted)
    return "money spent so far" if missing is None else f"recorded so far; {missing}"


def _money(value: float | None, currency: str | None) -> str:
    return "—" if value is None else format_money(value, currency)


def _ratio(value: float | None) -> str:
    return "—" if value is None else format_ratio(value)


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"
