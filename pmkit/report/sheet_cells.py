"""Single cells written into a worksheet part an owner made; every other byte kept.

*Set baseline* writes a few cells in each Plan row (Baseline Start, Finish, Duration,
Cost) and perhaps their headers. Rather than load the workbook into openpyxl and save it
again (seconds per thousand rows, and it drops what it cannot read), these functions
edit the sheet's XML as text: the rows written are rebuilt from their own cells with the
new ones in column order, and everything else (other rows, formulas, comments, validation,
conditional formats) is copied as it is. The cells must carry their reference (`r`, first,
as Excel, LibreOffice, openpyxl and Google Sheets write it) and hold no formula where
pmkit writes; a sheet laid out otherwise raises `PackageLayoutError`, and the caller
falls back to the openpyxl writer with its refusal rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import unescape
from typing import Generic, TypeVar

from pmkit.engine.issues import column_letter, column_number
from pmkit.report.package import PackageLayoutError

__all__ = [
    "CellMaker",
    "SharedStrings",
    "cell_styles",
    "first_rows",
    "last_used_column",
    "write_cells",
]

T = TypeVar("T")
CellMaker = Callable[[T, int], str]
"""The new cell's XML, given what to write and the style (`s`) of the cell there now."""

_ROW = re.compile(rb"<row\b[^>]*/>|<row\b[^>]*[^/]>.*?</row>", re.S)
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"')
_CELL_START = re.compile(rb"<c[\s>/]")
_FORMULA = re.compile(rb"<f[\s>/]")
_STYLE = re.compile(rb'\ss="(\d+)"')
_TYPE = re.compile(rb'\st="(\w+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_MERGED = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"\s*/>')


class SharedStrings:
    """The workbook's shared strings, found at once and each decoded when first asked for."""

    def __init__(self, xml: bytes | None) -> None:
        self._items: list[bytes] = re.findall(rb"<si>(.*?)</si>|<si/>", xml or b"", re.S)

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self._items):
            return ""
        item = re.sub(rb"<rPh\b.*?</rPh>", b"", self._items[index], flags=re.S)
        return unescape(b"".join(_TEXT.findall(item)).decode("utf-8"))


def _sheet_data(xml: bytes) -> tuple[int, int]:
    """Where the rows are: from after `<sheetData>` to `</sheetData>` (empty for `<sheetData/>`)."""
    start = xml.find(b"<sheetData")
    if start < 0:
        raise PackageLayoutError("the sheet has no sheetData")
    opening = xml.index(b">", start)
    if xml[opening - 1 : opening] == b"/":
        return opening + 1, opening + 1
    end = xml.find(b"</sheetData>", opening)
    if end < 0:
        raise PackageLayoutError("the sheet's sheetData has no end")
    return opening + 1, end


def _check_references(data: bytes) -> None:
    """Every cell names its reference first (`<c r="B7"`): refuse a layout we cannot edit."""
    if len(_CELL_START.findall(data)) != data.count(b'<c r="'):
        raise PackageLayoutError("a cell without its reference first")


def _value_text(cell: bytes, shared: SharedStrings) -> str | None:
    """What a cell holds as openpyxl reads it for writing (a formula's text, a string,
    a number as text); None when it holds nothing."""
    if _FORMULA.search(cell):
        return "="
    kind = _TYPE.search(cell[: cell.find(b">")])
    if kind is not None and kind.group(1) == b"inlineStr":
        return unescape(b"".join(_TEXT.findall(cell)).decode("utf-8"))
    value = _VALUE.search(cell)
    if value is None:
        return None
    if kind is not None and kind.group(1) == b"s":
        return shared[int(value.group(1) or 0)]
    return unescape(value.group(1).decode("utf-8"))


def _cells(row: bytes) -> list[tuple[int, int, int]]:
    """(column, start, end) of each cell in a row's XML."""
    found = []
    for match in _REF.finditer(row):
        start = match.start()
        found.append((column_number(match.group(1)), start, _cell_end(row, start)))
    return found


