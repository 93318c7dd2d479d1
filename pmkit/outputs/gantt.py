"""The `Gantt` sheet: forecast bars over baseline bars, one column per week.

Each task takes two rows — its forecast bar, then its agreed (baseline) bar in a
lighter colour — so slip shows as the dark bar running past the light one. The week
holding the status date is drawn as a vertical line (`OutputSheet.marker_column`).
The sheet stays bounded on huge plans: at most `MAX_TASKS` tasks and `MAX_WEEKS`
weeks, with a note saying what was left out (the Schedule sheet lists everything).
"""

from __future__ import annotations

from datetime import date, timedelta

from pmkit.engine.figures import format_day
from pmkit.engine.results import Analysis, TaskResult
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone

__all__ = ["MAX_TASKS", "MAX_WEEKS", "build_gantt_sheet", "week_starts"]

MAX_TASKS = 1000
MAX_WEEKS = 104
_LEAD_COLUMNS = (("ID", 6.0), ("Task", 36.0), ("Bar", 9.0), ("Start", 11.0), ("Finish", 11.0))
_WEEK_WIDTH = 3.6


def week_starts(first: date, last: date, limit: int = MAX_WEEKS) -> list[date]:
    """The Mondays of the weeks from `first` to `last`, at most `limit` of them."""
    monday = first - timedelta(days=first.weekday())
    weeks: list[date] = []
    while monday <= last and len(weeks) < limit:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def build_gantt_sheet(analysis: Analysis) -> OutputSheet:
    by_id = analysis.plan.task_by_id()
    results = [r for r in analysis.tasks if r.forecast_start and r.forecast_finish]
    shown = results[:MAX_TASKS]
    baseline_starts = {
        t.id: t.baseline_start for t in analysis.plan.tasks if t.baseline_start is not None
    }
    has_baseline = any(r.baseline_finish for r in shown)
    weeks = _weeks(shown, baseline_starts, analysis.status_date)
    week_index = {monday: i for i, monday in enumerate(weeks)}
    lead = len(_LEAD_COLUMNS)

    title = (
        "Forecast bars (dark; red = critical, grey = done) over agreed baseline bars (light), "
        f"one column per week starting Monday. Red line: the status date, "
        f"{format_day(analysis.status_date)}."
    )
    rows: list[Row] = [
        Row((Cell(title),), Role.NOTE),
        Row(
            (*(Cell(name) for name, _ in _LEAD_COLUMNS), *(Cell(m, CellKind.DATE) for m in weeks)),
            Role.HEADER,
        ),
    ]
    for result in shown:
        task = by_id.get(result.id)
        done = task is not None and task.is_done
        tone = Tone.BAR_DONE if done else Tone.BAR_CRITICAL if result.critical else Tone.BAR
        rows.append(
            _bar_row(
                (Cell(result.id, bold=result.critical and not done), Cell(result.name)),
                "Forecast",
                result.forecast_start,
                result.forecast_finish,
                tone=tone,
                week_index=week_index,
                lead=lead,
                milestone=result.duration == 0 and not done,
            )
        )
        if has_baseline:
            rows.append(
                _bar_row(
                    (Cell(None), Cell(None)),
                    "Baseline",
                    baseline_starts.get(result.id),
                    result.baseline_finish,
                    tone=Tone.BAR_BASELINE,
                    week_index=week_index,
                    lead=lead,
                )
            )
    rows += _notes(len(results), len(analysis.tasks), len(shown), weeks)
    status_monday = analysis.status_date - timedelta(days=analysis.status_date.weekday())
    marker = week_index.get(status_monday)
    return OutputSheet(
        name="Gantt",
        rows=tuple(rows),
        widths=(*(w for _, w in _LEAD_COLUMNS), *([_WEEK_WIDTH] * len(weeks))),
        header_row=2,
        freeze_columns=lead,
        marker_column=None if marker is None else lead + marker + 1,
        timeline_from=lead + 1,
    )


def _weeks(
    shown: list[TaskResult], baseline_starts: dict[str, date], status_date: date
) -> list[date]:
    days = [status_date]
    for r in shown:
        days += [d for d in (r.forecast_start, r.forecast_finish, r.baseline_finish) if d]
        start = baseline_starts.get(r.id)
        if start is not None:
            days.append(start)
    return week_starts(min(days), max(days))


def _bar_row(
    lead_cells: tuple[Cell, Cell],
    label: str,
    start: date | None,
    finish: date | None,
    *,
    tone: Tone,
    week_index: dict[date, int],
    lead: int,
    milestone: bool = False,
) -> Row:
    cells = [
        *lead_cells,
        Cell(label, tone=Tone.MUTED if label == "Baseline" else None),
        Cell(start, CellKind.DATE),
        Cell(finish, CellKind.DATE),
    ]
    if start is None or finish is None or finish < start:
        return Row(tuple(cells))
    first = week_index.get(start - timedelta(days=start.weekday()))
    last = week_index.get(finish - timedelta(days=finish.weekday()))
    if first is None and last is None:
        return Row(tuple(cells))
    first = 0 if first is None else first
    last = len(week_index) - 1 if last is None else last
    cells += [Cell(None)] * first
    for _ in range(first, last + 1):
        cells.append(Cell("◆", tone=Tone.MILESTONE) if milestone else Cell(None, tone=tone))
    return Row(tuple(cells))


def _notes(schedulable: int, total: int, shown: int, weeks: list[date]) -> list[Row]:
    notes = []
    if schedulable < total:
        notes.append(
            f"{total - schedulable} tasks could not be scheduled and are not shown "
            "(see the Flags sheet)."
        )
    if shown < schedulable:
        notes.append(
            f"Showing the first {shown:,} of {schedulable:,} tasks; the Schedule "
            "sheet lists them all."
        )
    if len(weeks) == MAX_WEEKS:
        notes.append(
            f"Showing {MAX_WEEKS} weeks from {format_day(weeks[0])}; bars running "
            "later are cut at the right edge."
        )
    return [Row((Cell(note),), Role.NOTE) for note in notes]
