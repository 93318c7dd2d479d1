"""The portfolio's two sheets: `Portfolio` (a row per plan) and `People` (a row per person).

`Portfolio` lists every plan of the night, worst first (`PlanLine.rank`): its status and
why, the agreed and the forecast finish, the slip and its trend over the last nights, SPI
and CPI, scope growth (unapproved and approved), how many problems need a decision, the
first thing to do, and whether tonight's run reached it — a plan it did not reach keeps
its last known figures, in grey, dated. Each plan's name links to the plan.

`People` is each person booked in the plans, matched across plans by name, with their
load per week across all of them (`pmkit.engine.portfolio.people_across_plans`) in the
Workload sheet's heat map (`palette.load_tone`); under a person in several plans, a
collapsed row per plan gives the working days that plan books them each week. A plan
with tasks that cannot be scheduled books none of their work: the sheet names each such
plan and why (its note, in the Workload's words), marks it `(partial)` in a person's
plans, and shows the loads it may add to as at least that (`≥ 80.0%`: a number, in a
number format that shows the `≥`), as a plan's Workload sheet does (`week_cell`); a person
whose only work is such has a row saying their load cannot be known, and why.

Everything an owner typed (plan names, reasons, task names) is a text cell, never a
formula; links are the writers' own hyperlinks (`Cell.url`), never built in a formula.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pmkit.engine.figures import DATE_COLUMN_WIDTH, format_day, is_above, join_words
from pmkit.engine.portfolio import (
    PORTFOLIO_WEEKS,
    TREND_NIGHTS,
    Outcome,
    PersonAcrossPlans,
    PlanBooking,
    PlanLine,
    PlanNight,
    people_across_plans,
)
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone, fit_cell_text
from pmkit.outputs.palette import AT_LEAST
from pmkit.outputs.schedule import slip_tone
from pmkit.outputs.summary import UNKNOWN, index_tone, status_tone
from pmkit.outputs.workload import AT_LEAST_WEEK_WIDTH, WEEK_WIDTH, at_least_note, week_cell

__all__ = [
    "PEOPLE_FIRST",
    "PEOPLE_SHEET",
    "PORTFOLIO_COLUMNS",
    "PORTFOLIO_FIRST",
    "PORTFOLIO_SHEET",
    "PORTFOLIO_SHEETS",
    "build_people_sheet",
    "build_portfolio_sheet",
    "build_portfolio_sheets",
    "plan_url",
]

PORTFOLIO_SHEET = "Portfolio"
PEOPLE_SHEET = "People"
PORTFOLIO_SHEETS = (PORTFOLIO_SHEET, PEOPLE_SHEET)
PORTFOLIO_FIRST = "Portfolio:"
"""How A1 of the Portfolio sheet begins."""
PEOPLE_FIRST = "People across plans:"
"""How A1 of the People sheet begins."""

_BOLD_DATE_WIDTH = DATE_COLUMN_WIDTH + 2
"""A date in bold (a stale night's), or *forecast unknown* in bold, shown whole."""

PORTFOLIO_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Plan", 30),
    ("Status", 16),  # "no figures yet", bold, with its indent
    ("Why", 40),
    ("Agreed finish", DATE_COLUMN_WIDTH),
    ("Forecast finish", _BOLD_DATE_WIDTH),
    ("Slip (working days)", 13),
    (f"Slip, last {TREND_NIGHTS} nights", 12),
    ("Trend", 14),
    ("SPI", 7),
    ("CPI", 7),
    ("Unapproved growth", 12),
    ("Approved growth", 11),
    ("Problems to decide", 10),
    ("First thing to do", 40),
    ("Figures of", _BOLD_DATE_WIDTH),
    ("Tonight", 26),
)
_WRAPPED = frozenset({1, 3, 8, 14, 16})
_NO_STATUS = "no status yet"
_NO_FIGURES = "no figures yet"
_FORECAST_UNKNOWN = "forecast unknown"
_NO_BASELINE = "no baseline"
_NOT_KNOWN = "—"
_ON_TRACK = "On track."
_OUTCOME_WORDS = {
    Outcome.SYNCED: "synced",
    Outcome.FAILED: "failed",
    Outcome.REFUSED: "refused",
    Outcome.SKIPPED: "skipped",
    Outcome.NOT_RUN: "not reached",
    Outcome.MISSING: "not found",
}
_PEOPLE_LEAD: tuple[tuple[str, float], ...] = (("Person", 22), ("Plans", 34), ("Share", 8))


def plan_url(link: str | None) -> str | None:
    """The hyperlink of a plan's place: a web address as it is, a path as a `file:` URI."""
    if not link:
        return None
    if link.startswith(("https://", "http://")):
        return link
    path = Path(link)
    return path.as_uri() if path.is_absolute() else None


# -- Portfolio ----------------------------------------------------------------------------


