"""What a cell's value alone does not say, read from the workbook's XML parts.

python-calamine hands over values (dates already told from numbers). Three facts it
does not give are found here, each as cheaply as the common case allows:

* **an Excel table's totals row** (`totalsRowCount` in the table part): `=SUBTOTAL(…)`
  under the Duration column is not a task. The table parts are tiny; they are read
  only for the sheet being read, and only when the workbook has tables.
* **a percent number format**: a cell showing 150 % holds 1.5. Only asked about the
  rare cells a reader cannot settle from the value (a % Complete above 1), so the
  sheet XML is searched for percent-styled cells lazily, on the first question.
* **a formula without a cached value** (a file written by a script and never opened in
  Excel): calamine returns an empty cell. Found by the streaming pass over the sheet
  that also finds formula errors, parsed only when the sheet holds a formula.

Anything unreadable here costs only the fact (the cell is read as calamine gives it),
never the file: the parts were checked by `pmkit.reading.safety` before.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator

import defusedxml.ElementTree as SafeElementTree

from pmkit.engine.issues import column_number
from pmkit.reading.formula_values import UncalculatedFormula
from pmkit.reading.grid import is_percent_format

__all__ = ["PercentCells", "percent_style_ids", "totals_rows", "uncalculated_cells"]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE_REL = "/table"
_BUILTIN_PERCENT_FORMATS = frozenset({9, 10})  # 0% and 0.00%
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
# A formula with no cached value: `</f>` (or a shared `<f …/>`) then nothing, `<v/>` or
# `<v></v>` before the cell ends. Anchored on the formula's end, so the many formulas
# that do have a value fail at once; the cell's start is then looked up backwards.
_NO_VALUE_AFTER_FORMULA = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>')
_FORMULA_TEXT = re.compile(rb"<f\b[^>]*>([^<]*)</f>")
_CHUNK_BYTES = 4 * 2**20
_FORMULA_SHOWN = 60


def percent_style_ids(archive: zipfile.ZipFile) -> frozenset[int]:
    """The cell style numbers (`s="…"`) whose number format is a percentage."""
    try:
        root = SafeElementTree.fromstring(archive.read("xl/styles.xml"))
    except Exception:  # no styles, or unreadable ones: no cell is known to be a percentage
        return frozenset()
    percent_formats = set(_BUILTIN_PERCENT_FORMATS)
    for number_format in root.iter(f"{_MAIN_NS}numFmt"):
        if is_percent_format(number_format.get("formatCode", "")):
            percent_formats.add(int(number_format.get("numFmtId", "-1")))
    cell_formats = root.find(f"{_MAIN_NS}cellXfs")
    if cell_formats is None:
        return frozenset()
    return frozenset(
        index
        for index, style in enumerate(cell_formats.iter(f"{_MAIN_NS}xf"))
        if int(style.get("numFmtId", "0") or 0) in percent_formats
    )


class PercentCells:
    """The (sheet row, column) of every percent-formatted cell of one sheet, found lazily.

    A `Grid.percent_cells` for the calamine reader: the first `in` streams the sheet
    XML once for cells whose style is a percent one. Must be asked while the workbook
    is open; if the part cannot be read then, no cell counts as a percentage.
    """

    __slots__ = ("_archive", "_cells", "_part", "_styles")

    def __init__(self, archive: zipfile.ZipFile, part: str, styles: frozenset[int]) -> None:
        self._archive = archive
        self._part = part
        self._styles = styles
        self._cells: frozenset[tuple[int, int]] | None = None if styles else frozenset()

    def __contains__(self, cell: object) -> bool:
        if self._cells is None:
            self._cells = self._find()
        return cell in self._cells

    def _find(self) -> frozenset[tuple[int, int]]:
        ids = b"|".join(str(style).encode() for style in sorted(self._styles))
        pattern = re.compile(rb'<c r="([A-Z]{1,3})(\d+)" s="(?:' + ids + rb')"')
        found: set[tuple[int, int]] = set()
        try:
            for window in _windows(self._archive, self._part):
                found.update(
                    (int(row), column_number(letters)) for letters, row in pattern.findall(window)
                )
        except Exception:  # read before, so unexpected: fall back to the values alone
            return frozenset()
        return frozenset(found)


def _windows(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part in chunks, each cut after its last complete cell start (`<c `)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            window = tail + chunk
            cut = window.rfind(b"<c ")
            if cut <= 0:
                tail = window
                continue
            yield window[:cut]
            tail = window[cut:]
    if tail:
        yield tail


def totals_rows(archive: zipfile.ZipFile, sheet_part: str) -> frozenset[int]:
    """Sheet rows that are the totals row of an Excel table on the sheet at `sheet_part`."""
    folder, name = posixpath.split(sheet_part)
    try:
        rels = SafeElementTree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    except Exception:  # no relationships: no tables on this sheet
        return frozenset()
    rows: set[int] = set()
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        if not rel.get("Type", "").endswith(_TABLE_REL) or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        try:
            table = SafeElementTree.fromstring(archive.read(posixpath.normpath(part)))
            count = int(table.get("totalsRowCount", "0") or 0)
            match = _REF.match(table.get("ref", ""))
        except Exception:  # an unreadable table part: its rows are read as they are
            continue
        if count > 0 and match and match[4]:
            last = int(match[4])
            rows.update(range(last - count + 1, last + 1))
    return frozenset(rows)


def uncalculated_cells(xml: bytes) -> dict[tuple[int, int], UncalculatedFormula]:
    """Formula cells of a sheet's XML that were saved without their value.

    Excel and LibreOffice write a formula whose result is empty text as t="str" with an
    empty `<v>`: that one was calculated, and is not reported.
    """
    cells: dict[tuple[int, int], UncalculatedFormula] = {}
    for match in _NO_VALUE_AFTER_FORMULA.finditer(xml):
        begin = xml.rfind(b"<c ", 0, match.start())
        cell = _CELL_START.match(xml, begin) if begin >= 0 else None
        if cell is None:
            continue
        if match[1] is not None and re.search(rb'\bt="str"', cell[3]):
            continue  # calculated, to empty text
        text = _FORMULA_TEXT.search(xml, cell.end(), match.end())
        formula = html.unescape(text[1].decode("utf-8", "replace")) if text else ""
        if len(formula) > _FORMULA_SHOWN:
            formula = formula[: _FORMULA_SHOWN - 1] + "…"
        cells[(int(cell[2]), column_number(cell[1]))] = UncalculatedFormula(formula)
    return cells
