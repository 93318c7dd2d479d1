"""A Google spreadsheet → the engine's `Plan`, in two reads.

The metadata call names the tabs — with the marks pmkit left on the output tabs it
wrote, their charts, merges, filters and row groups; one `values:batchGet` fetches every
input tab (numbers as numbers, dates as serial numbers, which the reader turns into
dates) and the first two rows of any tab that has an output tab's name but no mark, so
the writer can tell an old pmkit tab from an owner's own (all of an unmarked History
tab: the nights it holds must all be in the history before it is rebuilt). The workbook reader's own
`plan_from_grids` applies the same rules as for an .xlsx.

The values API gives numbers without their formats, and a few numbers mean different
things by their format: a Capacity of 3 is 3 % as typed, 300 % in a cell formatted as a
percentage (Google stores 300 % as 3). The reader asks about exactly those cells
(`Grid.percent_cells`); when it asked about any, one more small `values:batchGet` fetches
them as the sheet shows them (`300%`), and the plan is read again knowing which are
percentages. A plan with no such cell costs no extra call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from pmkit import MissingSheetError, Plan
from pmkit.frontend import (
    HISTORY_SHEET,
    INPUT_SHEETS,
    OUTPUT_MARKER,
    OUTPUT_SHEETS,
    PLAN,
    ExcelError,
    Grid,
    column_letter,
    normalize_name,
    plan_from_grids,
)
from sheets_sync.google_client import SheetsClient

__all__ = [
    "CHART_MARKER",
    "GoogleRead",
    "GoogleTab",
    "SpreadsheetInfo",
    "parse_metadata",
    "quote_sheet",
    "read_google_plan",
    "spreadsheet_url",
]

INPUT_NAMES = frozenset(normalize_name(schema.name) for schema in INPUT_SHEETS)
OUTPUT_NAMES = frozenset(normalize_name(name) for name in OUTPUT_SHEETS)
CHART_MARKER = "PMKIT_CHART"
"""Developer metadata on the History tab: the id of the trend chart pmkit drew there."""
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
    marker: str | None = None  # the value of pmkit's `OUTPUT_MARKER` on this tab
    chart_ids: tuple[int, ...] = ()
    chart_marker: int | None = None  # pmkit's trend chart, as recorded on this tab
    has_merges: bool = False
    has_filter: bool = False
    row_groups: tuple[tuple[int, int], ...] = ()  # (start, end): 0-based, end excluded

    @property
    def is_input(self) -> bool:
        return normalize_name(self.title) in INPUT_NAMES

    @property
    def has_output_name(self) -> bool:
        return normalize_name(self.title) in OUTPUT_NAMES

    @property
    def cells(self) -> int:
        return self.row_count * self.column_count


@dataclass(frozen=True, slots=True)
class SpreadsheetInfo:
    key: str
    title: str
    tabs: tuple[GoogleTab, ...]

    def find(self, name: str) -> GoogleTab | None:
        """The tab with that name (case and outer spaces ignored)."""
        wanted = normalize_name(name)
        return next((tab for tab in self.tabs if normalize_name(tab.title) == wanted), None)

    @property
    def chart_ids(self) -> frozenset[int]:
        return frozenset(chart for tab in self.tabs for chart in tab.chart_ids)

    def unproven_output_tabs(self) -> list[GoogleTab]:
        """Tabs named like an output tab that carry no pmkit mark."""
        return [tab for tab in self.tabs if tab.has_output_name and tab.marker is None]

    def input_tabs(self) -> list[GoogleTab]:
        """The tabs the reader uses, one per input sheet (the first one when names repeat)."""
        found: dict[str, GoogleTab] = {}
        for tab in self.tabs:
            if tab.is_input:
                found.setdefault(normalize_name(tab.title), tab)
        return list(found.values())


def _is_history(tab: GoogleTab) -> bool:
    return normalize_name(tab.title) == normalize_name(HISTORY_SHEET)


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
        marks = {
            str(item.get("metadataKey")): str(item.get("metadataValue", ""))
            for item in sheet.get("developerMetadata", [])
        }
        chart_mark = marks.get(CHART_MARKER, "")
        tabs.append(
            GoogleTab(
                int(props.get("sheetId", 0)),
                str(props.get("title", "")),
                int(props.get("index", 0)),
                int(grid.get("rowCount", 0)),
                int(grid.get("columnCount", 0)),
                marker=marks.get(OUTPUT_MARKER),
                chart_ids=tuple(int(c.get("chartId", 0)) for c in sheet.get("charts", [])),
                chart_marker=int(chart_mark) if chart_mark.isdigit() else None,
                has_merges=bool(sheet.get("merges")),
                has_filter="basicFilter" in sheet,
                row_groups=tuple(_group(group) for group in sheet.get("rowGroups", [])),
            )
        )
    title = str(metadata.get("properties", {}).get("title") or key)
    return SpreadsheetInfo(key, title, tuple(tabs))


def _group(group: dict[str, Any]) -> tuple[int, int]:
    span = group.get("range", {})
    return int(span.get("startIndex", 0)), int(span.get("endIndex", 0))


def _cell(value: object) -> object:
    if isinstance(value, str) and value in _ERROR_VALUES:
        return ExcelError(value)
    return value


def _grid(title: str, value_range: dict[str, Any], percent_cells: Container[Any]) -> Grid:
    rows: Sequence[Sequence[Any]] = value_range.get("values", [])
    return Grid(
        title, [[_cell(value) for value in row] for row in rows], percent_cells=percent_cells
    )


class _FormatAsked:
    """`Grid.percent_cells` while the number formats are unknown: it answers "not a
    percentage" and keeps every (row, column) the reader asked about."""

    __slots__ = ("cells",)

    def __init__(self) -> None:
        self.cells: set[tuple[int, int]] = set()

    def __contains__(self, cell: object) -> bool:
        row, column = cast(tuple[int, int], cell)
        self.cells.add((row, column))
        return False


