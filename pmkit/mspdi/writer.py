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

from pmkit.engine.errors import ProjectFileError
from pmkit.engine.model import ConstraintType, Link, LinkType, Plan, Task
from pmkit.engine.results import Analysis, TaskResult
from pmkit.mspdi.calendar_xml import CALENDAR_UID, add_calendar
from pmkit.mspdi.document import NAMESPACE
from pmkit.mspdi.elements import (
    DAY_FINISH,
    DAY_START,
    MINUTES_PER_DAY,
    add,
    at,
    duration,
    money,
    qualified,
    stamp,
)
from pmkit.mspdi.outline import PHASE_SEPARATOR
from pmkit.mspdi.pmkit_fields import (
    PMKIT_FIELDS,
    add_field_definitions,
    add_project_values,
    add_task_values,
)
from pmkit.mspdi.resources import add_resources
from pmkit.mspdi.scheduling_fields import CONSTRAINT_TYPES

__all__ = ["PMKIT_ID_FIELD", "build_project_element", "write_mspdi"]

PMKIT_ID_FIELD = PMKIT_FIELDS[0][0]
"""Field ID of Text1, the custom task field that carries the pmkit ID."""
_LINK_TYPE_CODES = {LinkType.FF: "0", LinkType.FS: "1", LinkType.SF: "2", LinkType.SS: "3"}
_DAYS_FORMAT = "7"
_ELAPSED_DAYS_FORMAT = "8"
_SNET = "4"


def write_mspdi(source: Plan | Analysis, path: str | Path, *, owner_sheets: bool = True) -> Path:
    """Write `source` as Microsoft Project XML to `path`; a Plan is analysed first for dates.

    `owner_sheets` (the default) carries the Changes, Risks, Charter, Team and Baseline
    sheets in the project's notes, so that an import gives the same answer; False leaves
    them out (a file for a vendor who should not read the risk register or the team's
    e-mail addresses)."""
    analysis = source if isinstance(source, Analysis) else _analyze(source)
    root = build_project_element(analysis, owner_sheets=owner_sheets)
    ET.indent(root, space="  ")
    target = Path(path)
    try:
        ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    except OSError as exc:
        raise ProjectFileError(f"{target} could not be written: {exc.strerror or exc}") from exc
    return target


