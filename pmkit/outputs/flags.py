"""The `Flags` sheet: every finding, most severe first, each linked to its cell."""

from __future__ import annotations

from collections.abc import Iterable

from pmkit.engine.issues import Code, Issue, Location, Severity
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
    "FLAG_COLUMNS",
    "build_flags_sheet",
    "link_target",
    "sorted_issues",
    "top_issues",
]

FLAG_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Severity", 10),
    ("Code", 24),
    ("Where", 14),
    ("Task", 8),
    ("What to look at", 90),
)

SEVERITY_TONES = {Severity.ERROR: Tone.RED, Severity.WARNING: Tone.AMBER, Severity.INFO: Tone.INFO}
_NO_FLAGS = "No findings: the plan passed every check."


def sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors, then warnings, then info; within each, findings at a row first, else in
    the order the checks found them."""
    return sorted(issues, key=_issue_key)


# What an owner should read first, within a severity: broken promises and unapproved
# work before routine lateness, and plan-health advice last.
_IMPORTANCE: dict[Code, int] = {
    code: rank
    for rank, code in enumerate(
        (
            Code.DEADLINE_MISSED,
            Code.SCOPE_CREEP,
            Code.STALLED_TASK,
            Code.NEGATIVE_FLOAT,
            Code.OWNERLESS_TASK,
            Code.UNMITIGATED_RISK,
            Code.SCOPE_GROWTH,
            Code.OVERDUE_TASK,
            Code.REMOVED_TASK,
            Code.UNKNOWN_CHANGE_REQUEST,
            Code.SLIPPING_TASK,
            Code.APPROVED_CHANGE,
            Code.NO_BASELINE,
            Code.NO_CHARTER,
        )
    )
}
_PER_CODE = 2


def top_issues(issues: Iterable[Issue], count: int) -> list[Issue]:
    """The `count` findings an owner should read first: most severe, then most important
    kind, at most two of a kind while others wait (so one late chain does not hide a
    missed deadline or scope creep)."""
    ranked = sorted(
        sorted_issues(issues),
        key=lambda issue: (issue.severity.rank, _IMPORTANCE.get(issue.code, len(_IMPORTANCE))),
    )
    chosen: list[Issue] = []
    held_back: list[Issue] = []
    per_code: dict[Code, int] = {}
    for issue in ranked:
        seen = per_code.get(issue.code, 0)
        if seen < _PER_CODE:
            per_code[issue.code] = seen + 1
            chosen.append(issue)
        else:
            held_back.append(issue)
        if len(chosen) == count:
            return chosen
    return chosen + held_back[: count - len(chosen)]


def link_target(location: Location) -> Location:
    """The single cell a link should jump to: row-only places go to column A, sheets to A1."""
    return Location(location.sheet, location.row or 1, location.column or 1)


def build_flags_sheet(analysis: Analysis) -> OutputSheet:
    header = Row(tuple(Cell(name) for name, _ in FLAG_COLUMNS), Role.HEADER)
    rows = [header]
    for issue in sorted_issues(analysis.issues):
        where = issue.location
        rows.append(
            Row(
                (
                    Cell(issue.severity.value, tone=SEVERITY_TONES[issue.severity], bold=True),
                    Cell(issue.code.value),
                    Cell(str(where), link=link_target(where)) if where else Cell(None),
                    Cell(issue.task_id, CellKind.TEXT),
                    Cell(fit_cell_text(issue.message)),
                )
            )
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


def _issue_key(issue: Issue) -> tuple[int, int]:
    """Severity first; then findings at a task's row before plan-wide ones (stable)."""
    at_row = issue.location is not None and issue.location.row is not None
    return (issue.severity.rank, 0 if at_row else 1)
