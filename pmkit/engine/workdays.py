"""Working-day arithmetic: a work week minus holidays, indexed once so each step is an integer.

Working days are numbered 0, 1, 2, … over a span of calendar days built on first use and
widened (never renumbered) when a date outside it is asked for. The scheduler works in
these indices and turns them into dates only at the end.

>>> from datetime import date
>>> calendar = WorkCalendar(frozenset(range(5)), [date(2026, 1, 1)])
>>> calendar.add_workdays(date(2025, 12, 31), 1)   # the 1st is a holiday
datetime.date(2026, 1, 2)
>>> calendar.count_workdays(date(2026, 1, 1), date(2026, 1, 9))
6
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import accumulate, compress

from pmkit.engine.errors import ArgumentError
from pmkit.engine.model import Plan

__all__ = ["WorkCalendar"]

_FIRST_ORDINAL = date.min.toordinal()
_LAST_ORDINAL = date.max.toordinal()
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_INITIAL_SPAN_DAYS = 3 * 366


class WorkCalendar:
    """Working days of a plan: `work_week` weekdays (Monday = 0) that are not `holidays`.

    Raises `ArgumentError` when the work week has no working day at all.
    """

    __slots__ = (
        "_dates",
        "_first_ordinal",
        "_holiday_ordinals",
        "_next_position",
        "_ordinals",
        "_shift",
        "holidays",
        "on_or_after",
        "through",
        "work_week",
    )

    on_or_after: Callable[[date], int]
    """`index_on_or_after(day)`, remembered: a plan reuses a few hundred dates across
    thousands of tasks, and a hit is the memo's own dict lookup (a C call, half the cost
    of a Python method around a dict)."""
    through: Callable[[date], int]
    """Working days up to and including `day`: the index of the first working day after
    it (`index_on_or_after(day + 1 day)`), remembered."""

    def __init__(self, work_week: frozenset[int], holidays: Iterable[date] = ()) -> None:
        days = frozenset(work_week)
        if not days:
            raise ArgumentError(
                "The work week has no working days; name at least one, e.g. Mon-Fri"
            )
        if not days <= frozenset(range(7)):
            raise ArgumentError(
                f"Work week days must be 0 (Monday) to 6 (Sunday), got {sorted(days)}"
            )
        self.work_week = days
        self.holidays = frozenset(holidays)
        self._holiday_ordinals = frozenset(day.toordinal() for day in self.holidays)
        # The span: calendar days [_first_ordinal, _first_ordinal + len(_next_position)).
        # _ordinals[p] is the p-th working day of the span; its public index is p - _shift.
        # _next_position[k] is the position of the first working day on or after day k.
        self._first_ordinal = 0
        self._ordinals: list[int] = []
        self._dates: list[date] = []
        self._next_position: list[int] = []
        self._shift = 0
        index = self.index_on_or_after_ordinal
        self.on_or_after = _DateMemo(lambda day: index(day.toordinal())).__getitem__
        self.through = _DateMemo(lambda day: index(day.toordinal() + 1)).__getitem__

    @classmethod
    def for_plan(cls, plan: Plan) -> WorkCalendar:
        """The calendar of `plan`: its Work Week and its holidays (country ones included)."""
        return cls(plan.settings.work_week, (holiday.day for holiday in plan.holidays))

    def __repr__(self) -> str:
        week = ",".join(_WEEKDAY_NAMES[day] for day in sorted(self.work_week))
        return f"WorkCalendar({week}, {len(self.holidays)} holidays)"

    # -- the public, date-based arithmetic -------------------------------------------------

    def is_working(self, day: date) -> bool:
        """True when `day` is in the work week and not a holiday."""
        return day.weekday() in self.work_week and day not in self.holidays

    def next_working(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        return self.date_at(self.index_on_or_after(day))

    def previous_working(self, day: date) -> date:
        """`day` itself when it is a working day, else the last working day before it."""
        return self.date_at(self.index_on_or_after_ordinal(day.toordinal() + 1) - 1)

    def add_workdays(self, day: date, days: int) -> date:
        """The date `days` working days on from `day` (back when negative), like Excel's WORKDAY.

        From a non-working `day`, the count starts at the nearest working day in the
        direction of travel; `days == 0` returns `day` unchanged.
        """
        if days == 0:
            return day
        index = self.index_on_or_after(day)
        if days > 0 and not self.is_working(day):
            index -= 1
        return self.date_at(index + days)

    def count_workdays(self, start: date, finish: date) -> int:
        """Working days from `start` to `finish`, both included, like Excel's NETWORKDAYS.

        Negative when `finish` is before `start` (the count of the days between, negated);
        0 when the range holds no working day.
        """
        if finish < start:
            return -self.count_workdays(finish, start)
        after = self.index_on_or_after_ordinal(finish.toordinal() + 1)
        return after - self.index_on_or_after(start)

    def workdays_between(self, earlier: date, later: date) -> int:
        """Signed working days from `earlier` to `later`: Friday → next Monday is 1.

        A non-working date counts as the working day after it. Used for slip
        (forecast finish − baseline finish; positive = late).
        """
        return self.on_or_after(later) - self.on_or_after(earlier)

    # -- the index-based arithmetic the scheduler uses ------------------------------------

    def index_on_or_after(self, day: date) -> int:
        """Index of `day` when it is a working day, else of the first working day after it."""
        return self.index_on_or_after_ordinal(day.toordinal())

    def index_on_or_after_ordinal(self, ordinal: int) -> int:
        """Like `index_on_or_after`, for a proleptic Gregorian ordinal (`date.toordinal()`)."""
        offset = ordinal - self._first_ordinal
        if offset < 0 or offset >= len(self._next_position):
            self._cover_ordinals(ordinal, ordinal)
            offset = ordinal - self._first_ordinal
        position = self._next_position[offset]
        if position >= len(self._ordinals):  # no working day left in the span
            self._cover_ordinals(ordinal, self._first_ordinal + 2 * len(self._next_position))
            position = self._next_position[ordinal - self._first_ordinal]
        return position - self._shift

    def ordinal_at(self, index: int) -> int:
        """The ordinal of working day `index`."""
        position = index + self._shift
        if position < 0 or position >= len(self._ordinals):
            self._cover_indices(index, index)
            position = index + self._shift
        return self._ordinals[position]

    def date_at(self, index: int) -> date:
        """The date of working day `index`."""
        position = index + self._shift
        if position < 0 or position >= len(self._dates):
            self._cover_indices(index, index)
            position = index + self._shift
        return self._dates[position]

    def dates_at(self, indices: Sequence[int]) -> list[date]:
        """The dates of many working-day indices at once (one span check, then lookups)."""
        if not indices:
            return []
        self._cover_indices(min(indices), max(indices))
        dates, shift = self._dates, self._shift
        return [dates[index + shift] for index in indices]

    def date_table(self, low: int, high: int) -> tuple[list[date], int]:
        """A list holding the date of every index `low`..`high`, and the offset to add to an
        index to find its date in it: `table[index + offset]`. Do not modify the list."""
        self._cover_indices(low, high)
        return self._dates, self._shift

    def index_bounds(self) -> tuple[int, int]:
        """The indices of the first and last working days a calendar holds (years 1 to 9999).

        Counted, not built: whole weeks hold the work week's days each, and holidays in
        the work week are taken off. A schedule past these indices cannot be shown as dates.
        """
        if not self._next_position:
            self._cover_ordinals(_today_ordinal(), _today_ordinal())
        anchor = self._first_ordinal  # its index is that of the first working day on or after it
        index = self._next_position[0] - self._shift
        before = self._count_working(_FIRST_ORDINAL, anchor - 1)
        from_anchor = self._count_working(anchor, _LAST_ORDINAL)
        return index - before, index + from_anchor - 1

    def _count_working(self, first: int, last: int) -> int:
        """Working days among the calendar days with ordinals `first`..`last`."""
        if last < first:
            return 0
        weeks, extra = divmod(last - first + 1, 7)
        count = weeks * len(self.work_week)
        count += sum((day - 1) % 7 in self.work_week for day in range(last - extra + 1, last + 1))
        return count - sum(
            first <= day <= last and (day - 1) % 7 in self.work_week
            for day in self._holiday_ordinals
        )

    # -- building and widening the span -----------------------------------------------------

    def _cover_indices(self, low: int, high: int) -> None:
        """Widen the span until working-day indices `low`..`high` are inside it."""
        if not self._next_position:
            self._cover_ordinals(_today_ordinal(), _today_ordinal())
        while low + self._shift < 0 or high + self._shift >= len(self._ordinals):
            size = len(self._next_position)
            first = self._first_ordinal
            last = first + size
            missing_before = max(0, -(low + self._shift))
            missing_after = max(0, high + self._shift - len(self._ordinals) + 1)
            # Working days are at least 1 in 7 outside holidays: 7 calendar days per missing
            # index (plus the doubling) always gains ground.
            if missing_before:
                first -= max(size, 7 * missing_before + 7)
            if missing_after:
                last += max(size, 7 * missing_after + 7)
            first, last = max(first, _FIRST_ORDINAL), min(last, _LAST_ORDINAL + 1)
            if (first, last) == (self._first_ordinal, self._first_ordinal + size):
                raise _out_of_range()
            self._build(first, last)

    def _cover_ordinals(self, low: int, high: int) -> None:
        """Widen the span so calendar days `low`..`high` and a working day after them are in it."""
        if low < _FIRST_ORDINAL or high > _LAST_ORDINAL:
            raise _out_of_range()
        size = len(self._next_position)
        margin = max(size, _INITIAL_SPAN_DAYS)
        if size:
            low = min(low, self._first_ordinal)
            high = max(high, self._first_ordinal + size - 1)
        first, last = low - margin, high + margin
        self._build(max(first, _FIRST_ORDINAL), min(last, _LAST_ORDINAL + 1))
        while self._next_position[high - self._first_ordinal] >= len(self._ordinals):
            end = self._first_ordinal + len(self._next_position)
            if end > _LAST_ORDINAL:
                raise _out_of_range()
            self._build(self._first_ordinal, min(end + len(self._next_position), _LAST_ORDINAL + 1))

    def _build(self, first: int, last: int) -> None:
        """Index calendar days [first, last), keeping every index handed out so far."""
        if first < _FIRST_ORDINAL or last > _LAST_ORDINAL + 1:
            raise _out_of_range()
        anchor = self._ordinals[self._shift] if self._ordinals else None
        work_week, holidays = self.work_week, self._holiday_ordinals
        days = range(first, last)
        # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday.
        working = [(day - 1) % 7 in work_week and day not in holidays for day in days]
        ordinals = list(compress(days, working))
        next_position = list(accumulate(working, initial=0))  # working days before each day
        next_position.pop()
        self._first_ordinal = first
        self._ordinals = ordinals
        self._next_position = next_position
        self._dates = list(map(date.fromordinal, ordinals))
        if anchor is None:
            # Index 0 is the first working day of the first span ever built.
            self._shift = 0
        else:
            self._shift = next_position[anchor - first]


def _today_ordinal() -> int:
    return date.today().toordinal()


def _out_of_range() -> ArgumentError:
    return ArgumentError(
        "The schedule reaches beyond the dates a calendar can hold (years 1 to 9999); "
        "check durations, lags and dates for a typing mistake"
    )


class _DateMemo(dict[date, int]):
    """A date's working-day index, computed on first use and remembered (indices are never
    renumbered when the calendar's span widens)."""

    __slots__ = ("_count",)

    def __init__(self, count: Callable[[date], int]) -> None:
        super().__init__()
        self._count = count

    def __missing__(self, day: date) -> int:
        found = self[day] = self._count(day)
        return found
