"""`read_mspdi`: a Microsoft Project XML (MSPDI) file → a pmkit `Plan`.

What is read: the task outline (summary rows become Phases), durations, links, Start
No Earlier Than constraints, deadlines, the project calendar, the status date, %
complete, actual dates, baseline 0, costs, notes, and assigned resources as owners
and, as the team, the resources assigned to a task (their e-mail and capacity).
Findings name a task as Project shows it (`task 7 “Pour slab” in vendor.xml`: its ID, its
name, its UID when that differs, and the file), never a sheet the owner does not have.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from pmkit.engine.actual_durations import soften_findings
from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import (
    BaselineSnapshot,
    BaselineTask,
    Link,
    LinkType,
    Plan,
    ProjectFile,
    Settings,
    Task,
)
from pmkit.mspdi.calendars import read_project_calendar
from pmkit.mspdi.days import MAX_DAYS, DayRules, whole_days_up
from pmkit.mspdi.document import ProjectDocument, load_project_document
from pmkit.mspdi.links import read_links
from pmkit.mspdi.outline import OutlineRow, read_outline
from pmkit.mspdi.pmkit_fields import read_pmkit_extras, with_pmkit_extras
from pmkit.mspdi.resources import owners_by_task_uid, project_team
from pmkit.mspdi.scheduling_fields import (
    instant,
    manual_start,
    manual_summary_floors,
    precise_percent,
    project_differences,
    read_constraint,
    read_leveling_delay,
    task_differences,
)
from pmkit.mspdi.stored_dates import stored_date_differences
from pmkit.mspdi.unreadable import (
    readable_money,
    unreadable_project_values,
    unreadable_task_values,
)
from pmkit.mspdi.values import (
    ELAPSED_FORMATS,
    minutes_from_iso_duration,
    parse_float,
    parse_int,
    parse_time,
)

__all__ = ["read_mspdi"]


def read_mspdi(path: str | Path) -> Plan:
    """Read a Microsoft Project XML file as a plan (raises `ProjectFileError` if unusable).

    >>> plan = read_mspdi("vendor.xml")
    >>> plan.tasks[0].id, plan.tasks[0].name, plan.tasks[0].phase
    ('1', 'Kick-off workshop with Brightline', 'Discovery')
    """
    document = load_project_document(path)
    root = document.root
    issues: list[Issue] = []
    calendar = read_project_calendar(
        document,
        parse_time(document.text(root, "DefaultStartTime")),
        parse_time(document.text(root, "DefaultFinishTime")),
    )
    issues.extend(calendar.issues)
    minutes_per_day = parse_float(document.text(root, "MinutesPerDay"))
    if minutes_per_day is None or minutes_per_day <= 0:
        minutes_per_day = 480.0
    rules = DayRules(
        calendar.work_week,
        frozenset(holiday.day for holiday in calendar.holidays),
        calendar.day_start,
        calendar.day_finish,
        minutes_per_day,
    )
    rows, leaves, outline_issues = read_outline(document)
    issues.extend(outline_issues)
    owners = owners_by_task_uid(document)
    rows_by_uid = {row.uid: row for row in rows}
    durations: dict[int, int | None] = {}
    duration_issues: dict[int, list[Issue]] = {}
    for row in rows:
        durations[row.uid], duration_issues[row.uid] = _read_duration(document, row, rules)
    links_by_uid: dict[int, list[Link]] = {row.uid: [] for row in rows}
    link_issues: list[Issue] = []
    for row in rows:
        pairs, found = read_links(
            document, row, rows_by_uid=rows_by_uid, leaves=leaves, durations=durations, rules=rules
        )
        link_issues.extend(found)
        for target, link in pairs:
            if link not in links_by_uid[target]:
                links_by_uid[target].append(link)
    tasks: list[Task] = []
    summary_floors = manual_summary_floors(document, rows, rules)
    for row in rows:
        if row.summary:
            issues.extend(task_differences(document, row, rules, frozenset()))
            continue
        issues.extend(duration_issues[row.uid])
        task, task_issues = _read_task(
            document,
            row,
            duration=durations[row.uid],
            links=tuple(links_by_uid[row.uid]),
            owners=owners,
            rules=rules,
        )
        task, floor_issues = _held_by_manual_summary(task, row, summary_floors.get(row.uid))
        tasks.append(task)
        issues.extend(task_issues)
        issues.extend(floor_issues)
        issues.extend(task_differences(document, row, rules, calendar.extra_working_days))
    issues.extend(link_issues)
    settings, setting_issues = _read_settings(document, calendar.work_week, rules)
    issues.extend(setting_issues)
    issues.extend(project_differences(document, tasks))
    # no Team sheet: the resources assigned to its tasks are the team (their e-mail and
    # capacity), so a task assigned to two of them is each one's (`model.OwnerNames`)
    team, team_issues = project_team(document, tasks, Location(document.name))
    issues.extend(team_issues)
    plan = Plan(
        name=settings.project_name or Path(path).stem,
        tasks=tuple(tasks),
        settings=settings,
        holidays=calendar.holidays,
        baseline=_baseline_snapshot(tasks),
        team=team,
        issues=tuple(issues),
        plan_sheet=document.name,
        source=str(path),
        project_file=ProjectFile(
            document.name, {row.id: (row.row, row.uid) for row in rows if not row.summary}
        ),
    )
    # What pmkit wrote for itself (Status, settings, the Changes sheet …) comes back.
    extras = read_pmkit_extras(document)
    plan = with_pmkit_extras(
        plan,
        extras,
        {row.uid: row.id for row in rows},
        renumbered=not any(row.pmkit_id for row in rows),
    )
    plan = soften_findings(plan)  # a done task's unreadable Duration: its actuals date it
    differences = stored_date_differences(
        document, rows, plan, rules, settings_lost=extras.fields_lost
    )
    return replace(plan, issues=(*plan.issues, *differences)) if differences else plan


def _read_settings(
    document: ProjectDocument, work_week: frozenset[int], rules: DayRules
) -> tuple[Settings, list[Issue]]:
    root = document.root
    issues = unreadable_project_values(document)
    title = document.text(root, "Title")
    name = document.text(root, "Name")
    if name and name.lower().endswith((".xml", ".mpp")):
        name = name[:-4]
    start = instant(document, root, "StartDate")
    status = instant(document, root, "StatusDate")
    slack_limit = parse_int(document.text(root, "CriticalSlackLimit"))
    settings = Settings(
        project_name=title if title and title != "Project1" else (name or title),
        project_start=rules.start_day(start) if start else None,
        status_date=status.date() if status else None,
        work_week=work_week,
        currency=document.text(root, "CurrencyCode"),
        critical_float_days=slack_limit if slack_limit and slack_limit > 0 else 0,
        # Microsoft Project reschedules nothing past the status date unless asked to:
        # the imported plan keeps its pure-logic dates (docs/scheduling.md, "No").
        move_unfinished_work=False,
    )
    return settings, issues


def _read_duration(
    document: ProjectDocument, row: OutlineRow, rules: DayRules
) -> tuple[int | None, list[Issue]]:
    text = document.text(row.element, "Duration")
    if text is None:
        if row.summary:
            return None, []
        return None, [
            _issue(
                Severity.ERROR,
                Code.BAD_DURATION,
                row,
                f"{row.label} has no duration",
            )
        ]
    minutes = minutes_from_iso_duration(text)
    if minutes is None:
        return None, [
            _issue(
                Severity.ERROR,
                Code.BAD_DURATION,
                row,
                f"{row.label} has the duration {text!r}, which is not one Microsoft "
                "Project writes (like PT16H0M0S)",
            )
        ]
    if minutes < 0:
        return None, [
            _issue(
                Severity.ERROR,
                Code.BAD_DURATION,
                row,
                f"{row.label} has a negative duration ({text}); it is not scheduled",
            )
        ]
    issues: list[Issue] = []
    duration_format = parse_int(document.text(row.element, "DurationFormat"))
    if duration_format in ELAPSED_FORMATS:
        calendar_days = minutes / (24 * 60)
        days = calendar_days * len(rules.work_week) / 7
        issues.append(
            _issue(
                Severity.WARNING,
                Code.DIFFERS_FROM_PROJECT,
                row,
                f"{row.label} has an elapsed duration of {calendar_days:g} "
                f"calendar days in Microsoft Project, read as {whole_days_up(days)} working "
                "days (pmkit has no elapsed durations), so its dates may differ",
            )
        )
    else:
        days = rules.days_from_minutes(minutes)
    whole = whole_days_up(days)
    if whole > MAX_DAYS:
        return None, [
            _issue(
                Severity.ERROR,
                Code.BAD_DURATION,
                row,
                f"{row.label} lasts {days:,.0f} working days, beyond any plan; it is not scheduled",
            )
        ]
    if abs(whole - days) > 1e-6 and duration_format not in ELAPSED_FORMATS:
        issues.append(
            _issue(
                Severity.WARNING,
                Code.ROUNDED_DURATION,
                row,
                f"{row.label} lasts {days:g} days, rounded up to {whole} whole working days",
            )
        )
    return whole, issues


def _read_task(
    document: ProjectDocument,
    row: OutlineRow,
    *,
    duration: int | None,
    links: tuple[Link, ...],
    owners: Mapping[int, str],
    rules: DayRules,
) -> tuple[Task, list[Issue]]:
    element = row.element
    snet, constraint, constraint_date, issues = read_constraint(
        document, row, duration=duration, rules=rules
    )
    fixed_start = manual_start(document, row, rules)
    if fixed_start is not None:
        snet = fixed_start  # a manual task sits on the start it was given
    delay, delay_issues = read_leveling_delay(document, row, rules)
    issues.extend(delay_issues)
    percent = parse_float(document.text(element, "PercentComplete")) or 0.0
    if not 0 <= percent <= 100:
        issues.append(
            _issue(
                Severity.ERROR,
                Code.BAD_PERCENT,
                row,
                f"{row.label} is {percent:g}% complete; expected 0 to 100",
            )
        )
        percent = min(max(percent, 0.0), 100.0)
    percent = precise_percent(document, element, percent)
    deadline = instant(document, element, "Deadline")
    actual_start = instant(document, element, "ActualStart")
    actual_finish = instant(document, element, "ActualFinish")
    baseline = _baseline_zero(document, element)
    issues.extend(unreadable_task_values(document, row, baseline))
    baseline_start = instant(document, baseline, "Start") if baseline is not None else None
    baseline_finish = instant(document, baseline, "Finish") if baseline is not None else None
    baseline_duration: int | None = None
    if baseline is not None:
        minutes = minutes_from_iso_duration(document.text(baseline, "Duration") or "")
        if minutes is not None and minutes >= 0:
            baseline_duration = whole_days_up(rules.days_from_minutes(minutes))
    actual_start_day = rules.start_day(actual_start) if actual_start else None
    actual_finish_day = rules.finish_day(actual_finish) if actual_finish else None
    if (
        actual_start is not None
        and actual_finish is not None
        and actual_start_day is not None
        and actual_finish_day is not None
        and actual_finish >= actual_start
        and actual_finish_day < actual_start_day
    ):
        # No working time between the two instants (a milestone done at 08:00, say): one
        # day for both, named as the milestone's own dates are (docs/scheduling.md).
        after_finish = any(link.type in {LinkType.FS, LinkType.FF} for link in links)
        actual_start_day = actual_finish_day if after_finish else actual_start_day
        actual_finish_day = actual_start_day
    task = Task(
        id=row.id,
        name=row.name,
        duration_days=duration,
        row=row.row or 0,
        phase=row.phase,
        owner=owners.get(row.uid),
        links=links,
        start_no_earlier_than=snet,
        deadline=rules.finish_day(deadline) if deadline else None,
        percent_complete=percent / 100,
        actual_start=actual_start_day,
        actual_finish=actual_finish_day,
        budget=_money(document, element, "Cost"),
        actual_cost=_money(document, element, "ActualCost"),
        baseline_start=rules.start_day(baseline_start) if baseline_start else None,
        baseline_finish=rules.finish_day(baseline_finish) if baseline_finish else None,
        baseline_duration_days=baseline_duration,
        baseline_cost=_money(document, baseline, "Cost") if baseline is not None else None,
        notes=document.text(element, "Notes"),
        constraint=constraint,
        constraint_date=constraint_date,
        fixed_dates=fixed_start is not None,
        leveling_delay=delay,
    )
    return task, issues


def _held_by_manual_summary(
    task: Task, row: OutlineRow, floor: tuple[date, OutlineRow] | None
) -> tuple[Task, list[Issue]]:
    """A task beneath a manually scheduled summary starts no earlier than the summary."""
    if floor is None or task.fixed_dates:
        return task, []
    start, summary = floor
    if task.start_no_earlier_than is not None and task.start_no_earlier_than >= start:
        return task, []
    note = _issue(
        Severity.INFO,
        Code.BAD_VALUE,
        row,
        f"{row.label} starts no earlier than {format_day(start)}, the start "
        f"of its manually scheduled {summary.label_as('summary task')}, as in "
        "Microsoft Project",
    )
    return replace(task, start_no_earlier_than=start), [note]


def _money(document: ProjectDocument, element: ET.Element, name: str) -> float | None:
    """A cost; zero counts as "no cost given" (Microsoft Project writes 0 everywhere), and
    one that is not an amount of zero or more as none (`unreadable_task_values` says so)."""
    return readable_money(document.text(element, name))


def _baseline_zero(document: ProjectDocument, element: ET.Element) -> ET.Element | None:
    for baseline in document.children(element, "Baseline"):
        if parse_int(document.text(baseline, "Number")) == 0:
            return baseline
    return None


def _baseline_snapshot(tasks: list[Task]) -> BaselineSnapshot | None:
    """Baseline 0 as a snapshot, when any task has one (tasks without one count as added)."""
    if not any(task.baseline_finish or task.baseline_start for task in tasks):
        return None
    return BaselineSnapshot(
        set_on=None,
        tasks=tuple(
            BaselineTask(
                task.id,
                task.name,
                task.baseline_duration_days,
                task.baseline_start,
                task.baseline_finish,
                task.baseline_cost,
                task.row,
            )
            for task in tasks
            if task.baseline_finish or task.baseline_start
        ),
        number=0,
    )


def _issue(severity: Severity, code: Code, row: OutlineRow, message: str) -> Issue:
    return Issue(severity, code, row.location, row.id, message)
