"""Small MSPDI documents for tests: `project(task(...), task(...))` → XML text."""

from __future__ import annotations

NAMESPACE = "http://schemas.microsoft.com/project"

STANDARD_WEEK = "".join(
    f"<WeekDay><DayType>{day}</DayType><DayWorking>{1 if 2 <= day <= 6 else 0}</DayWorking>"
    + (
        "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
        "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
        "</WorkingTime></WorkingTimes>"
        if 2 <= day <= 6
        else ""
    )
    + "</WeekDay>"
    for day in range(1, 8)
)


def calendar(uid: int = 1, weekdays: str = STANDARD_WEEK, extra: str = "", base: int = -1) -> str:
    return (
        f"<Calendar><UID>{uid}</UID><Name>Cal {uid}</Name>"
        f"<IsBaseCalendar>{1 if base == -1 else 0}</IsBaseCalendar>"
        f"<BaseCalendarUID>{base}</BaseCalendarUID><WeekDays>{weekdays}</WeekDays>{extra}"
        "</Calendar>"
    )


def assignments(*pairs: tuple[int, int]) -> str:
    """`<Assignments>` of (task UID, resource UID) pairs, numbered from 1."""
    return (
        "<Assignments>"
        + "".join(
            f"<Assignment><UID>{n}</UID><TaskUID>{task_uid}</TaskUID>"
            f"<ResourceUID>{resource_uid}</ResourceUID></Assignment>"
            for n, (task_uid, resource_uid) in enumerate(pairs, start=1)
        )
        + "</Assignments>"
    )


def link(uid: int, kind: int = 1, lag_tenths: int = 0, lag_format: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag_tenths}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>"
    )


def task(
    uid: int,
    name: str | None = None,
    duration: str = "PT8H0M0S",
    *,
    level: int = 1,
    summary: bool = False,
    task_id: int | None = None,
    links: str = "",
    extra: str = "",
    after_links: str = "",
) -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid if task_id is None else task_id}</ID>"
        f"<Name>{name or f'Task {uid}'}</Name><OutlineLevel>{level}</OutlineLevel>"
        f"<Duration>{duration}</Duration><DurationFormat>7</DurationFormat>"
        f"<Summary>{1 if summary else 0}</Summary>{extra}{links}{after_links}</Task>"
    )


def project(
    *tasks: str,
    calendars: str | None = None,
    calendar_uid: int = 1,
    header: str = "<StartDate>2026-03-02T08:00:00</StartDate>",
    tail: str = "",
) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project xmlns="{NAMESPACE}">'
        f"<Name>test.xml</Name>{header}<CalendarUID>{calendar_uid}</CalendarUID>"
        "<MinutesPerDay>480</MinutesPerDay>"
        f"<Calendars>{calendars if calendars is not None else calendar()}</Calendars>"
        f"<Tasks><Task><UID>0</UID><ID>0</ID><Name>test</Name><OutlineLevel>0</OutlineLevel>"
        f"<Summary>1</Summary></Task>{''.join(tasks)}</Tasks>{tail}</Project>"
    )
