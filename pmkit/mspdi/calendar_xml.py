"""The project calendar as MSPDI: the work week and each holiday as a non-working exception,
and a calendar for each person with Days Off."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, time

from pmkit.engine.model import DaysOff, Plan
from pmkit.mspdi.elements import add, at

__all__ = ["CALENDAR_UID", "add_calendar", "add_days_off_calendar"]

CALENDAR_UID = "1"
_WORKING_HOURS = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))


def add_calendar(calendars: ET.Element, plan: Plan) -> None:
    calendar = add(calendars, "Calendar")
    add(calendar, "UID", CALENDAR_UID)
    add(calendar, "Name", "Standard")
    add(calendar, "IsBaseCalendar", "1")
    add(calendar, "BaseCalendarUID", "-1")
    weekdays = add(calendar, "WeekDays")
    for day_type in range(1, 8):
        working = (day_type - 2) % 7 in plan.settings.work_week
        weekday = add(weekdays, "WeekDay")
        add(weekday, "DayType", str(day_type))
        add(weekday, "DayWorking", "1" if working else "0")
        if working:
            _add_working_times(weekday)
    holidays = sorted({holiday.day: holiday.name for holiday in plan.holidays}.items())
    # Project 2003 and older readers want each exception as a WeekDay of DayType 0;
    # Project 2007 and later (and ProjectLibre) read the Exceptions list. Both are written.
    for day, _name in holidays:
        weekday = add(weekdays, "WeekDay")
        add(weekday, "DayType", "0")
        add(weekday, "DayWorking", "0")
        _add_period(weekday, day, day)
    if holidays:
        exceptions = add(calendar, "Exceptions")
        for day, name in holidays:
            _add_day_off(exceptions, day, day, name or "Holiday")


def add_days_off_calendar(
    calendars: ET.Element, uid: int, name: str, days_off: Sequence[DaysOff]
) -> None:
    """A person's calendar: the project's (its base), with each run of their Days Off as
    a non-working exception, as Project's Change Working Time for a resource writes it."""
    calendar = add(calendars, "Calendar")
    add(calendar, "UID", str(uid))
    add(calendar, "Name", name)
    add(calendar, "IsBaseCalendar", "0")
    add(calendar, "BaseCalendarUID", CALENDAR_UID)
    exceptions = add(calendar, "Exceptions")
    for away in days_off:
        _add_day_off(exceptions, away.first, away.last, "Days off")


def _add_day_off(exceptions: ET.Element, first: date, last: date, name: str) -> None:
    """One non-working exception, `first` to `last` (a holiday, or a person's days off)."""
    exception = add(exceptions, "Exception")
    add(exception, "EnteredByOccurrences", "0")
    _add_period(exception, first, last)
    add(exception, "Occurrences", "1")
    add(exception, "Name", name)
    add(exception, "Type", "1")
    add(exception, "DayWorking", "0")


def _add_working_times(weekday: ET.Element) -> None:
    times = add(weekday, "WorkingTimes")
    for start, finish in _WORKING_HOURS:
        working_time = add(times, "WorkingTime")
        add(working_time, "FromTime", start.isoformat())
        add(working_time, "ToTime", finish.isoformat())


def _add_period(parent: ET.Element, first: date, last: date) -> None:
    period = add(parent, "TimePeriod")
    add(period, "FromDate", at(first, time(0, 0)))
    add(period, "ToDate", at(last, time(23, 59)))
