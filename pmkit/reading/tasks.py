"""The Plan sheet → `Task`s, with a located `Issue` for every cell that cannot be read.

Rows without an ID, and rows repeating an earlier ID, are left out of the plan (with an
error naming the row that keeps the ID): nothing else could refer to them, and every
later step keys tasks by id. Everything else about a row is kept, field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from itertools import repeat
from typing import Any

from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import ConstraintType, Link, Task, TaskStatus
from pmkit.engine.schema import PLAN
from pmkit.reading.cells import Cells, describe, normalize_choice, parse_id
from pmkit.reading.columns import convert_column, split_columns
from pmkit.reading.formula_values import ExcelError, UncalculatedFormula
from pmkit.reading.grid import Grid
from pmkit.reading.header import FieldColumn, Header, find_header, merged_cell_issues
from pmkit.reading.predecessors import read_links
from pmkit.reading.task_builder import new_task
from pmkit.reading.unread_columns import link_text_issues, near_miss_issues

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

CONSTRAINT_CHOICES: dict[str, str] = {
    normalize_choice(kind.value): kind.value for kind in ConstraintType
}
CONSTRAINT_CHOICES.update(
    {
        "asap": "As Soon As Possible",
        "alap": "As Late As Possible",
        "mso": "Must Start On",
        "mfo": "Must Finish On",
        "snet": "Start No Earlier Than",
        "snlt": "Start No Later Than",
        "fnet": "Finish No Earlier Than",
        "fnlt": "Finish No Later Than",
        "start on": "Must Start On",
        "finish on": "Must Finish On",
    }
)
YES_NO_CHOICES: dict[str, str] = {
    **dict.fromkeys(("yes", "y", "true", "1", "x"), "Yes"),
    **dict.fromkeys(("no", "n", "false", "0"), "No"),
}
_CHOICE_FIELDS: dict[str, tuple[str, dict[str, str], Callable[[str], object]]] = {
    "constraint": ("Constraint", CONSTRAINT_CHOICES, ConstraintType),
    "fixed_dates": ("Fixed Dates", YES_NO_CHOICES, lambda text: text == "Yes"),
}

_TASK_FIELDS = tuple(field.name for field in fields(Task))
"""Task's fields in constructor order: tasks are built positionally, column by column."""
_ROW_FIELDS = frozenset({"id", "row", "name", "links", "status", "percent_complete"})


@dataclass(frozen=True, slots=True)
class PlanRows:
    """What the Plan sheet gave: tasks, the field → column map, the findings, and the
    rows left out because nothing in them could be read (`Plan.unread_rows`)."""

    tasks: tuple[Task, ...]
    columns: dict[str, int]
    issues: tuple[Issue, ...]
    sheet: str
    unread_rows: tuple[int, ...] = ()


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


_TOTALS_LABELS = frozenset(
    {"total", "totals", "grand total", "subtotal", "sub-total", "sub total", "sum"}
)
"""What a hand-made plan's own totals row says under Task (capitals and a trailing `:`
aside); `Total rebuild` is a task."""


def _totals_row(
    cells: Cells, row: Sequence[object], sheet_row: int, columns: tuple[FieldColumn, ...]
) -> bool:
    """Whether `row` is a hand-made totals row — `TOTAL` under Task with no ID, or `Total`
    as the ID with nothing else under Task — noted (`totals-row`) at the label's cell.
    `columns`: the ID column, then the Task column when there is one."""
    id_column, *name = columns
    id_text = _text_at(row, id_column.index)
    name_text = _text_at(row, name[0].index) if name else ""
    if id_text == "" and name_text and _is_totals_label(name_text):
        at, label = name[0].number, name_text
    elif id_text and _is_totals_label(id_text) and name_text in ("", id_text):
        at, label = id_column.number, id_text
    else:
        return False
    cells.add(
        Severity.INFO,
        Code.TOTALS_ROW,
        sheet_row,
        at,
        None,
        f"Row {sheet_row} (“{label}”) reads as a totals row, so it is not counted as a task; "
        "if it is a task, give it an ID",
    )
    return True


def _text_at(row: Sequence[object], index: int) -> str | None:
    """The stripped text at `index` (`""` when blank), None for anything else."""
    value = row[index] if 0 <= index < len(row) else None
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else None


def _is_totals_label(text: str) -> bool:
    return text.rstrip(":").strip().casefold() in _TOTALS_LABELS


