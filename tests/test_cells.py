"""Reading single cells: ids, dates, whole days, percents, money, choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.issues import Code, Severity
from pmkit.engine.schema import Kind
from pmkit.reading.cells import Cells, describe, parse_id
from pmkit.reading.columns import convert_column
from pmkit.reading.dates import DateTextError, date_from_serial, parse_date_text
from pmkit.reading.formula_values import ExcelError
from tests.strategies import cell_values


def read(kind: Kind, value: object) -> tuple[object, Cells]:
    """Read one value as `kind` at Plan!C7 through the column fast path and the slow path."""
    cells = Cells("Plan")
    readers: dict[Kind, Callable[[object, int, int, str | None, str], object]] = {
        Kind.DATE: cells.date,
        Kind.DAYS: cells.days,
        Kind.PERCENT: cells.percent,
        Kind.MONEY: cells.money,
        Kind.ID: cells.id,
        Kind.TEXT: cells.text,
        Kind.SCORE: cells.score,
        Kind.NUMBER: cells.number,
    }
    slow = readers[kind](value, 7, 3, "T1", "Field")
    column_cells = Cells("Plan")
    fast = convert_column(column_cells, kind, [value], [7], ["T1"], 3, "Field")[0]
    assert fast == slow, "column fast path and cell reader disagree"
    assert [str(i) for i in column_cells.issues] == [str(i) for i in cells.issues]
    return slow, cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(date(2026, 3, 13), date(2026, 3, 13), id="real-date"),
        pytest.param(datetime(2026, 3, 13, 17, 45), date(2026, 3, 13), id="datetime-time-dropped"),
        pytest.param(46094.0, date(2026, 3, 13), id="serial"),
        pytest.param(46094.75, date(2026, 3, 13), id="serial-with-time"),
        pytest.param("2026-03-13", date(2026, 3, 13), id="iso"),
        pytest.param(" 2026-03-13 ", date(2026, 3, 13), id="iso-spaces"),
        pytest.param("2026-03-13T09:30:00", date(2026, 3, 13), id="iso-datetime"),
        pytest.param("2026-03-13 09:30", date(2026, 3, 13), id="iso-space-time"),
        pytest.param("2026/3/13", date(2026, 3, 13), id="iso-slashes"),
        pytest.param("13/03/2026", date(2026, 3, 13), id="day-first-unambiguous"),
        pytest.param("3/13/2026", date(2026, 3, 13), id="month-first-unambiguous"),
        pytest.param("13.03.2026", date(2026, 3, 13), id="dotted-day-first"),
        pytest.param("03/03/2026", date(2026, 3, 3), id="same-day-and-month"),
        pytest.param("13/03/26", date(2026, 3, 13), id="two-digit-year"),
        pytest.param("Mar 13, 2026", date(2026, 3, 13), id="month-name-first"),
        pytest.param("March 13 2026", date(2026, 3, 13), id="full-month-name"),
        pytest.param("13 Mar 2026", date(2026, 3, 13), id="day-month-name"),
        pytest.param("13-Mar-26", date(2026, 3, 13), id="excel-style"),
        pytest.param("Fri, 13 March 2026", date(2026, 3, 13), id="weekday-prefix"),
        pytest.param("13th March 2026", date(2026, 3, 13), id="ordinal"),
        pytest.param("", None, id="blank"),
        pytest.param("   ", None, id="spaces"),
        pytest.param(None, None, id="none"),
    ],
)
def test_date_forms(value: object, expected: date | None) -> None:
    """Every date form docs/reading.md lists reads as the same day, without an issue."""
    result, cells = read(Kind.DATE, value)
    assert result == expected
    assert cells.issues == []


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        pytest.param(
            2026.0,
            "2026 is a number, not a date (as a date it would be Tue 18 Jul 1905) — type "
            "the date, e.g. 31/03/2026",
            id="a-year",
        ),
        pytest.param(
            45.0,
            "45 is a number, not a date (as a date it would be Wed 14 Feb 1900)",
            id="a-small-number",
        ),
        pytest.param(
            61.0, "as a date it would be Thu 1 Mar 1900", id="serial-after-phantom-leap-day"
        ),
        pytest.param(1.0, "as a date it would be Mon 1 Jan 1900", id="serial-one"),
        pytest.param(32873.0, "as a date it would be Sun 31 Dec 1989", id="before-1990"),
        pytest.param(120_000.0, "as a date it would be Fri 18 Jul 2228", id="after-2199"),
        pytest.param(60.0, "60 is a number, not a date — type", id="serial-60"),
        pytest.param(60.5, "60.5 is a number, not a date — type", id="serial-60-with-time"),
        pytest.param(0.0, "0 is a number, not a date", id="serial-zero"),
        pytest.param(-5.0, "-5 is a number, not a date", id="negative-serial"),
        pytest.param(3e9, "3000000000 is a number, not a date", id="huge-serial"),
        pytest.param(float("inf"), "inf is a number, not a date", id="infinite-serial"),
        pytest.param(float("nan"), "nan is a number, not a date", id="nan-serial"),
        pytest.param("03/04/2026", "2026-04-03 or 2026-03-04", id="ambiguous"),
        pytest.param("2026-02-30", "not a real day", id="no-such-day"),
        pytest.param("31/02/2026", "not a real day", id="no-such-day-local"),
        pytest.param("13/13/2026", "not a real day", id="two-big-numbers"),
        pytest.param("next Tuesday", "not a date", id="words"),
        pytest.param("Smarch 3 2026", "not a date", id="no-such-month"),
        pytest.param(True, "not a date", id="boolean"),
        pytest.param(time(9, 30), "time of day", id="time-only"),
    ],
)
def test_bad_dates(value: object, fragment: str) -> None:
    """Non-dates, ambiguous day/month text and numbers that stand for no date a plan could
    mean (a Deadline typed as 2026 is not 18 Jul 1905) are located bad-date errors."""
    result, cells = read(Kind.DATE, value)
    assert result is None
    [issue] = cells.issues
    assert (issue.code, issue.severity, str(issue.location)) == (
        Code.BAD_DATE,
        Severity.ERROR,
        "Plan!C7",
    )
    assert fragment in issue.message
    assert issue.task_id == "T1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(46112.0, date(2026, 3, 31), id="serial"),
        pytest.param(46112.5, date(2026, 3, 31), id="serial-with-time"),
        pytest.param(32874.0, date(1990, 1, 1), id="first-day-of-1990"),
    ],
)
def test_a_number_in_a_date_cell_without_a_date_format_is_read_with_a_note(
    value: float, expected: date
) -> None:
    """Where a date-formatted cell arrives as a date (an .xlsx file), a number that stands
    for a plan date is a number without a date format: it is read as that date, and a
    note at its cell says which; where dates may arrive as numbers (Google Sheets, the
    cell functions) it is read as that date without a note."""
    cells = Cells("Plan", dates_as_dates=True)
    assert cells.date(value, 7, 3, "T1", "Deadline") == expected
    [note] = cells.issues
    assert (note.code, note.severity, str(note.location)) == (
        Code.DATE_FROM_NUMBER,
        Severity.INFO,
        "Plan!C7",
    )
    shown = f"{value:g}"
    assert note.message.startswith(
        f"Deadline: {shown} is a number without a date format, read as "
        f"{expected:%a} {expected.day} {expected:%b %Y}"
    )
    unknown = Cells("Plan")
    assert unknown.date(value, 7, 3, "T1", "Deadline") == expected
    assert unknown.issues == []


def test_ambiguous_date_says_why() -> None:
    """The ambiguous-date message says that it could be day/month or month/day."""
    with pytest.raises(DateTextError, match="could be day/month or month/day"):
        parse_date_text("03/04/2026")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01.06.2026", date(2026, 6, 1)),
        ("1.6.2026", date(2026, 6, 1)),
        ("03.04.26", date(2026, 4, 3)),
        ("31.03.2026", date(2026, 3, 31)),
        ("03.13.2026", date(2026, 3, 13)),  # no day-first reading: the one there is
    ],
)
def test_a_dotted_date_is_day_first(text: str, day: date) -> None:
    """A colleague's German `01.06.2026` is 1 June: dots are written day first wherever
    they are used. It was refused as "could be day/month or month/day"; slashes still are."""
    assert parse_date_text(text) == day


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serial_round_trip(day: date) -> None:
    """Excel's serial for any day from March 1900 on reads back as that day."""
    serial = (day - date(1899, 12, 30)).days
    assert date_from_serial(serial) == day
    assert date_from_serial(serial + 0.999) == day


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_text_round_trip(day: date) -> None:
    """Any ISO date text reads back as its day."""
    assert parse_date_text(day.isoformat()) == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(7.0, "7", id="float-whole"),
        pytest.param(7, "7", id="int"),
        pytest.param("7", "7", id="text-number"),
        pytest.param(" A-1 ", "A-1", id="text-stripped"),
        pytest.param("1.10", "1.10", id="wbs-text-kept"),
        pytest.param(1.5, "1.5", id="float-fraction"),
        pytest.param("", None, id="blank"),
        pytest.param(True, None, id="boolean"),
    ],
)
def test_parse_id(value: object, expected: str | None) -> None:
    """7 and 7.0 are the same id "7"; text ids are kept as typed, stripped."""
    assert parse_id(value) == expected


