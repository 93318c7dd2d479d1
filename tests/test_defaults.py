"""Defaults that don't surprise: what a blank setting means, said where the owner reads it."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.engine.issues import Code, Severity
from pmkit.engine.schema import SETTINGS_ROWS
from pmkit.engine.workdays import WorkCalendar
from pmkit.outputs import Tone, build_schedule_sheet
from pmkit.template import template_bytes
from pmkit.template.instructions import INSTRUCTIONS_SHEET
from tests.builders import plan_of, task, write_workbook

PLAN: list[Sequence[object]] = [
    ["ID", "Task", "Duration", "Start No Earlier Than"],
    [1, "Over Christmas", 6, date(2025, 12, 22)],
]
"""Six working days from Mon 22 Dec 2025, over Christmas."""
SETTINGS: list[Sequence[object]] = [["Setting", "Value"], ["Project", "Holidays"]]


def _finish(plan: pmkit.Plan) -> date | None:
    return pmkit.analyze(plan, date(2025, 12, 1)).tasks[0].forecast_finish


def test_a_blank_setting_takes_the_default_the_instructions_give(tmp_path: Path) -> None:
    """Each setting left blank reads as its default written in: the Settings sheet, the
    Instructions and the reader agree, from the one schema."""
    typed: list[Sequence[object]] = [
        ["Setting", "Value"],
        *([s.name, s.default] for s in SETTINGS_ROWS if s.default),
    ]
    blank: list[Sequence[object]] = [["Setting", "Value"], *([s.name, None] for s in SETTINGS_ROWS)]
    read = {
        name: pmkit.read_plan(
            write_workbook(tmp_path / f"{name}.xlsx", {"Plan": PLAN, "Settings": rows})
        )
        for name, rows in (("typed", typed), ("blank", blank))
    }
    assert read["typed"].settings == read["blank"].settings == pmkit.Settings()


@pytest.mark.parametrize(
    ("slip", "tone", "late"),
    [
        pytest.param(3, Tone.AMBER, False, id="three-days-is-slipping"),
        pytest.param(4, Tone.RED, True, id="four-days-is-late"),
    ],
)
def test_a_blank_slip_tolerance_is_three_working_days(slip: int, tone: Tone, late: bool) -> None:
    """With Slip Tolerance Days blank, a task 3 working days behind its baseline is amber
    and not yet late; at 4 it is red and a slipping-task finding."""
    assert pmkit.Settings().slip_tolerance_days == 3
    calendar = WorkCalendar(frozenset(range(5)))
    agreed = calendar.add_workdays(date(2026, 3, 6), -slip)  # it finishes Fri 6 Mar
    plan = plan_of(task("1", 5, owner="Ann", baseline_finish=agreed), status=date(2026, 3, 2))
    analysis = pmkit.analyze(plan)
    assert analysis.tasks[0].slip == slip
    assert build_schedule_sheet(analysis).rows[1].cells[10].tone is tone
    assert (Code.SLIPPING_TASK in {i.code for i in analysis.issues}) is late


def test_no_holiday_country_keeps_working_through_christmas_and_says_so(tmp_path: Path) -> None:
    """A plan whose Settings name no Holiday Country schedules over 25 Dec and 1 Jan as
    before, and a note at the Holiday Country cell says so and what to do."""
    settings: list[Sequence[object]] = [*SETTINGS, ["Holiday Country", None]]
    plan = pmkit.read_plan(
        write_workbook(tmp_path / "p.xlsx", {"Plan": PLAN, "Settings": settings})
    )
    assert _finish(plan) == date(2025, 12, 29)  # 22, 23, 24, 25, 26, 29 December
    (note,) = [i for i in plan.issues if i.code is Code.HOLIDAYS_NOT_COUNTED]
    assert note.severity is Severity.INFO
    assert str(note.location) == "Settings!B3"  # the row of Holiday Country
    assert "25 Dec and 1 Jan" in note.message
    assert "Holiday Country on the Settings sheet" in note.message


@pytest.mark.parametrize(
    ("sheets", "finish"),
    [
        pytest.param(
            {"Settings": [*SETTINGS, ["Holiday Country", "US"]]}, date(2025, 12, 30), id="country"
        ),
        pytest.param(
            {"Settings": SETTINGS, "Holidays": [["Date", "Name"], [date(2025, 12, 25), "Xmas"]]},
            date(2025, 12, 30),
            id="own-holidays",
        ),
        pytest.param({}, date(2025, 12, 29), id="no-settings-sheet"),
    ],
)
def test_no_note_when_holidays_are_given_or_no_settings_sheet_asks(
    tmp_path: Path, sheets: dict[str, list[Sequence[object]]], finish: date
) -> None:
    """A Holiday Country, or days off of the owner's own, count; a plan with no Settings
    sheet takes every default silently (it has no Holiday Country cell to fill)."""
    plan = pmkit.read_plan(write_workbook(tmp_path / "p.xlsx", {"Plan": PLAN, **sheets}))
    assert _finish(plan) == finish
    assert Code.HOLIDAYS_NOT_COUNTED not in {i.code for i in plan.issues}


def test_a_country_without_the_holidays_package_is_a_note_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the holidays package is missing (xlwings Lite without it), a Holiday Country
    is read, not counted, and a note says how to add the package."""
    monkeypatch.setitem(sys.modules, "holidays", None)
    settings: list[Sequence[object]] = [*SETTINGS, ["Holiday Country", "US"]]
    plan = pmkit.read_plan(
        write_workbook(tmp_path / "p.xlsx", {"Plan": PLAN, "Settings": settings})
    )
    (note,) = plan.issues
    assert (note.code, note.severity) == (Code.HOLIDAYS_NOT_COUNTED, Severity.INFO)
    assert "requirements.txt" in note.message
    assert plan.holidays == ()


def test_the_instructions_say_every_default() -> None:
    """The Instructions list every setting with its default in words, the Holiday
    Country's dropdown and what it changes."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    rows = [
        [str(value) for value in row if value is not None]
        for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
    ]
    text = "\n".join(" | ".join(row) for row in rows)
    for setting in SETTINGS_ROWS:
        assert f"{setting.name} | {setting.default or setting.blank_means} | {setting.help}" in text
    assert (
        "pick your Holiday Country from the list, so no work is planned on public holidays" in text
    )


def test_the_docs_give_every_default() -> None:
    """docs/plan-workbook.md's table names every setting with what a blank means."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "plan-workbook.md").read_text()
    for setting in SETTINGS_ROWS:
        row = next(
            (line for line in docs.splitlines() if line.startswith(f"| {setting.name} |")), None
        )
        assert row is not None, setting.name
        meaning = row.split("|")[2]
        assert setting.default in meaning if setting.default else meaning.strip(), row
