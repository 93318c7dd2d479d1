"""A stand-in for the few xlwings objects `XlwingsWorkbook` uses, backed by plain dicts.

Loaded from a real .xlsx (openpyxl), it answers `used_range.options(...).value` as
classic xlwings does (None, floats, datetimes) and records what is written, so the
buttons can run end to end without Excel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl


def _classic(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str | datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        return float(value)
    return value


@dataclass(frozen=True, slots=True)
class FakeFormula:
    """What Excel makes of text handed to a cell that starts with `=`: a formula it runs."""

    text: str


def _typed(value: object) -> object:
    """A value as Excel stores it when xlwings hands it over: as if the owner typed it.

    A leading apostrophe is Excel's quote prefix (the rest is text, kept verbatim); text
    starting with `=` becomes a formula. (Excel also reads `1.10` as a number and `3-4`
    as a date; the fake only models what the tests need to see.)
    """
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    if isinstance(value, str) and value.startswith("="):
        return FakeFormula(value)
    return _classic(value)


class FakeFont:
    def __init__(self) -> None:
        self.bold = False
        self.color: str | None = None


class Count:
    def __init__(self, count: int) -> None:
        self.count = count


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: tuple[int, int], last: tuple[int, int]) -> None:
        self.sheet = sheet
        self.row, self.column = first
        self.last = last
        self.font = FakeFont()
        self.color: str | None = None
        self.column_width: float | None = None
        self.rows = Count(last[0] - first[0] + 1)
        self.columns = Count(last[1] - first[1] + 1)

    @property
    def number_format(self) -> str:
        return self.sheet.formats.get((self.row, self.column), "General")

    @number_format.setter
    def number_format(self, code: str) -> None:
        for r in range(self.row, self.last[0] + 1):
            for c in range(self.column, self.last[1] + 1):
                self.sheet.formats[(r, c)] = code

    @property
    def row_height(self) -> float | None:
        return self.sheet.row_heights.get(self.row)

    @row_height.setter
    def row_height(self, points: float) -> None:
        for r in range(self.row, self.last[0] + 1):
            self.sheet.row_heights[r] = points

    def options(self, **_options: Any) -> FakeRange:
        return self

    @property
    def value(self) -> list[list[object]]:
        return [
            [self.sheet.cells.get((r, c)) for c in range(self.column, self.last[1] + 1)]
            for r in range(self.row, self.last[0] + 1)
        ]

    @value.setter
    def value(self, value: object) -> None:
        rows = value if isinstance(value, list) else [[value]]
        for r, row in enumerate(rows, start=self.row):
            for c, cell in enumerate(row, start=self.column):
                if cell is None or cell == "":  # Excel keeps no empty text
                    self.sheet.cells.pop((r, c), None)
                else:
                    self.sheet.cells[(r, c)] = _typed(cell)

    def add_hyperlink(self, address: str, text: str) -> None:
        self.sheet.links[(self.row, self.column)] = address

    @property
    def api(self) -> FakeRangeApi:
        return FakeRangeApi(self)


class FakeRangeApi:
    """`range.api` of Excel's object model: `EntireRow.Group()` records the grouped rows;
    `HorizontalAlignment` and `IndentLevel` record each cell's alignment."""

    EntireRow: FakeRangeApi
    _range: FakeRange

    def __init__(self, cells: FakeRange) -> None:
        object.__setattr__(self, "EntireRow", self)
        object.__setattr__(self, "_range", cells)

    def Group(self) -> None:
        self._range.sheet.row_groups.append((self._range.row, self._range.last[0]))

    def __setattr__(self, name: str, value: object) -> None:
        if name not in ("HorizontalAlignment", "IndentLevel"):
            raise AttributeError(name)
        cells = self._range
        for r in range(cells.row, cells.last[0] + 1):
            for c in range(cells.column, cells.last[1] + 1):
                cells.sheet.alignment.setdefault((r, c), {})[name] = value


class FakePageSetup:
    """`sheet.api.PageSetup`: what Excel's page setup was given."""

    def __init__(self) -> None:
        self.Orientation: int | None = None
        self.Zoom: object = 100
        self.FitToPagesWide: object = None
        self.FitToPagesTall: object = None
        self.PrintTitleRows = ""
        self.PrintTitleColumns = ""
        self.LeftFooter = self.RightFooter = ""
        self.LeftMargin = self.RightMargin = self.TopMargin = self.BottomMargin = 0.0
        self.HeaderMargin = self.FooterMargin = 0.0


class FakePageBreaks:
    """`sheet.api.HPageBreaks`: the rows a page break goes before."""

    def __init__(self) -> None:
        self.before: list[int] = []

    def Add(self, Before: FakeRangeApi) -> None:
        self.before.append(Before._range.row)


