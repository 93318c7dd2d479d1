"""The small workbook interfaces pmkit's writers write through, and the two file ones.

Each front end implements what it can do, and all of it:

* `SheetWriter` — replace output sheets whole: the report, the sync's outputs, the
  Excel dashboard. `PackageWorkbook` writes them straight into the file's package.
* `BaselineWriter` — also *Set baseline*'s cells in the Plan sheet. `XlsxWorkbook`
  (openpyxl, for files) and the add-in's `XlwingsWorkbook` (the open workbook).
* `PlanWorkbook` — also reads the plan it holds: what the Excel buttons act on.

The rules live above these, once (`pmkit.report.replace_sheets`, `baseline_into`):
which sheets may be replaced (`pmkit.report.ownership`) is checked before any sheet is
written, and every sheet written carries pmkit's mark. An implementation must:

* `name` — the workbook's file name, for messages;
* `existing_sheets()` — its sheets as they are, with their kind and mark;
* `replace_sheet(sheet)` — write an `OutputSheet` whole, marked as pmkit's: a sheet of
  that name (compared case-insensitively) is replaced in place, else the sheet is added
  at the end; formatting follows the cells' kinds, tones and roles;
* `write_baseline(update)` — rename the `Baseline` sheet to `update.archive_as` (if
  set), add `update.archive` (if set), write `update.snapshot` as `Baseline`, add the
  `update.new_headers` at the end of the Plan table (growing an Excel table to cover
  them) and write `update.cells` into the Plan sheet — and touch no other Plan cell;
* `plan_header()` — the Plan sheet's 1-based header row (`find_header_row`) and the
  last column that holds anything (a value or a merged range) from that row down:
  new columns go right of it, never over the owner's cells;
* `save()` — make it permanent; return a `SaveResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from pathlib import Path
from typing import Protocol, runtime_checkable

from openpyxl.styles import Font
from openpyxl.utils import range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.errors import MissingSheetError
from pmkit.engine.model import Plan
from pmkit.engine.schema import OUTPUT_SHEETS, normalize_name
from pmkit.files import Target, commit, temporary_path
from pmkit.outputs import CellKind, OutputSheet
from pmkit.outputs.palette import money_format
from pmkit.outputs.portfolio import PORTFOLIO_SHEETS
from pmkit.reading.safety import CheckedWorkbook
from pmkit.report.baseline import BASELINE_SHEET, BaselineUpdate, find_header_row
from pmkit.report.existing import PackageSheets, inspect_package, refuse_strict
from pmkit.report.ownership import REPORT_MARKER, ExistingSheet
from pmkit.report.package import Package, graft_sheets
from pmkit.report.safe_write import (
    IN_PLACE_ADVICE,
    SaveResult,
    load_for_writing,
    save_checked,
)
from pmkit.report.xlsx import write_output_sheet
from pmkit.template import styles

__all__ = [
    "OUTPUT_NAMES",
    "BaselineWriter",
    "PackageWorkbook",
    "PlanWorkbook",
    "SheetWriter",
    "XlsxWorkbook",
    "inspect_workbook",
]

OUTPUT_NAMES = (
    *OUTPUT_SHEETS,
    "Dashboard",
    "xlwings.conf",
    BASELINE_SHEET,
    *PORTFOLIO_SHEETS,
)
"""Every sheet name pmkit writes, on any route: the output sheets (`schema.OUTPUT_SHEETS`),
the Excel dashboard and its settings sheet, the Baseline, and the nightly portfolio's."""


@runtime_checkable
class SheetWriter(Protocol):
    """A workbook pmkit writes its output sheets into."""

    @property
    def name(self) -> str: ...

    def existing_sheets(self) -> Sequence[ExistingSheet]: ...

    def replace_sheet(self, sheet: OutputSheet) -> None: ...

    def save(self) -> SaveResult: ...


@runtime_checkable
class BaselineWriter(SheetWriter, Protocol):
    """A workbook pmkit can also set the baseline in (it writes Plan cells)."""

    def plan_header(self) -> tuple[int, int]: ...

    def write_baseline(self, update: BaselineUpdate) -> None: ...


@runtime_checkable
class PlanWorkbook(BaselineWriter, Protocol):
    """A workbook that holds its own plan: what the Excel buttons act on."""

    def read_plan(self) -> Plan: ...


