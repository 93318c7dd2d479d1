"""Flags: scope and governance findings, one `Issue` per problem (docs/findings.md).

Scope: scope-creep, approved-change, removed-task, scope-growth. Governance:
unmitigated-risk, no-baseline, no-charter, not-started. Cost: missing-actual-cost. The
progress flags (slipping-task, overdue-task, deadline-missed, negative-float,
stalled-task, ownerless-task) are in `pmkit.engine.progress`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pmkit.engine.figures import (
    format_day,
    format_money,
    format_percent,
    is_above,
    join_words,
    working_days,
)
from pmkit.engine.issues import Code, Issue, Location, Severity, new_issue, new_location
from pmkit.engine.model import BaselineSnapshot, Plan, task_label
from pmkit.engine.scope import ChangeKind, ScopeReport, change_days_words
from pmkit.engine.variance import EarnedValue, WorkdayIndex

__all__ = [
    "UNMITIGATED_RISK_SCORE",
    "find_governance_flags",
    "find_scope_flags",
    "missing_cost_flag",
    "not_started_flag",
]

UNMITIGATED_RISK_SCORE = 15
"""Likelihood × impact at or above which an open risk needs a written mitigation."""
_LISTED_TASKS = 8


def find_scope_flags(plan: Plan, scope: ScopeReport) -> list[Issue]:
    """scope-creep / approved-change per added or grown task, removed-task, scope-growth."""
    issues: list[Issue] = list(scope.issues)
    add = issues.append
    sheet, project = plan.plan_sheet, plan.project_file
    column = plan.columns.get("change_request") or plan.columns.get("id")
    currency = plan.settings.currency
    frozen_cell = (plan.baseline or BaselineSnapshot(None, ())).location
    # a grown plan has hundreds of changes: the fast constructors, and names held locally
    issue, location = new_issue, new_location
    warning, note = Severity.WARNING, Severity.INFO
    added, removed = ChangeKind.ADDED, ChangeKind.REMOVED
    for change in scope.changes:
        task_id = change.task_id
        label = task_label(task_id, change.name)
        kind = change.kind
        if kind is removed:
            add(
                issue(
                    note,
                    Code.REMOVED_TASK,
                    frozen_cell(change.row, "id"),
                    task_id,
                    f"{label} was in the baseline but is no longer in the plan",
                )
            )
            continue
        what = (
            f"was added after the baseline ({change_days_words((change,))})"
            if kind is added
            else f"grew since the baseline ({change_days_words((change,), sign='+')}, "
            f"+{format_money(change.extra_cost, currency)} cost)"
        )
        where = (
            location(sheet, change.row or None, column)
            if project is None
            else project.location(task_id, change.name)
        )
        if change.approved:
            add(
                issue(
                    note,
                    Code.APPROVED_CHANGE,
                    where,
                    task_id,
                    f"{label} {what}, approved by change request {change.change_request}",
                )
            )
        else:
            why = (
                f"change request {change.change_request} is {change.decision.value.lower()}"
                if change.decision is not None
                else "no approved change request covers it"
            )
            add(issue(warning, Code.SCOPE_CREEP, where, task_id, f"{label} {what} and {why}"))
    threshold = plan.settings.scope_creep_threshold_pct / 100
    for approved, days, cost, least in (
        (False, scope.growth_days, scope.growth_cost, scope.growth_days_at_least),
        (
            True,
            scope.approved_growth_days,
            scope.approved_growth_cost,
            scope.approved_growth_days_at_least,
        ),
    ):
        over = [
            f"{'at least ' if least and unit != 'cost' else ''}{format_percent(value)} in {unit}"
            for value, unit in ((days, "working days"), (cost, "cost"))
            if value is not None and is_above(value, threshold)
        ]
        if over:
            which = "Approved" if approved else "Unapproved"
            issues.append(
                Issue(
                    Severity.INFO if approved else Severity.WARNING,
                    Code.SCOPE_GROWTH,
                    Location(sheet),
                    None,
                    f"{which} scope growth since the baseline is {' and '.join(over)}, "
                    f"over the {format_percent(threshold)} threshold",
                )
            )
    return issues


def find_governance_flags(plan: Plan, baselined: bool) -> list[Issue]:
    """unmitigated-risk (score ≥ 15, open, no mitigation), no-baseline and no-charter."""
    issues: list[Issue] = []
    for risk in plan.risks:
        score = risk.score
        unmitigated = risk.mitigation is None or not risk.mitigation.strip()
        if risk.is_open and unmitigated and score is not None and score >= UNMITIGATED_RISK_SCORE:
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.UNMITIGATED_RISK,
                    risk.mitigation_cell or Location("Risks", risk.row or None, None),
                    None,
                    f"Risk {risk.id} “{risk.description}” scores {score} of 25 "
                    "and is open with no mitigation written down",
                )
            )
    if not baselined:
        issues.append(
            Issue(
                Severity.INFO,
                Code.NO_BASELINE,
                Location(plan.plan_sheet),
                None,
                "No baseline has been set, so slip, earned value and scope growth cannot be "
                "measured yet: run “Set baseline” (pmkit baseline) once the plan is agreed",
            )
        )
    if not plan.charter:
        project = plan.project_file
        issues.append(
            Issue(
                Severity.INFO,
                Code.NO_CHARTER,
                Location("Charter") if project is None else plan.settings_location,
                None,
                "The Charter is empty: write down the goals and how success is measured, "
                "so everyone agrees what “done” means"
                if project is None
                else f"{project.name} holds no goals: import it (pmkit import) and write the "
                "goals and how success is measured on the workbook's Charter sheet, so "
                "everyone agrees what “done” means",
            )
        )
    return issues


def not_started_flag(plan: Plan, status_date: date, index: WorkdayIndex) -> Issue | None:
    """not-started: the Project Start is more than Stalled After Days before the status
    date and no task has started (`Task.is_started`), so the forecast quietly moves all
    the work after the status date. None otherwise."""
    start = plan.settings.project_start
    if start is None or not plan.tasks:
        return None
    if (status_date - start).days <= plan.settings.stalled_after_days:
        return None
    if any(task.is_started for task in plan.tasks):  # stops at the first started task
        return None
    behind = index.on_or_after(status_date) - index.on_or_after(start)
    shown = (
        "every task is forecast after the status date"
        if plan.settings.move_unfinished_work
        else "the plan's dates show work that has not happened"
    )
    return Issue(
        Severity.WARNING,
        Code.NOT_STARTED,
        plan.settings_location,
        None,
        f"Nothing has started, though the Project Start was {format_day(start)} "
        f"({working_days(behind)} before the status date), so {shown}; record what has "
        "started (Actual Start, % Complete), or move the Project Start",
    )


def missing_cost_flag(
    plan: Plan, earned: EarnedValue, slot_of_id: Mapping[str, int]
) -> Issue | None:
    """missing-actual-cost: the tasks with work done and a blank Actual Cost
    (`EarnedValue.uncosted`), one finding for all, at the first one's Actual Cost cell. A
    warning while the cost figures are measured without them; a note when no work done has
    a cost (the figures are then unknown and say why). None when every one has a cost."""
    ids = earned.uncosted
    if not ids:
        return None
    first = plan.tasks[slot_of_id[ids[0]]]
    if len(ids) == 1:
        which, have, them = first.label(), "has", "it"
    else:
        listed = join_words(list(ids[:_LISTED_TASKS]), more=len(ids) - _LISTED_TASKS)
        which, have, them = f"Tasks {listed}", "have", "them"
    measured = "cannot be measured" if earned.cost_unknown else f"is measured without {them}"
    return Issue(
        Severity.INFO if earned.cost_unknown else Severity.WARNING,
        Code.MISSING_ACTUAL_COST,
        plan.location(first, "actual_cost"),
        first.id,
        f"{which} {have} work done but no Actual Cost, so cost performance (CPI) {measured}: "
        f"type what was spent {'' if len(ids) == 1 else 'on each '}in Actual Cost",
    )