def build_portfolio_sheets(
    night: date, lines: Sequence[PlanLine], bookings: Sequence[PlanBooking]
) -> tuple[OutputSheet, OutputSheet, int]:
    """The Portfolio and People sheets of `night`, from each plan's line and its owners'
    booked weeks, and how many people the People sheet shows (its first
    `PORTFOLIO_WEEKS` weeks)."""
    partial = [line for line in lines if line.night and line.night.maybe_partial]
    weeks, people = people_across_plans(
        bookings,
        night,
        PORTFOLIO_WEEKS,
        {line.name: line.night.missed_owners for line in partial if line.night},
    )
    return (
        build_portfolio_sheet(night, lines),
        build_people_sheet(night, weeks, people, partial),
        len(people),
    )


def build_portfolio_sheet(night: date, lines: Sequence[PlanLine]) -> OutputSheet:
    """The Portfolio sheet of `night`: a row per plan, worst first."""
    ordered = sorted(lines, key=lambda line: line.rank)
    title = f"{PORTFOLIO_FIRST} {_plans(len(ordered))} on the night of {format_day(night)}"
    rows = [
        Row((Cell(title),), Role.TITLE),
        Row((Cell(_counts(ordered)),), Role.SUBTITLE),
        *(Row((Cell(line),), Role.NOTE) for line in _notes()),
        Row(tuple(Cell(name) for name, _ in PORTFOLIO_COLUMNS), Role.HEADER),
    ]
    header_row = len(rows)
    rows += [_plan_row(line) for line in ordered]
    if not ordered:
        rows.append(Row((Cell("No plan was run on this night."),), Role.NOTE))
    return OutputSheet(
        PORTFOLIO_SHEET,
        tuple(rows),
        tuple(width for _, width in PORTFOLIO_COLUMNS),
        header_row=header_row,
        freeze_columns=1,
        wrap_columns=_WRAPPED,
    )


def _plans(count: int) -> str:
    return f"{count} plan{'' if count == 1 else 's'}"


def _counts(lines: Sequence[PlanLine]) -> str:
    statuses = Counter(line.night.status for line in lines if line.night)
    parts = [f"{statuses[s]} {s}" for s in ("Red", "Amber", "Green") if statuses[s]]
    if statuses[None]:
        parts.append(f"{statuses[None]} with no status yet")
    stale = sum(line.stale for line in lines)
    unread = sum(line.night is None for line in lines)
    text = ", ".join(parts) or "No plans"
    if stale:
        text += f"; {_plans(stale)} not updated tonight (last known figures, in grey)"
    if unread:
        text += f"; {_plans(unread)} never read yet"
    return text + ". Worst first; a plan's name opens it."


def _notes() -> tuple[str, ...]:
    """What the figures mean, once, each line no wider than the table."""
    return (
        "SPI (schedule performance index): the share of the work planned by now that is "
        "done; below 1.00 is behind schedule.",
        "CPI (cost performance index): the value of the work done for each 1 spent; below "
        "1.00 is over budget. Growth: working days added since the baseline, approved or not "
        f"({AT_LEAST} 5.0%: at least, a changed task's Duration cannot be read).",
        f"{_NOT_KNOWN}: not known for that plan yet (no baseline, no costs recorded, or no work "
        "done by its status date); the plan's own Summary says why.",
        f"Slip, last {TREND_NIGHTS} nights: the project slip on each of the plan's last "
        f"{TREND_NIGHTS} runs, oldest first, from 0 or the lowest (▁) to the highest (█); "
        "· where it was not known.",
    )


def _plan_row(line: PlanLine) -> Row:
    url = plan_url(line.link)
    name = Cell(line.name, bold=True, url=url)
    figures = line.night
    if figures is None:
        return Row(
            (
                name,
                Cell(_NO_FIGURES, tone=Tone.MUTED, bold=True),
                Cell(fit_cell_text(line.message or "It has not been synced yet.")),
                *([Cell(None)] * (len(PORTFOLIO_COLUMNS) - 4)),
                _tonight(line),
            )
        )
    cells = _figure_cells(figures, line)
    if line.stale:  # last known figures: shown, but never as if they were tonight's
        cells = [
            cell._replace(tone=Tone.MUTED) if cell.tone is not None else cell for cell in cells
        ]
    when = Cell(
        figures.run_date,
        CellKind.DATE,
        tone=Tone.RED if line.stale else None,
        bold=line.stale,
    )
    return Row((name, *cells, when, _tonight(line)))


