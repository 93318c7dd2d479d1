"""Flags: progress, scope and governance findings, one `Issue` per problem (SPEC section 5).

Progress (one pass over the tasks): slipping-task, overdue-task, deadline-missed,
negative-float, stalled-task. Scope: scope-creep, approved-change, removed-task,
scope-growth. Governance: unmitigated-risk, no-baseline, no-charter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from itertools import product
from typing import Any, NamedTuple

from pmkit.engine.issues import Code, Issue, Location, Severity, new_issue, new_location
from pmkit.engine.model import Plan, Task, TaskStatus
from pmkit.engine.results import TaskResult
from pmkit.engine.scope import ChangeKind, ScopeReport
from pmkit.engine.variance import WorkdayIndex

__all__ = [
    "UNMITIGATED_RISK_SCORE",
    "TaskProgress",
    "find_governance_flags",
    "find_progress_flags",
    "find_scope_flags",
    "format_day",
    "format_working_days",
    "is_stalled",
    "last_sign_of_life",
]

UNMITIGATED_RISK_SCORE = 15
"""Likelihood × impact at or above which an open risk needs a written mitigation."""


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Memo(dict[Any, str]):
    """Texts computed once per key: `texts[key]` is one dict lookup, a third of the cost of
    an `lru_cache` call (the progress pass asks for thousands of dates on a late plan)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> str:
        if len(self) >= _MEMO_SIZE:  # bounded, like the lru_cache it replaces
            self.clear()
        text = self[key] = self._make(key)
        return text


_MEMO_SIZE = 4096
_DAY_TEXTS = _Memo(
    lambda day: f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year}"
)
_WORKING_DAYS_TEXTS = _Memo(lambda n: f"{n} working day{'' if abs(n) == 1 else 's'}")


def format_day(day: date) -> str:
    """A date as owners read it in a sentence: `Fri 6 Mar 2026` (English, whatever the locale)."""
    return _DAY_TEXTS[day]


def format_working_days(n: int) -> str:
    """A count of working days as owners read it: `1 working day`, `3 working days`."""
    return _WORKING_DAYS_TEXTS[n]


_days = format_working_days


def format_money(amount: float, currency: str | None) -> str:
    """Money as owners read it in a sentence: `USD 2,400`, or `2,400.50` without a currency."""
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{currency} {text}" if currency else text


def last_sign_of_life(task: Task, unchanged_since: Mapping[str, date] | None) -> date | None:
    """The latest evidence that someone touched the task: Last Update, or the nightly history."""
    seen = unchanged_since.get(task.id) if unchanged_since else None
    if task.last_update is None:
        return seen
    if seen is None:
        return task.last_update
    return max(task.last_update, seen)


def is_stalled(task: Task, status_date: date, stalled_after_days: int, since: date | None) -> bool:
    """In progress and nothing heard for more than `stalled_after_days` calendar days.

    "In progress" is the Status column, or — when Status is blank — a started, unfinished
    task. Without any evidence (no Last Update, no history) a task is never called stalled.
    """
    if since is None or task.is_done:
        return False
    in_progress = task.status is TaskStatus.IN_PROGRESS or (task.status is None and task.is_started)
    return in_progress and (status_date - since).days > stalled_after_days


class TaskProgress(NamedTuple):
    """What the progress pass learned about one task (the status rules reuse it).

    A NamedTuple: thousands are built per analysis, and a tuple is built faster than a
    frozen dataclass (immutable all the same).
    """

    slipping: bool = False
    overdue: bool = False
    deadline_missed: bool = False
    negative_float: bool = False
    stalled: bool = False


NO_PROGRESS_FLAGS = TaskProgress()

# Every combination of the five flags, built once: the progress pass looks its answer up
# instead of building one per task (a NamedTuple's constructor is a Python call; this
# saves about a sixth of the pass on a late plan, where most tasks raise something).
_EVERY_PROGRESS = {flags: TaskProgress(*flags) for flags in product((False, True), repeat=5)}


