"""addin.inputs: every shape Excel sends becomes the same pmkit values."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from addin.inputs import (
    as_grid,
    parse_choice,
    parse_date_argument,
    parse_day_count,
    parse_holidays,
    parse_task_id,
    read_plan_table,
)
from pmkit.engine.errors import ArgumentError
from pmkit.reading.formula_values import ExcelError

HEADER = ("ID", "Task", "Duration", "Predecessors", "Deadline", "Owner", "% Complete")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param([[1, 2], [3, 4]], ((1, 2), (3, 4)), id="2d"),
        pytest.param([1, 2], ((1, 2),), id="1d-row-or-column"),
        pytest.param(5.0, ((5.0,),), id="scalar"),
        pytest.param([], (), id="empty"),
        pytest.param(((1,),), ((1,),), id="tuples"),
    ],
)
def test_as_grid(value: object, expected: tuple[tuple[object, ...], ...]) -> None:
    """Scalars, 1-D and 2-D lists all become rows of cells."""
    assert as_grid(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(datetime(2026, 3, 13, 9, 30), date(2026, 3, 13), id="datetime"),
        pytest.param(date(2026, 3, 13), date(2026, 3, 13), id="date"),
        pytest.param(46094.0, date(2026, 3, 13), id="serial-float"),
        pytest.param(46094, date(2026, 3, 13), id="serial-int"),
        pytest.param(46094.75, date(2026, 3, 13), id="serial-with-time"),
        pytest.param("2026-03-13", date(2026, 3, 13), id="iso-text"),
        pytest.param("13 Mar 2026", date(2026, 3, 13), id="month-name"),
        pytest.param([[46094]], date(2026, 3, 13), id="one-cell-2d"),
        pytest.param([46094], date(2026, 3, 13), id="one-cell-1d"),
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty-text"),
        pytest.param(0, None, id="office-js-empty-reference"),
    ],
)
def test_date_arguments(value: object, expected: date | None) -> None:
    """A date argument in any form Excel sends; blank means "not given"."""
    assert parse_date_argument(value, "status_date") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(60, "serial 60 is 29 February 1900", id="serial-60"),
        pytest.param("03/04/2026", "could be day/month or month/day", id="ambiguous"),
        pytest.param(True, "TRUE is not a date", id="boolean"),
        pytest.param("#N/A", "Excel error #N/A", id="excel-error"),
        pytest.param([[1, 2]], "should be one cell", id="range"),
    ],
)
def test_bad_date_arguments(value: object, message: str) -> None:
    """A date argument that is not a date names the argument and the reason."""
    with pytest.raises(ArgumentError, match=message):
        parse_date_argument(value, "status_date")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(7.0, "7", id="float"),
        pytest.param(7, "7", id="int"),
        pytest.param(" 7 ", "7", id="text"),
        pytest.param("A-2", "A-2", id="text-id"),
        pytest.param([[7.0]], "7", id="one-cell"),
        pytest.param(None, None, id="blank"),
    ],
)
def test_task_ids(value: object, expected: str | None) -> None:
    """7, 7.0 and "7" are the same task; blank means the whole project."""
    assert parse_task_id(value) == expected


def test_a_date_is_not_a_task_id() -> None:
    """A date passed as a task id is refused with a clear reason."""
    with pytest.raises(ArgumentError, match="is a date"):
        parse_task_id(datetime(2026, 3, 13))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(5.0, 5, id="float"),
        pytest.param("-3", -3, id="text"),
        pytest.param([[2]], 2, id="one-cell"),
    ],
)
def test_day_counts(value: object, expected: int) -> None:
    """Working days in any numeric form."""
    assert parse_day_count(value, "days") == expected


def test_choices_ignore_case_spaces_and_dashes() -> None:
    """`Unapproved-Cost`, `unapproved cost` and blank (the default) are understood."""
    choices = ("unapproved", "unapproved cost")
    assert parse_choice("Unapproved-Cost", "kind", choices, "unapproved") == "unapproved cost"
    assert parse_choice(None, "kind", choices, "unapproved") == "unapproved"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param([datetime(2026, 1, 1), None, 46094.0], 2, id="classic-column-1d"),
        pytest.param([[46023], [""], [46094]], 2, id="officejs-column"),
        pytest.param([["Date", "Name"], [46023, "New Year"]], 1, id="date-name-table"),
        pytest.param(["Date", 46023], 1, id="header-cell"),
        pytest.param(46023, 1, id="single-cell"),
        pytest.param(None, 0, id="none"),
    ],
)
def test_holidays(value: object, expected: int) -> None:
    """A holiday range as a column, a row, a table with names, or one cell."""
    assert len(parse_holidays(value)) == expected


def _table(*rows: tuple[object, ...]) -> tuple[tuple[object, ...], ...]:
    return (HEADER, *rows)


def test_classic_and_officejs_shapes_read_the_same_plan() -> None:
    """Floats/datetimes/None and ints/serials/"" give identical tasks and findings."""
    classic = _table(
        (1.0, "Design", 5.0, None, datetime(2026, 3, 20), "Ann", 0.5),
        (2.0, "Build", 3.0, "1", None, None, 0.0),
    )
    officejs = _table(
        (1, "Design", 5, "", 46101, "Ann", 0.5),
        (2, "Build", 3, "1", "", "", 0),
    )
    first, second = read_plan_table(classic), read_plan_table(officejs)
    assert first.tasks == second.tasks
    assert first.issues == second.issues


def test_a_cell_function_reads_a_serial_as_its_date_but_a_year_is_no_date() -> None:
    """The cell functions get every date as a serial number, format unknown: 46101 is read
    as Fri 20 Mar 2026 without a note; a Deadline typed as 2026 is a bad-date error at its
    cell, not Tue 18 Jul 1905."""
    plan = read_plan_table(
        _table((1, "Design", 5, "", 46101, "Ann", 0.5), (2, "Build", 3, "1", 2026, "", 0))
    )
    design, build = plan.tasks
    assert (design.deadline, build.deadline) == (date(2026, 3, 20), None)
    dates = [i for i in plan.issues if i.code in ("bad-date", "date-from-number")]
    assert [(i.code, str(i.location)) for i in dates] == [("bad-date", "Plan!E3")]
    assert "2026 is a number, not a date" in dates[0].message


def test_office_js_zeros_for_empty_references_are_blank() -> None:
    """0 in a date, text or predecessor column is an empty reference, not a value."""
    plan = read_plan_table(_table((1, "Design", 5, 0, 0, 0, 0)))
    task = plan.tasks[0]
    assert (task.links, task.deadline, task.owner) == ((), None, None)
    assert not [issue for issue in plan.issues if issue.severity == "error"]


def test_office_js_zeros_in_settings_are_blank_except_day_counts() -> None:
    """A Settings value of 0 is an empty reference unless the setting counts days: a
    Project Start of 0 is no date (no finding about it), a Slip Tolerance of 0 is zero."""
    settings = (("Setting", "Value"), ("Project Start", 0), ("Slip Tolerance Days", 0))
    plan = read_plan_table(_table((1, "A", 1, None, None, "Ann", None)), settings=settings)
    assert plan.settings.slip_tolerance_days == 0
    assert not [issue for issue in plan.issues if "Project Start" in issue.message]
    assert plan.settings.project_start is None


def test_excel_error_text_becomes_a_formula_error() -> None:
    """`#REF!` sent as text is read as Excel's error, located at its cell."""
    plan = read_plan_table(_table((1, "Design", "#REF!", None, None, "Ann", None)))
    issue = next(issue for issue in plan.issues if "#REF!" in issue.message)
    assert str(issue.location) == "Plan!C2"


