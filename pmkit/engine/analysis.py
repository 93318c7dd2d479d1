"""`analyze`: validation, schedule, variance, scope, health and flags of a plan, in one call.

Each concern is one pass over the tasks, in this order: validate, schedule, what could
not be scheduled, task rows (forecast, baseline finish, slip), earned value, scope,
progress flags, workload (people and their load), plan health, status. When a row could
not be scheduled the project's forecast finish, slip, critical path and forecast duration
are unknown (None, with a sentence naming the cells to fix); the rows that were scheduled
keep their figures.
Dates become working-day counts once (`WorkdayIndex`), so no pass does calendar
arithmetic per task.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pmkit.engine.actions import THIS_WEEK, Action, build_actions
from pmkit.engine.closeout import close_out_flags, review_close_out
from pmkit.engine.collector import collector_paused
from pmkit.engine.findings import group_findings
from pmkit.engine.flags import find_governance_flags, find_scope_flags
from pmkit.engine.health import check_plan_health
from pmkit.engine.issues import Issue, Severity
from pmkit.engine.lateness import task_slots
from pmkit.engine.lazy import Deferred
from pmkit.engine.loads import compute_workload
from pmkit.engine.model import Plan
from pmkit.engine.progress import ProgressWords, deadline_misses, scan_progress
from pmkit.engine.results import (
    Analysis,
    ProjectSummary,
    Schedule,
    TaskResult,
    TaskTable,
    new_task_result,
)
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.scope import find_scope_changes
from pmkit.engine.status import rate_project, write_status_text
from pmkit.engine.unscheduled import NO_TASKS, find_unscheduled
from pmkit.engine.validation import validate_plan
from pmkit.engine.variance import (
    BaselineDates,
    WorkdayIndex,
    baseline_dates,
    compute_earned_value,
    has_baseline,
    project_baseline_finish,
    slip_days,
)
from pmkit.engine.workdays import WorkCalendar

__all__ = ["analyze", "task_rows"]


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
    status = status_date or plan.settings.status_date or today or date.today()
    calendar = WorkCalendar.for_plan(plan)
    index = WorkdayIndex(calendar)
    issues: list[Issue] = [*plan.issues, *validate_plan(plan, status)]
    schedule = compute_schedule(plan, calendar, status)
    issues.extend(schedule.issues)
    # Truth first (SPEC section 4): with any row unscheduled, the project's finish is unknown.
    unscheduled = find_unscheduled(plan, schedule.tasks, issues)
    forecast_finish = None if unscheduled else schedule.project_finish
    forecast_unknown = unscheduled.sentence() if unscheduled else None if plan.tasks else NO_TASKS

    baselines, rows = task_rows(plan, schedule, index)
    agreed_finish = project_baseline_finish(plan)
    project_slip = slip_days(index, forecast_finish, agreed_finish)
    earned = compute_earned_value(plan, index, status, baselines)
    baselined = has_baseline(plan)
    scope = find_scope_changes(plan, baselines, index)
    # Progress is decided for every task now, but worded only where a finding is read
    # first: the grouping words its headlines, and folded findings when their details are
    # read (`pmkit.engine.progress`, `pmkit.engine.findings`).
    scan = scan_progress(plan, rows, status, unchanged_since)
    slots = task_slots(plan)
    progress = scan.progress
    words = ProgressWords(plan, rows, index, status, critical_known=unscheduled is None)
    workload, people_issues = compute_workload(
        plan, rows, calendar, index, status_date=status, progress=progress, unscheduled=unscheduled
    )
    issues.extend(people_issues)
    issues.extend(find_scope_flags(plan, scope))
    issues.extend(find_governance_flags(plan, baselined))
    close_out = review_close_out(
        plan,
        rows,
        agreed_finish=agreed_finish,
        finish_slip=project_slip,
        agreed_cost=earned.bac,
        actual_cost=earned.ac,
        scope=scope,
    )
    issues.extend(close_out_flags(close_out))
    health = check_plan_health(
        plan,
        rows,
        index,
        status,
        project_start=schedule.project_start,
        project_finish=forecast_finish,
        project_slip=project_slip,
        baselined=baselined,
        fully_scheduled=unscheduled is None,
    )
    issues.extend(health.issues)
    errors = sum(1 for issue in issues if issue.severity is Severity.ERROR)
    missed = deadline_misses(plan, rows, index, scan)
    rating = rate_project(
        plan,
        rows,
        progress,
        project_slip,
        earned,
        forecast_unknown=forecast_unknown if unscheduled else None,
        other_errors=errors - (len(unscheduled.causes) if unscheduled else 0),
        deadline_misses=missed,
    )
    text = write_status_text(
        plan,
        rows,
        rating,
        status_date=status,
        slip=project_slip,
        forecast_finish=forecast_finish,
        baseline_finish=agreed_finish,
        earned=earned,
        currency=plan.settings.currency,
        forecast_unknown=forecast_unknown if unscheduled else None,
        deadline_misses=missed,
        critical_path=() if unscheduled else schedule.critical_path,
        slots=slots,
        close_out=close_out,
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
        critical_path=None if unscheduled else schedule.critical_path,
        bac=earned.bac,
        pv=earned.pv,
        ev=earned.ev,
        ac=earned.ac,
        sv=earned.sv,
        cv=earned.cv,
        spi=earned.spi,
        cpi=earned.cpi,
        eac=earned.eac,
        eac_atypical=earned.eac_atypical,
        eac_combined=earned.eac_combined,
        etc=earned.etc,
        vac=earned.vac,
        tcpi=earned.tcpi,
        earned_schedule=earned.earned_schedule,
        spi_t=earned.spi_t,
        forecast_duration=None if unscheduled else earned.forecast_duration,
        scope_growth_days=scope.growth_days,
        scope_growth_cost=scope.growth_cost,
        approved_growth_days=scope.approved_growth_days,
        approved_growth_cost=scope.approved_growth_cost,
        health=health.checks,
        health_score=health.score,
        status_text=text,
        currency=plan.settings.currency,
        forecast_unknown=forecast_unknown,
    )
    extras: dict[str, object] = {
        "earned_value": earned,
        "scope": scope,
        "progress": progress,
        "health": health,
    }
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
            critical_known=unscheduled is None,
            overloads=workload.overloads,
        )
    )
    return Analysis(
        plan,
        status,
        schedule,
        TaskTable(rows),
        findings,
        summary,
        extras,
        this_week,
        close_out,
        workload,
    )


def task_rows(
    plan: Plan, schedule: Schedule, index: WorkdayIndex
) -> tuple[list[BaselineDates], list[TaskResult]]:
    """Each task's baseline and its result row (forecast, baseline finish, slip), in plan order."""
    snapshot = plan.baseline.by_id() if plan.baseline is not None else {}
    baselines: list[BaselineDates] = []
    rows: list[TaskResult] = []
    scheduled = schedule.tasks
    on_or_after = index.on_or_after
    add_baseline = baselines.append
    add_row = rows.append
    new_tuple = tuple.__new__
    for task in plan.tasks:
        if snapshot:
            base = baseline_dates(task, snapshot.get(task.id))
        else:  # `baseline_dates(task, None)` without its two Python calls (a tenth of the loop)
            base = new_tuple(
                BaselineDates,
                (
                    task.baseline_start,
                    task.baseline_finish,
                    task.baseline_duration_days,
                    task.baseline_cost,
                ),
            )
        add_baseline(base)
        dates = scheduled.get(task.id)
        if dates is None:
            add_row(_unscheduled_row(task.id, task.name, task.duration_days, base.finish))
            continue
        # The forecast is the early dates, or the late ones for As Late As Possible.
        start, finish = dates.early_start, dates.early_finish
        if dates.as_late_as_possible:
            start, finish = dates.late_start, dates.late_finish
        base_finish = base.finish
        add_row(
            new_task_result(
                task.id,
                task.name,
                task.duration_days,
                dates.early_start,
                dates.early_finish,
                dates.late_start,
                dates.late_finish,
                dates.total_float_days,
                dates.free_float_days,
                dates.critical,
                start,
                finish,
                base_finish,
                None if base_finish is None else on_or_after(finish) - on_or_after(base_finish),
            )
        )
    return baselines, rows


def _unscheduled_row(
    task_id: str, name: str, duration: int | None, baseline_finish: date | None
) -> TaskResult:
    """The row of a task the scheduler could not place (its errors say why)."""
    return TaskResult(
        id=task_id,
        name=name,
        duration=duration,
        early_start=None,
        early_finish=None,
        late_start=None,
        late_finish=None,
        total_float=None,
        free_float=None,
        critical=False,
        forecast_start=None,
        forecast_finish=None,
        baseline_finish=baseline_finish,
        slip=None,
    )
