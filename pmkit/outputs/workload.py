"""The `Workload` sheet: each owner's load per week as a heat map, then each owner's week.

One row per owner (Team sheet order, then as the Plan names them) and one column per
week from the status date on (at most `MAX_WEEKS`), each cell the share of what they can
give that week that is booked (`pmkit.engine.workload`), coloured on the palette's graded
scale (`palette.load_tone`); the loads of an owner of work that cannot be scheduled read
at least what is shown (`≥ 80.0%`), as on the portfolio's People sheet (`week_cell`). Under
it, each owner's week (`OwnerLoad.week_tasks`): what to
finish or work on in the next working days, overdue first, each task linked to its Plan
row. (The project's "This week" list of problems is on the Summary sheet.)

A plan whose tasks have no owner gets a `refresh_only` sheet saying so: written only
where an earlier Workload sheet would otherwise go stale (docs/report.md: "Workload (when tasks
have owners)").
"""

from __future__ import annotations

from pmkit.engine.figures import format_day, format_percent, shown_percent
from pmkit.engine.model import TaskStatus, owner_key
from pmkit.engine.progress import late_owner_words
from pmkit.engine.results import Analysis
from pmkit.engine.workload import OwnerLoad, OwnerWeekAction, OwnerWeekTask, Workload
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone, fit_cell_text
from pmkit.outputs.palette import AT_LEAST, load_tone

__all__ = [
    "AT_LEAST_WEEK_WIDTH",
    "MAX_LISTED",
    "MAX_WEEKS",
    "WEEK_WIDTH",
    "WORKLOAD_FIRST",
    "WORKLOAD_SHEET",
    "at_least_note",
    "build_workload_sheet",
    "load_cell",
    "week_cell",
    "week_task_sentence",
]

WORKLOAD_SHEET = "Workload"
WORKLOAD_FIRST = "Work booked per week"
"""How A1 of the Workload sheet begins: how an unmarked one is known as pmkit's."""
MAX_WEEKS = 26
"""Half a year of weeks: past that a forecast is too uncertain to plan people by."""
MAX_LISTED = 15
"""Tasks listed per owner in their week (the Flags and Schedule sheets list all)."""
_LEAD = (("Owner", 22.0), ("Capacity", 9.0))
WEEK_WIDTH = 8.0
"""Wide enough for a load as every share is shown: one decimal (`166.7%`)."""
AT_LEAST_WEEK_WIDTH = 10.0
"""A week's column with an at-least load in it: `≥ 111.1%` shown whole."""
_NO_OWNERS = (
    "No task has an owner yet. Write who answers for each task in the Plan's Owner column "
    "(and list them on the Team sheet) to see each person's load here."
)
_QUIET = "Nothing to finish or work on in these days."
_ACTIONS = {
    OwnerWeekAction.OVERDUE: "overdue",
    OwnerWeekAction.FINISH: "finish",
    OwnerWeekAction.WORK: "work on",
}


def build_workload_sheet(analysis: Analysis) -> OutputSheet:
    """The Workload sheet of `analysis` (a `refresh_only` one when no task has an owner)."""
    workload = analysis.workload
    if not any(task.owner for task in analysis.plan.tasks):
        return OutputSheet(
            WORKLOAD_SHEET,
            (Row((Cell(_NO_OWNERS),), Role.NOTE),),
            (80.0,),
            refresh_only=True,
        )
    weeks = workload.weeks[:MAX_WEEKS]
    lead = len(_LEAD)
    rows = [
        *(Row((Cell(line),), Role.NOTE) for line in _intro(analysis)),
        Row(
            (
                *(Cell(name) for name, _ in _LEAD),
                *(Cell(monday, CellKind.DATE) for monday in weeks),
            ),
            Role.HEADER,
        ),
    ]
    at_least = [workload.at_least(owner) for owner in workload.owners]
    rows += [
        _load_row(owner, len(weeks), short)
        for owner, short in zip(workload.owners, at_least, strict=True)
    ]
    rows += [Row((Cell(note),), Role.NOTE) for note in _notes(workload, len(weeks), any(at_least))]
    rows += _owner_week_rows(workload)
    width = AT_LEAST_WEEK_WIDTH if any(at_least) else WEEK_WIDTH
    return OutputSheet(
        WORKLOAD_SHEET,
        tuple(rows),
        (*(width for _, width in _LEAD), *([width] * len(weeks))),
        header_row=4,
        freeze_columns=lead,
        timeline_from=lead + 1,
    )


