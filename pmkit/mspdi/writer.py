"""`write_mspdi`: a plan or its analysis → Microsoft Project XML (Project and ProjectLibre open it).

Phases become summary tasks (a `Build > Framing` phase becomes nested summaries),
owners become resources assigned to their tasks, holidays become calendar
exceptions, and each task keeps its pmkit ID in the custom field Text1 ("pmkit ID"),
because Microsoft Project numbers task IDs by row, summary rows included.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from pmkit.errors import ProjectFileError
from pmkit.model import Link, LinkType, Plan, Task
from pmkit.mspdi.document import NAMESPACE
from pmkit.mspdi.outline import PHASE_SEPARATOR, PMKIT_ID_ALIAS
from pmkit.results import Analysis, TaskResult

__all__ = ["PMKIT_ID_FIELD", "build_project_element", "write_mspdi"]

PMKIT_ID_FIELD = "188743731"
"""Field ID of Text1, the custom task field that carries the pmkit ID."""
MINUTES_PER_DAY = 480
DAY_START = time(8, 0)
DAY_FINISH = time(17, 0)
_WORKING_HOURS = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))
_LINK_TYPE_CODES = {LinkType.FF: "0", LinkType.FS: "1", LinkType.SF: "2", LinkType.SS: "3"}
_DAYS_FORMAT = "7"
_ELAPSED_DAYS_FORMAT = "8"
_SNET = "4"
_CALENDAR_UID = "1"


def write_mspdi(source: Plan | Analysis, path: str | Path) -> Path:
    """Write `source` as Microsoft Project XML to `path`; a Plan is analysed first for dates."""
    analysis = source if isinstance(source, Analysis) else _analyze(source)
    root = build_project_element(analysis)
    ET.indent(root, space="  ")
    target = Path(path)
    try:
        ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    except OSError as exc:
        raise ProjectFileError(
            f"{target.name} could not be written: {exc.strerror or exc}"
        ) from exc
    return target


def _analyze(plan: Plan) -> Analysis:
    from pmkit.analysis import analyze

    return analyze(plan)


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the Microsoft Project outline: a phase summary or a task."""

    uid: int
    name: str
    level: int
    task: Task | None
    outline_number: str


def build_project_element(analysis: Analysis) -> ET.Element:
    """The `<Project>` element for `analysis` (children in the schema's order)."""
    plan = analysis.plan
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("Project"))
    settings = plan.settings
    results = {row.id: row for row in analysis.tasks}
    rows = _outline(plan.tasks)
    uid_by_task_id: dict[str, int] = {}
    for row in rows:
        if row.task is not None:
            uid_by_task_id.setdefault(row.task.id, row.uid)
    starts = [r.early_start for r in analysis.tasks if r.early_start]
    finishes = [r.early_finish for r in analysis.tasks if r.early_finish]
    project_start = (
        analysis.summary.start or settings.project_start or (min(starts) if starts else None)
    )
    project_finish = analysis.summary.forecast_finish or (max(finishes) if finishes else None)
    project_start = project_start or analysis.status_date
    _add(root, "SaveVersion", "14")
    _add(root, "Name", f"{settings.project_name or plan.name}.xml")
    _add(root, "Title", settings.project_name or plan.name)
    _add(root, "CreationDate", _stamp(datetime.now().replace(microsecond=0)))
    _add(root, "ScheduleFromStart", "1")
    _add(root, "StartDate", _at(project_start, DAY_START))
    if project_finish:
        _add(root, "FinishDate", _at(project_finish, DAY_FINISH))
    _add(root, "CriticalSlackLimit", str(settings.critical_float_days))
    if settings.currency and len(settings.currency) == 3 and settings.currency.isalpha():
        _add(root, "CurrencyCode", settings.currency.upper())
    _add(root, "CalendarUID", _CALENDAR_UID)
    _add(root, "DefaultStartTime", DAY_START.isoformat())
    _add(root, "DefaultFinishTime", DAY_FINISH.isoformat())
    _add(root, "MinutesPerDay", str(MINUTES_PER_DAY))
    _add(root, "MinutesPerWeek", str(MINUTES_PER_DAY * len(settings.work_week)))
    _add(root, "DaysPerMonth", "20")
    _add(root, "DefaultTaskType", "1")  # fixed duration: assigning an owner keeps the duration
    _add(root, "DurationFormat", _DAYS_FORMAT)
    _add(root, "HonorConstraints", "1")
    if settings.status_date:
        _add(root, "StatusDate", _at(settings.status_date, DAY_FINISH))
    _add(root, "NewTasksAreManual", "0")
    _add(root, "ProjectExternallyEdited", "1")
    attributes = _add(root, "ExtendedAttributes")
    definition = _add(attributes, "ExtendedAttribute")
    _add(definition, "FieldID", PMKIT_ID_FIELD)
    _add(definition, "FieldName", "Text1")
    _add(definition, "Alias", PMKIT_ID_ALIAS)
    _add_calendar(_add(root, "Calendars"), plan)
    tasks = _add(root, "Tasks")
    _add_project_summary(tasks, settings.project_name or plan.name, project_start, project_finish)
    for position, row in enumerate(rows, start=1):
        if row.task is None:
            _add_summary(tasks, row, position, _span(rows, row, results))
        else:
            _add_task(tasks, row, position, results.get(row.task.id), uid_by_task_id)
    _add_resources(root, rows)
    return root


