"""The plan buttons: *Validate plan*, *Build schedule*, *Set baseline*, *Refresh report*.

Each writes pmkit's output sheets into the open workbook through the same functions the
command line uses on a file (`pmkit.report.replace_sheets`, `baseline_into`): the same
rule on which sheets may be replaced, the same mark on every sheet written; only the
workbook differs (`XlwingsWorkbook` here, `XlsxWorkbook` for a file). The VBA
behind the buttons (`macros/PmkitButtons.bas`) calls them with xlwings' RunPython:

    RunPython "import addin.buttons; addin.buttons.build_schedule()"

Called without a workbook, a button acts on the workbook that called it. It answers
with one sentence, shown in a message box, and never with a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from addin.errors import MESSAGE_BOX_LIMIT, cell_message
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit import Analysis, analyze
from pmkit.frontend import (
    PlanWorkbook,
    baseline_into,
    baseline_takes_in,
    build_output_sheets,
    count_sentence,
    format_day,
    has_baseline,
    replace_sheets,
)

__all__ = ["build_schedule", "refresh_report", "set_baseline", "validate_plan"]

_TITLE = "pmkit"
_REPLACE_QUESTION = (
    "This plan already has a baseline. Replace it with today's forecast?\n\n"
    "The current baseline is kept as a numbered sheet (Baseline 1, Baseline 2, …)."
)


def replace_question(analysis: Analysis) -> str:
    """What Set baseline asks before replacing a baseline: what the new one would take in
    as agreed, measured against the current one no more (`baseline_takes_in`), as the
    command line says when it refuses."""
    taken = baseline_takes_in(analysis)
    if taken is None:
        return _REPLACE_QUESTION
    return f"{_REPLACE_QUESTION}\n\nA new baseline would take in as agreed {taken}."


def validate_plan(book: PlanWorkbook | None = None) -> str:
    """Check the plan and list every problem on the Flags sheet."""

    def run(workbook: PlanWorkbook) -> str:
        analysis = analyze(workbook.read_plan())
        replace_sheets(workbook, build_output_sheets(analysis, only=["Flags"]))
        _show(workbook, "Flags")
        return f"{_counts(analysis)}. See the Flags sheet."

    return _button("Validate plan", book, run)


def build_schedule(book: PlanWorkbook | None = None) -> str:
    """Schedule the plan: the Schedule, Gantt and Workload sheets, and the Flags sheet."""

    def run(workbook: PlanWorkbook) -> str:
        analysis = analyze(workbook.read_plan())
        sheets = build_output_sheets(analysis, only=["Schedule", "Flags", "Gantt", "Workload"])
        replace_sheets(workbook, sheets)
        _show(workbook, "Schedule")
        summary = analysis.summary
        if summary.forecast_finish is None:
            return f"{summary.forecast_unknown or 'Forecast unknown'}. {_counts(analysis)}."
        return f"The plan finishes on {format_day(summary.forecast_finish)}. {_counts(analysis)}."

    return _button("Build schedule", book, run)


def set_baseline(book: PlanWorkbook | None = None, force: bool | None = None) -> str:
    """Freeze today's forecast as the baseline; asks before replacing an existing one.

    `force` True replaces without asking, False never replaces; None asks the owner.
    """

    def run(workbook: PlanWorkbook) -> str:
        analysis = analyze(workbook.read_plan())
        replace = bool(force)
        if has_baseline(analysis.plan) and not replace:
            if force is not None or not _confirm(workbook, replace_question(analysis)):
                return "This plan already has a baseline; nothing was changed."
            replace = True
        update = baseline_into(workbook, analysis, force=replace)
        _show(workbook, "Baseline")
        kept = f" The previous one is kept as {update.archive_as}." if update.archive_as else ""
        return f"Baseline set for {len(analysis.plan.tasks)} tasks{_undated(analysis)}.{kept}"

    return _button("Set baseline", book, run)


def refresh_report(book: PlanWorkbook | None = None) -> str:
    """Rewrite every output sheet: Summary, Schedule, Flags, Gantt and Workload."""

    def run(workbook: PlanWorkbook) -> str:
        analysis = analyze(workbook.read_plan())
        replace_sheets(workbook, build_output_sheets(analysis))
        _show(workbook, "Summary")
        summary = analysis.summary
        if summary.status is None:
            return f"{summary.forecast_unknown}. See the Summary sheet."
        return f"Status {summary.status}. {_counts(analysis)}. See the Summary sheet."

    return _button("Refresh report", book, run)


def _button(name: str, book: PlanWorkbook | None, run: Callable[[PlanWorkbook], str]) -> str:
    """Run one button on `book` (default: the calling workbook); answer in one sentence."""
    workbook: PlanWorkbook | None = book
    try:
        if workbook is None:
            workbook = _calling_workbook()
        message = run(workbook)
        workbook.save()  # a file is written (openpyxl); an open workbook is left to its owner
    except Exception as error:  # the boundary: an owner sees a sentence, not a traceback
        message = cell_message(name, error, MESSAGE_BOX_LIMIT)
    if workbook is not None:
        _tell(workbook, message)
    return message


def _calling_workbook() -> PlanWorkbook:
    import xlwings

    return XlwingsWorkbook(xlwings.Book.caller())


def _undated(analysis: Analysis) -> str:
    """Why the forecast is unknown, as `pmkit baseline` says it (a baseline is never set
    while a task cannot be scheduled: only dates that have passed with work not done)."""
    unknown = analysis.summary.forecast_unknown
    return f"; {unknown}" if unknown else ""


def _counts(analysis: Analysis) -> str:
    return count_sentence(analysis.issues)


def _app(workbook: PlanWorkbook) -> Any:
    return getattr(getattr(workbook, "book", None), "app", None)


def _tell(workbook: PlanWorkbook, message: str) -> None:
    app = _app(workbook)
    if app is None:
        return
    try:
        app.alert(message, title=_TITLE)
    except Exception:  # no message box (xlwings Lite, a server): the status bar will do
        with contextlib.suppress(Exception):
            app.status_bar = message


def _confirm(workbook: PlanWorkbook, question: str) -> bool:
    app = _app(workbook)
    if app is None:
        return False
    try:
        return str(app.alert(question, title=_TITLE, buttons="ok_cancel")).lower() == "ok"
    except Exception:
        return False


def _show(workbook: PlanWorkbook, sheet: str) -> None:
    activate = getattr(workbook, "activate", None)
    if activate is not None:
        activate(sheet)