def _kept_rows(  # noqa: PLR0912 - one branch per kind of row that is not a task
    grid: Grid, header: Header, cells: Cells
) -> tuple[list[Sequence[object]], list[int], list[str], list[int]]:
    """The rows that become tasks, their sheet row numbers and ids, and the rows of
    nothing but uncalculated formulas.

    Blank rows are skipped; rows without a usable id, or repeating an earlier one, are
    reported and left out, and so are rows of formulas never calculated (one finding).
    """
    id_column = header.fields["id"]
    index, number = id_column.index, id_column.number
    labelled = (id_column, *([header.fields["name"]] if "name" in header.fields else []))
    kept: list[Sequence[object]] = []
    sheet_rows: list[int] = []
    ids: list[str] = []
    first_rows: dict[str, int] = {}
    first = header.grid_index + 1
    totals = grid.totals_rows
    uncalculated: list[int] = []
    for offset, row in enumerate(grid.rows[first:], start=first + grid.first_row):
        if totals and offset in totals:
            continue  # an Excel table's totals row (=SUBTOTAL(…)) is not a task
        raw_id = row[index] if index < len(row) else None
        if type(raw_id) is not float and _totals_row(cells, row, offset, labelled):
            continue  # the owner's own totals row (`Total`), not a task without an ID
        task_id: str | None
        if type(raw_id) is float and raw_id.is_integer():
            task_id = str(int(raw_id))
        elif type(raw_id) is str and raw_id.strip():
            task_id = raw_id.strip()
        elif _blank(row):
            continue
        elif _only_uncalculated(row):
            uncalculated.append(offset)
            continue
        elif raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            cells.add(
                Severity.ERROR,
                Code.MISSING_ID,
                offset,
                number,
                None,
                f"Row {offset} has no ID, so it is left out of the schedule; give it a unique ID",
            )
            continue
        elif isinstance(raw_id, ExcelError):
            cells.id(raw_id, offset, number, None, "ID")  # reports the formula error
            continue
        else:
            task_id = parse_id(raw_id)
        if task_id is None:
            cells.add(
                Severity.ERROR,
                Code.BAD_VALUE,
                offset,
                number,
                None,
                f"ID {describe(raw_id)} cannot be used as an ID, so row {offset} is left "
                "out of the schedule; use a number or short text",
            )
            continue
        earlier = first_rows.get(task_id)
        if earlier is not None:
            cells.add(
                Severity.ERROR,
                Code.DUPLICATE_ID,
                offset,
                number,
                task_id,
                f"ID {task_id} is already used by row {earlier}; this row is left "
                "out of the schedule until it has its own ID",
            )
            continue
        first_rows[task_id] = offset
        kept.append(row)
        sheet_rows.append(offset)
        ids.append(task_id)
    if uncalculated:
        many = len(uncalculated) > 1
        rows = (
            f"Rows {uncalculated[0]} to {uncalculated[-1]} ({len(uncalculated):,} rows) hold"
            if many
            else f"Row {uncalculated[0]} holds"
        )
        cells.add(
            Severity.ERROR,
            Code.UNCALCULATED_FORMULA,
            uncalculated[0],
            number,
            None,
            f"{rows} only formulas that were never calculated (the file was saved by a "
            f"program that does not calculate formulas), so pmkit cannot read "
            f"{'them and counts each' if many else 'it and counts it'} as a task that cannot "
            "be scheduled; open the file in Excel and save it",
        )
    return kept, sheet_rows, ids, uncalculated


def _only_uncalculated(row: Sequence[object]) -> bool:
    """Nothing but blanks and formulas saved without their values: no id to read."""
    return all(
        isinstance(value, UncalculatedFormula) or value is None or value == "" for value in row
    ) and any(isinstance(value, UncalculatedFormula) for value in row)


def read_tasks(grid: Grid) -> PlanRows:
    """Read every non-blank row under the Plan header into a `Task`."""
    header: Header = find_header(grid, PLAN, ("ID", "Task"))
    cells = Cells(grid.name, percent_cells=grid.percent_cells, dates_as_dates=grid.dates_as_dates)
    issues: list[Issue] = merged_cell_issues(grid, header)
    rows, sheet_rows, ids, unread = _kept_rows(grid, header, cells)
    near_misses = near_miss_issues(grid, header, PLAN)
    issues += near_misses
    if header.others:
        warned = {issue.location.column for issue in near_misses if issue.location}
        issues += link_text_issues(grid, header, ids, skip={c for c in warned if c})
    count = len(rows)
    columns: dict[str, list[Any] | repeat[Any]] = {"id": ids, "row": sheet_rows}
    by_index = split_columns(rows, max(found.index for found in header.fields.values()) + 1)
    for field_name, found in header.fields.items():
        if field_name == "id":
            continue
        values = by_index[found.index]
        if field_name == "predecessors":
            columns["links"] = _links_column(cells, values, sheet_rows, ids, found.number)
        elif field_name == "status":
            columns["status"] = _status_column(cells, values, sheet_rows, ids, found.number)
        elif field_name in _CHOICE_FIELDS:
            label, choices, meaning = _CHOICE_FIELDS[field_name]
            chosen = _choice_column(cells, values, sheet_rows, ids, found.number, label, choices)
            columns[field_name] = [None if c is None else meaning(c) for c in chosen]
        else:
            read_as = found.column
            columns[field_name] = convert_column(
                cells,
                read_as.kind,
                values,
                sheet_rows,
                ids,
                found.number,
                read_as.header,
                non_negative=read_as.non_negative,
            )
    names = columns.get("name")
    columns["name"] = [name or "" for name in names] if names is not None else repeat("", count)
    if "fixed_dates" in columns:
        columns["fixed_dates"] = [bool(value) for value in columns["fixed_dates"]]
    _fold_start_no_earlier_than(columns, count)
    percents = columns.get("percent_complete")
    if percents is not None:
        columns["percent_complete"] = [0.0 if p is None else p for p in percents]
    durations = columns.get("duration_days")
    duration_column = header.number("duration_days")
    if isinstance(durations, list) and duration_column is not None:
        for index, raw in enumerate(rows):
            position = header.fields["duration_days"].index
            if durations[index] is None and _blank(raw[position : position + 1]):
                cells.add(
                    Severity.ERROR,
                    Code.BAD_DURATION,
                    sheet_rows[index],
                    duration_column,
                    ids[index],
                    "Duration is blank; enter working days (0 for a milestone)",
                )
    defaults = {field.name: field.default for field in fields(Task)}
    ordered = [
        given if (given := columns.get(name)) is not None else repeat(defaults[name], count)
        for name in _TASK_FIELDS
    ]
    tasks = tuple(new_task(*values) for values in zip(*ordered, strict=True))
    cells.issues.sort(key=_position)
    issues.extend(cells.issues)
    numbers = {field_name: found.number for field_name, found in header.fields.items()}
    return PlanRows(tasks, numbers, tuple(issues), grid.name, tuple(unread))