def _outline(tasks: Iterable[Task]) -> list[_Row]:
    """Phase summaries and tasks in plan order; a phase opens where its tasks begin."""
    rows: list[_Row] = []
    open_path: list[str] = []
    counters: list[int] = [0]
    for task in tasks:
        path = [part.strip() for part in (task.phase or "").split(PHASE_SEPARATOR.strip())]
        path = [part for part in path if part]
        common = 0
        while common < min(len(path), len(open_path)) and path[common] == open_path[common]:
            common += 1
        del open_path[common:]
        del counters[common + 1 :]
        for part in path[common:]:
            counters[-1] += 1
            rows.append(_Row(len(rows) + 1, part, len(open_path) + 1, None, _number(counters)))
            open_path.append(part)
            counters.append(0)
        counters[-1] += 1
        rows.append(_Row(len(rows) + 1, task.name, len(open_path) + 1, task, _number(counters)))
    return rows


def _number(counters: list[int]) -> str:
    return ".".join(str(count) for count in counters)


def _span(
    rows: list[_Row], summary: _Row, results: dict[str, TaskResult]
) -> tuple[date | None, date | None]:
    start = rows.index(summary)
    starts: list[date] = []
    finishes: list[date] = []
    for row in rows[start + 1 :]:
        if row.level <= summary.level:
            break
        result = results.get(row.task.id) if row.task else None
        if result and result.early_start and result.early_finish:
            starts.append(result.forecast_start or result.early_start)
            finishes.append(result.forecast_finish or result.early_finish)
    return (min(starts) if starts else None, max(finishes) if finishes else None)


def _add_calendar(calendars: ET.Element, plan: Plan) -> None:
    calendar = _add(calendars, "Calendar")
    _add(calendar, "UID", _CALENDAR_UID)
    _add(calendar, "Name", "Standard")
    _add(calendar, "IsBaseCalendar", "1")
    _add(calendar, "BaseCalendarUID", "-1")
    weekdays = _add(calendar, "WeekDays")
    for day_type in range(1, 8):
        working = (day_type - 2) % 7 in plan.settings.work_week
        weekday = _add(weekdays, "WeekDay")
        _add(weekday, "DayType", str(day_type))
        _add(weekday, "DayWorking", "1" if working else "0")
        if working:
            _add_working_times(weekday)
    holidays = sorted({holiday.day: holiday.name for holiday in plan.holidays}.items())
    # Project 2003 and older readers want each exception as a WeekDay of DayType 0;
    # Project 2007 and later (and ProjectLibre) read the Exceptions list. Both are written.
    for day, _name in holidays:
        weekday = _add(weekdays, "WeekDay")
        _add(weekday, "DayType", "0")
        _add(weekday, "DayWorking", "0")
        _add_period(weekday, day)
    if holidays:
        exceptions = _add(calendar, "Exceptions")
        for day, name in holidays:
            exception = _add(exceptions, "Exception")
            _add(exception, "EnteredByOccurrences", "0")
            _add_period(exception, day)
            _add(exception, "Occurrences", "1")
            _add(exception, "Name", name or "Holiday")
            _add(exception, "Type", "1")
            _add(exception, "DayWorking", "0")


