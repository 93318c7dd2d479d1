"""The `Gantt` sheet: forecast bars over baseline bars, one column per day or per week.

Each task takes two rows — its forecast bar, then its agreed (baseline) bar in a
lighter colour — so slip shows as the dark bar running past the light one. The agreed
bar runs from the Baseline Start (the Plan's, else the Baseline sheet's) to the Baseline
Finish; with no Baseline Start it is counted back over the Baseline Duration, as planned
value counts it (`pmkit.engine.variance.agreed_start`), and with neither only the agreed
finish is marked (`AGREED_FINISH`): no start is made up. A plan that
spans at most `DAILY_MAX_DAYS` gets a column per calendar day; a longer one a column per
week (starting Monday). The day or week holding the status date is drawn as a vertical
line (`OutputSheet.marker_column`). The sheet stays bounded on huge plans: at most
`MAX_TASKS` tasks and `MAX_WEEKS` weeks, with a note saying what was left out (the
Schedule sheet lists everything); a writer with a tighter limit (Google's size of one
write) passes its own `max_tasks` and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pmkit.engine.figures import DATE_COLUMN_WIDTH, format_day, join_words
from pmkit.engine.results import Analysis, TaskResult
from pmkit.engine.variance import WorkdayIndex, agreed_start, plan_baselines
from pmkit.engine.workdays import WorkCalendar
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone

__all__ = [
    "AGREED_FINISH",
    "DAILY_MAX_DAYS",
    "GANTT_SHEET",
    "LEAD_COLUMNS",
    "MAX_TASKS",
    "MAX_WEEKS",
    "TimeScale",
    "build_gantt_sheet",
    "tasks_shown",
    "time_scale",
    "week_starts",
]

GANTT_SHEET = "Gantt"
MAX_TASKS = 2000
MAX_WEEKS = 156
"""Three years of weeks: a two-year plan fits with room either side."""
DAILY_MAX_DAYS = 63
"""Plans spanning up to nine weeks get a column per day."""
_LEAD_COLUMNS = (
    ("ID", 6.0),
    ("Task", 34.0),
    ("Bar", 9.0),
    ("Start", float(DATE_COLUMN_WIDTH)),
    ("Finish", float(DATE_COLUMN_WIDTH)),
)
LEAD_COLUMNS = len(_LEAD_COLUMNS)
_TIME_WIDTH = 3.6
_SHOWN_ALL = "the Schedule sheet lists them all"
_FORECAST, _BASELINE = "Forecast", "Baseline"
_MILESTONE = "◆"
AGREED_FINISH = "▐"
"""The agreed row's mark on the day (or week) of an agreed finish whose start is not
known (a Baseline Finish with no Baseline Start nor Baseline Duration): the end of an
agreed bar whose beginning was never written down."""
_NAMED = 5
"""Tasks a note names before it counts the rest."""


@dataclass(frozen=True, slots=True)
class TimeScale:
    """The Gantt's time columns: each starts on one of `starts`, `days` long (1 or 7)."""

    starts: tuple[date, ...]
    days: int

    def column(self, day: date) -> int | None:
        """0-based time column holding `day`, or None outside the scale."""
        if not self.starts:
            return None
        index = (day - self.starts[0]).days // self.days
        return index if 0 <= index < len(self.starts) else None

    @property
    def cut(self) -> bool:
        """Whether the scale stopped at `MAX_WEEKS` before the plan's last date."""
        return self.days == 7 and len(self.starts) == MAX_WEEKS


def week_starts(first: date, last: date, limit: int = MAX_WEEKS) -> list[date]:
    """The Mondays of the weeks from `first` to `last`, at most `limit` of them."""
    monday = first - timedelta(days=first.weekday())
    weeks: list[date] = []
    while monday <= last and len(weeks) < limit:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def time_scale(first: date, last: date) -> TimeScale:
    """Daily columns from `first`'s Monday when the plan spans at most `DAILY_MAX_DAYS`,
    else weekly ones."""
    monday = first - timedelta(days=first.weekday())
    span = (last - monday).days + 1
    if span <= DAILY_MAX_DAYS:
        return TimeScale(tuple(monday + timedelta(days=n) for n in range(span)), 1)
    return TimeScale(tuple(week_starts(first, last)), 7)