def test_boolean_id_is_an_error() -> None:
    """TRUE in an id column is a located error, not an id."""
    result, cells = read(Kind.ID, True)
    assert result is None
    assert [issue.code for issue in cells.issues] == [Code.BAD_VALUE]


@pytest.mark.parametrize(
    ("value", "expected", "code"),
    [
        pytest.param(5.0, 5, None, id="whole"),
        pytest.param(0.0, 0, None, id="milestone"),
        pytest.param("5", 5, None, id="text-number"),
        pytest.param("5 days", 5, None, id="text-days"),
        pytest.param("5d", 5, None, id="text-d"),
        pytest.param(5.000000000001, 5, None, id="formula-noise"),
        pytest.param(2.5, 3, Code.ROUNDED_DURATION, id="fraction-rounded-up"),
        pytest.param(0.1, 1, Code.ROUNDED_DURATION, id="small-fraction"),
        pytest.param(-3.0, None, Code.BAD_DURATION, id="negative"),
        pytest.param("-3", None, Code.BAD_DURATION, id="negative-text"),
        pytest.param(1e9, None, Code.BAD_DURATION, id="huge"),
        pytest.param("1e9", None, Code.BAD_DURATION, id="huge-text"),
        pytest.param(10_001.0, None, Code.BAD_DURATION, id="over-cap"),
        pytest.param("abc", None, Code.BAD_DURATION, id="text"),
        pytest.param(float("nan"), None, Code.BAD_DURATION, id="nan"),
        pytest.param(float("inf"), None, Code.BAD_DURATION, id="infinite"),
        pytest.param(True, None, Code.BAD_DURATION, id="boolean"),
        pytest.param(date(2026, 3, 2), None, Code.BAD_DURATION, id="date"),
        pytest.param(ExcelError("#REF!"), None, Code.FORMULA_ERROR, id="excel-error"),
    ],
)
def test_days(value: object, expected: int | None, code: Code | None) -> None:
    """Durations are whole days ≥ 0; fractions round up with a warning; the rest are errors."""
    result, cells = read(Kind.DAYS, value)
    assert result == expected
    assert [issue.code for issue in cells.issues] == ([code] if code else [])
    if code:
        assert str(cells.issues[0].location) == "Plan!C7"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        pytest.param("2w", "'2w' is in weeks; write it in working days (10 for five-day weeks)"),
        pytest.param("1.5 weeks", "in weeks; write it in working days (7.5 for five-day weeks)"),
        pytest.param("soon", "'soon' should be a number of working days (like 10)"),
        pytest.param("abc days", "'abc' should be a number of working days (like 10)"),
    ],
)
def test_a_duration_that_is_not_days_says_what_to_write(value: str, says: str) -> None:
    """Weeks, or words: an error that says what to write instead, in working days."""
    result, cells = read(Kind.DAYS, value)
    assert result is None
    [issue] = cells.issues
    assert issue.code is Code.BAD_DURATION
    assert says in issue.message


