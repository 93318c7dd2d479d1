"""*Set baseline* straight into the workbook package, as the report is written.

`PackageBaselineWorkbook` writes the Baseline Start, Finish, Duration and Cost cells of
each Plan row into the Plan sheet's XML (`pmkit.report.sheet_cells`), the headers of any
of those columns the Plan lacks (growing the Excel table they extend), and the Baseline
sheets (the new one, and the previous one kept under its number); every other part of
the package is copied byte for byte. At 10,000 tasks that is about a second, where
openpyxl took over ten and dropped what it cannot read. A package it cannot edit raises
`PackageLayoutError`; `pmkit.report.set_baseline` then falls back to the openpyxl
writer with its refusal rules.
"""

from __future__ import annotations

import re
from html import escape
from io import BytesIO
from zipfile import BadZipFile, ZipFile

from pmkit.engine.errors import MissingSheetError
from pmkit.engine.issues import column_letter, column_number
from pmkit.engine.model import Plan
from pmkit.engine.schema import normalize_name
from pmkit.files import Target
from pmkit.outputs import CellKind
from pmkit.outputs.palette import money_format
from pmkit.reading.safety import CheckedWorkbook
from pmkit.report.baseline import BASELINE_SHEET, BaselineUpdate, PlanCell, find_header_row
from pmkit.report.package import Package, PackageLayoutError
from pmkit.report.sheet_cells import (
    SharedStrings,
    cell_styles,
    first_rows,
    last_used_column,
    write_cells,
)
from pmkit.report.sheet_xml import cell_xml, excel_epoch
from pmkit.report.stylebook import StyleBook
from pmkit.report.workbook import PackageWorkbook
from pmkit.template import styles

__all__ = ["PackageBaselineWorkbook"]

_NUMBER_FORMATS = {CellKind.DATE: styles.DATE_FORMAT, CellKind.INTEGER: "0"}


class PackageBaselineWorkbook(PackageWorkbook):
    """The plan's workbook, *Set baseline* written into its package (a `BaselineWriter`)."""

    def __init__(self, checked: CheckedWorkbook, target: Target, *, name: str, plan: Plan) -> None:
        super().__init__(checked, target, name=name)
        self.plan = plan
        self._update: BaselineUpdate | None = None
        try:
            with ZipFile(BytesIO(checked.data)) as archive:
                self._parts = {info.filename: archive.read(info) for info in archive.infolist()}
        except (BadZipFile, OSError, KeyError) as exc:
            raise PackageLayoutError(str(exc)) from exc
        self._package = Package(dict(self._parts))
        self._plan_part = self._sheet_part(self._package, plan.plan_sheet)

    def read_plan(self) -> Plan:
        return self.plan

    def plan_header(self) -> tuple[int, int]:
        xml = self._parts[self._plan_part]
        shared = self._shared_strings(self._package)
        header = find_header_row(first_rows(xml, shared)) or 1
        return header, last_used_column(xml, header, shared)

    def write_baseline(self, update: BaselineUpdate) -> None:
        self._update = update
        if update.archive is not None:
            self.replace_sheet(update.archive)
        self.replace_sheet(update.snapshot)

    def edit_package(self, package: Package) -> None:
        """The edits besides the Baseline sheets, made on the package before they are added:
        the previous Baseline renamed, the Plan's cells and headers, its table grown."""
        update = self._update
        if update is None:
            return
        if update.archive_as:
            _rename_sheet(package, BASELINE_SHEET, update.archive_as)
        part = self._sheet_part(package, update.plan_sheet)
        book = StyleBook(package.parts[package.styles].decode("utf-8"))
        epoch = excel_epoch(package.date1904)
        formats = {**_NUMBER_FORMATS, CellKind.MONEY: money_format(update.snapshot.currency)}
        cells: dict[int, dict[int, tuple[PlanCell, int | None]]] = {}
        for item in update.cells:  # a value: the cell keeps its look, with the value's format
            cells.setdefault(item.row, {})[item.column] = (item, None)
        for item, style in _header_styles(package.parts[part], update.new_headers, book):
            cells.setdefault(item.row, {})[item.column] = (item, style)

        def make(entry: tuple[PlanCell, int | None], style: int) -> str:
            item, fixed = entry
            if fixed is None:  # as openpyxl sets a value and its number format
                fmt = formats.get(item.kind)
                fixed = book.derived(style, number_format=fmt) if fmt is not None else style
            ref = f"{column_letter(item.column)}{item.row}"
            return cell_xml(ref, fixed, item.value, epoch)

        package.parts[part] = write_cells(package.parts[part], cells, make)
        package.parts[package.styles] = book.xml().encode("utf-8")
        if update.new_headers:
            for table in package.linked_parts(part, "table"):
                package.parts[table] = _grow_table(package.parts[table], update.new_headers)

    def _sheet_part(self, package: Package, sheet: str) -> str:
        key = normalize_name(sheet)
        for name, _, part in package.sheet_entries():
            if normalize_name(name) == key:
                if not part.startswith("xl/worksheets/") or part not in package.parts:
                    raise PackageLayoutError(f"{name} is not a worksheet part")
                return part
        raise MissingSheetError(f"{self.name} has no {sheet} sheet")

    def _shared_strings(self, package: Package) -> SharedStrings:
        parts = package.linked_parts(package.workbook, "sharedStrings")
        return SharedStrings(package.parts.get(parts[0]) if parts else None)


