"""`pmkit excel`: prepare a plan workbook for the Excel add-in.

It adds two sheets to a copy of the plan (or the plan itself after a backup):

* `xlwings.conf` — tells xlwings where the cell functions live (`UDF Modules`), so
  *Import Functions* on the xlwings ribbon finds them;
* `Dashboard` — labelled example formulas (`=PM_STATUS(Plan[#All],,,Holidays[Date],
  Settings[#All])`, `=PM_SLIP(…)`, `=PM_SCHEDULE(…)` …) that pass the workbook's own
  Settings, Holidays, Changes and Baseline so they agree with `pmkit report`.

openpyxl cannot mark a formula as a dynamic array, and Excel would show a table
function written as a plain formula with `@` and only its first value. So after the
save the Dashboard's formula cells are marked as dynamic arrays in the package
(`cm="1"` and `xl/metadata.xml`, as Excel itself writes them), and tables spill.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from pmkit import NotAWorkbookError, SaveResult, WriteRefusedError, analyze, read_plan
from pmkit.frontend import (
    DASHBOARD_TITLE,
    SCHEDULE_COLUMNS,
    Cell,
    CellKind,
    OutputSheet,
    Role,
    Row,
    SheetLook,
    XlsxWorkbook,
    column_letter,
    normalize_name,
    open_xlsx_workbook,
    replace_sheets,
    summary_metrics,
)

__all__ = ["DASHBOARD", "XLWINGS_CONF", "Formula", "dashboard_formulas", "prepare_workbook"]

DASHBOARD = "Dashboard"
XLWINGS_CONF = "xlwings.conf"
UDF_MODULE = "addin.functions"

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_METADATA_REL = f"{_DOC_REL_NS}/sheetMetadata"
_METADATA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
_METADATA_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<metadata xmlns="{_MAIN_NS}" '
    'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" '
    'copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" '
    'clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
    '</futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    "</metadata>"
)


@dataclass(frozen=True, slots=True)
class Formula:
    """One Dashboard formula: where it goes, its label, and how its value is shown."""

    row: int
    column: int
    label: str
    text: str
    kind: CellKind = CellKind.TEXT


@dataclass(frozen=True, slots=True)
class _Sources:
    """The workbook's ranges a formula passes, or '' when the workbook lacks them."""

    plan: str
    holidays: str
    settings: str
    changes: str
    baseline: str


def _call(function: str, *args: str) -> str:
    """`=PM_SLIP(Plan[#All],,,Holidays[Date])`: empty trailing arguments left out."""
    items = list(args)
    while items and not items[-1]:
        items.pop()
    return f"={function}({','.join(items)})"


def dashboard_formulas(sources: _Sources, first_task: str | None) -> list[Formula]:
    """The Dashboard's formulas: key figures in A:B, then spilled tables side by side."""
    p, h, s, c, b = (
        sources.plan,
        sources.holidays,
        sources.settings,
        sources.changes,
        sources.baseline,
    )
    figures = [
        ("Status (Green, Amber, Red)", _call("PM_STATUS", p, "", "", h, s), CellKind.TEXT),
        ("Slip (working days late)", _call("PM_SLIP", p, "", "", h, s), CellKind.INTEGER),
        ("Forecast finish", _call("PM_FORECAST_FINISH", p, "", "", h, s), CellKind.DATE),
        ("Schedule performance (SPI)", _call("PM_EV", p, '"SPI"', "", h, s), CellKind.RATIO),
        ("Cost performance (CPI)", _call("PM_EV", p, '"CPI"', "", h, s), CellKind.RATIO),
        ("Unapproved scope growth", _call("PM_SCOPE_GROWTH", p, "", c, b), CellKind.PERCENT),
        (
            "Approved scope growth",
            _call("PM_SCOPE_GROWTH", p, '"approved"', c, b),
            CellKind.PERCENT,
        ),
        (
            "Working days from today to the finish",
            _call("PM_WORKDAYS", "TODAY()", "B6", h),
            CellKind.INTEGER,
        ),
        (
            "Ten working days after the finish",
            _call("PM_ADD_WORKDAYS", "B6", "10", h),
            CellKind.DATE,
        ),
    ]
    if first_task is not None:
        # A text id goes into the formula as a string literal, its quotes doubled, so an
        # id such as `x")+HYPERLINK("…` stays one argument instead of becoming formula.
        whole = first_task.isascii() and first_task.isdigit()
        task = first_task if whole else '"' + first_task.replace('"', '""') + '"'
        figures += [
            (f"Slip of task {first_task}", _call("PM_SLIP", p, task, "", h, s), CellKind.INTEGER),
            (f"Float of task {first_task}", _call("PM_FLOAT", p, task, "", h, s), CellKind.INTEGER),
            (f"Status of task {first_task}", _call("PM_STATUS", p, task, "", h, s), CellKind.TEXT),
        ]
    formulas = [
        Formula(4 + offset, 2, label, text, kind)
        for offset, (label, text, kind) in enumerate(figures)
    ]
    formulas += [
        Formula(5, 4, "Critical path", _call("PM_CRITICAL_PATH", p, "", h, s)),
        Formula(5, 6, "Summary", _call("PM_VARIANCE", p, "", h, s, c, b)),
        Formula(
            5, 9, "Flags: errors and warnings", _call("PM_FLAGS", p, '"warning"', "", h, s, c, b)
        ),
        Formula(5, 15, "Schedule", _call("PM_SCHEDULE", p, "", h, s)),
    ]
    return formulas


