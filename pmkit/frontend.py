"""The surface the front ends are built on: the Excel add-in (`addin/`) and the nightly sync.

pmkit has three layers. `pmkit` is the public API, for anyone (read → analyze → write).
This module is the second: everything the add-in and the Google Sheets sync use beyond the
public API — the sheet vocabulary, the answers the cells show, the nightly history, the
output sheets and their looks, the digests, the safe file writes. The front ends import
from `pmkit` and `pmkit.frontend` only (a test checks it), so everything else in pmkit is
internal and may be moved or renamed without touching them; a name added here is a
promise to keep it. See docs/architecture.md.

Names from the engine and the standard-library edges load with this module, so the
xlwings Lite bundle (which follows these imports) carries them into Pyodide. Names from the
openpyxl file writers and the command line load on first use, as `pmkit`'s writers do.
"""

from typing import TYPE_CHECKING, Any

from pmkit.engine.actions import count_sentence
from pmkit.engine.errors import EmailAddressError
from pmkit.engine.figures import format_day
from pmkit.engine.issues import column_letter, severity_counts
from pmkit.engine.network import dependency_loops
from pmkit.engine.nightly_state import PlanState, RiskState, TaskState
from pmkit.engine.overnight import Change, ChangeKind, SinceLastRun, compare_with_last_run
from pmkit.engine.portfolio import (
    PORTFOLIO_WEEKS,
    TREND_NIGHTS,
    BookedWeek,
    Outcome,
    PlanBooking,
    PlanLine,
    PlanNight,
    SlipTrend,
)
from pmkit.engine.schema import (
    INPUT_SHEETS,
    OUTPUT_SHEETS,
    PLAN,
    normalize_name,
)
from pmkit.engine.scope import ChangeKind as ScopeChangeKind
from pmkit.engine.status import task_status
from pmkit.engine.variance import has_baseline
from pmkit.files import write_file
from pmkit.outputs import (
    GANTT_SHEET,
    Cell,
    CellKind,
    OutputSheet,
    Role,
    Row,
    build_gantt_sheet,
    build_output_sheets,
    summary_metrics,
)
from pmkit.outputs.digest import Digest, PlanPlace, plan_digests
from pmkit.outputs.digest_mail import digest_message, safe_address, safe_sender
from pmkit.outputs.gantt import tasks_shown
from pmkit.outputs.history import build_history_sheet
from pmkit.outputs.palette import CellStyle
from pmkit.outputs.plain_text import typed_text
from pmkit.outputs.portfolio import build_portfolio_sheets
from pmkit.outputs.schedule import SCHEDULE_COLUMNS, schedule_values
from pmkit.outputs.sheet_look import SheetLook
from pmkit.reading import ExcelError, Grid, plan_from_grids
from pmkit.reading.cells import parse_id
from pmkit.reading.dates import date_from_cell
from pmkit.reading.grid import is_percent_format, zero_is_blank
from pmkit.reading.settings import parse_work_week

if TYPE_CHECKING:
    # writing workbooks (openpyxl) and the command line: loaded on first use
    from pmkit.cli.common import Subcommands
    from pmkit.report import (
        OUTPUT_NAMES,
        PlanWorkbook,
        XlsxWorkbook,
        baseline_into,
        open_xlsx_workbook,
        replace_sheets,
        write_sheets,
    )
    from pmkit.report.baseline import BASELINE_SHEET, BaselineUpdate, find_header_row
    from pmkit.report.ownership import (
        DASHBOARD_TITLE,
        OUTPUT_MARKER,
        ExistingSheet,
        claim_sheets,
    )
    from pmkit.report.writing import write_workbook

# Where each name loaded on first use lives (the imports above, for the type checker).
_ON_FIRST_USE = {
    "Subcommands": "pmkit.cli.common",
    **dict.fromkeys(
        (
            "OUTPUT_NAMES",
            "PlanWorkbook",
            "XlsxWorkbook",
            "baseline_into",
            "open_xlsx_workbook",
            "replace_sheets",
            "write_sheets",
        ),
        "pmkit.report",
    ),
    **dict.fromkeys(
        ("BASELINE_SHEET", "BaselineUpdate", "find_header_row"), "pmkit.report.baseline"
    ),
    **dict.fromkeys(
        ("DASHBOARD_TITLE", "OUTPUT_MARKER", "ExistingSheet", "claim_sheets"),
        "pmkit.report.ownership",
    ),
    "write_workbook": "pmkit.report.writing",
}


def __getattr__(name: str) -> Any:
    if (home := _ON_FIRST_USE.get(name)) is not None:
        import importlib

        return getattr(importlib.import_module(home), name)
    raise AttributeError(f"module 'pmkit.frontend' has no attribute {name!r}")


__all__ = [  # noqa: RUF022 — grouped by purpose, as the docs list them
    # the plan's vocabulary
    "INPUT_SHEETS", "OUTPUT_SHEETS", "PLAN",
 "EmailAddressError", "column_letter",
    "format_day", "normalize_name", "severity_counts",
    # answers a cell or a digest shows
    "ScopeChangeKind", "count_sentence",
    "dependency_loops", "has_baseline", "task_status",
    # the nightly run's memory
    "PORTFOLIO_WEEKS", "TREND_NIGHTS", "BookedWeek", "Change", "ChangeKind",
    "Outcome", "PlanBooking", "PlanLine", "PlanNight", "PlanState", "RiskState", "SinceLastRun",
    "SlipTrend", "TaskState", "compare_with_last_run",
    # reading cell values
    "ExcelError", "Grid", "date_from_cell", "is_percent_format", "parse_id", "parse_work_week", "plan_from_grids", "zero_is_blank",
    # the output sheets
    "GANTT_SHEET", "SCHEDULE_COLUMNS", "Cell", "CellKind", "OutputSheet",
    "Role", "Row", "build_gantt_sheet", "build_history_sheet",
    "build_output_sheets", "build_portfolio_sheets",
    "schedule_values", "summary_metrics",
    "tasks_shown", "typed_text",
    # how an output sheet is drawn
    "CellStyle", "SheetLook",
    # the digest emails
    "Digest", "PlanPlace", "digest_message", "plan_digests", "safe_address",
    "safe_sender",
    # safe file replacement
    "write_file",
    # writing workbooks and the command line (loaded on first use)
    "BASELINE_SHEET", "DASHBOARD_TITLE", "OUTPUT_MARKER", "OUTPUT_NAMES",
    "BaselineUpdate", "ExistingSheet", "PlanWorkbook", "Subcommands", "XlsxWorkbook",
    "baseline_into", "claim_sheets", "find_header_row", "open_xlsx_workbook",
    "replace_sheets", "write_sheets", "write_workbook",
]  # fmt: skip
