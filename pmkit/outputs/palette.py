"""The report's colours and number formats as plain hex strings and Excel format codes.

Every writer of output sheets (the xlsx report, the Excel add-in over xlwings, the
Google sync) maps tones to these, so a red cell is the same red everywhere. Colours
are `RRGGBB` without `#`; the house accent comes from `pmkit.template.styles`.
"""

from __future__ import annotations

from types import MappingProxyType

from pmkit.engine.figures import CELL_DATE_FORMAT, CELL_PERCENT_FORMAT
from pmkit.outputs.cells import CellKind, Tone

__all__ = [
    "ACCENT",
    "CURRENCY_SYMBOLS",
    "KIND_FORMATS",
    "LINK_COLOUR",
    "STATUS_LINE",
    "TONE_FILLS",
    "TONE_FONTS",
]

ACCENT = "1F4E79"
"""Header rows and titles (the template's accent)."""
LINK_COLOUR = "0563C1"
STATUS_LINE = "C00000"
"""The Gantt's status-date line and critical bars."""

TONE_FILLS = MappingProxyType(
    {
        Tone.RED: "F4CCCC",
        Tone.AMBER: "FCE5CD",
        Tone.GREEN: "D9EAD3",
        Tone.INFO: "DDEBF7",
        Tone.BAR: "4472C4",
        Tone.BAR_CRITICAL: STATUS_LINE,
        Tone.BAR_DONE: "A6A6A6",
        Tone.BAR_BASELINE: "BDD7EE",
    }
)
"""Background of a cell of each tone (soft for red/amber/green so dark text stays legible)."""

TONE_FONTS = MappingProxyType(
    {
        Tone.RED: "990000",
        Tone.AMBER: "7F4F00",
        Tone.GREEN: "274E13",
        Tone.INFO: ACCENT,
        Tone.CRITICAL: STATUS_LINE,
        Tone.MUTED: "595959",
        Tone.MILESTONE: "000000",
    }
)
"""Text colour of a cell of each tone."""

KIND_FORMATS = MappingProxyType(
    {
        CellKind.TEXT: "General",
        CellKind.INTEGER: "0",
        CellKind.NUMBER: "General",
        CellKind.RATIO: "0.00",
        CellKind.DATE: CELL_DATE_FORMAT,
        CellKind.PERCENT: CELL_PERCENT_FORMAT,
        CellKind.MONEY: "#,##0",
    }
)
"""Excel number format codes (Google Sheets reads the same codes). Dates and shares show
as the sentences write them (`pmkit.engine.figures`: `Mon 1 Jun 2026`, one decimal of a
percent, two of a ratio)."""

CURRENCY_SYMBOLS = MappingProxyType({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"})