def _add_working_times(weekday: ET.Element) -> None:
    times = _add(weekday, "WorkingTimes")
    for start, finish in _WORKING_HOURS:
        working_time = _add(times, "WorkingTime")
        _add(working_time, "FromTime", start.isoformat())
        _add(working_time, "ToTime", finish.isoformat())


def _add_period(parent: ET.Element, day: date) -> None:
    period = _add(parent, "TimePeriod")
    _add(period, "FromDate", _at(day, time(0, 0)))
    _add(period, "ToDate", _at(day, time(23, 59)))


def _add_project_summary(
    tasks: ET.Element, name: str, start: date | None, finish: date | None
) -> None:
    task = _add(tasks, "Task")
    for tag, value in (("UID", "0"), ("ID", "0"), ("Name", name), ("Type", "1"), ("IsNull", "0")):
        _add(task, tag, value)
    _add(task, "OutlineNumber", "0")
    _add(task, "OutlineLevel", "0")
    if start:
        _add(task, "Start", _at(start, DAY_START))
    if finish:
        _add(task, "Finish", _at(finish, DAY_FINISH))
    _add(task, "Summary", "1")


def _add_summary(
    tasks: ET.Element, row: _Row, position: int, span: tuple[date | None, date | None]
) -> None:
    task = _add(tasks, "Task")
    _add(task, "UID", str(row.uid))
    _add(task, "ID", str(position))
    _add(task, "Name", row.name)
    _add(task, "Active", "1")
    _add(task, "Manual", "0")
    _add(task, "Type", "1")
    _add(task, "IsNull", "0")
    _add(task, "OutlineNumber", row.outline_number)
    _add(task, "OutlineLevel", str(row.level))
    if span[0] and span[1]:
        _add(task, "Start", _at(span[0], DAY_START))
        _add(task, "Finish", _at(span[1], DAY_FINISH))
    _add(task, "Summary", "1")


def _add_task(
    tasks: ET.Element,
    row: _Row,
    position: int,
    result: TaskResult | None,
    uid_by_task_id: dict[str, int],
) -> None:
    source = row.task
    assert source is not None
    task = _add(tasks, "Task")
    _add(task, "UID", str(row.uid))
    _add(task, "ID", str(position))
    _add(task, "Name", source.name)
    _add(task, "Active", "1")
    _add(task, "Manual", "0")
    _add(task, "Type", "1")
    _add(task, "IsNull", "0")
    _add(task, "OutlineNumber", row.outline_number)
    _add(task, "OutlineLevel", str(row.level))
    _add(task, "Priority", "500")
    days = source.duration_days or 0
    follows_finish = any(link.type in {LinkType.FS, LinkType.FF} for link in source.links)
    if result and result.early_start and result.early_finish:
        start = result.forecast_start or result.early_start
        finish = result.forecast_finish or result.early_finish
        start_time = DAY_FINISH if days == 0 and follows_finish else DAY_START
        finish_time = DAY_START if days == 0 and not follows_finish else DAY_FINISH
        _add(task, "Start", _at(start, start_time))
        _add(task, "Finish", _at(finish, finish_time))
    _add(task, "Duration", _duration(days))
    _add(task, "DurationFormat", _DAYS_FORMAT)
    _add(task, "Milestone", "1" if days == 0 else "0")
    _add(task, "Summary", "0")
    if result:
        _add(task, "Critical", "1" if result.critical else "0")
        for tag, value, at in (
            ("EarlyStart", result.early_start, DAY_START),
            ("EarlyFinish", result.early_finish, DAY_FINISH),
            ("LateStart", result.late_start, DAY_START),
            ("LateFinish", result.late_finish, DAY_FINISH),
        ):
            if value:
                _add(task, tag, _at(value, at))
        if result.free_float is not None:
            _add(task, "FreeSlack", str(result.free_float * MINUTES_PER_DAY * 10))
        if result.total_float is not None:
            _add(task, "TotalSlack", str(result.total_float * MINUTES_PER_DAY * 10))
    if source.budget is not None:
        _add(task, "FixedCost", _money(source.budget))
        _add(task, "FixedCostAccrual", "3")
    _add(task, "PercentComplete", str(round(source.percent_complete * 100)))
    if source.budget is not None:
        _add(task, "Cost", _money(source.budget))
    if source.actual_start:
        _add(task, "ActualStart", _at(source.actual_start, DAY_START))
    if source.actual_finish:
        _add(task, "ActualFinish", _at(source.actual_finish, DAY_FINISH))
    if source.actual_cost is not None:
        _add(task, "ActualCost", _money(source.actual_cost))
    if source.start_no_earlier_than:
        _add(task, "ConstraintType", _SNET)
        _add(task, "CalendarUID", "-1")
        _add(task, "ConstraintDate", _at(source.start_no_earlier_than, DAY_START))
    else:
        _add(task, "ConstraintType", "0")
        _add(task, "CalendarUID", "-1")
    if source.deadline:
        _add(task, "Deadline", _at(source.deadline, DAY_FINISH))
    if source.notes:
        _add(task, "Notes", source.notes)
    for link in source.links:
        _add_link(task, link, uid_by_task_id)
    attribute = _add(task, "ExtendedAttribute")
    _add(attribute, "FieldID", PMKIT_ID_FIELD)
    _add(attribute, "Value", source.id)
    _add_baseline(task, source)