def test_excel_error_objects_pass_through() -> None:
    """An `ExcelError` already in the table is kept (the reader reports it)."""
    plan = read_plan_table(_table((1, "Design", ExcelError("#N/A"), None, None, "Ann", None)))
    assert any("#N/A" in issue.message for issue in plan.issues)


def test_header_may_sit_below_a_title_row() -> None:
    """The header is the first of the first ten rows holding ID and Task."""
    table = (("My project", None, None), ("ID", "Task", "Duration"), (1, "Design", 2))
    plan = read_plan_table(table)
    assert [task.id for task in plan.tasks] == ["1"]
    assert plan.tasks[0].row == 3


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param(((1, "A", 2),), "no header row with ID and Task", id="no-header"),
        pytest.param(((None, ""),), "the plan range is empty", id="empty"),
        pytest.param((("ID", "Task"), (1, "A")), "'Duration'", id="no-duration-column"),
    ],
)
def test_unusable_ranges(table: tuple[tuple[object, ...], ...], message: str) -> None:
    """A range that is not a Plan table is an ArgumentError saying what to pass."""
    with pytest.raises(ArgumentError, match=message):
        read_plan_table(table)


def test_settings_and_holidays_reach_the_plan() -> None:
    """The Settings table and the holiday dates end up in the Plan like read_plan's."""
    settings = (("Setting", "Value"), ("Work Week", "Mon-Sat"), ("Slip Tolerance Days", 0))
    plan = read_plan_table(
        _table((1, "A", 1, None, None, "Ann", None)),
        holidays=(date(2026, 1, 1),),
        settings=settings,
    )
    assert plan.settings.work_week == frozenset(range(6))
    assert plan.settings.slip_tolerance_days == 0
    assert [holiday.day for holiday in plan.holidays] == [date(2026, 1, 1)]
