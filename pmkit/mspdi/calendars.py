"""The project calendar of an MSPDI file → pmkit's work week and holidays.

The calendar is the one named by the project's `CalendarUID`. A derived calendar
inherits the weekdays its base calendar does not override. Non-working exceptions
(the Project 2007+ `Exceptions` list and the older `WeekDay` with `DayType` 0) become
holidays; recurring exceptions are expanded over their date range.
"""

from __future__ import annotations

import calendar as std_calendar
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from pmkit.engine.errors import ProjectFileError
from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import WEEKDAYS_MON_FRI, DaysOff, Holiday
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.values import parse_bool, parse_datetime, parse_int, parse_time

__all__ = ["ProjectCalendar", "calendars_by_uid", "read_project_calendar", "resource_days_off"]

MAX_HOLIDAYS = 50_000
"""More non-working exception days than this (137 years of them) are not expanded."""
_MAX_RANGE_DAYS = 366 * 200
_DEFAULT_START = time(8, 0)
_DEFAULT_FINISH = time(17, 0)


@dataclass(frozen=True, slots=True)
class ProjectCalendar:
    """Working weekdays (`date.weekday()` numbers), holidays, and the working day's hours."""

    name: str
    work_week: frozenset[int]
    holidays: tuple[Holiday, ...]
    day_start: time
    day_finish: time
    issues: tuple[Issue, ...] = ()
    extra_working_days: frozenset[date] = frozenset()
    """Days off in the work week that an exception makes working (pmkit keeps them off)."""


def _weekday_from_day_type(day_type: int) -> int:
    """MSPDI DayType 1 = Sunday … 7 = Saturday → `date.weekday()` (Monday = 0)."""
    return (day_type - 2) % 7


def read_project_calendar(
    document: ProjectDocument, default_start: time | None, default_finish: time | None
) -> ProjectCalendar:
    """The project's calendar, or ProjectFileError when it has no working day at all."""
    calendars = calendars_by_uid(document)
    uid = parse_int(document.text(document.root, "CalendarUID"))
    issues: list[Issue] = []
    chosen = calendars.get(uid) if uid is not None else None
    if chosen is None:
        chosen = next(
            (c for c in calendars.values() if parse_bool(document.text(c, "IsBaseCalendar"))),
            None,
        )
        if calendars:
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.BAD_SETTING,
                    document.calendar_location(),
                    None,
                    f"The project calendar (UID {uid}) is not in the file; "
                    + (
                        f"used the base calendar {document.text(chosen, 'Name')!r} instead"
                        if chosen is not None
                        else "used Monday to Friday with no holidays"
                    ),
                )
            )
    if chosen is None:
        return ProjectCalendar(
            "Standard",
            WEEKDAYS_MON_FRI,
            (),
            default_start or _DEFAULT_START,
            default_finish or _DEFAULT_FINISH,
            tuple(issues),
        )
    chain = _base_chain(document, chosen, calendars)
    working: dict[int, bool] = {}
    hours: dict[int, tuple[time, time]] = {}
    holidays: dict[date, str] = {}
    made_working: set[date] = set()
    try:
        for cal in reversed(chain):  # base first, so the derived calendar overrides it
            _apply_weekdays(
                document,
                cal,
                working=working,
                hours=hours,
                holidays=holidays,
                made_working=made_working,
                issues=issues,
            )
            _apply_exceptions(document, cal, holidays, made_working, issues)
    except ProjectFileError as exc:
        raise ProjectFileError(f"{document.name}: {exc.message}") from exc
    work_week = frozenset(
        weekday for weekday in range(7) if working.get(weekday, weekday in WEEKDAYS_MON_FRI)
    )
    name = document.text(chosen, "Name") or "Standard"
    if not work_week:
        raise ProjectFileError(
            f"{document.name}: the project calendar {name!r} has no working days in its week, "
            "so no task could ever be scheduled"
        )
    starts = [span[0] for span in hours.values()]
    finishes = [span[1] for span in hours.values()]
    where = document.calendar_location()
    return ProjectCalendar(
        name,
        work_week,
        tuple(Holiday(day, label, where) for day, label in sorted(holidays.items())),
        default_start or (min(starts) if starts else _DEFAULT_START),
        default_finish or (max(finishes) if finishes else _DEFAULT_FINISH),
        tuple(issues),
        frozenset(d for d in made_working if d.weekday() not in work_week and d not in holidays),
    )


