"""Output sheets → one `spreadsheets:batchUpdate`: every output tab, its formats, the chart.

The batch adds any missing output tab (with an id chosen here, so the same batch can
fill it) and rebuilds the others in place — resized, unmerged, refilled — so formulas
elsewhere that point at them keep working. It rebuilds only output tabs pmkit can prove
it wrote: tabs carrying pmkit's mark (`OUTPUT_MARKER` developer metadata, which a new
tab gets in the same batch), or, for tabs written before marks existed, ones laid out as
pmkit lays them out. An owner's own tab called Summary, Schedule, Flags, Gantt, Workload
or History is never touched: the plan is refused with a sentence saying which to rename.
A refresh-only sheet (Workload, when no task has an owner) is written only over pmkit's
own tab of its name, never added. Input tabs are never in the batch.

The batch respects Google's limits: 10 million cells per spreadsheet (the owner's own
tabs included) and 10 MB per request. When a plan's Gantt would break either, the Gantt
shows fewer tasks and says so; when even a Gantt without bars would, the plan is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pmkit import Analysis, WriteRefusedError
from pmkit.frontend import (
    GANTT_SHEET,
    OUTPUT_MARKER,
    ExistingSheet,
    OutputSheet,
    build_gantt_sheet,
    claim_sheets,
    normalize_name,
    sheets_kept_back,
    tasks_shown,
)
from sheets_sync.google_client import encode_batch
from sheets_sync.sheets_chart import chart_columns, chart_requests, marker_request
from sheets_sync.sheets_format import Grid, sheet_requests
from sheets_sync.sheets_plan import GoogleTab, SpreadsheetInfo

__all__ = [
    "MAX_CELLS",
    "MAX_REQUEST_BYTES",
    "GoogleWrite",
    "build_write",
    "claim_output_tabs",
    "tabs_kept_back",
]

MAX_CELLS = 10_000_000
"""Google Sheets' limit on the cells of one spreadsheet, every tab counted."""
MAX_REQUEST_BYTES = 10_485_760
"""Google's limit on one request's body ("Request payload size exceeds the limit")."""
BATCH_BUDGET_BYTES = 9_000_000
"""What pmkit allows itself, keeping clear of the limit."""


@dataclass(frozen=True, slots=True)
class GoogleWrite:
    """One plan's batch, and what it holds."""

    requests: list[dict[str, Any]]
    body: bytes  # the requests as sent
    cells: int  # grid cells of the output tabs written
    spreadsheet_cells: int  # every tab's cells once the batch applies
    gantt_tasks: int  # tasks drawn on the Gantt


def claim_output_tabs(
    info: SpreadsheetInfo,
    first_rows: dict[str, list[list[Any]]],
    sheets: Sequence[OutputSheet],
    *,
    described: str | None = None,
) -> list[OutputSheet]:
    """The sheets of `sheets` to write into the spreadsheet, by the workbook writers' own
    rule (`claim_sheets`): a refresh-only sheet only over pmkit's own tab; the plan refused
    when a tab named like a sheet to write is the owner's — no pmkit mark, and neither
    empty (no values, no chart) nor laid out as pmkit lays out that sheet.

    `first_rows` holds the first rows read of every unmarked tab named like an output tab
    or like one of `sheets` (the portfolio's); such a tab missing from it appeared after
    the read and is judged the owner's. `described` names the spreadsheet in a refusal
    (default: `spreadsheet 'its title'`).
    """
    existing = _existing(info, first_rows, sheets)
    return claim_sheets(existing, sheets, described or f"spreadsheet '{info.title}'")


def tabs_kept_back(
    info: SpreadsheetInfo, first_rows: dict[str, list[list[Any]]], sheets: Sequence[OutputSheet]
) -> dict[str, str]:
    """The output tabs `claim_output_tabs` leaves as they are rather than lose what they
    hold (an old History tab with nights the history does not), each with why."""
    return sheets_kept_back(_existing(info, first_rows, sheets), sheets)


