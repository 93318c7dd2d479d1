"""The History tab's trend chart: forecast slip, and SPI and CPI where known, night by night.

Added once, beside the table (rows grow downwards, the chart stays clear of them), and
updated in place every night after: its id is kept in developer metadata on the History
tab (`CHART_MARKER`), so the next run finds it in the metadata it reads anyway and
sends `updateChartSpec` instead of a second `addChart`. Where the owner moved or resized
it, it stays; only what it shows is refreshed.
"""

from __future__ import annotations

from typing import Any

from pmkit.frontend import OutputSheet, Role, SheetLook
from sheets_sync.sheets_format import column_pixels
from sheets_sync.sheets_looks import colour
from sheets_sync.sheets_plan import CHART_MARKER, GoogleTab

__all__ = ["CHART_TITLE", "chart_columns", "chart_id_for", "chart_requests", "chart_spec"]

CHART_TITLE = "Project slip and performance, night by night"
_SERIES = (
    ("Slip (working days)", "slip", "LEFT_AXIS"),
    ("SPI", "spi", "RIGHT_AXIS"),
    ("CPI", "cpi", "RIGHT_AXIS"),
)
_DOMAIN = "Run date"
_WIDTH_PIXELS, _HEIGHT_PIXELS = 640, 340
_MAX_CHART_ID = 2**31 - 1


def chart_columns(history: OutputSheet) -> int:
    """Columns the History tab needs so the chart beside the table sits on the grid."""
    table = len(history.widths) + 1
    return table + _WIDTH_PIXELS // column_pixels(9) + 2


def chart_id_for(sheet_id: int, taken: frozenset[int]) -> int:
    """A chart id derived from the History tab's id (the same each run), not in `taken`."""
    chart_id = (sheet_id * 7919 + 104_729) % _MAX_CHART_ID or 1
    while chart_id in taken:
        chart_id = chart_id % _MAX_CHART_ID + 1
    return chart_id


def _known(history: OutputSheet, column: int) -> bool:
    return any(
        isinstance(row.cells[column].value, int | float)
        for row in history.body()
        if row.role is Role.BODY and len(row.cells) > column
    )


def chart_spec(history: OutputSheet, sheet_id: int) -> dict[str, Any]:
    """A line chart of the History table: run dates along, slip on the left axis, SPI and
    CPI on the right one when some night knew them."""
    header = list(history.header())
    first = (history.header_row or 1) - 1  # the header row: the series take their names
    last = len(history.rows)

    def column(index: int) -> dict[str, Any]:
        grid = {
            "sheetId": sheet_id,
            "startRowIndex": first,
            "endRowIndex": last,
            "startColumnIndex": index,
            "endColumnIndex": index + 1,
        }
        return {"sourceRange": {"sources": [grid]}}

    series = []
    right_axis = False
    for name, key, axis in _SERIES:
        index = header.index(name)
        if axis == "RIGHT_AXIS" and not _known(history, index):
            continue
        right_axis = right_axis or axis == "RIGHT_AXIS"
        series.append(
            {
                "series": column(index),
                "targetAxis": axis,
                "colorStyle": colour(SheetLook.trend_colours[key]),
                # each night a point: a night between two unknown ones still shows
                "pointStyle": {"shape": "CIRCLE", "size": 5},
            }
        )
    axes = [
        {"position": "BOTTOM_AXIS", "title": _DOMAIN},
        {"position": "LEFT_AXIS", "title": "Slip (working days)"},
    ]
    if right_axis:
        axes.append({"position": "RIGHT_AXIS", "title": "SPI / CPI"})
    return {
        "title": CHART_TITLE,
        "fontName": SheetLook.font_name,
        "basicChart": {
            "chartType": "LINE",
            "legendPosition": "BOTTOM_LEGEND",
            "headerCount": 1,
            "axis": axes,
            "domains": [{"domain": column(header.index(_DOMAIN))}],
            "series": series,
        },
    }


def chart_requests(
    history: OutputSheet, tab: GoogleTab | None, sheet_id: int, taken: frozenset[int]
) -> list[dict[str, Any]]:
    """`updateChartSpec` of the chart recorded on the History tab when it is still there;
    else `addChart` beside the table and a record of its id."""
    spec = chart_spec(history, sheet_id)
    if tab is not None and tab.chart_marker is not None and tab.chart_marker in tab.chart_ids:
        return [{"updateChartSpec": {"chartId": tab.chart_marker, "spec": spec}}]
    chart_id = chart_id_for(sheet_id, taken)
    anchor = {
        "sheetId": sheet_id,
        "rowIndex": (history.header_row or 1) - 1,
        "columnIndex": len(history.widths) + 1,
    }
    requests: list[dict[str, Any]] = [
        {
            "addChart": {
                "chart": {
                    "chartId": chart_id,
                    "spec": spec,
                    "position": {
                        "overlayPosition": {
                            "anchorCell": anchor,
                            "widthPixels": _WIDTH_PIXELS,
                            "heightPixels": _HEIGHT_PIXELS,
                        }
                    },
                }
            }
        }
    ]
    if tab is not None and tab.chart_marker is not None:
        # The chart it names is gone (the owner deleted it): point the record at the new one.
        requests.append(
            {
                "updateDeveloperMetadata": {
                    "dataFilters": [
                        {
                            "developerMetadataLookup": {
                                "metadataKey": CHART_MARKER,
                                "metadataLocation": {"sheetId": sheet_id},
                                "locationMatchingStrategy": "EXACT_LOCATION",
                            }
                        }
                    ],
                    "developerMetadata": {"metadataValue": str(chart_id)},
                    "fields": "metadataValue",
                }
            }
        )
    else:
        requests.append(marker_request(sheet_id, CHART_MARKER, str(chart_id)))
    return requests


def marker_request(sheet_id: int, key: str, value: str) -> dict[str, Any]:
    """`createDeveloperMetadata`: a mark on the tab, visible to whoever can open the file."""
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": key,
                "metadataValue": value,
                "location": {"sheetId": sheet_id},
                "visibility": "DOCUMENT",
            }
        }
    }
