"""The spreadsheet model behind the fake Google Sheets v4 server (see `fake_google.py`).

Cells are stored as Google stores them: `CellData` dicts with `userEnteredValue`
(`stringValue` / `numberValue` / `boolValue` / `formulaValue`) and `userEnteredFormat`.
Rendering follows the values API: trailing empty cells and rows are trimmed, and
`valueRenderOption` / `dateTimeRenderOption` decide numbers versus text. A sheet also
holds what `spreadsheets.get` returns beside its properties — charts, developer
metadata, banded ranges, the basic filter, merges, conditional formats, protected
ranges — as the API's own dicts. A batch update is checked against the discovery
document first (`fake_schema`), then applied to a copy and swapped in only when every
request succeeded and the spreadsheet stays within Google's 10 million cells (all or
nothing). Requests on embedded objects and metadata live in `fake_objects.py`, on row
and column groups in `fake_groups.py`.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
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
from tests.sync.fake_groups import GROUP_HANDLERS
from tests.sync.fake_objects import HANDLERS
from tests.sync.fake_schema import check_body
from tests.sync.fake_tab import FakeSheet

__all__ = [
    "MAX_CELLS",
    "ApiError",
    "FakeSheet",
    "FakeSpreadsheet",
    "Formula",
    "cell_from_python",
    "parse_field_mask",
    "select_fields",
    "serial_from_date",
]


MAX_CELLS = 10_000_000
"""Google's limit on the cells of one spreadsheet, all tabs counted."""


@dataclass
class FakeSpreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[FakeSheet] = field(default_factory=list)
    shared_with: frozenset[str] | None = None  # None: anyone (and anonymous) may use it
    next_sheet_id: int = 1000
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)
    viewers: frozenset[str] = frozenset()  # shared read-only (Viewer or Commenter)

    def metadata(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": {
                "title": self.title,
                "locale": "en_US",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Etc/GMT",
            },
            "sheets": [sheet.resource() for sheet in self.sheets],
            **(
                {"developerMetadata": copy.deepcopy(self.developer_metadata)}
                if self.developer_metadata
                else {}
            ),
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

    def add_sheet(self, title: str, rows: Sequence[Sequence[object]] | None = None) -> FakeSheet:
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

    def batch_update(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Check the body as Google would, apply every request to a copy, and keep the copy
        only when all succeeded and it stays within Google's cell limit."""
        check_body(body, "BatchUpdateSpreadsheetRequest")
        trial = self._clone()
        requests = list(body.get("requests", []))
        replies = [trial._apply(i, request) for i, request in enumerate(requests)]
        cells = sum(sheet.row_count * sheet.column_count for sheet in trial.sheets)
        if cells > MAX_CELLS:
            raise ApiError(
                400,
                "Invalid requests: This action would increase the number of cells in the "
                f"workbook above the limit of {MAX_CELLS} cells.",
            )
        self.sheets, self.next_sheet_id = trial.sheets, trial.next_sheet_id
        self.developer_metadata = trial.developer_metadata
        return replies

    def _clone(self) -> FakeSpreadsheet:
        # Cell dicts are never changed in place (updates build new ones), so copying
        # each sheet's cell map is enough to keep the original's cells intact; the
        # sheet's objects (charts, metadata, merges, ...) are small and copied whole.
        sheets = [
            replace(
                sheet,
                cells=dict(sheet.cells),
                column_widths=dict(sheet.column_widths),
                row_heights=dict(sheet.row_heights),
                charts=copy.deepcopy(sheet.charts),
                developer_metadata=copy.deepcopy(sheet.developer_metadata),
                banded_ranges=copy.deepcopy(sheet.banded_ranges),
                basic_filter=copy.deepcopy(sheet.basic_filter),
                merges=copy.deepcopy(sheet.merges),
                conditional_formats=copy.deepcopy(sheet.conditional_formats),
                protected_ranges=copy.deepcopy(sheet.protected_ranges),
                group_depths=copy.deepcopy(sheet.group_depths),
                collapsed_groups=copy.deepcopy(sheet.collapsed_groups),
                hidden_indices=copy.deepcopy(sheet.hidden_indices),
            )
            for sheet in self.sheets
        ]
        return FakeSpreadsheet(
            self.spreadsheet_id,
            self.title,
            sheets,
            self.shared_with,
            self.next_sheet_id,
            copy.deepcopy(self.developer_metadata),
            self.viewers,
        )

    def _apply(self, index: int, request: dict[str, Any]) -> dict[str, Any]:
        if len(request) != 1:
            kinds = ", ".join(request) or "none"
            raise ApiError(
                400, f"Invalid requests[{index}]: exactly one kind of request expected ({kinds})"
            )
        ((kind, body),) = request.items()
        where = f"requests[{index}].{kind}"
        own: dict[str, Any] = {
            "addSheet": self._add_sheet,
            "deleteSheet": self._delete_sheet,
            "updateSheetProperties": self._update_sheet_properties,
            "updateCells": self._update_cells,
            "updateDimensionProperties": self._update_dimension_properties,
        }
        if kind in own:
            reply: dict[str, Any] = own[kind](body, where)
            return reply
        if kind in HANDLERS:
            return HANDLERS[kind](self, body, where)
        if kind in GROUP_HANDLERS:
            return GROUP_HANDLERS[kind](self, body, where)
        # A request Google has (the schema let it through) that the fake does not model.
        raise ApiError(400, f"Invalid {where}: not implemented by the fake Google")

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
            frozen_column_count=grid.get("frozenColumnCount", 0),
            row_group_control_after=grid.get("rowGroupControlAfter", False),
            column_group_control_after=grid.get("columnGroupControlAfter", False),
        )
        sheet.check_grid(where)
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
        sheet.check_grid(where)
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
        given = {
            (r0 + i, c0 + j): value
            for i, row in enumerate(rows[: r1 - r0])
            for j, value in enumerate(row.get("values", [])[: c1 - c0])
            if value
        }
        existing = [rc for rc in sheet.cells if r0 <= rc[0] < r1 and c0 <= rc[1] < c1]
        for rc in {*given, *existing}:  # cells given, and cells that exist in the range
            merged = merge_cell(sheet.cells.get(rc, {}), given.get(rc, {}), fields)
            r, c = rc
            if merged:
                sheet.cells[(r, c)] = merged
            else:
                sheet.cells.pop((r, c), None)
        return {}

    def _update_dimension_properties(self, body: dict[str, Any], where: str) -> dict[str, Any]:
        if not body.get("fields"):
            raise ApiError(400, f"Invalid {where}: fields is required")
        grid = body.get("range", {})
        sheet = self.sheet_by_id(grid.get("sheetId", 0), where)
        dimension = grid.get("dimension")
        limit = sheet.column_count if dimension == "COLUMNS" else sheet.row_count
        start, end = grid.get("startIndex", 0), grid.get("endIndex", limit)
        if not 0 <= start <= end <= limit:
            raise ApiError(400, f"Invalid {where}: Range exceeds grid limits ({start}:{end})")
        properties = body.get("properties", {})
        fields = parse_field_mask(body["fields"])
        size = properties.get("pixelSize")
        if size is not None and "pixelSize" in fields:
            sizes = sheet.column_widths if dimension == "COLUMNS" else sheet.row_heights
            for index in range(start, end):
                sizes[index] = size
        if "hiddenByUser" in fields and dimension in sheet.hidden_indices:
            if properties.get("hiddenByUser", False):
                sheet.hidden_indices[dimension].update(range(start, end))
            else:
                sheet.hidden_indices[dimension].difference_update(range(start, end))
        return {}
