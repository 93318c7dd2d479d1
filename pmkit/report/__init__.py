"""The report workbook and *Set baseline*, written through one small workbook interface.

>>> result = write_report(Path("plan.xlsx"))
>>> result.saved.path.name
'plan-report.xlsx'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pmkit.engine.analysis import analyze
from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.results import Analysis
from pmkit.outputs import OUTPUT_SHEET_NAMES, build_output_sheets, is_output_sheet
from pmkit.report.baseline import BaselineUpdate, plan_baseline
from pmkit.report.package import PackageLayoutError, graft_sheets
from pmkit.report.safe_write import SaveResult, backup_path, temporary_path
from pmkit.report.workbook import OutputWorkbook, PackageWorkbook, XlsxWorkbook

__all__ = [
    "BaselineResult",
    "OutputWorkbook",
    "PackageWorkbook",
    "ReportResult",
    "SaveResult",
    "XlsxWorkbook",
    "backup_path",
    "default_report_path",
    "refresh_report",
    "set_baseline",
    "write_baseline",
    "write_report",
]


@dataclass(frozen=True, slots=True)
class ReportResult:
    analysis: Analysis
    saved: SaveResult


@dataclass(frozen=True, slots=True)
class BaselineResult:
    analysis: Analysis
    update: BaselineUpdate
    saved: SaveResult


def default_report_path(plan_path: Path) -> Path:
    """`plan.xlsx` → `plan-report.xlsx` in the same folder (`.xlsm` stays `.xlsm`)."""
    return plan_path.with_name(f"{plan_path.stem}-report{plan_path.suffix}")


def refresh_report(book: OutputWorkbook, status_date: date | None = None) -> Analysis:
    """Analyze the workbook's plan and (re)write its output sheets; the caller saves."""
    analysis = analyze(book.read_plan(), status_date)
    for sheet in build_output_sheets(analysis):
        book.replace_sheet(sheet)
    return analysis


def set_baseline(
    book: OutputWorkbook,
    *,
    today: date | None = None,
    force: bool = False,
    status_date: date | None = None,
) -> tuple[Analysis, BaselineUpdate]:
    """Freeze the current forecast as the baseline; the caller saves."""
    analysis = analyze(book.read_plan(), status_date)
    header_row, last_column = book.plan_header()
    update = plan_baseline(
        analysis,
        sheet_names=book.sheet_names(),
        header_row=header_row,
        last_header_column=last_column,
        set_on=today or date.today(),
        force=force,
    )
    book.write_baseline(update)
    return analysis, update


def write_report(
    plan_path: Path,
    output: Path | None = None,
    *,
    in_place: bool = False,
    status_date: date | None = None,
) -> ReportResult:
    """The report workbook: a copy of the plan with the output sheets (default
    `plan-report.xlsx`), or, `in_place`, the plan itself after a backup."""
    if plan_path.suffix.lower() == ".xml":
        return _write_project_report(plan_path, output, status_date)
    target = None if in_place else (output or default_report_path(plan_path))
    _refuse_owner_sheets(plan_path)
    book = PackageWorkbook(plan_path, target)
    analysis = refresh_report(book, status_date)
    sheets = book.sheets
    if target is not None:
        book.activate("Summary")
    try:
        if _drops_macros(plan_path, target):
            raise PackageLayoutError("an .xlsx copy of a macro workbook is rebuilt without VBA")
        saved = book.save()
    except PackageLayoutError:
        # A package laid out in a way the direct writer does not know: openpyxl
        # rewrites it instead, with its refusal rules.
        fallback = XlsxWorkbook(plan_path, target)
        for sheet in sheets:
            fallback.replace_sheet(sheet)
        if target is not None:
            fallback.activate("Summary")
        saved = fallback.save()
    return ReportResult(analysis, saved)


def _write_project_report(
    plan_path: Path, output: Path | None, status_date: date | None
) -> ReportResult:
    """A Microsoft Project XML plan: a new workbook holding only the output sheets."""
    from openpyxl import Workbook

    from pmkit.reading import read_plan

    target = output or plan_path.with_name(f"{plan_path.stem}-report.xlsx")
    analysis = analyze(read_plan(plan_path), status_date)
    # The findings point into the XML, not into sheets of this workbook: no links.
    sheets = [
        replace(
            sheet,
            rows=tuple(
                replace(row, cells=tuple(c._replace(link=None) for c in row.cells))
                for row in sheet.rows
            ),
        )
        for sheet in build_output_sheets(analysis)
    ]
    base = temporary_path(target)
    temporary = temporary_path(target)
    try:
        seed = Workbook()
        assert seed.active is not None
        seed.active.title = sheets[0].name
        seed.save(base)
        graft_sheets(base, temporary, sheets, activate=sheets[0].name)
        os.replace(temporary, target)
    except OSError as exc:
        raise WriteRefusedError(f"cannot write {target.name}: {exc.strerror}") from exc
    finally:
        base.unlink(missing_ok=True)
        temporary.unlink(missing_ok=True)
    return ReportResult(analysis, SaveResult(target))


def _refuse_owner_sheets(plan_path: Path) -> None:
    """Never overwrite an owner's own sheet that happens to carry an output sheet's name."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(plan_path))
        names = {name.casefold(): name for name in workbook.sheet_names}
        theirs = []
        for output in OUTPUT_SHEET_NAMES:
            name = names.get(output.casefold())
            if name is None:
                continue
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=2)
            if not is_output_sheet(output, rows):
                theirs.append(name)
    except Exception:  # unreadable here: the writer itself will say why
        return
    if theirs:
        listed = ", ".join(f"'{name}'" for name in theirs)
        raise WriteRefusedError(
            f"{plan_path.name} was not changed: it has its own sheet {listed}, and pmkit writes "
            f"its report sheets under the names {', '.join(OUTPUT_SHEET_NAMES)}. Rename that "
            "sheet (for example 'My " + theirs[0] + "') and run again"
        )


def _drops_macros(source: Path, target: Path | None) -> bool:
    return (
        target is not None and source.suffix.lower() == ".xlsm" and target.suffix.lower() == ".xlsx"
    )


def write_baseline(
    plan_path: Path,
    output: Path | None = None,
    *,
    force: bool = False,
    today: date | None = None,
    status_date: date | None = None,
) -> BaselineResult:
    """Set the baseline in the plan file (after a backup), or in a copy at `output`."""
    book = XlsxWorkbook(plan_path, output)
    analysis, update = set_baseline(book, today=today, force=force, status_date=status_date)
    return BaselineResult(analysis, update, book.save())
