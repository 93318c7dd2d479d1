"""The surface the front ends are built on: the Excel add-in (`addin/`) and the nightly sync.

pmkit has three layers of names. `pmkit` is the public API, for anyone (read → analyze →
write). This module is the second: what the add-in and the Google Sheets sync need
beyond it, as whole operations rather than the engine's steps. Everything else in pmkit
is internal and may be moved or renamed without touching them: the front ends import
from `pmkit` and `pmkit.frontend` only, and `__all__` is exactly what they import (both
checked by tests/test_public_api.py). The rule for a new need: offer it here as one
operation in pmkit's own words (a function or a value type in the module where it
belongs, re-exported here), never the engine's internals it is made of; a name added here
is a promise to keep it. See docs/architecture.md ("Three layers of names").

The names, by what a front end does with them:

* **Reading a plan from cells** — a front end hands the reader each sheet as a `Grid`
  (errors as `ExcelError`) and gets a `Plan` by the reader's one set of cell rules
  (`plan_from_grids`); the sheet vocabulary (`PLAN`, `INPUT_SHEETS`, `normalize_name`,
  `column_letter`) finds the sheets; the add-in reads single arguments the same way
  (`parse_id`, `date_from_cell`, `is_percent_format`, `zero_is_blank` for Office.js
  zeros) and quotes a bad one back as the reader does (`describe`), the sync a Work Week
  override (`parse_work_week`).
* **The answers cells and buttons show** — a task's rating (`task_status`), the loop a
  task is stuck in (`dependency_loops`) and the cells that keep it out of the schedule
  (`unscheduled_causes`), the Summary's figures (`summary_metrics`), the
  Schedule as plain values (`schedule_values`, `SCHEDULE_COLUMNS`), and the words of a
  button's answer (`count_sentence`, `format_day`, `format_percent`, `has_baseline`).
* **The output sheets, and how they are drawn** — the sheets as typed data (`OutputSheet`,
  `Row`, `Cell`, `CellKind`, `Role`), built by `build_output_sheets` (all or `only` some),
  `build_history_sheet` and the Gantt again with fewer tasks (`build_gantt_sheet`,
  `tasks_shown`, `GANTT_SHEET`); drawn in another medium through `SheetLook` (each
  cell's `CellStyle`, rows, filter, print setup, chart) and `typed_text`.
* **Writing workbooks** — which files are workbooks (`WORKBOOK_SUFFIXES`) and which sheets
  are pmkit's (`OUTPUT_SHEETS`, `HISTORY_SHEET`,
  `OUTPUT_NAMES`, `OUTPUT_MARKER`, `DASHBOARD_TITLE`, `ExistingSheet`, `claim_sheets`,
  and an old History sheet kept back rather than lose nights, `sheets_kept_back`); the
  workbook protocol the buttons write through (`PlanWorkbook`, `replace_sheets`, `baseline_into`,
  `BaselineUpdate`, what a new baseline takes in as agreed `baseline_takes_in`,
  `find_header_row`); files (`open_xlsx_workbook`, `XlsxWorkbook`,
  `write_sheets` and, judged before it writes, `claim_in_place`, `write_workbook`,
  `write_file`: the one safe way to replace a file).
* **The nightly run's memory** — tonight's state and what changed since the last run
  (`compare_with_last_run`), and the values the history keeps and reads back
  (`PlanState`, `TaskState`, `RiskState`, `SinceLastRun`, `Change`, `ChangeKind`,
  `ScopeChangeKind`, `severity_counts`; a task last run could not schedule, as it last
  was, `with_last_known`); the nights the History shows, for the close-out
  review (`ForecastPoint`).
* **The portfolio** — its two sheets from each plan's line and its owners' booked weeks
  (`build_portfolio_sheets`, `PlanLine`, `PlanNight`, `SlipTrend`, `Outcome`,
  `PlanBooking`, `BookedWeek`, `PORTFOLIO_WEEKS`, `TREND_NIGHTS`).
* **The morning digests** — tonight's messages about a plan (`plan_digests`, `Digest`,
  `PlanPlace`; a plan told apart from another of its name, `name_with_id`), each as an
  e-mail (`digest_message`), addresses checked (`safe_address`, `safe_sender`).
* **The command line** — `Subcommands`, what a `pmkit.commands` entry point registers on,
  and owner text as a terminal may show it (`terminal_safe`: no escape codes acted on).

What the `PM_` cell functions use loads with this module, so the xlwings Lite bundle
(which follows its imports) carries exactly that into Pyodide; every other name loads on
first use, as `pmkit`'s writers do (a test checks that each name a bundled module imports
from here loads with it).
"""

