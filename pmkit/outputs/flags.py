"""The `Flags` sheet: every finding, in the one ordering, each linked to its cell.

A grouped finding (a task that is overdue, stalled and slipping; a missed deadline and
the chain that drives it) is one row; its per-cell findings follow it as detail rows
(`Row.outline_level` 1), collapsed under it, so the sheet counts problems and keeps
every detail one click away.
"""

from __future__ import annotations

from pmkit.engine.issues import Issue, Location, Severity
from pmkit.engine.results import Analysis
from pmkit.outputs.cells import (
    Cell,
    CellKind,
    OutputSheet,
    Role,
    Row,
    Tone,
    fit_cell_text,
)

__all__ = [
    "DETAIL_MARK",
    "FLAG_COLUMNS",
    "SEVERITY_TONES",
    "build_flags_sheet",
    "finding_cells",
    "link_target",
]

FLAG_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Severity", 10),
    ("Code", 28),
    ("Where", 14),
    ("Task", 8),
    ("What to look at", 90),
)

SEVERITY_TONES = {Severity.ERROR: Tone.RED, Severity.WARNING: Tone.AMBER, Severity.INFO: Tone.INFO}
DETAIL_MARK = "↳ "
"""What a detail row's sentence starts with, under its finding."""
_NO_FLAGS = "No findings: the plan passed every check."


def link_target(location: Location) -> Location | None:
    """The single cell a link should jump to: row-only places go to column A, sheets to A1;
    None for a place that is no cell of the workbook (a task in a Project file)."""
    if location.place is not None:
        return None
    return Location(location.sheet, location.row or 1, location.column or 1)


def finding_cells(issue: Issue, *, detail: bool = False) -> tuple[Cell, ...]:
    """One finding as the Flags sheet's five cells (a detail row: muted, marked `↳`)."""
    where = issue.location
    tone = Tone.MUTED if detail else SEVERITY_TONES[issue.severity]
    message = f"{DETAIL_MARK}{issue.message}" if detail else issue.message
    return (
        Cell(issue.severity.label, tone=tone, bold=not detail),
        Cell(issue.code.value),
        Cell(str(where), link=link_target(where)) if where else Cell(None),
        Cell(issue.task_id, CellKind.TEXT),
        Cell(fit_cell_text(message)),
    )


def build_flags_sheet(analysis: Analysis) -> OutputSheet:
    """The findings in the one ordering of `analysis.issues`, details collapsed under each."""
    header = Row(tuple(Cell(name) for name, _ in FLAG_COLUMNS), Role.HEADER)
    rows = [header]
    for issue in analysis.issues:
        rows.append(Row(finding_cells(issue)))
        rows.extend(
            Row(finding_cells(detail, detail=True), outline_level=1) for detail in issue.details
        )
    if len(rows) == 1:
        rows.append(
            Row(
                (Cell("none", tone=Tone.GREEN), Cell(None), Cell(None), Cell(None), Cell(_NO_FLAGS))
            )
        )
    return OutputSheet(
        name="Flags",
        rows=tuple(rows),
        widths=tuple(width for _, width in FLAG_COLUMNS),
        header_row=1,
        wrap_columns=frozenset({len(FLAG_COLUMNS)}),
    )