def _intro(analysis: Analysis) -> tuple[str, ...]:
    """Short lines, each no wider than the table: what a figure means, and the colours."""
    first = analysis.workload.owner_week
    start = format_day(first[0]) if first else f"after {format_day(analysis.status_date)}"
    return (
        f"{WORKLOAD_FIRST} against what each person can give this project: 100 % is fully booked.",
        "Capacity and Days Off come from the Team sheet; a task needs its owner on each of "
        "its working days.",
        f"Amber over 100 %, red over 150 % or booked while away. From {start}; weeks start "
        "on Monday.",
    )


def _load_row(owner: OwnerLoad, weeks: int, at_least: bool) -> Row:
    """An owner's weeks; `at_least`: work that cannot be scheduled may be theirs
    (`Workload.at_least`)."""
    cells = [
        Cell(owner.name, bold=True),
        Cell(owner.capacity, CellKind.PERCENT, tone=None if owner.on_team else Tone.MUTED),
    ]
    cells += [
        week_cell(
            owner.booked_days[week],
            owner.load(week),
            at_least=at_least,
            off=owner.free_days[week] == 0,
        )
        for week in range(weeks)
    ]
    return Row(tuple(cells))


def week_cell(booked_days: int, load: float | None, *, at_least: bool, off: bool = False) -> Cell:
    """A week of one person on both load sheets (Workload, and People on the portfolio):
    blank when nothing is booked (a grey "off" in a week they are away), else the load
    (`load_cell`). `at_least`: work that cannot be scheduled, which no week counts, may
    be theirs (`pmkit.engine.workload.work_missed`), so the load reads `≥` — and a week
    with nothing booked `≥ 0.0%`, which is not free time."""
    if not booked_days and off:
        return Cell("off", tone=Tone.MUTED)
    if not booked_days and not at_least:
        return Cell(None)
    return load_cell(load, at_least=at_least)


def at_least_note(whose: str) -> str:
    """What `≥` means on a load sheet, `whose` saying whose work is not counted: `they
    own work that cannot be scheduled yet`."""
    return (
        f"{AT_LEAST} 80.0%: at least 80 % — {whose}, and it is not counted; {AT_LEAST} "
        "0.0%: none of the work counted falls that week, which is not free time."
    )


def load_cell(load: float | None, *, at_least: bool = False) -> Cell:
    """A booked week's load as both load sheets show it (Workload, and People on the
    portfolio): the percentage on the heat scale, or a bold "off" for work booked in a
    week the person cannot give any time to (`load` None). `at_least`: work the load
    does not count may add to it, so it reads `≥ 80.0%` (a number all the same, on the
    same scale)."""
    if load is None:
        return Cell("off", tone=load_tone(None), bold=True)
    tone = load_tone(shown_percent(load))
    kind = CellKind.AT_LEAST_PERCENT if at_least else CellKind.PERCENT
    return Cell(load, kind, tone=tone)


