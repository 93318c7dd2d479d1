"""The one look of every output sheet: colours, fonts, number formats, alignment.

Every writer of output sheets — the xlsx report (openpyxl and the package writer), the
Excel add-in (xlwings) and the Google sync (the Sheets API) — asks `cell_style` how a
cell looks and turns the answer into its own medium, so a red cell is the same red,
a date the same `ddd d mmm yyyy`, a header the same deep blue everywhere. The template's
house style (`pmkit.template.styles`) takes its colours and formats from here too.

Standard library only. Colours are `RRGGBB` without `#`; number formats are Excel format
codes, which Google Sheets reads as they are.

>>> cell_style(Look(Role.HEADER, CellKind.TEXT, None, False, False, False, False), "#,##0").fill
'1F4E79'
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Tone

__all__ = [
    "ACCENT",
    "ACCENT_LIGHT",
    "AT_LEAST",
    "AT_LEAST_PERCENT_FORMAT",
    "CURRENCY_SYMBOLS",
    "DATE_FORMAT",
    "FIGURE_ALIGNMENT",
    "FONT_NAME",
    "GREY_TEXT",
    "KIND_ALIGNMENT",
    "KIND_FORMATS",
    "LINK_COLOUR",
    "LOAD_SCALE",
    "MONEY_FORMAT",
    "PERCENT_FORMAT",
    "ROLE_FONTS",
    "RULE_COLOUR",
    "STATUS_LINE",
    "TEXT_COLOUR",
    "TIMELINE_DATE_FORMAT",
    "TIMELINE_HEADER_HEIGHT",
    "TONE_FILLS",
    "TONE_FONTS",
    "TREND_COLOURS",
    "WHITE",
    "Alignment",
    "CellStyle",
    "FontSpec",
    "Look",
    "cell_style",
    "load_tone",
    "look_of",
    "money_format",
]

FONT_NAME = "Calibri"
ACCENT = "1F4E79"
"""Deep blue: header rows, titles. The only strong colour pmkit uses."""
ACCENT_LIGHT = "DDEBF7"
"""Pale accent: information cells, and the owner's input cells in the template."""
GREY_TEXT = "595959"
TEXT_COLOUR = "000000"
"""Body text, where a medium needs it said (the morning digest's HTML: a mail client's
dark theme would otherwise turn text light on the pale status fills)."""
WHITE = "FFFFFF"
RULE_COLOUR = "BFBFBF"
"""The thin line under a table's header row."""
LINK_COLOUR = "0563C1"
STATUS_LINE = "C00000"
"""The Gantt's status-date line and critical bars."""

TREND_COLOURS = MappingProxyType({"slip": STATUS_LINE, "spi": ACCENT, "cpi": "548235"})
"""The lines of the History chart: slip in the status red, SPI and CPI in blue and green."""

TONE_FILLS = MappingProxyType(
    {
        Tone.RED: "F4CCCC",
        Tone.AMBER: "FCE5CD",
        Tone.GREEN: "D9EAD3",
        Tone.INFO: ACCENT_LIGHT,
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
        Tone.MUTED: GREY_TEXT,
        Tone.MILESTONE: "000000",
        Tone.MILESTONE_CRITICAL: STATUS_LINE,
        Tone.MILESTONE_DONE: TONE_FILLS[Tone.BAR_DONE],
        Tone.MILESTONE_BASELINE: "9DC3E6",  # the baseline bars' blue, a shade deeper
    }
)
"""Text colour of a cell of each tone."""

DATE_FORMAT = "ddd d mmm yyyy"
"""`Wed 15 Apr 2026`: unambiguous in every locale, unlike 04/05/2026, and the way every
sentence shows a date (`pmkit.engine.figures.format_day`)."""
PERCENT_FORMAT = "0.0%"
"""One decimal of a percent, as `pmkit.engine.figures.format_percent` writes it."""
AT_LEAST = "≥"
"""Before a figure that misses work not counted (a load on the portfolio's People): at
least that."""
AT_LEAST_PERCENT_FORMAT = f'"{AT_LEAST} "{PERCENT_FORMAT}'
"""`≥ 80.0%`: a percent that is at least what it shows, still a number (it sums and
sorts); Excel and Google Sheets read the quoted text alike."""
MONEY_FORMAT = "#,##0"
TIMELINE_DATE_FORMAT = "d mmm"
"""The dates heading a Gantt's time scale (written sideways)."""

