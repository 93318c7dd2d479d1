"""`analyze`: validation, schedule, variance, scope, health and flags of a plan, in one call.

Each concern is one pass over the tasks, in this order: schedule, validate, what could
not be scheduled, task rows (forecast, baseline finish, slip), earned value, scope,
progress flags, workload (people and their load), plan health, status. When a row could
not be scheduled the project's forecast finish, slip, critical path and forecast duration
are unknown (None, with a sentence naming the cells to fix); the rows that were scheduled
keep their forecast, early dates and slip, and their late dates, floats and critical marks
are unknown too (`TaskDays.row`).
Dates become working-day counts once (`WorkdayIndex`), so no pass does calendar
arithmetic per task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import date

from pmkit.engine.actions import THIS_WEEK, Action, build_actions
from pmkit.engine.closeout import close_out_flags, review_close_out
from pmkit.engine.collector import collector_paused
from pmkit.engine.days import TaskDays
from pmkit.engine.findings import group_findings
from pmkit.engine.flags import (
    find_governance_flags,
    find_scope_flags,
    missing_cost_flag,
    not_started_flag,
)
from pmkit.engine.health import check_plan_health
from pmkit.engine.issues import Issue, Severity, severity_counts
from pmkit.engine.lazy import Deferred
from pmkit.engine.loads import compute_workload
from pmkit.engine.model import Plan
from pmkit.engine.performance import performance_flags
from pmkit.engine.progress import ProgressWords, deadline_misses, scan_progress
from pmkit.engine.results import Analysis, ProjectSummary, Schedule, TaskTable
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.scope import find_scope_changes
from pmkit.engine.status import least_late, rate_project, write_status_text
from pmkit.engine.unscheduled import NO_TASKS, Unscheduled, find_unscheduled, forecast_passed
from pmkit.engine.validation import validate_plan, without_impossible_finishes
from pmkit.engine.variance import (
    Baselines,
    WorkdayIndex,
    earned_values,
    has_baseline,
    plan_baselines,
    planned_as_scheduled,
    project_baseline_finish,
    slip_days,
)
from pmkit.engine.workdays import WorkCalendar

__all__ = ["analyze", "task_days"]


def analyze(
    plan: Plan,
    status_date: date | None = None,
    *,
    today: date | None = None,
    unchanged_since: Mapping[str, date] | None = None,
) -> Analysis:
    """Schedule `plan` and measure it at `status_date` (default: Settings, else today).

    `unchanged_since` maps a task id to the date since which its row has not changed
    across the nightly job's snapshots; a task in progress and unchanged for longer than
    Stalled After Days is flagged stalled even when its Last Update looks recent.

    >>> from pmkit import read_plan
    >>> result = analyze(read_plan("plan.xlsx"))
    >>> result.summary.status, result.tasks["7"].slip
    ('Red', 2)
    """
    with collector_paused():
        return _analyze(plan, status_date, today, unchanged_since)


def _analyze(
    plan: Plan,
    status_date: date | None,
    today: date | None,
    unchanged_since: Mapping[str, date] | None,
) -> Analysis:
    status = status_date or plan.settings.status_day(today)
    written = plan
    # an Actual Finish before the Actual Start is left out: the task is no more done than
    # the rest of its row says (validation, on the plan as written, names both cells)
    plan = without_impossible_finishes(plan)
    calendar = WorkCalendar.for_plan(plan)
    index = WorkdayIndex(calendar)
    schedule = compute_schedule(plan, calendar, status)
    baselines = plan_baselines(plan)
    # Validation reads the links as the scheduler resolved them (`ScheduleDays.broken_links`).
    issues: list[Issue] = [
        *plan.issues,
        *validate_plan(written, status, days=schedule.days, baselines=baselines),
    ]
    issues.extend(schedule.issues)
    days = task_days(schedule, baselines, index)
    unscheduled, forecast_finish, forecast_unknown = _forecast(plan, schedule, issues, status)
    why_unknown = forecast_unknown if plan.tasks else None  # no tasks: no rating at all
    # The critical path stays the plan's logic: it is unknown only with a row unscheduled.
    # Every row scheduled, yet no forecast: work dated in the past is not done, so each
    # unfinished task's dates are the earliest it can have (`forecast_passed`).
    critical_known, dates_passed = (unscheduled is None, unscheduled is None and bool(why_unknown))
    slots = days.slots  # task id → slot, as the scheduler read them
    tasks = plan.tasks
    # Rows with dates are made when read (`pmkit.engine.days`); the passes read `days`.
    # Late dates, floats and critical marks measured against part of the plan are not
    # known: the rows leave them out (`TaskDays.row`); the passes read `days` and know.
    rows = TaskTable.deferred(
        len(tasks), lambda slot: days.row(slot, tasks[slot], whole_plan=critical_known), slots
    )
    agreed_finish = project_baseline_finish(plan)
    project_slip = slip_days(index, forecast_finish, agreed_finish)
    baselined = has_baseline(plan)
    planned = baselines
    if baselined and None in baselines.finish:  # work added since: planned as scheduled
        starts = [days.date_of(start) for start in days.forecast_start]
        finishes = [days.date_of(finish) for finish in days.forecast_finish]
        planned = planned_as_scheduled(baselines, starts, finishes)
    earned, earned_by_task = earned_values(plan, index, status, planned, days.done)
    scope = find_scope_changes(plan, baselines, index)
    # Progress is decided for every task now, but worded only where a finding is read
    # first: the grouping words its headlines, and folded findings when their details are
    # read (`pmkit.engine.progress`, `pmkit.engine.findings`).
    scan = scan_progress(plan, days, index, status, unchanged_since)
    progress = scan.progress
    words = ProgressWords(
        plan,
        rows,
        index,
        status,
        critical_known=critical_known,
        days=days,
        waits=scan.waits,
        dates_passed=dates_passed,
    )
    workload, people_issues = compute_workload(
        plan,
        days,
        calendar,
        index,
        status_date=status,
        progress=progress,
        waits=scan.waits,
        unscheduled=unscheduled,
        dates_passed=dates_passed,
    )
    issues.extend(people_issues)
    issues.extend(find_scope_flags(plan, scope))
    issues.extend(find_governance_flags(plan, baselined))
    if (idle := not_started_flag(plan, status, index)) is not None:
        issues.append(idle)
    if (uncosted := missing_cost_flag(plan, earned, slots)) is not None:
        issues.append(uncosted)
    close_out = review_close_out(
        plan,
        days,
        agreed_finish=agreed_finish,
        finish_slip=project_slip,
        actual_cost=earned.ac,
        scope=scope,
        uncosted=earned.uncosted,
    )
    finished = close_out is not None and close_out.finished
    issues += [
        *close_out_flags(close_out),
        *performance_flags(
            plan,
            earned,
            earned_by_task,
            finished=finished,
        ),
    ]
    health = check_plan_health(
        plan,
        days,
        index,
        status,
        project_start=schedule.project_start,
        project_finish=forecast_finish,
        project_slip=project_slip,
        baselined=baselined,
        fully_scheduled=unscheduled is None,
        logic_finish=schedule.project_finish if dates_passed else None,
    )
    issues.extend(health.issues)
    errors = severity_counts(issues)[Severity.ERROR]
    missed = deadline_misses(plan, days, index, scan, status, dates_passed=dates_passed)
    late_at_least, late_by_dates = least_late(
        index, status, agreed_finish, days.done, schedule.project_finish if dates_passed else None
    )
    rating = rate_project(
        plan,
        days,
        progress,
        project_slip,
        earned,
        forecast_unknown=why_unknown,
        critical_known=critical_known,
        other_errors=errors - (len(unscheduled.causes) if unscheduled else 0),
        deadline_misses=missed,
        late_at_least=late_at_least,
        late_by_dates=late_by_dates,
        finished=finished,
    )
    text = write_status_text(
        plan,
        days,
        rating,
        status_date=status,
        slip=project_slip,
        forecast_finish=forecast_finish,
        baseline_finish=agreed_finish,
        earned=earned,
        currency=plan.settings.currency,
        forecast_unknown=why_unknown,
        deadline_misses=missed,
        critical_path=schedule.critical_path if critical_known else (),
        slots=slots,
        close_out=close_out,
        late_at_least=late_at_least,
    )
    summary = ProjectSummary(
        name=plan.settings.project_name or plan.name,
        status_date=status,
        start=schedule.project_start,
        baseline_finish=agreed_finish,
        forecast_finish=forecast_finish,
        slip=project_slip,
        status=rating.rating,
        status_reasons=rating.reasons,
        critical_path=schedule.critical_path if critical_known else None,
        earned_value=earned if critical_known else replace(earned, forecast_duration=None),
        scope_growth_days=scope.growth_days,
        scope_growth_cost=scope.growth_cost,
        approved_growth_days=scope.approved_growth_days,
        approved_growth_cost=scope.approved_growth_cost,
        scope_growth_days_at_least=scope.growth_days_at_least,
        approved_growth_days_at_least=scope.approved_growth_days_at_least,
        health=health.checks,
        health_score=health.score,
        status_text=text,
        currency=plan.settings.currency,
        forecast_unknown=forecast_unknown,
        late_at_least=late_at_least if project_slip is None else None,
        late_by_dates=late_by_dates and project_slip is None,
        finished=finished,
    )
    # Grouped and worded when first read (`pmkit.engine.lazy`): a cell function asking
    # for the slip never pays for sentences.
    findings: Deferred[Issue] = Deferred(
        lambda: group_findings(
            plan,
            rows,
            issues,
            scan=scan,
            words=words,
            scope=scope,
            slot_of_id=slots,
            overloads=workload.overloads,
            days=days,
        )
    )
    this_week: Deferred[Action] = Deferred(
        lambda: build_actions(
            plan,
            rows,
            findings,
            scope=scope,
            limit=THIS_WEEK,
            slot_of_id=slots,
            critical_known=critical_known,
            overloads=workload.overloads,
            waits=scan.waits,
            status_date=status,
            floats=days.total_float,
            owner_names=workload.names(),
            earned=summary.earned_value,
            finished=finished,
        )
    )
    return Analysis(
        plan,
        status,
        schedule,
        rows,
        findings,
        summary,
        this_week=this_week,
        close_out=close_out,
        workload=workload,
        scope=scope,
        progress=progress,
        waits=scan.waits,
        health=health,
        unscheduled=unscheduled,
    )


def _forecast(
    plan: Plan, schedule: Schedule, issues: list[Issue], status: date
) -> tuple[Unscheduled | None, date | None, str | None]:
    """What could not be scheduled, the project's forecast finish, and why it is unknown.

    Truth first (docs/findings.md): with any row unscheduled, the finish is unknown. With
    every row scheduled but unfinished work dated in the past (Move Unfinished Work Past
    Status Date No), those dates are not when the work will finish either. A plan with no
    tasks says what to do first.
    """
    unscheduled = find_unscheduled(plan, schedule.tasks, issues)
    if unscheduled:
        return unscheduled, None, unscheduled.sentence()
    if not plan.tasks:
        return None, None, NO_TASKS
    finish = schedule.project_finish
    assert schedule.days is not None  # `compute_schedule` gives them
    if (passed := forecast_passed(plan, finish, status, schedule.days)) is not None:
        return None, None, passed
    return None, finish, None


def task_days(schedule: Schedule, baselines: Baselines, index: WorkdayIndex) -> TaskDays:
    """Each task's schedule (`Schedule.days`) with its baseline finish and its slip: the
    forecast finish against the baseline finish, in working days (positive = late)."""
    days = schedule.days
    assert days is not None  # `compute_schedule` gives them
    on_or_after = index.on_or_after
    slip = [
        None if finish is None or base is None else finish - on_or_after(base)
        for finish, base in zip(days.forecast_finish, baselines.finish, strict=True)
    ]
    return TaskDays(
        **{field.name: getattr(days, field.name) for field in fields(days)},
        baseline_finish=baselines.finish,
        slip=slip,
    )
