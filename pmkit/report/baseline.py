"""*Set baseline*: freeze the current forecast as the agreed plan.

`plan_baseline` works out what to write — the Baseline Start/Finish/Duration/Cost
cells of each Plan row, the new `Baseline` snapshot sheet, and the name under which
the previous snapshot is kept (`Baseline 1`, `Baseline 2`, …) — and every workbook
front end (`OutputWorkbook.write_baseline`) writes exactly that. Re-baselining needs
`force`, and the old snapshot is always kept, so it is never silent; the refusal, and
what the command line prints after a forced one, say what the new baseline takes in as
agreed (`baseline_takes_in`: the slip and the changes nobody approved, which nothing
measures again).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.errors import NothingToFreezeError, WriteRefusedError
from pmkit.engine.figures import (
    DATE_COLUMN_WIDTH,
    format_day,
    join_words,
    working_days,
)
from pmkit.engine.model import Plan
from pmkit.engine.results import Analysis
from pmkit.engine.schema import (
    BASELINE,
    BASELINE_NUMBER_LABEL,
    BASELINE_SET_ON_LABEL,
    PLAN,
    normalize_name,
)
from pmkit.engine.scope import change_adds_words
from pmkit.engine.variance import has_baseline
from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Row

__all__ = [
    "BASELINE_FIELDS",
    "BaselineUpdate",
    "PlanCell",
    "baseline_sheet",
    "baseline_takes_in",
    "find_header_row",
    "plan_baseline",
]

BASELINE_SHEET = BASELINE.name
BASELINE_FIELDS: tuple[tuple[str, CellKind], ...] = (
    ("baseline_start", CellKind.DATE),
    ("baseline_finish", CellKind.DATE),
    ("baseline_duration_days", CellKind.INTEGER),
    ("baseline_cost", CellKind.MONEY),
)
_HEADERS = {column.field: column.header for column in PLAN.columns}
_HISTORY = re.compile(r"^\s*baseline\s+(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PlanCell:
    """A value for the Plan sheet at the owner's 1-based row and column."""

    row: int
    column: int
    value: date | int | float | str | None
    kind: CellKind = CellKind.TEXT


@dataclass(frozen=True, slots=True)
class BaselineUpdate:
    """Everything *Set baseline* writes.

    `new_headers` are header cells for Baseline columns the Plan lacks, at the end of
    its table (row = the header row); `archive_as` renames the current `Baseline` sheet
    before `snapshot` is written.
    """

    plan_sheet: str
    cells: tuple[PlanCell, ...]
    new_headers: tuple[PlanCell, ...]
    snapshot: OutputSheet
    archive_as: str | None
    archive: OutputSheet | None = None  # a snapshot of baseline values found only in the Plan
    set_on: date | None = None
    number: int = 1


def _has_baseline_values(plan: Plan) -> bool:
    """A Baseline sheet, or any Baseline Start/Finish/Duration/Cost filled in the Plan:
    values a new baseline must keep (as a numbered sheet), baseline or not."""
    return plan.baseline is not None or any(
        t.baseline_start
        or t.baseline_finish
        or t.baseline_duration_days is not None
        or t.baseline_cost is not None
        for t in plan.tasks
    )


def baseline_takes_in(analysis: Analysis) -> str | None:
    """What a new baseline would take in as agreed, measured against the current one no
    more: `the 10 working days the project is behind its baseline and the 2 changes nobody
    approved (tasks 18 and 22: 9 working days and USD 6,400)`; while the forecast is
    unknown, the slip it is at least (`the 5 working days or more …`); None when nothing."""
    taken = []
    summary = analysis.summary
    slip = summary.slip
    if slip is not None and slip > 0:
        taken.append(f"the {working_days(slip)} the project is behind its baseline")
    elif slip is None and summary.late_at_least:
        late = working_days(summary.late_at_least)
        taken.append(f"the {late} or more the project is behind its baseline")
    unapproved = analysis.scope.unapproved
    if unapproved:
        ids = [change.task_id for change in unapproved]
        tasks = f"task {ids[0]}" if len(ids) == 1 else f"tasks {join_words(ids)}"
        adds = change_adds_words(unapproved, analysis.plan.settings.currency)
        which = "the change" if len(ids) == 1 else f"the {len(ids)} changes"
        taken.append(f"{which} nobody approved ({tasks}: {adds})")
    return join_words(taken) or None