def resource_days_off(
    document: ProjectDocument,
    resource: ET.Element,
    calendars: Mapping[int, ET.Element] | None = None,
) -> tuple[DaysOff, ...]:
    """A resource's days away: the non-working exceptions of its own calendar (its
    `CalendarUID`; a vacation entered in Project's Change Working Time for that person),
    as runs of consecutive days. Its base calendar's are the project's holidays, read as
    such; its weekdays and working exceptions are not read. None when it has no calendar
    of its own (none, or the project's: a file converted from another tool may put a
    resource on it), or one with more exception days than `MAX_HOLIDAYS`. `calendars` are the
    file's (`calendars_by_uid`), found once for all of its resources: finding them again
    for each made a file of 4,000 people take 10 s to read."""
    uid = parse_int(document.text(resource, "CalendarUID"))
    if uid is None or uid == parse_int(document.text(document.root, "CalendarUID")):
        return ()  # on the project's calendar: its exceptions are the holidays, not theirs
    if calendars is None:
        calendars = calendars_by_uid(document)
    own = calendars.get(uid)
    if own is None:
        return ()
    away: dict[date, str] = {}
    made_working: set[date] = set()
    ignored: list[Issue] = []  # a person's extra working day is not pmkit's to read
    try:
        _apply_weekdays(
            document,
            own,
            working={},
            hours={},
            holidays=away,
            made_working=made_working,
            issues=ignored,
        )
        _apply_exceptions(document, own, away, made_working, ignored)
    except ProjectFileError:
        return ()
    runs: list[DaysOff] = []
    for day in sorted(away):
        if runs and runs[-1].last + timedelta(days=1) == day:
            runs[-1] = DaysOff(runs[-1].first, day)
        else:
            runs.append(DaysOff(day, day))
    return tuple(runs)


def calendars_by_uid(document: ProjectDocument) -> dict[int, ET.Element]:
    """The file's calendars by UID (the first of a UID written twice)."""
    container = document.child(document.root, "Calendars")
    if container is None:
        return {}
    found: dict[int, ET.Element] = {}
    for cal in document.children(container, "Calendar"):
        uid = parse_int(document.text(cal, "UID"))
        if uid is not None:
            found.setdefault(uid, cal)
    return found


def _base_chain(
    document: ProjectDocument, chosen: ET.Element, calendars: dict[int, ET.Element]
) -> list[ET.Element]:
    """`chosen`, its base calendar, that one's base … (a loop of bases is cut)."""
    chain = [chosen]
    seen = {id(chosen)}
    current = chosen
    while True:
        base_uid = parse_int(document.text(current, "BaseCalendarUID"))
        base = calendars.get(base_uid) if base_uid is not None else None
        if base is None or id(base) in seen:
            return chain
        chain.append(base)
        seen.add(id(base))
        current = base


def _apply_weekdays(
    document: ProjectDocument,
    cal: ET.Element,
    *,
    working: dict[int, bool],
    hours: dict[int, tuple[time, time]],
    holidays: dict[date, str],
    made_working: set[date],
    issues: list[Issue],
) -> None:
    weekdays = document.child(cal, "WeekDays")
    if weekdays is None:
        return
    for day in document.children(weekdays, "WeekDay"):
        day_type = parse_int(document.text(day, "DayType"))
        is_working = parse_bool(document.text(day, "DayWorking"))
        if day_type is None or not 0 <= day_type <= 7:
            continue
        if day_type == 0:  # an exception in the pre-2007 format
            period = document.child(day, "TimePeriod")
            if period is not None:
                _add_range(
                    document,
                    period,
                    is_working=is_working,
                    label="",
                    holidays=holidays,
                    made_working=made_working,
                    issues=issues,
                    every=1,
                )
            continue
        weekday = _weekday_from_day_type(day_type)
        working[weekday] = is_working
        span = _working_span(document, day)
        if is_working and span is not None:
            hours[weekday] = span


def _working_span(document: ProjectDocument, day: ET.Element) -> tuple[time, time] | None:
    times = document.child(day, "WorkingTimes")
    if times is None:
        return None
    starts: list[time] = []
    finishes: list[time] = []
    for working_time in document.children(times, "WorkingTime"):
        start = parse_time(document.text(working_time, "FromTime"))
        finish = parse_time(document.text(working_time, "ToTime"))
        if start is not None and finish is not None:
            starts.append(start)
            finishes.append(finish if finish != time(0) else time(23, 59, 59))
    if not starts:
        return None
    return min(starts), max(finishes)


def _apply_exceptions(
    document: ProjectDocument,
    cal: ET.Element,
    holidays: dict[date, str],
    made_working: set[date],
    issues: list[Issue],
) -> None:
    container = document.child(cal, "Exceptions")
    if container is None:
        return
    for exception in document.children(container, "Exception"):
        period = document.child(exception, "TimePeriod")
        if period is None:
            continue
        is_working = parse_bool(document.text(exception, "DayWorking"))
        label = document.text(exception, "Name") or ""
        kind = parse_int(document.text(exception, "Type")) or 1
        every = max(parse_int(document.text(exception, "Period")) or 1, 1)
        if kind == 1 or kind in {7, 8, 9}:
            _add_range(
                document,
                period,
                is_working=is_working,
                label=label,
                holidays=holidays,
                made_working=made_working,
                issues=issues,
                every=every,
            )
            continue
        first, last = _range(document, period)
        if first is None or last is None:
            continue
        days = _recurring_days(document, exception, kind=kind, first=first, last=last, every=every)
        if days is None:
            issues.append(_unsupported_exception(label, kind, document.calendar_location()))
            continue
        _add_days(days, is_working, label, holidays, made_working, issues, document)