def _position(issue: Issue) -> tuple[int, int]:
    where = issue.location
    return (where.row or 0, where.column or 0) if where else (0, 0)


def _status_column(
    cells: Cells, values: Sequence[object], rows: list[int], ids: list[str], column: int
) -> list[TaskStatus | None]:
    memo: dict[str, TaskStatus] = {}
    out: list[TaskStatus | None] = [None] * len(values)
    for index, value in enumerate(values):
        if value is None or value == "":
            continue
        if type(value) is str and (known := memo.get(value)) is not None:
            out[index] = known
            continue
        chosen = cells.choice(
            value, rows[index], column, ids[index], "Status", choices=STATUS_CHOICES
        )
        if chosen is not None:
            out[index] = TaskStatus(chosen)
            if type(value) is str:
                memo[value] = out[index]  # type: ignore[assignment]
    return out


def _choice_column(  # noqa: PLR0917 - a column: its cells, rows, ids, number, label, choices
    cells: Cells,
    values: Sequence[object],
    rows: list[int],
    ids: list[str],
    column: int,
    label: str,
    choices: dict[str, str],
) -> list[str | None]:
    """Each cell as one of `choices` (None when blank or not one of them, which is reported)."""
    return [
        None
        if value is None or value == ""
        else cells.choice(value, rows[index], column, ids[index], label, choices=choices)
        for index, value in enumerate(values)
    ]


def _fold_start_no_earlier_than(columns: dict[str, Any], count: int) -> None:
    """Constraint = Start No Earlier Than is the Start No Earlier Than column said another
    way: the task keeps one date, the later of the two (it satisfies both)."""
    kinds = columns.get("constraint")
    if kinds is None or ConstraintType.START_NO_EARLIER_THAN not in kinds:
        return
    dates = columns.get("constraint_date") or [None] * count
    earliest = columns.get("start_no_earlier_than") or [None] * count
    kinds, dates, earliest = list(kinds), list(dates), list(earliest)
    for index, kind in enumerate(kinds):
        if kind is ConstraintType.START_NO_EARLIER_THAN and dates[index] is not None:
            given = earliest[index]
            earliest[index] = dates[index] if given is None else max(given, dates[index])
            kinds[index], dates[index] = None, None
    columns["constraint"], columns["constraint_date"] = kinds, dates
    columns["start_no_earlier_than"] = earliest


def _links_column(
    cells: Cells, values: Sequence[object], rows: list[int], ids: list[str], column: int
) -> list[tuple[Link, ...]]:
    """Every Predecessors cell parsed against the plan's ids (which settle `T-1`, `PASS`)."""
    known = set(ids)
    memo: dict[str, Link] = {}
    problems: list[str] = []
    out: list[tuple[Link, ...]] = [()] * len(values)
    for index, value in enumerate(values):
        if value is None or value == "":
            continue
        if type(value) is str:
            out[index] = read_links(value, known, memo, problems)
            for problem in problems:
                cells.add(
                    Severity.ERROR,
                    Code.BAD_PREDECESSOR,
                    rows[index],
                    column,
                    ids[index],
                    f"Predecessors: {problem}",
                )
            problems.clear()
        else:
            single = cells.id(value, rows[index], column, ids[index], "Predecessors")
            out[index] = (Link(single),) if single else ()
    return out