def build_gantt_sheet(
    analysis: Analysis, *, max_tasks: int = MAX_TASKS, cut_reason: str | None = None
) -> OutputSheet:
    """The Gantt of `analysis`: at most `max_tasks` tasks (in plan order); when tasks are
    left out the note says so, and why when `cut_reason` is given."""
    by_id = analysis.plan.task_by_id()
    results = [r for r in analysis.tasks if r.forecast_start and r.forecast_finish]
    shown = results[: max(0, max_tasks)]
    has_baseline = any(r.baseline_finish for r in shown)
    agreed = _agreed_spans(analysis, shown) if has_baseline else {}
    scale = _scale(shown, agreed, analysis.status_date)
    lead = LEAD_COLUMNS
    each = "one column per day" if scale.days == 1 else "one column per week starting Monday"
    finish_only = [task_id for task_id, span in agreed.items() if span.mark == AGREED_FINISH]
    counted = [task_id for task_id, span in agreed.items() if span.counted_back]
    legend = f"; {AGREED_FINISH} an agreed finish only" if finish_only else ""
    # measured against part of the plan no task is known to be critical: none is red
    if analysis.summary.critical_path is not None:
        bars = f"red = critical, grey = done; {_MILESTONE} a milestone"
    else:
        bars = (
            f"grey = done; {_MILESTONE} a milestone; none red: which tasks are critical is "
            "unknown until every task can be scheduled"
        )
    title = (
        f"Forecast bars (dark; {bars}) over "
        f"agreed baseline bars (light{legend}), "
        f"{each}. Red line: the status date, {format_day(analysis.status_date)}."
    )
    rows: list[Row] = [
        Row((Cell(title),), Role.NOTE),
        Row(
            (
                *(Cell(name) for name, _ in _LEAD_COLUMNS),
                *(Cell(start, CellKind.DATE) for start in scale.starts),
            ),
            Role.HEADER,
        ),
    ]
    for result in shown:
        task = by_id.get(result.id)
        done = task is not None and task.is_done
        critical = bool(result.critical) and not done  # None (unknown) is not red
        tone = Tone.BAR_DONE if done else Tone.BAR_CRITICAL if critical else Tone.BAR
        milestone = None
        if result.duration == 0:  # a ◆ whether it is reached yet or not
            milestone = (
                Tone.MILESTONE_DONE
                if done
                else Tone.MILESTONE_CRITICAL
                if critical
                else Tone.MILESTONE
            )
        rows.append(
            _bar_row(
                (Cell(result.id, bold=critical), Cell(result.name)),
                _FORECAST,
                (result.forecast_start, result.forecast_finish),
                tone=tone,
                scale=scale,
                milestone=milestone,
                keep_with_next=has_baseline,  # a task's two bars print on one page
            )
        )
        if has_baseline:
            span = agreed[result.id]
            rows.append(
                _bar_row(
                    (Cell(None), Cell(None)),
                    _BASELINE,
                    (span.start, result.baseline_finish),
                    tone=Tone.BAR_BASELINE,
                    scale=scale,
                    milestone=Tone.MILESTONE_BASELINE if span.mark else None,
                    drawn=span.drawn,
                    mark=span.mark or _MILESTONE,
                )
            )
    rows += _notes(analysis, len(results), len(shown), scale, cut_reason)
    rows += _agreed_notes(finish_only, counted)
    marker = scale.column(analysis.status_date)
    return OutputSheet(
        name=GANTT_SHEET,
        rows=tuple(rows),
        widths=(*(w for _, w in _LEAD_COLUMNS), *([_TIME_WIDTH] * len(scale.starts))),
        header_row=2,
        freeze_columns=lead,
        marker_column=None if marker is None else lead + marker + 1,
        timeline_from=lead + 1,
    )


@dataclass(frozen=True, slots=True)
class _Agreed:
    """A task's agreed row: its Baseline Start as written (`start`, shown in the Start
    column), the days its bar covers (`drawn`; None: nothing to draw) and, when it is
    drawn as a mark rather than a bar, the mark (◆ or `AGREED_FINISH`)."""

    start: date | None
    drawn: tuple[date, date] | None
    mark: str | None = None
    counted_back: bool = False


def _agreed_spans(analysis: Analysis, shown: list[TaskResult]) -> dict[str, _Agreed]:
    """The agreed row of each task in `shown`, from the plan's baseline (`plan_baselines`:
    the Plan's Baseline columns, else the Baseline sheet's row)."""
    plan = analysis.plan
    baselines = plan_baselines(plan)
    slots = {task.id: slot for slot, task in enumerate(plan.tasks)}
    index: WorkdayIndex | None = None
    spans: dict[str, _Agreed] = {}
    for result in shown:
        slot = slots.get(result.id)
        start = None if slot is None else baselines.start[slot]
        days = None if slot is None else baselines.duration_days[slot]
        finish = result.baseline_finish
        # a milestone was agreed as a day, not a week of work
        milestone = (result.duration if days is None else days) == 0
        mark = _MILESTONE if milestone else None
        if finish is None or (start is not None and finish < start):
            spans[result.id] = _Agreed(start, None)
        elif start is not None:
            spans[result.id] = _Agreed(start, (start, finish), mark)
        elif milestone:  # a milestone's agreed day is its finish
            spans[result.id] = _Agreed(None, (finish, finish), _MILESTONE)
        elif days is not None:  # the agreed working days, counted back from the finish
            if index is None:
                index = WorkdayIndex(WorkCalendar.for_plan(plan))
            first = agreed_start(index, finish, days)
            spans[result.id] = _Agreed(None, (first, finish), counted_back=True)
        else:  # the finish alone was agreed: no bar, a mark on that day
            spans[result.id] = _Agreed(None, (finish, finish), AGREED_FINISH)
    return spans


def tasks_shown(sheet: OutputSheet) -> int:
    """How many tasks a Gantt sheet draws (one forecast row each)."""
    return sum(1 for row in sheet.body() if len(row.cells) > 2 and row.cells[2].value == _FORECAST)