def test_rounded_duration_is_a_warning() -> None:
    """A fractional duration is a warning that names the number used."""
    _, cells = read(Kind.DAYS, 2.5)
    [issue] = cells.issues
    assert issue.severity is Severity.WARNING
    assert "uses 3" in issue.message


@pytest.mark.parametrize(
    ("value", "expected", "code"),
    [
        pytest.param(0.5, 0.5, None, id="excel-fraction"),
        pytest.param(1.0, 1.0, None, id="done"),
        pytest.param(0.0, 0.0, None, id="zero"),
        pytest.param(50.0, 0.5, Code.PERCENT_AS_WHOLE_NUMBER, id="whole-percent"),
        pytest.param(100.0, 1.0, Code.PERCENT_AS_WHOLE_NUMBER, id="hundred"),
        pytest.param("50%", 0.5, None, id="text-percent"),
        pytest.param(" 12.5 % ", 0.125, None, id="text-percent-spaces"),
        pytest.param("0.25", 0.25, None, id="text-fraction"),
        pytest.param(150.0, None, Code.BAD_PERCENT, id="over-hundred"),
        pytest.param(-0.1, None, Code.BAD_PERCENT, id="negative"),
        pytest.param("150%", None, Code.BAD_PERCENT, id="text-over-hundred"),
        pytest.param("half", None, Code.BAD_PERCENT, id="words"),
        pytest.param("x%", None, Code.BAD_PERCENT, id="bad-text-percent"),
    ],
)
def test_percent(value: object, expected: float | None, code: Code | None) -> None:
    """% Complete as Excel stores it; 1–100 read as whole percent with a note; the rest errors."""
    result, cells = read(Kind.PERCENT, value)
    assert result == expected
    assert [issue.code for issue in cells.issues] == ([code] if code else [])


