"""Render `OutputSheet`s into an openpyxl workbook, formatted for an owner.

How each cell looks comes from `pmkit.outputs.palette` (the one look every writer
shares); this module only translates a `CellStyle` into openpyxl's objects. Cells are
created directly with a cached style per look, because a 10,000-task report is a few
hundred thousand cells and openpyxl's per-attribute styling would dominate the run.
"""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import LineChart, Reference
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from pmkit.engine.issues import column_letter
from pmkit.outputs import Cell, OutputSheet, Role
from pmkit.outputs.layout import (
    auto_filter_ref,
    freeze_cell,
    merged_range,
    page_setup,
    row_height,
    row_outlines,
)
from pmkit.outputs.palette import (
    DATE_FORMAT,
    FONT_NAME,
    CellStyle,
    Look,
    cell_style,
    look_of,
    money_format,
)
from pmkit.outputs.plain_text import keep_as_text
from pmkit.report.ownership import OUTPUT_MARKER
from pmkit.template import styles

__all__ = [
    "LINK_SCHEMES",
    "CellStyles",
    "chart_parts",
    "link_location",
    "link_url",
    "mark_output",
    "trend_chart",
    "write_output_sheet",
]


class CellStyles:
    """One openpyxl style array per distinct look, computed once per sheet."""

    def __init__(self, money_format: str) -> None:
        self._money_format = money_format
        self._cache: dict[Look, object] = {}

    def apply(self, cell: XlCell, look: Look) -> None:
        style = self._cache.get(look)
        if style is None:
            self.style(cell, look)
            self._cache[look] = copy(cell._style)  # type: ignore[attr-defined]
        else:
            cell._style = copy(style)  # type: ignore[attr-defined]

    def style(self, cell: XlCell, look: Look) -> None:
        """Set font, fill, number format, alignment and border of `cell` for `look`."""
        _apply_style(cell, cell_style(look, self._money_format))


def _apply_style(cell: XlCell, style: CellStyle) -> None:
    cell.font = Font(
        name=FONT_NAME,
        size=style.font_size,
        bold=style.bold or None,
        italic=style.italic or None,
        underline="single" if style.underline else None,
        color=style.font_colour,
    )
    if style.fill is not None:
        cell.fill = PatternFill("solid", start_color=style.fill, end_color=style.fill)
    cell.number_format = style.number_format
    cell.alignment = Alignment(
        horizontal=style.horizontal,
        vertical=style.vertical,
        wrap_text=style.wrap or None,
        text_rotation=style.rotation,
        indent=style.indent,
    )
    if style.side_lines is not None:
        side = Side(style="medium", color=style.side_lines)
        cell.border = Border(left=side, right=side)
    elif style.bottom_rule is not None:
        cell.border = Border(bottom=Side(style="thin", color=style.bottom_rule))


