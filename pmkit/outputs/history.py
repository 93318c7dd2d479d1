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

__all__ = ["HISTORY_TITLE_END", "NightFigures", "build_history_sheet"]

HISTORY_TITLE_END = " — nightly history"
"""How A1 of the History sheet ends (after the project's name)."""

_COLUMNS: tuple[tuple[str, CellKind, float], ...] = (
    ("Run date", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Status", CellKind.TEXT, 9),
    ("Forecast finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Slip (working days)", CellKind.INTEGER, 13),
    ("SPI", CellKind.RATIO, 7),
    ("CPI", CellKind.RATIO, 7),
    ("Unapproved scope growth (days)", CellKind.PERCENT, 18),
    ("Unapproved scope growth (cost)", CellKind.PERCENT, 18),
    ("Errors", CellKind.INTEGER, 8),
    ("Warnings", CellKind.INTEGER, 9),
    ("Info", CellKind.INTEGER, 7),
)
_SLIP_COLUMN = 4  # "Slip (working days)": the chart's trend
_GROWTH_DAYS_COLUMN = 6  # a minimum on a night a change's Duration could not be read


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
    def errors(self) -> int: ...
    @property
    def warnings(self) -> int: ...
    @property
    def infos(self) -> int: ...


def build_history_sheet(project: str, runs: Sequence[NightFigures]) -> OutputSheet:
    """The `History` sheet of `project`: one row per nightly run, oldest first, for a slip
    trend (its chart)."""
    title = Row((Cell(f"{project}{HISTORY_TITLE_END}"),), Role.TITLE)
    note = Row(
        (Cell("One row per nightly run (a re-run the same day replaces that day's row)."),),
        Role.NOTE,
    )
    header = Row(tuple(Cell(name, kind) for name, kind, _ in _COLUMNS), Role.HEADER)
    rows = [title, note, header]
    for run in runs:
        values = (
            run.run_date,
            run.status,
            run.forecast_finish,
            run.slip_days,
            run.spi,
            run.cpi,
            run.scope_growth_days,
            run.scope_growth_cost,
            run.errors,
            run.warnings,
            run.infos,
        )
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
