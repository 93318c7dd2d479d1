"""The working-day calendar: work weeks, holidays and the index arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pmkit.engine.errors import ArgumentError, PmkitError
from pmkit.engine.model import Holiday, Plan, Settings
from pmkit.engine.workdays import WorkCalendar
from tests.builders import work_week_of

MON_FRI = frozenset(range(5))
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)
MONDAY = date(2026, 3, 9)


def test_weekend_is_not_working() -> None:
    """Saturday and Sunday are off in a Mon-Fri week; a holiday is off too."""
    calendar = WorkCalendar(MON_FRI, [date(2026, 3, 4)])
    assert calendar.is_working(FRIDAY)
    assert not calendar.is_working(SATURDAY)
    assert not calendar.is_working(date(2026, 3, 4))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(FRIDAY, FRIDAY, id="working-day-itself"),
        pytest.param(SATURDAY, MONDAY, id="saturday-to-monday"),
        pytest.param(date(2026, 3, 8), MONDAY, id="sunday-to-monday"),
    ],
)
def test_next_working(day: date, expected: date) -> None:
    """next_working returns the day itself when working, else the next working day."""
    assert WorkCalendar(MON_FRI).next_working(day) == expected


def test_previous_working() -> None:
    """previous_working steps back over the weekend."""
    assert WorkCalendar(MON_FRI).previous_working(SATURDAY) == FRIDAY


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(FRIDAY, 1, MONDAY, id="friday-plus-one"),
        pytest.param(MONDAY, -1, FRIDAY, id="monday-minus-one"),
        pytest.param(MONDAY, 5, date(2026, 3, 16), id="a-week"),
        pytest.param(SATURDAY, 1, MONDAY, id="from-saturday-forward"),
        pytest.param(SATURDAY, -1, FRIDAY, id="from-saturday-back"),
        pytest.param(SATURDAY, 0, SATURDAY, id="zero-days-unchanged"),
    ],
)
def test_add_workdays_like_excel_workday(start: date, days: int, expected: date) -> None:
    """add_workdays counts like Excel's WORKDAY."""
    assert WorkCalendar(MON_FRI).add_workdays(start, days) == expected


def test_add_workdays_skips_holidays() -> None:
    """A holiday is skipped like a weekend day."""
    calendar = WorkCalendar(MON_FRI, [MONDAY])
    assert calendar.add_workdays(FRIDAY, 1) == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("start", "finish", "expected"),
    [
        pytest.param(MONDAY, MONDAY, 1, id="same-day"),
        pytest.param(MONDAY, date(2026, 3, 13), 5, id="mon-to-fri"),
        pytest.param(FRIDAY, MONDAY, 2, id="over-a-weekend"),
        pytest.param(SATURDAY, date(2026, 3, 8), 0, id="weekend-only"),
        pytest.param(date(2026, 3, 13), MONDAY, -5, id="backwards-negative"),
    ],
)
def test_count_workdays_like_networkdays(start: date, finish: date, expected: int) -> None:
    """count_workdays counts both ends, like Excel's NETWORKDAYS."""
    assert WorkCalendar(MON_FRI).count_workdays(start, finish) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        pytest.param(FRIDAY, MONDAY, 1, id="friday-to-monday-late-by-one"),
        pytest.param(MONDAY, FRIDAY, -1, id="early-is-negative"),
        pytest.param(MONDAY, MONDAY, 0, id="on-time"),
    ],
)
def test_workdays_between_is_signed(earlier: date, later: date, expected: int) -> None:
    """workdays_between gives slip in working days: positive when later."""
    assert WorkCalendar(MON_FRI).workdays_between(earlier, later) == expected


def test_sunday_to_thursday_week() -> None:
    """A Sun-Thu week works Sunday and rests Friday and Saturday."""
    calendar = WorkCalendar(work_week_of("Sun-Thu"))
    assert calendar.is_working(date(2026, 3, 8))  # Sunday
    assert not calendar.is_working(FRIDAY)
    assert calendar.add_workdays(date(2026, 3, 5), 1) == date(2026, 3, 8)  # Thu → Sun


def test_indices_survive_widening() -> None:
    """Indices handed out stay valid when far-away dates widen the span."""
    calendar = WorkCalendar(MON_FRI)
    index = calendar.index_on_or_after(MONDAY)
    calendar.date_at(index + 200_000)
    calendar.date_at(index - 200_000)
    assert calendar.date_at(index) == MONDAY
    assert calendar.index_on_or_after(MONDAY) == index


def test_dates_at_many_indices() -> None:
    """dates_at converts a batch of indices in one go."""
    calendar = WorkCalendar(MON_FRI)
    index = calendar.index_on_or_after(FRIDAY)
    assert calendar.dates_at([index, index + 1, index - 4]) == [FRIDAY, MONDAY, date(2026, 3, 2)]


def test_empty_work_week_is_a_clear_error() -> None:
    """A week with no working day raises an owner-readable error, not an endless loop."""
    with pytest.raises(ArgumentError, match="no working days"):
        WorkCalendar(frozenset())


def test_long_holiday_stretch_is_crossed() -> None:
    """Years of holidays on every working day are crossed, not looped over."""
    holidays = [date(2026, 1, 1) + timedelta(days=k) for k in range(3 * 366)]
    calendar = WorkCalendar(MON_FRI, holidays)
    assert calendar.next_working(date(2026, 1, 1)) > holidays[-1]


def test_dates_beyond_year_9999_are_an_error() -> None:
    """Arithmetic past the calendar's range is a PmkitError, not an OverflowError."""
    calendar = WorkCalendar(MON_FRI)
    with pytest.raises(PmkitError, match="9999"):
        calendar.add_workdays(MONDAY, 10_000_000)


def test_for_plan_uses_work_week_and_holidays() -> None:
    """for_plan takes the plan's Work Week and its holidays."""
    plan = Plan(
        name="p",
        tasks=(),
        settings=Settings(work_week=work_week_of("Mon-Sat")),
        holidays=(Holiday(MONDAY, "Bank holiday"),),
    )
    calendar = WorkCalendar.for_plan(plan)
    assert calendar.is_working(SATURDAY)
    assert not calendar.is_working(MONDAY)


def test_asking_past_the_last_calendar_day_is_a_clear_error() -> None:
    """The day after 9999-12-31 is an ArgumentError with a plain message, not an IndexError."""
    calendar = WorkCalendar(frozenset(range(5)), ())
    with pytest.raises(ArgumentError, match="beyond the dates a calendar can hold"):
        calendar.index_on_or_after_ordinal(date.max.toordinal() + 1)


def test_index_bounds_are_the_first_and_last_working_days_a_calendar_holds() -> None:
    """Counted without building 8,000 years: the last index is 9999-12-30 when the 31st
    (a Friday) is a holiday, the first is 0001-01-02 when 1 Jan of year 1 is one."""
    calendar = WorkCalendar(frozenset(range(5)), [date(9999, 12, 31), date(1, 1, 1)])
    first, last = calendar.index_bounds()
    assert calendar.date_at(last) == date(9999, 12, 30)
    assert calendar.date_at(first) == date(1, 1, 2)
    with pytest.raises(ArgumentError):
        calendar.date_at(last + 1)
    with pytest.raises(ArgumentError):
        calendar.date_at(first - 1)