def _range(document: ProjectDocument, period: ET.Element) -> tuple[date | None, date | None]:
    start = parse_datetime(document.text(period, "FromDate") or "")
    finish = parse_datetime(document.text(period, "ToDate") or "")
    if start is None or finish is None:
        return None, None
    last = finish.date()
    if finish.time() == time(0) and finish.date() > start.date():
        last -= timedelta(days=1)  # a range ending at midnight ends the day before
    if (last - start.date()).days > _MAX_RANGE_DAYS:
        last = start.date() + timedelta(days=_MAX_RANGE_DAYS)
    return start.date(), last


def _add_range(
    document: ProjectDocument,
    period: ET.Element,
    *,
    is_working: bool,
    label: str,
    holidays: dict[date, str],
    made_working: set[date],
    issues: list[Issue],
    every: int,
) -> None:
    first, last = _range(document, period)
    if first is None or last is None or last < first:
        return
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, every)]
    _add_days(days, is_working, label, holidays, made_working, issues, document)


def _add_days(  # noqa: PLR0917 - the days, what they are, and where they go
    days: list[date],
    is_working: bool,
    label: str,
    holidays: dict[date, str],
    made_working: set[date],
    issues: list[Issue],
    document: ProjectDocument,
) -> None:
    if is_working:
        made_working.update(days)
        for day in days:
            holidays.pop(day, None)  # a working exception cancels a holiday of the base
        if days:
            issues.append(
                Issue(
                    Severity.INFO,
                    Code.BAD_SETTING,
                    document.calendar_location(),
                    None,
                    f"Calendar exception {label or format_day(days[0])!r} makes days working; "
                    "pmkit keeps the work week for those days (extra working days are not read)",
                )
            )
        return
    for day in days:
        if len(holidays) >= MAX_HOLIDAYS:
            raise ProjectFileError(
                f"the project calendar has more than {MAX_HOLIDAYS} non-working exception days"
            )
        if not holidays.get(day):  # a named exception names a day an unnamed one listed
            holidays[day] = label


def _recurring_days(
    document: ProjectDocument,
    exception: ET.Element,
    *,
    kind: int,
    first: date,
    last: date,
    every: int,
) -> list[date] | None:
    """The days of a recurring exception within [first, last], or None if not understood."""
    month = parse_int(document.text(exception, "Month"))
    month_day = parse_int(document.text(exception, "MonthDay"))
    item = parse_int(document.text(exception, "MonthItem"))
    position = parse_int(document.text(exception, "MonthPosition"))
    mask = parse_int(document.text(exception, "DaysOfWeek")) or 0
    days: list[date] = []
    if kind == 6:  # weekly: DaysOfWeek bit 1 = Sunday … 64 = Saturday, every `every` weeks
        week_start = first - timedelta(days=(first.weekday() + 1) % 7)
        day = first
        while day <= last:
            weeks = (day - week_start).days // 7
            bit = 1 << ((day.weekday() + 1) % 7)
            if weeks % every == 0 and mask & bit:
                days.append(day)
            day += timedelta(days=1)
        return days
    for year in range(first.year, last.year + 1):
        for month_number in range(1, 13):
            if kind in {2, 3} and month_number != (month or 0) + 1:
                continue  # MSPDI months are 0-based: 0 = January
            if kind in {4, 5} and ((year - first.year) * 12 + month_number - first.month) % every:
                continue
            if kind in {2, 4}:
                if month_day is None:
                    return None
                last_day = std_calendar.monthrange(year, month_number)[1]
                candidate = date(year, month_number, min(month_day, last_day))
            else:
                found = _positional_day(year, month_number, item, position)
                if found is None:
                    return None
                candidate = found
            if first <= candidate <= last:
                days.append(candidate)
    return days


def _positional_day(year: int, month: int, item: int | None, position: int | None) -> date | None:
    """`MonthItem` (0 day, 3 Sunday … 9 Saturday) at `MonthPosition` (0 first … 4 last)."""
    if item is None or position is None or item in {1, 2} or not 0 <= position <= 4:
        return None
    last_day = std_calendar.monthrange(year, month)[1]
    month_days = [date(year, month, n) for n in range(1, last_day + 1)]
    if item != 0:
        weekday = (item - 4) % 7  # 3 Sunday → 6, 4 Monday → 0
        month_days = [d for d in month_days if d.weekday() == weekday]
    return month_days[-1] if position == 4 else month_days[position]


def _unsupported_exception(label: str, kind: int, where: Location) -> Issue:
    return Issue(
        Severity.WARNING,
        Code.BAD_SETTING,
        where,
        None,
        f"Calendar exception {label!r} recurs in a way pmkit does not read (type {kind}); "
        "its days are not holidays here — add them to the Holidays sheet if they matter",
    )
