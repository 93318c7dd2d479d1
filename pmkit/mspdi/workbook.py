"""A plan read from Microsoft Project → the content of an owner's plan workbook.

The workbook is the template's own layout and formatting (`pmkit.template`), filled
with the plan's rows, settings, holidays and — when pmkit wrote the file — its Changes,
Risks, Charter, Team and Baseline sheets, so an owner continues in Excel exactly as if they
had typed the plan themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType

from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Holiday, Plan, Task
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.schema import CHANGES, CHARTER, RISKS, SETTINGS_ROWS, TEAM
from pmkit.engine.workdays import WorkCalendar
from pmkit.mspdi.pmkit_fields import baseline_records, sheet_records
from pmkit.reading.public_holidays import UnknownCountryError, public_holidays
from pmkit.template.builder import BaselineSheet, Row, WorkbookContent

__all__ = ["delays_as_start_dates", "plan_workbook_content", "work_week_text"]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def plan_workbook_content(plan: Plan) -> WorkbookContent:
    """The Plan, Settings, Holidays, Changes, Risks, Charter, Team and Baseline sheets of
    `plan`.

    The workbook has no leveling delay: a delayed task gets the start the delay gives it
    as its Start No Earlier Than (see `delays_as_start_dates`).
    """
    plan = delays_as_start_dates(plan)
    settings = plan.settings
    values: dict[str, object] = {}
    for setting in SETTINGS_ROWS:
        value = getattr(settings, setting.field)
        if setting.field == "work_week":
            value = work_week_text(settings.work_week)
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        values[setting.field] = value
    values["project_name"] = settings.project_name or plan.name
    baseline = plan.baseline
    return WorkbookContent(
        title=settings.project_name or plan.name,
        plan=tuple(_plan_row(task) for task in plan.tasks),
        settings=MappingProxyType({k: v for k, v in values.items() if v is not None}),
        holidays=tuple(
            _row({"day": holiday.day, "name": holiday.name or None})
            for holiday in _own_holidays(plan.holidays, settings.holiday_country)
        ),
        changes=tuple(_row(record) for record in sheet_records(plan, CHANGES)),
        risks=tuple(_row(record) for record in sheet_records(plan, RISKS)),
        charter=tuple(_row(record) for record in sheet_records(plan, CHARTER)),
        team=tuple(_row(record) for record in sheet_records(plan, TEAM)),
        baseline=(
            BaselineSheet(
                baseline.set_on,
                tuple(_row(record) for record in baseline_records(plan)),
                baseline.number,
            )
            if baseline is not None and baseline.set_on is not None
            else None
        ),
    )


def _own_holidays(holidays: Iterable[Holiday], country: str | None) -> list[Holiday]:
    """The holidays that the Holiday Country setting does not bring back by itself.

    A Project calendar lists every non-working day; with the country set again in the
    workbook, its public holidays (same day, same name) would only be listed twice.
    """
    days = list(holidays)
    if not country or not days:
        return days
    years = range(min(h.day.year for h in days), max(h.day.year for h in days) + 1)
    try:
        public = {(h.day, h.name) for h in public_holidays(country, years)}
    except UnknownCountryError:
        return days
    return [holiday for holiday in days if (holiday.day, holiday.name) not in public]


def _row(values: dict[str, object]) -> Row:
    return MappingProxyType({k: v for k, v in values.items() if v is not None})


def _plan_row(task: Task) -> Row:
    return _row(
        {
            "id": int(task.id) if task.id.isdigit() else task.id,
            "name": task.name,
            "phase": task.phase,
            "owner": task.owner,
            "duration_days": task.duration_days,
            "predecessors": ", ".join(str(link) for link in task.links) or None,
            "start_no_earlier_than": task.start_no_earlier_than,
            "constraint": task.constraint.value if task.constraint else None,
            "constraint_date": task.constraint_date,
            "fixed_dates": "Yes" if task.fixed_dates else None,
            "deadline": task.deadline,
            "percent_complete": task.percent_complete or None,
            "actual_start": task.actual_start,
            "actual_finish": task.actual_finish,
            "budget": task.budget,
            "actual_cost": task.actual_cost,
            "status": task.status.value if task.status else None,
            "last_update": task.last_update,
            "change_request": task.change_request,
            "baseline_start": task.baseline_start,
            "baseline_finish": task.baseline_finish,
            "baseline_duration_days": task.baseline_duration_days,
            "baseline_cost": task.baseline_cost,
            "notes": task.notes,
        }
    )


def delays_as_start_dates(plan: Plan) -> Plan:
    """`plan` with each leveling delay replaced by the start it gives the task, as a Start No
    Earlier Than: the same schedule, in a column an owner knows (an info note says so)."""
    delayed = [task for task in plan.tasks if task.leveling_delay is not None]
    if not delayed:
        return plan
    status = plan.settings.status_day()  # as the analysis measures it
    schedule = compute_schedule(plan, WorkCalendar.for_plan(plan), status)
    starts = {
        task.id: schedule.tasks[task.id].early_start
        for task in delayed
        if task.id in schedule.tasks and not task.is_started
    }
    notes = [
        Issue(
            Severity.INFO,
            Code.BAD_VALUE,
            plan.location(task),
            task.id,
            f"{task.label()} waits {task.leveling_delay} in Microsoft Project "
            f"(a leveling delay); the workbook gives it Start No Earlier Than "
            f"{format_day(starts[task.id])}, the day that makes it start",
        )
        for task in delayed
        if task.id in starts
    ]
    tasks = tuple(
        replace(task, start_no_earlier_than=starts[task.id], leveling_delay=None)
        if task.id in starts
        else task
        for task in plan.tasks
    )
    return replace(plan, tasks=tasks, issues=(*plan.issues, *notes))


def work_week_text(work_week: frozenset[int]) -> str:
    """{0..4} → "Mon-Fri"; {6, 0, 1, 2, 3} → "Sun-Thu"; {0, 2, 4} → "Mon,Wed,Fri"."""
    days = sorted(work_week)
    if len(days) == 7:
        return "Mon-Sun"
    for first in days:  # a run of consecutive days, possibly wrapping past Sunday
        run = [(first + offset) % 7 for offset in range(len(days))]
        if sorted(run) == days:
            return (
                f"{_DAY_NAMES[run[0]]}-{_DAY_NAMES[run[-1]]}" if len(run) > 1 else _DAY_NAMES[first]
            )
    return ",".join(_DAY_NAMES[day] for day in days)