def _sources(book: XlsxWorkbook) -> _Sources:
    """Structured references where the template's tables exist, else sheet ranges."""
    tables: dict[str, tuple[str, list[str]]] = {}
    sheets = {normalize_name(ws.title): ws.title for ws in book.book.worksheets}
    for ws in book.book.worksheets:
        for table in ws.tables.values():
            columns = [column.name for column in table.tableColumns]
            tables[normalize_name(table.displayName)] = (table.displayName, columns)

    def table_or_range(name: str, last_column: str, rows: int) -> str:
        if normalize_name(name) in tables:
            return f"{tables[normalize_name(name)][0]}[#All]"
        sheet = sheets.get(normalize_name(name))
        return f"'{sheet}'!$A$1:${last_column}${rows}" if sheet else ""

    holidays = ""
    if "holidays" in tables and "Date" in tables["holidays"][1]:
        holidays = f"{tables['holidays'][0]}[Date]"
    elif "holidays" in sheets:
        holidays = f"'{sheets['holidays']}'!$A$2:$A$1000"
    baseline = sheets.get("baseline")
    return _Sources(
        plan=table_or_range("Plan", "AZ", 10_000),
        holidays=holidays,
        settings=table_or_range("Settings", "C", 100),
        changes=table_or_range("Changes", "G", 2_000),
        baseline=f"'{baseline}'!$A$1:$F$20000" if baseline else "",
    )


def _dashboard_sheet(formulas: list[Formula], widths: dict[int, float]) -> OutputSheet:
    """Labels and number formats; the formulas themselves are written afterwards."""
    last_row = max(formula.row for formula in formulas)
    grid: dict[tuple[int, int], Cell] = {
        (1, 1): Cell(DASHBOARD_TITLE),
        (2, 1): Cell(
            "Every value below is a live pmkit cell function (xlwings). It recalculates "
            "when the plan changes; tables spill down. See docs/excel.md in the pmkit folder."
        ),
    }
    for formula in formulas:
        if formula.column == 2:
            grid[(formula.row, 1)] = Cell(formula.label, bold=True)
            grid[(formula.row, 2)] = Cell(None, formula.kind)
        else:
            grid[(formula.row - 1, formula.column)] = Cell(formula.label, bold=True)
    for (row, column), cell in list(_spill_formats().items()):
        grid.setdefault((row, column), cell)
    width = max(column for _, column in grid)
    height = max(last_row, *(row for row, _ in grid))
    rows = []
    for r in range(1, height + 1):
        role = Role.TITLE if r == 1 else (Role.NOTE if r == 2 else Role.BODY)
        rows.append(Row(tuple(grid.get((r, c), Cell(None)) for c in range(1, width + 1)), role))
    return OutputSheet(
        name=DASHBOARD,
        rows=tuple(rows),
        widths=tuple(widths.get(c, 10.0) for c in range(1, width + 1)),
        landscape=True,
    )


_SPILL_ROWS = 300  # the spilled tables' rows are formatted ahead of their values


def _spill_formats() -> dict[tuple[int, int], Cell]:
    """Date and percent formats down the Schedule table's columns (it spills from O5)."""
    cells: dict[tuple[int, int], Cell] = {}
    for offset, (_, kind, _) in enumerate(SCHEDULE_COLUMNS):
        if kind in (CellKind.DATE, CellKind.PERCENT):
            for row in range(6, 6 + _SPILL_ROWS):
                cells[(row, 15 + offset)] = Cell(None, kind)
    return cells


def _widths() -> dict[int, float]:
    widths = {1: 36.0, 2: 14.0, 3: 3.0, 4: 12.0, 5: 3.0, 6: 34.0, 7: 16.0, 8: 3.0}
    widths.update({9: 9.0, 10: 22.0, 11: 11.0, 12: 7.0, 13: 70.0, 14: 3.0})
    for offset, (_, _, width) in enumerate(SCHEDULE_COLUMNS):
        widths[15 + offset] = width
    return widths


def _conf_sheet() -> OutputSheet:
    """xlwings reads its settings from a sheet named `xlwings.conf`: keys in A, values in B."""
    return OutputSheet(
        name=XLWINGS_CONF,
        rows=(Row((Cell("UDF Modules"), Cell(UDF_MODULE))),),
        widths=(20.0, 24.0),
    )