def first_rows(xml: bytes, shared: SharedStrings, count: int = 10) -> list[list[object]]:
    """The values of rows 1 to `count` (text as text, the rest as it reads), for finding
    the header row."""
    start, end = _sheet_data(xml)
    _check_references(xml[start:end])
    grid: list[list[object]] = [[] for _ in range(count)]
    for match in _ROW.finditer(xml, start, end):
        number = _ROW_NUMBER.search(match.group(0), 0, match.group(0).find(b">"))
        if number is None:
            raise PackageLayoutError("a row without its number")
        row = int(number.group(1))
        if row > count:
            break
        text = match.group(0)
        values: dict[int, object] = {}
        for column, cell_start, cell_end in _cells(text):
            values[column] = _value_text(text[cell_start:cell_end], shared)
        if values:
            grid[row - 1] = [values.get(c) for c in range(1, max(values) + 1)]
    return grid


def cell_styles(xml: bytes, row: int) -> dict[int, int]:
    """The style (`s`, 0 for none) of each cell of `row`, by column."""
    start, end = _sheet_data(xml)
    for match in _ROW.finditer(xml, start, end):
        text = match.group(0)
        number = _ROW_NUMBER.search(text, 0, text.find(b">"))
        if number is None or int(number.group(1)) != row:
            continue
        found = {}
        for column, cell_start, _ in _cells(text):
            style = _STYLE.search(text, cell_start, text.index(b">", cell_start))
            found[column] = int(style.group(1)) if style else 0
        return found
    return {}


def last_used_column(xml: bytes, from_row: int, shared: SharedStrings) -> int:
    """The last column holding anything (a value, or a merged range) from `from_row` down."""
    start, end = _sheet_data(xml)
    data = xml[start:end]
    _check_references(data)
    columns = sorted({column_number(letters) for letters, _ in _REF.findall(data)}, reverse=True)
    last = 0
    for column in columns:  # from the right: the first that holds something is the answer
        pattern = re.compile(rb'<c r="' + column_letter(column).encode() + rb'(\d+)"')
        for match in pattern.finditer(data):
            if int(match.group(1)) < from_row:
                continue
            close = data.index(b">", match.start())
            if data[close - 1 : close] == b"/":
                continue
            cell = data[match.start() : data.index(b"</c>", close) + 4]
            if _value_text(cell, shared) not in (None, ""):
                last = column
                break
        if last:
            break
    for first, _, final, bottom in _MERGED.findall(xml[end:]):
        if int(bottom) >= from_row:
            last = max(last, column_number(first), column_number(final))
    return last


def write_cells(xml: bytes, cells: Mapping[int, Mapping[int, T]], make: CellMaker[T]) -> bytes:
    """`xml` with the cells given by row, then column, written; every other byte kept.

    Each cell's XML is `make(item, style)`, given the style (`s`) of the cell there now
    (0: none), so the new cell keeps what it wants of its look. A cell there already is
    replaced; a new one goes in column order; a missing row is added in row order. A
    formula where a cell is to be written raises `PackageLayoutError`.
    """
    start, end = _sheet_data(xml)
    _check_references(xml[start:end])
    if start == end and xml[start - 2 : start] == b"/>":  # <sheetData/>: open it
        head = xml[: xml.rfind(b"<sheetData", 0, start)] + b"<sheetData>"
        tail = b"</sheetData>" + xml[end:]
    else:
        head, tail = xml[:start], xml[end:]
    letters = {c: column_letter(c).encode() for row in cells.values() for c in row}
    rows = _RowWriter(cells, make, letters)
    pending = sorted(cells, reverse=True)  # popped from the end: the lowest row first
    out: list[bytes] = [head]
    position = start
    previous = 0
    for match in _ROW.finditer(xml, start, end):
        text = match.group(0)
        number = _ROW_NUMBER.search(text, 0, text.find(b">"))
        if number is None:
            raise PackageLayoutError("a row without its number")
        row = int(number.group(1))
        if row <= previous:
            raise PackageLayoutError("rows out of order")
        previous = row
        if not pending or pending[-1] > row:
            continue
        out.append(xml[position : match.start()])
        position = match.start()
        while pending and pending[-1] < row:
            out.append(rows.new(pending.pop()))
        if pending and pending[-1] == row:
            pending.pop()
            out.append(rows.edit(text, row))
            position = match.end()
    out.append(xml[position:end])
    out.extend(rows.new(row) for row in reversed(pending))
    out.append(tail)
    return _widen_dimension(b"".join(out), cells)