def _notes(workload: Workload, shown: int, at_least: bool) -> list[str]:
    notes = []
    if not workload.weeks:
        notes.append("Nothing is booked after the status date.")
    if workload.partial:
        notes.append(workload.partial + ".")
    if at_least:
        whose = (
            "they own work that cannot be scheduled yet"
            if workload.missed_owners is not None
            else "work that cannot be scheduled yet may be theirs"
        )
        notes.append(at_least_note(whose))
    if any(not owner.on_team for owner in workload.owners):
        notes.append("Capacity in grey: not on the Team sheet, so counted full time.")
    if len(workload.weeks) > shown:
        notes.append(
            f"Showing {shown} weeks, to {format_day(workload.weeks[shown - 1])}; "
            f"{len(workload.weeks) - shown} later weeks are left out (the Flags sheet names "
            "every week over capacity)."
        )
    return notes


def _owner_week_rows(workload: Workload) -> list[Row]:
    if workload.owner_week is None:
        return []
    first, last = workload.owner_week
    rows = [
        Row((Cell(None),)),
        Row(
            (
                Cell(
                    f"Each owner's week, {format_day(first)} to {format_day(last)}: what to "
                    "finish or work on, overdue first"
                ),
            ),
            Role.HEADING,
        ),
    ]
    for owner in workload.owners:
        if not owner.week_tasks:
            rows.append(
                Row((Cell(owner.name, bold=True), Cell(None), Cell(_QUIET, tone=Tone.MUTED)))
            )
            continue
        for item in owner.week_tasks[:MAX_LISTED]:
            rows.append(
                Row(
                    (
                        Cell(owner.name, bold=True),
                        Cell(item.task_id, link=item.location),
                        Cell(
                            fit_cell_text(week_task_sentence(item, owner.name)),
                            tone=Tone.CRITICAL if item.action is OwnerWeekAction.OVERDUE else None,
                            bold=item.critical,
                        ),
                    )
                )
            )
        if len(owner.week_tasks) > MAX_LISTED:
            more = len(owner.week_tasks) - MAX_LISTED
            rows.append(
                Row(
                    (
                        Cell(owner.name, bold=True),
                        Cell(None),
                        Cell(f"… and {more} more (see the Schedule sheet)", tone=Tone.MUTED),
                    )
                )
            )
    return rows


def week_task_sentence(item: OwnerWeekTask, owner: str, *, own: str = "theirs") -> str:
    """`Overdue: Build product catalogue — was due Mon 13 Apr 2026, 5 % done, critical`:
    one task of `owner`'s week, as the Workload sheet and the morning digest word it. An
    overdue task waiting on a late one says so, as its finding does: `…, 0 % done,
    waiting on task 16 (late, owned by Brightline Web)`; when that task is `owner`'s too,
    `(late, also theirs)` — `own` is the word for it (`yours` in their own digest)."""
    what = _ACTIONS[item.action].capitalize()
    if item.action is OwnerWeekAction.OVERDUE:
        when = f"was due {format_day(item.due)}" if item.due else "overdue"
        if item.percent_complete is None:  # cannot be read: never "0 % done"
            when += f", % Complete at {item.percent_unread_at or 'its cell'} cannot be read"
        else:
            when += f", {format_percent(item.percent_complete)} done"
    elif item.finish is None:
        when = ""
    elif item.finish_at_earliest:  # work dated in the past is not done: no forecast
        when = f"dated to finish {format_day(item.finish)} at the earliest"
    elif item.action is OwnerWeekAction.FINISH:
        when = f"by {format_day(item.finish)}"
    else:
        when = f"finishes {format_day(item.finish)}"
    extra = [when] if when else []
    if item.critical:
        extra.append("critical")
    if item.status in (TaskStatus.BLOCKED, TaskStatus.ON_HOLD):
        extra.append(item.status.value.lower())
    if item.waiting_on is not None:
        held = item.waiting_owner
        mine = held is not None and owner_key(held) == owner_key(owner)
        whose = f"late, also {own}" if mine else late_owner_words(held)
        extra.append(f"waiting on task {item.waiting_on} ({whose})")
    name = item.name.strip() or f"task {item.task_id}"  # a task without a name: its ID
    return f"{what}: {name} — {', '.join(extra)}" if extra else f"{what}: {name}"