def test_whole_percent_is_info() -> None:
    """Reading 50 as 50 % is an info note, not a warning."""
    _, cells = read(Kind.PERCENT, 50.0)
    assert cells.issues[0].severity is Severity.INFO


@pytest.mark.parametrize(
    ("value", "expected", "code"),
    [
        pytest.param(1200.5, 1200.5, None, id="number"),
        pytest.param("$1,200.50", 1200.5, None, id="dollars-with-comma"),
        pytest.param("1200 EUR", 1200.0, None, id="code-suffix"),
        pytest.param("£300", 300.0, None, id="pounds"),
        pytest.param("lots", None, Code.BAD_NUMBER, id="text"),
        pytest.param("1.200,50", 1200.5, None, id="dot-thousands-comma-decimal"),
        pytest.param("€1.200", None, Code.BAD_NUMBER, id="dot-between-thousands-or-decimal"),
        pytest.param("12.500", None, Code.BAD_NUMBER, id="three-decimals-or-thousands"),
        pytest.param("1.25", 1.25, None, id="two-decimals"),
        pytest.param("0.125", 0.125, None, id="no-thousands-after-a-zero"),
        pytest.param("1200.000", 1200.0, None, id="four-digits-before-the-dot"),
        pytest.param(ExcelError("#DIV/0!"), None, Code.FORMULA_ERROR, id="excel-error"),
    ],
)
def test_money(value: object, expected: float | None, code: Code | None) -> None:
    """Money accepts numbers and plain currency text; other text is a located bad-number."""
    result, cells = read(Kind.MONEY, value)
    assert result == expected
    assert [issue.code for issue in cells.issues] == ([code] if code else [])


def test_money_with_a_dot_before_three_digits_offers_both_readings() -> None:
    """`€1.200` is 1,200 where a dot groups thousands and 1.2 where it is the decimal
    point: pmkit never guesses a locale, so the cell is an error naming both (read as 1.2,
    an Actual Cost of €1,200 made the money spent look a thousand times smaller)."""
    _, cells = read(Kind.MONEY, "€1.200")
    [issue] = cells.issues
    assert "could be 1200 (a dot between thousands) or 1.2" in issue.message
    assert "write it as 1200 or 1.2" in issue.message


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        pytest.param(Kind.MONEY, "1.234,50", 1234.5, id="money-dot-thousands"),
        pytest.param(Kind.MONEY, "280,75 €", 280.75, id="money-euro-suffix"),
        pytest.param(Kind.MONEY, "2.400,00", 2400.0, id="money-two-decimals"),
        pytest.param(Kind.MONEY, "1\u202f234,50", 1234.5, id="money-french-thin-space"),
        pytest.param(Kind.MONEY, "1.234.567", 1234567.0, id="money-dots-between-thousands"),
        pytest.param(Kind.MONEY, "12,500", 12500.0, id="comma-before-three-digits-groups"),
        pytest.param(Kind.PERCENT, "0,6", 0.6, id="percent-fraction"),
        pytest.param(Kind.PERCENT, "0,125", 0.125, id="percent-three-decimals-after-zero"),
        pytest.param(Kind.PERCENT, "12,5%", 0.125, id="percent-text"),
        pytest.param(Kind.NUMBER, "1,5", 1.5, id="number"),
    ],
)
def test_text_with_a_decimal_comma_is_read_where_it_can_be_nothing_else(
    kind: Kind, value: str, expected: float
) -> None:
    """A colleague's German or French numbers arrive as text in a workbook of another
    locale (a CSV opened there, a column formatted as text): `0,6`, `1.234,50`, `280,75 €`
    can only be read one way, as `13/03/2026` can, so they are read, not refused ('should
    be a number, not '0,6''); `12,500` stays 12,500, a comma between thousands."""
    result, cells = read(kind, value)
    assert result == expected
    assert not cells.issues


