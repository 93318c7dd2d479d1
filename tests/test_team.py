"""The Team sheet: read from a workbook by the reader's rules, and checked against the Plan.

Findings sit at their cells: a bad email, capacity or day off at its Team cell; an Owner
nobody listed at its Plan cell; a listed name no task uses at its Team cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import DaysOff, TeamMember
from pmkit.reading.team import DaysOffError, parse_days_off

PLAN: list[list[object]] = [
    ["ID", "Task", "Owner", "Duration"],
    [1, "Audit", "sam  PATEL", 3],
    [2, "Design", "Priya Shah", 2],
    [3, "Build", "Sam Patell", 4],
    [4, "Photos", "Lumen Studio", 5],
    [5, "Launch", "Dana", 1],
]
TEAM: list[list[object]] = [
    ["Owner", "Email", "Capacity", "Days Off"],
    ["Sam Patel", "sam@example.com", 0.5, "2026-04-06..2026-04-10, 1 May 2026"],
    ["Priya Shah", "priya at example", "300%", date(2026, 4, 9)],
    ["Lumen Studio", None, "lots", "2026-04-31"],
    ["Alex Chen", "alex@example.com", None, None],
    ["sam patel", "other@example.com", 1, None],
]


def workbook(tmp_path: Path, team: list[list[object]] = TEAM, *, percent: bool = True) -> Path:
    """A Plan and a Team sheet; the Capacity column formatted as a percentage (unless not
    `percent`: a plan typed without the template, or a file whose formats were lost)."""
    book = openpyxl.Workbook()
    plan = book.active
    assert plan is not None
    plan.title = "Plan"
    for row in PLAN:
        plan.append(row)
    sheet = book.create_sheet("Team")
    for row in team:
        sheet.append(row)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "0%" if percent else "General"
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def located(issues: Sequence[Issue], code: Code) -> list[tuple[Severity, str]]:
    return [(issue.severity, str(issue.location)) for issue in issues if issue.code is code]


def test_team_rows_are_read_by_the_percent_and_date_rules(tmp_path: Path) -> None:
    """Capacity formatted as a percentage is a fraction, `300%` text is 3; Days Off takes
    ranges, dates as text and real dates; a bad value counts as the default."""
    plan = pmkit.read_plan(workbook(tmp_path))
    assert plan.team == (
        TeamMember(
            "Sam Patel",
            "sam@example.com",
            0.5,
            (
                DaysOff(date(2026, 4, 6), date(2026, 4, 10)),
                DaysOff(date(2026, 5, 1), date(2026, 5, 1)),
            ),
            pmkit.Location("Team", 2, 1),
        ),
        TeamMember(
            "Priya Shah",
            None,
            3.0,
            (DaysOff(date(2026, 4, 9), date(2026, 4, 9)),),
            pmkit.Location("Team", 3, 1),
        ),
        TeamMember("Lumen Studio", None, 1.0, (), pmkit.Location("Team", 4, 1)),
        TeamMember("Alex Chen", "alex@example.com", 1.0, (), pmkit.Location("Team", 5, 1)),
    )


def test_bad_team_cells_are_findings_at_their_cells(tmp_path: Path) -> None:
    """A bad email, capacity and day off, and a name listed twice, each at its cell."""
    plan = pmkit.read_plan(workbook(tmp_path))
    assert located(plan.issues, Code.BAD_VALUE) == [(Severity.ERROR, "Team!B3")]
    assert located(plan.issues, Code.BAD_PERCENT) == [(Severity.ERROR, "Team!C4")]
    assert located(plan.issues, Code.BAD_DATE) == [(Severity.ERROR, "Team!D4")]
    assert located(plan.issues, Code.DUPLICATE_TEAM_MEMBER) == [(Severity.WARNING, "Team!A6")]
    messages = {issue.code: issue.message for issue in plan.issues}
    assert messages[Code.BAD_PERCENT] == (
        "Capacity should be a number, not 'lots'; pmkit counts 100 %"
    )
    assert messages[Code.BAD_DATE].startswith("Days Off: '2026-04-31' is not a real day")


def test_owners_and_team_names_are_checked_against_each_other(tmp_path: Path) -> None:
    """A misspelt Team name is a warning, an Owner not listed a note, both at the Plan's
    Owner cell; a Team name no task uses is a note at its Team cell. Capitals and spaces
    do not matter (`sam  PATEL` is Sam Patel)."""
    issues = pmkit.analyze(pmkit.read_plan(workbook(tmp_path))).issues
    assert located(issues, Code.UNKNOWN_OWNER) == [
        (Severity.WARNING, "Plan!C4"),
        (Severity.INFO, "Plan!C6"),
    ]
    assert located(issues, Code.UNUSED_TEAM_MEMBER) == [(Severity.INFO, "Team!A5")]
    unknown = [issue.message for issue in issues if issue.code is Code.UNKNOWN_OWNER]
    assert unknown == [
        "Owner “Sam Patell” (task 3) is not on the Team sheet: did you mean “Sam Patel”? "
        "Until the names agree, this work is counted apart from theirs",
        "Owner “Dana” (task 5) is not on the Team sheet, so pmkit counts them full time and "
        "has no e-mail for them: add them there",
    ]


def test_a_misspelt_owner_is_an_action_to_correct_the_name(tmp_path: Path) -> None:
    """The misspelt Owner (a warning) is on the "This week" list for whoever keeps the
    plan: correct it to the Team name, and why; the unlisted one (a note) is not."""
    analysis = pmkit.analyze(pmkit.read_plan(workbook(tmp_path)))
    [action] = [a for a in analysis.this_week if a.finding.code is Code.UNKNOWN_OWNER]
    assert (action.who, str(action.where)) == ("You", "Plan!C4")
    assert action.what == (
        "Correct the Owner “Sam Patell” to “Sam Patel” (or add “Sam Patell” to the Team sheet)"
    )
    assert action.why.startswith("Until the names agree, this work is counted apart")


def test_team_names_no_task_uses_are_one_note(tmp_path: Path) -> None:
    """Two Team names no task uses are one unused-team-member note naming both, each
    name's own note a detail (one finding per root cause: the Team sheet's upkeep)."""
    team: list[list[object]] = [*TEAM[:5], ["Jo Park", None, None, None]]
    analysis = pmkit.analyze(pmkit.read_plan(workbook(tmp_path, team=team)))
    [unused] = [i for i in analysis.issues if i.code is Code.UNUSED_TEAM_MEMBER]
    assert unused.severity is Severity.INFO
    assert (
        unused.message
        == "2 people on the Team sheet own no task in the Plan: Alex Chen and Jo Park"
    )
    assert [str(detail.location) for detail in unused.details] == ["Team!A5", "Team!A6"]


def _plain_capacities(tmp_path: Path, capacities: list[float]) -> pmkit.Plan:
    """A Team sheet whose Capacity cells are not formatted as a percentage: a plan typed
    without the template, or a file whose formats were lost on the way."""
    team = [TEAM[0]] + [[f"Person {n}", None, c, None] for n, c in enumerate(capacities)]
    return pmkit.read_plan(workbook(tmp_path, team, percent=False))


def test_a_plain_capacity_of_3_is_read_as_the_columns_other_plain_numbers(
    tmp_path: Path,
) -> None:
    """3 in a plain cell is 300 % (three people's weeks) beside fractions (1, 0.5), as
    the owner typed the column; beside whole percents (100, 50) it is 3 %, with a note
    saying why and how to type 300 %. It read 3 % beside fractions too: a vendor of
    three booked 11333.3 % in a file whose percent formats were lost."""
    fractions = _plain_capacities(tmp_path, [1.0, 0.5, 3.0])
    assert [member.capacity for member in fractions.team] == [1.0, 0.5, 3.0]
    assert not [issue for issue in fractions.issues if str(issue.location).startswith("Team")]
    whole = _plain_capacities(tmp_path, [100.0, 50.0, 3.0])
    assert [member.capacity for member in whole.team] == [1.0, 0.5, 0.03]
    [note] = [issue for issue in whole.issues if str(issue.location) == "Team!C4"]
    assert note.message == (
        "Capacity 3 is read as 3 %, as this column's other plain numbers are whole percents "
        "(Team!C2: 100); if it means 300 %, type 300%"
    )


def test_a_plain_capacity_of_1_is_full_time_beside_whole_percents(tmp_path: Path) -> None:
    """Capacity 50 (half a week) beside 1: the 1 is the usual full time, 100 % (it read
    1 %, as a % Complete of 1 beside 50 is, and booked its owner about 10,000 %)."""
    plan = _plain_capacities(tmp_path, [50.0, 1.0])
    assert [member.capacity for member in plan.team] == [0.5, 1.0]


def test_without_a_team_sheet_nobody_is_missing_from_it(tmp_path: Path) -> None:
    """No Team sheet (or an empty one): no unknown-owner findings, everyone full time."""
    analysis = pmkit.analyze(pmkit.read_plan(workbook(tmp_path, team=[TEAM[0]])))
    assert not [issue for issue in analysis.issues if issue.code is Code.UNKNOWN_OWNER]
    assert {owner.capacity for owner in analysis.workload.owners} == {1.0}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("2026-04-06", [("2026-04-06", "2026-04-06")], id="one-day"),
        pytest.param(
            "2026-04-06..2026-04-10, 2026-05-01",
            [("2026-04-06", "2026-04-10"), ("2026-05-01", "2026-05-01")],
            id="range-and-day",
        ),
        pytest.param(
            "Apr 6, 2026 to Apr 8, 2026; 1 May 2026",
            [("2026-04-06", "2026-04-08"), ("2026-05-01", "2026-05-01")],
            id="month-names-with-commas",
        ),
        pytest.param("6 Apr 2026 – 8 Apr 2026", [("2026-04-06", "2026-04-08")], id="en-dash"),
        pytest.param(
            "2026-04-06 - 2026-04-08\n2026-05-01",
            [("2026-04-06", "2026-04-08"), ("2026-05-01", "2026-05-01")],
            id="dash-and-new-line",
        ),
    ],
)
def test_days_off_are_dates_and_ranges(text: str, days: list[tuple[str, str]]) -> None:
    """Dates and first..last ranges, separated by commas, semicolons or new lines."""
    assert parse_days_off(text) == tuple(
        DaysOff(date.fromisoformat(first), date.fromisoformat(last)) for first, last in days
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param("next week", "'next week' is not a date", id="words"),
        pytest.param("2026-04-10..2026-04-06", "ends before it starts", id="backwards"),
        pytest.param("2026-04-06..2026-04-07..2026-04-08", "not a date or a range", id="two-dots"),
    ],
)
def test_unreadable_days_off_say_which_part(text: str, why: str) -> None:
    """A part that is not a date or a range is named in the error."""
    with pytest.raises(DaysOffError, match=why):
        parse_days_off(text)


def test_the_this_week_list_names_an_owner_as_the_team_sheet_spells_them() -> None:
    """Task A's Owner is typed `sam  PATEL`: its action is for `Sam Patel`, as the Workload
    sheet and the Team sheet call them, not for a second person in other capitals."""
    from dataclasses import replace

    from pmkit.engine.actions import problem_actions
    from tests.builders import plan_of, task

    plan = plan_of(
        task("A", 10, owner="sam  PATEL", deadline=date(2026, 3, 6)),
        task("B", 10, owner="Dana ", deadline=date(2026, 3, 6)),
        task("C", 1, "A,B"),
        forecast=True,
        status=date(2026, 3, 2),
    )
    analysis = pmkit.analyze(replace(plan, team=(TeamMember("Sam Patel"),)))
    assert [action.who for action in analysis.this_week][:2] == ["Sam Patel", "Dana"]
    assert [owner.name for owner in analysis.workload.owners] == ["Sam Patel", "Dana"]
    assert len(problem_actions(analysis, owner="SAM PATEL")) == 1