def _analyze(plan: Plan) -> Analysis:
    from pmkit.engine.analysis import analyze

    return analyze(plan)


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the Microsoft Project outline: a phase summary or a task."""

    uid: int
    name: str
    level: int
    task: Task | None
    outline_number: str


def build_project_element(  # noqa: PLR0915 - the schema order
    analysis: Analysis, *, owner_sheets: bool = True
) -> ET.Element:
    """The `<Project>` element for `analysis` (children in the schema's order);
    `owner_sheets` as `write_mspdi` says."""
    plan = analysis.plan
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(qualified("Project"))
    settings = plan.settings
    results = {row.id: row for row in analysis.tasks}
    rows = _outline(plan.tasks)
    uid_by_task_id: dict[str, int] = {}
    for row in rows:
        if row.task is not None:
            uid_by_task_id.setdefault(row.task.id, row.uid)
    starts = [r.early_start for r in analysis.tasks if r.early_start]
    project_start = (
        analysis.summary.start or settings.project_start or (min(starts) if starts else None)
    )
    # The dates' own finish, as Project computes it from them (even when it has passed);
    # left out when a row is unscheduled (the critical path is then unknown): the partial
    # plan's finish is not the plan's.
    known = analysis.summary.critical_path is not None
    project_finish = analysis.schedule.project_finish if known else None
    project_start = project_start or analysis.status_date
    add(root, "SaveVersion", "14")
    add(root, "Name", f"{settings.project_name or plan.name}.xml")
    add(root, "Title", settings.project_name or plan.name)
    add(root, "CreationDate", stamp(datetime.now().replace(microsecond=0)))
    add(root, "ScheduleFromStart", "1")
    add(root, "StartDate", at(project_start, DAY_START))
    if project_finish:
        add(root, "FinishDate", at(project_finish, DAY_FINISH))
    add(root, "CriticalSlackLimit", str(settings.critical_float_days))
    if settings.currency and len(settings.currency) == 3 and settings.currency.isalpha():
        add(root, "CurrencyCode", settings.currency.upper())
    add(root, "CalendarUID", CALENDAR_UID)
    add(root, "DefaultStartTime", DAY_START.isoformat())
    add(root, "DefaultFinishTime", DAY_FINISH.isoformat())
    add(root, "MinutesPerDay", str(MINUTES_PER_DAY))
    add(root, "MinutesPerWeek", str(MINUTES_PER_DAY * len(settings.work_week)))
    add(root, "DaysPerMonth", "20")
    add(root, "DefaultTaskType", "1")  # fixed duration: assigning an owner keeps the duration
    add(root, "DurationFormat", _DAYS_FORMAT)
    add(root, "HonorConstraints", "1")
    if settings.status_date:
        add(root, "StatusDate", at(settings.status_date, DAY_FINISH))
    add(root, "NewTasksAreManual", "0")
    add(root, "ProjectExternallyEdited", "1")
    add_field_definitions(add(root, "ExtendedAttributes"))
    calendars = add(root, "Calendars")
    add_calendar(calendars, plan)
    tasks = add(root, "Tasks")
    summary = _add_project_summary(
        tasks, settings.project_name or plan.name, project_start, project_finish
    )
    add_project_values(summary, plan, owner_sheets=owner_sheets)
    for position, row in enumerate(rows, start=1):
        if row.task is None:
            _add_summary(tasks, row, position, _span(rows, position - 1, results))
        else:
            scheduled = analysis.schedule.tasks.get(row.task.id)
            at_day_end = scheduled is not None and scheduled.at_day_end
            result = results.get(row.task.id)
            _add_task(tasks, row, position, result, uid_by_task_id, at_day_end=at_day_end)
    add_resources(
        root,
        ((row.uid, row.task) for row in rows if row.task is not None),
        plan.owner_names(),
        team=plan.team,
        calendars=calendars,
    )
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
    rows: list[_Row], start: int, results: dict[str, TaskResult]
) -> tuple[date | None, date | None]:
    """First start and last finish of the tasks beneath the summary at `rows[start]`."""
    summary = rows[start]
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


def _add_project_summary(
    tasks: ET.Element, name: str, start: date | None, finish: date | None
) -> ET.Element:
    task = add(tasks, "Task")
    for tag, value in (("UID", "0"), ("ID", "0"), ("Name", name), ("Type", "1"), ("IsNull", "0")):
        add(task, tag, value)
    add(task, "OutlineNumber", "0")
    add(task, "OutlineLevel", "0")
    if start:
        add(task, "Start", at(start, DAY_START))
    if finish:
        add(task, "Finish", at(finish, DAY_FINISH))
    add(task, "Summary", "1")
    return task


def _add_summary(
    tasks: ET.Element, row: _Row, position: int, span: tuple[date | None, date | None]
) -> None:
    task = add(tasks, "Task")
    add(task, "UID", str(row.uid))
    add(task, "ID", str(position))
    add(task, "Name", row.name)
    add(task, "Active", "1")
    add(task, "Manual", "0")
    add(task, "Type", "1")
    add(task, "IsNull", "0")
    add(task, "OutlineNumber", row.outline_number)
    add(task, "OutlineLevel", str(row.level))
    if span[0] and span[1]:
        add(task, "Start", at(span[0], DAY_START))
        add(task, "Finish", at(span[1], DAY_FINISH))
    add(task, "Summary", "1")


def _add_task(
    tasks: ET.Element,
    row: _Row,
    position: int,
    result: TaskResult | None,
    uid_by_task_id: dict[str, int],
    *,
    at_day_end: bool,
) -> None:
    """One task; `at_day_end`: a milestone a finish placed (the schedule says which)."""
    source = row.task
    assert source is not None
    task = add(tasks, "Task")
    add(task, "UID", str(row.uid))
    add(task, "ID", str(position))
    add(task, "Name", source.name)
    add(task, "Active", "1")
    fixed_start = source.start_no_earlier_than if source.fixed_dates else None
    add(task, "Manual", "1" if fixed_start else "0")
    add(task, "Type", "1")
    add(task, "IsNull", "0")
    add(task, "OutlineNumber", row.outline_number)
    add(task, "OutlineLevel", str(row.level))
    add(task, "Priority", "500")
    days = source.duration_days
    milestone = days == 0
    # Project draws a milestone a finish placed at the end of that day (17:00), any other
    # milestone at the start of its day; other tasks run 08:00 to 17:00.
    start_clock = DAY_FINISH if milestone and at_day_end else DAY_START
    finish_clock = DAY_START if milestone and not at_day_end else DAY_FINISH
    if result and result.early_start and result.early_finish:
        add(task, "Start", at(result.forecast_start or result.early_start, start_clock))
        add(task, "Finish", at(result.forecast_finish or result.early_finish, finish_clock))
    if days is not None:  # an unreadable duration stays unknown (Project asks for one)
        add(task, "Duration", duration(days))
        if fixed_start:  # a manually scheduled task, on the start it was given
            add(task, "ManualStart", at(fixed_start, DAY_START))
        add(task, "DurationFormat", _DAYS_FORMAT)
        add(task, "Milestone", "1" if milestone else "0")
    add(task, "Summary", "0")
    if result:
        _add_scheduled_dates(task, result, start_clock, finish_clock)
    _add_costs_and_actuals(task, source)
    _add_constraint_and_delay(task, source)
    if source.notes:
        add(task, "Notes", source.notes)
    for link in source.links:
        _add_link(task, link, uid_by_task_id)
    add_task_values(task, source)
    _add_baseline(task, source)


def _add_scheduled_dates(
    task: ET.Element, result: TaskResult, start_clock: time, finish_clock: time
) -> None:
    """Critical, the early and late dates and the slacks (in Project's element order)."""
    if result.critical is not None:  # unknown while a row is unscheduled: Project decides
        add(task, "Critical", "1" if result.critical else "0")
    for tag, value, clock in (
        ("EarlyStart", result.early_start, start_clock),
        ("EarlyFinish", result.early_finish, finish_clock),
        ("LateStart", result.late_start, start_clock),
        ("LateFinish", result.late_finish, finish_clock),
    ):
        if value:
            add(task, tag, at(value, clock))
    if result.free_float is not None:
        add(task, "FreeSlack", str(result.free_float * MINUTES_PER_DAY * 10))
    if result.total_float is not None:
        add(task, "TotalSlack", str(result.total_float * MINUTES_PER_DAY * 10))


def _add_costs_and_actuals(task: ET.Element, source: Task) -> None:
    """Budget, progress and actuals (in Project's element order)."""
    if source.budget is not None:
        add(task, "FixedCost", money(source.budget))
        add(task, "FixedCostAccrual", "3")
    add(task, "PercentComplete", str(round(source.percent_complete * 100)))
    if source.budget is not None:
        add(task, "Cost", money(source.budget))
    if source.actual_start:
        add(task, "ActualStart", at(source.actual_start, DAY_START))
    if source.actual_finish:
        add(task, "ActualFinish", at(source.actual_finish, DAY_FINISH))
    if source.actual_cost is not None:
        add(task, "ActualCost", money(source.actual_cost))


def _add_constraint_and_delay(task: ET.Element, source: Task) -> None:
    """The constraint, calendar, deadline and leveling delay (in Project's element order).

    Project keeps one constraint a task: the Constraint column's, else Start No Earlier
    Than (a fixed task's start is its ManualStart)."""
    kind, when, clock = _constraint_of(source)
    add(task, "ConstraintType", kind)
    add(task, "CalendarUID", "-1")
    if when is not None:
        add(task, "ConstraintDate", at(when, clock))
    if source.deadline:
        add(task, "Deadline", at(source.deadline, DAY_FINISH))
    if source.leveling_delay is not None:
        delay = source.leveling_delay
        minutes = delay.days * (24 * 60 if delay.elapsed else MINUTES_PER_DAY)
        add(task, "LevelingDelay", str(minutes * 10))
        add(task, "LevelingDelayFormat", "8" if delay.elapsed else "7")


_CONSTRAINT_CODES = {kind: str(code) for code, kind in CONSTRAINT_TYPES.items()}


def _constraint_of(source: Task) -> tuple[str, date | None, time]:
    """`ConstraintType`, its date and the time of day Project means it at (a milestone's
    finish date is the start of the day it is shown on, or for Finish No Later Than the
    end of it: as the reader names it back)."""
    kind = source.constraint
    if kind is not None and kind is not ConstraintType.START_NO_EARLIER_THAN:
        if not kind.dated or source.constraint_date is None:
            return _CONSTRAINT_CODES[kind] if not kind.dated else "0", None, DAY_START
        if source.duration_days == 0:
            at_end = kind is ConstraintType.FINISH_NO_LATER_THAN
        else:
            at_end = kind.on_finish
        return _CONSTRAINT_CODES[kind], source.constraint_date, DAY_FINISH if at_end else DAY_START
    snet = source.start_no_earlier_than
    if kind is ConstraintType.START_NO_EARLIER_THAN and source.constraint_date is not None:
        snet = max(snet or source.constraint_date, source.constraint_date)
    if snet is not None and not source.fixed_dates:
        return _SNET, snet, DAY_START
    return "0", None, DAY_START


def _add_link(task: ET.Element, link: Link, uid_by_task_id: dict[str, int]) -> None:
    uid = uid_by_task_id.get(link.predecessor)
    if uid is None:
        return  # an unknown predecessor: validation reports it; Project would refuse it
    element = add(task, "PredecessorLink")
    add(element, "PredecessorUID", str(uid))
    add(element, "Type", _LINK_TYPE_CODES[link.type])
    add(element, "CrossProject", "0")
    minutes = link.lag_days * (24 * 60 if link.elapsed else MINUTES_PER_DAY)
    add(element, "LinkLag", str(minutes * 10))
    add(element, "LagFormat", _ELAPSED_DAYS_FORMAT if link.elapsed else _DAYS_FORMAT)


def _add_baseline(task: ET.Element, source: Task) -> None:
    if not (source.baseline_start or source.baseline_finish or source.baseline_cost is not None):
        return
    baseline = add(task, "Baseline")
    add(baseline, "Number", "0")
    if source.baseline_start:
        add(baseline, "Start", at(source.baseline_start, DAY_START))
    if source.baseline_finish:
        add(baseline, "Finish", at(source.baseline_finish, DAY_FINISH))
    if source.baseline_duration_days is not None:
        add(baseline, "Duration", duration(source.baseline_duration_days))
        add(baseline, "DurationFormat", _DAYS_FORMAT)
    if source.baseline_cost is not None:
        add(baseline, "Cost", money(source.baseline_cost))
