"""One plan's nightly evaluation: overrides, stalled rows from history, analysis, what
changed since the last run, outputs.

Front-end neutral: the Google and the local-folder paths both read a `Plan`, call
`evaluate`, write `Evaluation.sheets` their own way, then `record` the history row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pmkit
from pmkit import Analysis, Plan, Severity
from pmkit.frontend import (
    PORTFOLIO_WEEKS,
    ForecastPoint,
    OutputSheet,
    PlanState,
    SinceLastRun,
    build_history_sheet,
    build_output_sheets,
    compare_with_last_run,
    severity_counts,
)
from sheets_sync.config import PlanSource
from sheets_sync.history import History
from sheets_sync.history_records import (
    OwnerWeek,
    RunRecord,
    TaskSnapshot,
    owner_weeks_of,
    task_fingerprint,
)

__all__ = ["Evaluation", "evaluate"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One plan's night: the analysis, what the history keeps of it (`run`, `snapshots`,
    `state`, the owners' booked `weeks` for the portfolio), what changed since the last
    run, and the output sheets."""

    analysis: Analysis
    run: RunRecord
    snapshots: tuple[TaskSnapshot, ...]
    sheets: tuple[OutputSheet, ...]  # schema.OUTPUT_SHEETS: the report's, then History
    state: PlanState
    since_last_run: SinceLastRun
    weeks: tuple[OwnerWeek, ...] = ()


def _overridden(plan: Plan, source: PlanSource) -> Plan:
    settings = source.apply_overrides(plan.settings)
    return plan if settings == plan.settings else replace(plan, settings=settings)


def evaluate(
    plan: Plan,
    source: PlanSource,
    plan_key: str,
    history: History | None,
    today: date,
    *,
    display_name: str | None = None,
    location: str | None = None,
) -> Evaluation:
    """Analyse `plan` as of `today` (or its status date) and lay out its output sheets."""
    plan = _overridden(plan, source)
    earlier = history.runs(plan_key, before=today) if history else []
    if earlier:
        # What the History tab shows, for the close-out review: a Google plan's History tab
        # is not read (it is pmkit's own output, rebuilt from here each night).
        points = tuple(ForecastPoint(r.run_date, r.forecast_finish, r.slip_days) for r in earlier)
        plan = replace(plan, history=points)
    fingerprints = {task.id: task_fingerprint(task) for task in plan.tasks}
    unchanged = history.unchanged_since(plan_key, fingerprints, today) if history else {}
    analysis = pmkit.analyze(plan, today=today, unchanged_since=unchanged)
    summary = analysis.summary
    # The previous run *day*: a re-run tonight compares with it again, never with itself.
    # A dry run with no usable history says so, not "first run".
    last = history.last_state(plan_key, before=today) if history is not None else None
    state, since = compare_with_last_run(analysis, today, last, history=history is not None)
    counts = severity_counts(analysis.issues)
    run = RunRecord(
        plan_key=plan_key,
        plan_name=display_name or summary.name,
        run_date=today,
        status=summary.status,
        forecast_finish=summary.forecast_finish,
        slip_days=summary.slip,
        spi=summary.earned_value.spi,
        cpi=summary.earned_value.cpi,
        scope_growth_days=summary.scope_growth_days,
        scope_growth_cost=summary.scope_growth_cost,
        scope_growth_days_at_least=summary.scope_growth_days_at_least,
        approved_growth_days_at_least=summary.approved_growth_days_at_least,
        late_at_least=summary.late_at_least,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        source=location,
        status_date=analysis.status_date,
        forecast_unknown=summary.forecast_unknown,
        compared_with=since.last_run,
        **_portfolio_figures(analysis),
    )
    states = state.task_by_id()
    snapshots = tuple(
        TaskSnapshot(task.id, fingerprints[task.id], task.percent_complete, states.get(task.id))
        for task in plan.task_by_id().values()
    )
    # Every output sheet at once, so the Gantt's status-date line is never older than the
    # Summary beside it.
    sheets = (
        *build_output_sheets(analysis, since_last_run=since),
        build_history_sheet(summary.name, [*earlier, run]),
    )
    weeks = owner_weeks_of(analysis, PORTFOLIO_WEEKS)
    return Evaluation(analysis, run, snapshots, sheets, state, since, weeks)


def _portfolio_figures(analysis: Analysis) -> dict[str, Any]:
    """What the portfolio shows of the night besides the History's figures."""
    summary, settings = analysis.summary, analysis.plan.settings
    first = analysis.this_week[0] if analysis.this_week else None
    workload = analysis.workload
    return {
        "baseline_finish": summary.baseline_finish,
        "status_reasons": "\n".join(summary.status_reasons) or None,
        "approved_growth_days": summary.approved_growth_days,
        "approved_growth_cost": summary.approved_growth_cost,
        "first_action": f"{first.who}: {first.what}" if first else None,
        "slip_tolerance_days": settings.slip_tolerance_days,
        "scope_threshold": settings.scope_creep_threshold_pct / 100,
        "bookings_partial": workload.not_counted,
        "partial_owners": "\n".join(workload.not_counted_owners) or None,
        "partial_owners_known": workload.not_counted_owners_known,
    }
