"""The output sheets (`Summary`, `Schedule`, `Flags`, `Gantt`) as plain typed data.

One builder for every front end: the xlsx report (`pmkit.report`), the nightly Google
sync and the Excel add-in each render the same `OutputSheet`s.

>>> import pmkit
>>> sheets = build_output_sheets(pmkit.analyze(pmkit.read_plan("plan.xlsx")))
>>> [sheet.name for sheet in sheets]
['Summary', 'Schedule', 'Flags', 'Gantt']
"""

from __future__ import annotations

from collections.abc import Sequence

from pmkit.engine.results import Analysis
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone, Value
from pmkit.outputs.flags import build_flags_sheet, link_target
from pmkit.outputs.gantt import build_gantt_sheet
from pmkit.outputs.schedule import build_schedule_sheet
from pmkit.outputs.summary import (
    CLOSE_OUT_TITLE,
    STATUS_TITLE,
    Metric,
    build_summary_sheet,
    status_paragraph,
    status_tone,
    summary_metrics,
)

__all__ = [
    "OUTPUT_SHEET_NAMES",
    "Cell",
    "CellKind",
    "Metric",
    "OutputSheet",
    "Role",
    "Row",
    "Tone",
    "Value",
    "build_flags_sheet",
    "build_gantt_sheet",
    "build_output_sheets",
    "build_schedule_sheet",
    "build_summary_sheet",
    "is_output_sheet",
    "link_target",
    "status_paragraph",
    "status_tone",
    "summary_metrics",
]

OUTPUT_SHEET_NAMES: tuple[str, ...] = ("Summary", "Schedule", "Flags", "Gantt")
"""The sheets `build_output_sheets` returns, in workbook order."""


def build_output_sheets(analysis: Analysis) -> tuple[OutputSheet, ...]:
    """All four output sheets of the report, in the order they appear in the workbook."""
    return (
        build_summary_sheet(analysis),
        build_schedule_sheet(analysis),
        build_flags_sheet(analysis),
        build_gantt_sheet(analysis),
    )


def is_output_sheet(name: str, first_rows: Sequence[Sequence[object]]) -> bool:
    """Whether an existing sheet called `name` is pmkit's to replace: empty, or laid out as
    pmkit writes it (judged from its first two rows). An owner's own sheet that happens
    to be called "Summary" is not, and must never be overwritten.
    """
    cells = [str(v).strip() for row in first_rows[:2] for v in row if v not in (None, "")]
    if not cells:
        return True
    first = cells[0]
    key = name.strip().casefold()
    if key == "summary":
        return first.endswith((f": {STATUS_TITLE}", f": {CLOSE_OUT_TITLE}"))
    if key == "schedule":
        return cells[:2] == ["ID", "Task"] and "Forecast Finish" in cells
    if key == "flags":
        return cells[:2] == ["Severity", "Code"]
    if key == "gantt":
        return first.startswith("Forecast bars")
    return False