def _add_link(task: ET.Element, link: Link, uid_by_task_id: dict[str, int]) -> None:
    uid = uid_by_task_id.get(link.predecessor)
    if uid is None:
        return  # an unknown predecessor: validation reports it; Project would refuse it
    element = _add(task, "PredecessorLink")
    _add(element, "PredecessorUID", str(uid))
    _add(element, "Type", _LINK_TYPE_CODES[link.type])
    _add(element, "CrossProject", "0")
    minutes = link.lag_days * (24 * 60 if link.elapsed else MINUTES_PER_DAY)
    _add(element, "LinkLag", str(minutes * 10))
    _add(element, "LagFormat", _ELAPSED_DAYS_FORMAT if link.elapsed else _DAYS_FORMAT)


def _add_baseline(task: ET.Element, source: Task) -> None:
    if not (source.baseline_start or source.baseline_finish or source.baseline_cost is not None):
        return
    baseline = _add(task, "Baseline")
    _add(baseline, "Number", "0")
    if source.baseline_start:
        _add(baseline, "Start", _at(source.baseline_start, DAY_START))
    if source.baseline_finish:
        _add(baseline, "Finish", _at(source.baseline_finish, DAY_FINISH))
    if source.baseline_duration_days is not None:
        _add(baseline, "Duration", _duration(source.baseline_duration_days))
        _add(baseline, "DurationFormat", _DAYS_FORMAT)
    if source.baseline_cost is not None:
        _add(baseline, "Cost", _money(source.baseline_cost))


def _add_resources(root: ET.Element, rows: list[_Row]) -> None:
    """Owners become work resources, each assigned to the tasks it owns."""
    resource_uids: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for row in rows:
        if row.task is None or not row.task.owner:
            continue
        for name in (part.strip() for part in row.task.owner.split(",")):
            if name:
                uid = resource_uids.setdefault(name, len(resource_uids) + 1)
                pairs.append((row.uid, uid))
    resources = _add(root, "Resources")
    for name, uid in resource_uids.items():
        resource = _add(resources, "Resource")
        _add(resource, "UID", str(uid))
        _add(resource, "ID", str(uid))
        _add(resource, "Name", name)
        _add(resource, "Type", "1")
        _add(resource, "IsNull", "0")
    assignments = _add(root, "Assignments")
    for number, (task_uid, resource_uid) in enumerate(pairs, start=1):
        assignment = _add(assignments, "Assignment")
        _add(assignment, "UID", str(number))
        _add(assignment, "TaskUID", str(task_uid))
        _add(assignment, "ResourceUID", str(resource_uid))
        _add(assignment, "Units", "1")


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text
    return element


def _at(day: date, at: time) -> str:
    return _stamp(datetime.combine(day, at))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _duration(days: int) -> str:
    return f"PT{days * MINUTES_PER_DAY // 60}H{days * MINUTES_PER_DAY % 60}M0S"


def _money(value: float) -> str:
    return f"{value:.2f}"
