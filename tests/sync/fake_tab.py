"""One tab of the fake Sheets API: its grid, cells and everything `spreadsheets.get`
returns beside its properties (charts, developer metadata, banded ranges, the basic
filter, merges, conditional formats, protected ranges, row and column groups), as the
API's own dicts; and which rows and columns are hidden."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from tests.sync.fake_cells import ApiError
from tests.sync.fake_groups import group_resource, trim_groups
from tests.sync.fake_metadata import grid_box

__all__ = ["FakeSheet"]


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
    row_heights: dict[int, int] = field(default_factory=dict)
    frozen_column_count: int = 0
    charts: list[dict[str, Any]] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)
    banded_ranges: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    merges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    # groups as depths per index (`fake_groups`), the collapsed ones, and hidden indices
    group_depths: dict[str, dict[int, int]] = field(
        default_factory=lambda: {"ROWS": {}, "COLUMNS": {}}
    )
    collapsed_groups: dict[str, set[tuple[int, int, int]]] = field(
        default_factory=lambda: {"ROWS": set(), "COLUMNS": set()}
    )
    hidden_indices: dict[str, set[int]] = field(
        default_factory=lambda: {"ROWS": set(), "COLUMNS": set()}
    )
    row_group_control_after: bool = False
    column_group_control_after: bool = False

    def resource(self) -> dict[str, Any]:
        """The sheet as `spreadsheets.get` returns it (empty lists left out, as Google does)."""
        found: dict[str, Any] = {"properties": self.properties()}
        for name, value in (
            ("charts", self.charts),
            ("developerMetadata", self.developer_metadata),
            ("bandedRanges", self.banded_ranges),
            ("basicFilter", self.basic_filter),
            ("merges", self.merges),
            ("conditionalFormats", self.conditional_formats),
            ("protectedRanges", self.protected_ranges),
            ("rowGroups", group_resource(self, "ROWS")),
            ("columnGroups", group_resource(self, "COLUMNS")),
        ):
            if value:
                found[name] = copy.deepcopy(value)
        return found

    def objects(self) -> dict[str, Any]:
        """Everything of the sheet besides its cells (for byte-level comparisons)."""
        return {
            **self.resource(),
            "columnWidths": sorted(self.column_widths.items()),
            "rowHeights": sorted(self.row_heights.items()),
            "hiddenRows": sorted(self.hidden_indices["ROWS"]),
            "hiddenColumns": sorted(self.hidden_indices["COLUMNS"]),
        }

    def properties(self) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.row_count, "columnCount": self.column_count}
        if self.frozen_row_count:
            grid["frozenRowCount"] = self.frozen_row_count
        if self.frozen_column_count:
            grid["frozenColumnCount"] = self.frozen_column_count
        if self.row_group_control_after:
            grid["rowGroupControlAfter"] = True
        if self.column_group_control_after:
            grid["columnGroupControlAfter"] = True
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
            "gridProperties.frozenColumnCount": "frozen_column_count",
            "gridProperties.rowGroupControlAfter": "row_group_control_after",
            "gridProperties.columnGroupControlAfter": "column_group_control_after",
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
        self.row_heights = {r: h for r, h in self.row_heights.items() if r < self.row_count}
        self.column_widths = {c: w for c, w in self.column_widths.items() if c < self.column_count}
        self.merges = [
            m
            for m in self.merges
            if m["startRowIndex"] < self.row_count and m["startColumnIndex"] < self.column_count
        ]
        trim_groups(self)

    def check_grid(self, where: str) -> None:
        """Google's rules on frozen panes: never all rows or columns, never half a merge."""
        if self.frozen_row_count >= self.row_count:
            raise ApiError(400, f"Invalid {where}: You can't freeze all visible rows on the sheet.")
        if self.frozen_column_count >= self.column_count:
            raise ApiError(
                400, f"Invalid {where}: You can't freeze all visible columns on the sheet."
            )
        for merge in self.merges:
            r0, r1, c0, c1 = grid_box(self, merge, where)
            if r0 < self.frozen_row_count < r1 or c0 < self.frozen_column_count < c1:
                raise ApiError(
                    400,
                    f"Invalid {where}: You can't freeze rows or columns which contain only "
                    "part of a merged cell.",
                )


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key != "numberFormat":
            items.extend(_flatten(value, path + "."))
        else:
            items.append((path, value))
    return items