class PackageWorkbook:
    """An .xlsx/.xlsm file whose output sheets are written straight into its zip package.

    Fast, and nothing else in the workbook is re-written: every other part is copied
    byte for byte (see `pmkit.report.package`). `save()` raises `PackageLayoutError`
    for a package it cannot edit; callers then use `XlsxWorkbook`.
    """

    def __init__(
        self,
        checked: CheckedWorkbook,
        target: Target,
        *,
        name: str,
        report_copy: bool = False,
    ) -> None:
        self.checked = checked
        self.target = target
        self.report_copy = report_copy
        self._name = name
        self._found = inspect_workbook(checked, name)
        self._sheets: dict[str, OutputSheet] = {}
        self.active: str | None = None

    @property
    def name(self) -> str:
        return self._name

    def existing_sheets(self) -> Sequence[ExistingSheet]:
        return self._found.sheets

    def replace_sheet(self, sheet: OutputSheet) -> None:
        self._sheets[sheet.name] = sheet

    @property
    def sheets(self) -> list[OutputSheet]:
        """The output sheets waiting to be saved."""
        return list(self._sheets.values())

    def activate(self, sheet_name: str) -> None:
        """Open the workbook at `sheet_name` (a report copy opens at its Summary)."""
        self.active = sheet_name

    def edit_package(self, package: Package) -> None:
        """Edits to other parts, made before the sheets are added (none here)."""

    def save(self) -> SaveResult:
        temporary = temporary_path(self.target.path)
        try:
            graft_sheets(
                self.checked.data,
                temporary,
                self.sheets,
                activate=self.active,
                report_copy=self.report_copy,
                edit=self.edit_package,
            )
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        commit(temporary, self.target)
        return SaveResult(self.target.shown, self.target.backup)


_BASELINE_ADVICE = (
    "Use -o to write the plan with its baseline to a new file, or the Excel add-in's "
    "Set baseline button, which writes through Excel itself"
)


class XlsxWorkbook:
    """An .xlsx/.xlsm file opened with openpyxl from its checked bytes; `save()` counts what
    openpyxl would lose (refusing in place) before the file is replaced.

    `plan` is the plan read from those bytes (`read_plan()` hands it back, as the Excel
    buttons expect; *Set baseline* finds its sheet through it).
    """

    def __init__(
        self,
        checked: CheckedWorkbook,
        target: Target,
        *,
        name: str,
        plan: Plan,
        in_place: bool,
        keep_vba: bool,
        report_copy: bool = False,
    ) -> None:
        self.checked = checked
        self.target = target
        self.in_place = in_place
        self.plan = plan
        self._name = name
        self._found = inspect_workbook(checked, name)
        self.book: Workbook = load_for_writing(checked, name, keep_vba=keep_vba)
        if report_copy:
            self.book.defined_names[REPORT_MARKER] = DefinedName(
                REPORT_MARKER, attr_text='"report"', hidden=True
            )
        self._replaced: list[str] = []
        self._renamed: dict[str, str] = {}
        self.advice = IN_PLACE_ADVICE
        self.finish: Callable[[Path], None] | None = None

    @property
    def name(self) -> str:
        return self._name

    def existing_sheets(self) -> Sequence[ExistingSheet]:
        return self._found.sheets

    def read_plan(self) -> Plan:
        return self.plan

    def plan_header(self) -> tuple[int, int]:
        ws = self._sheet(self.plan.plan_sheet)
        if ws is None:
            raise MissingSheetError(f"{self._name} has no Plan sheet")
        rows = [list(row) for row in ws.iter_rows(max_row=10, values_only=True)]
        header = find_header_row(rows) or 1
        last = 0
        for row in ws.iter_rows(min_row=header):
            for cell in reversed(row):
                if cell.value not in (None, ""):
                    last = max(last, cell.column)
                    break
        for merged in ws.merged_cells.ranges:
            if merged.max_row >= header:
                last = max(last, merged.max_col)
        return header, last

    def replace_sheet(self, sheet: OutputSheet) -> None:
        existing = self._sheet(sheet.name, any_kind=True)
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
            raise MissingSheetError(f"{self._name} has no {update.plan_sheet} sheet")
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
        self.advice = _BASELINE_ADVICE

    def activate(self, sheet_name: str) -> None:
        """Open the workbook at `sheet_name` (a report copy opens at its Summary)."""
        for ws in self.book.worksheets:
            ws.sheet_view.tabSelected = ws.title == sheet_name
        self.book.active = self.book.sheetnames.index(sheet_name)

    def save(self) -> SaveResult:
        return save_checked(
            self.book,
            self.checked.data,
            self.target,
            in_place=self.in_place,
            replaced=self._replaced,
            renamed=self._renamed,
            advice=self.advice,
            finish=self.finish,
        )

    def _sheet(self, name: str, *, any_kind: bool = False) -> Worksheet | None:
        key = normalize_name(name)
        titles = self.book.sheetnames if any_kind else [ws.title for ws in self.book.worksheets]
        for title in titles:
            if normalize_name(title) == key:
                found: Worksheet = self.book[title]
                return found
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


def inspect_workbook(checked: CheckedWorkbook, name: str) -> PackageSheets:
    """The sheets of the workbook `checked` (called `name`), as its writers find them before
    they write; a Strict Open XML package is refused."""
    with checked.archive() as archive:
        found = inspect_package(archive, name, OUTPUT_NAMES)
    refuse_strict(found, name)
    return found


def _grow_table(table: object, header_row: int, last_column: int, headers: Sequence[str]) -> None:
    """Widen an Excel table whose header is `header_row` to `last_column`."""
    from openpyxl.utils import get_column_letter

    ref = str(getattr(table, "ref", ""))
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col is None or min_row != header_row or max_col is None or max_col >= last_column:
        return
    if max_col + len(headers) != last_column:
        return  # owner's cells between the table and the new columns: the table stays as it is
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
