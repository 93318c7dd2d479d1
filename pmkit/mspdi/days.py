"""Microsoft Project's instants → pmkit's whole working days.

Microsoft Project keeps times of day; pmkit keeps days. A start at or after the end
of the working day (17:00) is the next working day's start; a finish at or before the
start of the working day (08:00) is the previous working day's finish. Durations and
lags are working minutes, `MinutesPerDay` to a day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

__all__ = ["MAX_DAYS", "DayRules", "whole_days_nearest", "whole_days_up"]

_SEARCH_DAYS = 100_000
MAX_DAYS = 36_500
"""Durations and lags longer than this (a century of working days) are typing mistakes."""


@dataclass(frozen=True, slots=True)
class DayRules:
    """The project's working week, holidays and hours, to turn instants into days."""

    work_week: frozenset[int]
    holidays: frozenset[date]
    day_start: time
    day_finish: time
    minutes_per_day: float

    def is_working(self, day: date) -> bool:
        return day.weekday() in self.work_week and day not in self.holidays

    def start_day(self, instant: datetime) -> date:
        """The day of a start at `instant`: its date, or the next working day from 17:00 on.

        A date on a day off is kept as written (the scheduler moves work off it), so a
        plan's dates come back exactly as they went out.
        """
        day = instant.date()
        if instant.time() >= self.day_finish:
            return self._step(day, +1)
        return day

    def finish_day(self, instant: datetime) -> date:
        """The day of a finish at `instant`: its date, or the previous working day up to 08:00."""
        day = instant.date()
        if instant.time() <= self.day_start:
            return self._step(day, -1)
        return day

    def days_from_minutes(self, minutes: float) -> float:
        """Working minutes → working days (fractions kept; the caller rounds)."""
        return round(minutes / self.minutes_per_day, 6)

    def _step(self, day: date, direction: int) -> date:
        """The nearest working day strictly before (-1) or after (+1) `day`."""
        candidate = day
        for _ in range(_SEARCH_DAYS):
            try:
                candidate += timedelta(days=direction)
            except OverflowError:
                return day
            if self.is_working(candidate):
                return candidate
        return day + timedelta(days=direction)


def whole_days_up(days: float) -> int:
    """Round a non-negative day count up to whole days (1e-6 tolerance for float noise)."""
    return math.ceil(days - 1e-6)


def whole_days_nearest(days: float) -> int:
    """Round a (possibly negative) lag to the nearest whole day, halves away from zero."""
    return int(math.copysign(math.floor(abs(days) + 0.5), days))