def _figure_cells(figures: PlanNight, line: PlanLine) -> list[Cell]:
    """Status to First thing to do, for a plan with figures."""
    status = figures.status
    status_cell = (
        Cell(status, tone=status_tone(status), bold=True)
        if status
        else Cell(_NO_STATUS, tone=Tone.MUTED, bold=True)
    )
    reasons = figures.status_reasons
    why = reasons[0] if reasons else (_ON_TRACK if status == "Green" else "")
    if len(reasons) > 1:
        why += f" (and {len(reasons) - 1} more: see its Summary)"
    if figures.forecast_unknown:
        forecast = Cell(_FORECAST_UNKNOWN, tone=Tone.AMBER, bold=True)
        late = figures.late_at_least
        slip = (  # past the agreed finish, how late at least: never a bare "unknown"
            Cell(f"{AT_LEAST} {late}", tone=slip_tone(late, figures.slip_tolerance_days))
            if late is not None
            else Cell(UNKNOWN, tone=Tone.MUTED)
        )
        if not reasons:
            why = figures.forecast_unknown
    else:
        forecast = Cell(figures.forecast_finish, CellKind.DATE)
        slip = (
            Cell(
                figures.slip,
                CellKind.INTEGER,
                tone=slip_tone(figures.slip, figures.slip_tolerance_days),
            )
            if figures.slip is not None
            else Cell(_NO_BASELINE, tone=Tone.MUTED)
        )
    agreed = (
        Cell(figures.baseline_finish, CellKind.DATE)
        if figures.baseline_finish
        else Cell(_NO_BASELINE, tone=Tone.MUTED)
    )
    trend = line.trend
    change = trend.change
    trend_tone = None if not change else Tone.RED if change > 0 else Tone.GREEN
    return [
        status_cell,
        Cell(fit_cell_text(why) or None),
        agreed,
        forecast,
        slip,
        Cell(trend.blocks or None),
        Cell(trend.words(), tone=trend_tone),
        _ratio(figures.spi),
        _ratio(figures.cpi),
        _growth(
            figures.unapproved_growth, figures.scope_threshold, figures.unapproved_growth_at_least
        ),
        _growth(figures.approved_growth, None, figures.approved_growth_at_least),
        Cell(
            figures.problems,
            CellKind.INTEGER,
            tone=Tone.RED if figures.errors else Tone.AMBER if figures.problems else Tone.GREEN,
        ),
        Cell(fit_cell_text(figures.first_action) if figures.first_action else None),
    ]


def _ratio(value: float | None) -> Cell:
    if value is None:
        return Cell(_NOT_KNOWN, tone=Tone.MUTED)
    return Cell(round(value, 2), CellKind.RATIO, tone=index_tone(value))


def _growth(value: float | None, threshold: float | None, at_least: bool) -> Cell:
    """A growth figure: `≥ 12.0%` when it is a minimum (a Duration nobody can read)."""
    if value is None:
        return Cell(_NOT_KNOWN, tone=Tone.MUTED)
    tone = None
    if threshold is not None:
        tone = Tone.RED if is_above(value, threshold) else Tone.AMBER if value > 0 else None
    kind = CellKind.AT_LEAST_PERCENT if at_least else CellKind.PERCENT
    return Cell(round(value, 4), kind, tone=tone)


def _tonight(line: PlanLine) -> Cell:
    words = _OUTCOME_WORDS[line.outcome]
    if line.outcome is Outcome.SYNCED and not line.stale:
        return Cell(words, tone=Tone.MUTED)
    if line.night is not None and line.stale:
        words += f": figures from {format_day(line.night.run_date)}"
    if line.message and line.night is not None:  # with no figures, *Why* says it
        words += f" — {line.message}"
    return Cell(fit_cell_text(words), tone=Tone.RED)


# -- People -------------------------------------------------------------------------------