def find_header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """The 1-based header row: the first of the first 10 holding both `ID` and `Task`."""
    for number, row in enumerate(rows[:10], start=1):
        names = {normalize_name(value) for value in row if isinstance(value, str)}
        if {"id", "task"} <= names:
            return number
    return None


def plan_baseline(
    analysis: Analysis,
    *,
    sheet_names: Iterable[str],
    header_row: int,
    last_header_column: int,
    set_on: date,
    force: bool = False,
) -> BaselineUpdate:
    """What to write to freeze `analysis`'s forecast; refuses to replace one without `force`,
    and refuses (whatever `force`) while a task cannot be scheduled: with no forecast to
    freeze for it, the baseline would give it no agreed dates and the project an agreed
    finish without it (too early: once it is fixed, the project would read as late)."""
    plan = analysis.plan
    names = list(sheet_names)
    if analysis.unscheduled is not None or not any(
        row.forecast_finish is not None for row in analysis.tasks
    ):
        raise NothingToFreezeError(_nothing_to_freeze(analysis))
    if has_baseline(plan) and not force:
        when = (
            f" (set on {format_day(plan.baseline.set_on)})"
            if plan.baseline and plan.baseline.set_on
            else ""
        )
        taken = baseline_takes_in(analysis)
        raise WriteRefusedError(
            f"this plan already has a baseline{when}; nothing was changed."
            + (f" A new baseline would take in as agreed {taken}." if taken else "")
            + " To set a new one, run again with --force: the current baseline is kept as a "
            f"numbered sheet ({_next_history_name(names, plan)})"
        )
    columns = dict(plan.columns)
    # New columns go right of every used header cell, never over the owner's own columns.
    next_column = max([last_header_column, *columns.values()]) + 1
    new_headers = []
    for field, _ in BASELINE_FIELDS:
        if field not in columns:
            columns[field] = next_column
            new_headers.append(PlanCell(header_row, next_column, _HEADERS[field]))
            next_column += 1
    cells = []
    for task in plan.tasks:
        if not task.row:
            continue
        result = analysis.tasks.get(task.id)
        values = {
            "baseline_start": result.forecast_start if result else None,
            "baseline_finish": result.forecast_finish if result else None,
            "baseline_duration_days": task.duration_days,
            "baseline_cost": task.budget,
        }
        for field, kind in BASELINE_FIELDS:
            cells.append(PlanCell(task.row, columns[field], values[field], kind))
    number = _next_number(names, plan)
    archive_as = archive = None
    if _has_baseline_values(plan):
        archive_as = _next_history_name(names, plan)
        if not any(normalize_name(n) == normalize_name(BASELINE_SHEET) for n in names):
            archive = _snapshot_from_plan(plan, archive_as)
            archive_as = None
    return BaselineUpdate(
        plan_sheet=plan.plan_sheet,
        cells=tuple(cells),
        new_headers=tuple(new_headers),
        snapshot=baseline_sheet(analysis, set_on, number),
        archive_as=archive_as,
        archive=archive,
        set_on=set_on,
        number=number,
    )


def baseline_sheet(
    analysis: Analysis, set_on: date, number: int, name: str = BASELINE_SHEET
) -> OutputSheet:
    """The snapshot sheet in the layout `read_plan` reads back (docs/reading.md: "The
    Baseline sheet (layout)")."""
    rows = []
    for task in analysis.plan.tasks:
        result = analysis.tasks.get(task.id)
        rows.append(
            (
                task.id,
                task.name,
                task.duration_days,
                result.forecast_start if result else None,
                result.forecast_finish if result else None,
                task.budget,
            )
        )
    return _snapshot(name, set_on, number, rows, analysis.plan.settings.currency)