class _RowWriter(Generic[T]):
    """Rows rebuilt with their cells written (a row's `spans` hint is dropped: it may no
    longer hold)."""

    def __init__(
        self, cells: Mapping[int, Mapping[int, T]], make: CellMaker[T], letters: dict[int, bytes]
    ) -> None:
        self.cells = cells
        self.make = make
        self.letters = letters

    def new(self, row: int) -> bytes:
        return self._row(b'<row r="%d">' % row, b"", row)

    def edit(self, text: bytes, row: int) -> bytes:
        close = text.index(b">")
        if text[close - 1 : close] == b"/":  # <row r="7"/>
            return self._row(text[: close - 1] + b">", b"", row)
        return self._row(text[: close + 1], text[close + 1 : -len(b"</row>")], row)

    def _cell(self, item: T, cell: bytes | None, row: int) -> bytes:
        style = 0
        if cell is not None:
            if _FORMULA.search(cell):
                raise PackageLayoutError(f"a formula in row {row}, where pmkit writes")
            found = _STYLE.search(cell, 0, cell.find(b">"))
            style = int(found.group(1)) if found else 0
        return self.make(item, style).encode("utf-8")

    def _row(self, opening: bytes, body: bytes, row: int) -> bytes:
        wanted = self.cells[row]
        columns = sorted(wanted)
        # The common case, found without reading every cell: each cell is there already
        # (found by its reference), or they all go after the row's last cell.
        spots: list[tuple[int, int, int]] = []
        for column in columns:
            at = body.find(b'<c r="%s%d"' % (self.letters[column], row))
            if at < (spots[-1][1] if spots else 0):  # not there, or out of order
                break
            spots.append((at, _cell_end(body, at), column))
        else:
            chunks, position = [], 0
            for at, cell_end, column in spots:
                chunks += [body[position:at], self._cell(wanted[column], body[at:cell_end], row)]
                position = cell_end
            chunks.append(body[position:])
            return _SPANS.sub(b"", opening) + b"".join(chunks) + b"</row>"
        last = body.rfind(b'<c r="')
        if last < 0 or _last_column(body, last) < columns[0]:
            if body[_cell_end(body, last) if last >= 0 else 0 :].strip():
                raise PackageLayoutError(f"row {row} holds more than cells")
            added = b"".join(self._cell(wanted[c], None, row) for c in columns)
            return _SPANS.sub(b"", opening) + body + added + b"</row>"
        return _SPANS.sub(b"", opening) + self._merge(body, row, wanted, columns) + b"</row>"

    def _merge(self, body: bytes, row: int, wanted: Mapping[int, T], columns: list[int]) -> bytes:
        """Every cell of the row read, the new ones written in place or in column order."""
        chunks: list[bytes] = []
        position = 0
        index = 0
        for column, cell_start, cell_end in _cells(body):
            if body[position:cell_start].strip():
                raise PackageLayoutError(f"row {row} holds more than cells")
            while index < len(columns) and columns[index] < column:
                chunks.append(self._cell(wanted[columns[index]], None, row))
                index += 1
            cell = body[cell_start:cell_end]
            if index < len(columns) and columns[index] == column:
                chunks.append(self._cell(wanted[column], cell, row))
                index += 1
            else:
                chunks.append(cell)
            position = cell_end
        rest = body[position:]
        if rest.strip():
            raise PackageLayoutError(f"row {row} holds more than cells")
        chunks.extend(self._cell(wanted[column], None, row) for column in columns[index:])
        return b"".join(chunks) + rest


def _cell_end(body: bytes, start: int) -> int:
    close = body.index(b">", start)
    return close + 1 if body[close - 1 : close] == b"/" else body.index(b"</c>", close) + 4


def _last_column(body: bytes, start: int) -> int:
    found = _REF.match(body, start)
    if found is None:
        raise PackageLayoutError("a cell without its reference first")
    return column_number(found.group(1))


def _widen_dimension(xml: bytes, cells: Mapping[int, Mapping[int, object]]) -> bytes:
    """The sheet's `<dimension>` (its used range) grown to cover the cells written."""
    found = _DIMENSION.search(xml, 0, xml.find(b"<sheetData"))
    if found is None or not cells:
        return xml
    first_letters, first_row, last_letters, last_row = found.groups()
    columns = [column for row in cells.values() for column in row]
    left = min(column_number(first_letters), *columns)
    top = min(int(first_row), *cells)
    right = max(column_number(last_letters or first_letters), *columns)
    bottom = max(int(last_row or first_row), *cells)
    ref = f"{column_letter(left)}{top}:{column_letter(right)}{bottom}".encode()
    return xml[: found.start()] + b'<dimension ref="' + ref + b'"/>' + xml[found.end() :]