from typing import TYPE_CHECKING, Any

# What the cell functions use: the xlwings Lite bundle follows these imports into Pyodide.
from pmkit.engine.figures import format_percent
from pmkit.engine.issues import column_letter
from pmkit.engine.network import dependency_loops
from pmkit.engine.schema import PLAN, normalize_name
from pmkit.engine.status import task_status
from pmkit.engine.unscheduled import unscheduled_causes
from pmkit.outputs import build_output_sheets, summary_metrics
from pmkit.outputs.schedule import schedule_values
from pmkit.reading import ExcelError, Grid, plan_from_grids
from pmkit.reading.cells import describe, parse_id
from pmkit.reading.dates import date_from_cell
from pmkit.reading.grid import zero_is_blank

if TYPE_CHECKING:
    # everything else: loaded on first use (the imports for the type checker)
    from pmkit.cli.common import Subcommands, terminal_safe
    from pmkit.engine.actions import count_sentence
    from pmkit.engine.figures import format_day
    from pmkit.engine.issues import severity_counts
    from pmkit.engine.model import ForecastPoint
    from pmkit.engine.nightly_state import PlanState, RiskState, TaskState, with_last_known
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
    from pmkit.engine.schema import HISTORY_SHEET, INPUT_SHEETS, OUTPUT_SHEETS, WORKBOOK_SUFFIXES
    from pmkit.engine.scope import ChangeKind as ScopeChangeKind
    from pmkit.engine.variance import has_baseline
    from pmkit.files import write_file
    from pmkit.outputs import GANTT_SHEET, Cell, CellKind, OutputSheet, Role, Row
    from pmkit.outputs.digest import Digest, PlanPlace, name_with_id, plan_digests
    from pmkit.outputs.digest_mail import digest_message, safe_address, safe_sender
    from pmkit.outputs.gantt import build_gantt_sheet, tasks_shown
    from pmkit.outputs.history import build_history_sheet
    from pmkit.outputs.palette import CellStyle
    from pmkit.outputs.plain_text import typed_text
    from pmkit.outputs.portfolio import build_portfolio_sheets
    from pmkit.outputs.schedule import SCHEDULE_COLUMNS
    from pmkit.outputs.sheet_look import SheetLook
    from pmkit.reading.grid import is_percent_format
    from pmkit.reading.settings import parse_work_week
    from pmkit.report import (
        OUTPUT_NAMES,
        PlanWorkbook,
        XlsxWorkbook,
        baseline_into,
        open_xlsx_workbook,
        replace_sheets,
        write_sheets,
    )
    from pmkit.report.baseline import BaselineUpdate, baseline_takes_in, find_header_row
    from pmkit.report.ownership import (
        DASHBOARD_TITLE,
        OUTPUT_MARKER,
        ExistingSheet,
        claim_sheets,
        sheets_kept_back,
    )
    from pmkit.report.writing import claim_in_place, write_workbook

