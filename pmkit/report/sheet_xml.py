"""One output sheet as worksheet XML, written straight into the package.

Strings are written inline (never as formulas: a task named `=HYPERLINK(...)` stays
text), so the workbook's shared strings are never touched; styles come from the
`StyleBook` of the workbook being written, so the owner's styles are kept as they are.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from html import escape

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
from pmkit.outputs.palette import look_of, money_format
from pmkit.outputs.print_layout import FOOTER, MARGINS, PageSetup
from pmkit.report.stylebook import StyleBook
from pmkit.report.xlsx import link_location, link_url

__all__ = ["URL_LINK_ID", "cell_xml", "excel_epoch", "sheet_xml", "url_links"]

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT = 32767
_EPOCH_1900 = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
URL_LINK_ID = "rIdUrl{}"
"""The relationship id of the sheet's n-th web or file hyperlink (`url_links`)."""


def url_links(sheet: OutputSheet) -> list[str]:
    """The targets of the sheet's web and file hyperlinks, in cell order: the n-th is
    relationship `URL_LINK_ID.format(n)` of the sheet part (1-based)."""
    return [url for row in sheet.rows for item in row.cells if (url := link_url(item)) is not None]


def sheet_xml(  # noqa: PLR0912, PLR0915 - the sheet part in one hot pass
    sheet: OutputSheet,
    book: StyleBook,
    date1904: bool,
    selected: bool,
    drawing: str | None = None,
) -> bytes:
    """The worksheet part for `sheet`; `drawing` is the relationship id of its chart's
    drawing, if it has one."""
    money = money_format(sheet.currency)
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    outlines = row_outlines(sheet)
    setup = page_setup(sheet)
    # a finding sits above its details, so its outline button is on its own row
    outline_pr = '<outlinePr summaryBelow="0"/>' if outlines else ""
    fit = '<pageSetUpPr fitToPage="1"/>' if setup.fit_width else ""
    outline_level = ' outlineLevelRow="1"' if outlines else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_REL}"><sheetPr>{outline_pr}{fit}</sheetPr>',
        _sheet_view(sheet, selected),
        f'<sheetFormatPr defaultRowHeight="15"{outline_level}/><cols>',
    ]
    for c, width in enumerate(sheet.widths, start=1):
        out.append(f'<col min="{c}" max="{c}" width="{width}" customWidth="1"/>')
    out.append("</cols><sheetData>")
    links: list[str] = []
    urls = 0
    merges: list[str] = []
    marker = sheet.marker_column
    letters = [column_letter(c) for c in range(1, sheet.width + 2 + (marker or 0))]
    timeline = sheet.timeline_from or 10**9
    wraps = sheet.wrap_columns
    styles: dict[tuple[object, ...], int] = {}
    for r, row in enumerate(sheet.rows, start=1):
        height = row_height(sheet, r)
        outline = outlines.get(r)
        extra = ""
        if outline is not None:
            extra = (
                (f' outlineLevel="{outline.level}"' if outline.level else "")
                + (' hidden="1"' if outline.hidden else "")
                + (' collapsed="1"' if outline.collapsed else "")
            )
        out.append(
            f'<row r="{r}" ht="{height}" customHeight="1"{extra}>'
            if height
            else f'<row r="{r}"{extra}>'
        )
        role = row.role
        cells = list(row.cells)
        body_like = role is Role.BODY or role is Role.HEADER
        if marker and body_like and len(cells) < marker:
            cells += [Cell(None)] * (marker - len(cells))
        for c, item in enumerate(cells, start=1):
            ref = f"{letters[c - 1]}{r}"
            value, kind, tone, bold, link, _url, figure = item
            key = (
                role,
                kind,
                tone,
                bold,
                item.is_link,
                c == marker and body_like,
                role is Role.HEADER and c >= timeline,
                role is Role.BODY and c in wraps,
                figure,
            )
            style = styles.get(key)
            if style is None:
                style = styles[key] = book.index(look_of(sheet, item, role, c), money)
            out.append(cell_xml(ref, style, value, epoch))
            if link is not None:
                links.append(
                    f'<hyperlink ref="{ref}" location="{escape(link_location(item))}" '
                    f'display="{escape(str(value or ""))}"/>'
                )
            elif link_url(item) is not None:
                urls += 1
                links.append(f'<hyperlink ref="{ref}" r:id="{URL_LINK_ID.format(urls)}"/>')
        out.append("</row>")
        merged = merged_range(sheet, r)
        if merged:
            merges.append(f'<mergeCell ref="{merged}"/>')
    out.append("</sheetData>")
    auto_filter = auto_filter_ref(sheet)
    if auto_filter:
        out.append(f'<autoFilter ref="{auto_filter}"/>')
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>')
    if links:
        out.append(f"<hyperlinks>{''.join(links)}</hyperlinks>")
    out.append(_print_xml(setup))
    if drawing is not None:
        out.append(f'<drawing r:id="{drawing}"/>')
    out.append("</worksheet>")
    return "".join(out).encode("utf-8")


