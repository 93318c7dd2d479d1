"""Output sheets as plain typed data: rows of typed cells plus formatting intents.

One builder fills these; every writer renders them its own way — the xlsx writer
(`pmkit.report.xlsx`), the Google sync (typed cells to the Sheets API) and the Excel
add-in (xlwings). Nothing here knows about openpyxl: a cell says *what* it is (a date,
money, a link to `Plan!F7`) and *how it should look* (red, critical, a Gantt bar),
and each writer decides the exact fill colour and number format.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pmkit.engine.issues import Location
from pmkit.engine.schema import normalize_name

__all__ = [
    "MAX_CELL_TEXT",
    "Cell",
    "CellKind",
    "OutputSheet",
    "Role",
    "Row",
    "Tone",
    "TrendChart",
    "Value",
    "fit_cell_text",
    "keep_headings",
    "sheets_to_write",
]

Value = str | int | float | date | None

MAX_CELL_TEXT = 32_767
"""Excel's limit on the characters of one cell (Google Sheets allows 50,000)."""


def fit_cell_text(text: str) -> str:
    """`text` cut to fit one spreadsheet cell, saying so; a 10,000-task loop's message
    names every task and would not fit."""
    if len(text) <= MAX_CELL_TEXT:
        return text
    cut = "… (cut to fit the cell; `pmkit validate --format json` prints it whole)"
    return text[: MAX_CELL_TEXT - len(cut)] + cut


class CellKind(StrEnum):
    """What a cell holds, which decides its number format."""

    TEXT = "text"
    INTEGER = "integer"  # whole numbers: working days, counts
    NUMBER = "number"  # general numbers
    RATIO = "ratio"  # two decimals: SPI, CPI, TCPI
    DATE = "date"
    PERCENT = "percent"  # a fraction shown as a percentage: 0.25 → 25 %
    AT_LEAST_PERCENT = "at-least-percent"  # one that may be more: 0.25 → ≥ 25 %
    MONEY = "money"  # in the sheet's currency


class Tone(StrEnum):
    """How a cell should stand out; writers map each tone to their own colours."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    INFO = "info"  # blue: information, not a problem
    CRITICAL = "critical"  # on the critical path: bold dark-red text
    MUTED = "muted"  # grey: done, or not applicable
    BAR = "bar"  # Gantt: forecast bar of a task with float
    BAR_CRITICAL = "bar-critical"  # Gantt: forecast bar of a critical task
    BAR_DONE = "bar-done"  # Gantt: forecast bar of a finished task
    BAR_BASELINE = "bar-baseline"  # Gantt: the agreed (baseline) bar
    MILESTONE = "milestone"  # Gantt: a zero-length task (◆)
    MILESTONE_CRITICAL = "milestone-critical"  # Gantt: a critical milestone, red
    MILESTONE_DONE = "milestone-done"  # Gantt: a milestone reached, grey
    MILESTONE_BASELINE = "milestone-baseline"  # Gantt: a milestone's agreed day, light


class Role(StrEnum):
    """What a row is for, which decides font size, fill and wrapping."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    PARAGRAPH = "paragraph"  # long wrapped text across the sheet's width
    HEADING = "heading"
    HEADER = "header"  # column headers of a table
    BODY = "body"
    NOTE = "note"


