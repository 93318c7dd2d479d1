"""What Google would show: the fake's stored tabs (cells, formats, sizes, merges, frozen
panes, row groups, charts) written to an .xlsx, so LibreOffice can draw it as a picture.

Only what the Sheets API stored is used — values, `userEnteredFormat` (fonts, colours,
number formats, alignment, borders), column widths and row heights in pixels, merges,
frozen rows and columns, row groups with the rows they hide, and line charts from their
`basicChart` spec — so the picture is the result of pmkit's requests, not of pmkit's
xlsx writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tests.sync.fake_cells import column_letters
from tests.sync.fake_sheets import FakeSheet, FakeSpreadsheet

__all__ = ["render_xlsx"]

_HORIZONTAL = {"LEFT": "left", "CENTER": "center", "RIGHT": "right"}
_VERTICAL = {"TOP": "top", "MIDDLE": "center", "BOTTOM": "bottom"}
_BorderStyle = Literal["thin", "medium", "thick", "dotted"]
_BORDER: dict[str, _BorderStyle] = {
    "SOLID": "thin",
    "SOLID_MEDIUM": "medium",
    "SOLID_THICK": "thick",
    "DOTTED": "dotted",
}


def _hex(colour_style: dict[str, Any] | None) -> str | None:
    if not colour_style:
        return None
    rgb = colour_style.get("rgbColor", {})
    return "".join(f"{round(rgb.get(part, 0) * 255):02X}" for part in ("red", "green", "blue"))


def _side(border: dict[str, Any] | None) -> Side:
    if not border:
        return Side()
    return Side(
        style=_BORDER.get(border.get("style", ""), "thin"), color=_hex(border.get("colorStyle"))
    )


def _style(xl: XlCell, fmt: dict[str, Any]) -> None:
    text = fmt.get("textFormat", {})
    xl.font = Font(
        name=text.get("fontFamily", "Arial"),
        size=text.get("fontSize", 10),
        bold=text.get("bold") or None,
        italic=text.get("italic") or None,
        underline="single" if text.get("underline") else None,
        color=_hex(text.get("foregroundColorStyle")),
    )
    fill = _hex(fmt.get("backgroundColorStyle"))
    if fill:
        xl.fill = PatternFill("solid", start_color=fill, end_color=fill)
    number = fmt.get("numberFormat")
    if number:
        xl.number_format = number["pattern"]
    xl.alignment = Alignment(
        horizontal=_HORIZONTAL.get(fmt.get("horizontalAlignment", "")),
        vertical=_VERTICAL.get(fmt.get("verticalAlignment", "BOTTOM"), "bottom"),
        wrap_text=fmt.get("wrapStrategy") == "WRAP" or None,
        text_rotation=fmt.get("textRotation", {}).get("angle", 0),
        indent=max(fmt.get("padding", {}).values(), default=0) // 9,
    )
    borders = fmt.get("borders")
    if borders:
        xl.border = Border(
            left=_side(borders.get("left")),
            right=_side(borders.get("right")),
            top=_side(borders.get("top")),
            bottom=_side(borders.get("bottom")),
        )


def _sheet(ws: Worksheet, sheet: FakeSheet) -> None:
    for (r, c), cell in sorted(sheet.cells.items()):
        value = cell.get("userEnteredValue", {})
        xl = ws.cell(row=r + 1, column=c + 1)
        assert isinstance(xl, XlCell)  # merges come after the cells
        if "stringValue" in value:
            xl.value = value["stringValue"]
            xl.data_type = "s"  # text stays text, as Google stored it
        elif "numberValue" in value:
            xl.value = value["numberValue"]
        elif "boolValue" in value:
            xl.value = value["boolValue"]
        _style(xl, cell.get("userEnteredFormat", {}))
    for c, pixels in sheet.column_widths.items():
        ws.column_dimensions[column_letters(c + 1)].width = max(1.0, (pixels - 5) / 7)
    for r, pixels in sheet.row_heights.items():
        if pixels != 21:
            ws.row_dimensions[r + 1].height = pixels * 0.75
    for merge in sheet.merges:
        ws.merge_cells(
            start_row=merge["startRowIndex"] + 1,
            end_row=merge["endRowIndex"],
            start_column=merge["startColumnIndex"] + 1,
            end_column=merge["endColumnIndex"],
        )
    _row_groups(ws, sheet)
    if sheet.frozen_row_count or sheet.frozen_column_count:
        ws.freeze_panes = (
            f"{column_letters(sheet.frozen_column_count + 1)}{sheet.frozen_row_count + 1}"
        )


def _row_groups(ws: Worksheet, sheet: FakeSheet) -> None:
    """Google's row groups as Excel's outline: the depth of each row, the hidden rows, and
    the +/- control before or after each group as Google's `rowGroupControlAfter` says."""
    for r, depth in sheet.group_depths["ROWS"].items():
        ws.row_dimensions[r + 1].outlineLevel = depth
    for r in sheet.hidden_indices["ROWS"]:
        ws.row_dimensions[r + 1].hidden = True
    after = sheet.row_group_control_after
    for start, end, _depth in sheet.collapsed_groups["ROWS"]:
        control = end + 1 if after else start  # 1-based: the row below, or the row above
        if control >= 1:
            ws.row_dimensions[control].collapsed = True
    if sheet.group_depths["ROWS"]:
        assert ws.sheet_properties.outlinePr is not None
        ws.sheet_properties.outlinePr.summaryBelow = after
        ws.sheet_format.outlineLevelRow = max(sheet.group_depths["ROWS"].values())


def _reference(ws: Worksheet, data: dict[str, Any]) -> Reference:
    grid = data["sourceRange"]["sources"][0]
    return Reference(
        ws,
        min_col=grid["startColumnIndex"] + 1,
        max_col=grid["endColumnIndex"],
        min_row=grid["startRowIndex"] + 1,
        max_row=grid["endRowIndex"],
    )


def _chart(ws: Worksheet, chart: dict[str, Any]) -> None:
    spec = chart["spec"]
    basic = spec["basicChart"]
    line = LineChart()
    line.title = spec.get("title")
    line.height, line.width = 8, 16
    for series in basic["series"]:
        line.add_data(_reference(ws, series["series"]), titles_from_data=basic.get("headerCount"))
    domain = basic["domains"][0]["domain"]
    categories = _reference(ws, domain)
    categories.min_row += basic.get("headerCount", 0)
    line.set_categories(categories)
    line.x_axis.number_format = "d mmm"
    anchor = chart["position"]["overlayPosition"]["anchorCell"]
    ws.add_chart(line, f"{column_letters(anchor['columnIndex'] + 1)}{anchor['rowIndex'] + 1}")


def render_xlsx(book: FakeSpreadsheet, path: Path, titles: list[str] | None = None) -> Path:
    """Write the tabs `titles` (default: all) of the fake spreadsheet `book` to `path`."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in book.sheets:
        if titles is not None and sheet.title not in titles:
            continue
        ws = workbook.create_sheet(sheet.title)
        _sheet(ws, sheet)
        for chart in sheet.charts:
            _chart(ws, chart)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    workbook.save(path)
    return path