_IN_PLACE_ADVICE = (
    "Leave out --in-place: pmkit excel then writes the Dashboard into a copy beside your plan "
    "(PLAN-excel.xlsx), says what the copy lacks, and your plan keeps everything"
)
"""What to do when the plan itself cannot take the sheets (the report's advice names
commands that do not add a Dashboard)."""


def prepare_workbook(
    plan_path: Path, output: Path | None, *, force: bool = False
) -> tuple[SaveResult, list[Formula]]:
    """Write the plan with the `xlwings.conf` and `Dashboard` sheets to `output`.

    `output` None writes into the plan itself (after a backup; refused if anything in
    it would be lost); an existing `output` is replaced only with `force`. Either way
    the two sheets replace only pmkit's own sheets of those names. Returns where it went
    and the formulas written.
    """
    plan = read_plan(plan_path)
    analysis = analyze(plan)
    book = open_xlsx_workbook(plan, output, overwrite=force)
    book.advice = _IN_PLACE_ADVICE
    first_task = plan.tasks[0].id if plan.tasks else None
    formulas = dashboard_formulas(_sources(book), first_task)
    dashboard = _dashboard_sheet(formulas, _widths())
    replace_sheets(book, [_conf_sheet(), dashboard])
    look = SheetLook(dashboard)
    sheet = book.book[DASHBOARD]
    for formula in formulas:
        sheet.cell(row=formula.row, column=formula.column).value = formula.text
    for offset, metric in enumerate(summary_metrics(analysis)):
        if metric.kind in (CellKind.DATE, CellKind.PERCENT, CellKind.RATIO):
            # PM_VARIANCE spills Metric | Value from F5: format each value by its metric
            cell = sheet.cell(row=6 + offset, column=7)
            cell.number_format = look.column(metric.kind).number_format
    book.activate(DASHBOARD)
    cells = [f"{column_letter(f.column)}{f.row}" for f in formulas]
    # Marked in the saved temporary file, before it is checked and replaces anything.
    book.finish = lambda saved: mark_dynamic_arrays(saved, DASHBOARD, cells)
    return book.save(), formulas


# -- dynamic arrays in the package -------------------------------------------------------


def mark_dynamic_arrays(path: Path, sheet_name: str, cells: list[str]) -> None:
    """Make the formulas in `cells` of `sheet_name` dynamic-array formulas, as Excel does
    (`path` is pmkit's own freshly saved file, rewritten in place)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
        infos = {info.filename: info for info in package.infolist()}
    sheet_part = _sheet_part(parts, sheet_name)
    xml = parts[sheet_part].decode("utf-8")
    for ref in cells:
        xml, found = _mark_cell(xml, ref)
        if not found:
            raise WriteRefusedError(f"the {sheet_name} formula in {ref} was not written")
    parts[sheet_part] = xml.encode("utf-8")
    parts["xl/metadata.xml"] = _METADATA_XML.encode("utf-8")
    parts["[Content_Types].xml"] = _with_metadata_type(parts["[Content_Types].xml"])
    parts["xl/_rels/workbook.xml.rels"] = _with_metadata_rel(parts["xl/_rels/workbook.xml.rels"])
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            info = infos.get(name) or zipfile.ZipInfo(name)
            package.writestr(info, data, zipfile.ZIP_DEFLATED)
    path.write_bytes(rewritten.getvalue())  # pmkit's own temporary file, not yet shown


def _sheet_part(parts: dict[str, bytes], sheet_name: str) -> str:
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{{{_DOC_REL_NS}}}id"), "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise NotAWorkbookError(f"the written workbook has no {sheet_name} sheet")


def _mark_cell(xml: str, ref: str) -> tuple[str, bool]:
    pattern = re.compile(rf'<c r="{ref}"(?P<attrs>[^>]*)>\s*<f>(?P<formula>[^<]*)</f>')
    match = pattern.search(xml)
    if match is None:
        return xml, False
    attrs = re.sub(r'\s(?:cm|t)="[^"]*"', "", match["attrs"])
    replacement = f'<c r="{ref}"{attrs} cm="1"><f t="array" ref="{ref}">{match["formula"]}</f>'
    return xml[: match.start()] + replacement + xml[match.end() :], True


def _with_metadata_type(data: bytes) -> bytes:
    text = data.decode("utf-8")
    if "/xl/metadata.xml" in text:
        return data
    override = f'<Override PartName="/xl/metadata.xml" ContentType="{_METADATA_TYPE}"/>'
    return text.replace("</Types>", f"{override}</Types>").encode("utf-8")


def _with_metadata_rel(data: bytes) -> bytes:
    text = data.decode("utf-8")
    if _METADATA_REL in text:
        return data
    ids = {int(number) for number in re.findall(r'Id="rId(\d+)"', text)}
    new_id = f"rId{max(ids, default=0) + 1}"
    rel = f'<Relationship Id="{new_id}" Type="{_METADATA_REL}" Target="metadata.xml"/>'
    return text.replace("</Relationships>", f"{rel}</Relationships>").encode("utf-8")
