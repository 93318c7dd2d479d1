"""`pmkit demo`: the sample plan → report workbook, and a readable summary, no setup."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from pmkit.cli.common import Subcommands
from pmkit.engine.analysis import analyze
from pmkit.engine.results import Analysis, ProjectSummary
from pmkit.outputs import status_paragraph, top_issues
from pmkit.reading import read_plan
from pmkit.report import SaveResult, write_report

__all__ = ["register"]

DEFAULT_FOLDER = Path("pmkit-demo")
_STATUS_STYLES = {
    "Red": "bold white on red",
    "Amber": "bold black on yellow",
    "Green": "bold white on green",
}
_SEVERITY_STYLES = {"error": "red", "warning": "yellow", "info": "blue"}
_TOP_FLAGS = 6


def register(subcommands: Subcommands) -> None:
    demo = subcommands.add_parser(
        "demo",
        help="try pmkit on the bundled sample plan: report workbook and summary",
        description="Write the sample plan (an online shop relaunch, half way through) into "
        "a working folder, analyze it, write its report workbook and print a summary.",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_FOLDER,
        metavar="DIR",
        help=f"working folder (default ./{DEFAULT_FOLDER}/); created if missing",
    )
    demo.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from pmkit.template.regenerate import SAMPLE_FILE_NAME, write_sample

    folder: Path = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    plan = write_sample(folder / SAMPLE_FILE_NAME, overwrite=True)
    analysis = analyze(read_plan(plan))
    saved = write_report(analysis)
    print_summary(Console(), analysis, saved, plan)
    return 0


def print_summary(console: Console, analysis: Analysis, saved: SaveResult, plan: Path) -> None:
    """The terminal summary: status and why, slip, finish dates, earned value, top flags."""
    s = analysis.summary
    shown = s.status or "no status yet"
    status = f"[{_STATUS_STYLES.get(shown, 'bold')}] {shown} [/]"
    console.print(Panel(status_paragraph(s), title=f"{s.name}: {status}", title_align="left"))
    console.print(_figures(s))
    if s.bac is not None:
        console.print(_earned_value(s))
    console.print(_flags(analysis))
    console.print(f"Plan:   [bold]{plan}[/]")
    console.print(f"Report: [bold]{saved.path}[/]  (open it in Excel or LibreOffice)")


def _figures(s: ProjectSummary) -> Table:
    table = Table(title="Key figures", title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for reason in s.status_reasons:
        table.add_row("Why", reason)
    unknown = s.forecast_unknown is not None and s.baseline_finish is not None
    slip = "unknown" if unknown else "no baseline"
    table.add_row("Slip", slip if s.slip is None else f"{s.slip} working days")
    table.add_row("Forecast finish", "unknown" if s.forecast_unknown else _day(s.forecast_finish))
    table.add_row("Baseline finish", _day(s.baseline_finish))
    table.add_row("Status date", _day(s.status_date))
    return table


def _earned_value(s: ProjectSummary) -> Table:
    currency = f" ({s.currency})" if s.currency else ""
    table = Table(title=f"Earned value{currency}", title_justify="left")
    for name in ("BAC", "PV", "EV", "AC", "SPI", "CPI", "EAC", "VAC"):
        table.add_column(name, justify="right")
    money = [s.bac, s.pv, s.ev, s.ac]
    ratios = [s.spi, s.cpi]
    table.add_row(
        *(_money(v) for v in money), *(_ratio(v) for v in ratios), _money(s.eac), _money(s.vac)
    )
    return table


def _flags(analysis: Analysis) -> Table:
    issues = analysis.issues
    table = Table(
        title=f"Top flags ({len(issues)} in all, on the Flags sheet)", title_justify="left"
    )
    table.add_column("Severity")
    table.add_column("Where")
    table.add_column("What to look at")
    for issue in top_issues(issues, _TOP_FLAGS):
        severity = issue.severity.value
        table.add_row(
            f"[{_SEVERITY_STYLES[severity]}]{severity}[/]", str(issue.location or ""), issue.message
        )
    return table


def _day(value: object) -> str:
    return "—" if value is None else f"{value:%a %d %b %Y}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