def _existing(
    info: SpreadsheetInfo, first_rows: dict[str, list[list[Any]]], sheets: Sequence[OutputSheet]
) -> list[ExistingSheet]:
    names = {normalize_name(sheet.name) for sheet in sheets}
    existing = []
    for tab in info.tabs:
        if not tab.has_output_name and normalize_name(tab.title) not in names:
            continue
        rows = tuple(tuple(row) for row in first_rows.get(tab.title, []))
        empty = (
            tab.title in first_rows
            and not any(v not in (None, "") for row in rows for v in row)
            and not tab.chart_ids
        )
        existing.append(
            ExistingSheet(tab.title, marked=tab.marker is not None, first_rows=rows, empty=empty)
        )
    return existing


def _grid(sheet: OutputSheet) -> Grid:
    # One spare row and column: Google refuses to freeze every row or column of a sheet.
    columns = max(sheet.width, len(sheet.widths), 1) + 1
    if sheet.chart is not None:
        columns = max(columns, chart_columns(sheet))
    frozen_columns = sheet.freeze_columns if sheet.header_row else 0
    return Grid(len(sheet.rows) + 1, columns, sheet.header_row or 0, frozen_columns)


@dataclass(frozen=True, slots=True)
class _Target:
    sheet: OutputSheet
    sheet_id: int
    tab: GoogleTab | None  # None: added by this batch


def _targets(info: SpreadsheetInfo, sheets: Sequence[OutputSheet]) -> list[_Target]:
    next_id = max((tab.sheet_id for tab in info.tabs), default=0) + 1
    targets = []
    for sheet in sheets:
        tab = info.find(sheet.name)
        if tab is not None and tab.is_input:
            raise WriteRefusedError(
                f"the output sheet {sheet.name} would overwrite the input tab {tab.title}"
            )
        if tab is None:
            targets.append(_Target(sheet, next_id, None))
            next_id += 1
        else:
            targets.append(_Target(sheet, tab.sheet_id, tab))
    return targets


def _tab_requests(target: _Target, grid: Grid) -> list[dict[str, Any]]:
    """Add the tab, or make the existing one ready to be filled again; and mark it ours."""
    sheet, sheet_id, tab = target.sheet, target.sheet_id, target.tab
    if tab is None:
        return [
            {
                "addSheet": {
                    "properties": {
                        "sheetId": sheet_id,
                        "title": sheet.name,
                        "gridProperties": grid.properties(),
                    }
                }
            },
            marker_request(sheet_id, OUTPUT_MARKER, sheet.name),
        ]
    # last night's row groups go first, each by its own range (a row loses one depth per
    # group holding it, so any order empties them); the rows they hid are shown again
    # with the row heights
    requests: list[dict[str, Any]] = [
        {
            "deleteDimensionGroup": {
                "range": {
                    "sheetId": sheet_id,
                    "dimension": "ROWS",
                    "startIndex": start,
                    "endIndex": end,
                }
            }
        }
        for start, end in tab.row_groups
    ]
    if tab.has_merges:  # before the resize and the frozen panes, which a merge could straddle
        requests.append({"unmergeCells": {"range": {"sheetId": sheet_id}}})
    if tab.has_filter:  # this run's filter (if any) is set again after the cells
        requests.append({"clearBasicFilter": {"sheetId": sheet_id}})
    requests.append(
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "gridProperties": grid.properties()},
                "fields": "gridProperties(rowCount,columnCount,frozenRowCount,"
                "frozenColumnCount,rowGroupControlAfter)",
            }
        }
    )
    if tab.marker is None:  # an old pmkit tab, from before marks: mark it now
        requests.append(marker_request(sheet_id, OUTPUT_MARKER, sheet.name))
    return requests


