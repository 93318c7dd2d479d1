"""The `History` sheet the nightly sync writes: one row per run, oldest first, and its chart.

The sync keeps the runs (its history database); this lays them out, as every other
output sheet is laid out here, so the sheet pmkit reads back (`pmkit.reading.sheets.
read_history`: the forecast-finish trend) and recognises as its own (`HISTORY_TITLE_END`,
`pmkit.report.ownership`) is defined in one place. Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from pmkit.engine.figures import DATE_COLUMN_WIDTH
from pmkit.engine.schema import HISTORY_SHEET
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, TrendChart
from pmkit.outputs.summary import status_tone

__all__ = [
    "HISTORY_TITLE_END",
    "NEW_AGREED_FINISH",
    "NightFigures",
    "agreed_finish_changed",
    "build_history_sheet",
]

HISTORY_TITLE_END = " — nightly history"
"""How A1 of the History sheet ends (after the project's name)."""

NEW_AGREED_FINISH = "New agreed finish"
"""The Note of a night whose agreed finish changed (a new baseline, or the task that held
the latest Baseline Finish deleted): the slip is measured against the new one from that
night, so a drop there is not work caught up."""

_COLUMNS: tuple[tuple[str, CellKind, float], ...] = (
    ("Run date", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Status", CellKind.TEXT, 9),
    ("Forecast finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Agreed finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Slip (working days)", CellKind.INTEGER, 13),
    ("SPI", CellKind.RATIO, 7),
    ("CPI", CellKind.RATIO, 7),
    ("Unapproved scope growth (days)", CellKind.PERCENT, 13),
    ("Unapproved scope growth (cost)", CellKind.PERCENT, 13),
    ("Errors", CellKind.INTEGER, 8),
    ("Warnings", CellKind.INTEGER, 9),
    ("Info", CellKind.INTEGER, 7),
    ("Note", CellKind.TEXT, 20),
)
"""Narrow enough to print one page wide (`pmkit.outputs.print_layout`)."""
_NAMES = [name for name, _, _ in _COLUMNS]
_SLIP_COLUMN = _NAMES.index("Slip (working days)") + 1  # 1-based: the chart's trend
# a minimum on a night a change's Duration could not be read
_GROWTH_DAYS_COLUMN = _NAMES.index("Unapproved scope growth (days)")


class NightFigures(Protocol):
    """One run's figures as the History sheet shows them (the sync's `RunRecord`)."""

    @property
    def run_date(self) -> date: ...
    @property
    def status(self) -> str | None: ...
    @property
    def forecast_finish(self) -> date | None: ...
    @property
    def slip_days(self) -> int | None: ...
    @property
    def spi(self) -> float | None: ...
    @property
    def cpi(self) -> float | None: ...
    @property
    def scope_growth_days(self) -> float | None: ...
    @property
    def scope_growth_cost(self) -> float | None: ...
    @property
    def scope_growth_days_at_least(self) -> bool | None: ...
    @property
    def baseline_finish(self) -> date | None: ...
    @property
    def errors(self) -> int: ...
    @property
    def warnings(self) -> int: ...
    @property
    def infos(self) -> int: ...


def build_history_sheet(project: str, runs: Sequence[NightFigures]) -> OutputSheet:
    """The `History` sheet of `project`: one row per nightly run, oldest first, for a slip
    trend (its chart). The slip is measured against each night's agreed finish, so a
    night whose agreed finish differs from the night before's says so
    (`agreed_finish_changed`): the slip dropping there is not work caught up."""
    title = Row((Cell(f"{project}{HISTORY_TITLE_END}"),), Role.TITLE)
    note = Row(
        (Cell("One row per nightly run (a re-run the same day replaces that day's row)."),),
        Role.NOTE,
    )
    header = Row(tuple(Cell(name, kind) for name, kind, _ in _COLUMNS), Role.HEADER)
    rows = [title, note, header]
    agreed: date | None = None
    for run in runs:
        values = (
            run.run_date,
            run.status,
            run.forecast_finish,
            run.baseline_finish,
            run.slip_days,
            run.spi,
            run.cpi,
            run.scope_growth_days,
            run.scope_growth_cost,
            run.errors,
            run.warnings,
            run.infos,
            agreed_finish_changed(agreed, run.baseline_finish),
        )
        agreed = run.baseline_finish or agreed
        kinds = [kind for _, kind, _ in _COLUMNS]
        if run.scope_growth_days_at_least:
            kinds[_GROWTH_DAYS_COLUMN] = CellKind.AT_LEAST_PERCENT
        cells = tuple(
            Cell(value, kind, tone=status_tone(run.status) if name == "Status" else None)
            for (name, _, _), kind, value in zip(_COLUMNS, kinds, values, strict=True)
        )
        rows.append(Row(cells))
    return OutputSheet(
        HISTORY_SHEET,
        tuple(rows),
        tuple(width for _, _, width in _COLUMNS),
        header_row=3,
        chart=TrendChart("Project slip (working days)", _SLIP_COLUMN, "Slip"),
    )


def agreed_finish_changed(before: date | None, now: date | None) -> str | None:
    """`New agreed finish` when a night's agreed finish differs from the last one known before
    it (the Agreed finish column shows both); None when it does not, or either is not
    known (no baseline yet, or a run an older pmkit recorded)."""
    if before is None or now is None or before == now:
        return None
    return NEW_AGREED_FINISH
