"""The Plan sheet → `Task`s, with a located `Issue` for every cell that cannot be read.

Rows without an ID, and rows repeating an earlier ID, are left out of the plan (with an
error naming the row that keeps the ID): nothing else could refer to them, and every
later step keys tasks by id. Everything else about a row is kept, field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pmkit.issues import Code, Issue, Severity
from pmkit.model import Link, Task, TaskStatus
from pmkit.reading.cells import Cells, normalize_choice
from pmkit.reading.grid import Grid
from pmkit.reading.header import Header, find_header, merged_cell_issues
from pmkit.reading.predecessors import parse_predecessors
from pmkit.schema import PLAN, Kind

__all__ = ["STATUS_CHOICES", "PlanRows", "read_tasks"]

STATUS_CHOICES: dict[str, str] = {
    normalize_choice(status.value): status.value for status in TaskStatus
}
STATUS_CHOICES.update(
    {
        "complete": "Done",
        "completed": "Done",
        "finished": "Done",
        "started": "In progress",
        "ongoing": "In progress",
        "in work": "In progress",
        "to do": "Not started",
        "todo": "Not started",
        "not yet started": "Not started",
        "hold": "On hold",
        "onhold": "On hold",
        "paused": "On hold",
    }
)

Reader = Callable[[Cells, object, int, int, str | None, str], Any]


def _reader(kind: Kind) -> Reader:
    readers: dict[Kind, Reader] = {
        Kind.ID: Cells.id,
        Kind.TEXT: Cells.text,
        Kind.DAYS: Cells.days,
        Kind.DATE: Cells.date,
        Kind.PERCENT: Cells.percent,
        Kind.MONEY: Cells.money,
        Kind.NUMBER: Cells.number,
        Kind.SCORE: Cells.score,
    }
    return readers[kind]


@dataclass(frozen=True, slots=True)
class PlanRows:
    """What the Plan sheet gave: tasks, the field → column map, and the findings."""

    tasks: tuple[Task, ...]
    columns: dict[str, int]
    issues: tuple[Issue, ...]
    sheet: str


def _blank(row: Sequence[object]) -> bool:
    for value in row:
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                return False
            continue
        return False
    return True


def read_tasks(grid: Grid) -> PlanRows:
    """Read every non-blank row under the Plan header into a `Task`."""
    header: Header = find_header(grid, PLAN, ("ID", "Task"))
    cells = Cells(grid.name)
    issues: list[Issue] = merged_cell_issues(grid, header)
    fields = header.fields
    id_column = fields["id"]
    # The per-cell readers for the optional columns this sheet has, looked up once.
    plain = [
        (
            found.column.field,
            found.index,
            found.number,
            found.column.header,
            _reader(found.column.kind),
        )
        for field_name, found in fields.items()
        if field_name not in {"id", "predecessors", "status"}
    ]
    predecessors = fields.get("predecessors")
    status = fields.get("status")
    first_rows: dict[str, int] = {}
    pending: list[tuple[dict[str, Any], object]] = []
    for offset, row in enumerate(grid.rows[header.grid_index + 1 :], start=header.grid_index + 1):
        if _blank(row):
            continue
        sheet_row = grid.first_row + offset
        width = len(row)
        raw_id = row[id_column.index] if id_column.index < width else None
        if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            cells.add(
                Severity.ERROR,
                Code.MISSING_ID,
                sheet_row,
                id_column.number,
                None,
                f"row {sheet_row} has no ID, so it is left out of the schedule; "
                "give it a unique ID",
            )
            continue
        task_id = cells.id(raw_id, sheet_row, id_column.number, None, "ID")
        if task_id is None:
            continue  # an unusable ID (TRUE, #REF!) was reported by the cell reader
        if task_id in first_rows:
            cells.add(
                Severity.ERROR,
                Code.DUPLICATE_ID,
                sheet_row,
                id_column.number,
                task_id,
                f"ID {task_id} is already used by row {first_rows[task_id]}; this row is left "
                "out of the schedule until it has its own ID",
            )
            continue
        first_rows[task_id] = sheet_row
        values: dict[str, Any] = {"id": task_id, "row": sheet_row}
        for field_name, index, number, label, read in plain:
            value = row[index] if index < width else None
            if value is None or value == "":
                continue
            values[field_name] = read(cells, value, sheet_row, number, task_id, label)
        if status is not None and status.index < width:
            chosen = cells.choice(
                row[status.index],
                sheet_row,
                status.number,
                task_id,
                "Status",
                choices=STATUS_CHOICES,
            )
            values["status"] = TaskStatus(chosen) if chosen else None
        raw_links = row[predecessors.index] if predecessors and predecessors.index < width else None
        pending.append((values, raw_links))
    tasks = [
        _finish_task(values, raw_links, first_rows, cells, fields) for values, raw_links in pending
    ]
    issues.extend(cells.issues)
    columns = {field_name: found.number for field_name, found in fields.items()}
    return PlanRows(tuple(tasks), columns, tuple(issues), grid.name)


def _finish_task(
    values: dict[str, Any],
    raw_links: object,
    known_ids: dict[str, int],
    cells: Cells,
    fields: dict[str, Any],
) -> Task:
    """Add the links (they need every id of the plan) and the defaults, then build the Task."""
    task_id: str = values["id"]
    row: int = values["row"]
    if raw_links is not None and raw_links != "":
        column = fields["predecessors"].number
        if isinstance(raw_links, str):
            parsed = parse_predecessors(raw_links, known_ids)
            values["links"] = parsed.links
            for problem in parsed.problems:
                cells.add(
                    Severity.ERROR,
                    Code.BAD_PREDECESSOR,
                    row,
                    column,
                    task_id,
                    f"Predecessors: {problem}",
                )
        else:
            single = cells.id(raw_links, row, column, task_id, "Predecessors")
            values["links"] = (Link(single),) if single else ()
    if values.get("name") is None:
        values["name"] = ""
    if "duration_days" not in values:
        if "duration_days" in fields:
            cells.add(
                Severity.ERROR,
                Code.BAD_DURATION,
                row,
                fields["duration_days"].number,
                task_id,
                "Duration is blank; enter working days (0 for a milestone)",
            )
        values["duration_days"] = None
    if values.get("percent_complete") is None:
        values["percent_complete"] = 0.0
    return Task(**values)