class Cell(NamedTuple):
    """One cell: a typed value, and how it should look.

    `link` makes the cell a hyperlink to that place in the workbook (`Plan!F7`); `url`
    one to a web address or a file (`https://…`, `file:///…`), always a hyperlink of the
    medium's own, never a formula (each writer takes the schemes it can open).
    `figure` marks one of a column of figures of different kinds — the Summary's Value
    column: money, ratios, dates, days, shares, and the words that stand in for a
    figure ("no baseline") — which all sit alike, whatever their kind
    (`pmkit.outputs.palette.FIGURE_ALIGNMENT`); a table's column of one kind sits as
    its kind does.
    (A named tuple rather than a dataclass: a 10,000-task report holds ~400,000 cells.)
    """

    value: Value = None
    kind: CellKind = CellKind.TEXT
    tone: Tone | None = None
    bold: bool = False
    link: Location | None = None
    url: str | None = None
    figure: bool = False

    @property
    def is_link(self) -> bool:
        """Whether the cell is a hyperlink of either kind (and looks like one)."""
        return self.link is not None or self.url is not None


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an output sheet.

    `outline_level` 1 makes it a detail of the nearest row above it at level 0 (a grouped
    finding's per-cell findings on the Flags sheet): writers group such rows under that
    row, collapsed, so the owner sees the finding and opens its details with one click
    (Excel: a row outline with the summary row above; Google Sheets: a row group).
    `keep_with_next` keeps the row on the printed page of the row after it (a heading
    with its table, a Gantt task's forecast bar with its baseline bar).
    """

    cells: tuple[Cell, ...]
    role: Role = Role.BODY
    outline_level: int = 0
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class TrendChart:
    """A line chart under a sheet's table: `value_column` (1-based) over the dates in
    column A, from the header row to the last row."""

    title: str
    value_column: int
    axis_title: str = ""


@dataclass(frozen=True, slots=True)
class OutputSheet:
    """A whole output sheet, laid out from cell A1.

    `header_row` is the 1-based row of the table's column headers: rows up to it stay
    frozen on screen and repeat on every printed page. `marker_column` is a 1-based
    column to draw as a vertical line (the status date on the Gantt); columns from
    `timeline_from` on are a time scale (narrow, with dates as headers).
    `refresh_only` sheets are written only over an earlier sheet pmkit wrote under
    their name, never added (`sheets_to_write`): the Workload sheet of a plan whose tasks
    have no owner says so where a Workload sheet was, instead of leaving it stale.
    """

    name: str
    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    header_row: int | None = None
    freeze_columns: int = 0
    marker_column: int | None = None
    timeline_from: int | None = None
    wrap_columns: frozenset[int] = frozenset()
    currency: str | None = None
    landscape: bool = True
    chart: TrendChart | None = None
    refresh_only: bool = False
    paged: bool = field(init=False, default=False)
    """Whether some rows must stay together on a printed page (`Row.keep_with_next`):
    such a sheet prints at a fixed scale with its page breaks set. Found once, when the
    sheet is made (a writer asks for every row)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "paged", any(row.keep_with_next for row in self.rows))

    @property
    def width(self) -> int:
        """Number of columns."""
        return max((len(row.cells) for row in self.rows), default=0)

    def values(self) -> list[list[Value]]:
        """The plain values, row by row (what an API that takes a 2-D list wants)."""
        return [[cell.value for cell in row.cells] for row in self.rows]

    def header(self) -> tuple[str, ...]:
        """The table's column headers ('' when the sheet has no table)."""
        if self.header_row is None:
            return ()
        return tuple(str(cell.value or "") for cell in self.rows[self.header_row - 1].cells)

    def body(self) -> Iterator[Row]:
        """The table's rows below the header."""
        start = self.header_row or 0
        return iter(self.rows[start:])

    def outline_groups(self) -> list[tuple[int, int]]:
        """The runs of detail rows (`Row.outline_level` 1) as 1-based inclusive row
        ranges, each collapsed under the row just above it: `[(5, 9), (11, 11)]`."""
        groups: list[tuple[int, int]] = []
        start: int | None = None
        for number, row in enumerate(self.rows, start=1):
            if row.outline_level:
                if start is None:
                    start = number
            elif start is not None:
                groups.append((start, number - 1))
                start = None
        if start is not None:
            groups.append((start, len(self.rows)))
        return groups


def sheets_to_write(sheets: Iterable[OutputSheet], ours: Container[str]) -> list[OutputSheet]:
    """`sheets` less the `refresh_only` ones with nothing to refresh: `ours` holds the
    names (`schema.normalize_name`) of the sheets pmkit wrote that the workbook has."""
    return [
        sheet for sheet in sheets if not sheet.refresh_only or normalize_name(sheet.name) in ours
    ]


_LEADS = frozenset({Role.TITLE, Role.SUBTITLE, Role.HEADING, Role.HEADER})


def keep_headings(rows: list[Row]) -> list[Row]:
    """`rows` with every title, heading and table header kept on the printed page of the
    row after it (and a note right under a heading with it), so no page ends on one."""
    kept: list[Row] = []
    for number, row in enumerate(rows):
        lead = row.role in _LEADS
        under = number > 0 and rows[number - 1].role is Role.HEADING and row.role is Role.NOTE
        kept.append(replace(row, keep_with_next=True) if lead or under else row)
    return kept