class FakeOutline:
    """`sheet.api.Outline`: where summary rows sit, and the level shown."""

    def __init__(self) -> None:
        self.SummaryRow: int | None = None
        self.shown_levels: int | None = None

    def ShowLevels(self, RowLevels: int) -> None:
        self.shown_levels = RowLevels


class FakeSheetApi:
    """`sheet.api`: the outline settings, and `Cells.ClearOutline()`."""

    def __init__(self, sheet: FakeSheet) -> None:
        self.Outline = FakeOutline()
        self.Cells = self
        self.PageSetup = FakePageSetup()
        self.HPageBreaks = FakePageBreaks()
        self._sheet = sheet

    def ClearOutline(self) -> None:
        self._sheet.row_groups.clear()

    def ResetAllPageBreaks(self) -> None:
        self.HPageBreaks.before.clear()


class FakeFreezePanes:
    def __init__(self) -> None:
        self.at: str | None = None

    def freeze_at(self, where: str) -> None:
        self.at = where


class FakeName:
    def __init__(self, name: str, refers_to: str) -> None:
        self.name = name
        self.refers_to = refers_to


class FakeNames(list[FakeName]):
    """A sheet's names, as xlwings lists them: `Sheet!name` for sheet-scoped ones."""

    def __init__(self, sheet: FakeSheet) -> None:
        super().__init__()
        self.sheet = sheet

    def add(self, name: str, refers_to: str) -> FakeName:
        added = FakeName(f"{self.sheet.name}!{name}", refers_to)
        self.append(added)
        return added


class FakeSheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], object] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.links: dict[tuple[int, int], str] = {}
        self.alignment: dict[tuple[int, int], dict[str, object]] = {}
        self.row_heights: dict[int, float] = {}
        self.freeze_panes = FakeFreezePanes()
        self.tables: list[Any] = []
        self.active = False
        self.row_groups: list[tuple[int, int]] = []
        self.api = FakeSheetApi(self)
        self.names = FakeNames(self)
        self.charts: list[Any] = []
        self.pictures: list[Any] = []
        self.shapes: list[Any] = []

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> FakeRange:
        return FakeRange(self, first, last or first)

    @property
    def used_range(self) -> FakeRange:
        if not self.cells:
            return FakeRange(self, (1, 1), (1, 1))
        rows = [r for r, _ in self.cells]
        columns = [c for _, c in self.cells]
        return FakeRange(self, (min(rows), min(columns)), (max(rows), max(columns)))

    def clear(self) -> None:
        """Contents and formats go; the sheet's names stay, as in Excel."""
        self.cells.clear()
        self.links.clear()

    def activate(self) -> None:
        self.active = True

    def values(self) -> list[list[object]]:
        """The sheet's values from A1, trailing empty rows and columns dropped."""
        if not self.cells:
            return []
        return FakeRange(self, (1, 1), self.used_range.last).value


class FakeTable:
    """An Excel table: where its totals row is, when it shows one."""

    def __init__(self, sheet: FakeSheet, ref: str, totals: int) -> None:
        from openpyxl.utils.cell import range_boundaries

        first_column, _, last_column, last_row = range_boundaries(ref)
        assert first_column is not None, ref
        assert last_column is not None, ref
        assert last_row is not None, ref
        self.show_totals = totals > 0
        self.totals_row_range = (
            FakeRange(sheet, (last_row - totals + 1, first_column), (last_row, last_column))
            if totals
            else None
        )


class FakeSheets(list[FakeSheet]):
    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(name)
        self.insert(self.index(after) + 1 if after is not None else 0, sheet)
        return sheet


class FakeApp:
    def __init__(self, answer: str = "ok") -> None:
        self.answer = answer
        self.alerts: list[str] = []

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok") -> str:
        self.alerts.append(prompt)
        return self.answer if buttons == "ok_cancel" else "ok"


class FakeBook:
    def __init__(self, path: Path, app: FakeApp | None = None) -> None:
        self.name = path.name
        self.fullname = str(path)
        self.app = app or FakeApp()
        self.sheets = FakeSheets()
        workbook = openpyxl.load_workbook(path, data_only=True)
        for ws in workbook.worksheets:
            sheet = FakeSheet(ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.row is not None
                    assert cell.column is not None
                    if cell.value is not None:
                        sheet.cells[(cell.row, cell.column)] = _classic(cell.value)
                    if cell.number_format != "General":
                        sheet.formats[(cell.row, cell.column)] = cell.number_format
            for table in ws.tables.values():
                sheet.tables.append(FakeTable(sheet, table.ref, table.totalsRowCount or 0))
            for name, defined in ws.defined_names.items():
                sheet.names.append(FakeName(f"{ws.title}!{name}", f"={defined.attr_text}"))
            self.sheets.append(sheet)

    def sheet(self, name: str) -> FakeSheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)
