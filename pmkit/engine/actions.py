"""The "This week" list: each problem as an action — who, what, where, and why it matters.

Every front end shows the same list (the status on the command line, the demo, the
Summary sheet), taken from `Analysis.this_week`: the first `THIS_WEEK` problems (errors
and warnings) in the one ordering of findings — an owner overloaded soon on critical
work among them. (Each owner's own week of tasks is another list: `Analysis.workload`.)
`problem_actions(analysis)` gives the action of every problem, and
`problem_actions(analysis, owner="Lumen Studio")` one owner's, for a digest.

>>> import pmkit
>>> result = pmkit.analyze(pmkit.read_plan("plan.xlsx"))
>>> [action.owner for action in result.this_week][:2]
['Brightline Web', 'Lumen Studio']
>>> [action.what[:26] for action in problem_actions(result, owner="lumen studio")]
['Report progress on task 24']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pmkit.engine.explanations import EXPLANATIONS, NOT_SCHEDULED
from pmkit.engine.figures import (
    format_day,
    format_percent,
    format_ratio,
    join_words,
    money_format,
    working_days,
)
from pmkit.engine.issues import Code, Issue, Location, Severity, severity_counts
from pmkit.engine.lateness import RowColumn, Waits, driving_chains, task_slots
from pmkit.engine.model import Plan, Task, label_predicate, owner_key
from pmkit.engine.network import TaskIds, arrow_ids
from pmkit.engine.progress import deadline_passed, late_date_holders
from pmkit.engine.results import TaskResult
from pmkit.engine.scope import ScopeReport, change_adds_words
from pmkit.engine.status import index_line, index_rating
from pmkit.engine.team import close_team_name
from pmkit.engine.unscheduled import holds_back
from pmkit.engine.variance import NO_EARNED_VALUE, EarnedValue
from pmkit.engine.workload import Overload

if TYPE_CHECKING:
    from pmkit.engine.results import Analysis

__all__ = ["THIS_WEEK", "Action", "build_actions", "count_sentence", "problem_actions"]

THIS_WEEK = 5
"""At most this many actions in the "This week" list."""


@dataclass(frozen=True, slots=True)
class Action:
    """One problem as something to do.

    `owner` is who should act (the task's or the risk's Owner), None when it is whoever
    keeps the plan (`who` then reads "You"); `what` is the action in plain words; `where`
    the cell to open; `why` what it costs to leave it, with `days` (working days) and
    `money` at stake when known. `finding` is the problem it comes from.
    """

    owner: str | None
    what: str
    where: Location | None
    why: str
    finding: Issue
    days: int | None = None
    money: float | None = None

    @property
    def who(self) -> str:
        return self.owner or "You"


def count_sentence(issues: Sequence[Issue], shown: int | None = None) -> str:
    """`3 problems need you this week, 9 notes` — the counts every front end shows; with
    `shown` (the actions listed under it) fewer than the problems, `…; the 5 most urgent`.
    No notes are not counted: `Nothing needs you this week`."""
    counts = severity_counts(issues)
    errors, notes = counts[Severity.ERROR], counts[Severity.INFO]
    problems = errors + counts[Severity.WARNING]
    note_words = f"{notes} note{'' if notes == 1 else 's'}" if notes else ""
    if not problems:
        return "; ".join(filter(None, ("Nothing needs you this week", note_words)))
    needs = "1 problem needs" if problems == 1 else f"{problems} problems need"
    broken = f" ({errors} in the plan itself)" if errors else ""
    urgent = f"; the {shown} most urgent" if shown is not None and 0 < shown < problems else ""
    counted = ", ".join(filter(None, (f"{needs} you this week{broken}", note_words)))
    return counted + urgent


def build_actions(
    plan: Plan,
    rows: Sequence[TaskResult],
    findings: Sequence[Issue],
    *,
    scope: ScopeReport | None = None,
    limit: int | None = None,
    slot_of_id: Mapping[str, int] | None = None,
    critical_known: bool = True,
    overloads: Sequence[Overload] = (),
    waits: Waits | None = None,
    status_date: date | None = None,
    floats: Sequence[int | None] | None = None,
    owner_names: Mapping[str, str] | None = None,
    earned: EarnedValue = NO_EARNED_VALUE,
    finished: bool = False,
) -> tuple[Action, ...]:
    """The action of each problem among `findings` (already in the one ordering), at most
    `limit` of them. `critical_known` False (part of the plan unscheduled): no task is
    said to be on the critical path. `overloads` (`Workload.overloads`) word the actions
    of overloaded owners. `waits` (`Analysis.waits`) tells what each task waits on: a
    late task that waits on another late one (`lateness.waiting_on`) is that task's
    owner's to move. `floats` are the scheduler's total floats by slot
    (`ScheduleDays.total_float`, what `pmkit.analyze` passes; else the rows'): what a task
    must gain for a deadline after it, and the chain that drives it, are known from the
    scheduled tasks up to that deadline even while a row's float is not (part of the plan
    unscheduled). `owner_names` (`Workload.names`) gives each owner's name as shown: an
    action is for `Sam Patel` whatever capitals the task's Owner cell has. `earned` (the
    project's, `ProjectSummary.earned_value`) says why a low SPI or CPI matters;
    `finished` (every task done, `CloseOut.finished`) says it in the past tense."""
    slots = task_slots(plan) if slot_of_id is None else slot_of_id
    words = _Actions(
        plan,
        rows,
        findings,
        scope,
        slots,
        critical_known=critical_known,
        overloads=overloads,
        waits=waits,
        status_date=status_date,
        floats=floats,
        owner_names=owner_names,
        earned=earned,
        finished=finished,
    )
    chosen: list[Action] = []
    for finding in findings:
        if not finding.severity.is_problem:
            continue
        chosen.append(words.action(finding))
        if limit is not None and len(chosen) >= limit:
            break
    return tuple(chosen)


def problem_actions(analysis: Analysis, *, owner: str | None = None) -> tuple[Action, ...]:
    """The action of every problem of `analysis`, in the one ordering (`this_week` is the
    first `THIS_WEEK` of them); with `owner`, only the actions that person should take
    (names matched as owners are, `model.owner_key`; an action for `Sam, Priya` is both
    of theirs when both are on the Team sheet, `model.OwnerNames`)."""
    found = build_actions(
        analysis.plan,
        analysis.tasks,
        analysis.issues,
        scope=analysis.scope,
        critical_known=analysis.summary.critical_path is not None,
        overloads=analysis.workload.overloads,
        waits=analysis.waits,
        status_date=analysis.status_date,
        floats=None if analysis.schedule.days is None else analysis.schedule.days.total_float,
        owner_names=analysis.workload.names(),
        earned=analysis.summary.earned_value,
        finished=analysis.close_out is not None and analysis.close_out.finished,
    )
    if owner is None:
        return found
    names = analysis.plan.owner_names()
    return tuple(action for action in found if names.includes(action.owner, owner))


class _Actions:
    def __init__(
        self,
        plan: Plan,
        rows: Sequence[TaskResult],
        findings: Sequence[Issue],
        scope: ScopeReport | None,
        slots: Mapping[str, int],
        *,
        critical_known: bool,
        overloads: Sequence[Overload],
        waits: Waits | None = None,
        status_date: date | None = None,
        floats: Sequence[int | None] | None = None,
        owner_names: Mapping[str, str] | None = None,
        earned: EarnedValue = NO_EARNED_VALUE,
        finished: bool = False,
    ) -> None:
        self.plan = plan
        self.earned = earned
        self.finished = finished
        self.owner_names = owner_names or {}
        self.floats = RowColumn(rows, "total_float") if floats is None else floats
        self.status_date = status_date
        self.waits = waits
        self.rows = rows
        self.findings = findings  # every action is one of these: their chains are found together
        self.scope = scope
        self.slots = slots
        self.critical_known = critical_known
        self.overloads = {overload.finding: overload for overload in overloads}
        self._chains: dict[int, Sequence[int]] | None = None
        self._held_by: str | None = None

    @property
    def held_by(self) -> str:
        """What holds the late dates of a task that must gain days (`late_date_holders`)."""
        if self._held_by is None:
            self._held_by = late_date_holders(self.plan.tasks)
        return self._held_by

    def action(self, finding: Issue) -> Action:  # noqa: PLR0911, PLR0912 - a case per finding kind
        code = finding.code
        if finding.severity is Severity.ERROR:
            return self._fix(finding)
        if code in (Code.SCOPE_CREEP, Code.UNKNOWN_CHANGE_REQUEST, Code.SCOPE_GROWTH):
            return self._scope(finding)
        if code is Code.UNMITIGATED_RISK:
            return self._risk(finding)
        if code is Code.OVERLOADED_OWNER:
            return self._overload(finding)
        if code is Code.UNKNOWN_OWNER:
            return self._unknown_owner(finding)
        if code is Code.MISSING_ACTUAL_COST:  # about many tasks: the plan owner's to chase
            return Action(None, finding.message, finding.location, "", finding)
        if code is Code.LOW_SPI or code is Code.LOW_CPI:  # the project's: the plan owner's
            return self._performance(finding)
        if code is Code.DUPLICATE_TEAM_MEMBER:
            return Action(
                None,
                finding.message,
                finding.location,
                "pmkit reads Capacity and Days Off from the first row only.",
                finding,
            )
        if code is Code.UNCONFIRMED_SUCCESS_MEASURE:
            owners = {
                item.owner
                for item in self.plan.charter
                if item.met is None and item.met_cell is not None
            }
            return Action(
                owners.pop() if len(owners) == 1 else None,
                "Say whether each success measure was met: Yes or No under Met? on the Charter",
                finding.location,
                "The project is over; until then the review cannot say it achieved its goals.",
                finding,
            )
        slot = self.slots.get(finding.task_id) if finding.task_id is not None else None
        if slot is None:
            return Action(None, finding.message, finding.location, "", finding)
        task, row = self.plan.tasks[slot], self.rows[slot]
        label = task.label("task")
        behind = f"it is {working_days(row.slip)} behind its baseline" if row.slip else ""
        on_path = self.critical_known and row.critical
        critical = " on the critical path, so the finish moves with it" if on_path else ""
        if code is Code.DEADLINE_MISSED:
            return self._deadline(finding, slot, task, row, label)
        if code is Code.STALLED_TASK:
            stalled = _find(finding, Code.STALLED_TASK) or finding
            heard = _tail(stalled.message, "nothing has changed since ")
            why = f"Nothing heard since {heard}" if heard else "Nothing heard for too long"
            if behind:
                why += f"; {behind}{critical}"
            return Action(
                self._owner(task),
                f"Report progress on {label}",
                finding.location,
                why + ".",
                finding,
                row.slip if row.slip and row.slip > 0 else None,
            )
        if code is Code.OWNERLESS_TASK:
            parts = []
            if row.baseline_finish is not None and _find(finding, Code.OVERDUE_TASK):
                parts.append(f"It was due on {format_day(row.baseline_finish)}")
            if behind:
                parts.append(behind + critical)
            elif on_path:
                parts.append("it is on the critical path")
            why = "; ".join(parts) or "Nobody answers for finishing it"
            return Action(
                None,
                f"Name an owner for {label}",
                finding.location,
                why[0].upper() + why[1:] + ".",
                finding,
                row.slip if row.slip and row.slip > 0 else None,
            )
        total_float = self.floats[slot]
        if code is Code.NEGATIVE_FLOAT and total_float is not None:
            gain = working_days(-total_float)
            return Action(
                self._owner(task),
                f"Find {gain} on {label}",
                finding.location,
                f"Otherwise the {self.held_by} after it cannot be met.",
                finding,
                -total_float,
            )
        if (
            code in (Code.SLIPPING_TASK, Code.OVERDUE_TASK)
            and self.waits is not None
            and (held := self.waits.get(slot)) is not None
        ):
            return self._waiting(finding, task, row, label, held, behind + critical)
        if code in (Code.SLIPPING_TASK, Code.OVERDUE_TASK) and row.slip:
            return Action(
                self._owner(task),
                f"Recover {working_days(row.slip)} on {label}, or re-plan the work after it",
                finding.location,
                f"{behind[0].upper()}{behind[1:]}{critical}.",
                finding,
                row.slip,
            )
        return Action(self._owner(task), finding.message, finding.location, "", finding)

    def _fix(self, finding: Issue) -> Action:
        blocked = _find(finding, Code.UNSCHEDULED_TASK)
        head = _find(finding, finding.code) or finding
        if blocked is not None and not holds_back(head, self.plan):
            # lead with the error the others wait on: the why below speaks of it
            cells = finding.cells()
            head = next((issue for issue in cells if holds_back(issue, self.plan)), head)
        where = head.location or finding.location
        slot = self.slots.get(finding.task_id) if finding.task_id is not None else None
        if head.code is Code.UNCALCULATED_FORMULA and slot is None:
            # rows left out for holding nothing readable: the message names them, and says
            # what to do
            return Action(None, head.message, where, NOT_SCHEDULED, finding)
        if head.code is Code.DUPLICATE_ID and where is not None and where.row is not None:
            subject = f"row {where.row}"  # the row left out, not the task that keeps the ID
        elif slot is not None:
            subject = self.plan.tasks[slot].label("task")
        else:
            subject = "the cell"
        message = head.message
        if slot is not None:  # a message that names the task already: `it` the second time
            said = label_predicate(message, self.plan.tasks[slot].label())
            message = message if said is None else f"it {said}"
        if blocked is not None:  # a finding's message is a clause; the why is a sentence
            why = f"{blocked.message}."
        elif holds_back(head, self.plan):
            why = NOT_SCHEDULED
        else:  # what pmkit does meanwhile with what this error is about
            explained = EXPLANATIONS[head.code]
            elsewhere = where is not None and where.sheet != self.plan.plan_sheet
            why = (
                (elsewhere and explained.elsewhere)
                or explained.until_fixed
                or "pmkit cannot use this cell until it is fixed."
            )
        return Action(None, f"Fix {subject}: {message}", where, why, finding)

    def _deadline(
        self, finding: Issue, slot: int, task: Task, row: TaskResult, label: str
    ) -> Action:
        total_float = self.floats[slot]
        late = -total_float if total_float is not None and total_float < 0 else None
        chain = self._driving_chains()[slot]
        ids = arrow_ids(TaskIds(self.plan.tasks, chain))
        gain = working_days(late) if late is not None else "the days it is late"
        on = f"tasks {ids}" if len(chain) > 1 else label
        # the deadline is the plan owner's: a task's owner can only ask for a later one
        later = "ask for a later deadline" if self._owner(task) else "agree a later deadline"
        what = f"Find {gain} on {on}, or {later} for {label}"
        why = ""
        if deadline_passed(task, self.status_date):  # no days found can meet it now
            assert task.deadline is not None
            assert self.status_date is not None
            what = f"{later[0].upper()}{later[1:]} for {label}"
            why = f"Its deadline, {format_day(task.deadline)}, has passed and it is not done."
            if row.forecast_finish is not None and row.forecast_finish >= self.status_date:
                why += f" It is forecast to finish on {format_day(row.forecast_finish)}."
        elif row.forecast_finish is not None and task.deadline is not None:
            why = (
                f"It is forecast to finish on {format_day(row.forecast_finish)}, "
                f"{gain} after its deadline of {format_day(task.deadline)}."
            )
        return Action(self._owner(task), what, finding.location, why, finding, late)

    def _waiting(  # noqa: PLR0917 (the finding, its task, and the task it waits on)
        self, finding: Issue, task: Task, row: TaskResult, label: str, held: int, behind: str
    ) -> Action:
        """A late task that cannot start until a late task before it moves: the action is
        that task's owner's (`You` when it has none)."""
        holder = self.plan.tasks[held]
        parts = [f"{label[0].upper()}{label[1:]} cannot start until task {holder.id} moves"]
        if row.baseline_finish is not None and _find(finding, Code.OVERDUE_TASK):
            parts.append(f"it was due on {format_day(row.baseline_finish)}")
        if behind:
            parts.append(behind)
        return Action(
            self._owner(holder),
            f"Get {self._label(holder.id)} back on track: {label} is waiting on it",
            self.plan.location(holder, "percent_complete"),
            "; ".join(parts) + ".",
            finding,
            row.slip if row.slip and row.slip > 0 else None,
        )

    def _driving_chains(self) -> dict[int, Sequence[int]]:
        """The driving chain of every missed deadline among the findings, found together
        the first time one is asked for (walked one at a time, deadlines on every task of a
        long chain cost its length squared)."""
        if self._chains is None:
            deadlines = [
                slot
                for finding in self.findings
                if finding.code is Code.DEADLINE_MISSED
                and finding.task_id is not None
                and (slot := self.slots.get(finding.task_id)) is not None
            ]
            self._chains = driving_chains(deadlines, self.plan.tasks, self.floats, self.slots)
        return self._chains

    def _scope(self, finding: Issue) -> Action:
        changes = self.scope.unapproved if self.scope else ()
        ids = [change.task_id for change in changes]
        days = sum(change.extra_days for change in changes)
        cost = sum(change.extra_cost for change in changes)
        if not changes:
            return Action(None, finding.message, finding.location, "", finding)
        count = len(changes)
        tasks = f"task {ids[0]}" if count == 1 else f"tasks {join_words(ids)}"
        what = (
            f"Approve or reject the {'change' if count == 1 else f'{count} changes'} nobody "
            f"approved ({tasks}): decide each on the Changes sheet"
        )
        adds = change_adds_words(changes, self.plan.settings.currency)
        return Action(
            None,
            what,
            finding.location,
            f"They add {adds} that were never agreed."
            if count > 1
            else f"It adds {adds} that was never agreed.",
            finding,
            days or None,
            cost or None,
        )

    def _overload(self, finding: Issue) -> Action:
        """Ease the soonest stretch that needs it now (the first detail as severe as the
        finding): move work later or hand some over."""
        head = next(
            (cell for cell in finding.cells() if cell.severity is finding.severity), finding
        )
        overload = self.overloads.get(head)
        if overload is None:
            return Action(None, finding.message, finding.location, "", finding)
        ids = overload.task_ids
        tasks = f"task {ids[0]}" if len(ids) == 1 else f"tasks {join_words(list(ids))}"
        span = "in" if len(overload.weeks) == 1 else "for"
        what = (
            f"Free up time {span} {overload.when}: hand part of {tasks} to someone else, "
            "or move what can wait"
        )
        if overload.peak_load is None:
            booked = f"They have work booked in the week of {format_day(overload.peak_week)} "
            booked += "but no time to give"
        else:
            booked = (
                f"They are booked {format_percent(overload.peak_load)} of what they can give "
                f"in the week of {format_day(overload.peak_week)}"
            )
        critical = overload.critical_ids
        if not self.critical_known:
            why = (
                f"{booked}, and part of the plan cannot be scheduled, so any of it may "
                "hold up the finish."
            )
        elif critical:
            on = (
                f"{self._label(critical[0])} is"
                if len(critical) == 1
                else f"tasks {join_words(list(critical))} are"
            )
            why = f"{booked}, and {on} on the critical path: the finish moves if it waits."
        else:
            why = f"{booked}."
        return Action(overload.owner, what, head.location, why, finding)

    def _performance(self, finding: Issue) -> Action:
        """Find out what holds up the work behind plan, or why it cost more than it was
        worth, starting with the task the finding names first; why: the index in money,
        the colour it gives the status and, for cost, where the cost rate leads. Short:
        the finding (on the Flags sheet) lists the tasks with their amounts."""
        earned = self.earned
        cost = finding.code is Code.LOW_CPI
        value = earned.cpi if cost else earned.spi
        line = index_line(value)
        if line is None or value is None:
            return Action(None, finding.message, finding.location, "", finding)
        money = money_format(self.plan.settings.currency)
        if cost:
            what = "Find out why the work done cost more than it was worth"
            why = (
                f"CPI {format_ratio(value)}: the work "
                f"{'' if self.finished else 'done so far '}cost "
                f"{money(-(earned.cv or 0.0))} more than it was worth"
            )
        else:
            what = "Find out what holds up the work furthest behind plan"
            why = (
                f"SPI {format_ratio(value)}: {money(earned.ev or 0.0)} of work done against "
                f"{money(earned.pv or 0.0)} planned by now"
            )
        if finding.task_id is not None:
            what += f", starting with {self._label(finding.task_id)}"
        why += f". Below {format_ratio(line)}, it makes the status {index_rating(line)} on its own"
        # a finished project ended at what it cost (the close-out review says it): no estimate
        if cost and not self.finished and earned.eac is not None and earned.bac is not None:
            rate = "so far" if not earned.uncosted else "of the tasks with an Actual Cost"
            why += (
                f"; at the cost rate {rate} the project will end near "
                f"{money(earned.eac)}, against a budget of {money(earned.bac)}"
            )
        overrun = -earned.cv if cost and earned.cv is not None and earned.cv < 0 else None
        return Action(None, what, finding.location, why + ".", finding, None, overrun)

    def _owner(self, task: Task) -> str | None:
        """Who acts on `task`: its Owner as the Workload names them (the Team sheet's
        spelling), None when it has none."""
        owner = (task.owner or "").strip()
        return self.owner_names.get(owner_key(owner), owner) if owner else None

    def _label(self, task_id: str) -> str:
        """`task 25 “Product descriptions”` (`task 25` when it has no name)."""
        slot = self.slots.get(task_id)
        return self.plan.tasks[slot].label("task") if slot is not None else f"task {task_id}"

    def _unknown_owner(self, finding: Issue) -> Action:
        """Make a misspelt Owner agree with the Team sheet."""
        slot = self.slots.get(finding.task_id) if finding.task_id is not None else None
        name = (self.plan.tasks[slot].owner or "") if slot is not None else ""
        close = close_team_name(self.plan, name) if name else None
        if close is None:
            return Action(None, finding.message, finding.location, "", finding)
        return Action(
            None,
            f"Correct the Owner “{name}” to “{close}” (or add “{name}” to the Team sheet)",
            finding.location,
            f"Until the names agree, this work is counted apart from {close}'s, so the "
            "Workload shows neither load whole.",
            finding,
        )

    def _risk(self, finding: Issue) -> Action:
        where = finding.location
        risk = next(
            (r for r in self.plan.risks if where is not None and r.row and r.row == where.row),
            None,
        )
        if risk is None:
            return Action(None, finding.message, where, "", finding)
        return Action(
            risk.owner,
            f"Write a mitigation for risk {risk.id} “{risk.description}”",
            where,
            f"It scores {risk.score} of 25 (likelihood {risk.likelihood} × impact "
            f"{risk.impact}) and nothing is planned if it happens.",
            finding,
        )


def _find(finding: Issue, code: Code) -> Issue | None:
    """The detail of `finding` with that code (the finding itself when it has no details)."""
    return next((issue for issue in finding.cells() if issue.code is code), None)


def _tail(message: str, marker: str) -> str:
    """What follows `marker` in `message` ('' when absent)."""
    at = message.find(marker)
    return message[at + len(marker) :] if at >= 0 else ""