KIND_FORMATS = MappingProxyType(
    {
        CellKind.TEXT: "General",
        CellKind.INTEGER: "0",
        CellKind.NUMBER: "General",
        CellKind.RATIO: "0.00",
        CellKind.DATE: DATE_FORMAT,
        CellKind.PERCENT: PERCENT_FORMAT,
        CellKind.AT_LEAST_PERCENT: AT_LEAST_PERCENT_FORMAT,
        CellKind.MONEY: MONEY_FORMAT,
    }
)
"""Excel number format codes (Google Sheets reads the same codes). Dates and shares show
as the sentences write them (`pmkit.engine.figures`: `Mon 1 Jun 2026`, one decimal of a
percent, two of a ratio)."""


class Alignment(NamedTuple):
    """Where a value sits in its cell: `horizontal` ("left", "center" or "right") and
    `indent`, steps of padding on the side it is aligned to (about a character each)."""

    horizontal: str
    indent: int = 0


FIGURE_ALIGNMENT = Alignment("right", 1)
"""How money sits in a table, and every figure of a column of figures of different kinds
(`Cell.figure`: the Summary's Value column): a step in from the right, digits lined up.
In such a column the words that stand in for a figure ("no baseline", "unknown") and
the status itself sit there too: each answers the same question as the figures around
it, so the whole column reads down one edge instead of three (money right, ratios
centred, words left)."""

KIND_ALIGNMENT = MappingProxyType(
    {
        CellKind.TEXT: Alignment("left", 1),
        CellKind.INTEGER: Alignment("center"),
        CellKind.NUMBER: Alignment("center"),
        CellKind.RATIO: Alignment("center"),
        CellKind.DATE: Alignment("center"),
        CellKind.PERCENT: Alignment("center"),
        CellKind.AT_LEAST_PERCENT: Alignment("center"),
        CellKind.MONEY: FIGURE_ALIGNMENT,
    }
)
"""How a table's values sit, so neighbouring columns never touch (`100%Done`, `0Yes`):
text starts a step in from the left edge; short figures — dates, days, shares, ratios —
are centred, clear of both neighbours; money keeps its digits lined up on the right, a
step in. A header sits as its column's values do. A column of figures of mixed kinds
sits as `FIGURE_ALIGNMENT` says instead."""

