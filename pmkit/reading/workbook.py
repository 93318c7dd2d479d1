"""Opening an .xlsx/.xlsm with python-calamine and handing out its sheets as `Grid`s.

python-calamine is the reader because it is about ten times faster than openpyxl on a
large sheet (see benchmarks/bench_read.py) and still tells dates from numbers (it reads
the cell styles) and where the used range starts. What it does not return is read here
from the sheet XML: formula errors (`#REF!` comes back as an empty cell) and formulas
saved without a value, with the sheet-to-part mapping needed for that; table totals
rows and percent formats come from `pmkit.reading.cell_facts`. Every calamine, zipfile
and XML exception is translated into a `pmkit.engine.errors` exception in this module, so
none escapes.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeElementTree
import python_calamine

from pmkit.engine.errors import NotAWorkbookError, PlanFileError, UnsafeFileError
from pmkit.engine.issues import column_letter, column_number
from pmkit.engine.schema import normalize_name
from pmkit.reading.cell_facts import (
    PercentCells,
    percent_style_ids,
    totals_rows,
    uncalculated_cells,
)
from pmkit.reading.formula_values import ExcelError
from pmkit.reading.grid import CellRange, Grid
from pmkit.reading.safety import CheckedWorkbook, check_cell_data_size, check_workbook

__all__ = ["Workbook", "open_workbook"]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# An error cell's value is the error (`<v>#REF!</v>`), whatever its attributes' quotes; every
# sheet with formulas has a `</f>` (a shared formula's first cell holds its text, before
# the cells that share it). Each marker costs a search of the sheet (~3 ms/MB).
_ERROR_MARKER = b"<v>#"
_FORMULA_MARKER = b"</f>"
_ERROR_CELL = re.compile(rb"<c\b[^>]*\bt=[\"']e[\"'][^>]*>")
_CELL_REF = re.compile(rb"\br=[\"']([A-Z]{1,3})(\d+)[\"']")
# Excel, LibreOffice, openpyxl and Google Sheets all write a cell's `r` first; matching
# only that form keeps the scan to ~4 ms per 10,000 tasks (any attribute order: ~30 ms).
_WIDE_COLUMN = re.compile(rb"<c r=[\"']([A-Z]{2,3})\d")
_ROW_NUMBER = re.compile(rb"<row\s[^>]*?\br=[\"'](\d+)")
_CACHED_VALUE = re.compile(rb"<v>([^<]*)</v>|</c>")
_CHUNK_BYTES = 4 * 2**20
MAX_GRID_CELLS = 5_000_000
"""A sheet's used range may hold at most 5 million cells (rows × columns, blanks
included), which the parser holds in ~200 MB: 200,000 tasks × 21 columns is 4.2 million."""


def _damaged(name: str) -> NotAWorkbookError:
    return NotAWorkbookError(
        f"{name} is damaged or not an Excel workbook; open it in Excel and save it again"
    )


@dataclass(slots=True)
class Workbook:
    """An open workbook: its sheet names, and each sheet as a `Grid` on demand."""

    path: Path
    archive: zipfile.ZipFile
    book: python_calamine.CalamineWorkbook
    sheet_names: list[str]
    checked: CheckedWorkbook
    _parts: dict[str, str] | None = field(default=None)
    _tables: dict[str, str] | None = field(default=None)
    _percent_styles: frozenset[int] | None = field(default=None)

    @property
    def name(self) -> str:
        return self.path.name

    def find_sheet(self, wanted: str) -> str | None:
        """The sheet's own name for `wanted`, matched case-insensitively, or None.

        A sheet renamed by the owner is still found through the Excel table the template
        puts on it (the `Plan` table on a sheet now called `Tasks`).
        """
        key = normalize_name(wanted)
        for sheet in self.sheet_names:
            if normalize_name(sheet) == key:
                return sheet
        return self._table_sheets().get(key)

    def _table_sheets(self) -> dict[str, str]:
        """Excel table name (normalized) → the sheet it is on; empty if they can't be read."""
        if self._tables is None:
            self._tables = {}
            if not any(name.startswith("xl/tables/") for name in self.archive.namelist()):
                return self._tables  # no tables: spare the second open
            try:
                stream = BytesIO(self.checked.data)
                book = python_calamine.CalamineWorkbook.from_filelike(stream, load_tables=True)
                for table in book.table_names or []:
                    sheet = book.get_table_by_name(table).sheet
                    self._tables.setdefault(normalize_name(table), sheet)
                book.close()
            except BaseException as exc:  # tables are a convenience: without them, no match
                _reraise_interrupts(exc)
        return self._tables

    def grid(self, sheet: str) -> Grid:
        """The used range of `sheet` with its offsets, merged ranges and formula errors."""
        # The formula-error scan streams the sheet first: it checks the part's size and
        # CRC, so the parser never meets a part bigger than the zip directory says.
        errors = self._scan_sheet(sheet)
        try:
            calamine_sheet = self.book.get_sheet_by_name(sheet)
            start = calamine_sheet.start
            rows: list[list[Any]] = calamine_sheet.to_python(skip_empty_area=True)
            merged = calamine_sheet.merged_cell_ranges or []
        except PlanFileError:
            raise
        except BaseException as exc:  # calamine raises many types, and Rust panics
            _reraise_interrupts(exc)
            raise PlanFileError(
                f"{self.name}: the sheet '{sheet}' cannot be read ({_reason(exc)}); "
                "open the workbook in Excel and save it again"
            ) from exc
        first_row, first_column = (start[0] + 1, start[1] + 1) if start else (1, 1)
        if errors:
            # calamine reads error cells as empty, so its used range may start after them.
            top = min(row for row, _ in errors)
            left = min(column for _, column in errors)
            if not rows:
                first_row, first_column = top, left
            if top < first_row:
                rows[:0] = [[] for _ in range(first_row - top)]
                first_row = top
            if left < first_column:
                rows = [[""] * (first_column - left) + list(line) for line in rows]
                first_column = left
        for (row, column), problem in errors.items():
            index, offset = row - first_row, column - first_column
            while index >= len(rows):
                rows.append([])
            line = rows[index]
            if offset >= len(line):
                line.extend([""] * (offset + 1 - len(line)))
            line[offset] = problem
        ranges = tuple(
            CellRange(top + 1, left + 1, bottom + 1, right + 1)
            for (top, left), (bottom, right) in merged
        )
        totals, percent = self._cell_facts(sheet)
        # calamine hands a date-formatted cell over as a date: a number has no date format
        return Grid(
            sheet, rows, first_row, first_column, ranges, totals, percent, dates_as_dates=True
        )

    def _cell_facts(self, sheet: str) -> tuple[frozenset[int], PercentCells]:
        """The sheet's table totals rows, and its percent-formatted cells (found lazily)."""
        part = self._sheet_parts().get(sheet, "")
        if self._percent_styles is None:
            self._percent_styles = percent_style_ids(self.archive)
        names = self.archive.namelist()
        tables = any(name.startswith("xl/tables/") for name in names)
        totals = totals_rows(self.archive, part) if part and tables else frozenset()
        styles = self._percent_styles if part in names else frozenset()
        return totals, PercentCells(self.archive, part, styles)

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name → its XML part inside the zip, from workbook.xml and its rels."""
        if self._parts is None:
            self._parts = {}
            try:
                workbook = SafeElementTree.fromstring(self.archive.read("xl/workbook.xml"))
                rels = SafeElementTree.fromstring(self.archive.read("xl/_rels/workbook.xml.rels"))
            except Exception:  # a damaged map only costs the formula-error scan
                return self._parts
            targets = {
                rel.get("Id"): rel.get("Target", "")
                for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
            }
            for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
                target = targets.get(sheet.get(f"{_REL_NS}id"))
                if target:
                    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    self._parts[sheet.get("name", "")] = posixpath.normpath(part)
        return self._parts

    def _scan_sheet(self, sheet: str) -> dict[tuple[int, int], ExcelError]:
        """Stream the sheet XML once, before the parser sees it; return its formula errors
        and its formulas saved without a value.

        On the way it checks the part's size and CRC (zipfile does, at the end) and the
        extent of the used range: the parser holds every cell of that range, blanks too,
        so a stray value at XFD1048576 would need tens of gigabytes. Most sheets have no
        formula errors and no formulas, so cells are only parsed when a marker appears.
        """
        part = self._sheet_parts().get(sheet)
        if part is None:
            return {}
        try:
            check_cell_data_size(self.archive.getinfo(part), f"the sheet '{sheet}'", self.name)
        except KeyError:
            return {}
        found = b""
        errors = formulas = False
        tail = b""
        last_row = 0
        wide_columns: set[bytes] = set()
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(_CHUNK_BYTES):
                    window = tail + chunk
                    errors = errors or _ERROR_MARKER in window
                    formulas = formulas or _FORMULA_MARKER in window
                    if found or errors or formulas:
                        found += window if not found else chunk
                    # Columns past Z are rare in a plan, so this finds few or none.
                    wide_columns.update(_WIDE_COLUMN.findall(window))
                    rows = _ROW_NUMBER.findall(window[window.rfind(b"<row") :])
                    last_row = max([last_row, *(int(row) for row in rows)])
                    tail = window[-512:]
        except Exception as exc:  # BadZipFile (size or CRC), zlib.error, NotImplementedError, ...
            raise _damaged(self.name) from exc
        last_column = max((column_number(letters) for letters in wide_columns), default=26)
        if last_row * last_column > MAX_GRID_CELLS and not wide_columns:
            last_column = self._last_letter_column(part)  # long sheets only: worth a pass
        _check_extent(sheet, last_row, last_column, self.name)
        cells = _parse_error_cells(found) if errors else {}
        if formulas:
            cells.update(uncalculated_cells(found))
        return cells

    def _last_letter_column(self, part: str) -> int:
        """The last of columns A–Z that the sheet uses (one more pass over its XML)."""
        letters = b"ZYXWVUTSRQPONMLKJIHGFEDCBA"
        last = 1
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(_CHUNK_BYTES):
                    for index, letter in enumerate(letters[: 26 - last]):
                        if b'<c r="%c' % letter in chunk:
                            last = 26 - index
                            break
        except Exception as exc:  # the first pass read it, so this is unexpected damage
            raise _damaged(self.name) from exc
        return last

    def close(self) -> None:
        with suppress(Exception):  # closing twice or after a failure is harmless
            self.book.close()
        self.archive.close()


def _check_extent(sheet: str, last_row: int, last_column: int, name: str) -> None:
    """Refuse a used range too big to hold as a grid (one stray cell at XFD1048576, say)."""
    cells = last_row * last_column
    if cells > MAX_GRID_CELLS:
        corner = f"{column_letter(last_column)}{last_row}"
        raise UnsafeFileError(
            f"{name}: the sheet '{sheet}' is used all the way to cell {corner} "
            f"({cells:,} cells, more than the {MAX_GRID_CELLS:,} pmkit reads); "
            "delete stray cells far from the table"
        )


def _parse_error_cells(xml: bytes) -> dict[tuple[int, int], ExcelError]:
    cells: dict[tuple[int, int], ExcelError] = {}
    for match in _ERROR_CELL.finditer(xml):
        ref = _CELL_REF.search(match[0])
        value = _CACHED_VALUE.search(xml, match.end())
        if ref is None or value is None or value[1] is None:
            continue
        cells[(int(ref[2]), column_number(ref[1]))] = ExcelError(
            value[1].decode("utf-8", "replace")
        )
    return cells


def _reraise_interrupts(exc: BaseException) -> None:
    """Let Ctrl-C and exits through; a Rust panic (a BaseException) is a damaged file."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """Open `path` after the safety checks; the one place library errors are translated.

    The file is read once (`check_workbook`); the parser reads those checked bytes, never
    the path, so a file swapped after the checks is not what gets parsed.
    """
    checked = check_workbook(path)
    archive = checked.archive()
    try:
        try:
            # From the bytes, not the path: calamine would pick the format by the file's
            # extension, and an .xlsx saved under another name is still an .xlsx.
            book = python_calamine.CalamineWorkbook.from_filelike(BytesIO(checked.data))
            names = list(book.sheet_names)
        except python_calamine.PasswordError as exc:
            raise NotAWorkbookError(
                f"{path.name} is protected with a password; remove the password in Excel "
                "and save it again"
            ) from exc
        except BaseException as exc:  # CalamineError, ZipError, XmlError, Rust panics
            _reraise_interrupts(exc)
            raise NotAWorkbookError(
                f"{path.name} is damaged or not an Excel workbook ({_reason(exc)}); "
                "open it in Excel and save it again"
            ) from exc
        workbook = Workbook(path, archive, book, names, checked)
        try:
            yield workbook
        finally:
            workbook.close()
    finally:
        archive.close()
