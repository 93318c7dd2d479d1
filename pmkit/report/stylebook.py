"""The report's cell styles, appended to the owner's `styles.xml` without touching theirs.

One style record (`xf`) per distinct `Look`; fonts, fills, borders and number formats
are deduplicated. The records come from the same `CellStyles` the openpyxl writer uses,
serialized by openpyxl, so both writers give a cell exactly the same look.
"""

from __future__ import annotations

import re
from html import escape, unescape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.xml.functions import tostring

from pmkit.outputs.palette import Look
from pmkit.report.xlsx import CellStyles

__all__ = ["StyleBook", "StyleLayoutError"]


class StyleLayoutError(Exception):
    """styles.xml is not laid out as expected."""


class StyleBook:
    """Appends the report's styles to the owner's `styles.xml`; one xf per distinct look."""

    def __init__(self, xml: str) -> None:
        self._xml = xml
        self._scratch = Workbook().active
        self._money: dict[str, CellStyles] = {}
        self._index: dict[tuple[str, Look], int] = {}
        self._blocks: dict[str, list[str]] = {
            "fonts": [],
            "fills": [],
            "borders": [],
            "cellXfs": [],
        }
        self._derived: dict[tuple[int, str | None, bool], int] = {}
        self._records: dict[str, list[str]] = {}
        self._formats: dict[str, int] = {}
        self._new_formats: list[str] = []
        self._base = {
            "fonts": _count(xml, "fonts", "font"),
            "fills": _count(xml, "fills", "fill"),
            "borders": _count(xml, "borders", "border"),
            "cellXfs": _count(xml, "cellXfs", "xf"),
        }
        ids = [int(i) for i in re.findall(r'<numFmt\b[^>]*numFmtId="(\d+)"', xml)]
        self._next_format = max([163, *ids]) + 1
        for found in re.finditer(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', xml):
            self._formats[unescape(found.group(2))] = int(found.group(1))

    def index(self, look: Look, currency_format: str) -> int:
        key = (currency_format, look)
        found = self._index.get(key)
        if found is not None:
            return found
        styles = self._money.setdefault(currency_format, CellStyles(currency_format))
        assert self._scratch is not None
        # A fresh cell per look: CellStyles only sets what a look needs.
        cell = self._scratch.cell(row=len(self._index) + 1, column=1)
        assert isinstance(cell, XlCell)
        styles.style(cell, look)
        font = self._add("fonts", tostring(cell.font.to_tree()).decode())
        fill = self._add("fills", tostring(cell.fill.to_tree()).decode())
        border = self._add("borders", tostring(cell.border.to_tree()).decode())
        number = self._number_format(cell.number_format)
        alignment = tostring(cell.alignment.to_tree()).decode()
        xf = (
            f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{border}" '
            'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" '
            f'applyAlignment="1">{alignment}</xf>'
        )
        result = self._add("cellXfs", xf, dedupe=False)
        self._index[key] = result
        return result

    def derived(self, base: int, *, number_format: str | None = None, bold: bool = False) -> int:
        """A style record like the workbook's record `base` (a cell's `s`), with
        `number_format` and/or a bold font: what a cell of the owner's keeps of its look
        when pmkit writes a value into it (as openpyxl does on the fallback route)."""
        key = (base, number_format, bold)
        found = self._derived.get(key)
        if found is not None:
            return found
        xf = self._record("cellXfs", "xf", base)
        if number_format is not None:
            number = self._number_format(number_format)
            xf = _with_attributes(xf, numFmtId=str(number), applyNumberFormat="1")
        if bold:
            font = self._record("fonts", "font", int(_attribute(xf, "fontId") or 0))
            if not re.search(r"<b\s*/>", font):
                opening = re.match(r"<font\b[^>]*?(/?)>", font)
                if opening is None:
                    raise StyleLayoutError("styles.xml has a font it cannot read")
                if opening.group(1):  # <font/>
                    font = "<font><b/></font>"
                else:
                    font = font[: opening.end()] + "<b/>" + font[opening.end() :]
            xf = _with_attributes(xf, fontId=str(self._add("fonts", font)), applyFont="1")
        result = self._derived[key] = self._add("cellXfs", xf)
        return result

    def _record(self, block: str, tag: str, index: int) -> str:
        """The `index`-th record of `block`: the owner's, else one added here."""
        base = self._base[block]
        if index >= base:
            if index - base >= len(self._blocks[block]):
                raise StyleLayoutError(f"styles.xml has no {tag} {index}")
            return self._blocks[block][index - base]
        if block not in self._records:
            found = re.search(rf"<{block}\b[^>]*?(/>|>(.*?)</{block}>)", self._xml, flags=re.S)
            inner = found.group(2) or "" if found else ""
            pattern = rf"<{tag}\b[^>]*?/>|<{tag}\b[^>]*[^/]>.*?</{tag}>|<{tag}>.*?</{tag}>"
            self._records[block] = re.findall(pattern, inner, flags=re.S)
        records = self._records[block]
        if index >= len(records):
            raise StyleLayoutError(f"styles.xml has no {tag} {index}")
        return records[index]

    def xml(self) -> str:
        xml = self._xml
        for block, tag in (
            ("fonts", "font"),
            ("fills", "fill"),
            ("borders", "border"),
            ("cellXfs", "xf"),
        ):
            xml = _append_block(xml, block, tag, self._blocks[block], self._base[block])
        if self._new_formats:
            xml = _append_formats(xml, self._new_formats)
        return xml

    def _add(self, block: str, element: str, *, dedupe: bool = True) -> int:
        items = self._blocks[block]
        if dedupe and element in items:
            return self._base[block] + items.index(element)
        items.append(element)
        return self._base[block] + len(items) - 1

    def _number_format(self, code: str) -> int:
        builtin = BUILTIN_FORMATS_REVERSE.get(code)
        if builtin is not None:
            return int(builtin)
        if code not in self._formats:
            self._formats[code] = self._next_format
            self._new_formats.append(
                f'<numFmt numFmtId="{self._next_format}" formatCode="{escape(code)}"/>'
            )
            self._next_format += 1
        return self._formats[code]


def _attribute(element: str, name: str) -> str | None:
    found = re.match(rf'<\w+\b[^>]*?\s{name}="([^"]*)"', element)
    return found.group(1) if found else None


def _with_attributes(element: str, **values: str) -> str:
    """`element` (an `<xf …>` record) with its start tag's attributes set to `values`."""
    opening = re.match(r"<(\w+)\b([^>]*?)(/?)>", element)
    if opening is None:
        raise StyleLayoutError("styles.xml has a record it cannot read")
    attributes = opening.group(2)
    for name, value in values.items():
        attributes = re.sub(rf'\s{name}="[^"]*"', "", attributes)
        attributes += f' {name}="{value}"'
    start = f"<{opening.group(1)}{attributes}{opening.group(3)}>"
    return start + element[opening.end() :]


def _count(xml: str, block: str, tag: str) -> int:
    found = re.search(rf"<{block}\b[^>]*?(/>|>(.*?)</{block}>)", xml, flags=re.S)
    if found is None:
        raise StyleLayoutError(f"styles.xml has no <{block}>")
    return len(re.findall(rf"<{tag}\b", found.group(2) or ""))


def _append_block(xml: str, block: str, tag: str, items: list[str], base: int) -> str:
    if not items:
        return xml
    found = re.search(rf"<{block}\b([^>]*?)(/>|>(.*?)</{block}>)", xml, flags=re.S)
    if found is None:
        raise StyleLayoutError(f"styles.xml has no <{block}>")
    attributes = re.sub(r'\scount="\d+"', "", found.group(1))
    inner = found.group(3) or ""
    element = f'<{block}{attributes} count="{base + len(items)}">{inner}{"".join(items)}</{block}>'
    return xml[: found.start()] + element + xml[found.end() :]


def _append_formats(xml: str, formats: list[str]) -> str:
    found = re.search(r"<numFmts\b([^>]*?)(/>|>(.*?)</numFmts>)", xml, flags=re.S)
    if found is None:
        opening = re.search(r"<styleSheet\b[^>]*>", xml)
        if opening is None:
            raise StyleLayoutError("styles.xml has no <styleSheet>")
        block = f'<numFmts count="{len(formats)}">{"".join(formats)}</numFmts>'
        return xml[: opening.end()] + block + xml[opening.end() :]
    inner = found.group(3) or ""
    count = len(re.findall(r"<numFmt\b", inner)) + len(formats)
    attributes = re.sub(r'\scount="\d+"', "", found.group(1))
    element = f'<numFmts{attributes} count="{count}">{inner}{"".join(formats)}</numFmts>'
    return xml[: found.start()] + element + xml[found.end() :]