CURRENCY_SYMBOLS = MappingProxyType({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"})

LOAD_SCALE: tuple[tuple[float, Tone], ...] = (
    (150.1, Tone.RED),
    (100.1, Tone.AMBER),
    (80.0, Tone.GREEN),
    (0.1, Tone.INFO),
)
"""The Workload heat map, graded on the percent a cell shows (one decimal,
`pmkit.engine.figures.shown_percent`) of what a person can give: pale blue when lightly
booked, green from 80 % (well used), amber over 100 %, red over 150 %."""


def load_tone(percent: float | None) -> Tone | None:
    """The heat-map tone of a load shown as `percent` (None: work booked in a week the
    person has no time to give — red); no tone when nothing is booked."""
    if percent is None:
        return Tone.RED
    return next((tone for floor, tone in LOAD_SCALE if percent >= floor), None)


TIMELINE_HEADER_HEIGHT = 48.0
"""Points: room for a date written sideways above a Gantt's time scale."""


class FontSpec(NamedTuple):
    size: int
    bold: bool = False
    italic: bool = False
    colour: str | None = None


ROLE_FONTS = MappingProxyType(
    {
        Role.TITLE: FontSpec(18, bold=True, colour=ACCENT),
        Role.SUBTITLE: FontSpec(10, italic=True, colour=GREY_TEXT),
        Role.HEADING: FontSpec(13, bold=True, colour=ACCENT),
        Role.HEADER: FontSpec(11, bold=True, colour=WHITE),
        Role.NOTE: FontSpec(10, italic=True, colour=GREY_TEXT),
        Role.PARAGRAPH: FontSpec(12),
        Role.BODY: FontSpec(11),
    }
)
"""The font of each kind of row (all in `FONT_NAME`)."""


def money_format(currency: str | None) -> str:
    """`"$"#,##0` for USD (or `$` typed), `#,##0 "CHF"` for currencies without a common
    symbol."""
    if not currency:
        return MONEY_FORMAT
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    if symbol is None and currency in CURRENCY_SYMBOLS.values():
        symbol = currency  # `£` typed for GBP goes before the amount too
    if symbol:
        return f'"{symbol}"{MONEY_FORMAT}'
    return f'{MONEY_FORMAT} "{currency}"'


class Look(NamedTuple):
    """Everything that decides a cell's style; equal looks share one style."""

    role: Role
    kind: CellKind
    tone: Tone | None
    bold: bool
    link: bool
    marker: bool
    timeline_header: bool
    wrap: bool = False
    figure: bool = False


def look_of(sheet: OutputSheet, item: Cell, role: Role, column: int) -> Look:
    """The look of the cell `item` in 1-based `column` of a `role` row of `sheet`."""
    timeline = sheet.timeline_from or 10**9
    return Look(
        role,
        item.kind,
        item.tone,
        item.bold,
        item.is_link,
        column == sheet.marker_column and role in (Role.BODY, Role.HEADER),
        role is Role.HEADER and column >= timeline,
        role is Role.BODY and column in sheet.wrap_columns,
        item.figure,
    )


_MILESTONES = frozenset(
    {Tone.MILESTONE, Tone.MILESTONE_CRITICAL, Tone.MILESTONE_DONE, Tone.MILESTONE_BASELINE}
)
_TEXT_ROLES = frozenset({Role.TITLE, Role.SUBTITLE, Role.PARAGRAPH, Role.HEADING, Role.NOTE})


class CellStyle(NamedTuple):
    """How one cell looks, in plain values every writer can translate.

    `horizontal` is "left", "center" or "right" and `indent` the steps of padding on that
    side (`KIND_ALIGNMENT`, `FIGURE_ALIGNMENT`); `vertical` is "top", "center" or
    "bottom"; `rotation` is in degrees (90: reads upwards); `bottom_rule` is the colour
    of a thin line under the cell; `side_lines` the colour of medium lines left and right
    of it (the Gantt's status date).
    """

    font_size: int
    bold: bool
    italic: bool
    underline: bool
    font_colour: str | None
    fill: str | None
    number_format: str
    horizontal: str | None
    vertical: str
    wrap: bool
    rotation: int
    bottom_rule: str | None
    side_lines: str | None
    indent: int = 0

    @property
    def number_kind(self) -> str | None:
        """What the number format shows, for a medium that types its formats (Google
        Sheets): "date", "percent", "money" or "number"; None for General."""
        pattern = self.number_format
        if pattern == "General":
            return None
        if pattern in (DATE_FORMAT, TIMELINE_DATE_FORMAT):
            return "date"
        if pattern in (PERCENT_FORMAT, AT_LEAST_PERCENT_FORMAT):
            return "percent"
        return "money" if MONEY_FORMAT in pattern else "number"


@lru_cache(maxsize=1024)
def cell_style(look: Look, money: str = MONEY_FORMAT) -> CellStyle:
    """The style of a cell with `look`; `money` is the sheet's money format
    (`money_format(sheet.currency)`)."""
    font = ROLE_FONTS[look.role]
    colour = TONE_FONTS.get(look.tone) if look.tone else None
    colour = colour or font.colour
    underline = False
    if look.link:
        colour, underline = LINK_COLOUR, True
    milestone = look.tone in _MILESTONES
    size = ROLE_FONTS[Role.BODY].size if milestone else font.size
    fill = TONE_FILLS.get(look.tone) if look.tone else None
    if look.role is Role.HEADER:
        fill = STATUS_LINE if look.marker else ACCENT
    if look.kind is CellKind.MONEY:
        number_format = money
    elif look.timeline_header:
        number_format = TIMELINE_DATE_FORMAT
    else:
        number_format = KIND_FORMATS[look.kind]
    align = FIGURE_ALIGNMENT if look.figure else KIND_ALIGNMENT[look.kind]
    horizontal, indent, vertical, wrap, rotation = (
        align.horizontal,
        align.indent,
        "top",
        look.wrap,
        0,
    )
    if look.timeline_header:
        horizontal, indent, vertical, wrap, rotation = "center", 0, "bottom", False, 90
    elif look.role in _TEXT_ROLES:
        # titles, notes and paragraphs run across the sheet from its left edge
        horizontal, indent, wrap = "left", 0, look.role is Role.PARAGRAPH
        vertical = "bottom" if look.role is Role.HEADING else "top"
    elif look.role is Role.HEADER:
        vertical, wrap = "bottom", True
    elif milestone:
        horizontal, indent, vertical = "center", 0, "center"
    return CellStyle(
        font_size=size,
        bold=font.bold or look.bold,
        italic=font.italic,
        underline=underline,
        font_colour=colour,
        fill=fill,
        number_format=number_format,
        horizontal=horizontal,
        vertical=vertical,
        wrap=wrap,
        rotation=rotation,
        bottom_rule=RULE_COLOUR if look.role is Role.HEADER and not look.marker else None,
        side_lines=STATUS_LINE if look.marker else None,
        indent=indent,
    )