def test_a_duration_with_a_decimal_comma_is_rounded_up_as_with_a_dot() -> None:
    """`3,5` days is 3.5, rounded up to 4 with the warning `3.5` gets."""
    result, cells = read(Kind.DAYS, "3,5")
    assert result == 4
    [issue] = cells.issues
    assert issue.code is Code.ROUNDED_DURATION


def test_formula_error_names_the_excel_error() -> None:
    """A cached #REF! is reported as a formula error naming #REF!."""
    _, cells = read(Kind.DATE, ExcelError("#REF!"))
    [issue] = cells.issues
    assert issue.code is Code.FORMULA_ERROR
    assert "#REF!" in issue.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(3.0, 3, id="whole"),
        pytest.param(6.0, None, id="over-five"),
        pytest.param(2.5, None, id="fraction"),
        pytest.param("high", None, id="words"),
    ],
)
def test_score(value: object, expected: int | None) -> None:
    """Risk scores are whole numbers from 1 to 5."""
    result, cells = read(Kind.SCORE, value)
    assert result == expected
    assert bool(cells.issues) is (expected is None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(date(2026, 3, 2), "2026-03-02", id="date"),
        pytest.param(12.0, "12", id="whole-number"),
        pytest.param("  padded ", "padded", id="stripped"),
    ],
)
def test_text(value: object, expected: str) -> None:
    """Text columns keep text and write numbers and dates as an owner reads them."""
    result, _ = read(Kind.TEXT, value)
    assert result == expected


@pytest.mark.parametrize(
    "value",
    [pytest.param("in progress", id="lower"), pytest.param(" IN-PROGRESS ", id="upper-dash")],
)
def test_choice_is_case_insensitive(value: str) -> None:
    """Choices match whatever the case, spacing and dashes."""
    cells = Cells("Plan")
    found = cells.choice(value, 2, 3, None, "Status", choices={"in progress": "In progress"})
    assert found == "In progress"
    assert cells.issues == []


def test_unknown_choice_lists_the_allowed_values() -> None:
    """An unknown choice is a located error listing what is allowed."""
    cells = Cells("Plan")
    assert cells.choice("Maybe", 2, 3, "4", "Status", choices={"done": "Done"}) is None
    [issue] = cells.issues
    assert (issue.code, str(issue.location)) == (Code.BAD_VALUE, "Plan!C2")
    assert "Done" in issue.message


@settings(max_examples=400)
@given(st.sampled_from(list(Kind)), st.lists(cell_values, max_size=8))
def test_any_value_is_read_or_reported(kind: Kind, values: list[object]) -> None:
    """Whatever a cell holds, reading never raises; a None result from content is reported."""
    if kind in (Kind.PREDECESSORS, Kind.CHOICE):
        return
    cells = Cells("Plan")
    rows = list(range(2, 2 + len(values)))
    out = convert_column(cells, kind, values, rows, [str(r) for r in rows], 4, "Field")
    reported = {issue.location.row for issue in cells.issues if issue.location}
    for row, value, result in zip(rows, values, out, strict=True):
        blank = value is None or (isinstance(value, str) and not value.strip())
        if result is None and not blank:
            assert row in reported, f"{value!r} read as nothing without a word"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(datetime(2026, 3, 9), "2026-03-09", id="date-cell"),
        pytest.param(datetime(2026, 3, 9, 12, 30), "2026-03-09 12:30", id="date-and-time"),
        pytest.param(date(2026, 3, 9), "2026-03-09", id="date"),
        pytest.param(True, "TRUE", id="boolean"),
        pytest.param(2.0, "2", id="whole-float"),
        pytest.param("  soon ", "'soon'", id="text"),
    ],
)
def test_a_bad_value_is_quoted_as_the_sheet_shows_it(value: object, shown: str) -> None:
    """A date cell (openpyxl and xlwings hand one over as a datetime at midnight) is
    quoted as the date the owner sees, not `2026-03-09T00:00:00`."""
    assert describe(value) == shown
