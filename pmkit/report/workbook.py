"""The small workbook interface the report and *Set baseline* write through.

The command line writes files through `XlsxWorkbook` (openpyxl, via the safe writer);
the Excel add-in implements the same `OutputWorkbook` protocol over xlwings to write
into the open workbook. `pmkit.report.refresh_report` and `set_baseline` take any
`OutputWorkbook`, so the buttons and the command line run one code path.

An implementation must:

* `sheet_names()` — the workbook's sheet names, in order;
* `read_plan()` — the plan as the workbook holds it now (`pmkit.read_plan` rules);
* `replace_sheet(sheet)` — write an `OutputSheet` whole: a sheet of that name
  (compared case-insensitively) is cleared and rewritten in place, else the sheet is
  added at the end; formatting follows the cells' kinds, tones and roles;
* `write_baseline(update)` — rename the `Baseline` sheet to `update.archive_as` (if
  set), add `update.archive` (if set), write `update.snapshot` as `Baseline`, add the
  `update.new_headers` at the end of the Plan table (growing an Excel table to cover
  them) and write `update.cells` into the Plan sheet — and touch no other Plan cell;
* `plan_header()` — the Plan sheet's 1-based header row (`find_header_row`) and its
  last used header column;
* `save()` — make it permanent; return a `SaveResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Protocol, runtime_checkable

from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.errors import MissingSheetError
from pmkit.engine.model import Plan
from pmkit.engine.schema import PLAN, normalize_name
from pmkit.outputs import CellKind, OutputSheet
from pmkit.outputs.palette import money_format
from pmkit.reading.safety import check_workbook_file
from pmkit.report.baseline import BASELINE_SHEET, BaselineUpdate, find_header_row
from pmkit.report.package import graft_sheets
from pmkit.report.safe_write import (
    IN_PLACE_ADVICE,
    SaveResult,
    commit,
    load_for_writing,
    save_safely,
    temporary_path,
)
from pmkit.report.xlsx import write_output_sheet
from pmkit.template import styles

__all__ = ["OutputWorkbook", "PackageWorkbook", "XlsxWorkbook"]


@runtime_checkable
class OutputWorkbook(Protocol):
    """A workbook pmkit can read the plan from and write its sheets into."""

    def sheet_names(self) -> list[str]: ...

    def read_plan(self) -> Plan: ...

    def plan_header(self) -> tuple[int, int]: ...

    def replace_sheet(self, sheet: OutputSheet) -> None: ...

    def write_baseline(self, update: BaselineUpdate) -> None: ...

    def save(self) -> SaveResult: ...


class PackageWorkbook:
    """An .xlsx/.xlsm file whose output sheets are written straight into its zip package.

    Fast, and nothing else in the workbook is re-written: every other part is copied
    byte for byte (see `pmkit.report.package`). For the report only — *Set baseline*
    edits Plan cells and goes through `XlsxWorkbook`. `save()` raises
    `PackageLayoutError` for a package it cannot edit; callers then use `XlsxWorkbook`.
    """

    def __init__(self, source: Path, target: Path | None = None) -> None:
        self.source = source
        self.target = target
        self._sheets: dict[str, OutputSheet] = {}
        self._names: list[str] | None = None
        self.active: str | None = None

    def sheet_names(self) -> list[str]:
        if self._names is None:
            from pmkit.report.parts import sheet_names

            self._names = sheet_names(self.source)
        return [*self._names, *(n for n in self._sheets if n not in self._names)]

    def read_plan(self) -> Plan:
        from pmkit.reading import read_plan

        return read_plan(self.source)

    def plan_header(self) -> tuple[int, int]:
        raise NotImplementedError("Set baseline writes through XlsxWorkbook")

    def replace_sheet(self, sheet: OutputSheet) -> None:
        self._sheets[sheet.name] = sheet

    @property
    def sheets(self) -> list[OutputSheet]:
        """The output sheets waiting to be saved."""
        return list(self._sheets.values())

    def write_baseline(self, update: BaselineUpdate) -> None:
        raise NotImplementedError("Set baseline writes through XlsxWorkbook")

    def activate(self, sheet_name: str) -> None:
        """Open the workbook at `sheet_name` (a report copy opens at its Summary)."""
        self.active = sheet_name

    def save(self) -> SaveResult:
        target = self.target or self.source
        check_workbook_file(self.source).close()
        temporary = temporary_path(target)
        try:
            graft_sheets(self.source, temporary, list(self._sheets.values()), activate=self.active)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return commit(temporary, self.source, target, replaced=list(self._sheets))


_BASELINE_ADVICE = (
    "Use -o to write the plan with its baseline to a new file, or the Excel add-in's "
    "Set baseline button, which writes through Excel itself"
)


class XlsxWorkbook:
    """An .xlsx/.xlsm file opened with openpyxl; `save()` goes through the safe writer.

    `target` None writes over `source` (after a backup, refusing if anything would be
    lost); a `target` path writes a separate copy and reports what the copy lacks.
    """

    def __init__(self, source: Path, target: Path | None = None) -> None:
        self.source = source
        self.target = target
        macros = source.suffix.lower() == ".xlsm" and (target or source).suffix.lower() == ".xlsm"
        self.book: Workbook = load_for_writing(source, keep_vba=macros)
        self._replaced: list[str] = []
        self._renamed: dict[str, str] = {}
        self._advice = IN_PLACE_ADVICE

    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def read_plan(self) -> Plan:
        from pmkit.reading import read_plan

        return read_plan(self.source)

    def plan_header(self) -> tuple[int, int]:
        ws = self._sheet(PLAN.name)
        if ws is None:
            raise MissingSheetError(f"{self.source.name} has no Plan sheet")
        rows = [list(row) for row in ws.iter_rows(max_row=10, values_only=True)]
        row = find_header_row(rows) or 1
        used = [
            i for i, value in enumerate(rows[row - 1] if rows else [], 1) if value not in (None, "")
        ]
        return row, max(used, default=0)

    def replace_sheet(self, sheet: OutputSheet) -> None:
        existing = self._sheet(sheet.name)
        index = None
        if existing is not None:
            index = self.book.sheetnames.index(existing.title)
            self.book.remove(existing)
        write_output_sheet(self.book, sheet, index)
        self._replaced.append(sheet.name)

    def write_baseline(self, update: BaselineUpdate) -> None:
        current = self._sheet(BASELINE_SHEET)
        if update.archive_as and current is not None:
            self._renamed[current.title] = update.archive_as
            current.title = update.archive_as
        if update.archive is not None:
            self.replace_sheet(update.archive)
        plan = self._sheet(update.plan_sheet)
        if plan is None:
            raise MissingSheetError(f"{self.source.name} has no {update.plan_sheet} sheet")
        self._add_headers(plan, update)
        currency = money_format(update.snapshot.currency)
        for item in update.cells:
            cell = plan.cell(row=item.row, column=item.column, value=item.value)
            if item.kind is CellKind.DATE:
                cell.number_format = styles.DATE_FORMAT
            elif item.kind is CellKind.MONEY:
                cell.number_format = currency
            elif item.kind is CellKind.INTEGER:
                cell.number_format = "0"
        self.replace_sheet(update.snapshot)
        self._advice = _BASELINE_ADVICE

    def activate(self, sheet_name: str) -> None:
        """Open the workbook at `sheet_name` (a report copy opens at its Summary)."""
        for ws in self.book.worksheets:
            ws.sheet_view.tabSelected = ws.title == sheet_name
        self.book.active = self.book.sheetnames.index(sheet_name)

    def save(self) -> SaveResult:
        return save_safely(
            self.book,
            self.source,
            self.target,
            replaced=self._replaced,
            renamed=self._renamed,
            advice=self._advice,
        )

    def _sheet(self, name: str) -> Worksheet | None:
        key = normalize_name(name)
        for ws in self.book.worksheets:
            if normalize_name(ws.title) == key:
                return ws
        return None

    def _add_headers(self, plan: Worksheet, update: BaselineUpdate) -> None:
        if not update.new_headers:
            return
        header_row = update.new_headers[0].row
        last = max(item.column for item in update.new_headers)
        for item in update.new_headers:
            cell = plan.cell(row=item.row, column=item.column, value=item.value)
            left = plan.cell(row=item.row, column=item.column - 1)
            if left.has_style:
                cell._style = copy(left._style)  # type: ignore[union-attr,attr-defined]
            else:
                cell.font = Font(bold=True)
        for table in plan.tables.values():
            _grow_table(table, header_row, last, [str(h.value) for h in update.new_headers])


def _grow_table(table: object, header_row: int, last_column: int, headers: Sequence[str]) -> None:
    """Widen an Excel table whose header is `header_row` to `last_column`."""
    from openpyxl.utils import get_column_letter, range_boundaries

    ref = str(getattr(table, "ref", ""))
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col is None or min_row != header_row or max_col is None or max_col >= last_column:
        return
    new_ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(last_column)}{max_row}"
    columns = list(getattr(table, "tableColumns", []))
    next_id = max((c.id for c in columns), default=0) + 1
    for offset, header in enumerate(headers):
        columns.append(TableColumn(id=next_id + offset, name=header))
    table.tableColumns = columns  # type: ignore[attr-defined]
    table.ref = new_ref  # type: ignore[attr-defined]
    auto_filter = getattr(table, "autoFilter", None)
    if auto_filter is not None:
        auto_filter.ref = new_ref