def write_output_sheet(  # noqa: PLR0912 - one openpyxl setting per layout rule
    workbook: Workbook, sheet: OutputSheet, index: int | None = None
) -> None:
    """Create `sheet.name` in `workbook` (at `index`) and fill it; the name must be free."""
    ws = workbook.create_sheet(sheet.name, index)
    looks = CellStyles(money_format(sheet.currency))
    cells: dict[tuple[int, int], XlCell | MergedCell] = ws._cells
    marker = sheet.marker_column
    for r, row in enumerate(sheet.rows, start=1):
        items = list(row.cells)
        if marker and row.role in (Role.BODY, Role.HEADER) and len(items) < marker:
            items += [Cell(None)] * (marker - len(items))
        for c, item in enumerate(items, start=1):
            xl = XlCell(ws, row=r, column=c, value=item.value)
            keep_as_text(xl)  # an owner's task named "=IMPORTXML(...)" never runs
            looks.apply(xl, look_of(sheet, item, row.role, c))
            if item.link is not None:
                xl.hyperlink = Hyperlink(ref=xl.coordinate, location=link_location(item))
            elif (url := link_url(item)) is not None:
                xl.hyperlink = Hyperlink(ref=xl.coordinate, target=url)
            cells[(r, c)] = xl
        height = row_height(sheet, r)
        if height is not None:
            ws.row_dimensions[r].height = height
        merged = merged_range(sheet, r)
        if merged:
            ws.merge_cells(merged)
    outlines = row_outlines(sheet)
    for r, outline in outlines.items():
        dimension = ws.row_dimensions[r]
        dimension.outlineLevel = outline.level
        dimension.hidden = outline.hidden
        dimension.collapsed = outline.collapsed
    if outlines:  # the finding sits above its details: its button must be on its own row
        ws.sheet_properties.outlinePr.summaryBelow = False
        ws.sheet_format.outlineLevelRow = 1
    for c, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[column_letter(c)].width = width
    freeze = freeze_cell(sheet)
    if freeze:
        ws.freeze_panes = freeze
    auto_filter = auto_filter_ref(sheet)
    if auto_filter:
        ws.auto_filter.ref = auto_filter
    styles.set_print_layout(ws, page_setup(sheet))
    ws.sheet_view.zoomScale = 90 if sheet.timeline_from else 100
    chart = trend_chart(sheet)
    if chart is not None:
        ws.add_chart(chart, chart.anchor)
    mark_output(ws, sheet.name)


def mark_output(ws: Worksheet, name: str) -> None:
    """Put pmkit's mark on a sheet it wrote (see `pmkit.report.ownership`)."""
    value = '"' + name.replace('"', '""') + '"'
    ws.defined_names[OUTPUT_MARKER] = DefinedName(OUTPUT_MARKER, attr_text=value, hidden=True)


def trend_chart(sheet: OutputSheet) -> LineChart | None:
    """`sheet.chart` as an openpyxl line chart, anchored three rows below the table."""
    spec = sheet.chart
    header = sheet.header_row or 1
    last = len(sheet.rows)
    if spec is None or last <= header:
        return None
    name = "'" + sheet.name.replace("'", "''") + "'"
    values = column_letter(spec.value_column)
    chart = LineChart()
    chart.title = spec.title
    chart.y_axis.title = spec.axis_title or None
    chart.x_axis.number_format = DATE_FORMAT
    chart.add_data(
        Reference(range_string=f"{name}!${values}${header}:${values}${last}"),
        titles_from_data=True,
    )
    chart.set_categories(Reference(range_string=f"{name}!$A${header + 1}:$A${last}"))
    for series in chart.series:  # each night a point: one between two gaps still shows
        series.marker.symbol = "circle"
        series.marker.size = 5
    chart.height, chart.width = 7, 16
    chart.anchor = f"A{last + 3}"
    return chart


def chart_parts(sheet: OutputSheet) -> tuple[bytes, bytes] | None:
    """The drawing and chart XML of `sheet.chart` (the drawing links the chart as rId1)."""
    chart = trend_chart(sheet)
    if chart is None:
        return None
    drawing = SpreadsheetDrawing()
    drawing.charts.append(chart)
    # openpyxl's own serialisers: the chart is exactly what its writer would save.
    parts = (drawing._write(), chart._write())  # type: ignore[attr-defined]
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    drawing_xml, chart_xml = (declaration + bytes(tostring(part)) for part in parts)
    return drawing_xml, chart_xml


LINK_SCHEMES = ("https://", "http://", "file:")
"""The hyperlinks a workbook cell may carry besides places in the workbook."""


def link_url(item: Cell) -> str | None:
    """Where a cell's web or file hyperlink goes (None: it has none, or one in a scheme a
    workbook should not open)."""
    url = item.url
    return url if url is not None and url.startswith(LINK_SCHEMES) else None


def link_location(item: Cell) -> str:
    """`'Plan'!F7`: where an in-workbook hyperlink jumps."""
    assert item.link is not None
    sheet_name = item.link.sheet.replace("'", "''")
    return f"'{sheet_name}'!{item.link.cell}"