def _header_styles(
    xml: bytes, headers: tuple[PlanCell, ...], book: StyleBook
) -> list[tuple[PlanCell, int]]:
    """Each new header cell's style: its left neighbour's (the header's look), else bold."""
    if not headers:
        return []
    styles_by_column = cell_styles(xml, headers[0].row)
    chosen = []
    for item in headers:
        left = styles_by_column.get(item.column - 1, 0)
        style = left if left else book.derived(0, bold=True)
        styles_by_column[item.column] = style
        chosen.append((item, style))
    return chosen


def _rename_sheet(package: Package, old: str, new: str) -> None:
    """Rename the worksheet `old` (any case) to `new` in workbook.xml, with its own
    print titles and pmkit's mark (the owner's formulas keep naming the sheet they named,
    as on every route)."""
    key = normalize_name(old)
    names = [name for name, _, _ in package.sheet_entries()]
    index = next((i for i, name in enumerate(names) if normalize_name(name) == key), None)
    if index is None:
        return
    current = names[index]
    elements = re.findall(r"<sheet\b[^>]*>", package.xml)
    element = elements[index]
    renamed = re.sub(r'\bname="[^"]*"', f'name="{escape(new)}"', element, count=1)
    package.xml = package.xml.replace(element, renamed, 1)
    quoted_old = escape("'" + current.replace("'", "''") + "'", quote=False)
    quoted_new = escape("'" + new.replace("'", "''") + "'", quote=False)

    def local(match: re.Match[str]) -> str:
        text = match.group(0)
        if f'localSheetId="{index}"' not in text:
            return text
        text = text.replace(f"{quoted_old}!", f"{quoted_new}!")
        text = text.replace(f">{escape(current, quote=False)}!", f">{quoted_new}!")
        return text.replace(
            f'>"{escape(current, quote=False)}"<', f'>"{escape(new, quote=False)}"<'
        )

    package.xml = re.sub(r"<definedName\b[^>]*>.*?</definedName>", local, package.xml, flags=re.S)


def _grow_table(xml: bytes, headers: tuple[PlanCell, ...]) -> bytes:
    """Widen an Excel table whose header row the new headers extend, when they start right
    at its edge (owner's cells in between: the table stays as it is)."""
    text = xml.decode("utf-8")
    opening = re.search(r"<table\b[^>]*>", text)
    ref = (
        re.search(r'\sref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"', opening.group(0))
        if opening
        else None
    )
    columns = re.search(r"<tableColumns\b[^>]*>(.*?)</tableColumns>", text, re.S)
    if opening is None or ref is None or columns is None:
        return xml
    first, top, last, bottom = ref.groups()
    header_row = headers[0].row
    last_column = max(item.column for item in headers)
    right = column_number(last)
    if int(top) != header_row or right >= last_column or right + len(headers) != last_column:
        return xml
    new_ref = f"{first}{top}:{column_letter(last_column)}{bottom}"
    ids = [int(i) for i in re.findall(r'<tableColumn\b[^>]*\sid="(\d+)"', columns.group(1))]
    added = "".join(
        f'<tableColumn id="{number}" name="{escape(str(item.value))}"/>'
        for number, item in enumerate(headers, start=max(ids, default=0) + 1)
    )
    count = len(ids) + len(headers)
    block = f'<tableColumns count="{count}">{columns.group(1)}{added}</tableColumns>'
    text = text[: columns.start()] + block + text[columns.end() :]
    old_ref = f'ref="{first}{top}:{last}{bottom}"'
    text = text.replace(opening.group(0), opening.group(0).replace(old_ref, f'ref="{new_ref}"'), 1)
    text = re.sub(r'(<autoFilter\b[^>]*\sref=")[^"]*"', rf'\g<1>{new_ref}"', text, count=1)
    return text.encode("utf-8")
