"""Output sheets → one `spreadsheets:batchUpdate`: add missing tabs, replace their cells.

Every cell is typed: text as `stringValue` (never parsed, so `=IMPORTXML(…)` stays
text), numbers as `numberValue`, dates as serial numbers with a date format. An output
tab that exists is resized and rewritten whole in place, so formulas elsewhere that
point at it keep working; a missing one is added with an id chosen here, so the same
batch can fill it. Input tabs are never in the batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.schema import normalize_name
from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Tone, sheets_to_write
from pmkit.report.xlsx import money_format
from pmkit.template import styles
from sheets_sync.sheets_plan import SpreadsheetInfo

__all__ = ["build_write_requests", "cell_data"]

_EPOCH = date(1899, 12, 30)
_CELL_FIELDS = "userEnteredValue,userEnteredFormat,note"
_PIXELS_PER_CHARACTER = 7
# The same number formats as the xlsx report, so a plan reads alike in both.
_FORMATS: dict[CellKind, dict[str, str]] = {
    CellKind.INTEGER: {"type": "NUMBER", "pattern": "0"},
    CellKind.RATIO: {"type": "NUMBER", "pattern": "0.00"},
    CellKind.DATE: {"type": "DATE", "pattern": styles.DATE_FORMAT},
    CellKind.PERCENT: {"type": "PERCENT", "pattern": styles.PERCENT_FORMAT},
}
_FILLS: dict[Tone, str] = {
    Tone.RED: "F4CCCC",
    Tone.AMBER: "FFE599",
    Tone.GREEN: "D9EAD3",
    Tone.INFO: "DDEBF7",
}
_TEXT_COLOURS: dict[Tone, str] = {
    Tone.RED: "990000",
    Tone.AMBER: "7F4F00",
    Tone.GREEN: "274E13",
    Tone.CRITICAL: "C00000",
    Tone.MUTED: "808080",
}
_HEADER_FILL = "D9D9D9"


def _colour(hex_rgb: str) -> dict[str, float]:
    red, green, blue = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 4), "green": round(green, 4), "blue": round(blue, 4)}


def _value(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return {"numberValue": (value - _EPOCH).days}
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return {"stringValue": str(value)}
        return {"numberValue": value}
    return {"stringValue": str(value)}


def cell_data(
    cell: Cell, role: Role, gids: dict[str, int], currency: str | None = None
) -> dict[str, Any]:
    """One typed output cell as the Sheets API's `CellData`."""
    data: dict[str, Any] = {}
    value = _value(cell.value)
    if value is not None:
        data["userEnteredValue"] = value
    kind = CellKind.DATE if isinstance(cell.value, date) else cell.kind
    numeric = value is not None and "numberValue" in value
    link = None
    if cell.link is not None and cell.link.sheet in gids:
        link = f"#gid={gids[cell.link.sheet]}&range={cell.link.cell or 'A1'}"
    look = _look(
        kind if numeric else CellKind.TEXT, cell.tone, cell.bold, role, link=link, currency=currency
    )
    if look:
        data["userEnteredFormat"] = look
    return data


@lru_cache(maxsize=4096)
def _look(
    kind: CellKind,
    tone: Tone | None,
    bold: bool,
    role: Role,
    *,
    link: str | None,
    currency: str | None,
) -> dict[str, Any]:
    # Output sheets repeat a handful of looks thousands of times: build each once. The
    # shared dicts are only ever serialised, never changed.
    look: dict[str, Any] = {}
    if kind is CellKind.MONEY:
        look["numberFormat"] = {"type": "CURRENCY", "pattern": money_format(currency)}
    elif kind in _FORMATS:
        look["numberFormat"] = dict(_FORMATS[kind])
    text: dict[str, Any] = {}
    if bold or role in (Role.HEADER, Role.TITLE, Role.HEADING):
        text["bold"] = True
    if role is Role.TITLE:
        text["fontSize"] = 14
    if tone in _TEXT_COLOURS:
        text["foregroundColor"] = _colour(_TEXT_COLOURS[tone])
    if link is not None:
        text["link"] = {"uri": link}
    if text:
        look["textFormat"] = text
    fill = _HEADER_FILL if role is Role.HEADER else _FILLS.get(tone) if tone else None
    if fill:
        look["backgroundColor"] = _colour(fill)
    if role is Role.PARAGRAPH:
        look["wrapStrategy"] = "WRAP"
    return look


def _grid_size(sheet: OutputSheet) -> tuple[int, int]:
    # One spare row and column: Google refuses to freeze every row of a sheet.
    return len(sheet.rows) + 1, max(sheet.width, len(sheet.widths), 1) + 1


def build_write_requests(
    info: SpreadsheetInfo, sheets: Sequence[OutputSheet]
) -> list[dict[str, Any]]:
    """The batchUpdate requests that write `sheets` into the spreadsheet `info` describes.

    Built fresh on every call: gspread's batch_update may change the dicts it is given.
    """
    # A refresh-only sheet (Workload without owners) only replaces an earlier one.
    sheets = sheets_to_write(sheets, {normalize_name(tab.title) for tab in info.tabs})
    used_ids = {tab.sheet_id for tab in info.tabs}
    next_id = max(used_ids, default=0) + 1
    targets: list[tuple[OutputSheet, int]] = []
    requests: list[dict[str, Any]] = []
    for sheet in sheets:
        tab = info.find(sheet.name)
        rows, columns = _grid_size(sheet)
        frozen = sheet.header_row or 0
        if tab is not None and tab.is_input:
            raise WriteRefusedError(
                f"the output sheet {sheet.name} would overwrite the input tab {tab.title}"
            )
        grid = {"rowCount": rows, "columnCount": columns, "frozenRowCount": frozen}
        if tab is None:
            sheet_id = next_id
            next_id += 1
            requests.append(
                {
                    "addSheet": {
                        "properties": {
                            "sheetId": sheet_id,
                            "title": sheet.name,
                            "gridProperties": grid,
                        }
                    }
                }
            )
        else:
            sheet_id = tab.sheet_id
            requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sheet_id, "gridProperties": grid},
                        "fields": "gridProperties(rowCount,columnCount,frozenRowCount)",
                    }
                }
            )
        targets.append((sheet, sheet_id))
    gids = {tab.title: tab.sheet_id for tab in info.tabs}
    gids.update({sheet.name: sheet_id for sheet, sheet_id in targets})
    for sheet, sheet_id in targets:
        requests.append(
            {
                "updateCells": {
                    # The whole sheet: cells the rows do not cover are cleared.
                    "range": {"sheetId": sheet_id},
                    "rows": [
                        {
                            "values": [
                                cell_data(cell, row.role, gids, sheet.currency)
                                for cell in row.cells
                            ]
                        }
                        for row in sheet.rows
                    ],
                    "fields": _CELL_FIELDS,
                }
            }
        )
        for column, width in enumerate(sheet.widths):
            requests.append(
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": sheet_id,
                            "dimension": "COLUMNS",
                            "startIndex": column,
                            "endIndex": column + 1,
                        },
                        "properties": {"pixelSize": max(20, round(width * _PIXELS_PER_CHARACTER))},
                        "fields": "pixelSize",
                    }
                }
            )
    return requests
