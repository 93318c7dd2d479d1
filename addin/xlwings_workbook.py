"""`PlanWorkbook` over xlwings: the plan buttons read and write the open workbook.

The command line writes files through `pmkit.report`'s file workbooks; this is the same
small interface over a live `xlwings.Book`, so *Refresh report* and `pmkit report` run
one code path (`pmkit.report.replace_sheets`, `baseline_into`), with the same rule:
only sheets pmkit wrote (marked with the hidden sheet-scoped name `PMKIT_OUTPUT`, or
laid out as an older pmkit wrote them) are replaced; an owner's own sheet of that name
stops the button before anything is written.
Values go to Excel a whole sheet at a time; formatting (`addin.sheet_format`) is applied
per column and, for coloured cells, per cell, up to a limit that keeps a large plan
responsive.
Nothing is saved: the owner sees the result and saves the workbook as usual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from addin.inputs import EXCEL_ERRORS
from addin.sheet_format import format_sheet
from pmkit import MissingSheetError, Plan, SaveResult
from pmkit.frontend import (
    INPUT_SHEETS,
    OUTPUT_MARKER,
    OUTPUT_NAMES,
    PLAN,
    BaselineUpdate,
    CellKind,
    ExcelError,
    ExistingSheet,
    Grid,
    OutputSheet,
    SheetLook,
    find_header_row,
    is_percent_format,
    normalize_name,
    plan_from_grids,
    typed_text,
)

__all__ = ["XlwingsWorkbook"]


class XlwingsWorkbook:
    """The open workbook (an `xlwings.Book`, or anything with the same few members)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self._replaced: list[str] = []

    @property
    def name(self) -> str:
        return str(self.book.name)

    # -- reading -------------------------------------------------------------------------

    def existing_sheets(self) -> Sequence[ExistingSheet]:
        """Every sheet with its mark; the first rows only of unmarked output-named ones."""
        outputs = {normalize_name(name) for name in OUTPUT_NAMES}
        found = []
        for sheet in self.book.sheets:
            marked = _is_marked(sheet)
            rows: tuple[tuple[object, ...], ...] = ()
            empty = False
            if not marked and normalize_name(sheet.name) in outputs:
                grid = _grid(sheet)
                rows = tuple(tuple(row) for row in grid.rows[: max(0, 3 - grid.first_row)])
                blank = not any(v not in (None, "") for row in grid.rows for v in row)
                empty = blank and not _has_drawings(sheet)
                if grid.first_column > 1:
                    rows = tuple((None,) * (grid.first_column - 1) + row for row in rows)
                rows = ((),) * (grid.first_row - 1) + rows
            found.append(ExistingSheet(sheet.name, marked=marked, first_rows=rows, empty=empty))
        return found

    def read_plan(self) -> Plan:
        """The input sheets as Excel holds them now, read by `read_plan`'s own rules."""
        grids: dict[str, Grid] = {}
        for schema in INPUT_SHEETS:
            sheet = self._sheet(schema.name)
            if sheet is not None:
                grids[sheet.name] = _grid(sheet)
        if not any(normalize_name(name) == normalize_name(PLAN.name) for name in grids):
            raise MissingSheetError(
                f"{self.book.name} has no Plan sheet; name the sheet with the tasks 'Plan'"
            )
        return plan_from_grids(Path(self.book.name).stem, grids, source=self.book.name)

    def plan_header(self) -> tuple[int, int]:
        sheet = self._sheet(PLAN.name)
        if sheet is None:
            raise MissingSheetError(f"{self.book.name} has no Plan sheet")
        grid = _grid(sheet)
        blank: list[object] = [None]
        rows = [blank] * (grid.first_row - 1)
        rows += [blank * (grid.first_column - 1) + list(row) for row in grid.rows]
        row = find_header_row(rows) or 1
        # Right of the whole used range: Excel's used range covers every value, merged
        # block and formatted cell, so a new column never lands on the owner's.
        width = max((len(r) for r in grid.rows), default=0)
        return row, grid.first_column + width - 1 if width else 0

    # -- writing -------------------------------------------------------------------------

    def replace_sheet(self, sheet: OutputSheet) -> None:
        """Clear the sheet of that name (or add one at the end) and write `sheet` whole."""
        target = self._sheet(sheet.name)
        if target is None:
            target = self.book.sheets.add(sheet.name, after=self.book.sheets[-1])
        else:
            target.clear()
        # Excel reads what xlwings hands it as if typed: text goes with its quote prefix.
        values = [[typed_text(cell.value) for cell in row.cells] for row in sheet.rows]
        width = sheet.width
        if values and width:
            padded = [row + [None] * (width - len(row)) for row in values]
            target.range((1, 1)).value = padded
        format_sheet(target, sheet)
        _mark(target, sheet.name)
        self._replaced.append(sheet.name)

    def write_baseline(self, update: BaselineUpdate) -> None:
        current = self._sheet(update.snapshot.name)  # the Baseline sheet it replaces
        if update.archive_as and current is not None:
            current.name = update.archive_as
        if update.archive is not None:
            self.replace_sheet(update.archive)
        plan = self._sheet(update.plan_sheet)
        if plan is None:
            raise MissingSheetError(f"{self.book.name} has no {update.plan_sheet} sheet")
        for item in update.new_headers:
            cell = plan.range((item.row, item.column))
            cell.value = item.value
            cell.font.bold = True
        if update.new_headers:
            _grow_tables(plan, update)
        look = SheetLook(update.snapshot)
        for item in update.cells:
            cell = plan.range((item.row, item.column))
            cell.value = item.value
            if item.kind is not CellKind.TEXT:
                cell.number_format = look.column(item.kind).number_format
        self.replace_sheet(update.snapshot)

    def save(self) -> SaveResult:
        """Nothing to write: the changes are in the open workbook for the owner to save."""
        return SaveResult(Path(str(getattr(self.book, "fullname", self.book.name))))

    def activate(self, sheet_name: str) -> None:
        sheet = self._sheet(sheet_name)
        if sheet is not None:
            sheet.activate()

    def _sheet(self, name: str) -> Any:
        key = normalize_name(name)
        for sheet in self.book.sheets:
            if normalize_name(sheet.name) == key:
                return sheet
        return None


