"""The sentences of grouped findings: one task and what folded into it, a scope decision,
findings grouped across tasks (plan health, removed tasks, success measures) or about
one person (an owner's stretches over capacity, Team names no task uses).

Built only for the findings that group; a finding about one thing keeps its own sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from pmkit.engine.figures import format_day, format_money, join_words, working_days
from pmkit.engine.issues import Code, Issue, Location, Severity, new_issue
from pmkit.engine.model import Plan, Task, label_predicate, owner_key
from pmkit.engine.network import TaskIds, arrow_ids
from pmkit.engine.ordering import RANK, rank_key
from pmkit.engine.progress import (
    WAITING,
    Figures,
    deadline_passed,
    percent_words,
    unread_percents,
)
from pmkit.engine.results import TaskResult
from pmkit.engine.scope import ChangeKind, ScopeChange, ScopeReport, change_days_words
from pmkit.engine.workload import Overload

__all__ = ["APPROVED_KEY", "SCOPE_KEY", "FindingWords"]

SCOPE_KEY, APPROVED_KEY = "scope", "approved"
"""The groups of unapproved and of approved scope changes."""
_LISTED = 3


class FindingWords:
    """The sentences of grouped findings (built only for the findings that group)."""

    def __init__(
        self,
        plan: Plan,
        rows: Sequence[TaskResult],
        scope: ScopeReport | None,
        overloads: Sequence[Overload] = (),
        figures: Callable[[int], Figures] | None = None,
        *,
        status_date: date | None = None,
    ) -> None:
        self.plan = plan
        self.status_date = status_date  # a deadline before it can no longer be met
        self.rows = rows
        # a task's figures as its row shows them (`ProgressWords.figures`), without
        # building the row
        self.figures = figures or _row_figures(rows)
        self.scope = scope
        self.overloads = overloads
        self._unread_percents: dict[str, Location] | None = None

    @property
    def unread_percents(self) -> dict[str, Location]:
        """The tasks whose % Complete cannot be read (`progress.unread_percents`), found
        when the first overdue reason is worded."""
        if self._unread_percents is None:
            self._unread_percents = unread_percents(self.plan)
        return self._unread_percents

    def label(self, task: Task) -> str:
        return task.label()

    def task_group(  # noqa: PLR0917 (a group's parts)
        self,
        slot: int,
        severity: Severity,
        own: list[Issue],
        details: Sequence[Issue],
        others: list[int],
        chain: Sequence[int] | None,
    ) -> Issue:
        """Rules 1–3: one task's findings (`own`, most severe first: `rank_key`), and what
        folded into it."""
        tasks = self.plan.tasks
        task = tasks[slot]
        label = self.label(task)
        ranked = own
        head = ranked[0]
        _, base_finish, slip, _, total_float = self.figures(slot)
        first = _predicate(head.message, label)
        message = f"{label} {first}" if _is_predicate(head, label) else f"{label}: {first}"
        reasons = [first]
        for issue in ranked[1:]:
            if issue.code is Code.NEGATIVE_FLOAT and head.code is Code.DEADLINE_MISSED:
                continue  # the deadline says it: its own float is the days it is late
            reason = self._short(issue, label, slip, base_finish, task)
            reasons.append(reason)
            message += f"; it {reason}" if _is_predicate(issue, label) else f"; {reason}"
        if (
            chain is not None
            and len(chain) > 1
            and (gain := total_float)
            and not deadline_passed(task, self.status_date)
        ):
            ids = arrow_ids(TaskIds(tasks, chain))
            reason = f"the chain that drives it, {ids}, must gain {working_days(-gain)}"
            reasons.append(reason)
            message += f". To meet it, {reason}"
        if others:
            waiting = TaskIds(tasks, others)
            plural = len(waiting) != 1
            if chain is None:
                reason = f"{_count(waiting, 'later task')} {'wait' if plural else 'waits'} on it: "
                reasons.append(reason + _listed(waiting))
                message += f"; {reasons[-1]}"
            else:
                reason = (
                    f"{_count(waiting, 'other task')} {'are' if plural else 'is'} late with it: "
                )
                reasons.append(reason + _listed(waiting))
                message += f". {reasons[-1][0].upper()}{reasons[-1][1:]}"
        return new_issue(
            severity,
            head.code,
            head.location,
            task.id,
            message,
            tuple(reasons),
            details,
        )

    def _short(
        self, issue: Issue, label: str, slip: int | None, base_finish: date | None, task: Task
    ) -> str:
        """A second reason, short: the headline already names the task and its dates."""
        code = issue.code
        if code is Code.SLIPPING_TASK and slip is not None:
            return f"is {working_days(slip)} behind its baseline"
        if code is Code.OVERDUE_TASK and base_finish is not None:
            done = percent_words(task, self.unread_percents.get(task.id))
            at = issue.message.find(WAITING)
            waiting = f" and is waiting on {issue.message[at + len(WAITING) :]}" if at >= 0 else ""
            return f"was due on {format_day(base_finish)} ({done}){waiting}"
        if code is Code.OWNERLESS_TASK:
            return "has no owner"
        return _predicate(issue.message, label)

    def scope_group(
        self, key: str, ordered: list[int], growth: list[Issue], details: Sequence[Issue]
    ) -> Issue:
        """Rule 4: the unapproved (or approved) changes since the baseline, as one finding."""
        tasks = self.plan.tasks
        approved = key == APPROVED_KEY
        changes = {c.task_id: c for c in self.scope.changes} if self.scope else {}
        # The changed tasks, and the tasks folded in because they slip behind them: the
        # latter are named as a consequence, never counted as changes.
        changed = [slot for slot in ordered if tasks[slot].id in changes] or ordered
        behind = sorted(set(ordered).difference(changed))
        found = [changes.get(tasks[slot].id) for slot in changed]
        parts = [
            self._change_words(tasks[slot], change)
            for slot, change in zip(changed[:_LISTED], found, strict=False)
        ]
        count = len(changed)
        listed = "; ".join(parts)
        if count > _LISTED:
            known = [change for change in found if change is not None]
            cost = sum(change.extra_cost for change in known)
            money = format_money(cost, self.plan.settings.currency) if cost else ""
            listed += (
                f"; and {count - _LISTED} more ({change_days_words(known)}"
                + (f", {money}" if money else "")
                + " in all)"
            )
        noun = f"{count} change{'s' if count != 1 else ''} since the baseline"
        if approved:
            message = f"{noun} {'was' if count == 1 else 'were'} approved: {listed}"
        else:
            message = (
                f"{noun} {'has' if count == 1 else 'have'} no approved change request: {listed}"
            )
        reasons = list(parts)
        if behind:
            ids = [tasks[slot].id for slot in behind]
            slips = "slips" if len(ids) == 1 else "slip"
            shown = join_words(ids[:_LISTED_BEHIND], more=len(ids) - _LISTED_BEHIND)
            after = f"{'task' if len(ids) == 1 else 'tasks'} {shown} {slips} behind"
            after += f" {'its' if len(ids) == 1 else 'their'} baseline as a result"
            reasons.append(after)
            message += f"; {after}"
        for issue in growth:
            reasons.append(issue.message)
            message += f". {issue.message}"
        first = changed[0]
        where = self.plan.location(tasks[first], "change_request")
        severity = Severity.INFO if approved else Severity.WARNING
        return Issue(
            severity,
            Code.APPROVED_CHANGE if approved else Code.SCOPE_CREEP,
            where,
            tasks[first].id if count == 1 else None,
            message[0].upper() + message[1:],
            tuple(reasons),
            details,
        )

    def _change_words(self, task: Task, change: ScopeChange | None) -> str:
        label = task.label("task")
        if change is None:
            return label
        if change.kind is ChangeKind.ADDED:
            what = f"{label} was added ({change_days_words((change,))}"
        else:
            what = f"{label} grew ({change_days_words((change,), sign='+')}"
        if change.extra_cost:
            what += f", +{format_money(change.extra_cost, self.plan.settings.currency)}"
        if change.approved and change.change_request:
            what += f", {change.change_request}"
        return what + ")"

    def across_group(self, key: object, found: list[Issue]) -> Issue:
        """Rules 4 and 5: failed plan-health checks, removed tasks, unconfirmed success
        measures; an owner's stretches over capacity; Team names no task uses."""
        if len(found) == 1:
            return found[0]
        if isinstance(key, tuple) and key[0] is Code.OVERLOADED_OWNER:
            return self._overloads(found)
        if key == Code.PLAN_HEALTH:
            reasons = [issue.message.removeprefix("Plan health: ") for issue in found]
            names = ", ".join(issue.code.value for issue in found)
            message = (
                f"Plan health: {len(found)} checks fail ({names}); each detail says what to do"
            )
            return Issue(
                _worst(found),
                Code.PLAN_HEALTH,
                Location(self.plan.plan_sheet),
                None,
                message,
                tuple(reasons),
                tuple(found),
            )
        if key == Code.REMOVED_TASK:
            ids = [issue.task_id or "?" for issue in found]
            message = (
                f"{len(found)} tasks of the baseline are no longer in the plan: {_listed(ids)}"
            )
        elif key == Code.UNUSED_TEAM_MEMBER:
            unused = {member.location: member.name for member in self.plan.team}
            people = [unused.get(issue.location, "?") for issue in found]
            message = (
                f"{len(found)} people on the Team sheet own no task in the Plan: {_listed(people)}"
            )
        elif key in _READ_AS:  # cells read one way where they could be read another
            what, fix = _READ_AS[key]
            cells = _listed([str(issue.location) for issue in found])
            message = f"{len(found)} {what} ({cells}: each detail says how it was read); {fix}"
        elif key == Code.UNCONFIRMED_SUCCESS_MEASURE:
            message = (
                f"{len(found)} success measures are not confirmed: write Yes or No under Met? "
                "on the Charter"
            )
        else:  # scope growth alone, with no task to group it with
            message = "; ".join(issue.message for issue in found)
        head = found[0]
        return Issue(
            _worst(found),
            head.code,
            head.location,
            None,
            message,
            tuple(issue.message for issue in found),
            tuple(found),
        )

    def _overloads(self, found: list[Issue]) -> Issue:
        """Rule 5: one owner's stretches of weeks over capacity, in time order, at the most
        severe (the first warning, else the first)."""
        head = min(found, key=rank_key)
        stretches = {overload.finding: overload for overload in self.overloads}
        if head in stretches:  # whose stretches: a task shared by two sits in both of theirs
            name = stretches[head].owner
        else:
            slot = next(
                (s for s, task in enumerate(self.plan.tasks) if task.id == head.task_id), None
            )
            name = (self.plan.tasks[slot].owner or "") if slot is not None else ""
            member = next((m for m in self.plan.team if m.key == owner_key(name)), None)
            name = member.name if member is not None else name
        reasons = tuple(
            stretches[issue].summary if issue in stretches else _predicate(issue.message, name)
            for issue in found
        )
        listed = "; ".join(reasons[:_LISTED])
        if len(reasons) > _LISTED:
            listed += f"; and {len(reasons) - _LISTED} more"
        return Issue(
            _worst(found),
            Code.OVERLOADED_OWNER,
            head.location,
            head.task_id,
            f"{name} is over capacity in {len(found)} stretches of weeks: {listed}",
            reasons,
            tuple(found),
        )

    def row_group(self, found: list[Issue]) -> Issue:
        """Rule 1 for a Plan row the plan does not hold (no ID, a repeated ID)."""
        ranked = sorted(found, key=rank_key)
        head = ranked[0]
        return Issue(
            head.severity,
            head.code,
            head.location,
            head.task_id,
            "; ".join(issue.message for issue in ranked),
            tuple(issue.message for issue in ranked),
            tuple(found),
        )


