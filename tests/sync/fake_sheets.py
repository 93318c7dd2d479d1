"""The spreadsheet model behind the fake Google Sheets v4 server (see `fake_google.py`).

Cells are stored as Google stores them: `CellData` dicts with `userEnteredValue`
(`stringValue` / `numberValue` / `boolValue` / `formulaValue`) and `userEnteredFormat`.
Rendering follows the values API: trailing empty cells and rows are trimmed, and
`valueRenderOption` / `dateTimeRenderOption` decide numbers versus text. Batch updates
are applied to a copy and swapped in only when every request succeeded (all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tests.sync.fake_cells import (
    ApiError,
    Formula,
    cell_from_python,
    cell_from_raw,
    cell_from_user_entered,
    column_letters,
    merge_cell,
    parse_cells,
    parse_field_mask,
    quote_title,
    render,
    select_fields,
    serial_from_date,
    split_range,
)

__all__ = [
    "ApiError",
    "FakeSheet",
    "FakeSpreadsheet",
    "Formula",
    "cell_from_python",
    "parse_field_mask",
    "select_fields",
    "serial_from_date",
]


@dataclass
class FakeSheet:
    sheet_id: int
    title: str
    index: int
    row_count: int = 1000
    column_count: int = 26
    frozen_row_count: int = 0
    hidden: bool = False
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    column_widths: dict[int, int] = field(default_factory=dict)

    def properties(self) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.row_count, "columnCount": self.column_count}
        if self.frozen_row_count:
            grid["frozenRowCount"] = self.frozen_row_count
        props: dict[str, Any] = {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }
        if self.hidden:
            props["hidden"] = True
        return props

    def set_properties(self, props: dict[str, Any], fields: list[str]) -> None:
        flat = dict(_flatten(props))
        for path in fields:
            matched = {
                k: v
                for k, v in flat.items()
                if path == "*" or k == path or k.startswith(path + ".")
            }
            for key, value in matched.items():
                self._set_property(key, value)

    def _set_property(self, key: str, value: Any) -> None:
        simple = {
            "title": "title",
            "index": "index",
            "hidden": "hidden",
            "gridProperties.rowCount": "row_count",
            "gridProperties.columnCount": "column_count",
            "gridProperties.frozenRowCount": "frozen_row_count",
        }
        if key in simple:
            setattr(self, simple[key], value)
        elif key != "sheetId":
            raise ApiError(400, f"Unsupported sheet property in the fake: {key}")
        self.cells = {
            rc: cell
            for rc, cell in self.cells.items()
            if rc[0] < self.row_count and rc[1] < self.column_count
        }


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key != "numberFormat":
            items.extend(_flatten(value, path + "."))
        else:
            items.append((path, value))
    return items


@dataclass
class FakeSpreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[FakeSheet] = field(default_factory=list)
    shared_with: frozenset[str] | None = None  # None: anyone (and anonymous) may use it
    next_sheet_id: int = 1000

    def metadata(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": {
                "title": self.title,
                "locale": "en_US",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Etc/GMT",
            },
            "sheets": [{"properties": sheet.properties()} for sheet in self.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit",
        }

    def sheet_named(self, title: str, text: str = "") -> FakeSheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        for sheet in self.sheets:
            if sheet.title.casefold() == title.casefold():
                return sheet
        raise ApiError(400, f"Unable to parse range: {text or title}")

    def sheet_by_id(self, sheet_id: int, where: str) -> FakeSheet:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise ApiError(400, f"Invalid {where}: No grid with id: {sheet_id}")

    def add_sheet(self, title: str, rows: list[list[object]] | None = None) -> FakeSheet:
        sheet = FakeSheet(self.next_sheet_id, title, len(self.sheets))
        self.next_sheet_id += 1
        for r, row in enumerate(rows or []):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.cells[(r, c)] = cell_from_python(value)
        sheet.row_count = max(sheet.row_count, len(rows or []))
        self.sheets.append(sheet)
        return sheet

    # --- values API ------------------------------------------------------------------------

    def read_values(self, text: str, value_render: str, date_render: str) -> dict[str, Any]:
        title, cells = split_range(text)
        sheet = self.sheet_named(title, text)
        box = parse_cells(cells, sheet.row_count, sheet.column_count, text)
        rows: list[list[Any]] = []
        # Only the populated part of the box can hold values (the rest is trimmed anyway).
        inside = [
            rc
            for rc in sheet.cells
            if box.row0 <= rc[0] < box.row1 and box.col0 <= rc[1] < box.col1
        ]
        last_row = max((rc[0] for rc in inside), default=box.row0 - 1) + 1
        last_col = max((rc[1] for rc in inside), default=box.col0 - 1) + 1
        for r in range(box.row0, last_row):
            row = [
                render(sheet.cells.get((r, c)), value_render, date_render)
                for c in range(box.col0, last_col)
            ]
            while row and row[-1] == "":
                row.pop()
            rows.append(row)
        while rows and not rows[-1]:
            rows.pop()
        a1 = f"{column_letters(box.col0 + 1)}{box.row0 + 1}:{column_letters(box.col1)}{box.row1}"
        result: dict[str, Any] = {
            "range": f"{quote_title(sheet.title)}!{a1}",
            "majorDimension": "ROWS",
        }
        if rows:
            result["values"] = rows
        return result

    def write_values(self, text: str, values: list[list[Any]], option: str) -> dict[str, Any]:
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "'valueInputOption' is required but not specified")
        title, cells = split_range(text)
        sheet = self.sheet_named(title, text)
        box = parse_cells(cells, sheet.row_count, sheet.column_count, text)
        convert = cell_from_raw if option == "RAW" else cell_from_user_entered
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                rc = (box.row0 + r, box.col0 + c)
                if rc[0] >= sheet.row_count or rc[1] >= sheet.column_count:
                    raise ApiError(400, f"Range ({text}) exceeds grid limits.")
                cell = convert(value)
                if cell:
                    sheet.cells[rc] = cell
                else:
                    sheet.cells.pop(rc, None)
        return {"updatedRange": text, "updatedRows": len(values)}

    # --- batchUpdate -----------------------------------------------------------------------

    def batch_update(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Apply every request to a copy; keep the copy only when all succeeded."""
        trial = self._clone()
        replies = [trial._apply(i, request) for i, request in enumerate(requests)]
        self.sheets, self.next_sheet_id = trial.sheets, trial.next_sheet_id
        return replies

    def _clone(self) -> FakeSpreadsheet:
        # Cell dicts are never changed in place (updates build new ones), so copying
        # each sheet's cell map is enough to keep the original intact.
        sheets = [
            replace(sheet, cells=dict(sheet.cells), column_widths=dict(sheet.column_widths))
            for sheet in self.sheets
        ]
        return FakeSpreadsheet(
            self.spreadsheet_id, self.title, sheets, self.shared_with, self.next_sheet_id
        )

    def _apply(self, index: int, request: dict[str, Any]) -> dict[str, Any]:
        if len(request) != 1:
            raise ApiError(400, f"Invalid requests[{index}]: exactly one kind of request expected")
        ((kind, body),) = request.items()
        where = f"requests[{index}].{kind}"
        handler = {
            "addSheet": self._add_sheet,
            "deleteSheet": self._delete_sheet,
            "updateSheetProperties": self._update_sheet_properties,
            "updateCells": self._update_cells,
            "updateDimensionProperties": self._update_dimension_properties,
        }.get(kind)
        if handler is None:
            raise ApiError(
                400,
                f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{index}]': "
                "Cannot find field.",
            )
        return handler(body, where)

    def _add_sheet(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        props = body.get("properties", {})
        title = props.get("title") or f"Sheet{len(self.sheets) + 1}"
        if any(s.title.casefold() == title.casefold() for s in self.sheets):
            raise ApiError(
                400,
                f'Invalid {where}: A sheet with the name "{title}" already exists. '
                "Please enter another name.",
            )
        sheet_id = props.get("sheetId", self.next_sheet_id)
        if any(s.sheet_id == sheet_id for s in self.sheets):
            raise ApiError(400, f"Invalid {where}: Sheet with id {sheet_id} already exists.")
        self.next_sheet_id = max(self.next_sheet_id, sheet_id) + 1
        grid = props.get("gridProperties", {})
        sheet = FakeSheet(
            sheet_id,
            title,
            props.get("index", len(self.sheets)),
            grid.get("rowCount", 1000),
            grid.get("columnCount", 26),
            grid.get("frozenRowCount", 0),
        )
        self.sheets.insert(min(sheet.index, len(self.sheets)), sheet)
        for i, s in enumerate(self.sheets):
            s.index = i
        return {"addSheet": {"properties": sheet.properties()}}

    def _delete_sheet(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        sheet = self.sheet_by_id(body.get("sheetId", -1), where)
        if len(self.sheets) == 1:
            raise ApiError(400, f"Invalid {where}: You can't remove all the sheets in a document.")
        self.sheets.remove(sheet)
        for i, s in enumerate(self.sheets):
            s.index = i
        return {}

    def _update_sheet_properties(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        if not body.get("fields"):
            raise ApiError(400, f"Invalid {where}: fields is required")
        props = body.get("properties", {})
        sheet = self.sheet_by_id(props.get("sheetId", 0), where)
        if "title" in props and any(
            s is not sheet and s.title.casefold() == str(props["title"]).casefold()
            for s in self.sheets
        ):
            raise ApiError(
                400, f'Invalid {where}: A sheet with the name "{props["title"]}" already exists.'
            )
        sheet.set_properties(props, parse_field_mask(body["fields"]))
        return {}

    def _update_cells(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        if not body.get("fields"):
            raise ApiError(400, f"Invalid {where}: At least one field must be specified.")
        fields = parse_field_mask(body["fields"])
        rows = body.get("rows", [])
        if "start" in body:
            start = body["start"]
            sheet = self.sheet_by_id(start.get("sheetId", 0), where)
            r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
            r1 = r0 + len(rows)
            c1 = c0 + max((len(row.get("values", [])) for row in rows), default=0)
        else:
            grid = body.get("range", {})
            sheet = self.sheet_by_id(grid.get("sheetId", 0), where)
            r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
            r1 = grid.get("endRowIndex", sheet.row_count)
            c1 = grid.get("endColumnIndex", sheet.column_count)
        if r1 > sheet.row_count or c1 > sheet.column_count:
            raise ApiError(
                400,
                f"Invalid {where}: Range ({quote_title(sheet.title)}!"
                f"{column_letters(c0 + 1)}{r0 + 1}:{column_letters(c1)}{r1}) exceeds grid limits. "
                f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
            )
        targets = {(r, c) for r in range(r0, min(r1, r0 + len(rows))) for c in range(c0, c1)}
        targets |= {rc for rc in sheet.cells if r0 <= rc[0] < r1 and c0 <= rc[1] < c1}
        for r, c in targets:  # cells given, and cells that exist in the range
            values = rows[r - r0].get("values", []) if r - r0 < len(rows) else []
            new = values[c - c0] if c - c0 < len(values) else {}
            old = sheet.cells.get((r, c), {})
            if not old and not new:
                continue
            merged = merge_cell(old, new, fields)
            if merged:
                sheet.cells[(r, c)] = merged
            else:
                sheet.cells.pop((r, c), None)
        return {}

    def _update_dimension_properties(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        grid = body.get("range", {})
        sheet = self.sheet_by_id(grid.get("sheetId", 0), where)
        size = body.get("properties", {}).get("pixelSize")
        if grid.get("dimension") == "COLUMNS" and size is not None:
            for c in range(grid.get("startIndex", 0), grid.get("endIndex", sheet.column_count)):
                sheet.column_widths[c] = size
        return {}