def find_progress_flags(
    plan: Plan,
    rows: Sequence[TaskResult],
    index: WorkdayIndex,
    status_date: date,
    unchanged_since: Mapping[str, date] | None = None,
) -> tuple[list[Issue], dict[str, TaskProgress]]:
    """Slipping, overdue, deadline-missed, negative-float and stalled tasks, in one pass.

    `rows[i]` is the result row of `plan.tasks[i]`. Returns the issues and, for each task
    that raised any, which ones (keyed by task id).
    """
    settings = plan.settings
    tolerance = settings.slip_tolerance_days
    stalled_after = settings.stalled_after_days
    issues: list[Issue] = []
    progress: dict[str, TaskProgress] = {}
    through = index.through
    sheet = plan.plan_sheet
    columns = plan.columns
    fallback = columns.get("id")
    baseline_finish_column = columns.get("baseline_finish", fallback)
    percent_column = columns.get("percent_complete", fallback)
    deadline_column = columns.get("deadline", fallback)
    duration_column = columns.get("duration_days", fallback)
    last_update_column = columns.get("last_update", fallback)
    # thousands of findings on a late plan: locals, and the fast builders of `Issue`
    add = issues.append
    issue, location = new_issue, new_location
    warning = Severity.WARNING
    every_progress = _EVERY_PROGRESS
    day_text, working_days = _DAY_TEXTS, _WORKING_DAYS_TEXTS
    for task, row in zip(plan.tasks, rows, strict=True):
        # decide first (cheap comparisons), describe only the tasks that raised something
        finish = row.forecast_finish
        deadline = task.deadline
        missed = deadline is not None and finish is not None and finish > deadline
        done = task.is_done
        if done:
            if not missed:
                continue
            slipping = overdue = negative = stalled = False
            since = None
        else:
            slip = row.slip
            base_finish = row.baseline_finish
            due = base_finish if base_finish is not None else finish
            total_float = row.total_float
            slipping = slip is not None and slip > tolerance
            overdue = due is not None and due < status_date
            negative = total_float is not None and total_float < 0
            since = None
            stalled = False
            if task.last_update is not None or unchanged_since:
                since = last_sign_of_life(task, unchanged_since)
                stalled = is_stalled(task, status_date, stalled_after, since)
            if not (slipping or overdue or missed or negative or stalled):
                continue
        task_id = task.id
        progress[task_id] = every_progress[slipping, overdue, missed, negative, stalled]
        label = f"Task {task_id} “{task.name}”"
        where = task.row or None
        if slipping:
            assert slip is not None
            add(
                issue(
                    warning,
                    Code.SLIPPING_TASK,
                    location(sheet, where, baseline_finish_column),
                    task_id,
                    f"{label} is forecast to finish {working_days[slip]} late: "
                    f"{day_text[finish]} against its baseline {day_text[base_finish]}"
                    if finish and base_finish
                    else f"{label} is {working_days[slip]} behind its baseline",
                )
            )
        if overdue:
            assert due is not None
            add(
                issue(
                    warning,
                    Code.OVERDUE_TASK,
                    location(sheet, where, percent_column),
                    task_id,
                    f"{label} was due to finish on {day_text[due]} and is not done "
                    f"({round(task.percent_complete * 100)} % complete)",
                )
            )
        if missed:
            assert deadline is not None
            assert finish is not None
            late = through(finish) - through(deadline)
            verb = "finished" if done else "is forecast to finish"
            add(
                issue(
                    warning,
                    Code.DEADLINE_MISSED,
                    location(sheet, where, deadline_column),
                    task_id,
                    f"{label} {verb} on {day_text[finish]}, "
                    f"{working_days[max(late, 1)]} after its deadline of {day_text[deadline]}",
                )
            )
        if negative:
            assert total_float is not None
            add(
                issue(
                    warning,
                    Code.NEGATIVE_FLOAT,
                    location(sheet, where, deadline_column if deadline else duration_column),
                    task_id,
                    f"{label} has {total_float} days of float: it must gain "
                    f"{working_days[-total_float]} for the deadlines that depend on it to be met",
                )
            )
        if stalled:
            assert since is not None
            add(
                issue(
                    warning,
                    Code.STALLED_TASK,
                    location(sheet, where, last_update_column),
                    task_id,
                    f"{label} is in progress but nothing has changed since {day_text[since]} "
                    f"({(status_date - since).days} days; the limit is {stalled_after})",
                )
            )
    return issues, progress


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f} %".replace(".0 %", " %")


def find_scope_flags(plan: Plan, scope: ScopeReport) -> list[Issue]:
    """scope-creep / approved-change per added or grown task, removed-task, scope-growth."""
    issues: list[Issue] = list(scope.issues)
    sheet = plan.plan_sheet
    column = plan.columns.get("change_request") or plan.columns.get("id")
    for change in scope.changes:
        label = f"Task {change.task_id} “{change.name}”"
        if change.kind is ChangeKind.REMOVED:
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.REMOVED_TASK,
                    Location("Baseline", change.row or None, None),
                    change.task_id,
                    f"{label} was in the baseline but is no longer in the plan",
                )
            )
            continue
        what = (
            f"was added after the baseline ({_days(change.extra_days)})"
            if change.kind is ChangeKind.ADDED
            else f"grew since the baseline (+{_days(change.extra_days)}, "
            f"+{format_money(change.extra_cost, plan.settings.currency)} cost)"
        )
        location = Location(sheet, change.row or None, column)
        if change.approved:
            issues.append(
                Issue(
                    Severity.INFO,
                    Code.APPROVED_CHANGE,
                    location,
                    change.task_id,
                    f"{label} {what}, approved by change request {change.change_request}",
                )
            )
        else:
            why = (
                f"change request {change.change_request} is {change.decision.value.lower()}"
                if change.decision is not None
                else "no approved change request covers it"
            )
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.SCOPE_CREEP,
                    location,
                    change.task_id,
                    f"{label} {what} and {why}",
                )
            )
    threshold = plan.settings.scope_creep_threshold_pct / 100
    for approved, days, cost in (
        (False, scope.growth_days, scope.growth_cost),
        (True, scope.approved_growth_days, scope.approved_growth_cost),
    ):
        over = [
            f"{_percent(value)} in {unit}"
            for value, unit in ((days, "working days"), (cost, "cost"))
            if value is not None and value > threshold
        ]
        if over:
            kind = "Approved" if approved else "Unapproved"
            issues.append(
                Issue(
                    Severity.INFO if approved else Severity.WARNING,
                    Code.SCOPE_GROWTH,
                    Location(sheet),
                    None,
                    f"{kind} scope growth since the baseline is {' and '.join(over)}, "
                    f"over the {_percent(threshold)} threshold",
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
                    Location("Risks", risk.row or None, None),
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
        issues.append(
            Issue(
                Severity.INFO,
                Code.NO_CHARTER,
                Location("Charter"),
                None,
                "The Charter is empty: write down the goals and how success is measured, "
                "so everyone agrees what “done” means",
            )
        )
    return issues