def _print_xml(setup: PageSetup) -> str:
    """Margins, page setup, footer and page breaks (`pmkit.outputs.print_layout`)."""
    m = MARGINS
    orientation = "landscape" if setup.landscape else "portrait"
    size = 'fitToWidth="1" fitToHeight="0"' if setup.fit_width else f'scale="{setup.scale}"'
    breaks = "".join(f'<brk id="{r}" max="16383" man="1"/>' for r in setup.row_breaks)
    count = len(setup.row_breaks)
    return (
        f'<pageMargins left="{m.left}" right="{m.right}" top="{m.top}" bottom="{m.bottom}" '
        f'header="{m.header}" footer="{m.footer}"/>'
        f'<pageSetup orientation="{orientation}" {size}/>'
        f"<headerFooter><oddFooter>{escape(FOOTER, quote=False)}</oddFooter></headerFooter>"
        + (
            f'<rowBreaks count="{count}" manualBreakCount="{count}">{breaks}</rowBreaks>'
            if count
            else ""
        )
    )


def excel_epoch(date1904: bool) -> date:
    """Day 0 of the workbook's date system (the 1904 one of old Mac workbooks, or 1900)."""
    return _EPOCH_1904 if date1904 else _EPOCH_1900


def _sheet_view(sheet: OutputSheet, selected: bool) -> str:
    zoom = 90 if sheet.timeline_from else 100
    tab = ' tabSelected="1"' if selected else ""
    head = f'<sheetViews><sheetView{tab} zoomScale="{zoom}" workbookViewId="0">'
    freeze = freeze_cell(sheet)
    if not freeze or sheet.header_row is None:
        return head + "</sheetView></sheetViews>"
    x, y = sheet.freeze_columns, sheet.header_row
    pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (
        f'{head}<pane{split} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>'
        "</sheetView></sheetViews>"
    )


def cell_xml(  # noqa: PLR0911 - one return per cell kind, hot: every cell
    ref: str, style: int, value: object, epoch: date
) -> str:
    """One cell as worksheet XML: text inline (never a formula), dates as day numbers
    from `epoch` (`excel_epoch`), None as a styled empty cell."""
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    kind = type(value)
    if kind is str:
        text = escape(_ILLEGAL_XML.sub("", str(value))[:_MAX_TEXT], quote=False)
        if "\r" in text:  # XML parsers turn a bare carriage return into a line feed
            text = text.replace("\r", "&#13;")
        return (
            f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{text}</t></is></c>"
        )
    if kind is date:
        return f'<c r="{ref}" s="{style}"><v>{(value - epoch).days}</v></c>'  # type: ignore[operator]
    if kind is int:
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{style}"><v>{(value.date() - epoch).days}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{style}"><v>{(value - epoch).days}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f'<c r="{ref}" s="{style}"/>'
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    return cell_xml(ref, style, str(value), epoch)