def _scale(shown: list[TaskResult], agreed: dict[str, _Agreed], status_date: date) -> TimeScale:
    days = [status_date]
    for r in shown:
        days += [d for d in (r.forecast_start, r.forecast_finish, r.baseline_finish) if d]
        span = agreed.get(r.id)
        if span is not None and span.drawn is not None:
            days.append(span.drawn[0])
    return time_scale(min(days), max(days))


def _bar_row(
    lead_cells: tuple[Cell, Cell],
    label: str,
    dates: tuple[date | None, date | None],
    *,
    tone: Tone,
    scale: TimeScale,
    milestone: Tone | None = None,
    keep_with_next: bool = False,
    drawn: tuple[date, date] | None = None,
    mark: str = _MILESTONE,
) -> Row:
    """A bar's row: `dates` (start, finish) in the Start and Finish columns, and the bar
    over the days `drawn` (default: those dates), as `mark`s in the `milestone` tone when
    one is given."""
    start, finish = dates
    cells = [
        *lead_cells,
        Cell(label, tone=Tone.MUTED),
        Cell(start, CellKind.DATE),
        Cell(finish, CellKind.DATE),
    ]
    if drawn is None and start is not None and finish is not None:
        drawn = (start, finish)
    if drawn is None or drawn[1] < drawn[0] or not scale.starts:
        return Row(tuple(cells), keep_with_next=keep_with_next)
    start, finish = drawn
    first, last = scale.column(start), scale.column(finish)
    if first is None and last is None and (finish < scale.starts[0] or start > scale.starts[-1]):
        return Row(tuple(cells), keep_with_next=keep_with_next)
    first = 0 if first is None else first
    last = len(scale.starts) - 1 if last is None else last
    cells += [Cell(None)] * first
    for _ in range(first, last + 1):
        cells.append(Cell(mark, tone=milestone) if milestone else Cell(None, tone=tone))
    return Row(tuple(cells), keep_with_next=keep_with_next)


def _notes(
    analysis: Analysis, schedulable: int, shown: int, scale: TimeScale, cut_reason: str | None
) -> list[Row]:
    notes = []
    if (unscheduled := _unscheduled_note(analysis)) is not None:
        notes.append(unscheduled)
    if shown < schedulable:
        why = f" ({cut_reason})" if cut_reason else ""
        notes.append(f"Showing the first {shown:,} of {schedulable:,} tasks{why}; {_SHOWN_ALL}.")
    if scale.cut:
        notes.append(
            f"Showing {MAX_WEEKS} weeks from {format_day(scale.starts[0])}; bars running "
            "later are cut at the right edge."
        )
    return [Row((Cell(note),), Role.NOTE) for note in notes]


def _unscheduled_note(analysis: Analysis) -> str | None:
    """The tasks that cannot be scheduled, counted and named as everywhere else
    (`Unscheduled.what`), and that they have no bar — but for a task placed without a
    cell it needs (an unreadable Actual Start): its bar is drawn from the cells read."""
    unscheduled = analysis.unscheduled
    if unscheduled is None:
        return None
    what = unscheduled.what()
    what = what[:1].upper() + what[1:]
    tasks = analysis.tasks
    drawn = [
        tasks[slot].id
        for slot in unscheduled.slots
        if tasks[slot].forecast_start and tasks[slot].forecast_finish
    ]
    hidden = unscheduled.count - len(drawn)
    if not drawn:
        return f"{what}, so {'it is' if hidden == 1 else 'they are'} not shown."
    bars = f"{'the bar of' if len(drawn) == 1 else 'the bars of'} {_tasks(drawn)}"
    bars += f" {'is' if len(drawn) == 1 else 'are'} drawn from the cells pmkit could read"
    if hidden:
        bars = f"{hidden} of them {'is' if hidden == 1 else 'are'} not shown, and {bars}"
    return f"{what}; {bars}."


def _agreed_notes(finish_only: list[str], counted: list[str]) -> list[Row]:
    """What the agreed rows of tasks with no Baseline Start show, once each."""
    notes = []
    if finish_only:
        notes.append(
            f"{AGREED_FINISH} marks the agreed finish of {_tasks(finish_only)}: with a "
            "Baseline Finish but no Baseline Start or Baseline Duration there is no agreed "
            "bar to draw. Fill in either to draw it."
        )
    if counted:
        notes.append(
            f"The agreed bar of {_tasks(counted)} (no Baseline Start) runs back from the "
            "Baseline Finish over the Baseline Duration, in working days."
        )
    return [Row((Cell(note),), Role.NOTE) for note in notes]


def _tasks(ids: list[str]) -> str:
    """`task 7`, `tasks 7 and 9`, `tasks 3, 4, 5, 6, 7 and 12 more` (never `1 more`)."""
    shown = len(ids) if len(ids) <= _NAMED + 1 else _NAMED
    named = join_words(ids[:shown], more=len(ids) - shown)
    return f"task {named}" if len(ids) == 1 else f"tasks {named}"