def _row_figures(rows: Sequence[TaskResult]) -> Callable[[int], Figures]:
    def figures(slot: int) -> Figures:
        row = rows[slot]
        return row.forecast_finish, row.baseline_finish, row.slip, row.critical, row.total_float

    return figures


def _worst(issues: Sequence[Issue]) -> Severity:
    return min((issue.severity for issue in issues), key=RANK.__getitem__)


def _is_predicate(issue: Issue, label: str) -> bool:
    return label_predicate(issue.message, label) is not None


_LISTED_BEHIND = 5
"""Tasks named as slipping behind a change, before "and N more"."""


def _predicate(message: str, label: str) -> str:
    """`Task 7 “Design” is late` → `is late`; other messages as they are."""
    said = label_predicate(message, label)
    return message if said is None else said


_READ_AS: dict[object, tuple[str, str]] = {
    Code.DATE_FROM_NUMBER: (
        "date cells hold numbers without a date format, each read as the date it stands for "
        "in Excel",
        "if those are the dates meant, format the cells as dates, else type the dates",
    ),
    Code.PERCENT_AS_WHOLE_NUMBER: (
        "percentages are typed as whole numbers, each read as a whole percent",
        "type them with a % sign, as 50%, or format the cells as percentages",
    ),
}
"""The reading notes grouped into one for the plan: what the cells hold, and what to do."""


def _listed(ids: Sequence[str]) -> str:
    """`25, 28 and 29`, or `25, 28, 29 and 16 more`."""
    return join_words(list(ids[:_LISTED]), more=len(ids) - _LISTED)


def _count(ids: Sequence[str], noun: str) -> str:
    return f"{len(ids)} {noun}{'' if len(ids) == 1 else 's'}"