def _is_marked(sheet: Any) -> bool:
    """Whether the sheet carries pmkit's hidden sheet-scoped name (`Summary!PMKIT_OUTPUT`)."""
    try:
        names = [str(name.name) for name in sheet.names]
    except Exception:  # xlwings Lite and old Excel builds have no sheet names
        return False
    return any(name.rsplit("!", 1)[-1] == OUTPUT_MARKER for name in names)


def _mark(sheet: Any, output: str) -> None:
    """Put pmkit's mark on the sheet; where names cannot be set (xlwings Lite), the
    sheet is still recognised next time by its layout."""
    if _is_marked(sheet):
        return
    with contextlib.suppress(Exception):
        name = sheet.names.add(OUTPUT_MARKER, '="' + output.replace('"', '""') + '"')
        with contextlib.suppress(Exception):
            name.api.Visible = False


def _has_drawings(sheet: Any) -> bool:
    try:
        return bool(len(sheet.charts) or len(sheet.pictures) or len(sheet.shapes))
    except Exception:
        return True  # cannot tell: count it as holding something


def _grid(sheet: Any) -> Grid:
    """A sheet's used range as a `Grid`, errors as `ExcelError`, at its real position."""
    used = sheet.used_range
    values = used.options(ndim=2, err_to_str=True).value or []
    rows = [
        tuple(
            ExcelError(cell) if isinstance(cell, str) and cell in EXCEL_ERRORS else cell
            for cell in row
        )
        for row in values
    ]
    return Grid(
        sheet.name,
        rows,
        first_row=used.row,
        first_column=used.column,
        totals_rows=_totals_rows(sheet),
        percent_cells=_PercentFormats(sheet),
    )


def _totals_rows(sheet: Any) -> frozenset[int]:
    """Rows of the sheet that are an Excel table's totals row (not tasks)."""
    rows: set[int] = set()
    for table in getattr(sheet, "tables", ()):
        try:  # a table Excel cannot describe costs only this fact
            totals = table.totals_row_range if table.show_totals else None
            if totals is not None:
                rows.update(range(totals.row, totals.row + totals.rows.count))
        except Exception:
            continue
    return frozenset(rows)


class _PercentFormats:
    """Whether a cell is formatted as a percentage, asked of Excel one cell at a time.

    The readers only ask about the rare cells whose value cannot settle it (a % Complete
    above 1), so this stays a handful of calls.
    """

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._known: dict[object, bool] = {}

    def __contains__(self, cell: object) -> bool:
        if cell not in self._known:
            try:
                code = self._sheet.range(cell).number_format
            except Exception:  # unknown format: the value is read as it is
                code = None
            self._known[cell] = isinstance(code, str) and is_percent_format(code)
        return self._known[cell]


def _grow_tables(plan: Any, update: BaselineUpdate) -> None:
    """Widen the Excel table whose header row gained the Baseline columns, when they
    start right at its edge (owner's cells in between: the table stays as it is)."""
    header_row = update.new_headers[0].row
    first = min(item.column for item in update.new_headers)
    last = max(item.column for item in update.new_headers)
    for table in getattr(plan, "tables", []):
        rng = table.range
        if rng.row != header_row or rng.column + rng.columns.count != first:
            continue
        bottom = rng.row + rng.rows.count - 1
        table.resize(plan.range((rng.row, rng.column), (bottom, last)))
