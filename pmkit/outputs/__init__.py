"""The output sheets (`Summary`, `Schedule`, `Flags`, `Gantt`, `Workload`) as plain typed data.

One builder for every front end: the xlsx report (`pmkit.report`), the nightly Google
sync and the Excel add-in each render the same `OutputSheet`s.

>>> import pmkit
>>> sheets = build_output_sheets(pmkit.analyze(pmkit.read_plan("plan.xlsx")))
>>> [sheet.name for sheet in sheets]
['Summary', 'Schedule', 'Flags', 'Gantt', 'Workload']
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from pmkit.engine.overnight import SinceLastRun
from pmkit.engine.results import Analysis
from pmkit.engine.schema import REPORT_SHEETS
from pmkit.outputs.cells import (
    Cell,
    CellKind,
    OutputSheet,
    Role,
    Row,
    Tone,
    TrendChart,
    Value,
    sheets_to_write,
)
from pmkit.outputs.flags import build_flags_sheet, link_target
from pmkit.outputs.gantt import GANTT_SHEET, build_gantt_sheet
from pmkit.outputs.schedule import build_schedule_sheet
from pmkit.outputs.summary import (
    Metric,
    build_summary_sheet,
    status_paragraph,
    status_tone,
    summary_metrics,
)
from pmkit.outputs.workload import WORKLOAD_SHEET, build_workload_sheet

__all__ = [
    "GANTT_SHEET",
    "WORKLOAD_SHEET",
    "Cell",
    "CellKind",
    "Metric",
    "OutputSheet",
    "Role",
    "Row",
    "Tone",
    "TrendChart",
    "Value",
    "build_flags_sheet",
    "build_gantt_sheet",
    "build_output_sheets",
    "build_schedule_sheet",
    "build_summary_sheet",
    "build_workload_sheet",
    "link_target",
    "sheets_to_write",
    "status_paragraph",
    "status_tone",
    "summary_metrics",
]


def build_output_sheets(
    analysis: Analysis,
    *,
    since_last_run: SinceLastRun | None = None,
    only: Collection[str] | None = None,
) -> tuple[OutputSheet, ...]:
    """Every output sheet of the report, in workbook order (`schema.REPORT_SHEETS`), or
    the ones named in `only` (in that same order; a name that is no report sheet raises
    `ValueError`); the nightly job adds what changed since the last run to the Summary.

    The Workload sheet is `refresh_only` when no task has an owner: writers pass the
    sheets through `sheets_to_write`, which keeps it only where it replaces an earlier one.
    """
    makers: tuple[Callable[[], OutputSheet], ...] = (
        lambda: build_summary_sheet(analysis, since_last_run),
        lambda: build_schedule_sheet(analysis),
        lambda: build_flags_sheet(analysis),
        lambda: build_gantt_sheet(analysis),
        lambda: build_workload_sheet(analysis),
    )
    builders = dict(zip(REPORT_SHEETS, makers, strict=True))
    if only is not None and (unknown := set(only) - set(builders)):
        raise ValueError(f"no report sheet is called {', '.join(sorted(unknown))}")
    return tuple(build() for name, build in builders.items() if only is None or name in only)