# Where each name loaded on first use lives (the imports above, for the type checker).
_HOMES: dict[str, tuple[str, ...]] = {
    "pmkit.cli.common": ("Subcommands", "terminal_safe"),
    "pmkit.engine.actions": ("count_sentence",),
    "pmkit.engine.figures": ("format_day",),
    "pmkit.engine.issues": ("severity_counts",),
    "pmkit.engine.model": ("ForecastPoint",),
    "pmkit.engine.nightly_state": ("PlanState", "RiskState", "TaskState", "with_last_known"),
    "pmkit.engine.overnight": ("Change", "ChangeKind", "SinceLastRun", "compare_with_last_run"),
    "pmkit.engine.portfolio": (
        "PORTFOLIO_WEEKS",
        "TREND_NIGHTS",
        "BookedWeek",
        "Outcome",
        "PlanBooking",
        "PlanLine",
        "PlanNight",
        "SlipTrend",
    ),
    "pmkit.engine.schema": ("HISTORY_SHEET", "INPUT_SHEETS", "OUTPUT_SHEETS", "WORKBOOK_SUFFIXES"),
    "pmkit.engine.variance": ("has_baseline",),
    "pmkit.files": ("write_file",),
    "pmkit.outputs": ("GANTT_SHEET", "Cell", "CellKind", "OutputSheet", "Role", "Row"),
    "pmkit.outputs.digest": ("Digest", "PlanPlace", "name_with_id", "plan_digests"),
    "pmkit.outputs.digest_mail": ("digest_message", "safe_address", "safe_sender"),
    "pmkit.outputs.gantt": ("build_gantt_sheet", "tasks_shown"),
    "pmkit.outputs.history": ("build_history_sheet",),
    "pmkit.outputs.palette": ("CellStyle",),
    "pmkit.outputs.plain_text": ("typed_text",),
    "pmkit.outputs.portfolio": ("build_portfolio_sheets",),
    "pmkit.outputs.schedule": ("SCHEDULE_COLUMNS",),
    "pmkit.outputs.sheet_look": ("SheetLook",),
    "pmkit.reading.grid": ("is_percent_format",),
    "pmkit.reading.settings": ("parse_work_week",),
    "pmkit.report": (
        "OUTPUT_NAMES",
        "PlanWorkbook",
        "XlsxWorkbook",
        "baseline_into",
        "open_xlsx_workbook",
        "replace_sheets",
        "write_sheets",
    ),
    "pmkit.report.baseline": ("BaselineUpdate", "baseline_takes_in", "find_header_row"),
    "pmkit.report.ownership": (
        "DASHBOARD_TITLE",
        "OUTPUT_MARKER",
        "ExistingSheet",
        "claim_sheets",
        "sheets_kept_back",
    ),
    "pmkit.report.writing": ("claim_in_place", "write_workbook"),
}
_ON_FIRST_USE = {name: home for home, names in _HOMES.items() for name in names}
_RENAMED = {"ScopeChangeKind": ("pmkit.engine.scope", "ChangeKind")}


def __getattr__(name: str) -> Any:
    home, original = _RENAMED.get(name) or (_ON_FIRST_USE.get(name), name)
    if home is not None:
        import importlib

        return getattr(importlib.import_module(home), original)
    raise AttributeError(f"module 'pmkit.frontend' has no attribute {name!r}")


__all__ = [  # noqa: RUF022 — grouped by purpose, as the docstring and the docs list them
    # reading a plan from cells
    "PLAN", "INPUT_SHEETS", "normalize_name", "column_letter", "Grid", "ExcelError",
    "plan_from_grids", "parse_id", "date_from_cell", "is_percent_format", "zero_is_blank",
    "parse_work_week", "describe",
    # the answers cells and buttons show
    "task_status", "dependency_loops", "unscheduled_causes", "summary_metrics",
    "schedule_values", "SCHEDULE_COLUMNS", "count_sentence", "format_day", "format_percent",
    "has_baseline",
    # the output sheets, and how they are drawn
    "OutputSheet", "Row", "Cell", "CellKind", "Role", "build_output_sheets",
    "build_history_sheet", "build_gantt_sheet", "tasks_shown", "GANTT_SHEET", "SheetLook",
    "CellStyle", "typed_text",
    # writing workbooks (the report's writers load on first use)
    "WORKBOOK_SUFFIXES", "OUTPUT_SHEETS", "HISTORY_SHEET", "OUTPUT_NAMES", "OUTPUT_MARKER",
    "DASHBOARD_TITLE",
    "ExistingSheet", "claim_sheets", "sheets_kept_back", "PlanWorkbook", "replace_sheets",
    "baseline_into", "BaselineUpdate", "baseline_takes_in", "find_header_row",
    "open_xlsx_workbook", "XlsxWorkbook",
    "write_sheets", "claim_in_place", "write_workbook", "write_file",
    # the nightly run's memory
    "compare_with_last_run", "PlanState", "TaskState", "RiskState", "SinceLastRun", "Change",
    "ChangeKind", "ScopeChangeKind", "severity_counts", "ForecastPoint", "with_last_known",
    # the portfolio
    "build_portfolio_sheets", "PlanLine", "PlanNight", "SlipTrend", "Outcome", "PlanBooking",
    "BookedWeek", "PORTFOLIO_WEEKS", "TREND_NIGHTS",
    # the morning digests
    "plan_digests", "Digest", "PlanPlace", "name_with_id", "digest_message", "safe_address",
    "safe_sender",
    # the command line (loaded on first use)
    "Subcommands", "terminal_safe",
]  # fmt: skip
