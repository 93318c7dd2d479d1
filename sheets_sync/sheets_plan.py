"""A Google spreadsheet → the engine's `Plan`, in two reads.

The metadata call names the tabs; one `values:batchGet` fetches every input tab
(numbers as numbers, dates as serial numbers, which the reader turns into dates), and
the workbook reader's own `plan_from_grids` applies the same rules as for an .xlsx.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pmkit.engine.errors import MissingSheetError
from pmkit.engine.model import Plan
from pmkit.engine.schema import INPUT_SHEETS, OUTPUT_SHEETS, PLAN, normalize_name
from pmkit.reading import ExcelError, Grid, plan_from_grids
from sheets_sync.google_client import SheetsClient

__all__ = [
    "GoogleTab",
    "SpreadsheetInfo",
    "parse_metadata",
    "quote_sheet",
    "read_google_plan",
    "spreadsheet_url",
]

INPUT_NAMES = frozenset(normalize_name(schema.name) for schema in INPUT_SHEETS)
OUTPUT_NAMES = frozenset(normalize_name(name) for name in OUTPUT_SHEETS)
# Error values come through the values API as their text.
_ERROR_VALUES = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!", "#SPILL!"}
)


@dataclass(frozen=True, slots=True)
class GoogleTab:
    sheet_id: int
    title: str
    index: int
    row_count: int
    column_count: int

    @property
    def is_input(self) -> bool:
        return normalize_name(self.title) in INPUT_NAMES


@dataclass(frozen=True, slots=True)
class SpreadsheetInfo:
    key: str
    title: str
    tabs: tuple[GoogleTab, ...]

    def find(self, name: str) -> GoogleTab | None:
        """The tab with that name (case and outer spaces ignored)."""
        wanted = normalize_name(name)
        return next((tab for tab in self.tabs if normalize_name(tab.title) == wanted), None)

    def input_tabs(self) -> list[GoogleTab]:
        """The tabs the reader uses, one per input sheet (the first one when names repeat)."""
        found: dict[str, GoogleTab] = {}
        for tab in self.tabs:
            if tab.is_input:
                found.setdefault(normalize_name(tab.title), tab)
        return list(found.values())


def spreadsheet_url(key: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{key}"


def quote_sheet(title: str) -> str:
    """A whole-sheet A1 range: `'Plan'`, `'It''s'` (always quoted, which Google accepts)."""
    return "'" + title.replace("'", "''") + "'"


def parse_metadata(key: str, metadata: dict[str, Any]) -> SpreadsheetInfo:
    tabs = []
    for sheet in metadata.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        tabs.append(
            GoogleTab(
                int(props.get("sheetId", 0)),
                str(props.get("title", "")),
                int(props.get("index", 0)),
                int(grid.get("rowCount", 0)),
                int(grid.get("columnCount", 0)),
            )
        )
    title = str(metadata.get("properties", {}).get("title") or key)
    return SpreadsheetInfo(key, title, tuple(tabs))


def _cell(value: object) -> object:
    if isinstance(value, str) and value in _ERROR_VALUES:
        return ExcelError(value)
    return value


def _grid(title: str, value_range: dict[str, Any]) -> Grid:
    rows: Sequence[Sequence[Any]] = value_range.get("values", [])
    return Grid(title, [[_cell(value) for value in row] for row in rows])


def read_google_plan(
    client: SheetsClient, key: str, *, today: date | None = None
) -> tuple[SpreadsheetInfo, Plan]:
    """Read the plan in spreadsheet `key`: exactly two API calls (metadata, batchGet)."""
    info = parse_metadata(key, client.fetch_metadata(key))
    tabs = info.input_tabs()
    if info.find(PLAN.name) is None:
        found = ", ".join(f"'{tab.title}'" for tab in info.tabs) or "none"
        raise MissingSheetError(
            f"spreadsheet '{info.title}' has no Plan tab (tabs found: {found}); "
            "name the tab with the tasks 'Plan'"
        )
    value_ranges = client.batch_get(key, [quote_sheet(tab.title) for tab in tabs])
    grids = {
        tab.title: _grid(tab.title, found) for tab, found in zip(tabs, value_ranges, strict=False)
    }
    plan = plan_from_grids(info.title, grids, source=spreadsheet_url(key), today=today)
    return info, plan
