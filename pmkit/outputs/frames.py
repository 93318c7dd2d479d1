"""`to_frames(analysis)`: the output tables as pandas DataFrames (the pandas edge).

Built from the same `OutputSheet`s as the report workbook, so a DataFrame column is
exactly a report column: `Schedule` and `Flags` keep their headers, dates become
`datetime64` columns; `Summary` is the metric/value table of `summary_metrics`.
A free function beside the output sheets, so the engine's results never import pandas
or the outputs (`pmkit.to_frames` loads it on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pmkit.outputs import (
    CellKind,
    OutputSheet,
    build_flags_sheet,
    build_schedule_sheet,
    summary_metrics,
)

if TYPE_CHECKING:
    from pmkit.engine.results import Analysis

__all__ = ["sheet_frame", "to_frames"]


def to_frames(analysis: Analysis) -> dict[str, pd.DataFrame]:
    """`{"Schedule": ..., "Flags": ..., "Summary": ...}` for one analysis."""
    flags = sheet_frame(build_flags_sheet(analysis))
    if not analysis.issues:
        flags = flags.iloc[0:0]
    summary = pd.DataFrame(
        [(m.group, m.label, m.value, m.meaning) for m in summary_metrics(analysis)],
        columns=["Group", "Metric", "Value", "Meaning"],
    )
    return {
        "Schedule": sheet_frame(build_schedule_sheet(analysis)),
        "Flags": flags.reset_index(drop=True),
        "Summary": summary,
    }


def sheet_frame(sheet: OutputSheet) -> pd.DataFrame:
    """The table of a sheet (header row and the rows below it) as a DataFrame; detail rows
    (a grouped finding's per-cell findings) are left out: `Issue.details` holds them."""
    header = list(sheet.header())
    body = [row.cells for row in sheet.body() if not row.outline_level]
    data: dict[str, list[object]] = {name: [] for name in header}
    kinds: dict[str, CellKind] = {}
    for cells in body:
        for name, cell in zip(header, cells, strict=False):
            data[name].append(cell.value)
            if cell.value is not None:
                kinds.setdefault(name, cell.kind)
    frame = pd.DataFrame(data, columns=header)
    for name, kind in kinds.items():
        if kind is CellKind.DATE:
            frame[name] = pd.to_datetime(frame[name])
        elif kind is CellKind.INTEGER:
            frame[name] = frame[name].astype("Int64")
        elif kind in (
            CellKind.PERCENT,
            CellKind.AT_LEAST_PERCENT,
            CellKind.NUMBER,
            CellKind.RATIO,
            CellKind.MONEY,
        ):
            frame[name] = frame[name].astype("Float64")
    return frame