def _requests(info: SpreadsheetInfo, targets: list[_Target]) -> dict[str, list[dict[str, Any]]]:
    """The batch's requests, grouped by output sheet (tab requests first, in sheet order)."""
    gids = {tab.title: tab.sheet_id for tab in info.tabs}
    gids.update({target.sheet.name: target.sheet_id for target in targets})
    grids = {target.sheet.name: _grid(target.sheet) for target in targets}
    groups: dict[str, list[dict[str, Any]]] = {"": []}
    for target in targets:
        groups[""] += _tab_requests(target, grids[target.sheet.name])
    for target in targets:
        sheet = target.sheet
        group = sheet_requests(sheet, target.sheet_id, grids[sheet.name], gids)
        if sheet.chart is not None:
            group += chart_requests(sheet, target.tab, target.sheet_id, info.chart_ids)
        groups[sheet.name] = group
    return groups


def build_write(
    info: SpreadsheetInfo,
    sheets: Sequence[OutputSheet],
    analysis: Analysis | None = None,
    *,
    budget_bytes: int = BATCH_BUDGET_BYTES,
    max_cells: int = MAX_CELLS,
) -> GoogleWrite:
    """The batch that writes `sheets` into the spreadsheet `info` describes.

    With `analysis`, a Gantt too large for Google's limits is drawn again with fewer
    tasks (its note says so); without, or when nothing else helps, the plan is refused.
    """
    sheets = list(sheets)
    others = sum(tab.cells for tab in info.tabs if tab.title not in _titles(info, sheets))
    for _attempt in range(8):
        targets = _targets(info, sheets)
        groups = _requests(info, targets)
        requests = [request for group in groups.values() for request in group]
        body = encode_batch(requests)
        size = len(body)
        cells = sum(_grid(target.sheet).cells for target in targets)
        if size <= budget_bytes and others + cells <= max_cells:
            gantt = next((s for s in sheets if s.name == GANTT_SHEET), None)
            return GoogleWrite(requests, body, cells, others + cells, _gantt_tasks(gantt))
        gantt_at = next((i for i, s in enumerate(sheets) if s.name == GANTT_SHEET), None)
        if analysis is None or gantt_at is None or _gantt_tasks(sheets[gantt_at]) == 0:
            raise WriteRefusedError(_too_large(info, size, others + cells, budget_bytes, max_cells))
        gantt = sheets[gantt_at]
        tasks = _gantt_tasks(gantt)
        gantt_bytes = len(encode_batch(groups[GANTT_SHEET]))
        gantt_cells = _grid(gantt).cells
        share = min(
            (budget_bytes - (size - gantt_bytes)) / gantt_bytes,
            (max_cells - others - (cells - gantt_cells)) / gantt_cells,
        )
        fewer = min(tasks - 1, int(tasks * share * 0.95))
        reason = (
            "Google Sheets takes at most 10 MB in one write"
            if size > budget_bytes
            else "Google Sheets holds at most 10 million cells in one spreadsheet"
        )
        sheets[gantt_at] = build_gantt_sheet(analysis, max_tasks=max(0, fewer), cut_reason=reason)
    raise WriteRefusedError(_too_large(info, size, others + cells, budget_bytes, max_cells))


def _titles(info: SpreadsheetInfo, sheets: Sequence[OutputSheet]) -> set[str]:
    return {tab.title for sheet in sheets for tab in [info.find(sheet.name)] if tab is not None}


def _gantt_tasks(gantt: OutputSheet | None) -> int:
    return 0 if gantt is None else tasks_shown(gantt)


def _too_large(info: SpreadsheetInfo, size: int, cells: int, budget: int, max_cells: int) -> str:
    if cells > max_cells:
        return (
            f"spreadsheet '{info.title}' was not changed: with the output tabs it would hold "
            f"{cells:,} cells, and Google Sheets holds at most {max_cells:,} in one "
            "spreadsheet. Delete unused rows and columns on its other tabs, or keep the "
            "plan in its own spreadsheet"
        )
    return (
        f"spreadsheet '{info.title}' was not changed: its output tabs need {size / 1e6:.1f} MB "
        f"in one write, and pmkit keeps each write under {budget / 1e6:.0f} MB (Google "
        "refuses more than 10 MB). Split the plan into smaller ones, or use `pmkit report`"
    )