def _snapshot_from_plan(plan: Plan, name: str) -> OutputSheet:
    rows = [
        (
            t.id,
            t.name,
            t.baseline_duration_days,
            t.baseline_start,
            t.baseline_finish,
            t.baseline_cost,
        )
        for t in plan.tasks
    ]
    number = int(name.rsplit(" ", 1)[-1])
    return _snapshot(name, None, number, rows, plan.settings.currency)


def _snapshot(
    name: str,
    set_on: date | None,
    number: int,
    rows: Iterable[tuple[str, str, int | None, date | None, date | None, float | None]],
    currency: str | None,
) -> OutputSheet:
    kinds = (
        CellKind.TEXT,
        CellKind.TEXT,
        CellKind.INTEGER,
        CellKind.DATE,
        CellKind.DATE,
        CellKind.MONEY,
    )
    body = [Row(tuple(Cell(v, k) for v, k in zip(values, kinds, strict=True))) for values in rows]
    note = (
        "Written by Set baseline (pmkit baseline): the plan as agreed, which progress, slip "
        "and scope are measured against. Please leave it alone."
    )
    return OutputSheet(
        name=name,
        rows=(
            Row((Cell(BASELINE_SET_ON_LABEL, bold=True), Cell(set_on, CellKind.DATE, bold=True))),
            Row((Cell(BASELINE_NUMBER_LABEL, bold=True), Cell(number, CellKind.INTEGER))),
            Row((Cell(note),), Role.NOTE),
            Row(
                tuple(
                    Cell(column.header, kind)
                    for column, kind in zip(BASELINE.columns, kinds, strict=True)
                ),
                Role.HEADER,
            ),
            *body,
        ),
        widths=(16.0, 36.0, 10.0, DATE_COLUMN_WIDTH, DATE_COLUMN_WIDTH, 12.0),
        header_row=4,
        currency=currency,
        landscape=False,
    )


def _nothing_to_freeze(analysis: Analysis) -> str:
    """Why there is no baseline to set, and what to fix first."""
    if not analysis.plan.tasks:
        return (
            "there is nothing to freeze: the Plan sheet has no tasks yet; nothing was "
            "changed. Fill in one row per task (ID, Task, Duration), then set the baseline"
        )
    unscheduled = analysis.unscheduled
    if not any(row.forecast_finish is not None for row in analysis.tasks):
        unknown = unscheduled.sentence() if unscheduled else "no task can be scheduled"
        return (
            "there is nothing to freeze: no task can be scheduled, so no task has dates; "
            f"nothing was changed. {unknown}"
        )
    assert unscheduled is not None  # `plan_baseline` refuses for no other reason
    count = unscheduled.count
    tasks, them = ("the task", "it") if count == 1 else (f"the {count:,} tasks", "them")
    what = unscheduled.what()
    return (
        f"a baseline now would give {tasks} that cannot be scheduled no agreed dates, and "
        f"the project an agreed finish without {them}; nothing was changed. "
        f"{what[0].upper()}{what[1:]}; then set the baseline"
    )


def _history_numbers(names: Iterable[str]) -> list[int]:
    return [int(m.group(1)) for n in names if (m := _HISTORY.match(n))]


def _next_number(names: list[str], plan: Plan) -> int:
    current = plan.baseline.number if plan.baseline else (1 if _has_baseline_values(plan) else 0)
    return max([current, *_history_numbers(names)]) + 1


def _next_history_name(names: list[str], plan: Plan) -> str:
    taken = {normalize_name(n) for n in names}
    number = plan.baseline.number if plan.baseline else 1
    while normalize_name(f"Baseline {number}") in taken:
        number += 1
    return f"Baseline {number}"