def build_people_sheet(
    night: date,
    weeks: Sequence[date],
    people: Sequence[PersonAcrossPlans],
    partial: Sequence[PlanLine] = (),
) -> OutputSheet:
    """The People sheet: each person's load per week across every plan naming them;
    `partial` the plans whose bookings miss work that cannot be scheduled."""
    lead = len(_PEOPLE_LEAD)
    several = sum(len(person.plans) > 1 for person in people)
    short = sum(bool(person.partial_plans) and person.load_known for person in people)
    unknown = sum(not person.load_known for person in people)
    counted = (
        f" Bookings partial in {_plans(len(partial))} (below): "
        f"{short} of the loads {'is' if short == 1 else 'are'} at least what is shown "
        f"({AT_LEAST})"
        + (
            f", and {unknown} {'person has' if unknown == 1 else 'people have'} a load that "
            "cannot be known (nothing of theirs can be scheduled in these weeks)."
            if unknown
            else "."
        )
        if partial
        else ""
    )
    booked = len(people) - unknown
    rows = [
        Row(
            (
                Cell(
                    f"{PEOPLE_FIRST} work booked per week in every plan, from "
                    f"{format_day(weeks[0]) if weeks else format_day(night)}"
                ),
            ),
            Role.TITLE,
        ),
        Row(
            (
                Cell(
                    f"{booked} {'person' if booked == 1 else 'people'} booked, "
                    f"{several} of them in more than one plan (matched by name: capitals and "
                    f"spaces do not matter).{counted}"
                ),
            ),
            Role.SUBTITLE,
        ),
        *(Row((Cell(line),), Role.NOTE) for line in _people_notes()),
        *([Row((Cell(_AT_LEAST_NOTE),), Role.NOTE)] if partial else []),
        *(Row((Cell(fit_cell_text(_partial_note(line))),), Role.NOTE) for line in partial),
        Row(
            (
                *(Cell(name) for name, _ in _PEOPLE_LEAD),
                *(Cell(monday, CellKind.DATE) for monday in weeks),
            ),
            Role.HEADER,
        ),
    ]
    header_row = len(rows)
    for person in people:
        rows.append(_person_row(person, len(weeks)))
        if len(person.plans) > 1:
            rows += [
                Row(
                    (
                        Cell(f"↳ {plan}", tone=Tone.MUTED),
                        Cell(
                            "working days booked"
                            + (" (partial)" if plan in person.partial_plans else ""),
                            tone=Tone.MUTED,
                        ),
                        Cell(None),
                        *(
                            Cell(days, CellKind.INTEGER, tone=Tone.MUTED) if days else Cell(None)
                            for days in booked
                        ),
                    ),
                    outline_level=1,
                )
                for plan, booked in person.by_plan
            ]
    if not people:
        rows.append(Row((Cell("No one is booked in the weeks ahead in any plan."),), Role.NOTE))
    return OutputSheet(
        PEOPLE_SHEET,
        tuple(rows),
        (
            *(width for _, width in _PEOPLE_LEAD),
            *([AT_LEAST_WEEK_WIDTH if short or unknown else WEEK_WIDTH] * len(weeks)),
        ),
        header_row=header_row,
        freeze_columns=lead,
        timeline_from=lead + 1,
        wrap_columns=frozenset({2}),
    )


def _people_notes() -> tuple[str, ...]:
    return (
        "Load: the working days booked in all plans ÷ what they can give: their working "
        "days that week × Share.",
        "Share: the Capacity the plans' Team sheets give them, added up (at most their "
        "whole week: 100 %, or a team's largest Capacity, 300 % for three people).",
        "Amber over 100 %, red over 150 % or booked while away. + opens a person's plans.",
    )


_AT_LEAST_NOTE = at_least_note("a plan of theirs (partial) has work that cannot be scheduled yet")


def _partial_note(line: PlanLine) -> str:
    """`Bookings partial in Bolt: 2 tasks cannot be scheduled until Plan!E5 is fixed, so
    their work is not counted here (tasks of Dana and Sam).`"""
    assert line.night is not None
    if line.night.bookings_partial is None:  # never better than the truth: not known
        return (
            f"Bookings may be partial in {line.name}: its figures are from a run by an older "
            "pmkit, which did not note work that cannot be scheduled, so its people's loads "
            "read at least what is shown until its next run."
        )
    owners = line.night.partial_owners
    whose = f" (tasks of {join_words(owners)})" if owners else ""
    everyone = "the loads of everyone it books read at least what is shown"
    if line.night.partial_owners_known is False:
        known = f"tasks of {join_words(owners)}, and " if owners else ""
        whose = f" ({known}rows whose owner is not known: {everyone})"
    elif line.night.partial_owners_known is None:
        known = f"tasks of {join_words(owners)}; " if owners else ""
        whose = (
            f" ({known}recorded by an older pmkit, which did not note whether it named "
            f"every owner: {everyone})"
        )
    return (
        f"Bookings partial in {line.name}: {line.night.bookings_partial}, so their work is "
        f"not counted here{whose}."
    )


def _person_row(person: PersonAcrossPlans, weeks: int) -> Row:
    partial = set(person.partial_plans)
    if not person.load_known:
        plans = (
            f"Load not known: their work in {join_words(person.partial_plans)} cannot be "
            "scheduled yet (see the note above), and nothing else of theirs is booked in "
            "these weeks"
        )
    else:
        named = [f"{plan} (partial)" if plan in partial else plan for plan in person.plans]
        plans = f"{len(named)}: {', '.join(named)}" if len(named) > 1 else ", ".join(named)
        elsewhere = [plan for plan in person.partial_plans if plan not in person.plans]
        if elsewhere:
            plans += f"; not counted: their work in {join_words(elsewhere)}"
    cells = [
        Cell(person.name, bold=True),
        Cell(fit_cell_text(plans)),
        Cell(person.share, CellKind.PERCENT),
    ]
    cells += [
        week_cell(person.booked_days[week], person.load(week), at_least=bool(partial))
        for week in range(weeks)
    ]
    return Row(tuple(cells))