def _percent_cells(
    client: SheetsClient, key: str, asked: Mapping[str, set[tuple[int, int]]]
) -> dict[str, frozenset[tuple[int, int]]]:
    """Which of the `asked` cells are formatted as a percentage, in one `values:batchGet`
    of them as shown: one range per tab and column, from its first asked row to its last."""
    spans: dict[tuple[str, int], list[int]] = defaultdict(list)
    for title, cells in asked.items():
        for row, column in cells:
            spans[title, column].append(row)
    columns = [(title, column, min(rows), max(rows)) for (title, column), rows in spans.items()]
    ranges = [
        f"{quote_sheet(title)}!{column_letter(column)}{first}:{column_letter(column)}{last}"
        for title, column, first, last in columns
    ]
    percent: dict[str, set[tuple[int, int]]] = defaultdict(set)
    shown_ranges = client.batch_get(key, ranges, as_shown=True)
    for (title, column, first, _), shown in zip(columns, shown_ranges, strict=False):
        for offset, row in enumerate(shown.get("values", [])):
            if row and isinstance(row[0], str) and row[0].strip().endswith("%"):
                percent[title].add((first + offset, column))
    return {title: frozenset(cells) for title, cells in percent.items()}


@dataclass(frozen=True, slots=True)
class GoogleRead:
    """What the two reads found: the tabs, the plan, and the first two rows of every tab
    named like an output tab that carries no pmkit mark (to judge whose it is)."""

    info: SpreadsheetInfo
    plan: Plan
    unproven_rows: dict[str, list[list[Any]]]


def read_google_plan(client: SheetsClient, key: str, *, today: date | None = None) -> GoogleRead:
    """Read the plan in spreadsheet `key`: two API calls (metadata, batchGet), three when a
    number's format decides what it means (see the module docstring)."""
    info = parse_metadata(key, client.fetch_metadata(key))
    tabs = info.input_tabs()
    if info.find(PLAN.name) is None:
        found = ", ".join(f"'{tab.title}'" for tab in info.tabs) or "none"
        raise MissingSheetError(
            f"spreadsheet '{info.title}' has no Plan tab (tabs found: {found}); "
            "name the tab with the tasks 'Plan'"
        )
    unproven = info.unproven_output_tabs()
    ranges = [quote_sheet(tab.title) for tab in tabs]
    # a History tab whole: the nights it holds decide whether rebuilding it loses any
    ranges += [
        quote_sheet(tab.title) if _is_history(tab) else f"{quote_sheet(tab.title)}!A1:Z2"
        for tab in unproven
    ]
    value_ranges = client.batch_get(key, ranges)
    asked = {tab.title: _FormatAsked() for tab in tabs}
    grids = {
        tab.title: _grid(tab.title, found, asked[tab.title])
        for tab, found in zip(tabs, value_ranges, strict=False)
    }
    first_rows = {
        tab.title: list(found.get("values", []))
        for tab, found in zip(unproven, value_ranges[len(tabs) :], strict=False)
    }
    plan = plan_from_grids(info.title, grids, source=spreadsheet_url(key), today=today)
    unsure = {title: found.cells for title, found in asked.items() if found.cells}
    if unsure:  # numbers whose format says what they mean: learn it, read them again
        percent = _percent_cells(client, key, unsure)
        grids = {
            title: replace(grid, percent_cells=percent.get(title, frozenset()))
            for title, grid in grids.items()
        }
        plan = plan_from_grids(info.title, grids, source=spreadsheet_url(key), today=today)
    return GoogleRead(info, plan, first_rows)
